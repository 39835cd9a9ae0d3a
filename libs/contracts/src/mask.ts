/**
 * Masking of callers' numbers wherever a person sees them (PIPL; the contract's 信息保密 item): the first three and
 * the last four digits of a mobile number stay (`138****5678`), every other character becomes `*`.
 */

/**
 * Masks one caller number: 11+ characters keep 3 + 4 (`13812345678` -> `138****5678`, `+12025550101` ->
 * `+12*****0101`); 7..10 keep 2 + 2; 3..6 keep the last one; shorter ones are all stars. The length is kept.
 * @param value the number as the platform sent it (digits, `+`, spaces...); null/empty gives null.
 */
export function maskCallerNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const n = value.length;
  const [head, tail] = n >= 11 ? [3, 4] : n >= 7 ? [2, 2] : n >= 3 ? [0, 1] : [0, 0];
  return value.slice(0, head) + '*'.repeat(n - head - tail) + value.slice(n - tail);
}

/** Runs of 5+ digits, with an optional leading `+` and an optional fraction (`13912345678.0`, `1546015415.757927`). */
const NUMBER_RUN = /\+?\d{5,}(?:\.\d+)?/g;

/** Unix times in seconds (2001-09-09 .. 2039-09-11), alone or with a fraction (Asterisk's uniqueid `1546015415.757927`). */
const EPOCH = /^(1[0-9]{9}|2[01][0-9]{8})(\.\d{1,6})?$/;

/** Chinese digit characters as people write a number out (`一三八…`, `幺` for 1, `两` for 2, `〇`/`零` for 0). */
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  '〇': '0', '零': '0', '一': '1', '幺': '1', '二': '2', '两': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
};

/** What a non-ASCII character may stand for in a number once NFKC-normalised (full-width `１`, `－`, `（`, `　`...). */
const NUMBER_CHAR = /^[\d\s\-./()+:]$/;

/**
 * The text as the detector reads it, character for character (same length, same positions): full-width and other
 * compatibility forms of digits and separators NFKC-normalised (`１３８` -> `138`, `（` -> `(`), Chinese digit
 * characters replaced by their digit. Every other character is kept, so positions found here cut the original text.
 */
function digitView(text: string): string {
  let view = '';
  for (const ch of text) {
    const zh = CHINESE_DIGITS[ch];
    if (zh !== undefined) view += zh;
    else if (ch.length === 1 && ch.charCodeAt(0) >= 0x80) {
      const nfkc = ch.normalize('NFKC');
      view += nfkc.length === 1 && NUMBER_CHAR.test(nfkc) ? nfkc : ch;
    } else view += ch;
  }
  return view;
}

/**
 * Dates of 1900–2100 (`2026-12-07`, `2026/12/07`, `2026.12.07`, `07/12/2026`) and clock times (`08:30`, `08:30:00`): never part of
 * a phone number, blanked out before the runs are looked for so that they neither count nor join their neighbours.
 */
const DATE_OR_TIME = new RegExp(
  [
    String.raw`(?<!\d)(?:19\d{2}|20\d{2}|2100)([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)`,
    String.raw`(?<!\d)(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\2(?:19\d{2}|20\d{2}|2100)(?!\d)`,
    String.raw`(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)`,
  ].join('|'),
  'g',
);

/**
 * Separators people put between the digit groups of a phone number: a space (full-width and no-break spaces are
 * normalised to it; not tabs or line breaks: the fields of a raw line), `-`, `.`, `/`, parentheses (full-width ones
 * normalised first) and zero-width characters; up to 3 of them between two digits
 * (`138 - 1234 - 5678`, `(0591) 8765 4321`).
 */
const SEP = String.raw`[ \-./()\u200b-\u200d\u2060\ufeff]`;

/**
 * A run of digits as a phone number is written: an optional `+`, then digits with up to 3 separators between any two.
 * It starts after neither a digit nor a `*` (a masked number's tail is not masked again: the masking is idempotent).
 */
const PHONE_RUN = new RegExp(String.raw`(?<![\d*])\+?\d(?:${SEP}{0,3}\d)*`, 'g');

/** China's 400/800 service numbers (10 digits): companies' hotlines, never a caller's number. */
const SERVICE_NUMBER = /^[48]00\d{7}$/;

/** A year and a sequence number (`2026-117`, `2026/0001`): a case's or a document's reference, not a phone number. */
const YEAR_REFERENCE = /^(?:19\d{2}|20\d{2}|2100)[-/]\d{1,4}$/;

/** The fewest digits a run needs to be taken for a phone number (local fixed-line numbers have 7 or 8). */
export const PHONE_MIN_DIGITS = 7;

/** One run found by {@link phoneRuns}: where it stands in the text (UTF-16 offsets, end exclusive) and its digits (with a leading `+` if any). */
interface PhoneRun {
  start: number;
  end: number;
  digits: string;
}

/**
 * Every run in `text` that looks like a phone number: full-width digits and Chinese digit characters read as
 * digits, separators allowed between groups, dates and clock times set aside; a run with 7 or more digits, unless it
 * is a Unix time in seconds (10 digits 1000000000..2199999999, optionally with a fraction), a 400/800 service
 * number or a year-and-sequence reference (`2026-117`). Short numbers (12123, 122, 110, counts) are not runs.
 */
function phoneRuns(text: string): PhoneRun[] {
  const view = digitView(text);
  const probe = view.replace(DATE_OR_TIME, (m) => '_'.repeat(m.length));
  const runs: PhoneRun[] = [];
  for (const m of probe.matchAll(PHONE_RUN)) {
    for (const piece of numbersOf(m[0], m.index)) {
      const run = probe.slice(piece.start, piece.end);
      const bare = piece.digits.replace('+', '');
      if (bare.length < PHONE_MIN_DIGITS || EPOCH.test(bare) || EPOCH.test(run) || SERVICE_NUMBER.test(bare) || YEAR_REFERENCE.test(run)) continue;
      runs.push(piece);
    }
  }
  return runs;
}

/** A whole mobile number, with or without China's country code (`13812345678`, `+8613812345678`, `008613812345678`). */
const WHOLE_MOBILE = /^(?:\+?86|0086)?1[3-9]\d{9}$/;

/** The most digits one telephone number has (E.164). */
const MAX_NUMBER_DIGITS = 15;

/**
 * Splits a run of digit groups into the numbers it holds, so that two numbers written one after the other
 * (`13812345678 13912345678`, `138 1234 5678 / 139 1234 5678`) are masked each on its own: a number ends after a
 * group that completes a mobile number (WHOLE_MOBILE), or before a group that would take it past 15 digits.
 * @param run the matched run (digits and separators, maybe a leading `+`); @param offset its position in the text.
 */
function numbersOf(run: string, offset: number): PhoneRun[] {
  const pieces: PhoneRun[] = [];
  let current: PhoneRun | null = null;
  for (const g of run.matchAll(/\+?\d+/g)) {
    const start = offset + g.index;
    const end = start + g[0].length;
    if (current !== null && (WHOLE_MOBILE.test(current.digits) || current.digits.replace('+', '').length + g[0].length > MAX_NUMBER_DIGITS)) {
      pieces.push(current);
      current = null;
    }
    current = current === null ? { start, end, digits: g[0] } : { start: current.start, end, digits: current.digits + g[0] };
  }
  if (current !== null) pieces.push(current);
  return pieces;
}

/**
 * Masks every digit run of 5 or more in free text (a dead letter's raw line, a reason): callers' numbers there
 * cannot be told from other numbers, so such runs are masked with {@link maskCallerNumber}, whatever stands around
 * them (a letter, a colon, a full stop). Kept: Unix times in seconds, 10 digits from 1000000000 to 2199999999, alone
 * or with a fraction — the timestamps and call ids of queue_log lines; no caller number has that shape (mobile
 * numbers have 11 digits, fixed lines with their area code start with 0, a `+` marks an international number).
 * A fraction after a masked number is kept (`13912345678.0` -> `139****5678.0`). Full-width and Chinese digits count
 * as digits, and what {@link maskPhoneNumbers} finds (numbers written with separators) is masked too.
 */
export function maskNumbersInText(text: string): string {
  const view = digitView(text);
  let out = '';
  let last = 0;
  for (const m of view.matchAll(NUMBER_RUN)) {
    const run = m[0];
    if (EPOCH.test(run)) continue;
    const dot = run.indexOf('.');
    const whole = dot < 0 ? run : run.slice(0, dot);
    out += text.slice(last, m.index) + (maskCallerNumber(whole) ?? whole) + (dot < 0 ? '' : run.slice(dot));
    last = m.index + run.length;
  }
  return maskPhoneNumbers(out + text.slice(last));
}

/**
 * Masks what looks like a phone number in text a person typed (a request's summary, a complaint's content, a note,
 * a case's lesson, the month's report text) — the one detector every free-text masking goes through. A phone number
 * is a run of 7 or more digits, as people write them: `13812345678`, `138 1234 5678`, `138 12 34 56 78`,
 * `138-1234-5678`, `138.1234.5678`, `138/1234/5678`, `(0591) 87654321`, `+86 138-1234-5678`, full-width
 * `１３８１２３４５６７８`, Chinese digits `一三八一二三四五六七八` (`幺`, `两` too). The run is replaced by
 * {@link maskCallerNumber} of its digits (ASCII), so that a typed number never reaches a reader, a document or a log.
 * Kept: shorter numbers (service numbers 12123, 122, 110, counts such as `18240 次`, amounts), dates (`2026-12-07`),
 * clock times (`08:30`), Unix times in seconds (see {@link maskNumbersInText}), 400/800 service numbers, references
 * of a year and a sequence number (`2026-117`, `2026/0001`).
 * @example maskPhoneNumbers('来电人 138 1234 5678 反映') // '来电人 138****5678 反映'
 */
export function maskPhoneNumbers(text: string): string {
  let out = '';
  let last = 0;
  for (const run of phoneRuns(text)) {
    out += text.slice(last, run.start) + (maskCallerNumber(run.digits) ?? run.digits);
    last = run.end;
  }
  return out + text.slice(last);
}

/** Whether {@link maskPhoneNumbers} would mask something in `text` (the same detector). */
export function containsPhoneNumber(text: string): boolean {
  return phoneRuns(text).length > 0;
}

/** A mainland mobile number in a string of digits: 1[3-9] and 9 more digits (MIIT 电信网编号计划, mobile numbers). */
const MOBILE_IN_DIGITS = /1[3-9]\d{9}/;

/**
 * Whether an identifier's digits hide a mainland mobile number: short groups (up to 5 digits) run together across
 * any separators (`138_1234_5678`, `138.1234.5678.wav`, `138,12,34,56,78`), or the digits after a leading day
 * (`GD2026120713812345678`). Long groups on their own are left to the other rules, so that an Asterisk call id
 * (`1546015415.757927`, a Unix time) stays a valid reference.
 * @param view - the text with every digit form read as ASCII digits (digitView).
 */
function hidesMobile(view: string): boolean {
  const groups = view.split(/\D+/).filter((g) => g !== '');
  let run = '';
  for (const group of groups) {
    run = group.length <= 5 ? run + group : '';
    if (MOBILE_IN_DIGITS.test(run)) return true;
  }
  return groups.some((g) => COMPACT_DATE_HEAD.test(g) && MOBILE_IN_DIGITS.test(g.slice(8)));
}

/** A day at the head of a digit group (`20261207…`): ids that carry their date (`GD202612070001`, `rec-20261207-0001`). */
const COMPACT_DATE_HEAD = /^(?:19\d{2}|20\d{2}|2100)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/;

/**
 * Whether an identifier a person types (a work order's number, a recording's file name) looks like a phone number,
 * with the detector of {@link maskPhoneNumbers}. In an identifier with letters, `-`, `_`, `/`, `.` separate its
 * parts (`WO-2026-0001`, `rec-20261207-0001.wav`), so only a single group of 7+ digits counts — unless it starts
 * with a day `YYYYMMDD` (`GD202612070001`); an identifier of digits and separators only is read as free text
 * (`138-1234-5678`, `0591 87654321`: phone numbers), a leading day aside (`20261207-0001`); and any identifier
 * whose digits, separators dropped, hold a mainland mobile number (`138_1234_5678`, `GD2026120713812345678`).
 */
export function looksLikePhoneNumber(value: string): boolean {
  const view = digitView(value);
  if (hidesMobile(view)) return true;
  if (/^[\d\s\-./()+_\u200b-\u200d\u2060\ufeff]*$/.test(view)) {
    return phoneRuns(value).some((run) => !COMPACT_DATE_HEAD.test(run.digits));
  }
  return view.split(/[^\d]+/).some((group) => phoneRuns(group).length > 0 && !COMPACT_DATE_HEAD.test(group));
}

/**
 * An identifier as shown (a work order's number, a recording's reference stored before such values were refused):
 * masked with {@link maskPhoneNumbers} when it looks like a phone number ({@link looksLikePhoneNumber}), else as is
 * (`GD202612070001`, `rec-20261207-0001.wav` stay readable). Null stays null.
 */
export function maskIdentifier(value: string | null): string | null {
  return value !== null && looksLikePhoneNumber(value) ? maskPhoneNumbers(digitView(value)) : value;
}
