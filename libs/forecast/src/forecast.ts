/**
 * Arrivals per interval for the coming weeks, from history, with the method picked per series by back-test (as
 * workforce-management suites do) and an 80 % prediction interval sized by the back-test's own errors.
 */
import { type DayInfo, type DayType, type HolidayCalendar, type SpecialDay, type SpecialDayIndex, HOLIDAY_CALENDARS, dayInfo, specialDayIndex } from './calendar';
import { addDays } from '@hotline/events';
import { ForecastInputError } from './errors';
import { type ArrivalHistory, intervalLabelAt, intervalStartIso, intervalsPerDay, validateHistory } from './history';
import { type DayExclusions, type ScreenedDay, screenHistory } from './unusual';

/**
 * Something the planner should know about a forecast or requirement: a stable `code` (the console translates it),
 * an English `message`, and the numbers it mentions in `params`.
 */
export interface ForecastWarning {
  code: 'calendar-not-covered' | 'day-type-fallback' | 'closed-weekday' | 'no-comparable-day' | 'no-backtest' | 'no-aht' | 'default-patience' | 'patience-bound';
  message: string;
  params?: Record<string, number>;
}
import {
  DEFAULT_PARAMETERS,
  type ForecastBasis,
  METHODS,
  type MethodName,
  type MethodParameters,
  PARAMETER_GRID,
  type TrainingDay,
  forecastDays,
} from './methods';

/** Options of {@link forecastArrivals}. */
export interface ForecastOptions {
  /** First day to forecast, `YYYY-MM-DD` (default: the day after the history's last day). */
  from?: string;
  /** Weeks to forecast, a whole number >= 1 (default 2). Ignored when `days` is given. */
  weeks?: number;
  /** Days to forecast, a whole number >= 1 (overrides `weeks`). */
  days?: number;
  /** A method, or `auto` (default): the one with the lowest back-test WAPE. */
  method?: MethodName | 'auto';
  /** Fixed smoothing constants for a named method (default: the best of its grid in the back-test). */
  parameters?: MethodParameters;
  /** Holiday calendar (default `cn`; `none` for foreign series). */
  calendar?: HolidayCalendar;
  /** Weeks of back-test, each forecast from the weeks before it (default 4; fewer when the history is short). */
  backtestWeeks?: number;
  /** Coverage of the prediction interval, in (0, 1) (default 0.8). */
  predictionLevel?: number;
  /**
   * Unusual days left out of the profiles: the planner's marks and overrides, and whether the outlier rule runs
   * (default: no mark, the rule on; see unusual.ts).
   */
  exclusions?: DayExclusions;
  /** Special days a user adds (local events, a system change): forecast like holidays (see calendar.ts). */
  specialDays?: readonly SpecialDay[];
}

/**
 * Below this many back-test weeks the history is short: the prediction interval is then widened to the back-test's
 * own error quantiles (see {@link forecastArrivals}). Four is the default back-test, i.e. about eight weeks of history.
 */
export const SHORT_BACKTEST_WEEKS = 4;

/** Back-test result of one method with its best parameters. */
export interface BacktestScore {
  method: MethodName;
  parameters: MethodParameters;
  /** WAPE over every interval of the back-test weeks: Σ|actual − forecast| / Σ actual (fraction). */
  wapeInterval: number;
  /** WAPE of the daily totals (fraction). */
  wapeDay: number;
}

/** How the method was chosen. */
export type MethodSelection = 'back-test' | 'fixed' | 'default';

/** Forecast of one interval. */
export interface ForecastInterval {
  /** UTC instant the interval starts, ISO 8601. */
  start: string;
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Local start `HH:MM`. */
  label: string;
  /** Kind of day (workday, restday, holiday, makeup-workday). */
  dayType: DayType;
  /** Expected arrivals (calls in the interval; an expectation, not a whole number). */
  arrivals: number;
  /** Lower bound of the prediction interval (calls), >= 0. */
  lower: number;
  /** Upper bound of the prediction interval (calls). */
  upper: number;
}

/** Forecast of one day. */
export interface ForecastDay {
  day: string;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  dayType: DayType;
  holidayName?: string;
  /** False when the `cn` calendar has no data for the year: holidays there are unknown. */
  calendarCovered: boolean;
  /**
   * How it was forecast: from days of its own kind (`history`); as the mean of the history's other workdays, rest
   * days or of all its kinds of day (`workdays`, `rest-days`, `all-days`) when the history has none of its kind;
   * 0 calls as a weekday the centre does not open (`closed`) or with nothing to go by (`no-history`). See methods.ts.
   */
  basis: ForecastBasis;
  /** Expected calls of the day. */
  arrivals: number;
  /** Prediction interval of the day's total (calls). */
  lower: number;
  upper: number;
}

/** Result of {@link forecastArrivals}. */
export interface Forecast {
  intervalMinutes: number;
  timeZone: string;
  calendar: HolidayCalendar;
  /** First forecast day. */
  from: string;
  /** Last forecast day (inclusive). */
  to: string;
  /** First and last day of the history used. */
  historyFrom: string;
  historyTo: string;
  method: {
    name: MethodName;
    parameters: MethodParameters;
    selectedBy: MethodSelection;
    /** Every method's back-test score (best parameters each), best first; empty without a back-test. */
    backtest: BacktestScore[];
    /** Weeks the back-test covered. */
    backtestWeeks: number;
  };
  predictionInterval: {
    /** Nominal coverage, e.g. 0.8. */
    level: number;
    /**
     * Overdispersion κ of the interval counts: the forecast error's variance is taken as forecast + κ·forecast²
     * (Poisson noise plus an error proportional to the level, the negative-binomial form; κ = 0 is Poisson),
     * κ = max(0, Σ[(actual − forecast)² − forecast] / Σ forecast²) over the back-test's out-of-sample errors.
     * Bounds: forecast ± z·√variance (z the normal quantile of the level), never below 0.
     */
    overdispersionInterval: number;
    /** The same for the daily totals (a day's interval errors are correlated, so they are sized separately). */
    overdispersionDay: number;
    /** `back-test` (κ measured) or `poisson` (κ = 0 assumed: no back-test was possible). */
    source: 'back-test' | 'poisson';
    /**
     * The multipliers of √variance actually used. `normal` is z = Φ⁻¹(0.5 + level/2). On a short back-test
     * (fewer than {@link SHORT_BACKTEST_WEEKS} weeks, i.e. `widened` may be true) each is
     * max(z, the split-conformal quantile of the back-test's standardised errors |actual − forecast| / √variance:
     * the ⌈(m + 1)·level⌉-th smallest of the m scores, the largest when that exceeds m; Lei, G'Sell, Rinaldo,
     * Tibshirani and Wasserman, JASA 2018, §2.2), so the range is at least as wide as the back-test's errors say.
     */
    calibration: { normal: number; interval: number; day: number; short: boolean; widened: boolean };
  };
  /** The days of the history left out (`marked`, `detected`) and the detected days the planner kept (`included`). */
  excludedDays: ScreenedDay[];
  days: ForecastDay[];
  intervals: ForecastInterval[];
  /** Plain-language caveats (e.g. days beyond the holiday calendar). */
  warnings: ForecastWarning[];
}

/** @internal The history's days as training days, with their calendar information. */
export function trainingDays(history: ArrivalHistory, calendar: HolidayCalendar, special?: SpecialDayIndex, excluded?: ReadonlySet<string>): TrainingDay[] {
  return history.days.map((d) => {
    const day: TrainingDay = { info: dayInfo(d.day, calendar, special), counts: d.counts, total: d.counts.reduce((a, b) => a + b, 0) };
    if (excluded?.has(d.day)) day.excluded = true;
    return day;
  });
}

/** @internal Absolute errors and actuals of a forecast against observed days. */
export interface ErrorSums {
  absInterval: number;
  absDay: number;
  actual: number;
  sqInterval: number;
  sqDay: number;
  forecastInterval: number;
  forecastDay: number;
  sqForecastInterval: number;
  sqForecastDay: number;
}

/** @internal A fresh error accumulator. */
export const noErrors = (): ErrorSums => ({ absInterval: 0, absDay: 0, actual: 0, sqInterval: 0, sqDay: 0, forecastInterval: 0, forecastDay: 0, sqForecastInterval: 0, sqForecastDay: 0 });

/** @internal Adds one day's errors. */
export function addErrors(sums: ErrorSums, actual: readonly number[], forecast: readonly number[]): void {
  let actualTotal = 0;
  let forecastTotal = 0;
  for (let k = 0; k < actual.length; k++) {
    const e = actual[k] - forecast[k];
    sums.absInterval += Math.abs(e);
    sums.sqInterval += e * e;
    sums.forecastInterval += forecast[k];
    sums.sqForecastInterval += forecast[k] * forecast[k];
    actualTotal += actual[k];
    forecastTotal += forecast[k];
  }
  sums.actual += actualTotal;
  sums.absDay += Math.abs(actualTotal - forecastTotal);
  sums.sqDay += (actualTotal - forecastTotal) ** 2;
  sums.forecastDay += forecastTotal;
  sums.sqForecastDay += forecastTotal * forecastTotal;
}

/** WAPE = Σ|actual − forecast| / Σ actual; 0 when nothing was observed and nothing was missed. */
export function wape(absoluteErrors: number, actual: number): number {
  return actual === 0 ? (absoluteErrors === 0 ? 0 : Number.POSITIVE_INFINITY) : absoluteErrors / actual;
}

/**
 * @internal The back-test folds: the last `weeks` weeks of the days, each with at least a week of training before
 * it. Excluded days are never scored (a fold of only excluded days is dropped) and a fold needs a usable training day.
 */
export function folds(days: readonly TrainingDay[], weeks: number): { origin: string; training: TrainingDay[]; test: TrainingDay[] }[] {
  if (days.length === 0) return [];
  const first = days[0].info.day;
  const afterLast = addDays(days.at(-1)!.info.day, 1);
  const out: { origin: string; training: TrainingDay[]; test: TrainingDay[] }[] = [];
  for (let i = 1; i <= weeks; i++) {
    const origin = addDays(afterLast, -7 * i);
    if (addDays(origin, -7) < first) break;
    const end = addDays(origin, 7);
    const training = days.filter((d) => d.info.day < origin);
    const test = days.filter((d) => d.info.day >= origin && d.info.day < end && !d.excluded);
    if (training.some((d) => !d.excluded) && test.length) out.push({ origin, training, test });
  }
  return out;
}

interface Candidate {
  method: MethodName;
  parameters: MethodParameters;
  sums: ErrorSums;
}

/** @internal Back-test of one method and parameter set over the folds. */
export function backtest(method: MethodName, parameters: MethodParameters, fs: ReturnType<typeof folds>, n: number): ErrorSums {
  const sums = noErrors();
  for (const f of fs) {
    const predicted = forecastDays(method, f.training, f.test.map((d) => d.info), n, parameters);
    f.test.forEach((d, i) => addErrors(sums, d.counts, predicted[i].counts));
  }
  return sums;
}

/** @internal Out-of-sample (forecast, actual) pairs of one method over the folds, per interval and per day. */
export function backtestPairs(method: MethodName, parameters: MethodParameters, fs: ReturnType<typeof folds>, n: number): { interval: [number, number][]; day: [number, number][] } {
  const interval: [number, number][] = [];
  const day: [number, number][] = [];
  for (const f of fs) {
    const predicted = forecastDays(method, f.training, f.test.map((d) => d.info), n, parameters);
    f.test.forEach((d, i) => {
      const counts = predicted[i].counts;
      counts.forEach((c, k) => interval.push([c, d.counts[k]]));
      day.push([counts.reduce((a, b) => a + b, 0), d.total]);
    });
  }
  return { interval, day };
}

/**
 * @internal Split-conformal multiplier: the ⌈(m + 1)·level⌉-th smallest of the m scores |actual − forecast| / √(f + κf²)
 * over the pairs with a forecast above 0 (the largest when the rank exceeds m; 0 without a pair).
 */
export function conformalMultiplier(pairs: readonly [number, number][], kappa: number, level: number): number {
  const scores = pairs.filter(([f]) => f > 0).map(([f, a]) => Math.abs(a - f) / Math.sqrt(f + kappa * f * f)).sort((a, b) => a - b);
  if (!scores.length) return 0;
  return scores[Math.min(scores.length, Math.ceil((scores.length + 1) * level)) - 1];
}

/**
 * The standard normal quantile Φ⁻¹(p), by P. J. Acklam's rational approximation (relative error < 1.2e-9).
 * @throws ForecastInputError when p is not in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new ForecastInputError('out-of-range', 'predictionLevel', `must be in (0, 1) (got ${p})`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function wholeNumber(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ForecastInputError('out-of-range', field, `must be a whole number >= ${min} (got ${String(value)})`);
  }
  return value;
}

/**
 * Preference between methods whose back-test errors are equal. The baseline goes last: with one week of training
 * the weighted profile reproduces last week exactly, and as soon as there are more weeks its average of them
 * cannot have a larger variance than one week's Poisson-like counts. (Ties are real, not rounding: equal sums.)
 */
const TIE_ORDER: readonly MethodName[] = ['weekday-profile', 'day-share', 'seasonal-naive'];
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const isDefault = (m: MethodName, p: MethodParameters): boolean => JSON.stringify(p) === JSON.stringify(DEFAULT_PARAMETERS[m]);

/** Prediction bounds mean ± z·√(mean + κ·mean²), the lower never below 0. */
const bound = (mean: number, kappa: number, z: number): [number, number] => {
  const half = z * Math.sqrt(mean + kappa * mean * mean);
  return [Math.max(0, mean - half), mean + half];
};

/**
 * Forecasts arrivals per interval for the coming weeks.
 *
 * Method choice (`auto`): every method of {@link METHODS} with every parameter set of its grid
 * ({@link PARAMETER_GRID}) forecasts each of the last `backtestWeeks` weeks of the history from the weeks before
 * it; the method and parameters with the lowest interval WAPE win. Exact ties (one week of training makes every
 * weighted average equal to last week) go to the method's default parameters, and between methods to the
 * weighted profile before the day-share model before the seasonal naive. With less
 * than two weeks of history there is no back-test: `weekday-profile` with α = 0.5 is used and the prediction
 * interval assumes Poisson counts (κ = 0). On a short back-test (fewer than {@link SHORT_BACKTEST_WEEKS} weeks) the
 * interval is widened to the back-test's own error quantiles (see `predictionInterval.calibration`): a κ measured
 * on one or two weeks is itself noisy and must not give a range narrower than the errors just observed.
 *
 * Unusual days (`exclusions`: the planner's marks, the outlier rule of unusual.ts unless `detect: false`, the
 * planner's overrides) are left out of every profile and of the back-test's scoring; they are listed in
 * `excludedDays`. User special days (`specialDays`) are holidays (see calendar.ts).
 *
 * @param history observed arrivals per interval (see {@link ArrivalHistory}).
 * @param options start, horizon, method, calendar, back-test weeks, prediction level.
 * @returns per interval: start (ISO), local day and label, expected arrivals and the prediction interval; per
 *   day: totals; the method and its back-test.
 * @throws ForecastInputError `history` (`insufficient-history`) when the history has no day before `from`,
 *   `exclusions` (`insufficient-history`) when every day before `from` is left out; `specialDays[i]...` and
 *   `exclusions.marked[i]...` / `exclusions.included[i]` for a bad date or an empty name or reason;
 *   `weeks`, `days`, `from`, `method`, `calendar`, `backtestWeeks`, `predictionLevel` for a bad option;
 *   `history.days[i]...` for a malformed history.
 * @example
 * const f = forecastArrivals(history, { weeks: 2, calendar: 'cn' });
 * f.method.name;              // e.g. 'day-share', picked by back-test
 * f.intervals[0];             // { start: '2025-03-02T16:00:00.000Z', day: '2025-03-03', label: '00:00', arrivals: 2.4, lower: 0.3, upper: 4.5, dayType: 'workday' }
 */
export function forecastArrivals(history: ArrivalHistory, options: ForecastOptions = {}): Forecast {
  validateHistory(history);
  const n = intervalsPerDay(history.intervalMinutes);
  const calendar = options.calendar ?? 'cn';
  if (!HOLIDAY_CALENDARS.includes(calendar)) throw new ForecastInputError('invalid', 'calendar', `must be one of ${HOLIDAY_CALENDARS.join(', ')} (got ${JSON.stringify(calendar)})`);
  const method = options.method ?? 'auto';
  if (method !== 'auto' && !METHODS.includes(method)) throw new ForecastInputError('invalid', 'method', `must be auto or one of ${METHODS.join(', ')} (got ${JSON.stringify(method)})`);
  const horizon = options.days !== undefined ? wholeNumber(options.days, 'days', 1) : 7 * wholeNumber(options.weeks ?? 2, 'weeks', 1);
  const backtestWeeks = wholeNumber(options.backtestWeeks ?? 4, 'backtestWeeks', 0);
  const level = options.predictionLevel ?? 0.8;
  const z = normalQuantile(0.5 + level / 2);
  if (history.days.length === 0) throw new ForecastInputError('insufficient-history', 'history', 'has no observed day');
  const from = options.from ?? addDays(history.days.at(-1)!.day, 1);
  try {
    dayInfo(from, 'none');
  } catch {
    throw new ForecastInputError('invalid', 'from', `must be a date YYYY-MM-DD (got ${JSON.stringify(from)})`);
  }
  const special = specialDayIndex(options.specialDays);
  const past = { ...history, days: history.days.filter((d) => d.day < from) };
  const screening = screenHistory(past, options.exclusions, calendar, special);
  const all = trainingDays(past, calendar, special, screening.excluded);
  if (all.length === 0) throw new ForecastInputError('insufficient-history', 'history', `has no observed day before ${from}`);
  if (all.every((d) => d.excluded)) throw new ForecastInputError('insufficient-history', 'exclusions', `leave no day before ${from} to learn from (${all.length} day(s) excluded)`);

  const fs = folds(all, backtestWeeks);
  const methods = method === 'auto' ? METHODS : [method];
  const scored: Candidate[] = [];
  for (const m of methods) {
    const grid = method !== 'auto' && options.parameters ? [options.parameters] : PARAMETER_GRID[m];
    // Parameter sets the back-test cannot tell apart (e.g. with one week of training every weighted average is
    // last week's value) resolve to the method's default parameters when those are among them.
    let best: Candidate | undefined;
    for (const parameters of fs.length ? grid : [options.parameters ?? DEFAULT_PARAMETERS[m]]) {
      const sums = backtest(m, parameters, fs, n);
      const tie = best !== undefined && same(sums.absInterval, best.sums.absInterval);
      if (!best || (!tie && sums.absInterval < best.sums.absInterval) || (tie && isDefault(m, parameters))) best = { method: m, parameters, sums };
    }
    scored.push(best!);
  }
  // Best back-test first; between methods the back-test cannot tell apart, the seasonal naive comes last.
  const ranked = [...scored].sort((a, b) => (same(a.sums.absInterval, b.sums.absInterval) ? TIE_ORDER.indexOf(a.method) - TIE_ORDER.indexOf(b.method) : a.sums.absInterval - b.sums.absInterval));
  const chosen = fs.length ? ranked[0] : (scored.find((c) => c.method === (method === 'auto' ? 'weekday-profile' : method)) ?? scored[0]);
  const selectedBy: MethodSelection = method !== 'auto' ? 'fixed' : fs.length ? 'back-test' : 'default';
  const overdispersion = (sq: number, predicted: number, predictedSq: number): number => (fs.length && predictedSq > 0 ? Math.max(0, (sq - predicted) / predictedSq) : 0);
  const kappaInterval = overdispersion(chosen.sums.sqInterval, chosen.sums.forecastInterval, chosen.sums.sqForecastInterval);
  const kappaDay = overdispersion(chosen.sums.sqDay, chosen.sums.forecastDay, chosen.sums.sqForecastDay);
  const short = fs.length > 0 && fs.length < SHORT_BACKTEST_WEEKS;
  let zInterval = z;
  let zDay = z;
  if (short) {
    const pairs = backtestPairs(chosen.method, chosen.parameters, fs, n);
    zInterval = Math.max(z, conformalMultiplier(pairs.interval, kappaInterval, level));
    zDay = Math.max(z, conformalMultiplier(pairs.day, kappaDay, level));
  }

  const targets: DayInfo[] = Array.from({ length: horizon }, (_, i) => dayInfo(addDays(from, i), calendar, special));
  const predicted = forecastDays(chosen.method, all, targets, n, chosen.parameters);
  const days: ForecastDay[] = [];
  const intervals: ForecastInterval[] = [];
  targets.forEach((t, i) => {
    const counts = predicted[i].counts;
    const total = counts.reduce((a, b) => a + b, 0);
    const [lower, upper] = bound(total, kappaDay, zDay);
    const day: ForecastDay = { day: t.day, weekday: t.weekday, dayType: t.dayType, calendarCovered: t.calendarCovered, basis: predicted[i].basis, arrivals: total, lower, upper };
    if (t.holidayName !== undefined) day.holidayName = t.holidayName;
    days.push(day);
    counts.forEach((arrivals, k) => {
      const [lo, hi] = bound(arrivals, kappaInterval, zInterval);
      intervals.push({ start: intervalStartIso(t.day, k, history.intervalMinutes, history.timeZone), day: t.day, label: intervalLabelAt(k, history.intervalMinutes), dayType: t.dayType, arrivals, lower: lo, upper: hi });
    });
  });
  const warnings: ForecastWarning[] = [];
  if (calendar === 'cn' && targets.some((t) => !t.calendarCovered)) warnings.push({ code: 'calendar-not-covered', message: 'some forecast days are outside the years the Chinese holiday calendar covers: they are treated as ordinary days' });
  const count = (basis: ForecastBasis[]): number => days.filter((d) => basis.includes(d.basis)).length;
  const fallback = count(['workdays', 'rest-days', 'all-days']);
  if (fallback) {
    warnings.push({
      code: 'day-type-fallback',
      message: `${fallback} forecast day(s) have no day of their own kind in the history: each is forecast as the mean of the history's other days of its type (workdays Monday-Friday, rest days Saturday-Sunday), or of all its kinds of day when it has none of that type`,
      params: { days: fallback },
    });
  }
  const closed = count(['closed']);
  if (closed) {
    warnings.push({
      code: 'closed-weekday',
      message: `${closed} forecast day(s) fall on a weekday the history never contains although it spans at least two of them: taken as a day the centre does not open (0 calls)`,
      params: { days: closed },
    });
  }
  const none = count(['no-history']);
  if (none) warnings.push({ code: 'no-comparable-day', message: `${none} forecast day(s) have nothing in the history to go by (no call on any comparable day): forecast as 0 calls`, params: { days: none } });
  if (!fs.length) warnings.push({ code: 'no-backtest', message: 'less than two weeks of history: no back-test; the method is the default and the prediction interval assumes Poisson counts' });

  return {
    intervalMinutes: history.intervalMinutes,
    timeZone: history.timeZone,
    calendar,
    from,
    to: addDays(from, horizon - 1),
    historyFrom: all[0].info.day,
    historyTo: all.at(-1)!.info.day,
    method: {
      name: chosen.method,
      parameters: chosen.parameters,
      selectedBy,
      backtest: fs.length
        ? ranked.map((c) => ({ method: c.method, parameters: c.parameters, wapeInterval: wape(c.sums.absInterval, c.sums.actual), wapeDay: wape(c.sums.absDay, c.sums.actual) }))
        : [],
      backtestWeeks: fs.length,
    },
    predictionInterval: {
      level,
      overdispersionInterval: kappaInterval,
      overdispersionDay: kappaDay,
      source: fs.length ? 'back-test' : 'poisson',
      calibration: { normal: z, interval: zInterval, day: zDay, short, widened: zInterval > z || zDay > z },
    },
    excludedDays: screening.days.filter((d) => d.status !== 'kept'),
    days,
    intervals,
    warnings,
  };
}
