/**
 * The forecasting methods, each one a planner can follow with a pencil:
 *
 * - `seasonal-naive`: the same interval on the same weekday last week (the most recent earlier week observed
 *   when last week is missing). The baseline every method must beat. It knows no holidays.
 * - `weekday-profile`: for each weekday x interval cell, Holt's exponentially weighted level and trend over the
 *   past weeks' values of that cell (Holt 1957): level ← α·value + (1 − α)·(level + trend),
 *   trend ← β·(level change) + (1 − β)·trend; forecast = level + (weeks ahead)·trend, never below 0. With β = 0
 *   this is a weighted average of past weeks, recent weeks weighing more; α = 1, β = 0 is the seasonal naive.
 * - `day-share`: multiplicative day total x intraday share. Day total = (level + days ahead·trend) x weekday
 *   factor, where the level and trend are Holt's smoothing of the daily totals divided by their weekday factor,
 *   and the weekday factor is the exponentially weighted mean total of that weekday over the mean of all
 *   weekdays'. Intraday share = exponentially weighted mean of each interval's share of its day's calls, per
 *   weekday. Forecast = day total x share. (The decomposition of Holt-Winters' multiplicative method,
 *   Winters 1960, with the day's shape kept as shares as in Gans, Koole and Mandelbaum, MSOM 2003, §4.1.)
 *
 * Special days (calendar `cn`): a holiday is forecast from the holidays in the history, or when there are none
 * as the mean of Saturday and Sunday; a make-up workday from the make-up workdays in the history, or as the mean
 * of Monday-Friday. Special days in the history train only the special profiles, never the weekday ones.
 * A weekday never seen in the history (a centre closed at weekends) is forecast as 0 calls.
 */
import { type DayInfo, type ProfileKey, dayDiff } from './calendar';

/** The methods a forecast can use. */
export type MethodName = 'seasonal-naive' | 'weekday-profile' | 'day-share';

/** Every method, simplest first. */
export const METHODS: readonly MethodName[] = ['seasonal-naive', 'weekday-profile', 'day-share'];

/**
 * Smoothing constants, each in [0, 1]:
 * - `weekday-profile`: `alpha` (level), `beta` (trend);
 * - `day-share`: `shareAlpha` (weekday factors and intraday shares), `levelAlpha`, `trendBeta` (daily level and trend).
 * `seasonal-naive` has none.
 */
export interface MethodParameters {
  alpha?: number;
  beta?: number;
  shareAlpha?: number;
  levelAlpha?: number;
  trendBeta?: number;
}

/** The parameter grid the back-test searches, per method. */
export const PARAMETER_GRID: Record<MethodName, MethodParameters[]> = {
  'seasonal-naive': [{}],
  'weekday-profile': [0.2, 0.35, 0.5, 0.75].flatMap((alpha) => [0, 0.1].map((beta) => ({ alpha, beta }))),
  'day-share': [0.15, 0.3, 0.5].flatMap((shareAlpha) =>
    [0.1, 0.3, 0.6].flatMap((levelAlpha) => [0, 0.05].map((trendBeta) => ({ shareAlpha, levelAlpha, trendBeta }))),
  ),
};

/** Default parameters when no back-test is possible (less than two weeks of history). */
export const DEFAULT_PARAMETERS: Record<MethodName, MethodParameters> = {
  'seasonal-naive': {},
  'weekday-profile': { alpha: 0.5, beta: 0 },
  'day-share': { shareAlpha: 0.3, levelAlpha: 0.3, trendBeta: 0 },
};

/** One observed day of the training data. */
export interface TrainingDay {
  info: DayInfo;
  counts: readonly number[];
  total: number;
}

/** How a day's forecast was made. */
export type ForecastBasis = 'history' | 'weekend-days' | 'workdays' | 'no-history';

/** A method's forecast of one day. */
export interface DayForecast {
  counts: number[];
  basis: ForecastBasis;
}

const WEEKDAY_KEYS: readonly ProfileKey[] = [0, 1, 2, 3, 4, 5, 6];

/** The training days grouped by profile key, oldest first. */
function byKey(training: readonly TrainingDay[]): Map<ProfileKey, TrainingDay[]> {
  const map = new Map<ProfileKey, TrainingDay[]>();
  for (const d of training) {
    const list = map.get(d.info.profileKey);
    if (list) list.push(d);
    else map.set(d.info.profileKey, [d]);
  }
  return map;
}

/** Simple exponential smoothing of a sequence (oldest first): level starts at the first value. */
function smooth(values: readonly number[], alpha: number): number {
  let level = values[0];
  for (let i = 1; i < values.length; i++) level = alpha * values[i] + (1 - alpha) * level;
  return level;
}

/** Holt's level and trend of a sequence (oldest first); trend starts at 0. */
function holt(values: readonly number[], alpha: number, beta: number): { level: number; trend: number } {
  let level = values[0];
  let trend = 0;
  for (let i = 1; i < values.length; i++) {
    const previous = level;
    level = alpha * values[i] + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return { level, trend };
}

const meanOf = (arrays: readonly (readonly number[])[]): number[] =>
  arrays[0].map((_, k) => arrays.reduce((sum, a) => sum + a[k], 0) / arrays.length);

/** The keys whose profiles stand in for a key without history, and the basis that reports it. */
function fallbackKeys(key: ProfileKey): { keys: readonly ProfileKey[]; basis: ForecastBasis } | undefined {
  if (key === 'holiday') return { keys: [6, 0], basis: 'weekend-days' };
  if (key === 'makeup-workday') return { keys: [1, 2, 3, 4, 5], basis: 'workdays' };
  return undefined;
}

/**
 * Resolves a per-key quantity for a target day: the key's own when it has history, else the mean over its
 * fallback keys that have history, else undefined.
 */
function resolve<T>(key: ProfileKey, own: (k: ProfileKey) => T | undefined, mean: (values: T[]) => T): { value: T; basis: ForecastBasis } | undefined {
  const direct = own(key);
  if (direct !== undefined) return { value: direct, basis: 'history' };
  const fallback = fallbackKeys(key);
  if (!fallback) return undefined;
  const values = fallback.keys.map(own).filter((v): v is T => v !== undefined);
  return values.length ? { value: mean(values), basis: fallback.basis } : undefined;
}

function seasonalNaive(training: readonly TrainingDay[], targets: readonly DayInfo[], n: number): DayForecast[] {
  const byDay = new Map(training.map((d) => [d.info.day, d]));
  const first = training[0]?.info.day;
  return targets.map((t) => {
    // The same weekday 1, 2, ... weeks back: the most recent one in the training data.
    for (let back = addWeeks(t.day, -1); first !== undefined && back >= first; back = addWeeks(back, -1)) {
      const source = byDay.get(back);
      if (source) return { counts: [...source.counts], basis: 'history' as const };
    }
    return { counts: new Array<number>(n).fill(0), basis: 'no-history' as const };
  });
}

function addWeeks(day: string, weeks: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

function weekdayProfile(training: readonly TrainingDay[], targets: readonly DayInfo[], n: number, p: MethodParameters): DayForecast[] {
  const alpha = p.alpha ?? DEFAULT_PARAMETERS['weekday-profile'].alpha!;
  const beta = p.beta ?? 0;
  const groups = byKey(training);
  const cells = new Map<ProfileKey, { level: number[]; trend: number[]; lastDay: string }>();
  for (const [key, days] of groups) {
    const level: number[] = [];
    const trend: number[] = [];
    for (let k = 0; k < n; k++) {
      const h = holt(days.map((d) => d.counts[k]), alpha, typeof key === 'number' ? beta : 0);
      level.push(h.level);
      trend.push(h.trend);
    }
    cells.set(key, { level, trend, lastDay: days.at(-1)!.info.day });
  }
  return targets.map((t) => {
    const at = (key: ProfileKey): number[] | undefined => {
      const c = cells.get(key);
      if (!c) return undefined;
      const weeksAhead = typeof key === 'number' ? Math.max(1, Math.round(dayDiff(c.lastDay, t.day) / 7)) : 0;
      return c.level.map((l, k) => Math.max(0, l + weeksAhead * c.trend[k]));
    };
    const r = resolve(t.profileKey, at, meanOf);
    return r ? { counts: r.value, basis: r.basis } : { counts: new Array<number>(n).fill(0), basis: 'no-history' };
  });
}

function dayShare(training: readonly TrainingDay[], targets: readonly DayInfo[], n: number, p: MethodParameters): DayForecast[] {
  const d = DEFAULT_PARAMETERS['day-share'];
  const shareAlpha = p.shareAlpha ?? d.shareAlpha!;
  const levelAlpha = p.levelAlpha ?? d.levelAlpha!;
  const trendBeta = p.trendBeta ?? 0;
  const groups = byKey(training);
  // Mean total and intraday shares per key, exponentially weighted over the key's past days.
  const meanTotal = new Map<ProfileKey, number>();
  const shares = new Map<ProfileKey, number[]>();
  for (const [key, days] of groups) {
    meanTotal.set(key, smooth(days.map((x) => x.total), shareAlpha));
    const withCalls = days.filter((x) => x.total > 0);
    if (withCalls.length) {
      const s: number[] = [];
      for (let k = 0; k < n; k++) s.push(smooth(withCalls.map((x) => x.counts[k] / x.total), shareAlpha));
      const sum = s.reduce((a, b) => a + b, 0);
      shares.set(key, s.map((v) => v / sum));
    }
  }
  const ordinary = WEEKDAY_KEYS.map((k) => meanTotal.get(k)).filter((v): v is number => v !== undefined);
  const base = ordinary.length ? ordinary.reduce((a, b) => a + b, 0) / ordinary.length : 0;
  const factorOf = (key: ProfileKey): number | undefined => {
    const m = meanTotal.get(key);
    return m === undefined || base === 0 ? undefined : m / base;
  };
  // Holt over the deseasonalised daily totals, one step per calendar day (a missing day advances the level by the trend).
  let level: number | undefined;
  let trend = 0;
  let lastDay: string | undefined;
  for (const x of training) {
    const f = factorOf(x.info.profileKey);
    if (f === undefined || f === 0) continue;
    const z = x.total / f;
    if (level === undefined || lastDay === undefined) {
      level = z;
    } else {
      const steps = dayDiff(lastDay, x.info.day);
      const expected = level + steps * trend;
      const next = levelAlpha * z + (1 - levelAlpha) * expected;
      trend = trendBeta * ((next - level) / steps) + (1 - trendBeta) * trend;
      level = next;
    }
    lastDay = x.info.day;
  }
  return targets.map((t) => {
    const factor = resolve(t.profileKey, factorOf, (v) => v.reduce((a, b) => a + b, 0) / v.length);
    const share = resolve(t.profileKey, (k) => shares.get(k), meanOf);
    if (!factor || !share || level === undefined || lastDay === undefined) return { counts: new Array<number>(n).fill(0), basis: 'no-history' };
    const total = Math.max(0, level + dayDiff(lastDay, t.day) * trend) * factor.value;
    return { counts: share.value.map((s) => total * s), basis: factor.basis };
  });
}

/**
 * Forecasts whole days with one method.
 *
 * @param method the method (see the module comment).
 * @param training the observed days before the forecast's start, ascending.
 * @param targets the days to forecast, with their day types.
 * @param n intervals per day.
 * @param parameters the method's smoothing constants (defaults: {@link DEFAULT_PARAMETERS}).
 * @returns one forecast per target day: expected calls per interval and how it was made.
 */
export function forecastDays(method: MethodName, training: readonly TrainingDay[], targets: readonly DayInfo[], n: number, parameters: MethodParameters = {}): DayForecast[] {
  switch (method) {
    case 'seasonal-naive':
      return seasonalNaive(training, targets, n);
    case 'weekday-profile':
      return weekdayProfile(training, targets, n, parameters);
    case 'day-share':
      return dayShare(training, targets, n, parameters);
  }
}
