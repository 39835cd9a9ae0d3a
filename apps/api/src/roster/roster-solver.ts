import type { RosterProblem, SolveProgress, SolveReport } from '@hotline/roster';
import { inThread } from './in-thread.js';

/**
 * Solves a roster problem in a worker thread (see roster-solver.worker.ts), reporting progress as it goes; aborting
 * `signal` stops the thread.
 * @throws ThreadError (a RosterInputError keeps its name and field).
 */
export function solveInThread(problem: RosterProblem, timeLimitSeconds: number, onProgress: (p: SolveProgress) => void, signal?: AbortSignal): Promise<SolveReport> {
  return inThread<SolveReport, SolveProgress>(new URL('./roster-solver.worker.js', import.meta.url), { problem, timeLimitSeconds }, { onProgress, signal });
}
