import ExcelJS from 'exceljs';
import { type RosterGrid, SHEET_NAMES } from '@hotline/roster';

/** The media type of .xlsx files. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return text(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

function rows(sheet: ExcelJS.Worksheet | undefined): string[][] {
  if (!sheet) return [];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(text(row.getCell(c).value));
    out[n - 1] = cells;
  });
  return Array.from(out, (r) => r ?? []);
}

/**
 * Reads a workbook back into a grid (sheet 排班表, or the first sheet; sheet 培训 if present).
 * @throws Error when the bytes are not an .xlsx workbook.
 */
export async function workbookToGrid(bytes: Buffer): Promise<RosterGrid> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet(SHEET_NAMES.roster) ?? book.worksheets[0];
  return { roster: rows(sheet), training: rows(book.getWorksheet(SHEET_NAMES.training)) };
}
