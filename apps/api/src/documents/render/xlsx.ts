/**
 * The month's workbooks (exceljs, the roster workbook's house style): the self-assessment form
 * (服务考核自评表) and the staff report (人事基本情况). A4, printable on one page width, bordered tables, wrapped
 * Chinese text. Points are numbers with as many decimals as the dossier gives (`25.4` shown `25.4`, `1.00` shown
 * `1.00`); a pending item's points are the text `待定 a–b`, a provisional total `暂定 a–b`.
 */
import ExcelJS from 'exceljs';
import type { MonthDossier } from '../dossier.js';
import { SELF_ASSESSMENT_COLUMNS, SELF_ASSESSMENT_TITLE, periodLine, selfAssessmentRows } from './content.js';
import { monthZh, provisionalNotice, shanghaiTime } from './format.js';

/** The sheet names. */
export const XLSX_SHEETS = Object.freeze({ selfAssessment: '服务考核自评表', staff: '人事基本情况' });

const FONT = 'Noto Sans SC';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF4D4D4D' } },
  left: { style: 'thin', color: { argb: 'FF4D4D4D' } },
  bottom: { style: 'thin', color: { argb: 'FF4D4D4D' } },
  right: { style: 'thin', color: { argb: 'FF4D4D4D' } },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECF3' } };
const NOTICE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF4E5' } };

/** A decimal string as a number cell with its own number of decimals; any other text stays text. */
function figure(text: string): { value: ExcelJS.CellValue; numFmt?: string } {
  const m = /^-?\d+(?:\.(\d+))?$/.exec(text);
  if (!m) return { value: text };
  const decimals = m[1]?.length ?? 0;
  return { value: Number(text), numFmt: decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}` };
}

function newBook(d: MonthDossier): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'HotlineOps';
  book.lastModifiedBy = d.supplier;
  // Fixed dates: the same dossier gives the same workbook contents.
  book.created = new Date(d.generatedAt);
  book.modified = new Date(d.generatedAt);
  return book;
}

/** A merged line across `width` columns at `row`, styled. */
function banner(sheet: ExcelJS.Worksheet, row: number, width: number, text: string, font: Partial<ExcelJS.Font>, height?: number): ExcelJS.Cell {
  sheet.mergeCells(row, 1, row, width);
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, ...font };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  if (height) sheet.getRow(row).height = height;
  return cell;
}

/** A bordered table at `start`: a header row (shaded, bold, repeated when printed) and the rows. Returns the next free row. */
function grid(sheet: ExcelJS.Worksheet, start: number, headers: string[], rows: { cells: string[]; bold?: boolean }[], aligns: ('left' | 'center' | 'right')[], numeric: number[] = []): number {
  const header = sheet.getRow(start);
  headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  rows.forEach((r, n) => {
    const row = sheet.getRow(start + 1 + n);
    r.cells.forEach((text, i) => {
      const cell = row.getCell(i + 1);
      const f = numeric.includes(i) ? figure(text) : { value: text };
      cell.value = f.value;
      if (f.numFmt) cell.numFmt = f.numFmt;
      cell.font = { name: FONT, bold: r.bold ?? false };
      cell.border = THIN;
      cell.alignment = { horizontal: aligns[i] ?? 'left', vertical: 'middle', wrapText: true };
    });
  });
  return start + 1 + rows.length;
}

/**
 * The self-assessment form as a workbook, sheet 服务考核自评表: title, month and supplier, the 暂定 notice when
 * provisional, one row per item (序号, 考核项目, 分值, 评分标准, 扣分/加分情况, 自评得分, 佐证材料), the total and
 * coefficient rows, and the signature lines (填表人 / 日期, 审核人 / 日期).
 */
export async function renderSelfAssessmentXlsx(d: MonthDossier): Promise<Buffer> {
  const book = newBook(d);
  const sheet = book.addWorksheet(XLSX_SHEETS.selfAssessment, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '第 &P 页 / 共 &N 页' },
  });
  const width = SELF_ASSESSMENT_COLUMNS.length;
  [6, 14, 7, 40, 28, 12, 40].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  banner(sheet, 1, width, SELF_ASSESSMENT_TITLE, { size: 16, bold: true }, 30);
  banner(sheet, 2, width, `${d.hotline}　考核月份：${periodLine(d.month)}`, { size: 11 });
  banner(sheet, 3, width, `服务单位：${d.supplier}　生成时间：${shanghaiTime(d.generatedAt)}`, { size: 10, color: { argb: 'FF595959' } });
  let row = 4;
  if (d.provisional) {
    const cell = banner(sheet, row, width, provisionalNotice(d), { bold: true, color: { argb: 'FF9C3D00' } }, 36);
    cell.fill = NOTICE_FILL;
    row += 1;
  }
  row += 1;
  const headerRow = row;
  row = grid(
    sheet,
    row,
    SELF_ASSESSMENT_COLUMNS.map((c) => c.header),
    selfAssessmentRows(d),
    SELF_ASSESSMENT_COLUMNS.map((c) => c.align ?? 'left'),
    [2, 5],
  );
  sheet.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  row += 2;
  const sign = sheet.getRow(row);
  sign.getCell(2).value = '填表人：';
  sign.getCell(4).value = '日期：　　　　年　　月　　日';
  sign.getCell(5).value = '审核人（采购人）：';
  sign.getCell(7).value = '日期：　　　　年　　月　　日';
  sign.eachCell((cell) => (cell.font = { name: FONT, bold: true }));
  sign.height = 28;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The staff report as a workbook, sheet 人事基本情况: headcount, joiners and leavers of the month, and the team
 * at the end of the month (工号, 姓名, 岗位, 资质, 入职日期, 本月培训时长 in hours).
 */
export async function renderStaffReportXlsx(d: MonthDossier): Promise<Buffer> {
  const book = newBook(d);
  const sheet = book.addWorksheet(XLSX_SHEETS.staff, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: '第 &P 页 / 共 &N 页' },
  });
  const width = 7;
  [6, 10, 12, 20, 26, 14, 18].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  banner(sheet, 1, width, XLSX_SHEETS.staff, { size: 16, bold: true }, 30);
  banner(sheet, 2, width, `${d.hotline}　${monthZh(d.month)}　服务单位：${d.supplier}`, { size: 11 });
  let row = 4;
  row = grid(
    sheet,
    row,
    ['项目', '', '人数'],
    [
      { cells: ['月末在岗人数', '', String(d.staff.headcount)] },
      { cells: ['本月入职', '', String(d.staff.joiners.length)] },
      { cells: ['本月离职', '', String(d.staff.leavers.length)] },
    ],
    ['left', 'left', 'right'],
    [2],
  );
  for (let r = 4; r < row; r++) sheet.mergeCells(r, 1, r, 2);
  row += 1;
  const section = (title: string): void => {
    const cell = sheet.getCell(row, 1);
    cell.value = title;
    cell.font = { name: FONT, bold: true, size: 12 };
    row += 1;
  };
  section('一、人员名单（月末）');
  row = grid(
    sheet,
    row,
    ['序号', '工号', '姓名', '岗位', '资质', '入职日期', '本月培训时长（小时）'],
    d.staff.people.map((p, i) => ({ cells: [String(i + 1), p.agentId ?? '—', p.name, p.roles.join('、'), p.qualifications.join('、') || '—', p.since, p.trainingHours] })),
    ['center', 'center', 'left', 'left', 'left', 'center', 'right'],
    [6],
  );
  row += 1;
  const changes = (title: string, dateHeader: string, list: MonthDossier['staff']['joiners']): void => {
    section(title);
    if (list.length === 0) {
      sheet.getCell(row, 1).value = '（无）';
      row += 2;
      return;
    }
    row = grid(
      sheet,
      row,
      ['序号', '姓名', '岗位', dateHeader],
      list.map((p, i) => ({ cells: [String(i + 1), p.name, p.role, p.date] })),
      ['center', 'left', 'left', 'center'],
    );
    row += 1;
  };
  changes('二、本月入职', '入职日期', d.staff.joiners);
  changes('三、本月离职', '离职日期', d.staff.leavers);
  return Buffer.from(await book.xlsx.writeBuffer());
}
