import { ENTRY_WINDOWS, entryDayProblem, RECEIVED_AT_SKEW_MS, type EntryKind } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { DomainError } from './domain-error.js';

/**
 * Refuses a dated entry outside the window of its kind (ENTRY_WINDOWS of @hotline/contracts: registers from the
 * first day of the quarter before the ledger's feed clock's to today, planned things up to 2 years ahead, the forecast's days 104 weeks
 * back, outages by the ledger's feed clock), local days in `timeZone`. The one check every dated register write
 * goes through.
 * @param value - a local day `YYYY-MM-DD` already checked to be on the calendar, or an instant.
 * @param now - the clock the window ends at: the wall clock for the registers, the feed clock for the forecast's
 *   days, the later of both for outages.
 * @param backFrom - the clock the window starts from (its previous quarter, or days back): the ledger's feed clock
 *   for the registers and outages (now without calls), `now` for the forecast's days.
 * @throws DomainError 400 `in_future` (naming `field`) for a thing that happened dated after now (an instant: more
 *   than 2 minutes of clock skew ahead; a day: after the clock's day); 400 `out_of_window` (naming `field`) for a day
 *   before the window or (planned things) after it; the message gives the window's first and last day.
 */
export function assertEntryWindow(kind: EntryKind, field: string, value: string | Date, now: Date, timeZone: string, backFrom = now): void {
  if (value instanceof Date && ENTRY_WINDOWS[kind].aheadDays === 0 && value.getTime() > now.getTime() + RECEIVED_AT_SKEW_MS) {
    throw new DomainError('in_future', `${field}: ${value.toISOString()} is in the future (more than 2 minutes ahead of the server's clock)`, field);
  }
  const day = value instanceof Date ? dayKey(value, timeZone) : value;
  const problem = entryDayProblem(kind, day, dayKey(now, timeZone), dayKey(backFrom, timeZone));
  if (!problem) return;
  const code = problem.side === 'after' && ENTRY_WINDOWS[kind].aheadDays === 0 ? 'in_future' : 'out_of_window';
  throw new DomainError(code, `${field}: ${problem.message}`, field);
}
