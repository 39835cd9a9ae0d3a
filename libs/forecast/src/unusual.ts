/**
 * Unusual days: days of the history the forecast must not learn from (an outage, a one-off campaign, a replay
 * artefact). A planner marks them (with a reason), or the outlier rule below detects them; either way they are
 * left out of every profile the methods learn and out of the back-test's scoring. The planner can override the
 * rule both ways: include a detected day, exclude any day.
 *
 * The outlier rule (a Hampel identifier on the day totals, per weekday, with a pooled scale):
 * 1. level: for each ordinary day (a weekday profile; holidays and make-up workdays are too rare and too different
 *    from each other to have a level), the median total of the days of the same weekday within
 *    {@link OUTLIER_RULE}.windowDays days before and after it, the day itself included (Hampel 1974; the
 *    "Hampel filter" of Pearson, Neuvo, Astola and Gabbouj, EURASIP J. Adv. Signal Process. 2016:87). A day is
 *    tested only when that window holds at least {@link OUTLIER_RULE}.minDays days;
 * 2. relative deviation r = total / level − 1;
 * 3. scale: 1.4826 x the median |r| over every tested day of the history (the MAD of the deviations, pooled over
 *    the weekdays because one weekday of a few weeks gives a MAD of 3 numbers, which is no estimate at all;
 *    1.4826 makes it a standard deviation for normal errors), floored at {@link OUTLIER_RULE}.minRelativeScale;
 * 4. robust z = r / scale; the day is an outlier when |z| > {@link OUTLIER_RULE}.threshold (3.5, the cut-off of
 *    Iglewicz and Hoaglin, "How to Detect and Handle Outliers", ASQC 1993, for the modified z-score) and its
 *    total is also more than threshold x √level calls from the level (Poisson noise alone; keeps small counts from
 *    being flagged).
 * Days the planner marked are left out of the windows (they are already known to be unusual).
 *
 * Why per day and not per interval: the forecast's profiles are built per day (a day's shape and its total), and
 * a day that is partly broken (an outage in the afternoon) is better left out whole than learned half-way; a
 * per-interval rule would flag thousands of single noisy half-hours in a quiet night.
 */
import { daysBetween, weekdayOf } from '@hotline/events';
import { type SpecialDayIndex, type HolidayCalendar, dayInfo } from './calendar';
import { ForecastInputError } from './errors';
import type { ArrivalHistory } from './history';

/** The constants of the outlier rule (see the module comment). */
export const OUTLIER_RULE = {
  /** Days before and after a day whose same-weekday days form its window (4 weeks each side). */
  windowDays: 28,
  /** Fewest days (the day included) in the window for the day to be tested. */
  minDays: 3,
  /** |robust z| above which a day is an outlier. */
  threshold: 3.5,
  /** Consistency constant of the MAD for normal errors, 1 / Φ⁻¹(0.75). */
  madToSd: 1.4826,
  /** Floor of the pooled relative scale (2 %): a history of near-identical days must not flag a day 8 % off. */
  minRelativeScale: 0.02,
} as const;

/** A day the planner marked, with why. */
export interface MarkedDay {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Why the day is unusual (shown to planners). */
  reason: string;
}

/** What the forecast leaves out of its history. */
export interface DayExclusions {
  /** Days the planner marked as unusual: always left out. */
  marked?: readonly MarkedDay[];
  /** Days the planner wants kept although the rule flags them (an override of the rule). */
  included?: readonly string[];
  /**
   * Apply the outlier rule (default true: the API, the CLI and the planner's what-ifs all leave detected days out;
   * false for a comparison of the methods alone, as forecast-accuracy.spec.ts does).
   */
  detect?: boolean;
}

/** One day of the history as the screening sees it. */
export interface ScreenedDay {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Calls of the day. */
  total: number;
  /** The same weekday's median total in the window (calls); absent for a day the rule does not test. */
  level?: number;
  /** (total / level − 1) / pooled scale; absent for a day the rule does not test. */
  robustZ?: number;
  /**
   * - `marked`: the planner marked it: left out;
   * - `detected`: the rule flags it: left out;
   * - `included`: the rule flags it but the planner kept it;
   * - `kept`: an ordinary day (tested or not).
   */
  status: 'marked' | 'detected' | 'included' | 'kept';
  /** The planner's reason (`marked`), or the rule's in English with its numbers (`detected`, `included`). */
  reason?: string;
}

/** Result of {@link screenHistory}. */
export interface Screening {
  /** Pooled relative scale of the rule (a fraction of the level); null when no day could be tested. */
  scale: number | null;
  /** Every day of the history, in order. */
  days: ScreenedDay[];
  /** The days left out (`marked` and `detected`). */
  excluded: Set<string>;
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const checkDay = (day: string, field: string): void => {
  try {
    weekdayOf(day);
  } catch {
    throw new ForecastInputError('invalid', field, `must be a calendar date YYYY-MM-DD (got ${JSON.stringify(day)})`);
  }
};

/**
 * Screens a history for unusual days: the planner's marks, and the outlier rule of the module comment.
 *
 * @param history observed arrivals per interval (validated by the caller).
 * @param exclusions marked days, overrides, and whether to detect (default: nothing marked, the rule on).
 * @param calendar holiday calendar (default `cn`): holidays and make-up workdays are never tested.
 * @param special user special days (tested never, like holidays).
 * @returns every day with its status, the pooled scale and the set of days left out.
 * @throws ForecastInputError `exclusions.marked[i].day` / `exclusions.included[i]` for a date that is not
 *   `YYYY-MM-DD`, `exclusions.marked[i].reason` for an empty reason.
 * @example
 * screenHistory(h, { marked: [{ day: '1999-02-10', reason: 'system outage' }], detect: true }).excluded; // Set { '1999-02-10', ...detected }
 */
export function screenHistory(history: ArrivalHistory, exclusions: DayExclusions = {}, calendar: HolidayCalendar = 'cn', special?: SpecialDayIndex): Screening {
  const marked = new Map<string, string>();
  (exclusions.marked ?? []).forEach((m, i) => {
    checkDay(m.day, `exclusions.marked[${i}].day`);
    if (typeof m.reason !== 'string' || m.reason.trim() === '') throw new ForecastInputError('invalid', `exclusions.marked[${i}].reason`, 'must not be empty');
    marked.set(m.day, m.reason.trim());
  });
  const included = new Set<string>();
  (exclusions.included ?? []).forEach((d, i) => {
    checkDay(d, `exclusions.included[${i}]`);
    included.add(d);
  });
  const days = history.days.map((d) => ({ day: d.day, total: d.counts.reduce((a, b) => a + b, 0), info: dayInfo(d.day, calendar, special) }));
  const tested: { index: number; level: number; r: number }[] = [];
  if (exclusions.detect ?? true) {
    const pool = days.filter((d) => !marked.has(d.day) && typeof d.info.profileKey === 'number');
    for (const [index, d] of days.entries()) {
      if (marked.has(d.day) || typeof d.info.profileKey !== 'number') continue;
      const window = pool.filter((x) => x.info.profileKey === d.info.profileKey && Math.abs(daysBetween(d.day, x.day)) <= OUTLIER_RULE.windowDays);
      if (window.length < OUTLIER_RULE.minDays) continue;
      const level = median(window.map((x) => x.total));
      if (level <= 0) continue;
      tested.push({ index, level, r: d.total / level - 1 });
    }
  }
  const scale = tested.length ? Math.max(OUTLIER_RULE.minRelativeScale, OUTLIER_RULE.madToSd * median(tested.map((t) => Math.abs(t.r)))) : null;
  const out: ScreenedDay[] = days.map((d) => {
    const reason = marked.get(d.day);
    return reason !== undefined ? { day: d.day, total: d.total, status: 'marked', reason } : { day: d.day, total: d.total, status: 'kept' };
  });
  for (const t of tested) {
    const d = out[t.index];
    const z = t.r / scale!;
    d.level = t.level;
    d.robustZ = z;
    const outlier = Math.abs(z) > OUTLIER_RULE.threshold && Math.abs(d.total - t.level) > OUTLIER_RULE.threshold * Math.sqrt(t.level);
    if (!outlier) continue;
    d.status = included.has(d.day) ? 'included' : 'detected';
    const pct = Math.round(t.r * 100);
    d.reason = `${d.total} calls, ${pct >= 0 ? '+' : ''}${pct} % against the same weekday's median ${Math.round(t.level)} (robust z ${z.toFixed(1)}, limit ${OUTLIER_RULE.threshold})`;
  }
  return { scale, days: out, excluded: new Set(out.filter((d) => d.status === 'marked' || d.status === 'detected').map((d) => d.day)) };
}
