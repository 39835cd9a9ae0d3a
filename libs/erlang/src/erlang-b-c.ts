/**
 * Erlang B (M/M/N/N, blocked calls lost) and Erlang C (M/M/N, blocked calls wait forever).
 *
 * Both are computed with Erlang's recursion B(0, A) = 1, B(k, A) = A·B(k−1, A) / (k + A·B(k−1, A)), which never
 * forms A^N or N!, so it works for thousands of agents and hundreds of Erlangs without overflow (each step is a
 * ratio in [0, 1]). Erlang C follows from B: C(N, A) = N·B / (N − A·(1 − B)) for N > A.
 * Sources: A. K. Erlang, "Solution of some problems in the theory of probabilities of significance in automatic
 * telephone exchanges", 1917; the recursion as in Gans, Koole and Mandelbaum, "Telephone call centers: tutorial,
 * review, and research prospects", MSOM 5(2), 2003.
 */
import { arrivalsPerHourOf, type LoadInput, requireCount, requireLoad, requireNonNegative, requirePositive } from './inputs';

/** @internal Erlang B by recursion, unchecked (n integer >= 0, a >= 0 finite). O(n). */
export function erlangBUnchecked(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** @internal One more agent: B(n+1, a) from B(n, a). */
export function erlangBNext(bn: number, nextN: number, a: number): number {
  return (a * bn) / (nextN + a * bn);
}

/**
 * Erlang B blocking probability B(N, A): the share of calls that find all N agents busy when blocked calls
 * are lost (no queue). Also the limit of the Erlang A abandonment probability as patience tends to 0.
 *
 * @param agents N, a whole number >= 0 (B(0, A) = 1).
 * @param trafficErlangs offered load A = arrival rate × AHT, in Erlangs, >= 0.
 * @returns a probability in [0, 1]; 0 when A = 0 and N >= 1.
 * @throws ErlangInputError `not-an-integer` / `negative` for bad agents, `not-a-number` / `negative` for a bad load.
 * @see Erlang (1917). Stable recursion, no factorials.
 * @example
 * erlangB(14, 10); // 0.0568191433865
 */
export function erlangB(agents: number, trafficErlangs: number): number {
  const n = requireCount(agents, 'agents');
  const a = requireNonNegative(trafficErlangs, 'trafficErlangs');
  return erlangBUnchecked(n, a);
}

/** @internal C(N, A) from B(N, A); only for n > a. */
export function erlangCFromB(n: number, a: number, b: number): number {
  return (n * b) / (n - a * (1 - b));
}

/**
 * Erlang C probability of waiting C(N, A) = P(wait > 0) in an M/M/N queue where nobody hangs up.
 *
 * @param agents N, a whole number >= 0.
 * @param trafficErlangs offered load A in Erlangs, >= 0.
 * @returns a probability in [0, 1]. When N <= A (and A > 0) the queue has no steady state and grows without
 *   bound, so every caller eventually waits: the function returns the limit 1. Use {@link erlangCMetrics} to get
 *   that case reported explicitly as `stable: false`.
 * @throws ErlangInputError for fractional or negative agents, or a negative / non-finite load.
 * @see Erlang (1917): C = N·B / (N − A·(1 − B)).
 * @example
 * erlangC(55, 48); // 0.238700936378
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  const n = requireCount(agents, 'agents');
  const a = requireNonNegative(trafficErlangs, 'trafficErlangs');
  if (a === 0) return 0;
  if (n <= a) return 1;
  return erlangCFromB(n, a, erlangBUnchecked(n, a));
}

/** Inputs of {@link erlangCMetrics}: one interval's traffic, the agents on duty and the answer-time target. */
export type ErlangCInput = LoadInput & {
  /** Productive agents on duty (after shrinkage), a whole number >= 0. */
  agents: number;
  /** Service-level answer-time target t in seconds (e.g. 20 for "80 % within 20 s"), >= 0. */
  targetSeconds: number;
};

/** What every Erlang C result carries, stable or not. */
export interface ErlangCCommon {
  model: 'C';
  /** Offered calls per hour. */
  arrivalsPerHour: number;
  /** AHT in seconds. */
  ahtSeconds: number;
  /** Agents N. */
  agents: number;
  /** Answer-time target t in seconds. */
  targetSeconds: number;
  /** Offered load A = arrivalsPerHour · ahtSeconds / 3600, in Erlangs. */
  trafficErlangs: number;
  /** Erlang B blocking probability B(N, A) (auxiliary). */
  erlangB: number;
}

/** Erlang C metrics of an interval with a steady state (N > A, or no arrivals). */
export interface ErlangCStable extends ErlangCCommon {
  stable: true;
  /** P(wait > 0) = C(N, A), fraction of offered calls that queue. */
  probWait: number;
  /** Service level P(wait <= t) = 1 − C·e^{−(N−A)·t/AHT}, fraction of all offered calls answered within t. */
  serviceLevel: number;
  /** ASA: mean wait over all calls, zero waits included, C·AHT/(N−A), in seconds. */
  asaSeconds: number;
  /** Mean wait of the calls that do wait, AHT/(N−A), in seconds (0 when there are no agents and no calls). */
  asaDelayedCallsSeconds: number;
  /** Expected number of callers in queue, Lq = C·A/(N−A). */
  expectedQueueLength: number;
  /** Occupancy A/N, fraction of agent time busy (0 when N = 0 and A = 0). */
  occupancy: number;
}

/** An interval with N <= A and A > 0: no steady state, the queue grows without bound; no metric is defined. */
export interface ErlangCUnstable extends ErlangCCommon {
  stable: false;
  /** Human-readable explanation, e.g. `offered load 48 Erlangs >= 40 agents: ...`. */
  reason: string;
}

/** Erlang C result, discriminated on `stable`. */
export type ErlangCResult = ErlangCStable | ErlangCUnstable;

/**
 * @internal Metrics from an already computed B(N, A); no validation. Objects are written out in full (no
 * spread): this runs inside staffing searches, and V8 builds spread literals far more slowly.
 */
export function erlangCMetricsFromB(
  arrivalsPerHour: number,
  ahtSeconds: number,
  n: number,
  targetSeconds: number,
  b: number,
): ErlangCResult {
  const a = (arrivalsPerHour * ahtSeconds) / 3600;
  if (a > 0 && n <= a) {
    return {
      model: 'C', arrivalsPerHour, ahtSeconds, agents: n, targetSeconds, trafficErlangs: a, erlangB: b,
      stable: false,
      reason: `offered load ${a} Erlangs >= ${n} agents: the queue grows without bound (no steady state)`,
    };
  }
  const c = a === 0 ? 0 : erlangCFromB(n, a, b);
  const spare = n - a;
  return {
    model: 'C', arrivalsPerHour, ahtSeconds, agents: n, targetSeconds, trafficErlangs: a, erlangB: b,
    stable: true,
    probWait: c,
    serviceLevel: a === 0 ? 1 : 1 - c * Math.exp((-spare * targetSeconds) / ahtSeconds),
    asaSeconds: a === 0 ? 0 : (c * ahtSeconds) / spare,
    asaDelayedCallsSeconds: n > 0 ? ahtSeconds / spare : 0,
    expectedQueueLength: a === 0 ? 0 : (c * a) / spare,
    occupancy: a === 0 ? 0 : a / n,
  };
}

/**
 * Erlang C (M/M/N) metrics of one interval: probability of waiting, service level within t, ASA, occupancy and
 * queue length. Nobody abandons in this model, so it cannot predict the connect rate (see {@link erlangAMetrics}).
 *
 * @param input `{ arrivalsPerHour | callsPerInterval + intervalMinutes, ahtSeconds, agents, targetSeconds }`.
 * @returns `{ stable: true, probWait, serviceLevel, asaSeconds, ... }` when N > A (or nobody calls), otherwise
 *   `{ stable: false, reason }`: never NaN, a negative number or a probability above 1.
 * @throws ErlangInputError naming the field: fractional agents (`not-an-integer`), negative or non-finite
 *   rates and times, AHT <= 0, missing arrival rate.
 * @see Erlang (1917); service level and ASA as in Gans, Koole and Mandelbaum (2003).
 * @example
 * const r = erlangCMetrics({ arrivalsPerHour: 720, ahtSeconds: 240, agents: 55, targetSeconds: 15 });
 * if (r.stable) r.serviceLevel; // 0.845883092171 (and r.asaSeconds 8.184, r.probWait 0.2387)
 */
export function erlangCMetrics(input: ErlangCInput): ErlangCResult {
  const arrivalsPerHour = arrivalsPerHourOf(input);
  const ahtSeconds = requirePositive(input.ahtSeconds, 'ahtSeconds');
  const n = requireCount(input.agents, 'agents');
  const targetSeconds = requireNonNegative(input.targetSeconds, 'targetSeconds');
  const a = requireLoad(arrivalsPerHour, ahtSeconds);
  return erlangCMetricsFromB(arrivalsPerHour, ahtSeconds, n, targetSeconds, erlangBUnchecked(n, a));
}
