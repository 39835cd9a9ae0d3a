/**
 * The feed's health (`GET /api/feed/health`): what the ledger's consumer has done since the API started, and the
 * backlog of each Redis stream it reads.
 */
import { z } from 'zod';

/** Counts since the API started: events written, duplicates skipped, dead letters stored, batches, entries claimed from a stopped consumer. */
export const ConsumerStats = z.strictObject({
  events: z.number().int(),
  duplicates: z.number().int(),
  deadLetters: z.number().int(),
  batches: z.number().int(),
  claimed: z.number().int(),
});
export type ConsumerStats = z.infer<typeof ConsumerStats>;

/** One stream's backlog: entries not yet delivered to the group (`lag`, null when Redis cannot tell) and delivered but not acknowledged (`pending`). */
export const StreamBacklog = z.strictObject({ stream: z.string(), lag: z.number().int().nullable(), pending: z.number().int() });
export type StreamBacklog = z.infer<typeof StreamBacklog>;

/** Answer of `GET /api/feed/health`. */
export const FeedHealth = z.strictObject({ status: z.literal('ok'), consumer: ConsumerStats, backlog: z.array(StreamBacklog) });
export type FeedHealth = z.infer<typeof FeedHealth>;

/** Answer of `GET /api/health`: liveness only, no figures (public). */
export const Liveness = z.strictObject({ status: z.literal('ok') });
