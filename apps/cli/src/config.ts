// The CLI's settings from the environment, read once at start by main.ts (commands get them as an argument and
// never read process.env themselves; commander defaults hold no environment value).
import { CLI_LANGS, CliUsageError, type CliLang, say } from './cli-error';

/** The database the CLI's account and audit commands use when neither `--database-url` nor `DATABASE_URL` is set. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/hotline';
/** The Redis used when neither `--redis-url` nor `REDIS_URL` is set (the API's default). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** The API's Redis key prefix when `HOTLINE_STREAM_PREFIX` is not set. */
export const DEFAULT_STREAM_PREFIX = 'hotline:';

/** The environment as the CLI reads it (`process.env` in main.ts; a plain record in specs). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/** What the commands take from the environment. */
export interface CliConfig {
  /** The language of the reasons printed (`--lang`, else {@link langFromEnv}). */
  lang: CliLang;
  /** DATABASE_URL, else {@link DEFAULT_DATABASE_URL}. */
  databaseUrl: string;
  /** REDIS_URL, else {@link DEFAULT_REDIS_URL}. */
  redisUrl: string;
  /** HOTLINE_STREAM_PREFIX, else {@link DEFAULT_STREAM_PREFIX}. */
  streamPrefix: string;
  /** The variables of the API commands: HOTLINE_API_URL, PORT, HOTLINE_API_LOGIN, HOTLINE_API_PASSWORD. */
  api: ApiEnv;
}

/** The environment of the commands that call the API. */
export interface ApiEnv {
  HOTLINE_API_URL?: string;
  PORT?: string;
  HOTLINE_API_LOGIN?: string;
  HOTLINE_API_PASSWORD?: string;
}

/**
 * The language of a locale name: `zh`, `zh_CN.UTF-8`, `zh-CN` -> zh-CN; any other set locale (`C.UTF-8`, `en_US`,
 * `POSIX`, `de_DE`) -> en; unset or empty -> undefined.
 */
function langOfLocale(locale: string | undefined): CliLang | undefined {
  const value = locale?.trim();
  if (!value) return undefined;
  return /^zh([_-]|$)/i.test(value) ? 'zh-CN' : 'en';
}

/**
 * The language when `--lang` is not given: HOTLINE_LANG (zh-CN or en), else the system locale (LC_ALL, LC_MESSAGES,
 * LANG, the first set: a Chinese locale gives zh-CN, any other en), else zh-CN (the hotline's own language; e.g. a
 * container with no locale).
 * @throws CliUsageError when HOTLINE_LANG is set to something else than zh-CN or en.
 */
export function langFromEnv(env: CliEnv): CliLang {
  const chosen = env.HOTLINE_LANG?.trim();
  if (chosen) return langOption(chosen, 'HOTLINE_LANG');
  return localeLang(env);
}

/** The language of the system locale alone (LC_ALL, LC_MESSAGES, LANG; else zh-CN): also for a bad `--lang` itself. */
export function localeLang(env: CliEnv): CliLang {
  return langOfLocale(env.LC_ALL) ?? langOfLocale(env.LC_MESSAGES) ?? langOfLocale(env.LANG) ?? 'zh-CN';
}

/** A language name given by the user (`--lang`, HOTLINE_LANG). @throws CliUsageError naming `where`. */
export function langOption(value: string, where: string): CliLang {
  if ((CLI_LANGS as readonly string[]).includes(value)) return value as CliLang;
  throw new CliUsageError(say(`${where} must be one of ${CLI_LANGS.join(', ')} (got "${value}")`, `${where} 只能是 ${CLI_LANGS.join('、')}（收到 "${value}"）`));
}

/**
 * The `--lang` of the command line, looked up before commander parses it (so that commander's own complaints are
 * already in that language): `--lang en` or `--lang=en` anywhere before a `--`.
 */
export function langFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return undefined;
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i].startsWith('--lang=')) return argv[i].slice('--lang='.length);
  }
  return undefined;
}

/**
 * The settings of a run: the environment read once (main.ts), `--lang` from the command line.
 * @throws CliUsageError for a `--lang` or HOTLINE_LANG other than zh-CN or en (in the language the rest gives).
 */
export function readConfig(env: CliEnv, argv: readonly string[] = []): CliConfig {
  const flag = langFromArgv(argv);
  const nonEmpty = (value: string | undefined) => (value?.trim() ? value : undefined);
  return {
    lang: flag !== undefined ? langOption(flag, '--lang') : langFromEnv(env),
    databaseUrl: nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL,
    redisUrl: nonEmpty(env.REDIS_URL) ?? DEFAULT_REDIS_URL,
    streamPrefix: env.HOTLINE_STREAM_PREFIX ?? DEFAULT_STREAM_PREFIX,
    api: { HOTLINE_API_URL: env.HOTLINE_API_URL, PORT: env.PORT, HOTLINE_API_LOGIN: env.HOTLINE_API_LOGIN, HOTLINE_API_PASSWORD: env.HOTLINE_API_PASSWORD },
  };
}

/**
 * The API's address when --api-url is not given: HOTLINE_API_URL, else the local API on PORT (the variable the
 * API itself listens on), else on 3000.
 * @throws CliUsageError when PORT is not a port number.
 */
export function defaultApiUrl(env: ApiEnv): string {
  if (env.HOTLINE_API_URL) return env.HOTLINE_API_URL;
  const port = env.PORT?.trim();
  if (port !== undefined && port !== '' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65_535)) {
    throw new CliUsageError(say(`PORT must be a port number from 1 to 65535 (got "${env.PORT}"); or give --api-url`, `PORT 必须是 1 到 65535 的端口号（收到 "${env.PORT}"）；或给出 --api-url`));
  }
  return `http://127.0.0.1:${port || 3000}`;
}
