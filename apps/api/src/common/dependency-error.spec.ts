import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { ClientClosedError, ClientOfflineError, TimeoutError } from '@redis/client';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describeDependencyFailure, unavailableDependency } from './dependency-error.js';

const PG_ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** What `run` rejects with (fails when it resolves). */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/** A Prisma error as the driver adapter's client builds it (the shapes seen against a closed port and pg_terminate_backend). */
function prismaError(code: string, cause?: Record<string, unknown>): PrismaClientKnownRequestError {
  return new PrismaClientKnownRequestError('\nInvalid `prisma.user.findMany()` invocation:\n\n\nsomething about 13800138000', {
    code, clientVersion: '7', meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : undefined,
  });
}

describe('which dependency an error says is out of reach', () => {
  it('Postgres through pg: a refused connection, a terminated backend, a pool with no free connection', async () => {
    const nowhere = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:1/x' /* nothing listens on port 1 */ });
    const refused = await rejection(() => nowhere.connect());
    await nowhere.end();
    expect(unavailableDependency(refused)).toBe('database');
    expect(describeDependencyFailure(refused)).toBe('ECONNREFUSED');

    const app = `dep_err_${process.pid}`;
    const client = new pg.Client({ connectionString: PG_ADMIN, application_name: app });
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    client.on('error', () => undefined);
    await Promise.all([client.connect(), admin.connect()]);
    try {
      const sleeping = rejection(() => client.query('SELECT pg_sleep(30)'));
      await new Promise((r) => setTimeout(r, 300));
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
      const terminated = await sleeping;
      expect(unavailableDependency(terminated)).toBe('database');
      expect(unavailableDependency(await rejection(() => client.query('SELECT 1')))).toBe('database');

      const pool = new pg.Pool({ connectionString: PG_ADMIN, max: 1, connectionTimeoutMillis: 200 });
      const held = await pool.connect();
      const exhausted = await rejection(() => pool.connect());
      held.release();
      await pool.end();
      expect(unavailableDependency(exhausted)).toBe('database');
      expect(describeDependencyFailure(exhausted)).toBe('timeout exceeded when trying to connect');

      // The server's refusals of a statement are no outage: they stay 500s (or the caller's own mapping).
      await admin.query('CREATE TEMP TABLE dep_err (x int PRIMARY KEY)');
      const duplicate = await rejection(() => admin.query('INSERT INTO dep_err VALUES (1), (1)'));
      expect((duplicate as { code?: string }).code).toBe('23505');
      expect(unavailableDependency(duplicate)).toBeNull();
      expect(unavailableDependency(await rejection(() => admin.query('SELEC 1')))).toBeNull();
    } finally {
      await admin.end();
      await client.end().catch(() => undefined);
    }
  });

  it('Prisma over the driver adapter: P1001, and P2010 carrying the adapter kind or a connection SQLSTATE', () => {
    expect(unavailableDependency(prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 }))).toBe('database');
    expect(unavailableDependency(prismaError('P2024'))).toBe('database');
    expect(unavailableDependency(prismaError('P2010', { kind: 'ConnectionClosed' }))).toBe('database');
    const terminated = prismaError('P2010', { kind: 'postgres', code: '57P01', severity: 'FATAL', message: 'terminating connection due to administrator command' });
    expect(unavailableDependency(terminated)).toBe('database');
    // Logged from codes only: the message (which may quote a statement's values) stays out.
    expect(describeDependencyFailure(terminated)).toBe('P2010 57P01');
    expect(describeDependencyFailure(prismaError('P1001', { kind: 'DatabaseNotReachable' }))).toBe('P1001 DatabaseNotReachable');
    const silent = Object.assign(new Error('Connection terminated due to connection timeout'), { clientVersion: '7' });
    expect(unavailableDependency(silent)).toBe('database');

    expect(unavailableDependency(prismaError('P2002'))).toBeNull();
    expect(unavailableDependency(prismaError('P2010', { kind: 'postgres', code: '42601', severity: 'ERROR', message: 'syntax error' }))).toBeNull();
    expect(unavailableDependency(prismaError('P2010', { kind: 'UniqueConstraintViolation' }))).toBeNull();
  });

  it('Redis: the session store client offline or closed, an ioredis connection closed', async () => {
    expect(unavailableDependency(new ClientOfflineError())).toBe('redis');
    expect(unavailableDependency(new ClientClosedError())).toBe('redis');
    expect(describeDependencyFailure(new ClientOfflineError())).toBe('ClientOfflineError');
    // What a command queued while the session store reconnects rejects with (seen without disableOfflineQueue).
    expect(unavailableDependency(new TimeoutError('Command timed out after 5000ms waiting to be sent'))).toBe('redis');
    // ioredis after its connection ended (what its commands reject with once it stops retrying).
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 0 });
    await redis.ping();
    redis.disconnect();
    const failed = await rejection(() => redis.ping());
    expect(unavailableDependency(failed)).toBe('redis');
  });

  it('anything else is not a dependency failure', () => {
    expect(unavailableDependency(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(unavailableDependency(new Error('timeout'))).toBeNull();
    expect(unavailableDependency('ECONNREFUSED')).toBeNull();
    expect(unavailableDependency(null)).toBeNull();
    expect(unavailableDependency(Object.create(null))).toBeNull();
  });
});
