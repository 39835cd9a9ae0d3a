/**
 * The 100-point sheet (“12123”语音中心考核指标评分办法): each item from the month's KPI values and register counts.
 * Every deduction and bonus is returned as a structured reason (code + numbers) so a console can render it in
 * any language. Internal: the public entry points are `scoreMonth` and `projectMonth`.
 */
import { D, type Dec, ZERO, str, fixed, min, max } from './decimal';
import type { ItemName, KnownScoreInput, RegisterItem } from './input';
import type { ScoringPolicy } from './policy';

/** Maximum points of each item (基本要求 20 + 服务质量与效率 80 = 100). */
export const ITEM_MAX: Readonly<Record<ItemName, string>> = Object.freeze({
  confidentiality: '10',
  reporting: '10',
  connect: '25',
  satisfaction: '25',
  complaints: '10',
  training: '10',
  qa: '10',
});

/** The tender's name of each item. */
export const ITEM_NAMES_ZH: Readonly<Record<ItemName, string>> = Object.freeze({
  confidentiality: '信息保密',
  reporting: '信息反馈与汇报',
  connect: '热线接通率',
  satisfaction: '挂机满意度',
  complaints: '热线服务有理由投诉率',
  training: '员工培训',
  qa: '话务质检',
});

/** KPI targets in percent: connect >= 90, satisfaction >= 95, complaint rate <= 0.05. */
export const TARGETS_PERCENT = Object.freeze({ connectRate: '90', satisfaction: '95', complaintRate: '0.05' });

/** Bonus rule: +0.2 per 0.5 percentage point above target, capped at +2 (每提升0.5个百分点加0.2分，封顶2分). */
export const BONUS_RULE = Object.freeze({ perHalfPoint: '0.2', cap: '2' });

/**
 * The code of a deduction, bonus or note. Stable identifiers for translation:
 * - `confidentiality.breach` (−1 each), `confidentiality.consequences` (−5 each)
 * - `reporting.reportLate` (−1 each), `reporting.itemMissing` (−0.5 each), `reporting.selfAssessmentLate`
 *   (−5 each), `reporting.selfAssessmentUntruthful` (−2 each)
 * - `connect.shortfall`, `connect.bonus`, `connect.noRequests` (no request outside outage windows, but some inside)
 * - `connect.pending` (a note on the connect item while the month's call feed is not final: `detail.unknown`
 *   `connectRate`, `detail.cause` `month-running` or `no-data`, `detail.monthToDatePercent` the rate so far when
 *   there is one; the reason carries `pending: true`)
 * - `satisfaction.shortfall`, `satisfaction.bonus`, `satisfaction.noResponses`
 * - `complaints.excess`, `complaints.noAgentCalls`
 * - `training.missingSession` (−5 each)
 * - `qa.quotaShortfall` (−0.2 per 10 calls), `qa.scoringError` (−0.5 each)
 * - `<item>.pending` (a note on a register item with unknown figures: `detail.unknown` lists the unknown fields,
 *   comma-separated; the reason carries `pending: true`)
 */
export type ReasonCode =
  | 'confidentiality.breach'
  | 'confidentiality.consequences'
  | 'reporting.reportLate'
  | 'reporting.itemMissing'
  | 'reporting.selfAssessmentLate'
  | 'reporting.selfAssessmentUntruthful'
  | 'connect.shortfall'
  | 'connect.bonus'
  | 'connect.noRequests'
  | 'connect.pending'
  | 'satisfaction.shortfall'
  | 'satisfaction.bonus'
  | 'satisfaction.noResponses'
  | 'complaints.excess'
  | 'complaints.noAgentCalls'
  | 'training.missingSession'
  | 'qa.quotaShortfall'
  | 'qa.scoringError'
  | `${RegisterItem}.pending`;

/**
 * One reason for a deduction, a bonus or a note on an item.
 * - `points`: the signed effect as a decimal string (`"-1"`, `"0.4"`, `"0"` for a note); for deductions the
 *   nominal amount before the item's floor at 0 (see {@link ItemScore.flooredAtZero}).
 * - `count`: how many times the rule applied (events, started or full steps); `null` for a proportional rule.
 * - `detail`: the numbers behind it, as decimal strings (percent values are percent, e.g. `ratePercent: "88.50"`).
 * - `pending`: present (`true`) only on the `<item>.pending` note of an item with unknown figures (`connect.pending`
 *   included).
 *
 * @example
 * { code: 'connect.shortfall', count: 2, points: '-2', detail: { ratePercent: '88.50', targetPercent: '90', shortfallPoints: '1.50', rule: 'ceil' } }
 * { code: 'training.pending', count: null, points: '0', detail: { unknown: 'trainingSessions' }, pending: true }
 */
export interface Reason {
  code: ReasonCode;
  count: number | null;
  points: string;
  detail: Record<string, string>;
  pending?: true;
}

/**
 * One item of the sheet.
 * - `points`: the item's score including its bonus, decimal string (`"26"`, `"23.36"`); `null` when the item is
 *   pending.
 * - `pending`: some figure of the item is unknown: a register figure (see `ITEM_FIELDS`), or for connect,
 *   complaints and QA the month's call feed while it is not final (`scoreMonth`'s `feedFinal: false`, or no request
 *   at all); never full marks by assumption.
 * - `pointsMin`, `pointsMax`: the lowest and highest the item can still become given its known figures (bonus
 *   included), decimal strings; both equal `points` when the item is known.
 * - `max`: the item's maximum without bonus; `bonus`: the bonus earned (`"0"` when none; on a pending item only a
 *   bonus that every completion of the unknown figures earns).
 * - `deductions`, `bonuses`, `notes`: the reasons. A pending item shows only the reasons that hold whatever its
 *   unknown figures turn out to be (e.g. a report known to be late), and the note `<item>.pending`.
 * - `flooredAtZero`: the deductions exceeded `max` (扣完为止) (on a pending item: in every completion).
 */
export interface ItemScore {
  item: ItemName;
  nameZh: string;
  points: string | null;
  pointsMin: string;
  pointsMax: string;
  pending: boolean;
  max: string;
  bonus: string;
  deductions: Reason[];
  bonuses: Reason[];
  notes: Reason[];
  flooredAtZero: boolean;
}

/** The facts the sheet is computed from: rounded KPI percents (null: empty denominator) and register counts. */
export interface SheetFacts {
  connectRate: Dec | null;
  satisfaction: Dec | null;
  complaintRate: Dec | null;
  justifiedComplaints: Dec;
  qaQuota: Dec;
  qaSampled: Dec;
  qaErrorsFound: Dec;
  trainingSessions: Dec;
  reportsLate: Dec;
  reportItemsMissing: Dec;
  selfAssessmentLate: Dec;
  selfAssessmentUntruthful: Dec;
  confidentialityBreaches: Dec;
  confidentialityBreachesWithConsequences: Dec;
}

/** The measured part of the facts: the KPIs, the justified complaints and the QA quota. */
export type MeasuredFacts = Pick<SheetFacts, 'connectRate' | 'satisfaction' | 'complaintRate' | 'justifiedComplaints' | 'qaQuota'>;

/** The sheet's facts: `measured` as given, the register counts (training, QA, reports, confidentiality) from `n`. */
export function sheetFacts(n: KnownScoreInput, measured: MeasuredFacts): SheetFacts {
  return {
    ...measured,
    qaSampled: new D(n.qaSampled),
    qaErrorsFound: new D(n.qaErrorsFound),
    trainingSessions: new D(n.trainingSessions),
    reportsLate: new D(n.reportsLate),
    reportItemsMissing: new D(n.reportItemsMissing),
    selfAssessmentLate: new D(n.selfAssessmentLate),
    selfAssessmentUntruthful: new D(n.selfAssessmentUntruthful),
    confidentialityBreaches: new D(n.confidentialityBreaches),
    confidentialityBreachesWithConsequences: new D(n.confidentialityBreachesWithConsequences),
  };
}

const HALF = new D('0.5');
const TENTH_STEP = new D('0.01');

function num(d: Dec): number {
  return d.toNumber();
}

function reason(code: ReasonCode, count: number | null, points: Dec, detail: Record<string, string> = {}): Reason {
  return { code, count, points: str(points), detail };
}

/** Builds an item from its maximum, nominal deductions and bonuses: floor at 0 first, then add the bonus. */
function item(name: ItemName, deductions: Reason[], bonuses: Reason[] = [], notes: Reason[] = []): ItemScore {
  const maxPts = new D(ITEM_MAX[name]);
  const lost = deductions.reduce((s, r) => s.minus(r.points), ZERO);
  const bonus = bonuses.reduce((s, r) => s.plus(r.points), ZERO);
  const base = max(ZERO, maxPts.minus(lost));
  const points = str(base.plus(bonus));
  return {
    item: name,
    nameZh: ITEM_NAMES_ZH[name],
    points,
    pointsMin: points,
    pointsMax: points,
    pending: false,
    max: ITEM_MAX[name],
    bonus: str(bonus),
    deductions,
    bonuses,
    notes,
    flooredAtZero: lost.greaterThan(maxPts),
  };
}

/** Bonus for a rate above its target: per full half point (floor) or proportional (linear), capped at 2. */
function bonusFor(code: 'connect.bonus' | 'satisfaction.bonus', rate: Dec, target: Dec, policy: ScoringPolicy): Reason[] {
  const excess = rate.minus(target);
  if (!excess.greaterThan(0)) return [];
  const per = new D(BONUS_RULE.perHalfPoint);
  const cap = new D(BONUS_RULE.cap);
  const halfPoints = excess.div(HALF).floor();
  const uncapped = policy.bonus === 'floor' ? halfPoints.times(per) : excess.div(HALF).times(per);
  const points = min(cap, uncapped);
  if (points.isZero()) return [];
  return [
    reason(code, policy.bonus === 'floor' ? num(halfPoints) : null, points, {
      ratePercent: fixed(rate, 2),
      targetPercent: str(target),
      excessPoints: fixed(excess, 2),
      halfPoints: str(halfPoints),
      uncapped: str(uncapped),
      cap: BONUS_RULE.cap,
      rule: policy.bonus,
    }),
  ];
}

/** Shortfall below a KPI target: per started point (ceil) or proportional (linear), 1 point per point. */
function shortfallFor(code: 'connect.shortfall' | 'satisfaction.shortfall', rate: Dec, target: Dec, rule: 'ceil' | 'linear'): Reason[] {
  const short = target.minus(rate);
  if (!short.greaterThan(0)) return [];
  const steps = short.ceil();
  const points = rule === 'ceil' ? steps : short;
  return [
    reason(code, rule === 'ceil' ? num(steps) : null, points.neg(), {
      ratePercent: fixed(rate, 2),
      targetPercent: str(target),
      shortfallPoints: fixed(short, 2),
      rule,
    }),
  ];
}

function confidentialityItem(f: SheetFacts, policy: ScoringPolicy): ItemScore {
  const withC = f.confidentialityBreachesWithConsequences;
  const plain = policy.confidentialityConsequences === 'additional' ? f.confidentialityBreaches : f.confidentialityBreaches.minus(withC);
  const out: Reason[] = [];
  if (plain.greaterThan(0)) out.push(reason('confidentiality.breach', num(plain), plain.neg(), { perEach: '-1', rule: policy.confidentialityConsequences }));
  if (withC.greaterThan(0)) out.push(reason('confidentiality.consequences', num(withC), withC.times(5).neg(), { perEach: '-5', rule: policy.confidentialityConsequences }));
  return item('confidentiality', out);
}

function reportingItem(f: SheetFacts): ItemScore {
  const rules: [ReasonCode, Dec, string][] = [
    ['reporting.reportLate', f.reportsLate, '1'],
    ['reporting.itemMissing', f.reportItemsMissing, '0.5'],
    ['reporting.selfAssessmentLate', f.selfAssessmentLate, '5'],
    ['reporting.selfAssessmentUntruthful', f.selfAssessmentUntruthful, '2'],
  ];
  const out = rules
    .filter(([, n]) => n.greaterThan(0))
    .map(([code, n, each]) => reason(code, num(n), n.times(each).neg(), { perEach: `-${each}` }));
  return item('reporting', out);
}

function connectItem(f: SheetFacts, policy: ScoringPolicy): ItemScore {
  const target = new D(TARGETS_PERCENT.connectRate);
  if (f.connectRate === null) {
    return policy.noRequests === 'full'
      ? item('connect', [], [], [reason('connect.noRequests', null, ZERO, { rule: 'full' })])
      : item('connect', [reason('connect.noRequests', null, new D(ITEM_MAX.connect).neg(), { rule: 'zero' })]);
  }
  return item('connect', shortfallFor('connect.shortfall', f.connectRate, target, policy.connectShortfall), bonusFor('connect.bonus', f.connectRate, target, policy));
}

function satisfactionItem(f: SheetFacts, policy: ScoringPolicy): ItemScore {
  const target = new D(TARGETS_PERCENT.satisfaction);
  if (f.satisfaction === null) {
    return policy.noSurveyResponses === 'full'
      ? item('satisfaction', [], [], [reason('satisfaction.noResponses', null, ZERO, { rule: 'full' })])
      : item('satisfaction', [reason('satisfaction.noResponses', null, new D(ITEM_MAX.satisfaction).neg(), { rule: 'zero' })]);
  }
  return item(
    'satisfaction',
    shortfallFor('satisfaction.shortfall', f.satisfaction, target, policy.satisfactionShortfall),
    bonusFor('satisfaction.bonus', f.satisfaction, target, policy),
  );
}

function complaintsItem(f: SheetFacts, policy: ScoringPolicy): ItemScore {
  const limit = new D(TARGETS_PERCENT.complaintRate);
  if (f.complaintRate === null) {
    const detail = { justifiedComplaints: str(f.justifiedComplaints), rule: policy.noAgentCalls };
    if (policy.noAgentCalls === 'by-complaints' && f.justifiedComplaints.greaterThan(0)) {
      return item('complaints', [reason('complaints.noAgentCalls', null, new D(ITEM_MAX.complaints).neg(), detail)]);
    }
    return item('complaints', [], [], [reason('complaints.noAgentCalls', null, ZERO, detail)]);
  }
  const excess = f.complaintRate.minus(limit);
  if (!excess.greaterThan(0)) return item('complaints', []);
  const steps = excess.div(TENTH_STEP).ceil();
  const points = policy.complaintExcess === 'ceil' ? steps.times(2) : excess.div(TENTH_STEP).times(2);
  return item('complaints', [
    reason('complaints.excess', policy.complaintExcess === 'ceil' ? num(steps) : null, points.neg(), {
      ratePercent: fixed(f.complaintRate, 3),
      limitPercent: fixed(limit, 3),
      excessPercent: fixed(excess, 3),
      perStep: '-2',
      stepPercent: '0.01',
      rule: policy.complaintExcess,
    }),
  ]);
}

function trainingItem(f: SheetFacts): ItemScore {
  const missing = max(ZERO, new D(2).minus(f.trainingSessions));
  if (missing.isZero()) return item('training', []);
  return item('training', [reason('training.missingSession', num(missing), missing.times(5).neg(), { held: str(f.trainingSessions), required: '2', perEach: '-5' })]);
}

function qaItem(f: SheetFacts, policy: ScoringPolicy): ItemScore {
  const out: Reason[] = [];
  const short = max(ZERO, f.qaQuota.minus(f.qaSampled));
  const tens = policy.qaShortfall === 'ceil' ? short.div(10).ceil() : short.div(10).floor();
  if (tens.greaterThan(0)) {
    out.push(
      reason('qa.quotaShortfall', num(tens), tens.times('0.2').neg(), {
        quota: str(f.qaQuota),
        sampled: str(f.qaSampled),
        short: str(short),
        perTenCalls: '-0.2',
        rule: policy.qaShortfall,
      }),
    );
  }
  if (f.qaErrorsFound.greaterThan(0)) out.push(reason('qa.scoringError', num(f.qaErrorsFound), f.qaErrorsFound.times('0.5').neg(), { perEach: '-0.5' }));
  return item('qa', out);
}

/**
 * Scores one item of the sheet from complete facts. Each item is floored at 0 separately (扣完为止) before its
 * own bonus is added; bonuses never offset another item.
 */
export function scoreItem(name: ItemName, f: SheetFacts, policy: ScoringPolicy): ItemScore {
  switch (name) {
    case 'confidentiality':
      return confidentialityItem(f, policy);
    case 'reporting':
      return reportingItem(f);
    case 'connect':
      return connectItem(f, policy);
    case 'satisfaction':
      return satisfactionItem(f, policy);
    case 'complaints':
      return complaintsItem(f, policy);
    case 'training':
      return trainingItem(f);
    case 'qa':
      return qaItem(f, policy);
  }
}

/** A sum of item points, capped at 100 under `totalCap: '100'`. */
export function capTotal(sum: Dec, policy: ScoringPolicy): Dec {
  return policy.totalCap === '100' ? min(sum, new D(100)) : sum;
}
