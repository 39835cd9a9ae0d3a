import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskNumbersInText, type FeedReadyCheck, type ReadyCheck, type ReadyPart, type Readiness } from '@hotline/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { FeedConsumerService } from '../feed/feed-consumer.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RedisService } from '../redis/redis.module.js';
import { SingleFlight, publicReason } from './bounded.js';

/**
 * Readiness (`GET /api/health/ready`): whether this API process can do its work now. Three parts, checked at once,
 * each within HOTLINE_READY_TIMEOUT_MS:
 * - `database`: `SELECT 1` through the ledger's own connection pool (a pool exhausted by hung queries fails too);
 * - `redis`: `PING` on the connection the feed and the live floor use;
 * - `feed`: the consumer loop runs and has completed a read or a claim within HOTLINE_READY_STALL_SECONDS, and the
 *   live stream's backlog (undelivered + pending) is at most HOTLINE_READY_MAX_LAG entries; failing too when the
 *   stream or its consumer group is missing, or Redis does not say the backlog.
 * Each probe runs one at a time (concurrent callers share it), so polling cannot pile up queries on a database that
 * does not answer. A part that turns failing is logged once with the driver's detail (numbers masked); the answer
 * itself carries only short public reasons.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger(ReadinessService.name);
  private readonly database: SingleFlight<unknown>;
  private readonly ping: SingleFlight<unknown>;
  private readonly backlog: SingleFlight<number | 'missing'>;
  /** The parts failing at the last check, for logging transitions only. */
  private readonly failing = new Set<ReadyPart>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly consumer: FeedConsumerService,
  ) {
    const abandonAfter = Math.max(10_000, 10 * config.HOTLINE_READY_TIMEOUT_MS);
    this.database = new SingleFlight(() => this.prisma.$queryRaw`SELECT 1`, abandonAfter);
    this.ping = new SingleFlight(() => this.redis.client.ping(), abandonAfter);
    this.backlog = new SingleFlight(() => this.consumer.liveBacklog(), abandonAfter);
  }

  /** Checks every part (at most HOTLINE_READY_TIMEOUT_MS, all at once). Never throws. */
  async check(): Promise<Readiness> {
    const [database, redis, feed] = await Promise.all([this.probe('database', this.database), this.probe('redis', this.ping), this.feed()]);
    const checks = { database, redis, feed };
    const failing = (['database', 'redis', 'feed'] as const).filter((part) => checks[part].status === 'failing');
    return { status: failing.length ? 'unready' : 'ready', failing, checks };
  }

  private async probe(part: ReadyPart, probe: SingleFlight<unknown>): Promise<ReadyCheck> {
    try {
      await probe.within(this.config.HOTLINE_READY_TIMEOUT_MS);
      return this.ok(part);
    } catch (error) {
      return this.failed(part, publicReason(error), error);
    }
  }

  private async feed(): Promise<FeedReadyCheck> {
    const reasons: string[] = [];
    let lag: number | null = null;
    let detail: unknown;
    try {
      const backlog = await this.backlog.within(this.config.HOTLINE_READY_TIMEOUT_MS);
      if (backlog === 'missing') reasons.push('the stream or its consumer group is missing');
      else lag = backlog;
    } catch (error) {
      detail = error;
      reasons.push(`backlog unknown: Redis ${publicReason(error)}`);
    }
    const { running, lastProgressAt } = this.consumer.progress();
    const stallMs = this.config.HOTLINE_READY_STALL_SECONDS * 1000;
    if (!running) reasons.push('the consumer is not running');
    else if (lastProgressAt === null || Date.now() - lastProgressAt > stallMs) reasons.push(`no progress for over ${this.config.HOTLINE_READY_STALL_SECONDS} s`);
    if (lag !== null && lag > this.config.HOTLINE_READY_MAX_LAG) reasons.push(`backlog over ${this.config.HOTLINE_READY_MAX_LAG} entries`);
    // A recovered incident (group or stream recreated, entries lost) is reported for a while without failing the check.
    const last = this.consumer.activeAlarm();
    const alarm = last ? { alarm: `${last.kind} at ${last.at}` } : {};
    if (reasons.length === 0) return { ...this.ok('feed'), lag, ...alarm };
    return { ...this.failed('feed', reasons.join('; '), detail), lag, ...alarm };
  }

  private ok(part: ReadyPart): ReadyCheck {
    if (this.failing.delete(part)) this.logger.log(`ready: ${part} is ok again`);
    return { status: 'ok' };
  }

  private failed(part: ReadyPart, reason: string, detail: unknown): ReadyCheck {
    if (!this.failing.has(part)) {
      this.failing.add(part);
      const text = detail instanceof Error ? `: ${maskNumbersInText(detail.message)}` : '';
      this.logger.warn(`not ready: ${part} failing (${reason})${text}`);
    }
    return { status: 'failing', reason };
  }
}
