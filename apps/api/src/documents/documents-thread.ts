import { availableParallelism } from 'node:os';
import type { DocumentFile } from '@hotline/contracts';
import { inThread } from '../roster/in-thread.js';
import type { MonthDossier } from './dossier.js';
import type { PdfRenderOptions } from './render/index.js';

/** What a render thread is given: the file to render, the dossier (plain JSON) and the PDF options. */
export interface RenderJob {
  file: DocumentFile;
  dossier: MonthDossier;
  options: PdfRenderOptions;
}

/** At most this many documents are rendered at once (one thread each); further requests wait their turn. */
export const MAX_RENDER_THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `run` once a thread slot is free; a finished run hands its slot to the first one waiting. */
async function turn<T>(run: () => Promise<T>): Promise<T> {
  if (running < MAX_RENDER_THREADS) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/**
 * Renders a document in a worker thread (documents-render.worker.ts) so that the API's event loop is never blocked
 * by a layout (a month of 3,000 complaints is a 150-page PDF: seconds of work); at most {@link MAX_RENDER_THREADS}
 * at once.
 * @returns the file's bytes.
 * @throws ThreadError with the renderer's error (name and message), or `ThreadExit` if the thread died.
 */
export async function renderInThread(job: RenderJob): Promise<Buffer> {
  const bytes = await turn(() => inThread<Uint8Array>(new URL('./documents-render.worker.js', import.meta.url), job));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
