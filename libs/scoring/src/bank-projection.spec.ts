// The projection on real data: the Technion "Anonymous Bank" call centre, 1-21 February 1999, taken as one
// period (see /work/shared/data/README.md). The period is cut after day 7 and after day 14; the forecast for
// the remaining days is built from the days before the cut only, and the projected period-end connect rate
// is compared with what actually happened.
import { readFileSync } from 'node:fs';
import Decimal from 'decimal.js';
import { projectMonth, scoreMonth, connectBudget, type MonthProjection, type ScoreInput } from './index';

const FILE = '/work/shared/data/anonymous-bank-1999-02/calls_1999-02-01_to_1999-02-21.tsv';

interface Day {
  day: number;
  weekday: number; // 0 = Sunday
  requests: number;
  agent: number;
  ivr: number;
  lost: number;
}

/** Per-day counts: request = every non-PHANTOM row; AGENT = agent-answered; HANG never queued = IVR; HANG after queueing = lost. */
function readDays(): { days: Day[]; phantom: number; hang: number } {
  const lines = readFileSync(FILE, 'utf8').split('\r\n').filter((l) => l !== '');
  const header = lines[0].split('\t');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`column ${name} missing`);
    return i;
  };
  const [cDate, cOutcome, cQTime, cQStart, cQExit] = ['date', 'outcome', 'q_time', 'q_start', 'q_exit'].map(col);
  const byDay = new Map<number, Day>();
  let phantom = 0;
  let hang = 0;
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    if (f.length !== header.length) throw new Error(`bad row: ${line}`);
    const outcome = f[cOutcome];
    if (outcome === 'PHANTOM') {
      phantom += 1;
      continue;
    }
    const date = f[cDate];
    if (!/^9902\d\d$/.test(date)) throw new Error(`date outside February 1999: ${date}`);
    const day = Number(date.slice(4));
    const d = byDay.get(day) ?? { day, weekday: new Date(Date.UTC(1999, 1, day)).getUTCDay(), requests: 0, agent: 0, ivr: 0, lost: 0 };
    byDay.set(day, d);
    d.requests += 1;
    if (outcome === 'AGENT') d.agent += 1;
    else if (outcome === 'HANG') {
      hang += 1;
      if (f[cQTime] === '0' && f[cQStart] === '0:00:00' && f[cQExit] === '0:00:00') d.ivr += 1;
      else d.lost += 1;
    } else throw new Error(`unknown outcome ${outcome}`);
  }
  return { days: [...byDay.values()].sort((a, b) => a.day - b.day), phantom, hang };
}

const sum = (days: readonly Day[], f: (d: Day) => number): number => days.reduce((s, d) => s + f(d), 0);
const connected = (d: Day): number => d.agent + d.ivr;

/**
 * The forecast for the remaining dates from the days before the cut only: volume = the mean volume of the
 * same weekday before the cut; connect fraction = the pooled fraction so far; its uncertainty = the
 * day-to-day standard deviation of the daily fractions so far, scaled to a mean over the m remaining days
 * from an estimate on n days: s · sqrt(1/n + 1/m).
 */
function forecastFrom(before: readonly Day[], remaining: readonly { weekday: number }[]): { remainingRequests: number; connectFraction: number; connectFractionSd: number } {
  const volume = remaining.reduce((s, r) => {
    const same = before.filter((d) => d.weekday === r.weekday);
    const pool = same.length > 0 ? same : before;
    return s + sum(pool, (d) => d.requests) / pool.length;
  }, 0);
  const fraction = sum(before, connected) / sum(before, (d) => d.requests);
  const daily = before.map((d) => connected(d) / d.requests);
  const mean = daily.reduce((a, b) => a + b, 0) / daily.length;
  const sdDay = Math.sqrt(daily.reduce((a, b) => a + (b - mean) ** 2, 0) / (daily.length - 1));
  return { remainingRequests: volume, connectFraction: fraction, connectFractionSd: sdDay * Math.sqrt(1 / before.length + 1 / remaining.length) };
}

/** The bank data gives the call feed only: every register item is unknown (pending); the connect item is what is compared. */
const countsOf = (days: readonly Day[]): ScoreInput => ({ requests: sum(days, (d) => d.requests), agentAnswered: sum(days, (d) => d.agent), ivrAnswered: sum(days, (d) => d.ivr) });

const { days, phantom, hang } = readDays();
const actual = scoreMonth(countsOf(days));
const actualRate = new Decimal(actual.rates.connectRatePercent as string);

interface Row {
  cut: number;
  model: string;
  soFar: string;
  forecastVolume: number;
  actualVolume: number;
  forecastFraction: number;
  forecastSd: number;
  actualRestFraction: number;
  p: MonthProjection;
  z: number;
  in80: boolean;
  in95: boolean;
  budgetForecast: string;
  budgetActualN: string;
  lostAfter: number;
}

const rows: Row[] = [];

describe('projection on real data: Anonymous Bank, 1-21 February 1999 as one period', () => {
  it('reads the file as documented', () => {
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(days[0].weekday).toBe(1); // 1 February 1999 was a Monday
    expect(phantom).toBe(221);
    expect(sum(days, (d) => d.requests)).toBe(25890 - 221);
    expect(sum(days, (d) => d.agent)).toBe(20899);
    expect(hang).toBe(4770);
    expect(sum(days, (d) => d.ivr) + sum(days, (d) => d.lost)).toBe(4770);
  });

  it.each([7, 14])('cut after day %i', (cut) => {
    const before = days.filter((d) => d.day <= cut);
    const after = days.filter((d) => d.day > cut);
    // the forecast sees the remaining calendar (weekdays) but none of the remaining days' counts
    const calendar = after.map((d) => ({ weekday: d.weekday }));
    const fc = forecastFrom(before, calendar);
    const mtd = countsOf(before);
    const soFar = scoreMonth(mtd).rates.connectRatePercent as string;
    const actualVolume = sum(after, (d) => d.requests);
    const lostAfter = sum(after, (d) => d.lost);
    const budgetActualN = connectBudget({ connected: sum(before, connected), requests: sum(before, (d) => d.requests), remainingRequests: actualVolume });
    // exactness on real data: with the real remaining volume, the period ends on target iff the real further losses are within the budget
    expect(lostAfter <= Number(budgetActualN.lostBudget)).toBe(actualRate.greaterThanOrEqualTo(90));

    for (const [model, sd] of [
      ['binomial + Poisson + day-to-day sd of the fraction', fc.connectFractionSd],
      ['binomial + Poisson only', 0],
    ] as const) {
      const p = projectMonth({ monthToDate: mtd, forecast: { remainingRequests: fc.remainingRequests, connectFraction: fc.connectFraction, connectFractionSd: sd } });
      const r = p.connectRate!;
      const z = actualRate.minus(r.mid).div(r.sdPoints).toNumber();
      const within = (lo: string, hi: string): boolean => actualRate.greaterThanOrEqualTo(lo) && actualRate.lessThanOrEqualTo(hi);
      rows.push({
        cut,
        model,
        soFar,
        forecastVolume: fc.remainingRequests,
        actualVolume,
        forecastFraction: fc.connectFraction,
        forecastSd: sd,
        actualRestFraction: sum(after, connected) / actualVolume,
        p,
        z,
        in80: within(r.low80, r.high80),
        in95: within(r.low95, r.high95),
        budgetForecast: p.budget.lostBudget,
        budgetActualN: budgetActualN.lostBudget,
        lostAfter,
      });
    }
    const [full, binomial] = rows.slice(-2);
    // the day-to-day term is what makes the interval honest: the binomial-only interval is far narrower
    expect(Number(full.p.connectRate!.sdPoints)).toBeGreaterThan(3 * Number(binomial.p.connectRate!.sdPoints));
    // The bound the full model meets on this data: the actual period-end rate within 3 standard deviations
    // at both cuts, and inside the 95 % interval at the day-14 cut. (After day 7 it is NOT inside the 95 %
    // interval: weeks 2-3 ran about 4 points worse than week 1, a level shift one week of data cannot show.)
    expect(Math.abs(full.z)).toBeLessThanOrEqual(3);
    if (cut === 14) expect(full.in95).toBe(true);
  });

  afterAll(() => {
    const pct = (x: number): string => (x * 100).toFixed(2);
    const lines = [
      `Actual period-end connect rate (days 1-21): ${actual.rates.connectRatePercent} % (${actual.connect.connected} / ${actual.connect.counted}); connect item ${actual.items[2].points}`,
      '',
      '| cut after | model | rate so far | remaining requests: forecast (actual) | connect fraction of the rest: forecast ± sd, points (actual) | projected mid | 80 % range | 95 % range | actual | actual in 80 % / 95 % | z | P(≥ 90.00 %) | connect points low95 / mid / high95 (actual) | loss budget at forecast N; at actual N (actual further losses) |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => {
        const c = r.p.connectRate!;
        const pts = (s: 'low95' | 'mid' | 'high95'): string => r.p.scenarios[s].items[2].points ?? 'pending';
        return `| day ${r.cut} | ${r.model} | ${r.soFar} % | ${Math.round(r.forecastVolume)} (${r.actualVolume}) | ${pct(r.forecastFraction)} % ± ${pct(r.forecastSd)} (${pct(r.actualRestFraction)} %) | ${c.mid} % | ${c.low80}–${c.high80} | ${c.low95}–${c.high95} | ${actual.rates.connectRatePercent} % | ${r.in80 ? 'yes' : 'no'} / ${r.in95 ? 'yes' : 'no'} | ${r.z.toFixed(2)} | ${r.p.probabilityConnectOnTarget} | ${pts('low95')} / ${pts('mid')} / ${pts('high95')} (${actual.items[2].points}) | ${r.budgetForecast}; ${r.budgetActualN} (${r.lostAfter}) |`;
      }),
    ];
    console.log(lines.join('\n'));
  });
});
