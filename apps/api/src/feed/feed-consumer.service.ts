import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { maskNumbersInText } from '@hotline/contracts';
import { DeadLetterSchema, parseCallEvent, type CallEvent, type DeadLetter } from '@hotline/events';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { RedisService } from '../redis/redis.module.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { CallerVault, isCallerHash, type ProtectedCaller } from '../privacy/caller-vault.js';

type StreamEntry = [id: string, fields: string[]];

/**
 * Events dated more than this ahead of the server's clock are refused (dead-lettered): a wrong clock or a typo
 * would otherwise move the live floor's clock into the future for good. A replay shifted to today stays within it.
 */
const MAX_FUTURE_MS = 7 * 86_400_000;
const MIN_TS = 0;

/**
 * Consumes the feed: a Redis Streams consumer group over `<prefix>events` (canonical events) and
 * `<prefix>dead-letters` (lines the adapters could not read). Each batch is written to the ledger in one
 * transaction and acknowledged only after that write, so a crash redelivers and the ledger's event ids make the
 * redelivery harmless; acknowledged entries are then deleted (XDEL), so callers' numbers do not stay in Redis. Entries left pending by a dead consumer are claimed (XAUTOCLAIM) once idle for
 * HOTLINE_CLAIM_IDLE_MS, at start-up and then periodically.
 *
 * Caller privacy: a caller's number leaves this service only as its keyed hash (the event's `callerId` is replaced
 * before the ledger stores the event, the number goes encrypted into `Caller` in the same transaction), and dead
 * letters are stored masked and encrypted (LedgerRepository.storeDeadLetters). Nothing here logs an event or a line.
 *
 * Shutdown order (explicit, `test/health-ready.e2e-spec.ts` checks it): the consumer stops in `onModuleDestroy`,
 * the first of Nest's shutdown phases — it reads nothing more and finishes the batch in flight (written to the
 * ledger, acknowledged, deleted from the stream); Postgres (PrismaService) and Redis (RedisService) close only in
 * `onApplicationShutdown`, the last phase, after the HTTP server. A batch still in flight when the shutdown's bound
 * (HOTLINE_SHUTDOWN_TIMEOUT_SECONDS) runs out is left pending, and claimed by the next consumer.
 *
 * Progress, for readiness (`GET /api/health/ready`): {@link progress} tells when the loop last completed a read (a
 * blocking read that timed out empty counts: Redis answered) or a claim, and {@link liveBacklog} the entries of the
 * live stream not yet in the ledger.
 */
@Injectable()
export class FeedConsumerService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(FeedConsumerService.name);
  private readonly eventsKey: string;
  private readonly deadKey: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private lastClaim = 0;
  /** When the loop started, and last completed a read or a claim (ms since the epoch); null before the start. */
  private startedAt: number | null = null;
  private lastProgressAt: number | null = null;
  /** The batch in flight when the loop was stopped failed (left pending). */
  private failedAtStop = false;
  /** Totals since start, for /api/feed/health. */
  readonly stats = { events: 0, duplicates: 0, deadLetters: 0, batches: 0, claimed: 0 };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
    @Inject(CallerVault) private readonly vault: CallerVault,
  ) {
    this.eventsKey = `${config.HOTLINE_STREAM_PREFIX}events`;
    this.deadKey = `${config.HOTLINE_STREAM_PREFIX}dead-letters`;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const key of [this.eventsKey, this.deadKey]) {
      try {
        await this.redis.client.xgroup('CREATE', key, this.config.HOTLINE_CONSUMER_GROUP, '0', 'MKSTREAM');
      } catch (error) {
        if (!String(error).includes('BUSYGROUP')) throw error;
      }
    }
    await this.engine.rebuild();
    this.running = true;
    this.startedAt = Date.now();
    this.loop = this.run();
  }

  /** First shutdown phase: stop reading, finish and acknowledge the batch in flight (the database is still open). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Last shutdown phase: nothing left to do (stopped in {@link onModuleDestroy}); kept for a context closed without it. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /**
   * Stops the loop: no new read starts (a blocking read under way returns within its 1 s block), and the batch in
   * flight is written, acknowledged and deleted before this resolves. Idempotent.
   */
  async stop(): Promise<void> {
    if (!this.loop) return;
    const wasRunning = this.running;
    this.running = false;
    await this.loop;
    if (wasRunning && !this.failedAtStop) this.logger.log('feed consumer stopped: the batch in flight was written and acknowledged');
  }

  /**
   * The loop's state for readiness: `running` false before the start and from the shutdown on; `lastProgressAt` the
   * last completed read or claim (ms since the epoch; the start time until the first one), null before the start.
   */
  progress(): { running: boolean; lastProgressAt: number | null } {
    return { running: this.running, lastProgressAt: this.lastProgressAt ?? this.startedAt };
  }

  private async run(): Promise<void> {
    // Entries this consumer name read before a restart and never acknowledged come first.
    let drained = false;
    while (this.running) {
      try {
        if (!drained) {
          await this.drain('0');
          drained = true;
        }
        if (Date.now() - this.lastClaim > Math.min(5000, this.config.HOTLINE_CLAIM_IDLE_MS)) await this.claimIdle();
        const got = await this.read('>', 1000);
        if (got === 0) continue;
      } catch (error) {
        if (!this.running) {
          this.logger.warn(`feed consumer: the batch in flight at shutdown failed (${maskNumbersInText((error as Error).message)}); it stays pending for the next consumer`);
          this.failedAtStop = true;
          break;
        }
        // Masked: a driver error may quote the values of the statement that failed.
        this.logger.error(`feed consumer: ${maskNumbersInText((error as Error).message)}; retrying in 1 s`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Reads and processes this consumer's own pending entries (id "0") until none are left. */
  private async drain(from: '0'): Promise<void> {
    while (this.running && (await this.read(from, 0)) > 0);
  }

  /** Claims entries idle in other (dead) consumers of the group, and processes them. */
  private async claimIdle(): Promise<void> {
    this.lastClaim = Date.now();
    for (const key of [this.eventsKey, this.deadKey]) {
      let cursor = '0-0';
      do {
        const [next, entries] = (await this.redis.client.xautoclaim(
          key, this.config.HOTLINE_CONSUMER_GROUP, this.config.HOTLINE_CONSUMER, this.config.HOTLINE_CLAIM_IDLE_MS, cursor, 'COUNT', this.config.HOTLINE_BATCH_SIZE,
        )) as [string, StreamEntry[], string[]?];
        cursor = next;
        if (entries.length) {
          this.stats.claimed += entries.length;
          this.logger.warn(`claimed ${entries.length} entries left pending on ${key} by a stopped consumer`);
          await this.process(key, entries);
        }
        this.lastProgressAt = Date.now();
      } while (cursor !== '0-0' && this.running);
    }
  }

  /** One XREADGROUP over both streams; `id` ">" for new entries, "0" for own pending. @returns entries processed. */
  private async read(id: '>' | '0', blockMs: number): Promise<number> {
    const args: (string | number)[] = ['GROUP', this.config.HOTLINE_CONSUMER_GROUP, this.config.HOTLINE_CONSUMER, 'COUNT', this.config.HOTLINE_BATCH_SIZE];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', this.deadKey, this.eventsKey, id, id);
    const reply = await this.redis.blocking.call('XREADGROUP', ...args);
    let count = 0;
    for (const [key, entries] of streamsOf(reply)) {
      if (entries.length === 0) continue;
      await this.process(key, entries);
      count += entries.length;
    }
    this.lastProgressAt = Date.now();
    return count;
  }

  private async process(key: string, all: StreamEntry[]): Promise<void> {
    // A pending entry deleted from the stream meanwhile comes back without fields: nothing to do but acknowledge it.
    if (all.length === 0) return;
    const entries = all.filter((e) => Array.isArray(e?.[1]));
    const events: { streamId: string; event: CallEvent }[] = [];
    const callers: ProtectedCaller[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const [streamId, fields] of entries) {
      const field = (name: string) => {
        const i = fields.findIndex((f, j) => j % 2 === 0 && f === name);
        return i < 0 ? undefined : fields[i + 1];
      };
      const raw = key === this.deadKey ? field('deadLetter') : field('event');
      const bad = (reason: string) => deadLetters.push({ key: `stream:${key}:${streamId}`, source: 'stream', reason, raw: (raw ?? fields.join(' ')).slice(0, 10_000) });
      let json: unknown;
      try {
        json = raw === undefined ? undefined : JSON.parse(raw);
      } catch {
        bad(`entry ${streamId} of ${key}: not JSON`);
        continue;
      }
      if (json === undefined) {
        bad(`entry ${streamId} of ${key}: no "${key === this.deadKey ? 'deadLetter' : 'event'}" field`);
      } else if (key === this.deadKey) {
        const letter = DeadLetterSchema.safeParse(json);
        if (letter.success) deadLetters.push(letter.data);
        else bad(`entry ${streamId} of ${key}: not a dead letter (${letter.error.issues.map((i) => i.path.join('.')).join(', ')})`);
      } else {
        const parsed = parseCallEvent(json);
        if (!parsed.ok) bad(`entry ${streamId} of ${key}: ${parsed.reason}`);
        else if (Date.parse(parsed.event.ts) > Date.now() + MAX_FUTURE_MS) bad(`entry ${streamId} of ${key}: ts ${parsed.event.ts} is more than 7 days ahead of the server's clock`);
        else if (Date.parse(parsed.event.ts) < MIN_TS) bad(`entry ${streamId} of ${key}: ts ${parsed.event.ts} is before 1970`);
        else events.push({ streamId, event: this.protectCaller(parsed.event, callers) });
      }
    }
    const result = await this.ledger.applyBatch(events, callers);
    this.stats.deadLetters += await this.ledger.storeDeadLetters(deadLetters);
    await this.redis.client.xack(key, this.config.HOTLINE_CONSUMER_GROUP, ...all.map(([id]) => id));
    // The stream is transport only: once the ledger holds an entry (callers' numbers encrypted, dead letters
    // masked), the entry with its number in clear leaves Redis.
    await this.redis.client.xdel(key, ...all.map(([id]) => id));
    this.stats.events += result.inserted;
    this.stats.duplicates += result.duplicates;
    this.stats.batches += 1;
    if (result.changes.length || result.agentStates.length) await this.engine.apply(result.changes, result.agentStates);
  }

  /**
   * The event as the ledger may keep it: a `callerId` in clear (only `call.offered` carries one) is replaced by its
   * keyed hash, and the protected number (hash, cipher, masked) is added to `callers` for the batch's Caller rows.
   * A `callerId` that already is a hash (an event re-sent from the ledger) is kept.
   */
  private protectCaller(event: CallEvent, callers: ProtectedCaller[]): CallEvent {
    if (event.type !== 'call.offered' || event.callerId === undefined || isCallerHash(event.callerId)) return event;
    if (event.callerId.trim() === '') return { ...event, callerId: undefined };
    const caller = this.vault.protect(event.callerId);
    callers.push(caller);
    return { ...event, callerId: caller.hash };
  }

  /**
   * Entries of the live stream (`<prefix>events`) not yet in the ledger: not yet delivered to the group (`lag`) plus
   * delivered and not acknowledged (`pending`). When Redis cannot tell the lag (null after some deletions), the
   * stream's length stands in for both (acknowledged entries are deleted, so what is left waits for the ledger).
   * @returns the count, or `missing` when the stream or the consumer group does not exist.
   * @throws what Redis throws (not answering, connection lost): the caller bounds the wait.
   */
  async liveBacklog(): Promise<number | 'missing'> {
    let groups: unknown[][];
    try {
      groups = (await this.redis.client.xinfo('GROUPS', this.eventsKey)) as unknown[][];
    } catch (error) {
      if (/no such key/i.test(String(error))) return 'missing';
      throw error;
    }
    const group = groups.map((g) => toObject(g)).find((g) => g.name === this.config.HOTLINE_CONSUMER_GROUP);
    if (!group) return 'missing';
    if (group.lag === null || group.lag === undefined) return Number(await this.redis.client.xlen(this.eventsKey));
    return Number(group.lag) + Number(group.pending ?? 0);
  }

  /** Entries not yet delivered or not yet acknowledged, per stream (lag + pending). */
  async backlog(): Promise<{ stream: string; lag: number | null; pending: number }[]> {
    const out = [];
    for (const key of [this.eventsKey, this.deadKey]) {
      const groups = (await this.redis.client.xinfo('GROUPS', key).catch(() => [])) as unknown[][];
      const group = groups.map((g) => toObject(g)).find((g) => g.name === this.config.HOTLINE_CONSUMER_GROUP);
      out.push({ stream: key, lag: group?.lag === null || group?.lag === undefined ? null : Number(group.lag), pending: Number(group?.pending ?? 0) });
    }
    return out;
  }
}

/** XREADGROUP's reply as [stream, entries] pairs: RESP2 gives pairs, RESP3 a map that arrives flattened. */
function streamsOf(reply: unknown): [string, StreamEntry[]][] {
  if (!Array.isArray(reply)) return [];
  if (reply.every((r) => Array.isArray(r))) return reply as [string, StreamEntry[]][];
  const pairs: [string, StreamEntry[]][] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), reply[i + 1] as StreamEntry[]]);
  return pairs;
}

function toObject(flat: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[String(flat[i])] = flat[i + 1];
  return o;
}
