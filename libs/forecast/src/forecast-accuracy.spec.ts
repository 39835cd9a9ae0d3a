/**
 * Done-when (a): out-of-sample accuracy of the forecast on every real arrival series in shared/data, against the
 * seasonal-naive baseline (same interval last week). Each held-out week is forecast only from the weeks before
 * it (the method itself picked by back-test inside those weeks). Prints the table of the README.
 *
 * Series (read straight from ../shared/data, never copied):
 * - Anonymous Bank, February 1999: arrivals = non-PHANTOM rows by vru_entry (libs/events' bank adapter, local
 *   time kept), half hours; 3 weeks: train on 1-14 February, test 15-21 February.
 * - US bank, 5-minute counts of 2003 aggregated to half hours (6 slots; the 21:00 half hour holds the one slot
 *   21:00-21:05 the data have); weekdays only; the last 4 weeks held out one at a time (rolling origin).
 * - 911 centre, hourly offered calls (`Total`), forecast hourly; 3 weeks: train on weeks 44-45, test week 46.
 * Calendar `none` for all three (none is Chinese).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls } from '@hotline/events';
import { type ArrivalHistory, type HoldoutReport, arrivalHistoryFromInstants, holdoutAccuracy, parsePsapHourly, parseUsBank5min } from './index';

const DATA = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const read = (rel: string): string => readFileSync(join(DATA, rel), 'utf8');

function bankHistory(): ArrivalHistory {
  const { events } = parseBankCalls(read('anonymous-bank-1999-02/calls_1999-02-01_to_1999-02-21.tsv'));
  const arrivals = events.filter((e) => e.type === 'call.offered').map((e) => Date.parse(e.ts));
  expect(arrivals).toHaveLength(25_669); // 25,890 rows less 221 PHANTOM (shared/data/README.md)
  return arrivalHistoryFromInstants(arrivals, { timeZone: 'Asia/Shanghai', intervalMinutes: 30 });
}

const SERIES: { name: string; load: () => ArrivalHistory; testWeeks: number; resolution: string }[] = [
  { name: 'Anonymous Bank 1999-02 (per call)', load: bankHistory, testWeeks: 1, resolution: '30 min' },
  { name: 'US bank 2003 (5-min counts)', load: () => parseUsBank5min(read('us-bank-calls-5min/calls_5min_2003-03-03_to_2003-09-19.csv'), 30), testWeeks: 4, resolution: '30 min' },
  {
    name: '911 centre 2025 (hourly)',
    load: () => parsePsapHourly(['44', '45', '46'].map((w) => read(`psap-911-hourly-answer-times/week${w}_2025_phone.csv`))),
    testWeeks: 1,
    resolution: '60 min',
  },
];

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

describe('forecast accuracy on the real series (held-out weeks, against seasonal naive)', () => {
  const rows: string[] = [];
  afterAll(() => {
    process.stdout.write(
      [
        '',
        '| series | interval | held out | calls | chosen method (per held-out week) | WAPE per interval: chosen / seasonal naive | WAPE per day: chosen / seasonal naive | weekday-profile | day-share | 80 % interval coverage (interval / day) |',
        '|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
  });

  it.each(SERIES)('$name', ({ name, load, testWeeks, resolution }) => {
    const history = load();
    // The methods alone against the baseline: the outlier rule off (it would clean the baseline's history too; its
    // own effect is measured in unusual.spec.ts).
    const r: HoldoutReport = holdoutAccuracy(history, { testWeeks, calendar: 'none', exclusions: { detect: false } });
    const base = r.methods['seasonal-naive'];
    const chosen = [...new Set(r.chosen.map((c) => c.method))].join(', ');
    rows.push(
      `| ${name} | ${resolution} | ${r.testFrom} .. ${r.testTo} (${r.testDays} days) | ${r.testCalls.toLocaleString('en')} | ${chosen} | ` +
        `**${pct(r.auto.wapeInterval)}** / ${pct(base.wapeInterval)} | **${pct(r.auto.wapeDay)}** / ${pct(base.wapeDay)} | ` +
        `${pct(r.methods['weekday-profile'].wapeInterval)} / ${pct(r.methods['weekday-profile'].wapeDay)} | ${pct(r.methods['day-share'].wapeInterval)} / ${pct(r.methods['day-share'].wapeDay)} | ` +
        `${pct(r.intervalCoverage)} / ${pct(r.dayCoverage)} |`,
    );
    expect(r.testDays).toBeGreaterThanOrEqual(5 * testWeeks - 1);
    // The method picked by back-test beats the baseline out of sample, per interval and per day.
    expect(r.auto.wapeInterval).toBeLessThan(base.wapeInterval);
    expect(r.auto.wapeDay).toBeLessThan(base.wapeDay);
    // The prediction interval is not decorative: it holds most of the held-out intervals.
    expect(r.intervalCoverage).toBeGreaterThan(0.6);
  });
});
