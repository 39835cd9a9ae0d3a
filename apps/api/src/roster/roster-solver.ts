import { Worker } from 'node:worker_threads';
import type { RosterProblem, SolveProgress, SolveReport } from '@hotline/roster';

/** A solver failure reported by the worker thread (RosterInputError keeps its field). */
export class SolverThreadError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = kind;
  }
}

/** Solves a roster problem in a worker thread (see roster-solver.worker.ts), reporting progress as it goes. */
export function solveInThread(problem: RosterProblem, timeLimitSeconds: number, onProgress: (p: SolveProgress) => void): Promise<SolveReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./roster-solver.worker.js', import.meta.url), { workerData: { problem, timeLimitSeconds } });
    let settled = false;
    worker.on('message', (m: { type: 'progress'; progress: SolveProgress } | { type: 'done'; report: SolveReport } | { type: 'error'; name: string; message: string; field?: string }) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.report);
        void worker.terminate();
      } else {
        settled = true;
        reject(new SolverThreadError(m.name, m.message, m.field));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new SolverThreadError('SolverExit', `the solver thread exited with code ${code}`));
      settled = true;
    });
  });
}
