// Parses an uploaded workbook in a worker thread with a bounded heap (roster-xlsx.ts readWorkbook).
import { parentPort, workerData } from 'node:worker_threads';
import { answer } from './in-thread.js';
import { workbookToGrid } from './roster-xlsx.js';

const port = parentPort;
if (!port) throw new Error('roster-xlsx.worker must run in a worker thread');
await answer(port, () => workbookToGrid(Buffer.from(workerData as Uint8Array)));
