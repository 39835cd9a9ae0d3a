/**
 * The ledger's outbox of committed changes (table `LedgerChange`, JSON column `payload`): what every API node's
 * follower reads and applies to its live KPI engine (apps/api/src/live/ledger-follower.ts). One row per changed
 * call (its record before and after the write), per reported agent state, or per register change that makes every
 * node reload (outages, the business-type tree).
 *
 * Caller privacy: a call record's `callerId` is only ever the caller's keyed hash (64 lower-case hex digits), and
 * an agent state's free-text `reason` is stored masked ({@link maskPhoneNumbers}): no caller number in clear can
 * be written to, or read from, this table.
 */
import { z } from 'zod';
import { AgentState, LOSS_REASONS, SurveyAnswered } from '@hotline/events';
import type { AgentLeg, CallRecord } from '@hotline/kpi';
import { maskPhoneNumbers } from './mask';

const ms = z.number().finite();
const seconds = z.number().finite();

/** A caller's keyed hash (HMAC-SHA-256, 64 lower-case hex digits): never a number in clear. */
export const CallerHash = z.string().regex(/^[0-9a-f]{64}$/, 'a caller is stored only as its keyed hash');

/** One agent's leg of a call (libs/kpi AgentLeg): instants epoch ms, durations seconds. */
export const LedgerAgentLeg = z.object({
  agentId: z.string().nullable(),
  answeredAt: ms.nullable(),
  waitSeconds: seconds.nullable(),
  impliedAnswerAt: ms.nullable(),
  impliedWaitSeconds: seconds.nullable(),
  endedAt: ms.nullable(),
  talkSeconds: seconds.nullable(),
  wrapSeconds: seconds.nullable(),
}) satisfies z.ZodType<AgentLeg>;

/** A call's record as the ledger folds it (libs/kpi CallRecord): instants epoch ms (UTC), durations seconds. */
export const LedgerCallRecord = z.object({
  callId: z.string().min(1),
  source: z.string(),
  offeredAt: ms,
  startInferred: z.boolean(),
  callerId: CallerHash.nullable(),
  did: z.string().nullable(),
  category: z.string().nullable(),
  ivrChoice: z.string().nullable().optional(),
  priority: z.number().nullable(),
  queue: z.string().nullable(),
  queuedAt: ms.nullable(),
  ivrCompletedAt: ms.nullable(),
  ivrSeconds: seconds.nullable(),
  answeredAt: ms.nullable(),
  answerInferred: z.boolean(),
  agentId: z.string().nullable(),
  waitSeconds: seconds.nullable(),
  abandonedAt: ms.nullable(),
  abandonWhere: z.enum(['ivr', 'queue']).nullable(),
  abandonReason: z.enum(LOSS_REASONS).nullable(),
  endedAt: ms.nullable(),
  talkSeconds: seconds.nullable(),
  wrapSeconds: seconds.nullable(),
  transferred: z.boolean(),
  survey: SurveyAnswered.shape.rating.nullable(),
  lastEventAt: ms,
  legs: z.array(LedgerAgentLeg).optional(),
}) satisfies z.ZodType<CallRecord>;

/** Payload of a `call` change: the call's record before the write (null for a new call) and after it. */
export const LedgerCallChange = z.strictObject({ before: LedgerCallRecord.nullable(), after: LedgerCallRecord });
export type LedgerCallChange = z.infer<typeof LedgerCallChange>;

/** Payload of an `agent-state` change: the `agent.state` event as the ledger stored it, its reason masked. */
export const LedgerAgentStateChange = AgentState.refine((e) => e.reason === undefined || maskPhoneNumbers(e.reason) === e.reason, {
  message: 'an agent state reason is stored masked',
  path: ['reason'],
});

/** What a `reload` change makes every node re-read: the outage windows, or the business-type tree and mappings. */
export const LedgerReloadChange = z.strictObject({ what: z.enum(['outages', 'business-types']) });
export type LedgerReloadChange = z.infer<typeof LedgerReloadChange>;

/** One outbox row's kind and payload, discriminated by `kind`. */
export const LedgerChangeRow = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), payload: LedgerCallChange }),
  z.strictObject({ kind: z.literal('agent-state'), payload: LedgerAgentStateChange }),
  z.strictObject({ kind: z.literal('reload'), payload: LedgerReloadChange }),
]);
export type LedgerChangeRow = z.infer<typeof LedgerChangeRow>;
