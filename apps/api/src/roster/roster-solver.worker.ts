// Runs one solve in a worker thread: HiGHS blocks its thread for the whole solve, and the API's event loop (HTTP,
// the feed, BullMQ's lock renewal) must keep running. Progress, the rosters to store and the report go back by
// message (in-thread.ts); the API stops the search through a shared flag (roster-solver.ts).
import { parentPort, workerData } from 'node:worker_threads';
import * as highsModule from 'highs';
import { type SolveIncumbent, type SolveReport, evaluateRoster, prepareProblem, solveRoster, summarizeEvaluation } from '@hotline/roster';
import { answer } from './in-thread.js';
import { solveOf } from './roster.mapper.js';
import type { DraftVersion, SolverEvent, SolverInput } from './roster-solver.js';

const HIGHS_INSTANCES = 4;
/** The gap at which the search counts a roster as optimal (and stops). */
const MIP_REL_GAP = 0.005;
/**
 * Better rosters found in the background are stored at most this often (each is a draft version): a burst of small
 * improvements becomes one version; the best one waiting is handed over at the next check, and at the end.
 */
const PUBLISH_EVERY_MS = 30_000;
/**
 * Seconds of column generation at the start of the background phase (a tighter bound for the gap shown): a tenth of
 * the budget, at most 30 s, so that better rosters keep coming soon after the answer.
 */
const backgroundBoundSeconds = (budgetSeconds: number): number => Math.min(30, budgetSeconds / 10);

const { problem, timeLimitSeconds, improve, stop } = workerData as SolverInput;
const port = parentPort;
if (!port) throw new Error('roster-solver.worker must run in a worker thread');
const post = (event: SolverEvent): void => port.postMessage({ type: 'progress', progress: event });

await answer(port, async () => {
  // The package's types describe its CommonJS build (module.exports = the loader); its ESM build, which Node loads
  // here, exports the loader as default: checked to be a function, then typed as the loader its typings describe.
  const exported: unknown = highsModule.default;
  if (typeof exported !== 'function') throw new Error('the highs package exports no loader as its default export');
  const loadHighs = exported as (typeof highsModule.default)['default'];
  // Spare instances (about 9 MB each): HiGHS in WebAssembly now and then traps on a sub-MIP, and the search goes on
  // with the next one.
  const highs = await Promise.all(Array.from({ length: HIGHS_INSTANCES }, () => loadHighs()));
  const prepared = prepareProblem(problem);
  const stopped = new Int32Array(stop);
  let answered: SolveReport | null = null;
  let pending: SolveIncumbent | null = null;
  let lastPosted = 0;

  /** A better roster of the background phase as a draft: evaluated here, its report from the answer's and its own figures. */
  const draftOf = (a: SolveReport, i: SolveIncumbent): DraftVersion => {
    const totalMs = i.elapsedSeconds * 1000;
    const keeps = i.breaches < 1e-6;
    return {
      roster: i.roster,
      summary: summarizeEvaluation(evaluateRoster(prepared, i.roster)),
      solve: {
        status: keeps ? (i.gap !== null && i.gap <= MIP_REL_GAP ? 'optimal' : 'feasible') : 'rules-broken',
        objective: i.objective,
        bound: i.bound,
        gap: i.gap,
        timeMs: { greedy: a.timeMs.greedy, bound: a.timeMs.bound, search: Math.max(0, totalMs - a.timeMs.greedy - a.timeMs.bound), total: totalMs },
        model: a.model,
        subproblems: i.subproblems,
        improvements: i.improvements,
        conflicts: [],
        greedyObjective: a.greedy.objective,
        solverTraps: a.solverTraps,
        background: true,
      },
      foundAtSeconds: i.elapsedSeconds,
    };
  };
  const flush = (): void => {
    if (!answered || !pending || Date.now() - lastPosted < PUBLISH_EVERY_MS) return;
    post({ kind: 'improved', draft: draftOf(answered, pending) });
    pending = null;
    lastPosted = Date.now();
  };

  const report = solveRoster(highs, prepared, {
    timeLimitSeconds,
    mipRelGap: MIP_REL_GAP,
    onProgress: (progress) => post({ kind: 'progress', progress }),
    shouldStop: () => {
      flush();
      return Atomics.load(stopped, 0) === 1;
    },
    ...(improve
      ? {
          continueAfter: {
            budgetSeconds: improve.budgetSeconds,
            stallSeconds: improve.stallSeconds,
            boundSeconds: backgroundBoundSeconds(improve.budgetSeconds),
            onAnswer: (r: SolveReport) => {
              answered = r;
              lastPosted = Date.now();
              post({ kind: 'answer', draft: { roster: r.roster, summary: summarizeEvaluation(r.evaluation), solve: solveOf(r), foundAtSeconds: r.timeMs.total / 1000 } });
            },
          },
          onIncumbent: (i: SolveIncumbent) => {
            if (!i.background) return;
            pending = i;
            flush();
          },
        }
      : {}),
  });
  // The last better roster is the report's own: the API stores it from the report.
  return report;
});
