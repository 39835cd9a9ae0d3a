/**
 * The canonical call events. Every source (an Asterisk queue_log, a per-call CSV, a platform push) is turned
 * into this one vocabulary before it reaches the Redis stream `hotline:events`; the ledger, the live KPI engine
 * and the offline `hotline kpi` all read only these.
 *
 * Common fields: `eventId` (unique and deterministic: the same source fact always gives the same id, so
 * replaying a file twice changes nothing), `callId` (null for agent events not tied to a call), `ts` (UTC
 * instant, ISO 8601 with `Z`), `source` (where it came from, e.g. `queue_log`, `bank`).
 * Durations are seconds (fractions allowed).
 */
import { z } from 'zod';

const seconds = z.number().finite().nonnegative();
const agentId = z.string().min(1).max(200);

const base = {
  eventId: z.string().min(1).max(300),
  callId: z.string().min(1).max(200),
  ts: z.iso.datetime({ offset: false }),
  source: z.string().min(1).max(100),
};

/** Why a request was lost without reaching an agent. `hangup`: the caller's own choice. */
export const LOSS_REASONS = ['hangup', 'timeout', 'no-agents', 'key-exit', 'withdrawn', 'queue-full', 'queue-closed', 'join-empty', 'diverted', 'dropped'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** States an agent can be in, as shown on the floor. */
export const AGENT_STATES = ['login', 'ready', 'busy', 'wrap', 'paused', 'logout'] as const;
export type AgentStateName = (typeof AGENT_STATES)[number];

export const CallOffered = z.object({
  ...base,
  type: z.literal('call.offered'),
  /** Caller number (anonymised upstream), when known. */
  callerId: z.string().max(100).optional(),
  /** Dialled number / service line, when known. */
  did: z.string().max(100).optional(),
  /** Business category (业务类型), e.g. driving licence, motor vehicle. */
  category: z.string().max(100).optional(),
  /**
   * The IVR menu choice that routed the request: the keys pressed, level by level, joined by `-` (e.g. `2` or `2-1`).
   * Optional evidence of the business type when `category` is absent (libs/kpi business-type.ts). queue_log: the
   * custom `IVR` line; a push or an import may set it on the call's `call.offered`.
   */
  ivrChoice: z.string().max(100).optional(),
  priority: z.number().int().optional(),
});

export const IvrCompleted = z.object({
  ...base,
  type: z.literal('ivr.completed'),
  /** Seconds spent in self-service before hanging up (0 when unknown). */
  ivrSeconds: seconds,
});

export const QueueEntered = z.object({
  ...base,
  type: z.literal('queue.entered'),
  queue: z.string().min(1).max(200),
  position: z.number().int().positive().optional(),
});

export const AgentOffered = z.object({
  ...base,
  type: z.literal('agent.offered'),
  agentId,
  /** What became of the ring: not answered in time, cancelled by the caller's hang-up, or answered then dropped before the bridge. */
  result: z.enum(['no-answer', 'canceled', 'dumped']),
  ringSeconds: seconds.optional(),
});

export const AgentAnswered = z.object({
  ...base,
  type: z.literal('agent.answered'),
  /** Null when the source does not say who answered (the bank's NO_SERVER). */
  agentId: agentId.nullable(),
  /** Wait in queue before the answer, seconds. */
  waitSeconds: seconds,
  ringSeconds: seconds.optional(),
  queue: z.string().max(200).optional(),
});

export const CallAbandoned = z.object({
  ...base,
  type: z.literal('call.abandoned'),
  /** Lost in IVR self-service after asking for an agent, or in the agent queue. */
  where: z.enum(['ivr', 'queue']),
  reason: z.enum(LOSS_REASONS),
  /** Seconds since the call entered the queue (IVR: since the request); absent when the source omits it. */
  waitSeconds: seconds.optional(),
  queue: z.string().max(200).optional(),
});

export const CallEnded = z.object({
  ...base,
  type: z.literal('call.ended'),
  agentId: agentId.nullable(),
  /** Conversation time, seconds. */
  talkSeconds: seconds,
  /** After-call work, seconds, when the source reports it. */
  wrapSeconds: seconds.optional(),
  /** Wait before the answer, when the source repeats it here (queue_log COMPLETE* holdtime). */
  waitSeconds: seconds.optional(),
  endedBy: z.enum(['caller', 'agent', 'unknown']),
});

export const CallTransferred = z.object({
  ...base,
  type: z.literal('call.transferred'),
  agentId: agentId.nullable(),
  kind: z.enum(['blind', 'attended', 'unknown']),
  target: z.string().max(300).optional(),
  talkSeconds: seconds.optional(),
  waitSeconds: seconds.optional(),
});

export const SurveyAnswered = z.object({
  ...base,
  type: z.literal('survey.answered'),
  /** Hang-up satisfaction survey (挂机满意度). */
  rating: z.enum(['very-satisfied', 'basically-satisfied', 'dissatisfied']),
});

export const AgentState = z.object({
  ...base,
  callId: z.string().min(1).max(200).nullable(),
  type: z.literal('agent.state'),
  agentId,
  state: z.enum(AGENT_STATES),
  reason: z.string().max(200).optional(),
  queue: z.string().max(200).optional(),
});

/** Any canonical event; `type` discriminates. */
export const CallEventSchema = z.discriminatedUnion('type', [
  CallOffered,
  IvrCompleted,
  QueueEntered,
  AgentOffered,
  AgentAnswered,
  CallAbandoned,
  CallEnded,
  CallTransferred,
  SurveyAnswered,
  AgentState,
]);

export type CallEvent = z.infer<typeof CallEventSchema>;
export type CallEventType = CallEvent['type'];
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;

/**
 * Something that could not be turned into canonical events, kept with its reason instead of being dropped.
 * `key` is deterministic (source, file, line, text), so a line re-read from the same file is stored once.
 */
export interface DeadLetter {
  key: string;
  source: string;
  /** File the line came from, when it came from a file. */
  file?: string;
  /** 1-based line number in that file (for CSV: the physical line of the record's start). */
  line?: number;
  reason: string;
  raw: string;
}

export const DeadLetterSchema = z.object({
  key: z.string().min(1).max(400),
  source: z.string().min(1).max(100),
  file: z.string().max(1000).optional(),
  line: z.number().int().positive().optional(),
  reason: z.string().min(1).max(2000),
  raw: z.string().max(10_000),
});

/** What an adapter returns for one input: the events it yields and what it could not understand. */
export interface AdapterResult {
  events: CallEvent[];
  deadLetters: DeadLetter[];
  /** Lines deliberately skipped, by kind (blank, system noise, exact duplicates, ...), so nothing vanishes uncounted. */
  skipped: Record<string, number>;
}

/**
 * Parses one canonical event, e.g. a Redis stream entry's JSON.
 * @returns the event, or the validation problem as a readable sentence naming the fields.
 */
export function parseCallEvent(input: unknown): { ok: true; event: CallEvent } | { ok: false; reason: string } {
  const result = CallEventSchema.safeParse(input);
  if (result.success) return { ok: true, event: result.data };
  const reason = result.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
  return { ok: false, reason };
}

/** Orders events by time, keeping the source order for equal times (several events of a call share a second). */
export function sortByTime<T extends { ts: string }>(events: readonly T[]): T[] {
  return events
    .map((e, i) => ({ e, i, t: Date.parse(e.ts) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
}
