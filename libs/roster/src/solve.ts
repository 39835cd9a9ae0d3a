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
import { type RosterEvaluation, evaluateSchedule } from './evaluate';
import { RosterSolveError } from './errors';
import { GainTable } from './gains';
import { greedyRoster, type GreedyResult } from './greedy';
import type { LpArrays } from './lp';
import { buildRosterModel, type ConflictFamily, type ModelSize, type RosterModel, SLACK_WEIGHT } from './mip';
import { INTERVALS_PER_DAY, INTERVAL_MINUTES, type PreparedProblem, prepareProblem } from './problem';
import { aggregateBound } from './aggregate';
import { columnIndex, restrictModel } from './restrict';
import { buildSchedule } from './schedule';
import { timeOfMinute } from './shifts';
import type { Roster, RosterProblem, RuleFamily, TrainingSession } from './types';
import { seededRandom } from './random';
import { rosterLowerBound } from './bound/column-generation';

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

interface Run {
  ok: boolean;
  infeasible: boolean;
  values: Float64Array | null;
  objective: number | null;
  bound: number | null;
}

function runArrays(
  highs: Highs,
  arrays: LpArrays,
  offset: number,
  settings: { timeLimit: number; gap?: number; cutoff?: number; lp?: boolean; seed: number; highsOptions?: Record<string, boolean | number | string>; onLog?: (line: string) => void },
): Run {
  if (arrays.numCols === 0) return { ok: true, infeasible: false, values: new Float64Array(0), objective: offset, bound: offset };
  const model = highs.createModel({
    numCols: arrays.numCols,
    numRows: arrays.numRows,
    offset,
    colCost: arrays.colCost,
    colLower: arrays.colLower,
    colUpper: arrays.colUpper,
    rowLower: arrays.rowLower,
    rowUpper: arrays.rowUpper,
    matrix: { format: 'csr', numRows: arrays.numRows, numCols: arrays.numCols, starts: arrays.starts, indices: arrays.indices, values: arrays.values },
    ...(settings.lp ? {} : { integrality: arrays.integrality }),
  });
  try {
    model.options.set({
      output_flag: settings.onLog !== undefined,
      log_to_console: false,
      time_limit: Math.max(0.2, settings.timeLimit),
      random_seed: settings.seed,
      // No MIP restarts: HiGHS 1.15 in WebAssembly trapped ("memory access out of bounds") in the presolve of a
      // restart on a sub-MIP of the 6-agent acceptance problem; sub-MIPs are small enough without it.
      ...(settings.lp ? { solver: 'ipm' } : { mip_rel_gap: settings.gap ?? 1e-4, mip_allow_restart: false }),
      ...(settings.cutoff !== undefined ? { objective_bound: settings.cutoff } : {}),
      ...(settings.highsOptions ?? {}),
    });
    const result = model.run(
      settings.onLog
        ? {
            [highs.constants.callbackType.logging]: (event) => {
              settings.onLog?.(event.message.replace(/\n$/, ''));
              return undefined;
            },
          }
        : {},
    );
    const status = result.modelStatus;
    const { modelStatus } = highs.constants;
    if (status === modelStatus.infeasible) return { ok: false, infeasible: true, values: null, objective: null, bound: null };
    const feasible = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const read = (name: string): number | null => {
      try {
        const v = Number(model.info.get(name));
        return Number.isFinite(v) ? v : null;
      } catch {
        return null;
      }
    };
    if (settings.lp) {
      const optimal = status === modelStatus.optimal;
      return { ok: optimal, infeasible: false, values: optimal ? model.getSolution().colValue : null, objective: optimal ? model.getObjectiveValue() : null, bound: optimal ? model.getObjectiveValue() : null };
    }
    return { ok: feasible, infeasible: false, values: feasible ? model.getSolution().colValue : null, objective: feasible ? model.getObjectiveValue() : null, bound: read('mip_dual_bound') };
  } finally {
    model.dispose();
  }
}

/** The roster a solution of the model describes. */
function rosterOf(p: PreparedProblem, m: RosterModel, values: Float64Array): Roster {
  const rows = p.agents.map((agent) => ({ agentId: agent.id, cells: new Array<string | null>(p.days).fill(null) }));
  for (const inst of m.instances) if (values[inst.col] > 0.5) rows[inst.a].cells[inst.d] = p.shifts[inst.s].code;
  const training: TrainingSession[] = [];
  m.slots.forEach((slot, i) => {
    if (values[slot.col] <= 0.5) return;
    const attendees: string[] = [];
    p.agents.forEach((agent, a) => {
      if (a === m.trainer) return;
      const qc = m.q.get(a * m.slots.length + i);
      if (qc !== undefined && values[qc] > 0.5) attendees.push(agent.id);
    });
    training.push({
      date: p.dates[slot.day],
      start: timeOfMinute(slot.start),
      durationMinutes: slot.end - slot.start,
      attendees,
      ...(m.trainer === undefined ? {} : { trainerId: p.agents[m.trainer].id }),
    });
  });
  training.sort((u, w) => (u.date < w.date ? -1 : u.date > w.date ? 1 : u.start < w.start ? -1 : 1));
  return { startDate: p.startDate, days: p.days, rows, training };
}

/** Integer values of the greedy roster (x, training slots and attendance). */
function greedyIntegers(p: PreparedProblem, m: RosterModel, g: GreedyResult, numCols: number): Float64Array {
  const start = new Float64Array(numCols);
  for (const inst of m.instances) start[inst.col] = g.cells[inst.a][inst.d] === inst.s ? 1 : 0;
  const K = p.training?.sessions ?? 0;
  g.sessions.forEach((s, k) => {
    const slot = m.slots.find((sl) => sl.k === k && sl.day === s.day && sl.start === s.startMinute);
    if (slot) start[slot.col] = 1;
    for (const a of s.attendees) {
      const vk = m.v.get(a * K + k);
      if (vk !== undefined) start[vk] = 1;
    }
  });
  // Agents the greedy left untrained: put them down for the last session (the slack then records the breach).
  for (let a = 0; a < p.agents.length; a++) {
    const vs = Array.from({ length: K }, (_, k) => m.v.get(a * K + k)).filter((c): c is number => c !== undefined);
    if (vs.length && !vs.some((c) => start[c] > 0.5)) start[vs[vs.length - 1]] = 1;
  }
  return start;
}

function conflictsOf(p: PreparedProblem, m: RosterModel, values: Float64Array): ConflictFamily[] {
  const families = new Map<RuleFamily, ConflictFamily>();
  for (const s of m.slacks) {
    const amount = values[s.col];
    if (amount <= 1e-6) continue;
    const family = families.get(s.rule) ?? { rule: s.rule, total: 0, breaches: [] };
    family.total += amount;
    family.breaches.push({
      ...(s.agent === undefined ? {} : { agentId: p.agents[s.agent].id }),
      ...(s.day !== undefined ? { date: p.dates[s.day] } : s.interval !== undefined ? { date: p.dates[Math.floor(s.interval / INTERVALS_PER_DAY)] } : {}),
      ...(s.interval === undefined ? {} : { time: timeOfMinute((s.interval % INTERVALS_PER_DAY) * INTERVAL_MINUTES) }),
      amount: Math.round(amount * 1000) / 1000,
    });
    families.set(s.rule, family);
  }
  for (const f of families.values()) f.total = Math.round(f.total * 1000) / 1000;
  return [...families.values()].sort((u, w) => w.total - u.total);
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
  const spares = Array.isArray(highs) ? [...highs] : [highs as Highs];
  const first = spares.shift();
  if (!first) throw new RangeError('solveRoster needs a loaded HiGHS instance');
  let solver: Highs = first;
  let solverTraps = 0;
  let solverError: string | undefined;
  /**
   * A HiGHS call threw: a WebAssembly trap leaves the instance unusable, so the work goes on with a spare one (what
   * the call was doing is skipped); without a spare the solve records the error and winds down.
   */
  const onSolverTrap = (error: unknown): void => {
    const next = spares.shift();
    if (next) {
      solver = next;
      solverTraps += 1;
    } else solverError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  };
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const elapsed = (): number => clock() - t0;
  let limitMs = (options.timeLimitSeconds ?? 60) * 1000;
  const remaining = (): number => Math.max(0, limitMs - elapsed()) / 1000;
  const tolerance = options.mipRelGap ?? 0.005;
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const p = 'agentIndex' in problem ? problem : prepareProblem(problem);
  const gains = new GainTable(p);
  const hs = { seed, highsOptions: options.highsOptions, onLog: options.onLog };

  const greedy = greedyRoster(p, gains);
  const greedyMs = elapsed();
  const m = buildRosterModel(p, gains, 'elastic');
  const arrays = m.lp.build(solver.infinity);
  const index = columnIndex(arrays);
  const base = arrays.colCost;
  const isSlack = new Uint8Array(arrays.numCols);
  const breachWeight = new Float64Array(arrays.numCols);
  for (const s of m.slacks) {
    isSlack[s.col] = 1;
    breachWeight[s.col] = SLACK_WEIGHT[s.rule] ?? 1;
  }
  // A breach costs more than all the period's calls: rules come first.
  const big = Math.max(1000, m.offset);
  const cost = Float64Array.from(base, (c, j) => (isSlack[j] ? big * breachWeight[j] : c));
  const breachesOf = (v: Float64Array): number => m.slacks.reduce((sum, s) => sum + breachWeight[s.col] * v[s.col], 0);
  const callsOf = (v: Float64Array): number => {
    let total = m.offset;
    for (let j = 0; j < v.length; j++) if (!isSlack[j]) total += base[j] * v[j];
    return total;
  };
  const progress = (phase: SolveProgress['phase'], incumbent: Float64Array | null, bound: number | null): void => {
    if (!options.onProgress) return;
    const breaches = incumbent ? breachesOf(incumbent) : 0;
    const objective = incumbent ? callsOf(incumbent) : null;
    options.onProgress({
      phase,
      elapsedSeconds: elapsed() / 1000,
      incumbent: objective,
      breaches,
      bound,
      gap: objective !== null && bound !== null && breaches < 1e-6 ? Math.max(0, objective - bound) / Math.max(objective, 1e-9) : null,
      fraction: Math.min(1, elapsed() / limitMs),
    });
  };
  const ints = new Uint8Array(arrays.numCols);
  for (let j = 0; j < arrays.numCols; j++) ints[j] = arrays.integrality[j] === 1 ? 1 : 0;

  // Complete the greedy roster (continuous columns optimal for its integers).
  const start = greedyIntegers(p, m, greedy, arrays.numCols);
  const completion = restrictModel(arrays, index, new Uint8Array(arrays.numCols), start, cost, true);
  const completed = runArrays(solver, completion.arrays, completion.offset, { timeLimit: Math.max(5, remaining()), lp: true, ...hs });
  if (!completed.ok || !completed.values) throw new RosterSolveError('HiGHS could not complete the greedy roster into a solution of the model');
  let incumbent = Float64Array.from(start);
  completion.columns.forEach((c, i) => (incumbent[c] = (completed.values as Float64Array)[i]));
  let incumbentCost = 0;
  for (let j = 0; j < arrays.numCols; j++) incumbentCost += cost[j] * incumbent[j];
  const greedyReport = { roster: greedy.roster, objective: callsOf(incumbent), breaches: breachesOf(incumbent) };
  progress('greedy', incumbent, null);

  // Lower bound: the LP relaxation of the strict model (slacks fixed at 0) by interior point; for large models
  // (where that LP alone would take most of the time) the pooled relaxation of aggregate.ts, solved as a MIP.
  const b0 = elapsed();
  let bound: number | null = null;
  let provenInfeasible = false;
  let boundMethod: SolveReport['boundMethod'] = 'none';
  try {
    if (m.size.nonzeros <= (options.lpBoundNonzeros ?? 400_000)) {
      const strictUpper = Float64Array.from(arrays.colUpper, (u, j) => (isSlack[j] ? 0 : u));
      const lpRun = runArrays(solver, { ...arrays, colUpper: strictUpper, colCost: base }, m.offset, { timeLimit: Math.max(1, remaining() / 4), lp: true, ...hs });
      provenInfeasible = lpRun.infeasible;
      if (lpRun.ok) {
        bound = lpRun.objective;
        boundMethod = 'lp';
      }
    } else {
      const pooled = aggregateBound(solver, p, gains, Math.max(1, Math.min(60, remaining() / 4)));
      provenInfeasible = pooled.infeasible;
      if (pooled.bound !== null) {
        bound = pooled.bound;
        boundMethod = 'pooled';
      }
    }
  } catch (error) {
    solverError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  // Column-generation bound (bound/column-generation.ts), when asked for: the better of the two bounds.
  const cgSeconds = Math.min(options.columnGenerationSeconds ?? 0, remaining());
  if (cgSeconds > 0 && !provenInfeasible && !solverError) {
    try {
      const cg = rosterLowerBound(solver, p, { timeLimitMs: cgSeconds * 1000, clock, gains, initialRosters: [greedy.roster] });
      if (cg.bound !== null && (bound === null || cg.bound > bound)) {
        bound = cg.bound;
        boundMethod = 'column-generation';
      }
    } catch (error) {
      onSolverTrap(error);
    }
  }
  // ---- end of the column-generation bound ----
  const boundMs = elapsed() - b0;
  progress('bound', incumbent, bound);

  const s0 = elapsed();
  // Anytime solving: the phase (answer, then background), the last improvement, why the search ended.
  let background = false;
  let lastImprovementMs = elapsed();
  let stopReason: SolveStopReason = 'time-limit';
  const gapOf = (objective: number, breaches: number): number | null => (breaches < 1e-6 && bound !== null ? Math.max(0, objective - bound) / Math.max(objective, 1e-9) : null);
  /** Why the search must end now, or null to go on. */
  const stopNow = (): SolveStopReason | null => {
    if (solverError) return 'solver-error';
    if (options.shouldStop?.()) return 'stopped';
    // An anytime solve ends (in either phase) once the gap is proven; a plain one uses its time as before.
    const g = options.continueAfter ? gapOf(callsOf(incumbent), breachesOf(incumbent)) : null;
    if (g !== null && g <= tolerance) return 'gap';
    if (remaining() <= 0.5) return background ? 'budget' : 'time-limit';
    if (background && elapsed() - lastImprovementMs > (options.continueAfter?.stallSeconds ?? 60) * 1000) return 'stalled';
    return null;
  };
  let subproblems = 0;
  let improvements = 0;
  const tryNeighbourhood = (free: Uint8Array, subLimit: number): boolean => {
    const sub = restrictModel(arrays, index, free, incumbent, cost);
    subproblems += 1;
    const cutoff = incumbentCost - 1e-7 * Math.max(1, Math.abs(incumbentCost));
    let run: Run;
    try {
      // No objective cutoff at the incumbent passed to HiGHS (`objective_bound`): with the fairness bounds in the
      // model, HiGHS 1.15 in WebAssembly trapped ("memory access out of bounds") on some sub-MIPs cut off that way
      // (reproduced on the 6-agent acceptance problem), and a trap ends the search. Only an improvement is kept.
      run = runArrays(solver, sub.arrays, sub.offset, { timeLimit: Math.min(subLimit, remaining()), gap: 1e-6, ...hs });
    } catch (error) {
      onSolverTrap(error);
      return false;
    }
    if (!run.ok || !run.values || run.objective === null || run.objective >= cutoff) return false;
    const next = Float64Array.from(incumbent);
    sub.columns.forEach((c, i) => (next[c] = ints[c] ? Math.round((run.values as Float64Array)[i]) : (run.values as Float64Array)[i]));
    incumbent = next;
    incumbentCost = run.objective;
    improvements += 1;
    lastImprovementMs = elapsed();
    progress('search', incumbent, bound);
    if (options.onIncumbent) {
      const objective = callsOf(incumbent);
      const breaches = breachesOf(incumbent);
      options.onIncumbent({ roster: rosterOf(p, m, incumbent), objective, breaches, bound, gap: gapOf(objective, breaches), elapsedSeconds: elapsed() / 1000, background, subproblems, improvements });
    }
    return true;
  };

  const totalBinaries = m.size.binaries;
  const subLimit = options.subTimeLimitSeconds ?? 2;
  // The first pass answers within the time limit; an anytime solve makes a second, background pass (always the
  // neighbourhood search: a small model's whole-model run is cut off by the time limit) until its budget.
  for (;;) {
    if (!background && totalBinaries <= (options.fullModelBinaries ?? 600)) {
      tryNeighbourhood(Uint8Array.from(ints), Math.max(1, remaining()));
      // A whole-model run that ends before the time limit solved the model.
      stopReason = stopNow() ?? 'exhausted';
    } else {
      const A = p.agents.length;
      const D = p.days;
      const K = p.training?.sessions ?? 0;
      const baseTarget = options.neighbourhoodBinaries ?? 120;
      let target = baseTarget;
      const perAgentDay = m.size.binaries / Math.max(1, A * D);
      for (;;) {
        const why = stopNow() ?? (target > 4 * totalBinaries ? 'exhausted' : null);
        if (why) {
          stopReason = why;
          break;
        }
        // Two kinds of neighbourhood of about `target` binaries: a window of days for every agent (or a group of
        // agents when one day of all is already too many), and a group of agents over a window of a week, which lets
        // shifts move between agents and days.
        const neighbourhoods: { days: [number, number]; agents: number[] }[] = [];
        const order = p.agents.map((_, a) => a).sort(() => random() - 0.5);
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
        let improved = false;
        for (const n of neighbourhoods) {
          if (stopNow()) break;
          const free = new Uint8Array(arrays.numCols);
          const inGroup = new Set(n.agents);
          for (const inst of m.instances) if (inGroup.has(inst.a) && inst.d >= n.days[0] && inst.d < n.days[1]) free[inst.col] = 1;
          // Training: the sessions may move to a slot in the window (or stay), the group's attendance may change.
          m.slots.forEach((slot) => {
            if (incumbent[slot.col] > 0.5 || (slot.day >= n.days[0] && slot.day < n.days[1])) free[slot.col] = 1;
          });
          for (const a of n.agents) for (let k = 0; k < K; k++) {
            const vk = m.v.get(a * K + k);
            if (vk !== undefined) free[vk] = 1;
          }
          if (tryNeighbourhood(free, subLimit)) improved = true;
        }
        target = improved ? baseTarget : Math.ceil(target * 1.5);
      }
    }
    if (background || !options.continueAfter || options.continueAfter.budgetSeconds <= 0 || stopReason !== 'time-limit') break;
    // The answer within the time limit; the search goes on in the background.
    options.continueAfter.onAnswer?.(finish(false));
    background = true;
    limitMs = elapsed() + options.continueAfter.budgetSeconds * 1000;
    // The answer's time limit may have run out before its bound (a loaded machine, a large model): the background
    // phase computes it first, as the bound phase does (LP relaxation, or the pooled relaxation of a large model).
    if (bound === null && !provenInfeasible && !solverError) {
      try {
        if (m.size.nonzeros <= (options.lpBoundNonzeros ?? 400_000)) {
          const strictUpper = Float64Array.from(arrays.colUpper, (u, j) => (isSlack[j] ? 0 : u));
          const lpRun = runArrays(solver, { ...arrays, colUpper: strictUpper, colCost: base }, m.offset, { timeLimit: Math.max(1, Math.min(120, remaining() / 4)), lp: true, ...hs });
          if (lpRun.ok && lpRun.objective !== null) {
            bound = lpRun.objective;
            boundMethod = 'lp';
          }
        } else {
          const pooled = aggregateBound(solver, p, gains, Math.max(1, Math.min(60, remaining() / 4)));
          if (pooled.bound !== null) {
            bound = pooled.bound;
            boundMethod = 'pooled';
          }
        }
      } catch (error) {
        onSolverTrap(error);
      }
    }
    const backgroundBoundSeconds = Math.min(options.continueAfter.boundSeconds ?? 0, remaining());
    if (backgroundBoundSeconds > 0 && !provenInfeasible && !solverError) {
      try {
        const cg = rosterLowerBound(solver, p, {
          timeLimitMs: backgroundBoundSeconds * 1000,
          clock,
          gains,
          initialRosters: [rosterOf(p, m, incumbent), greedy.roster],
          targetBound: callsOf(incumbent) * (1 - tolerance),
        });
        // The objective is never negative: a bound at or below 0 (column generation far from converged) says nothing.
        if (cg.bound !== null && cg.bound > (bound ?? 0)) {
          bound = cg.bound;
          boundMethod = 'column-generation';
        }
      } catch (error) {
        onSolverTrap(error);
      }
    }
    progress('bound', incumbent, bound);
    lastImprovementMs = elapsed();
  }
  return finish(true);

  /** The report of the best roster so far (`final`: the solve's last, which reports progress `done`). */
  function finish(final: boolean): SolveReport {
    const searchMs = elapsed() - s0;

    const roster = rosterOf(p, m, incumbent);
    const evaluation = evaluateSchedule(p, buildSchedule(p, roster), gains, roster);
    const breaches = breachesOf(incumbent);
    const objective = callsOf(incumbent);
    const keeps = breaches < 1e-6;
    const gap = keeps && bound !== null ? Math.max(0, objective - bound) / Math.max(objective, 1e-9) : null;
    if (final) progress('done', incumbent, bound);
    return {
      status: keeps ? (gap !== null && gap <= tolerance ? 'optimal' : 'feasible') : provenInfeasible ? 'infeasible' : 'rules-broken',
      roster,
      evaluation,
      objective,
      bound,
      boundMethod,
      gap,
      timeMs: { greedy: greedyMs, bound: boundMs, search: searchMs, total: elapsed() },
      model: m.size,
      subproblems,
      improvements,
      gainsPooled: gains.pooled,
      conflicts: keeps ? [] : conflictsOf(p, m, incumbent),
      greedy: greedyReport,
      solverTraps,
      ...(solverError === undefined ? {} : { solverError }),
      stopReason,
      background,
    };
  }
}
