// Request shapes of the roster endpoints and of the planning job (zod). Types and plain ranges are checked here;
// the labour rules' own consistency (a lock on a leave day, a forecast of the wrong length) by libs/roster, whose
// errors name the field (mapped to 400 by the service).
import { z } from 'zod';
import { queryDay } from '../common/query.js';

const day = queryDay;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:MM');
const money = z.string().regex(/^\d+(\.\d{1,4})?$/, 'expected a decimal string such as "32.50"');
const nonNegative = z.number().min(0);
const fraction = z.number().min(0).max(1);

export const AgentBody = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  seatShare: z.number().gt(0).max(1).optional(),
  floorManager: z.boolean().optional(),
  hourlyRate: money.optional(),
  pregnantSevenMonthsFrom: day.optional(),
  nursingInfantBirthDate: day.optional(),
  unavailable: z
    .array(z.object({ from: day, to: day, kind: z.enum(['annual-leave', 'sick-leave', 'other']), note: z.string().max(200).optional() }))
    .max(366)
    .optional(),
});

export const TemplateBody = z.object({
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

const LockBody = z.object({ agentId: z.string().min(1), date: day, code: z.string().min(1).max(12).nullable() });

const counts = z.object({ nights: z.number(), weekends: z.number(), holidays: z.number() });
export const LedgerBody = z.object({
  through: day.nullable(),
  agents: z.record(
    z.string(),
    z.object({
      periods: z.number().int().min(0),
      counts,
      balance: counts,
      tail: z
        .object({ workedDays: z.array(z.boolean()), nightDays: z.array(z.boolean()), restDays: z.array(z.boolean()), lastShiftEndMinute: z.number().nullable() })
        .optional(),
    }),
  ),
});

const perInterval = z.union([z.number().positive(), z.array(z.number().positive()).max(62 * 48)]);

/** The forecast of a plan: from the ledger's history (GET /api/forecast's method), or given per interval. */
export const ForecastBody = z.discriminatedUnion('source', [
  z.object({ source: z.literal('ledger'), historyWeeks: z.number().int().min(1).max(104).default(8) }),
  z.object({
    source: z.literal('given'),
    offered: z.array(nonNegative).max(62 * 48),
    ivrAnswered: z.array(nonNegative).max(62 * 48).optional(),
    ahtSeconds: perInterval,
    patienceSeconds: perInterval,
  }),
]);

/** Body of `POST /api/roster/plans`. */
export const PlanBody = z.object({
  name: z.string().min(1).max(100).default('排班表'),
  startDate: day,
  days: z.number().int().min(1).max(62).default(28),
  agents: z.array(AgentBody).min(1).max(500),
  templates: z.array(TemplateBody).min(1).max(200).optional(),
  candidateCodes: z.array(z.string().min(1).max(12)).min(1).optional(),
  rules: RulesBody.optional(),
  training: TrainingBody.optional(),
  weights: WeightsBody.optional(),
  shrinkage: z.number().min(0).lt(1).optional(),
  targetConnectRate: fraction.optional(),
  locks: z.array(LockBody).max(10_000).optional(),
  forecast: ForecastBody,
  /** `auto` (default): the ledger stored with the published roster that ends the day before; null: none. */
  ledger: z.union([z.literal('auto'), z.null(), LedgerBody]).default('auto'),
  timeLimitSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type PlanBody = z.infer<typeof PlanBody>;

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

export const RosterBody = z.object({
  startDate: day,
  days: z.number().int().min(1).max(62),
  rows: z.array(z.object({ agentId: z.string().min(1), cells: z.array(z.string().max(12).nullable()) })).min(1),
  training: z
    .array(z.object({ date: day, start: time, durationMinutes: z.number().int().positive(), attendees: z.array(z.string()), trainerId: z.string().optional() }))
    .default([]),
});

/** Body of `PATCH /api/roster/versions/:id/cells`: one cell (null = no shift). */
export const CellEditBody = z.object({
  agentId: z.string().min(1),
  date: day,
  code: z.string().min(1).max(12).nullable(),
  /** The revision the edit was made on; a stale one is refused (409). */
  revision: z.number().int().min(0).optional(),
});
export type CellEditBody = z.infer<typeof CellEditBody>;

/** Body of `POST /api/roster/evaluate`: a stored version, or a problem and a roster. */
export const EvaluateBody = z.union([z.object({ versionId: z.number().int().positive() }).strict(), z.object({ problem: ProblemShape, roster: RosterBody }).strict()]);
export type EvaluateBody = z.infer<typeof EvaluateBody>;

export const VersionParams = z.object({ id: z.coerce.number().int().positive() });
export const JobParams = z.object({ jobId: z.string().min(1).max(200) });

export const ListQuery = z.object({
  startDate: day.optional(),
  status: z.enum(['draft', 'published', 'superseded']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;
