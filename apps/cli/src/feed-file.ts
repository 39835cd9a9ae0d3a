import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SYNTHETIC_PROFILE, dayKey, parseBankCalls, parseQueueLog, synthesizeDay, type AdapterResult, type SyntheticProfile } from '@hotline/events';
import { CliUsageError } from './cli-error';

/** Input formats the feed adapters read. `queue_log` covers the flat file and the realtime-table CSV. */
export const FEED_FORMATS = ['queue_log', 'bank', 'synthetic'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** Validates a --format value. */
export function feedFormat(value: string): FeedFormat {
  if (!(FEED_FORMATS as readonly string[]).includes(value)) {
    throw new CliUsageError(`--format must be one of ${FEED_FORMATS.join(', ')}; got "${value}"`);
  }
  return value as FeedFormat;
}

/** Validates an IANA zone name (--source-timezone, --timezone). */
export function timeZoneName(value: string, flag: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new CliUsageError(`${flag} "${value}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`);
  }
  return value;
}

/**
 * Reads a feed file and turns it into canonical events with the adapter of `format`. For `synthetic`, `path` is an
 * optional JSON file overriding fields of the default profile, and `date` the day to generate.
 */
export function readFeedFile(path: string | undefined, format: FeedFormat, sourceTimeZone?: string, date?: string): AdapterResult {
  if (format === 'synthetic') return { events: synthesize(path, date), deadLetters: [], skipped: {} };
  if (!path) throw new CliUsageError(`a file is needed with --format ${format}`);
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let result: AdapterResult;
  try {
    result = format === 'bank' ? parseBankCalls(text, { file, sourceTimeZone }) : parseQueueLog(text, { file, sourceTimeZone });
  } catch (error) {
    throw new CliUsageError(`${path}: ${(error as Error).message}`);
  }
  // Nothing understood at all is a wrong format, not a file of bad lines.
  if (result.events.length === 0 && result.deadLetters.length > 0 && Object.values(result.skipped).reduce((a, b) => a + b, 0) === 0) {
    throw new CliUsageError(`${path}: none of its ${result.deadLetters.length} line(s) is ${format === 'bank' ? 'an Anonymous Bank call record' : 'a queue_log line'} (first: ${result.deadLetters[0].reason}); is --format right?`);
  }
  return result;
}

function synthesize(path: string | undefined, date: string | undefined): ReturnType<typeof synthesizeDay> {
  let overrides: Partial<SyntheticProfile> = {};
  if (path) {
    try {
      overrides = JSON.parse(readFileSync(resolve(path), 'utf8')) as Partial<SyntheticProfile>;
    } catch (error) {
      throw new CliUsageError(`cannot read the synthetic profile ${path}: ${(error as Error).message}`);
    }
    const known = Object.keys(DEFAULT_SYNTHETIC_PROFILE).concat('date');
    const unknown = Object.keys(overrides ?? {}).filter((k) => !known.includes(k));
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new CliUsageError(`synthetic profile ${path}: expected a JSON object`);
    if (unknown.length) throw new CliUsageError(`synthetic profile ${path}: unknown field(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const profile: SyntheticProfile = { ...DEFAULT_SYNTHETIC_PROFILE, date: date ?? dayKey(new Date(), DEFAULT_SYNTHETIC_PROFILE.timeZone), ...overrides };
  try {
    return synthesizeDay(profile);
  } catch (error) {
    throw new CliUsageError(`synthetic profile: ${(error as Error).message}`);
  }
}
