// Renders one document in a worker thread (documents-thread.ts): laying out a month's PDF takes seconds for a month
// with thousands of complaints, and the API's event loop (HTTP, the feed, BullMQ's lock renewal) must keep running.
// The dossier comes in as plain data (workerData), the file's bytes go back by message (in-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { answer } from '../roster/in-thread.js';
import type { RenderJob } from './documents-thread.js';
import { renderDocument } from './render/index.js';

const port = parentPort;
if (!port) throw new Error('documents-render.worker must run in a worker thread');
const { file, dossier, options } = workerData as RenderJob;
await answer(port, () => renderDocument(file, dossier, options));
