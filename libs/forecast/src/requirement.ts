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
import { erlangAMetrics, expectedOutcomes, staffErlangA, staffErlangC, type StaffingTarget } from '@hotline/erlang';
import { dayKey, intervalLabel as labelOf } from '@hotline/events';
import { ForecastInputError } from './errors';

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
  /** The hotline's connect rate in the interval: ivrAnsweredShare + agentShare x agentConnectRate. */
  connectRate: number;
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
  /** answered / requests (1 when there are none). */
  connectRate: number;
  /** Σ productive agents x interval length, hours. */
  agentHours: number;
}

/** The month view of a staffing. */
export interface MonthView {
  /** Where the agents came from: the input, or the per-interval Erlang A requirement. */
  agentsSource: 'given' | 'erlang-a';
  targetConnectRate: number;
  /** Per interval: agents and the expected connect rate and lost calls. */
  intervals: { start: string; agents: number; connectRate: number; expectedAnswered: number; expectedAbandoned: number }[];
  days: PeriodOutcome[];
  months: PeriodOutcome[];
  total: PeriodOutcome & { meetsTarget: boolean };
  /**
   * The fewest agent-intervals whose call-weighted connect rate over the whole horizon meets the target, no
   * interval below `minAgents`: marginal analysis, each further agent going to the interval where it saves the
   * most calls. Fewer agent-hours than staffing every interval to the target; the thin intervals are offset
   * by the busy ones.
   */
  pooled: { agents: number[]; agentHours: number; connectRate: number; meetsTarget: boolean };
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

function fraction(value: unknown, field: string, min: number, max: number, maxOpen: boolean, minOpen = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (maxOpen && value === max) || (minOpen && value === min)) {
    throw new ForecastInputError('out-of-range', field, `must be in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'} (got ${String(value)})`);
  }
  return value;
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ForecastInputError('out-of-range', field, `must be a number > 0 (got ${String(value)})`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ForecastInputError('out-of-range', field, `must be a whole number >= 0 (got ${String(value)})`);
  return value;
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
  const aht = positive(input.ahtSeconds, 'ahtSeconds');
  const patience = positive(input.patienceSeconds, 'patienceSeconds');
  if (!Array.isArray(input.intervals)) throw new ForecastInputError('invalid', 'intervals', 'must be an array');
  return input.intervals.map((iv, i) => {
    const at = `intervals[${i}]`;
    const t = typeof iv.start === 'string' ? Date.parse(iv.start) : Number.NaN;
    if (Number.isNaN(t)) throw new ForecastInputError('invalid', `${at}.start`, `must be an ISO 8601 instant (got ${JSON.stringify(iv.start)})`);
    const arrivals = iv.arrivals;
    if (typeof arrivals !== 'number' || !Number.isFinite(arrivals) || arrivals < 0) throw new ForecastInputError('out-of-range', `${at}.arrivals`, `must be a number >= 0 (got ${String(arrivals)})`);
    const own = shares(iv.agentShare, iv.ivrAnsweredShare, `${at}.`, defaults.agentShare, defaults.ivrAnsweredShare);
    const agentArrivals = arrivals * own.agentShare;
    return {
      start: iv.start,
      day: iv.day ?? dayKey(new Date(t), timeZone),
      label: iv.label ?? labelOf(new Date(t), timeZone),
      arrivals,
      ...own,
      agentArrivals,
      arrivalsPerHour: (agentArrivals * 60) / minutes,
      ahtSeconds: iv.ahtSeconds === undefined ? aht : positive(iv.ahtSeconds, `${at}.ahtSeconds`),
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

/** A binary max-heap of interval indices by marginal gain. */
class GainHeap {
  private readonly items: { i: number; gain: number }[] = [];

  push(i: number, gain: number): void {
    const a = this.items;
    a.push({ i, gain });
    let c = a.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (a[p].gain >= a[c].gain) break;
      [a[p], a[c]] = [a[c], a[p]];
      c = p;
    }
  }

  pop(): { i: number; gain: number } | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < a.length && a[l].gain > a[m].gain) m = l;
        if (r < a.length && a[r].gain > a[m].gain) m = r;
        if (m === p) break;
        [a[p], a[m]] = [a[m], a[p]];
        p = m;
      }
    }
    return top;
  }
}

/**
 * The fewest agent-intervals meeting a call-weighted connect-rate target over all intervals (marginal analysis:
 * start every interval at `minAgents`, then give each further agent to the interval where it adds the most
 * expected answered calls, until the target is met). Optimal when each interval's answered calls are concave
 * in its agents (Fox 1966), which the spec checks against exhaustive search.
 */
function pooledAllocation(prepared: readonly Prepared[], minAgents: number, target: number): { agents: number[]; answered: number; requests: number } {
  const agents = prepared.map(() => minAgents);
  const pAb = prepared.map((p) => probAbandon(p, minAgents));
  const requests = prepared.reduce((s, p) => s + p.arrivals, 0);
  let answered = prepared.reduce((s, p, i) => s + p.arrivals * p.ivrAnsweredShare + p.agentArrivals * (1 - pAb[i]), 0);
  const heap = new GainHeap();
  const next = prepared.map((p, i) => (p.agentArrivals > 0 ? probAbandon(p, agents[i] + 1) : 0));
  prepared.forEach((p, i) => {
    if (p.agentArrivals > 0) heap.push(i, p.agentArrivals * (pAb[i] - next[i]));
  });
  const goal = target * requests * (1 - 1e-12);
  while (answered < goal) {
    const top = heap.pop();
    if (!top || top.gain <= 1e-12 * Math.max(1, requests)) break;
    const i = top.i;
    agents[i] += 1;
    answered += top.gain;
    pAb[i] = next[i];
    next[i] = probAbandon(prepared[i], agents[i] + 1);
    heap.push(i, prepared[i].agentArrivals * (pAb[i] - next[i]));
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
    targetSeconds: fraction(t.targetSeconds, 'targets.targetSeconds', 0, Number.MAX_VALUE, false),
    targetConnectRate: fraction(t.targetConnectRate, 'targets.targetConnectRate', 0, 1, true),
  };
  if (t.maxOccupancy !== undefined) targets.maxOccupancy = fraction(t.maxOccupancy, 'targets.maxOccupancy', 0, 1, false, true);
  const shrinkage = input.shrinkage === undefined ? 0 : fraction(input.shrinkage, 'shrinkage', 0, 1, true);
  const minAgents = input.minAgents === undefined ? 0 : count(input.minAgents, 'minAgents');
  const prepared = prepare(input, { agentShare, ivrAnsweredShare });
  const given = agentsList(input.agentsPerInterval, prepared.length);
  const agentConnectRateTarget = agentTarget(targets.targetConnectRate, agentShare, ivrAnsweredShare);
  const hours = input.intervalMinutes / 60;

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
        connectRate: p.arrivals === 0 ? 1 : p.ivrAnsweredShare + p.agentShare * m.connectRate,
        probAbandon: m.probAbandon,
        serviceLevel: m.serviceLevelAnsweredWithinTOverOffered,
        asaAnsweredSeconds: m.asaAnsweredSeconds,
        occupancy: m.occupancy,
        limitingTargets: a.limitingTargets,
      },
    };
  });

  const agents = given ?? intervals.map((r) => r.erlangA.agents);
  const monthView = buildMonthView(prepared, agents, given ? 'given' : 'erlang-a', targets.targetConnectRate, minAgents, input.intervalMinutes);
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

function buildMonthView(
  prepared: readonly Prepared[],
  agents: readonly number[],
  agentsSource: MonthView['agentsSource'],
  target: number,
  minAgents: number,
  intervalMinutes: number,
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
      const o = map.get(k) ?? { period: k, requests: 0, answered: 0, abandoned: 0, connectRate: 1, agentHours: 0 };
      o.requests += r.requests;
      o.answered += r.answered;
      o.abandoned += r.abandoned;
      o.agentHours += r.agents * hours;
      map.set(k, o);
    }
    return [...map.values()].map((o) => ({ ...o, connectRate: o.requests === 0 ? 1 : o.answered / o.requests }));
  };
  const total = group(() => 'total')[0] ?? { period: 'total', requests: 0, answered: 0, abandoned: 0, connectRate: 1, agentHours: 0 };
  const pooled = pooledAllocation(prepared, minAgents, target);
  const pooledRate = pooled.requests === 0 ? 1 : pooled.answered / pooled.requests;
  return {
    agentsSource,
    targetConnectRate: target,
    intervals: rows.map((r) => ({
      start: r.start,
      agents: r.agents,
      connectRate: r.requests === 0 ? 1 : r.answered / r.requests,
      expectedAnswered: r.answered,
      expectedAbandoned: r.abandoned,
    })),
    days: group((r) => r.day),
    months: group((r) => r.month),
    total: { ...total, meetsTarget: total.connectRate >= target - 1e-12 },
    pooled: {
      agents: pooled.agents,
      agentHours: pooled.agents.reduce((a, b) => a + b, 0) * hours,
      connectRate: pooledRate,
      meetsTarget: pooledRate >= target - 1e-12,
    },
  };
}
