/**
 * Solving the roster MIP ({@link buildRosterModel}) with HiGHS.
 *
 * HiGHS compiled to WebAssembly is single-threaded and several times slower than native, and the LP relaxation of a
 * time-indexed roster is weak (fractions of shifts can follow the traffic curve exactly), so branch and bound on a
 * month of 6 agents does not close in minutes. The solve therefore runs:
 * 1. the greedy constructor (a roster in milliseconds; also the baseline);
 * 2. a lower bound on expected lost calls + penalties, against which the gap is reported: the LP relaxation of
 *    the full model (interior point) — or, when it is infeasible, the proof that no roster keeps every rule; for
 *    large models the pooled relaxation of aggregate.ts instead (agents with equal seat shares pooled, solved as
 *    a MIP), which is far smaller;
 * 3. a large-neighbourhood search with exact sub-MIPs: a window of days x a group of agents (about
 *    `neighbourhoodBinaries` binaries: a few days for every agent, or a few agents over a week) is freed,
 *    everything else stays at the incumbent, and HiGHS solves that sub-MIP (within
 *    `subTimeLimitSeconds`); an improvement is kept. Rounds visit every window in a seeded random order; a round
 *    without improvement makes the next round's neighbourhoods 1.5 times larger. It stops at the time limit, or
 *    when the neighbourhoods outgrow the model. Small models (at most `fullModelBinaries` binaries) are solved
 *    whole instead.
 * The model is the elastic one, with every breach of a soft rule priced above all the period's calls: a roster
 * breaks a rule only when the search finds none that keeps them all; the non-zero slacks then name the rules.
 */
import type { Highs } from 'highs';
import { type RosterEvaluation, evaluateSchedule } from '../evaluate/evaluate';
import { RosterSolveError } from '../errors';
import { GainTable } from '../model/gains';
import { greedyRoster, type GreedyResult } from './greedy';
import type { LpArrays } from '../model/lp';
import { buildRosterModel, type ConflictFamily, type ModelSize, type RosterModel, SLACK_WEIGHT } from '../model/mip';
import { type PreparedProblem, prepareProblem } from '../model/problem';
import { aggregateBound } from '../model/aggregate';
import { columnIndex, restrictModel } from './restrict';
import { buildSchedule } from '../model/schedule';
import type { Roster, RosterProblem } from '../types';
import { type Run, runArrays } from './highs-run';
import { conflictsOf, greedyIntegers, rosterOf } from './model-solution';
import { seededRandom } from '../random';
import { rosterLowerBound } from '../bound/column-generation';

/** Options of {@link solveRoster}. */
export interface SolveOptions {
  /** Wall-clock limit of the whole solve in seconds (default 60); the best roster found by then is returned. */
  timeLimitSeconds?: number;
  /** `optimal` is reported when the gap to the bound is at most this (default 0.005). */
  mipRelGap?: number;
  /** Clock in milliseconds (default `Date.now`). */
  clock?: () => number;
  /** Called with progress after each improvement and each phase (keep it cheap: it runs inside the solve). */
  onProgress?: (progress: SolveProgress) => void;
  /** Time limit of one sub-MIP in seconds (default 2). */
  subTimeLimitSeconds?: number;
  /** Free binaries per neighbourhood (default 120). */
  neighbourhoodBinaries?: number;
  /** Models with at most this many nonzeros get the LP bound, larger ones the pooled relaxation (default 400,000). */
  lpBoundNonzeros?: number;
  /** Models with at most this many binaries are solved whole (default 600). */
  fullModelBinaries?: number;
  /** Seed of the neighbourhood order and of HiGHS (default 1). */
  seed?: number;
  /** Further HiGHS options for every solve (e.g. `{ mip_heuristic_effort: 0.2 }`). */
  highsOptions?: Record<string, boolean | number | string>;
  /** Receives HiGHS's log lines. */
  onLog?: (line: string) => void;
  /**
   * Seconds of column generation (bound/column-generation.ts) after the LP bound, warm-started from the greedy
   * roster (default 0: none); the gap is then against the better of the two bounds.
   */
  columnGenerationSeconds?: number;
  /**
   * Anytime solving: when the time limit ends the search with the gap above `mipRelGap`, the roster found so far is
   * handed to `onAnswer` (the answer within the time limit) and the search goes on in the background (see
   * {@link ContinueOptions}); the report returned is then the final one. With it the search also ends, in either
   * phase, as soon as the gap is at most `mipRelGap`. Absent: the solve ends at the time limit, as before.
   */
  continueAfter?: ContinueOptions;
  /** Called with each improved roster (in both phases; the greedy start is not reported). Keep it cheap. */
  onIncumbent?: (incumbent: SolveIncumbent) => void;
  /** Polled between sub-MIPs: true ends the solve at once with the best roster so far (stop reason `stopped`). */
  shouldStop?: () => boolean;
}

/** The background phase of an anytime solve ({@link SolveOptions.continueAfter}). */
export interface ContinueOptions {
  /** Seconds the search may go on after the answer (the background budget), > 0. */
  budgetSeconds: number;
  /** The search stops when no roster better than the best was found for this many seconds (default 60). */
  stallSeconds?: number;
  /** Receives the answer at the time limit: the report the solve would have returned without `continueAfter`. */
  onAnswer?: (report: SolveReport) => void;
  /**
   * Seconds of column generation (bound/column-generation.ts) at the start of the background phase, warm-started
   * from the answer, to tighten the bound the gap is reported against; it stops early once the bound proves the gap
   * target for the answer (default 0: none; at most the budget).
   */
  boundSeconds?: number;
}

/** An improved roster found during the search ({@link SolveOptions.onIncumbent}). */
export interface SolveIncumbent {
  roster: Roster;
  /** Expected lost calls + penalties (breaches excluded), as {@link SolveReport.objective}. */
  objective: number;
  /** Weighted rule breaches (0 when it keeps every rule). */
  breaches: number;
  bound: number | null;
  /** (objective − bound) / objective when it keeps every rule, else null. */
  gap: number | null;
  /** Seconds since the solve began. */
  elapsedSeconds: number;
  /** True once the answer was given (the improvement was found in the background phase). */
  background: boolean;
  /** Sub-MIPs solved and improving so far. */
  subproblems: number;
  improvements: number;
}

/**
 * Why a solve ended: `time-limit` (the first phase's time ran out; the answer of an anytime solve), `gap` (the gap to
 * the bound is at most `mipRelGap`), `stalled` (no improvement for `stallSeconds` in the background), `budget` (the
 * background budget ran out), `stopped` (`shouldStop`), `exhausted` (the neighbourhoods outgrew the model, or the
 * whole model was solved), `solver-error` (see {@link SolveReport.solverError}).
 */
export type SolveStopReason = 'time-limit' | 'gap' | 'stalled' | 'budget' | 'stopped' | 'exhausted' | 'solver-error';

/** Progress of a solve. */
export interface SolveProgress {
  phase: 'greedy' | 'bound' | 'search' | 'done';
  elapsedSeconds: number;
  /** Expected lost calls + penalties of the best roster so far (breaches excluded), or null. */
  incumbent: number | null;
  /** Weighted rule breaches of the best roster so far (0 when it keeps every rule). */
  breaches: number;
  /** Lower bound on the objective. */
  bound: number | null;
  /** Relative gap (incumbent − bound) / incumbent, when the incumbent keeps every rule. */
  gap: number | null;
  /** Fraction of the time limit used, in [0, 1]. */
  fraction: number;
}

/** What a solve returns. */
export interface SolveReport {
  /**
   * `optimal`: a roster keeping every rule, within mipRelGap of the bound; `feasible`: keeps every rule, gap above
   * mipRelGap; `infeasible`: proven that no roster keeps every rule (the roster returned breaks the fewest soft
   * rules found, see `conflicts`); `rules-broken`: the best roster found breaks rules but that none keeps them all
   * was not proven in the time.
   */
  status: 'optimal' | 'feasible' | 'infeasible' | 'rules-broken';
  roster: Roster;
  evaluation: RosterEvaluation;
  /** Expected lost calls + overtime and fairness penalties of the roster (calls). */
  objective: number;
  /** Lower bound on that objective for any roster keeping the rules, or null when none exists or none was found. */
  bound: number | null;
  /**
   * Where the bound comes from: the LP relaxation of the model, the pooled relaxation (large models), column
   * generation over the agents' monthly patterns (bound/column-generation.ts, when it is the better one), or none.
   */
  boundMethod: 'lp' | 'pooled' | 'column-generation' | 'none';
  /** (objective − bound) / objective when the roster keeps every rule, else null. */
  gap: number | null;
  timeMs: { greedy: number; bound: number; search: number; total: number };
  model: ModelSize;
  /** Sub-MIPs solved, and those that improved the roster. */
  subproblems: number;
  improvements: number;
  /** Intervals whose Erlang A gains had to be pooled to be concave (0 expected). */
  gainsPooled: number;
  /** Rule families the roster breaks (from the slack columns), when it breaks any. */
  conflicts: ConflictFamily[];
  /** The greedy roster (the start, and the baseline) with its objective. */
  greedy: { roster: Roster; objective: number; breaches: number };
  /** HiGHS instances given up during the search after a WebAssembly trap (each replaced by the next one given). */
  solverTraps: number;
  /**
   * Set when HiGHS failed during the search (a WebAssembly runtime error) with no spare instance left: the search
   * stopped there and the best roster so far is returned. Load fresh HiGHS instances before the next solve.
   */
  solverError?: string;
  /** Why the solve ended (see {@link SolveStopReason}). */
  stopReason: SolveStopReason;
  /** True when the roster was found in the background phase of an anytime solve. */
  background: boolean;
}

/**
 * Plans a roster (see the module comment for the method).
 *
 * @param highs a loaded HiGHS instance (`await loadHighs()` from the `highs` package, loaded once by the caller), or
 *   several: HiGHS in WebAssembly now and then traps on a sub-MIP ("memory access out of bounds"), which leaves its
 *   instance unusable; the search then skips that neighbourhood and goes on with the next instance (counted in
 *   `solverTraps`), and stops (`solverError`) only when none is left.
 * @param problem the problem or an already prepared one.
 * @param options time limit (s), gap, clock (ms), progress and log callbacks, neighbourhood sizes, seed.
 * @returns the report: status, roster and its evaluation, objective, bound, gap, times, model size,
 *   conflicts, and the greedy baseline.
 * @throws RosterInputError for an invalid problem; RosterSolveError when HiGHS cannot complete even the greedy roster.
 * @example
 * const highs = await loadHighs();
 * const report = solveRoster(highs, problem, { timeLimitSeconds: 60 });
 * report.evaluation.total.connectRate; report.gap; report.evaluation.violations; // [] when feasible
 */
export function solveRoster(highs: Highs | readonly Highs[], problem: RosterProblem | PreparedProblem, options: SolveOptions = {}): SolveReport {
  const search = new RosterSearch(highs, problem, options);
  search.firstBound();
  return search.run();
}

/** The state of one solve, phase by phase (the methods run in the order of the module comment). */
class RosterSearch {
  private readonly spares: Highs[];
  private solver: Highs;
  private solverTraps = 0;
  private solverError: string | undefined;
  private readonly clock: () => number;
  private readonly t0: number;
  private limitMs: number;
  private readonly tolerance: number;
  private readonly random: () => number;
  private readonly p: PreparedProblem;
  private readonly gains: GainTable;
  private readonly hs: { seed: number; highsOptions?: Record<string, boolean | number | string>; onLog?: (line: string) => void };
  private readonly greedy: GreedyResult;
  private readonly greedyMs: number;
  private readonly m: RosterModel;
  private readonly arrays: LpArrays;
  private readonly index: ReturnType<typeof columnIndex>;
  private readonly base: Float64Array;
  private readonly isSlack: Uint8Array;
  private readonly breachWeight: Float64Array;
  /** Column costs with every breach priced above all the period's calls. */
  private readonly cost: Float64Array;
  private readonly ints: Uint8Array;
  private incumbent: Float64Array;
  private incumbentCost = 0;
  private readonly greedyReport: SolveReport['greedy'];
  private bound: number | null = null;
  private provenInfeasible = false;
  private boundMethod: SolveReport['boundMethod'] = 'none';
  private boundMs = 0;
  private s0 = 0;
  // Anytime solving: the phase (answer, then background), the last improvement, why the search ended.
  private background = false;
  private lastImprovementMs = 0;
  private stopReason: SolveStopReason = 'time-limit';
  private subproblems = 0;
  private improvements = 0;

  /** Prepares the problem, builds the greedy roster and the elastic model, and completes the greedy roster. */
  constructor(
    highs: Highs | readonly Highs[],
    problem: RosterProblem | PreparedProblem,
    private readonly options: SolveOptions,
  ) {
    this.spares = Array.isArray(highs) ? [...highs] : [highs as Highs];
    const first = this.spares.shift();
    if (!first) throw new RangeError('solveRoster needs a loaded HiGHS instance');
    this.solver = first;
    this.clock = options.clock ?? Date.now;
    this.t0 = this.clock();
    this.limitMs = (options.timeLimitSeconds ?? 60) * 1000;
    this.tolerance = options.mipRelGap ?? 0.005;
    const seed = options.seed ?? 1;
    this.random = seededRandom(seed);
    const p = 'agentIndex' in problem ? problem : prepareProblem(problem);
    this.p = p;
    this.gains = new GainTable(p);
    this.hs = { seed, highsOptions: options.highsOptions, onLog: options.onLog };

    this.greedy = greedyRoster(p, this.gains);
    this.greedyMs = this.elapsed();
    const m = buildRosterModel(p, this.gains, 'elastic');
    this.m = m;
    const arrays = m.lp.build(this.solver.infinity);
    this.arrays = arrays;
    this.index = columnIndex(arrays);
    this.base = arrays.colCost;
    this.isSlack = new Uint8Array(arrays.numCols);
    this.breachWeight = new Float64Array(arrays.numCols);
    for (const s of m.slacks) {
      this.isSlack[s.col] = 1;
      this.breachWeight[s.col] = SLACK_WEIGHT[s.rule] ?? 1;
    }
    // A breach costs more than all the period's calls: rules come first.
    const big = Math.max(1000, m.offset);
    this.cost = Float64Array.from(this.base, (c, j) => (this.isSlack[j] ? big * this.breachWeight[j] : c));
    this.ints = new Uint8Array(arrays.numCols);
    for (let j = 0; j < arrays.numCols; j++) this.ints[j] = arrays.integrality[j] === 1 ? 1 : 0;

    // Complete the greedy roster (continuous columns optimal for its integers).
    const start = greedyIntegers(p, m, this.greedy, arrays.numCols);
    const completion = restrictModel(arrays, this.index, new Uint8Array(arrays.numCols), start, this.cost, true);
    const completed = runArrays(this.solver, completion.arrays, completion.offset, { timeLimit: Math.max(5, this.remaining()), lp: true, ...this.hs });
    if (!completed.ok || !completed.values) throw new RosterSolveError('HiGHS could not complete the greedy roster into a solution of the model');
    this.incumbent = Float64Array.from(start);
    completion.columns.forEach((c, i) => (this.incumbent[c] = (completed.values as Float64Array)[i]));
    for (let j = 0; j < arrays.numCols; j++) this.incumbentCost += this.cost[j] * this.incumbent[j];
    this.greedyReport = { roster: this.greedy.roster, objective: this.callsOf(this.incumbent), breaches: this.breachesOf(this.incumbent) };
    this.progress('greedy', this.incumbent, null);
  }

  private elapsed(): number {
    return this.clock() - this.t0;
  }

  private remaining(): number {
    return Math.max(0, this.limitMs - this.elapsed()) / 1000;
  }

  private breachesOf(v: Float64Array): number {
    return this.m.slacks.reduce((sum, s) => sum + this.breachWeight[s.col] * v[s.col], 0);
  }

  private callsOf(v: Float64Array): number {
    let total = this.m.offset;
    for (let j = 0; j < v.length; j++) if (!this.isSlack[j]) total += this.base[j] * v[j];
    return total;
  }

  private progress(phase: SolveProgress['phase'], incumbent: Float64Array | null, bound: number | null): void {
    if (!this.options.onProgress) return;
    const breaches = incumbent ? this.breachesOf(incumbent) : 0;
    const objective = incumbent ? this.callsOf(incumbent) : null;
    this.options.onProgress({
      phase,
      elapsedSeconds: this.elapsed() / 1000,
      incumbent: objective,
      breaches,
      bound,
      gap: objective !== null && bound !== null && breaches < 1e-6 ? Math.max(0, objective - bound) / Math.max(objective, 1e-9) : null,
      fraction: Math.min(1, this.elapsed() / this.limitMs),
    });
  }

  /**
   * A HiGHS call threw: a WebAssembly trap leaves the instance unusable, so the work goes on with a spare one (what
   * the call was doing is skipped); without a spare the solve records the error and winds down.
   */
  private onSolverTrap(error: unknown): void {
    const next = this.spares.shift();
    if (next) {
      this.solver = next;
      this.solverTraps += 1;
    } else this.solverError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }

  private gapOf(objective: number, breaches: number): number | null {
    return breaches < 1e-6 && this.bound !== null ? Math.max(0, objective - this.bound) / Math.max(objective, 1e-9) : null;
  }

  /**
   * The relaxation bound: the LP relaxation of the strict model (slacks fixed at 0) by interior point; for large
   * models (where that LP alone would take most of the time) the pooled relaxation of aggregate.ts, solved as a MIP.
   * @param lpTimeLimit the LP's time limit (s), read only when the LP is solved.
   */
  private relaxation(lpTimeLimit: () => number): { bound: number | null; method: 'lp' | 'pooled'; infeasible: boolean } {
    const { m, arrays } = this;
    if (m.size.nonzeros <= (this.options.lpBoundNonzeros ?? 400_000)) {
      const strictUpper = Float64Array.from(arrays.colUpper, (u, j) => (this.isSlack[j] ? 0 : u));
      const lpRun = runArrays(this.solver, { ...arrays, colUpper: strictUpper, colCost: this.base }, m.offset, { timeLimit: lpTimeLimit(), lp: true, ...this.hs });
      return { bound: lpRun.ok ? lpRun.objective : null, method: 'lp', infeasible: lpRun.infeasible };
    }
    const pooled = aggregateBound(this.solver, this.p, this.gains, Math.max(1, Math.min(60, this.remaining() / 4)));
    return { bound: pooled.bound, method: 'pooled', infeasible: pooled.infeasible };
  }

  /** The bound phase: the relaxation, then column generation when asked for (the better of the two bounds). */
  firstBound(): void {
    const b0 = this.elapsed();
    try {
      const r = this.relaxation(() => Math.max(1, this.remaining() / 4));
      this.provenInfeasible = r.infeasible;
      if (r.bound !== null) {
        this.bound = r.bound;
        this.boundMethod = r.method;
      }
    } catch (error) {
      this.solverError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const cgSeconds = Math.min(this.options.columnGenerationSeconds ?? 0, this.remaining());
    if (cgSeconds > 0 && !this.provenInfeasible && !this.solverError) {
      try {
        const cg = rosterLowerBound(this.solver, this.p, { timeLimitMs: cgSeconds * 1000, clock: this.clock, gains: this.gains, initialRosters: [this.greedy.roster] });
        if (cg.bound !== null && (this.bound === null || cg.bound > this.bound)) {
          this.bound = cg.bound;
          this.boundMethod = 'column-generation';
        }
      } catch (error) {
        this.onSolverTrap(error);
      }
    }
    this.boundMs = this.elapsed() - b0;
    this.progress('bound', this.incumbent, this.bound);
    this.s0 = this.elapsed();
    this.lastImprovementMs = this.elapsed();
  }

  /** Why the search must end now, or null to go on. */
  private stopNow(): SolveStopReason | null {
    if (this.solverError) return 'solver-error';
    if (this.options.shouldStop?.()) return 'stopped';
    // An anytime solve ends (in either phase) once the gap is proven; a plain one uses its time as before.
    const g = this.options.continueAfter ? this.gapOf(this.callsOf(this.incumbent), this.breachesOf(this.incumbent)) : null;
    if (g !== null && g <= this.tolerance) return 'gap';
    if (this.remaining() <= 0.5) return this.background ? 'budget' : 'time-limit';
    if (this.background && this.elapsed() - this.lastImprovementMs > (this.options.continueAfter?.stallSeconds ?? 60) * 1000) return 'stalled';
    return null;
  }

  /** Solves the sub-MIP with the `free` columns free and the rest at the incumbent; keeps an improvement. */
  private tryNeighbourhood(free: Uint8Array, subLimit: number): boolean {
    const sub = restrictModel(this.arrays, this.index, free, this.incumbent, this.cost);
    this.subproblems += 1;
    const cutoff = this.incumbentCost - 1e-7 * Math.max(1, Math.abs(this.incumbentCost));
    let run: Run;
    try {
      // No objective cutoff at the incumbent passed to HiGHS (`objective_bound`): with the fairness bounds in the
      // model, HiGHS 1.15 in WebAssembly trapped ("memory access out of bounds") on some sub-MIPs cut off that way
      // (reproduced on the 6-agent acceptance problem), and a trap ends the search. Only an improvement is kept.
      run = runArrays(this.solver, sub.arrays, sub.offset, { timeLimit: Math.min(subLimit, this.remaining()), gap: 1e-6, ...this.hs });
    } catch (error) {
      this.onSolverTrap(error);
      return false;
    }
    if (!run.ok || !run.values || run.objective === null || run.objective >= cutoff) return false;
    const next = Float64Array.from(this.incumbent);
    sub.columns.forEach((c, i) => (next[c] = this.ints[c] ? Math.round((run.values as Float64Array)[i]) : (run.values as Float64Array)[i]));
    this.incumbent = next;
    this.incumbentCost = run.objective;
    this.improvements += 1;
    this.lastImprovementMs = this.elapsed();
    this.progress('search', this.incumbent, this.bound);
    if (this.options.onIncumbent) {
      const objective = this.callsOf(this.incumbent);
      const breaches = this.breachesOf(this.incumbent);
      this.options.onIncumbent({
        roster: rosterOf(this.p, this.m, this.incumbent),
        objective,
        breaches,
        bound: this.bound,
        gap: this.gapOf(objective, breaches),
        elapsedSeconds: this.elapsed() / 1000,
        background: this.background,
        subproblems: this.subproblems,
        improvements: this.improvements,
      });
    }
    return true;
  }

  /** The first pass answers within the time limit; an anytime solve makes a second, background pass until its budget. */
  run(): SolveReport {
    for (;;) {
      // The background pass is always the neighbourhood search: a small model's whole-model run is cut off by the time limit.
      if (!this.background && this.m.size.binaries <= (this.options.fullModelBinaries ?? 600)) {
        this.tryNeighbourhood(Uint8Array.from(this.ints), Math.max(1, this.remaining()));
        // A whole-model run that ends before the time limit solved the model.
        this.stopReason = this.stopNow() ?? 'exhausted';
      } else this.neighbourhoodSearch();
      const more = this.options.continueAfter;
      if (this.background || !more || more.budgetSeconds <= 0 || this.stopReason !== 'time-limit') break;
      // The answer within the time limit; the search goes on in the background.
      more.onAnswer?.(this.finish(false));
      this.startBackground(more);
    }
    return this.finish(true);
  }

  /** Rounds of neighbourhoods until a stop reason; a round without improvement makes the next one's 1.5 times larger. */
  private neighbourhoodSearch(): void {
    const { p, m } = this;
    const K = p.training?.sessions ?? 0;
    const baseTarget = this.options.neighbourhoodBinaries ?? 120;
    const subLimit = this.options.subTimeLimitSeconds ?? 2;
    let target = baseTarget;
    const perAgentDay = m.size.binaries / Math.max(1, p.agents.length * p.days);
    for (;;) {
      const why = this.stopNow() ?? (target > 4 * m.size.binaries ? 'exhausted' : null);
      if (why) {
        this.stopReason = why;
        break;
      }
      let improved = false;
      for (const n of neighbourhoodsOf(p.agents.length, p.days, target, perAgentDay, this.random)) {
        if (this.stopNow()) break;
        const free = new Uint8Array(this.arrays.numCols);
        const inGroup = new Set(n.agents);
        for (const inst of m.instances) if (inGroup.has(inst.a) && inst.d >= n.days[0] && inst.d < n.days[1]) free[inst.col] = 1;
        // Training: the sessions may move to a slot in the window (or stay), the group's attendance may change.
        m.slots.forEach((slot) => {
          if (this.incumbent[slot.col] > 0.5 || (slot.day >= n.days[0] && slot.day < n.days[1])) free[slot.col] = 1;
        });
        for (const a of n.agents) for (let k = 0; k < K; k++) {
          const vk = m.v.get(a * K + k);
          if (vk !== undefined) free[vk] = 1;
        }
        if (this.tryNeighbourhood(free, subLimit)) improved = true;
      }
      target = improved ? baseTarget : Math.ceil(target * 1.5);
    }
  }

  /**
   * The background phase's start: its budget, then the bound when the answer's time limit ran out before it (a loaded
   * machine, a large model), and column generation warm-started from the answer when asked for.
   */
  private startBackground(more: ContinueOptions): void {
    this.background = true;
    this.limitMs = this.elapsed() + more.budgetSeconds * 1000;
    if (this.bound === null && !this.provenInfeasible && !this.solverError) {
      try {
        const r = this.relaxation(() => Math.max(1, Math.min(120, this.remaining() / 4)));
        if (r.bound !== null) {
          this.bound = r.bound;
          this.boundMethod = r.method;
        }
      } catch (error) {
        this.onSolverTrap(error);
      }
    }
    const backgroundBoundSeconds = Math.min(more.boundSeconds ?? 0, this.remaining());
    if (backgroundBoundSeconds > 0 && !this.provenInfeasible && !this.solverError) {
      try {
        const cg = rosterLowerBound(this.solver, this.p, {
          timeLimitMs: backgroundBoundSeconds * 1000,
          clock: this.clock,
          gains: this.gains,
          initialRosters: [rosterOf(this.p, this.m, this.incumbent), this.greedy.roster],
          targetBound: this.callsOf(this.incumbent) * (1 - this.tolerance),
        });
        // The objective is never negative: a bound at or below 0 (column generation far from converged) says nothing.
        if (cg.bound !== null && cg.bound > (this.bound ?? 0)) {
          this.bound = cg.bound;
          this.boundMethod = 'column-generation';
        }
      } catch (error) {
        this.onSolverTrap(error);
      }
    }
    this.progress('bound', this.incumbent, this.bound);
    this.lastImprovementMs = this.elapsed();
  }

  /** The report of the best roster so far (`final`: the solve's last, which reports progress `done`). */
  private finish(final: boolean): SolveReport {
    const { p, m, incumbent, bound, gains } = this;
    const searchMs = this.elapsed() - this.s0;
    const roster = rosterOf(p, m, incumbent);
    const evaluation = evaluateSchedule(p, buildSchedule(p, roster), gains, roster);
    const breaches = this.breachesOf(incumbent);
    const objective = this.callsOf(incumbent);
    const keeps = breaches < 1e-6;
    const gap = keeps && bound !== null ? Math.max(0, objective - bound) / Math.max(objective, 1e-9) : null;
    if (final) this.progress('done', incumbent, bound);
    return {
      status: keeps ? (gap !== null && gap <= this.tolerance ? 'optimal' : 'feasible') : this.provenInfeasible ? 'infeasible' : 'rules-broken',
      roster,
      evaluation,
      objective,
      bound,
      boundMethod: this.boundMethod,
      gap,
      timeMs: { greedy: this.greedyMs, bound: this.boundMs, search: searchMs, total: this.elapsed() },
      model: m.size,
      subproblems: this.subproblems,
      improvements: this.improvements,
      gainsPooled: gains.pooled,
      conflicts: keeps ? [] : conflictsOf(p, m, incumbent),
      greedy: this.greedyReport,
      solverTraps: this.solverTraps,
      ...(this.solverError === undefined ? {} : { solverError: this.solverError }),
      stopReason: this.stopReason,
      background: this.background,
    };
  }
}

/**
 * One round's neighbourhoods of about `target` binaries, in a random order: a window of days for every agent (or a
 * group of agents when one day of all is already too many), and a group of agents over a window of a week, which
 * lets shifts move between agents and days. Agents are grouped in a random order.
 * @param perAgentDay binaries per agent and day of the model.
 */
function neighbourhoodsOf(A: number, D: number, target: number, perAgentDay: number, random: () => number): { days: [number, number]; agents: number[] }[] {
  const neighbourhoods: { days: [number, number]; agents: number[] }[] = [];
  const order = Array.from({ length: A }, (_, a) => a).sort(() => random() - 0.5);
  const groupsOf = (size: number): number[][] => {
    const groups: number[][] = [];
    for (let i = 0; i < A; i += size) groups.push(order.slice(i, i + size));
    return groups;
  };
  const w = Math.max(1, Math.min(D, Math.floor(target / (A * perAgentDay))));
  const allGroup = w > 1 || A * perAgentDay <= target ? A : Math.max(1, Math.floor(target / perAgentDay));
  for (let j = 0; j < D; j += Math.max(1, Math.floor(w / 2))) for (const g of groupsOf(allGroup)) neighbourhoods.push({ days: [j, Math.min(D, j + w)], agents: g });
  if (A > 1) {
    const week = Math.min(D, 7);
    const pair = Math.max(2, Math.min(A, Math.floor(target / (week * perAgentDay))));
    if (pair < A) for (let j = 0; j < D; j += Math.max(1, Math.floor(week / 2))) for (const g of groupsOf(pair)) neighbourhoods.push({ days: [j, Math.min(D, j + week)], agents: g });
  }
  neighbourhoods.sort(() => random() - 0.5);
  return neighbourhoods;
}
