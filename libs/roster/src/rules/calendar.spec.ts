import { addDays, dayNumber, isOfficialWorkday, isWeekend, officialDayName, statutoryHolidayOn, statutoryHolidays, weekday } from './calendar';
import { RosterInputError } from '../errors';

describe('statutory holidays (全国年节及纪念日放假办法, amended 2024)', () => {
  it('2025 has the 13 days of the amended rules', () => {
    expect(statutoryHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-01-28', // lunar New Year's Eve, statutory from 2025
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02', // added in 2025
      '2025-05-31',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06', // Mid-Autumn
    ]);
  });

  it('2026: 13 days, Spring Festival from the eve (16 February), Qingming on 5 April', () => {
    const days = statutoryHolidays(2026).map((h) => h.date);
    expect(days).toHaveLength(13);
    expect(days).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-04-05', '2026-06-19', '2026-09-25']));
  });

  it('before 2025 there were 11 (2024: 1st-3rd of the first month, one Labour Day)', () => {
    const days = statutoryHolidays(2024).map((h) => h.date);
    expect(days).toHaveLength(11);
    expect(days).toEqual(expect.arrayContaining(['2024-02-10', '2024-02-11', '2024-02-12', '2024-05-01']));
    expect(days).not.toContain('2024-02-09');
    expect(days).not.toContain('2024-05-02');
  });

  it('every statutory day of 2025-2026 lies inside the official holiday of its name (chinese-days)', () => {
    for (const year of [2025, 2026]) for (const h of statutoryHolidays(year)) expect(isOfficialWorkday(h.date)).toBe(false);
  });

  it('finds the holiday of a date, and none on a bridging rest day', () => {
    expect(statutoryHolidayOn('2025-10-02')?.name).toBe('National Day 国庆节');
    expect(statutoryHolidayOn('2025-10-07')).toBeUndefined(); // a bridging rest day, not statutory
    expect(statutoryHolidayOn('2025-10-13')).toBeUndefined();
  });

  it('refuses years outside 2008-2099', () => {
    expect(() => statutoryHolidays(2007)).toThrow(RosterInputError);
  });
});

describe('official calendar and date arithmetic', () => {
  it('make-up working days work, bridging rest days do not', () => {
    expect(isOfficialWorkday('2025-10-11')).toBe(true); // Saturday, make-up day
    expect(isOfficialWorkday('2025-09-28')).toBe(true); // Sunday, make-up day
    expect(isOfficialWorkday('2025-10-08')).toBe(false); // Wednesday, bridging rest day
    expect(isOfficialWorkday('2025-11-03')).toBe(true);
    expect(isOfficialWorkday('2025-11-08')).toBe(false);
  });

  it('weekdays, weekends and day numbers', () => {
    expect(weekday('2025-11-03')).toBe(1);
    expect(weekday('1970-01-01')).toBe(4);
    expect(isWeekend('2025-11-08')).toBe(true);
    expect(isWeekend('2025-10-11')).toBe(true); // a weekend for fairness even when it is a make-up working day
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(dayNumber('1970-01-02')).toBe(1);
  });

  it('rejects malformed and impossible dates, naming the field', () => {
    expect(() => dayNumber('2025-02-29', 'startDate')).toThrow('startDate is not a calendar date');
    expect(() => dayNumber('2025/01/01', 'startDate')).toThrow(RosterInputError);
    expect(() => weekday('2025-02-29')).toThrow('date is not a calendar date');
    expect(() => officialDayName('2025-13-01')).toThrow(RosterInputError);
  });
});
