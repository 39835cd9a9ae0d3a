/**
 * Unusual days (marked by a planner or detected by the outlier rule), user special days, and the prediction
 * interval on a short history.
 *
 * Done-when: the Anonymous Bank, February 1999 (shared/data/anonymous-bank-1999-02, arrivals = non-PHANTOM rows by
 * vru_entry, as forecast-accuracy.spec.ts reads them), held out 15-21 February and forecast from 1-14 February,
 * with the week 8-14 February multiplied by 3 (every interval of the 7 days). Marking those 7 days brings the WAPE
 * back to the unspiked run's. Prints the numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls } from '@hotline/events';
import { addDays, weekdayOf } from '@hotline/events';
import { dayInfo, specialDayIndex } from './calendar';
import { ForecastInputError } from './errors';
import { type ArrivalHistory, ForecastInputError as Exported, OUTLIER_RULE, arrivalHistoryFromInstants, parseUsBank5min, forecastArrivals, holdoutAccuracy, normalQuantile, screenHistory } from './index';

const FILE = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');

function bankHistory(): ArrivalHistory {
  const { events } = parseBankCalls(readFileSync(FILE, 'utf8'));
  const arrivals = events.filter((e) => e.type === 'call.offered').map((e) => Date.parse(e.ts));
  return arrivalHistoryFromInstants(arrivals, { timeZone: 'Asia/Shanghai', intervalMinutes: 30 });
}

const times = (h: ArrivalHistory, days: readonly string[], factor: number): ArrivalHistory => ({
  ...h,
  days: h.days.map((d) => (days.includes(d.day) ? { ...d, counts: d.counts.map((c) => c * factor) } : d)),
});

const SPIKE = Array.from({ length: 7 }, (_, i) => addDays('1999-02-08', i));
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

describe('unusual days on the Anonymous Bank (one week x3)', () => {
  const bank = bankHistory();
  const spiked = times(bank, SPIKE, 3);
  const lines: string[] = [];
  afterAll(() => process.stdout.write(`\n${lines.join('\n')}\n`));

  it('marking the spiked week restores the holdout WAPE of the unspiked run (within 1 point per day, 1.5 per interval)', () => {
    const unspiked = holdoutAccuracy(bank, { calendar: 'none' });
    expect(holdoutAccuracy(bank, { calendar: 'none', exclusions: { detect: false } }).auto).toEqual(unspiked.auto); // nothing testable in 2 weeks
    const raw = holdoutAccuracy(spiked, { calendar: 'none', exclusions: { detect: false } });
    const marked = holdoutAccuracy(spiked, { calendar: 'none', exclusions: { marked: SPIKE.map((day) => ({ day, reason: 'artificial x3' })) } }); // the rule on, as everywhere
    const detectedOnly = holdoutAccuracy(spiked, { calendar: 'none' });
    lines.push(
      '| Anonymous Bank, test 1999-02-15..21, train 1999-02-01..14 | WAPE per interval | WAPE per day |',
      '|---|---|---|',
      `| unspiked | ${pct(unspiked.auto.wapeInterval)} | ${pct(unspiked.auto.wapeDay)} |`,
      `| 8-14 Feb x3, nothing marked | ${pct(raw.auto.wapeInterval)} | ${pct(raw.auto.wapeDay)} |`,
      `| 8-14 Feb x3, the week marked | ${pct(marked.auto.wapeInterval)} | ${pct(marked.auto.wapeDay)} |`,
      `| 8-14 Feb x3, outlier rule only | ${pct(detectedOnly.auto.wapeInterval)} | ${pct(detectedOnly.auto.wapeDay)} |`,
    );
    // The spike ruins the forecast (its profiles learned a week at three times the volume) ...
    expect(raw.auto.wapeInterval).toBeGreaterThan(unspiked.auto.wapeInterval + 0.5);
    // ... marking the week gives it back: the days' totals as well as the unspiked run, the intervals within 1.5 points
    // (what is left is one training week instead of two: each half hour is then learned from one observation).
    expect(marked.auto.wapeDay).toBeLessThanOrEqual(unspiked.auto.wapeDay + 0.01);
    expect(Math.abs(marked.auto.wapeInterval - unspiked.auto.wapeInterval)).toBeLessThan(0.015);
    // Inside a two-week training window every weekday has two days: the rule needs three, so it cannot tell which
    // week is the unusual one and leaves the forecast as it was (the planner has to mark it).
    expect(detectedOnly.auto.wapeInterval).toBeCloseTo(raw.auto.wapeInterval, 9);
  });

  it('on the whole three weeks the outlier rule detects exactly the 7 spiked days, and shows what it flags unspiked', () => {
    const s = screenHistory(spiked, { detect: true }, 'none');
    const detected = s.days.filter((d) => d.status === 'detected');
    expect(detected.map((d) => d.day)).toEqual(SPIKE);
    for (const d of detected) expect(d.robustZ!).toBeGreaterThan(OUTLIER_RULE.threshold);
    expect(detected[0].reason).toMatch(/robust z/);
    const plain = screenHistory(bank, { detect: true }, 'none');
    const flagged = plain.days.filter((d) => d.status === 'detected');
    lines.push(
      `outlier rule, spiked series: scale ${pct(s.scale!)}, detected ${detected.map((d) => `${d.day} (z ${d.robustZ!.toFixed(1)})`).join(', ')}`,
      `outlier rule, unspiked series: scale ${pct(plain.scale!)}, detected ${flagged.map((d) => `${d.day}: ${d.reason}`).join('; ') || 'none'}`,
    );
    // The real month has two days off their weekday's median by over 20 %: no more than those.
    expect(flagged.length).toBeLessThanOrEqual(2);
    for (const d of flagged) expect(Math.abs(d.total / d.level! - 1)).toBeGreaterThan(0.2);
    // The planner keeps a detected day: it is `included`, not left out.
    const kept = screenHistory(spiked, { included: ['1999-02-10'], detect: true }, 'none');
    expect(kept.days.find((d) => d.day === '1999-02-10')!.status).toBe('included');
    expect(kept.excluded.has('1999-02-10')).toBe(false);
    expect(kept.excluded.size).toBe(6);
  });

  it('a forecast from the spiked history with the rule on leaves the detected days out and lists them', () => {
    const f = forecastArrivals(spiked, { calendar: 'none', from: '1999-02-22', weeks: 1, exclusions: { detect: true } });
    expect(f.excludedDays.filter((d) => d.status === 'detected').map((d) => d.day)).toEqual(SPIKE);
    const off = forecastArrivals(spiked, { calendar: 'none', from: '1999-02-22', weeks: 1, exclusions: { detect: false } });
    expect(off.excludedDays).toEqual([]);
    // The spiked week pulls the forecast up when learned, not when left out.
    const total = (x: typeof f): number => x.days.reduce((a, d) => a + d.arrivals, 0);
    expect(total(off)).toBeGreaterThan(1.3 * total(f));
  });
});

describe('the outlier rule on the US bank (2003, weekdays, 4 held-out weeks)', () => {
  it('flags the days after the US public holidays, and leaving them out lowers the holdout WAPE', () => {
    const us = parseUsBank5min(readFileSync(join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'us-bank-calls-5min', 'calls_5min_2003-03-03_to_2003-09-19.csv'), 'utf8'), 30);
    const s = screenHistory(us, { detect: true }, 'none');
    const flagged = s.days.filter((d) => d.status === 'detected');
    const off = holdoutAccuracy(us, { testWeeks: 4, calendar: 'none', exclusions: { detect: false } });
    const on = holdoutAccuracy(us, { testWeeks: 4, calendar: 'none' });
    process.stdout.write(
      `\nUS bank: scale ${pct(s.scale!)}, detected ${flagged.map((d) => `${d.day} (${d.reason})`).join('; ')}\n` +
        `US bank holdout WAPE interval/day: rule off ${pct(off.auto.wapeInterval)} / ${pct(off.auto.wapeDay)}, rule on ${pct(on.auto.wapeInterval)} / ${pct(on.auto.wapeDay)}\n`,
    );
    // 27 May and 2 September 2003 are the Tuesdays after Memorial Day and Labor Day (the Monday closed).
    expect(flagged.map((d) => d.day)).toEqual(expect.arrayContaining(['2003-05-27', '2003-09-02']));
    expect(flagged.length).toBeLessThanOrEqual(6);
    expect(on.auto.wapeInterval).toBeLessThan(off.auto.wapeInterval);
  });

  it('done-when on a long history: one training week x3, marked, gives the unspiked WAPE back within 1 point per interval and per day', () => {
    const us = parseUsBank5min(readFileSync(join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'us-bank-calls-5min', 'calls_5min_2003-03-03_to_2003-09-19.csv'), 'utf8'), 30);
    const week = Array.from({ length: 7 }, (_, i) => addDays('2003-08-18', i)); // Monday 18 August, the last training week
    const spikedUs = times(us, week, 3);
    const opts = { testWeeks: 4, calendar: 'none' as const };
    const unspiked = holdoutAccuracy(us, { ...opts, exclusions: { detect: false } });
    const raw = holdoutAccuracy(spikedUs, { ...opts, exclusions: { detect: false } });
    const marked = holdoutAccuracy(spikedUs, { ...opts, exclusions: { detect: false, marked: week.filter((day) => us.days.some((d) => d.day === day)).map((day) => ({ day, reason: 'artificial x3' })) } });
    process.stdout.write(
      `\nUS bank, 18-24 August 2003 x3: WAPE interval/day unspiked ${pct(unspiked.auto.wapeInterval)} / ${pct(unspiked.auto.wapeDay)}, ` +
        `spiked ${pct(raw.auto.wapeInterval)} / ${pct(raw.auto.wapeDay)}, marked ${pct(marked.auto.wapeInterval)} / ${pct(marked.auto.wapeDay)}\n`,
    );
    expect(raw.auto.wapeInterval).toBeGreaterThan(unspiked.auto.wapeInterval + 0.01);
    expect(Math.abs(marked.auto.wapeInterval - unspiked.auto.wapeInterval)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(marked.auto.wapeDay - unspiked.auto.wapeDay)).toBeLessThanOrEqual(0.01);
  });
});

/** A synthetic 24/7 line: 48 half hours, weekday levels, optional noise. */
const SHAPE = Array.from({ length: 48 }, (_, k) => (k < 14 ? 0.5 : k < 36 ? 4 : 2));
const LEVEL = [0.6, 1.2, 1.1, 1, 1, 0.9, 0.7];
function synthetic(from: string, days: number, value: (day: string, k: number) => number = (d, k) => 10 * LEVEL[weekdayOf(d)] * SHAPE[k]): ArrivalHistory {
  return { intervalMinutes: 30, timeZone: 'Asia/Shanghai', days: Array.from({ length: days }, (_, i) => addDays(from, i)).map((day) => ({ day, counts: SHAPE.map((_, k) => value(day, k)) })) };
}

describe('marked days, overrides and special days', () => {
  it('a marked day teaches no profile; a weekday whose days are all marked is still open (mean of its day type)', () => {
    const h = synthetic('2025-02-03', 21);
    const mondays = h.days.filter((d) => weekdayOf(d.day) === 1).map((d) => ({ day: d.day, reason: 'system change' }));
    const f = forecastArrivals(h, { calendar: 'none', weeks: 1, method: 'weekday-profile', exclusions: { marked: mondays } });
    const monday = f.days.find((d) => d.weekday === 1)!;
    expect(monday.basis).toBe('workdays');
    expect(monday.arrivals).toBeGreaterThan(0);
    expect(f.excludedDays.map((d) => [d.day, d.status, d.reason])).toEqual(mondays.map((m) => [m.day, 'marked', 'system change']));
  });

  it('every day excluded is a 422-style insufficient history naming `exclusions`; bad dates name their field', () => {
    const h = synthetic('2025-02-03', 7);
    const all = h.days.map((d) => ({ day: d.day, reason: 'x' }));
    expect(() => forecastArrivals(h, { calendar: 'none', exclusions: { marked: all } })).toThrow(expect.objectContaining({ code: 'insufficient-history', field: 'exclusions' }));
    expect(() => forecastArrivals(h, { exclusions: { marked: [{ day: '2025-02-30', reason: 'x' }] } })).toThrow(expect.objectContaining({ field: 'exclusions.marked[0].day' }));
    expect(() => forecastArrivals(h, { exclusions: { marked: [{ day: '2025-02-03', reason: ' ' }] } })).toThrow(expect.objectContaining({ field: 'exclusions.marked[0].reason' }));
    expect(() => forecastArrivals(h, { exclusions: { included: ['soon'] } })).toThrow(expect.objectContaining({ field: 'exclusions.included[0]' }));
    expect(() => forecastArrivals(h, { specialDays: [{ day: '2025-2-3', name: 'x' }] })).toThrow(expect.objectContaining({ field: 'specialDays[0].day' }));
    expect(() => forecastArrivals(h, { specialDays: [{ day: '2025-02-03', name: '' }] })).toThrow(expect.objectContaining({ field: 'specialDays[0].name' }));
    expect(Exported).toBe(ForecastInputError);
  });

  it('a user special day is a holiday under either calendar: it trains the holiday profile and is forecast from it', () => {
    const index = specialDayIndex([{ day: '2025-03-05', name: '系统切换 system change' }]);
    expect(dayInfo('2025-03-05', 'none', index)).toMatchObject({ dayType: 'holiday', profileKey: 'holiday', holidayName: '系统切换 system change', userSpecial: true });
    expect(dayInfo('2025-03-05', 'cn', index)).toMatchObject({ dayType: 'holiday', calendarCovered: true });
    expect(dayInfo('2025-03-05', 'none')).toMatchObject({ dayType: 'workday', profileKey: 3 });
    // History: 3 weeks, the Wednesday 19 February a local event with 5x the calls; it is marked special.
    const h = synthetic('2025-02-03', 21, (d, k) => (d === '2025-02-19' ? 5 : 1) * 10 * LEVEL[weekdayOf(d)] * SHAPE[k]);
    const special = [{ day: '2025-02-19', name: 'local event' }, { day: '2025-02-26', name: 'local event again' }];
    const f = forecastArrivals(h, { calendar: 'none', weeks: 1, method: 'weekday-profile', specialDays: special, exclusions: { detect: false } });
    const event = f.days.find((d) => d.day === '2025-02-26')!;
    const normalWednesday = 10 * LEVEL[3] * SHAPE.reduce((a, b) => a + b, 0);
    expect(event).toMatchObject({ dayType: 'holiday', holidayName: 'local event again', basis: 'history' });
    expect(event.arrivals).toBeCloseTo(5 * normalWednesday, 6); // learned from the special day in the history
    // The ordinary Wednesdays were not pulled up by it.
    const plain = forecastArrivals(h, { calendar: 'none', from: '2025-02-24', days: 7, method: 'weekday-profile', exclusions: { detect: false }, specialDays: special.slice(0, 1) });
    expect(plain.days.find((d) => d.day === '2025-02-26')!.arrivals).toBeCloseTo(normalWednesday, 6);
  });
});

describe('prediction interval on a short history', () => {
  /** A seeded uniform (Park-Miller). */
  function uniform(seed: number): () => number {
    let state = seed;
    return () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
  }

  it('is at least as wide as the back-test errors say: with one back-test week it covers >= 80 % of that week', () => {
    // Days whose totals wander ±40 % at random: the κ measured on one week is noisy; the widening must cover it.
    const u = uniform(20_261_207);
    const factor = new Map<string, number>();
    const h = synthetic('2025-03-03', 14, (d, k) => {
      if (!factor.has(d)) factor.set(d, 0.6 + 0.8 * u());
      return Math.round(factor.get(d)! * 10 * LEVEL[weekdayOf(d)] * SHAPE[k]);
    });
    const f = forecastArrivals(h, { calendar: 'none', weeks: 1, exclusions: { detect: false } });
    const c = f.predictionInterval.calibration;
    expect(f.method.backtestWeeks).toBe(1);
    expect(c.short).toBe(true);
    expect(c.normal).toBeCloseTo(normalQuantile(0.9), 12);
    expect(c.interval).toBeGreaterThanOrEqual(c.normal);
    expect(c.day).toBeGreaterThanOrEqual(c.normal);
    // Re-run the back-test fold by hand: forecast the second week from the first with the chosen method, and check
    // the day ranges so sized hold at least 80 % of that week's day totals.
    const fold = forecastArrivals({ ...h, days: h.days.slice(0, 7) }, { calendar: 'none', weeks: 1, method: f.method.name, parameters: f.method.parameters, exclusions: { detect: false } });
    const kappa = f.predictionInterval.overdispersionDay;
    const inside = fold.days.filter((d, i) => {
      const actual = h.days[7 + i].counts.reduce((a, b) => a + b, 0);
      return Math.abs(actual - d.arrivals) <= c.day * Math.sqrt(d.arrivals + kappa * d.arrivals ** 2) + 1e-9;
    }).length;
    expect(inside / 7).toBeGreaterThanOrEqual(0.8);
    // And the forecast's own day bounds use that multiplier.
    const d0 = f.days[0];
    expect(d0.upper - d0.arrivals).toBeCloseTo(c.day * Math.sqrt(d0.arrivals + kappa * d0.arrivals ** 2), 6);
  });

  it('with a long back-test nothing is widened (the measured κ alone sizes the range)', () => {
    const f = forecastArrivals(synthetic('2025-02-03', 42), { calendar: 'none', weeks: 1 });
    expect(f.predictionInterval.calibration).toMatchObject({ short: false, widened: false });
    expect(f.predictionInterval.calibration.interval).toBe(f.predictionInterval.calibration.normal);
  });
});
