/**
 * A lower bound on the roster objective (expected lost calls + overtime and fairness penalties, as solve.ts
 * reports it) from the Dantzig-Wolfe reformulation of the roster model: each agent chooses one monthly pattern
 * (set partitioning over her feasible patterns), solved by column generation.
 *
 * Master LP (minimised; λ[a,j] ≥ 0 the weight of agent a's pattern j):
 * - Σ_j λ[a,j] = 1 for every agent (convexity);
 * - cover, per group g of half-hour intervals with the same possible cover: Σ_k y[g,k] − Σ productive seats on the
 *   phones (pattern on duty and not in training, x seat share x (1 − shrinkage)) <= seats carried in from the
 *   previous period; y[g,k] ∈ [0, 1] costs −gain[g,k], the k-th seat's gain of Erlang A expected answered calls
 *   (GainTable.concaveGains, the same concave piecewise-linear model as mip.ts, summed over the group);
 * - people on duty and not in training >= rules.minOnDuty per group;
 * - training: Σ u[slot] = 1 over each part of the period; the trainer's patterns attend exactly the slot held
 *   (Σ λ·attend − u = 0), everyone else's at most a held one (Σ λ·attend − u <= 0);
 * - fairness, per metric: T = Σ counts, and per agent Σ λ·count − share·T − dev+ + dev− = −balance before, dev±
 *   within the fairness rule's limits and priced by the weights (as mip.ts);
 * - a pattern costs weights.overtimeCallsPerHour x its overtime hours; the objective adds the offered calls.
 * Every labour rule that concerns one agent alone is inside the patterns (pricing.ts), so this LP is at least as
 * tight as the LP relaxation of mip.ts and usually far tighter (Ernst et al., "Staff scheduling and rostering: A
 * review of applications, methods and models", EJOR 153 (2004) 3-27, on set-partitioning rosters).
 *
 * The bound: for any duals π of the non-convexity rows (signs made valid for their senses), the Lagrangian
 * L(π) = offset + Σ_rows π·rhs + Σ_other columns min(rc·lower, rc·upper) + Σ_agents min_patterns (cost − π·A)
 * is a lower bound on every roster keeping the rules; with the master's duals it is the Lasdon/Farley bound
 * (master value + Σ_a min reduced cost), valid before convergence and equal to the master value at convergence
 * (Desrosiers & Lübbecke, "A Primer in Column Generation", in Column Generation, Springer 2005, §2.1 and §4.2).
 * The pricing is exact (a DP over the days), so every iteration's L(π) is valid; the best one is reported. It does
 * not depend on the master being solved to optimality, nor on the columns in it being feasible (warm-start
 * rosters may break rules).
 *
 * The bound is over rosters built from the optimiser's candidate templates (locked cells aside), as the MIP's.
 *
 * Measured (2026-12-07, 2 cores shared with six other jobs, so slow and noisy): on the 6-agent, 4-week benchmark
 * problem the restricted master is still at 575.5 after 112 iterations and 756 s (so the Dantzig-Wolfe bound is at
 * most 575.5, against 564.2 for the LP relaxation of mip.ts) and the best Lagrangian bound was 516.9; the master LP
 * solves take most of the time (about 85 %). On 4 agents x 7 days it converges in 3 s to 682.54 (LP 682.11). The
 * per-agent rules are nearly free in the LP: what separates these bounds from the best rosters (649.9 on the
 * benchmark) is the integrality of the number of people on duty under the convex lost-calls cost, which an LP bound
 * of either model does not see (branch-and-price would).
 */
import type { Highs } from 'highs';
import { FAIRNESS_METRICS, type FairnessMetric, balancesBefore, fairnessLimits, fairnessWeights, shiftCounts } from '../fairness';
import { GainTable } from '../gains';
import { INTERVAL_MINUTES, OFF, type PreparedProblem, prepareProblem, rosterMatrix, shiftAllowed, shiftSpan } from '../problem';
import { trainingSegment } from '../rules';
import type { Roster, RosterProblem } from '../types';
import { AgentPricer, type Pattern, type PricingCosts, PricingUnsupported, type TrainingSlot } from './pricing';

/** Options of {@link rosterLowerBound}. */
export interface LowerBoundOptions {
  /** Wall-clock budget in milliseconds (default 30,000); the best bound so far is returned when it runs out. */
  timeLimitMs?: number;
  /** Clock in milliseconds (default `Date.now`). */
  clock?: () => number;
  /** Called after every iteration with the bound so far (keep it cheap). */
  onProgress?: (progress: LowerBoundProgress) => void;
  /** Rosters whose rows are the first columns (warm start: e.g. the incumbent and the greedy roster). */
  initialRosters?: readonly Roster[];
  /** A gain table of the same problem to reuse. */
  gains?: GainTable;
  /** Patterns added per agent and iteration at most (default 8: the best, then the best of other hours totals). */
  patternsPerAgent?: number;
  /** Stops when (master value − bound) <= this x max(1, |bound|) (default 1e-6). */
  relativeTolerance?: number;
  /** Wentges dual smoothing factor in [0, 1) (default 0.7; 0 prices at the master's duals only). */
  smoothing?: number;
  /** Stops when the bound reaches this value (e.g. the incumbent's objective / (1 + target gap)). */
  targetBound?: number;
}

/** Progress of a bound computation. */
export interface LowerBoundProgress {
  iteration: number;
  /** Best valid bound so far (expected lost calls + penalties), or null before the first. */
  bound: number | null;
  /** Value of the restricted master LP (an upper bound on the DW bound, not itself a bound). */
  masterValue: number | null;
  columns: number;
  elapsedMs: number;
  /** Of which in the master LP solves. */
  masterMs: number;
  /** Simplex iterations of the master solves so far. */
  simplexIterations: number;
}

/** The result of {@link rosterLowerBound}. */
export interface LowerBoundResult {
  /**
   * Best valid lower bound found on the objective of any roster keeping the rules (calls), or null when none was
   * computed (time too short, problem outside the method: see `unsupported`), or when no pattern keeps an agent's
   * rules (`infeasible`).
   */
  bound: number | null;
  method: 'column-generation';
  /** Master solves done. */
  iterations: number;
  /** Pattern columns in the master at the end. */
  columns: number;
  /** True when pricing found no improving pattern: the bound is the Dantzig-Wolfe LP bound itself. */
  converged: boolean;
  /** Last restricted master value (calls), or null. */
  masterValue: number | null;
  /** True when some agent has no pattern keeping her rules (so no roster keeps them all). */
  infeasible: boolean;
  /** Set when a restricted master LP ended without an optimal solution (the iterations stopped there). */
  masterFailure?: string;
  /** Why the method does not apply to this problem (the bound is then null). */
  unsupported?: string;
  /** Milliseconds spent. */
  elapsedMs: number;
}

interface Column {
  cost: number;
  lower: number;
  upper: number;
  rows: number[];
  values: number[];
}

/** The master's static structure and how to price against its duals. */
export interface BoundModel {
  p: PreparedProblem;
  slots: TrainingSlot[];
  trainer: number | undefined;
  pricers: AgentPricer[];
  /** Group index of each interval, and each group's first interval. */
  groupOf: Int32Array;
  groupStart: number[];
  rowLower: number[];
  rowUpper: number[];
  /** Non-pattern columns (y, u, T, dev±) — the ones in the Lagrangian. */
  columns: Column[];
  /** Artificial columns (feasibility of the restricted master only; not in the Lagrangian). */
  artificials: Column[];
  offset: number;
  coverRow: Int32Array;
  dutyRow: Int32Array;
  /** linkRow[a * Q + q], or −1. */
  linkRow: Int32Array;
  totalRow: Partial<Record<FairnessMetric, number>>;
  /** fairRow[m][a], or −1. */
  fairRow: Partial<Record<FairnessMetric, Int32Array>>;
}

/**
 * Cost of the artificial columns that keep the restricted master feasible (calls per unit). It caps the master's
 * duals, which only steers the pricing: the bound is the Lagrangian of the true model, valid for any duals.
 */
const ARTIFICIAL_COST = 100;

/**
 * Builds the static part of the master (rows, non-pattern columns) and the agents' pricers.
 * @throws PricingUnsupported when the exact pricing cannot handle the problem.
 */
export function buildBoundModel(p: PreparedProblem, gains: GainTable): BoundModel {
  const A = p.agents.length;
  const D = p.days;
  const T = p.intervals;
  const training = p.training;
  const trainer = training?.trainerId === undefined ? undefined : p.agentIndex.get(training.trainerId);
  const step = INTERVAL_MINUTES;

  // Training slots: as mip.ts, those the trainer can be on duty for.
  const slots: TrainingSlot[] = [];
  if (training) {
    const coversSlot = (a: number, day: number, start: number, end: number): boolean => {
      for (let d = Math.max(0, day - 1); d <= day && d < D; d++) {
        for (let s = 0; s < p.shifts.length; s++) {
          if (!((p.candidate[s] || p.locks[a][d] === s) && shiftAllowed(p, a, d, s))) continue;
          const [from, to] = shiftSpan(p, d, s);
          if (from <= day * 1440 + start && to >= day * 1440 + end) return true;
        }
      }
      return false;
    };
    for (let k = 0; k < training.sessions; k++) {
      const [from, to] = trainingSegment(D, training.sessions, k);
      let any = false;
      for (let day = from; day < to; day++) {
        for (const start of p.trainingStarts) {
          const end = start + training.durationMinutes;
          if (trainer !== undefined && !coversSlot(trainer, day, start, end)) continue;
          slots.push({ k, day, start, end });
          any = true;
        }
      }
      if (!any) throw new PricingUnsupported(`no slot for training session ${k + 1}: no roster keeps the training rule`);
    }
  }
  const pricers = p.agents.map((_, a) => new AgentPricer(p, a, slots, trainer));

  // Groups of intervals: boundaries at every possible shift start and end, slot start and end, carry-in end.
  const cut = new Uint8Array(T + 1);
  cut[0] = 1;
  const mark = (minute: number): void => {
    const lo = Math.floor(minute / step);
    const hi = Math.ceil(minute / step);
    if (lo >= 0 && lo <= T) cut[lo] = 1;
    if (hi >= 0 && hi <= T) cut[hi] = 1;
  };
  const canCover: Uint8Array[] = p.agents.map(() => new Uint8Array(T));
  for (let a = 0; a < A; a++) {
    for (let d = 0; d < D; d++) {
      for (let s = 0; s < p.shifts.length; s++) {
        if (!((p.candidate[s] || p.locks[a][d] === s) && shiftAllowed(p, a, d, s))) continue;
        const [from, to] = shiftSpan(p, d, s);
        mark(from);
        mark(to);
        for (let t = Math.floor(from / step); t < Math.min(T, Math.ceil(to / step)); t++) canCover[a][t] = 1;
      }
    }
    if (p.agents[a].carryInMinutes > 0) mark(p.agents[a].carryInMinutes);
  }
  for (const slot of slots) {
    mark(slot.day * 1440 + slot.start);
    mark(slot.day * 1440 + slot.end);
  }
  const groupOf = new Int32Array(T);
  const groupStart: number[] = [];
  for (let t = 0; t < T; t++) {
    if (cut[t]) groupStart.push(t);
    groupOf[t] = groupStart.length - 1;
  }
  const G = groupStart.length;
  const groupEnd = (g: number): number => (g + 1 < G ? groupStart[g + 1] : T);
  const carryProductive = new Float64Array(T);
  const carryPeople = new Float64Array(T);
  p.agents.forEach((agent) => {
    const c = agent.carryInMinutes;
    for (let t = 0; t < Math.min(T, Math.ceil(c / step)); t++) {
      const frac = (Math.min(c, (t + 1) * step) - t * step) / step;
      carryProductive[t] += agent.productive * frac;
      carryPeople[t] += frac;
    }
  });

  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lo: number, hi: number): number => {
    rowLower.push(lo);
    rowUpper.push(hi);
    return rowLower.length - 1;
  };
  for (let a = 0; a < A; a++) addRow(1, 1);
  const columns: Column[] = [];
  const artificials: Column[] = [];
  const artificial = (row: number): void => {
    if (rowLower[row] > -Infinity) artificials.push({ cost: ARTIFICIAL_COST, lower: 0, upper: Infinity, rows: [row], values: [1] });
    if (rowUpper[row] < Infinity) artificials.push({ cost: ARTIFICIAL_COST, lower: 0, upper: Infinity, rows: [row], values: [-1] });
  };

  // Cover with the concave gains, summed over each group.
  const coverRow = new Int32Array(G).fill(-1);
  for (let g = 0; g < G; g++) {
    const t0 = groupStart[g];
    let reachable = carryProductive[t0];
    for (let a = 0; a < A; a++) if (canCover[a][t0]) reachable += p.agents[a].productive;
    const segments = Math.ceil(reachable - 1e-9);
    if (segments <= 0) continue;
    const total = new Array<number>(segments).fill(0);
    for (let t = t0; t < groupEnd(g); t++) gains.concaveGains(t, segments).forEach((v, k) => (total[k] += v));
    const row = addRow(-Infinity, carryProductive[t0]);
    coverRow[g] = row;
    for (const v of total) if (v > 0) columns.push({ cost: -v, lower: 0, upper: 1, rows: [row], values: [1] });
  }
  const dutyRow = new Int32Array(G).fill(-1);
  if (p.rules.minOnDuty > 0) {
    for (let g = 0; g < G; g++) {
      dutyRow[g] = addRow(p.rules.minOnDuty - carryPeople[groupStart[g]], Infinity);
      artificial(dutyRow[g]);
    }
  }

  // Training.
  const Q = slots.length;
  const linkRow = new Int32Array(A * Q).fill(-1);
  if (training && Q > 0) {
    const segRow = Array.from({ length: training.sessions }, () => addRow(1, 1));
    segRow.forEach(artificial);
    const uRows: number[][] = slots.map((slot) => [segRow[slot.k]]);
    const uVals: number[][] = slots.map(() => [1]);
    for (let a = 0; a < A; a++) {
      if (!pricers[a].attends) continue;
      for (let q = 0; q < Q; q++) {
        const row = a === trainer ? addRow(0, 0) : addRow(-Infinity, 0);
        linkRow[a * Q + q] = row;
        artificial(row);
        uRows[q].push(row);
        uVals[q].push(-1);
      }
    }
    slots.forEach((_, q) => columns.push({ cost: 0, lower: 0, upper: 1, rows: uRows[q], values: uVals[q] }));
  }

  // Fairness, as mip.ts.
  const weights = fairnessWeights(p);
  const limits = fairnessLimits(p);
  const before = balancesBefore(p);
  const weightOf = { nights: p.weights.fairnessNights, weekends: p.weights.fairnessWeekends, holidays: p.weights.fairnessHolidays };
  const totalRow: Partial<Record<FairnessMetric, number>> = {};
  const fairRow: Partial<Record<FairnessMetric, Int32Array>> = {};
  for (const m of FAIRNESS_METRICS) {
    const sum = weights.reduce((acc, w) => acc + w[m], 0);
    if (sum === 0) continue;
    const counts = (a: number): boolean => {
      for (let d = 0; d < D; d++) for (let s = 0; s < p.shifts.length; s++) if ((p.candidate[s] || p.locks[a][d] === s) && shiftAllowed(p, a, d, s) && shiftCounts(p, d, s)[m] > 0) return true;
      return false;
    };
    const mine = p.agents.map((_, a) => counts(a));
    if (!mine.some(Boolean)) continue;
    const total = addRow(0, 0);
    totalRow[m] = total;
    artificial(total);
    const tRows = [total];
    const tVals = [1];
    const rows = new Int32Array(A).fill(-1);
    for (let a = 0; a < A; a++) {
      const share = weights[a][m] / sum;
      if (share === 0 && !mine[a]) continue;
      const row = addRow(-before[a][m], -before[a][m]);
      rows[a] = row;
      artificial(row);
      tRows.push(row);
      tVals.push(-share);
      columns.push({ cost: weightOf[m], lower: 0, upper: limits[a].high[m], rows: [row], values: [-1] });
      columns.push({ cost: weightOf[m], lower: 0, upper: -limits[a].low[m], rows: [row], values: [1] });
    }
    fairRow[m] = rows;
    columns.push({ cost: 0, lower: 0, upper: A * D, rows: tRows, values: tVals });
  }
  let offset = 0;
  for (let t = 0; t < T; t++) offset += p.offered[t];
  return { p, slots, trainer, pricers, groupOf, groupStart, rowLower, rowUpper, columns, artificials, offset, coverRow, dutyRow, linkRow, totalRow, fairRow };
}

/** The master column of a pattern: its cost (overtime) and its rows. */
export function patternColumn(model: BoundModel, pattern: Pattern): Column {
  const { p, groupOf, coverRow, dutyRow, linkRow, slots } = model;
  const a = pattern.agent;
  const agent = p.agents[a];
  const T = p.intervals;
  const onPhone = new Map<number, number>();
  const addSpan = (from: number, to: number, v: number): void => {
    const t0 = Math.max(0, Math.floor(from / INTERVAL_MINUTES));
    const t1 = Math.min(T, Math.ceil(to / INTERVAL_MINUTES));
    if (t1 <= t0) return;
    for (let g = groupOf[t0]; g <= groupOf[t1 - 1]; g++) onPhone.set(g, (onPhone.get(g) ?? 0) + v);
  };
  let minutes = 0;
  const counts: Record<FairnessMetric, number> = { nights: 0, weekends: 0, holidays: 0 };
  pattern.cells.forEach((s, d) => {
    if (s === OFF) return;
    const [from, to] = shiftSpan(p, d, s);
    addSpan(from, to, 1);
    minutes += p.shifts[s].workMinutes;
    const c = shiftCounts(p, d, s);
    for (const m of FAIRNESS_METRICS) counts[m] += c[m];
  });
  const rows: number[] = [a];
  const values: number[] = [1];
  for (const q of pattern.slots) {
    const slot = slots[q];
    addSpan(slot.day * 1440 + slot.start, slot.day * 1440 + slot.end, -1);
    if (linkRow[a * slots.length + q] >= 0) {
      rows.push(linkRow[a * slots.length + q]);
      values.push(1);
    }
  }
  for (const [g, v] of [...onPhone.entries()].sort((x, y) => x[0] - y[0])) {
    if (v === 0) continue;
    if (coverRow[g] >= 0) {
      rows.push(coverRow[g]);
      values.push(-agent.productive * v);
    }
    if (dutyRow[g] >= 0) {
      rows.push(dutyRow[g]);
      values.push(v);
    }
  }
  for (const m of FAIRNESS_METRICS) {
    const total = model.totalRow[m];
    const own = model.fairRow[m]?.[a] ?? -1;
    if (total === undefined || counts[m] === 0) continue;
    rows.push(total);
    values.push(-counts[m]);
    if (own >= 0) {
      rows.push(own);
      values.push(counts[m]);
    }
  }
  const hours = minutes / 60;
  return { cost: p.weights.overtimeCallsPerHour * Math.max(0, hours - agent.standardHours), lower: 0, upper: Infinity, rows, values };
}

/** Per-shift and per-slot costs of agent a's pricing under duals π (convexity row excluded). */
export function pricingCosts(model: BoundModel, a: number, pi: Float64Array): PricingCosts {
  const { p, groupOf, groupStart, coverRow, dutyRow, linkRow, slots } = model;
  const G = groupStart.length;
  const T = p.intervals;
  const prod = p.agents[a].productive;
  // Prefix sums over groups of the cost of one agent on the phones.
  const prefix = new Float64Array(G + 1);
  for (let g = 0; g < G; g++) {
    const cover = coverRow[g] >= 0 ? pi[coverRow[g]] * prod : 0;
    const duty = dutyRow[g] >= 0 ? pi[dutyRow[g]] : 0;
    prefix[g + 1] = prefix[g] + cover - duty;
  }
  const span = (from: number, to: number): number => {
    const t0 = Math.max(0, Math.floor(from / INTERVAL_MINUTES));
    const t1 = Math.min(T, Math.ceil(to / INTERVAL_MINUTES));
    if (t1 <= t0) return 0;
    return prefix[groupOf[t1 - 1] + 1] - prefix[groupOf[t0]];
  };
  const fair: Record<FairnessMetric, number> = { nights: 0, weekends: 0, holidays: 0 };
  for (const m of FAIRNESS_METRICS) {
    const total = model.totalRow[m];
    if (total === undefined) continue;
    const own = model.fairRow[m]?.[a] ?? -1;
    fair[m] = pi[total] - (own >= 0 ? pi[own] : 0);
  }
  const shiftCost = Array.from({ length: p.days }, (_, d) =>
    Float64Array.from(p.shifts, (_, s) => {
      const [from, to] = shiftSpan(p, d, s);
      const c = shiftCounts(p, d, s);
      return span(from, to) + c.nights * fair.nights + c.weekends * fair.weekends + c.holidays * fair.holidays;
    }),
  );
  const slotCost = Float64Array.from(slots, (slot, q) => {
    const link = linkRow[a * slots.length + q];
    return -span(slot.day * 1440 + slot.start, slot.day * 1440 + slot.end) - (link >= 0 ? pi[link] : 0);
  });
  return { shiftCost, slotCost };
}

/** Duals made valid for the rows' senses (a positive dual needs a finite lower side, a negative one an upper side). */
function validDuals(model: BoundModel, rowDual: ArrayLike<number>): Float64Array {
  const pi = Float64Array.from(rowDual);
  for (let i = 0; i < pi.length; i++) {
    if (pi[i] > 0 && model.rowLower[i] === -Infinity) pi[i] = 0;
    if (pi[i] < 0 && model.rowUpper[i] === Infinity) pi[i] = 0;
  }
  return pi;
}

/**
 * The Lagrangian bound L(π) for duals π (convexity rows excluded), given each agent's exact minimum reduced cost
 * under π (from {@link AgentPricer.price} with {@link pricingCosts}).
 */
export function lagrangianBound(model: BoundModel, pi: Float64Array, agentMin: readonly number[]): number {
  const A = model.p.agents.length;
  let value = model.offset;
  for (let i = A; i < pi.length; i++) {
    if (pi[i] > 0) value += pi[i] * model.rowLower[i];
    else if (pi[i] < 0) value += pi[i] * model.rowUpper[i];
  }
  for (const c of model.columns) {
    let rc = c.cost;
    for (let k = 0; k < c.rows.length; k++) if (c.rows[k] >= A) rc -= pi[c.rows[k]] * c.values[k];
    value += Math.min(rc * c.lower, rc * c.upper);
  }
  for (const m of agentMin) value += m;
  return value;
}

/** The patterns of a roster's rows (training from its sessions); rows with unknown codes are skipped. */
export function patternsOfRoster(model: BoundModel, roster: Roster): Pattern[] {
  const { p, slots, trainer } = model;
  const { cells } = rosterMatrix(p, roster);
  const sessions = roster.training.map((s) => {
    const day = p.dates.indexOf(s.date);
    const [h, m] = s.start.split(':').map(Number);
    const q = slots.findIndex((slot) => slot.day === day && slot.start === h * 60 + m);
    return { q, attendees: new Set(s.attendees) };
  });
  const out: Pattern[] = [];
  p.agents.forEach((agent, a) => {
    const row = cells[a];
    if (row.some((c) => c === -1)) return;
    const attended = sessions.filter((s) => s.q >= 0 && (a === trainer || s.attendees.has(agent.id))).map((s) => s.q);
    out.push({ agent: a, cells: row.map((c) => (c >= 0 ? c : OFF)), slots: model.pricers[a].attends ? attended : [] });
  });
  return out;
}

/**
 * A valid lower bound on the objective of any roster keeping the rules, by column generation over the agents'
 * monthly patterns (see the module comment for the model, the bound and the sources). Anytime: it stops at the
 * time limit, at convergence, or when the bound reaches `targetBound`, and returns the best bound found.
 *
 * @param highs a loaded HiGHS instance (solves the restricted master LPs; not used concurrently elsewhere).
 * @param problem the problem or an already prepared one.
 * @param options time limit, warm-start rosters, progress callback.
 * @returns the bound (calls: expected lost calls + penalties), iterations, columns, whether it converged.
 * @throws RosterInputError for an invalid problem or warm-start roster.
 * @example
 * const { bound, converged } = rosterLowerBound(highs, problem, { timeLimitMs: 20_000, initialRosters: [report.roster] });
 */
export function rosterLowerBound(highs: Highs, problem: RosterProblem | PreparedProblem, options: LowerBoundOptions = {}): LowerBoundResult {
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const elapsed = (): number => clock() - t0;
  const limit = options.timeLimitMs ?? 30_000;
  const p = 'agentIndex' in problem ? problem : prepareProblem(problem);
  const gains = options.gains ?? new GainTable(p);
  const tolerance = options.relativeTolerance ?? 1e-6;
  const perAgent = options.patternsPerAgent ?? 8;
  const result = (extra: Partial<LowerBoundResult>): LowerBoundResult => ({
    bound: null,
    method: 'column-generation',
    iterations: 0,
    columns: 0,
    converged: false,
    masterValue: null,
    infeasible: false,
    elapsedMs: elapsed(),
    ...extra,
  });
  let model: BoundModel;
  try {
    model = buildBoundModel(p, gains);
  } catch (error) {
    if (error instanceof PricingUnsupported) return result({ unsupported: error.message });
    throw error;
  }
  const A = p.agents.length;
  const R = model.rowLower.length;
  const inf = highs.infinity;
  const fix = (x: number): number => (x === Infinity ? inf : x === -Infinity ? -inf : x);

  // Starting columns: the warm-start rosters' rows and, per agent, the pattern of least overtime.
  const zero: PricingCosts = { shiftCost: Array.from({ length: p.days }, () => new Float64Array(p.shifts.length)), slotCost: new Float64Array(model.slots.length) };
  const start: Pattern[] = [];
  for (const roster of options.initialRosters ?? []) start.push(...patternsOfRoster(model, roster));
  for (let a = 0; a < A; a++) {
    const first = model.pricers[a].price(zero, 1);
    if (first.patterns.length === 0) return result({ infeasible: true });
    start.push(first.patterns[0].pattern);
  }
  const fixed = [...model.columns, ...model.artificials];
  const all: Column[] = [...fixed, ...start.map((pt) => patternColumn(model, pt))];
  const seen = new Set<string>();
  const keyOf = (pt: Pattern): string => `${pt.agent}:${pt.cells.join(',')}:${pt.slots.join(',')}`;
  const initial = all.filter((c, j) => {
    if (j < fixed.length) return true;
    const key = keyOf(start[j - fixed.length]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const c of initial) {
    const order = c.rows.map((_, k) => k).sort((x, y) => c.rows[x] - c.rows[y]);
    for (const k of order) {
      indices.push(c.rows[k]);
      values.push(c.values[k]);
    }
    starts.push(indices.length);
  }
  const master = highs.createModel({
    numCols: initial.length,
    numRows: R,
    offset: model.offset,
    colCost: Float64Array.from(initial, (c) => c.cost),
    colLower: Float64Array.from(initial, (c) => fix(c.lower)),
    colUpper: Float64Array.from(initial, (c) => fix(c.upper)),
    rowLower: Float64Array.from(model.rowLower, fix),
    rowUpper: Float64Array.from(model.rowUpper, fix),
    matrix: { format: 'csc', numRows: R, numCols: initial.length, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
  });
  let patternColumns = initial.length - fixed.length;
  let best: number | null = null;
  let masterValue: number | null = null;
  let iterations = 0;
  let converged = false;
  let center: Float64Array | null = null;
  let stopped = '';
  let masterMs = 0;
  let simplexIterations = 0;
  const alpha = options.smoothing ?? 0.7;
  const reducedCost = (c: Column, pi: Float64Array): number => {
    let rc = c.cost;
    for (let k = 0; k < c.rows.length; k++) rc -= pi[c.rows[k]] * c.values[k];
    return rc;
  };
  try {
    master.options.set({ output_flag: false, log_to_console: false, solver: 'simplex', presolve: 'off', simplex_strategy: 4 });
    while (elapsed() < limit) {
      // HiGHS's time limit counts its cumulative run time: reset the clocks before each solve.
      master.zeroAllClocks();
      master.options.set({ time_limit: Math.max(0.5, (limit - elapsed()) / 1000) });
      const m0 = clock();
      const run = master.run();
      masterMs += clock() - m0;
      simplexIterations += Number(master.info.get('simplex_iteration_count'));
      if (run.modelStatus !== highs.constants.modelStatus.optimal) {
        // The time limit ending a master solve is the normal end; anything else is reported.
        if (run.modelStatus !== highs.constants.modelStatus.timeLimit) stopped = `HiGHS model status ${run.modelStatus}`;
        break;
      }
      iterations += 1;
      masterValue = master.getObjectiveValue();
      const piMaster = validDuals(model, master.getSolution().rowDual);
      // Wentges smoothing: price at a point between the best duals so far (the stability centre) and the master's;
      // when that finds nothing improving for the master (a mis-price), price at the master's duals themselves.
      const centre: Float64Array | null = center;
      const tries: Float64Array[] = centre !== null && alpha > 0 ? [Float64Array.from(piMaster, (v, i) => alpha * centre[i] + (1 - alpha) * v), piMaster] : [piMaster];
      let improving = false;
      let complete = false;
      const additions: Column[] = [];
      for (const pi of tries) {
        const mins: number[] = [];
        for (let a = 0; a < A; a++) {
          const priced = model.pricers[a].price(pricingCosts(model, a, pi), perAgent);
          mins.push(priced.min);
          for (const { pattern } of priced.patterns) {
            const key = keyOf(pattern);
            if (seen.has(key)) continue;
            const column = patternColumn(model, pattern);
            if (reducedCost(column, piMaster) >= -1e-9 * Math.max(1, Math.abs(masterValue))) continue;
            seen.add(key);
            improving = true;
            additions.push(column);
          }
          if (elapsed() >= limit && a < A - 1) break;
        }
        if (mins.length === A) {
          const value = lagrangianBound(model, pi, mins);
          if (best === null || value > best) {
            best = value;
            center = pi;
          }
          complete = pi === piMaster;
        }
        if (improving || elapsed() >= limit) break;
      }
      options.onProgress?.({ iteration: iterations, bound: best, masterValue, columns: patternColumns, elapsedMs: elapsed(), masterMs, simplexIterations });
      if (complete && !improving) {
        converged = true;
        break;
      }
      if (best !== null && masterValue - best <= tolerance * Math.max(1, Math.abs(best))) {
        converged = true;
        break;
      }
      if (best !== null && options.targetBound !== undefined && best >= options.targetBound) break;
      for (const c of additions) {
        master.addCol(c.cost, fix(c.lower), fix(c.upper), { indices: Int32Array.from(c.rows), values: Float64Array.from(c.values) });
        patternColumns += 1;
      }
    }
  } finally {
    master.dispose();
  }
  // Rounding: the bound is a sum of floating-point terms; give away a relative 1e-9.
  const bound = best === null ? null : best - 1e-9 * Math.max(1, Math.abs(best));
  return result({ bound, iterations, columns: patternColumns, converged, masterValue, ...(stopped ? { masterFailure: stopped } : {}) });
}
