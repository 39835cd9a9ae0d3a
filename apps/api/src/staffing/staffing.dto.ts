// Request shapes of the staffing endpoints (zod). Types are checked here; ranges and cross-field rules are checked
// by libs/forecast and libs/erlang, whose errors name the field (mapped to 400 by the service).
import { z } from 'zod';
import { parseDayKey } from '@hotline/events';

const day = z.string().refine((d) => {
  try {
    parseDayKey(d);
    return true;
  } catch {
    return false;
  }
}, 'expected a calendar date YYYY-MM-DD');

const fraction = z.coerce.number().min(0).lt(1);

/** Query of `GET /api/forecast`. */
export const ForecastQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(12).default(2),
  from: day.optional(),
  historyWeeks: z.coerce.number().int().min(1).max(104).default(8),
  method: z.enum(['auto', 'seasonal-naive', 'weekday-profile', 'day-share']).default('auto'),
  calendar: z.enum(['cn', 'none']).default('cn'),
  targetConnectRate: fraction.optional(),
  serviceLevelTarget: fraction.optional(),
  targetSeconds: z.coerce.number().min(0).optional(),
  maxOccupancy: z.coerce.number().gt(0).max(1).optional(),
  shrinkage: fraction.optional(),
  minAgents: z.coerce.number().int().min(0).max(1000).optional(),
  ahtSeconds: z.coerce.number().positive().optional(),
  patienceSeconds: z.coerce.number().positive().optional(),
});
export type ForecastQuery = z.infer<typeof ForecastQuery>;

const RequirementInterval = z.object({
  start: z.string(),
  day: z.string().optional(),
  label: z.string().optional(),
  arrivals: z.number(),
  ahtSeconds: z.number().optional(),
  patienceSeconds: z.number().optional(),
  agentShare: z.number().optional(),
  ivrAnsweredShare: z.number().optional(),
});

/**
 * Body of `POST /api/staffing/requirement`: `intervals` (with `intervalMinutes`, default 30) or a `forecast` (the
 * response of GET /api/forecast, or anything with `intervalMinutes` and `intervals`). A body-level `ahtSeconds`,
 * `patienceSeconds`, `agentShare` or `ivrAnsweredShare` applies to every interval; without it each interval's own
 * value is used.
 */
export const RequirementBody = z
  .object({
    intervalMinutes: z.number().optional(),
    timeZone: z.string().optional(),
    intervals: z.array(RequirementInterval).min(1).max(20_000).optional(),
    forecast: z.object({ intervalMinutes: z.number(), timeZone: z.string().optional(), intervals: z.array(RequirementInterval).min(1).max(20_000) }).optional(),
    ahtSeconds: z.number().optional(),
    patienceSeconds: z.number().optional(),
    targets: z.object({ serviceLevelTarget: z.number().optional(), targetSeconds: z.number().optional(), targetConnectRate: z.number().optional(), maxOccupancy: z.number().optional() }).optional(),
    shrinkage: z.number().optional(),
    minAgents: z.number().optional(),
    agentShare: z.number().optional(),
    ivrAnsweredShare: z.number().optional(),
    agentsPerInterval: z.union([z.number(), z.array(z.number())]).optional(),
  })
  .refine((b) => (b.intervals === undefined) !== (b.forecast === undefined), { message: 'give either intervals or forecast (one of them)', path: ['intervals'] });
export type RequirementBody = z.infer<typeof RequirementBody>;

/** The traffic of one interval, as in shared/reference/erlang-cases.json. */
const load = {
  arrivalsPerHour: z.number().optional(),
  callsPerInterval: z.number().optional(),
  intervalMinutes: z.number().optional(),
  ahtSeconds: z.number(),
  targetSeconds: z.number().optional(),
};

/** Body of `POST /api/erlang/c`. */
export const ErlangCBody = z.strictObject({ ...load, agents: z.number() });
/** Body of `POST /api/erlang/a`. */
export const ErlangABody = z.strictObject({ ...load, agents: z.number(), patienceSeconds: z.number() });

const staffing = {
  serviceLevelTarget: z.number().optional(),
  maxOccupancy: z.number().optional(),
  maxAsaSeconds: z.number().optional(),
  maxProbWait: z.number().optional(),
  shrinkage: z.number().optional(),
  minAgents: z.number().optional(),
  maxAgents: z.number().optional(),
};

/** Body of `POST /api/erlang/staff/c`. */
export const StaffCBody = z.strictObject({ ...load, ...staffing });
/** Body of `POST /api/erlang/staff/a`. */
export const StaffABody = z.strictObject({
  ...load,
  ...staffing,
  patienceSeconds: z.number(),
  minConnectRate: z.number().optional(),
  maxProbAbandon: z.number().optional(),
  serviceLevelDefinition: z
    .enum(['serviceLevelAnsweredWithinTOverOffered', 'serviceLevelAmongAnswered', 'serviceLevelExcludingAbandonsWithinT', 'probActualWaitAtMostT', 'probOfferedWaitAtMostT'])
    .optional(),
});
