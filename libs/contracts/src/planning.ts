/**
 * Forecast and staffing (`GET /api/forecast`, `POST /api/staffing/requirement`, `POST /api/erlang/*`): requests are
 * strict (an unknown field is a 400 naming it), typed and bounded to realistic ranges (libs/forecast PLANNER_LIMITS,
 * shared with the CLI and the console); cross-field rules (the IVR's shares, one agent count per interval, an
 * unreachable target) are checked by libs/forecast and libs/erlang, whose errors name the field too. Answers are
 * the libraries' own shapes: fractions in [0, 1] (not percent), seconds, Erlangs, agents; instants ISO strings.
 */
import { z } from 'zod';
import type { ErlangAResult as LibErlangAResult, StaffingTarget as LibStaffingTarget } from '@hotline/erlang';
import {
  MAX_AGENTS,
  PLANNER_LIMITS as L,
  isTimeZone,
  type ErlangARequirement as LibErlangARequirement,
  type ErlangCRequirement as LibErlangCRequirement,
  type ForecastReport as LibForecastReport,
  type IntervalRequirement as LibIntervalRequirement,
  type MonthView as LibMonthView,
  type ReportDay as LibReportDay,
  type ReportInterval as LibReportInterval,
  type Requirement as LibRequirement,
  type RequirementIntervalInput as LibRequirementIntervalInput,
  type RequirementTargets as LibRequirementTargets,
} from '@hotline/forecast';
import type { Assert } from './check';
import { IsoInstant } from './common';
import { queryDay, queryInt, queryNumber, queryOnce } from './query';

const fraction = () => z.number().min(0).lt(1);
const seconds = () => z.number().gt(0).max(L.maxSeconds);
const answerSeconds = () => z.number().min(0).max(L.maxSeconds);
const share = () => z.number().min(0).max(1);
const occupancy = () => z.number().gt(0).max(1);
const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai');

/** The forecasting methods (`auto`: the lowest back-test error). */
export const MethodName = z.enum(['seasonal-naive', 'weekday-profile', 'day-share']);
/** The holiday calendars: `cn` (mainland China) or `none`. */
export const HolidayCalendar = z.enum(['cn', 'none']);

/** Query of `GET /api/forecast` (defaults: 2 weeks from the feed clock's day, 8 weeks of history, auto, cn). */
export const ForecastQuery = z.strictObject({
  weeks: queryInt(L.weeks.min, L.weeks.max),
  from: queryOnce(queryDay),
  historyWeeks: queryInt(L.historyWeeks.min, L.historyWeeks.max),
  method: queryOnce(z.enum(['auto', ...MethodName.options])),
  calendar: queryOnce(HolidayCalendar),
  targetConnectRate: queryNumber(fraction()),
  serviceLevelTarget: queryNumber(fraction()),
  targetSeconds: queryNumber(answerSeconds()),
  maxOccupancy: queryNumber(occupancy()),
  shrinkage: queryNumber(fraction()),
  minAgents: queryInt(0, L.maxMinAgents),
  ahtSeconds: queryNumber(seconds()),
  patienceSeconds: queryNumber(seconds()),
});
export type ForecastQuery = z.infer<typeof ForecastQuery>;

const interval = {
  start: z.string(),
  day: z.string().optional(),
  label: z.string().optional(),
  arrivals: z.number().min(0).max(L.maxArrivalsPerInterval),
  ahtSeconds: seconds().optional(),
  patienceSeconds: seconds().optional(),
  agentShare: share().optional(),
  ivrAnsweredShare: share().optional(),
};
/** One interval of a what-if: start (ISO), expected requests, and optionally its own AHT, patience and shares. */
export const RequirementInterval = z.strictObject(interval);
const intervals = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(L.maxIntervals);
const intervalMinutes = z.number().gt(0).max(1440);
const ignored = z.unknown().optional();

/**
 * The response of GET /api/forecast as a what-if's `forecast`: its intervals (with the report's own fields, which
 * the requirement does not read) and every other field of the report, accepted and not read (targets, shrinkage and
 * the like come from the body). A field the report does not have is refused.
 */
const ForecastShape = z.strictObject({
  intervalMinutes,
  timeZone: timeZone.optional(),
  intervals: intervals(
    z.strictObject({ ...interval, dayType: ignored, lower: ignored, upper: ignored, agentArrivals: ignored, trafficErlangs: ignored, erlangC: ignored, erlangA: ignored }),
  ),
  calendar: ignored,
  from: ignored,
  to: ignored,
  start: ignored,
  historyFrom: ignored,
  historyTo: ignored,
  method: ignored,
  predictionInterval: ignored,
  inputs: ignored,
  targets: ignored,
  shrinkage: ignored,
  minAgents: ignored,
  agentConnectRateTarget: ignored,
  history: ignored,
  days: ignored,
  totals: ignored,
  monthView: ignored,
  warnings: ignored,
});

const agents = () => z.number().int().min(0).max(MAX_AGENTS);

/**
 * Body of `POST /api/staffing/requirement`: `intervals` (with `intervalMinutes`, default 30) or a `forecast` (the
 * response of GET /api/forecast). A body-level `ahtSeconds`, `patienceSeconds`, `agentShare` or `ivrAnsweredShare`
 * applies to every interval; without it each interval's own value is used.
 */
export const RequirementBody = z
  .strictObject({
    intervalMinutes: intervalMinutes.optional(),
    timeZone: timeZone.optional(),
    intervals: intervals(RequirementInterval).optional(),
    forecast: ForecastShape.optional(),
    ahtSeconds: seconds().optional(),
    patienceSeconds: seconds().optional(),
    targets: z
      .strictObject({ serviceLevelTarget: fraction().optional(), targetSeconds: answerSeconds().optional(), targetConnectRate: fraction().optional(), maxOccupancy: occupancy().optional() })
      .optional(),
    shrinkage: fraction().optional(),
    minAgents: z.number().int().min(0).max(L.maxMinAgents).optional(),
    agentShare: share().optional(),
    ivrAnsweredShare: share().optional(),
    agentsPerInterval: z.union([agents(), z.array(agents()).max(L.maxIntervals)]).optional(),
  })
  .refine((b) => (b.intervals === undefined) !== (b.forecast === undefined), { message: 'give either intervals or forecast (one of them)', path: ['intervals'] });
export type RequirementBody = z.infer<typeof RequirementBody>;

/** The traffic of one interval, as in shared/reference/erlang-cases.json: calls per hour, or per interval of given minutes; AHT and answer-time target in seconds. */
const load = {
  arrivalsPerHour: z.number().optional(),
  callsPerInterval: z.number().max(L.maxArrivalsPerInterval).optional(),
  intervalMinutes: intervalMinutes.optional(),
  ahtSeconds: z.number().max(L.maxSeconds),
  targetSeconds: z.number().max(L.maxSeconds).optional(),
};
const agentCount = z.number().max(MAX_AGENTS);

/** Body of `POST /api/erlang/c`: the load and the agents. */
export const ErlangCBody = z.strictObject({ ...load, agents: agentCount });
export type ErlangCBody = z.infer<typeof ErlangCBody>;
/** Body of `POST /api/erlang/a`: the load, the agents and the callers' mean patience (seconds). */
export const ErlangABody = z.strictObject({ ...load, agents: agentCount, patienceSeconds: z.number().max(L.maxSeconds) });
export type ErlangABody = z.infer<typeof ErlangABody>;

const staffing = {
  serviceLevelTarget: z.number().optional(),
  maxOccupancy: z.number().optional(),
  maxAsaSeconds: z.number().optional(),
  maxProbWait: z.number().optional(),
  shrinkage: z.number().optional(),
  minAgents: agentCount.optional(),
  maxAgents: agentCount.optional(),
};

/** Body of `POST /api/erlang/staff/c`: the load and the targets (each one given must hold). */
export const StaffCBody = z.strictObject({ ...load, ...staffing });
export type StaffCBody = z.infer<typeof StaffCBody>;
/** Body of `POST /api/erlang/staff/a`: the load, the patience and the targets, the service level by a named definition. */
export const StaffABody = z.strictObject({
  ...load,
  ...staffing,
  patienceSeconds: z.number().max(L.maxSeconds),
  minConnectRate: z.number().optional(),
  maxProbAbandon: z.number().optional(),
  serviceLevelDefinition: z
    .enum(['serviceLevelAnsweredWithinTOverOffered', 'serviceLevelAmongAnswered', 'serviceLevelExcludingAbandonsWithinT', 'probActualWaitAtMostT', 'probOfferedWaitAtMostT'])
    .optional(),
});
export type StaffABody = z.infer<typeof StaffABody>;

// ---- answers ----

/** Why one agent fewer would not do: a target it misses, `stability` (Erlang C unstable) or `minAgents`. */
export const StaffingTarget = z.enum(['stability', 'minAgents', 'serviceLevelTarget', 'maxOccupancy', 'maxAsaSeconds', 'maxProbWait', 'minConnectRate', 'maxProbAbandon']);

const erlangCCommon = {
  model: z.literal('C'),
  arrivalsPerHour: z.number(),
  ahtSeconds: z.number(),
  agents: z.number(),
  targetSeconds: z.number(),
  trafficErlangs: z.number(),
  erlangB: z.number(),
};

/**
 * Answer of `POST /api/erlang/c` (names of erlang-cases.json): with a steady state (`stable`), P(wait), service
 * level, ASA (all calls and delayed calls), queue length and occupancy; without one (N <= A) those are null and
 * `reason` says why.
 */
export const ErlangCMetrics = z.discriminatedUnion('stable', [
  z.strictObject({
    ...erlangCCommon,
    stable: z.literal(true),
    probWait: z.number(),
    serviceLevel: z.number(),
    asaSeconds: z.number(),
    asaDelayedCallsSeconds: z.number(),
    expectedQueueLength: z.number(),
    occupancy: z.number(),
  }),
  z.strictObject({
    ...erlangCCommon,
    stable: z.literal(false),
    probWait: z.null(),
    serviceLevel: z.null(),
    asaSeconds: z.null(),
    asaDelayedCallsSeconds: z.null(),
    expectedQueueLength: z.null(),
    occupancy: z.null(),
    reason: z.string(),
  }),
]);
export type ErlangCMetrics = z.infer<typeof ErlangCMetrics>;

/** Answer of `POST /api/erlang/a` (libs/erlang ErlangAResult): every metric a finite number, probabilities over offered calls. */
export const ErlangAMetrics = z.strictObject({
  model: z.literal('A'),
  arrivalsPerHour: z.number(),
  ahtSeconds: z.number(),
  agents: z.number(),
  patienceSeconds: z.number(),
  targetSeconds: z.number(),
  trafficErlangs: z.number(),
  erlangB: z.number(),
  probWait: z.number(),
  probAbandon: z.number(),
  connectRate: z.number(),
  serviceLevelAnsweredWithinTOverOffered: z.number(),
  serviceLevelAmongAnswered: z.number(),
  serviceLevelExcludingAbandonsWithinT: z.number(),
  probAbandonWithinT: z.number(),
  probActualWaitAtMostT: z.number(),
  probOfferedWaitAtMostT: z.number(),
  meanWaitAllArrivalsSeconds: z.number(),
  asaAnsweredSeconds: z.number(),
  expectedQueueLength: z.number(),
  occupancy: z.number(),
});
export type ErlangAMetrics = z.infer<typeof ErlangAMetrics>;

/** A staffing search's answer: the load, the fewest productive agents meeting every target, with shrinkage, why one fewer fails, and the metrics there. */
function staffingAnswer<M extends z.ZodType>(model: 'A' | 'C', metrics: M) {
  return z.strictObject({
    model: z.literal(model),
    trafficErlangs: z.number(),
    requiredAgents: z.number().int(),
    shrinkage: z.number(),
    requiredAgentsWithShrinkage: z.number().int(),
    limitingTargets: z.array(StaffingTarget),
    atRequiredAgents: metrics,
  });
}
/** Answer of `POST /api/erlang/staff/c`. */
export const StaffCAnswer = staffingAnswer('C', ErlangCMetrics);
export type StaffCAnswer = z.infer<typeof StaffCAnswer>;
/** Answer of `POST /api/erlang/staff/a`. */
export const StaffAAnswer = staffingAnswer('A', ErlangAMetrics);
export type StaffAAnswer = z.infer<typeof StaffAAnswer>;

/** Staffing targets: Erlang C service level within `targetSeconds`, Erlang A connect rate (fractions), optional occupancy cap. */
export const RequirementTargets = z.strictObject({ serviceLevelTarget: z.number(), targetSeconds: z.number(), targetConnectRate: z.number(), maxOccupancy: z.number().optional() });

/** Erlang C requirement of one interval: productive and rostered agents, service level, ASA (s), occupancy at that staffing. */
export const ErlangCRequirement = z.strictObject({
  agents: z.number().int(),
  agentsWithShrinkage: z.number().int(),
  serviceLevel: z.number(),
  asaSeconds: z.number(),
  occupancy: z.number(),
  limitingTargets: z.array(StaffingTarget),
});

/** Erlang A requirement of one interval: agents, the agent queue's and the hotline's connect rates, abandonment, service level, ASA, occupancy. */
export const ErlangARequirement = z.strictObject({
  agents: z.number().int(),
  agentsWithShrinkage: z.number().int(),
  agentConnectRate: z.number(),
  connectRate: z.number().nullable(),
  probAbandon: z.number(),
  serviceLevel: z.number(),
  asaAnsweredSeconds: z.number(),
  occupancy: z.number(),
  limitingTargets: z.array(StaffingTarget),
});

/** The requirement of one interval under both models (libs/forecast IntervalRequirement). */
export const IntervalRequirement = z.strictObject({
  start: z.string(),
  day: z.string(),
  label: z.string(),
  arrivals: z.number(),
  agentArrivals: z.number(),
  agentShare: z.number(),
  ivrAnsweredShare: z.number(),
  agentConnectRateTarget: z.number(),
  targetReachable: z.boolean(),
  ahtSeconds: z.number(),
  patienceSeconds: z.number(),
  trafficErlangs: z.number(),
  erlangC: ErlangCRequirement,
  erlangA: ErlangARequirement,
});

/** Expected outcome of a day, a month or the whole horizon (`period`): requests, connected, lost, connect rate (null without requests), agent-hours. */
export const PeriodOutcome = z.strictObject({
  period: z.string(),
  requests: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  connectRate: z.number().nullable(),
  agentHours: z.number(),
});

/** The month view of a staffing: agents per interval (given or Erlang A), expected outcomes per day, month and in total, and the pooled plan. */
export const MonthView = z.strictObject({
  agentsSource: z.enum(['given', 'erlang-a']),
  targetConnectRate: z.number(),
  intervals: z.array(z.strictObject({ start: z.string(), agents: z.number(), connectRate: z.number().nullable(), expectedAnswered: z.number(), expectedAbandoned: z.number() })),
  days: z.array(PeriodOutcome),
  months: z.array(PeriodOutcome),
  total: PeriodOutcome.extend({ meetsTarget: z.boolean() }),
  pooled: z.strictObject({ agents: z.array(z.number()), agentHours: z.number(), connectRate: z.number().nullable(), meetsTarget: z.boolean() }),
});

/** Agent-hours of each model, productive and rostered (with shrinkage). */
export const RequirementTotals = z.strictObject({ erlangCAgentHours: z.number(), erlangCRosteredHours: z.number(), erlangAAgentHours: z.number(), erlangARosteredHours: z.number() });

/** Answer of `POST /api/staffing/requirement` (libs/forecast Requirement). */
export const Requirement = z.strictObject({
  intervalMinutes: z.number(),
  targets: RequirementTargets,
  shrinkage: z.number(),
  minAgents: z.number().int(),
  agentShare: z.number(),
  ivrAnsweredShare: z.number(),
  agentConnectRateTarget: z.number(),
  intervals: z.array(IntervalRequirement),
  totals: RequirementTotals,
  monthView: MonthView,
});
export type Requirement = z.infer<typeof Requirement>;

/** Kind of day: workday, restday, holiday, makeup-workday (调休). */
export const DayType = z.enum(['workday', 'restday', 'holiday', 'makeup-workday']);
/** Smoothing constants of a method, each in [0, 1]. */
export const MethodParameters = z.strictObject({ alpha: z.number().optional(), beta: z.number().optional(), shareAlpha: z.number().optional(), levelAlpha: z.number().optional(), trendBeta: z.number().optional() });
/** Where a model input came from. */
export const InputSource = z.enum(['measured', 'given', 'default', 'one-abandon-bound']);

/** Something the planner should know: a stable code (translated by the console), an English message, its numbers. */
export const ForecastWarning = z.strictObject({
  code: z.enum(['calendar-not-covered', 'day-type-fallback', 'closed-weekday', 'no-comparable-day', 'no-backtest', 'no-aht', 'default-patience', 'patience-bound']),
  message: z.string(),
  params: z.record(z.string(), z.number()).optional(),
});

/** One forecast interval: arrivals with the prediction interval, and with a requirement both models' staffing. */
export const ReportInterval = z.strictObject({
  start: IsoInstant,
  day: z.string(),
  label: z.string(),
  dayType: DayType,
  arrivals: z.number(),
  lower: z.number(),
  upper: z.number(),
  agentArrivals: z.number().optional(),
  agentShare: z.number().optional(),
  ivrAnsweredShare: z.number().optional(),
  ahtSeconds: z.number().optional(),
  trafficErlangs: z.number().optional(),
  erlangC: ErlangCRequirement.optional(),
  erlangA: ErlangARequirement.optional(),
});

/** One forecast day: its kind, how it was forecast (`basis`), expected calls with the interval, and with a requirement the agent-hours and expected connect rate. */
export const ReportDay = z.strictObject({
  day: z.string(),
  weekday: z.number().int().min(0).max(6),
  dayType: DayType,
  holidayName: z.string().optional(),
  calendarCovered: z.boolean(),
  basis: z.enum(['history', 'workdays', 'rest-days', 'all-days', 'closed', 'no-history']),
  arrivals: z.number(),
  lower: z.number(),
  upper: z.number(),
  erlangCAgentHours: z.number().optional(),
  erlangAAgentHours: z.number().optional(),
  expectedConnectRate: z.number().nullable().optional(),
});

/** Answer of `GET /api/forecast` (libs/forecast ForecastReport): the forecast, its method and back-test, the staffing inputs and the requirement. */
export const ForecastReport = z.strictObject({
  timeZone: z.string(),
  intervalMinutes: z.number(),
  calendar: HolidayCalendar,
  from: z.string(),
  to: z.string(),
  start: z.strictObject({ reason: z.enum(['given', 'after-history', 'feed-clock']), feedClock: IsoInstant.optional() }),
  historyFrom: z.string(),
  historyTo: z.string(),
  method: z.strictObject({
    name: MethodName,
    parameters: MethodParameters,
    selectedBy: z.enum(['back-test', 'fixed', 'default']),
    backtest: z.array(z.strictObject({ method: MethodName, parameters: MethodParameters, wapeInterval: z.number(), wapeDay: z.number() })),
    backtestWeeks: z.number().int(),
  }),
  predictionInterval: z.strictObject({ level: z.number(), overdispersionInterval: z.number(), overdispersionDay: z.number(), source: z.enum(['back-test', 'poisson']) }),
  inputs: z
    .strictObject({
      ahtSeconds: z.number(),
      ahtSource: InputSource,
      patienceSeconds: z.number(),
      patienceSource: InputSource,
      patienceStandardErrorSeconds: z.number().optional(),
      patienceAbandons: z.number().optional(),
      patienceCalls: z.number().optional(),
      agentShare: z.number(),
      ivrAnsweredShare: z.number(),
    })
    .nullable(),
  targets: RequirementTargets.nullable(),
  shrinkage: z.number().nullable(),
  minAgents: z.number().nullable(),
  agentConnectRateTarget: z.number().nullable(),
  /** Observed arrivals of the last days before `from`. */
  history: z.array(z.strictObject({ start: IsoInstant, day: z.string(), label: z.string(), arrivals: z.number() })),
  days: z.array(ReportDay),
  intervals: z.array(ReportInterval),
  totals: RequirementTotals.nullable(),
  monthView: MonthView.nullable(),
  warnings: z.array(ForecastWarning),
});
export type ForecastReport = z.infer<typeof ForecastReport>;

// drift checks (see check.ts)
type _TargetIn = Assert<LibStaffingTarget, z.input<typeof StaffingTarget>>;
type _TargetOut = Assert<z.output<typeof StaffingTarget>, LibStaffingTarget>;
type _ErlangAIn = Assert<LibErlangAResult, z.input<typeof ErlangAMetrics>>;
type _ErlangAOut = Assert<z.output<typeof ErlangAMetrics>, LibErlangAResult>;
type _RequirementIntervalIn = Assert<LibRequirementIntervalInput, z.input<typeof RequirementInterval>>;
type _TargetsIn = Assert<LibRequirementTargets, z.input<typeof RequirementTargets>>;
type _TargetsOut = Assert<z.output<typeof RequirementTargets>, LibRequirementTargets>;
type _ErlangCReqIn = Assert<LibErlangCRequirement, z.input<typeof ErlangCRequirement>>;
type _ErlangCReqOut = Assert<z.output<typeof ErlangCRequirement>, LibErlangCRequirement>;
type _ErlangAReqIn = Assert<LibErlangARequirement, z.input<typeof ErlangARequirement>>;
type _ErlangAReqOut = Assert<z.output<typeof ErlangARequirement>, LibErlangARequirement>;
type _IntervalReqIn = Assert<LibIntervalRequirement, z.input<typeof IntervalRequirement>>;
type _IntervalReqOut = Assert<z.output<typeof IntervalRequirement>, LibIntervalRequirement>;
type _MonthViewIn = Assert<LibMonthView, z.input<typeof MonthView>>;
type _MonthViewOut = Assert<z.output<typeof MonthView>, LibMonthView>;
type _RequirementIn = Assert<LibRequirement, z.input<typeof Requirement>>;
type _RequirementOut = Assert<z.output<typeof Requirement>, LibRequirement>;
type _ReportIntervalIn = Assert<LibReportInterval, z.input<typeof ReportInterval>>;
type _ReportIntervalOut = Assert<z.output<typeof ReportInterval>, LibReportInterval>;
type _ReportDayIn = Assert<LibReportDay, z.input<typeof ReportDay>>;
type _ReportDayOut = Assert<z.output<typeof ReportDay>, LibReportDay>;
type _ForecastReportIn = Assert<LibForecastReport, z.input<typeof ForecastReport>>;
type _ForecastReportOut = Assert<z.output<typeof ForecastReport>, LibForecastReport>;
