/**
 * Reads a call-record export (话单/CDR) as the user sees it: a CSV (UTF-8 with or without BOM, or GB18030/GBK as
 * Chinese platforms write it) or an xlsx workbook (first sheet), a header row of any texts, and data rows numbered as
 * in the file (the header is row 1; a CSV record's number is the line it starts on, so a blank line or a quoted
 * line break does not shift the numbers the user is told).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { CALL_IMPORT_ENCODINGS, IMPORT_CONTENT_TYPES } from '@hotline/contracts';
import type { CdrRow } from '@hotline/events';
import { DomainError } from '../common/domain-error.js';
import { cellText, mediaType } from '../registers/table-import.js';

/** At most this many data rows per import (a month of a busy hotline's calls fits). */
export const MAX_CDR_ROWS = 200_000;

/** A file read: its header (trimmed texts, in order), its data rows, the encoding a CSV was read in. */
export interface CdrTable {
  headers: string[];
  rows: CdrRow[];
  encoding: string;
}

/** The content types a CDR file may be sent as (CSV or xlsx; `application/csv` too). */
export const CDR_CONTENT_TYPES = [...IMPORT_CONTENT_TYPES, 'application/csv'] as const;

/**
 * The text of a CSV's bytes: `utf-8` and `gb18030` as asked; `auto` reads UTF-8 when the bytes are valid UTF-8,
 * else GB18030 (a superset of GBK and GB2312, what Excel saves a Chinese CSV as).
 * @throws DomainError 400 `bad_file` when the bytes are not text in the encoding asked.
 */
export function decodeCsv(body: Buffer, encoding: (typeof CALL_IMPORT_ENCODINGS)[number]): { text: string; encoding: string } {
  const attempt = (name: 'utf-8' | 'gb18030'): string | null => {
    try {
      return new TextDecoder(name, { fatal: true }).decode(body);
    } catch {
      return null;
    }
  };
  const order: ('utf-8' | 'gb18030')[] = encoding === 'auto' ? ['utf-8', 'gb18030'] : [encoding];
  for (const name of order) {
    const text = attempt(name);
    if (text !== null) {
      if (text.includes('\u0000')) throw new DomainError('bad_file', 'the file holds NUL characters: not a CSV text file', 'body');
      return { text: text.replace(/^\uFEFF/, ''), encoding: name };
    }
  }
  throw new DomainError('bad_file', `the file is not ${order.join(' or ')} text: give ?encoding=`, 'encoding');
}

function csvRows(text: string): { cells: string[]; line: number }[] {
  try {
    // With `info`, csv-parse gives each record with its position (its typings describe only plain records).
    const records: unknown[] = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, info: true, bom: true });
    const withInfo = records as { record: string[]; info: { lines: number } }[];
    // info.lines is the line the record ends on; a record spanning quoted line breaks starts earlier.
    return withInfo.map(({ record, info }) => ({ cells: record, line: info.lines - countBreaks(record) }));
  } catch (e) {
    throw new DomainError('bad_file', `not a readable CSV file: ${(e as Error).message}`, 'body');
  }
}

function countBreaks(record: string[]): number {
  let n = 0;
  for (const cell of record) for (const ch of cell) if (ch === '\n') n++;
  return n;
}

async function xlsxRows(body: Buffer): Promise<{ cells: string[]; line: number }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(body).buffer);
  } catch {
    throw new DomainError('bad_file', 'not a readable xlsx workbook', 'body');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DomainError('bad_file', 'the workbook has no sheet', 'body');
  const rows: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ cells, line: row.number });
  });
  return rows;
}

/**
 * Reads a CDR file.
 * @param body - the request's bytes; `contentType` its Content-Type (CSV or xlsx); `encoding` a CSV's encoding.
 * @returns the header and the data rows (cells keyed by header text, trimmed; rows with no value skipped).
 * @throws DomainError 415 `unsupported_media_type` (field `content-type`); 400 `bad_file` (field `body`) for an empty or
 *   unreadable file, no header, no data row or more than {@link MAX_CDR_ROWS} rows; 400 `duplicate_column` when two
 *   header cells are the same text (field `columns[i]`).
 */
export async function readCdrFile(body: Buffer | undefined, contentType: string | undefined, encoding: (typeof CALL_IMPORT_ENCODINGS)[number] = 'auto'): Promise<CdrTable> {
  const type = mediaType(contentType);
  if (!(CDR_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new DomainError('unsupported_media_type', `send the file's bytes with Content-Type ${IMPORT_CONTENT_TYPES.join(' or ')}`, 'content-type');
  }
  if (!body || body.length === 0) throw new DomainError('bad_file', 'the file is empty', 'body');
  let used = 'xlsx';
  let grid: { cells: string[]; line: number }[];
  if (type === IMPORT_CONTENT_TYPES[1]) {
    grid = await xlsxRows(body);
  } else {
    const decoded = decodeCsv(body, encoding);
    used = decoded.encoding;
    grid = csvRows(decoded.text);
  }
  const [head, ...data] = grid;
  if (!head) throw new DomainError('bad_file', 'the file has no header row', 'body');
  const headers = head.cells.map((h) => h.replace(/^\uFEFF/, '').trim());
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    if (h === '') return;
    if (seen.has(h)) throw new DomainError('duplicate_column', `the header "${h.slice(0, 60)}" appears twice (columns ${seen.get(h)! + 1} and ${i + 1})`, `columns[${i}]`);
    seen.set(h, i);
  });
  if (data.length > MAX_CDR_ROWS) throw new DomainError('bad_file', `at most ${MAX_CDR_ROWS} rows per import: split the file`, 'body');
  const rows: CdrRow[] = [];
  for (const { cells, line } of data) {
    const record: Record<string, string> = {};
    let any = false;
    headers.forEach((h, i) => {
      if (h === '') return;
      const v = (cells[i] ?? '').trim();
      record[h] = v;
      if (v !== '') any = true;
    });
    if (any) rows.push({ row: line, cells: record });
  }
  if (rows.length === 0) throw new DomainError('bad_file', 'the file has no data row', 'body');
  return { headers: headers.filter((h) => h !== ''), rows, encoding: used };
}
