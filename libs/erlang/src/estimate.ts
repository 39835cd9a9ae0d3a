/**
 * Estimating the model's inputs from per-call records: mean patience (for Erlang A) and AHT.
 */
import { ErlangInputError } from './errors';
import { requireNonNegative } from './inputs';

/** One caller who reached the agent queue. */
export interface QueuedCallRecord {
  /** Time spent in queue, in seconds: until answered, or until hanging up for an abandoner. 0 when answered at once. */
  waitSeconds: number;
  /** True when the caller hung up in the queue before being answered. */
  abandoned: boolean;
}

/** What every patience estimate reports. */
interface PatienceCounts {
  /** Records used. */
  calls: number;
  /** Callers who abandoned (the uncensored patience observations). */
  abandoned: number;
  /** Σ waitSeconds over all records, abandoners and answered callers alike (the exposure). */
  totalWaitSeconds: number;
}

/**
 * Result of {@link estimatePatience}, discriminated on `kind`:
 * - `estimated`: θ̂ = abandoned / totalWaitSeconds > 0, patience 1/θ̂ finite;
 * - `no-abandons`: nobody hung up, θ̂ = 0: the data are consistent with infinite patience (use Erlang C, or a
 *   long patience as a lower bound — the data cannot say how long);
 * - `no-exposure`: callers abandoned but nobody waited a positive time: θ̂ is infinite (patience 0), which
 *   Erlang A cannot take; the records are too coarse (e.g. waits rounded down to 0).
 */
export type PatienceEstimate =
  | (PatienceCounts & {
      kind: 'estimated';
      /** θ̂, abandonment rate per second of waiting. */
      abandonRatePerSecond: number;
      /** Mean patience 1/θ̂ in seconds. */
      patienceSeconds: number;
      /** Asymptotic standard error of the patience estimate, (1/θ̂)/√abandoned, in seconds. */
      standardErrorSeconds: number;
    })
  | (PatienceCounts & { kind: 'no-abandons'; abandonRatePerSecond: 0; patienceSeconds: number })
  | (PatienceCounts & { kind: 'no-exposure'; abandonRatePerSecond: number; patienceSeconds: 0 });

/**
 * Mean patience by maximum likelihood for exponential patience with censoring: every queued caller either
 * abandons (his wait is an observed patience) or is answered (his wait is a lower bound on his patience, a
 * right-censored observation). The censored-exponential MLE is
 *
 *   θ̂ = (number of abandoned calls) / (Σ waits of all queued callers, abandoned and answered),
 *
 * i.e. P(Ab) / E[wait] in sample terms — the estimator used on this kind of data (the Technion "Anonymous
 * Bank") by L. Brown, N. Gans, A. Mandelbaum, A. Sakov, H. Shen, S. Zeltyn and L. Zhao, "Statistical analysis
 * of a telephone call center: a queueing-science perspective", JASA 100 (2005) 36–50, and in Erlang A as the
 * relation P(Ab) = θ·E[W] (Mandelbaum and Zeltyn 2005). Callers answered at once contribute 0 s and may be
 * included or not.
 *
 * @param records `{ waitSeconds, abandoned }[]`, waits in seconds >= 0.
 * @returns the estimate (see {@link PatienceEstimate}): with no abandons, patience is Infinity and
 *   `kind: 'no-abandons'`, never a division by zero.
 * @throws ErlangInputError `empty` for an empty list; `negative` / `not-a-number` naming `records[i].waitSeconds`.
 * @example
 * estimatePatience([{ waitSeconds: 30, abandoned: true }, { waitSeconds: 90, abandoned: false }]);
 * // { kind: 'estimated', patienceSeconds: 120, abandonRatePerSecond: 0.00833, ... }
 */
export function estimatePatience(records: readonly QueuedCallRecord[]): PatienceEstimate {
  if (!Array.isArray(records) || records.length === 0) throw new ErlangInputError('empty', 'records', 'must be a non-empty array');
  let abandoned = 0;
  let totalWaitSeconds = 0;
  records.forEach((r, i) => {
    totalWaitSeconds += requireNonNegative(r.waitSeconds, `records[${i}].waitSeconds`);
    if (r.abandoned === true) abandoned += 1;
    else if (r.abandoned !== false) throw new ErlangInputError('not-a-number', `records[${i}].abandoned`, `must be true or false (got ${String(r.abandoned)})`);
  });
  const counts = { calls: records.length, abandoned, totalWaitSeconds };
  if (abandoned === 0) return { ...counts, kind: 'no-abandons', abandonRatePerSecond: 0, patienceSeconds: Number.POSITIVE_INFINITY };
  if (totalWaitSeconds === 0) return { ...counts, kind: 'no-exposure', abandonRatePerSecond: Number.POSITIVE_INFINITY, patienceSeconds: 0 };
  const patienceSeconds = totalWaitSeconds / abandoned;
  return {
    ...counts,
    kind: 'estimated',
    abandonRatePerSecond: abandoned / totalWaitSeconds,
    patienceSeconds,
    standardErrorSeconds: patienceSeconds / Math.sqrt(abandoned),
  };
}

/** Result of {@link estimateAht}. */
export interface AhtEstimate {
  /** Handle times used. */
  calls: number;
  /** Mean handle time in seconds. */
  ahtSeconds: number;
  /** Standard error of the mean, in seconds (0 for a single call). */
  standardErrorSeconds: number;
  /** Sample standard deviation / mean (1 for exponential service; ~1 for this kind of data). 0 when the mean is 0. */
  coefficientOfVariation: number;
}

/**
 * AHT as the mean handle time of answered calls, with its standard error. Erlang C and A assume exponential
 * handle times; the coefficient of variation shows how far the data are from that (1 = exponential).
 *
 * @param handleTimesSeconds handle times (talk + hold + wrap-up) of answered calls, in seconds, each >= 0.
 * @returns `{ calls, ahtSeconds, standardErrorSeconds, coefficientOfVariation }`.
 * @throws ErlangInputError `empty` for an empty list; `negative` / `not-a-number` naming `handleTimesSeconds[i]`.
 * @example
 * estimateAht([120, 180, 240]); // { calls: 3, ahtSeconds: 180, standardErrorSeconds: 34.64, coefficientOfVariation: 0.333 }
 */
export function estimateAht(handleTimesSeconds: readonly number[]): AhtEstimate {
  if (!Array.isArray(handleTimesSeconds) || handleTimesSeconds.length === 0) {
    throw new ErlangInputError('empty', 'handleTimesSeconds', 'must be a non-empty array');
  }
  let sum = 0;
  handleTimesSeconds.forEach((h, i) => {
    sum += requireNonNegative(h, `handleTimesSeconds[${i}]`);
  });
  const n = handleTimesSeconds.length;
  const mean = sum / n;
  let squares = 0;
  for (const h of handleTimesSeconds) squares += (h - mean) * (h - mean);
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { calls: n, ahtSeconds: mean, standardErrorSeconds: sd / Math.sqrt(n), coefficientOfVariation: mean > 0 ? sd / mean : 0 };
}
