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

/**
 * What a non-ASCII character may stand for in a number once NFKC-normalised (full-width `１`, `－`, `（`, `　`, `，`,
 * `＿`, half-width `､`...).
 */
const NUMBER_CHAR = /^[\d\s\-./()+:,_、]$/;

/**
 * The dashes other than the ASCII hyphen (after NFKC): hyphen, non-breaking hyphen, figure dash, en dash, em dash
 * (and the small one), horizontal bar, minus sign, two- and three-em dashes. The detector reads each as `-`.
 */
const DASH = /^[\u2010-\u2015\u2212\u2e3a\u2e3b]$/;

/**
 * The middle dots (after NFKC): `·` (U+00B7, what a Chinese input method types for the back-quote key), the
 * hyphenation point, the bullet operator, `・` (and the half-width `･`). The detector reads each as `.`.
 */
const MIDDLE_DOT = /^[\u00b7\u2027\u2219\u30fb]$/;

/**
 * The text as the detector reads it, character for character (same length, same positions): full-width and other
 * compatibility forms of digits and separators NFKC-normalised (`１３８` -> `138`, `（` -> `(`, `，` -> `,`), every
 * dash read as `-` (`–`, `—`, `−`: DASH), every middle dot as `.` (`·`, `・`: MIDDLE_DOT), Chinese digit characters
 * replaced by their digit. Every other character is
 * kept, so positions found here cut the original text.
 */
function digitView(text: string): string {
  let view = '';
  for (const ch of text) {
    const zh = CHINESE_DIGITS[ch];
    if (zh !== undefined) view += zh;
    else if (ch.length === 1 && ch.charCodeAt(0) >= 0x80) {
      const nfkc = ch.normalize('NFKC');
      view += nfkc.length !== 1 ? ch : DASH.test(nfkc) ? '-' : MIDDLE_DOT.test(nfkc) ? '.' : NUMBER_CHAR.test(nfkc) ? nfkc : ch;
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

/** The one-character separators of {@link SEP} besides the space and the dashes (also the identifier rule's). */
const SEP_CHARS = String.raw`./(),_、\u200b-\u200d\u2060\ufeff`;

/**
 * Separators people put between the digit groups of a phone number: a space (full-width and no-break spaces are
 * normalised to it; not tabs or line breaks: the fields of a raw line), `-` and every other dash (`–`, `—`, `―`,
 * `−`, full-width `－`: read as `-` by digitView; a doubled dash `——`, as Chinese input methods type it, counts as
 * one), `.`, `/`, parentheses (full-width ones normalised first), zero-width characters, and the separators that
 * also separate a list's items — `,` (full-width `，` too), the enumeration comma `、`, `_` — which join groups only
 * into a whole number (see numbersOf); up to 3 of them between two digits (`138 - 1234 — 5678`,
 * `(0591) 8765 4321`, `138，1234，5678`).
 */
const SEP = String.raw`(?:-{1,2}|[ ${SEP_CHARS}])`;

/** One line break between two digit groups, separators around it (typed text only: see {@link numbersOf}). */
const LINE_BREAK = String.raw`${SEP}{0,2}(?:\r\n|[\n\r\u2028\u2029])${SEP}{0,2}`;

/**
 * A run of digits as a phone number is written: an optional `+`, then digits with up to 3 separators between any two.
 * It starts after neither a digit nor a `*` (a masked number's tail is not masked again: the masking is idempotent).
 */
const PHONE_RUN = new RegExp(String.raw`(?<![\d*])\+?\d(?:${SEP}{0,3}\d)*`, 'g');

/** {@link PHONE_RUN} that may also go across one line break (text a person typed). */
const TYPED_PHONE_RUN = new RegExp(String.raw`(?<![\d*])\+?\d(?:${SEP}{0,3}\d)*(?:${LINE_BREAK}\d(?:${SEP}{0,3}\d)*)?`, 'g');

/**
 * A number written with thousands separators (`1,234,567`, `18,240`, `1,234.50`): 1 to 3 digits, then groups of
 * exactly 3 after commas (full-width `，` read as `,`), an optional fraction. An amount or a count, set aside like a
 * date — unless its digits make a whole mobile number (`13,812,345,678`, a number a spreadsheet formatted). Only when
 * it stands apart: not right after nor right before a digit or a `*` (a masked number's tail) with up to 3 separators
 * between (`138,1234,5678`, `12,1,234`, `138-1,234`, `138****5678,123 4567` have not this shape: their groups are
 * read by numbersOf), so that no digit masked before such numbers were kept is shown now.
 */
const THOUSANDS = new RegExp(String.raw`(?<![\d*][ \-${SEP_CHARS}]{0,3})\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![ \-${SEP_CHARS}]{0,3}\d)`, 'g');

/**
 * A number as {@link maskCallerNumber} masked it (`138****5678`, `+12*****0101`, `90****26`, `*****6`): set aside, so
 * that neither its head nor its tail joins a neighbouring group on a second pass (the masking is idempotent).
 */
const MASKED_NUMBER = /(?<!\d)\+?\d{0,3}\*{2,}\d{1,4}(?!\d)/g;

/** What stands for a masked number, a date, a time or an amount in the probe: neither a digit nor a separator, so nothing joins across it. */
const BLANK = '#';

/** China's 400/800 service numbers (10 digits): companies' hotlines, never a caller's number. */
const SERVICE_NUMBER = /^[48]00\d{7}$/;

/** A year and a sequence number (`2026-117`, `2026/0001`, `2026—117`): a case's or a document's reference, not a phone number. */
const YEAR_REFERENCE = /^(?:19\d{2}|20\d{2}|2100)(?:-{1,2}|\/)\d{1,4}$/;

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
 * digits, separators allowed between groups, masked numbers, dates, clock times and numbers with thousands
 * separators set aside; a run with 7 or more digits, unless it is a Unix time in seconds (10 digits
 * 1000000000..2199999999 written without separators, optionally with a fraction: `138-123-4567` is a phone number),
 * a 400/800 service number or a year-and-sequence reference (`2026-117`). Short numbers (12123, 122, 110, counts)
 * are not runs.
 * @param acrossLineBreak - whether a run may go across one line break (text a person typed, see {@link numbersOf}).
 */
function phoneRuns(text: string, acrossLineBreak: boolean): PhoneRun[] {
  const view = digitView(text);
  const probe = view
    .replace(MASKED_NUMBER, (m) => BLANK.repeat(m.length))
    .replace(DATE_OR_TIME, (m) => BLANK.repeat(m.length))
    .replace(THOUSANDS, (m) => (WHOLE_MOBILE.test(m.replace(/\..*$/, '').replace(/,/g, '')) ? m : BLANK.repeat(m.length)));
  const runs: PhoneRun[] = [];
  for (const m of probe.matchAll(acrossLineBreak ? TYPED_PHONE_RUN : PHONE_RUN)) {
    for (const piece of numbersOf(m[0], m.index)) {
      const run = probe.slice(piece.start, piece.end);
      const bare = piece.digits.replace('+', '');
      if (bare.length < PHONE_MIN_DIGITS || EPOCH.test(run) || SERVICE_NUMBER.test(bare) || YEAR_REFERENCE.test(run)) continue;
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
 * A fixed-line number with its area code (`0591 87654321`: 0, a 2-3 digit area, 7-8 digits), a whole number a list's
 * separator may join, as a mobile number (WHOLE_MOBILE).
 */
const WHOLE_FIXED_LINE = /^0\d{9,11}$/;

/** What also separates the items of a list or the lines of a text: `,` (`，` read as it), `、`, `_`, a line break. */
const LIST_GAP = /[\n\r\u2028\u2029,_、]/;

/** Whether `digits` (maybe with a leading `+`) make a whole number a list's separator may join: WHOLE_MOBILE, WHOLE_FIXED_LINE. */
function isWholeNumber(digits: string): boolean {
  return WHOLE_MOBILE.test(digits) || WHOLE_FIXED_LINE.test(digits);
}

/** One group of digits of a run (maybe with a leading `+`), and whether a list's separator (LIST_GAP) stands before it. */
interface DigitGroup extends PhoneRun {
  listGapBefore: boolean;
}

/**
 * Where the number that a list's separator before `groups[next]` may join starts: the first group `k` of the current
 * number (from `first`) such that the digits of `groups[k..j]`, for some `j >= next`, make a whole number
 * (isWholeNumber, at most 15 digits); -1 when there is none. A suffix counts (`共 5 138,1234,5678`: from `138`).
 */
function wholeNumberStart(groups: DigitGroup[], first: number, next: number): number {
  for (let k = first; k < next; k++) {
    let digits = groups.slice(k, next).map((g) => g.digits).join('');
    for (let j = next; j < groups.length; j++) {
      digits += groups[j]!.digits;
      if (digits.replace('+', '').length > MAX_NUMBER_DIGITS) break;
      if (isWholeNumber(digits)) return k;
    }
  }
  return -1;
}

/**
 * Splits a run of digit groups into the numbers it holds, so that two numbers written one after the other
 * (`13812345678 13912345678`, `138 1234 5678 / 139 1234 5678`) are masked each on its own: a number ends after a
 * group that completes a mobile number (WHOLE_MOBILE), or before a group that would take it past 15 digits. A list's
 * separator (`,` `、` `_`, a line break: LIST_GAP) joins two groups only into a whole number (wholeNumberStart:
 * `138，1234，5678`, `0591、8765、4321`, `138 1234⏎5678`), so that a list (`12123、122、110`,
 * `第 1、2、3、4、5、6、7 条`, `工号 1001,1002`) or two lines that end and start with digits are not taken for a phone number.
 * @param run the matched run (digits and separators, maybe a leading `+`); @param offset its position in the text.
 */
function numbersOf(run: string, offset: number): PhoneRun[] {
  const groups: DigitGroup[] = [];
  for (const g of run.matchAll(/\+?\d+/g)) {
    const gap = run.slice(groups.length === 0 ? 0 : groups[groups.length - 1]!.end - offset, g.index);
    groups.push({ start: offset + g.index, end: offset + g.index + g[0].length, digits: g[0], listGapBefore: LIST_GAP.test(gap) });
  }
  const pieces: PhoneRun[] = [];
  let first = 0;
  const cut = (at: number): void => {
    pieces.push({ start: groups[first]!.start, end: groups[at - 1]!.end, digits: groups.slice(first, at).map((g) => g.digits).join('') });
    first = at;
  };
  for (let next = 1; next < groups.length; next++) {
    const digits = groups.slice(first, next).map((g) => g.digits).join('');
    if (WHOLE_MOBILE.test(digits) || digits.replace('+', '').length + groups[next]!.digits.length > MAX_NUMBER_DIGITS) cut(next);
    else if (groups[next]!.listGapBefore) {
      const start = wholeNumberStart(groups, first, next);
      if (start !== first) cut(start < 0 ? next : start);
    }
  }
  if (groups.length > 0) cut(groups.length);
  return pieces;
}

/**
 * Masks every digit run of 5 or more in free text (a dead letter's raw line, a reason): callers' numbers there
 * cannot be told from other numbers, so such runs are masked with {@link maskCallerNumber}, whatever stands around
 * them (a letter, a colon, a full stop). Kept: Unix times in seconds, 10 digits from 1000000000 to 2199999999, alone
 * or with a fraction — the timestamps and call ids of queue_log lines; no caller number has that shape (mobile
 * numbers have 11 digits, fixed lines with their area code start with 0, a `+` marks an international number).
 * A fraction after a masked number is kept (`13912345678.0` -> `139****5678.0`). Full-width and Chinese digits count
 * as digits, and what {@link maskPhoneNumbers} finds (numbers written with separators: `138，1234，5678`,
 * `138—1234—5678`...) is masked too — except a number across a line break: in a raw line (a dead letter, a log
 * message) tabs and line breaks separate fields, so the digits of two fields are never joined into one number.
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
  return maskRuns(out + text.slice(last), false);
}

/**
 * Masks what looks like a phone number in text a person typed (a request's summary, a complaint's content, a note,
 * a case's lesson, the month's report text) — the one detector every free-text masking goes through. A phone number
 * is a run of 7 or more digits, as people write them: `13812345678`, `138 1234 5678`, `138 12 34 56 78`,
 * `138-1234-5678`, `138.1234.5678`, `138/1234/5678`, `138,1234,5678`, `138，1234，5678`, `138、1234、5678`,
 * `138_1234_5678`, other dashes (`138–1234–5678`, `138——1234——5678`, `138−1234−5678`, `138―1234―5678`), middle
 * dots (`138·1234·5678`, `138・1234・5678`),
 * `(0591) 87654321`, `+86 138-1234-5678`, full-width `１３８１２３４５６７８`, `１３８－１２３４－５６７８`,
 * Chinese digits `一三八一二三四五六七八` (`幺`, `两` too); up to 3 separators between two groups (see SEP). Groups
 * joined by `,` `，` `、` `_` — and, here only, across one line break (`138 1234⏎5678`, a pasted or wrapped number;
 * never in {@link maskNumbersInText}) — are one number only when their digits make a whole mobile number (`+86` or
 * not) or a fixed line with its area code (see numbersOf): a list such as `12123、122、110` stays readable.
 * The run is replaced by {@link maskCallerNumber} of its digits (ASCII), so that a typed number never reaches a
 * reader, a document or a log. Kept: shorter numbers (service numbers 12123, 122, 110, counts such as `18240 次`),
 * numbers with thousands separators (`1,234,567 元`, `18,240 次`: 1-3 digits then groups of exactly 3 after commas —
 * unless the digits make a mobile number), dates (`2026-12-07`), clock times (`08:30`), Unix times in seconds
 * written without separators (see {@link maskNumbersInText}), 400/800 service numbers, references of a year and a sequence number (`2026-117`,
 * `2026/0001`).
 * @example maskPhoneNumbers('来电人 138 1234 5678 反映') // '来电人 138****5678 反映'
 */
export function maskPhoneNumbers(text: string): string {
  return maskRuns(text, true);
}

/**
 * Replaces every run phoneRuns finds by {@link maskCallerNumber} of its digits; @param acrossLineBreak see phoneRuns;
 * @param read the text the runs are looked for in, of the same length as `text` (identifierView), `text` itself by default.
 */
function maskRuns(text: string, acrossLineBreak: boolean, read: string = text): string {
  let out = '';
  let last = 0;
  for (const run of phoneRuns(read, acrossLineBreak)) {
    out += text.slice(last, run.start) + (maskCallerNumber(run.digits) ?? run.digits);
    last = run.end;
  }
  return out + text.slice(last);
}

/** Whether {@link maskPhoneNumbers} would mask something in `text` (the same detector). */
export function containsPhoneNumber(text: string): boolean {
  return phoneRuns(text, true).length > 0;
}

/**
 * Whether `text` holds a mainland mobile number (`1[3-9]` and 9 more digits, `+86` / `0086` or not), written in any
 * form {@link maskPhoneNumbers} finds (`138 1234 5678`, `１３８…`, `一三八…`). Fixed lines with their area code
 * (`0591-87654321`), service numbers (12123, 400/800 numbers) and masked numbers (`138****5678`) are not.
 */
export function containsMobileNumber(text: string): boolean {
  return phoneRuns(text, true).some((run) => WHOLE_MOBILE.test(run.digits));
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
 * with a day `YYYYMMDD` (`GD202612070001`); an identifier of digits and the separators of {@link maskPhoneNumbers}
 * only (every dash, `,` `，` `、` `_` included) is read as free text, its `,` `、` `_` as hyphens (identifierView:
 * `138-1234-5678`, `0591 87654321`, `138，12，34`, `138–12–34`: phone numbers), a leading day aside
 * (`20261207-0001`); and any identifier whose digits, separators dropped, hold a mainland mobile number
 * (`138_1234_5678`, `GD2026120713812345678`).
 */
export function looksLikePhoneNumber(value: string): boolean {
  const view = identifierView(value);
  if (hidesMobile(view)) return true;
  if (DIGITS_AND_SEPARATORS.test(view)) {
    return phoneRuns(view, true).some((run) => !COMPACT_DATE_HEAD.test(run.digits));
  }
  return view.split(/[^\d]+/).some((group) => phoneRuns(group, true).length > 0 && !COMPACT_DATE_HEAD.test(group));
}

/** An identifier of digits and phone-number separators only (dashes already read as `-` by digitView). */
const DIGITS_AND_SEPARATORS = new RegExp(String.raw`^[\d\s\-+${SEP_CHARS}]*$`);

/**
 * An identifier as the identifier rule reads it: {@link digitView} with `,` `、` `_` read as `-`. An identifier holds
 * no list, so these join its digit groups as a hyphen does (`138，12，34` is read as `138-12-34`, a 7-digit number),
 * not only into a whole number as in free text (numbersOf). Same length and positions as the text.
 */
function identifierView(value: string): string {
  return digitView(value).replace(/[,_、]/g, '-');
}

/**
 * An identifier as shown (a work order's number, a recording's reference stored before such values were refused):
 * masked with the detector of {@link maskPhoneNumbers}, reading it as {@link looksLikePhoneNumber} does (`138，12，34`
 * -> `13***34`), when it looks like a phone number, else as is (`GD202612070001`, `rec-20261207-0001.wav` stay
 * readable). Null stays null.
 */
export function maskIdentifier(value: string | null): string | null {
  return value !== null && looksLikePhoneNumber(value) ? maskRuns(digitView(value), true, identifierView(value)) : value;
}
