import type { ChainableCommander, Redis } from 'ioredis';

/** Per-minute buckets live this long (seconds): the status page reads the last 60 minutes. */
const BUCKET_TTL_SECONDS = 2 * 3600;
/** A source not heard from for this long drops off the status page (unless configured). */
const FORGET_AFTER_MS = 30 * 86_400_000;
/** Counters kept per source and minute: events and dead letters seen by the feed, events accepted and pushes refused at the push. */
export type IntakeCounter = 'ev' | 'dl' | 'pa' | 'pr';
const COUNTERS: readonly IntakeCounter[] = ['ev', 'dl', 'pa', 'pr'];

/** What the status page reads of one source (raw: no threshold applied). */
export interface IntakeSourceStats {
  /** Newest event time seen, ms since the epoch (feed clock), or null. */
  lastEventMs: number | null;
  /** When events of the source were last received (wall clock, ms), or null. */
  lastSeenMs: number | null;
  /** Wall clock minus the newest event's time at the last delivery, ms, or null. */
  lagMs: number | null;
  /** Per counter: sums over the last 5 and 60 minutes (the current, partial minute included). */
  counts: Record<IntakeCounter, { last5: number; last60: number }>;
}

/** The minute number (minutes since the epoch) of a wall-clock instant. */
function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000);
}

/**
 * Intake statistics shared by every API node (Redis, under `<HOTLINE_STREAM_PREFIX>intake:`): per source and minute
 * of arrival (wall clock), the events and dead letters the feed received (`ev`, `dl`: {@link observe}, called by
 * the feed consumer for each batch) and, for pushing sources, the events accepted and the pushes refused (`pa`,
 * `pr`: {@link recordPush}, {@link recordRejection}); plus per source the newest event time (feed clock), the last
 * arrival (wall clock) and the lag between them. Buckets expire after two hours; the status page sums the last 5
 * and 60 minutes. Recording never throws (a statistics failure must never hold back the feed): errors are logged.
 *
 * Keys: `intake:<counter>:<source>:<minute>` (INCRBY, EXPIRE 2 h), `intake:last-event` (sorted set, score = the
 * newest event time, updated with ZADD GT), `intake:last-seen` (sorted set, score = last arrival), `intake:lag`
 * (hash, ms).
 */
export class IntakeStatsStore {
  private readonly prefix: string;

  /**
   * @param client the Redis connection (commands only, never a blocking read).
   * @param keyPrefix `<HOTLINE_STREAM_PREFIX>intake:`.
   * @param logError where a failed recording is reported (it is never thrown).
   */
  constructor(
    private readonly client: Redis,
    keyPrefix: string,
    private readonly logError: (message: string) => void,
  ) {
    this.prefix = keyPrefix;
  }

  /**
   * Records a batch the feed received: per source the number of events (`ts` the event time, ISO 8601) and of dead
   * letters, the newest event time, the arrival time (now) and the lag. Never throws (logs and swallows).
   * @param events the batch's canonical events (only `source` and `ts` are read).
   * @param deadLetters the batch's dead letters (only `source` is read).
   */
  async observe(events: readonly { source: string; ts: string }[], deadLetters: readonly { source: string }[]): Promise<void> {
    try {
      const now = Date.now();
      const perSource = new Map<string, { events: number; dead: number; newest: number | null }>();
      const entry = (source: string) => {
        let e = perSource.get(source);
        if (!e) perSource.set(source, (e = { events: 0, dead: 0, newest: null }));
        return e;
      };
      for (const ev of events) {
        if (!ev || typeof ev.source !== 'string' || !ev.source) continue;
        const e = entry(ev.source);
        e.events += 1;
        const t = Date.parse(ev.ts);
        if (Number.isFinite(t)) e.newest = Math.max(e.newest ?? t, t);
      }
      for (const d of deadLetters) if (d && typeof d.source === 'string' && d.source) entry(d.source).dead += 1;
      if (!perSource.size) return;
      const pipeline = this.client.pipeline();
      const minute = minuteOf(now);
      for (const [source, e] of perSource) {
        if (e.events) this.bump(pipeline, 'ev', source, minute, e.events);
        if (e.dead) this.bump(pipeline, 'dl', source, minute, e.dead);
        this.seen(pipeline, source, now, e.newest);
      }
      await this.exec(pipeline);
    } catch (error) {
      this.logError(`intake statistics not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Records an accepted push: `accepted` events added to the stream (the feed counts them again when it reads them,
   * under `ev`), the newest event time and the arrival. Never throws.
   */
  async recordPush(source: string, accepted: number, newestEventMs: number | null): Promise<void> {
    try {
      const now = Date.now();
      const pipeline = this.client.pipeline();
      if (accepted) this.bump(pipeline, 'pa', source, minuteOf(now), accepted);
      this.seen(pipeline, source, now, newestEventMs);
      await this.exec(pipeline);
    } catch (error) {
      this.logError(`intake statistics not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Records a refused push of a known source (wrong signature, stale timestamp, invalid body). Never throws. */
  async recordRejection(source: string): Promise<void> {
    try {
      const pipeline = this.client.pipeline();
      this.bump(pipeline, 'pr', source, minuteOf(Date.now()), 1);
      await this.exec(pipeline);
    } catch (error) {
      this.logError(`intake statistics not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Names of every source the feed or the push received anything from in the last 30 days (older ones are forgotten). */
  async seenSources(): Promise<string[]> {
    const key = `${this.prefix}last-seen`;
    await this.client.zremrangebyscore(key, '-inf', String(Date.now() - FORGET_AFTER_MS));
    return this.client.zrangebyscore(key, '-inf', '+inf');
  }

  /**
   * The statistics of these sources at `nowMs`.
   * @throws whatever Redis throws (the status endpoint answers 500 then; recording is what must never throw).
   */
  async read(names: readonly string[], nowMs = Date.now()): Promise<Map<string, IntakeSourceStats>> {
    const out = new Map<string, IntakeSourceStats>();
    if (!names.length) return out;
    const minute = minuteOf(nowMs);
    const minutes = Array.from({ length: 60 }, (_, i) => minute - i);
    const pipeline = this.client.pipeline();
    for (const name of names) {
      pipeline.zscore(`${this.prefix}last-event`, name);
      pipeline.zscore(`${this.prefix}last-seen`, name);
      pipeline.hget(`${this.prefix}lag`, name);
      for (const c of COUNTERS) pipeline.mget(minutes.map((m) => this.bucketKey(c, name, m)));
    }
    const results = (await pipeline.exec()) ?? [];
    const value = (i: number): unknown => {
      const [error, v] = results[i] ?? [new Error('no answer'), null];
      if (error) throw error;
      return v;
    };
    const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number.isFinite(Number(v)) ? Number(v) : null);
    const per = 3 + COUNTERS.length;
    names.forEach((name, n) => {
      const base = n * per;
      const counts = {} as IntakeSourceStats['counts'];
      COUNTERS.forEach((c, k) => {
        const buckets = (value(base + 3 + k) as (string | null)[]).map((b) => Number(b ?? 0) || 0);
        counts[c] = { last5: buckets.slice(0, 5).reduce((a, b) => a + b, 0), last60: buckets.reduce((a, b) => a + b, 0) };
      });
      out.set(name, { lastEventMs: num(value(base)), lastSeenMs: num(value(base + 1)), lagMs: num(value(base + 2)), counts });
    });
    return out;
  }

  private bucketKey(counter: IntakeCounter, source: string, minute: number): string {
    return `${this.prefix}${counter}:${source}:${minute}`;
  }

  private bump(pipeline: ChainableCommander, counter: IntakeCounter, source: string, minute: number, by: number): void {
    const key = this.bucketKey(counter, source, minute);
    pipeline.incrby(key, by);
    pipeline.expire(key, BUCKET_TTL_SECONDS);
  }

  private seen(pipeline: ChainableCommander, source: string, now: number, newestEventMs: number | null): void {
    pipeline.zadd(`${this.prefix}last-seen`, now, source);
    if (newestEventMs !== null) {
      pipeline.zadd(`${this.prefix}last-event`, 'GT', newestEventMs, source);
      pipeline.hset(`${this.prefix}lag`, source, String(now - newestEventMs));
    }
  }

  private async exec(pipeline: ChainableCommander): Promise<void> {
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0] as Error;
  }
}
