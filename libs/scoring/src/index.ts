/**
 * @hotline/scoring — the "12123" hotline contract's KPIs, 100-point monthly sheet, settlement coefficient,
 * quarter and contract year, and the month-end projection with the connect-rate budget.
 * Pure TypeScript with decimal.js; every value crossing this boundary is a decimal string (or a plain count).
 * See README.md for the rules, the policies and the projection model.
 */
export { ScoringError, type ScoringErrorCode } from './errors';
export {
  POLICY_OPTIONS,
  POLICY_NAMES,
  DEFAULT_POLICY,
  resolvePolicy,
  parsePolicyAssignments,
  nonDefaultPolicies,
  type PolicyName,
  type ScoringPolicy,
  type PolicyInput,
} from './policy';
export {
  ITEM_NAMES,
  REGISTER_ITEMS,
  FEED_FIELDS,
  REGISTER_FIELDS,
  ITEM_FIELDS,
  COUNT_FIELDS,
  INPUT_FIELDS,
  validateScoreInput,
  unknownFieldsOf,
  type ItemName,
  type RegisterItem,
  type FeedField,
  type RegisterField,
  type RegisterFigures,
  type Count,
  type CountField,
  type ScoreInput,
  type DailyConnectInput,
  type NormalizedScoreInput,
} from './input';
export { computeKpis, KPI_DECIMALS } from './kpis';
export { ITEM_MAX, ITEM_NAMES_ZH, TARGETS_PERCENT, BONUS_RULE, type ItemScore, type Reason, type ReasonCode } from './items';
export type { SheetTotals, FeedOpen } from './pending';
export { scoreMonth, sheetFigures, type MonthScore, type MonthRates, type SheetFiguresRecord, type ScoreMonthOptions } from './month';
export {
  COEFFICIENT_BANDS,
  settlementCoefficient,
  scoreQuarter,
  scoreYear,
  openMonthRange,
  type ScoreRange,
  type MonthTotal,
  type QuarterResult,
  type YearResult,
} from './settlement';
export {
  projectMonth,
  connectBudget,
  SCENARIOS,
  type Numeric,
  type RestOfMonthForecast,
  type ProjectionInput,
  type RateRange,
  type ScenarioName,
  type ScenarioScore,
  type ConnectBudget,
  type MonthProjection,
} from './projection';
export { forecastRestOfMonth, type DayHistory, type ForecastBasis, type RemainingDay } from './rest-of-month';
export type { MonthReport, YearReport, YearMonth, YearQuarter } from './reports';
