import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { maskNumbersInText } from '@hotline/contracts';
import { DEFAULT_TIMEZONE, dayKey, sortByTime, startOfDay, type CallEvent, type DeadLetter } from '@hotline/events';
import { CliUsageError } from '../cli-error';
import { feedFormat, readFeedFile, timeZoneName } from '../feed-file';

interface ReplayFlags {
  format: string;
  sourceTimezone?: string;
  timezone: string;
  speed: string;
  shiftTo?: string;
  day?: string;
  fastForwardTo?: string;
  redisUrl: string;
  streamPrefix: string;
  quiet?: boolean;
}

/** `hotline replay FILE`: adds a file's canonical events to the Redis stream `<prefix>events` at N times real time. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay a queue_log or bank call file into the Redis stream the API consumes, keeping the original spacing')
    .argument('[file]', 'queue_log (flat file or realtime-table CSV), Anonymous Bank TSV, or a synthetic profile (JSON, optional)')
    .requiredOption('--format <format>', 'queue_log | bank | synthetic')
    .option('--source-timezone <tz>', "zone of the file's local times (queue_log table: UTC; bank: the --timezone)")
    .option('--timezone <tz>', "the hotline's zone, for days", process.env.HOTLINE_TIMEZONE ?? DEFAULT_TIMEZONE)
    .option('--speed <n>', 'times real time, or "max"', '1')
    .option('--shift-to <day>', '"now" (today) or YYYY-MM-DD: moves the data\'s first day there, keeping the time of day')
    .option('--day <day>', 'replay only the calls offered on this local day of the data (YYYY-MM-DD), or these days (YYYY-MM-DD..YYYY-MM-DD)')
    .option('--fast-forward-to <HH:MM>', "send everything before this local time of the first day at once, then pace (skips a quiet night)")
    .option('--redis-url <url>', 'Redis', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    .option('--stream-prefix <prefix>', 'key prefix of the streams', process.env.HOTLINE_STREAM_PREFIX ?? 'hotline:')
    .option('--quiet', 'no progress lines')
    .action(async (file: string | undefined, flags: ReplayFlags) => {
      const plan = planReplay(file, flags);
      await sendReplay(plan, flags);
    });
}

/** What a replay will send: events in time order (already shifted), dead letters, pacing. */
export interface ReplayPlan {
  events: CallEvent[];
  deadLetters: DeadLetter[];
  skipped: Record<string, number>;
  /** Times real time; Infinity for "max". */
  speed: number;
  /** Events before this instant (epoch ms) are sent at once; pacing starts there. */
  fastForwardUntil: number;
  timeZone: string;
}

/** Reads, filters, shifts and orders the events of a replay; no I/O beyond reading the file. */
export function planReplay(file: string | undefined, flags: ReplayFlags): ReplayPlan {
  const format = feedFormat(flags.format);
  const timeZone = timeZoneName(flags.timezone, '--timezone');
  const sourceTimeZone = flags.sourceTimezone ? timeZoneName(flags.sourceTimezone, '--source-timezone') : format === 'bank' ? timeZone : undefined;
  const speed = flags.speed === 'max' ? Infinity : Number(flags.speed);
  if (!(speed > 0)) throw new CliUsageError(`--speed must be a positive number or "max"; got "${flags.speed}"`);
  const today = dayKey(new Date(), timeZone);
  const syntheticDate = flags.shiftTo ? (flags.shiftTo === 'now' ? today : checkDay(flags.shiftTo, '--shift-to', timeZone)) : today;
  const result = readFeedFile(file, format, sourceTimeZone, syntheticDate);
  let events = sortByTime(result.events);
  if (flags.day) {
    const [first, last = first] = flags.day.split('..');
    const from = checkDay(first, '--day', timeZone);
    const to = checkDay(last, '--day', timeZone);
    if (from > to) throw new CliUsageError(`--day ${flags.day}: the first day is after the last`);
    const within = (ts: string) => {
      const day = dayKey(new Date(ts), timeZone);
      return day >= from && day <= to;
    };
    const offered = new Set<string>();
    for (const e of events) if (e.callId && e.type === 'call.offered' && within(e.ts)) offered.add(e.callId);
    events = events.filter((e) => (e.callId && offered.has(e.callId)) || (e.type === 'agent.state' && within(e.ts)));
    if (events.length === 0) throw new CliUsageError(`--day ${flags.day}: the file has no calls on ${from === to ? 'that day' : 'those days'} (in ${timeZone})`);
  }
  if (flags.shiftTo && events.length > 0 && format !== 'synthetic') {
    const target = flags.shiftTo === 'now' ? dayKey(new Date(), timeZone) : checkDay(flags.shiftTo, '--shift-to', timeZone);
    const first = dayKey(new Date(events[0].ts), timeZone);
    const offset = startOfDay(target, timeZone).getTime() - startOfDay(first, timeZone).getTime();
    const tag = `@${target}`;
    events = events.map((e) => ({ ...e, ts: new Date(Date.parse(e.ts) + offset).toISOString(), eventId: e.eventId + tag, callId: e.callId === null ? null : e.callId + tag }) as CallEvent);
  }
  let fastForwardUntil = -Infinity;
  if (flags.fastForwardTo && events.length > 0) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(flags.fastForwardTo);
    if (!m || +m[1] > 23 || +m[2] > 59) throw new CliUsageError(`--fast-forward-to must be a time HH:MM; got "${flags.fastForwardTo}"`);
    fastForwardUntil = startOfDay(dayKey(new Date(events[0].ts), timeZone), timeZone).getTime() + (+m[1] * 60 + +m[2]) * 60_000;
  }
  return { events, deadLetters: result.deadLetters, skipped: result.skipped, speed, timeZone, fastForwardUntil };
}

function checkDay(value: string, flag: string, timeZone: string): string {
  try {
    startOfDay(value, timeZone);
  } catch {
    throw new CliUsageError(`${flag} "${value}" is not a date YYYY-MM-DD`);
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a plan to Redis, paced by the events' own spacing divided by the speed. */
export async function sendReplay(plan: ReplayPlan, flags: Pick<ReplayFlags, 'redisUrl' | 'streamPrefix' | 'quiet'>): Promise<void> {
  if (!flags.streamPrefix) throw new CliUsageError('--stream-prefix must not be empty (the API reads <prefix>events)');
  const redis = new Redis(flags.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy: () => null });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error)); // reported once below, not as an unhandled event
  try {
    await redis.connect();
  } catch (error) {
    throw new CliUsageError(`cannot reach Redis at ${flags.redisUrl} (${(lastError ?? (error as Error)).message}); start it (see README) or pass --redis-url`);
  }
  const eventsKey = `${flags.streamPrefix}events`;
  const deadKey = `${flags.streamPrefix}dead-letters`;
  const log = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
  try {
    if (plan.deadLetters.length) {
      const pipeline = redis.pipeline();
      for (const d of plan.deadLetters) pipeline.xadd(deadKey, '*', 'deadLetter', JSON.stringify(d));
      await pipeline.exec();
      log(`${plan.deadLetters.length} line(s) not understood, sent to ${deadKey}: ${plan.deadLetters.slice(0, 3).map((d) => `line ${d.line}: ${maskNumbersInText(d.reason)}`).join('; ')}`);
    }
    const total = plan.events.length;
    if (total === 0) {
      log('no events to replay');
      return;
    }
    const dataStart = Math.max(Date.parse(plan.events[0].ts), plan.fastForwardUntil);
    const wallStart = Date.now();
    let lastLog = 0;
    for (let i = 0; i < total; ) {
      const dueIndex = (j: number) => wallStart + Math.max(0, Date.parse(plan.events[j].ts) - dataStart) / plan.speed;
      const wait = dueIndex(i) - Date.now();
      if (wait > 0) await sleep(Math.min(wait, 1000));
      const pipeline = redis.pipeline();
      const now = Date.now();
      let n = 0;
      while (i < total && n < 1000 && dueIndex(i) <= now) {
        const event = plan.events[i++];
        pipeline.xadd(eventsKey, '*', 'type', event.type, 'event', JSON.stringify(event));
        n++;
      }
      if (n) await pipeline.exec();
      if (Date.now() - lastLog > 2000 || i === total) {
        lastLog = Date.now();
        const clock = new Date(Date.parse(plan.events[i - 1]?.ts ?? plan.events[0].ts)).toLocaleString('sv-SE', { timeZone: plan.timeZone });
        log(`replayed ${i}/${total} events, data clock ${clock} (${plan.timeZone})`);
      }
    }
  } finally {
    redis.disconnect();
  }
}
