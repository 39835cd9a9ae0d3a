/**
 * Erlang A (M/M/N+M): Palm's queue with exponential patience. Callers arrive at rate λ, are served in mean AHT
 * (rate μ) by N agents, and hang up after an exponential patience of mean 1/θ if not answered by then. Unlike
 * Erlang C it predicts abandonment, hence the connect rate 1 − P(Ab) on which the hotline is paid, and it has
 * a steady state for every load, including N <= A and N = 0.
 *
 * Sources: C. Palm, 1943 — the queue with impatient callers, as credited by the two works that follow;
 * O. Garnett, A. Mandelbaum and M. Reiman, "Designing a call center with impatient customers", MSOM 4(3), 2002;
 * A. Mandelbaum and S. Zeltyn, "The Palm/Erlang-A queue, with applications to call centers", Technion teaching
 * note, 2005 (the closed forms below, with x = Nμ/θ, y = λ/θ and
 * Â(x, y) = x·e^y·y^{−x}·γ(x, y)); the formulas for the offered wait V and answered-within-t as written in
 * shared/reference/erlang-notes.md §3.
 *
 * Numerics: every closed form is a ratio of the series Â evaluated in log space (see series.ts), with
 * P(Ab | wait) and the answered callers' ASA summed directly as weighted means (no cancellation as θ → 0).
 */
import { ErlangInputError } from './errors';
import { erlangBUnchecked } from './erlang-b-c';
import { arrivalsPerHourOf, type LoadInput, requireCount, requireLoad, requireNonNegative, requirePositive } from './inputs';
import { logSumSeries as seriesLogSum, sumSeries as seriesSums } from './series';

// Bound once in this module: an evaluation sums up to four series, and a staffing search evaluates many counts.
// Under the CommonJS interop of tsx (the bench, the dev tools) each call through the import would look the export
// up through a getter again, which costs a quarter of a month's Erlang A staffing there.
const sumSeries = seriesSums;
const logSumSeries = seriesLogSum;

/** Inputs of {@link erlangAMetrics}. */
export type ErlangAInput = LoadInput & {
  /** Productive agents on duty, a whole number >= 0 (0 is allowed: every caller then abandons). */
  agents: number;
  /** Mean patience 1/θ in seconds (exponential time a caller is willing to wait), > 0. */
  patienceSeconds: number;
  /** Answer-time target t in seconds, >= 0. */
  targetSeconds: number;
};

/**
 * Erlang A metrics of one interval. Probabilities are fractions of **offered** calls unless the name says
 * otherwise. The model always has a steady state (θ > 0), so there is no `stable` flag.
 */
export interface ErlangAResult {
  model: 'A';
  /** Offered calls per hour. */
  arrivalsPerHour: number;
  /** AHT in seconds. */
  ahtSeconds: number;
  /** Agents N. */
  agents: number;
  /** Mean patience in seconds. */
  patienceSeconds: number;
  /** Answer-time target t in seconds. */
  targetSeconds: number;
  /** Offered load A = arrivalsPerHour · ahtSeconds / 3600, in Erlangs. */
  trafficErlangs: number;
  /** Erlang B B(N, A) (auxiliary; also the limit of probAbandon as patience → 0). */
  erlangB: number;
  /** P(wait > 0): an arrival finds all agents busy. */
  probWait: number;
  /** P(Ab): fraction of offered calls that hang up before being answered. */
  probAbandon: number;
  /** 1 − P(Ab) = answered / offered for the agent queue: the interval's expected connect rate. */
  connectRate: number;
  /** P(answered and wait <= t), over all offered calls: abandoners always fail (pyworkforce's ErlangA SL). */
  serviceLevelAnsweredWithinTOverOffered: number;
  /** P(wait <= t | answered). 0 when N = 0 (no call is answered). */
  serviceLevelAmongAnswered: number;
  /** answered within t / (offered − abandoned within t): short abandons are left out of the denominator. */
  serviceLevelExcludingAbandonsWithinT: number;
  /** P(abandon and time in queue <= t). */
  probAbandonWithinT: number;
  /** P(actual time in queue <= t), abandoners counted with their time to abandon (= answered within t + abandoned within t). */
  probActualWaitAtMostT: number;
  /** P(offered wait V <= t), V = the wait the caller would have had with infinite patience. */
  probOfferedWaitAtMostT: number;
  /** Mean time in queue of all arrivals, abandoners included: E[Q]/λ = P(Ab) × patience, in seconds (pyworkforce's "ASA"). */
  meanWaitAllArrivalsSeconds: number;
  /** ASA of answered calls only (zero waits included), in seconds. 0 when N = 0 (no call is answered). */
  asaAnsweredSeconds: number;
  /** Expected number of callers waiting, E[Q] = λ · meanWait. */
  expectedQueueLength: number;
  /** Occupancy A·(1 − P(Ab))/N, carried load per agent (0 when N = 0). */
  occupancy: number;
}

/**
 * The largest y = λ·patience evaluated. The series needs O(√y) terms at most (fewer when N·patience/AHT is well
 * above y), so this bounds one evaluation to a few million steps (~0.1 s) for any practical patience.
 */
const MAX_SCALE = 1e10;

/** Clamp rounding excursions (±1e-16) back into [0, 1]. */
function prob(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** @internal Validated numbers of one Erlang A evaluation (calls per hour, seconds, whole agents). */
export interface ErlangAParams {
  arrivalsPerHour: number;
  ahtSeconds: number;
  agents: number;
  patienceSeconds: number;
}

/** @internal The quantities that need no answer-time target: the cheap part used by staffing and planning. */
export interface ErlangACore {
  erlangB: number;
  probWait: number;
  probAbandon: number;
  /** ln Â(x, y); NaN-free, 0 when there is no queue. */
  logSeries: number;
  /** P(Ab | wait > 0). */
  abandonGivenWait: number;
  /** θ·E[V·e^{−θV} | V > 0]. */
  answeredWaitShare: number;
}

/** @internal Throws when λ·patience would make the evaluation impractically long (patience absurdly long). */
export function checkScale(p: ErlangAParams): void {
  const y = (p.arrivalsPerHour / 3600) * p.patienceSeconds;
  if (y > MAX_SCALE) {
    throw new ErlangInputError(
      'out-of-range',
      'patienceSeconds',
      `is too long for Erlang A here (arrivals per second × patience = ${y.toPrecision(3)} > ${MAX_SCALE}); use Erlang C for practically infinite patience`,
    );
  }
}

/** @internal P(wait), P(Ab) and the series, from B(N, A). No validation. */
export function erlangACore(p: ErlangAParams, b: number): ErlangACore {
  const lambda = p.arrivalsPerHour / 3600;
  if (lambda === 0) return { erlangB: b, probWait: 0, probAbandon: 0, logSeries: 0, abandonGivenWait: 0, answeredWaitShare: 0 };
  // No agents: everyone waits and abandons; Â(0, y) = e^y.
  if (p.agents === 0) return { erlangB: b, probWait: 1, probAbandon: 1, logSeries: lambda * p.patienceSeconds, abandonGivenWait: 1, answeredWaitShare: 0 };
  const x = (p.agents * p.patienceSeconds) / p.ahtSeconds;
  const y = lambda * p.patienceSeconds;
  const s = sumSeries(x, y, true);
  // P(W > 0) = B·Â / (1 − B + B·Â) = 1 / (1 + (1 − B)/B · e^{−ln Â}), in logs.
  const probWait = b === 0 ? 0 : b === 1 ? 1 : 1 / (1 + Math.exp(Math.log1p(-b) - Math.log(b) - s.logSum));
  return {
    erlangB: b,
    probWait,
    probAbandon: prob(probWait * s.abandonShare),
    logSeries: s.logSum,
    abandonGivenWait: s.abandonShare,
    answeredWaitShare: s.answeredWaitShare,
  };
}

/**
 * @internal Occupancy A·(1 − P(Ab))/N exactly as {@link erlangAMetricsFromCore} reports it, for N >= 1 and λ > 0
 * (the same floating-point operations, so a staffing search may test it on the core alone).
 */
export function occupancyFromCore(p: ErlangAParams, core: ErlangACore): number {
  const a = (p.arrivalsPerHour / 3600) * p.ahtSeconds;
  return prob((a * (1 - core.probAbandon)) / p.agents);
}

/**
 * @internal ASA of answered calls exactly as {@link erlangAMetricsFromCore} reports it, for N >= 1 and λ > 0:
 * E[V·e^{−θV}; V > 0] / P(answered) = P(W > 0) · (θ·E[V e^{−θV} | V > 0]) · patience / (1 − P(Ab)).
 */
export function asaAnsweredFromCore(p: ErlangAParams, core: ErlangACore): number {
  return (core.probWait * core.answeredWaitShare * p.patienceSeconds) / (1 - core.probAbandon);
}

/** @internal The factors of the metrics that depend on the load and t but not on N: one computation per search. */
export interface ErlangATargetTerms {
  /** e^{−θt} = P(patience > t). */
  survivesT: number;
  /** y·(e^{−θt} − 1), y = λ/θ. */
  yExpm1: number;
}

/** @internal {@link ErlangATargetTerms} of a load and target t. */
export function erlangATargetTerms(load: Omit<ErlangAParams, 'agents'>, targetSeconds: number): ErlangATargetTerms {
  const thetaT = targetSeconds / load.patienceSeconds;
  return { survivesT: Math.exp(-thetaT), yExpm1: (load.arrivalsPerHour / 3600) * load.patienceSeconds * Math.expm1(-thetaT) };
}

/**
 * @internal Every metric from the core and a target t. No validation. `terms` may be passed by a caller that
 * evaluates many counts of one load (the same numbers either way).
 */
export function erlangAMetricsFromCore(p: ErlangAParams, targetSeconds: number, core: ErlangACore, terms: ErlangATargetTerms = erlangATargetTerms(p, targetSeconds)): ErlangAResult {
  const { arrivalsPerHour, ahtSeconds, agents: n, patienceSeconds } = p;
  const lambda = arrivalsPerHour / 3600;
  const a = lambda * ahtSeconds;
  const thetaT = targetSeconds / patienceSeconds;
  const survivesT = terms.survivesT; // P(patience > t)
  if (lambda === 0 || n === 0) {
    // No calls: nothing waits. No agents: every caller waits out his patience.
    const none = lambda === 0;
    const abandonWithinT = none ? 0 : prob(1 - survivesT);
    return {
      model: 'A', arrivalsPerHour, ahtSeconds, agents: n, patienceSeconds, targetSeconds, trafficErlangs: a, erlangB: core.erlangB,
      probWait: none ? 0 : 1,
      probAbandon: none ? 0 : 1,
      connectRate: none ? 1 : 0,
      serviceLevelAnsweredWithinTOverOffered: none ? 1 : 0,
      serviceLevelAmongAnswered: none ? 1 : 0,
      serviceLevelExcludingAbandonsWithinT: none ? 1 : 0,
      probAbandonWithinT: abandonWithinT,
      probActualWaitAtMostT: none ? 1 : abandonWithinT,
      probOfferedWaitAtMostT: none ? 1 : 0,
      meanWaitAllArrivalsSeconds: none ? 0 : patienceSeconds,
      asaAnsweredSeconds: 0,
      expectedQueueLength: none ? 0 : lambda * patienceSeconds,
      occupancy: 0,
    };
  }
  const x = (n * patienceSeconds) / ahtSeconds;
  const y = lambda * patienceSeconds;
  const z = y * survivesT; // y·e^{−θt}
  const { probWait, probAbandon, logSeries, abandonGivenWait } = core;
  // ln[(z/y)^x · e^{y−z}] = −Nμt + y(1 − e^{−θt})
  const logShift = (-n * targetSeconds) / ahtSeconds - terms.yExpm1;
  // P(V > t | V > 0) = γ(x, z)/γ(x, y) = e^{logShift} · Â(x, z)/Â(x, y)
  const offeredWaitAboveT = prob(Math.exp(logShift + logSumSeries(x, z) - logSeries));
  // P(answered | V > 0) = 1 − P(Ab | V > 0) = x/(x+1) · Â(x+1, y)/Â(x, y), and
  // P(answered, W > t | V > 0) = x/(x+1) · e^{logShift − θt} · Â(x+1, z)/Â(x, y), so their ratio is e^{Δ} with
  // Δ = logShift − θt + ln Â(x+1, z) − ln Â(x+1, y); answered within t then needs no subtraction (expm1).
  const answeredGivenWait = 1 - abandonGivenWait;
  const delta = logShift - thetaT + logSumSeries(x + 1, z) - logSumSeries(x + 1, y);
  const answeredAfterT = answeredGivenWait * Math.exp(delta);
  const answeredWithinTGivenWait = prob(-answeredGivenWait * Math.expm1(delta));
  // P(Ab, W <= t | V > 0) = P(Ab | V > 0) − [P(W > t | V > 0) − P(answered, W > t | V > 0)]
  const abandonWithinTGivenWait = prob(abandonGivenWait - (survivesT * offeredWaitAboveT - answeredAfterT));

  const slOverOffered = prob(1 - probWait + probWait * answeredWithinTGivenWait);
  const probAbandonWithinT = prob(probWait * abandonWithinTGivenWait);
  const connectRate = 1 - probAbandon;
  const meanWait = probAbandon * patienceSeconds;
  return {
    model: 'A', arrivalsPerHour, ahtSeconds, agents: n, patienceSeconds, targetSeconds, trafficErlangs: a, erlangB: core.erlangB,
    probWait,
    probAbandon,
    connectRate,
    serviceLevelAnsweredWithinTOverOffered: slOverOffered,
    serviceLevelAmongAnswered: prob(slOverOffered / connectRate),
    serviceLevelExcludingAbandonsWithinT: prob(slOverOffered / (1 - probAbandonWithinT)),
    probAbandonWithinT,
    probActualWaitAtMostT: prob(1 - probWait * offeredWaitAboveT * survivesT),
    probOfferedWaitAtMostT: prob(1 - probWait * offeredWaitAboveT),
    meanWaitAllArrivalsSeconds: meanWait,
    asaAnsweredSeconds: asaAnsweredFromCore(p, core),
    expectedQueueLength: lambda * meanWait,
    occupancy: occupancyFromCore(p, core),
  };
}

/** @internal Validates the inputs shared by Erlang A evaluation and staffing (agents excluded). */
export function validateErlangALoad(input: LoadInput & { patienceSeconds: number }): Omit<ErlangAParams, 'agents'> {
  const arrivalsPerHour = arrivalsPerHourOf(input);
  const ahtSeconds = requirePositive(input.ahtSeconds, 'ahtSeconds');
  requireLoad(arrivalsPerHour, ahtSeconds);
  return { arrivalsPerHour, ahtSeconds, patienceSeconds: requirePositive(input.patienceSeconds, 'patienceSeconds') };
}

/**
 * Erlang A (M/M/N+M) metrics of one interval: probability of waiting, probability of abandonment and connect
 * rate, every named service-level definition, ASA of answered calls, mean wait of all arrivals, occupancy.
 *
 * @param input `{ arrivalsPerHour | callsPerInterval + intervalMinutes, ahtSeconds, agents, patienceSeconds,
 *   targetSeconds }`; seconds and calls per hour.
 * @returns an {@link ErlangAResult}; every probability in [0, 1], every time finite and >= 0.
 *   Accurate to ~1e-12 for patience from 1 ms to 1e9 s and beyond (λ·patience up to 1e10), at ρ = A/N = 1,
 *   for N < A, N = 0 (every caller abandons) and zero arrivals.
 * @throws ErlangInputError naming the field: fractional or negative agents, AHT or patience <= 0, negative or
 *   non-finite rates and times; `out-of-range` on patienceSeconds when λ·patience (calls per second × seconds) exceeds 1e10.
 * @see Palm (1943); Garnett, Mandelbaum and Reiman (2002); Mandelbaum and Zeltyn (2005).
 * @example
 * const r = erlangAMetrics({ arrivalsPerHour: 240, ahtSeconds: 300, agents: 22, patienceSeconds: 120, targetSeconds: 20 });
 * r.probAbandon;  // 0.0647 → r.connectRate 0.9353
 * r.probWait;     // 0.2883
 * r.serviceLevelAnsweredWithinTOverOffered; // 0.8160
 */
export function erlangAMetrics(input: ErlangAInput): ErlangAResult {
  const load = validateErlangALoad(input);
  const p: ErlangAParams = { ...load, agents: requireCount(input.agents, 'agents') };
  const targetSeconds = requireNonNegative(input.targetSeconds, 'targetSeconds');
  checkScale(p);
  const b = erlangBUnchecked(p.agents, (p.arrivalsPerHour * p.ahtSeconds) / 3600);
  return erlangAMetricsFromCore(p, targetSeconds, erlangACore(p, b));
}
