/**
 * The three measured KPIs of the contract (项目绩效目标), exactly as the tender defines and rounds them.
 * Internal: the public entry points are {@link computeKpis} and `scoreMonth`.
 */
import { D, type Dec, ZERO, gcd, roundedPercent, fixed, str } from './decimal';
import { ScoringError } from './errors';
import type { NormalizedScoreInput } from './input';
import type { ScoringPolicy, PolicyInput } from './policy';
import { resolvePolicy } from './policy';
import { validateScoreInput, type ScoreInput } from './input';

/** Decimal places of each KPI's percent value (统计结果保留两位小数 / 保留3位小数). */
export const KPI_DECIMALS = { connectRate: 2, satisfaction: 2, complaintRate: 3 } as const;

interface ConnectFields {
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
  requestsInOutage: number;
  connectedInOutage: number;
  shortIvrHangups: number;
}

/** The numerator and denominator of the connect rate after the exclusions, as exact integers. */
export interface ConnectBasisDec {
  connected: Dec;
  requests: Dec;
  excludedInOutage: Dec;
  excludedShortIvr: Dec;
}

/**
 * Connected / requests counted by the connect rate: outage-window requests leave both; short IVR hang-ups
 * leave the denominator (`exclude`) or join the numerator (`ivr-answered`).
 */
export function connectBasis(c: ConnectFields, policy: ScoringPolicy): ConnectBasisDec {
  const short = new D(c.shortIvrHangups);
  const excludeShort = policy.shortIvrHangups === 'exclude';
  return {
    connected: new D(c.agentAnswered)
      .plus(c.ivrAnswered)
      .minus(c.connectedInOutage)
      .plus(excludeShort ? ZERO : short),
    requests: new D(c.requests).minus(c.requestsInOutage).minus(excludeShort ? short : ZERO),
    excludedInOutage: new D(c.requestsInOutage),
    excludedShortIvr: excludeShort ? short : ZERO,
  };
}

/** The month's connect rate in percent, 2 decimals half-up, or null when no request is counted. */
export function connectRateOf(input: NormalizedScoreInput, policy: ScoringPolicy): { rate: Dec | null; basis: ConnectBasisDec; daysCounted: number | null } {
  const basis = connectBasis(input, policy);
  if (policy.connectAggregation === 'aggregate-ratio') {
    return { rate: basis.requests.isZero() ? null : roundedPercent(basis.connected, basis.requests, KPI_DECIMALS.connectRate), basis, daysCounted: null };
  }
  if (input.daily === null) {
    throw new ScoringError('missing', 'daily', 'connectAggregation=mean-of-daily needs the per-day connect counts in `daily`');
  }
  // Exact rational mean of the daily ratios: sum of c_i / r_i over the days with a counted request, / k.
  let num = ZERO;
  let den = new D(1);
  let days = 0;
  for (const day of input.daily) {
    const b = connectBasis(day, policy);
    if (b.requests.isZero()) continue;
    days += 1;
    num = num.times(b.requests).plus(b.connected.times(den));
    den = den.times(b.requests);
    const g = gcd(num, den);
    if (!g.isZero() && !g.equals(1)) {
      num = num.div(g);
      den = den.div(g);
    }
  }
  if (days === 0) return { rate: null, basis, daysCounted: 0 };
  return { rate: roundedPercent(num, den.times(days), KPI_DECIMALS.connectRate), basis, daysCounted: days };
}

/** Satisfaction (挂机满意度) in percent, 2 decimals half-up, or null without survey responses (or when unknown). */
export function satisfactionOf(input: Pick<NormalizedScoreInput, 'surveyResponses' | 'veryOrBasicallySatisfied'>): Dec | null {
  const { surveyResponses: responses, veryOrBasicallySatisfied: satisfied } = input;
  if (responses === null || satisfied === null || responses === 0) return null;
  return roundedPercent(new D(satisfied), new D(responses), KPI_DECIMALS.satisfaction);
}

/** Justified complaint rate (有理由投诉率) in percent, 3 decimals half-up, or null without agent-answered calls (or when unknown). */
export function complaintRateOf(input: Pick<NormalizedScoreInput, 'agentAnswered' | 'justifiedComplaints'>): Dec | null {
  if (input.justifiedComplaints === null || input.agentAnswered === 0) return null;
  return roundedPercent(new D(input.justifiedComplaints), new D(input.agentAnswered), KPI_DECIMALS.complaintRate);
}

/** The QA sampling quota: ceil(1 % of the agent-answered calls) (不少于1%的人工话务). Accepts fractional expected counts. */
export function qaQuotaOf(agentAnswered: Dec): Dec {
  return agentAnswered.div(100).ceil();
}

/**
 * The month's KPIs as decimal strings.
 * - `connectRatePercent`: (agentAnswered + ivrAnswered − connectedInOutage) / (requests − requestsInOutage)
 *   × 100, short IVR hang-ups per policy, 2 decimals half-up (e.g. `"92.50"`); null when no request is
 *   counted. With `connectAggregation: 'mean-of-daily'`, the mean of the days' exact ratios (days with no
 *   counted request skipped), rounded once.
 * - `satisfactionPercent`: veryOrBasicallySatisfied / surveyResponses × 100, 2 decimals; null without responses
 *   or when either count is unknown (absent).
 * - `complaintRatePercent`: justifiedComplaints / agentAnswered × 100, 3 decimals (e.g. `"0.042"`); null
 *   without agent-answered calls or when justifiedComplaints is unknown (absent).
 * - `qaQuota`: ceil(agentAnswered / 100), an integer string.
 * - `connected`, `counted`: the connect rate's numerator and denominator after exclusions.
 *
 * Source: 项目绩效目标 1–3 ("热线接通率=（人工接通量+IVR接通量）/总请求量*100%…统计结果保留两位小数；外部因素导致系统中断
 * 而影响接通率的时段剔除", "挂机评价满意率=（非常满意+基本满意）评价数量/总参评量*100%", "投诉率=有责投诉数量/人工接话量…保留3位小数").
 *
 * @throws {ScoringError} everything `validateScoreInput` and `resolvePolicy` throw; `missing` (field `daily`)
 *   for mean-of-daily without daily counts.
 * @example
 * computeKpis({ requests: 20000, agentAnswered: 11498, ivrAnswered: 6500 }).connectRatePercent; // "89.99"
 */
export function computeKpis(
  input: ScoreInput,
  policy?: PolicyInput,
): { connectRatePercent: string | null; satisfactionPercent: string | null; complaintRatePercent: string | null; qaQuota: string; connected: string; counted: string } {
  const p = resolvePolicy(policy);
  const n = validateScoreInput(input);
  const c = connectRateOf(n, p);
  const s = satisfactionOf(n);
  const k = complaintRateOf(n);
  return {
    connectRatePercent: c.rate === null ? null : fixed(c.rate, KPI_DECIMALS.connectRate),
    satisfactionPercent: s === null ? null : fixed(s, KPI_DECIMALS.satisfaction),
    complaintRatePercent: k === null ? null : fixed(k, KPI_DECIMALS.complaintRate),
    qaQuota: str(qaQuotaOf(new D(n.agentAnswered))),
    connected: str(c.basis.connected),
    counted: str(c.basis.requests),
  };
}
