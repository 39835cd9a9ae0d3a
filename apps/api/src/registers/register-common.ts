/**
 * Small rules every register shares: local days and months of entries, the open-month rule of removals, the
 * local times an import may write, training hours, and which figures the score may use (closed registers only).
 */
import { localToInstant, nextMonth, parseDayKey, startOfMonth } from '@hotline/events';
import type { Blocker, MonthState, RegisterName } from '@hotline/contracts';
import { REGISTER_FIELDS, type RegisterFigures } from '@hotline/scoring';
import { DomainError } from '../common/domain-error.js';
import type { MonthStateService } from './month-state.js';

/**
 * The month (`YYYY-MM`) of a local day `YYYY-MM-DD`, after checking the day is on the calendar.
 * @throws DomainError 400 `invalid_request` naming `field` for a day like 2026-02-30.
 */
export function monthOfDay(day: string, field = 'date'): string {
  try {
    parseDayKey(day);
  } catch {
    throw new DomainError('invalid_request', `${field}: ${day} is not a day of the calendar`, field);
  }
  return day.slice(0, 7);
}

/**
 * Checks that an entry of `register` in `month` may be removed: only while the month is open (a removal is no
 * correction; in a closed month reopen it first, a confirmed month keeps its entries).
 * @throws DomainError 409 `month_not_open` (field `month`).
 */
export async function assertOpen(states: MonthStateService, register: RegisterName, month: string): Promise<void> {
  const { state } = await states.get(register, month);
  if (state !== 'open') {
    throw new DomainError('month_not_open', `the ${register} register of ${month} is ${state}: entries are removed only while the month is open`, 'month');
  }
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An instant as an import may write it: an ISO 8601 instant with its offset (`2026-03-05T09:30:00+08:00`, `...Z`),
 * a local time `YYYY-MM-DD HH:mm[:ss]` (or with `/` between the date's parts), or a local day (midnight) — local
 * in `timeZone`.
 * @returns the instant, or null when the text is none of these or not on the calendar / clock.
 */
export function parseImportInstant(text: string, timeZone: string): Date | null {
  const t = text.trim().replace(/^(\d{4})\/(\d{1,2})\/(\d{1,2})/, (_m, y: string, mo: string, d: string) => `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`);
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(t) && /^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const instant = new Date(t);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const m = LOCAL_TIME.exec(t) ?? LOCAL_DAY.exec(t);
  if (!m) return null;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1).map((v) => v ?? '0');
  try {
    parseDayKey(`${year}-${month}-${day}`);
  } catch {
    return null;
  }
  const [h, mi, s] = [Number(hour), Number(minute), Number(second)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return localToInstant({ year: Number(year), month: Number(month), day: Number(day), hour: h, minute: mi, second: s, millisecond: 0 }, timeZone);
}

/** Hours from minutes as a decimal string to one decimal, half up (`90` -> `1.5`, `20` -> `0.3`). */
export function hoursText(minutes: number): string {
  // minutes / 6 are tenths of an hour; halves are exact in binary, so Math.round rounds them up (values are >= 0).
  const tenths = Math.round(minutes / 6);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * The register figures the score may use, from each register's state and figures: those of registers closed or
 * confirmed, merged, kept to libs/scoring's register fields. An open register gives nothing: its fields stay absent,
 * i.e. unknown (libs/scoring: an absent register field is unknown and its item pending, never full marks).
 */
export function closedFigures(registers: readonly { state: MonthState; figures: Record<string, number> }[]): RegisterFigures {
  const merged: Record<string, number> = Object.assign({}, ...registers.filter((r) => r.state !== 'open').map((r) => r.figures));
  const out: RegisterFigures = {};
  for (const field of REGISTER_FIELDS) if (merged[field] !== undefined) out[field] = merged[field];
  return out;
}

/**
 * The `month_running` blocker (`{ until }`: the month's end, an ISO instant) while `month` has not ended at `now` (a
 * month is complete only once it is over); none after.
 */
export function monthRunning(month: string, now: Date, timeZone: string): Blocker[] {
  const end = startOfMonth(nextMonth(month), timeZone);
  return now.getTime() < end.getTime() ? [{ code: 'month_running', message: `the month runs until ${end.toISOString()}`, params: { until: end.toISOString() } }] : [];
}

/**
 * Refuses what may only be done once `month` is over (submitting its reports, drawing its QA sample).
 * @param what - what is refused, for the message (`the reports of`, `the QA sample of`).
 * @throws DomainError 409 `month_running` (field `month`) while the month runs at `now`.
 */
export function assertMonthOver(month: string, now: Date, timeZone: string, what: string): void {
  const end = startOfMonth(nextMonth(month), timeZone);
  if (now.getTime() < end.getTime()) {
    throw new DomainError('month_running', `${what} ${month} wait until the month is over (${end.toISOString()})`, 'month');
  }
}

/**
 * Refuses an import into a month that is not open (an import is never a correction, and a closed month is reopened
 * before it changes).
 * @param states - each month the import writes to, with its state.
 * @throws DomainError 409 `month_not_open` (field `month`) naming the first such month and what to do.
 */
export function assertImportable(register: RegisterName, states: readonly { month: string; state: MonthState }[]): void {
  const shut = states.find((s) => s.state !== 'open');
  if (!shut) return;
  const how =
    shut.state === 'closed'
      ? 'the supplier manager reopens it (or the bureau returns it) before importing'
      : 'it is confirmed by the bureau: the bureau returns it to the supplier before importing (single corrections are entered one by one with a reason)';
  throw new DomainError('month_not_open', `the ${register} register of ${shut.month} is ${shut.state}: an import only goes into an open month; ${how}`, 'month');
}
