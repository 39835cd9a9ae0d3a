import type { Redis } from 'ioredis';
import type { AdapterResult } from '@hotline/events';

/** Where a follower reports what it does (the CLI writes to stderr, the API to its pino logger). */
export interface IntakeLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Key of a source's checkpoint: `<prefix>intake:checkpoint:<source>` (JSON; see @hotline/events follow-checkpoint). */
export const checkpointKey = (prefix: string, source: string) => `${prefix}intake:checkpoint:${source}`;
/**
 * Key of a source's status hash `<prefix>intake:status:<source>`: `kind`, `target`, `lastWriteAt` (ISO), `lastEventTs`
 * (data time of the newest event written, ISO), `events`, `deadLetters` (running counts), `lastError`, `lastErrorAt`.
 */
export const statusKey = (prefix: string, source: string) => `${prefix}intake:status:${source}`;

/**
 * Writes a follower's output to Redis: the events to the live stream `<prefix>events` (field `event` = JSON, as
 * `hotline replay`), bad lines to `<prefix>dead-letters` (field `deadLetter`), and the checkpoint, all in one
 * MULTI/EXEC transaction, so the checkpoint never gets ahead of (or behind) the events it covers.
 */
export class StreamSink {
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  /** The stored checkpoint JSON of a source, or null. */
  async loadCheckpoint(source: string): Promise<string | null> {
    return this.redis.get(checkpointKey(this.prefix, source));
  }

  /**
   * Writes a batch's events and dead letters and the checkpoint that follows them, atomically.
   * @throws Error when Redis refused or lost the transaction (nothing of it was applied: the caller retries it).
   */
  async commit(source: string, result: Pick<AdapterResult, 'events' | 'deadLetters'>, checkpoint: object, status: Record<string, string> = {}): Promise<void> {
    const multi = this.redis.multi();
    for (const d of result.deadLetters) multi.xadd(`${this.prefix}dead-letters`, '*', 'deadLetter', JSON.stringify(d));
    for (const e of result.events) multi.xadd(`${this.prefix}events`, '*', 'type', e.type, 'event', JSON.stringify(e));
    multi.set(checkpointKey(this.prefix, source), JSON.stringify(checkpoint));
    const key = statusKey(this.prefix, source);
    const newest = result.events.reduce((m, e) => (e.ts > m ? e.ts : m), '');
    multi.hset(key, { ...status, lastWriteAt: new Date().toISOString(), ...(newest ? { lastEventTs: newest } : {}) });
    if (result.events.length) multi.hincrby(key, 'events', result.events.length);
    if (result.deadLetters.length) multi.hincrby(key, 'deadLetters', result.deadLetters.length);
    const replies = await multi.exec();
    if (!replies) throw new Error('the Redis transaction was discarded');
    const failed = replies.find(([error]) => error);
    if (failed) throw new Error(`Redis refused part of the transaction: ${failed[0]!.message}`);
  }

  /** Records a source's last error in its status hash (best effort: never throws). */
  async reportError(source: string, message: string): Promise<void> {
    try {
      await this.redis.hset(statusKey(this.prefix, source), { lastError: message.slice(0, 500), lastErrorAt: new Date().toISOString() });
    } catch {
      /* Redis itself may be the problem */
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal, wake?: { on(listener: () => void): () => void }): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let off = () => {};
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      off();
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    if (wake) off = wake.on(done);
  });
}

/** Exponential back-off for retries: 0.5 s, 1 s, 2 s ... capped at `maxMs`. */
export function backoff(attempt: number, maxMs = 30_000): number {
  return Math.min(maxMs, 500 * 2 ** Math.min(attempt, 16));
}

/**
 * Runs `write` until it succeeds or `signal` aborts, waiting with {@link backoff} between attempts and logging
 * each failure. @returns true when written, false when stopped before.
 */
export async function writeWithRetry(write: () => Promise<void>, signal: AbortSignal, log: IntakeLogger, what: string, onError?: (message: string) => void): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      if (attempt > 0) log.info(`${what}: written after ${attempt} failed attempt(s)`);
      return true;
    } catch (error) {
      const message = (error as Error).message;
      onError?.(message);
      const wait = backoff(attempt);
      log.warn(`${what}: ${message}; retrying in ${Math.round(wait / 100) / 10} s`);
      await pause(wait, signal);
      if (signal.aborted) return false;
    }
  }
}
