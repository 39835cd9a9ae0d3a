/**
 * The error classes of the roster library. They carry no HTTP or CLI semantics: the API maps them to a 400 naming
 * `field`, the CLI to exit code 2. {@link RosterInputError} is the libraries' one {@link InputError} under the roster's name.
 */
import { InputError, type InputErrorCode } from '@hotline/events';

/**
 * Why an input was rejected.
 * - `invalid`: a value of the wrong shape or out of its range (a negative share, a malformed date or time);
 * - `unknown`: a reference to something that does not exist (an unknown agent id or shift code);
 * - `inconsistent`: values that contradict each other (a forecast whose length is not days x 48, a lock on a
 *   leave day, two templates with one code).
 */
export type RosterInputErrorCode = Extract<InputErrorCode, 'invalid' | 'unknown' | 'inconsistent'>;

/**
 * A rejected input. `field` is the path of the offending field (`agents[2].seatShare`, `forecast.offered`); the
 * message starts with it.
 *
 * @example
 * try { prepareProblem({ ...problem, days: 0 }); }
 * catch (e) { if (e instanceof RosterInputError) console.log(e.code, e.field); } // 'invalid' 'days'
 */
export class RosterInputError extends InputError<RosterInputErrorCode> {
  override name = 'RosterInputError';
}

/**
 * The solver failed for a reason other than the rules (HiGHS reported an error, or returned no usable solution
 * where one was required). Infeasible rules are not an error: {@link solveRoster} reports them as a diagnosis.
 */
export class RosterSolveError extends Error {
  override name = 'RosterSolveError';
}
