/**
 * Rosters (`/api/roster/*`): planning jobs, versions (draft → published → superseded), cell edits, evaluation, the
 * notice-board workbook. Request objects are strict: an unknown or misspelt field (`pregnant`, `revison`) is a 400
 * naming it, never ignored. The labour rules' own consistency (a lock on a leave day, a forecast of the wrong
 * length) is checked by libs/roster, whose errors name the field (mapped to 400 by the API).
 *
 * The JSON columns of a roster version (its problem, cells, summary, solver report and fairness ledger) and the
 * planning job's payload, progress and result are schemas here too: the API parses them on read.
 * Dates are local `YYYY-MM-DD`, times of day `HH:MM`, durations minutes unless named, money decimal strings (yuan),
 * connect rates fractions in [0, 1].
 */
import { z } from 'zod';
import type {
  ConflictFamily as LibConflictFamily,
  FairnessLedger as LibFairnessLedger,
  FairnessRow as LibFairnessRow,
  Roster as LibRoster,
  RosterEvaluation as LibRosterEvaluation,
  RosterProblem as LibRosterProblem,
  RosterSummary as LibRosterSummary,
  SolveProgress as LibSolveProgress,
  SolveStopReason as LibSolveStopReason,
  Violation as LibViolation,
} from '@hotline/roster';
import type { Assert } from './check';
import { IsoInstant } from './common';
import { freeText } from './free-text';
import { queryDay, queryInt } from './query';

const day = queryDay;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:MM');
const money = z.string().regex(/^\d+(\.\d{1,4})?$/, 'expected a decimal string such as "32.50"');
const nonNegative = z.number().min(0);
const fraction = z.number().min(0).max(1);

/**
 * A member of staff: id, name, seat share, floor manager, hourly rate, the protections of pregnancy and nursing, leave
 * (with an optional note). The name and the notes are free text: typed numbers masked (freeText).
 */
export const AgentBody = z.strictObject({
  id: z.string().min(1).max(64),
  name: freeText(100, 1),
  seatShare: z.number().gt(0).max(1).optional(),
  floorManager: z.boolean().optional(),
  hourlyRate: money.optional(),
  pregnantSevenMonthsFrom: day.optional(),
  nursingInfantBirthDate: day.optional(),
  unavailable: z
    .array(z.strictObject({ from: day, to: day, kind: z.enum(['annual-leave', 'sick-leave', 'other']), note: freeText(200).optional() }))
    .max(366)
    .optional(),
});

/** A shift template: code, local start, length and unpaid break (minutes). */
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

/** The fairness ledger carried from period to period (libs/roster FairnessLedger); also the JSON column `ledgerAfter`. */
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
  name: freeText(100, 1).default('排班表'),
  ...problemFields,
  days: problemFields.days.default(28),
  forecast: ForecastBody,
  /** `auto` (default): the ledger stored with the published roster that ends the day before; null: none. */
  ledger: z.union([z.literal('auto'), z.null(), LedgerBody]).default('auto'),
  /** Seconds; at most HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS (checked by the service: a 400 above it). */
  timeLimitSeconds: z.number().int().min(1).max(86_400).optional(),
  /**
   * Seconds the search may go on in the background after the answer (anytime solving), each better roster stored as
   * a new draft version (at most one every 30 s, and the best at the end); at most HOTLINE_ROSTER_IMPROVE_BUDGET_SECONDS
   * (checked by the service: a 400 above it). Omitted or 0: the job ends with the answer.
   */
  improveSeconds: z.number().int().min(0).max(86_400).optional(),
  /** The background search stops when it found nothing better for this many seconds (default HOTLINE_ROSTER_IMPROVE_STALL_SECONDS). */
  improveStallSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type PlanBody = z.infer<typeof PlanBody>;

/**
 * A problem given whole (POST /api/roster/evaluate): the plan's fields with the forecast per interval and a ledger
 * (libs/roster RosterProblem). Also the JSON column `problem` of a version and the problem of a planning job.
 */
export const ProblemBody = z.strictObject({ ...problemFields, forecast: z.strictObject(givenForecast), ledger: LedgerBody.optional() });
export type ProblemBody = z.infer<typeof ProblemBody>;

/** Payload of a planning job (BullMQ): the draft's name, the problem, the time limit (seconds). */
export const PlanJobPayload = z.strictObject({
  name: z.string().min(1),
  problem: ProblemBody,
  timeLimitSeconds: z.number().int().positive(),
  /** Background budget (seconds) after the answer; absent: none. */
  improveSeconds: z.number().int().positive().optional(),
  /** Seconds without improvement after which the background search stops. */
  improveStallSeconds: z.number().int().positive().optional(),
});
export type PlanJobPayload = z.infer<typeof PlanJobPayload>;

/** A roster: one row of cells per agent, one cell per day (a shift code, or null), and the training sessions placed. Also the JSON column `content`. */
export const RosterBody = z.strictObject({
  startDate: day,
  days: z.number().int().min(1).max(62),
  rows: z.array(z.strictObject({ agentId: z.string().min(1), cells: z.array(z.string().max(12).nullable()).max(62) })).min(1).max(500),
  training: z
    .array(z.strictObject({ date: day, start: time, durationMinutes: z.number().int().positive(), attendees: z.array(z.string()), trainerId: z.string().optional() }))
    .default([]),
});
export type RosterBody = z.infer<typeof RosterBody>;

/** Body of `PATCH /api/roster/versions/{id}/cells`: one cell (null = no shift). */
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

/** Body of `POST /api/roster/versions/{id}/publish` (optional). */
export const PublishBody = z.strictObject({
  /** Publish although the roster breaks rules (otherwise 409 `rules_broken`). */
  acceptViolations: z.boolean().optional(),
  /** Supersede other rosters' published versions that cover days of this period (otherwise 409 `overlap`). */
  replaceOverlapping: z.boolean().optional(),
  /** The revision the planner saw; a stale one is refused (409). */
  revision: z.number().int().min(0).optional(),
});
export type PublishBody = z.infer<typeof PublishBody>;

/** Body of `POST /api/roster/versions/{id}/copy`: empty (the copy takes everything from the version). */
export const CopyBody = z.strictObject({});

/** Path parameter `{id}`: decimal digits only (not `1e3`, `0x10` or ` 1`). */
export const VersionParams = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,9}$/, 'expected a version id (a positive integer)').transform(Number).pipe(versionId) });
/** Path parameter `{jobId}`. */
export const JobParams = z.strictObject({ jobId: z.string().min(1).max(200) });

/** The states of a version. */
export const VersionStatus = z.enum(['draft', 'published', 'superseded']);

/** Query of `GET /api/roster/versions`: filters and the most to list (default 50). */
export const ListQuery = z.strictObject({
  startDate: day.optional(),
  status: VersionStatus.optional(),
  limit: queryInt(1, 500).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

// ---- answers and stored shapes ----

/** The states of a planning job (BullMQ's, `unknown` for a job the queue no longer knows). */
export const JobState = z.enum(['waiting', 'waiting-children', 'delayed', 'prioritized', 'active', 'completed', 'failed', 'unknown']);

/** Answer of `POST /api/roster/plans` (202): the job, and its state (the same request again answers the same job). */
export const PlanStarted = z.strictObject({ jobId: z.string(), state: JobState });
export type PlanStarted = z.infer<typeof PlanStarted>;

/** Progress of a solve: phase, seconds elapsed, best objective and breaches so far, bound, gap, fraction of the time limit. */
export const SolveProgress = z.strictObject({
  phase: z.enum(['greedy', 'bound', 'search', 'done']),
  elapsedSeconds: z.number(),
  incumbent: z.number().nullable(),
  breaches: z.number(),
  bound: z.number().nullable(),
  gap: z.number().nullable(),
  fraction: z.number(),
});

/**
 * Why the search of a planning job ended (libs/roster SolveStopReason): `time-limit` (no background phase), `gap` (the
 * gap to the bound is proven within the target), `stalled` (nothing better for the stall time), `budget` (the
 * background budget ran out), `stopped` (the planner stopped it), `exhausted` (the search outgrew the model or solved
 * it whole), `solver-error`.
 */
export const SolveStopReason = z.enum(['time-limit', 'gap', 'stalled', 'budget', 'stopped', 'exhausted', 'solver-error']);
export type SolveStopReason = z.infer<typeof SolveStopReason>;

/**
 * The background phase of a planning job (anytime solving, `improveSeconds` > 0), once its answer is stored: the best
 * version so far (the newest the job stored: each is better than the one before) with its objective (expected lost
 * calls + penalties), bound, gap (fraction), connect rate (fraction) and rules broken; how many versions the job
 * stored; seconds since the solve began when it was found; the budget and stall time (seconds); whether a stop was
 * asked; and, once `finished`, why the search ended.
 */
export const ImproveState = z.strictObject({
  status: z.enum(['improving', 'finished']),
  budgetSeconds: z.number().int(),
  stallSeconds: z.number().int(),
  versionId: z.number().int(),
  version: z.number().int(),
  versionsPublished: z.number().int().min(1),
  objective: z.number(),
  bound: z.number().nullable(),
  gap: z.number().nullable(),
  connectRate: z.number(),
  violations: z.number().int(),
  foundAtSeconds: z.number(),
  stopRequested: z.boolean(),
  stopReason: SolveStopReason.nullable(),
});
export type ImproveState = z.infer<typeof ImproveState>;

/** Progress of a planning job: the solve's, with the background phase once the answer is stored. */
export const PlanProgress = SolveProgress.extend({ improve: ImproveState.optional() });
export type PlanProgress = z.infer<typeof PlanProgress>;

/**
 * What a planning job returns: the draft's id, the solver's status (or the version's), its connect rate (fraction),
 * gap and rules broken; with a background phase, the draft is the best version and `improve` tells how it ended. While
 * the job is still improving, GET /api/roster/jobs/{jobId} answers the best version so far in the same shape.
 */
export const PlanJobResult = z.strictObject({
  versionId: z.number().int(),
  status: z.string(),
  connectRate: z.number(),
  gap: z.number().nullable(),
  violations: z.number().int(),
  improve: ImproveState.optional(),
});
export type PlanJobResult = z.infer<typeof PlanJobResult>;

/** Answer of `GET /api/roster/jobs/{jobId}`: state, progress, result (the draft's id), why it failed (`cancelled` for a cancelled job), when. */
export const RosterJob = z.strictObject({
  jobId: z.string(),
  state: JobState,
  progress: PlanProgress.nullable(),
  result: PlanJobResult.nullable(),
  failedReason: z.string().nullable(),
  createdAt: IsoInstant,
  finishedAt: IsoInstant.nullable(),
});
export type RosterJob = z.infer<typeof RosterJob>;

/** Answer of `DELETE /api/roster/jobs/{jobId}`. */
export const CancelledJob = z.strictObject({ jobId: z.string(), state: z.literal('cancelled') });
export type CancelledJob = z.infer<typeof CancelledJob>;

/** Body of `POST /api/roster/jobs/{jobId}/stop`: empty. */
export const StopBody = z.strictObject({});

/** Answer of `POST /api/roster/jobs/{jobId}/stop` (202): the search ends after its current sub-problem, keeping the best version. */
export const StoppingJob = z.strictObject({ jobId: z.string(), state: z.literal('stopping') });
export type StoppingJob = z.infer<typeof StoppingJob>;

/** The rule families a roster can break. */
export const RuleFamily = z.enum([
  'unknown-shift',
  'unavailable',
  'protected-night',
  'protected-overtime',
  'min-rest',
  'rest-day-in-seven',
  'max-consecutive-days',
  'max-consecutive-nights',
  'overtime-cap',
  'min-hours',
  'min-on-duty',
  'training',
  'fairness',
  'lock',
]);

/** A family of rules the solver had to break, its total slack and the breaches (agent, date, time, amount). */
export const ConflictFamily = z.strictObject({
  rule: RuleFamily,
  total: z.number(),
  breaches: z.array(z.strictObject({ agentId: z.string().optional(), date: z.string().optional(), time: z.string().optional(), amount: z.number() })),
});

/**
 * The headline figures of an evaluation (libs/roster RosterSummary), stored with a version (JSON column `summary`)
 * and shown in lists: connect rates (fractions), target, margin (calls), offered and answered calls, intervals at
 * risk, rules broken (count and per rule), hours and pay (decimal strings, yuan).
 */
export const RosterSummary = z.strictObject({
  connectRate: z.number(),
  contractConnectRate: z.number(),
  target: z.number(),
  meetsTarget: z.boolean(),
  marginCalls: z.number(),
  offered: z.number(),
  answered: z.number(),
  intervalsAtRisk: z.number().int(),
  violations: z.number().int(),
  violationsByRule: z.record(z.string(), z.number().int()),
  hours: z.number(),
  overtimeHours: z.number(),
  holidayHours: z.number(),
  overtimePay: z.string(),
  holidayPay: z.string(),
});
export type RosterSummary = z.infer<typeof RosterSummary>;

/**
 * The solver's report of a planned version (JSON column `solve`): status, objective and bound (expected lost calls
 * + penalties), gap, times (ms), model size, sub-MIPs solved and improving, the rule families broken, the greedy
 * start's objective, HiGHS traps survived and a solver error, if any.
 */
export const SolveSummary = z.strictObject({
  status: z.enum(['optimal', 'feasible', 'infeasible', 'rules-broken']),
  objective: z.number(),
  bound: z.number().nullable(),
  gap: z.number().nullable(),
  timeMs: z.strictObject({ greedy: z.number(), bound: z.number(), search: z.number(), total: z.number() }),
  model: z.strictObject({ columns: z.number().int(), binaries: z.number().int(), integers: z.number().int(), rows: z.number().int(), nonzeros: z.number().int() }),
  subproblems: z.number().int(),
  improvements: z.number().int(),
  conflicts: z.array(ConflictFamily),
  greedyObjective: z.number(),
  solverTraps: z.number().int(),
  solverError: z.string().optional(),
  /** Why the search ended (`time-limit` on the answer of a job that went on improving; absent on versions planned before anytime solving). */
  stopReason: SolveStopReason.optional(),
  /** True for a version the job's background phase found. */
  background: z.boolean().optional(),
});
export type SolveSummary = z.infer<typeof SolveSummary>;

/** How a version came to be. */
export const VersionSource = z.enum(['plan', 'edit', 'import', 'copy']);

/** Answer of `GET /api/roster/versions`: one version without its cells and problem. Instants ISO. */
export const VersionListItem = z.strictObject({
  id: z.number().int(),
  rosterId: z.number().int(),
  name: z.string(),
  startDate: z.string(),
  days: z.number().int(),
  version: z.number().int(),
  status: VersionStatus,
  source: VersionSource,
  basedOnId: z.number().int().nullable(),
  jobId: z.string().nullable(),
  revision: z.number().int(),
  summary: RosterSummary,
  solve: SolveSummary.nullable(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  publishedAt: IsoInstant.nullable(),
});
export type VersionListItem = z.infer<typeof VersionListItem>;

/** A version with its cells (`roster`), the problem it is evaluated against, and whether its fairness ledger is stored (published). */
export const VersionDetail = VersionListItem.extend({ roster: RosterBody, problem: ProblemBody, hasLedger: z.boolean() });
export type VersionDetail = z.infer<typeof VersionDetail>;

/** One broken rule, with the agent, date and time it concerns where it has them, and by how much (in the rule's unit). */
export const Violation = z.strictObject({ rule: RuleFamily, agentId: z.string().optional(), date: z.string().optional(), time: z.string().optional(), amount: z.number().optional(), message: z.string() });

/** One interval of an evaluation: offered and IVR calls, people on duty, productive seats, required, expected answered/abandoned, connect rate, occupancy, at risk. */
export const IntervalEvaluation = z.strictObject({
  index: z.number().int(),
  date: z.string(),
  time: z.string(),
  offered: z.number(),
  ivrAnswered: z.number(),
  onDuty: z.number(),
  productive: z.number(),
  required: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  connectRate: z.number(),
  occupancy: z.number(),
  atRisk: z.boolean(),
});

/** Totals of a day or the period: offered, answered, abandoned, IVR-answered, the agent queue's and the contract's connect rates. */
export const PeriodTotals = z.strictObject({ offered: z.number(), answered: z.number(), abandoned: z.number(), ivrAnswered: z.number(), connectRate: z.number(), contractConnectRate: z.number() });

const fairnessCounts = z.strictObject({ nights: z.number(), weekends: z.number(), holidays: z.number() });

/** Answer of `GET /api/roster/versions/{id}/evaluation` and `POST /api/roster/evaluate` (libs/roster RosterEvaluation). */
export const RosterEvaluation = z.strictObject({
  intervals: z.array(IntervalEvaluation),
  days: z.array(PeriodTotals.extend({ date: z.string(), holiday: z.string().nullable() })),
  total: PeriodTotals,
  target: z.number(),
  meetsTarget: z.boolean(),
  marginCalls: z.number(),
  atRisk: z.array(IntervalEvaluation),
  violations: z.array(Violation),
  agents: z.array(
    z.strictObject({
      agentId: z.string(),
      name: z.string(),
      shifts: z.number().int(),
      hours: z.number(),
      standardHours: z.number(),
      overtimeHours: z.number(),
      holidayHours: z.number(),
      nights: z.number().int(),
      weekends: z.number().int(),
      holidays: z.number().int(),
      restDays: z.number().int(),
      overtimePay: z.string(),
      holidayPay: z.string(),
    }),
  ),
  costs: z.strictObject({ overtimeHours: z.number(), holidayHours: z.number(), overtimePay: z.string(), holidayPay: z.string() }),
  fairness: z.array(z.strictObject({ agentId: z.string(), name: z.string(), counts: fairnessCounts, fairShare: fairnessCounts, balanceBefore: fairnessCounts, balanceAfter: fairnessCounts })),
  ledger: LedgerBody,
});
export type RosterEvaluation = z.infer<typeof RosterEvaluation>;

// drift checks (see check.ts)
type _ProblemIn = Assert<LibRosterProblem, z.input<typeof ProblemBody>>;
type _ProblemOut = Assert<z.output<typeof ProblemBody>, LibRosterProblem>;
type _RosterIn = Assert<LibRoster, z.input<typeof RosterBody>>;
type _RosterOut = Assert<z.output<typeof RosterBody>, LibRoster>;
type _LedgerIn = Assert<LibFairnessLedger, z.input<typeof LedgerBody>>;
type _LedgerOut = Assert<z.output<typeof LedgerBody>, LibFairnessLedger>;
type _ProgressIn = Assert<LibSolveProgress, z.input<typeof SolveProgress>>;
type _ProgressOut = Assert<z.output<typeof SolveProgress>, LibSolveProgress>;
type _StopReasonIn = Assert<LibSolveStopReason, z.input<typeof SolveStopReason>>;
type _StopReasonOut = Assert<z.output<typeof SolveStopReason>, LibSolveStopReason>;
type _ConflictIn = Assert<LibConflictFamily, z.input<typeof ConflictFamily>>;
type _ConflictOut = Assert<z.output<typeof ConflictFamily>, LibConflictFamily>;
type _SummaryIn = Assert<LibRosterSummary, z.input<typeof RosterSummary>>;
type _SummaryOut = Assert<z.output<typeof RosterSummary>, LibRosterSummary>;
type _ViolationIn = Assert<LibViolation, z.input<typeof Violation>>;
type _ViolationOut = Assert<z.output<typeof Violation>, LibViolation>;
type _FairnessIn = Assert<LibFairnessRow, z.input<typeof RosterEvaluation>['fairness'][number]>;
type _EvaluationIn = Assert<LibRosterEvaluation, z.input<typeof RosterEvaluation>>;
type _EvaluationOut = Assert<z.output<typeof RosterEvaluation>, LibRosterEvaluation>;
