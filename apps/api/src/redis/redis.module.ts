import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * Redis connections: `client` for commands, `blocking` for the consumer's blocking XREADGROUP. Closed in
 * `onApplicationShutdown`, Nest's last shutdown phase: after the feed consumer has acknowledged its batch in
 * flight (it stops in `onModuleDestroy`).
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  readonly blocking: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.blocking = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  }

  onApplicationShutdown(): void {
    this.blocking.disconnect();
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
