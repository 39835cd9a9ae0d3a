import { z } from 'zod';

/**
 * Signals between API nodes (issue 18: several API processes on one database and Redis). They never reach a
 * browser, nor come from one: Socket.IO's `serverSideEmit` (through the Redis adapter) or a Redis pub/sub channel
 * under HOTLINE_STREAM_PREFIX carries them from one node to the others, and a browser's emit reaches only its own
 * socket's listeners (the API listens to none), never the server-side listeners these signals have.
 */

/** An alert was acknowledged on one node (stored in Postgres `FloorAlertAck`): the others re-read the acks and re-evaluate. */
export const AttentionAckedSignal = z.strictObject({ alertId: z.string().min(1) });
export type AttentionAckedSignal = z.infer<typeof AttentionAckedSignal>;

/** A request write on one node touched this agent's desk: the node holding her sockets recomputes it. */
export const DeskChangedSignal = z.strictObject({ agentId: z.string().min(1) });
export type DeskChangedSignal = z.infer<typeof DeskChangedSignal>;

/** Socket.IO server-side events between nodes (`io.serverSideEmit(name, payload)`), with their payloads. */
export const NODE_SIGNALS = {
  attentionAcked: { name: 'node:attention-acked', payload: AttentionAckedSignal },
  deskChanged: { name: 'node:desk-changed', payload: DeskChangedSignal },
} as const satisfies Record<string, { name: string; payload: z.ZodType }>;

/** The Redis pub/sub channel of planning-job control, under the stream prefix: `<prefix>roster:control`. */
export const ROSTER_CONTROL_CHANNEL = 'roster:control';

/**
 * A request to the node running a planning job: `cancel` (as DELETE /api/roster/jobs/:id: abort, discard its
 * drafts, fail with reason `cancelled`) or `stop` (as POST /api/roster/jobs/:id/stop: end the search, keep the
 * best). `requestId` (random, unique) pairs it with its reply; `from` names the asking node (HOTLINE_CONSUMER).
 */
export const RosterControlRequest = z.strictObject({
  type: z.literal('request'),
  requestId: z.string().min(1).max(100),
  from: z.string().min(1),
  action: z.enum(['cancel', 'stop']),
  jobId: z.string().min(1).max(200),
});
export type RosterControlRequest = z.infer<typeof RosterControlRequest>;

/** The running node's answer: it acted (`done`) as for a local cancel or stop. Nodes not running the job stay silent. */
export const RosterControlReply = z.strictObject({
  type: z.literal('reply'),
  requestId: z.string().min(1).max(100),
  node: z.string().min(1),
  jobId: z.string().min(1).max(200),
  outcome: z.literal('done'),
});
export type RosterControlReply = z.infer<typeof RosterControlReply>;

/** Every message of {@link ROSTER_CONTROL_CHANNEL}. */
export const RosterControlMessage = z.discriminatedUnion('type', [RosterControlRequest, RosterControlReply]);
export type RosterControlMessage = z.infer<typeof RosterControlMessage>;
