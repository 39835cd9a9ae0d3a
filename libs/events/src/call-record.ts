/**
 * One call as a per-call record describes it (a bank row, a CDR/话单 row), turned into canonical events. Shared by
 * the per-call adapters (bank.ts, cdr.ts) so that the same facts give the same events whichever file they came from.
 *
 * Event ids are `<callId>:<stage>` with stage `offered`, `queued`, `lost`, `ivr`, `answered`, `ended`, `survey`:
 * deterministic, so a record read twice gives the same ids and the ledger keeps it once.
 */
import type { CallEvent } from './events';

/** Hang-up satisfaction levels of `survey.answered` (挂机满意度). */
export type SurveyRating = Extract<CallEvent, { type: 'survey.answered' }>['rating'];

/** How a per-call record's call ended. Times are epoch milliseconds (UTC instants), durations seconds. */
export type CallRecordOutcome =
  /** An agent answered at `at` (wait in queue `waitSeconds`), the conversation ended at `endedAt` after `talkSeconds`. */
  | { kind: 'answered'; at: number; agentId: string | null; waitSeconds: number; endedAt: number; talkSeconds: number; endedBy: 'caller' | 'agent' | 'unknown' }
  /** Lost before an agent: in the queue, or in the IVR after asking for an agent; `waitSeconds` absent when unknown. */
  | { kind: 'abandoned'; at: number; where: 'queue' | 'ivr'; waitSeconds?: number; queue?: string }
  /** Ended in self-service (IVR-answered) at `at` after `ivrSeconds`. */
  | { kind: 'ivr'; at: number; ivrSeconds: number };

/** One call of a per-call record, in canonical terms. */
export interface CallRecord {
  /** The call's id (already prefixed with its source, e.g. `bank:AA0101:34536`). */
  callId: string;
  source: string;
  /** Arrival (request) instant, epoch ms. */
  offeredAt: number;
  callerId?: string;
  /** Business type (业务类型) as the record gives it. */
  category?: string;
  priority?: number;
  /** Entry into the agent queue, when the call was queued. */
  queue?: { name: string; enteredAt: number };
  outcome: CallRecordOutcome;
  /** The hang-up survey's answer, when the record has one. */
  survey?: { at: number; rating: SurveyRating };
}

/**
 * The canonical events of one call record, in the call's order: call.offered, queue.entered (when queued), then
 * call.abandoned | ivr.completed | agent.answered + call.ended, then survey.answered (when answered).
 * @returns events with ids `<callId>:<stage>`; the caller checks times and durations (this function does not throw).
 */
export function callRecordEvents(record: CallRecord): CallEvent[] {
  const { callId, source } = record;
  const iso = (t: number) => new Date(t).toISOString();
  const ev = (stage: string) => ({ eventId: `${callId}:${stage}`, callId, source });
  const events: CallEvent[] = [{
    ...ev('offered'), ts: iso(record.offeredAt), type: 'call.offered',
    ...(record.priority !== undefined ? { priority: record.priority } : {}),
    category: record.category || undefined, callerId: record.callerId || undefined,
  }];
  if (record.queue) events.push({ ...ev('queued'), ts: iso(record.queue.enteredAt), type: 'queue.entered', queue: record.queue.name });
  const o = record.outcome;
  if (o.kind === 'abandoned') {
    events.push({ ...ev('lost'), ts: iso(o.at), type: 'call.abandoned', where: o.where, reason: 'hangup', waitSeconds: o.waitSeconds, queue: o.queue });
  } else if (o.kind === 'ivr') {
    events.push({ ...ev('ivr'), ts: iso(o.at), type: 'ivr.completed', ivrSeconds: o.ivrSeconds });
  } else {
    events.push({ ...ev('answered'), ts: iso(o.at), type: 'agent.answered', agentId: o.agentId, waitSeconds: o.waitSeconds });
    events.push({ ...ev('ended'), ts: iso(o.endedAt), type: 'call.ended', agentId: o.agentId, talkSeconds: o.talkSeconds, endedBy: o.endedBy });
  }
  if (record.survey) events.push({ ...ev('survey'), ts: iso(record.survey.at), type: 'survey.answered', rating: record.survey.rating });
  return events;
}
