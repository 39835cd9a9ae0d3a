/**
 * Reading a standard-answer document's cells (常见问题应答口径, a spreadsheet the bureau approved) into an article's
 * fields, pure: the key two questions are the same question by, the keyword list of a cell, the local day of a cell.
 */
import { textRuns } from './text';

/**
 * The key questions are compared by: NFKC, lower case, punctuation and blanks ignored (`驾驶证遗失了如何补领？` and
 * `驾驶证 遗失了如何补领?` have the same key). Empty for a question with no letter, digit or Chinese character.
 */
export function questionKey(question: string): string {
  return textRuns(question).join(' ');
}

/** Separators of a keywords cell: 、 ， , ; ； and blanks (full-width forms included). */
const KEYWORD_SEPARATORS = /[、，,;；\s\u3000]+/u;

/** The keywords of a cell (`驾照、补证, 遗失`), in order, empty items dropped, each once. */
export function splitKeywords(cell: string | undefined): string[] {
  if (cell === undefined) return [];
  return [...new Set(cell.split(KEYWORD_SEPARATORS).map((k) => k.trim()).filter((k) => k !== ''))];
}

/**
 * A local day `YYYY-MM-DD` from a cell: `2026-12-07`, `2026/12/7`, `2026.12.7`, `2026年12月7日`, or a date cell read
 * as `2026-12-07 00:00:00` (the time of day dropped). Anything else is returned as it is (trimmed), for the
 * contract's day check to refuse with its message. Not a calendar check: `2026-02-30` passes through as such.
 */
export function importDay(cell: string | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const text = cell.trim();
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/u.exec(text);
  if (!match) return text;
  return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
}
