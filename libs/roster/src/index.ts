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
} from './calendar';
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
export { hourlyShiftTemplates, minuteOfDay, threeShiftTemplates, timeOfMinute, twelveHourTemplates, type ShiftGeometry } from './shifts';
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
} from './problem';
export { GainTable } from './gains';
export { checkRoster, agentHours, trainingSegment, type AgentHours } from './rules';
export { buildSchedule, type Schedule, type ShiftInstance, type PlacedSession } from './schedule';
export { fairnessTable, updatedLedger, FAIRNESS_METRICS, type FairnessMetric, type FairnessRow } from './fairness';
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
} from './evaluate';
export { greedyRoster, type GreedyResult } from './greedy';
export { buildRosterModel, SLACK_WEIGHT, type ConflictFamily, type ModelSize, type RosterModel } from './mip';
export { seededRandom } from './random';
export { solveRoster, type ContinueOptions, type SolveIncumbent, type SolveOptions, type SolveProgress, type SolveReport, type SolveStopReason } from './solve';
export { aggregateBound, type AggregateBound } from './aggregate';
export { rosterLowerBound, type LowerBoundOptions, type LowerBoundProgress, type LowerBoundResult } from './bound';
export { STANDARD_ROTATION_CYCLE, bestStandardRotation, rotationRoster, type RotationChoice } from './rotation';
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
} from './simulate';
export { servedTraffic, type ServedCall, type ServedTraffic, type TrafficInput } from './traffic';
export { LEAVE, REST, SHEET_NAMES, columnLetter, rosterFromGrid, rosterToGrid, type RosterGrid } from './sheet';
