import { ENTRY_WINDOWS, entryDayProblem, RECEIVED_AT_SKEW_MS, type EntryKind } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { DomainError } from './domain-error.js';

/** The clocks an entry window is read at: `now` (the wall clock) and `feed`, the clock its start counts back from. */
export interface EntryClock {
  now: Date;
  feed: Date;
}

/** The clock skew an instant may be ahead of the server by, in minutes, as the refusal states it. */
const SKEW_MINUTES = RECEIVED_AT_SKEW_MS / 60_000;

/**
 * Refuses a dated entry outside the window of its kind (ENTRY_WINDOWS of @hotline/contracts), local days in
 * `timeZone`: registers from the first day of the quarter before `clock.feed`'s to `clock.now`'s day, planned things
 * up to 2 years ahead, outages up to the later of both clocks (their calls follow the feed), the forecast's days 104
 * weeks back from the forecast's clock (pass it as both). The one check every dated register write goes through.
 * @param value - a local day `YYYY-MM-DD` already checked to be on the calendar, or an instant.
 * @param clock - the wall clock and the ledger's feed clock (LedgerRepository.entryClock; `now` without calls).
 * @throws DomainError 400 `in_future` (naming `field`) for a thing that happened dated after the window's end (an
 *   instant: more than RECEIVED_AT_SKEW_MS of clock skew ahead; a day: after the end's day); 400 `out_of_window`
 *   (naming `field`) for a day before the window or (planned things) after it; the message gives the window's first
 *   and last day.
 */
export function assertEntryWindow(kind: EntryKind, field: string, value: string | Date, clock: EntryClock, timeZone: string): void {
  const end = kind === 'outage' && clock.feed.getTime() > clock.now.getTime() ? clock.feed : clock.now;
  if (value instanceof Date && ENTRY_WINDOWS[kind].aheadDays === 0 && value.getTime() > end.getTime() + RECEIVED_AT_SKEW_MS) {
    throw new DomainError('in_future', `${field}: ${value.toISOString()} is in the future (more than ${SKEW_MINUTES} minutes ahead of the server's clock)`, field);
  }
  const day = value instanceof Date ? dayKey(value, timeZone) : value;
  const problem = entryDayProblem(kind, day, dayKey(end, timeZone), dayKey(clock.feed, timeZone));
  if (!problem) return;
  const code = problem.side === 'after' && ENTRY_WINDOWS[kind].aheadDays === 0 ? 'in_future' : 'out_of_window';
  throw new DomainError(code, `${field}: ${problem.message}`, field);
}
