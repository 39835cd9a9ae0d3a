/**
 * Hot topics (热点诉求): registered requests counted per business type per local day, ISO week and month; the top
 * topics of a period and how they moved against the previous period of the same kind; roll-up of second-level
 * types into their top-level parent; and the daily spike rule. Pure: no I/O. Input is counts per local day
 * (`YYYY-MM-DD`, already in the hotline's zone — `ServiceRequest.day`) per type code, so every bucket below is plain
 * calendar arithmetic on local days.
 *
 * Buckets: a day; an ISO-8601 week (Monday..Sunday, numbered by the ISO year of its Thursday: `2026-W53` runs from
 * Monday 2026-12-28 to Sunday 2027-01-03); a calendar month. The previous period of a day is the day before, of a
 * week the week before, of a month the month before.
 */
import { addDays, dateOfDay, dayNumber, daysInMonth, nextDay, parseDayKey, weekdayOf } from '@hotline/events';
import type { BusinessTypeNode } from './business-type';
import { percent } from './kpi';

/** The periods counted over. */
export type HotTopicPeriod = 'day' | 'week' | 'month';
/** `top`: second-level types rolled up into their top-level parent; `leaf`: the type as registered. */
export type HotTopicLevel = 'top' | 'leaf';

/** Requests of one type on one local day. */
export interface DayTypeCount {
  /** Local day `YYYY-MM-DD`. */
  day: string;
  /** A business type's code (possibly no longer in the tree). */
  code: string;
  count: number;
}

/** A span of local days, both ends inclusive, with its label (`2026-12-07`, `2026-W50`, `2026-12`). */
export interface PeriodRange {
  from: string;
  to: string;
  label: string;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');


/**
 * The ISO-8601 week containing `day`: Monday..Sunday, week 1 being the week with the year's first Thursday (so
 * 2027-01-01, a Friday, is in `2026-W53`). @throws RangeError on a malformed day.
 */
export function isoWeek(day: string): PeriodRange & { isoYear: number; week: number } {
  const monday = dayNumber(day) - ((weekdayOf(day) + 6) % 7); // weekdayOf: 0 = Sunday, so Monday is 0 here
  const isoYear = Number(dateOfDay(monday + 3).slice(0, 4));
  const jan4 = `${isoYear}-01-04`;
  const week1 = dayNumber(jan4) - ((weekdayOf(jan4) + 6) % 7);
  const week = Math.round((monday - week1) / 7) + 1;
  return { from: dateOfDay(monday), to: dateOfDay(monday + 6), label: `${isoYear}-W${pad(week)}`, isoYear, week };
}

/** The period of kind `period` containing local day `day`. @throws RangeError on a malformed day. */
export function periodOf(period: HotTopicPeriod, day: string): PeriodRange {
  if (period === 'day') {
    parseDayKey(day);
    return { from: day, to: day, label: day };
  }
  if (period === 'week') {
    const w = isoWeek(day);
    return { from: w.from, to: w.to, label: w.label };
  }
  const { year, month } = parseDayKey(day);
  const m = `${year}-${pad(month)}`;
  return { from: `${m}-01`, to: `${m}-${pad(daysInMonth(m))}`, label: m };
}

/** The period of the same kind just before `range` (the day, ISO week or month before). */
export function previousPeriod(period: HotTopicPeriod, range: PeriodRange): PeriodRange {
  return periodOf(period, addDays(range.from, -1));
}

/**
 * The buckets of kind `granularity` covering `from`..`to` (inclusive), each clipped to that range (a first or last
 * week or month may be partial), keyed by its period's label. @throws RangeError when `from` is after `to`.
 */
export function bucketsOf(granularity: HotTopicPeriod, from: string, to: string): (PeriodRange & { key: string })[] {
  if (from > to) throw new RangeError(`from ${from} is after to ${to}`);
  const out: (PeriodRange & { key: string })[] = [];
  let day = from;
  while (day <= to) {
    const p = periodOf(granularity, day);
    const end = p.to < to ? p.to : to;
    out.push({ key: p.label, label: p.label, from: day, to: end });
    day = nextDay(end);
  }
  return out;
}

/**
 * The code a type counts under at `level`: at `top` a second-level type's parent, otherwise the code itself (also
 * for a code that is not in the tree).
 */
export function topicCode(code: string, level: HotTopicLevel, types: readonly BusinessTypeNode[]): string {
  if (level === 'leaf') return code;
  return types.find((t) => t.code === code)?.parentCode ?? code;
}

/** A topic's names and parent for display; a code not in the tree is named by itself. */
export function describeTopic(code: string, level: HotTopicLevel, types: readonly BusinessTypeNode[]): { code: string; nameZh: string; nameEn: string; parentCode: string | null } {
  const node = types.find((t) => t.code === code);
  return { code, nameZh: node?.nameZh ?? code, nameEn: node?.nameEn ?? code, parentCode: level === 'top' ? null : (node?.parentCode ?? null) };
}

/** Sums `rows` of days `from`..`to` (inclusive) per topic code at `level`. */
export function countByTopic(rows: readonly DayTypeCount[], from: string, to: string, level: HotTopicLevel, types: readonly BusinessTypeNode[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.day < from || r.day > to) continue;
    const code = topicCode(r.code, level, types);
    out.set(code, (out.get(code) ?? 0) + r.count);
  }
  return out;
}

/** One topic of a period against the previous one. */
export interface RankedTopic {
  code: string;
  count: number;
  previousCount: number;
  /** count - previousCount. */
  change: number;
  /** change / previousCount × 100, 2 decimals half-up; null when previousCount is 0. */
  changePercent: string | null;
  /** count / total × 100, 2 decimals half-up; `"0.00"` when the total is 0. */
  sharePercent: string;
  /** Competition rank by count (1, 2, 2, 4); null when count is 0. */
  rank: number | null;
  /** The same in the previous period; null when previousCount is 0. */
  previousRank: number | null;
}

/** Competition ranks (equal values share a rank, the next skips) of the positive values of `counts`. */
function ranks(counts: ReadonlyMap<string, number>): Map<string, number> {
  const values = [...counts.values()].filter((v) => v > 0);
  const out = new Map<string, number>();
  for (const [code, v] of counts) if (v > 0) out.set(code, 1 + values.filter((x) => x > v).length);
  return out;
}

/**
 * Every topic with requests in `current` or `previous`, with its share, change and ranks; ordered by count
 * descending, then previous count descending, then code.
 */
export function rankTopics(current: ReadonlyMap<string, number>, previous: ReadonlyMap<string, number>): RankedTopic[] {
  const total = [...current.values()].reduce((a, b) => a + b, 0);
  const now = ranks(current);
  const before = ranks(previous);
  const codes = new Set([...current.keys(), ...previous.keys()].filter((c) => (current.get(c) ?? 0) > 0 || (previous.get(c) ?? 0) > 0));
  return [...codes]
    .map((code) => {
      const count = current.get(code) ?? 0;
      const previousCount = previous.get(code) ?? 0;
      const change = count - previousCount;
      return {
        code, count, previousCount, change,
        changePercent: percent(change, previousCount),
        sharePercent: percent(count, total) ?? '0.00',
        rank: now.get(code) ?? null,
        previousRank: before.get(code) ?? null,
      };
    })
    .sort((a, b) => b.count - a.count || b.previousCount - a.previousCount || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The top topics of the period of kind `period` containing `day`, against the previous period. */
export interface TopTopics {
  range: PeriodRange;
  previous: PeriodRange;
  total: number;
  previousTotal: number;
  topics: RankedTopic[];
}

/** {@link rankTopics} for the period of kind `period` containing `day` (rows must cover it and the previous one). */
export function topTopics(rows: readonly DayTypeCount[], period: HotTopicPeriod, day: string, level: HotTopicLevel, types: readonly BusinessTypeNode[]): TopTopics {
  const range = periodOf(period, day);
  const previous = previousPeriod(period, range);
  const current = countByTopic(rows, range.from, range.to, level, types);
  const before = countByTopic(rows, previous.from, previous.to, level, types);
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return { range, previous, total: sum(current), previousTotal: sum(before), topics: rankTopics(current, before) };
}

/** Counts per topic per bucket: one line per topic with requests in the range (total descending, then code). */
export interface TopicSeries {
  buckets: (PeriodRange & { key: string })[];
  lines: { code: string; counts: number[]; total: number }[];
  totals: number[];
}

/** Counts of `rows` per topic at `level` per bucket of kind `granularity` over `from`..`to` ({@link bucketsOf}). */
export function topicSeries(rows: readonly DayTypeCount[], granularity: HotTopicPeriod, from: string, to: string, level: HotTopicLevel, types: readonly BusinessTypeNode[]): TopicSeries {
  const buckets = bucketsOf(granularity, from, to);
  const index = (day: string): number => buckets.findIndex((b) => b.from <= day && day <= b.to);
  const lines = new Map<string, number[]>();
  const totals = buckets.map(() => 0);
  for (const r of rows) {
    if (r.day < from || r.day > to) continue;
    const i = index(r.day);
    const code = topicCode(r.code, level, types);
    const counts = lines.get(code) ?? buckets.map(() => 0);
    counts[i] += r.count;
    totals[i] += r.count;
    lines.set(code, counts);
  }
  const out = [...lines].map(([code, counts]) => ({ code, counts, total: counts.reduce((a, b) => a + b, 0) })).filter((l) => l.total > 0);
  out.sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
  return { buckets, lines: out, totals };
}

/**
 * The smallest k with P(X ≤ k) ≥ `p` for X ~ Poisson(`mean`): the p-quantile as scipy.stats.poisson.ppf defines it
 * (the inverse of the CDF). Computed exactly, without a normal or other approximation: the pmf is summed term by
 * term in log space (log pmf(k) = log pmf(k-1) + ln mean - ln k, log pmf(0) = -mean; the CDF accumulated with
 * log-sum-exp), so a large mean does not underflow. Known values: ppf(0.99; 1) = 4, (2) = 6, (5) = 11, (10) = 18,
 * (20) = 31. @throws RangeError unless 0 < p < 1 and mean ≥ 0 is finite.
 */
export function poissonQuantile(p: number, mean: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be a finite number >= 0, got ${mean}`);
  if (mean === 0) return 0;
  const target = Math.log(p);
  const lnMean = Math.log(mean);
  let logPmf = -mean;
  let logCdf = logPmf;
  let k = 0;
  while (logCdf < target) {
    k += 1;
    logPmf += lnMean - Math.log(k);
    const hi = Math.max(logCdf, logPmf);
    logCdf = hi + Math.log(Math.exp(logCdf - hi) + Math.exp(logPmf - hi));
  }
  return k;
}

/** The parameters of the spike rule. */
export interface SpikeRule {
  /** Days before the day checked that make the baseline (28: four weeks). */
  baselineDays: number;
  /** The Poisson percentile the count must exceed (0.99). */
  quantile: number;
  /** The least baseline mean used (0.5): a new or quiet topic is compared with Poisson(0.5), threshold 3. */
  meanFloor: number;
  /** The least count that may fire (5). */
  minCount: number;
}

/**
 * The spike rule. A topic fires on local day D when
 *   count(D) ≥ minCount (5)  and  count(D) > Q(0.99; λ),  λ = max(mean of count over the 28 days D-28..D-1, 0.5),
 * where Q(p; λ) is the p-quantile of Poisson(λ) ({@link poissonQuantile}, as scipy.stats.poisson.ppf); days with no
 * request count 0. Source: the rule the hot-topics issue states ("above the 99th percentile of a Poisson with the
 * trailing 4-week mean", issue 14), i.e. a Poisson threshold test of daily counts against a historical baseline;
 * the floor and the minimum count are this product's choices so that a brand-new topic's first requests, or a
 * rare topic's 2 or 3 in a day, do not raise an alarm.
 */
export const DEFAULT_SPIKE_RULE: SpikeRule = { baselineDays: 28, quantile: 0.99, meanFloor: 0.5, minCount: 5 };

/** The rule in words (for answers and the report). */
export function describeSpikeRule(rule: SpikeRule = DEFAULT_SPIKE_RULE): string {
  return (
    `A topic fires on a day when its count that day is at least ${rule.minCount} and above the ${rule.quantile * 100}th percentile of a ` +
    `Poisson distribution whose mean is the topic's mean daily count over the ${rule.baselineDays} days before (at least ${rule.meanFloor}); ` +
    `the percentile is the smallest k with P(X <= k) >= ${rule.quantile}, computed exactly. ` +
    `当日数量 ≥ ${rule.minCount} 且高于以前 ${rule.baselineDays} 天日均值（不低于 ${rule.meanFloor}）为均值的泊松分布第 ${rule.quantile * 100} 百分位数时告警。`
  );
}

/** One topic on the day checked. */
export interface SpikeCheck {
  code: string;
  count: number;
  /** Mean per day over the baseline days. */
  trailingMean: number;
  /** max(trailingMean, meanFloor). */
  baselineMean: number;
  /** Q(quantile; baselineMean). */
  threshold: number;
  fired: boolean;
}

/** Applies the spike rule to one topic: `count` on the day, `trailing` its counts on the baseline days. */
export function spikeCheck(code: string, count: number, trailing: readonly number[], rule: SpikeRule = DEFAULT_SPIKE_RULE): SpikeCheck {
  const trailingMean = trailing.reduce((a, b) => a + b, 0) / rule.baselineDays;
  const baselineMean = Math.max(trailingMean, rule.meanFloor);
  const threshold = poissonQuantile(rule.quantile, baselineMean);
  return { code, count, trailingMean, baselineMean, threshold, fired: count >= rule.minCount && count > threshold };
}

/**
 * The spike rule for every topic (at `level`) with requests on `day` or on its baseline days, fired first, then
 * count descending, then code. `rows` must cover `day` and the `rule.baselineDays` days before it.
 */
export function spikesOn(rows: readonly DayTypeCount[], day: string, level: HotTopicLevel, types: readonly BusinessTypeNode[], rule: SpikeRule = DEFAULT_SPIKE_RULE): { baseline: { from: string; to: string }; topics: SpikeCheck[] } {
  const baseline = { from: addDays(day, -rule.baselineDays), to: addDays(day, -1) };
  const perDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.day < baseline.from || r.day > day) continue;
    const code = topicCode(r.code, level, types);
    const days = perDay.get(code) ?? new Map<string, number>();
    days.set(r.day, (days.get(r.day) ?? 0) + r.count);
    perDay.set(code, days);
  }
  const topics = [...perDay].map(([code, days]) => {
    const trailing = [...days].filter(([d]) => d < day).map(([, n]) => n);
    return spikeCheck(code, days.get(day) ?? 0, trailing, rule);
  });
  topics.sort((a, b) => Number(b.fired) - Number(a.fired) || b.count - a.count || (a.code < b.code ? -1 : 1));
  return { baseline, topics };
}
