/**
 * Staffing: the smallest number of productive agents that meets every target of an interval, with Erlang C
 * (service level, ASA, occupancy, probability of waiting) or Erlang A (connect rate / abandonment as well),
 * and the gross-up for shrinkage.
 *
 * The search is linear and exact: it starts at a proven lower bound (Erlang C: ⌊A⌋ + 1, the first stable
 * count; Erlang A: the throughput bound N > A·connectRate, since answered calls cannot exceed what N agents
 * carry, and A·connectRate <= maxOccupancy·N with an occupancy limit) and steps one agent at a time, updating
 * Erlang B in O(1) per step with its recursion. The first count that meets every target is returned, so no
 * monotonicity assumption is needed. Erlang A proves most counts below the answer short by O(1) bounds before
 * evaluating any series, and evaluates the t-dependent part only where it decides (see ErlangASearch).
 * Sources: Erlang (1917); Gans, Koole and Mandelbaum (2003); Garnett, Mandelbaum and Reiman (2002).
 */
import { ErlangInputError, ErlangStaffingError } from './errors';
import {
  type ErlangACore,
  type ErlangAParams,
  type ErlangAResult,
  type ErlangATargetTerms,
  asaAnsweredFromCore as asaOfCore,
  checkScale,
  erlangACore as coreOf,
  erlangAMetricsFromCore as metricsOfCore,
  erlangATargetTerms,
  occupancyFromCore as occupancyOfCore,
  validateErlangALoad,
} from './erlang-a';
import { type ErlangCResult, type ErlangCStable, erlangBNext, erlangBUnchecked, erlangCMetricsFromB } from './erlang-b-c';
import { arrivalsPerHourOf, type LoadInput, requireCount, requireFinite, requireFraction, requireLoad, requireNonNegative, requirePositive } from './inputs';

// The Erlang A search calls these per agent count: bound once here, since under the CommonJS interop of tsx
// (the bench, the dev tools) every call through the import would look the export up through a getter again.
const erlangACore = coreOf;
const erlangAMetricsFromCore = metricsOfCore;
const occupancyFromCore = occupancyOfCore;
const asaAnsweredFromCore = asaOfCore;

/** Targets are compared with this relative slack, so that a metric equal to its target up to rounding meets it. */
const SLACK = 1e-12;

/**
 * Productive agents grossed up for shrinkage: the smallest whole n with n·(1 − shrinkage) >= productiveAgents.
 *
 * The naive `Math.ceil(raw / (1 − s))` is wrong in floating point: 21 / (1 − 0.3) = 30.000000000000004 gives 31.
 * Here the candidate one below the ceiling is re-checked with a relative slack of 1e-12, which absorbs the
 * binary rounding of decimal shrinkages such as 0.3 (reference case C36).
 *
 * @param productiveAgents agents needed on the phones, a whole number >= 0.
 * @param shrinkage fraction of paid time not available for calls (breaks, training, absence), in [0, 1).
 * @returns rostered agents, a whole number >= productiveAgents.
 * @throws ErlangInputError for fractional/negative agents (`productiveAgents`) or shrinkage outside [0, 1).
 * @example
 * agentsWithShrinkage(21, 0.3); // 30 (not 31)
 * agentsWithShrinkage(40, 0.3); // 58
 */
export function agentsWithShrinkage(productiveAgents: number, shrinkage: number): number {
  const raw = requireCount(productiveAgents, 'productiveAgents');
  const s = requireFraction(shrinkage, 'shrinkage', 0, 1, true);
  const available = 1 - s;
  const n = Math.ceil(raw / available);
  return n > raw && (n - 1) * available >= raw * (1 - SLACK) ? n - 1 : n;
}

/** Options common to both searches. */
export interface StaffingOptions {
  /** Shrinkage fraction in [0, 1) for `requiredAgentsWithShrinkage` (default 0). */
  shrinkage?: number;
  /** A business minimum of agents on duty (e.g. 1 for a 24/7 line), whole number >= 0 (default 0). */
  minAgents?: number;
  /** Give up above this many agents (default ⌈A / maxOccupancy⌉ + 50·⌈√A⌉ + 100). */
  maxAgents?: number;
}

/** Erlang C targets; each one given must hold. With none, the answer is the first stable count. */
export interface ErlangCTargets {
  /** Answer-time target t in seconds (for the service level and the reported metrics), >= 0. */
  targetSeconds: number;
  /** Minimum service level P(wait <= t), fraction in [0, 1). */
  serviceLevelTarget?: number;
  /** Maximum occupancy A/N, fraction in (0, 1]. */
  maxOccupancy?: number;
  /** Maximum ASA (mean wait of all calls) in seconds, > 0. */
  maxAsaSeconds?: number;
  /** Maximum probability of waiting, fraction in (0, 1]. */
  maxProbWait?: number;
}

/** Inputs of {@link staffErlangC}. */
export type StaffErlangCInput = LoadInput & ErlangCTargets & StaffingOptions;

/** Names of the targets, as reported in `limitingTargets`. */
export type StaffingTarget =
  | 'stability'
  | 'minAgents'
  | 'serviceLevelTarget'
  | 'maxOccupancy'
  | 'maxAsaSeconds'
  | 'maxProbWait'
  | 'minConnectRate'
  | 'maxProbAbandon';

/** Result of a staffing search. `M` is the metrics type of the model. */
export interface StaffingResult<M> {
  /** Offered load A in Erlangs. */
  trafficErlangs: number;
  /** Smallest number of productive agents meeting every target. */
  requiredAgents: number;
  /** The shrinkage used for the gross-up (0 when none was given). */
  shrinkage: number;
  /** Rostered agents: requiredAgents grossed up for shrinkage ({@link agentsWithShrinkage}). */
  requiredAgentsWithShrinkage: number;
  /** The model's metrics at requiredAgents. */
  atRequiredAgents: M;
  /**
   * Why one agent fewer would not do: the targets it misses, `stability` (Erlang C unstable), or `minAgents`.
   * Empty when requiredAgents is 0.
   */
  limitingTargets: StaffingTarget[];
}

interface ValidatedOptions {
  shrinkage: number;
  minAgents: number;
  maxAgents: number | undefined;
}

function validateOptions(input: StaffingOptions): ValidatedOptions {
  return {
    shrinkage: input.shrinkage === undefined ? 0 : requireFraction(input.shrinkage, 'shrinkage', 0, 1, true),
    minAgents: input.minAgents === undefined ? 0 : requireCount(input.minAgents, 'minAgents'),
    maxAgents: input.maxAgents === undefined ? undefined : requireCount(input.maxAgents, 'maxAgents'),
  };
}

function defaultMaxAgents(a: number, maxOccupancy: number | undefined): number {
  return Math.ceil(a / (maxOccupancy ?? 1)) + 50 * Math.ceil(Math.sqrt(a)) + 100;
}

const atLeast = (value: number, target: number): boolean => value >= target - SLACK;
const atMost = (value: number, limit: number): boolean => value <= limit + SLACK * Math.max(1, limit);

/** An optional limit that must lie in (0, 1]: a maximum occupancy, P(wait) or P(Ab) of 0 can never be met. */
function optionalLimit(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const v = requireFinite(value, field);
  if (v <= 0 || v > 1) throw new ErlangInputError('out-of-range', field, `must be in (0, 1] (got ${v})`);
  return v;
}

/** Erlang B along increasing n: O(n) once, then O(1) per further agent (the recursion's own step). */
class ErlangBWalk {
  private n: number;
  private b: number;

  constructor(
    private readonly a: number,
    from: number,
  ) {
    this.n = from;
    this.b = erlangBUnchecked(from, a);
  }

  at(n: number): number {
    if (n === this.n + 1) this.b = erlangBNext(this.b, n, this.a);
    else if (n !== this.n) this.b = erlangBUnchecked(n, this.a);
    this.n = n;
    return this.b;
  }
}

/** One model's side of the search: its metrics at n agents and the targets they miss. */
interface Stepper<M> {
  evaluate(n: number): M;
  misses(metrics: M): StaffingTarget[];
}

/** The first n in [start, cap] meeting every target, and why n − 1 does not. */
function search<M>(start: number, cap: number, model: Stepper<M>, name: string): { n: number; metrics: M; limiting: StaffingTarget[] } {
  let previous: StaffingTarget[] = [];
  for (let n = start; n <= cap; n++) {
    const metrics = model.evaluate(n);
    const misses = model.misses(metrics);
    if (misses.length > 0) {
      previous = misses;
      continue;
    }
    // Why not one fewer: the targets it misses; if it misses none, only the business minimum kept us here.
    const fewer = n === 0 ? [] : n > start ? previous : model.misses(model.evaluate(n - 1));
    return { n, metrics, limiting: n === 0 ? [] : fewer.length > 0 ? fewer : ['minAgents'] };
  }
  throw new ErlangStaffingError(cap, `no number of agents up to ${cap} meets the ${name} targets`);
}

class ErlangCStepper implements Stepper<ErlangCResult> {
  private readonly b: ErlangBWalk;

  constructor(
    private readonly arrivalsPerHour: number,
    private readonly ahtSeconds: number,
    private readonly targetSeconds: number,
    private readonly targets: Omit<ErlangCTargets, 'targetSeconds'>,
    start: number,
  ) {
    this.b = new ErlangBWalk((arrivalsPerHour * ahtSeconds) / 3600, Math.max(start - 1, 0));
  }

  evaluate(n: number): ErlangCResult {
    return erlangCMetricsFromB(this.arrivalsPerHour, this.ahtSeconds, n, this.targetSeconds, this.b.at(n));
  }

  misses(r: ErlangCResult): StaffingTarget[] {
    if (!r.stable) return ['stability'];
    const t = this.targets;
    const out: StaffingTarget[] = [];
    if (t.serviceLevelTarget !== undefined && !atLeast(r.serviceLevel, t.serviceLevelTarget)) out.push('serviceLevelTarget');
    if (t.maxOccupancy !== undefined && !atMost(r.occupancy, t.maxOccupancy)) out.push('maxOccupancy');
    if (t.maxAsaSeconds !== undefined && !atMost(r.asaSeconds, t.maxAsaSeconds)) out.push('maxAsaSeconds');
    if (t.maxProbWait !== undefined && !atMost(r.probWait, t.maxProbWait)) out.push('maxProbWait');
    return out;
  }
}

/**
 * Erlang C staffing: the smallest N >= max(⌊A⌋ + 1, minAgents) meeting every target given (service level
 * within targetSeconds, maximum occupancy, maximum ASA, maximum probability of waiting), and the gross-up for
 * shrinkage. Zero arrivals need 0 agents (or minAgents).
 *
 * @param input `{ arrivalsPerHour | callsPerInterval + intervalMinutes, ahtSeconds, targetSeconds,
 *   serviceLevelTarget?, maxOccupancy?, maxAsaSeconds?, maxProbWait?, shrinkage?, minAgents?, maxAgents? }`.
 * @returns requiredAgents, requiredAgentsWithShrinkage, the metrics there and the binding targets.
 * @throws ErlangInputError for a bad field (a target outside its range, negative rate, AHT <= 0, ...).
 * @throws ErlangStaffingError when no count up to maxAgents meets the targets.
 * @see Erlang (1917); linear search from ⌊A⌋ + 1 as in shared/reference/erlang-notes.md §2.
 * @example
 * staffErlangC({ arrivalsPerHour: 1000, ahtSeconds: 120, targetSeconds: 20, serviceLevelTarget: 0.8, maxOccupancy: 0.85, shrinkage: 0.3 });
 * // { requiredAgents: 40, requiredAgentsWithShrinkage: 58, limitingTargets: ['maxOccupancy'], ... }
 */
export function staffErlangC(input: StaffErlangCInput): StaffingResult<ErlangCStable> {
  const arrivalsPerHour = arrivalsPerHourOf(input);
  const ahtSeconds = requirePositive(input.ahtSeconds, 'ahtSeconds');
  requireLoad(arrivalsPerHour, ahtSeconds);
  const targetSeconds = requireNonNegative(input.targetSeconds, 'targetSeconds');
  const sl = input.serviceLevelTarget === undefined ? undefined : requireFraction(input.serviceLevelTarget, 'serviceLevelTarget', 0, 1, true);
  const maxOccupancy = optionalLimit(input.maxOccupancy, 'maxOccupancy');
  const maxProbWait = optionalLimit(input.maxProbWait, 'maxProbWait');
  const maxAsa = input.maxAsaSeconds === undefined ? undefined : requirePositive(input.maxAsaSeconds, 'maxAsaSeconds');
  const options = validateOptions(input);
  const a = (arrivalsPerHour * ahtSeconds) / 3600;

  const start = Math.max(options.minAgents, a === 0 ? 0 : Math.floor(a) + 1);
  const cap = options.maxAgents ?? Math.max(start, defaultMaxAgents(a, maxOccupancy));
  const targets = { serviceLevelTarget: sl, maxOccupancy, maxAsaSeconds: maxAsa, maxProbWait };
  const found = search(start, cap, new ErlangCStepper(arrivalsPerHour, ahtSeconds, targetSeconds, targets, start), 'Erlang C');
  if (!found.metrics.stable) throw new Error('unreachable: a stable count was returned');
  return {
    trafficErlangs: a,
    requiredAgents: found.n,
    shrinkage: options.shrinkage,
    requiredAgentsWithShrinkage: agentsWithShrinkage(found.n, options.shrinkage),
    atRequiredAgents: found.metrics,
    limitingTargets: found.limiting,
  };
}

/** The Erlang A service-level definitions a target can refer to (see {@link ErlangAResult}). */
export type ErlangAServiceLevelDefinition =
  | 'serviceLevelAnsweredWithinTOverOffered'
  | 'serviceLevelAmongAnswered'
  | 'serviceLevelExcludingAbandonsWithinT'
  | 'probActualWaitAtMostT'
  | 'probOfferedWaitAtMostT';

const SL_DEFINITIONS: readonly ErlangAServiceLevelDefinition[] = [
  'serviceLevelAnsweredWithinTOverOffered',
  'serviceLevelAmongAnswered',
  'serviceLevelExcludingAbandonsWithinT',
  'probActualWaitAtMostT',
  'probOfferedWaitAtMostT',
];

/** Erlang A targets; each one given must hold. */
export interface ErlangATargets {
  /** Answer-time target t in seconds, >= 0. */
  targetSeconds: number;
  /** Minimum connect rate 1 − P(Ab), fraction in [0, 1) (the tender's 接通率, e.g. 0.9). */
  minConnectRate?: number;
  /** Maximum probability of abandonment, fraction in (0, 1]. */
  maxProbAbandon?: number;
  /** Minimum service level at targetSeconds, fraction in [0, 1), by `serviceLevelDefinition`. */
  serviceLevelTarget?: number;
  /** Which service level the target means (default `serviceLevelAnsweredWithinTOverOffered`: abandoners fail). */
  serviceLevelDefinition?: ErlangAServiceLevelDefinition;
  /** Maximum ASA of answered calls (asaAnsweredSeconds), in seconds, > 0. */
  maxAsaSeconds?: number;
  /** Maximum occupancy (carried load per agent), fraction in (0, 1]. */
  maxOccupancy?: number;
  /** Maximum probability of waiting, fraction in (0, 1]. */
  maxProbWait?: number;
}

/** Erlang A targets after validation, with the service-level definition resolved. */
type ErlangATargetsResolved = Omit<ErlangATargets, 'targetSeconds' | 'serviceLevelDefinition'> & { serviceLevelDefinition: ErlangAServiceLevelDefinition };

/**
 * The service-level bounds below are used only when λ·patience is at most this: above it the logarithms in the
 * closed forms reach ~1e6, and rounding of ~1e-10 in a computed service level could approach the margin.
 */
const BOUND_MAX_SCALE = 1e6;

/**
 * A bound proves a miss only when it lies this far below the target (less the comparison slack), far more than
 * the ~1e-12 error of a computed service level: a count is never ruled out that the exact evaluation would pass.
 */
const BOUND_MARGIN = 1e-6;

/** One count of the Erlang A search, with what has been computed about it so far. */
interface ErlangATrial {
  n: number;
  /** B(N, A). */
  b: number;
  /** e^{−Nμt} times the definition's factor (see {@link ErlangASearch}); NaN when no bound is used. */
  lastStage: number;
  /** The t-free quantities, once computed. */
  core?: ErlangACore;
  /** Whether the service-level target is missed: `true` once proven, `undefined` while not decided. */
  serviceLevelMissed?: boolean;
}

/**
 * The Erlang A staffing search: the first count from `start` up that meets every target, and what one fewer
 * misses. The answer, its metrics and `limitingTargets` are bit for bit those of evaluating every metric at
 * every count (`erlang-a-staffing.spec.ts` runs both), with far less work.
 *
 * An evaluation costs its series (series.ts): one weighted sum for the core (P(wait), P(Ab), the answered
 * callers' ASA, hence connect rate and occupancy) and three more for what depends on the answer-time target t.
 * So each count is judged in increasing order of cost, and the search moves on as soon as a miss is proven:
 *
 * 1. O(1), with Erlang B carried along N by its recursion B(N) = A·B(N−1) / (N + A·B(N−1)) (Erlang 1917;
 *    Jagerman, "Some properties of the Erlang loss function", BSTJ 53, 1974) and e^{−Nμt} by one product per
 *    agent: an upper bound on the service level from the first terms of the series,
 *    S_3 = 1 + y/(x+1)·(1 + y/(x+2)·(1 + y/(x+3))) <= Â(x, y) (x = Nμ/θ, y = λ/θ; every term is positive):
 *    - P(W > 0) = B·Â / (1 − B + B·Â) (Mandelbaum and Zeltyn 2005) increases with Â, so
 *      P(W > 0) >= B·S_3 / (1 − B + B·S_3) >= B;
 *    - a caller who finds all N agents busy and k callers ahead moves up at rate Nμ + kθ (a service ends or one
 *      ahead hangs up), so his offered wait V is a sum of exponential stages, the last two of rates Nμ + θ and Nμ.
 *      Keeping only those, and since he finds nobody ahead with probability 1/Â (PASTA: the terms of Â are the
 *      chain's weights of "k waiting"), P(V > t | V > 0) >= e^{−Nμt}·[1 + (1 − 1/Â)·x·(1 − e^{−θt})], the
 *      second factor being the tail of Exp(Nμ + θ) + Exp(Nμ) relative to that of Exp(Nμ);
 *    - answered within t over offered = 1 − P(W > 0)·P(not answered within t | V > 0)
 *      <= 1 − P(W > 0)·P(V > t | V > 0); P(V <= t) obeys the same bound, P(actual wait <= t) the same with the
 *      factor e^{−θt} (the caller must also still be there at t). The other two definitions are not bounded:
 *      their exact value is computed.
 * 2. The core: every target but the service level is tested exactly on it, and the bound of step 1 is taken
 *    with the exact Â and P(W > 0); for answered within t over offered also P(not answered within t | V > 0)
 *    >= P(Ab | V > 0).
 * 3. Only a count that passes both gets the t-dependent series and the exact test. The answer always does, so
 *    its metrics are the plain ones; for the count below it only what its list of missed targets needs is
 *    computed ({@link meetsOccupancyByErlangB} often settles occupancy without the core).
 *
 * A bound rules a count out only when it lies {@link BOUND_MARGIN} below the target, and only for λ·patience
 * <= {@link BOUND_MAX_SCALE}, so it never rejects a count the exact evaluation would accept. Nothing is
 * assumed monotone in N: a starting guess from Erlang C or the square-root staffing rule N ≈ A + β√A (Halfin
 * and Whitt 1981; Borst, Mandelbaum and Reiman 2004) and a step down from it is exact only if every target is
 * monotone in N, which is not proven for every target and definition, while stepping up through the counts
 * that step 1 rules out costs a few nanoseconds each.
 * @internal Exported for the specs only (the bounds are checked against the exact metrics there).
 */
export class ErlangASearch {
  private readonly lambda: number;
  /** A as the staffing search computes it (Erlang B). */
  private readonly a: number;
  /** A as the metrics compute it (occupancy), for the O(1) occupancy test. */
  private readonly aOccupancy: number;
  /** λ/θ. */
  private readonly y: number;
  /** Nμ/θ per agent: patience / AHT. */
  private readonly xPerAgent: number;
  /** A service-level bound below this proves a miss; NaN when no bound may be used. */
  private readonly boundCut: number;
  /** e^{−θt} for P(actual wait <= t), 1 for the other bounded definitions, NaN for the unbounded ones. */
  private readonly boundFactor: number;
  /** 1 − e^{−θt}, computed when first needed. */
  private leftByT = NaN;
  /** The metrics' factors that do not depend on N. */
  private readonly terms: ErlangATargetTerms;

  constructor(
    private readonly load: Omit<ErlangAParams, 'agents'>,
    private readonly targetSeconds: number,
    private readonly targets: ErlangATargetsResolved,
  ) {
    const { arrivalsPerHour, ahtSeconds, patienceSeconds } = load;
    this.lambda = arrivalsPerHour / 3600;
    this.a = (arrivalsPerHour * ahtSeconds) / 3600;
    this.aOccupancy = this.lambda * ahtSeconds;
    this.y = this.lambda * patienceSeconds;
    this.xPerAgent = patienceSeconds / ahtSeconds;
    this.terms = erlangATargetTerms(load, targetSeconds);
    const definition = targets.serviceLevelDefinition;
    this.boundFactor =
      definition === 'serviceLevelAnsweredWithinTOverOffered' || definition === 'probOfferedWaitAtMostT'
        ? 1
        : definition === 'probActualWaitAtMostT'
          ? Math.exp(-targetSeconds / patienceSeconds)
          : NaN;
    const sl = targets.serviceLevelTarget;
    const usable = sl !== undefined && this.lambda > 0 && this.y <= BOUND_MAX_SCALE && !Number.isNaN(this.boundFactor);
    this.boundCut = usable ? sl - SLACK - BOUND_MARGIN : NaN;
  }

  private params(n: number): ErlangAParams {
    const { arrivalsPerHour, ahtSeconds, patienceSeconds } = this.load;
    return { arrivalsPerHour, ahtSeconds, patienceSeconds, agents: n };
  }

  /** e^{−Nμt} times the definition's factor, computed afresh (the search carries it along N); NaN without bounds. */
  lastStage(n: number): number {
    return Number.isNaN(this.boundCut) ? NaN : Math.exp((-n * this.targetSeconds) / this.load.ahtSeconds) * this.boundFactor;
  }

  /** The bound on P(V > t | V > 0) (times the factor) from the last two stages, given 1 − 1/Â or a lower bound of it. */
  private lastTwoStages(n: number, lastStage: number, queuedShare: number): number {
    if (Number.isNaN(this.leftByT)) this.leftByT = -this.terms.yExpm1 / this.y; // y > 0 wherever bounds are used
    return lastStage * (1 + queuedShare * n * this.xPerAgent * this.leftByT);
  }

  /** S_3 = 1 + y/(x+1)·(1 + y/(x+2)·(1 + y/(x+3))) <= Â(x, y), with x = N·patience/AHT. */
  private seriesHead(n: number): number {
    const x = n * this.xPerAgent;
    const y = this.y;
    return 1 + (y / (x + 1)) * (1 + (y / (x + 2)) * (1 + y / (x + 3)));
  }

  /** Step 1's upper bound on the service level, from B(N, A) alone (N >= 1, λ > 0, a bounded definition). */
  serviceLevelBoundByErlangB(n: number, b: number, lastStage: number): number {
    const s = this.seriesHead(n);
    const waitsAtLeast = (b * s) / (1 - b + b * s);
    return 1 - waitsAtLeast * this.lastTwoStages(n, lastStage, (s - 1) / s);
  }

  /** Step 2's upper bound on the service level, from the core (N >= 1, λ > 0, a bounded definition). */
  serviceLevelBoundByCore(n: number, lastStage: number, core: ErlangACore): number {
    const beyond = this.lastTwoStages(n, lastStage, -Math.expm1(-core.logSeries));
    const failShare = this.targets.serviceLevelDefinition === 'serviceLevelAnsweredWithinTOverOffered' ? Math.max(core.abandonGivenWait, beyond) : beyond;
    return 1 - core.probWait * failShare;
  }

  /**
   * An upper bound on occupancy A·(1 − P(Ab))/N from B(N, A) alone (N >= 1, λ > 0): P(Ab) = P(W > 0)·P(Ab | V > 0),
   * where P(Ab | V > 0) = Σ_k p_k·w_k over the callers k found waiting, w_k = (k + 1)/(x + k + 1) (series.ts); the
   * weights grow with k and p_0 = 1/Â, so P(Ab | V > 0) >= w_0 + (1 − 1/S_3)·(w_1 − w_0), and P(W > 0) is
   * bounded as in step 1.
   */
  occupancyBoundByErlangB(n: number, b: number): number {
    const x = n * this.xPerAgent;
    const s = this.seriesHead(n);
    const waitsAtLeast = (b * s) / (1 - b + b * s);
    const w0 = 1 / (x + 1);
    const abandonsAtLeast = waitsAtLeast * (w0 + ((s - 1) / s) * (2 / (x + 2) - w0));
    return (this.aOccupancy * (1 - abandonsAtLeast)) / n;
  }

  /** Step 1: the service level is proven missed from B(N, A) alone (N >= 1, bounds usable). */
  private missesByErlangB(n: number, b: number, lastStage: number): boolean {
    // The crude form first (P(W > 0) >= B, the last stage alone): it settles most counts well below the answer.
    if (1 - b * lastStage < this.boundCut) return true;
    return this.serviceLevelBoundByErlangB(n, b, lastStage) < this.boundCut;
  }

  /**
   * Whether occupancy is proven to meet its limit without the core (N >= 1). First A/N: the computed occupancy
   * rounds to at most the computed A/N (rounding is monotone), so that test is exact; then
   * {@link occupancyBoundByErlangB}, with the margin of the bounds.
   */
  private meetsOccupancyByErlangB(n: number, b: number, maxOccupancy: number): boolean {
    if (atMost(this.aOccupancy / n, maxOccupancy)) return true;
    if (this.lambda === 0 || this.y > BOUND_MAX_SCALE) return false;
    return this.occupancyBoundByErlangB(n, b) <= maxOccupancy - BOUND_MARGIN;
  }

  /** Whether a core (N >= 1, λ > 0) meets every target but the service level: {@link coreMisses} is empty. */
  private meetsCoreTargets(p: ErlangAParams, core: ErlangACore): boolean {
    const t = this.targets;
    return (
      (t.minConnectRate === undefined || atLeast(1 - core.probAbandon, t.minConnectRate)) &&
      (t.maxProbAbandon === undefined || atMost(core.probAbandon, t.maxProbAbandon)) &&
      (t.maxProbWait === undefined || atMost(core.probWait, t.maxProbWait)) &&
      (t.maxAsaSeconds === undefined || atMost(asaAnsweredFromCore(p, core), t.maxAsaSeconds)) &&
      (t.maxOccupancy === undefined || atMost(occupancyFromCore(p, core), t.maxOccupancy))
    );
  }

  /** The targets missed at a core (N >= 1, λ > 0), the service level as given: exactly the plain search's tests. */
  private coreMisses(p: ErlangAParams, core: ErlangACore, serviceLevelMissed: boolean): StaffingTarget[] {
    const t = this.targets;
    const out: StaffingTarget[] = [];
    if (t.minConnectRate !== undefined && !atLeast(1 - core.probAbandon, t.minConnectRate)) out.push('minConnectRate');
    if (t.maxProbAbandon !== undefined && !atMost(core.probAbandon, t.maxProbAbandon)) out.push('maxProbAbandon');
    if (t.maxProbWait !== undefined && !atMost(core.probWait, t.maxProbWait)) out.push('maxProbWait');
    if (serviceLevelMissed) out.push('serviceLevelTarget');
    if (t.maxAsaSeconds !== undefined && !atMost(asaAnsweredFromCore(p, core), t.maxAsaSeconds)) out.push('maxAsaSeconds');
    if (t.maxOccupancy !== undefined && !atMost(occupancyFromCore(p, core), t.maxOccupancy)) out.push('maxOccupancy');
    return out;
  }

  /** Every target the full metrics miss: the plain search's test, used where no shortcut applies. */
  private metricsMisses(r: ErlangAResult): StaffingTarget[] {
    const t = this.targets;
    const out: StaffingTarget[] = [];
    if (t.minConnectRate !== undefined && !atLeast(1 - r.probAbandon, t.minConnectRate)) out.push('minConnectRate');
    if (t.maxProbAbandon !== undefined && !atMost(r.probAbandon, t.maxProbAbandon)) out.push('maxProbAbandon');
    if (t.maxProbWait !== undefined && !atMost(r.probWait, t.maxProbWait)) out.push('maxProbWait');
    if (t.serviceLevelTarget !== undefined && !atLeast(r[t.serviceLevelDefinition], t.serviceLevelTarget)) out.push('serviceLevelTarget');
    if (t.maxAsaSeconds !== undefined && !atMost(r.asaAnsweredSeconds, t.maxAsaSeconds)) out.push('maxAsaSeconds');
    if (t.maxOccupancy !== undefined && !atMost(r.occupancy, t.maxOccupancy)) out.push('maxOccupancy');
    return out;
  }

  /** The complete list of targets a failing count misses, computing only what is still unknown. */
  private allMisses(trial: ErlangATrial): StaffingTarget[] {
    const { n } = trial;
    const t = this.targets;
    if (n > 0 && trial.core === undefined && trial.serviceLevelMissed === undefined && !Number.isNaN(trial.lastStage) && this.missesByErlangB(n, trial.b, trial.lastStage)) {
      trial.serviceLevelMissed = true;
    }
    // The service level proven missed and the only other target, occupancy, proven met: no core needed.
    const otherTargets = t.minConnectRate !== undefined || t.maxProbAbandon !== undefined || t.maxProbWait !== undefined || t.maxAsaSeconds !== undefined;
    if (trial.serviceLevelMissed === true && !otherTargets && (t.maxOccupancy === undefined || this.meetsOccupancyByErlangB(n, trial.b, t.maxOccupancy))) {
      return ['serviceLevelTarget'];
    }
    const p = this.params(n);
    const core = trial.core ?? erlangACore(p, trial.b);
    if (n === 0 || this.lambda === 0) return this.metricsMisses(erlangAMetricsFromCore(p, this.targetSeconds, core, this.terms));
    const sl = t.serviceLevelTarget;
    let slMissed = trial.serviceLevelMissed === true;
    if (sl !== undefined && trial.serviceLevelMissed === undefined) {
      slMissed = !atLeast(erlangAMetricsFromCore(p, this.targetSeconds, core, this.terms)[t.serviceLevelDefinition], sl);
    }
    return this.coreMisses(p, core, slMissed);
  }

  /**
   * The metrics of a count that meets every target, or undefined once a miss is proven (noted in `trial`).
   * Step 1 has already been tried on the count.
   */
  private judge(trial: ErlangATrial): ErlangAResult | undefined {
    const { n } = trial;
    const p = this.params(n);
    const core = erlangACore(p, trial.b);
    trial.core = core;
    if (n === 0 || this.lambda === 0) {
      const metrics = erlangAMetricsFromCore(p, this.targetSeconds, core, this.terms);
      return this.metricsMisses(metrics).length > 0 ? undefined : metrics;
    }
    if (!Number.isNaN(trial.lastStage) && this.serviceLevelBoundByCore(n, trial.lastStage, core) < this.boundCut) {
      trial.serviceLevelMissed = true;
      return undefined;
    }
    if (!this.meetsCoreTargets(p, core)) return undefined;
    const metrics = erlangAMetricsFromCore(p, this.targetSeconds, core, this.terms);
    const sl = this.targets.serviceLevelTarget;
    if (sl !== undefined && !atLeast(metrics[this.targets.serviceLevelDefinition], sl)) {
      trial.serviceLevelMissed = true;
      return undefined;
    }
    return metrics;
  }

  /** The first count in [start, cap] meeting every target, its metrics, and why one fewer does not. */
  run(start: number, cap: number): { n: number; metrics: ErlangAResult; limiting: StaffingTarget[] } {
    const a = this.a;
    // B(N, A) by its recursion, exactly the operations of erlangBUnchecked / erlangBNext.
    let b = erlangBUnchecked(start, a);
    // e^{−Nμt} carried by one product per agent: its relative error after k steps, ~k·1e-16, is far inside the margin.
    const stageStep = Math.exp(-this.targetSeconds / this.load.ahtSeconds);
    let lastStage = this.lastStage(start);
    const bounded = !Number.isNaN(lastStage);
    // The count below, when it failed: its trial, or (ruled out by step 1, nothing kept) just its B and e^{−Nμt}.
    let previous: ErlangATrial | undefined;
    let previousB = NaN;
    let previousStage = NaN;
    for (let n = start; n <= cap; n++) {
      if (n > start) {
        b = (a * b) / (n + a * b);
        lastStage *= stageStep;
      }
      if (bounded && n > 0 && this.missesByErlangB(n, b, lastStage)) {
        previous = undefined;
        previousB = b;
        previousStage = lastStage;
        continue;
      }
      const trial: ErlangATrial = { n, b, lastStage };
      const metrics = this.judge(trial);
      if (metrics === undefined) {
        previous = trial;
        continue;
      }
      // Why not one fewer: the targets it misses; if it misses none, only the business minimum kept us here.
      if (n === 0) return { n, metrics, limiting: [] };
      const fewerTrial: ErlangATrial =
        previous ??
        (n > start
          ? { n: n - 1, b: previousB, lastStage: previousStage, serviceLevelMissed: true }
          : { n: n - 1, b: erlangBUnchecked(n - 1, a), lastStage: this.lastStage(n - 1) });
      const fewer = this.allMisses(fewerTrial);
      return { n, metrics, limiting: fewer.length > 0 ? fewer : ['minAgents'] };
    }
    throw new ErlangStaffingError(cap, `no number of agents up to ${cap} meets the Erlang A targets`);
  }
}

/** Inputs of {@link staffErlangA}. */
export type StaffErlangAInput = LoadInput & { patienceSeconds: number } & ErlangATargets & StaffingOptions;

/**
 * Erlang A staffing: the smallest N >= 0 meeting every target given (minimum connect rate or maximum
 * abandonment, service level by a named definition, maximum ASA of answered calls, occupancy, probability of
 * waiting). N may be below the offered load A. The search starts at the throughput bound: answered calls per
 * second cannot exceed N/AHT, so connectRate < N/A, i.e. N > A·minConnectRate (likewise for a service level
 * that counts abandoners as failures), and with maxOccupancy N >= A·minConnectRate/maxOccupancy. The answer is
 * that of evaluating every metric at every count from there; most counts are ruled out by O(1) bounds first
 * (Erlang B and the head of the series), so a month of 1,440 intervals takes about 2-3x our Erlang C
 * (`npm run bench -- erlang`).
 *
 * @param input `{ arrivalsPerHour | callsPerInterval + intervalMinutes, ahtSeconds, patienceSeconds,
 *   targetSeconds, minConnectRate?, maxProbAbandon?, serviceLevelTarget?, serviceLevelDefinition?,
 *   maxAsaSeconds?, maxOccupancy?, maxProbWait?, shrinkage?, minAgents?, maxAgents? }`.
 * @returns requiredAgents, requiredAgentsWithShrinkage, the Erlang A metrics there and the binding targets.
 * @throws ErlangInputError for a bad field; ErlangStaffingError when no count up to maxAgents will do.
 * @see Garnett, Mandelbaum and Reiman (2002); Mandelbaum and Zeltyn (2005).
 * @example
 * staffErlangA({ arrivalsPerHour: 40, ahtSeconds: 240, patienceSeconds: 60, targetSeconds: 20, minConnectRate: 0.9 });
 * // { requiredAgents: 5, atRequiredAgents: { connectRate: 0.9457, ... }, limitingTargets: ['minConnectRate'] }
 */
export function staffErlangA(input: StaffErlangAInput): StaffingResult<ErlangAResult> {
  const load = validateErlangALoad(input);
  const targetSeconds = requireNonNegative(input.targetSeconds, 'targetSeconds');
  const minConnect = input.minConnectRate === undefined ? undefined : requireFraction(input.minConnectRate, 'minConnectRate', 0, 1, true);
  const maxAbandon = optionalLimit(input.maxProbAbandon, 'maxProbAbandon');
  const sl = input.serviceLevelTarget === undefined ? undefined : requireFraction(input.serviceLevelTarget, 'serviceLevelTarget', 0, 1, true);
  const definition = input.serviceLevelDefinition ?? 'serviceLevelAnsweredWithinTOverOffered';
  if (!SL_DEFINITIONS.includes(definition)) {
    throw new ErlangInputError('out-of-range', 'serviceLevelDefinition', `must be one of ${SL_DEFINITIONS.join(', ')} (got ${String(definition)})`);
  }
  const maxAsa = input.maxAsaSeconds === undefined ? undefined : requirePositive(input.maxAsaSeconds, 'maxAsaSeconds');
  const maxOccupancy = optionalLimit(input.maxOccupancy, 'maxOccupancy');
  const maxProbWait = optionalLimit(input.maxProbWait, 'maxProbWait');
  const options = validateOptions(input);
  const a = (load.arrivalsPerHour * load.ahtSeconds) / 3600;

  // Throughput bounds (1e-9 below, so rounding can only start the search earlier, never past the answer).
  const answeredShareNeeded = Math.max(
    minConnect ?? 0,
    maxAbandon === undefined ? 0 : 1 - maxAbandon,
    sl !== undefined && definition === 'serviceLevelAnsweredWithinTOverOffered' ? sl : 0,
  );
  // With an occupancy limit, the carried load A·connectRate is also at most maxOccupancy·N, and the connect rate
  // is at least the answered share needed: N >= A·share/maxOccupancy (margins of 1e-9, far above the 1e-12 slack).
  const carriedBound =
    maxOccupancy === undefined || answeredShareNeeded <= 1e-9 ? 0 : Math.floor(((a * (answeredShareNeeded - 1e-9)) / (maxOccupancy + 1e-9)) * (1 - 1e-12));
  const start = Math.max(options.minAgents, Math.floor(a * answeredShareNeeded * (1 - 1e-9)), carriedBound);
  const cap = options.maxAgents ?? Math.max(start, defaultMaxAgents(a, maxOccupancy));
  checkScale({ arrivalsPerHour: load.arrivalsPerHour, ahtSeconds: load.ahtSeconds, patienceSeconds: load.patienceSeconds, agents: cap });
  const targets = { minConnectRate: minConnect, maxProbAbandon: maxAbandon, serviceLevelTarget: sl, serviceLevelDefinition: definition, maxAsaSeconds: maxAsa, maxOccupancy, maxProbWait };
  const found = new ErlangASearch(load, targetSeconds, targets).run(start, cap);
  return {
    trafficErlangs: a,
    requiredAgents: found.n,
    shrinkage: options.shrinkage,
    requiredAgentsWithShrinkage: agentsWithShrinkage(found.n, options.shrinkage),
    atRequiredAgents: found.metrics,
    limitingTargets: found.limiting,
  };
}
