import type { SolveSummary } from '@hotline/contracts';
import type { Roster, RosterProblem, RosterSummary, SolveProgress, SolveReport } from '@hotline/roster';
import { inThread } from './in-thread.js';

/** A roster the solver thread hands over to be stored as a draft version: the answer, or a better one found after it. */
export interface DraftVersion {
  roster: Roster;
  /** The evaluation's headline figures (JSON column `summary`). */
  summary: RosterSummary;
  /** The solver's report (JSON column `solve`). */
  solve: SolveSummary;
  /** Seconds since the solve began when it was found. */
  foundAtSeconds: number;
}

/** What the solver thread reports while it runs: progress, or a roster to store (`answer` at the time limit, then `improved`). */
export type SolverEvent = { kind: 'progress'; progress: SolveProgress } | { kind: 'answer' | 'improved'; draft: DraftVersion };

/** The background phase of an anytime solve (seconds). */
export interface ImproveSettings {
  budgetSeconds: number;
  stallSeconds: number;
}

/** What the solver thread is given (its `workerData`). */
export interface SolverInput {
  problem: RosterProblem;
  timeLimitSeconds: number;
  improve?: ImproveSettings;
  /** One Int32 the API sets to 1 to stop the search (it keeps the best roster): polled between sub-MIPs. */
  stop: SharedArrayBuffer;
}

/** A stop flag for {@link SolverInput.stop}. */
export function stopFlag(): { buffer: SharedArrayBuffer; stop: () => void } {
  const buffer = new SharedArrayBuffer(4);
  const view = new Int32Array(buffer);
  return { buffer, stop: () => void Atomics.store(view, 0, 1) };
}

/**
 * Solves a roster problem in a worker thread (see roster-solver.worker.ts), reporting progress and, with `improve`,
 * the answer at the time limit and each better roster found in the background; setting the stop flag ends the search
 * with the best roster so far; aborting `signal` kills the thread.
 * @throws ThreadError (a RosterInputError keeps its name and field).
 */
export function solveInThread(input: SolverInput, onEvent: (e: SolverEvent) => void, signal?: AbortSignal): Promise<SolveReport> {
  return inThread<SolveReport, SolverEvent>(new URL('./roster-solver.worker.js', import.meta.url), input, { onProgress: onEvent, signal });
}
