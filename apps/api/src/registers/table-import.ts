/**
 * Tables a supplier keeps elsewhere (the platform's survey export, a complaints sheet), read from CSV (UTF-8, optional
 * BOM, a header row) or an xlsx workbook (first sheet, a header row), into rows keyed by our column names. Used by the
 * registers' imports, which are all-or-nothing: every bad row is collected with its field, and nothing is stored
 * while any is bad.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_CONTENT_TYPES } from '@hotline/contracts';
import { DomainError } from '../common/domain-error.js';

/** At most this many data rows per import (a month of a city hotline's survey answers fits easily). */
export const MAX_IMPORT_ROWS = 50_000;

/** One data row: its 1-based line in the file (the header is row 1) and its cells by column name (trimmed, empty = absent). */
export interface ImportRow<C extends string = string> {
  row: number;
  values: Partial<Record<C, string>>;
}

const CSV = IMPORT_CONTENT_TYPES[0];
const XLSX = IMPORT_CONTENT_TYPES[1];

/** The media type of a Content-Type header (`text/csv; charset=utf-8` -> `text/csv`). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Text of a workbook cell: rich text and formulas by their value. A date cell holds a wall-clock time with no zone
 * (exceljs hands it over as that wall clock read as UTC), so it becomes the local text `YYYY-MM-DD HH:mm:ss`, which the
 * imports read in the hotline's zone, like a typed-in time.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

async function grid(body: Buffer, type: string): Promise<string[][]> {
  if (type === CSV || type === 'application/csv') {
    try {
      return parseCsv(body.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (e) {
      throw new DomainError('bad_file', `not a readable CSV file: ${(e as Error).message}`, 'body');
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(body).buffer);
  } catch {
    throw new DomainError('bad_file', 'not a readable xlsx workbook', 'body');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DomainError('bad_file', 'the workbook has no sheet', 'body');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  return rows;
}

/**
 * Reads a table and maps its header to our column names.
 *
 * @param body - the request's raw bytes.
 * @param contentType - the request's Content-Type: `text/csv` or the xlsx type (IMPORT_CONTENT_TYPES).
 * @param columns - our column name -> the header texts that mean it (case-insensitive), e.g. `{ rating: ['rating', '评价'] }`.
 * @returns the data rows with their row number (header = row 1) and trimmed cells; blank rows are skipped.
 * @throws DomainError 415 `unsupported_media_type` (field `content-type`); 400 `bad_file` (field `body`) for an empty
 *   or unreadable file, no data row, or more than {@link MAX_IMPORT_ROWS} rows; 400 `unknown_column` naming a header
 *   cell that is none of `columns`; 400 `duplicate_column`; 400 `extra_field` (field `rows[N].columns[i]`) for a
 *   value in a column the header does not name (a row longer than the header, or under an empty header cell):
 *   nothing a file holds is silently dropped.
 */
export async function readTable<C extends string>(body: Buffer | undefined, contentType: string | undefined, columns: Record<C, readonly string[]>): Promise<ImportRow<C>[]> {
  const type = mediaType(contentType);
  if (type !== CSV && type !== XLSX && type !== 'application/csv') {
    throw new DomainError('unsupported_media_type', `send the file's bytes with Content-Type ${IMPORT_CONTENT_TYPES.join(' or ')}`, 'content-type');
  }
  if (!body || body.length === 0) throw new DomainError('bad_file', 'the file is empty', 'body');
  const [header, ...data] = await grid(body, type);
  if (!header) throw new DomainError('bad_file', 'the file has no header row', 'body');
  const byHeader = new Map<string, C>();
  for (const [name, aliases] of Object.entries(columns) as [C, readonly string[]][]) {
    for (const alias of [name, ...aliases]) byHeader.set(alias.trim().toLowerCase(), name);
  }
  const indexOf: { index: number; column: C }[] = [];
  const seen = new Set<C>();
  header.forEach((text, index) => {
    const key = text.replace(/^\uFEFF/, '').trim().toLowerCase();
    if (key === '') return;
    const column = byHeader.get(key);
    if (column === undefined) {
      throw new DomainError('unknown_column', `column "${text.slice(0, 60)}" is not one of: ${Object.keys(columns).join(', ')}`, `columns[${index}]`);
    }
    if (seen.has(column)) throw new DomainError('duplicate_column', `column ${column} appears twice`, `columns[${index}]`);
    seen.add(column);
    indexOf.push({ index, column });
  });
  if (data.length > MAX_IMPORT_ROWS) throw new DomainError('bad_file', `at most ${MAX_IMPORT_ROWS} rows per import`, 'body');
  const rows: ImportRow<C>[] = [];
  const named = new Set(indexOf.map((c) => c.index));
  data.forEach((cells, i) => {
    const extra = cells.findIndex((cell, index) => !named.has(index) && (cell ?? '').trim() !== '');
    if (extra >= 0) {
      throw new DomainError('extra_field', `row ${i + 2} has a value in column ${extra + 1}, which the header does not name: nothing imported`, `rows[${i + 2}].columns[${extra}]`);
    }
    const values: Partial<Record<C, string>> = {};
    for (const { index, column } of indexOf) {
      const v = (cells[index] ?? '').trim();
      if (v !== '') values[column] = v;
    }
    if (Object.keys(values).length > 0) rows.push({ row: i + 2, values });
  });
  if (rows.length === 0) throw new DomainError('bad_file', 'the file has no data row', 'body');
  return rows;
}

/** The bad rows of an import: each with its row number, field and message. */
export class RowErrors {
  private readonly errors: { row: number; field: string; message: string }[] = [];

  /** Records that `field` of data row `row` is bad. */
  add(row: number, field: string, message: string): void {
    this.errors.push({ row, field, message });
  }

  /** How many bad rows were found. */
  get count(): number {
    return this.errors.length;
  }

  /**
   * @throws DomainError 400 `bad_rows` when any row is bad: `field` names the first (`rows[3].rating`), the message
   *   lists up to 20 of them and the total.
   */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const first = this.errors[0]!;
    const listed = this.errors.slice(0, 20).map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('; ');
    const more = this.errors.length > 20 ? `; and ${this.errors.length - 20} more` : '';
    throw new DomainError('bad_rows', `${this.errors.length} bad row(s), nothing imported: ${listed}${more}`, `rows[${first.row}].${first.field}`);
  }
}
