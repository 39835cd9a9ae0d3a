/**
 * The live floor (`GET /api/live/snapshot` and the Socket.IO event `kpi:snapshot`): the KPIs of the feed clock's
 * interval, day and month, the day's intervals, the queue, each agent's state and the month's connect-rate budget.
 * Instants are ISO strings; rates percent strings (2 decimals); counts of the budget decimal strings.
 */
import { z } from 'zod';
import { AGENT_STATES } from '@hotline/events';
import type { IntervalPoint as LibIntervalPoint, LiveSnapshot as LibLiveSnapshot, MonthBudget as LibMonthBudget } from '@hotline/kpi';
import type { Assert } from './check';
import { IsoInstant } from './common';
import { BusinessTypeKpi, KpiSummary, PercentOrNull } from './ledger';

/** An agent's state on the floor (the feed's vocabulary). */
export const AgentState = z.enum(AGENT_STATES);

/** One 30-minute interval of the day chart: start (ISO), local label `HH:MM`, counts and connect rate. */
export const IntervalPoint = z.strictObject({
  start: IsoInstant,
  label: z.string(),
  requests: z.number().int(),
  agentAnswered: z.number().int(),
  ivrAnswered: z.number().int(),
  abandoned: z.number().int(),
  connectRate: PercentOrNull,
});

/**
 * The month's connect-rate budget as the floor shows it (libs/scoring connectBudget): requests the rest of the month
 * may lose and still end at the target, and the connect rate the rest needs; counts as decimal strings.
 */
export const MonthBudget = z.strictObject({
  remainingRequests: z.string(),
  lostBudget: z.string(),
  status: z.enum(['secured', 'open', 'unreachable']),
  requiredRestConnectRatePercent: z.string().nullable(),
});

/** One agent on the floor: state since when (ISO), pause reason, the call being handled, and whether the state was inferred from calls. */
export const FloorAgent = z.strictObject({
  agentId: z.string(),
  state: AgentState,
  since: IsoInstant,
  reason: z.string().nullable(),
  callId: z.string().nullable(),
  inferred: z.boolean(),
});

/** The live floor snapshot (libs/kpi LiveSnapshot). */
export const LiveSnapshot = z.strictObject({
  /** The feed's clock: the moment the figures describe. */
  asOf: IsoInstant,
  timeZone: z.string(),
  /** The contract's connect-rate target, percent (90). */
  connectTargetPercent: z.number(),
  serviceLevelSeconds: z.number(),
  interval: KpiSummary.extend({ start: IsoInstant, label: z.string() }),
  day: KpiSummary.extend({ date: z.string(), underTarget: z.boolean() }),
  previousDay: z.strictObject({ date: z.string(), requests: z.number().int(), connectRate: PercentOrNull }),
  month: KpiSummary.extend({ month: z.string(), underTarget: z.boolean() }),
  intervals: z.array(IntervalPoint),
  agentsToday: z.array(z.strictObject({ agentId: z.string(), agentAnswered: z.number().int() })),
  callsWaiting: z.number().int(),
  longestWaitSeconds: z.number(),
  agents: z.array(FloorAgent),
  agentsByState: z.record(AgentState, z.number().int()),
  monthBudget: MonthBudget.nullable(),
  /** Where today's calls came from (`bank`, `queue_log`, `synthetic`...). */
  sources: z.array(z.string()),
  /** Today's KPIs per business type (业务类型), as `GET /api/kpi` gives them for a period. */
  dayByBusinessType: z.array(BusinessTypeKpi),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

// drift checks (see check.ts)
type _IntervalPointIn = Assert<LibIntervalPoint, z.input<typeof IntervalPoint>>;
type _IntervalPointOut = Assert<z.output<typeof IntervalPoint>, LibIntervalPoint>;
type _MonthBudgetIn = Assert<LibMonthBudget, z.input<typeof MonthBudget>>;
type _MonthBudgetOut = Assert<z.output<typeof MonthBudget>, LibMonthBudget>;
type _LiveSnapshotIn = Assert<LibLiveSnapshot, z.input<typeof LiveSnapshot>>;
type _LiveSnapshotOut = Assert<z.output<typeof LiveSnapshot>, LibLiveSnapshot>;
