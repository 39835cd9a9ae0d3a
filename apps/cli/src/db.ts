import { hostname, userInfo } from 'node:os';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { CliError, say } from './cli-error';

/** A connection URL without its password, for messages (`postgresql://user@host/db`). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * Connects to Postgres.
 * @throws Error naming the URL (password hidden) and the driver's reason when the server cannot be reached.
 */
export async function connectDatabase(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(say(`cannot connect to the database at ${redactUrl(url)}: ${why}`, `无法连接数据库（${redactUrl(url)}）：${why}`));
  }
  return client;
}

/** Runs `fn` inside one transaction: committed when it returns, rolled back (and the error rethrown) when it throws. */
export async function inTransaction<T>(db: Client, fn: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    const result = await fn();
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Who runs the CLI, as the audit trail names her: `cli:<operating-system user>` (the uid when the system has no
 * name for it, as in some containers).
 */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:${process.env.USER ?? `uid-${process.getuid?.() ?? 'unknown'}`}`;
  }
}

/** One audit entry written by the CLI (the actor is always {@link cliActor}). */
export interface CliAuditEntry {
  /** `users.add`, `users.disable`, ... */
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  /** What it concerns, e.g. `user:agent1`. */
  target: string;
  /** What was done (never a password or its hash); the host the command ran on is added. */
  detail: Record<string, unknown>;
}

/**
 * Appends an entry to the audit trail with a plain INSERT: the database's insert trigger (`audit_log_chain`, migration
 * `access`) gives it its id, time and place in the hash chain, exactly as for the API's entries.
 * @returns the entry's id (decimal string).
 */
export async function appendAudit(db: Client, entry: CliAuditEntry): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO "AuditLog"(action, outcome, target, detail, "actorLogin", ip) VALUES ($1, $2, $3, $4::jsonb, $5, NULL) RETURNING id::text AS id',
    [entry.action, entry.outcome, entry.target, JSON.stringify({ ...entry.detail, host: hostname() }), cliActor()],
  );
  return result.rows[0].id;
}

/** A glob pattern matching `text` literally (Redis SCAN MATCH syntax). */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Ends every signed-in session of a user: deletes the API's session records (connect-redis keys
 * `<prefix>sess:<sid>`, JSON with the `userId`) whose `userId` is the user's. Scans in batches; never loads every key
 * at once.
 * @param prefix the API's HOTLINE_STREAM_PREFIX (`hotline:`).
 * @returns how many sessions were ended.
 * @throws Error naming the URL when Redis cannot be reached.
 */
export async function endUserSessions(redisUrl: string, prefix: string, userId: number): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined); // reported by the failing command below
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(say(`cannot connect to Redis at ${redactUrl(redisUrl)} to end the user's sessions: ${why}`, `无法连接 Redis（${redactUrl(redisUrl)}）以结束该用户的会话：${why}`));
  }
  let ended = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${globLiteral(prefix)}sess:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await redis.mget(...keys);
      const doomed = keys.filter((_key, i) => sessionUserId(values[i]) === userId);
      if (doomed.length) ended += await redis.del(...doomed);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return ended;
}

/** The `userId` of a stored session's JSON, or null (not signed in, or not JSON). */
function sessionUserId(value: string | null): number | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && 'userId' in parsed && typeof parsed.userId === 'number') return parsed.userId;
    return null;
  } catch {
    return null;
  }
}
