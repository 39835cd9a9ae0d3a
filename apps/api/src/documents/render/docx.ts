/**
 * The monthly operations report (月度运营报告) as a Word document (`docx`): A4 portrait, every run in
 * "Noto Sans SC" (East Asian, ASCII and high-ANSI fonts alike; Word substitutes a CJK font where it is not
 * installed: a .docx names its font, it does not embed it), 五号 body text, bordered tables whose header row repeats
 * on each page, page numbers in the footer. Same blocks as the PDF (content.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { MonthDossier } from '../dossier.js';
import { type Block, type BlockColumn, type BlockRow, OPERATIONS_REPORT_TITLE, operationsReportBlocks, periodLine } from './content.js';
import { monthZh } from './format.js';

/** The font every run names. */
export const DOCX_FONT = 'Noto Sans SC';

/** A4 in twips (1/20 pt), margins 2 cm; the text area is what tables span. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const ACCENT = '1F3864';
const HEADER_FILL = 'E8ECF3';

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** Paragraphs of a cell or block: one per line of the text. */
function lines(text: string, run: { bold?: boolean; size?: number; color?: string } = {}, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT): Paragraph[] {
  return text.split('\n').map((line) => new Paragraph({ alignment, children: [new TextRun({ text: line, ...run })] }));
}

function table(columns: BlockColumn[], rows: BlockRow[]): Table {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width / total) * TEXT_WIDTH));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '4D4D4D' };
  const cell = (text: string, i: number, header: boolean, bold: boolean): TableCell =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL } : undefined,
      children: lines(text, { bold, size: 18 }, header ? AlignmentType.CENTER : ALIGN[columns[i].align ?? 'left']),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.cells.map((text, i) => cell(text, i, false, r.bold ?? false)) })),
    ],
  });
}

function blockChildren(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'title':
      return [new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: b.text, bold: true, size: 40, color: ACCENT })] })];
    case 'subtitle':
      return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 60 }, children: [new TextRun({ text: b.text, size: 21, color: '595959' })] })];
    case 'notice':
      return [
        new Paragraph({
          spacing: { before: 120, after: 120 },
          border: { top: { style: BorderStyle.SINGLE, size: 8, color: 'C55A11' }, bottom: { style: BorderStyle.SINGLE, size: 8, color: 'C55A11' }, left: { style: BorderStyle.SINGLE, size: 8, color: 'C55A11' }, right: { style: BorderStyle.SINGLE, size: 8, color: 'C55A11' } },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'FFF4E5' },
          children: [new TextRun({ text: b.text, bold: true, color: '9C3D00' })],
        }),
      ];
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: b.text, bold: true, size: 28, color: ACCENT })] })];
    case 'subheading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, spacing: { before: 120, after: 80 }, children: [new TextRun({ text: b.text, bold: true, size: 22 })] })];
    case 'paragraph':
      // 首行缩进两字 (2 x 10.5 pt = 420 twips).
      return [new Paragraph({ indent: { firstLine: 420 }, spacing: { after: 80, line: 360 }, children: [new TextRun({ text: b.text })] })];
    case 'table':
      return [table(b.columns, b.rows), new Paragraph({ spacing: { after: 80 }, children: [] })];
    case 'signatures':
      return [new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: b.fields.map((f) => `${f}：______________`).join('　　') })] })];
  }
}

/**
 * The monthly operations report as a .docx (A4 portrait, Noto Sans SC): title and period, 一、话务概况 (by day,
 * by hour), 二、服务质量指标, 三、热点诉求, 四、话务质检, 五、员工培训, 六、投诉处理, 七、存在问题, 八、改进措施.
 * Figures exactly as the dossier gives them; a provisional month carries the 暂定 notice.
 */
export async function renderOperationsReportDocx(d: MonthDossier): Promise<Buffer> {
  const font = { ascii: DOCX_FONT, eastAsia: DOCX_FONT, hAnsi: DOCX_FONT, cs: DOCX_FONT };
  const runningHeader = `${d.hotline} · ${monthZh(d.month)}${OPERATIONS_REPORT_TITLE}`;
  const doc = new Document({
    creator: d.supplier,
    lastModifiedBy: d.supplier,
    title: `${d.hotline}${OPERATIONS_REPORT_TITLE}（${monthZh(d.month)}）`,
    subject: `报告期 ${periodLine(d.month)}`,
    description: `${d.hotline}${OPERATIONS_REPORT_TITLE}`,
    styles: {
      default: {
        document: { run: { font, size: 21, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: { line: 300 } } },
        title: { run: { font } },
        heading1: { run: { font } },
        heading2: { run: { font } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT }, margin: { top: PAGE.margin + 283, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: runningHeader, size: 16, color: '595959' })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'], size: 17, color: '595959' })] })],
          }),
        },
        children: operationsReportBlocks(d).flatMap(blockChildren),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
