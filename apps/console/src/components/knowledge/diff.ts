/** One piece of a compared text: its text and whether it is absent from the other side. */
export interface DiffSegment {
  text: string;
  changed: boolean;
}

/** Splits a text into sentences (Chinese or Western end punctuation, or line ends, kept with their sentence). */
export function sentences(text: string): string[] {
  return text.match(/[^。！？；;!?\n]+[。！？；;!?\n]*|[。！？；;!?\n]+/g) ?? [];
}

/**
 * A sentence-level comparison of two versions of a text (the longest common subsequence of their sentences): each
 * side's sentences, those not in the common subsequence marked `changed` (removed on the left, added on the
 * right). Sentences, not characters: a standard answer has tens of sentences, so the table stays small.
 */
export function diffSentences(before: string, after: string): { left: DiffSegment[]; right: DiffSegment[] } {
  const a = sentences(before);
  const b = sentences(after);
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const left: DiffSegment[] = [];
  const right: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      left.push({ text: a[i++], changed: false });
      right.push({ text: b[j++], changed: false });
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) left.push({ text: a[i++], changed: true });
    else right.push({ text: b[j++], changed: true });
  }
  while (i < a.length) left.push({ text: a[i++], changed: true });
  while (j < b.length) right.push({ text: b[j++], changed: true });
  return { left, right };
}

/**
 * A text cut around the terms a search matched (for highlighting without HTML): segments in order, `changed` true
 * on a matched term. Longer terms win where terms overlap.
 */
export function highlight(text: string, terms: readonly string[]): DiffSegment[] {
  const words = [...new Set(terms.map((w) => w.trim()).filter((w) => w.length > 0))].sort((x, y) => y.length - x.length);
  if (!words.length) return [{ text, changed: false }];
  const lower = text.toLowerCase();
  const out: DiffSegment[] = [];
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const word = words.find((w) => lower.startsWith(w.toLowerCase(), i));
    if (word) {
      if (plain) out.push({ text: plain, changed: false });
      plain = '';
      out.push({ text: text.slice(i, i + word.length), changed: true });
      i += word.length;
    } else plain += text[i++];
  }
  if (plain) out.push({ text: plain, changed: false });
  return out;
}
