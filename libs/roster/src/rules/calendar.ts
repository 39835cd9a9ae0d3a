/**
 * Local dates of the hotline (Asia/Shanghai has no daylight saving: every day has 48 half-hour intervals), the
 * official working calendar of mainland China, and the 13 statutory holidays on which work is paid at 300 %.
 *
 * The calendar itself is the project's one calendar module, `@hotline/events` (libs/events/src/calendar.ts: date
 * arithmetic, weekdays, the official calendar wrapping `chinese-days`, the statutory holidays with their sources).
 * What is here are thin adapters that differ from it only in the error they throw: the roster's inputs are
 * checked as roster inputs, so a malformed or impossible date throws {@link RosterInputError} `invalid` naming the
 * field (`startDate`, `locks[0].date`) where the events calendar throws a RangeError, and a year outside 2008-2099
 * throws RosterInputError where it throws its InputError. The results for valid dates are the events calendar's.
 *
 * Sources of the working-time figures kept here:
 * - 《工资支付暂行规定》 art. 13 and 《关于职工全年月平均工作时间和工资折算问题的通知》 (劳社部发〔2008〕3号, updated
 *   for 2025's 13 holidays): 365 − 104 rest days − 13 holidays = 248 working days a year, 8 h each: 1,984 h a year,
 *   165.33 h a month on average.
 */
import {
  dateOfDay,
  dayNumber as calendarDayNumber,
  isOfficialWorkday as calendarIsOfficialWorkday,
  isWeekend as calendarIsWeekend,
  officialDayName as calendarOfficialDayName,
  statutoryHolidays as calendarStatutoryHolidays,
  STATUTORY_HOLIDAY_YEARS,
  statutoryHolidayOn,
  weekdayOf,
  type LocalDate,
  type StatutoryHoliday,
} from '@hotline/events';
import { RosterInputError } from '../errors';

export { dateOfDay, statutoryHolidayOn, type LocalDate, type StatutoryHoliday };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Days since 1970-01-01 of a local date (a pure calendar count, no time zone involved): the events calendar's
 * `dayNumber`, checked as a roster input.
 * @throws RosterInputError `invalid` naming `field` when the date is malformed or does not exist.
 */
export function dayNumber(date: LocalDate, field = 'date'): number {
  if (typeof date !== 'string' || !DATE.test(date)) throw new RosterInputError('invalid', field, `must be a date YYYY-MM-DD (got ${String(date)})`);
  try {
    return calendarDayNumber(date);
  } catch (error) {
    if (error instanceof RangeError) throw new RosterInputError('invalid', field, `is not a calendar date (got ${date})`);
    throw error;
  }
}

/** `read` of the events calendar behind a roster check of its date: RosterInputError `invalid` where it throws a RangeError. */
const checked =
  <T>(read: (date: LocalDate) => T) =>
  (date: LocalDate): T => {
    dayNumber(date);
    return read(date);
  };

/** `date` plus `days` days. @throws RosterInputError for a malformed date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDay(dayNumber(date) + days);
}

/** Day of the week of a local date: 0 = Sunday ... 6 = Saturday (the events calendar's `weekdayOf`). @throws RosterInputError for a malformed date. */
export const weekday: (date: LocalDate) => number = checked(weekdayOf);

/** True on Saturday and Sunday (the weekend of the fairness ledger, whatever the official calendar says). @throws RosterInputError for a malformed date. */
export const isWeekend: (date: LocalDate) => boolean = checked(calendarIsWeekend);

/**
 * The statutory holidays of a Gregorian year under the rules in force that year (the events calendar's
 * `statutoryHolidays`: 13 days from 2025, 11 from 2008 to 2024).
 * @param year Gregorian year, 2008-2099.
 * @returns the dates in calendar order.
 * @throws RosterInputError `invalid` for a year outside 2008-2099.
 * @example statutoryHolidays(2025).length; // 13 — 2025-01-28..31 are the Spring Festival days
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < STATUTORY_HOLIDAY_YEARS.first || year > STATUTORY_HOLIDAY_YEARS.last) {
    throw new RosterInputError('invalid', 'year', `must be an integer in 2008..2099 (got ${year})`);
  }
  return calendarStatutoryHolidays(year);
}

/**
 * True when `date` is an official working day: Monday to Friday unless a holiday or bridging rest day, and the
 * weekend make-up working days (调休上班) of the State Council's notice for that year.
 * @throws RosterInputError for a malformed date.
 */
export const isOfficialWorkday: (date: LocalDate) => boolean = checked(calendarIsOfficialWorkday);

/** The official name of the day (`National Day,国庆节,3`, `Saturday`, ...) as `chinese-days` gives it. @throws RosterInputError for a malformed date. */
export const officialDayName: (date: LocalDate) => string = checked(calendarOfficialDayName);

/** Working days a year (365 − 104 − 13) and hours a day behind the monthly average of 165.33 h. */
export const ANNUAL_WORKING_DAYS_2025 = 248;
