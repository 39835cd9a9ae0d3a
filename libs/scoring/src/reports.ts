/**
 * The shapes the API answers for the month-end page (`GET /api/score/month`, `GET /api/score/year`), shared by
 * the API and the console.
 */
import type { ItemName, ScoreInput } from './input';
import type { MonthScore } from './month';
import type { MonthProjection } from './projection';
import type { ForecastBasis } from './rest-of-month';
import type { QuarterResult, YearResult } from './settlement';

/**
 * One month's sheet from the ledger and the registers, with the projection while the month runs.
 * - `month` (`YYYY-MM`), `asOf` (the feed clock the figures are taken at, ISO instant), `complete` (the month
 *   is over by the feed clock; while not, `score` is `scoreMonth(figures, policy, { feedFinal: false })`: the
 *   connect item pending over [0, 27], `score.rates.connectRatePercent` the month-to-date rate).
 * - `provisional`, `pendingItems`: as `score.provisional` / `score.pendingItems`: the items whose figures are not
 *   known (register not closed; connect, complaints and QA while the month runs or when the ledger has no request
 *   for it); the score is then a range, never full marks by assumption.
 * - `missingDays`: the local days (`YYYY-MM-DD`) of the month, up to the feed clock's day (excluded while the
 *   month runs), with no request in the ledger (a gap in the feed, or a day not loaded).
 * - `figures`: what the sheet was scored from (register fields absent where unknown).
 */
export interface MonthReport {
  month: string;
  asOf: string;
  complete: boolean;
  provisional: boolean;
  pendingItems: ItemName[];
  missingDays: string[];
  /**
   * Survey rate 参评率 = survey responses / agent-answered calls x 100, percent with 2 decimals (half-up), shown beside
   * hang-up satisfaction; null while the satisfaction register is not closed or without agent-answered calls.
   */
  surveyRatePercent: string | null;
  figures: ScoreInput;
  score: MonthScore;
  /** Null once the month is complete. */
  projection: MonthProjection | null;
  /** What the rest of the month's forecast stands on; null when the month is complete. */
  forecastBasis: ForecastBasis | null;
}

/**
 * One month of a contract year: its requests and connect rate (month to date while it runs), its total and
 * coefficient (null while provisional) with their range — the same as the month's {@link MonthReport} `score` —
 * and how many of its days (up to the feed clock) have no request in the ledger.
 */
export interface YearMonth {
  month: string;
  complete: boolean;
  requests: number;
  connectRatePercent: string | null;
  total: string | null;
  coefficient: string | null;
  provisional: boolean;
  totalMin: string;
  totalMax: string;
  coefficientMin: string;
  coefficientMax: string;
  missingDays: number;
}

/**
 * A quarter's settlement (see `QuarterResult`) from its months' totals or ranges (the running month's range as
 * its `MonthReport` gives it; the months still to come as `openMonthRange()`), with its number, whether all three
 * of its months are over (`complete`; while not, the quarter is provisional) and the days of its counted months
 * with no request in the ledger (`missingDays`).
 */
export type YearQuarter = QuarterResult & { quarter: number; complete: boolean; missingDays: number };

/**
 * A contract year: each month from the first with data up to the feed clock's (a later month without data is
 * listed, unknown), the quarters' settlement and the renewal count (over the months that are over).
 */
export interface YearReport {
  year: number;
  months: YearMonth[];
  contractYear: YearResult;
  quarters: YearQuarter[];
}
