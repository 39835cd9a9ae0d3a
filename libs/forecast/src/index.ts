/**
 * @hotline/forecast: arrivals per 30-minute interval for the coming weeks from history (three transparent
 * methods picked per series by back-test; Chinese holidays and make-up workdays; a prediction interval sized by
 * the back-test's errors), the model inputs measured from call records (AHT per interval, patience, IVR shares),
 * and the staffing requirement per interval under Erlang C (service level) and Erlang A (connect rate), with
 * shrinkage and the month view the contract scores. Pure TypeScript: no I/O, no framework, no `node:` modules.
 * See README.md.
 */
export { ForecastInputError, type ForecastInputErrorCode } from './errors';
export {
  HOLIDAY_CALENDARS,
  dayInfo,
  specialDayIndex,
  type DayInfo,
  type DayType,
  type HolidayCalendar,
  type ProfileKey,
  type SpecialDay,
  type SpecialDayIndex,
} from './calendar';
export { OUTLIER_RULE, screenHistory, type DayExclusions, type MarkedDay, type ScreenedDay, type Screening } from './unusual';
export {
  AHT_CREDIBILITY_CALLS,
  arrivalHistoryFromInstants,
  historyIntervals,
  intervalLabelAt,
  intervalOf,
  intervalStartIso,
  intervalsPerDay,
  regroupHistory,
  sliceHistory,
  summarizeCalls,
  validateHistory,
  type ArrivalHistory,
  type CallHistoryRecord,
  type CallHistorySummary,
  type DayCounts,
  type InstantHistoryOptions,
  type ObservedInterval,
  type RequestShares,
} from './history';
export { WALL_CLOCK_ZONE, parsePsapHourly, parseUsBank5min } from './sources';
export {
  DEFAULT_PARAMETERS,
  METHODS,
  PARAMETER_GRID,
  forecastDays,
  type DayForecast,
  type ForecastBasis,
  type MethodName,
  type MethodParameters,
  type TrainingDay,
} from './methods';
export {
  SHORT_BACKTEST_WEEKS,
  forecastArrivals,
  normalQuantile,
  wape,
  type BacktestScore,
  type Forecast,
  type ForecastDay,
  type ForecastInterval,
  type ForecastOptions,
  type ForecastWarning,
  type MethodSelection,
} from './forecast';
export { MAX_AGENTS, PLANNER_LIMITS, dayInPlannerYears, isTimeZone } from './limits';
export { holdoutAccuracy, type HoldoutOptions, type HoldoutReport, type HoldoutScore } from './accuracy';
export {
  MAX_REQUIREMENT_WORK,
  computeRequirement,
  requirementWork,
  type WorkInterval,
  type ErlangARequirement,
  type ErlangCRequirement,
  type IntervalRequirement,
  type MonthView,
  type PeriodOutcome,
  type Requirement,
  type RequirementInput,
  type RequirementIntervalInput,
  type RequirementTargets,
} from './requirement';
export { DEFAULT_PATIENCE_SECONDS, requirementForForecast, staffingInputs, type ForecastRequirementOptions, type InputSource, type StaffingInputs } from './plan';
export {
  DEFAULT_TARGETS,
  buildForecastReport,
  forecastReport,
  type ForecastReport,
  type ForecastReportOptions,
  type ForecastStart,
  type ReportDay,
  type ReportInterval,
} from './report';
