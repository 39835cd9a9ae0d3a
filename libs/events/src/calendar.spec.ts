import { getDayDetail, isWorkday } from 'chinese-days';
import {
  addDays, dateOfDay, dayNumber, daysBetween, daysInMonth, isOfficialWorkday, nextMonth, officialCalendarCovers, officialDay, officialDayName, officialHolidayLabel,
  previousMonth, statutoryHolidayOn, statutoryHolidays, weekdayOf,
} from './calendar';
import { InputError } from './errors';

describe('the one calendar', () => {
  it('months step forward and back across the year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
    expect(nextMonth('2025-12')).toBe('2026-01');
    expect(previousMonth(nextMonth('2026-07'))).toBe('2026-07');
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2025-02')).toBe(28);
  });

  it('weekdays: 0 = Sunday ... 6 = Saturday, before and after 1970', () => {
    expect(weekdayOf('2026-12-06')).toBe(0);
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2025-10-11')).toBe(6);
    expect(weekdayOf('1969-12-31')).toBe(3);
    expect(() => weekdayOf('2025-02-29')).toThrow(RangeError);
  });

  it('day differences and addition agree', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2024-03-01', -2)).toBe('2024-02-28');
    expect(daysBetween('2026-01-01', '2025-12-31')).toBe(-1);
  });

  it('years 0000-0099 are themselves (Date.UTC would read them as 1900-1999)', () => {
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(dayNumber('0001-01-01')).toBe(-719_162); // 1969 years of 365 days and 477 leap days before 1970
    expect(dateOfDay(dayNumber('0099-06-15'))).toBe('0099-06-15');
    expect(addDays('0000-02-28', 1)).toBe('0000-02-29'); // year 0 is a leap year (1900 is not)
    expect(daysInMonth('0000-02')).toBe(29);
    expect(weekdayOf('0001-01-01')).toBe(1); // a Monday in the proleptic Gregorian calendar
  });

  it('official workdays and day names equal chinese-days over 2004-2027 (process zone here: UTC or east of it)', () => {
    let day = '2004-01-01';
    let differences = 0;
    while (day < '2028-01-01') {
      if (isOfficialWorkday(day) !== isWorkday(day) || officialDayName(day) !== getDayDetail(day).name) differences++;
      day = addDays(day, 1);
    }
    expect(differences).toBe(0);
  });

  it('make-up workdays, bridging rest days and holiday labels', () => {
    expect(isOfficialWorkday('2025-10-11')).toBe(true); // Saturday worked for National Day
    expect(isOfficialWorkday('2025-10-08')).toBe(false); // Wednesday, bridging rest day
    expect(officialDay('2025-10-11').kind).toBe('makeup-workday');
    expect(officialDay('2025-10-01')).toEqual({ kind: 'holiday', raw: 'National Day,国庆节,3' });
    expect(officialHolidayLabel('National Day,国庆节,8')).toBe('国庆节 National Day');
    expect(officialDayName('2025-11-08')).toBe('Saturday');
    expect(officialCalendarCovers('2003-06-01')).toBe(false);
    expect(officialCalendarCovers('2025-06-01')).toBe(true);
  });

  it('statutory holidays: 13 from 2025, 11 before; years outside 2008-2099 are an InputError on year', () => {
    expect(statutoryHolidays(2025)).toHaveLength(13);
    expect(statutoryHolidays(2024)).toHaveLength(11);
    expect(statutoryHolidayOn('2025-01-28')?.name).toBe('Spring Festival 春节');
    expect(statutoryHolidayOn('2025-10-07')).toBeUndefined();
    let error: unknown;
    try {
      statutoryHolidays(2007);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'invalid', field: 'year', message: 'year must be an integer in 2008..2099 (got 2007)' });
  });
});
