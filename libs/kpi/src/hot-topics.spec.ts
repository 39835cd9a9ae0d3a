import { dayKey } from '@hotline/events';
import { DEFAULT_BUSINESS_TYPES } from './business-type';
import {
  DEFAULT_SPIKE_RULE, bucketsOf, countByTopic, isoWeek, periodOf, poissonQuantile, previousPeriod, rankTopics, spikeCheck, spikesOn, topTopics, topicSeries,
  type DayTypeCount,
} from './hot-topics';

const types = DEFAULT_BUSINESS_TYPES;

describe('poissonQuantile', () => {
  it('equals scipy.stats.poisson.ppf(0.99, mu) (values computed with SciPy 1.x)', () => {
    const known: [number, number][] = [[0.5, 3], [1, 4], [2, 6], [5, 11], [10, 18], [20, 31], [100, 124], [1000, 1074]];
    for (const [mu, k] of known) expect({ mu, k: poissonQuantile(0.99, mu) }).toEqual({ mu, k });
  });
  it('is the smallest k whose CDF reaches p, at other percentiles too', () => {
    expect(poissonQuantile(0.5, 1)).toBe(1); // P(X<=0) = 0.368, P(X<=1) = 0.736
    expect(poissonQuantile(0.3, 1)).toBe(0);
    expect(poissonQuantile(0.99, 0)).toBe(0);
  });
  it('refuses a p outside (0, 1) or a negative mean', () => {
    expect(() => poissonQuantile(1, 2)).toThrow(RangeError);
    expect(() => poissonQuantile(0.99, -1)).toThrow(RangeError);
  });
});

describe('periods', () => {
  it('numbers ISO weeks across a year boundary in Asia/Shanghai (local days)', () => {
    // 2026-12-31T16:30Z is 2027-01-01 00:30 in Shanghai: a Friday in ISO week 2026-W53 (Mon 12-28 .. Sun 01-03).
    const day = dayKey(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai');
    expect(day).toBe('2027-01-01');
    expect(isoWeek(day)).toMatchObject({ label: '2026-W53', from: '2026-12-28', to: '2027-01-03' });
    expect(isoWeek('2027-01-04')).toMatchObject({ label: '2027-W01', from: '2027-01-04', to: '2027-01-10' });
    // 2024-12-30 (a Monday) begins 2025-W01; 2021-01-03 (a Sunday) ends 2020-W53.
    expect(isoWeek('2024-12-31').label).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toMatchObject({ label: '2020-W53', from: '2020-12-28' });
  });
  it('gives the previous period of the same kind', () => {
    expect(previousPeriod('day', periodOf('day', '2027-01-01'))).toEqual({ from: '2026-12-31', to: '2026-12-31', label: '2026-12-31' });
    expect(previousPeriod('week', periodOf('week', '2027-01-01'))).toMatchObject({ from: '2026-12-21', to: '2026-12-27', label: '2026-W52' });
    expect(previousPeriod('month', periodOf('month', '2024-03-15'))).toEqual({ from: '2024-02-01', to: '2024-02-29', label: '2024-02' });
  });
  it('clips the buckets of a range to it', () => {
    expect(bucketsOf('week', '2026-12-30', '2027-01-05')).toEqual([
      { key: '2026-W53', label: '2026-W53', from: '2026-12-30', to: '2027-01-03' },
      { key: '2027-W01', label: '2027-W01', from: '2027-01-04', to: '2027-01-05' },
    ]);
    expect(bucketsOf('month', '2026-11-15', '2027-01-02').map((b) => [b.key, b.from, b.to])).toEqual([
      ['2026-11', '2026-11-15', '2026-11-30'], ['2026-12', '2026-12-01', '2026-12-31'], ['2027-01', '2027-01-01', '2027-01-02'],
    ]);
  });
});

describe('counting and movers', () => {
  const rows: DayTypeCount[] = [
    { day: '2026-12-27', code: 'complaint', count: 4 }, // previous week (W52)
    { day: '2026-12-27', code: 'motor-vehicle', count: 2 },
    { day: '2026-12-28', code: 'complaint', count: 1 }, // W53
    { day: '2026-12-29', code: 'suggestion', count: 2 },
    { day: '2027-01-03', code: 'motor-vehicle', count: 6 },
    { day: '2027-01-03', code: 'gone-type', count: 1 },
    { day: '2027-01-04', code: 'motor-vehicle', count: 9 }, // next week
  ];
  it('rolls second-level types up into their parent at level top, keeps them at leaf', () => {
    expect(Object.fromEntries(countByTopic(rows, '2026-12-28', '2027-01-03', 'top', types))).toEqual({ 'complaint-suggestion': 3, 'motor-vehicle': 6, 'gone-type': 1 });
    expect(Object.fromEntries(countByTopic(rows, '2026-12-28', '2027-01-03', 'leaf', types))).toEqual({ complaint: 1, suggestion: 2, 'motor-vehicle': 6, 'gone-type': 1 });
  });
  it('ranks the week against the week before: share, change, percent change (null from 0), ranks', () => {
    const t = topTopics(rows, 'week', '2027-01-01', 'top', types);
    expect({ range: t.range.label, previous: t.previous.label, total: t.total, previousTotal: t.previousTotal }).toEqual({ range: '2026-W53', previous: '2026-W52', total: 10, previousTotal: 6 });
    expect(t.topics).toEqual([
      { code: 'motor-vehicle', count: 6, previousCount: 2, change: 4, changePercent: '200.00', sharePercent: '60.00', rank: 1, previousRank: 2 },
      { code: 'complaint-suggestion', count: 3, previousCount: 4, change: -1, changePercent: '-25.00', sharePercent: '30.00', rank: 2, previousRank: 1 },
      { code: 'gone-type', count: 1, previousCount: 0, change: 1, changePercent: null, sharePercent: '10.00', rank: 3, previousRank: null },
    ]);
  });
  it('shares a rank between equal counts and lists a topic that fell to 0 without a rank', () => {
    const r = rankTopics(new Map([['a', 3], ['b', 3], ['c', 1]]), new Map([['d', 2]]));
    expect(r.map((x) => [x.code, x.rank, x.previousRank, x.changePercent])).toEqual([['a', 1, null, null], ['b', 1, null, null], ['c', 3, null, null], ['d', null, 1, '-100.00']]);
  });
  it('counts a series per bucket', () => {
    const s = topicSeries(rows, 'week', '2026-12-27', '2027-01-04', 'top', types);
    expect(s.buckets.map((b) => b.key)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(s.lines).toEqual([
      { code: 'motor-vehicle', counts: [2, 6, 9], total: 17 },
      { code: 'complaint-suggestion', counts: [4, 3, 0], total: 7 },
      { code: 'gone-type', counts: [0, 1, 0], total: 1 },
    ]);
    expect(s.totals).toEqual([6, 10, 9]);
  });
});

describe('spike rule', () => {
  it('fires above the Poisson 99th percentile of the trailing 28-day mean, with a floor and a minimum count', () => {
    const steady = Array.from({ length: 28 }, () => 2); // mean 2 -> threshold 6
    expect(spikeCheck('x', 6, steady)).toMatchObject({ trailingMean: 2, baselineMean: 2, threshold: 6, fired: false });
    expect(spikeCheck('x', 7, steady).fired).toBe(true);
    // a new topic: mean 0 -> floor 0.5 -> threshold 3, but 4 is under the minimum count 5
    expect(spikeCheck('new', 4, [])).toMatchObject({ baselineMean: DEFAULT_SPIKE_RULE.meanFloor, threshold: 3, fired: false });
    expect(spikeCheck('new', 5, []).fired).toBe(true);
  });
  it('takes the baseline from the 28 days before the day only, missing days as 0', () => {
    const rows: DayTypeCount[] = [
      ...Array.from({ length: 28 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, code: 'complaint', count: 1 })),
      { day: '2026-11-29', code: 'complaint', count: 8 },
      { day: '2026-11-29', code: 'suggestion', count: 1 },
      { day: '2026-10-31', code: 'motor-vehicle', count: 99 }, // 29 days before: outside the baseline
    ];
    const s = spikesOn(rows, '2026-11-29', 'leaf', types);
    expect(s.baseline).toEqual({ from: '2026-11-01', to: '2026-11-28' });
    expect(s.topics).toEqual([
      { code: 'complaint', count: 8, trailingMean: 1, baselineMean: 1, threshold: 4, fired: true },
      { code: 'suggestion', count: 1, trailingMean: 0, baselineMean: 0.5, threshold: 3, fired: false },
    ]);
    expect(spikesOn(rows, '2026-11-29', 'top', types).topics.map((t) => [t.code, t.count, t.fired])).toEqual([['complaint-suggestion', 9, true]]);
  });
});
