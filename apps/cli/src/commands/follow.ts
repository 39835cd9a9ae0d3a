import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { maskNumbersInText } from '@hotline/contracts';
import { FileFollower, SOURCE_NAME, StreamSink, TableFollower, fileSourceName, parseTableUrl, tableSourceName, type IntakeLogger } from '@hotline/intake';
import { CliUsageError, say } from '../cli-error';
import type { CliConfig } from '../config';
import { timeZoneName } from '../feed-file';

/** Flags of `hotline follow`. */
export interface FollowFlags {
  format?: string;
  table?: string;
  source?: string;
  sourceTimezone?: string;
  pollInterval: string;
  startAt: string;
  redisUrl: string;
  streamPrefix: string;
  quiet?: boolean;
}

/** What `hotline follow` will do, validated from its arguments (no I/O beyond looking at the file). */
export type FollowPlan =
  | { kind: 'file'; path: string; source: string; pollMs: number; startAt: 'start' | 'end' }
  | { kind: 'table'; target: ReturnType<typeof parseTableUrl>; source: string; pollMs: number; startAt: 'start' | 'end'; sourceTimeZone?: string };

/**
 * Validates the arguments of `hotline follow`.
 * @throws CliUsageError (exit code 2) naming the flag: neither or both of FILE and --table, a format other than
 * queue_log, a missing file, a bad table URL, poll interval, start point, zone or source name.
 */
export function planFollow(file: string | undefined, flags: FollowFlags): FollowPlan {
  if (!flags.streamPrefix) throw new CliUsageError(say('--stream-prefix must not be empty (the API reads <prefix>events)', '--stream-prefix 不能为空（API 读取 <prefix>events）'));
  if (file && flags.table) throw new CliUsageError(say('give either a FILE or --table, not both', '请给出 FILE 或 --table，不能同时给出'));
  if (!file && !flags.table) throw new CliUsageError(say('give the queue_log FILE to follow, or --table mysql://…|postgresql://…?table=queue_log', '请给出要跟随的 queue_log 文件，或 --table mysql://…|postgresql://…?table=queue_log'));
  if (flags.format !== undefined && flags.format !== 'queue_log') throw new CliUsageError(say(`--format must be queue_log (the only live format); got "${flags.format}"`, `--format 只能是 queue_log（唯一的实时格式）；收到 "${flags.format}"`));
  if (file && flags.format === undefined) throw new CliUsageError(say('--format queue_log is required with a FILE', '给出文件时必须指定 --format queue_log'));
  const seconds = Number(flags.pollInterval);
  if (!(seconds >= 0.05 && seconds <= 3600)) throw new CliUsageError(say(`--poll-interval must be a number of seconds between 0.05 and 3600; got "${flags.pollInterval}"`, `--poll-interval 必须是 0.05 到 3600 之间的秒数；收到 "${flags.pollInterval}"`));
  if (flags.startAt !== 'start' && flags.startAt !== 'end') throw new CliUsageError(say(`--start-at must be start or end; got "${flags.startAt}"`, `--start-at 只能是 start 或 end；收到 "${flags.startAt}"`));
  if (flags.source !== undefined && !SOURCE_NAME.test(flags.source)) throw new CliUsageError(say(`--source "${flags.source}" must be 1-100 letters, digits or _ . : @ / -`, `--source "${flags.source}" 必须由 1 到 100 个字母、数字或 _ . : @ / - 组成`));
  const common = { pollMs: Math.round(seconds * 1000), startAt: flags.startAt } as const;
  if (file) {
    if (!existsSync(file)) throw new CliUsageError(say(`${file}: no such file`, `${file}：文件不存在`));
    if (!statSync(file).isFile()) throw new CliUsageError(say(`${file}: not a regular file`, `${file}：不是普通文件`));
    if (flags.sourceTimezone) throw new CliUsageError(say('--source-timezone applies to --table only (the file holds epoch seconds)', '--source-timezone 只适用于 --table（文件中是纪元秒）'));
    return { kind: 'file', path: file, source: flags.source ?? fileSourceName(file), ...common };
  }
  let target: ReturnType<typeof parseTableUrl>;
  try {
    target = parseTableUrl(flags.table!);
  } catch (error) {
    throw new CliUsageError(say(`--table: ${(error as Error).message}`, `--table：${(error as Error).message}`));
  }
  const sourceTimeZone = flags.sourceTimezone ? timeZoneName(flags.sourceTimezone, '--source-timezone') : undefined;
  return { kind: 'table', target, source: flags.source ?? tableSourceName(target), sourceTimeZone, ...common };
}

/**
 * `hotline follow FILE --format queue_log` / `hotline follow --table URL`: follows a live Asterisk queue_log (file or
 * realtime table) into the Redis stream `<prefix>events` until SIGTERM or SIGINT, with its checkpoint in
 * `<prefix>intake:checkpoint:<source>` (see @hotline/intake). Exit codes: 0 when stopped by a signal; 2 for a usage
 * mistake or Redis unreachable at the start; 1 when the follower fails (an unreadable checkpoint).
 */
export function registerFollowCommand(program: Command, config: CliConfig): void {
  program
    .command('follow')
    .description('follow a live Asterisk queue_log file (rotation, restarts) or realtime queue_log table into the Redis stream the API consumes')
    .argument('[file]', 'the queue_log file, e.g. /var/log/asterisk/queue_log')
    .option('--format <format>', 'queue_log (required with FILE)')
    .option('--table <url>', 'realtime table instead of a file: mysql://user:pass@host:3306/db?table=queue_log or postgresql://user@host:5432/db?table=queue_log')
    .option('--source <name>', 'source name: the checkpoint key and the events\' source (default: the file name, or <table>@<host>/<db>)')
    .option('--source-timezone <tz>', "zone of the table's time column (Asterisk writes local time unless queue_log_realtime_use_gmt = yes)", undefined)
    .option('--poll-interval <seconds>', 'how often to look for new lines or rows', '1')
    .option('--start-at <where>', 'without a checkpoint: start (read everything) or end (only what is appended from now)', 'start')
    .option('--redis-url <url>', 'Redis (default: REDIS_URL, else redis://127.0.0.1:6379)')
    .option('--stream-prefix <prefix>', 'key prefix of the streams (default: HOTLINE_STREAM_PREFIX, else hotline:)')
    .option('--quiet', 'warnings and errors only')
    .action(async (file: string | undefined, given: Omit<FollowFlags, 'redisUrl' | 'streamPrefix'> & Partial<Pick<FollowFlags, 'redisUrl' | 'streamPrefix'>>) => {
      const flags: FollowFlags = { ...given, redisUrl: given.redisUrl ?? config.redisUrl, streamPrefix: given.streamPrefix ?? config.streamPrefix };
      const plan = planFollow(file, flags);
      await runFollow(plan, flags);
    });
}

/**
 * Runs a follower until SIGTERM/SIGINT. @throws CliUsageError when Redis cannot be reached at the start; the
 * follower's own error otherwise.
 */
export async function runFollow(plan: FollowPlan, flags: Pick<FollowFlags, 'redisUrl' | 'streamPrefix' | 'quiet'>): Promise<void> {
  const stamp = () => new Date().toISOString();
  const log: IntakeLogger = {
    info: (m) => flags.quiet || process.stderr.write(`${stamp()} ${maskNumbersInText(m)}\n`),
    warn: (m) => process.stderr.write(`${stamp()} warning: ${maskNumbersInText(m)}\n`),
    error: (m) => process.stderr.write(`${stamp()} error: ${maskNumbersInText(m)}\n`),
  };
  const redis = new Redis(flags.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: `hotline-follow-${process.pid}` });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error)); // write failures are logged by the follower
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const why = (lastError ?? (error as Error)).message;
    throw new CliUsageError(say(`cannot reach Redis at ${flags.redisUrl} (${why}); start it (see README) or pass --redis-url`, `无法连接 Redis（${flags.redisUrl}）（${why}）；请启动它（见 README）或给出 --redis-url`));
  }
  const sink = new StreamSink(redis, flags.streamPrefix);
  const follower = plan.kind === 'file'
    ? new FileFollower({ path: plan.path, source: plan.source, sink, log, pollMs: plan.pollMs, startAt: plan.startAt })
    : new TableFollower({ target: plan.target, source: plan.source, sink, log, pollMs: plan.pollMs, startAt: plan.startAt, sourceTimeZone: plan.sourceTimeZone });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    log.info(`${plan.source}: ${signal}: stopping after the write in progress`);
    stop.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await follower.run(stop.signal);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await redis.quit().catch(() => redis.disconnect());
  }
  const s = follower.stats;
  log.info(`${plan.source}: stopped; ${'lines' in s ? `${s.lines} line(s)` : `${s.rows} row(s)`} read, ${s.events} event(s) and ${s.deadLetters} dead letter(s) written`);
}
