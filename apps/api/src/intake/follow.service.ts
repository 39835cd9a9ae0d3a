import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { maskNumbersInText } from '@hotline/contracts';
import { backoff, createFollower, pause, type FollowSpec, type IntakeLogger } from '@hotline/intake';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** A follower's lease lasts this long without renewal (ms); another API node takes over after it. */
const LEASE_MS = 15_000;

/**
 * Runs the followers configured in `HOTLINE_FOLLOW` (live queue_log files and realtime tables, see @hotline/intake)
 * from application start to shutdown. With several API nodes, each source is followed by one node at a time: a
 * lease `<prefix>intake:lease:<source>` (SET NX PX, renewed every 5 s) picks it; the others wait and take over when
 * it lapses. A follower that fails (unreadable checkpoint, an error it does not retry) is logged and restarted with
 * back-off; the database or the file going away is handled inside the follower (retried, logged).
 * Stops in `onModuleDestroy` (SIGTERM/SIGINT): each follower finishes its write in progress, then the lease is freed.
 */
@Injectable()
export class FollowService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Intake');
  private readonly stop = new AbortController();
  private readonly runs: Promise<void>[] = [];
  private readonly owner = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private redis: Redis | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The configured sources (for status and tests). */
  get specs(): FollowSpec[] {
    return this.config.HOTLINE_FOLLOW;
  }

  onApplicationBootstrap(): void {
    if (this.specs.length === 0) return;
    this.redis = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 2, connectionName: `hotline-intake-${process.pid}` });
    this.redis.on('error', () => undefined); // failed writes are logged and retried by the followers
    for (const spec of this.specs) this.runs.push(this.supervise(spec, this.redis));
    this.logger.log(`following ${this.specs.map((s) => `${s.source} (${s.kind === 'file' ? s.path : s.target.display})`).join(', ')}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.runs);
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private async supervise(spec: FollowSpec, redis: Redis): Promise<void> {
    const signal = this.stop.signal;
    const prefix = this.config.HOTLINE_STREAM_PREFIX;
    const lease = `${prefix}intake:lease:${spec.source}`;
    // Dead-letter reasons may quote a line's values: numbers are masked like everywhere else in the logs.
    const log: IntakeLogger = { info: (m) => this.logger.log(maskNumbersInText(m)), warn: (m) => this.logger.warn(maskNumbersInText(m)), error: (m) => this.logger.error(maskNumbersInText(m)) };
    let waiting = false;
    for (let attempt = 0; !signal.aborted; ) {
      const held = await redis.set(lease, this.owner, 'PX', LEASE_MS, 'NX').catch(() => null);
      if (held !== 'OK' && (await redis.get(lease).catch(() => null)) !== this.owner) {
        if (!waiting) this.logger.log(`${spec.source}: followed by another API node; standing by`);
        waiting = true;
        await pause(LEASE_MS / 3, signal);
        continue;
      }
      waiting = false;
      const run = new AbortController();
      const onStop = () => run.abort();
      signal.addEventListener('abort', onStop);
      const renew = setInterval(() => {
        // Renew only our own lease; lost (expired and taken): stop this run, the other node follows now.
        redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end", 1, lease, this.owner, LEASE_MS)
          .then((kept) => {
            if (kept === 0) {
              this.logger.warn(`${spec.source}: lease lost to another API node; stopping here`);
              run.abort();
            }
          })
          .catch(() => undefined);
      }, LEASE_MS / 3);
      try {
        await createFollower(spec, redis, prefix, log, { pollMs: this.config.HOTLINE_FOLLOW_POLL_MS, waitForFile: true }).run(run.signal);
        attempt = 0;
      } catch (error) {
        const wait = backoff(attempt++);
        this.logger.error(`${spec.source}: follower failed: ${(error as Error).message}; restarting in ${Math.round(wait / 1000)} s`);
        await pause(wait, signal);
      } finally {
        clearInterval(renew);
        signal.removeEventListener('abort', onStop);
      }
    }
    await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, lease, this.owner).catch(() => undefined);
  }
}
