/**
 * What the documents say, independent of the file format: the monthly operations report as a list of blocks
 * (headings, paragraphs, tables) that the .docx and the PDF renderers both lay out, and the self-assessment
 * form's rows that the .xlsx and the PDF both print. One source, so every format carries the same figures.
 */
import type { MonthDossier } from '../dossier.js';
import {
  TRAINING_STATUS_ZH,
  UNKNOWN,
  VERDICT_ZH,
  adjustmentLines,
  coefficientText,
  hourLabel,
  itemPoints,
  ITEM_RULES_ZH,
  kpiRows,
  monthBounds,
  monthZh,
  paragraphs,
  percent,
  provisionalNotice,
  shanghaiTime,
  totalText,
} from './format.js';

/** A table column: header, relative width, alignment of its cells. */
export interface BlockColumn {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A table row: cells, bold for a total row. */
export interface BlockRow {
  cells: string[];
  bold?: boolean;
}

/** One block of a report. */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: BlockColumn[]; rows: BlockRow[] }
  | { kind: 'signatures'; fields: string[] };

/** The name of the operations report (title and running header). */
export const OPERATIONS_REPORT_TITLE = '月度运营报告';
/** The name of the self-assessment form. */
export const SELF_ASSESSMENT_TITLE = '服务考核自评表';

/** `报告期：2025年3月（2025-03-01 至 2025-03-31）`. */
export function periodLine(month: string): string {
  const { first, last } = monthBounds(month);
  return `${monthZh(month)}（${first} 至 ${last}）`;
}

const c = (n: number): string => String(n);

/** A table of `entries`, one row each (`cells` of an entry), or no block at all when there are none. */
function entriesTable<T>(entries: readonly T[], columns: BlockColumn[], cells: (entry: T) => string[]): Block[] {
  return entries.length > 0 ? [{ kind: 'table', columns, rows: entries.map((entry) => ({ cells: cells(entry) })) }] : [];
}

/** 一、话务概况: the month's calls, the days missing from the ledger, the tables by day and by hour. */
function trafficSection(d: MonthDossier): Block[] {
  const blocks: Block[] = [];
  const k = d.kpis;
  // 一、话务概况
  const abandoned = d.trafficByDay.reduce((s, day) => s + day.abandoned, 0);
  blocks.push(
    { kind: 'heading', text: '一、话务概况' },
    {
      kind: 'paragraph',
      text: `${monthZh(d.month)}热线共受理来话 ${c(k.requests)} 次，其中人工接听 ${c(k.agentAnswered)} 次，IVR自助服务 ${c(k.ivrAnswered)} 次，放弃 ${c(abandoned)} 次；热线接通率 ${percent(k.connectRatePercent)}（目标≥${k.targets.connect}%）。`,
    },
  );
  if (d.missingDays.length > 0) {
    blocks.push({ kind: 'paragraph', text: `注：以下 ${d.missingDays.length} 天话务台账无数据，未计入本月统计：${d.missingDays.join('、')}。` });
  }
  blocks.push(
    { kind: 'subheading', text: '（一）按日统计' },
    {
      kind: 'table',
      columns: [
        { header: '日期', width: 3, align: 'center' },
        { header: '来话量', width: 2, align: 'right' },
        { header: '人工接听', width: 2, align: 'right' },
        { header: 'IVR自助', width: 2, align: 'right' },
        { header: '放弃', width: 2, align: 'right' },
        { header: '接通率', width: 2, align: 'right' },
      ],
      rows: [
        ...d.trafficByDay.map((t) => ({ cells: [t.day, c(t.requests), c(t.agentAnswered), c(t.ivrAnswered), c(t.abandoned), percent(t.connectRatePercent)] })),
        { cells: ['全月', c(k.requests), c(k.agentAnswered), c(k.ivrAnswered), c(abandoned), percent(k.connectRatePercent)], bold: true },
      ],
    },
    { kind: 'subheading', text: '（二）按时段统计（全月合计）' },
    {
      kind: 'table',
      columns: [
        { header: '时段', width: 3, align: 'center' },
        { header: '来话量', width: 2, align: 'right' },
        { header: '人工接听', width: 2, align: 'right' },
        { header: '接通率', width: 2, align: 'right' },
      ],
      rows: d.trafficByHour.map((h) => ({ cells: [hourLabel(h.hour), c(h.requests), c(h.agentAnswered), percent(h.connectRatePercent)] })),
    },
  );
  return blocks;
}

/** 三、热点诉求: the month's hot topics (registered requests, or calls typed by the tree's rules), against the month before. */
function hotTopicsSection(d: MonthDossier): Block[] {
  const blocks: Block[] = [];
  // 三、热点诉求
  blocks.push({ kind: 'heading', text: '三、热点诉求' });
  const fromCalls = d.hotTopicsBasis === 'calls';
  if (d.hotTopics.length === 0) blocks.push({ kind: 'paragraph', text: fromCalls ? '本月无受理登记的诉求，也无来话记录。' : '本月无业务类型统计。' });
  else {
    const top = d.hotTopics[0];
    const basis = fromCalls
      ? '本月无受理登记的诉求，以下按来话的业务类型（依业务类型树的规则归类）统计'
      : '以下按本月受理登记的诉求（含未完结的登记）的业务类型统计';
    const unit = fromCalls ? '次' : '件';
    const moved = (t: (typeof d.hotTopics)[number]) => (t.changePercent === null ? '上月无' : `${t.changePercent.startsWith('-') ? '' : '+'}${t.changePercent}%`);
    blocks.push(
      { kind: 'paragraph', text: `${basis}，与上月比较。本月最多的是“${top.businessType}”，共 ${c(top.requests)} ${unit}，占 ${top.sharePercent}%，较上月 ${moved(top)}。` },
      {
        kind: 'table',
        columns: [
          { header: '排名', width: 1, align: 'center' },
          { header: '业务类型', width: 4 },
          { header: fromCalls ? '来话量' : '诉求量', width: 2, align: 'right' },
          { header: '占比', width: 2, align: 'right' },
          { header: '上月', width: 2, align: 'right' },
          { header: '环比', width: 2, align: 'right' },
        ],
        rows: d.hotTopics.map((t, i) => ({ cells: [c(i + 1), t.businessType, c(t.requests), `${t.sharePercent}%`, c(t.previousRequests), moved(t)] })),
      },
    );
  }
  return blocks;
}

/** 五、员工培训: the trainings held and planned, and their table. */
function trainingsSection(d: MonthDossier): Block[] {
  const blocks: Block[] = [];
  // 五、员工培训
  const held = d.trainings.filter((t) => t.status === 'held');
  const planned = d.trainings.length - held.length;
  blocks.push(
    { kind: 'heading', text: '五、员工培训' },
    { kind: 'paragraph', text: `本月已举行专题培训 ${c(held.length)} 次（合同要求每月不少于2次，并有签到记录）${planned > 0 ? `，另有 ${c(planned)} 次计划中` : ''}。` },
  );
  blocks.push(
    ...entriesTable(
      d.trainings,
      [
        { header: '日期', width: 3, align: 'center' },
        { header: '培训主题', width: 5 },
        { header: '培训人', width: 2 },
        { header: '时长（分钟）', width: 2, align: 'right' },
        { header: '参训人数', width: 2, align: 'right' },
        { header: '状态', width: 2, align: 'center' },
      ],
      (t) => [t.date, t.topic, t.trainer, c(t.durationMinutes), t.status === 'held' ? c(t.attendees) : UNKNOWN, TRAINING_STATUS_ZH[t.status]],
    ),
  );
  return blocks;
}

/** The monthly operations report (月度运营报告), sections 一 to 八, as blocks. */
export function operationsReportBlocks(d: MonthDossier): Block[] {
  const k = d.kpis;
  const blocks: Block[] = [
    { kind: 'subtitle', text: d.hotline },
    { kind: 'title', text: OPERATIONS_REPORT_TITLE },
    { kind: 'subtitle', text: `报告期：${periodLine(d.month)}` },
    { kind: 'subtitle', text: `服务单位：${d.supplier}　　生成时间：${shanghaiTime(d.generatedAt)}` },
  ];
  if (d.provisional) blocks.push({ kind: 'notice', text: provisionalNotice(d) });

  blocks.push(...trafficSection(d));

  // 二、服务质量指标
  blocks.push(
    { kind: 'heading', text: '二、服务质量指标' },
    {
      kind: 'table',
      columns: [
        { header: '指标', width: 3 },
        { header: '本月', width: 3, align: 'right' },
        { header: '目标', width: 2, align: 'center' },
        { header: '结果', width: 2, align: 'center' },
        { header: '说明', width: 6 },
      ],
      rows: kpiRows(d).map((cells) => ({ cells })),
    },
    {
      kind: 'paragraph',
      text: `本月考核自评：总分 ${totalText(d.score)} 分，结算系数 ${coefficientText(d.score)}（各项得分见服务考核自评表）。`,
    },
  );

  blocks.push(...hotTopicsSection(d));

  // 四、话务质检
  const qa = d.qa;
  blocks.push(
    { kind: 'heading', text: '四、话务质检' },
    {
      kind: 'paragraph',
      text: `按合同要求，本月应随机抽检不少于 ${c(qa.quota)} 通（人工接听量的1%，向上取整）；实际抽取 ${c(qa.sampled)} 通，已完成评分 ${c(qa.reviewed)} 通，平均得分 ${qa.meanScore ?? UNKNOWN}；采购人复核发现评分差错 ${c(qa.errorsFound)} 次。`,
    },
    {
      kind: 'table',
      columns: [
        { header: '工号', width: 2, align: 'center' },
        { header: '姓名', width: 3 },
        { header: '抽检数', width: 2, align: 'right' },
        { header: '已评分', width: 2, align: 'right' },
        { header: '平均得分', width: 2, align: 'right' },
      ],
      rows: [
        ...qa.byAgent.map((a) => ({ cells: [a.agentId, a.agentName, c(a.sampled), c(a.reviewed), a.meanScore ?? UNKNOWN] })),
        { cells: ['合计', '', c(qa.sampled), c(qa.reviewed), qa.meanScore ?? UNKNOWN], bold: true },
      ],
    },
  );

  blocks.push(...trainingsSection(d));

  // 六、投诉处理
  const cp = d.complaints;
  blocks.push(
    { kind: 'heading', text: '六、投诉处理' },
    {
      kind: 'paragraph',
      text: `本月受理投诉 ${c(cp.received)} 件，其中经认定有责 ${c(cp.justified)} 件、无责 ${c(cp.notJustified)} 件、待认定 ${c(cp.pending)} 件；有理由投诉率 ${percent(k.complaintRatePercent)}（目标≤${k.targets.complaint}%）。`,
    },
  );
  blocks.push(
    ...entriesTable(
      cp.entries,
      [
        { header: '受理时间', width: 3, align: 'center' },
        { header: '渠道', width: 2 },
        { header: '内容摘要', width: 8 },
        { header: '认定', width: 2, align: 'center' },
      ],
      (e) => [shanghaiTime(e.receivedAt), e.channel, e.summary, VERDICT_ZH[e.verdict]],
    ),
  );

  // 七、存在问题 / 八、改进措施
  blocks.push({ kind: 'heading', text: '七、存在问题' }, ...paragraphs(d.problems).map((text): Block => ({ kind: 'paragraph', text })));
  blocks.push({ kind: 'heading', text: '八、改进措施' }, ...paragraphs(d.improvements).map((text): Block => ({ kind: 'paragraph', text })));
  blocks.push({ kind: 'signatures', fields: ['报告人', '审核人', '日期'] });
  return blocks;
}

/** The columns of the self-assessment form. */
export const SELF_ASSESSMENT_COLUMNS: BlockColumn[] = [
  { header: '序号', width: 4, align: 'center' },
  { header: '考核项目', width: 9 },
  { header: '分值', width: 4, align: 'center' },
  { header: '评分标准', width: 26 },
  { header: '扣分/加分情况', width: 17 },
  { header: '自评得分', width: 10, align: 'center' },
  { header: '佐证材料', width: 25 },
];

/**
 * The self-assessment form's rows: one per item (number, name, points available, rule, deductions, self-assessed
 * points or `待定 a–b`, evidence), then the total and the settlement coefficient (`暂定 a–b` while provisional).
 */
export function selfAssessmentRows(d: MonthDossier): BlockRow[] {
  const rows: BlockRow[] = d.score.items.map((item, i) => ({
    cells: [String(i + 1), item.nameZh, item.max, ITEM_RULES_ZH[item.item], adjustmentLines(item).join('\n'), itemPoints(item), (d.evidence[item.item] ?? []).join('\n') || '—'],
  }));
  rows.push({ cells: ['', '合计', '100', '各项得分之和（含加分，最高104分）', '', totalText(d.score), ''], bold: true });
  rows.push({ cells: ['', '结算系数', '', '≥90分1.00；85–90分0.95；80–85分0.85；70–80分0.75；60–70分0.60；60分以下0.50（各档含下限）', '', coefficientText(d.score), ''], bold: true });
  return rows;
}
