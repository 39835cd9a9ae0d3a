// Request shapes of the roster endpoints and of the planning job (zod). Types and plain ranges are checked here, and
// every object is strict: an unknown or misspelt field (`pregnant`, `revison`) is a 400 naming it, never ignored.
// The labour rules' own consistency (a lock on a leave day, a forecast of the wrong length) is checked by
// libs/roster, whose errors name the field (mapped to 400 by the service).
import { z } from 'zod';
import { queryDay, queryInt } from '../common/query.js';

const day = queryDay;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:MM');
const money = z.string().regex(/^\d+(\.\d{1,4})?$/, 'expected a decimal string such as "32.50"');
const nonNegative = z.number().min(0);
const fraction = z.number().min(0).max(1);

export const AgentBody = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  seatShare: z.number().gt(0).max(1).optional(),
  floorManager: z.boolean().optional(),
  hourlyRate: money.optional(),
  pregnantSevenMonthsFrom: day.optional(),
  nursingInfantBirthDate: day.optional(),
  unavailable: z
    .array(z.strictObject({ from: day, to: day, kind: z.enum(['annual-leave', 'sick-leave', 'other']), note: z.string().max(200).optional() }))
    .max(366)
    .optional(),
});

export const TemplateBody = z.strictObject({
  code: z.string().min(1).max(12),
  start: time,
  durationMinutes: z.number().int(),
  unpaidBreakMinutes: z.number().int().min(0).optional(),
});

const RulesBody = z
  .object({
    weeklyStandardHours: nonNegative,
    standardHoursBasis: z.enum(['official-calendar', 'annual-average']),
    maxOvertimeHoursPerMonth: nonNegative,
    maxHoursShortfall: nonNegative,
    minRestHours: nonNegative,
    maxConsecutiveWorkDays: z.number().int().min(1),
    maxConsecutiveNights: z.number().int().min(0),
    restDayInSeven: z.boolean(),
    nightStart: time,
    nightEnd: time,
    nightShiftMinMinutes: z.number().int().min(1),
    minOnDuty: z.number().int().min(0),
    maxFairnessDeviation: nonNegative,
  })
  .partial()
  .strict();

const TrainingBody = z
  .object({ sessions: z.number().int().min(0), durationMinutes: z.number().int(), candidateStarts: z.array(time).min(1).max(48), trainerId: z.string().min(1) })
  .partial()
  .strict()
  .nullable();

const WeightsBody = z
  .object({ overtimeCallsPerHour: nonNegative, fairnessNights: nonNegative, fairnessWeekends: nonNegative, fairnessHolidays: nonNegative })
  .partial()
  .strict();

const LockBody = z.strictObject({ agentId: z.string().min(1), date: day, code: z.string().min(1).max(12).nullable() });

const counts = z.strictObject({ nights: z.number(), weekends: z.number(), holidays: z.number() });
export const LedgerBody = z.strictObject({
  through: day.nullable(),
  agents: z.record(
    z.string(),
    z.strictObject({
      periods: z.number().int().min(0),
      counts,
      balance: counts,
      tail: z
        .strictObject({ workedDays: z.array(z.boolean()).max(62), nightDays: z.array(z.boolean()).max(62), restDays: z.array(z.boolean()).max(62), lastShiftEndMinute: z.number().nullable() })
        .optional(),
    }),
  ),
});

const perInterval = z.union([z.number().positive(), z.array(z.number().positive()).max(62 * 48)]);

/** A forecast per interval: offered calls to agents, IVR-answered calls, AHT and patience (seconds). */
const givenForecast = {
  offered: z.array(nonNegative).max(62 * 48),
  ivrAnswered: z.array(nonNegative).max(62 * 48).optional(),
  ahtSeconds: perInterval,
  patienceSeconds: perInterval,
};

/** The forecast of a plan: from the ledger's history (GET /api/forecast's method), or given per interval. */
export const ForecastBody = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('ledger'), historyWeeks: z.number().int().min(1).max(104).default(8) }),
  z.strictObject({ source: z.literal('given'), ...givenForecast }),
]);

/** What a plan and a stored problem share: the period, the staff, the shift templates and the rules. */
const problemFields = {
  startDate: day,
  days: z.number().int().min(1).max(62),
  agents: z.array(AgentBody).min(1).max(500),
  templates: z.array(TemplateBody).min(1).max(200).optional(),
  candidateCodes: z.array(z.string().min(1).max(12)).min(1).optional(),
  rules: RulesBody.optional(),
  training: TrainingBody.optional(),
  weights: WeightsBody.optional(),
  shrinkage: z.number().min(0).lt(1).optional(),
  targetConnectRate: fraction.optional(),
  locks: z.array(LockBody).max(10_000).optional(),
};

/** Body of `POST /api/roster/plans`. */
export const PlanBody = z.strictObject({
  name: z.string().min(1).max(100).default('排班表'),
  ...problemFields,
  days: problemFields.days.default(28),
  forecast: ForecastBody,
  /** `auto` (default): the ledger stored with the published roster that ends the day before; null: none. */
  ledger: z.union([z.literal('auto'), z.null(), LedgerBody]).default('auto'),
  /** Seconds; at most HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS (checked by the service: a 400 above it). */
  timeLimitSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type PlanBody = z.infer<typeof PlanBody>;

/** A problem given whole (POST /api/roster/evaluate): the plan's fields with the forecast per interval and a ledger. */
export const ProblemBody = z.strictObject({ ...problemFields, forecast: z.strictObject(givenForecast), ledger: LedgerBody.optional() });

/** The problem as stored and passed to the job: checked in depth by libs/roster's prepareProblem. */
const ProblemShape = z
  .object({ startDate: day, days: z.number().int(), agents: z.array(z.object({ id: z.string() }).passthrough()).min(1), forecast: z.object({ offered: z.array(z.number()) }).passthrough() })
  .passthrough();

/** Payload of a planning job (BullMQ). */
export const PlanJobPayload = z.object({
  name: z.string().min(1),
  problem: ProblemShape,
  timeLimitSeconds: z.number().int().positive(),
});
export type PlanJobPayload = z.infer<typeof PlanJobPayload>;

export const RosterBody = z.strictObject({
  startDate: day,
  days: z.number().int().min(1).max(62),
  rows: z.array(z.strictObject({ agentId: z.string().min(1), cells: z.array(z.string().max(12).nullable()).max(62) })).min(1).max(500),
  training: z
    .array(z.strictObject({ date: day, start: time, durationMinutes: z.number().int().positive(), attendees: z.array(z.string()), trainerId: z.string().optional() }))
    .default([]),
});

/** Body of `PATCH /api/roster/versions/:id/cells`: one cell (null = no shift). */
export const CellEditBody = z.strictObject({
  agentId: z.string().min(1),
  date: day,
  code: z.string().min(1).max(12).nullable(),
  /** The revision the edit was made on; a stale one is refused (409). */
  revision: z.number().int().min(0).optional(),
});
export type CellEditBody = z.infer<typeof CellEditBody>;

/** A version id: a positive integer that fits the database's 32-bit key. */
const versionId = z.number().int().positive().max(2_147_483_647);

/** Body of `POST /api/roster/evaluate`: a stored version (`versionId`), or a `problem` and a `roster`. */
export const EvaluateBody = z
  .strictObject({ versionId: versionId.optional(), problem: ProblemBody.optional(), roster: RosterBody.optional() })
  .superRefine((b, ctx) => {
    if (b.versionId !== undefined && (b.problem !== undefined || b.roster !== undefined)) ctx.addIssue({ code: 'custom', path: ['versionId'], message: 'give versionId, or problem and roster, not both' });
    else if (b.versionId === undefined && b.problem === undefined) ctx.addIssue({ code: 'custom', path: ['problem'], message: 'give versionId, or problem and roster' });
    else if (b.versionId === undefined && b.roster === undefined) ctx.addIssue({ code: 'custom', path: ['roster'], message: 'required with problem' });
  });
export type EvaluateBody = z.infer<typeof EvaluateBody>;

/** Body of `POST /api/roster/versions/:id/publish` (optional). */
export const PublishBody = z.strictObject({
  /** Publish although the roster breaks rules (otherwise 409 `rules_broken`). */
  acceptViolations: z.boolean().optional(),
  /** Supersede other rosters' published versions that cover days of this period (otherwise 409 `overlap`). */
  replaceOverlapping: z.boolean().optional(),
  /** The revision the planner saw; a stale one is refused (409). */
  revision: z.number().int().min(0).optional(),
});
export type PublishBody = z.infer<typeof PublishBody>;

/** Path parameter `:id`: decimal digits only (not `1e3`, `0x10` or ` 1`). */
export const VersionParams = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,9}$/, 'expected a version id (a positive integer)').transform(Number).pipe(versionId) });
export const JobParams = z.strictObject({ jobId: z.string().min(1).max(200) });

export const ListQuery = z.strictObject({
  startDate: day.optional(),
  status: z.enum(['draft', 'published', 'superseded']).optional(),
  limit: queryInt(1, 500).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;
