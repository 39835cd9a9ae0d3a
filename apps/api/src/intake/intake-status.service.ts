import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { IntakeKind, IntakeSourceStatus, IntakeStatus } from '@hotline/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisService } from '../redis/redis.module.js';
import { IntakeSourcesService } from './intake-sources.service.js';
import { IntakeStatsService } from './intake-stats.service.js';

/** How often the silence alarm is checked. */
const CHECK_EVERY_MS = 30_000;
/** An alarm marker outlives any sensible silence; it is removed when the source is heard again. */
const ALARM_TTL_SECONDS = 30 * 86_400;
/** Kinds of sources expected to deliver continuously: only these can be silent (an import is one-off). */
const WATCHED_KINDS: ReadonlySet<string> = new Set(['push', 'file', 'table']);
/**
 * Labels the feed counts that are not sources: `stream` is the consumer's own dead letters of stream entries it could
 * not read (their source is unknown); it is never listed.
 */
const NOT_SOURCES: ReadonlySet<string> = new Set(['stream']);

/**
 * The intake status page (`GET /api/intake/status`) and the silence alarm. A source is every configured one plus
 * every `source` name the feed (or the push) received in the last 30 days (never `stream`, the consumer's own dead
 * letters). Only a configured, enabled source of kind push, file or table is watched: it is silent when nothing
 * arrived for longer than its threshold (its own `silenceMinutes`, else HOTLINE_INTAKE_SILENCE_MINUTES), counted from
 * its last arrival, or from its creation when never heard from. Import sources and names only seen in the feed (a
 * replay, a CLI follower) show their figures but are never silent and raise no alarm.
 *
 * Alarm: every {@link CHECK_EVERY_MS} (and after each status request) each API node looks at the status; a silent source whose alarm marker
 * (`<prefix>intake:alarm:<name>`) is absent gets it (SET NX: one node wins) and that node logs one error line —
 * once per silence episode across the cluster. When the source is heard again the marker is removed (the episode
 * ends, a later silence alarms again) and an info line says so.
 */
@Injectable()
export class IntakeStatusService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IntakeAlarm');
  private timer: NodeJS.Timeout | undefined;
  private readonly alarmPrefix: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sources: IntakeSourcesService,
    private readonly stats: IntakeStatsService,
    private readonly redis: RedisService,
  ) {
    this.alarmPrefix = `${config.HOTLINE_STREAM_PREFIX}intake:alarm:`;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.checkSilence(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The status of every source, configured ones first (by name), then those only seen in the feed. */
  async status(nowMs = Date.now()): Promise<IntakeStatus> {
    const configured = await this.sources.configured();
    const seen = await this.stats.seenSources();
    const known = new Set(configured.map((s) => s.name));
    const others = seen.filter((n) => !known.has(n) && !NOT_SOURCES.has(n)).sort();
    const names = [...configured.map((s) => s.name).filter((n) => !NOT_SOURCES.has(n)), ...others];
    const stats = await this.stats.read(names, nowMs);
    const fallback = this.config.HOTLINE_INTAKE_SILENCE_MINUTES;
    const one = (name: string, config: (typeof configured)[number] | undefined): IntakeSourceStatus => {
      const s = stats.get(name);
      const silenceMinutes = config?.silenceMinutes ?? fallback;
      const enabled = config?.enabled ?? true;
      const since = s?.lastSeenMs ?? config?.createdAt.getTime() ?? nowMs;
      const watched = config !== undefined && config.enabled && WATCHED_KINDS.has(config.kind);
      return {
        name,
        kind: (config?.kind as IntakeKind | undefined) ?? null,
        configured: config !== undefined,
        enabled,
        description: config?.description ?? '',
        lastEventAt: s?.lastEventMs != null ? new Date(s.lastEventMs).toISOString() : null,
        lastSeenAt: s?.lastSeenMs != null ? new Date(s.lastSeenMs).toISOString() : null,
        lagSeconds: s?.lagMs != null ? Math.round(s.lagMs / 100) / 10 : null,
        eventsPerMinute5: Math.round(((s?.counts.ev.last5 ?? 0) / 5) * 10) / 10,
        eventsPerMinute60: Math.round(((s?.counts.ev.last60 ?? 0) / 60) * 10) / 10,
        events60: s?.counts.ev.last60 ?? 0,
        deadLetters60: s?.counts.dl.last60 ?? 0,
        pushAccepted60: s?.counts.pa.last60 ?? 0,
        pushRejected60: s?.counts.pr.last60 ?? 0,
        silenceMinutes,
        silent: watched && nowMs - since > silenceMinutes * 60_000,
      };
    };
    const byName = new Map(configured.map((c) => [c.name, c]));
    const status = {
      generatedAt: new Date(nowMs).toISOString(),
      defaultSilenceMinutes: fallback,
      sources: names.map((n) => one(n, byName.get(n))),
    };
    void this.alarm(status.sources);
    return status;
  }

  /**
   * One round of the silence alarm (see the class): the status, whose computation raises or ends the episodes.
   * Never throws: a failure is logged as a warning and the next round tries again.
   */
  async checkSilence(): Promise<void> {
    try {
      await this.status();
    } catch (error) {
      this.logger.warn(`intake silence check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Raises or ends the silence episodes of these sources (see the class). Never throws. */
  private async alarm(sources: readonly IntakeSourceStatus[]): Promise<void> {
    try {
      for (const s of sources) {
        const key = `${this.alarmPrefix}${s.name}`;
        if (s.silent) {
          const raised = await this.redis.client.set(key, s.lastSeenAt ?? 'never', 'EX', ALARM_TTL_SECONDS, 'NX');
          if (raised === 'OK') {
            this.logger.error(
              `intake source "${s.name}" is silent: ${s.lastSeenAt ? `nothing received since ${s.lastSeenAt}` : 'nothing received since it was configured'} (threshold ${s.silenceMinutes} min)`,
            );
          }
        } else if ((await this.redis.client.del(key)) > 0) {
          this.logger.log(`intake source "${s.name}" is receiving again (last seen ${s.lastSeenAt ?? 'never'})`);
        }
      }
    } catch (error) {
      this.logger.warn(`intake silence check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
