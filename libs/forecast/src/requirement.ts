/**
 * From forecast to staffing: the agents each interval needs, under two models, and the month view.
 *
 * - Erlang C (M/M/N, nobody hangs up) for a service level: the fewest agents with P(wait <= t) >= target.
 * - Erlang A (M/M/N+M, exponential patience measured from the history) for the connect rate (接通率): the
 *   fewest agents with the hotline's expected connect rate in the interval >= target.
 * - The month view: the contract scores the month's Σ answered / Σ requests, so intervals weigh by their calls
 *   and a thin night can be offset by a well-staffed day. Given agents per interval (or the Erlang A
 *   requirement) it gives the expected connect rate per day, month and in total; and it finds the fewest
 *   agent-intervals that meet the target over the whole horizon ("pooled"), by marginal analysis.
 *
 * The hotline's connect rate counts IVR self-service completions as connected: with a share `ivrAnsweredShare`
 * of requests completed in the IVR and a share `agentShare` reaching the agent queue (the rest is lost in the
 * IVR whatever the staffing), an interval's connect rate is ivrAnsweredShare + agentShare x (1 − P(Ab)), so the
 * agent queue needs 1 − P(Ab) >= (target − ivrAnsweredShare) / agentShare. With the defaults (agentShare 1,
 * ivrAnsweredShare 0) every request goes to the agents.
 *
 * Every interval is taken in steady state (queues carried over between intervals are ignored). Sources: Erlang
 * (1917); Palm (1943); Mandelbaum and Zeltyn (2005); marginal analysis for separable concave allocation (Fox,
 * "Discrete optimization via marginal analysis", Management Science 13(3), 1966); the maths in @hotline/erlang.
 */
import { MAX_OFFERED_LOAD_ERLANGS, erlangAMetrics, expectedOutcomes, staffErlangA, staffErlangC, type StaffingTarget } from '@hotline/erlang';
import { dayKey, intervalLabel as labelOf } from '@hotline/events';
import { count, fraction, nonNegative, positive } from './checks';
import { ForecastInputError } from './errors';
import { isTimeZone } from './limits';

/** Staffing targets. */
export interface RequirementTargets {
  /** Erlang C: minimum service level P(wait <= targetSeconds), fraction in [0, 1), e.g. 0.8. */
  serviceLevelTarget: number;
  /** Answer-time target t of the service level, seconds >= 0, e.g. 20. */
  targetSeconds: number;
  /** Erlang A: minimum connect rate of the hotline (接通率), fraction in [0, 1), e.g. 0.9. */
  targetConnectRate: number;
  /** Optional maximum occupancy for both models, fraction in (0, 1]. */
  maxOccupancy?: number;
}

/** One interval to staff. */
export interface RequirementIntervalInput {
  /** UTC instant the interval starts, ISO 8601. */
  start: string;
  /** Local date `YYYY-MM-DD` (default: computed from `start` in `timeZone`). */
  day?: string;
  /** Local start `HH:MM` (default: computed from `start`). */
  label?: string;
  /** Expected requests in the interval (calls per interval, e.g. the forecast's `arrivals`), >= 0. */
  arrivals: number;
  /** This interval's AHT in seconds, if not the default. */
  ahtSeconds?: number;
  /** This interval's mean patience in seconds, if not the default. */
  patienceSeconds?: number;
  /** This interval's fraction of requests reaching the agents, if not the default. */
  agentShare?: number;
  /** This interval's fraction of requests completed in the IVR, if not the default. */
  ivrAnsweredShare?: number;
}

/** Inputs of {@link computeRequirement}. */
export interface RequirementInput {
  /** Length of every interval in minutes (30), > 0. */
  intervalMinutes: number;
  /** Zone of the local days and months (default Asia/Shanghai). */
  timeZone?: string;
  /** The intervals, in time order. */
  intervals: readonly RequirementIntervalInput[];
  /** Default AHT (talk + wrap) in seconds, > 0. */
  ahtSeconds: number;
  /** Default mean patience of callers in the queue, seconds, > 0. */
  patienceSeconds: number;
  targets: RequirementTargets;
  /** Shrinkage (breaks, training, absence), fraction in [0, 1): rostered = ⌈productive / (1 − shrinkage)⌉ (default 0). */
  shrinkage?: number;
  /** Business minimum of productive agents in every interval, whole >= 0 (default 0; 1 for a line that must always answer). */
  minAgents?: number;
  /** Fraction of requests that reach the agent queue, in [0, 1] (default 1); an interval may override it. */
  agentShare?: number;
  /** Fraction of requests completed in the IVR, counted as connected, in [0, 1] (default 0); an interval may override it. */
  ivrAnsweredShare?: number;
  /**
   * Productive agents on the phones per interval for the month view: one whole number for every interval, or
   * one per interval. Default: the Erlang A requirement.
   */
  agentsPerInterval?: number | readonly number[];
}

/** Erlang C requirement of one interval. */
export interface ErlangCRequirement {
  /** Productive agents needed. */
  agents: number;
  /** Rostered agents: agents grossed up for shrinkage. */
  agentsWithShrinkage: number;
  /** P(wait <= t) at that staffing, over calls offered to agents. */
  serviceLevel: number;
  /** Mean wait of all calls offered to agents, seconds. */
  asaSeconds: number;
  /** A/N. */
  occupancy: number;
  /** What one agent fewer would miss. */
  limitingTargets: StaffingTarget[];
}

/** Erlang A requirement of one interval. */
export interface ErlangARequirement {
  agents: number;
  agentsWithShrinkage: number;
  /** 1 − P(Ab) of the agent queue. */
  agentConnectRate: number;
  /** The hotline's connect rate in the interval: ivrAnsweredShare + agentShare x agentConnectRate; null when it expects no call. */
  connectRate: number | null;
  /** P(Ab) of calls offered to agents. */
  probAbandon: number;
  /** Answered within t over offered to agents (abandoners fail). */
  serviceLevel: number;
  /** Mean wait of answered calls, seconds. */
  asaAnsweredSeconds: number;
  /** Carried load per agent. */
  occupancy: number;
  limitingTargets: StaffingTarget[];
}

/** Requirement of one interval. */
export interface IntervalRequirement {
  start: string;
  day: string;
  label: string;
  /** Expected requests. */
  arrivals: number;
  /** Expected calls offered to agents: arrivals x agentShare. */
  agentArrivals: number;
  /** The interval's fraction of requests reaching the agents. */
  agentShare: number;
  /** The interval's fraction of requests completed in the IVR. */
  ivrAnsweredShare: number;
  /** The agent queue's connect rate the interval needs: (targetConnectRate − ivrAnsweredShare) / agentShare, at least 0. */
  agentConnectRateTarget: number;
  /**
   * False when the interval cannot reach the target whatever its staffing (its IVR loses too many calls): it is
   * then staffed to the agent-queue target of the default shares, and only the month view can make up for it.
   */
  targetReachable: boolean;
  ahtSeconds: number;
  patienceSeconds: number;
  /** Offered load to agents A = agentArrivals / interval x AHT, Erlangs. */
  trafficErlangs: number;
  erlangC: ErlangCRequirement;
  erlangA: ErlangARequirement;
}

/** Expected outcome over a set of intervals (a day, a month, the whole horizon). */
export interface PeriodOutcome {
  /** `YYYY-MM-DD`, `YYYY-MM`, or `total`. */
  period: string;
  /** Expected requests. */
  requests: number;
  /** Expected connected requests (IVR-answered + agent-answered). */
  answered: number;
  /** Expected lost requests. */
  abandoned: number;
  /**
   * answered / requests; null when no request is expected (a day without calls has no rate: it is not 100 %, and
   * the month's rate is Σ answered / Σ requests, never a mean of daily rates).
   */
  connectRate: number | null;
  /** Σ productive agents x interval length, hours. */
  agentHours: number;
}

/** The month view of a staffing. */
export interface MonthView {
  /** Where the agents came from: the input, or the per-interval Erlang A requirement. */
  agentsSource: 'given' | 'erlang-a';
  targetConnectRate: number;
  /** Per interval: agents and the expected connect rate and lost calls. */
  intervals: { start: string; agents: number; connectRate: number | null; expectedAnswered: number; expectedAbandoned: number }[];
  days: PeriodOutcome[];
  months: PeriodOutcome[];
  total: PeriodOutcome & { meetsTarget: boolean };
  /**
   * The fewest agent-intervals whose call-weighted connect rate over the whole horizon meets the target, no
   * interval below `minAgents`: marginal analysis, each further agent going to the interval where it saves the
   * most calls. Fewer agent-hours than staffing every interval to the target; the thin intervals are offset
   * by the busy ones.
   */
  pooled: { agents: number[]; agentHours: number; connectRate: number | null; meetsTarget: boolean };
}

/** Result of {@link computeRequirement}. */
export interface Requirement {
  intervalMinutes: number;
  targets: RequirementTargets;
  shrinkage: number;
  minAgents: number;
  agentShare: number;
  ivrAnsweredShare: number;
  /** The connect rate the agent queue needs with the default shares (0 when the IVR alone meets the target). */
  agentConnectRateTarget: number;
  intervals: IntervalRequirement[];
  /** Agent-hours of each model, productive and rostered (with shrinkage). */
  totals: { erlangCAgentHours: number; erlangCRosteredHours: number; erlangAAgentHours: number; erlangARosteredHours: number };
  monthView: MonthView;
}

/**
 * The most work one {@link computeRequirement} call takes on, in evaluation steps ({@link requirementWork}): at this
 * limit a call computes for 1 to 1.7 s on one core (measured over loads of 0 to 100,000 Erlangs, 1 to 20,000
 * intervals, patience / AHT of 0.003 to 300), so no request holds a server for long. Twelve weeks of half hours of
 * a 100-Erlang centre (about 9 million) fit; a larger plan is computed in parts.
 */
export const MAX_REQUIREMENT_WORK = 30_000_000;

/**
 * The most evaluation steps the pooled month plan may take beyond its start (about 0.8 s). It starts from the
 * per-interval requirement and usually moves a few agents; many moves are needed only when agents are worth almost
 * the same in every interval (an AHT of hours: each agent answers a fraction of a call per interval) or when
 * intervals that cannot reach the target must be made up by the others.
 */
const MAX_POOLED_WORK = 20_000_000;

/** One interval as {@link requirementWork} sees it. */
export interface WorkInterval {
  /** Offered load to the agents, Erlangs. */
  load: number;
  patienceSeconds: number;
  ahtSeconds: number;
  /** The minimum or given agents, when more than the load. */
  agents?: number;
  /** The occupancy cap, if any, and the agent queue's connect-rate goal: the Erlang A search steps from about load × goal to load / cap. */
  maxOccupancy?: number;
  connectGoal?: number;
}

/**
 * The evaluation steps (about 40 ns each) a requirement takes, summed over its intervals: a fixed 1,000 (the
 * interval's objects, its Erlang C and A searches); the larger
 * of the offered load A and the agents (Erlang B's recursion takes a step per agent, several times per interval);
 * 65·d, d = √(A · patience / AHT) (Erlang A's series has about d terms at each agent count a search tries); and
 * with an occupancy cap (60 + d) per extra agent count the Erlang A search tries. Fitted to timings of 1 to 20,000
 * intervals, loads of 0 to 100,000 Erlangs and patience / AHT of 0.1 to 3,000.
 */
export function requirementWork(intervals: readonly WorkInterval[]): number {
  let sum = 0;
  for (const iv of intervals) {
    const depth = Math.sqrt((iv.load * iv.patienceSeconds) / iv.ahtSeconds);
    const occupancySteps = iv.maxOccupancy === undefined ? 0 : Math.max(0, iv.load / iv.maxOccupancy - iv.load * (iv.connectGoal ?? 0));
    sum += 1000 + Math.max(iv.load, iv.agents ?? 0) + 65 * depth + occupancySteps * (60 + depth);
  }
  return sum;
}

/** Validated intervals with everything the models need. */
interface Prepared {
  start: string;
  day: string;
  label: string;
  arrivals: number;
  agentShare: number;
  ivrAnsweredShare: number;
  agentArrivals: number;
  arrivalsPerHour: number;
  ahtSeconds: number;
  patienceSeconds: number;
}

function shares(agentValue: unknown, ivrValue: unknown, at: string, agentDefault: number, ivrDefault: number): { agentShare: number; ivrAnsweredShare: number } {
  const agentShare = agentValue === undefined ? agentDefault : fraction(agentValue, `${at}agentShare`, 0, 1, false);
  const ivrAnsweredShare = ivrValue === undefined ? ivrDefault : fraction(ivrValue, `${at}ivrAnsweredShare`, 0, 1, false);
  if (agentShare + ivrAnsweredShare > 1 + 1e-9) {
    throw new ForecastInputError('out-of-range', `${at}ivrAnsweredShare`, `plus agentShare must not exceed 1 (got ${ivrAnsweredShare} + ${agentShare})`);
  }
  return { agentShare, ivrAnsweredShare };
}

function prepare(input: RequirementInput, defaults: { agentShare: number; ivrAnsweredShare: number }): Prepared[] {
  const minutes = positive(input.intervalMinutes, 'intervalMinutes');
  const timeZone = input.timeZone ?? 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) throw new ForecastInputError('invalid', 'timeZone', `must be an IANA time zone such as Asia/Shanghai (got ${JSON.stringify(timeZone)})`);
  const aht = positive(input.ahtSeconds, 'ahtSeconds');
  const patience = positive(input.patienceSeconds, 'patienceSeconds');
  if (!Array.isArray(input.intervals)) throw new ForecastInputError('invalid', 'intervals', 'must be an array');
  return input.intervals.map((iv, i) => {
    const at = `intervals[${i}]`;
    const t = typeof iv.start === 'string' ? Date.parse(iv.start) : Number.NaN;
    if (Number.isNaN(t)) throw new ForecastInputError('invalid', `${at}.start`, `must be an ISO 8601 instant (got ${JSON.stringify(iv.start)})`);
    const arrivals = nonNegative(iv.arrivals, `${at}.arrivals`);
    const own = shares(iv.agentShare, iv.ivrAnsweredShare, `${at}.`, defaults.agentShare, defaults.ivrAnsweredShare);
    const agentArrivals = arrivals * own.agentShare;
    const ahtSeconds = iv.ahtSeconds === undefined ? aht : positive(iv.ahtSeconds, `${at}.ahtSeconds`);
    const arrivalsPerHour = (agentArrivals * 60) / minutes;
    const load = (arrivalsPerHour * ahtSeconds) / 3600;
    if (load > MAX_OFFERED_LOAD_ERLANGS) {
      throw new ForecastInputError(
        'out-of-range',
        `${at}.arrivals`,
        `(${arrivals} calls in ${minutes} minutes, AHT ${ahtSeconds} s) make an offered load of ${Math.round(load)} Erlangs; at most ${MAX_OFFERED_LOAD_ERLANGS} are supported (calls per day typed as calls per interval? AHT in milliseconds?)`,
      );
    }
    return {
      start: iv.start,
      day: iv.day ?? dayKey(new Date(t), timeZone),
      label: iv.label ?? labelOf(new Date(t), timeZone),
      arrivals,
      ...own,
      agentArrivals,
      arrivalsPerHour,
      ahtSeconds,
      patienceSeconds: iv.patienceSeconds === undefined ? patience : positive(iv.patienceSeconds, `${at}.patienceSeconds`),
    };
  });
}

/** The agent queue's connect rate needed for a hotline target, given the IVR's shares (>= 1: unreachable). */
function neededAgentConnect(target: number, agentShare: number, ivrShare: number): number {
  if (ivrShare >= target) return 0;
  return agentShare === 0 ? Number.POSITIVE_INFINITY : (target - ivrShare) / agentShare;
}

/** The agent-queue target of the default shares. @throws ForecastInputError `unreachable` when no staffing can meet it. */
function agentTarget(target: number, agentShare: number, ivrShare: number): number {
  const needed = neededAgentConnect(target, agentShare, ivrShare);
  if (needed >= 1) {
    throw new ForecastInputError(
      'unreachable',
      'targets.targetConnectRate',
      `${target} cannot be met: with ${(ivrShare * 100).toFixed(1)} % answered in the IVR and ${(agentShare * 100).toFixed(1)} % reaching the agents, even an agent queue that loses nobody connects ${((ivrShare + agentShare) * 100).toFixed(2)} %`,
    );
  }
  return Math.max(0, needed);
}

/** Erlang A P(Ab) of one interval with n agents (0 when nothing is offered). */
function probAbandon(p: Prepared, agents: number): number {
  if (p.arrivalsPerHour === 0) return 0;
  return erlangAMetrics({ arrivalsPerHour: p.arrivalsPerHour, ahtSeconds: p.ahtSeconds, patienceSeconds: p.patienceSeconds, agents, targetSeconds: 0 }).probAbandon;
}

function agentsList(value: RequirementInput['agentsPerInterval'], length: number): number[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return new Array<number>(length).fill(count(value, 'agentsPerInterval'));
  if (!Array.isArray(value)) throw new ForecastInputError('invalid', 'agentsPerInterval', 'must be a whole number or an array of them');
  if (value.length !== length) throw new ForecastInputError('invalid', 'agentsPerInterval', `must have one entry per interval (${length}; got ${value.length})`);
  return value.map((v, i) => count(v, `agentsPerInterval[${i}]`));
}

/** A binary heap of interval indices by a key (`before(a, b)`: a comes out first); entries of an older version are stale. */
class IndexHeap {
  private readonly items: { i: number; key: number; version: number }[] = [];

  constructor(private readonly before: (a: number, b: number) => boolean) {}

  push(i: number, key: number, version: number): void {
    const a = this.items;
    a.push({ i, key, version });
    let c = a.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.before(a[c].key, a[p].key)) break;
      [a[p], a[c]] = [a[c], a[p]];
      c = p;
    }
  }

  /** The first entry whose version is current (stale ones are dropped on the way), without removing it. */
  peek(current: readonly number[]): { i: number; key: number } | undefined {
    const a = this.items;
    while (a.length && a[0].version !== current[a[0].i]) this.pop();
    return a[0];
  }

  private pop(): void {
    const a = this.items;
    const last = a.pop();
    if (!a.length || !last) return;
    a[0] = last;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < a.length && this.before(a[l].key, a[m].key)) m = l;
      if (r < a.length && this.before(a[r].key, a[m].key)) m = r;
      if (m === p) break;
      [a[p], a[m]] = [a[m], a[p]];
      p = m;
    }
  }
}

/**
 * The fewest agent-intervals meeting a call-weighted connect-rate target over all intervals, no interval below
 * `minAgents`. Each interval's expected answered calls are concave in its agents, so the cheapest plan is the
 * marginal-analysis one (Fox 1966): the agents with the largest marginal gains (answered calls one more agent
 * adds), as many as the target needs. Rather than adding agents one at a time from `minAgents` (work growing with
 * the square of the agents), it starts from a nearby plan, the per-interval requirement, and moves to the optimum
 * with three exact steps: add the best agent while the target is missed; drop the agent whose loss is smallest
 * while the target stays met; swap when one interval's next agent gains more than another's last one loses. At
 * the end no swap helps (the plan answers the most calls its size can) and no agent can go (one fewer misses the
 * target), which is optimality for separable concave gains. The spec checks it against exhaustive search.
 */
function pooledAllocation(prepared: readonly Prepared[], start: readonly number[], minAgents: number, target: number): { agents: number[]; answered: number; requests: number } {
  const agents = [...start];
  const version = prepared.map(() => 0);
  // One evaluation at n agents costs about 125 + 0.155·n + 9·√(n · patience / AHT) steps of requirementWork's
  // scale (measured); the moves after the first three evaluations per interval (counted in requirementWork) may
  // take MAX_POOLED_WORK.
  let work = 0;
  const at = (i: number, n: number): number => {
    const p = prepared[i];
    if (p.agentArrivals === 0) return 0;
    work += 125 + 0.155 * n + 9 * Math.sqrt((n * p.patienceSeconds) / p.ahtSeconds);
    return probAbandon(p, n);
  };
  const pAb = agents.map((n, i) => at(i, n));
  const up = agents.map((n, i) => at(i, n + 1));
  const down = agents.map((n, i) => (n > minAgents ? at(i, n - 1) : pAb[i]));
  const requests = prepared.reduce((s, p) => s + p.arrivals, 0);
  let answered = prepared.reduce((s, p, i) => s + p.arrivals * p.ivrAnsweredShare + p.agentArrivals * (1 - pAb[i]), 0);
  const gains = new IndexHeap((a, b) => a > b);
  const losses = new IndexHeap((a, b) => a < b);
  const gainOf = (i: number): number => prepared[i].agentArrivals * (pAb[i] - up[i]);
  const lossOf = (i: number): number => prepared[i].agentArrivals * (down[i] - pAb[i]);
  const enter = (i: number): void => {
    if (prepared[i].agentArrivals > 0) gains.push(i, gainOf(i), version[i]);
    if (agents[i] > minAgents) losses.push(i, lossOf(i), version[i]);
  };
  const add = (i: number): void => {
    answered += gainOf(i);
    agents[i] += 1;
    version[i] += 1;
    [down[i], pAb[i]] = [pAb[i], up[i]];
    up[i] = at(i, agents[i] + 1);
    enter(i);
  };
  const remove = (i: number): void => {
    answered -= lossOf(i);
    agents[i] -= 1;
    version[i] += 1;
    [up[i], pAb[i]] = [pAb[i], down[i]];
    down[i] = agents[i] > minAgents ? at(i, agents[i] - 1) : pAb[i];
    enter(i);
  };
  agents.forEach((_, i) => enter(i));
  work = 0;
  const budget = (): void => {
    if (work > MAX_POOLED_WORK) {
      throw new ForecastInputError(
        'too-large',
        'intervals',
        `need more than ${MAX_POOLED_WORK / 1e6} million evaluation steps for the pooled month plan (agents worth almost the same everywhere, as with an AHT of hours, or intervals that cannot reach the target): send fewer intervals, or check the AHT and the patience`,
      );
    }
  };
  const goal = target * requests * (1 - 1e-12);
  // Moves that change the expected answered calls by less than this are not worth making: among intervals whose
  // next agents are worth practically the same (large centres, where each agent answers about interval / AHT
  // calls), swapping agents back and forth only shuffles them.
  const negligible = 1e-9 * Math.max(1, requests);
  // Short of the target: the best agents first (stops when nothing helps: the IVR's losses cap the rate).
  while (answered < goal) {
    const best = gains.peek(version);
    if (!best || best.key <= negligible) break;
    add(best.i);
    budget();
  }
  // Meeting it: drop what is not needed, and swap while an agent is worth more elsewhere.
  for (;;) {
    const cheapest = losses.peek(version);
    budget();
    if (cheapest && answered - cheapest.key >= goal) {
      remove(cheapest.i);
      continue;
    }
    const best = gains.peek(version);
    if (cheapest && best && best.i !== cheapest.i && best.key > cheapest.key + negligible) {
      add(best.i);
      remove(cheapest.i);
      continue;
    }
    break;
  }
  return { agents, answered, requests };
}

/**
 * Agents needed per interval for a service level (Erlang C) and for a connect rate (Erlang A), with shrinkage,
 * and the month view: the expected connect rate per day and month for given agents, and the fewest agents that
 * meet the target over the whole horizon.
 *
 * @param input intervals (start, expected requests, optional AHT and patience), default AHT and patience in
 *   seconds, targets, shrinkage, minimum agents, the IVR's shares, optional agents per interval.
 * @returns per interval both requirements and their metrics; agent-hour totals; the month view.
 * @throws ForecastInputError naming the field for a bad input (`intervals[3].arrivals`, `targets.serviceLevelTarget`,
 *   `agentsPerInterval[5]`), and `unreachable` for a connect-rate target the IVR's losses make impossible.
 * @throws ErlangStaffingError (from @hotline/erlang) when no staffing up to its generous cap meets a target.
 * @see Erlang (1917); Palm (1943); Mandelbaum and Zeltyn (2005); Fox (1966); shared/reference/erlang-notes.md §5.
 * @example
 * const r = computeRequirement({ intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 60,
 *   targets: { serviceLevelTarget: 0.8, targetSeconds: 20, targetConnectRate: 0.9 }, shrinkage: 0.3,
 *   intervals: [{ start: '2025-03-03T02:00:00Z', arrivals: 20 }] });
 * r.intervals[0].erlangC.agents; // 5   (40 calls/h, A = 2.67)
 * r.intervals[0].erlangA.agents; // 5   (reference case A12: 4 agents connect only 87.6 %)
 */
export function computeRequirement(input: RequirementInput): Requirement {
  const { agentShare, ivrAnsweredShare } = shares(input.agentShare, input.ivrAnsweredShare, '', 1, 0);
  const t = input.targets;
  if (t === null || typeof t !== 'object') throw new ForecastInputError('invalid', 'targets', 'must be an object');
  const targets: RequirementTargets = {
    serviceLevelTarget: fraction(t.serviceLevelTarget, 'targets.serviceLevelTarget', 0, 1, true),
    targetSeconds: nonNegative(t.targetSeconds, 'targets.targetSeconds'),
    targetConnectRate: fraction(t.targetConnectRate, 'targets.targetConnectRate', 0, 1, true),
  };
  if (t.maxOccupancy !== undefined) targets.maxOccupancy = fraction(t.maxOccupancy, 'targets.maxOccupancy', 0, 1, false, true);
  const shrinkage = input.shrinkage === undefined ? 0 : fraction(input.shrinkage, 'shrinkage', 0, 1, true);
  const minAgents = input.minAgents === undefined ? 0 : count(input.minAgents, 'minAgents');
  const prepared = prepare(input, { agentShare, ivrAnsweredShare });
  const given = agentsList(input.agentsPerInterval, prepared.length);
  const work = requirementWork(
    prepared.map((p, i) => ({
      load: (p.arrivalsPerHour * p.ahtSeconds) / 3600,
      patienceSeconds: p.patienceSeconds,
      ahtSeconds: p.ahtSeconds,
      agents: Math.max(minAgents, given?.[i] ?? 0),
      maxOccupancy: targets.maxOccupancy,
      connectGoal: Math.min(1, neededAgentConnect(targets.targetConnectRate, p.agentShare, p.ivrAnsweredShare)),
    })),
  );
  if (work > MAX_REQUIREMENT_WORK) {
    throw new ForecastInputError(
      'too-large',
      'intervals',
      `need about ${(work / 1e6).toFixed(0)} million evaluation steps; at most ${MAX_REQUIREMENT_WORK / 1e6} million are computed in one call: send fewer intervals, or check the arrivals (calls per interval), the AHT and the patience`,
    );
  }
  const agentConnectRateTarget = agentTarget(targets.targetConnectRate, agentShare, ivrAnsweredShare);
  const hours = input.intervalMinutes / 60;

  const connectOnly: number[] = [];
  const intervals: IntervalRequirement[] = prepared.map((p) => {
    const load = { arrivalsPerHour: p.arrivalsPerHour, ahtSeconds: p.ahtSeconds };
    const needed = neededAgentConnect(targets.targetConnectRate, p.agentShare, p.ivrAnsweredShare);
    const targetReachable = needed < 1 || p.arrivals === 0;
    const agentGoal = needed < 1 ? needed : agentConnectRateTarget;
    const c = staffErlangC({ ...load, targetSeconds: targets.targetSeconds, serviceLevelTarget: targets.serviceLevelTarget, maxOccupancy: targets.maxOccupancy, shrinkage, minAgents });
    const a = staffErlangA({
      ...load,
      patienceSeconds: p.patienceSeconds,
      targetSeconds: targets.targetSeconds,
      minConnectRate: agentGoal > 0 ? agentGoal : undefined,
      maxOccupancy: targets.maxOccupancy,
      shrinkage,
      minAgents,
    });
    if (targets.maxOccupancy !== undefined) {
      const minConnectRate = agentGoal > 0 ? agentGoal : undefined;
      connectOnly.push(staffErlangA({ ...load, patienceSeconds: p.patienceSeconds, targetSeconds: targets.targetSeconds, minConnectRate, minAgents }).requiredAgents);
    }
    const m = a.atRequiredAgents;
    return {
      start: p.start,
      day: p.day,
      label: p.label,
      arrivals: p.arrivals,
      agentArrivals: p.agentArrivals,
      agentShare: p.agentShare,
      ivrAnsweredShare: p.ivrAnsweredShare,
      agentConnectRateTarget: agentGoal,
      targetReachable,
      ahtSeconds: p.ahtSeconds,
      patienceSeconds: p.patienceSeconds,
      trafficErlangs: c.trafficErlangs,
      erlangC: {
        agents: c.requiredAgents,
        agentsWithShrinkage: c.requiredAgentsWithShrinkage,
        serviceLevel: c.atRequiredAgents.serviceLevel,
        asaSeconds: c.atRequiredAgents.asaSeconds,
        occupancy: c.atRequiredAgents.occupancy,
        limitingTargets: c.limitingTargets,
      },
      erlangA: {
        agents: a.requiredAgents,
        agentsWithShrinkage: a.requiredAgentsWithShrinkage,
        agentConnectRate: m.connectRate,
        connectRate: p.arrivals === 0 ? null : p.ivrAnsweredShare + p.agentShare * m.connectRate,
        probAbandon: m.probAbandon,
        serviceLevel: m.serviceLevelAnsweredWithinTOverOffered,
        asaAnsweredSeconds: m.asaAnsweredSeconds,
        occupancy: m.occupancy,
        limitingTargets: a.limitingTargets,
      },
    };
  });

  const agents = given ?? intervals.map((r) => r.erlangA.agents);
  // The pooled plan starts from the agents the connect rate alone needs in each interval (an occupancy cap can ask
  // for far more, and the pooled plan answers to the connect rate only).
  const required = targets.maxOccupancy === undefined ? intervals.map((r) => r.erlangA.agents) : connectOnly;
  const monthView = buildMonthView(prepared, agents, given ? 'given' : 'erlang-a', targets.targetConnectRate, minAgents, input.intervalMinutes, required);
  const sum = (f: (r: IntervalRequirement) => number): number => intervals.reduce((s, r) => s + f(r), 0) * hours;
  return {
    intervalMinutes: input.intervalMinutes,
    targets,
    shrinkage,
    minAgents,
    agentShare,
    ivrAnsweredShare,
    agentConnectRateTarget,
    intervals,
    totals: {
      erlangCAgentHours: sum((r) => r.erlangC.agents),
      erlangCRosteredHours: sum((r) => r.erlangC.agentsWithShrinkage),
      erlangAAgentHours: sum((r) => r.erlangA.agents),
      erlangARosteredHours: sum((r) => r.erlangA.agentsWithShrinkage),
    },
    monthView,
  };
}

/** A connect rate, or null when no request is expected (no rate, rather than 100 %). */
const rate = (answered: number, requests: number): number | null => (requests === 0 ? null : answered / requests);

function buildMonthView(
  prepared: readonly Prepared[],
  agents: readonly number[],
  agentsSource: MonthView['agentsSource'],
  target: number,
  minAgents: number,
  intervalMinutes: number,
  required: readonly number[],
): MonthView {
  const hours = intervalMinutes / 60;
  const plan = expectedOutcomes({
    intervalMinutes,
    ahtSeconds: prepared[0]?.ahtSeconds ?? 1,
    patienceSeconds: prepared[0]?.patienceSeconds ?? 1,
    intervals: prepared.map((p, i) => ({ callsPerInterval: p.agentArrivals, agents: agents[i], ahtSeconds: p.ahtSeconds, patienceSeconds: p.patienceSeconds })),
  });
  const rows = prepared.map((p, i) => {
    const answered = p.arrivals * p.ivrAnsweredShare + plan.intervals[i].expectedAnswered;
    return { start: p.start, day: p.day, month: p.day.slice(0, 7), agents: agents[i], requests: p.arrivals, answered, abandoned: p.arrivals - answered };
  });
  const group = (key: (r: (typeof rows)[number]) => string): PeriodOutcome[] => {
    const map = new Map<string, PeriodOutcome>();
    for (const r of rows) {
      const k = key(r);
      const o = map.get(k) ?? { period: k, requests: 0, answered: 0, abandoned: 0, connectRate: null, agentHours: 0 };
      o.requests += r.requests;
      o.answered += r.answered;
      o.abandoned += r.abandoned;
      o.agentHours += r.agents * hours;
      map.set(k, o);
    }
    return [...map.values()].map((o) => ({ ...o, connectRate: rate(o.answered, o.requests) }));
  };
  const total = group(() => 'total')[0] ?? { period: 'total', requests: 0, answered: 0, abandoned: 0, connectRate: null, agentHours: 0 };
  const pooled = pooledAllocation(prepared, required, minAgents, target);
  const pooledRate = rate(pooled.answered, pooled.requests);
  const meets = (r: number | null): boolean => r === null || r >= target - 1e-12;
  return {
    agentsSource,
    targetConnectRate: target,
    intervals: rows.map((r) => ({
      start: r.start,
      agents: r.agents,
      connectRate: rate(r.answered, r.requests),
      expectedAnswered: r.answered,
      expectedAbandoned: r.abandoned,
    })),
    days: group((r) => r.day),
    months: group((r) => r.month),
    total: { ...total, meetsTarget: meets(total.connectRate) },
    pooled: {
      agents: pooled.agents,
      agentHours: pooled.agents.reduce((a, b) => a + b, 0) * hours,
      connectRate: pooledRate,
      meetsTarget: meets(pooledRate),
    },
  };
}
