import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { maskNumbersInText, type FeedAlarm, type FeedAlarms } from '@hotline/contracts';
import { DeadLetterSchema, eventTimeProblem, parseCallEvent, unstorableValue, type CallEvent, type DeadLetter } from '@hotline/events';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IntakeStatsService } from '../intake/intake-stats.service.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { RedisService } from '../redis/redis.module.js';
import { LedgerRepository, databaseReason, type BatchResult } from '../ledger/ledger.repository.js';
import { CallerVault, isCallerHash, type ProtectedCaller } from '../privacy/caller-vault.js';

type StreamEntry = [id: string, fields: string[]];
/** What one XREADGROUP gave: each stream with its entries. */
type Fetched = [key: string, entries: StreamEntry[]][];

/** How often the retention trim and the removal of dead consumers run (more often when HOTLINE_DEAD_CONSUMER_IDLE_MS is shorter). */
const MAINTENANCE_MS = 60_000;
/** Alarms kept for /api/feed/health. */
const MAX_ALARMS = 20;
/** Redis's answers when the group or the stream of a read, claim or blocked read is gone. */
const MISSING = /NOGROUP|no longer exists|UNBLOCKED/i;

/** An event ready for the ledger, with the stream entry it came from (for a dead letter if the database refuses it). */
interface Pending {
  streamId: string;
  event: CallEvent;
  raw: string;
}

/**
 * Consumes the feed: a Redis Streams consumer group over `<prefix>events` (canonical events),
 * `<prefix>dead-letters` (lines the adapters could not read) and `<prefix>backfill` (canonical events of history:
 * imports, replays at full speed). Each batch is written to the ledger (HOTLINE_FEED_WRITERS concurrent transactions
 * over disjoint calls: {@link writeConcurrently}) and acknowledged only after that write, so a crash redelivers and the ledger's event ids make the
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
 * Poison entries: before the write each event is checked for values the database refuses (a NUL or unpaired
 * surrogate in a string, a number out of range: `unstorableValue` of @hotline/events) and dead-lettered with the reason; a batch the
 * database still refuses for its content is split in halves (in order) until the refused entry is isolated, which is
 * dead-lettered with the database's reason while the rest are written and acknowledged (`test/feed-poison.e2e-spec.ts`).
 *
 * Lost group or stream: a read or claim answered NOGROUP (XGROUP DESTROY; the stream deleted, or Redis restarted
 * without persistence) makes the loop {@link recover}: the stream and its group are recreated where missing, and an
 * alarm is raised (error log, `alarms` of /api/feed/health, the readiness feed check's `alarm` for
 * HOTLINE_FEED_ALARM_SECONDS); ingestion goes on without a restart. The group is recreated at "0", the stream's
 * start: since every acknowledged entry is deleted right after its acknowledgement (and the retention trim removes
 * what a crash in between left), the stream holds only entries never acknowledged — not yet delivered, or pending
 * in the lost group — so "0" re-reads exactly those and nothing the ledger already acknowledged; "$" would skip
 * them (lost), and this process's last acknowledged id would skip other processes' pending entries. A stream that
 * shrank under pending entries (trimmed or deleted before the ledger held them) shows as pending entries without
 * fields: they are acknowledged and an `entries-lost` alarm names how many.
 *
 * Retention and dead consumers, once a minute or every HOTLINE_DEAD_CONSUMER_IDLE_MS if shorter ({@link maintain}): acknowledged entries older than
 * HOTLINE_STREAM_RETENTION_SECONDS are trimmed (XTRIM MINID below the oldest pending and the last delivered id of
 * every group), and consumers of the group other than this one with no pending entries (claimed above) and idle for
 * HOTLINE_DEAD_CONSUMER_IDLE_MS are deleted (XGROUP DELCONSUMER).
 *
 * Live ahead of history ({@link readLanes}): the live lane (events, dead letters) is read first, the backfill lane only
 * when the live lane has nothing new, so a month of history loading delays a live event by at most one backfill
 * batch; readiness counts the live lane's backlog only. `npm run bench -- feed` measures the throughput and the
 * live push latency during a backfill.
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
  private readonly backfillKey: string;
  /** Every stream of the group: the live lane's two first (read first), the backfill lane last. */
  private readonly streams: readonly string[];
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
  /** Alarms raised since start (the last {@link MAX_ALARMS}), and their total. */
  private readonly alarmLog: FeedAlarm[] = [];
  private alarmTotal = 0;
  private lastMaintenance = 0;
  /** The highest id this process acknowledged per stream: tells a stream deleted and recreated from a destroyed group. */
  private readonly lastAcked = new Map<string, string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
    @Inject(CallerVault) private readonly vault: CallerVault,
    private readonly intakeStats: IntakeStatsService,
  ) {
    this.eventsKey = `${config.HOTLINE_STREAM_PREFIX}events`;
    this.deadKey = `${config.HOTLINE_STREAM_PREFIX}dead-letters`;
    this.backfillKey = `${config.HOTLINE_STREAM_PREFIX}backfill`;
    this.streams = [this.deadKey, this.eventsKey, this.backfillKey];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const key of this.streams) await this.createGroup(key);
    await this.engine.start();
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
    /** The next turn's entries, read while this turn's are written. */
    let ahead: Promise<Fetched> | undefined;
    while (this.running) {
      try {
        if (!drained) {
          await this.drain('0');
          drained = true;
        }
        if (Date.now() - this.lastClaim > Math.min(5000, this.config.HOTLINE_CLAIM_IDLE_MS)) await this.claimIdle();
        if (Date.now() - this.lastMaintenance > Math.min(MAINTENANCE_MS, this.config.HOTLINE_DEAD_CONSUMER_IDLE_MS)) await this.maintain();
        const got = ahead ? await ahead : await this.fetchLanes(true);
        ahead = undefined;
        if (got.length === 0) continue;
        // Read ahead (live first, no wait): Redis answers and the reply is parsed while the database writes this turn.
        if (this.running) {
          ahead = this.fetchLanes(false);
          ahead.catch(() => undefined); // awaited next turn, or below
        }
        await this.processAll(got);
      } catch (error) {
        // Entries read ahead are left pending for this consumer: the drain reads them again, with the failed batch.
        if (ahead) await ahead.catch(() => undefined);
        ahead = undefined;
        drained = false;
        if (this.running && MISSING.test(String(error))) {
          try {
            await this.recover();
            continue;
          } catch (again) {
            error = again;
          }
        }
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
    // Stopped with entries read ahead: they are written too (else they would wait for a claim).
    if (ahead) {
      try {
        await this.processAll(await ahead);
      } catch (error) {
        this.logger.warn(`feed consumer: entries read ahead at shutdown failed (${maskNumbersInText((error as Error).message)}); they stay pending for the next consumer`);
        this.failedAtStop = true;
      }
    }
  }

  /** Creates the group at the stream's start ("0"; see the class's note), and the stream if missing. @returns false when it existed. */
  private async createGroup(key: string): Promise<boolean> {
    try {
      await this.redis.client.xgroup('CREATE', key, this.config.HOTLINE_CONSUMER_GROUP, '0', 'MKSTREAM');
      return true;
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
      return false;
    }
  }

  /**
   * After a NOGROUP: recreates, for each stream, what is missing — the stream (empty) with its group, or the group
   * on the stream that is there — and raises an alarm for each. A stream that exists but whose highest deleted id is
   * below what this process acknowledged on it was deleted and recreated (by a producer's XADD): `stream-missing`.
   * @throws what Redis throws (the loop retries).
   */
  private async recover(): Promise<void> {
    const group = this.config.HOTLINE_CONSUMER_GROUP;
    for (const key of this.streams) {
      const existed = (await this.redis.client.exists(key)) === 1;
      let recreatedStream = !existed;
      if (existed) {
        const info = toObject((await this.redis.client.xinfo('STREAM', key)) as unknown[]);
        const acked = this.lastAcked.get(key);
        const maxDeleted = info['max-deleted-entry-id'];
        if (acked && typeof maxDeleted === 'string' && compareIds(maxDeleted, acked) < 0) recreatedStream = true;
      }
      if (!(await this.createGroup(key))) continue;
      this.lastAcked.delete(key);
      if (recreatedStream) {
        this.alarm('stream-missing', key, `stream ${key} vanished with its consumer group "${group}" (deleted, or Redis restarted without persistence); recreated with the group at its start: entries added since are read, entries that were pending in it and not yet in the ledger are lost`);
      } else {
        this.alarm('group-missing', key, `consumer group "${group}" of ${key} vanished (XGROUP DESTROY?); recreated at the stream's start: only entries never acknowledged are read again (acknowledged entries are deleted)`);
      }
    }
  }

  /** Raises an alarm: logged at error level, kept for /api/feed/health and readiness. */
  private alarm(kind: FeedAlarm['kind'], stream: string, message: string): void {
    this.alarmTotal += 1;
    this.alarmLog.push({ at: new Date().toISOString(), kind, stream, message });
    if (this.alarmLog.length > MAX_ALARMS) this.alarmLog.shift();
    this.logger.error(`feed alarm (${kind}): ${message}`);
  }

  /** The alarms for /api/feed/health: total, whether the last is younger than HOTLINE_FEED_ALARM_SECONDS, the last ones. */
  alarms(): FeedAlarms {
    return { total: this.alarmTotal, active: this.activeAlarm() !== undefined, recent: [...this.alarmLog] };
  }

  /** The last alarm while younger than HOTLINE_FEED_ALARM_SECONDS, or undefined. */
  activeAlarm(): FeedAlarm | undefined {
    const last = this.alarmLog.at(-1);
    if (!last || Date.now() - Date.parse(last.at) > this.config.HOTLINE_FEED_ALARM_SECONDS * 1000) return undefined;
    return last;
  }

  /**
   * Once a minute (or every HOTLINE_DEAD_CONSUMER_IDLE_MS if shorter): trims acknowledged entries older than HOTLINE_STREAM_RETENTION_SECONDS, and deletes consumers of
   * the group, other than this one, with no pending entries and idle longer than HOTLINE_DEAD_CONSUMER_IDLE_MS (their
   * pending entries were claimed by {@link claimIdle} first). A stream or group missing is left to the read (NOGROUP).
   */
  private async maintain(): Promise<void> {
    this.lastMaintenance = Date.now();
    const group = this.config.HOTLINE_CONSUMER_GROUP;
    for (const key of this.streams) {
      let groups: Record<string, unknown>[];
      try {
        groups = ((await this.redis.client.xinfo('GROUPS', key)) as unknown[][]).map((g) => toObject(g));
      } catch (error) {
        if (/no such key/i.test(String(error))) continue;
        throw error;
      }
      if (!groups.some((g) => g.name === group)) continue;
      // Acknowledged: delivered to every group (below its last delivered id) and pending in none.
      let bound = `${Math.max(0, Date.now() - this.config.HOTLINE_STREAM_RETENTION_SECONDS * 1000)}-0`;
      for (const g of groups) {
        const delivered = String(g['last-delivered-id'] ?? '0-0');
        if (compareIds(delivered, bound) < 0) bound = delivered;
        const summary = (await this.redis.client.xpending(key, String(g.name))) as [number, string | null, string | null, unknown];
        if (Number(summary[0]) > 0 && summary[1] && compareIds(summary[1], bound) < 0) bound = summary[1];
      }
      const trimmed = Number(await this.redis.client.xtrim(key, 'MINID', bound));
      if (trimmed > 0) this.logger.log(`retention: trimmed ${trimmed} acknowledged entries of ${key} older than ${this.config.HOTLINE_STREAM_RETENTION_SECONDS} s`);
      const consumers = ((await this.redis.client.xinfo('CONSUMERS', key, group)) as unknown[][]).map((c) => toObject(c));
      for (const c of consumers) {
        const name = String(c.name);
        if (name === this.config.HOTLINE_CONSUMER || Number(c.pending) > 0 || Number(c.idle) <= this.config.HOTLINE_DEAD_CONSUMER_IDLE_MS) continue;
        await this.redis.client.xgroup('DELCONSUMER', key, group, name);
        this.logger.warn(`removed consumer ${name} of ${key}: no pending entries, idle ${Math.round(Number(c.idle) / 1000)} s`);
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
    for (const key of this.streams) {
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

  /**
   * One turn's entries, live ahead of history: new entries of the live lane (dead letters, events) if any; else
   * of the backfill lane (up to HOTLINE_BACKFILL_BATCH_SIZE entries: larger batches, fewer round trips and
   * statements per event); else (when `block`) a blocking read (1 s) of all three. So a live event waits at most for
   * the backfill batch in flight, whatever the backfill's backlog.
   */
  private async fetchLanes(block: boolean): Promise<Fetched> {
    const live = await this.fetch('>', 0, [this.deadKey, this.eventsKey]);
    if (live.length > 0) return live;
    const history = await this.fetch('>', 0, [this.backfillKey], this.config.HOTLINE_BACKFILL_BATCH_SIZE);
    if (history.length > 0 || !block) return history;
    return this.fetch('>', 1000, this.streams);
  }

  /**
   * One XREADGROUP over `keys` (every stream by default); `id` ">" for new entries, "0" for own pending; `blockMs` 0
   * for no wait. @returns entries processed.
   */
  private async read(id: '>' | '0', blockMs: number, keys: readonly string[] = this.streams): Promise<number> {
    return this.processAll(await this.fetch(id, blockMs, keys));
  }

  /**
   * One XREADGROUP over `keys`, as in {@link read}, without processing; at most `count` entries per stream.
   * @returns the streams that gave entries.
   */
  private async fetch(id: '>' | '0', blockMs: number, keys: readonly string[], count = this.config.HOTLINE_BATCH_SIZE): Promise<Fetched> {
    const args: (string | number)[] = ['GROUP', this.config.HOTLINE_CONSUMER_GROUP, this.config.HOTLINE_CONSUMER, 'COUNT', count];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', ...keys, ...keys.map(() => id));
    const reply = await this.redis.blocking.call('XREADGROUP', ...args);
    this.lastProgressAt = Date.now();
    return streamsOf(reply).filter(([, entries]) => entries.length > 0);
  }

  /** Processes what {@link fetch} read, stream by stream. @returns entries processed. */
  private async processAll(got: Fetched): Promise<number> {
    let count = 0;
    for (const [key, entries] of got) {
      await this.process(key, entries);
      count += entries.length;
    }
    return count;
  }

  private async process(key: string, all: StreamEntry[]): Promise<void> {
    // A pending entry deleted from the stream meanwhile comes back without fields: nothing to do but acknowledge it.
    if (all.length === 0) return;
    const entries = all.filter((e) => Array.isArray(e?.[1]));
    if (entries.length < all.length) {
      this.alarm('entries-lost', key, `${all.length - entries.length} pending entries of ${key} were deleted or trimmed from the stream before the ledger held them`);
    }
    const events: Pending[] = [];
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
        bad(`an entry of ${key}: not JSON`);
        continue;
      }
      if (json === undefined) {
        bad(`an entry of ${key}: no "${key === this.deadKey ? 'deadLetter' : 'event'}" field`);
      } else if (key === this.deadKey) {
        const letter = DeadLetterSchema.safeParse(json);
        if (letter.success) deadLetters.push(letter.data);
        else bad(`an entry of ${key}: not a dead letter (${letter.error.issues.map((i) => i.path.join('.')).join(', ')})`);
      } else {
        const parsed = parseCallEvent(json);
        if (!parsed.ok) bad(`an entry of ${key}: ${parsed.reason}`);
        else {
          const late = eventTimeProblem(parsed.event.ts);
          const unsafe = unstorableValue(parsed.event);
          if (late) bad(`an entry of ${key}: ts ${parsed.event.ts} is ${late}`);
          else if (unsafe) bad(`an entry of ${key}: ${unsafe.path.join('.') || '(event)'}: ${unsafe.message}`);
          else events.push({ streamId, event: this.protectCaller(parsed.event, callers), raw: (raw ?? '').slice(0, 10_000) });
        }
      }
    }
    // Caller rows alongside the events' transactions: another table, no lock in common (a caller row written without
    // its call, when the batch fails, is harmless and reused by the retry).
    const [, result] = await Promise.all([this.ledger.storeCallers(callers), this.writeConcurrently(key, events, deadLetters)]);
    this.stats.deadLetters += await this.ledger.storeDeadLetters(deadLetters);
    await this.redis.client.xack(key, this.config.HOTLINE_CONSUMER_GROUP, ...all.map(([id]) => id));
    // The stream is transport only: once the ledger holds an entry (callers' numbers encrypted, dead letters
    // masked), the entry with its number in clear leaves Redis.
    await this.redis.client.xdel(key, ...all.map(([id]) => id));
    const top = all.reduce((max, [id]) => (compareIds(id, max) > 0 ? id : max), this.lastAcked.get(key) ?? '0-0');
    this.lastAcked.set(key, top);
    this.stats.events += result.inserted;
    this.stats.duplicates += result.duplicates;
    this.stats.batches += 1;
    // The engine applies the batch from the ledger's change outbox (as every node does); waiting for it here makes
    // this node's live state include its own batch before the next one is read.
    if (result.changes.length || result.agentStates.length) await this.engine.caughtUp();
    // Per-source counts for the intake status page (never throws).
    await this.intakeStats.observe(events.map((p) => p.event), deadLetters);
  }

  /**
   * Writes a batch with HOTLINE_FEED_WRITERS concurrent transactions, each over its share of the calls (split by a
   * hash of the call id; every `agent.state` in the first share, so an agent's states stay in order). Shares touch
   * disjoint calls, so their order does not matter. When one share fails (the database unavailable), the failure is
   * thrown: the loop retries the batch, whose written events are then repeats (skipped by their ids); the engine
   * sees each committed change once, from the ledger's change outbox.
   * @throws the first share's failure that {@link writeIsolating} does not cure.
   */
  private async writeConcurrently(key: string, events: Pending[], deadLetters: DeadLetter[]): Promise<BatchResult> {
    const writers = Math.max(1, Math.min(this.config.HOTLINE_FEED_WRITERS, Math.ceil(events.length / MIN_SHARE)));
    if (writers === 1) return this.writeIsolating(key, events, deadLetters);
    const shares: Pending[][] = Array.from({ length: writers }, () => []);
    for (const pending of events) {
      const { event } = pending;
      shares[event.type === 'agent.state' || event.callId === null ? 0 : shareOf(event.callId, writers)].push(pending);
    }
    const settled = await Promise.allSettled(shares.map((share) => this.writeIsolating(key, share, deadLetters)));
    const written = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const result = written.reduce(mergeResults, EMPTY_RESULT);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason; // the shares written reach the engine through the change outbox, as every write
    return result;
  }

  /**
   * Writes the events to the ledger; when the database refuses the batch for its content
   * ({@link LedgerRepository.refusedForContent}), splits it in halves, written in order, down to the entry it refuses,
   * which is added to `deadLetters` with the database's reason (masked when stored) while the others are written.
   * @throws what the ledger throws when the database is unavailable or busy (the loop retries the batch whole).
   */
  private async writeIsolating(key: string, events: Pending[], deadLetters: DeadLetter[]): Promise<BatchResult> {
    if (events.length === 0) return EMPTY_RESULT;
    try {
      return await this.ledger.applyBatch(events);
    } catch (error) {
      if (!(await this.ledger.refusedForContent(error))) throw error;
      if (events.length === 1) {
        const [{ streamId, raw }] = events;
        this.logger.warn(`feed consumer: the database refused entry ${streamId} of ${key}; dead-lettered, the rest of its batch is written`);
        deadLetters.push({ key: `stream:${key}:${streamId}`, source: 'stream', reason: `an entry of ${key}: the database refused it (${databaseReason(error)})`, raw });
        return EMPTY_RESULT;
      }
      const middle = Math.ceil(events.length / 2);
      const first = await this.writeIsolating(key, events.slice(0, middle), deadLetters);
      const second = await this.writeIsolating(key, events.slice(middle), deadLetters);
      return mergeResults(first, second);
    }
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

  /** Entries not yet delivered or not yet acknowledged, per stream (lag + pending): live events, dead letters, backfill. */
  async backlog(): Promise<{ stream: string; lag: number | null; pending: number }[]> {
    const out = [];
    for (const key of [this.eventsKey, this.deadKey, this.backfillKey]) {
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

/** Compares two stream ids ("ms-seq"): negative, 0 or positive. */
function compareIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

function toObject(flat: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[String(flat[i])] = flat[i + 1];
  return o;
}

const EMPTY_RESULT: BatchResult = { inserted: 0, duplicates: 0, changes: [], agentStates: [] };
/** A batch is split among writers only in shares of at least this many events (small live batches: one transaction). */
const MIN_SHARE = 200;

/** The share (0..n-1) of a call id: FNV-1a, 32 bits. */
function shareOf(callId: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < callId.length; i++) h = Math.imul(h ^ callId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

/** Two consecutive batch results as one: counts added, each call's change from the first `before` to the last `after`. */
function mergeResults(a: BatchResult, b: BatchResult): BatchResult {
  const changes = new Map(a.changes.map((c) => [c.after.callId, c]));
  for (const c of b.changes) {
    const earlier = changes.get(c.after.callId);
    changes.set(c.after.callId, earlier ? { before: earlier.before, after: c.after } : c);
  }
  return { inserted: a.inserted + b.inserted, duplicates: a.duplicates + b.duplicates, changes: [...changes.values()], agentStates: [...a.agentStates, ...b.agentStates] };
}
