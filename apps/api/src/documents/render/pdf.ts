/**
 * The month's PDFs: the operations report (月度运营报告) and the self-assessment form (服务考核自评表), A4, with
 * Noto Sans SC embedded (subset) and page numbers.
 */
import type { MonthDossier } from '../dossier.js';
import { OPERATIONS_REPORT_TITLE, SELF_ASSESSMENT_COLUMNS, SELF_ASSESSMENT_TITLE, type Block, operationsReportBlocks, periodLine, selfAssessmentRows } from './content.js';
import { monthZh, provisionalNotice, shanghaiTime } from './format.js';
import { NotoSansSc } from './noto-fonts.js';
import { type PdfRenderOptions, PdfWriter } from './pdf-writer.js';

/** The dossier's texts each PDF prints, checked for characters the font lacks before anything is drawn. */
const OPERATIONS_REPORT_FIELDS = ['hotline', 'supplier', 'hotTopics', 'qa', 'trainings', 'complaints', 'problems', 'improvements', 'missingDays'] as const;
const SELF_ASSESSMENT_FIELDS = ['hotline', 'supplier', 'score', 'evidence'] as const;

function checkFields(fonts: NotoSansSc, d: MonthDossier, fields: readonly (keyof MonthDossier)[], options: PdfRenderOptions): void {
  if ((options.onMissingGlyph ?? 'throw') !== 'throw') return;
  for (const f of fields) fonts.check(d[f], f);
}

function layout(w: PdfWriter, blocks: Block[]): void {
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        w.title(b.text);
        break;
      case 'subtitle':
        w.subtitle(b.text);
        break;
      case 'notice':
        w.gap(4);
        w.notice(b.text);
        break;
      case 'heading':
        w.heading(b.text);
        break;
      case 'subheading':
        w.subheading(b.text);
        break;
      case 'paragraph':
        w.paragraph(b.text);
        break;
      case 'table':
        w.table(b.columns, b.rows);
        break;
      case 'signatures':
        w.signatures(b.fields);
        break;
    }
  }
}

/**
 * The monthly operations report as a PDF (A4 portrait): title and period, 一、话务概况 (by day, by hour),
 * 二、服务质量指标, 三、热点诉求, 四、话务质检, 五、员工培训, 六、投诉处理, 七、存在问题, 八、改进措施.
 * Figures are printed exactly as the dossier gives them; a provisional month carries the 暂定 notice.
 * @throws MissingGlyphError when a dossier text has a character Noto Sans SC lacks (its `field` names where),
 *   unless `options.onMissingGlyph` is `replace`.
 */
export async function renderOperationsReportPdf(d: MonthDossier, options: PdfRenderOptions = {}): Promise<Buffer> {
  const fonts = await NotoSansSc.load();
  checkFields(fonts, d, OPERATIONS_REPORT_FIELDS, options);
  const w = new PdfWriter(fonts, {
    layout: 'portrait',
    title: `${d.hotline}${OPERATIONS_REPORT_TITLE}（${monthZh(d.month)}）`,
    author: d.supplier,
    subject: `报告期 ${periodLine(d.month)}`,
    createdAt: new Date(d.generatedAt),
    policy: options.onMissingGlyph ?? 'throw',
  });
  layout(w, operationsReportBlocks(d));
  return w.finish(`${d.hotline} · ${monthZh(d.month)}${OPERATIONS_REPORT_TITLE}`);
}

/**
 * The self-assessment form as a PDF (A4 landscape): every item with its points available, rule, deductions,
 * self-assessed points (`待定 a–b` while pending) and evidence; the total and the settlement coefficient
 * (`暂定 a–b` while provisional); signature lines.
 * @throws MissingGlyphError as {@link renderOperationsReportPdf}.
 */
export async function renderSelfAssessmentPdf(d: MonthDossier, options: PdfRenderOptions = {}): Promise<Buffer> {
  const fonts = await NotoSansSc.load();
  checkFields(fonts, d, SELF_ASSESSMENT_FIELDS, options);
  const w = new PdfWriter(fonts, {
    layout: 'landscape',
    title: `${d.hotline}${SELF_ASSESSMENT_TITLE}（${monthZh(d.month)}）`,
    author: d.supplier,
    subject: `考核月份 ${monthZh(d.month)}`,
    createdAt: new Date(d.generatedAt),
    policy: options.onMissingGlyph ?? 'throw',
  });
  w.subtitle(d.hotline);
  w.title(SELF_ASSESSMENT_TITLE, 18);
  w.subtitle(`考核月份：${periodLine(d.month)}　　服务单位：${d.supplier}　　生成时间：${shanghaiTime(d.generatedAt)}`);
  if (d.provisional) {
    w.gap(2);
    w.notice(provisionalNotice(d));
  }
  w.gap(2);
  w.table(SELF_ASSESSMENT_COLUMNS, selfAssessmentRows(d), 8);
  w.signatures(['填表人', '日期', '审核人（采购人）', '日期']);
  return w.finish(`${d.hotline} · ${monthZh(d.month)}${SELF_ASSESSMENT_TITLE}`);
}
