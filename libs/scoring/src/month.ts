/**
 * One month on the 100-point sheet: the public entry point `scoreMonth` and the flat view `sheetFigures`.
 */
import { D, type Dec, fixed, str } from './decimal';
import { validateScoreInput, type ScoreInput, type KnownScoreInput, type ItemName } from './input';
import { resolvePolicy, type PolicyInput, type ScoringPolicy } from './policy';
import { connectRateOf, satisfactionOf, complaintRateOf, qaQuotaOf, KPI_DECIMALS } from './kpis';
import { sheetFacts, type ItemScore, type SheetFacts } from './items';
import { honestSheet, sheetTotals, type FeedOpen, type SheetTotals } from './pending';
import { ScoringError } from './errors';

/** The KPI percents of a month as decimal strings; null where the denominator is empty. */
export interface MonthRates {
  /** Connect rate in percent, 2 decimals (`"92.50"`). */
  connectRatePercent: string | null;
  /** Hang-up satisfaction in percent, 2 decimals (`"97.00"`). */
  satisfactionPercent: string | null;
  /** Justified complaint rate in percent, 3 decimals (`"0.042"`). */
  complaintRatePercent: string | null;
}

/**
 * A month's result.
 * - `items`: the seven items in sheet order (see {@link ItemScore}); an item with unknown register figures is
 *   pending (`points: null`, its range in `pointsMin`/`pointsMax`).
 * - `rates`: the KPIs (null with an empty denominator or unknown figures); `qaQuota`: ceil(1 % of
 *   agent-answered calls), integer string.
 * - `connect`: the connect rate's numerator/denominator after exclusions and what was excluded;
 *   `aggregation` and, for `mean-of-daily`, `daysCounted`.
 * - `total`, `coefficient`, `provisional`, `totalMin`, `totalMax`, `coefficientMin`, `coefficientMax`,
 *   `pendingItems`: see {@link SheetTotals} (`total` and `coefficient` are null while any item is pending).
 * - `policy`: the complete policy used.
 */
export interface MonthScore extends SheetTotals {
  items: ItemScore[];
  rates: MonthRates;
  qaQuota: string;
  connect: {
    connected: string;
    counted: string;
    excludedInOutage: string;
    excludedShortIvr: string;
    aggregation: ScoringPolicy['connectAggregation'];
    daysCounted: number | null;
  };
  policy: ScoringPolicy;
}

/**
 * How a month's figures are to be read (the third argument of {@link scoreMonth}).
 * - `feedFinal` (default `true`): the call-feed counts are the whole month's. Give `false` for a month still
 *   running (by the feed clock): the counts are then month-to-date, so the month-end connect rate is unknown (the
 *   connect item is pending over [0, 25 + 2]: calls still to come are not bounded), and the month's agent-answered
 *   count is only known to be at least the count so far (the complaint rate and the QA quota depend on it, so
 *   complaints and QA are pending too, over every count from the one so far up). `rates` still give the
 *   month-to-date KPIs.
 *
 * Independently of this option, a month with no request at all (`requests` 0: nothing in the ledger, not even
 * inside outage windows) has an unknown feed: the same items are pending (`connect.pending` with cause
 * `no-data`), never `connect.noRequests` full marks; that policy is for a month whose requests all fell in
 * outage windows.
 */
export interface ScoreMonthOptions {
  feedFinal?: boolean;
}

/** Reads {@link ScoreMonthOptions}. @throws {ScoringError} `not-an-object` (field `options`), `unknown-field`, `not-a-number` (field `options.feedFinal`: not a boolean). */
function readOptions(options: unknown): Required<ScoreMonthOptions> {
  if (options === undefined || options === null) return { feedFinal: true };
  if (typeof options !== 'object' || Array.isArray(options)) throw new ScoringError('not-an-object', 'options', 'must be an object { feedFinal? }');
  for (const key of Object.keys(options)) {
    if (key !== 'feedFinal') throw new ScoringError('unknown-field', `options.${key}`, 'unknown field; known: feedFinal');
  }
  const feedFinal = 'feedFinal' in options ? options.feedFinal : undefined;
  if (feedFinal !== undefined && typeof feedFinal !== 'boolean') throw new ScoringError('not-a-number', 'options.feedFinal', `must be true or false, got ${JSON.stringify(feedFinal)}`);
  return { feedFinal: feedFinal ?? true };
}

function factsOf(n: KnownScoreInput, connectRate: Dec | null): SheetFacts {
  return sheetFacts(n, {
    connectRate,
    satisfaction: satisfactionOf(n),
    complaintRate: complaintRateOf(n),
    justifiedComplaints: new D(n.justifiedComplaints),
    qaQuota: qaQuotaOf(new D(n.agentAnswered)),
  });
}

/**
 * Scores one month on the 100-point sheet (“12123”语音中心考核指标评分办法) with exact decimal arithmetic and
 * the contract's rounding (half-up; connect rate and satisfaction to 2 decimals of a percent, complaint rate
 * to 3). Items are scored on the rounded KPI values (89.995 % rounds to 90.00 % and is on target).
 *
 * Rules (contract.md; the tender's clause in brackets), each ambiguity a policy (see `POLICY_OPTIONS`):
 * - confidentiality 10 [每次扣1分；造成不良后果的，每次扣5分]: −1 per breach, −5 more per breach with bad consequences.
 * - reporting 10 [未按时提交扣1分/次；…每次扣0.5分…；自评表未按时提交扣5分，未如实自评每次扣2分]: one pool, floor 0.
 * - connect 25 [每低一个百分点扣1分，扣完为止；每提升0.5个百分点加0.2分，封顶2分]: below 90 % −1 per started point.
 * - satisfaction 25 [每低一个百分点扣1分，扣完为止，期间线性得分；…封顶2分]: below 95 % −1 per point, linear.
 * - complaints 10 [有责投诉诉率≤0.05%，每超过0.01%扣2分]: −2 per started 0.01 % above 0.05 %.
 * - training 10 [每月至少组织2次专项培训…未开展一次扣5分]: −5 per missing session.
 * - qa 10 [不少于1%的人工话务录音…每少10通扣0.2分；…评分差错每次扣0.5分]: quota ceil(1 %), −0.2 per started 10 short.
 *
 * Unknown figures: a register field that is absent is unknown; its item is pending (never full marks by
 * assumption) and the total and coefficient are given as a range (`provisional`, `totalMin` ... `coefficientMax`);
 * see `ITEM_FIELDS` and README "Pending items". The call feed is unknown while the month runs
 * (`options.feedFinal: false`) and when the month has no request at all: connect (over [0, 27]), complaints and
 * QA are then pending (see {@link ScoreMonthOptions}).
 *
 * Empty denominators: no counted request although some fell in outage windows (or were short IVR hang-ups) ->
 * connect rate null, policy `noRequests` (default full marks, no bonus: an outage-only month has nothing to
 * assess); no survey response -> satisfaction null, policy
 * `noSurveyResponses` (default 0 points: the target cannot be shown to be met); no agent-answered call ->
 * complaint rate null, policy `noAgentCalls` (default full marks without justified complaints, 0 with any).
 *
 * @param input - the month's counts, see {@link ScoreInput}.
 * @param policy - non-default readings, e.g. `{ connectShortfall: 'linear' }`.
 * @param options - `{ feedFinal: false }` for a month still running, see {@link ScoreMonthOptions}.
 * @returns the full sheet, see {@link MonthScore}.
 * @throws {ScoringError} with the offending field: bad or inconsistent counts (`validateScoreInput`), bad
 *   policies (`resolvePolicy`), bad options (`options.feedFinal`), `missing` `daily` for `mean-of-daily`.
 * @example
 * const s = scoreMonth({ requests: 20000, agentAnswered: 11200, ivrAnswered: 6500, veryOrBasicallySatisfied: 4850,
 *   surveyResponses: 5000, justifiedComplaints: 5, trainingSessions: 2, qaSampled: 112, qaErrorsFound: 0,
 *   reportsLate: 0, reportItemsMissing: 0, selfAssessmentLate: 0, selfAssessmentUntruthful: 0,
 *   confidentialityBreaches: 0, confidentialityBreachesWithConsequences: 0 });
 * s.rates.connectRatePercent; // "88.50"
 * s.items[2].points;          // "23" (two started points short)
 * s.total;                    // "98.8"
 * s.coefficient;              // "1.00"
 * const t = scoreMonth({ requests: 20000, agentAnswered: 11200, ivrAnswered: 6500 }); // no register figure known
 * t.total;                    // null; t.provisional true; t.totalMin "23", t.totalMax "100" (23 + 75 + 2)
 * const r = scoreMonth({ requests: 9000, agentAnswered: 7600, ivrAnswered: 500 }, {}, { feedFinal: false }); // still running
 * r.rates.connectRatePercent; // "90.00" (month to date)
 * r.items[2].points;          // null: connect pending, pointsMin "0", pointsMax "27"
 */
export function scoreMonth(input: ScoreInput, policy?: PolicyInput, options?: ScoreMonthOptions | Readonly<Record<string, unknown>>): MonthScore {
  const p = resolvePolicy(policy);
  const n = validateScoreInput(input);
  const { feedFinal } = readOptions(options);
  const connect = connectRateOf(n, p);
  const feedOpen: FeedOpen | null = !feedFinal ? 'month-running' : n.requests === 0 ? 'no-data' : null;
  const items = honestSheet(n, (k) => factsOf(k, connect.rate), p, feedOpen);
  const satisfaction = satisfactionOf(n);
  const complaintRate = complaintRateOf(n);
  return {
    items,
    rates: {
      connectRatePercent: connect.rate === null ? null : fixed(connect.rate, KPI_DECIMALS.connectRate),
      satisfactionPercent: satisfaction === null ? null : fixed(satisfaction, KPI_DECIMALS.satisfaction),
      complaintRatePercent: complaintRate === null ? null : fixed(complaintRate, KPI_DECIMALS.complaintRate),
    },
    qaQuota: str(qaQuotaOf(new D(n.agentAnswered))),
    connect: {
      connected: str(connect.basis.connected),
      counted: str(connect.basis.requests),
      excludedInOutage: str(connect.basis.excludedInOutage),
      excludedShortIvr: str(connect.basis.excludedShortIvr),
      aggregation: p.connectAggregation,
      daysCounted: connect.daysCounted,
    },
    ...sheetTotals(items, p),
    policy: p,
  };
}

/**
 * The flat figures of a sheet, under the names of `score-cases.json`'s `expected`: `confidentiality`,
 * `reporting`, `connectRate%`, `connect`, `satisfaction%`, `satisfaction`, `complaintRate%`, `complaints`,
 * `training`, `qaQuota`, `qa`, `total`, `coefficient` — decimal strings; a pending item's value, and `total` and
 * `coefficient` of a provisional sheet, are `null` (rates null when not computable) — then `provisional`,
 * `totalMin`, `totalMax`, `coefficientMin`, `coefficientMax`.
 *
 * @example
 * sheetFigures(scoreMonth(input))['connectRate%']; // "92.50"
 * sheetFigures(scoreMonth({ requests: 10, agentAnswered: 9 })).training; // null (trainingSessions unknown)
 */
export function sheetFigures(
  score: Pick<MonthScore, 'items' | 'rates' | 'qaQuota' | 'total' | 'coefficient' | 'provisional' | 'totalMin' | 'totalMax' | 'coefficientMin' | 'coefficientMax'>,
): SheetFiguresRecord {
  const pts = (name: ItemName): string | null => {
    const found = score.items.find((i) => i.item === name);
    if (found === undefined) throw new ScoringError('missing', `items.${name}`, 'the sheet has no such item');
    return found.points;
  };
  return {
    confidentiality: pts('confidentiality'),
    reporting: pts('reporting'),
    'connectRate%': score.rates.connectRatePercent,
    connect: pts('connect'),
    'satisfaction%': score.rates.satisfactionPercent,
    satisfaction: pts('satisfaction'),
    'complaintRate%': score.rates.complaintRatePercent,
    complaints: pts('complaints'),
    training: pts('training'),
    qaQuota: score.qaQuota,
    qa: pts('qa'),
    total: score.total,
    coefficient: score.coefficient,
    provisional: score.provisional,
    totalMin: score.totalMin,
    totalMax: score.totalMax,
    coefficientMin: score.coefficientMin,
    coefficientMax: score.coefficientMax,
  };
}

/** The record {@link sheetFigures} returns (null: pending item / provisional sheet, or a rate not computable). */
export interface SheetFiguresRecord {
  confidentiality: string | null;
  reporting: string | null;
  'connectRate%': string | null;
  connect: string | null;
  'satisfaction%': string | null;
  satisfaction: string | null;
  'complaintRate%': string | null;
  complaints: string | null;
  training: string | null;
  qaQuota: string;
  qa: string | null;
  total: string | null;
  coefficient: string | null;
  provisional: boolean;
  totalMin: string;
  totalMax: string;
  coefficientMin: string;
  coefficientMax: string;
}
