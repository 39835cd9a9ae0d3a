// Runs one solve in a worker thread: HiGHS blocks its thread for the whole solve, and the API's event loop (HTTP,
// the feed, BullMQ's lock renewal) must keep running. Progress and the report go back by message (in-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import * as highsModule from 'highs';
import { type RosterProblem, solveRoster } from '@hotline/roster';
import { answer } from './in-thread.js';

const HIGHS_INSTANCES = 4;
const { problem, timeLimitSeconds } = workerData as { problem: RosterProblem; timeLimitSeconds: number };
const port = parentPort;
if (!port) throw new Error('roster-solver.worker must run in a worker thread');
await answer(port, async () => {
  // The package's types describe its CommonJS build (module.exports = the loader); its ESM build, which Node loads
  // here, exports the loader as default: checked to be a function, then typed as the loader its typings describe.
  const exported: unknown = highsModule.default;
  if (typeof exported !== 'function') throw new Error('the highs package exports no loader as its default export');
  const loadHighs = exported as (typeof highsModule.default)['default'];
  // Spare instances (about 9 MB each): HiGHS in WebAssembly now and then traps on a sub-MIP, and the search goes on
  // with the next one.
  const highs = await Promise.all(Array.from({ length: HIGHS_INSTANCES }, () => loadHighs()));
  return solveRoster(highs, problem, { timeLimitSeconds, onProgress: (progress) => port.postMessage({ type: 'progress', progress }) });
});
