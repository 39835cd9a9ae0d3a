/**
 * What the ledger can store of an event the schema accepts: Postgres refuses some values that JSON and zod let
 * through. One rule set for the feed consumer (which dead-letters such an event before its write) and for every
 * path that puts events on the stream on a person's behalf (the dead-letter repair), so a corrected event is not
 * refused again.
 */

/** An event's `ts` may be at most this far ahead of the server's clock (a wrong clock would move the floor's clock for good), ms. */
export const MAX_FUTURE_MS = 7 * 86_400_000;
/** Largest duration (`*Seconds` fields) stored, seconds: ~3.2 years, far beyond any call, far inside a timestamp's range. */
export const MAX_EVENT_SECONDS = 100_000_000;
/** Fields stored in Postgres `integer` columns. */
const INT4_FIELDS = new Set(['priority', 'position']);
const INT4_MAX = 2_147_483_647;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where in an event a value is (`['legs', 0, 'agentId']`), and why the database would refuse it. */
export interface Unstorable {
  path: (string | number)[];
  message: string;
}

/**
 * The first value of `value` the database would refuse, or undefined when every value is storable: a string (or a
 * field name) with U+0000 (Postgres text and jsonb refuse it) or an unpaired UTF-16 surrogate (jsonb refuses it), a
 * number not finite or beyond ±2^53, a duration (`*Seconds`) above {@link MAX_EVENT_SECONDS}, a `priority` or
 * `position` beyond a 32-bit integer.
 * @param path where `value` is (empty for the event itself).
 */
export function unstorableValue(value: unknown, path: (string | number)[] = []): Unstorable | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, message: 'contains a NUL character (U+0000), which the database refuses' };
    if (UNPAIRED_SURROGATE.test(value)) return { path, message: 'contains an unpaired UTF-16 surrogate, which the database refuses' };
    return undefined;
  }
  if (typeof value === 'number') {
    const field = String(path.at(-1) ?? '');
    if (!Number.isFinite(value)) return { path, message: 'not a finite number' };
    if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return { path, message: `${value} is out of range (beyond ±2^53)` };
    if (field.endsWith('Seconds') && value > MAX_EVENT_SECONDS) return { path, message: `${value} s is out of range (at most ${MAX_EVENT_SECONDS} s)` };
    if (INT4_FIELDS.has(field) && Math.abs(value) > INT4_MAX) return { path, message: `${value} is out of range (a 32-bit integer)` };
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return { path, message: 'a field name contains a NUL character (U+0000)' };
      const found = unstorableValue(v, [...path, Array.isArray(value) ? Number(k) : k]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Why an event's time cannot be taken, or undefined: before 1970, or more than {@link MAX_FUTURE_MS} ahead of `now`.
 * @param ts an ISO instant (the schema's `ts`); `now` ms since the epoch.
 */
export function eventTimeProblem(ts: string, now: number = Date.now()): string | undefined {
  const t = Date.parse(ts);
  if (t < 0) return 'before 1970';
  if (t > now + MAX_FUTURE_MS) return "more than 7 days ahead of the server's clock";
  return undefined;
}
