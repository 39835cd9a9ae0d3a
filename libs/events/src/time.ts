/**
 * Bucketing instants in the hotline's time zone (zone-free date arithmetic is in calendar.ts). Instants are stored in UTC; intervals, days and months
 * are buckets of local (wall-clock) time in a named IANA zone, Asia/Shanghai by default.
 * Zone offsets come from `@date-fns/tz` (the platform's Intl data), so zones with daylight saving work too.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { parseDayKey } from './calendar';

/** The zone the contract counts days and months in. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Length of the planning and reporting interval, minutes. */
export const INTERVAL_MINUTES = 30;

/** Wall-clock fields of an instant in some zone; month is 1-12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE_MS = 60_000;

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Asia/Shanghai: +28,800,000). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  return tzOffset(timeZone, instant) * MINUTE_MS;
}

/**
 * The UTC instant of a wall-clock time in `timeZone`.
 * @throws RangeError when a field is out of range (e.g. month 13) or the zone is unknown.
 */
export function localToInstant(local: LocalDateTime, timeZone: string): Date {
  const { year, month, day, hour, minute, second, millisecond } = local;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    throw new RangeError(`invalid local time ${JSON.stringify(local)}`);
  }
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) throw new RangeError(`${year}-${month}-${day} is not a calendar date`);
  const date = new TZDate(year, month - 1, day, hour, minute, second, millisecond, timeZone);
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`invalid time zone "${timeZone}"`);
  return new Date(time);
}

/** Wall-clock fields of `instant` in `timeZone`. */
export function instantToLocal(instant: Date, timeZone: string): LocalDateTime {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local calendar day of `instant`, `YYYY-MM-DD`. */
export function dayKey(instant: Date, timeZone: string): string {
  const l = instantToLocal(instant, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
}

/** Local calendar month of `instant`, `YYYY-MM`. */
export function monthKey(instant: Date, timeZone: string): string {
  return dayKey(instant, timeZone).slice(0, 7);
}

/**
 * Start (UTC instant) of the local interval of `intervalMinutes` that contains `instant`; intervals are
 * aligned on local midnight, so with 30 minutes a day has 48 of them (46 or 50 on a daylight-saving change).
 */
export function intervalStart(instant: Date, timeZone: string, intervalMinutes = INTERVAL_MINUTES): Date {
  // Step back by the local time elapsed since the interval began: exact even in the repeated hour of a
  // daylight-saving change, where a wall-clock time names two instants.
  const l = instantToLocal(instant, timeZone);
  const elapsedMs = (((l.hour * 60 + l.minute) % intervalMinutes) * 60 + l.second) * 1000 + l.millisecond;
  return new Date(instant.getTime() - elapsedMs);
}

/** Local wall-clock label of an interval start, `HH:MM`. */
export function intervalLabel(instant: Date, timeZone: string): string {
  const l = instantToLocal(instant, timeZone);
  return `${pad(l.hour)}:${pad(l.minute)}`;
}

/** UTC instant of local midnight starting `day` (`YYYY-MM-DD`) in `timeZone`. */
export function startOfDay(day: string, timeZone: string): Date {
  return localToInstant({ ...parseDayKey(day), hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** UTC instant of local midnight starting month `YYYY-MM` in `timeZone`. */
export function startOfMonth(month: string, timeZone: string): Date {
  return startOfDay(`${month}-01`, timeZone);
}
