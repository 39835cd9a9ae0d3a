import { Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** Redis connections: `client` for commands, `blocking` for the consumer's blocking XREADGROUP. */
@Injectable()
export class RedisService implements OnModuleDestroy {
  readonly client: Redis;
  readonly blocking: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.blocking = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  }

  onModuleDestroy(): void {
    this.blocking.disconnect();
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
