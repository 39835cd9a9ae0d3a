/**
 * Day types for the forecast: ordinary weekdays, and the special days of a holiday calendar. With the `cn`
 * calendar, Chinese statutory holidays (法定节假日, including the weekend days inside a holiday period) and
 * make-up workdays (调休补班: a Saturday or Sunday worked in exchange for a holiday) come from the official calendar
 * of `@hotline/events` (its one wrapper of the `chinese-days` package, vsme/chinese-days, data from the State
 * Council's yearly notices, 2004 onwards, read zone-free). Date arithmetic (`addDays`, `weekdayOf`, `daysBetween`)
 * is `@hotline/events`' too.
 * With `none` every day is the weekday it falls on (for foreign series such as the US bank or the 911 centre).
 */
import { officialCalendarCovers, officialDay, officialHolidayLabel, weekdayOf } from '@hotline/events';
import { ForecastInputError } from './errors';

/** Holiday calendar: `cn` (mainland China, default) or `none` (every day is its weekday). */
export type HolidayCalendar = 'cn' | 'none';

/** The calendars {@link dayInfo} knows. */
export const HOLIDAY_CALENDARS: readonly HolidayCalendar[] = ['cn', 'none'];

/**
 * What kind of day a date is:
 * - `workday`: Monday-Friday, no holiday;
 * - `restday`: Saturday or Sunday, no holiday and no make-up work;
 * - `holiday`: a statutory holiday (any weekday, weekend days inside the holiday period included);
 * - `makeup-workday`: a weekend day worked in exchange for a holiday (调休).
 */
export type DayType = 'workday' | 'restday' | 'holiday' | 'makeup-workday';

/**
 * Which profile a day is forecast from: its weekday (0 = Sunday ... 6 = Saturday) for an ordinary day, or the
 * special-day profiles `holiday` and `makeup-workday`.
 */
export type ProfileKey = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 'holiday' | 'makeup-workday';

/** A calendar day as the forecast sees it. */
export interface DayInfo {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Kind of day (see {@link DayType}). */
  dayType: DayType;
  /** The profile the day is forecast from. */
  profileKey: ProfileKey;
  /** Name of the holiday (`春节 Spring Festival`) on a holiday or make-up workday. */
  holidayName?: string;
  /**
   * False when the `cn` calendar has no data for the day's year (the package covers 2004 to the last year the
   * State Council has announced): the day is then treated as ordinary. Always true with `none`.
   */
  calendarCovered: boolean;
  /** True when the day is a special day a user added ({@link SpecialDay}): it is then forecast like a holiday. */
  userSpecial?: true;
}

/**
 * A day a user adds to the calendar because it will not look like its weekday: a local event, a system change, a
 * campaign. It is treated like a statutory holiday: dayType `holiday`, profile `holiday` (in the history it trains
 * the holiday profile only, never its weekday's; ahead it is forecast from the holidays in the history, or the mean
 * of Saturday and Sunday when there are none). It overrides the holiday calendar on that date.
 */
export interface SpecialDay {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** What happens that day, as the planner wrote it (shown as the day's `holidayName`). */
  name: string;
}

/** User special days by date, as {@link dayInfo} reads them (see {@link specialDayIndex}). */
export type SpecialDayIndex = ReadonlyMap<string, string>;

/**
 * Validates user special days and indexes them by date.
 * @param days the special days (any order; a date given twice keeps its last name).
 * @returns date -> name.
 * @throws ForecastInputError `specialDays[i].day` for a date that is not `YYYY-MM-DD`, `specialDays[i].name` for an
 *   empty name.
 */
export function specialDayIndex(days: readonly SpecialDay[] = []): SpecialDayIndex {
  const index = new Map<string, string>();
  days.forEach((d, i) => {
    try {
      weekdayOf(d.day);
    } catch {
      throw new ForecastInputError('invalid', `specialDays[${i}].day`, `must be a calendar date YYYY-MM-DD (got ${JSON.stringify(d.day)})`);
    }
    if (typeof d.name !== 'string' || d.name.trim() === '') throw new ForecastInputError('invalid', `specialDays[${i}].name`, 'must not be empty');
    index.set(d.day, d.name.trim());
  });
  return index;
}

/**
 * Day type, weekday and profile of a date under a holiday calendar.
 *
 * @param day local date `YYYY-MM-DD`.
 * @param calendar `cn` (default): Chinese statutory holidays and make-up workdays from `chinese-days`;
 *   `none`: weekdays only.
 * @param special user special days ({@link specialDayIndex}): a date in it is a `holiday` named as the user named
 *   it, under either calendar, whatever the calendar says about it (`userSpecial: true`).
 * @returns the {@link DayInfo}.
 * @throws ForecastInputError `day` when the date is not `YYYY-MM-DD`, `calendar` when the calendar is unknown.
 * @see officialDay in `@hotline/events` (chinese-days, https://github.com/vsme/chinese-days, from the State Council's holiday notices).
 * @example
 * dayInfo('2024-10-01'); // { dayType: 'holiday', profileKey: 'holiday', holidayName: '国庆节 National Day', weekday: 2, ... }
 * dayInfo('2024-10-12'); // { dayType: 'makeup-workday', weekday: 6, ... }   (a Saturday worked for National Day)
 * dayInfo('2024-10-12', 'none'); // { dayType: 'restday', profileKey: 6, ... }
 */
export function dayInfo(day: string, calendar: HolidayCalendar = 'cn', special?: SpecialDayIndex): DayInfo {
  let weekday: number;
  try {
    weekday = weekdayOf(day);
  } catch {
    throw new ForecastInputError('invalid', 'day', `must be a calendar date YYYY-MM-DD (got ${JSON.stringify(day)})`);
  }
  const ordinary: DayInfo = {
    day,
    weekday,
    dayType: weekday === 0 || weekday === 6 ? 'restday' : 'workday',
    profileKey: weekday as ProfileKey,
    calendarCovered: true,
  };
  if (calendar !== 'none' && calendar !== 'cn') throw new ForecastInputError('invalid', 'calendar', `must be one of ${HOLIDAY_CALENDARS.join(', ')} (got ${JSON.stringify(calendar)})`);
  const userName = special?.get(day);
  if (userName !== undefined) {
    const covered = calendar === 'none' || officialCalendarCovers(day);
    return { ...ordinary, dayType: 'holiday', profileKey: 'holiday', holidayName: userName, calendarCovered: covered, userSpecial: true };
  }
  if (calendar === 'none') return ordinary;
  if (!officialCalendarCovers(day)) return { ...ordinary, calendarCovered: false };
  const official = officialDay(day);
  if (official.kind === 'holiday') return { ...ordinary, dayType: 'holiday', profileKey: 'holiday', holidayName: officialHolidayLabel(official.raw) };
  // A make-up workday is a weekend day worked; a weekday in the table would just be an ordinary workday.
  if (official.kind === 'makeup-workday' && (weekday === 0 || weekday === 6)) return { ...ordinary, dayType: 'makeup-workday', profileKey: 'makeup-workday', holidayName: officialHolidayLabel(official.raw) };
  return ordinary;
}
