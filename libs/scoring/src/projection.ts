/**
 * Month-end projection and the connect-rate budget.
 *
 * Model (documented in README.md, "Projection model"). From the month-to-date figures and a forecast for the
 * rest of the month:
 * - Remaining requests N: mean λ; Poisson (Var N = λ, default) or fixed (`volume: 'fixed'`, N = λ).
 * - Each remaining request is connected with probability p (forecast `connectFraction`, default the
 *   month-to-date connect fraction); p itself may be uncertain with standard deviation σ
 *   (`connectFractionSd`, default 0), independent of N.
 * - X = connected among the remaining, Y = N − X lost. Exact first and second moments:
 *   Poisson: E X = λp, Var X = λp + λ²σ², Var Y = λ(1−p) + λ²σ², Cov(X, Y) = −λ²σ²;
 *   fixed:   Var X = Var Y = λp(1−p) + λ(λ−1)σ², Cov(X, Y) = −Var X.
 * - Month-end rate R = (C₀ + X) / (T₀ + X + Y); mean by the plug-in value, variance by the delta method:
 *   Var R ≈ g_X² Var X + g_Y² Var Y + 2 g_X g_Y Cov(X, Y), g_X = L/T², g_Y = −C/T² (C, L, T: expected
 *   month-end connected, lost, counted). Intervals are normal: mid ± z·sd, z = 1.2816 (80 %), 1.9600 (95 %),
 *   clamped to [0, 100] %.
 * - Satisfaction: remaining surveys S = (remaining agent-answered) × surveysPerAgentAnswered, each satisfied
 *   with probability q; Poisson thinning (independent satisfied / not satisfied counts), same delta method.
 * - Justified complaints: remaining K ~ Poisson((remaining agent-answered) × complaintsPerAgentAnswered);
 *   the denominator is taken at its expectation.
 * - Register items (confidentiality, reporting, training, QA sampled and errors) are taken as they stand in
 *   the month-to-date figures; where a figure is unknown (absent) the item is pending in every scenario, with its
 *   range (never full marks by assumption). Satisfaction and the complaint rate are projected only from known
 *   month-to-date surveys / justified complaints (and a rate for the rest that is given or derivable); otherwise
 *   their item is pending too. The QA quota uses the expected month-end agent-answered count.
 * - Scenarios: every KPI at the same end of its interval, unfavourable (`low95`, `low80`), `mid`, favourable
 *   (`high80`, `high95`); each scenario is scored with the exact sheet. Putting every KPI at its unfavourable
 *   end at once is deliberately conservative (the ends are not jointly 95 %).
 */
import { D, S, type Dec, ZERO, ONE, HUNDRED, fixed, str, roundHalfUp, roundedPercent, min, max } from './decimal';
import { ScoringError } from './errors';
import { validateScoreInput, readCount, type ScoreInput, type NormalizedScoreInput, type KnownScoreInput, type Count } from './input';
import { resolvePolicy, type PolicyInput, type ScoringPolicy } from './policy';
import { connectBasis, qaQuotaOf, satisfactionOf, KPI_DECIMALS } from './kpis';
import { sheetFacts, type ItemScore, type SheetFacts } from './items';
import { honestSheet, sheetTotals, type SheetTotals } from './pending';
import { scoreMonth, type MonthScore, type MonthRates } from './month';

/** A number or decimal string. Fractions (`connectFraction`, ...) are fractions in [0, 1], not percent. */
export type Numeric = number | string;

/**
 * The forecast for the rest of the month. Give the volume either as `remainingRequests` or as
 * `requestsPerDay` × `remainingDays`. Requests are those the connect rate counts (outside outage windows,
 * after the short-IVR policy); no outage is assumed for the rest of the month.
 * - `remainingRequests`: expected requests in the rest of the month (mean), >= 0.
 * - `requestsPerDay`, `remainingDays`: the same as a daily mean times a whole number of days.
 * - `connectFraction`: expected fraction (0..1, not percent) of the remaining requests that will be
 *   connected (agent or IVR). Default: the month-to-date fraction.
 * - `connectFractionSd`: standard deviation of that fraction (fraction units, e.g. 0.015), its own
 *   uncertainty (day-to-day variation, forecast error). Default 0 (binomial/Poisson noise only).
 * - `volume`: `'poisson'` (default, the remaining volume is Poisson with mean λ) or `'fixed'`.
 * - `agentShare`: fraction of the remaining connected requests answered by an agent. Default: month to date.
 * - `surveysPerAgentAnswered`: survey responses per agent-answered call. Default: month to date.
 * - `satisfiedFraction`: fraction of survey responses very or basically satisfied. Default: month to date.
 * - `complaintsPerAgentAnswered`: justified complaints per agent-answered call. Default: month to date.
 */
export interface RestOfMonthForecast {
  remainingRequests?: Numeric;
  requestsPerDay?: Numeric;
  remainingDays?: Numeric;
  connectFraction?: Numeric;
  connectFractionSd?: Numeric;
  volume?: 'poisson' | 'fixed';
  agentShare?: Numeric;
  surveysPerAgentAnswered?: Numeric;
  satisfiedFraction?: Numeric;
  complaintsPerAgentAnswered?: Numeric;
}

/** The input of {@link projectMonth}: the month so far (a {@link ScoreInput}) and the forecast for the rest. */
export interface ProjectionInput {
  monthToDate: ScoreInput;
  forecast: RestOfMonthForecast;
}

/** A KPI's projected month-end value in percent (at the KPI's decimals) with its 80 % and 95 % intervals. */
export interface RateRange {
  mid: string;
  low80: string;
  high80: string;
  low95: string;
  high95: string;
  /** Standard deviation in percentage points, 3 decimals. */
  sdPoints: string;
}

/** The scenario names, unfavourable to favourable. */
export const SCENARIOS = ['low95', 'low80', 'mid', 'high80', 'high95'] as const;
/** A scenario: `low95` = every KPI at the unfavourable end of its 95 % interval, ..., `high95`. */
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * One scenario scored on the sheet: the KPIs at the scenario, the QA quota, the items (pending where a register
 * figure is unknown) and the total with its range (see `SheetTotals`).
 */
export interface ScenarioScore extends SheetTotals {
  rates: MonthRates;
  qaQuota: string;
  items: ItemScore[];
}

/**
 * The connect-rate budget: how many more requests the month can lose and still end at the target.
 * - `targetPercent`: the target (`"90.00"`); `thresholdPercent`: the exact rate that rounds half-up to it
 *   (`"89.995"`: 89.995 % is stated as 90.00 %, which meets ">= 90 %").
 * - `remainingRequests`: N, the remaining requests assumed (an integer).
 * - `lostBudget`: B, the largest number of the N that may be lost with the month still at or above the
 *   target: losing B keeps it, losing B + 1 does not. Negative when even connecting all N falls short.
 * - `status`: `secured` (B >= N: even losing every remaining request keeps the target), `open`
 *   (0 <= B < N), `unreachable` (B < 0).
 * - `requiredConnected`: N − B, how many of the N must be connected (0 when secured; above N when
 *   unreachable).
 * - `requiredRestConnectRatePercent`: requiredConnected / N in percent, rounded UP to 2 decimals (the rate
 *   the rest of the month needs at least); null when N = 0.
 */
export interface ConnectBudget {
  targetPercent: string;
  thresholdPercent: string;
  connected: string;
  counted: string;
  remainingRequests: string;
  lostBudget: string;
  status: 'secured' | 'open' | 'unreachable';
  requiredConnected: string;
  requiredRestConnectRatePercent: string | null;
}

/**
 * The projected month end.
 * - `monthToDate`: the sheet of the figures so far, as if the month ended now.
 * - `forecast`: the forecast actually used (defaults filled in) and `derived`: which of its fields were
 *   taken from the month-to-date figures.
 * - `expected`: expected month-end counts (mid), decimal strings with 2 decimals.
 * - `connectRate`, `satisfaction`, `complaintRate`: {@link RateRange}s (null when not computable).
 * - `probabilityConnectOnTarget`: normal-approximation probability that the month's connect rate is stated
 *   as >= 90.00 % (exact rate >= 89.995 %), 3 decimals; null when not computable.
 * - `scenarios`: the sheet at each scenario; `total`, `coefficient`: each scenario's (null when provisional);
 *   `provisional`: some item is pending (in every scenario alike); `totalMin`, `totalMax`, `coefficientMin`,
 *   `coefficientMax`: each scenario's range.
 * - `budget`: {@link ConnectBudget} with N = the expected remaining requests rounded half-up.
 */
export interface MonthProjection {
  monthToDate: MonthScore;
  forecast: {
    remainingRequests: string;
    connectFraction: string;
    connectFractionSd: string;
    volume: 'poisson' | 'fixed';
    agentShare: string;
    /** Null when the surveys so far are unknown, or no rate was given and none can be derived. */
    surveysPerAgentAnswered: string | null;
    satisfiedFraction: string | null;
    /** Null when the justified complaints so far are unknown, or no rate was given and none can be derived. */
    complaintsPerAgentAnswered: string | null;
    derived: string[];
  };
  expected: {
    counted: string;
    connected: string;
    agentAnswered: string;
    /** Null when not projected (unknown figures). */
    surveyResponses: string | null;
    satisfied: string | null;
    justifiedComplaints: string | null;
  };
  connectRate: RateRange | null;
  satisfaction: RateRange | null;
  complaintRate: RateRange | null;
  probabilityConnectOnTarget: string | null;
  scenarios: Record<ScenarioName, ScenarioScore>;
  total: Record<ScenarioName, string | null>;
  coefficient: Record<ScenarioName, string | null>;
  provisional: boolean;
  totalMin: Record<ScenarioName, string>;
  totalMax: Record<ScenarioName, string>;
  coefficientMin: Record<ScenarioName, string>;
  coefficientMax: Record<ScenarioName, string>;
  budget: ConnectBudget;
  policy: ScoringPolicy;
}

const Z80 = new D('1.2815515655446004');
const Z95 = new D('1.9599639845400542');
const Z_OF: Record<ScenarioName, Dec> = { low95: Z95.neg(), low80: Z80.neg(), mid: ZERO, high80: Z80, high95: Z95 };
const FORECAST_FIELDS = [
  'remainingRequests',
  'requestsPerDay',
  'remainingDays',
  'connectFraction',
  'connectFractionSd',
  'volume',
  'agentShare',
  'surveysPerAgentAnswered',
  'satisfiedFraction',
  'complaintsPerAgentAnswered',
] as const;

function readNonNegative(value: unknown, field: string): Dec {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value < 0) throw new ScoringError('negative', field, `must not be negative, got ${value}`);
    return new D(value);
  }
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) {
    const d = new D(value.trim());
    if (d.isNegative() && !d.isZero()) throw new ScoringError('negative', field, `must not be negative, got ${value}`);
    return d;
  }
  throw new ScoringError('not-a-number', field, `must be a finite number or decimal string, got ${JSON.stringify(value)}`);
}

function readFraction(value: unknown, field: string): Dec {
  const d = readNonNegative(value, field);
  if (d.greaterThan(1)) throw new ScoringError('out-of-range', field, `is a fraction in [0, 1] (not percent), got ${String(value)}`);
  return d;
}

/** Standard normal CDF (Zelen & Severo, Abramowitz–Stegun 26.2.17, |error| < 7.5e-8). */
function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - upper : upper;
}

/**
 * Mean and standard deviation of a ratio num/(num + other) by the delta method, computed at the statistics
 * precision (clone `S`) and returned as contract decimals.
 */
function ratioMoments(num: Dec, other: Dec, varNum: Dec, varOther: Dec, cov: Dec): { mean: Dec; sd: Dec } | null {
  const [a, b, va, vb, c] = [num, other, varNum, varOther, cov].map((d) => new S(d));
  const total = a.plus(b);
  if (!total.greaterThan(0)) return null;
  const t2 = total.times(total);
  const gNum = b.div(t2);
  const gOther = a.neg().div(t2);
  const variance = gNum.times(gNum).times(va).plus(gOther.times(gOther).times(vb)).plus(gNum.times(gOther).times(c).times(2));
  return { mean: new D(a.div(total)), sd: new D(S.max(0, variance).sqrt()) };
}

function clamp01(x: Dec): Dec {
  return min(ONE, max(ZERO, x));
}

function percentAt(fraction: Dec, dp: number): Dec {
  return roundHalfUp(fraction.times(HUNDRED), dp);
}

function rangeOf(m: { mean: Dec; sd: Dec }, dp: number): RateRange {
  const at = (z: Dec): string => fixed(percentAt(clamp01(m.mean.plus(z.times(m.sd))), dp), dp);
  return {
    mid: at(ZERO),
    low80: at(Z80.neg()),
    high80: at(Z80),
    low95: at(Z95.neg()),
    high95: at(Z95),
    sdPoints: fixed(roundHalfUp(m.sd.times(HUNDRED), 3), 3),
  };
}

function ceil2(x: Dec): Dec {
  return x.times(100).ceil().div(100);
}

/**
 * The connect-rate budget: how many more requests the month can lose and still be stated at the target.
 * With half-up rounding to 2 decimals, a rate is stated as >= 90.00 % exactly when the unrounded rate is
 * >= 89.995 %, so B = floor(C + N − 0.89995 · (T + N)) computed in exact integer arithmetic.
 *
 * @param input.connected - C, connected requests so far as counted by the connect rate (after outage and
 *   short-IVR exclusions; see `computeKpis(...).connected`).
 * @param input.requests - T, requests so far as counted (`computeKpis(...).counted`), >= connected.
 * @param input.remainingRequests - N, requests still to come (a count).
 * @param input.targetPercent - the target in percent with at most 2 decimals, default `"90.00"`; e.g.
 *   `"92.50"` for the +1.0 bonus threshold; any value in (0, 100].
 * @returns see {@link ConnectBudget}.
 * @throws {ScoringError} bad counts (`not-a-number`, `negative`, `not-an-integer` on the named field),
 *   `inconsistent` (field `connected`) when connected > requests, `out-of-range` (field `targetPercent`).
 * @example
 * connectBudget({ connected: 8100, requests: 9000, remainingRequests: 11000 });
 * // lostBudget "1101": losing 1101 of the 11000 ends at 17999/20000 = 89.995 % -> stated "90.00";
 * // losing 1102 ends at 17998/20000 = 89.99 %. requiredRestConnectRatePercent "90.00" (9899 of 11000, rounded up)
 */
export function connectBudget(input: { connected: Count; requests: Count; remainingRequests: Count; targetPercent?: Numeric }): ConnectBudget {
  if (typeof input !== 'object' || input === null) throw new ScoringError('not-an-object', 'input', 'must be an object');
  const c = new D(readCount(input.connected ?? 0, 'connected'));
  const t = new D(readCount(input.requests ?? 0, 'requests'));
  const n = new D(readCount(input.remainingRequests ?? 0, 'remainingRequests'));
  if (c.greaterThan(t)) throw new ScoringError('inconsistent', 'connected', `connected (${str(c)}) exceeds requests (${str(t)})`);
  return budgetOf(c, t, n, readTarget(input.targetPercent));
}

function readTarget(value: unknown): Dec {
  if (value === undefined) return new D(90);
  const d = readNonNegative(value, 'targetPercent');
  if (!d.greaterThan(0) || d.greaterThan(100) || d.decimalPlaces() > 2) {
    throw new ScoringError('out-of-range', 'targetPercent', `must be a percent in (0, 100] with at most 2 decimals, got ${String(value)}`);
  }
  return d;
}

function budgetOf(c: Dec, t: Dec, n: Dec, target: Dec): ConnectBudget {
  const threshold = target.minus('0.005');
  const theta = threshold.div(100);
  const total = t.plus(n);
  const b = c.plus(n).minus(theta.times(total)).floor();
  const status: ConnectBudget['status'] = total.isZero() || b.greaterThanOrEqualTo(n) ? 'secured' : b.isNegative() ? 'unreachable' : 'open';
  const required = max(ZERO, n.minus(b));
  return {
    targetPercent: fixed(target, 2),
    thresholdPercent: fixed(threshold, 3),
    connected: str(c),
    counted: str(t),
    remainingRequests: str(n),
    lostBudget: str(total.isZero() ? ZERO : b),
    status,
    requiredConnected: str(total.isZero() ? ZERO : required),
    requiredRestConnectRatePercent: n.isZero() ? null : fixed(ceil2(required.div(n).times(100)), 2),
  };
}

function readForecast(raw: unknown): Partial<Record<(typeof FORECAST_FIELDS)[number], unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ScoringError('not-an-object', 'forecast', 'must be an object');
  for (const key of Object.keys(raw)) {
    if (!(FORECAST_FIELDS as readonly string[]).includes(key)) {
      throw new ScoringError('unknown-field', `forecast.${key}`, `unknown field; known: ${FORECAST_FIELDS.join(', ')}`);
    }
  }
  return raw as Partial<Record<(typeof FORECAST_FIELDS)[number], unknown>>;
}

/** A forecast ratio: given (a fraction in [0, 1], or any non-negative rate per call), else month-to-date num/den. */
function ratioOr(num: number, den: number, given: unknown, field: string, needed: boolean, derived: string[], kind: 'fraction' | 'per-call' = 'fraction'): Dec {
  if (given !== undefined) return kind === 'per-call' ? readNonNegative(given, `forecast.${field}`) : readFraction(given, `forecast.${field}`);
  if (den > 0) {
    derived.push(field);
    return new D(new S(num).div(den));
  }
  if (needed) throw new ScoringError('missing', `forecast.${field}`, 'cannot be derived from the month-to-date figures (empty denominator); give it in the forecast');
  return ZERO;
}

/** Like {@link ratioOr}, but a needed rate that is neither given nor derivable is unknown (null), not an error. */
function ratioOrUnknown(num: number, den: number, given: unknown, field: string, needed: boolean, derived: string[], kind: 'fraction' | 'per-call' = 'fraction'): Dec | null {
  if (given === undefined && den === 0 && needed) return null;
  return ratioOr(num, den, given, field, needed, derived, kind);
}

/** A forecast rate given for a KPI whose month-to-date figures are unknown: validated, but it cannot be used. */
function readGiven(given: unknown, field: string, kind: 'fraction' | 'per-call'): null {
  if (given !== undefined) {
    if (kind === 'per-call') readNonNegative(given, `forecast.${field}`);
    else readFraction(given, `forecast.${field}`);
  }
  return null;
}

type Forecast = ReturnType<typeof readForecast>;
type Moments = { mean: Dec; sd: Dec };

/**
 * The requests expected in the rest of the month (λ, from `remainingRequests` or `requestsPerDay × remainingDays`)
 * and the volume model (`poisson`, the default, or `fixed`).
 * @throws {ScoringError} `inconsistent` when both forms are given, `missing` when neither is, `out-of-range` volume.
 */
function readVolume(f: Forecast): { lambda: Dec; volume: 'poisson' | 'fixed' } {
  let lambda: Dec;
  if (f.remainingRequests !== undefined) {
    if (f.requestsPerDay !== undefined || f.remainingDays !== undefined) {
      throw new ScoringError('inconsistent', 'forecast.remainingRequests', 'give remainingRequests or requestsPerDay × remainingDays, not both');
    }
    lambda = readNonNegative(f.remainingRequests, 'forecast.remainingRequests');
  } else if (f.requestsPerDay !== undefined && f.remainingDays !== undefined) {
    lambda = readNonNegative(f.requestsPerDay, 'forecast.requestsPerDay').times(readCount(f.remainingDays, 'forecast.remainingDays'));
  } else {
    throw new ScoringError('missing', 'forecast.remainingRequests', 'give remainingRequests, or requestsPerDay and remainingDays');
  }
  const volume = f.volume ?? 'poisson';
  if (volume !== 'poisson' && volume !== 'fixed') throw new ScoringError('out-of-range', 'forecast.volume', `must be 'poisson' or 'fixed', got ${JSON.stringify(volume)}`);
  return { lambda, volume };
}

/**
 * Mean and standard deviation of the month-end connect rate (c0 + X) / (t0 + λ): X the rest's connected calls with
 * fraction `pc` (its uncertainty `sigma`), Y = λ − X the rest's others; Poisson volume (X, Y independent Poisson with
 * the shared fraction's variance λ²σ²) or fixed volume (binomial plus λ(λ−1)σ²); null when nothing is counted.
 */
function connectMoments(c0: Dec, t0: Dec, lambda: Dec, pc: Dec, sigma: Dec, volume: 'poisson' | 'fixed'): Moments | null {
  const x = lambda.times(pc);
  const y = lambda.minus(x);
  const lambda2s2 = lambda.times(lambda).times(sigma).times(sigma);
  let varX: Dec;
  let varY: Dec;
  let cov: Dec;
  if (volume === 'poisson') {
    varX = x.plus(lambda2s2);
    varY = y.plus(lambda2s2);
    cov = lambda2s2.neg();
  } else {
    varX = lambda.times(pc).times(ONE.minus(pc)).plus(lambda.times(max(ZERO, lambda.minus(1))).times(sigma).times(sigma));
    varY = varX;
    cov = varX.neg();
  }
  return ratioMoments(c0.plus(x), t0.minus(c0).plus(y), varX, varY, cov);
}

/**
 * The surveys of the rest of the month (per agent-answered call `spa`, satisfied fraction `q`) and the month-end
 * satisfaction's moments and counts; all null when the survey register is not known so far or a rate cannot be had.
 */
function projectSurveys(n: NormalizedScoreInput, f: Forecast, agentRest: Dec, hasAgentRest: boolean, derived: string[]) {
  const surveysKnown = n.surveyResponses !== null && n.veryOrBasicallySatisfied !== null;
  const spa = surveysKnown
    ? ratioOrUnknown(n.surveyResponses ?? 0, n.agentAnswered, f.surveysPerAgentAnswered, 'surveysPerAgentAnswered', hasAgentRest, derived, 'per-call')
    : readGiven(f.surveysPerAgentAnswered, 'surveysPerAgentAnswered', 'per-call');
  const surveysRest = spa === null ? null : agentRest.times(spa);
  const q = surveysKnown
    ? ratioOrUnknown(n.veryOrBasicallySatisfied ?? 0, n.surveyResponses ?? 0, f.satisfiedFraction, 'satisfiedFraction', surveysRest !== null && surveysRest.greaterThan(0), derived)
    : readGiven(f.satisfiedFraction, 'satisfiedFraction', 'fraction');
  let satM: Moments | null = null;
  let surveysEnd: Dec | null = null;
  let satisfiedEnd: Dec | null = null;
  if (surveysKnown && surveysRest !== null && q !== null) {
    const satRest = surveysRest.times(q);
    const unsatRest = surveysRest.minus(satRest);
    const sat0 = n.veryOrBasicallySatisfied ?? 0;
    const resp0 = n.surveyResponses ?? 0;
    satM = ratioMoments(new D(sat0).plus(satRest), new D(resp0 - sat0).plus(unsatRest), satRest, unsatRest, ZERO);
    surveysEnd = new D(resp0).plus(surveysRest);
    satisfiedEnd = new D(sat0).plus(satRest);
  }
  return { spa, q, satM, surveysEnd, satisfiedEnd };
}

/**
 * The justified complaints of the rest of the month (per agent-answered call `kpa`, Poisson) and the month-end
 * complaint rate's moments; null when the complaints register is not known so far or the rate cannot be had.
 */
function projectComplaints(n: NormalizedScoreInput, f: Forecast, agentRest: Dec, agentEnd: Dec, hasAgentRest: boolean, derived: string[]) {
  const complaintsKnown = n.justifiedComplaints !== null;
  const kpa = complaintsKnown
    ? ratioOrUnknown(n.justifiedComplaints ?? 0, n.agentAnswered, f.complaintsPerAgentAnswered, 'complaintsPerAgentAnswered', hasAgentRest, derived, 'per-call')
    : readGiven(f.complaintsPerAgentAnswered, 'complaintsPerAgentAnswered', 'per-call');
  let complaintM: Moments | null = null;
  let complaintsEnd: Dec | null = null;
  if (complaintsKnown && kpa !== null) {
    const complaintsRest = agentRest.times(kpa);
    complaintsEnd = new D(n.justifiedComplaints ?? 0).plus(complaintsRest);
    if (agentEnd.greaterThan(0)) complaintM = { mean: new D(new S(complaintsEnd).div(new S(agentEnd))), sd: new D(new S(complaintsRest).sqrt().div(new S(agentEnd))) };
  }
  return { kpa, complaintM, complaintsEnd };
}

/** P(month-end connect rate rounds to ≥ 90.00 %) under the normal approximation, to 3 decimals; null when unknown. */
function onTargetProbability(connectM: Moments | null): string | null {
  if (connectM === null) return null;
  const gap = connectM.mean.minus('0.89995');
  const pr = connectM.sd.isZero() ? (gap.isNegative() ? 0 : 1) : normalCdf(gap.div(connectM.sd).toNumber());
  return fixed(roundHalfUp(new D(pr), 3), 3);
}

/**
 * Projects the month end from the month-to-date figures and a forecast for the rest of the month: the
 * KPIs with 80 % and 95 % intervals, the sheet, total and coefficient at each scenario, the probability that
 * the connect rate ends on target, and the connect-rate budget. The model is stated in this module's header
 * and in README.md ("Projection model"); the sheet at each scenario is the exact contract sheet.
 *
 * Units: forecast fractions are fractions in [0, 1]; every returned rate is percent.
 *
 * @param input - `{ monthToDate, forecast }`, see {@link ProjectionInput}.
 * @param policy - readings as for `scoreMonth`; `connectAggregation: 'mean-of-daily'` is not supported.
 * @throws {ScoringError} month-to-date errors as `validateScoreInput` (field prefixed `monthToDate.`);
 *   `not-an-object` / `unknown-field` / `not-a-number` / `negative` / `out-of-range` on `forecast.<field>`;
 *   `missing` `forecast.remainingRequests` when no volume is given (or both forms are), `missing`
 *   `forecast.<field>` when a connect default cannot be derived (e.g. no request so far and no
 *   `connectFraction`; a survey or complaint rate that cannot be derived leaves its KPI unknown instead);
 *   `unsupported` `policy.connectAggregation` for mean-of-daily.
 * @example
 * const p = projectMonth({
 *   monthToDate: { requests: 9000, agentAnswered: 7600, ivrAnswered: 500, surveyResponses: 2000,
 *     veryOrBasicallySatisfied: 1950, trainingSessions: 1, qaSampled: 40 },
 *   forecast: { remainingRequests: 11000, connectFraction: 0.9, connectFractionSd: 0.01 },
 * });
 * p.connectRate?.mid;  // "90.00"
 * p.budget.lostBudget; // "1101"
 * p.totalMin.low95;    // the lowest total if every KPI ends at its unfavourable 95 % end (unknown registers at worst)
 * p.total.mid;         // null: the month is provisional (complaints, reports, ... unknown)
 */
export function projectMonth(input: ProjectionInput, policy?: PolicyInput): MonthProjection {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ScoringError('not-an-object', 'input', 'must be { monthToDate, forecast }');
  for (const key of Object.keys(input)) {
    if (key !== 'monthToDate' && key !== 'forecast') throw new ScoringError('unknown-field', key, 'unknown field; known: monthToDate, forecast');
  }
  const p = resolvePolicy(policy);
  if (p.connectAggregation !== 'aggregate-ratio') {
    throw new ScoringError('unsupported', 'policy.connectAggregation', 'the projection models the aggregate ratio only');
  }
  if (input.monthToDate === undefined) throw new ScoringError('missing', 'monthToDate', 'the month-to-date figures are required');
  const n = validateScoreInput(input.monthToDate, 'monthToDate.');
  const f = readForecast(input.forecast);
  const derived: string[] = [];

  const { lambda, volume } = readVolume(f);

  // Connect rate.
  const basis = connectBasis(n, p);
  const c0 = basis.connected;
  const t0 = basis.requests;
  const hasRest = lambda.greaterThan(0);
  const pc = ratioOr(c0.toNumber(), t0.toNumber(), f.connectFraction, 'connectFraction', hasRest, derived);
  const sigma = f.connectFractionSd === undefined ? ZERO : readFraction(f.connectFractionSd, 'forecast.connectFractionSd');
  const x = lambda.times(pc);
  const connectM = connectMoments(c0, t0, lambda, pc, sigma, volume);

  // Agent-answered calls, surveys, complaints. A KPI whose month-to-date figures are unknown (its register is
  // not closed) is not projected: its item is pending in every scenario. A rate the month so far cannot give
  // (empty denominator) and the forecast does not give is unknown too, never assumed.
  const agentShare = ratioOr(n.agentAnswered, n.agentAnswered + n.ivrAnswered, f.agentShare, 'agentShare', x.greaterThan(0), derived);
  const agentRest = x.times(agentShare);
  const agentEnd = new D(n.agentAnswered).plus(agentRest);
  const hasAgentRest = agentRest.greaterThan(0);
  const { spa, q, satM, surveysEnd, satisfiedEnd } = projectSurveys(n, f, agentRest, hasAgentRest, derived);
  const { kpa, complaintM, complaintsEnd } = projectComplaints(n, f, agentRest, agentEnd, hasAgentRest, derived);

  // The month end as the sheet sees it: the projected KPIs where known; a register figure unknown so far (or a
  // survey / complaint count that cannot be projected) stays unknown, so its item is pending with its range.
  const end: NormalizedScoreInput = {
    ...n,
    veryOrBasicallySatisfied: satisfiedEnd === null ? null : n.veryOrBasicallySatisfied,
    surveyResponses: surveysEnd === null ? null : n.surveyResponses,
    justifiedComplaints: complaintsEnd === null ? null : n.justifiedComplaints,
  };

  // Scenarios on the exact sheet.
  const qaQuota = qaQuotaOf(agentEnd);
  const at = (m: { mean: Dec; sd: Dec } | null, z: Dec, dp: number): Dec | null => (m === null ? null : percentAt(clamp01(m.mean.plus(z.times(m.sd))), dp));
  const scenarios = {} as Record<ScenarioName, ScenarioScore>;
  for (const name of SCENARIOS) {
    const z = Z_OF[name];
    const rates = {
      connect: at(connectM, z, KPI_DECIMALS.connectRate),
      satisfaction: at(satM, z, KPI_DECIMALS.satisfaction),
      complaint: at(complaintM, z.neg(), KPI_DECIMALS.complaintRate),
    };
    const factsFor = (k: KnownScoreInput): SheetFacts =>
      sheetFacts(k, {
        connectRate: rates.connect,
        // a completion of unknown survey counts is scored on its own rate; known surveys on the scenario's
        satisfaction: satisfiedEnd === null ? satisfactionOf(k) : rates.satisfaction,
        complaintRate:
          complaintsEnd === null ? (agentEnd.greaterThan(0) ? roundedPercent(new D(k.justifiedComplaints), agentEnd, KPI_DECIMALS.complaintRate) : null) : rates.complaint,
        justifiedComplaints: complaintsEnd ?? new D(k.justifiedComplaints),
        qaQuota,
      });
    // A month with no request so far and none expected has no feed to score (never `noRequests` full marks).
    const items = honestSheet(end, factsFor, p, n.requests === 0 && lambda.isZero() ? 'no-data' : null);
    scenarios[name] = {
      rates: {
        connectRatePercent: rates.connect === null ? null : fixed(rates.connect, 2),
        satisfactionPercent: rates.satisfaction === null ? null : fixed(rates.satisfaction, 2),
        complaintRatePercent: rates.complaint === null ? null : fixed(rates.complaint, 3),
      },
      qaQuota: str(qaQuota),
      items,
      ...sheetTotals(items, p),
    };
  }

  const probability = onTargetProbability(connectM);

  const two = (d: Dec): string => fixed(roundHalfUp(d, 2), 2);
  const six = (d: Dec | null): string | null => (d === null ? null : fixed(roundHalfUp(d, 6), 6));
  const perScenario = <K extends keyof ScenarioScore>(key: K): Record<ScenarioName, ScenarioScore[K]> =>
    Object.fromEntries(SCENARIOS.map((s) => [s, scenarios[s][key]])) as Record<ScenarioName, ScenarioScore[K]>;
  return {
    monthToDate: scoreMonth(input.monthToDate, p),
    forecast: {
      remainingRequests: two(lambda),
      connectFraction: fixed(roundHalfUp(pc, 6), 6),
      connectFractionSd: fixed(roundHalfUp(sigma, 6), 6),
      volume,
      agentShare: fixed(roundHalfUp(agentShare, 6), 6),
      surveysPerAgentAnswered: six(spa),
      satisfiedFraction: six(q),
      complaintsPerAgentAnswered: kpa === null ? null : fixed(roundHalfUp(kpa, 8), 8),
      derived,
    },
    expected: {
      counted: two(t0.plus(lambda)),
      connected: two(c0.plus(x)),
      agentAnswered: two(agentEnd),
      surveyResponses: surveysEnd === null ? null : two(surveysEnd),
      satisfied: satisfiedEnd === null ? null : two(satisfiedEnd),
      justifiedComplaints: complaintsEnd === null ? null : two(complaintsEnd),
    },
    connectRate: connectM === null ? null : rangeOf(connectM, KPI_DECIMALS.connectRate),
    satisfaction: satM === null ? null : rangeOf(satM, KPI_DECIMALS.satisfaction),
    complaintRate: complaintM === null ? null : rangeOf(complaintM, KPI_DECIMALS.complaintRate),
    probabilityConnectOnTarget: probability,
    scenarios,
    total: perScenario('total'),
    coefficient: perScenario('coefficient'),
    provisional: SCENARIOS.some((s) => scenarios[s].provisional),
    totalMin: perScenario('totalMin'),
    totalMax: perScenario('totalMax'),
    coefficientMin: perScenario('coefficientMin'),
    coefficientMax: perScenario('coefficientMax'),
    budget: budgetOf(c0, t0, roundHalfUp(lambda, 0), new D(90)),
    policy: p,
  };
}
