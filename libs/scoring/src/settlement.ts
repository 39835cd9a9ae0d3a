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
 * A quarter's settlement.
 * - `basis`: the `quarter` policy used.
 * - `meanScore`: mean of the monthly scores, 2 decimals half-up (always given, for display).
 * - `monthlyCoefficients`: each month's coefficient.
 * - `coefficient`: with `mean-score` (default), the coefficient of `meanScore` ("1.00" ...); with
 *   `mean-coefficient`, the mean of the monthly coefficients, 4 decimals half-up (e.g. "0.9333").
 * - `months`: how many monthly scores were given (3 for a full quarter).
 */
export interface QuarterResult {
  basis: ScoringPolicy['quarter'];
  months: number;
  meanScore: string;
  monthlyCoefficients: string[];
  coefficient: string;
}

/**
 * The quarter's settlement coefficient (按季度对成交供应商付款结算；按服务考核系数支付季度服务费用款项). The tender does not say
 * how three monthly scores make one quarterly coefficient; the default reads the quarter's score as the mean
 * of its monthly scores (2 decimals half-up) and takes that score's coefficient; policy
 * `quarter: 'mean-coefficient'` averages the monthly coefficients instead (kept to 4 decimals half-up so a
 * fee multiplied by it is not distorted by a coarse rounding). A partial quarter (the contract started
 * mid-quarter) averages the months it has.
 *
 * @param monthlyTotals - 1 to 3 monthly scores (numbers or decimal strings), in month order.
 * @throws {ScoringError} `out-of-range` (field `monthlyTotals`) for 0 or more than 3 months; `not-a-number`
 *   / `negative` (field `monthlyTotals[i]`); policy errors.
 * @example
 * scoreQuarter(['92', '89.5', '88']);                                  // meanScore "89.83", coefficient "0.95"
 * scoreQuarter(['92', '89.5', '88'], { quarter: 'mean-coefficient' }); // coefficient "0.9667"
 */
export function scoreQuarter(monthlyTotals: readonly (number | string)[], policy?: PolicyInput): QuarterResult {
  const p = resolvePolicy(policy);
  if (!Array.isArray(monthlyTotals) || monthlyTotals.length < 1 || monthlyTotals.length > 3) {
    throw new ScoringError('out-of-range', 'monthlyTotals', 'a quarter has 1 to 3 monthly scores');
  }
  const totals = monthlyTotals.map((t, i) => readScore(t, `monthlyTotals[${i}]`));
  const meanScore = roundHalfUp(totals.reduce((s, t) => s.plus(t), ZERO).div(totals.length), 2);
  const monthlyCoefficients = totals.map(coefficientOfDec);
  const coefficient =
    p.quarter === 'mean-score'
      ? coefficientOfDec(meanScore)
      : fixed(roundHalfUp(monthlyCoefficients.reduce((s, c) => s.plus(c), ZERO).div(totals.length), 4), 4);
  return { basis: p.quarter, months: totals.length, meanScore: fixed(meanScore, 2), monthlyCoefficients, coefficient };
}

function readScore(value: unknown, field: string): Dec {
  const d = readDecimal(value, field);
  if (d.isNegative() && !d.isZero()) throw new ScoringError('negative', field, `a score is never negative, got ${String(value)}`);
  return d;
}

/**
 * The contract year so far.
 * - `monthsScored`, `monthsAtLeast90` (得分≥90分的月数), `monthsBelow90`, `monthsRemaining` (12 − scored).
 * - `excellent`: at least 10 months scored >= 90 already (优良等级: 不少于10个月服务考核得分≥90分).
 * - `stillPossible`: the excellent grade can still be reached (monthsAtLeast90 + monthsRemaining >= 10).
 * - `monthsBelow90Allowed`: how many more months may fall below 90 and still leave the year excellent
 *   (0 when no longer possible).
 * - `renewalEligible`: equals `excellent`; the tender makes renewal possible (可续签) for an excellent year
 *   "经双方协商无异议" — by mutual agreement, so this is a necessary condition, not a decision.
 */
export interface YearResult {
  monthsScored: number;
  monthsAtLeast90: number;
  monthsBelow90: number;
  monthsRemaining: number;
  excellent: boolean;
  stillPossible: boolean;
  monthsBelow90Allowed: number;
  renewalEligible: boolean;
}

/**
 * Grades the contract year from its monthly scores so far (服务合同一年一签…本年度服务质量考评为优良等级（不少于10个月服务考核得分≥90分为优良等级）…可续签).
 *
 * @param monthlyTotals - 0 to 12 monthly scores (numbers or decimal strings); exact comparison with 90.
 * @throws {ScoringError} `out-of-range` (field `monthlyTotals`) for more than 12; `not-a-number` / `negative`
 *   (field `monthlyTotals[i]`).
 * @example
 * scoreYear(['95', '91', '89.99', '90']).monthsAtLeast90; // 3
 */
export function scoreYear(monthlyTotals: readonly (number | string)[]): YearResult {
  if (!Array.isArray(monthlyTotals) || monthlyTotals.length > 12) {
    throw new ScoringError('out-of-range', 'monthlyTotals', 'a contract year has at most 12 monthly scores');
  }
  const totals = monthlyTotals.map((t, i) => readScore(t, `monthlyTotals[${i}]`));
  const atLeast90 = totals.filter((t) => t.greaterThanOrEqualTo(90)).length;
  const remaining = 12 - totals.length;
  const below = totals.length - atLeast90;
  const excellent = atLeast90 >= 10;
  return {
    monthsScored: totals.length,
    monthsAtLeast90: atLeast90,
    monthsBelow90: below,
    monthsRemaining: remaining,
    excellent,
    stillPossible: atLeast90 + remaining >= 10,
    monthsBelow90Allowed: Math.min(remaining, Math.max(0, 2 - below)),
    renewalEligible: excellent,
  };
}
