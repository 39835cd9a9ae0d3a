/**
 * The scoring library's private decimal type: a `Decimal.clone()` configured with the contract's rounding
 * (四舍五入, half-up) and enough precision that every integer computation on counts is exact. Nothing in
 * this file is exported from the package: values cross the library boundary as decimal strings.
 */
import Decimal from 'decimal.js';

/**
 * Precision 1000 significant digits: sums, products and exact rationals of counts (even the mean of 31 daily
 * ratios over a common denominator) stay exact integers; divisions are correctly rounded at 1000 digits and
 * only ever feed a final half-up rounding at 2 or 3 decimals, so no double-rounding can occur on count ratios.
 */
export const D = Decimal.clone({
  precision: 1000,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -1000,
  toExpPos: 1000,
});

/**
 * A second private clone for the projection's statistics (moments, square roots): 40 significant digits are
 * far more than a normal approximation can use, and keep a projection fast. Contract figures never use it.
 */
export const S = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -1000, toExpPos: 1000 });

/** An instance of the private clone. */
export type Dec = Decimal;

export const ZERO = new D(0);
export const ONE = new D(1);
export const HUNDRED = new D(100);

/** Rounds a non-negative value half-up to `dp` decimals (the clone's rounding mode is half-up). */
export function roundHalfUp(value: Dec, dp: number): Dec {
  return value.toDecimalPlaces(dp, D.ROUND_HALF_UP);
}

/**
 * `num / den × 100`, rounded half-up to `dp` decimals, computed as floor((2·num·100·10^dp + den) / (2·den)) /
 * 10^dp. With integer counts every step is an exact integer operation, so a ratio that is exactly on a half
 * (e.g. 17999/20000 = 89.995 %) always rounds up. `den` must be > 0 and `num` >= 0.
 */
export function roundedPercent(num: Dec, den: Dec, dp: number): Dec {
  const scale = new D(10).pow(dp);
  const twice = num.times(HUNDRED).times(scale).times(2).plus(den);
  const q = twice.div(den.times(2)).floor();
  return q.div(scale);
}

/** Greatest common divisor of two non-negative integers (Euclid on exact decimals). */
export function gcd(a: Dec, b: Dec): Dec {
  let x = a.abs();
  let y = b.abs();
  while (!y.isZero()) {
    const r = x.mod(y);
    x = y;
    y = r;
  }
  return x;
}

/** The canonical string of a decimal: plain notation, no trailing zeros (`26.0` -> `"26"`, `-0` -> `"0"`). */
export function str(value: Dec): string {
  const s = value.toString();
  return s === '-0' ? '0' : s;
}

/** Fixed-decimals string, half-up (`92.5` at 2 -> `"92.50"`). */
export function fixed(value: Dec, dp: number): string {
  return value.toFixed(dp, D.ROUND_HALF_UP);
}

/** The smaller / larger of two decimals. */
export function min(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}
export function max(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}
