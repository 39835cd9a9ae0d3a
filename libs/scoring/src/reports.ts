/**
 * The shapes the API answers for the month-end page (`GET /api/score/month`, `GET /api/score/year`), shared by
 * the API and the console.
 */
import type { AssumableItem, ScoreInput } from './input';
import type { MonthScore } from './month';
import type { MonthProjection } from './projection';
import type { ForecastBasis } from './rest-of-month';
import type { QuarterResult, YearResult } from './settlement';

/** One month's sheet from the ledger, with the projection while the month runs. */
export interface MonthReport {
  /** `YYYY-MM`. */
  month: string;
  /** The feed clock the figures are taken at (ISO instant). */
  asOf: string;
  complete: boolean;
  /** Items scored at full marks because their figures are not recorded in the product (yet). */
  assumed: AssumableItem[];
  figures: ScoreInput;
  score: MonthScore;
  /** Null once the month is complete. */
  projection: MonthProjection | null;
  /** What the rest of the month's forecast stands on; null when the month is complete. */
  forecastBasis: ForecastBasis | null;
}

/** A contract year: each month with data, the quarters' settlement and the renewal count. */
export interface YearReport {
  year: number;
  months: { month: string; complete: boolean; requests: number; connectRatePercent: string | null; total: string; coefficient: string }[];
  contractYear: YearResult;
  quarters: (QuarterResult & { quarter: number })[];
}
