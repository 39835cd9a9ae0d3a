/**
 * Settlement: the coefficient of a monthly score (考核结算系数), the quarter (按季度付款结算) and the contract
 * year (优良等级 / renewal).
 */
import { D, type Dec, ZERO, fixed, roundHalfUp } from './decimal';
import { ScoringError } from './errors';
import { resolvePolicy, type PolicyInput, type ScoringPolicy } from './policy';

/**
 * The coefficient table, highest band first: a score `>= min` (and below the previous band's min) pays
 * `coefficient`. Source: 考核结算系数 ("服务考核得分≥90分 1；85≤得分＜90分 0.95；80≤得分＜85分 0.85；70≤得分＜80分 0.75；
 * 60≤得分＜70分 0.60；得分＜60分 0.5").
 */
export const COEFFICIENT_BANDS: readonly { readonly min: string | null; readonly coefficient: string }[] = Object.freeze([
  { min: '90', coefficient: '1.00' },
  { min: '85', coefficient: '0.95' },
  { min: '80', coefficient: '0.85' },
  { min: '70', coefficient: '0.75' },
  { min: '60', coefficient: '0.60' },
  { min: null, coefficient: '0.50' },
]);

/** Reads a score or coefficient given as a number or decimal string. */
export function readDecimal(value: unknown, field: string): Dec {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new ScoringError('not-a-number', field, `must be a finite number, got ${String(value)}`);
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value))) {
    return new D(typeof value === 'string' ? value.trim() : value);
  }
  throw new ScoringError('not-a-number', field, `must be a number or decimal string, got ${JSON.stringify(value)}`);
}

function coefficientOfDec(total: Dec): string {
  for (const band of COEFFICIENT_BANDS) {
    if (band.min === null || total.greaterThanOrEqualTo(band.min)) return band.coefficient;
  }
  return '0.50';
}

/**
 * The settlement coefficient of a monthly (or quarterly mean) score, as a 2-decimal string.
 * The score is compared exactly (89.99 -> 0.95, 90 -> 1.00).
 *
 * @param total - the score, number or decimal string (e.g. `"89.99"`).
 * @returns `"1.00"`, `"0.95"`, `"0.85"`, `"0.75"`, `"0.60"` or `"0.50"`.
 * @throws {ScoringError} `not-a-number` (field `total`).
 * @example
 * settlementCoefficient('69.99'); // "0.60"
 */
export function settlementCoefficient(total: number | string): string {
  return coefficientOfDec(readDecimal(total, 'total'));
}

/** @internal coefficient of a decimal total. */
export function coefficientOf(total: Dec): string {
  return coefficientOfDec(total);
}

/**
 * A monthly score that is not final yet: the lowest and highest it can still become (a provisional month's
 * `totalMin` / `totalMax` — for a month still running, those of `scoreMonth(..., { feedFinal: false })` — or
 * {@link openMonthRange} for a month still to come).
 */
export interface ScoreRange {
  min: number | string;
  max: number | string;
}

/** A monthly score as the quarter and the year take it: final (a number or decimal string) or a {@link ScoreRange}. */
export type MonthTotal = number | string | ScoreRange;

/**
 * The range of a month about which nothing is known yet (still to come): 0 to 104, or to 100 under
 * `totalCap: '100'`. (A month that has started is scored with `scoreMonth(..., { feedFinal: false })` instead: the
 * same range when nothing is known yet, narrower once registers are closed.)
 */
export function openMonthRange(policy?: PolicyInput): { min: string; max: string } {
  return { min: '0', max: resolvePolicy(policy).totalCap === '100' ? '100' : '104' };
}

/**
 * A quarter's settlement.
 * - `basis`: the `quarter` policy used; `months`: how many monthly scores were given (3 for a full quarter).
 * - `provisional`: some month was given as a range (not final); then `meanScore` and `coefficient` are null and
 *   the range is in `meanScoreMin`/`meanScoreMax` and `coefficientMin`/`coefficientMax`.
 * - `meanScore`: mean of the monthly scores, 2 decimals half-up (for display), or null when provisional.
 * - `meanScoreMin`, `meanScoreMax`: the means of the months' lowest / highest scores (equal to `meanScore` when
 *   final).
 * - `monthlyCoefficients`: each month's coefficient (null for a month given as a range).
 * - `coefficient`: with `mean-score` (default), the coefficient of `meanScore` ("1.00" ...); with
 *   `mean-coefficient`, the mean of the monthly coefficients, 4 decimals half-up (e.g. "0.9333"); null when
 *   provisional.
 * - `coefficientMin`, `coefficientMax`: the lowest and highest the quarter's coefficient can still become.
 */
export interface QuarterResult {
  basis: ScoringPolicy['quarter'];
  months: number;
  provisional: boolean;
  meanScore: string | null;
  meanScoreMin: string;
  meanScoreMax: string;
  monthlyCoefficients: (string | null)[];
  coefficient: string | null;
  coefficientMin: string;
  coefficientMax: string;
}

interface ReadTotal {
  min: Dec;
  max: Dec;
  final: boolean;
}

function isRange(value: unknown): value is ScoreRange {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readTotal(value: unknown, field: string): ReadTotal {
  if (!isRange(value)) {
    const d = readScore(value, field);
    return { min: d, max: d, final: true };
  }
  for (const key of Object.keys(value)) {
    if (key !== 'min' && key !== 'max') throw new ScoringError('unknown-field', `${field}.${key}`, 'unknown field; known: min, max');
  }
  const lo = readScore(value.min, `${field}.min`);
  const hi = readScore(value.max, `${field}.max`);
  if (lo.greaterThan(hi)) throw new ScoringError('inconsistent', `${field}.min`, `min (${lo.toString()}) exceeds max (${hi.toString()})`);
  return { min: lo, max: hi, final: false };
}

function quarterCoefficient(totals: readonly Dec[], p: ScoringPolicy): { mean: Dec; coefficient: string } {
  const mean = roundHalfUp(totals.reduce((s, t) => s.plus(t), ZERO).div(totals.length), 2);
  const coefficient =
    p.quarter === 'mean-score'
      ? coefficientOfDec(mean)
      : fixed(roundHalfUp(totals.map((t) => new D(coefficientOfDec(t))).reduce((s, c) => s.plus(c), ZERO).div(totals.length), 4), 4);
  return { mean, coefficient };
}

/**
 * The quarter's settlement coefficient (按季度对成交供应商付款结算；按服务考核系数支付季度服务费用款项). The tender does not say
 * how three monthly scores make one quarterly coefficient; the default reads the quarter's score as the mean
 * of its monthly scores (2 decimals half-up) and takes that score's coefficient; policy
 * `quarter: 'mean-coefficient'` averages the monthly coefficients instead (kept to 4 decimals half-up so a
 * fee multiplied by it is not distorted by a coarse rounding). A partial quarter (the contract started
 * mid-quarter) averages the months it has.
 *
 * A month that is not final is given as a {@link ScoreRange} (a provisional month's range, or
 * {@link openMonthRange} for a month still to come): the quarter is then provisional, and its range
 * comes from every month at its lowest and every month at its highest (both rules are monotone in each month).
 *
 * @param monthlyTotals - 1 to 3 monthly scores (numbers, decimal strings or `{ min, max }`), in month order.
 * @throws {ScoringError} `out-of-range` (field `monthlyTotals`) for 0 or more than 3 months; `not-a-number`
 *   / `negative` (field `monthlyTotals[i]` or `monthlyTotals[i].min`/`.max`); `inconsistent` when min > max;
 *   policy errors.
 * @example
 * scoreQuarter(['92', '89.5', '88']);                                  // meanScore "89.83", coefficient "0.95"
 * scoreQuarter(['92', '89.5', '88'], { quarter: 'mean-coefficient' }); // coefficient "0.9667"
 * scoreQuarter(['92', { min: '80', max: '95' }, '88']);                // provisional, coefficientMin "0.85", coefficientMax "0.95"
 */
export function scoreQuarter(monthlyTotals: readonly MonthTotal[], policy?: PolicyInput): QuarterResult {
  const p = resolvePolicy(policy);
  if (!Array.isArray(monthlyTotals) || monthlyTotals.length < 1 || monthlyTotals.length > 3) {
    throw new ScoringError('out-of-range', 'monthlyTotals', 'a quarter has 1 to 3 monthly scores');
  }
  const totals = monthlyTotals.map((t, i) => readTotal(t, `monthlyTotals[${i}]`));
  const provisional = totals.some((t) => !t.final);
  const low = quarterCoefficient(
    totals.map((t) => t.min),
    p,
  );
  const high = quarterCoefficient(
    totals.map((t) => t.max),
    p,
  );
  return {
    basis: p.quarter,
    months: totals.length,
    provisional,
    meanScore: provisional ? null : fixed(low.mean, 2),
    meanScoreMin: fixed(low.mean, 2),
    meanScoreMax: fixed(high.mean, 2),
    monthlyCoefficients: totals.map((t) => (t.final ? coefficientOfDec(t.min) : null)),
    coefficient: provisional ? null : low.coefficient,
    coefficientMin: low.coefficient,
    coefficientMax: high.coefficient,
  };
}

function readScore(value: unknown, field: string): Dec {
  const d = readDecimal(value, field);
  if (d.isNegative() && !d.isZero()) throw new ScoringError('negative', field, `a score is never negative, got ${String(value)}`);
  return d;
}

/**
 * The contract year so far.
 * - `monthsScored`: months given; `monthsRemaining`: 12 − scored.
 * - `monthsAtLeast90` (得分≥90分的月数): months whose score is >= 90 for certain (a range's min >= 90);
 *   `monthsBelow90`: months below 90 for certain (a range's max < 90); `monthsUndecided`: provisional months
 *   whose range spans 90.
 * - `provisional`: some month was given as a range.
 * - `excellent`: at least 10 months scored >= 90 for certain (优良等级: 不少于10个月服务考核得分≥90分).
 * - `stillPossible`: the excellent grade can still be reached (monthsAtLeast90 + monthsUndecided +
 *   monthsRemaining >= 10).
 * - `monthsBelow90Allowed`: how many more months (remaining or undecided) may fall below 90 and still leave the
 *   year excellent (0 when no longer possible).
 * - `renewalEligible`: equals `excellent`; the tender makes renewal possible (可续签) for an excellent year
 *   "经双方协商无异议" — by mutual agreement, so this is a necessary condition, not a decision.
 */
export interface YearResult {
  monthsScored: number;
  monthsAtLeast90: number;
  monthsBelow90: number;
  monthsUndecided: number;
  monthsRemaining: number;
  provisional: boolean;
  excellent: boolean;
  stillPossible: boolean;
  monthsBelow90Allowed: number;
  renewalEligible: boolean;
}

/**
 * Grades the contract year from its monthly scores so far (服务合同一年一签…本年度服务质量考评为优良等级（不少于10个月服务考核得分≥90分为优良等级）…可续签).
 * A month not final yet is given as a {@link ScoreRange}: it counts as >= 90 only when its lowest score is, as
 * below 90 only when its highest is, else as undecided.
 *
 * @param monthlyTotals - 0 to 12 monthly scores (numbers, decimal strings or `{ min, max }`); exact comparison with 90.
 * @throws {ScoringError} `out-of-range` (field `monthlyTotals`) for more than 12; `not-a-number` / `negative` /
 *   `inconsistent` (field `monthlyTotals[i]...`).
 * @example
 * scoreYear(['95', '91', '89.99', '90']).monthsAtLeast90; // 3
 * scoreYear(['95', { min: '85', max: '97' }]).monthsUndecided; // 1
 */
export function scoreYear(monthlyTotals: readonly MonthTotal[]): YearResult {
  if (!Array.isArray(monthlyTotals) || monthlyTotals.length > 12) {
    throw new ScoringError('out-of-range', 'monthlyTotals', 'a contract year has at most 12 monthly scores');
  }
  const totals = monthlyTotals.map((t, i) => readTotal(t, `monthlyTotals[${i}]`));
  const atLeast90 = totals.filter((t) => t.min.greaterThanOrEqualTo(90)).length;
  const below = totals.filter((t) => t.max.lessThan(90)).length;
  const undecided = totals.length - atLeast90 - below;
  const remaining = 12 - totals.length;
  const excellent = atLeast90 >= 10;
  return {
    monthsScored: totals.length,
    monthsAtLeast90: atLeast90,
    monthsBelow90: below,
    monthsUndecided: undecided,
    monthsRemaining: remaining,
    provisional: totals.some((t) => !t.final),
    excellent,
    stillPossible: atLeast90 + undecided + remaining >= 10,
    monthsBelow90Allowed: Math.min(remaining + undecided, Math.max(0, 2 - below)),
    renewalEligible: excellent,
  };
}
