// Runs one solve in a worker thread: HiGHS blocks its thread for the whole solve, and the API's event loop (HTTP,
// the feed, BullMQ's lock renewal) must keep running. Progress and the report go back by message (in-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import * as highsModule from 'highs';
import { type RosterProblem, solveRoster } from '@hotline/roster';
import { answer } from './in-thread.js';

const { problem, timeLimitSeconds } = workerData as { problem: RosterProblem; timeLimitSeconds: number };
const port = parentPort;
if (!port) throw new Error('roster-solver.worker must run in a worker thread');
await answer(port, async () => {
  // The package's types describe its CommonJS build (module.exports = the loader); its ESM build, which Node loads
  // here, exports the loader as default.
  const loadHighs = highsModule.default as unknown as (typeof highsModule.default)['default'];
  const highs = await loadHighs();
  return solveRoster(highs, problem, { timeLimitSeconds, onProgress: (progress) => port.postMessage({ type: 'progress', progress }) });
});
