import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { XLSX_CONTENT_TYPE } from '@hotline/contracts';
import { type RosterGrid, SHEET_NAMES } from '@hotline/roster';
import { inThread } from './in-thread.js';

/** The media type of .xlsx files (the contract's). */
export const XLSX_TYPE = XLSX_CONTENT_TYPE;

/** The notice-board workbook of a roster grid: sheet 排班表 (frozen header, codes centred) and sheet 培训. */
export async function gridToWorkbook(grid: RosterGrid): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'HotlineOps';
  const sheet = book.addWorksheet(SHEET_NAMES.roster, { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  grid.roster.forEach((row) => sheet.addRow(row));
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(2).font = { bold: true };
  sheet.getColumn(1).width = 10;
  sheet.getColumn(2).width = 14;
  for (let c = 3; c <= (grid.roster[1]?.length ?? 2); c++) {
    const column = sheet.getColumn(c);
    column.width = 8;
    column.alignment = { horizontal: 'center' };
  }
  const training = book.addWorksheet(SHEET_NAMES.training);
  grid.training.forEach((row) => training.addRow(row));
  training.getRow(1).font = { bold: true };
  [12, 8, 16, 40, 12].forEach((w, i) => (training.getColumn(i + 1).width = w));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** How a date-valued cell reads back: as a day (`YYYY-MM-DD`, the training sheet) or as a shift code (`MM-DD`). */
type DateReading = 'day' | 'code';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A date as the text it was typed as. Excel turns a code typed by hand such as `08-16` into 16 August (and `14:00`
 * into a time of 30 December 1899): the code is its month and day, a time its hours and minutes.
 */
function dateText(d: Date, reading: DateReading): string {
  if (d.getUTCFullYear() <= 1900) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return reading === 'code' ? `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : d.toISOString().slice(0, 10);
}

/** Excel's serial day number (days since 1899-12-30) as a date. */
const serialDate = (serial: number): Date => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);

function text(value: ExcelJS.CellValue, reading: DateReading, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value, reading);
  // A date-formatted number exceljs did not recognise as a date.
  if (typeof value === 'number' && numFmt && /[dm]/i.test(numFmt.replace(/"[^"]*"/g, ''))) return dateText(serialDate(value), reading);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return text(value.result as ExcelJS.CellValue, reading, numFmt);
    return '';
  }
  return String(value);
}

function rows(sheet: ExcelJS.Worksheet | undefined, reading: DateReading): string[][] {
  if (!sheet) return [];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    // Only the cells that exist, at their columns (a sparse row): a stray value in column XFD must not make every
    // row 16,384 cells long.
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      cells[c - 1] = text(cell.value, reading, cell.numFmt);
    });
    out[n - 1] = cells;
  });
  return Array.from(out, (r) => r ?? []);
}

/**
 * Reads a workbook back into a grid (sheet 排班表, or the first sheet; sheet 培训 if present). Runs on the calling
 * thread: untrusted bytes go through {@link readWorkbook}.
 * @throws Error when the bytes are not an .xlsx workbook.
 */
export async function workbookToGrid(bytes: Buffer): Promise<RosterGrid> {
  const book = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer: a copy of the bytes in one of their own (at most the 5 MB upload limit).
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  const sheet = book.getWorksheet(SHEET_NAMES.roster) ?? book.worksheets[0];
  return { roster: rows(sheet, 'code'), training: rows(book.getWorksheet(SHEET_NAMES.training), 'day') };
}

/** Why an uploaded workbook was refused before it was read. */
export class WorkbookRejected extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/** Limits on an uploaded workbook: its unpacked size as declared by the zip, and the heap of the thread reading it. */
export interface WorkbookLimits {
  /** Sum of the entries' declared uncompressed sizes, bytes (a notice board of 500 agents x 62 days is under 1 MB). */
  maxUnpackedBytes: number;
  /** Old-generation heap of the reading thread, MB. */
  maxHeapMb: number;
}

export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = { maxUnpackedBytes: 32 * 1024 * 1024, maxHeapMb: 256 };

/**
 * Reads an uploaded workbook safely: the zip's central directory is checked first (declared unpacked sizes, nothing
 * inflated), then the workbook is parsed in a worker thread with a bounded heap, so neither a zip bomb nor a huge
 * sheet blocks the API's event loop or takes the process down.
 * @throws WorkbookRejected 413 when the workbook unpacks beyond the limits, 400 when the bytes are not a workbook.
 */
export async function readWorkbook(bytes: Buffer, limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS): Promise<RosterGrid> {
  let unpacked = 0;
  try {
    // The filter sees each entry's declared size and inflates none of them.
    unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        return false;
      },
    });
  } catch {
    throw new WorkbookRejected('the body is not an .xlsx workbook (not a zip archive)', 400);
  }
  if (unpacked > limits.maxUnpackedBytes) {
    throw new WorkbookRejected(`the workbook unpacks to ${(unpacked / 1048576).toFixed(0)} MB, more than the ${(limits.maxUnpackedBytes / 1048576).toFixed(0)} MB a roster needs`, 413);
  }
  try {
    return await inThread<RosterGrid>(new URL('./roster-xlsx.worker.js', import.meta.url), bytes, { limits: { maxOldGenerationSizeMb: limits.maxHeapMb } });
  } catch (error) {
    if ((error as { name?: string }).name === 'ERR_WORKER_OUT_OF_MEMORY') throw new WorkbookRejected('the workbook is too large to read', 413);
    throw new WorkbookRejected('the body is not an .xlsx workbook', 400);
  }
}
