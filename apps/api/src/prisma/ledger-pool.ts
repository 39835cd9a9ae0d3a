import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CONNECT_TIMEOUT_MS } from './prisma.service.js';

/** The longest one statement of a feed batch may run (server side), and the client's own bound a little above it. */
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * A `pg` pool for the feed's bulk writes (LedgerRepository.applyBatch): the ledger's hot path, a few large
 * statements per batch. Measured here, the same statement through Prisma's driver adapter took about 40 % longer
 * (its query interpreter handles the batch's large JSON parameter and result), so the hot path speaks to `pg`
 * directly; everything else goes through Prisma. Sized for the consumer's concurrent writers
 * (HOTLINE_FEED_WRITERS) plus one; the same connect bound, keep-alive and shutdown phase as {@link PrismaService}.
 */
@Injectable()
export class LedgerPool implements OnApplicationShutdown {
  private readonly logger = new Logger(LedgerPool.name);
  private readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.DATABASE_URL,
      max: config.HOTLINE_FEED_WRITERS + 1,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 5000,
    });
    // An idle connection dropped by the server: the pool replaces it; the next query reports anything lasting.
    this.pool.on('error', (error) => this.logger.warn(`ledger pool: an idle connection failed (${error.message})`));
  }

  /**
   * Runs `work` in one transaction on a pooled connection: committed when it resolves, rolled back when it throws.
   * @throws what `work` or the database throws (a connection that cannot be had within 30 s included).
   */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (again) {
        broken = again as Error; // the connection is gone: do not return it to the pool
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Last shutdown phase, after the feed consumer has finished its batch. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
