import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { maskNumbersInText } from '@hotline/contracts';
import { FileFollower, SOURCE_NAME, StreamSink, TableFollower, fileSourceName, parseTableUrl, tableSourceName, type IntakeLogger } from '@hotline/intake';
import { CliUsageError } from '../cli-error';
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
  if (!flags.streamPrefix) throw new CliUsageError('--stream-prefix must not be empty (the API reads <prefix>events)');
  if (file && flags.table) throw new CliUsageError('give either a FILE or --table, not both');
  if (!file && !flags.table) throw new CliUsageError('give the queue_log FILE to follow, or --table mysql://…|postgresql://…?table=queue_log');
  if (flags.format !== undefined && flags.format !== 'queue_log') throw new CliUsageError(`--format must be queue_log (the only live format); got "${flags.format}"`);
  if (file && flags.format === undefined) throw new CliUsageError('--format queue_log is required with a FILE');
  const seconds = Number(flags.pollInterval);
  if (!(seconds >= 0.05 && seconds <= 3600)) throw new CliUsageError(`--poll-interval must be a number of seconds between 0.05 and 3600; got "${flags.pollInterval}"`);
  if (flags.startAt !== 'start' && flags.startAt !== 'end') throw new CliUsageError(`--start-at must be start or end; got "${flags.startAt}"`);
  if (flags.source !== undefined && !SOURCE_NAME.test(flags.source)) throw new CliUsageError(`--source "${flags.source}" must be 1-100 letters, digits or _ . : @ / -`);
  const common = { pollMs: Math.round(seconds * 1000), startAt: flags.startAt } as const;
  if (file) {
    if (!existsSync(file)) throw new CliUsageError(`${file}: no such file`);
    if (!statSync(file).isFile()) throw new CliUsageError(`${file}: not a regular file`);
    if (flags.sourceTimezone) throw new CliUsageError('--source-timezone applies to --table only (the file holds epoch seconds)');
    return { kind: 'file', path: file, source: flags.source ?? fileSourceName(file), ...common };
  }
  let target: ReturnType<typeof parseTableUrl>;
  try {
    target = parseTableUrl(flags.table!);
  } catch (error) {
    throw new CliUsageError(`--table: ${(error as Error).message}`);
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
export function registerFollowCommand(program: Command): void {
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
    .option('--redis-url <url>', 'Redis', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    .option('--stream-prefix <prefix>', 'key prefix of the streams', process.env.HOTLINE_STREAM_PREFIX ?? 'hotline:')
    .option('--quiet', 'warnings and errors only')
    .action(async (file: string | undefined, flags: FollowFlags) => {
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
    throw new CliUsageError(`cannot reach Redis at ${flags.redisUrl} (${(lastError ?? (error as Error)).message}); start it (see README) or pass --redis-url`);
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
