import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis, type ChainableCommander } from 'ioredis';
import { maskNumbersInText } from '@hotline/contracts';
import { DEFAULT_TIMEZONE, dayKey, instantToLocal, parseCallEvent, sortByTime, startOfDay, type AdapterResult, type CallEvent, type DeadLetter } from '@hotline/events';
import { CliUsageError, say } from '../cli-error';
import { decodeFeedBytes, encodingName, feedFormat, readFeedFile, timeZoneName } from '../feed-file';

interface ReplayFlags {
  format: string;
  sourceTimezone?: string;
  encoding?: string;
  timezone: string;
  speed: string;
  shiftTo?: string;
  day?: string;
  fastForwardTo?: string;
  redisUrl: string;
  streamPrefix: string;
  quiet?: boolean;
  lane?: string;
}

/** The streams a replay writes events to: `live` (`<prefix>events`) or `backfill` (`<prefix>backfill`, history). */
export const REPLAY_LANES = ['live', 'backfill'] as const;
export type ReplayLane = (typeof REPLAY_LANES)[number];

/**
 * The lane of a replay: as asked, else `backfill` at "max" speed (history loaded at once must not hold back the
 * live floor's events) and `live` when paced.
 * @throws CliUsageError for a lane that is not one of {@link REPLAY_LANES}.
 */
export function replayLane(lane: string | undefined, speed: number): ReplayLane {
  if (lane === undefined) return speed === Infinity ? 'backfill' : 'live';
  if (!(REPLAY_LANES as readonly string[]).includes(lane)) throw new CliUsageError(`--lane must be one of ${REPLAY_LANES.join(', ')}; got "${lane}"`);
  return lane as ReplayLane;
}

/**
 * `hotline replay FILE`: adds a file's canonical events to the Redis stream `<prefix>events` at N times real time.
 * Exit codes: 0 when every event was written; 1 when writes failed (Redis lost, or refusing the writes: the
 * message says how many were and were not written); 2 for a usage mistake, Redis unreachable at the start, or
 * input that is not text (a NUL byte, a binary or compressed file: the message names the file, line and offset).
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay a queue_log or bank call file into the Redis stream the API consumes, keeping the original spacing')
    .argument('[file]', 'queue_log (flat file or realtime-table CSV), Anonymous Bank TSV, canonical events (JSON lines), or a synthetic profile (JSON, optional)')
    .requiredOption('--format <format>', 'queue_log | bank | events (canonical events, one JSON object a line) | synthetic')
    .option('--source-timezone <tz>', "zone of the file's local times (queue_log table: UTC; bank: the --timezone)")
    .option('--encoding <name>', "the file's text encoding (utf-8, gb18030, gbk, utf-16le...); files that are not text are refused", 'utf-8')
    .option('--timezone <tz>', "the hotline's zone, for days", process.env.HOTLINE_TIMEZONE ?? DEFAULT_TIMEZONE)
    .option('--speed <n>', 'times real time, or "max"', '1')
    .option('--shift-to <day>', '"now" (today) or YYYY-MM-DD: moves the data\'s first day there, keeping the time of day')
    .option('--day <day>', 'replay only the calls offered on this local day of the data (YYYY-MM-DD), or these days (YYYY-MM-DD..YYYY-MM-DD)')
    .option('--fast-forward-to <HH:MM|now>', "send everything before this local time of the first day at once (each event keeps its own time), then pace; \"now\": the time of day now")
    .option('--redis-url <url>', 'Redis', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    .option('--stream-prefix <prefix>', 'key prefix of the streams', process.env.HOTLINE_STREAM_PREFIX ?? 'hotline:')
    .option('--lane <lane>', 'live (<prefix>events) or backfill (<prefix>backfill, read only when nothing live waits); default: backfill at --speed max, else live')
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

/**
 * Reads a file of canonical events, one JSON object a line (what `hotline replay --format events` takes, e.g. the
 * demo's generated calls): each line validated by libs/events `parseCallEvent`; a line that is not an event becomes
 * a dead letter naming the line and the fields; blank lines are skipped.
 * @throws CliUsageError for a file that cannot be read, is not text, or has no event at all.
 */
export function readEventsFile(path: string | undefined, encoding = 'utf-8'): AdapterResult {
  if (!path) throw new CliUsageError(say('a file is needed with --format events', '--format events 需要指定文件'));
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(path));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliUsageError(say(`cannot read ${path}: ${why}`, `无法读取 ${path}：${why}`));
  }
  const text = decodeFeedBytes(bytes, path, encoding);
  const result: AdapterResult = { events: [], deadLetters: [], skipped: {} };
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    if (raw.trim() === '') {
      result.skipped.blank = (result.skipped.blank ?? 0) + 1;
      return;
    }
    let parsed: ReturnType<typeof parseCallEvent>;
    try {
      parsed = parseCallEvent(JSON.parse(raw));
    } catch (error) {
      parsed = { ok: false, reason: `not JSON (${(error as Error).message})` };
    }
    if (parsed.ok) result.events.push(parsed.event);
    else result.deadLetters.push({ key: `events:${path}:${i + 1}`, source: 'events', file: path, line: i + 1, reason: parsed.reason, raw: raw.slice(0, 2000) });
  });
  if (result.events.length === 0) {
    const first = result.deadLetters.length ? ` (line ${result.deadLetters[0].line}: ${result.deadLetters[0].reason})` : '';
    throw new CliUsageError(say(`${path}: no canonical event in it${first}; is --format right?`, `${path} 中没有规范事件${first}；--format 是否正确？`));
  }
  return result;
}

/**
 * The instant (epoch ms) a fast-forward ends: `HH:MM` of the first event's local day, or "now" (the local time of
 * day at `nowMs`, on the first event's day: with `--shift-to now` the data clock starts at the wall clock).
 * @throws CliUsageError for a value that is neither.
 */
export function fastForwardInstant(value: string, firstEventMs: number, timeZone: string, nowMs: number = Date.now()): number {
  let minutes: number;
  if (value === 'now') {
    const l = instantToLocal(new Date(nowMs), timeZone);
    minutes = l.hour * 60 + l.minute + l.second / 60;
  } else {
    const m = /^(\d{1,2}):(\d{2})$/.exec(value);
    if (!m || +m[1] > 23 || +m[2] > 59) throw new CliUsageError(say(`--fast-forward-to must be a time HH:MM or "now"; got "${value}"`, `--fast-forward-to 须为时间 HH:MM 或 "now"，收到 "${value}"`));
    minutes = +m[1] * 60 + +m[2];
  }
  return startOfDay(dayKey(new Date(firstEventMs), timeZone), timeZone).getTime() + Math.round(minutes * 60_000);
}

/**
 * When (wall clock, epoch ms) event `index` of a plan is due, for a replay that started at `wallStart`: events
 * before the fast-forward's end are due at once, later ones at their distance from that end divided by the speed.
 * Only the sending is paced: an event is always sent with its own `ts`, so a fast-forward never moves calls of the
 * skipped hours to the moment of the jump (no spike in the ledger's intervals).
 */
export function replayDueTime(plan: Pick<ReplayPlan, 'events' | 'fastForwardUntil' | 'speed'>, index: number, wallStart: number): number {
  const dataStart = Math.max(Date.parse(plan.events[0].ts), plan.fastForwardUntil);
  return wallStart + Math.max(0, Date.parse(plan.events[index].ts) - dataStart) / plan.speed;
}

/** Reads, filters, shifts and orders the events of a replay; no I/O beyond reading the file. */
export function planReplay(file: string | undefined, flags: ReplayFlags): ReplayPlan {
  const format = flags.format === 'events' ? 'events' : feedFormat(flags.format);
  const timeZone = timeZoneName(flags.timezone, '--timezone');
  const sourceTimeZone = flags.sourceTimezone ? timeZoneName(flags.sourceTimezone, '--source-timezone') : format === 'bank' ? timeZone : undefined;
  const speed = flags.speed === 'max' ? Infinity : Number(flags.speed);
  if (!(speed > 0)) throw new CliUsageError(`--speed must be a positive number or "max"; got "${flags.speed}"`);
  const today = dayKey(new Date(), timeZone);
  const syntheticDate = flags.shiftTo ? (flags.shiftTo === 'now' ? today : checkDay(flags.shiftTo, '--shift-to', timeZone)) : today;
  const encoding = encodingName(flags.encoding ?? 'utf-8');
  const result = format === 'events' ? readEventsFile(file, encoding) : readFeedFile(file, format, sourceTimeZone, syntheticDate, encoding);
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
  const fastForwardUntil = flags.fastForwardTo && events.length > 0 ? fastForwardInstant(flags.fastForwardTo, Date.parse(events[0].ts), timeZone) : -Infinity;
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

/** How a replay's writes went. */
export interface ReplayOutcome {
  /** Events written to the stream. */
  written: number;
  /** Events Redis refused or lost (an error for that XADD). */
  failed: number;
  /** Events not sent because the replay stopped after a failure (connection lost, or a whole batch refused). */
  notSent: number;
  deadLettersWritten: number;
  deadLettersFailed: number;
  /** The first error Redis gave, when any. */
  firstError: string | null;
}

/**
 * Writes failed during a replay: some or all XADDs returned an error, or the connection was lost. The message
 * says how many events were written and how many were not; the CLI exits with code 1.
 */
export class ReplayWriteError extends Error {
  override name = 'ReplayWriteError';
  constructor(
    readonly outcome: ReplayOutcome,
    readonly total: number,
    readonly streamKey: string,
  ) {
    const lost = outcome.failed + outcome.notSent;
    const parts: string[] = [];
    if (lost > 0) {
      parts.push(lost === total
        ? `none of the ${total} events was written to ${streamKey}`
        : `${lost} of ${total} events were not written to ${streamKey} (${outcome.failed} refused${outcome.notSent ? `, ${outcome.notSent} not sent after the failure` : ''}); ${outcome.written} were written`);
    }
    if (outcome.deadLettersFailed > 0) parts.push(`${outcome.deadLettersFailed} dead letter(s) were not written`);
    super(`replay failed: ${parts.join('; ')}. First error: ${outcome.firstError ?? 'unknown'}. Fix Redis and run the same replay again: events already written are recognised by their ids and not counted twice.`);
  }
}

/** Runs a pipeline of `count` XADDs. @returns how many succeeded and the first error, if any (a rejected exec fails them all). */
async function execWrites(pipeline: ChainableCommander, count: number): Promise<{ ok: number; error: string | null }> {
  let results: [Error | null, unknown][] | null;
  try {
    results = await pipeline.exec();
  } catch (error) {
    return { ok: 0, error: (error as Error).message };
  }
  if (!results) return { ok: 0, error: 'the pipeline was discarded' };
  let ok = 0;
  let error: string | null = null;
  for (const [err] of results) {
    if (err) error ??= err.message;
    else ok++;
  }
  return { ok, error };
}

/**
 * Sends a plan to Redis, paced by the events' own spacing divided by the speed, on the lane {@link replayLane}
 * picks (the live stream, or the backfill stream for history). Stops at the first batch that Redis refused entirely or when the connection is lost (what follows would fail too).
 * @returns how the writes went, when all of them succeeded.
 * @throws CliUsageError when Redis cannot be reached at the start; ReplayWriteError when any write failed.
 */
export async function sendReplay(plan: ReplayPlan, flags: Pick<ReplayFlags, 'redisUrl' | 'streamPrefix' | 'quiet' | 'lane'>): Promise<ReplayOutcome> {
  if (!flags.streamPrefix) throw new CliUsageError('--stream-prefix must not be empty (the API reads <prefix>events)');
  const lane = replayLane(flags.lane, plan.speed);
  const redis = new Redis(flags.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy: () => null, connectionName: `hotline-replay-${process.pid}` });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error)); // reported once below, not as an unhandled event
  try {
    await redis.connect();
  } catch (error) {
    throw new CliUsageError(`cannot reach Redis at ${flags.redisUrl} (${(lastError ?? (error as Error)).message}); start it (see README) or pass --redis-url`);
  }
  const eventsKey = `${flags.streamPrefix}${lane === 'live' ? 'events' : 'backfill'}`;
  const deadKey = `${flags.streamPrefix}dead-letters`;
  const log = (line: string) => flags.quiet || process.stderr.write(`${line}\n`);
  const outcome: ReplayOutcome = { written: 0, failed: 0, notSent: 0, deadLettersWritten: 0, deadLettersFailed: 0, firstError: null };
  const total = plan.events.length;
  try {
    if (plan.deadLetters.length) {
      const pipeline = redis.pipeline();
      for (const d of plan.deadLetters) pipeline.xadd(deadKey, '*', 'deadLetter', JSON.stringify(d));
      const { ok, error } = await execWrites(pipeline, plan.deadLetters.length);
      outcome.deadLettersWritten = ok;
      outcome.deadLettersFailed = plan.deadLetters.length - ok;
      outcome.firstError ??= error;
      log(`${plan.deadLetters.length} line(s) not understood, ${ok === plan.deadLetters.length ? 'sent' : `${ok} of them sent`} to ${deadKey}: ${plan.deadLetters.slice(0, 3).map((d) => `line ${d.line}: ${maskNumbersInText(d.reason)}`).join('; ')}`);
    }
    if (total === 0) {
      log('no events to replay');
    } else {
      const wallStart = Date.now();
      let lastLog = 0;
      for (let i = 0; i < total; ) {
        const dueIndex = (j: number) => replayDueTime(plan, j, wallStart);
        const wait = dueIndex(i) - Date.now();
        if (wait > 0) await sleep(Math.min(wait, 1000));
        if (redis.status === 'end') {
          // The connection is gone for good (no reconnection): nothing more can be written.
          outcome.notSent = total - i;
          outcome.firstError ??= `connection to Redis lost${lastError ? ` (${lastError.message})` : ''}`;
          break;
        }
        const pipeline = redis.pipeline();
        const now = Date.now();
        let n = 0;
        while (i < total && n < 1000 && dueIndex(i) <= now) {
          const event = plan.events[i++];
          pipeline.xadd(eventsKey, '*', 'type', event.type, 'event', JSON.stringify(event));
          n++;
        }
        if (n) {
          const { ok, error } = await execWrites(pipeline, n);
          outcome.written += ok;
          outcome.failed += n - ok;
          outcome.firstError ??= error;
          if (ok === 0) {
            // A batch refused entirely (wrong key type, read-only replica, out of memory, lost connection): stop.
            outcome.notSent = total - i;
            break;
          }
        }
        if (Date.now() - lastLog > 2000 || i === total) {
          lastLog = Date.now();
          const clock = new Date(Date.parse(plan.events[i - 1]?.ts ?? plan.events[0].ts)).toLocaleString('sv-SE', { timeZone: plan.timeZone });
          log(`replayed ${i}/${total} events${outcome.failed ? ` (${outcome.failed} failed)` : ''}, data clock ${clock} (${plan.timeZone})`);
        }
      }
    }
  } finally {
    redis.disconnect();
  }
  if (outcome.failed + outcome.notSent + outcome.deadLettersFailed > 0) throw new ReplayWriteError(outcome, total, eventsKey);
  return outcome;
}
