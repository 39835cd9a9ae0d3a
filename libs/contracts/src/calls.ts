import { z } from 'zod';
import { CallEventSchema, eventTimeProblem, unstorableValue } from '@hotline/events';
import { IdParams, IsoInstant } from './common';
import { freeText } from './free-text';
import { queryDay, queryInt, queryOnce } from './query';

/**
 * Calls of the ledger as people see them (the caller masked, a short reference for repeat callers), unmasking a
 * caller's number (a reason, audited), and the dead-letter store (raw lines masked, file names without a path).
 */

/** A call id as the feed gives it (`1546015415.757927`, `bank:AA0101:34536`...). */
const CallId = z.string().min(1).max(200);

/** Query of the calls' pages: which day (default: today), the page size (1..1000, default 200), the page. */
const callsPageQuery = {
  /** The local day (YYYY-MM-DD, in the hotline's zone) the calls arrived on; default today. */
  date: queryOnce(queryDay).describe('Local day YYYY-MM-DD (Asia/Shanghai) the calls arrived on; default today.'),
  /** Calls per page, 1..1000 (default 200). */
  limit: queryInt(1, 1000).describe('Calls per page, 1..1000 (default 200).'),
  /** The `nextBefore` of the previous page: the calls after that one in the newest-first order. */
  before: queryOnce(CallId).describe("The previous page's `nextBefore` (a call id)."),
};

/** Query of `GET /api/calls`: one local day's calls, newest first, optionally of one agent. */
export const CallsQuery = z.strictObject({
  ...callsPageQuery,
  /** Only the calls this agent (the feed's agent id) answered. */
  agentId: queryOnce(z.string().min(1).max(100)).describe('Only the calls this agent answered.'),
});
export type CallsQuery = z.infer<typeof CallsQuery>;

/** Query of `GET /api/calls/mine`: as {@link CallsQuery}, the agent being the signed-in user's own. */
export const MyCallsQuery = z.strictObject(callsPageQuery);
export type MyCallsQuery = z.infer<typeof MyCallsQuery>;

/** How a request ended (the ledger's `Call.outcome`): agent-answered, IVR-answered, lost, still in progress. */
export const CALL_OUTCOMES = ['answered', 'ivr', 'abandoned', 'pending'] as const;

/**
 * One call as people see it. The caller's number never appears in clear: `caller` is its masked form
 * (`138****5678`), `callerRef` the first 12 hex digits of its keyed hash (HMAC-SHA-256), equal for every call of the
 * same caller, so repeat callers can be grouped without knowing the number.
 */
export const CallView = z.object({
  callId: z.string(),
  offeredAt: IsoInstant,
  outcome: z.enum(CALL_OUTCOMES),
  /** The agent who answered it (the feed's agent id), null when no agent did. */
  agentId: z.string().nullable(),
  /** Seconds in the queue before an agent answered; null when not answered by an agent. */
  waitSeconds: z.number().nullable(),
  /** Seconds of talk; null until the call ended (or when not answered). */
  talkSeconds: z.number().nullable(),
  /** Business category (业务类型) when the feed gives one. */
  category: z.string().nullable(),
  /** The caller's number masked (`138****5678`); null when the feed gave none. */
  caller: z.string().nullable().describe('The caller\'s number masked (`138****5678`); null when the feed gave none.'),
  /** First 12 hex digits of the caller's keyed hash: the same for every call of one caller; null without a caller. */
  callerRef: z.string().regex(/^[0-9a-f]{12}$/).nullable().describe('First 12 hex digits of the caller\'s keyed hash: equal for every call of one caller.'),
  /** Calls of the same caller in the 24 hours before this one (0 for a first call or without a caller). */
  repeatWithin24h: z.number().int().nonnegative().describe('Calls of the same caller in the 24 hours before this one.'),
});
export type CallView = z.infer<typeof CallView>;

/** A page of calls, newest first; `nextBefore` (a call id) asks for the next page, null on the last one. */
export const CallsPage = z.object({
  /** The local day of the page (YYYY-MM-DD). */
  date: z.string(),
  calls: z.array(CallView),
  nextBefore: z.string().nullable().describe('Pass as `before` for the next page; null on the last page.'),
});
export type CallsPage = z.infer<typeof CallsPage>;

/** Why a number is unmasked: 5..500 characters, kept in the audit trail. */
export const UnmaskBody = z.strictObject({
  reason: freeText(500, 5, 'give a reason of at least 5 characters').describe('Why the number is needed (kept in the audit trail).'),
});
export type UnmaskBody = z.infer<typeof UnmaskBody>;

/** Path of `POST /api/calls/{callId}/caller`. */
export const CallIdParams = z.strictObject({ callId: CallId });
export type CallIdParams = z.infer<typeof CallIdParams>;

/** A caller's number in full (`POST /api/calls/{callId}/caller`): only for `calls.unmask`, and audited. */
export const UnmaskedCaller = z.object({ callId: z.string(), caller: z.string() });
export type UnmaskedCaller = z.infer<typeof UnmaskedCaller>;

/**
 * Where a dead letter stands: `open` (waiting for repair), `requeued` (corrected events were added to the live
 * stream for it), `discarded` (dropped on purpose, with a reason).
 */
export const DEAD_LETTER_STATUSES = ['open', 'requeued', 'discarded'] as const;
export const DeadLetterStatus = z.enum(DEAD_LETTER_STATUSES);
export type DeadLetterStatus = z.infer<typeof DeadLetterStatus>;

/** Query of `GET /api/dead-letters`: how many, 1..1000 (default 100), newest first, optionally of one status. */
export const DeadLettersQuery = z.strictObject({
  limit: queryInt(1, 1000).describe('How many, 1..1000 (default 100).'),
  /** Only the dead letters in this status (`open`, `requeued`, `discarded`); all when absent. */
  status: queryOnce(DeadLetterStatus).describe('Only the dead letters in this status (open, requeued, discarded); all when absent.'),
});
export type DeadLettersQuery = z.infer<typeof DeadLettersQuery>;

/**
 * A line of input that could not be understood, as people see it: every run of 5+ digits in `raw` and `reason`
 * masked, `file` the file's base name (never a server path).
 */
export const DeadLetterView = z.object({
  id: z.number().int(),
  /** Where it came from: the adapter (`queue_log`, `bank`...) or `stream` for a bad stream entry. */
  source: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  reason: z.string(),
  raw: z.string().describe('The raw line, every run of 5 or more digits masked.'),
  /** True when the clear line is kept (encrypted) and `POST /api/dead-letters/{id}/raw` can show it. */
  repairable: z.boolean().describe('The clear line is kept encrypted: `POST /api/dead-letters/{id}/raw` shows it (calls.unmask).'),
  createdAt: IsoInstant,
  status: DeadLetterStatus,
  /** When it was re-queued or discarded; null while open. */
  resolvedAt: IsoInstant.nullable(),
  /** The login of who re-queued or discarded it; null while open. */
  resolvedBy: z.string().nullable(),
  /** Why it was re-queued or discarded (digit runs masked); null while open. */
  resolution: z.string().nullable().describe('Why it was re-queued or discarded, every run of 5 or more digits masked.'),
  /** The `eventId`s of the corrected events re-queued for it (empty unless `requeued`). */
  requeuedEventIds: z.array(z.string()),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

/** Path of `POST /api/dead-letters/{id}/raw`. */
export const DeadLetterIdParams = IdParams;

/** A dead letter's raw line in full, for repair (`POST /api/dead-letters/{id}/raw`): `calls.unmask`, audited. */
export const UnmaskedDeadLetter = z.object({ id: z.number().int(), raw: z.string() });
export type UnmaskedDeadLetter = z.infer<typeof UnmaskedDeadLetter>;

/** Why a dead letter is re-queued or discarded: 2..500 characters, kept (digit runs masked) with it and in the audit trail. */
const ResolutionReason = freeText(500, 2, 'give a reason of at least 2 characters').describe('Why (kept with the dead letter and in the audit trail, digit runs masked).');

/** Body of `POST /api/dead-letters/{id}/discard`: the reason. */
export const DiscardDeadLetterBody = z.strictObject({ reason: ResolutionReason });
export type DiscardDeadLetterBody = z.infer<typeof DiscardDeadLetterBody>;

/**
 * A corrected canonical event for re-queueing: the event schema of `@hotline/events`, plus what the feed consumer
 * would otherwise dead-letter again (strings with NUL or unpaired surrogates, numbers out of the ledger's ranges,
 * a `ts` before 1970 or more than 7 days ahead of the clock), each as an issue naming the field.
 */
export const RepairedEvent = CallEventSchema.superRefine((event, ctx) => {
  const late = eventTimeProblem(event.ts);
  if (late) ctx.addIssue({ code: 'custom', path: ['ts'], message: late });
  const bad = unstorableValue(event);
  if (bad) ctx.addIssue({ code: 'custom', path: bad.path, message: bad.message });
});

/**
 * Body of `POST /api/dead-letters/{id}/requeue`: the reason and the corrected canonical events (1..50, distinct
 * `eventId`s) that replace the dead letter; they are added to the live stream as the feed gives them.
 */
export const RequeueDeadLetterBody = z.strictObject({
  reason: ResolutionReason,
  events: z.array(RepairedEvent).min(1, 'give at least one corrected event').max(50).describe('The corrected canonical events (the schema of the feed), 1..50.'),
}).superRefine((body, ctx) => {
  const seen = new Set<string>();
  body.events.forEach((e, i) => {
    if (seen.has(e.eventId)) ctx.addIssue({ code: 'custom', path: ['events', i, 'eventId'], message: `eventId ${e.eventId} is given twice` });
    seen.add(e.eventId);
  });
});
export type RequeueDeadLetterBody = z.infer<typeof RequeueDeadLetterBody>;

/** Answer of `POST /api/dead-letters/{id}/requeue`: the dead letter (now `requeued`) and the stream entry ids added. */
export const RequeuedDeadLetter = z.object({
  deadLetter: DeadLetterView,
  /** The Redis stream entry ids of the events added to the live stream, in order. */
  streamIds: z.array(z.string()),
});
export type RequeuedDeadLetter = z.infer<typeof RequeuedDeadLetter>;
