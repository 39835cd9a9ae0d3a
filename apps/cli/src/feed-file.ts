import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SYNTHETIC_PROFILE, FeedInputError, dayKey, inspectFeedBytes, parseBankCalls, parseQueueLog, synthesizeDay, type AdapterResult, type SyntheticProfile } from '@hotline/events';
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

/** Validates an --encoding value (a WHATWG encoding label: utf-8, gb18030, gbk, utf-16le...). @returns its canonical name. */
export function encodingName(value: string): string {
  try {
    return new TextDecoder(value).encoding;
  } catch {
    throw new CliUsageError(`--encoding "${value}" is not a known text encoding (e.g. utf-8, gb18030, gbk, utf-16le)`);
  }
}

/**
 * Decodes a feed file's bytes, refusing what is not text: an archive (gzip...), a NUL byte, a binary file, or
 * bytes invalid in `encoding` (UTF-8 by default).
 * @throws CliUsageError naming the file, the line and the byte offset of the first bad byte (exit code 2).
 */
export function decodeFeedBytes(bytes: Uint8Array, path: string, encoding = 'utf-8'): string {
  const utf8 = encoding === 'utf-8';
  const issue = inspectFeedBytes(bytes, utf8);
  // UTF-16 text is full of NUL bytes by nature: only its own decoder can judge it.
  if (issue && !(encoding.startsWith('utf-16') && (issue.problem === 'binary' || issue.problem === 'nul' || issue.problem === 'encoding'))) {
    const hint = issue.problem === 'encoding' && utf8 ? ' (pass --encoding gb18030, or the file\'s own encoding)' : '';
    throw new CliUsageError(`${new FeedInputError(issue, path).message}${hint}`);
  }
  if (utf8) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new CliUsageError(`${path}: refused: bytes that are not valid ${encoding}; is --encoding right?`);
  }
}

/**
 * Reads a feed file and turns it into canonical events with the adapter of `format`. For `synthetic`, `path` is an
 * optional JSON file overriding fields of the default profile, and `date` the day to generate.
 * @throws CliUsageError (exit code 2) for a missing or unreadable file, input that is not text (NUL bytes, binary,
 *   another encoding than `encoding`), a wrong header, or a file no line of which the adapter understands.
 */
export function readFeedFile(path: string | undefined, format: FeedFormat, sourceTimeZone?: string, date?: string, encoding = 'utf-8'): AdapterResult {
  if (format === 'synthetic') return { events: synthesize(path, date), deadLetters: [], skipped: {} };
  if (!path) throw new CliUsageError(`a file is needed with --format ${format}`);
  const file = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliUsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const text = decodeFeedBytes(bytes, path, encoding);
  let result: AdapterResult;
  try {
    result = format === 'bank' ? parseBankCalls(text, { file, sourceTimeZone }) : parseQueueLog(text, { file, sourceTimeZone });
  } catch (error) {
    if (error instanceof FeedInputError) throw new CliUsageError(new FeedInputError(error.issue, path).message);
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
