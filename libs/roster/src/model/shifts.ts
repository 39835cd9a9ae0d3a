/**
 * Shift templates: the default set (8-hour shifts starting on the hour), the 12-hour day/night option, the
 * classic three 8-hour shifts (早/中/夜), and the geometry of a shift (its minutes, its night minutes, whether it
 * crosses midnight).
 */
import { RosterInputError } from '../errors';
import type { ShiftTemplate } from '../types';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes after midnight of a local `HH:MM`.
 * @throws RosterInputError `invalid` naming `field`.
 */
export function minuteOfDay(time: string, field = 'time'): number {
  const m = typeof time === 'string' ? TIME.exec(time) : null;
  if (!m) throw new RosterInputError('invalid', field, `must be a time HH:MM (got ${String(time)})`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:MM` of a minute of the day (taken modulo 1440). */
export function timeOfMinute(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const hh = (hour: number): string => String(((hour % 24) + 24) % 24).padStart(2, '0');

/**
 * Shifts of `hours` hours starting on each of the given hours, coded `HH-HH` (start-end hour), e.g. `22-06`.
 *
 * @param hours shift length in whole hours, 1..16 (default 8).
 * @param startHours the start hours to offer (default every hour 0..23). Fewer start hours keep the MIP smaller.
 * @returns one template per start hour.
 * @throws RosterInputError `invalid` for a length or start hour out of range.
 * @example hourlyShiftTemplates(8, [0, 8, 16]).map((t) => t.code); // ['00-08', '08-16', '16-00']
 */
export function hourlyShiftTemplates(hours = 8, startHours: readonly number[] = Array.from({ length: 24 }, (_, h) => h)): ShiftTemplate[] {
  if (!Number.isInteger(hours) || hours < 1 || hours > 16) throw new RosterInputError('invalid', 'hours', `must be a whole number of hours in 1..16 (got ${hours})`);
  return startHours.map((h, i) => {
    if (!Number.isInteger(h) || h < 0 || h > 23) throw new RosterInputError('invalid', `startHours[${i}]`, `must be an hour 0..23 (got ${h})`);
    return { code: `${hh(h)}-${hh(h + hours)}`, start: `${hh(h)}:00`, durationMinutes: hours * 60 };
  });
}

/** The 12-hour day/night option: `08-20` (day) and `20-08` (night, crossing midnight). */
export function twelveHourTemplates(dayStartHour = 8): ShiftTemplate[] {
  return hourlyShiftTemplates(12, [dayStartHour, (dayStartHour + 12) % 24]);
}

/** The classic three 8-hour shifts of a 24/7 line: `00-08` (夜), `08-16` (早), `16-00` (中). */
export function threeShiftTemplates(): ShiftTemplate[] {
  return hourlyShiftTemplates(8, [0, 8, 16]);
}

/** A template with its geometry worked out (minutes from the start of its day). */
export interface ShiftGeometry {
  code: string;
  /** Start, minutes after midnight of its day. */
  startMinute: number;
  /** Length in minutes. */
  durationMinutes: number;
  /** Paid working minutes (length minus unpaid break). */
  workMinutes: number;
  /** Minutes inside the night window. */
  nightMinutes: number;
  /** True when it ends after midnight (it then touches the next day). */
  crossesMidnight: boolean;
}

/**
 * Validates templates and works out their geometry.
 *
 * @param templates the templates; codes unique and non-empty, starts on the half hour, lengths multiples of 30 in 60..960.
 * @param night the night window as minutes after midnight `[start, end)`, wrapping midnight when end <= start.
 * @throws RosterInputError naming `templates[i].<field>`.
 */
export function shiftGeometry(templates: readonly ShiftTemplate[], night: { start: number; end: number }): ShiftGeometry[] {
  if (!Array.isArray(templates) || templates.length === 0) throw new RosterInputError('invalid', 'templates', 'must be a non-empty array');
  const seen = new Set<string>();
  return templates.map((t, i) => {
    const at = `templates[${i}]`;
    if (typeof t.code !== 'string' || t.code.trim() === '' || t.code.length > 12) throw new RosterInputError('invalid', `${at}.code`, 'must be a non-empty string of at most 12 characters');
    if (seen.has(t.code)) throw new RosterInputError('inconsistent', `${at}.code`, `repeats the code ${t.code}`);
    seen.add(t.code);
    const startMinute = minuteOfDay(t.start, `${at}.start`);
    if (startMinute % 30 !== 0) throw new RosterInputError('invalid', `${at}.start`, 'must be on the hour or half hour');
    const d = t.durationMinutes;
    if (!Number.isInteger(d) || d < 60 || d > 960 || d % 30 !== 0) throw new RosterInputError('invalid', `${at}.durationMinutes`, `must be a multiple of 30 in 60..960 (got ${d})`);
    const brk = t.unpaidBreakMinutes ?? 0;
    if (!Number.isInteger(brk) || brk < 0 || brk >= d) throw new RosterInputError('invalid', `${at}.unpaidBreakMinutes`, `must be a whole number of minutes in [0, durationMinutes) (got ${brk})`);
    return {
      code: t.code,
      startMinute,
      durationMinutes: d,
      workMinutes: d - brk,
      nightMinutes: nightOverlap(startMinute, startMinute + d, night),
      crossesMidnight: startMinute + d > 1440,
    };
  });
}

/** Minutes of `[from, to)` (minutes from some midnight, to - from <= 2 days) inside the daily night window. */
export function nightOverlap(from: number, to: number, night: { start: number; end: number }): number {
  const len = night.end > night.start ? night.end - night.start : night.end + 1440 - night.start;
  let total = 0;
  const firstDay = Math.floor(from / 1440) - 1;
  const lastDay = Math.floor(to / 1440) + 1;
  for (let k = firstDay; k <= lastDay; k++) {
    const a = k * 1440 + night.start;
    total += Math.max(0, Math.min(to, a + len) - Math.max(from, a));
  }
  return total;
}
