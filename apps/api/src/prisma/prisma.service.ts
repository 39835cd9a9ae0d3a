import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PrismaClient } from '../generated/prisma/client.js';

/**
 * A new pool connection that is not ready within this long fails (instead of waiting for ever on a database that
 * accepts the TCP connection and never answers); the same bound applies to waiting for a free connection.
 */
export const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The Prisma client over the pg driver adapter (no native query engine needed). Used only by repositories.
 * TCP keep-alive is on, so a connection to a peer that went away is noticed by the operating system.
 *
 * Closed in `onApplicationShutdown`, Nest's last shutdown phase: after the feed consumer has written and
 * acknowledged its batch in flight (it stops in `onModuleDestroy`) and after the HTTP server has closed.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true }) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
