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
  /**
   * The IVR menu choice that routed the request (`call.offered.ivrChoice`, e.g. `2-1`): evidence of its business type
   * (business-type.ts). Absent on a record read back from a ledger row that does not keep it.
   */
  ivrChoice?: string | null;
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
  /**
   * The conversation agent by agent, in order of start (see {@link AgentLeg}): one leg for a call one agent
   * handled, one per agent for a transferred call. `agentId`, `answeredAt` and `waitSeconds` above stay those of
   * the request's answer (the first agent); `talkSeconds` and `wrapSeconds` are the sums over the legs, and
   * `endedAt` is the last leg's end (null while an agent who picked up after the last end is still talking).
   * Absent on a record read back from a ledger row that does not keep legs: the record's own agent, answer, end
   * and talk then stand for one leg ({@link legsOf}).
   */
  legs?: AgentLeg[];
}

/**
 * One agent's part of a call: from the agent's answer to the end of the agent's conversation (the caller's or
 * the agent's hang-up, or the agent's transfer). Instants epoch ms; durations seconds. Every field is a minimum,
 * maximum or sum over the agent's events, so any arrival order gives the same leg.
 */
export interface AgentLeg {
  /** Null when the source does not name the agent (the bank's NO_SERVER). */
  agentId: string | null;
  /** The agent's first reported answer (CONNECT); null when only the end was seen. */
  answeredAt: number | null;
  /** The wait that first reported answer gave. */
  waitSeconds: number | null;
  /** The earliest answer implied by the agent's end events (end minus talk); null before any end. */
  impliedAnswerAt: number | null;
  /** The wait the end event of that implied answer repeated (COMPLETE* holdtime), when it did. */
  impliedWaitSeconds: number | null;
  /** The agent's last end of conversation; null while the agent talks. */
  endedAt: number | null;
  /** Talk reported by the agent's end events (COMPLETE*, *TRANSFER calltime), summed; null before any. */
  talkSeconds: number | null;
  /** After-call work reported with the agent's end, when the source gives it. */
  wrapSeconds: number | null;
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
const addOrNull = (a: number | null, b: number | null | undefined): number | null => (b === null || b === undefined ? a : (a ?? 0) + b);

/**
 * How far (ms) an answer reported by one agent's CONNECT may lie after the answer implied by another agent's end
 * event (end minus talk) and still be the request's answer: epochs and durations come from separate clock reads.
 * Later than that, the implied answer is the request's (the first agent's CONNECT is missing; the reported one is
 * a transfer target's). For one agent, the reported answer always wins (sources whose talk does not match their
 * times, such as the bank's, keep their reported answer).
 */
export const ANSWER_TOLERANCE_MS = 2000;

/**
 * The legs of a call: its own, or, for a record without them (read back from a ledger row that does not keep
 * legs), one leg made of the record's agent, answer, end, talk and wrap (none for a call nobody answered).
 */
export function legsOf(call: CallRecord): AgentLeg[] {
  if (call.legs) return call.legs;
  if (call.answeredAt === null) return [];
  const inferred = call.answerInferred;
  return [{
    agentId: call.agentId,
    answeredAt: inferred ? null : call.answeredAt, waitSeconds: inferred ? null : call.waitSeconds,
    impliedAnswerAt: inferred ? call.answeredAt : null, impliedWaitSeconds: inferred ? call.waitSeconds : null,
    endedAt: call.endedAt, talkSeconds: call.talkSeconds, wrapSeconds: call.wrapSeconds,
  }];
}

const LEG_FIELDS = ['answeredAt', 'waitSeconds', 'impliedAnswerAt', 'impliedWaitSeconds', 'endedAt', 'talkSeconds', 'wrapSeconds'] as const;

/**
 * Reads legs stored as JSON (e.g. a `legs` column of the ledger's Call table), checking their shape.
 * @returns the legs; undefined for null or undefined (a row written before legs were kept: {@link legsOf} then
 *   stands the record's own agent, answer, end and talk for one leg).
 * @throws Error naming the first leg and field that is not as {@link AgentLeg} says.
 */
export function legsFromJson(value: unknown): AgentLeg[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Error('legs: expected an array');
  return value.map((item: unknown, i): AgentLeg => {
    if (typeof item !== 'object' || item === null) throw new Error(`legs[${i}]: expected an object`);
    const o = item as Record<string, unknown>;
    if (o.agentId !== null && typeof o.agentId !== 'string') throw new Error(`legs[${i}].agentId: expected a string or null`);
    const leg: AgentLeg = { agentId: o.agentId, answeredAt: null, waitSeconds: null, impliedAnswerAt: null, impliedWaitSeconds: null, endedAt: null, talkSeconds: null, wrapSeconds: null };
    for (const f of LEG_FIELDS) {
      const v = o[f];
      if (v !== null && v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) throw new Error(`legs[${i}].${f}: expected a number or null`);
      leg[f] = typeof v === 'number' ? v : null;
    }
    return leg;
  });
}

/** Start of a leg: its reported answer, else the answer its end implies. */
export function legStart(leg: AgentLeg): number | null {
  return leg.answeredAt ?? leg.impliedAnswerAt;
}

function legFor(legs: AgentLeg[], agentId: string | null): AgentLeg {
  let leg = legs.find((l) => l.agentId === agentId);
  if (!leg) {
    leg = { agentId, answeredAt: null, waitSeconds: null, impliedAnswerAt: null, impliedWaitSeconds: null, endedAt: null, talkSeconds: null, wrapSeconds: null };
    legs.push(leg);
  }
  return leg;
}

/** Puts legs in a canonical order (start, then agent id), so that any arrival order of events gives the same record. */
function orderLegs(legs: AgentLeg[]): AgentLeg[] {
  const key = (l: AgentLeg) => legStart(l) ?? Infinity;
  return legs.sort((a, b) => key(a) - key(b) || (a.agentId ?? '').localeCompare(b.agentId ?? ''));
}

/**
 * The call's answer, end, talk and wrap from its (ordered) legs:
 * - answer: the earliest leg start, a reported answer beating another leg's implied one within the tolerance;
 *   its agent and wait are the request's;
 * - talk and wrap: sums over the legs; end: the last leg end, none while an agent who answered at or after it
 *   still talks (the target of a transfer).
 */
function deriveFromLegs(c: CallRecord, legs: readonly AgentLeg[]): void {
  let answer: { at: number; inferred: boolean; wait: number | null; agentId: string | null } | null = null;
  let lastEnd: number | null = null;
  let talk: number | null = null;
  let wrap: number | null = null;
  for (const l of legs) {
    const candidate = l.answeredAt !== null
      ? { at: l.answeredAt, inferred: false, wait: l.waitSeconds, agentId: l.agentId }
      : l.impliedAnswerAt !== null ? { at: l.impliedAnswerAt, inferred: true, wait: l.impliedWaitSeconds, agentId: l.agentId } : null;
    if (candidate && (!answer || earlier(candidate, answer))) answer = candidate;
    if (l.endedAt !== null) lastEnd = Math.max(lastEnd ?? l.endedAt, l.endedAt);
    talk = addOrNull(talk, l.talkSeconds);
    wrap = addOrNull(wrap, l.wrapSeconds);
  }
  if (answer) {
    c.answeredAt = answer.at;
    c.answerInferred = answer.inferred;
    c.waitSeconds = answer.wait;
    c.agentId = answer.agentId;
  }
  const talking = lastEnd !== null && legs.some((l) => l.endedAt === null && l.answeredAt !== null && l.answeredAt >= lastEnd);
  c.endedAt = talking ? null : lastEnd;
  c.talkSeconds = talk;
  c.wrapSeconds = wrap;
}

/** Whether answer `a` comes before answer `b` (reported over implied within {@link ANSWER_TOLERANCE_MS}). */
function earlier(a: { at: number; inferred: boolean }, b: { at: number; inferred: boolean }): boolean {
  if (a.inferred === b.inferred) return a.at < b.at;
  return a.inferred ? a.at < b.at - ANSWER_TOLERANCE_MS : a.at <= b.at + ANSWER_TOLERANCE_MS;
}

function emptyRecord(event: CallScopedEvent, ts: number): CallRecord {
  return {
    callId: event.callId, source: event.source, offeredAt: ts, startInferred: true,
    callerId: null, did: null, category: null, ivrChoice: null, priority: null, queue: null, queuedAt: null,
    ivrCompletedAt: null, ivrSeconds: null, answeredAt: null, answerInferred: false, agentId: null, waitSeconds: null,
    abandonedAt: null, abandonWhere: null, abandonReason: null, endedAt: null, talkSeconds: null, wrapSeconds: null,
    transferred: false, survey: null, lastEventAt: ts, legs: [],
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
  const legs = (call ? legsOf(call) : []).map((l) => ({ ...l }));
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
      c.ivrChoice = c.ivrChoice ?? event.ivrChoice ?? null;
      c.priority ??= event.priority ?? null;
      break;
    case 'ivr.completed':
      c.ivrCompletedAt = minOf(c.ivrCompletedAt, ts);
      c.ivrSeconds = event.ivrSeconds;
      break;
    case 'queue.entered':
      // The queue of the first entry (a transferred caller enters others later).
      if (c.queuedAt === null || ts < c.queuedAt) c.queue = event.queue;
      c.queuedAt = minOf(c.queuedAt, ts);
      break;
    case 'agent.offered':
    case 'survey.answered':
      if (event.type === 'survey.answered') c.survey = event.rating;
      break;
    case 'agent.answered': {
      if (c.queuedAt === null) c.queue ??= event.queue ?? null;
      const leg = legFor(legs, event.agentId);
      if (leg.answeredAt === null || ts < leg.answeredAt) {
        leg.answeredAt = ts;
        leg.waitSeconds = event.waitSeconds;
      }
      break;
    }
    case 'call.abandoned':
      c.abandonedAt = minOf(c.abandonedAt, ts);
      c.abandonWhere = event.where;
      c.abandonReason = event.reason;
      if (c.answeredAt === null) c.waitSeconds = event.waitSeconds ?? (c.queuedAt !== null ? Math.max(0, (ts - c.queuedAt) / 1000) : null);
      if (c.queuedAt === null) c.queue ??= event.queue ?? null;
      break;
    case 'call.ended':
    case 'call.transferred': {
      // An end of conversation implies the answer (end minus talk): the request's answer when the CONNECT is missing.
      const talk = event.talkSeconds ?? null;
      const implied = talk !== null ? ts - talk * 1000 : ts;
      const leg = legFor(legs, event.agentId);
      if (leg.impliedAnswerAt === null || implied < leg.impliedAnswerAt) {
        leg.impliedAnswerAt = implied;
        leg.impliedWaitSeconds = event.waitSeconds ?? null;
      }
      leg.endedAt = Math.max(leg.endedAt ?? ts, ts);
      leg.talkSeconds = addOrNull(leg.talkSeconds, talk);
      if (event.type === 'call.ended') leg.wrapSeconds = addOrNull(leg.wrapSeconds, event.wrapSeconds);
      else c.transferred = true;
      break;
    }
  }
  c.legs = orderLegs(legs);
  if (event.type === 'agent.answered' || event.type === 'call.ended' || event.type === 'call.transferred') deriveFromLegs(c, c.legs);
  return c;
}
