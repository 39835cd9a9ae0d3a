/**
 * @hotline/erlang: Erlang B, Erlang C (M/M/N) and Erlang A (M/M/N+M) for one interval, staffing searches,
 * shrinkage gross-up, the planner's expected answered/lost calls over a day or month, and the estimation of
 * patience and AHT from call records. Pure TypeScript: no I/O, no framework, no dependencies.
 * See README.md for the API overview, sources, accuracy and speed.
 */
export { ErlangInputError, ErlangStaffingError, type ErlangInputErrorCode } from './errors';
export { MAX_OFFERED_LOAD_ERLANGS, arrivalsPerHourOf, trafficErlangs, type ArrivalInput, type HourlyArrivals, type IntervalArrivals, type LoadInput } from './inputs';
export {
  erlangB,
  erlangC,
  erlangCMetrics,
  type ErlangCInput,
  type ErlangCResult,
  type ErlangCStable,
  type ErlangCUnstable,
} from './erlang-b-c';
export { erlangAMetrics, type ErlangAInput, type ErlangAResult } from './erlang-a';
export {
  agentsWithShrinkage,
  staffErlangA,
  staffErlangC,
  type ErlangAServiceLevelDefinition,
  type ErlangATargets,
  type ErlangCTargets,
  type StaffErlangAInput,
  type StaffErlangCInput,
  type StaffingOptions,
  type StaffingResult,
  type StaffingTarget,
} from './staffing';
export { expectedOutcomes, sumOutcomes, type IntervalOutcome, type OutcomeTotals, type PlanInput, type PlanInterval, type PlanOutcome } from './plan';
export { estimateAht, estimatePatience, type AhtEstimate, type PatienceEstimate, type QueuedCallRecord } from './estimate';
