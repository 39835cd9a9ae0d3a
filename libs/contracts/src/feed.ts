/**
 * The feed's health (`GET /api/feed/health`): what the ledger's consumer has done since the API started, and the
 * backlog of each Redis stream it reads. Also the API's liveness (`GET /api/health`) and readiness
 * (`GET /api/health/ready`).
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

/**
 * One alarm of the feed consumer: `group-missing` (the consumer group vanished: XGROUP DESTROY, NOGROUP),
 * `stream-missing` (the stream itself vanished: DEL, Redis restarted without persistence), both recreated by the
 * consumer; `entries-lost` (entries delivered to the group were deleted or trimmed from the stream before the
 * ledger held them). `at`: ISO instant; `stream`: the stream's key; `message`: what happened and what was done.
 */
export const FeedAlarm = z.strictObject({
  at: z.string(),
  kind: z.enum(['group-missing', 'stream-missing', 'entries-lost']),
  stream: z.string(),
  message: z.string(),
});
export type FeedAlarm = z.infer<typeof FeedAlarm>;

/**
 * The feed's alarms since the API started: `total` raised, `active` true while the last one is younger than
 * HOTLINE_FEED_ALARM_SECONDS, `recent` the last ones (at most 20, oldest first).
 */
export const FeedAlarms = z.strictObject({ total: z.number().int().nonnegative(), active: z.boolean(), recent: z.array(FeedAlarm) });
export type FeedAlarms = z.infer<typeof FeedAlarms>;

/** Answer of `GET /api/feed/health`. */
export const FeedHealth = z.strictObject({ status: z.literal('ok'), consumer: ConsumerStats, backlog: z.array(StreamBacklog), alarms: FeedAlarms.optional() });
export type FeedHealth = z.infer<typeof FeedHealth>;

/** Answer of `GET /api/health`: liveness only, no figures (public). */
export const Liveness = z.strictObject({ status: z.literal('ok') });
export type Liveness = z.infer<typeof Liveness>;

/** The parts `GET /api/health/ready` checks: the ledger's database, Redis, and the feed consumer. */
export const READY_PARTS = ['database', 'redis', 'feed'] as const;
/** One part of {@link READY_PARTS}. */
export type ReadyPart = (typeof READY_PARTS)[number];

/**
 * One part's check: `ok`, or `failing` with a short reason from a fixed vocabulary ("no answer within 2000 ms",
 * "connection refused", "no progress for over 30 s"...): never a host, an address or a driver's message (the route
 * is public; the API's log has the detail).
 */
export const ReadyCheck = z.strictObject({ status: z.enum(['ok', 'failing']), reason: z.string().optional() });
export type ReadyCheck = z.infer<typeof ReadyCheck>;

/**
 * The feed's check, with its backlog: entries of the live stream (`<prefix>events`) not yet in the ledger —
 * not yet delivered to the consumer group plus delivered but not acknowledged. Null when Redis did not answer.
 * `alarm`: the feed's last alarm while it is active (HOTLINE_FEED_ALARM_SECONDS), e.g. "group-missing at <ISO>":
 * reported without failing the check once the consumer has recovered (a recovered incident is no reason to take
 * the API out of a load balancer); a group or stream still missing fails the check.
 */
export const FeedReadyCheck = z.strictObject({
  status: z.enum(['ok', 'failing']),
  reason: z.string().optional(),
  lag: z.number().int().nonnegative().nullable(),
  alarm: z.string().optional(),
});
export type FeedReadyCheck = z.infer<typeof FeedReadyCheck>;

/**
 * Answer of `GET /api/health/ready` (public, for load balancers and the console's connection badge): 200 with
 * `status: 'ready'` when every part is ok; 503 with the same body, `status: 'unready'` and `failing` naming the
 * parts that are not. Each check has a bounded time (HOTLINE_READY_TIMEOUT_MS). No figures beyond ok/failing per
 * part and the feed's backlog count.
 */
export const Readiness = z.strictObject({
  status: z.enum(['ready', 'unready']),
  failing: z.array(z.enum(READY_PARTS)),
  checks: z.strictObject({ database: ReadyCheck, redis: ReadyCheck, feed: FeedReadyCheck }),
});
export type Readiness = z.infer<typeof Readiness>;
