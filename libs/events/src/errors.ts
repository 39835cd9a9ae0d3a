/**
 * The one input error of the domain libraries. It carries no HTTP or CLI semantics: the API maps `code` to a status
 * in its one exception filter (apps/api/src/common/domain-error.filter.ts), the CLI maps `field` back to the flag
 * that supplied it and exits with code 2, the console and the CLI translate `code` (ERROR_TEXTS of
 * libs/contracts/src/errors.ts).
 * The libraries' own names (ErlangInputError, ForecastInputError, RosterInputError, ScoringError) are thin
 * subclasses, so `instanceof InputError` catches them all.
 */

/**
 * Why an input was rejected (stable, for programmatic handling and translation):
 * - `invalid`: a value of the wrong form (a date that is not `YYYY-MM-DD`, an unknown method or calendar);
 * - `not-an-object`: not a plain object / array where one is needed;
 * - `unknown-field`: a field the input shape does not define (typos must not be ignored silently);
 * - `not-a-number`: not a finite number (NaN, ±Infinity, a string where a number is required);
 * - `not-an-integer`: a count with a fractional part (10.5 agents);
 * - `negative`: a rate, time, count or amount below zero;
 * - `out-of-range`: a number outside its range (a share outside [0, 1], weeks < 1, a list of the wrong length);
 * - `missing`: a value that is needed and cannot be derived;
 * - `inconsistent`: fields that contradict each other;
 * - `empty`: an estimate was asked from an empty list;
 * - `unknown`: a reference to something that does not exist (an unknown agent id or shift code);
 * - `unknown-policy` / `invalid-policy-value`: a scoring policy name or value that does not exist;
 * - `unsupported`: a valid combination the function does not implement (named in the message);
 * - `insufficient-history`: too little history to forecast;
 * - `unreachable`: a target that no staffing can meet;
 * - `too-large`: valid inputs whose computation would take too long for one call.
 */
export const INPUT_ERROR_CODES = [
  'invalid',
  'not-an-object',
  'unknown-field',
  'not-a-number',
  'not-an-integer',
  'negative',
  'out-of-range',
  'missing',
  'inconsistent',
  'empty',
  'unknown',
  'unknown-policy',
  'invalid-policy-value',
  'unsupported',
  'insufficient-history',
  'unreachable',
  'too-large',
] as const;

/** One of {@link INPUT_ERROR_CODES}. */
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

/**
 * A rejected input. `field` names the offending input as a path (`agents`, `intervals[3].arrivals`,
 * `targets.targetConnectRate`); `detail` says what is wrong, phrased to follow the field name; the message is
 * `${field} ${detail}` (`agents must be a non-negative integer (got 10.5)`).
 *
 * @typeParam C the codes a library uses (a subset of {@link InputErrorCode}).
 * @example
 * try { erlangC(10.5, 10); } catch (e) { if (e instanceof InputError) console.log(e.code, e.field); } // 'not-an-integer' 'agents'
 */
export class InputError<C extends InputErrorCode = InputErrorCode> extends Error {
  override name = 'InputError';

  constructor(
    /** The kind of problem; stable, for programmatic handling. */
    readonly code: C,
    /** The input field at fault, as a path. */
    readonly field: string,
    /** What is wrong, phrased to follow the field name. */
    readonly detail: string,
    /** The message; `${field} ${detail}` unless a subclass keeps an older form. */
    message = `${field} ${detail}`,
  ) {
    super(message);
  }
}
