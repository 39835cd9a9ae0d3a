import { hostname } from 'node:os';
import { z } from 'zod';

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
  HOTLINE_CONSUMER_GROUP: z.string().min(1).default('ledger'),
  HOTLINE_CONSUMER: z.string().min(1).default(`${hostname()}-${process.pid}`),
  HOTLINE_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(15_000),
  HOTLINE_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  HOTLINE_SL_SECONDS: z.coerce.number().nonnegative().default(20),
  HOTLINE_CONNECT_TARGET_PERCENT: z.coerce.number().min(0).max(100).default(90),
  HOTLINE_SHORT_IVR_EXCLUDE_SECONDS: z.coerce.number().nonnegative().default(0),
  HOTLINE_PUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(1000).default(250),
  HOTLINE_CONSOLE_DIR: z.string().optional(),
  HOTLINE_ROSTER_TIME_LIMIT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
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
