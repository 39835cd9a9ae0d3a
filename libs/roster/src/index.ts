/**
 * @hotline/roster: shift templates, Chinese labour rules, the roster MIP (HiGHS), roster evaluation under
 * Erlang A, the fairness ledger, the standard rotation and greedy constructors, and a discrete-event simulation
 * that replays arrivals against a roster. Pure TypeScript: no I/O; HiGHS is loaded by the caller and passed in.
 * See README.md for the formulation, the rule readings, the results on real data and the sources.
 */
export { RosterInputError, RosterSolveError, type RosterInputErrorCode } from './errors';
export {
  addDays,
  dateOfDay,
  dayNumber,
  isOfficialWorkday,
  isWeekend,
  officialDayName,
  statutoryHolidayOn,
  statutoryHolidays,
  weekday,
  type LocalDate,
  type StatutoryHoliday,
} from './rules/calendar';
export type {
  Agent,
  FairnessCounts,
  FairnessLedger,
  LabourRules,
  LedgerEntry,
  LedgerTail,
  Lock,
  ObjectiveWeights,
  Roster,
  RosterForecast,
  RosterProblem,
  RuleFamily,
  ShiftTemplate,
  TrainingRules,
  TrainingSession,
  Unavailability,
  Violation,
} from './types';
export { hourlyShiftTemplates, minuteOfDay, threeShiftTemplates, timeOfMinute, twelveHourTemplates, type ShiftGeometry } from './model/shifts';
export {
  DEFAULT_RULES,
  DEFAULT_TRAINING,
  DEFAULT_WEIGHTS,
  INTERVALS_PER_DAY,
  INTERVAL_MINUTES,
  prepareProblem,
  resolveRules,
  type PreparedAgent,
  type PreparedProblem,
} from './model/problem';
export { GainTable } from './model/gains';
export { checkRoster, agentHours, trainingSegment, type AgentHours } from './rules/check';
export { buildSchedule, type Schedule, type ShiftInstance, type PlacedSession } from './model/schedule';
export { fairnessTable, updatedLedger, FAIRNESS_METRICS, type FairnessMetric, type FairnessRow } from './rules/fairness';
export {
  evaluateRoster,
  evaluateSchedule,
  type AgentSummary,
  type DayEvaluation,
  type IntervalEvaluation,
  type PeriodTotals,
  type RosterEvaluation,
  type RosterSummary,
  summarizeEvaluation,
} from './evaluate/evaluate';
export { greedyRoster, type GreedyResult } from './search/greedy';
export { buildRosterModel, SLACK_WEIGHT, type ConflictFamily, type ModelSize, type RosterModel } from './model/mip';
export { seededRandom } from './random';
export { solveRoster, type ContinueOptions, type SolveIncumbent, type SolveOptions, type SolveProgress, type SolveReport, type SolveStopReason } from './search/solve';
export { aggregateBound, type AggregateBound } from './model/aggregate';
export { rosterLowerBound, type LowerBoundOptions, type LowerBoundProgress, type LowerBoundResult } from './bound';
export { STANDARD_ROTATION_CYCLE, bestStandardRotation, rotationRoster, type RotationChoice } from './search/rotation';
export {
  arrivalsFromCounts,
  kaplanMeier,
  poissonArrivals,
  sampler,
  simulateRoster,
  type DurationModel,
  type SimulatedCall,
  type SimulatedInterval,
  type SimulationInput,
  type SimulationResult,
} from './simulate/simulate';
export { servedTraffic, type ServedCall, type ServedTraffic, type TrafficInput } from './simulate/traffic';
export { LEAVE, REST, SHEET_NAMES, columnLetter, rosterFromGrid, rosterToGrid, type RosterGrid } from './sheet';
