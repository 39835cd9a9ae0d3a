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

/**
 * Runs of digits (with an optional leading `+`) that may be phone numbers or customer ids, at least 5 digits long,
 * not part of a longer word-number (an epoch `1546015415.757927` is kept: it is a time, not a person).
 */
const NUMBER_RUN = /(?<![\d.])\+?\d{5,}(?![\d.])/g;

/**
 * Masks every digit run of 5 or more in free text (a dead letter's raw line, a reason): callers' numbers there
 * cannot be told from other numbers, so all such runs are masked with {@link maskCallerNumber}. Epochs with a
 * fractional part (`1546015415.757927`) are kept.
 */
export function maskNumbersInText(text: string): string {
  return text.replace(NUMBER_RUN, (run) => maskCallerNumber(run) ?? run);
}
