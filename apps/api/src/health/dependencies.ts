import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { withinMs } from './bounded.js';

/** Pause between two attempts at a dependency that refused or dropped the connection. */
const RETRY_MS = 500;

/** A dependency that did not answer within the start-up bound; its message says which, where and why. */
export class DependencyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}

/** `host:port/database` of a Postgres URL: no user, no password. */
export function describePostgres(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
}

/** `host:port[/db]` of a Redis URL: no user, no password. */
export function describeRedis(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '6379'}${u.pathname.length > 1 ? u.pathname : ''}`;
}

/** A Postgres error that retrying will not cure: the server answered (wrong password, no such database...). 57P03: starting up. */
function definitePostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && code !== '57P03';
}

/** A Redis error that retrying will not cure (the server answered and refused). */
function definiteRedisError(error: unknown): boolean {
  return /NOAUTH|WRONGPASS|ERR invalid password|ERR AUTH|DB index is out of range/i.test(String(error));
}

/** One attempt: connect, `SELECT 1`, close. Connection and query bounded by `ms`. */
async function tryPostgres(url: string, ms: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: ms, query_timeout: ms });
  client.on('error', () => undefined);
  try {
    await withinMs(
      (async () => {
        await client.connect();
        await client.query('SELECT 1');
      })(),
      ms,
    );
  } finally {
    // Not awaited: ending a client that never got an answer may wait for one.
    void client.end().catch(() => undefined);
  }
}

/** One attempt: connect, `PING`, close. Connection and command bounded by `ms`; no retries of its own. */
async function tryRedis(url: string, ms: number): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: ms, commandTimeout: ms, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false });
  // The socket's own error (ECONNREFUSED...) says more than the "Connection is closed." connect() rejects with.
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => (socketError = error));
  try {
    await withinMs(
      (async () => {
        await redis.connect();
        await redis.ping();
      })(),
      ms,
    );
  } catch (error) {
    throw socketError && /Connection is closed/.test(String(error)) ? socketError : error;
  } finally {
    redis.disconnect();
  }
}

/**
 * Tries `attempt` until it succeeds or `deadline` passes: a refused or dropped connection is tried again every
 * 500 ms (a database still starting), an answer that retrying cannot change (`definite`) fails at once.
 * @throws DependencyUnavailableError naming the dependency, where it is, the bound and the last failure.
 */
async function waitFor(name: string, where: string, deadline: number, boundSeconds: number, attempt: (ms: number) => Promise<void>, definite: (error: unknown) => boolean): Promise<void> {
  let last: unknown;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      await attempt(left);
      return;
    } catch (error) {
      // A timeout in the bound's last moments does not hide why the attempts before it failed (refused, say).
      if (last === undefined || !isTimeout(error)) last = error;
      if (definite(error)) throw new DependencyUnavailableError(`${name} at ${where} refused the connection: ${describe(error)}`);
    }
    const pause = Math.min(RETRY_MS, deadline - Date.now());
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  }
  throw new DependencyUnavailableError(`${name} at ${where} did not answer within ${boundSeconds} s (HOTLINE_STARTUP_TIMEOUT_SECONDS)${last === undefined ? '' : `: ${describe(last)}`}`);
}

function isTimeout(error: unknown): boolean {
  return /no answer within|timeout|timed out/i.test(error instanceof Error ? error.message : String(error));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (isTimeout(error)) return 'it accepted no connection or sent no answer (timeout)';
  return text || (error as { code?: string }).code || 'unknown error';
}

/**
 * Waits, at start-up and before anything else connects, until Postgres answers `SELECT 1` and Redis answers `PING`,
 * both within HOTLINE_STARTUP_TIMEOUT_SECONDS (checked at once). A dependency that refuses connections is tried
 * again until the bound; one that accepts the connection and never answers uses up the bound and fails.
 * @throws DependencyUnavailableError naming every dependency that did not answer (host, port, database; never the
 *   credentials), e.g. "Postgres at db:5432/hotline did not answer within 30 s (HOTLINE_STARTUP_TIMEOUT_SECONDS):
 *   connect ECONNREFUSED 10.0.0.5:5432".
 */
export async function waitForDependencies(config: Pick<AppConfig, 'DATABASE_URL' | 'REDIS_URL' | 'HOTLINE_STARTUP_TIMEOUT_SECONDS'>): Promise<void> {
  const bound = config.HOTLINE_STARTUP_TIMEOUT_SECONDS;
  const deadline = Date.now() + bound * 1000;
  const results = await Promise.allSettled([
    waitFor('Postgres', describePostgres(config.DATABASE_URL), deadline, bound, (ms) => tryPostgres(config.DATABASE_URL, ms), definitePostgresError),
    waitFor('Redis', describeRedis(config.REDIS_URL), deadline, bound, (ms) => tryRedis(config.REDIS_URL, ms), definiteRedisError),
  ]);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  if (failures.length) throw new DependencyUnavailableError(`cannot start: ${failures.join('; ')}`);
}
