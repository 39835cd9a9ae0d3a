/**
 * Which dependency an error says is out of reach (Postgres or Redis), from what the drivers actually throw (tried
 * against a closed port, a server that accepts and never answers, pg_terminate_backend and an exhausted pool):
 * - Prisma over `@prisma/adapter-pg`: PrismaClientKnownRequestError `P1001` (model queries on a refused connection),
 *   `P2010` (raw queries) carrying `meta.driverAdapterError.cause` of kind `DatabaseNotReachable`,
 *   `ConnectionClosed`, `SocketTimeout`, `TooManyConnections`, or kind `postgres` with SQLSTATE `57P01` (terminated
 *   by the administrator); a plain Error "Connection terminated due to connection timeout" (silent server) or
 *   "timeout exceeded when trying to connect" (no free connection: Prisma's P2024 of the native engine);
 * - `pg` (LedgerPool): the socket's own error (`ECONNREFUSED`...), a DatabaseError with a SQLSTATE of class 08
 *   (connection exception), 57P01-57P03 (shutdown, cannot connect now) or 53300 (too many connections), and the
 *   same messages as above, "Connection terminated unexpectedly", "... is not queryable", "Query read timeout";
 * - Redis (ioredis, node-redis of the session store): "Connection is closed.", MaxRetriesPerRequestError,
 *   ClientClosedError, ClientOfflineError, SocketClosedUnexpectedlyError, ConnectionTimeoutError, and node-redis's
 *   "Command timed out after 5000ms waiting to be sent" (its offline queue's default bound).
 * Anything else (a constraint, a syntax error, a bug) is not a dependency failure: the caller keeps its 500.
 */
export type Dependency = 'database' | 'redis';

/** Prisma's error codes for a database out of reach (P1xxx: connection; P2024: no connection from the pool in time; P2037: too many connections). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2037']);
/** The driver adapter's error kinds for the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
/** SQLSTATEs of a server that drops or refuses connections: class 08, admin/crash shutdown, starting up, too many. */
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** Socket error codes (no driver named: in the API only `pg` surfaces bare socket errors; Redis clients wrap theirs). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** `pg` / `pg-pool` messages of a lost or never-made connection (Prisma quotes them after its own words). */
const PG_PHRASES = '(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Query read timeout)';
const PG_MESSAGE = new RegExp(`^${PG_PHRASES}`);
const PG_MESSAGE_QUOTED = new RegExp(PG_PHRASES);
/** Redis clients' error classes for a connection that is not there. */
const REDIS_ERRORS = new Set([
  'MaxRetriesPerRequestError', 'ClientClosedError', 'ClientOfflineError', 'SocketClosedUnexpectedlyError', 'ConnectionTimeoutError', 'ReconnectStrategyError',
  'SocketTimeoutError', 'TimeoutReadError',
]);
/** node-redis's TimeoutError (a generic class name): a queued command never sent, or sent and never answered. */
const REDIS_TIMEOUT = /^Command timed out after \d+ms waiting (to be sent|for a reply)/;

interface Shape {
  name?: unknown;
  code?: unknown;
  errorCode?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
}

/** The name of the class of `value` ('' when it has none). */
function className(value: unknown): string {
  const name = (value as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' ? name : '';
}

/** The dependency that `error` says cannot be reached now, or null (a real bug, a refusal, anything else). */
export function unavailableDependency(error: unknown): Dependency | null {
  if (error === null || typeof error !== 'object') return null;
  const e = error as Shape;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : typeof e.errorCode === 'string' ? e.errorCode : '';
  // node-redis's error classes do not set `name`: their constructor's name tells.
  if (REDIS_ERRORS.has(name) || REDIS_ERRORS.has(className(error)) || message === 'Connection is closed.' || REDIS_TIMEOUT.test(message)) return 'redis';
  if (name.startsWith('PrismaClient')) {
    const cause = e.meta?.driverAdapterError?.cause;
    if (PRISMA_CODES.has(code)) return 'database';
    if (cause && (ADAPTER_KINDS.has(String(cause.kind)) || (cause.kind === 'postgres' && SQLSTATE.test(String(cause.code))))) return 'database';
    return PG_MESSAGE_QUOTED.test(message) ? 'database' : null;
  }
  if (SQLSTATE.test(code) || SOCKET_CODES.has(code) || PG_MESSAGE.test(message)) return 'database';
  return null;
}

/**
 * A short description of a dependency failure for the log, from codes and fixed driver phrases only (`P1001
 * DatabaseNotReachable`, `57P01`, `ECONNREFUSED`, `Connection terminated`): never the error's own text, which may
 * quote a statement's parameters (callers' numbers) or name hosts.
 */
export function describeDependencyFailure(error: unknown): string {
  const e = (error ?? {}) as Shape;
  const cause = e.meta?.driverAdapterError?.cause;
  const message = typeof e.message === 'string' ? e.message : '';
  const parts = [e.code ?? e.errorCode, cause?.kind === 'postgres' ? cause.code : cause?.kind, PG_MESSAGE_QUOTED.exec(message)?.[0]];
  const words = parts.filter((p): p is string => typeof p === 'string' && p !== '');
  if (message === 'Connection is closed.') words.push('connection closed');
  return words.length ? words.join(' ') : className(error) || 'unknown';
}
