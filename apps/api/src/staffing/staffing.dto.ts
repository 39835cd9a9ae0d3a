// Request shapes of the staffing endpoints (zod): strict (an unknown field is a 400 naming it), typed, and bounded to
// realistic ranges (PLANNER_LIMITS of libs/forecast, shared with the CLI and the console). Cross-field rules (the
// IVR's shares, one agent count per interval, an unreachable target) and the work a requirement may take are checked
// by libs/forecast and libs/erlang, whose errors name the field too.
import { z } from 'zod';
import { MAX_AGENTS, PLANNER_LIMITS as L, isTimeZone } from '@hotline/forecast';
import { queryDay, queryInt } from '../common/query.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A query parameter given once, as a string (empty means absent); a repeated one is refused. */
function once<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string({ error: (issue) => (issue.input === undefined ? undefined : 'give this parameter once') })
      .pipe(schema)
      .optional(),
  );
}

/** A decimal number from a query string, checked by `range`. */
const queryNumber = (range: z.ZodNumber) => once(z.string().regex(NUMBER, 'expected a number').transform(Number).pipe(range));

const fraction = () => z.number().min(0).lt(1);
const seconds = () => z.number().gt(0).max(L.maxSeconds);
const answerSeconds = () => z.number().min(0).max(L.maxSeconds);
const share = () => z.number().min(0).max(1);
const occupancy = () => z.number().gt(0).max(1);
const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai');

/** Query of `GET /api/forecast` (defaults: 2 weeks from the feed clock's day, 8 weeks of history, auto, cn). */
export const ForecastQuery = z.strictObject({
  weeks: queryInt(L.weeks.min, L.weeks.max),
  from: once(queryDay),
  historyWeeks: queryInt(L.historyWeeks.min, L.historyWeeks.max),
  method: once(z.enum(['auto', 'seasonal-naive', 'weekday-profile', 'day-share'])),
  calendar: once(z.enum(['cn', 'none'])),
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
const RequirementInterval = z.strictObject(interval);
const intervals = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(L.maxIntervals);
const intervalMinutes = z.number().gt(0).max(1440);

/**
 * The response of GET /api/forecast as a what-if's `forecast`: its intervals (with the report's own fields, which
 * the requirement does not read) and every other field of the report, accepted and not read (targets, shrinkage and
 * the like come from the body). A field the report does not have is refused.
 */
const ForecastShape = z.strictObject({
  intervalMinutes,
  timeZone: timeZone.optional(),
  intervals: intervals(
    z.strictObject({
      ...interval,
      ...Object.fromEntries(['dayType', 'lower', 'upper', 'agentArrivals', 'trafficErlangs', 'erlangC', 'erlangA'].map((k) => [k, z.unknown().optional()])),
    }),
  ),
  ...Object.fromEntries(
    ['calendar', 'from', 'to', 'start', 'historyFrom', 'historyTo', 'method', 'predictionInterval', 'inputs', 'targets', 'shrinkage', 'minAgents', 'agentConnectRateTarget', 'history', 'days', 'totals', 'monthView', 'warnings'].map(
      (k) => [k, z.unknown().optional()],
    ),
  ),
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

/** The traffic of one interval, as in shared/reference/erlang-cases.json. */
const load = {
  arrivalsPerHour: z.number().optional(),
  callsPerInterval: z.number().max(L.maxArrivalsPerInterval).optional(),
  intervalMinutes: intervalMinutes.optional(),
  ahtSeconds: z.number().max(L.maxSeconds),
  targetSeconds: z.number().max(L.maxSeconds).optional(),
};
const agentCount = z.number().max(MAX_AGENTS);

/** Body of `POST /api/erlang/c`. */
export const ErlangCBody = z.strictObject({ ...load, agents: agentCount });
/** Body of `POST /api/erlang/a`. */
export const ErlangABody = z.strictObject({ ...load, agents: agentCount, patienceSeconds: z.number().max(L.maxSeconds) });

const staffing = {
  serviceLevelTarget: z.number().optional(),
  maxOccupancy: z.number().optional(),
  maxAsaSeconds: z.number().optional(),
  maxProbWait: z.number().optional(),
  shrinkage: z.number().optional(),
  minAgents: agentCount.optional(),
  maxAgents: agentCount.optional(),
};

/** Body of `POST /api/erlang/staff/c`. */
export const StaffCBody = z.strictObject({ ...load, ...staffing });
/** Body of `POST /api/erlang/staff/a`. */
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
