/**
 * Labels and formatting shared by the renderers: Chinese texts of the sheet's rules and reason codes, month and
 * time in Asia/Shanghai, and how a pending figure reads (待定 / 暂定 with its range). No arithmetic on figures:
 * decimal strings are printed as given.
 */
import { DEFAULT_TIMEZONE, daysInMonth, instantToLocal } from '@hotline/events';
import type { ItemName } from '@hotline/scoring';
import type { DossierComplaintEntry, DossierDeduction, DossierScore, DossierScoreItem, DossierTraining, MonthDossier } from '../dossier.js';

/** The sheet's rule of each item, short (评分标准), restated from the tender's 评分办法 (shared/spec/contract.md). */
export const ITEM_RULES_ZH: Readonly<Record<ItemName, string>> = Object.freeze({
  confidentiality: '违反保密制度每次扣1分；造成不良后果的每次扣5分；扣完为止。',
  reporting: '月度运营报告迟交每次扣1分，内容缺项每项扣0.5分；自评表迟交扣5分，自评不实每次扣2分；扣完为止。',
  connect: '接通率≥90%得满分；每低1个百分点扣1分；每高0.5个百分点加0.2分，最多加2分。',
  satisfaction: '满意度≥95%得满分；低于目标每1个百分点扣1分，期间线性得分；每高0.5个百分点加0.2分，最多加2分。',
  complaints: '有理由投诉率≤0.05%得满分；每超出0.01%扣2分；扣完为止。',
  training: '每月专题培训不少于2次并有签到记录；每少1次扣5分；扣完为止。',
  qa: '每月随机抽检不少于人工接听量的1%；每少10通扣0.2分；复核发现评分差错每次扣0.5分；扣完为止。',
});

/** Chinese text of each scoring reason code (libs/scoring ReasonCode); an unknown code is printed as it is. */
export const REASON_LABELS_ZH: Readonly<Record<string, string>> = Object.freeze({
  'confidentiality.breach': '违反保密制度',
  'confidentiality.consequences': '违规并造成不良后果',
  'reporting.reportLate': '月度运营报告迟交',
  'reporting.itemMissing': '报告内容缺项',
  'reporting.selfAssessmentLate': '自评表迟交',
  'reporting.selfAssessmentUntruthful': '自评不实',
  'connect.shortfall': '接通率低于目标',
  'connect.bonus': '接通率高于目标',
  'connect.pending': '接通率待定（本月未结束或台账无来话数据）',
  'connect.noRequests': '本月无来话',
  'satisfaction.shortfall': '满意度低于目标',
  'satisfaction.bonus': '满意度高于目标',
  'satisfaction.noResponses': '本月无参评',
  'complaints.excess': '有理由投诉率超标',
  'complaints.noAgentCalls': '本月无人工接听',
  'training.missingSession': '专题培训次数不足',
  'qa.quotaShortfall': '质检抽样不足',
  'qa.scoringError': '复核发现评分差错',
});

/** Chinese text of a complaint's verdict. */
export const VERDICT_ZH: Readonly<Record<DossierComplaintEntry['verdict'], string>> = Object.freeze({
  justified: '有责',
  not_justified: '无责',
  pending: '待认定',
});

/** Chinese text of a training's status. */
export const TRAINING_STATUS_ZH: Readonly<Record<DossierTraining['status'], string>> = Object.freeze({ held: '已举行', planned: '计划中' });

/** Printed where a figure is unknown (an empty denominator). */
export const UNKNOWN = '—';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2025-03` -> `2025年3月`. */
export function monthZh(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The month's first and last day, `YYYY-MM-DD` (calendar arithmetic, no zone). */
export function monthBounds(month: string): { first: string; last: string } {
  return { first: `${month}-01`, last: `${month}-${pad(daysInMonth(month))}` };
}

/** An ISO instant as Asia/Shanghai wall-clock time, `YYYY-MM-DD HH:mm`. */
export function shanghaiTime(iso: string): string {
  const l = instantToLocal(new Date(iso), DEFAULT_TIMEZONE);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}

/** Whether a decimal string is zero (`"0"`, `"0.00"`, `"-0"`), without parsing it into a float. */
export function isZero(value: string): boolean {
  return /^[-+]?0*(\.0*)?$/.test(value.trim());
}

/** A signed decimal string with its sign shown: `"0.4"` -> `+0.4`, `"-2"` -> `-2`. */
export function signed(value: string): string {
  return value.startsWith('-') || value.startsWith('+') ? value : `+${value}`;
}

/** A range of decimal strings, `a–b` (one value when both ends are equal). */
export function range(min: string, max: string): string {
  return min === max ? min : `${min}–${max}`;
}

/** A percent or `—` when unknown: `"92.50"` -> `92.50%`. */
export function percent(value: string | null): string {
  return value === null ? UNKNOWN : `${value}%`;
}

/** An item's points as printed: its points, or `待定 min–max` while pending (never its maximum as its points). */
export function itemPoints(item: DossierScoreItem): string {
  return item.points === null ? `待定 ${range(item.pointsMin, item.pointsMax)}` : item.points;
}

/** The month's total as printed: the total, or `暂定 min–max` while provisional. */
export function totalText(score: DossierScore): string {
  return score.total === null ? `暂定 ${range(score.totalMin, score.totalMax)}` : score.total;
}

/** The settlement coefficient as printed: the coefficient, or `暂定 min–max` while provisional. */
export function coefficientText(score: DossierScore): string {
  return score.coefficient === null ? `暂定 ${range(score.coefficientMin, score.coefficientMax)}` : score.coefficient;
}

/** One deduction as a line: `接通率低于目标 ×2：-2`. */
export function deductionText(d: DossierDeduction): string {
  const label = REASON_LABELS_ZH[d.code] ?? d.code;
  return `${label}${d.count === null ? '' : ` ×${d.count}`}：${signed(d.points)}`;
}

/** An item's deductions and bonus as lines (`无扣分` when there are none). */
export function adjustmentLines(item: DossierScoreItem): string[] {
  const lines = item.deductions.map(deductionText);
  if (!isZero(item.bonus)) lines.push(`加分：${signed(item.bonus)}`);
  if (lines.length === 0) lines.push(item.pending ? '登记未关闭' : '无扣分');
  else if (item.pending) lines.push('（登记未关闭，已知部分）');
  return lines;
}

/** The notice printed at the top of a provisional document. */
export function provisionalNotice(d: MonthDossier): string {
  const pending = d.score.items.filter((i) => i.pending).map((i) => i.nameZh);
  return `暂定：本月尚有登记未关闭（${pending.join('、') || '—'}），相关得分为区间，总分暂定 ${range(d.score.totalMin, d.score.totalMax)}，结算系数暂定 ${range(d.score.coefficientMin, d.score.coefficientMax)}。`;
}

/** Whether a KPI meets its target; `null` when the KPI is unknown. Compares decimal strings exactly (no floats). */
export function meetsTarget(value: string | null, target: string, direction: 'atLeast' | 'atMost'): boolean | null {
  if (value === null) return null;
  const c = compareDecimal(value, target);
  return direction === 'atLeast' ? c >= 0 : c <= 0;
}

/**
 * Compares two non-negative or negative decimal strings exactly: -1, 0 or 1.
 * @throws RangeError when either is not a plain decimal (`12`, `-0.5`, `92.50`).
 */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const parse = (s: string): { neg: boolean; int: string; frac: string } => {
    const m = /^([-+]?)(\d+)(?:\.(\d*))?$/.exec(s.trim());
    if (!m) throw new RangeError(`"${s}" is not a decimal number`);
    const int = m[2].replace(/^0+(?=\d)/, '');
    const frac = (m[3] ?? '').replace(/0+$/, '');
    const zero = /^0*$/.test(int) && frac === '';
    return { neg: m[1] === '-' && !zero, int, frac };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  const sign = x.neg ? -1 : 1;
  let c: number;
  if (x.int.length !== y.int.length) c = x.int.length < y.int.length ? -1 : 1;
  else {
    const width = Math.max(x.frac.length, y.frac.length);
    const xs = x.int + x.frac.padEnd(width, '0');
    const ys = y.int + y.frac.padEnd(width, '0');
    c = xs === ys ? 0 : xs < ys ? -1 : 1;
  }
  return (c * sign) as -1 | 0 | 1;
}

/** `达标` / `未达标` / `—` for a KPI against its target. */
export function verdictText(meets: boolean | null): string {
  return meets === null ? UNKNOWN : meets ? '达标' : '未达标';
}

/** Free text split into paragraphs (blank lines dropped; `（无）` when empty). */
export function paragraphs(text: string): string[] {
  const out = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return out.length > 0 ? out : ['（无）'];
}

/** `9` -> `09:00–09:59`. */
export function hourLabel(hour: number): string {
  return `${pad(hour)}:00–${pad(hour)}:59`;
}

/** The KPI rows of 服务质量指标: name, value, target, verdict, note; shared by the PDF and the docx report. */
export function kpiRows(d: MonthDossier): string[][] {
  const k = d.kpis;
  const pending = (item: ItemName): boolean => d.score.items.some((i) => i.item === item && i.pending);
  const mark = (item: ItemName, value: string): string => (pending(item) && value !== UNKNOWN ? `${value}（暂定）` : value);
  return [
    ['热线接通率', percent(k.connectRatePercent), `≥${k.targets.connect}%`, verdictText(meetsTarget(k.connectRatePercent, k.targets.connect, 'atLeast')), `来话 ${k.requests}，人工接听 ${k.agentAnswered}，IVR自助 ${k.ivrAnswered}`],
    [
      '挂机满意度',
      mark('satisfaction', percent(k.satisfactionPercent)),
      `≥${k.targets.satisfaction}%`,
      pending('satisfaction') ? '待定' : verdictText(meetsTarget(k.satisfactionPercent, k.targets.satisfaction, 'atLeast')),
      `参评 ${k.surveyResponses}，参评率 ${percent(k.surveyRatePercent)}`,
    ],
    [
      '有理由投诉率',
      mark('complaints', percent(k.complaintRatePercent)),
      `≤${k.targets.complaint}%`,
      pending('complaints') ? '待定' : verdictText(meetsTarget(k.complaintRatePercent, k.targets.complaint, 'atMost')),
      `有责投诉 ${k.justifiedComplaints ?? '待定'}`,
    ],
  ];
}
