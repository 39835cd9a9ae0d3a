/**
 * The one error class of the scoring library. It never carries HTTP semantics: the API maps `code` to a 4xx
 * in its exception filter, the CLI to exit code 2. It is the domain libraries' one {@link InputError}
 * (`@hotline/events`) under this library's name.
 */
import { InputError } from '@hotline/events';

/**
 * Why an input was rejected.
 * - `not-an-object`: the input (or a nested part of it) is not a plain object / array where one is needed.
 * - `unknown-field`: a field that the input shape does not define (typos must not be ignored silently).
 * - `not-a-number`: not a finite number or decimal string.
 * - `not-an-integer`: a count with a fractional part.
 * - `negative`: a count or amount below zero.
 * - `out-of-range`: a fraction outside [0, 1], a target outside (0, 100], a list of the wrong length, ...
 * - `inconsistent`: fields that contradict each other (e.g. agentAnswered + ivrAnswered > requests).
 * - `missing`: a value that is needed and cannot be derived.
 * - `unknown-policy` / `invalid-policy-value`: a policy name or value that does not exist.
 * - `unsupported`: a valid combination the function does not implement (named in the message).
 */
export type ScoringErrorCode = Extract<
  InputError['code'],
  | 'not-an-object'
  | 'unknown-field'
  | 'not-a-number'
  | 'not-an-integer'
  | 'negative'
  | 'out-of-range'
  | 'inconsistent'
  | 'missing'
  | 'unknown-policy'
  | 'invalid-policy-value'
  | 'unsupported'
>;

/**
 * A rejected input. `field` names the offending field as a path (`requests`, `daily[3].agentAnswered`,
 * `forecast.connectFraction`, `policy.bonus`); the message starts with that path and a colon, `${field}: ${detail}`
 * (the one place that differs from {@link InputError}'s `${field} ${detail}`: the CLI, the API's bodies and the
 * tests quote it in this form).
 *
 * @example
 * try { scoreMonth({ requests: -1 }); } catch (e) { if (e instanceof ScoringError) e.code; } // 'negative'
 */
export class ScoringError extends InputError<ScoringErrorCode> {
  override name = 'ScoringError';

  constructor(code: ScoringErrorCode, field: string, detail: string) {
    super(code, field, detail, `${field}: ${detail}`);
  }
}
