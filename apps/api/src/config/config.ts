import { hostname } from 'node:os';
import { z } from 'zod';
import { FollowSpecsSchema } from '@hotline/intake';

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone');

/** Every setting of the API, read from the environment once at start-up (README: "Configuration"). */
const ConfigSchema = z.object({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/hotline'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOTLINE_TIMEZONE: timeZone.default('Asia/Shanghai'),
  HOTLINE_STREAM_PREFIX: z.string().min(1).default('hotline:'),
  /** The hotline's name as the month's documents print it. */
  HOTLINE_NAME: z.string().min(1).max(100).default('12123 交通安全服务热线'),
  /** The supplier (服务单位) as the month's documents print it. */
  HOTLINE_SUPPLIER: z.string().min(1).max(100).default('热线运营服务单位'),
  HOTLINE_CONSUMER_GROUP: z.string().min(1).default('ledger'),
  HOTLINE_CONSUMER: z.string().min(1).default(`${hostname()}-${process.pid}`),
  HOTLINE_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(15_000),
  HOTLINE_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(2000),
  /** Entries per read of the backfill lane (history): larger than a live batch, for throughput; a live event waits at most one. */
  HOTLINE_BACKFILL_BATCH_SIZE: z.coerce.number().int().min(1).max(20000).default(5000),
  /** Concurrent ledger transactions per batch (its calls split by call id): about the database's cores. */
  HOTLINE_FEED_WRITERS: z.coerce.number().int().min(1).max(16).default(2),
  HOTLINE_SL_SECONDS: z.coerce.number().nonnegative().default(20),
  HOTLINE_CONNECT_TARGET_PERCENT: z.coerce.number().min(0).max(100).default(90),
  HOTLINE_SHORT_IVR_EXCLUDE_SECONDS: z.coerce.number().nonnegative().default(0),
  /** Minutes between two reconciliations of the ledger's rollups with the calls (0: never; on demand only). */
  HOTLINE_ROLLUP_CHECK_MINUTES: z.coerce.number().min(0).max(7 * 24 * 60).default(60),
  /** Local days each scheduled reconciliation checks, ending today (2: today and yesterday). */
  HOTLINE_ROLLUP_CHECK_DAYS: z.coerce.number().int().min(1).max(31).default(2),
  HOTLINE_PUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(1000).default(250),
  HOTLINE_CONSOLE_DIR: z.string().optional(),
  HOTLINE_ROSTER_TIME_LIMIT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Anytime solving: the most seconds a planning job may keep improving after its answer (a request's improveSeconds above it is a 400). */
  HOTLINE_ROSTER_IMPROVE_BUDGET_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** The background search stops after this many seconds without a better roster (unless the request says otherwise). */
  HOTLINE_ROSTER_IMPROVE_STALL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  /** Planning jobs one API process solves at the same time (each in a worker thread: about its spare cores). */
  HOTLINE_ROSTER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Signs the session cookie: 32+ random characters (`openssl rand -base64 48`). */
  HOTLINE_SESSION_SECRET: z.string().min(32, 'at least 32 characters (openssl rand -base64 48)'),
  /** Caller-number encryption keys (AES-256-GCM), `id:base64key,...`: the first encrypts, all decrypt (rotation). */
  HOTLINE_CALLER_KEYS: z.string().min(1).refine(
    (v) => v.split(',').every((k) => /^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=$/.test(k.trim())),
    'expected id:base64 of 32 bytes, comma-separated (openssl rand -base64 32)',
  ),
  /** Keyed hash of caller numbers (HMAC-SHA-256) for repeat-caller matching: base64 of 32+ bytes. */
  HOTLINE_CALLER_HMAC_KEY: z.string().regex(/^[A-Za-z0-9+/]{43,}={0,2}$/, 'expected base64 of 32 or more bytes (openssl rand -base64 32)'),
  /** A session unused this long ends (等保: 30 minutes). */
  HOTLINE_IDLE_TIMEOUT_MINUTES: z.coerce.number().min(0.05).max(24 * 60).default(30),
  /** A session ends this long after sign-in, used or not. */
  HOTLINE_ABSOLUTE_TIMEOUT_HOURS: z.coerce.number().min(0.01).max(168).default(12),
  /** Consecutive wrong passwords that lock an account, and for how long. */
  HOTLINE_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  HOTLINE_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Sign-in attempts per client address per minute (@nestjs/throttler). */
  HOTLINE_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Other origins allowed to call the API with credentials (comma-separated; empty: the console's own origin only). */
  HOTLINE_CORS_ORIGINS: z.string().default('').transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Behind a TLS-terminating proxy: cookie `Secure`, HSTS, proxy headers trusted for the client address. */
  HOTLINE_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Start-up waits at most this long for Postgres and Redis to answer, then exits naming the one that did not. */
  HOTLINE_STARTUP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** A graceful stop (SIGTERM, SIGINT, SIGHUP) that takes longer than this ends the process anyway (exit 1). */
  HOTLINE_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Each check of `GET /api/health/ready` (Postgres, Redis, the feed's backlog) fails when it has no answer within this. */
  HOTLINE_READY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** The feed counts as stalled (not ready) when its consumer loop has not completed a read or claim for this long. */
  HOTLINE_READY_STALL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** The feed counts as lagging (not ready) when more live-stream entries than this wait for the ledger (undelivered + pending). */
  HOTLINE_READY_MAX_LAG: z.coerce.number().int().min(0).default(10_000),
  /**
   * Retention of acknowledged stream entries: entries older than this that the consumer group has acknowledged are
   * trimmed (XTRIM MINID, once a minute). The consumer already deletes each entry once acknowledged (XDEL), so this
   * only removes what a crash between acknowledgement and deletion left; 0 trims every acknowledged entry.
   */
  HOTLINE_STREAM_RETENTION_SECONDS: z.coerce.number().int().min(0).max(30 * 86_400).default(3600),
  /**
   * Rows of the ledger's change outbox (`LedgerChange`) older than this are deleted by any node; a node whose last
   * read of it is older than this (paused, fell behind) rebuilds its live state from the ledger instead.
   */
  HOTLINE_LEDGER_CHANGE_RETENTION_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** The fallback poll of the change outbox (ms) beside its LISTEN/NOTIFY wake-up. */
  HOTLINE_LEDGER_CHANGE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** A consumer of the group (another API process) with no pending entries and idle this long is deleted (XGROUP DELCONSUMER). */
  HOTLINE_DEAD_CONSUMER_IDLE_MS: z.coerce.number().int().min(1000).default(600_000),
  /** A feed alarm (consumer group or stream recreated, entries lost) stays active in the feed's health and readiness this long. */
  HOTLINE_FEED_ALARM_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(900),
  /**
   * Live sources the API follows (apps/api/src/intake/follow.service.ts): `;`-separated `[name=]file:/abs/path` or
   * `[name=]table:mysql://…|postgresql://…?table=queue_log[&timezone=Asia/Shanghai]`; empty: none.
   */
  HOTLINE_FOLLOW: FollowSpecsSchema,
  /** How often the followers look for new lines or rows (ms). */
  HOTLINE_FOLLOW_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
  /** An intake source (configured or seen in the feed) with no events for this long is silent: alarm (a source's own threshold overrides). */
  HOTLINE_INTAKE_SILENCE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  /** Platform pushes (`POST /api/intake/events`) per client address per minute (@nestjs/throttler), each batch up to 1000 events. */
  HOTLINE_INTAKE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(600),
});

export type AppConfig = z.infer<typeof ConfigSchema>;

/**
 * BullMQ's connection and key prefix: the Redis of REDIS_URL, keys under `<HOTLINE_STREAM_PREFIX>bull:` so that a
 * test's prefix isolates its queues too.
 */
export function bullOptions(config: AppConfig): { connection: { host: string; port: number; username?: string; password?: string; db: number; tls?: object; maxRetriesPerRequest: null }; prefix: string } {
  const url = new URL(config.REDIS_URL);
  return {
    connection: {
      host: url.hostname,
      port: url.port ? Number(url.port) : 6379,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
      maxRetriesPerRequest: null,
    },
    prefix: `${config.HOTLINE_STREAM_PREFIX}bull`,
  };
}

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Validates the environment.
 * @throws Error listing every invalid variable by name.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`invalid configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
