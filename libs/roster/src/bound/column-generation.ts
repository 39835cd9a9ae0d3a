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
import { GainTable } from '../model/gains';
import { type PreparedProblem, prepareProblem } from '../model/problem';
import type { Roster, RosterProblem } from '../types';
import { type BoundModel, type Column, buildBoundModel, lagrangianBound, patternColumn, patternsOfRoster, pricingCosts, validDuals } from './master';
import { type Pattern, type PricingCosts, PricingUnsupported } from './pricing';

export { type BoundModel, buildBoundModel, lagrangianBound, patternColumn, patternsOfRoster, pricingCosts } from './master';

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
  const inf = highs.infinity;
  const fix = (x: number): number => (x === Infinity ? inf : x === -Infinity ? -inf : x);
  const start = startingPatterns(model, options.initialRosters ?? []);
  if (start === null) return result({ infeasible: true });
  const seen = new Set<string>();
  const { master, patterns } = createMaster(highs, model, start, seen, fix);
  let patternColumns = patterns;
  let best: number | null = null;
  let masterValue: number | null = null;
  let iterations = 0;
  let converged = false;
  let center: Float64Array | null = null;
  let stopped = '';
  let masterMs = 0;
  let simplexIterations = 0;
  const alpha = options.smoothing ?? 0.7;
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
      const round = priceRound(model, tries, piMaster, masterValue, seen, { perAgent, outOfTime: () => elapsed() >= limit });
      const { improving, complete, additions } = round;
      if (round.best !== null && (best === null || round.best.value > best)) {
        best = round.best.value;
        center = round.best.pi;
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

/** Key of a pattern, to add each at most once. */
const keyOf = (pt: Pattern): string => `${pt.agent}:${pt.cells.join(',')}:${pt.slots.join(',')}`;

/** Reduced cost of a column under duals π. */
function reducedCost(c: Column, pi: Float64Array): number {
  let rc = c.cost;
  for (let k = 0; k < c.rows.length; k++) rc -= pi[c.rows[k]] * c.values[k];
  return rc;
}

/** Starting columns: the warm-start rosters' rows and, per agent, the pattern of least overtime; null when an agent has no pattern at all. */
function startingPatterns(model: BoundModel, rosters: readonly Roster[]): Pattern[] | null {
  const { p } = model;
  const zero: PricingCosts = { shiftCost: Array.from({ length: p.days }, () => new Float64Array(p.shifts.length)), slotCost: new Float64Array(model.slots.length) };
  const start: Pattern[] = [];
  for (const roster of rosters) start.push(...patternsOfRoster(model, roster));
  for (let a = 0; a < p.agents.length; a++) {
    const first = model.pricers[a].price(zero, 1);
    if (first.patterns.length === 0) return null;
    start.push(first.patterns[0].pattern);
  }
  return start;
}

/** The restricted master: the fixed columns and the distinct starting patterns (their keys added to `seen`); returns it and its pattern count. */
function createMaster(highs: Highs, model: BoundModel, start: Pattern[], seen: Set<string>, fix: (x: number) => number): { master: ReturnType<Highs['createModel']>; patterns: number } {
  const R = model.rowLower.length;
  const fixed = [...model.columns, ...model.artificials];
  const all: Column[] = [...fixed, ...start.map((pt) => patternColumn(model, pt))];
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
  return { master, patterns: initial.length - fixed.length };
}

/**
 * One pricing round: prices every agent at each duals vector of `tries` in turn until one finds a column improving
 * for the master (reduced cost at the master's duals below −1e-9·max(1, |master value|)); new columns' keys go to `seen`.
 * @returns the columns to add, whether any improves, whether the master's own duals were priced completely (then no
 *   improving column means convergence), and the best Lagrangian bound of a complete round with its duals.
 */
function priceRound(
  model: BoundModel,
  tries: Float64Array[],
  piMaster: Float64Array,
  masterValue: number,
  seen: Set<string>,
  limits: { perAgent: number; outOfTime: () => boolean },
): { improving: boolean; complete: boolean; additions: Column[]; best: { value: number; pi: Float64Array } | null } {
  const A = model.p.agents.length;
  let improving = false;
  let complete = false;
  let best: { value: number; pi: Float64Array } | null = null;
  const additions: Column[] = [];
  for (const pi of tries) {
    const mins: number[] = [];
    for (let a = 0; a < A; a++) {
      const priced = model.pricers[a].price(pricingCosts(model, a, pi), limits.perAgent);
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
      if (limits.outOfTime() && a < A - 1) break;
    }
    if (mins.length === A) {
      const value = lagrangianBound(model, pi, mins);
      if (best === null || value > best.value) best = { value, pi };
      complete = pi === piMaster;
    }
    if (improving || limits.outOfTime()) break;
  }
  return { improving, complete, additions, best };
}
