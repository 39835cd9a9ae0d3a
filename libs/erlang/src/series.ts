/**
 * @internal The one series behind Erlang A, summed stably.
 *
 * S(a, z) = Σ_{j>=0} t_j with t_0 = 1, t_j = z^j / Π_{k=1..j} (a + k)   (a >= 0, z >= 0)
 *
 * is Mandelbaum and Zeltyn's Â(a, z) = a·e^z·z^{−a}·γ(a, z) (γ the lower incomplete gamma function), i.e. the
 * incomplete-gamma closed form written as the birth–death chain of the queue: with a = Nμ/θ and z = λ/θ,
 * t_j is the stationary weight of "N agents busy and j callers waiting" relative to "N busy, none waiting".
 *
 * It is summed outwards from its largest term t_m (m = ⌊z − a⌋ when z > a, else 0), whose logarithm comes
 * from a Stirling difference, so no term overflows and the work is O(√max(a, z)) terms however far the mode
 * lies; the sum stops on a relative-size test (the geometric bound on the remaining tail), never at a fixed
 * length, tested without a division. The result is returned as a logarithm; {@link logSumSeries} gives it
 * alone (no weighted means, no object) for the t-dependent closed forms.
 */

/** Tail bound, relative to the smallest accumulated sum, below which summation stops. */
const TOLERANCE = 1e-17;

/** Shift used before asymptotic expansions: they are accurate to ~1e-15 from here on. */
const ASYMPTOTIC_FROM = 16;

/** Stirling correction φ(x) = lnΓ(x) − [(x − ½)·ln x − x + ½·ln 2π], for x >= 16. */
function stirlingCorrection(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * x2)) / x2) / x2) / x;
}

/** ψ(x) − ln x for x >= 16 (digamma asymptotic series). */
function digammaMinusLog(x: number): number {
  const x2 = x * x;
  return -1 / (2 * x) - (1 / 12 - (1 / 120 - (1 / 252 - 1 / (240 * x2)) / x2) / x2) / x2;
}

/** ln t_m = Σ_{j=1..m} ln(z / (a + j)), for z > 0 and m >= 1, without forming the product. */
export function logTerm(a: number, z: number, m: number): number {
  let sum = 0;
  let base = a;
  let left = m;
  // A few exact steps until a + 1 >= 16 (t_m(a) = z/(a+1) · t_{m−1}(a+1)), or all of them when m is small.
  while (left > 0 && (base + 1 < ASYMPTOTIC_FROM || left <= 32)) {
    sum += Math.log(z / (base + 1));
    base += 1;
    left -= 1;
  }
  if (left === 0) return sum;
  // n·ln z − [lnΓ(c + n) − lnΓ(c)] with c = base + 1, rearranged so that nothing large cancels.
  const c = base + 1;
  const n = left;
  return sum - n * Math.log1p((c + n - z) / z) - (c - 0.5) * Math.log1p(n / c) + n - stirlingCorrection(c + n) + stirlingCorrection(c);
}

/** Σ_{i=1..n} 1/(a + i) = ψ(a + n + 1) − ψ(a + 1). */
export function harmonic(a: number, n: number): number {
  let sum = 0;
  let base = a;
  let left = n;
  while (left > 0 && (base + 1 < ASYMPTOTIC_FROM || left <= 64)) {
    sum += 1 / (base + 1);
    base += 1;
    left -= 1;
  }
  if (left === 0) return sum;
  const c = base + 1;
  return sum + Math.log1p(left / c) + digammaMinusLog(c + left) - digammaMinusLog(c);
}

/** The sum and, optionally, two weighted means over the normalised terms p_j = t_j / S. */
export interface SeriesSums {
  /** ln S(a, z). */
  logSum: number;
  /** Σ p_j · (j+1)/(a+j+1): with a = Nμ/θ, z = λ/θ, P(abandon | wait > 0). */
  abandonShare: number;
  /** Σ p_j · a·H_j/(a+j+1), H_j = Σ_{i=1..j+1} 1/(a+i): θ·E[V·e^{−θV} | V > 0] (answered callers' wait). */
  answeredWaitShare: number;
}

/**
 * Whether the tail after term t (next ratio r < 1, ratios decreasing) is negligible: its geometric bound
 * t·r/(1 − r) is at most TOLERANCE × the smallest sum, tested without a division. Each later term is then below
 * 1e-17 of every sum, less than half a unit in the last place of each (at least 2^−54 ≈ 5.6e-17 of it), so
 * adding it leaves the sum unchanged to the bit: where this test and the former division form
 * (t·r)/(1 − r) <= TOLERANCE × sum differ by a rounding at the boundary, the sums are still the same
 * (erlang-a-staffing.spec.ts compares the two).
 */
function negligible(t: number, r: number, smallestSum: number): boolean {
  return t * r <= TOLERANCE * smallestSum * (1 - r);
}

/**
 * ln S(a, z) alone (no weighted means): the form the t-dependent closed forms need, summed from the mode
 * outwards like {@link sumSeries} and with no object built.
 */
export function logSumSeries(a: number, z: number): number {
  const m = z > a ? Math.floor(z - a) : 0;
  const logPeak = m === 0 ? 0 : logTerm(a, z, m);
  let sum = 0;
  // From the mode upwards: t_{j+1} = t_j · z/(a + j + 1), ratios decreasing below 1.
  let t = 1;
  for (let j = m; ; j++) {
    sum += t;
    const r = z / (a + j + 1);
    if (r < 1 && negligible(t, r, sum)) break;
    t *= r;
    if (t === 0) break;
  }
  // From the mode downwards: t_j = t_{j+1} · (a + j + 1)/z, ratios (a + j)/z < 1.
  t = 1;
  for (let j = m - 1; j >= 0; j--) {
    t *= (a + j + 1) / z;
    sum += t;
    if (negligible(t, (a + j) / z, sum) || t === 0) break;
  }
  return logPeak + Math.log(sum);
}

/** S(a, z) with both weighted means (see {@link SeriesSums}); their weights lie in [0, 1]. */
function sumWeighted(a: number, z: number): SeriesSums {
  const m = z > a ? Math.floor(z - a) : 0;
  const logPeak = m === 0 ? 0 : logTerm(a, z, m);
  const hPeak = harmonic(a, m + 1);
  let sum = 0;
  let abandon = 0;
  let answered = 0;

  // From the mode upwards: t_{j+1} = t_j · z/(a + j + 1), ratios decreasing below 1.
  let t = 1;
  let h = hPeak;
  for (let j = m; ; j++) {
    if (j > m) h += 1 / (a + j + 1);
    sum += t;
    const d = a + j + 1;
    abandon += (t * (j + 1)) / d;
    answered += (t * a * h) / d;
    const r = z / (a + j + 1);
    if (r < 1 && negligible(t, r, Math.min(sum, abandon, answered > 0 ? answered : sum))) break;
    t *= r;
    if (t === 0) break;
  }
  // From the mode downwards: t_j = t_{j+1} · (a + j + 1)/z, ratios (a + j)/z < 1.
  t = 1;
  h = hPeak;
  for (let j = m - 1; j >= 0; j--) {
    h -= 1 / (a + j + 2);
    t *= (a + j + 1) / z;
    sum += t;
    const d = a + j + 1;
    abandon += (t * (j + 1)) / d;
    answered += (t * a * Math.max(h, 0)) / d;
    if (negligible(t, (a + j) / z, Math.min(sum, abandon, answered > 0 ? answered : sum)) || t === 0) break;
  }
  return { logSum: logPeak + Math.log(sum), abandonShare: abandon / sum, answeredWaitShare: answered / sum };
}

/**
 * Sums S(a, z) from its mode outwards. With `weighted`, also the two means used by Erlang A; their weights
 * lie in [0, 1], so the same tail bound controls them (relative to the smaller of the sums).
 */
export function sumSeries(a: number, z: number, weighted: boolean): SeriesSums {
  return weighted ? sumWeighted(a, z) : { logSum: logSumSeries(a, z), abandonShare: 0, answeredWaitShare: 0 };
}
