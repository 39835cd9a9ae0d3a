import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { addDays, daysBetween as dayDiff, weekdayOf } from '@hotline/events';
import { dayInfo } from './calendar';
import { ForecastInputError } from './errors';

describe('calendar', () => {
  it('weekdays and day arithmetic are pure calendar maths', () => {
    expect(weekdayOf('2025-03-03')).toBe(1); // a Monday
    expect(weekdayOf('1999-02-02')).toBe(2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(dayDiff('2025-02-25', '2025-03-04')).toBe(7);
  });

  it('Chinese statutory holidays, weekend days inside them, and make-up workdays (调休) come from chinese-days', () => {
    expect(dayInfo('2024-10-01')).toMatchObject({ dayType: 'holiday', profileKey: 'holiday', weekday: 2, calendarCovered: true });
    expect(dayInfo('2024-10-01').holidayName).toContain('国庆节');
    expect(dayInfo('2024-10-05')).toMatchObject({ dayType: 'holiday', weekday: 6 }); // a Saturday inside the National Day week
    expect(dayInfo('2024-10-12')).toMatchObject({ dayType: 'makeup-workday', profileKey: 'makeup-workday', weekday: 6 });
    expect(dayInfo('2024-02-04')).toMatchObject({ dayType: 'makeup-workday', weekday: 0 }); // Spring Festival 2024, a Sunday worked
    expect(dayInfo('2024-10-13')).toMatchObject({ dayType: 'restday', profileKey: 0 });
    expect(dayInfo('2024-10-14')).toMatchObject({ dayType: 'workday', profileKey: 1 });
    expect(dayInfo('2025-01-28')).toMatchObject({ dayType: 'holiday' }); // 2025 Spring Festival eve is a holiday
  });

  it('`none` knows weekdays only', () => {
    expect(dayInfo('2024-10-01', 'none')).toEqual({ day: '2024-10-01', weekday: 2, dayType: 'workday', profileKey: 2, calendarCovered: true });
    expect(dayInfo('2024-10-12', 'none')).toMatchObject({ dayType: 'restday', profileKey: 6 });
  });

  it('years the package does not cover are ordinary days, flagged', () => {
    expect(dayInfo('1999-02-02')).toMatchObject({ dayType: 'workday', calendarCovered: false });
    expect(dayInfo('2099-10-01')).toMatchObject({ dayType: 'workday', calendarCovered: false });
  });

  it('gives the same answer whatever the process time zone (chinese-days\' own functions shift holidays west of UTC)', () => {
    const days = ['2024-01-01', '2024-09-30', '2024-10-01', '2024-10-07', '2024-10-08', '2024-10-12', '2025-01-28', '2025-02-08'];
    const here = days.map((d) => dayInfo(d).dayType);
    expect(here).toEqual(['holiday', 'workday', 'holiday', 'holiday', 'workday', 'makeup-workday', 'holiday', 'makeup-workday']);
    // process.env.TZ cannot be changed inside a Jest worker, so ask a fresh Node process in two far-apart zones.
    const code = `import(${JSON.stringify(join(__dirname, 'calendar.ts'))}).then((m) => { const c = m.dayInfo ? m : m.default;
      process.stdout.write(JSON.stringify({ offset: new Date(2024, 9, 1, 12).getTimezoneOffset(), types: ${JSON.stringify(days)}.map((d) => c.dayInfo(d).dayType) })); })`;
    for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: join(__dirname, '..', '..', '..'), env: { ...process.env, TZ: zone }, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { offset: number; types: string[] };
      expect(out.offset).not.toBe(-480); // really another zone than Asia/Shanghai
      expect(out.types).toEqual(here);
    }
  });

  it('rejects a bad date or calendar, naming the field', () => {
    expect(() => dayInfo('2024-13-01')).toThrow(ForecastInputError);
    expect(() => dayInfo('2024-13-01')).toThrow(/^day /);
    expect(() => dayInfo('2024-10-01', 'us' as never)).toThrow(/^calendar /);
  });
});
