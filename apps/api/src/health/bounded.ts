/** A check that had no answer within its bound. */
export class NoAnswerError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'NoAnswerError';
  }
}

/**
 * `promise`, or a {@link NoAnswerError} after `ms` milliseconds (the promise itself goes on; its outcome is then
 * ignored). The timer never keeps the process alive.
 */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswerError(ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One probe at a time: callers arriving while a probe is under way share it (50 consoles polling readiness, or a
 * load balancer, never pile up queries on a database that does not answer). A probe still unanswered after
 * `abandonAfterMs` is given up, so one lost query cannot hold every later check; at most one probe per
 * `abandonAfterMs` can hang.
 */
export class SingleFlight<T> {
  private current: { promise: Promise<T>; since: number } | undefined;

  constructor(
    private readonly run: () => Promise<T>,
    private readonly abandonAfterMs: number,
  ) {}

  /** The probe's answer, or {@link NoAnswerError} after `ms`. */
  within(ms: number): Promise<T> {
    const now = Date.now();
    if (!this.current || now - this.current.since > this.abandonAfterMs) {
      const entry = { promise: this.run(), since: now };
      this.current = entry;
      const clear = () => {
        if (this.current === entry) this.current = undefined;
      };
      entry.promise.then(clear, clear);
    }
    return withinMs(this.current.promise, ms);
  }
}

/** Error codes of sockets and drivers, as readiness says them publicly (no host, no address, no driver text). */
const CODES: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN/, 'host not found'],
  [/ECONNRESET|EPIPE|Connection terminated|Connection is closed|connection closed|socket closed/i, 'connection lost'],
  [/ETIMEDOUT|timeout/i, 'connection timed out'],
  [/EHOSTUNREACH|ENETUNREACH/, 'host unreachable'],
  [/NOAUTH|WRONGPASS|password authentication failed|28P01/i, 'authentication failed'],
];

/**
 * A short public reason for a failed check, from a fixed vocabulary: "no answer within 2000 ms", "connection
 * refused", "connection lost"...; a SQLSTATE when the database answered with an error; else "failed (see the API's
 * log)". The error's own text (which may name hosts or quote statements) stays in the log.
 */
export function publicReason(error: unknown): string {
  if (error instanceof NoAnswerError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const text = `${typeof code === 'string' ? code : ''} ${error instanceof Error ? error.message : String(error)}`;
  for (const [pattern, reason] of CODES) if (pattern.test(text)) return reason;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `database error ${code}`;
  return "failed (see the API's log)";
}
