/**
 * Staffing: the smallest number of productive agents that meets every target of an interval, with Erlang C
 * (service level, ASA, occupancy, probability of waiting) or Erlang A (connect rate / abandonment as well),
 * and the gross-up for shrinkage.
 *
 * The search is linear and exact: it starts at a proven lower bound (Erlang C: ⌊A⌋ + 1, the first stable
 * count; Erlang A: the throughput bound N > A·connectRate, since answered calls cannot exceed what N agents
 * carry) and steps one agent at a time, updating Erlang B in O(1) per step with its recursion. The first count
 * that meets every target is returned, so no monotonicity assumption is needed.
 * Sources: Erlang (1917); Gans, Koole and Mandelbaum (2003); Garnett, Mandelbaum and Reiman (2002).
 */
import { ErlangInputError, ErlangStaffingError } from './errors';
import {
  type ErlangACore,
  type ErlangAParams,
  type ErlangAResult,
  checkScale,
  erlangACore,
  erlangAMetricsFromCore,
  validateErlangALoad,
} from './erlang-a';
import { type ErlangCResult, type ErlangCStable, erlangBNext, erlangBUnchecked, erlangCMetricsFromB } from './erlang-b-c';
import { arrivalsPerHourOf, type LoadInput, requireCount, requireFinite, requireFraction, requireLoad, requireNonNegative, requirePositive } from './inputs';

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

class ErlangAStepper implements Stepper<ErlangACore | ErlangAResult> {
  private readonly b: ErlangBWalk;
  /** The service level, ASA and occupancy need every metric; connect rate and P(wait) only the core. */
  private readonly full: boolean;

  constructor(
    private readonly load: Omit<ErlangAParams, 'agents'>,
    private readonly targetSeconds: number,
    private readonly targets: Omit<ErlangATargets, 'targetSeconds'> & { serviceLevelDefinition: ErlangAServiceLevelDefinition },
    start: number,
  ) {
    this.b = new ErlangBWalk((load.arrivalsPerHour * load.ahtSeconds) / 3600, Math.max(start - 1, 0));
    this.full = targets.serviceLevelTarget !== undefined || targets.maxAsaSeconds !== undefined || targets.maxOccupancy !== undefined;
  }

  evaluate(n: number): ErlangACore | ErlangAResult {
    const { arrivalsPerHour, ahtSeconds, patienceSeconds } = this.load;
    const p: ErlangAParams = { arrivalsPerHour, ahtSeconds, patienceSeconds, agents: n };
    const core = erlangACore(p, this.b.at(n));
    return this.full ? erlangAMetricsFromCore(p, this.targetSeconds, core) : core;
  }

  misses(r: ErlangACore | ErlangAResult): StaffingTarget[] {
    const t = this.targets;
    const out: StaffingTarget[] = [];
    if (t.minConnectRate !== undefined && !atLeast(1 - r.probAbandon, t.minConnectRate)) out.push('minConnectRate');
    if (t.maxProbAbandon !== undefined && !atMost(r.probAbandon, t.maxProbAbandon)) out.push('maxProbAbandon');
    if (t.maxProbWait !== undefined && !atMost(r.probWait, t.maxProbWait)) out.push('maxProbWait');
    if ('model' in r) {
      if (t.serviceLevelTarget !== undefined && !atLeast(r[t.serviceLevelDefinition], t.serviceLevelTarget)) out.push('serviceLevelTarget');
      if (t.maxAsaSeconds !== undefined && !atMost(r.asaAnsweredSeconds, t.maxAsaSeconds)) out.push('maxAsaSeconds');
      if (t.maxOccupancy !== undefined && !atMost(r.occupancy, t.maxOccupancy)) out.push('maxOccupancy');
    }
    return out;
  }
}

/** Inputs of {@link staffErlangA}. */
export type StaffErlangAInput = LoadInput & { patienceSeconds: number } & ErlangATargets & StaffingOptions;

/**
 * Erlang A staffing: the smallest N >= 0 meeting every target given (minimum connect rate or maximum
 * abandonment, service level by a named definition, maximum ASA of answered calls, occupancy, probability of
 * waiting). N may be below the offered load A. The search starts at the throughput bound: answered calls per
 * second cannot exceed N/AHT, so connectRate < N/A, i.e. N > A·minConnectRate (likewise for a service level
 * that counts abandoners as failures).
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
  const start = Math.max(options.minAgents, Math.floor(a * answeredShareNeeded * (1 - 1e-9)));
  const cap = options.maxAgents ?? Math.max(start, defaultMaxAgents(a, maxOccupancy));
  checkScale({ ...load, agents: cap });
  const targets = { minConnectRate: minConnect, maxProbAbandon: maxAbandon, serviceLevelTarget: sl, serviceLevelDefinition: definition, maxAsaSeconds: maxAsa, maxOccupancy, maxProbWait };
  const found = search(start, cap, new ErlangAStepper(load, targetSeconds, targets, start), 'Erlang A');
  const metrics = 'model' in found.metrics ? found.metrics : erlangAMetricsFromCore({ ...load, agents: found.n }, targetSeconds, found.metrics);
  return {
    trafficErlangs: a,
    requiredAgents: found.n,
    shrinkage: options.shrinkage,
    requiredAgentsWithShrinkage: agentsWithShrinkage(found.n, options.shrinkage),
    atRequiredAgents: metrics,
    limitingTargets: found.limiting,
  };
}
