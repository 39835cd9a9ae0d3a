import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SYNTHETIC_PROFILE, FeedInputError, type FeedInputIssue, type FeedInputProblem, dayKey, inspectFeedBytes, parseBankCalls, parseQueueLog, synthesizeDay, type AdapterResult, type SyntheticProfile } from '@hotline/events';
import { CliUsageError, type Reason, say } from './cli-error';

/** What a feed check found wrong, in Chinese (the library's words are English). */
const FEED_PROBLEM_ZH: Readonly<Record<FeedInputProblem, string>> = {
  archive: '是压缩包，不是文本文件',
  binary: '是二进制文件，不是文本文件',
  nul: '含有 NUL 字节，不是文本文件',
  encoding: '含有该编码下不合法的字节',
};

/** A refused feed file as a usage error: the library's English text; in Chinese the problem, the line and the offset. */
function feedRefusal(issue: FeedInputIssue, path: string, hint: Reason = say('', '')): CliUsageError {
  const en = new FeedInputError(issue, path).message;
  const at = `第 ${issue.line} 行，${issue.unit === 'byte' ? '字节' : '字符'}偏移 ${issue.offset}`;
  return new CliUsageError(say(`${en}${hint.en}`, `${path}：在${at}处拒绝：${FEED_PROBLEM_ZH[issue.problem]}；只读取文本文件${hint['zh-CN']}`));
}

/** Input formats the feed adapters read. `queue_log` covers the flat file and the realtime-table CSV. */
export const FEED_FORMATS = ['queue_log', 'bank', 'synthetic'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** Validates a --format value. */
export function feedFormat(value: string): FeedFormat {
  if (!(FEED_FORMATS as readonly string[]).includes(value)) {
    throw new CliUsageError(say(`--format must be one of ${FEED_FORMATS.join(', ')}; got "${value}"`, `--format 只能是 ${FEED_FORMATS.join('、')} 之一；收到 "${value}"`));
  }
  return value as FeedFormat;
}

/** Validates an IANA zone name (--source-timezone, --timezone). */
export function timeZoneName(value: string, flag: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new CliUsageError(say(`${flag} "${value}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`, `${flag} "${value}" 不是 IANA 时区名（例如 Asia/Shanghai、UTC）`));
  }
  return value;
}

/** Validates an --encoding value (a WHATWG encoding label: utf-8, gb18030, gbk, utf-16le...). @returns its canonical name. */
export function encodingName(value: string): string {
  try {
    return new TextDecoder(value).encoding;
  } catch {
    throw new CliUsageError(say(`--encoding "${value}" is not a known text encoding (e.g. utf-8, gb18030, gbk, utf-16le)`, `--encoding "${value}" 不是已知的文本编码（例如 utf-8、gb18030、gbk、utf-16le）`));
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
    const hint = issue.problem === 'encoding' && utf8 ? say(' (pass --encoding gb18030, or the file\'s own encoding)', '（请加 --encoding gb18030，或该文件自己的编码）') : say('', '');
    throw feedRefusal(issue, path, hint);
  }
  if (utf8) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new CliUsageError(say(`${path}: refused: bytes that are not valid ${encoding}; is --encoding right?`, `${path}：拒绝：含有不合法的 ${encoding} 字节；--encoding 是否正确？`));
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
  if (!path) throw new CliUsageError(say(`a file is needed with --format ${format}`, `--format ${format} 需要给出文件`));
  const file = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliUsageError(say(`cannot read ${path}: ${why}`, `无法读取 ${path}：${why}`));
  }
  const text = decodeFeedBytes(bytes, path, encoding);
  let result: AdapterResult;
  try {
    result = format === 'bank' ? parseBankCalls(text, { file, sourceTimeZone }) : parseQueueLog(text, { file, sourceTimeZone });
  } catch (error) {
    if (error instanceof FeedInputError) throw feedRefusal(error.issue, path);
    throw new CliUsageError(say(`${path}: ${(error as Error).message}`, `${path}：${(error as Error).message}`));
  }
  // Nothing understood at all is a wrong format, not a file of bad lines.
  if (result.events.length === 0 && result.deadLetters.length > 0 && Object.values(result.skipped).reduce((a, b) => a + b, 0) === 0) {
    const n = result.deadLetters.length;
    throw new CliUsageError(
      say(
        `${path}: none of its ${n} line(s) is ${format === 'bank' ? 'an Anonymous Bank call record' : 'a queue_log line'} (first: ${result.deadLetters[0].reason}); is --format right?`,
        `${path}：全部 ${n} 行都不是${format === 'bank' ? ' Anonymous Bank 通话记录' : ' queue_log 行'}；--format 是否正确？`,
      ),
    );
  }
  return result;
}

function synthesize(path: string | undefined, date: string | undefined): ReturnType<typeof synthesizeDay> {
  let overrides: Partial<SyntheticProfile> = {};
  if (path) {
    try {
      overrides = JSON.parse(readFileSync(resolve(path), 'utf8')) as Partial<SyntheticProfile>;
    } catch (error) {
      throw new CliUsageError(say(`cannot read the synthetic profile ${path}: ${(error as Error).message}`, `无法读取合成配置 ${path}：${(error as Error).message}`));
    }
    const known = Object.keys(DEFAULT_SYNTHETIC_PROFILE).concat('date');
    const unknown = Object.keys(overrides ?? {}).filter((k) => !known.includes(k));
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new CliUsageError(say(`synthetic profile ${path}: expected a JSON object`, `合成配置 ${path}：应为 JSON 对象`));
    if (unknown.length) throw new CliUsageError(say(`synthetic profile ${path}: unknown field(s) ${unknown.join(', ')}; known: ${known.join(', ')}`, `合成配置 ${path}：未知字段 ${unknown.join(', ')}；可用字段：${known.join(', ')}`));
  }
  const profile: SyntheticProfile = { ...DEFAULT_SYNTHETIC_PROFILE, date: date ?? dayKey(new Date(), DEFAULT_SYNTHETIC_PROFILE.timeZone), ...overrides };
  try {
    return synthesizeDay(profile);
  } catch (error) {
    throw new CliUsageError(say(`synthetic profile: ${(error as Error).message}`, `合成配置：${(error as Error).message}`));
  }
}
