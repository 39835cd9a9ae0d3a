/**
 * The one calendar of the project: local dates (`YYYY-MM-DD`) and months (`YYYY-MM`) as pure calendar values (no
 * time zone: the zone only matters when an instant is bucketed, see time.ts), weekdays, day differences, and the
 * official calendar of mainland China.
 *
 * The official calendar wraps the `chinese-days` package (vsme/chinese-days, data from the State Council's yearly
 * holiday notices, 2004 onwards; every other module reads it through here):
 * - statutory holidays and make-up workdays (调休补班: a Saturday or Sunday worked in exchange for a holiday), and
 *   official working days, come from its data file `dist/chinese-days.json`, not its functions: those build their
 *   tables at load time in the process's local time zone and, west of UTC, put holidays on the wrong days (in
 *   America/Los_Angeles `getDayDetail` calls 1 January 2024 a Monday workday). The JSON is the same table built
 *   once, zone-free;
 * - the statutory holidays of a year ({@link statutoryHolidays}) follow 《全国年节及纪念日放假办法》 as amended by
 *   State Council Decree 793 (2024-11-10, in force 2025-01-01): New Year's Day (1 January), Spring Festival (4 days
 *   from 2025: the eve and the 1st-3rd of the first lunar month), Qingming (the solar term), Labour Day (1-2 May
 *   from 2025), Dragon Boat (5th of the fifth lunar month), Mid-Autumn (15th of the eighth lunar month) and
 *   National Day (1-3 October): 13 days a year, 11 before 2025. Lunar dates and the Qingming solar term are
 *   converted by `chinese-days`' functions (pure calendar arithmetic on `YYYY-MM-DD` strings).
 */
import cnDays from 'chinese-days/dist/chinese-days.json';
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import { InputError } from './errors';

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** A local calendar month, `YYYY-MM`. */
export type LocalMonth = string;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Milliseconds from 1970-01-01 to UTC midnight of a proleptic Gregorian date (`month` 1-12; an out-of-range day or
 * month rolls over as in `Date.UTC`). Unlike `Date.UTC`, years 0-99 are themselves, not 1900-1999.
 */
function utcMidnightMs(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/**
 * Parses `YYYY-MM-DD` into its fields.
 * @throws RangeError when the text is not a valid calendar date.
 */
export function parseDayKey(day: string): { year: number; month: number; day: number } {
  const m = typeof day === 'string' ? DATE.exec(day) : null;
  if (!m) throw new RangeError(`"${day}" is not a date YYYY-MM-DD`);
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(utcMidnightMs(year, month, date));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) throw new RangeError(`"${day}" is not a calendar date`);
  return { year, month, day: date };
}

/**
 * Days since 1970-01-01 of a local date (a pure calendar count, no zone); the inverse is {@link dateOfDay}.
 * @throws RangeError when `day` is not a calendar date `YYYY-MM-DD`.
 */
export function dayNumber(day: LocalDate): number {
  const { year, month, day: d } = parseDayKey(day);
  return Math.round(utcMidnightMs(year, month, d) / DAY_MS);
}

/** The local date of a day number (days since 1970-01-01, inverse of {@link dayNumber}). */
export function dateOfDay(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * `day` plus `n` calendar days (`n` may be negative), both `YYYY-MM-DD` (pure calendar arithmetic, no zone).
 * @throws RangeError on a malformed day (parseDayKey).
 */
export function addDays(day: LocalDate, n: number): LocalDate {
  return dateOfDay(dayNumber(day) + n);
}

/** The day after `day`, both `YYYY-MM-DD` (pure calendar arithmetic, no zone). @throws RangeError on a malformed day. */
export function nextDay(day: LocalDate): LocalDate {
  return addDays(day, 1);
}

/**
 * Whole calendar days from `from` to `to` (`YYYY-MM-DD`), negative when `to` is earlier.
 * @throws RangeError on a malformed day.
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Day of the week of a `YYYY-MM-DD` date, JavaScript's convention (`Date#getDay`): 0 = Sunday, 1 = Monday ...
 * 6 = Saturday (pure calendar arithmetic, no zone).
 * @throws RangeError when `day` is not a calendar date.
 */
export function weekdayOf(day: LocalDate): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

/** True on Saturday and Sunday (whatever the official calendar says). @throws RangeError on a malformed day. */
export function isWeekend(day: LocalDate): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/**
 * Parses `YYYY-MM` into its fields.
 * @throws RangeError when the text is not a month `YYYY-MM` (month 01-12).
 */
export function parseMonthKey(month: LocalMonth): { year: number; month: number } {
  const m = typeof month === 'string' ? MONTH.exec(month) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`"${month}" is not a month YYYY-MM`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The month after `month` (`YYYY-MM`, no validation: `2026-12` gives `2027-01`). */
export function nextMonth(month: LocalMonth): LocalMonth {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

/** The month before `month` (`YYYY-MM`, no validation: `2026-01` gives `2025-12`). */
export function previousMonth(month: LocalMonth): LocalMonth {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** Number of days in month `YYYY-MM` (28-31). @throws RangeError on a malformed month. */
export function daysInMonth(month: LocalMonth): number {
  const { year, month: m } = parseMonthKey(month);
  return new Date(utcMidnightMs(year, m + 1, 0)).getUTCDate();
}

// ---------------------------------------------------------------------------------------------------------------
// The official calendar of mainland China.

/** `chinese-days`' tables: date -> `English name,中文名,days` for holidays and make-up workdays. */
const CN: { holidays: Record<string, string>; workdays: Record<string, string> } = cnDays;

/** The years the official tables cover: from the first to the last year with a holiday (2004 to the last notice). */
export const OFFICIAL_CALENDAR_YEARS: { readonly first: number; readonly last: number } = /* @__PURE__ */ (() => {
  const years = Object.keys(CN.holidays).map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
})();

/** True when the official tables cover the year of `day` (else every day is taken as its weekday). */
export function officialCalendarCovers(day: LocalDate): boolean {
  const year = Number(day.slice(0, 4));
  return year >= OFFICIAL_CALENDAR_YEARS.first && year <= OFFICIAL_CALENDAR_YEARS.last;
}

/**
 * How the official calendar treats a date: `holiday`, a day off of a holiday period (weekend days inside it
 * included; statutory or bridging); `makeup-workday`, a day worked in exchange (调休上班, usually a weekend day);
 * `ordinary`, neither (its weekday rules). `raw` is the table's entry `English name,中文名,days`.
 */
export type OfficialDay = { kind: 'holiday' | 'makeup-workday'; raw: string } | { kind: 'ordinary' };

/**
 * The official table's entry for a date (zone-free, see the module's notes).
 * @throws RangeError when `day` is not a calendar date.
 */
export function officialDay(day: LocalDate): OfficialDay {
  parseDayKey(day);
  const worked = CN.workdays[day];
  if (worked !== undefined) return { kind: 'makeup-workday', raw: worked };
  const holiday = CN.holidays[day];
  if (holiday !== undefined) return { kind: 'holiday', raw: holiday };
  return { kind: 'ordinary' };
}

const HOLIDAY_NAME = /^([^,]+),([^,]+),\d+$/;

/** A table entry `English name,中文名,days` as `中文名 English name` (other text unchanged). */
export function officialHolidayLabel(raw: string): string {
  const m = HOLIDAY_NAME.exec(raw);
  return m ? `${m[2]} ${m[1]}` : raw;
}

/**
 * True when `day` is an official working day: Monday to Friday unless a holiday or bridging rest day, and the
 * weekend make-up working days (调休上班) of the State Council's notice for that year. Same answer as
 * `chinese-days`' `isWorkday`, in any process time zone.
 * @throws RangeError when `day` is not a calendar date.
 */
export function isOfficialWorkday(day: LocalDate): boolean {
  const w = weekdayOf(day);
  return CN.workdays[day] !== undefined || (w >= 1 && w <= 5 && CN.holidays[day] === undefined);
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The official name of the day as `chinese-days`' `getDayDetail` gives it: the table entry
 * (`National Day,国庆节,3`) on a holiday or make-up workday, else the English weekday (`Saturday`).
 * @throws RangeError when `day` is not a calendar date.
 */
export function officialDayName(day: LocalDate): string {
  const w = weekdayOf(day);
  return CN.workdays[day] ?? CN.holidays[day] ?? WEEKDAY_NAMES[w];
}

/** One statutory holiday date (法定节假日), on which work is paid at 300 %. */
export interface StatutoryHoliday {
  date: LocalDate;
  /** English and Chinese name, e.g. `Spring Festival 春节`. */
  name: string;
}

/** The years {@link statutoryHolidays} answers for. */
export const STATUTORY_HOLIDAY_YEARS = { first: 2008, last: 2099 } as const;

const statutoryCache = new Map<number, StatutoryHoliday[]>();

/**
 * The statutory holidays of a Gregorian year under the rules in force that year: 13 days from 2025, 11 from 2008
 * to 2024 (the lunar New Year's Eve and 2 May became statutory in 2025; the 2013 amendment had moved the eve to the
 * 3rd of the first month for 2014-2024). Bridging rest days (调休) are not statutory: see {@link isOfficialWorkday}.
 *
 * @param year Gregorian year, 2008-2099.
 * @returns the dates in calendar order (the Spring Festival eve of a year is the eve of that year's lunar new year).
 * @throws InputError `invalid` on field `year` for a year outside 2008-2099.
 * @example statutoryHolidays(2025).length; // 13 — 2025-01-28..31 are the Spring Festival days
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < STATUTORY_HOLIDAY_YEARS.first || year > STATUTORY_HOLIDAY_YEARS.last) {
    throw new InputError('invalid', 'year', `must be an integer in 2008..2099 (got ${year})`);
  }
  const hit = statutoryCache.get(year);
  if (hit) return hit;
  const lunar = (md: string): LocalDate => getSolarDateFromLunar(`${year}-${md}`).date;
  const newYear = lunar('01-01');
  const since2025 = year >= 2025;
  // Spring Festival: eve, 1st and 2nd of the first lunar month in 2008-2013; 1st-3rd in 2014-2024; eve and 1st-3rd from 2025.
  const springOffsets = year <= 2013 ? [-1, 0, 1] : since2025 ? [-1, 0, 1, 2] : [0, 1, 2];
  const list: StatutoryHoliday[] = [
    { date: `${year}-01-01`, name: "New Year's Day 元旦" },
    ...springOffsets.map((k) => ({ date: addDays(newYear, k), name: 'Spring Festival 春节' })),
    { date: getSolarTermDate(year, 4, 'pure_brightness'), name: 'Qingming 清明' },
    { date: `${year}-05-01`, name: 'Labour Day 劳动节' },
    ...(since2025 ? [{ date: `${year}-05-02`, name: 'Labour Day 劳动节' }] : []),
    { date: lunar('05-05'), name: 'Dragon Boat 端午' },
    { date: lunar('08-15'), name: 'Mid-Autumn 中秋' },
    ...[1, 2, 3].map((d) => ({ date: `${year}-10-0${d}`, name: 'National Day 国庆节' })),
  ];
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  statutoryCache.set(year, list);
  return list;
}

/** The statutory holiday on `date`, or undefined (also for years outside 2008-2099). */
export function statutoryHolidayOn(date: LocalDate): StatutoryHoliday | undefined {
  const year = Number(date.slice(0, 4));
  if (year < STATUTORY_HOLIDAY_YEARS.first || year > STATUTORY_HOLIDAY_YEARS.last) return undefined;
  return statutoryHolidays(year).find((h) => h.date === date);
}
