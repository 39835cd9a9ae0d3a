/**
 * Out-of-sample accuracy of the forecast on a series: the last weeks are held out, each forecast only from the
 * weeks before it (rolling origin, one week ahead), and scored by WAPE per interval and per day against the
 * seasonal-naive baseline (same interval last week).
 */
import { addDays } from '@hotline/events';
import { type HolidayCalendar, type SpecialDay, specialDayIndex } from './calendar';
import { ForecastInputError } from './errors';
import { type ErrorSums, addErrors, forecastArrivals, noErrors, trainingDays, wape } from './forecast';
import { type ArrivalHistory, sliceHistory, validateHistory } from './history';
import { METHODS, type MethodName, type MethodParameters } from './methods';
import type { DayExclusions } from './unusual';

/** Options of {@link holdoutAccuracy}. */
export interface HoldoutOptions {
  /** Weeks held out at the end of the history, each forecast from the weeks before it (default 1). */
  testWeeks?: number;
  /** Holiday calendar (default `cn`). */
  calendar?: HolidayCalendar;
  /** Back-test weeks used to pick the method inside each training window (default 4). */
  backtestWeeks?: number;
  /** Nominal coverage of the prediction interval whose hit rate is measured (default 0.8). */
  predictionLevel?: number;
  /**
   * Unusual days, as {@link forecastArrivals} takes them: each training window leaves them out of its profiles.
   * The held-out days are scored whatever they are (the holdout measures against what happened).
   */
  exclusions?: DayExclusions;
  /** User special days (forecast like holidays). */
  specialDays?: readonly SpecialDay[];
}

/** WAPE of one way of forecasting over the held-out weeks. */
export interface HoldoutScore {
  /** Σ|actual − forecast| / Σ actual over every interval of the held-out days (fraction). */
  wapeInterval: number;
  /** The same over daily totals (fraction). */
  wapeDay: number;
}

/** Result of {@link holdoutAccuracy}. */
export interface HoldoutReport {
  intervalMinutes: number;
  /** Held-out days (observed), first and last. */
  testFrom: string;
  testTo: string;
  testDays: number;
  /** Calls in the held-out days. */
  testCalls: number;
  /** The method `auto` picked in each held-out week (by back-test on that week's training data), oldest first. */
  chosen: { weekFrom: string; method: MethodName; parameters: MethodParameters }[];
  /** The automatic choice's score. */
  auto: HoldoutScore;
  /** Each method's score (its parameters chosen by back-test on the training data). */
  methods: Record<MethodName, HoldoutScore>;
  /** Share of held-out intervals inside the automatic forecast's prediction interval. */
  intervalCoverage: number;
  /** Share of held-out days whose total is inside the day's prediction interval. */
  dayCoverage: number;
}

const score = (s: ErrorSums): HoldoutScore => ({ wapeInterval: wape(s.absInterval, s.actual), wapeDay: wape(s.absDay, s.actual) });

/**
 * Holds out the last `testWeeks` weeks of a history and forecasts each from the data before it only, with the
 * automatic choice and with each method; scores all by WAPE per interval and per day.
 *
 * @param history the whole observed series.
 * @param options held-out weeks, calendar, back-test weeks, prediction level.
 * @returns the scores; `methods['seasonal-naive']` is the baseline.
 * @throws ForecastInputError `testWeeks` when the history leaves less than one week of training before the
 *   first held-out week.
 */
export function holdoutAccuracy(history: ArrivalHistory, options: HoldoutOptions = {}): HoldoutReport {
  validateHistory(history);
  const testWeeks = options.testWeeks ?? 1;
  const calendar = options.calendar ?? 'cn';
  if (!Number.isInteger(testWeeks) || testWeeks < 1) throw new ForecastInputError('out-of-range', 'testWeeks', `must be a whole number >= 1 (got ${testWeeks})`);
  if (history.days.length === 0) throw new ForecastInputError('insufficient-history', 'history', 'has no observed day');
  const afterLast = addDays(history.days.at(-1)!.day, 1);
  const firstOrigin = addDays(afterLast, -7 * testWeeks);
  if (addDays(firstOrigin, -7) < history.days[0].day) {
    throw new ForecastInputError('insufficient-history', 'testWeeks', `leaves less than a week of training before ${firstOrigin}`);
  }
  const all = trainingDays(history, calendar, specialDayIndex(options.specialDays));
  const auto = noErrors();
  const perMethod = Object.fromEntries(METHODS.map((m) => [m, noErrors()])) as Record<MethodName, ErrorSums>;
  const chosen: HoldoutReport['chosen'] = [];
  let inside = 0;
  let intervals = 0;
  let daysInside = 0;
  let testDays = 0;
  for (let w = testWeeks; w >= 1; w--) {
    const origin = addDays(afterLast, -7 * w);
    const end = addDays(origin, 7);
    const training = sliceHistory(history, undefined, origin);
    const test = all.filter((d) => d.info.day >= origin && d.info.day < end);
    if (!test.length) continue;
    const common = { from: origin, days: 7, calendar, backtestWeeks: options.backtestWeeks, predictionLevel: options.predictionLevel, exclusions: options.exclusions, specialDays: options.specialDays };
    const f = forecastArrivals(training, common);
    chosen.push({ weekFrom: origin, method: f.method.name, parameters: f.method.parameters });
    for (const d of test) {
      const i = f.days.findIndex((x) => x.day === d.info.day);
      const slice = f.intervals.slice(i * d.counts.length, (i + 1) * d.counts.length);
      addErrors(auto, d.counts, slice.map((x) => x.arrivals));
      slice.forEach((x, k) => {
        intervals += 1;
        if (d.counts[k] >= x.lower && d.counts[k] <= x.upper) inside += 1;
      });
      testDays += 1;
      if (d.total >= f.days[i].lower && d.total <= f.days[i].upper) daysInside += 1;
    }
    for (const m of METHODS) {
      const fm = forecastArrivals(training, { ...common, method: m });
      for (const d of test) {
        const i = fm.days.findIndex((x) => x.day === d.info.day);
        addErrors(perMethod[m], d.counts, fm.intervals.slice(i * d.counts.length, (i + 1) * d.counts.length).map((x) => x.arrivals));
      }
    }
  }
  const tested = all.filter((d) => d.info.day >= firstOrigin);
  return {
    intervalMinutes: history.intervalMinutes,
    testFrom: tested[0]?.info.day ?? firstOrigin,
    testTo: tested.at(-1)?.info.day ?? addDays(afterLast, -1),
    testDays,
    testCalls: auto.actual,
    chosen,
    auto: score(auto),
    methods: Object.fromEntries(METHODS.map((m) => [m, score(perMethod[m])])) as Record<MethodName, HoldoutScore>,
    intervalCoverage: intervals ? inside / intervals : 0,
    dayCoverage: testDays ? daysInside / testDays : 0,
  };
}
