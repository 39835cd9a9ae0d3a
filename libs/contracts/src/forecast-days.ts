/**
 * The forecast's unusual days and special days (`/api/forecast/days...`): a planner marks a day of the history as
 * unusual (left out of the profiles the forecast learns) or keeps a day the outlier rule flags, with a reason; and
 * adds special days (a local event, a system change) that the forecast treats like holidays. Stored, every write
 * audited; `GET /api/forecast` uses them. Read by whoever reads forecasts (`forecast.read`), written by the planner
 * and the supplier manager (`forecast.configure`).
 */
import { z } from 'zod';
import { OUTLIER_RULE, PLANNER_LIMITS as L, type ScreenedDay as LibScreenedDay } from '@hotline/forecast';
import type { Assert } from './check';
import { HolidayCalendar } from './planning';
import { queryDay, queryInt, queryOnce } from './query';
import { freeText } from './free-text';

/** A local date `YYYY-MM-DD` (Asia/Shanghai) within 1990..2100. */
export const ForecastDayDate = queryDay;

/** What a mark does: `exclude` an unusual day from the profiles, or `include` a day the outlier rule flags. */
export const ForecastDayAction = z.enum(['exclude', 'include']);
export type ForecastDayAction = z.infer<typeof ForecastDayAction>;

/** Body of `POST /api/forecast/days/marks`: marks a day (replacing its earlier mark). */
export const ForecastDayMarkBody = z.strictObject({
  day: ForecastDayDate,
  action: ForecastDayAction,
  /** Why (shown to planners beside the day). Typed phone numbers are masked before it is stored (freeText). */
  reason: freeText(200, 1, 'give a reason'),
});
export type ForecastDayMarkBody = z.infer<typeof ForecastDayMarkBody>;

/** A stored mark. `createdAt` an ISO instant; `createdBy` the author's login (null when the user is gone). */
export const ForecastDayMark = z.strictObject({
  day: z.string(),
  action: ForecastDayAction,
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type ForecastDayMark = z.infer<typeof ForecastDayMark>;

/** Body of `POST /api/forecast/special-days`: adds a special day (replacing its earlier name). */
export const ForecastSpecialDayBody = z.strictObject({
  day: ForecastDayDate,
  /** What happens that day (shown as the day's holiday name in the forecast). Typed phone numbers masked (freeText). */
  name: freeText(100, 1, 'give a name'),
});
export type ForecastSpecialDayBody = z.infer<typeof ForecastSpecialDayBody>;

/** A stored special day. */
export const ForecastSpecialDay = z.strictObject({
  day: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type ForecastSpecialDay = z.infer<typeof ForecastSpecialDay>;

/** Path of the DELETE endpoints: the day. */
export const ForecastDayParams = z.strictObject({ day: ForecastDayDate });
export type ForecastDayParams = z.infer<typeof ForecastDayParams>;

/**
 * Query of `GET /api/forecast/days`: the same history window and calendar as `GET /api/forecast` (`from`,
 * `historyWeeks`, `calendar`, default `cn`: holidays are never tested by the outlier rule).
 */
export const ForecastDaysQuery = z.strictObject({
  from: queryOnce(queryDay),
  historyWeeks: queryInt(L.historyWeeks.min, L.historyWeeks.max),
  calendar: queryOnce(HolidayCalendar),
});
export type ForecastDaysQuery = z.infer<typeof ForecastDaysQuery>;

/** A day of the forecast's history as the screening sees it (libs/forecast ScreenedDay). */
export const ScreenedDay = z.strictObject({
  day: z.string(),
  total: z.number(),
  level: z.number().optional(),
  robustZ: z.number().optional(),
  status: z.enum(['marked', 'detected', 'included', 'kept']),
  reason: z.string().optional(),
});
export type ScreenedDay = z.infer<typeof ScreenedDay>;

/** The outlier rule's constants (libs/forecast OUTLIER_RULE). */
export const OutlierRule = z.strictObject({
  windowDays: z.number(),
  minDays: z.number(),
  threshold: z.number(),
  madToSd: z.number(),
  minRelativeScale: z.number(),
});

/**
 * Answer of `GET /api/forecast/days`: the forecast's clock day (`clockDay`: the feed clock's local day, today
 * without a ledger; marks and special days may be made in its window, entry-window.ts `forecastMark` /
 * `forecastSpecialDay`), the stored marks and special days, the outlier rule, and the screening of
 * the history the forecast from `from` reads: its first and last day, the rule's pooled relative scale, and every
 * day of it in date order with its total and status (left out: `marked`, `detected`; kept against the rule:
 * `included`; else `kept`). `screening` is null when the ledger holds no complete day before `from`.
 */
export const ForecastDaysView = z.strictObject({
  clockDay: z.string(),
  marks: z.array(ForecastDayMark),
  specialDays: z.array(ForecastSpecialDay),
  rule: OutlierRule,
  screening: z
    .strictObject({
      historyFrom: z.string(),
      historyTo: z.string(),
      scale: z.number().nullable(),
      days: z.array(ScreenedDay),
    })
    .nullable(),
});
export type ForecastDaysView = z.infer<typeof ForecastDaysView>;

/** The library's constants, checked against the schema. */
export const OUTLIER_RULE_VIEW: z.infer<typeof OutlierRule> = { ...OUTLIER_RULE };

// drift checks
type _ScreenedIn = Assert<LibScreenedDay, z.input<typeof ScreenedDay>>;
type _ScreenedOut = Assert<z.output<typeof ScreenedDay>, LibScreenedDay>;
