import { holdoutAccuracy } from './accuracy';
import { addDays, weekdayOf } from '@hotline/events';
import { ForecastInputError } from './errors';
import { forecastArrivals, normalQuantile, wape } from './forecast';
import type { ArrivalHistory } from './history';

/** Intraday shape of a 24/7 line: quiet night, busy day (calls per half hour at level 1). */
const SHAPE = Array.from({ length: 48 }, (_, k) => (k < 14 ? 0.5 : k < 36 ? 4 : 2));
const WEEKDAY_LEVEL = [0.6, 1.2, 1.1, 1, 1, 0.9, 0.7]; // Sunday .. Saturday

function history(from: string, days: number, value: (day: string, k: number, i: number) => number, skip: (day: string) => boolean = () => false): ArrivalHistory {
  const list = Array.from({ length: days }, (_, i) => addDays(from, i))
    .filter((d) => !skip(d))
    .map((day) => ({ day, counts: SHAPE.map((_, k) => value(day, k, Math.round((Date.parse(day) - Date.parse(from)) / 86_400_000))) }));
  return { intervalMinutes: 30, timeZone: 'Asia/Shanghai', days: list };
}

const regular = (day: string, k: number): number => 10 * WEEKDAY_LEVEL[weekdayOf(day)] * SHAPE[k];

/** A seeded uniform generator (Park-Miller) and a Poisson sampler (Knuth), so the noisy test is repeatable. */
function poisson(seed: number): (mean: number) => number {
  let state = seed;
  const uniform = (): number => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
  return (mean) => {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = uniform(); p > limit; p *= uniform()) k += 1;
    return k;
  };
}

describe('forecastArrivals', () => {
  it('reproduces a noise-free weekly pattern exactly; the prediction interval is then Poisson noise alone (κ = 0)', () => {
    const h = history('2025-02-03', 35, regular);
    const f = forecastArrivals(h, { weeks: 2, calendar: 'none' });
    expect(f.from).toBe('2025-03-10');
    expect(f.to).toBe('2025-03-23');
    expect(f.method.selectedBy).toBe('back-test');
    expect(f.method.backtest[0].wapeInterval).toBeCloseTo(0, 9);
    expect(f.predictionInterval).toMatchObject({ source: 'back-test', overdispersionInterval: 0, overdispersionDay: 0 });
    expect(f.intervals).toHaveLength(14 * 48);
    for (const iv of f.intervals) {
      const k = Number(iv.label.slice(0, 2)) * 2 + (iv.label.endsWith('30') ? 1 : 0);
      expect(iv.arrivals).toBeCloseTo(regular(iv.day, k), 6);
      expect(iv.upper - iv.arrivals).toBeCloseTo(normalQuantile(0.9) * Math.sqrt(iv.arrivals), 6);
    }
    expect(f.days[0]).toMatchObject({ day: '2025-03-10', weekday: 1, dayType: 'workday', basis: 'history' });
  });

  it('runs across midnight without special cases: every interval starts 30 minutes after the previous one', () => {
    const f = forecastArrivals(history('2025-02-03', 21, regular), { weeks: 1, calendar: 'none' });
    expect(f.intervals[0]).toMatchObject({ start: '2025-02-23T16:00:00.000Z', day: '2025-02-24', label: '00:00' });
    for (let i = 1; i < f.intervals.length; i++) expect(Date.parse(f.intervals[i].start) - Date.parse(f.intervals[i - 1].start)).toBe(1_800_000);
    expect(f.intervals[47].label).toBe('23:30');
    expect(f.intervals[48].label).toBe('00:00');
  });

  it('seasonal naive repeats the latest observed same weekday, in every week of the horizon', () => {
    const h = history('2025-02-03', 21, (day, k, i) => i * 100 + k);
    const f = forecastArrivals(h, { weeks: 2, method: 'seasonal-naive', calendar: 'none' });
    expect(f.method).toMatchObject({ name: 'seasonal-naive', selectedBy: 'fixed' });
    expect(f.intervals[5].arrivals).toBe(14 * 100 + 5); // Monday 24 Feb <- Monday 17 Feb (day 14)
    expect(f.intervals[7 * 48 + 5].arrivals).toBe(14 * 100 + 5); // Monday 3 Mar <- the same Monday (the next one is not history)
  });

  it("weekday-profile's Holt trend extrapolates a steady weekly growth", () => {
    const h = history('2025-02-03', 28, (day, k, i) => 20 + 5 * Math.floor(i / 7) + k % 3);
    const f = forecastArrivals(h, { weeks: 2, method: 'weekday-profile', parameters: { alpha: 1, beta: 1 }, calendar: 'none' });
    expect(f.intervals[2].arrivals).toBeCloseTo(20 + 5 * 4 + 2, 9); // week 5
    expect(f.intervals[7 * 48 + 2].arrivals).toBeCloseTo(20 + 5 * 5 + 2, 9); // week 6
    const naive = forecastArrivals(h, { weeks: 1, method: 'seasonal-naive', calendar: 'none' });
    expect(naive.intervals[2].arrivals).toBe(20 + 5 * 3 + 2);
  });

  it('day-share: a day total from level x weekday factor, spread by the intraday shares', () => {
    const h = history('2025-02-03', 28, regular);
    const f = forecastArrivals(h, { weeks: 1, method: 'day-share', calendar: 'none' });
    const total = (day: string): number => SHAPE.reduce((s, _, k) => s + regular(day, k), 0);
    for (const d of f.days) expect(d.arrivals).toBeCloseTo(total(d.day), 6);
  });

  it('Chinese special days: make-up workday as the mean workday, holidays as the mean weekend day, until the history has its own', () => {
    // August to 13 September 2024: no holiday. Then 14 Sep (Saturday) is worked and 15-17 Sep are Mid-Autumn holidays.
    const h = history('2024-08-05', 40, regular);
    const f = forecastArrivals(h, { weeks: 1, method: 'weekday-profile', parameters: { alpha: 1, beta: 0 } });
    const byDay = Object.fromEntries(f.days.map((d) => [d.day, d]));
    const meanTotal = (weekdays: number[]): number => weekdays.reduce((s, w) => s + 10 * WEEKDAY_LEVEL[w] * SHAPE.reduce((a, b) => a + b, 0), 0) / weekdays.length;
    expect(byDay['2024-09-14']).toMatchObject({ dayType: 'makeup-workday', basis: 'workdays' });
    expect(byDay['2024-09-14'].arrivals).toBeCloseTo(meanTotal([1, 2, 3, 4, 5]), 6);
    expect(byDay['2024-09-16']).toMatchObject({ dayType: 'holiday', basis: 'rest-days' });
    expect(byDay['2024-09-16'].holidayName).toContain('中秋');
    expect(byDay['2024-09-16'].arrivals).toBeCloseTo(meanTotal([0, 6]), 6);
    expect(byDay['2024-09-18']).toMatchObject({ dayType: 'workday', basis: 'history' });

    // With those holidays in the history (at three times the usual Sunday), the National Day week is forecast from them,
    // and the weekday profiles are untouched by them.
    const withHolidays = history('2024-08-05', 56, (day, k) => (['2024-09-15', '2024-09-16', '2024-09-17'].includes(day) ? 3 * 10 * WEEKDAY_LEVEL[0] * SHAPE[k] : regular(day, k)));
    const g = forecastArrivals(withHolidays, { from: '2024-09-30', days: 8, method: 'weekday-profile', parameters: { alpha: 1, beta: 0 } });
    const oct = Object.fromEntries(g.days.map((d) => [d.day, d]));
    expect(oct['2024-10-01']).toMatchObject({ dayType: 'holiday', basis: 'history' });
    expect(oct['2024-10-01'].arrivals).toBeCloseTo(3 * 10 * WEEKDAY_LEVEL[0] * SHAPE.reduce((a, b) => a + b, 0), 6);
    expect(oct['2024-09-30'].arrivals).toBeCloseTo(10 * WEEKDAY_LEVEL[1] * SHAPE.reduce((a, b) => a + b, 0), 6); // an ordinary Monday
  });

  it('a weekday the history spans but never contains (a centre closed at weekends) is forecast as closed, 0 calls, with a warning', () => {
    const h = history('2025-02-03', 28, regular, (d) => weekdayOf(d) === 0 || weekdayOf(d) === 6);
    for (const method of ['seasonal-naive', 'weekday-profile', 'day-share'] as const) {
      const f = forecastArrivals(h, { weeks: 1, calendar: 'none', method });
      expect(f.days.filter((d) => d.weekday === 0 || d.weekday === 6)).toEqual([expect.objectContaining({ basis: 'closed', arrivals: 0 }), expect.objectContaining({ basis: 'closed', arrivals: 0 })]);
      expect(f.days.filter((d) => d.basis === 'history')).toHaveLength(5);
      expect(f.warnings).toContainEqual(expect.objectContaining({ code: 'closed-weekday', params: { days: 2 } }));
    }
  });

  it('a day with no comparable history falls back to the mean of its day type, else of all days, never silently to 0', () => {
    const total = (weekday: number): number => SHAPE.reduce((s, _, k) => s + 10 * WEEKDAY_LEVEL[weekday] * SHAPE[k], 0);
    // Only a Sunday: Saturday (a rest day) is the Sunday; the workdays, with no workday in the history, all days (the Sunday).
    const sunday = history('2025-03-02', 1, regular);
    for (const method of ['seasonal-naive', 'weekday-profile', 'day-share'] as const) {
      const f = forecastArrivals(sunday, { weeks: 1, calendar: 'none', method });
      expect(f.days.map((d) => [d.weekday, d.basis])).toEqual([[1, 'all-days'], [2, 'all-days'], [3, 'all-days'], [4, 'all-days'], [5, 'all-days'], [6, 'rest-days'], [0, 'history']]);
      for (const d of f.days) expect(d.arrivals).toBeCloseTo(total(0), 6);
      expect(f.warnings).toContainEqual(expect.objectContaining({ code: 'day-type-fallback', params: { days: 6 } }));
      expect(f.warnings.map((w) => w.code)).not.toContain('closed-weekday');
    }
    // Monday to Saturday of one week: the Sunday is the Saturday (the other rest day).
    const noSunday = forecastArrivals(history('2025-03-03', 6, regular), { weeks: 1, calendar: 'none', method: 'weekday-profile' });
    expect(noSunday.days.find((d) => d.weekday === 0)).toMatchObject({ basis: 'rest-days' });
    expect(noSunday.days.find((d) => d.weekday === 0)!.arrivals).toBeCloseTo(total(6), 6);
    // Monday to Friday of one week: the weekend, with no rest day in the history, is the mean of the five workdays.
    const workweek = forecastArrivals(history('2025-03-03', 5, regular), { weeks: 1, calendar: 'none', method: 'weekday-profile' });
    expect(workweek.days.find((d) => d.weekday === 6)).toMatchObject({ basis: 'all-days' });
    expect(workweek.days.find((d) => d.weekday === 6)!.arrivals).toBeCloseTo([1, 2, 3, 4, 5].reduce((s, w) => s + total(w), 0) / 5, 6);
    // One Wednesday missing among several: the other Wednesdays are its history (no fallback, nothing closed).
    const gap = forecastArrivals(history('2025-02-03', 21, regular, (d) => d === '2025-02-12'), { weeks: 1, calendar: 'none' });
    expect(gap.days.every((d) => d.basis === 'history')).toBe(true);
  });

  it('with under two weeks of history: no back-test, the default method, a Poisson prediction interval', () => {
    const f = forecastArrivals(history('2025-02-03', 10, regular), { weeks: 1, calendar: 'none' });
    expect(f.method).toMatchObject({ name: 'weekday-profile', selectedBy: 'default', backtest: [], backtestWeeks: 0 });
    expect(f.predictionInterval).toMatchObject({ source: 'poisson', overdispersionInterval: 0, overdispersionDay: 0, level: 0.8 });
    const iv = f.intervals.find((x) => x.arrivals > 10)!;
    expect(iv.upper - iv.arrivals).toBeCloseTo(normalQuantile(0.9) * Math.sqrt(iv.arrivals), 9);
  });

  it('on noisy Poisson counts the back-tested choice beats the seasonal naive out of sample, and its 80 % interval holds about 80 %', () => {
    const draw = poisson(20_250_303);
    const h = history('2025-01-06', 70, (day, k) => draw(regular(day, k)));
    const r = holdoutAccuracy(h, { testWeeks: 2, calendar: 'none' });
    expect(r.auto.wapeInterval).toBeLessThan(r.methods['seasonal-naive'].wapeInterval);
    expect(r.auto.wapeDay).toBeLessThan(r.methods['seasonal-naive'].wapeDay);
    expect(r.intervalCoverage).toBeGreaterThan(0.7);
    expect(r.intervalCoverage).toBeLessThan(0.95);
  });

  it('rejects bad options, naming the field', () => {
    const h = history('2025-02-03', 21, regular);
    const field = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof ForecastInputError) return `${e.code}:${e.field}`;
        throw e;
      }
      throw new Error('expected a ForecastInputError');
    };
    expect(field(() => forecastArrivals(h, { weeks: 0 }))).toBe('out-of-range:weeks');
    expect(field(() => forecastArrivals(h, { weeks: 1.5 }))).toBe('out-of-range:weeks');
    expect(field(() => forecastArrivals(h, { method: 'arima' as never }))).toBe('invalid:method');
    expect(field(() => forecastArrivals(h, { from: '2025-02-30' }))).toBe('invalid:from');
    expect(field(() => forecastArrivals(h, { from: '2025-01-01' }))).toBe('insufficient-history:history');
    expect(field(() => forecastArrivals({ ...h, days: [] }))).toBe('insufficient-history:history');
    expect(field(() => forecastArrivals(h, { predictionLevel: 1 }))).toBe('out-of-range:predictionLevel');
    expect(field(() => holdoutAccuracy(h, { testWeeks: 3 }))).toBe('insufficient-history:testWeeks');
  });

  it('WAPE and the normal quantile', () => {
    expect(wape(10, 100)).toBe(0.1);
    expect(wape(0, 0)).toBe(0);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
  });
});
