import { type ResourceLimits, Worker } from 'node:worker_threads';

/** A failure reported by a worker thread: the thrown error's name, message and field (RosterInputError keeps its field). */
export class ThreadError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = kind;
  }
}

/** The messages a worker of {@link inThread} posts: progress any number of times, then done or error once. */
export type ThreadMessage<T, P> = { type: 'progress'; progress: P } | { type: 'done'; result: T } | { type: 'error'; name: string; message: string; field?: string };

/** Options of {@link inThread}. */
export interface ThreadOptions<P> {
  onProgress?: (p: P) => void;
  /** Heap limits: a worker that exceeds them dies alone (ThreadError `ERR_WORKER_OUT_OF_MEMORY`). */
  limits?: ResourceLimits;
  /** Aborting stops the thread (ThreadError `Aborted`). */
  signal?: AbortSignal;
}

/**
 * Runs a worker script (its `workerData` is `data`) and resolves with its result: CPU-bound work (HiGHS, unpacking a
 * workbook) must not block the API's event loop (HTTP, the feed, BullMQ's lock renewal).
 * @throws ThreadError with the worker's own error, `Aborted`, or `ThreadExit` if the thread ended without an answer.
 */
export function inThread<T, P = never>(script: URL, data: unknown, { onProgress, limits, signal }: ThreadOptions<P> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data, resourceLimits: limits });
    let settled = false;
    const settle = (run: () => void): void => {
      if (settled) return;
      settled = true;
      run();
      void worker.terminate();
    };
    worker.on('message', (m: ThreadMessage<T, P>) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(new ThreadError(m.name, m.message, m.field)));
    });
    worker.on('error', (error: Error & { code?: string }) => settle(() => reject(new ThreadError(error.code ?? error.name, error.message))));
    worker.on('exit', (code) => settle(() => reject(new ThreadError('ThreadExit', `the worker thread exited with code ${code}`))));
    const abort = (): void => settle(() => reject(new ThreadError('Aborted', 'stopped')));
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Posts a worker's outcome to its parent in the shape {@link inThread} expects. */
export async function answer<T>(port: { postMessage(m: unknown): void }, run: () => Promise<T> | T): Promise<void> {
  try {
    port.postMessage({ type: 'done', result: await run() });
  } catch (error) {
    port.postMessage({ type: 'error', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), field: (error as { field?: string }).field });
  }
}
