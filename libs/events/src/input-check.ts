/**
 * Refusing input that is not text before an adapter reads it. A NUL character cannot be stored by Postgres
 * (a text column refuses `\0`), is never part of a queue_log line or a call record, and is the mark of a binary
 * file (a compressed rotated log, a spreadsheet) or of a log file padded with zeros after a crash: such input is
 * refused as a whole, with the place of the first bad byte, instead of being half-read into the ledger.
 *
 * Two levels:
 * - {@link inspectFeedBytes}: the raw bytes of a file (the CLI reads these): archive signatures, NUL bytes,
 *   invalid UTF-8; the place is a line number and a byte offset;
 * - {@link assertFeedText}: decoded text (what the adapters receive): NUL characters and text that is mostly
 *   control characters or replacement characters (a binary file decoded anyway); the place is a line number and
 *   a character offset.
 * Pure: no I/O; decoding other encodings (GBK...) is the caller's job.
 */

/** Why input was refused. */
export type FeedInputProblem = 'nul' | 'binary' | 'archive' | 'encoding';

/** Where and why input was refused. Offsets are 0-based; line is 1-based. */
export interface FeedInputIssue {
  problem: FeedInputProblem;
  /** 1-based line of the first bad byte or character. */
  line: number;
  /** 0-based offset of the first bad byte (bytes) or character (text) from the start of the input. */
  offset: number;
  /** `byte` when `offset` counts bytes of the file, `character` when it counts characters of decoded text. */
  unit: 'byte' | 'character';
  /** A sentence saying what was found (and, for archives, what the file is). */
  detail: string;
}

/**
 * Input refused as a whole: a NUL byte, a binary or compressed file, or bytes that are not valid UTF-8.
 * `message` names the file (when known), the line and the offset.
 */
export class FeedInputError extends Error {
  override name = 'FeedInputError';
  constructor(
    readonly issue: FeedInputIssue,
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}refused at line ${issue.line} (${issue.unit} offset ${issue.offset}): ${issue.detail}; the feed reads text files only`);
  }
}

/** File signatures of archives and other binary formats people mistake for logs. */
const SIGNATURES: { name: string; hint: string; bytes: number[] }[] = [
  { name: 'gzip-compressed', hint: 'decompress it first with gunzip or zcat', bytes: [0x1f, 0x8b] },
  { name: 'bzip2-compressed', hint: 'decompress it first with bunzip2', bytes: [0x42, 0x5a, 0x68] },
  { name: 'xz-compressed', hint: 'decompress it first with unxz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd-compressed', hint: 'decompress it first with unzstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'a ZIP archive (or an .xlsx/.docx document)', hint: 'extract it or export the sheet as CSV/TSV', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a 7-Zip archive', hint: 'extract it first', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'an old Excel/Office document', hint: 'export the sheet as CSV/TSV', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'a PDF document', hint: 'export the data as text', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'an SQLite database', hint: 'export the table as CSV', bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
];

/** How much of the start is sampled for the "mostly control characters" test. */
const SAMPLE = 8192;
/** Share of control (or replacement) characters in the sample above which text is taken as binary. */
const BINARY_SHARE = 0.1;

const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x0b && code !== 0x1b) || code === 0x7f;

function lineAt(units: ArrayLike<number>, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (units[i] === 0x0a) line++;
  return line;
}

/**
 * Checks a file's bytes, in this order: archive and document signatures (gzip, bzip2, xz, zstd, ZIP/xlsx, 7-Zip,
 * OLE/xls, PDF, SQLite); a UTF-16 byte-order mark; more than 10 % NUL or control bytes (other than tab, line
 * feed, carriage return, form feed, vertical tab, escape) in the first 8 KiB (binary); a NUL byte anywhere; and,
 * when `utf8` is true (the default), UTF-8 validity (overlong forms, surrogates, code points above U+10FFFF and a
 * sequence cut at the end are invalid; a UTF-8 byte-order mark is fine). Pass `utf8 = false` when the caller
 * decodes another encoding itself.
 * @returns the first problem (1-based line, 0-based byte offset), or null when the bytes are acceptable text.
 */
export function inspectFeedBytes(bytes: Uint8Array, utf8 = true): FeedInputIssue | null {
  for (const s of SIGNATURES) {
    if (bytes.length >= s.bytes.length && s.bytes.every((b, i) => bytes[i] === b)) {
      return { problem: 'archive', line: 1, offset: 0, unit: 'byte', detail: `the file is ${s.name}, not text: ${s.hint}` };
    }
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    return { problem: 'encoding', line: 1, offset: 0, unit: 'byte', detail: `a UTF-16${le ? 'LE' : 'BE'} byte-order mark: the file is UTF-16 text (a "Unicode" export); convert it to UTF-8 or give its encoding, utf-16${le ? 'le' : 'be'}` };
  }
  let controls = 0;
  const sample = Math.min(bytes.length, SAMPLE);
  for (let i = 0; i < sample; i++) if (bytes[i] === 0 || isControl(bytes[i])) controls++;
  if (controls > 0 && controls / Math.max(sample, 64) > BINARY_SHARE) {
    const first = bytes.findIndex((b) => b === 0 || isControl(b));
    return { problem: 'binary', line: lineAt(bytes, first), offset: first, unit: 'byte', detail: `${Math.round((controls / sample) * 100)}% NUL or control bytes in the first ${sample} bytes: a binary file, not text` };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { problem: 'nul', line: lineAt(bytes, nul), offset: nul, unit: 'byte', detail: 'a NUL byte (0x00), which no queue_log line or call record holds (zero padding after a crash, or a corrupted line)' };
  }
  if (!utf8) return null;
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return null;
  return {
    problem: 'encoding', line: lineAt(bytes, bad), offset: bad, unit: 'byte',
    detail: `a byte that is not UTF-8 (0x${bytes[bad].toString(16).padStart(2, '0')}): the file is in another encoding (GBK/GB18030?) or binary`,
  };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return i; // cut at the end of the file
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Checks decoded text before an adapter reads it: no NUL character anywhere, and not mostly control or U+FFFD
 * replacement characters (a binary file decoded anyway).
 * @throws FeedInputError naming `file`, the line and the character offset of the first bad character.
 */
export function assertFeedText(text: string, file?: string): void {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = countLines(text, nul);
    throw new FeedInputError({ problem: 'nul', line, offset: nul, unit: 'character', detail: 'a NUL character (\\0), which no queue_log line or call record holds and the ledger cannot store' }, file);
  }
  const sample = Math.min(text.length, SAMPLE);
  let odd = 0;
  let first = -1;
  for (let i = 0; i < sample; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) || code === 0xfffd) {
      odd++;
      if (first < 0) first = i;
    }
  }
  if (odd > 0 && odd / Math.max(sample, 64) > BINARY_SHARE) {
    throw new FeedInputError({ problem: 'binary', line: countLines(text, first), offset: first, unit: 'character', detail: `${Math.round((odd / sample) * 100)}% control or undecodable characters in the first ${sample}: a binary file, not text` }, file);
  }
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
