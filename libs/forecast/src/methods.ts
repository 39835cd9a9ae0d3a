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
 * Unusual days (marked or detected, see unusual.ts) teach no profile: every method skips them.
 *
 * Special days (calendar `cn`, and the special days a user adds under any calendar): a holiday is forecast from the holidays in the history, or when there are none
 * as the mean of Saturday and Sunday; a make-up workday from the make-up workdays in the history, or as the mean
 * of Monday-Friday. Special days in the history train only the special profiles, never the weekday ones.
 *
 * A day with no comparable day in the history (a weekday the history does not contain) is never silently 0:
 * - when the history spans at least two dates of that weekday and contains none of them, the centre does not open
 *   that day (the US bank's weekends): 0 calls, basis `closed`;
 * - otherwise (a history too short to contain it) the mean of the history's other days of the same day type,
 *   workdays (Monday-Friday) or rest days (Saturday, Sunday), basis `workdays` / `rest-days`; and when it has none
 *   of that type either, the mean of all the kinds of day it has, basis `all-days`.
 * The mean is taken over the kinds of day (each weekday's own forecast), not over the days, so a weekday seen five
 * times weighs as much as one seen once.
 */
import { daysBetween } from '@hotline/events';
import type { DayInfo, ProfileKey } from './calendar';

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
  /**
   * An unusual day (marked by a planner or detected, see unusual.ts): it teaches no profile, but still shows that
   * the centre opens on its weekday (so a weekday whose days are all unusual is never taken as closed).
   */
  excluded?: boolean;
}

/** The days a method learns from: the training days that are not excluded. */
const usable = (training: readonly TrainingDay[]): TrainingDay[] => training.filter((d) => !d.excluded);

/**
 * How a day's forecast was made: from days of its own kind (`history`); as the mean of the history's other
 * workdays or rest days (`workdays`, `rest-days`) or of all its kinds of day (`all-days`) when it has none of its
 * own; 0 calls for a weekday the centre does not open (`closed`, see the module comment); 0 calls when the history
 * holds nothing to go by (`no-history`, e.g. a day-share forecast from a history without a single call).
 */
export type ForecastBasis = 'history' | 'workdays' | 'rest-days' | 'all-days' | 'closed' | 'no-history';

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

const WORKDAY_KEYS: readonly ProfileKey[] = [1, 2, 3, 4, 5];
const REST_KEYS: readonly ProfileKey[] = [6, 0];
const ALL_KEYS: readonly ProfileKey[] = [...WEEKDAY_KEYS, 'holiday', 'makeup-workday'];

/** The kinds of day of the same day type as `key` (a holiday is a rest day, a make-up workday a workday). */
function sameTypeKeys(key: ProfileKey): { keys: readonly ProfileKey[]; basis: ForecastBasis } {
  const rest = key === 'holiday' || key === 0 || key === 6;
  return { keys: (rest ? REST_KEYS : WORKDAY_KEYS).filter((k) => k !== key), basis: rest ? 'rest-days' : 'workdays' };
}

/**
 * Weekdays the centre does not open, as far as the history shows: weekdays with no day in the training data
 * although its span (first to last day) holds at least two dates of that weekday.
 */
export function closedWeekdays(training: readonly TrainingDay[]): Set<number> {
  const closed = new Set<number>();
  if (training.length === 0) return closed;
  const seen = new Set(training.map((d) => d.info.weekday));
  const span = daysBetween(training[0].info.day, training.at(-1)!.info.day) + 1;
  const firstWeekday = training[0].info.weekday;
  for (let w = 0; w < 7; w++) {
    const offset = (w - firstWeekday + 7) % 7;
    const occurrences = offset < span ? Math.floor((span - 1 - offset) / 7) + 1 : 0;
    if (!seen.has(w) && occurrences >= 2) closed.add(w);
  }
  return closed;
}

/**
 * Resolves a per-key quantity for a target day: the key's own when it has history; nothing (`closed`) for an
 * ordinary weekday the centre does not open; else the mean over the other keys of its day type that have history;
 * else the mean over every key that has history; else undefined.
 */
function resolve<T>(
  key: ProfileKey,
  own: (k: ProfileKey) => T | undefined,
  mean: (values: T[]) => T,
  closed: ReadonlySet<number>,
): { value: T | undefined; basis: ForecastBasis } | undefined {
  const direct = own(key);
  if (direct !== undefined) return { value: direct, basis: 'history' };
  if (typeof key === 'number' && closed.has(key)) return { value: undefined, basis: 'closed' };
  const same = sameTypeKeys(key);
  const sameValues = same.keys.map(own).filter((v): v is T => v !== undefined);
  if (sameValues.length) return { value: mean(sameValues), basis: same.basis };
  const all = ALL_KEYS.filter((k) => k !== key).map(own).filter((v): v is T => v !== undefined);
  return all.length ? { value: mean(all), basis: 'all-days' } : undefined;
}

/** A day of `n` zeros with its basis (a closed weekday, or nothing to go by). */
const zeros = (n: number, basis: ForecastBasis): DayForecast => ({ counts: new Array<number>(n).fill(0), basis });

function seasonalNaive(training: readonly TrainingDay[], targets: readonly DayInfo[], n: number): DayForecast[] {
  // The latest observed day of each weekday (the method knows no holidays: it goes by weekday only).
  const latest = new Map<ProfileKey, TrainingDay>();
  for (const d of usable(training)) latest.set(d.info.weekday as ProfileKey, d);
  const closed = closedWeekdays(training);
  return targets.map((t) => {
    const r = resolve(t.weekday as ProfileKey, (k) => latest.get(k)?.counts, meanOf, closed);
    return r?.value ? { counts: [...r.value], basis: r.basis } : zeros(n, r?.basis ?? 'no-history');
  });
}

function weekdayProfile(training: readonly TrainingDay[], targets: readonly DayInfo[], n: number, p: MethodParameters): DayForecast[] {
  const alpha = p.alpha ?? DEFAULT_PARAMETERS['weekday-profile'].alpha!;
  const beta = p.beta ?? 0;
  const groups = byKey(usable(training));
  const cells = new Map<ProfileKey, { level: number[]; trend: number[]; lastDay: string }>();
  const closed = closedWeekdays(training);
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
      const weeksAhead = typeof key === 'number' ? Math.max(1, Math.round(daysBetween(c.lastDay, t.day) / 7)) : 0;
      return c.level.map((l, k) => Math.max(0, l + weeksAhead * c.trend[k]));
    };
    const r = resolve(t.profileKey, at, meanOf, closed);
    return r?.value ? { counts: r.value, basis: r.basis } : zeros(n, r?.basis ?? 'no-history');
  });
}

function dayShare(training: readonly TrainingDay[], targets: readonly DayInfo[], n: number, p: MethodParameters): DayForecast[] {
  const d = DEFAULT_PARAMETERS['day-share'];
  const shareAlpha = p.shareAlpha ?? d.shareAlpha!;
  const levelAlpha = p.levelAlpha ?? d.levelAlpha!;
  const trendBeta = p.trendBeta ?? 0;
  const groups = byKey(usable(training));
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
  // The weekday factors are relative to the mean ordinary weekday (to the mean special day for a history of only those).
  const ordinary = WEEKDAY_KEYS.map((k) => meanTotal.get(k)).filter((v): v is number => v !== undefined);
  const pool = ordinary.length ? ordinary : [...meanTotal.values()];
  const base = pool.length ? pool.reduce((a, b) => a + b, 0) / pool.length : 0;
  const closed = closedWeekdays(training);
  const factorOf = (key: ProfileKey): number | undefined => {
    const m = meanTotal.get(key);
    return m === undefined || base === 0 ? undefined : m / base;
  };
  // Holt over the deseasonalised daily totals, one step per calendar day (a missing day advances the level by the trend).
  let level: number | undefined;
  let trend = 0;
  let lastDay: string | undefined;
  for (const x of usable(training)) {
    const f = factorOf(x.info.profileKey);
    if (f === undefined || f === 0) continue;
    const z = x.total / f;
    if (level === undefined || lastDay === undefined) {
      level = z;
    } else {
      const steps = daysBetween(lastDay, x.info.day);
      const expected = level + steps * trend;
      const next = levelAlpha * z + (1 - levelAlpha) * expected;
      trend = trendBeta * ((next - level) / steps) + (1 - trendBeta) * trend;
      level = next;
    }
    lastDay = x.info.day;
  }
  return targets.map((t) => {
    const factor = resolve(t.profileKey, factorOf, (v) => v.reduce((a, b) => a + b, 0) / v.length, closed);
    if (factor?.basis === 'closed') return zeros(n, 'closed');
    const share = resolve(t.profileKey, (k) => shares.get(k), meanOf, closed);
    if (factor?.value === undefined || !share?.value || level === undefined || lastDay === undefined) return zeros(n, 'no-history');
    const total = Math.max(0, level + daysBetween(lastDay, t.day) * trend) * factor.value;
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
