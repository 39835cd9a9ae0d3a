/**
 * A relaxation of the roster MIP that HiGHS can solve to a small gap quickly: agents with the same productive
 * seat share are pooled, and the MIP chooses how many of each pool start each shift on each day (integers). Every
 * per-agent rule is kept in aggregate form, which any real roster satisfies:
 * - per pool and day: starts <= the pool's agents who may work that day;
 * - per pool and start time τ: shifts whose window [start, end + minRest) contains τ <= the pool's size (each
 *   agent is in at most one of them);
 * - per pool: hours within the pool's total minimum and maximum hours; overtime >= total hours − total standard;
 * - per pool and window of maxConsecutiveWorkDays + 1 days: starts <= maxConsecutiveWorkDays x pool size; the same
 *   for nights and for 7-day windows (6 x pool size, from the rest day in seven);
 * - people on duty >= minOnDuty in every interval.
 * Training and fairness only cost calls or penalties, so leaving them out keeps it a relaxation. Its optimum (or
 * HiGHS's proven bound on it) is therefore a lower bound on the expected lost calls + penalties of every roster
 * that keeps the rules: the bound against which {@link solveRoster} reports its gap, much tighter than the LP
 * relaxation of the full model, which can spread fractions of shifts over the traffic curve.
 */
import type { Highs } from 'highs';
import type { GainTable } from './gains';
import { LpBuilder } from './lp';
import { type PreparedProblem, shiftAllowed, shiftSpan } from './problem';
import { CoverRows, offeredTotal } from './rows/cover';
import { dayStartRows, restCliqueRows, windowRows } from './rows/labour';

/** Result of {@link aggregateBound}. */
export interface AggregateBound {
  /** Proven lower bound on expected lost calls + penalties of any roster keeping the rules (null if none). */
  bound: number | null;
  /** Objective of the best pooled plan found (an optimistic estimate, not a roster). */
  objective: number | null;
  /** True when HiGHS proved the pooled problem infeasible: then no roster keeps the rules. */
  infeasible: boolean;
  /** Pooled starts per (pool, day, template) of the best plan, or null. */
  starts: { pool: number; day: number; shift: number; count: number }[] | null;
  /** Pools: the agents' indices. */
  pools: number[][];
}

/**
 * Solves the pooled relaxation (see the module comment).
 * @param highs a loaded HiGHS instance.
 * @param timeLimitSeconds time limit of the solve.
 */
export function aggregateBound(highs: Highs, p: PreparedProblem, gains: GainTable, timeLimitSeconds: number, gap = 1e-4): AggregateBound {
  const lp = new LpBuilder();
  const T = p.intervals;
  const poolOf = new Map<number, number[]>();
  p.agents.forEach((agent, a) => {
    const list = poolOf.get(agent.productive) ?? [];
    list.push(a);
    poolOf.set(agent.productive, list);
  });
  const pools = [...poolOf.values()];
  const cover = new CoverRows(p);
  cover.carryIn();
  const reachable = new Float64Array(T);
  const n = pools.map((members) => poolRows(lp, p, cover, members, reachable));
  overtimeRow(lp, p, n);
  // The seats that can reach an interval count the carry-in too.
  const reach = Float64Array.from(reachable, (r, t) => r + cover.carryProductive[t]);
  cover.write(lp, gains, { reachable: reach, key: (t) => cover.columnKey(t), minGain: 1e-9 });
  const offset = offeredTotal(p);
  const arr = lp.build(highs.infinity);
  const model = highs.createModel({
    numCols: arr.numCols,
    numRows: arr.numRows,
    offset,
    colCost: arr.colCost,
    colLower: arr.colLower,
    colUpper: arr.colUpper,
    rowLower: arr.rowLower,
    rowUpper: arr.rowUpper,
    matrix: { format: 'csr', numRows: arr.numRows, numCols: arr.numCols, starts: arr.starts, indices: arr.indices, values: arr.values },
    integrality: arr.integrality,
  });
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.5, timeLimitSeconds), mip_rel_gap: gap });
    const result = model.run();
    if (result.modelStatus === highs.constants.modelStatus.infeasible) return { bound: null, objective: null, infeasible: true, starts: null, pools };
    const read = (name: string): number | null => {
      const v = Number(model.info.get(name));
      return Number.isFinite(v) ? v : null;
    };
    const feasible = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const values = feasible ? model.getSolution().colValue : null;
    const starts = values
      ? pools.flatMap((_, g) =>
          n[g].flatMap((row, day) => row.flatMap((col, shift) => (col >= 0 && values[col] > 0.5 ? [{ pool: g, day, shift, count: Math.round(values[col]) }] : []))),
        )
      : null;
    return { bound: read('mip_dual_bound'), objective: feasible ? model.getObjectiveValue() : null, infeasible: false, starts, pools };
  } finally {
    model.dispose();
  }
}

/**
 * The start columns n[d][s] of one pool (integers in [locked, allowed]) with their cover entries, and the pool's
 * per-day, minimum-rest, streak and hours rows; adds the pool's reachable seats to `reachable`.
 */
function poolRows(lp: LpBuilder, p: PreparedProblem, cover: CoverRows, members: number[], reachable: Float64Array): number[][] {
  const D = p.days;
  const S = p.shifts.length;
  const T = p.intervals;
  const n: number[][] = Array.from({ length: D }, () => new Array<number>(S).fill(-1));
  const e = p.agents[members[0]].productive;
  const reach = new Float64Array(T);
  for (let d = 0; d < D; d++) {
    for (let s = 0; s < S; s++) {
      const allowed = members.filter((a) => (p.candidate[s] || p.locks[a][d] === s) && shiftAllowed(p, a, d, s)).length;
      if (allowed === 0) continue;
      const locked = members.filter((a) => p.locks[a][d] === s).length;
      const col = lp.col(0, locked, allowed, true);
      n[d][s] = col;
      const [from, to] = shiftSpan(p, d, s);
      cover.addShift(col, from, to, e, (t) => (reach[t] = members.length * e));
    }
  }
  for (let t = 0; t < T; t++) reachable[t] += reach[t];
  const size = members.length;
  const starts = (d: number, filter: (s: number) => boolean = () => true): number[] => {
    const out: number[] = [];
    if (d < 0 || d >= D) return out;
    for (let s = 0; s < S; s++) if (n[d][s] >= 0 && filter(s)) out.push(n[d][s]);
    return out;
  };
  const available = (d: number): number => members.filter((a) => p.shifts.some((_, s) => shiftAllowed(p, a, d, s))).length;
  dayStartRows(lp, D, (d) => starts(d), available, 1);
  const instances: { col: number; shift: number; start: number; end: number }[] = [];
  for (let d = 0; d < D; d++) for (let s = 0; s < S; s++) if (n[d][s] >= 0) instances.push({ col: n[d][s], shift: s, ...spanOf(p, d, s) });
  restCliqueRows(lp, instances, p.rules.minRestHours * 60, size);
  const window = (length: number, limit: number, filter: (s: number) => boolean): void =>
    windowRows(lp, { days: D, length, capacity: limit * size, colsOnDay: (d) => starts(d, filter), keep: (cols) => cols.length > 0 });
  window(p.rules.maxConsecutiveWorkDays + 1, p.rules.maxConsecutiveWorkDays, () => true);
  window(p.rules.maxConsecutiveNights + 1, p.rules.maxConsecutiveNights, (s) => p.isNightShift[s]);
  if (p.rules.restDayInSeven) window(7, 6, () => true);
  const all = instances.map((i) => i.col);
  const hours = instances.map((i) => p.shifts[i.shift].workMinutes / 60);
  const maxHours = members.reduce((sum, a) => sum + p.agents[a].maxHours, 0);
  const minHours = members.reduce((sum, a) => sum + p.agents[a].minHours, 0);
  lp.row(all, hours, minHours, maxHours);
  return n;
}

/** Overtime over all pools: Σ paid hours − overtime <= Σ standard hours, overtime priced per hour. */
function overtimeRow(lp: LpBuilder, p: PreparedProblem, n: number[][][]): void {
  const overtime = lp.col(p.weights.overtimeCallsPerHour, 0, Infinity);
  const cols: number[] = [overtime];
  const vals: number[] = [-1];
  n.forEach((pool) => {
    pool.forEach((row) =>
      row.forEach((col, s) => {
        if (col < 0) return;
        cols.push(col);
        vals.push(p.shifts[s].workMinutes / 60);
      }),
    );
  });
  lp.row(cols, vals, -Infinity, p.agents.reduce((sum, a) => sum + a.standardHours, 0));
}

function spanOf(p: PreparedProblem, d: number, s: number): { start: number; end: number } {
  const [start, end] = shiftSpan(p, d, s);
  return { start, end };
}
