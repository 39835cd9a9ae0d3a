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

/**
 * Masks every digit run of 5 or more in free text (a dead letter's raw line, a reason): callers' numbers there
 * cannot be told from other numbers, so such runs are masked with {@link maskCallerNumber}, whatever stands around
 * them (a letter, a colon, a full stop). Kept: Unix times in seconds, 10 digits from 1000000000 to 2199999999, alone
 * or with a fraction — the timestamps and call ids of queue_log lines; no caller number has that shape (mobile
 * numbers have 11 digits, fixed lines with their area code start with 0, a `+` marks an international number).
 * A fraction after a masked number is kept (`13912345678.0` -> `139****5678.0`).
 */
export function maskNumbersInText(text: string): string {
  return text.replace(NUMBER_RUN, (run) => {
    if (EPOCH.test(run)) return run;
    const dot = run.indexOf('.');
    const whole = dot < 0 ? run : run.slice(0, dot);
    return (maskCallerNumber(whole) ?? whole) + (dot < 0 ? '' : run.slice(dot));
  });
}

/**
 * A phone number as people write one in free text: an optional `+`, digits, and further groups of 3 or more digits
 * after a single space or hyphen (`13812345678`, `138 1234 5678`, `0591-87654321`, `+86 138-1234-5678`); a date's
 * two-digit groups (`2026-12-07`) do not continue a run. Masked when the run has 7 or more digits.
 */
const PHONE_LIKE = /\+?\d+(?:[ -]\d{3,})*/g;

/**
 * Masks what looks like a phone number in text a person typed (a complaint's content, a note, the month's report
 * text): every run of 7 or more digits (spaces and hyphens between groups allowed), with {@link maskCallerNumber}
 * on its digits, so that a number typed into a register never reaches a reader, a document or a log in clear.
 * Shorter numbers (counts such as `18240 次`, dates, times, amounts) stay; so do Unix times in seconds (see
 * {@link maskNumbersInText}). Used as the contract's transform of the registers' free-text fields: the number is
 * masked before it is stored.
 * @example maskPhoneNumbers('来电人 138 1234 5678 反映') // '来电人 138****5678 反映'
 */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, (run) => {
    const digits = run.replace(/[ -]/g, '');
    if (digits.replace('+', '').length < 7 || EPOCH.test(digits)) return run;
    return maskCallerNumber(digits) ?? digits;
  });
}
