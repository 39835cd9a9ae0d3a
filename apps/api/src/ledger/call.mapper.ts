import type { AgentLeg, CallRecord } from '@hotline/kpi';
import { legsFromJson, outcomeOf } from '@hotline/kpi';
import type { Call, Prisma } from '../generated/prisma/client.js';

const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
const toMs = (d: Date | null): number | null => (d === null ? null : d.getTime());

/** One agent's leg as the `legs` JSON column keeps it (read back with libs/kpi legsFromJson). */
function legJson(l: AgentLeg): Prisma.InputJsonObject {
  return {
    agentId: l.agentId, answeredAt: l.answeredAt, waitSeconds: l.waitSeconds, impliedAnswerAt: l.impliedAnswerAt, impliedWaitSeconds: l.impliedWaitSeconds,
    endedAt: l.endedAt, talkSeconds: l.talkSeconds, wrapSeconds: l.wrapSeconds,
  };
}

/** Ledger row -> the KPI engine's call record. */
export function callFromRow(row: Call): CallRecord {
  return {
    callId: row.callId,
    source: row.source,
    offeredAt: row.offeredAt.getTime(),
    startInferred: row.startInferred,
    callerId: row.callerId,
    did: row.did,
    category: row.category,
    ivrChoice: row.ivrChoice,
    priority: row.priority,
    queue: row.queue,
    queuedAt: toMs(row.queuedAt),
    ivrCompletedAt: toMs(row.ivrCompletedAt),
    ivrSeconds: row.ivrSeconds,
    answeredAt: toMs(row.answeredAt),
    answerInferred: row.answerInferred,
    agentId: row.agentId,
    waitSeconds: row.waitSeconds,
    abandonedAt: toMs(row.abandonedAt),
    abandonWhere: row.abandonWhere as CallRecord['abandonWhere'],
    abandonReason: row.abandonReason as CallRecord['abandonReason'],
    endedAt: toMs(row.endedAt),
    talkSeconds: row.talkSeconds,
    wrapSeconds: row.wrapSeconds,
    transferred: row.transferred,
    ...(row.legs === null ? {} : { legs: legsFromJson(row.legs) }),
    survey: row.survey as CallRecord['survey'],
    lastEventAt: row.lastEventAt.getTime(),
  };
}

/** Call record -> ledger row data (the derived outcome stored alongside for queries). */
export function rowFromCall(c: CallRecord): Prisma.CallCreateInput {
  return {
    callId: c.callId,
    source: c.source,
    offeredAt: new Date(c.offeredAt),
    startInferred: c.startInferred,
    callerId: c.callerId,
    did: c.did,
    category: c.category,
    ivrChoice: c.ivrChoice ?? null,
    priority: c.priority,
    queue: c.queue,
    queuedAt: toDate(c.queuedAt),
    ivrCompletedAt: toDate(c.ivrCompletedAt),
    ivrSeconds: c.ivrSeconds,
    answeredAt: toDate(c.answeredAt),
    answerInferred: c.answerInferred,
    agentId: c.agentId,
    waitSeconds: c.waitSeconds,
    abandonedAt: toDate(c.abandonedAt),
    abandonWhere: c.abandonWhere,
    abandonReason: c.abandonReason,
    endedAt: toDate(c.endedAt),
    talkSeconds: c.talkSeconds,
    wrapSeconds: c.wrapSeconds,
    transferred: c.transferred,
    legs: c.legs?.map(legJson),
    survey: c.survey,
    outcome: outcomeOf(c),
    lastEventAt: new Date(c.lastEventAt),
  };
}
