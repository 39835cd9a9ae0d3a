import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SYNTHETIC_PROFILE, parseBankCalls, parseQueueLog, synthesizeDay, type AdapterResult, type SyntheticProfile } from '@hotline/events';
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
  try {
    return format === 'bank' ? parseBankCalls(text, { file, sourceTimeZone }) : parseQueueLog(text, { file, sourceTimeZone });
  } catch (error) {
    throw new CliUsageError(`${path}: ${(error as Error).message}`);
  }
}

function synthesize(path: string | undefined, date: string | undefined): ReturnType<typeof synthesizeDay> {
  let overrides: Partial<SyntheticProfile> = {};
  if (path) {
    try {
      overrides = JSON.parse(readFileSync(resolve(path), 'utf8')) as Partial<SyntheticProfile>;
    } catch (error) {
      throw new CliUsageError(`cannot read the synthetic profile ${path}: ${(error as Error).message}`);
    }
  }
  const profile: SyntheticProfile = { ...DEFAULT_SYNTHETIC_PROFILE, date: date ?? new Date().toISOString().slice(0, 10), ...overrides };
  try {
    return synthesizeDay(profile);
  } catch (error) {
    throw new CliUsageError(`synthetic profile: ${(error as Error).message}`);
  }
}
