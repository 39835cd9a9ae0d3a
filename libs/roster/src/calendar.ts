/**
 * Local dates of the hotline (Asia/Shanghai has no daylight saving: every day has 48 half-hour intervals), the
 * official working calendar of mainland China, and the 13 statutory holidays on which work is paid at 300 %.
 *
 * Sources:
 * - 《全国年节及纪念日放假办法》 as amended by State Council Decree 793 (2024-11-10, in force 2025-01-01): the
 *   statutory holidays are New Year's Day (1 day, 1 January), Spring Festival (4 days: New Year's Eve and the 1st,
 *   2nd and 3rd of the first lunar month), Qingming (1 day, the Qingming solar term), Labour Day (2 days, 1-2 May),
 *   Dragon Boat (1 day, 5th of the fifth lunar month), Mid-Autumn (1 day, 15th of the eighth lunar month) and
 *   National Day (3 days, 1-3 October): 13 days a year (11 before 2025: one day of Spring Festival eve and one of
 *   Labour Day were added).
 * - 《工资支付暂行规定》 art. 13 and 《关于职工全年月平均工作时间和工资折算问题的通知》 (劳社部发〔2008〕3号, updated
 *   for 2025's 13 holidays): 365 − 104 rest days − 13 holidays = 248 working days a year, 8 h each: 1,984 h a year,
 *   165.33 h a month on average.
 * - The bridging days (调休) of each year's State Council notice, as tabulated by the `chinese-days` package
 *   (https://github.com/vsme/chinese-days), which also converts lunar dates.
 */
import { getDayDetail, getSolarDateFromLunar, getSolarTermDate, isWorkday } from 'chinese-days';
import { RosterInputError } from './errors';

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a local date (a pure calendar count, no time zone involved).
 * @throws RosterInputError `invalid` naming `field` when the date is malformed or does not exist.
 */
export function dayNumber(date: LocalDate, field = 'date'): number {
  const m = typeof date === 'string' ? DATE.exec(date) : null;
  if (!m) throw new RosterInputError('invalid', field, `must be a date YYYY-MM-DD (got ${String(date)})`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RosterInputError('invalid', field, `is not a calendar date (got ${date})`);
  }
  return Math.round(ms / DAY_MS);
}

/** The local date of a day number (inverse of {@link dayNumber}). */
export function dateOfDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` days. @throws RosterInputError for a malformed date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDay(dayNumber(date) + days);
}

/** Day of the week of a local date: 0 = Sunday ... 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** True on Saturday and Sunday (the weekend of the fairness ledger, whatever the official calendar says). */
export function isWeekend(date: LocalDate): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

/** One statutory holiday date (法定节假日), on which work is paid at 300 %. */
export interface StatutoryHoliday {
  date: LocalDate;
  /** English and Chinese name, e.g. `Spring Festival 春节`. */
  name: string;
}

const cache = new Map<number, StatutoryHoliday[]>();

/**
 * The statutory holidays of a Gregorian year under the rules in force that year: 13 days from 2025, 11 from 2008
 * to 2024 (the lunar New Year's Eve and 2 May became statutory in 2025; the 2013 amendment had moved the eve to
 * the 3rd of the first month for 2014-2024). Lunar dates and the Qingming
 * solar term come from `chinese-days`.
 *
 * @param year Gregorian year, 2008-2099.
 * @returns the dates in calendar order (the Spring Festival eve of a year is the eve of that year's lunar new year).
 * @throws RosterInputError `invalid` for a year outside 2008-2099.
 * @example statutoryHolidays(2025).length; // 13 — 2025-01-28..31 are the Spring Festival days
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < 2008 || year > 2099) throw new RosterInputError('invalid', 'year', `must be an integer in 2008..2099 (got ${year})`);
  const hit = cache.get(year);
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
  cache.set(year, list);
  return list;
}

/** The statutory holiday on `date`, or undefined. */
export function statutoryHolidayOn(date: LocalDate): StatutoryHoliday | undefined {
  const year = Number(date.slice(0, 4));
  if (year < 2008 || year > 2099) return undefined;
  return statutoryHolidays(year).find((h) => h.date === date);
}

/**
 * True when `date` is an official working day: Monday to Friday unless a holiday or bridging rest day, and the
 * weekend make-up working days (调休上班) of the State Council's notice for that year (`chinese-days`).
 */
export function isOfficialWorkday(date: LocalDate): boolean {
  dayNumber(date);
  return isWorkday(date);
}

/** The official name of the day (`国庆节`, `Saturday`, ...) as `chinese-days` gives it. */
export function officialDayName(date: LocalDate): string {
  return getDayDetail(date).name;
}

/** Working days a year (365 − 104 − 13) and hours a day behind the monthly average of 165.33 h. */
export const ANNUAL_WORKING_DAYS_2025 = 248;
