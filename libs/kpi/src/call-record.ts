/**
 * The ledger's view of one call (one request to the hotline) and the pure reducer that folds canonical events
 * into it. The reducer is order-independent: events of a call may arrive late, twice (the ledger filters exact
 * repeats by event id) or out of order, and the record converges to the same state.
 */
import type { CallEvent, LossReason } from '@hotline/events';

/** How a request ended, for the connect rate (接通率). `pending`: still in IVR, queue or unknown. */
export type CallOutcome = 'answered' | 'ivr' | 'abandoned' | 'pending';

/**
 * One call. Instants are epoch milliseconds (UTC); durations seconds.
 * `startInferred` is true while no `call.offered` was seen (e.g. a log excerpt that begins mid-call): the
 * arrival is then inferred from the wait and talk times of later events.
 */
export interface CallRecord {
  callId: string;
  source: string;
  offeredAt: number;
  startInferred: boolean;
  callerId: string | null;
  did: string | null;
  category: string | null;
  priority: number | null;
  queue: string | null;
  queuedAt: number | null;
  ivrCompletedAt: number | null;
  ivrSeconds: number | null;
  answeredAt: number | null;
  /** True while the answer time is inferred from an end event (the CONNECT line is missing). */
  answerInferred: boolean;
  agentId: string | null;
  waitSeconds: number | null;
  abandonedAt: number | null;
  abandonWhere: 'ivr' | 'queue' | null;
  abandonReason: LossReason | null;
  endedAt: number | null;
  talkSeconds: number | null;
  wrapSeconds: number | null;
  transferred: boolean;
  survey: 'very-satisfied' | 'basically-satisfied' | 'dissatisfied' | null;
  lastEventAt: number;
}

/** Events that concern a call (all but agent.state). */
export type CallScopedEvent = Exclude<CallEvent, { type: 'agent.state' }>;

/** True when the event belongs to a call record. */
export function isCallScoped(event: CallEvent): event is CallScopedEvent {
  return event.type !== 'agent.state';
}

/** Outcome of a call: an agent answer wins, then a loss, then a self-service completion. */
export function outcomeOf(call: CallRecord): CallOutcome {
  if (call.answeredAt !== null) return 'answered';
  if (call.abandonedAt !== null) return 'abandoned';
  if (call.ivrCompletedAt !== null) return 'ivr';
  return 'pending';
}

const minOf = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));
const secondsMs = (s: number | undefined): number => (s ?? 0) * 1000;

function emptyRecord(event: CallScopedEvent, ts: number): CallRecord {
  return {
    callId: event.callId, source: event.source, offeredAt: ts, startInferred: true,
    callerId: null, did: null, category: null, priority: null, queue: null, queuedAt: null,
    ivrCompletedAt: null, ivrSeconds: null, answeredAt: null, answerInferred: false, agentId: null, waitSeconds: null,
    abandonedAt: null, abandonWhere: null, abandonReason: null, endedAt: null, talkSeconds: null, wrapSeconds: null,
    transferred: false, survey: null, lastEventAt: ts,
  };
}

/** Arrival implied by an event that is not `call.offered`: its time minus the talk and wait it reports. */
function impliedArrival(event: CallScopedEvent, ts: number): number {
  switch (event.type) {
    case 'agent.answered':
      return ts - secondsMs(event.waitSeconds);
    case 'call.ended':
    case 'call.transferred':
      return ts - secondsMs(event.talkSeconds) - secondsMs(event.waitSeconds);
    case 'call.abandoned':
      return ts - secondsMs(event.waitSeconds);
    case 'ivr.completed':
      return ts - secondsMs(event.ivrSeconds);
    case 'call.offered':
    case 'queue.entered':
    case 'agent.offered':
    case 'survey.answered':
      return ts;
  }
}

/**
 * Folds one call-scoped event into the call's record (a new record when `call` is undefined).
 * Pure: returns a new object and never mutates its input.
 * @throws Error when the event belongs to another call.
 */
export function applyEvent(call: CallRecord | undefined, event: CallScopedEvent): CallRecord {
  const ts = Date.parse(event.ts);
  if (call && call.callId !== event.callId) throw new Error(`event ${event.eventId} is for call ${event.callId}, not ${call.callId}`);
  const c: CallRecord = call ? { ...call } : emptyRecord(event, ts);
  c.lastEventAt = Math.max(c.lastEventAt, ts);
  if (event.type === 'call.offered') {
    c.offeredAt = c.startInferred ? ts : Math.min(c.offeredAt, ts);
    c.startInferred = false;
  } else if (c.startInferred) {
    c.offeredAt = Math.min(call ? c.offeredAt : Infinity, impliedArrival(event, ts));
  }
  switch (event.type) {
    case 'call.offered':
      c.callerId ??= event.callerId ?? null;
      c.did ??= event.did ?? null;
      c.category ??= event.category ?? null;
      c.priority ??= event.priority ?? null;
      break;
    case 'ivr.completed':
      c.ivrCompletedAt = minOf(c.ivrCompletedAt, ts);
      c.ivrSeconds = event.ivrSeconds;
      break;
    case 'queue.entered':
      c.queuedAt = minOf(c.queuedAt, ts);
      c.queue ??= event.queue;
      break;
    case 'agent.offered':
    case 'survey.answered':
      if (event.type === 'survey.answered') c.survey = event.rating;
      break;
    case 'agent.answered':
      // The reported answer beats one inferred from an end event; of two reported answers, the first counts.
      if (c.answeredAt === null || c.answerInferred || ts < c.answeredAt) {
        c.answeredAt = ts;
        c.answerInferred = false;
        c.waitSeconds = event.waitSeconds;
        c.agentId = event.agentId ?? c.agentId;
      }
      c.queue ??= event.queue ?? null;
      break;
    case 'call.abandoned':
      c.abandonedAt = minOf(c.abandonedAt, ts);
      c.abandonWhere = event.where;
      c.abandonReason = event.reason;
      if (c.answeredAt === null) c.waitSeconds = event.waitSeconds ?? (c.queuedAt !== null ? Math.max(0, (ts - c.queuedAt) / 1000) : null);
      c.queue ??= event.queue ?? null;
      break;
    case 'call.ended':
    case 'call.transferred': {
      // An end of conversation implies the answer; infer it when the CONNECT is missing from the log.
      const talk = event.talkSeconds ?? null;
      const answered = talk !== null ? ts - talk * 1000 : ts;
      if (c.answeredAt === null || (c.answerInferred && answered < c.answeredAt)) {
        c.answeredAt = answered;
        c.answerInferred = true;
        c.waitSeconds = event.waitSeconds ?? null;
      }
      c.agentId ??= event.agentId;
      c.endedAt = Math.max(c.endedAt ?? ts, ts);
      c.talkSeconds = talk ?? c.talkSeconds;
      if (event.type === 'call.ended') c.wrapSeconds = event.wrapSeconds ?? c.wrapSeconds;
      else c.transferred = true;
      break;
    }
  }
  return c;
}
