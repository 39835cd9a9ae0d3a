import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisService } from '../redis/redis.module.js';
import { IntakeStatsStore } from './intake-stats.js';

export type { IntakeCounter, IntakeSourceStats } from './intake-stats.js';

/**
 * Per-source intake statistics in Redis (every API node sees the same; {@link IntakeStatsStore} documents the keys).
 * The feed consumer calls `observe(events, deadLetters)` for each batch it reads (never throws: a statistics
 * failure is logged and swallowed, never the feed's); the push records its accepted and refused batches; the
 * status page reads them.
 */
@Injectable()
export class IntakeStatsService extends IntakeStatsStore {
  constructor(@Inject(APP_CONFIG) config: AppConfig, redis: RedisService) {
    const logger = new Logger(IntakeStatsService.name);
    super(redis.client, `${config.HOTLINE_STREAM_PREFIX}intake:`, (message) => logger.error(message));
  }
}
