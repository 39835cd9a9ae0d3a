/**
 * The roster as a mixed-integer program, solved with HiGHS (the `highs` package: HiGHS compiled to WebAssembly).
 *
 * Variables
 * - x[a,d,s] ∈ {0,1}: agent a works shift template s starting on day d (only where leave, protections and locks
 *   allow it);
 * - y[t,k] ∈ [0,1]: the k-th productive seat of interval t is filled (the piecewise-linear Erlang A gain);
 * - r[a,d] ∈ [0,1]: day d is a rest day for agent a (no work at all on it);
 * - o[a] >= 0: overtime hours; training u[p] ∈ {0,1} (a session at candidate slot p), v[a,k] ∈ {0,1} (agent a
 *   attends session k), q[a,p] ∈ [0,1] (a attends at slot p, = u·v); fairness deviations dev±[a,m] >= 0 and the
 *   period total T[m] of each metric.
 *
 * Objective (minimised): expected lost calls Σ_t (offered_t − Σ_k gain[t,k]·y[t,k]), plus overtime hours x
 * weights.overtimeCallsPerHour, plus the fairness deviations x their weights. gain[t,k] = E[answered | k] −
 * E[answered | k − 1] from Erlang A (@hotline/erlang), non-increasing in k, so the LP fills seats in order.
 *
 * Constraints
 * - cover: Σ_k y[t,k] <= Σ productive seats on duty in t (seat share x (1 − shrinkage); training attendees out);
 * - one shift start per agent and day;
 * - minimum rest: for every agent and every start time τ, at most one of the shifts whose window
 *   [start, end + minRest) contains τ (two shifts conflict exactly when their windows overlap, so these interval
 *   cliques are the whole rule);
 * - rest day in seven: r[a,d] <= 1 − (shifts starting on d), r[a,d] <= 1 − (shifts from d − 1 running into d),
 *   Σ r over every 7 consecutive days >= 1 (the ledger's tail fills days before the period);
 * - max consecutive working days / nights: Σ over every window of max + 1 days <= max;
 * - hours: Σ paid hours − o[a] <= standard; o[a] <= overtime cap (0 for protected staff); Σ paid hours >= standard
 *   − maxHoursShortfall;
 * - people on duty (not in training) >= minOnDuty in every interval;
 * - training: one slot per session (in its part of the period); every agent attends one session (the trainer all),
 *   on duty for the whole of it (q[a,p] <= shifts covering p, q[a,p] <= u[p], Σ_p∈k q[a,p] = v[a,k]);
 * - fairness: count[a,m] − share[a,m]·T[m] + balance[a,m] = dev+[a,m] − dev−[a,m] (the balance after the period),
 *   with dev+ <= high[a,m] and dev− <= −low[a,m], the limits of the fairness rule (rules/fairness.ts `fairnessLimits`:
 *   within ±rules.maxFairnessDeviation of the fair share).
 *
 * In the elastic model every row of a soft rule family has a slack column (recorded with its rule, agent and
 * day): {@link solveRoster} prices them far above any call, so that a roster breaks rules only when none keeps
 * them all, and the non-zero slacks then name the conflicting rules.
 */
import type { GainTable } from './gains';
import { LpBuilder } from './lp';
import { type PreparedProblem, shiftAllowed, shiftSpan } from './problem';
import type { RuleFamily } from '../types';
import type { Instance, MipContext, Mode, SlackInfo } from './rows/context';
import { CoverRows, offeredTotal } from './rows/cover';
import { fairnessRows } from './rows/fairness';
import { hoursRows, minRestRows, oneStartRows, restDayRows, streakRows } from './rows/labour';
import { type Slot, trainingRows } from './rows/training';

export type { Instance, Mode, SlackInfo, Slot };

/** Sizes of a model. */
export interface ModelSize {
  columns: number;
  binaries: number;
  integers: number;
  rows: number;
  nonzeros: number;
}

/** A family of rules that had to be broken, with its breaches. */
export interface ConflictFamily {
  rule: RuleFamily;
  /** Σ of the slack (hours for hour rules, people for cover, 1 per window/pair/session otherwise). */
  total: number;
  /** The individual breaches (agent, date). */
  breaches: { agentId?: string; date?: string; time?: string; amount: number }[];
}

/** Soft rule families and the weight of one unit of their slack (how many breaches one unit counts as). */
export const SLACK_WEIGHT: Partial<Record<RuleFamily, number>> = {
  'min-rest': 1,
  'rest-day-in-seven': 1,
  'max-consecutive-days': 1,
  'max-consecutive-nights': 1,
  'overtime-cap': 0.125,
  'protected-overtime': 0.125,
  'min-hours': 0.125,
  'min-on-duty': 0.25,
  training: 1,
  fairness: 1,
};

/** The model and how to read its solution. */
export interface RosterModel {
  lp: LpBuilder;
  instances: Instance[];
  /** x column of (a, d, s), or −1. */
  x: Int32Array;
  slots: Slot[];
  /** q column of (agent, slot), or −1. */
  q: Map<number, number>;
  v: Map<number, number>;
  trainer: number | undefined;
  slacks: SlackInfo[];
  offset: number;
  mode: Mode;
  size: ModelSize;
}

/**
 * Builds the MIP of a prepared problem.
 * @param mode `strict` (every rule a constraint) or `elastic` (soft rule families with slack columns).
 */
export function buildRosterModel(p: PreparedProblem, gains: GainTable, mode: Mode = 'strict'): RosterModel {
  const lp = new LpBuilder();
  const elastic = mode === 'elastic';
  const slacks: SlackInfo[] = [];
  const soft = (rule: RuleFamily, sign: 1 | -1, info: Omit<SlackInfo, 'col' | 'rule'> = {}): void => {
    if (!elastic) return;
    const col = lp.col(0, 0, Infinity);
    lp.extendLast(col, sign);
    slacks.push({ col, rule, ...info });
  };
  const c: MipContext = { lp, p, elastic, soft, ...shiftColumns(lp, p) };
  const cover = new CoverRows(p);
  const reachable = coverEntries(c, cover);
  oneStartRows(c);
  for (let a = 0; a < p.agents.length; a++) minRestRows(c, a);
  for (let a = 0; a < p.agents.length; a++) {
    streakRows(c, a);
    if (p.rules.restDayInSeven) restDayRows(c, a);
  }
  hoursRows(c);
  const { slots, q, v, trainer } = trainingRows(c, cover);
  // Consecutive intervals covered by exactly the same shifts (the two halves of an hour when shifts start on the
  // hour) share one row.
  cover.write(lp, gains, { reachable, key: (t) => cover.entryKey(t), minGain: 1e-6, onDutyRow: (from) => soft('min-on-duty', 1, { interval: from }) });
  fairnessRows(c);
  const counts = lp.integerCounts();
  return {
    lp,
    instances: c.instances,
    x: c.x,
    slots,
    q,
    v,
    trainer,
    slacks,
    offset: offeredTotal(p),
    mode,
    size: { columns: lp.numCols, binaries: counts.binaries, integers: counts.integers, rows: lp.numRows, nonzeros: lp.numNonzeros },
  };
}

/** The x columns: agent a on template s from day d, where leave, protections and locks allow it (locked ones fixed to 1). */
function shiftColumns(lp: LpBuilder, p: PreparedProblem): Pick<MipContext, 'x' | 'instances' | 'byAgent'> {
  const A = p.agents.length;
  const D = p.days;
  const S = p.shifts.length;
  const x = new Int32Array(A * D * S).fill(-1);
  const instances: Instance[] = [];
  const byAgent: Instance[][] = p.agents.map(() => []);
  for (let a = 0; a < A; a++) {
    for (let d = 0; d < D; d++) {
      for (let s = 0; s < S; s++) {
        const locked = p.locks[a][d] === s;
        if ((!p.candidate[s] && !locked) || !shiftAllowed(p, a, d, s)) continue;
        const col = lp.col(0, locked ? 1 : 0, 1, true);
        x[(a * D + d) * S + s] = col;
        const [start, end] = shiftSpan(p, d, s);
        const inst = { a, d, s, col, start, end };
        instances.push(inst);
        byAgent[a].push(inst);
      }
    }
  }
  return { x, instances, byAgent };
}

/** Puts the carry-in and every x column in the cover and duty entries; returns the productive seats that can reach each interval. */
function coverEntries(c: MipContext, cover: CoverRows): Float64Array {
  const { p } = c;
  const T = p.intervals;
  const canReach: Set<number>[] = Array.from({ length: T }, () => new Set<number>());
  cover.carryIn((t, a) => canReach[t].add(a));
  for (const inst of c.instances) cover.addShift(inst.col, inst.start, inst.end, p.agents[inst.a].productive, (t) => canReach[t].add(inst.a));
  const reachable = new Float64Array(T);
  for (let t = 0; t < T; t++) for (const a of canReach[t]) reachable[t] += p.agents[a].productive;
  return reachable;
}
