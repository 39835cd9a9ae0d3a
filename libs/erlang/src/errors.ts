/**
 * The error classes of the Erlang library. They carry no HTTP or CLI semantics: the API maps `code` to a 4xx in
 * its exception filter, the CLI maps `field` back to the flag that supplied it and exits with code 2.
 * The input error is the domain libraries' one {@link InputError} (`@hotline/events`) under this library's name.
 */
import { InputError } from '@hotline/events';

/**
 * Why an input was rejected.
 * - `not-a-number`: not a finite number (NaN, ±Infinity, a string, undefined where a number is required).
 * - `not-an-integer`: a count with a fractional part, e.g. 10.5 agents (Erlang formulas are defined for whole
 *   servers; the library never floors or interpolates silently).
 * - `negative`: a rate, time or count below zero.
 * - `out-of-range`: a fraction outside its interval (shrinkage in [0, 1), a service-level target in [0, 1)),
 *   a time that must be positive, or a load too extreme to evaluate.
 * - `missing`: a value that is needed and cannot be derived (no arrival rate, no targetSeconds for a
 *   service-level target).
 * - `inconsistent`: fields that contradict each other (arrivalsPerHour disagrees with callsPerInterval and
 *   intervalMinutes; minConnectRate and maxProbAbandon both given and different).
 * - `empty`: an estimate was asked from an empty list.
 */
export type ErlangInputErrorCode = Extract<InputError['code'], 'not-a-number' | 'not-an-integer' | 'negative' | 'out-of-range' | 'missing' | 'inconsistent' | 'empty'>;

/**
 * A rejected input. `field` names the offending input field (`agents`, `ahtSeconds`, `intervals[3].agents`);
 * the message starts with it, e.g. `agents must be a non-negative integer (got 10.5)`.
 *
 * @example
 * try { erlangCMetrics({ arrivalsPerHour: 120, ahtSeconds: 300, agents: 10.5, targetSeconds: 20 }); }
 * catch (e) { if (e instanceof ErlangInputError) console.log(e.code, e.field); } // 'not-an-integer' 'agents'
 */
export class ErlangInputError extends InputError<ErlangInputErrorCode> {
  override name = 'ErlangInputError';
}

/**
 * A staffing search that cannot succeed: the targets are not met by any number of agents up to
 * `maxAgents` (default: a generous bound far above the offered load). Code `target-unreachable`.
 *
 * @example
 * // 99.9 % answered at once needs more than 14 agents for 10 Erlangs:
 * staffErlangC({ arrivalsPerHour: 200, ahtSeconds: 180, targetSeconds: 0, serviceLevelTarget: 0.999, maxAgents: 14 });
 * // throws ErlangStaffingError: no number of agents up to 14 meets the Erlang C targets
 */
export class ErlangStaffingError extends Error {
  override name = 'ErlangStaffingError';
  /** Always `target-unreachable`. */
  readonly code = 'target-unreachable';

  constructor(
    /** The largest number of agents that was tried. */
    readonly maxAgents: number,
    detail: string,
  ) {
    super(detail);
  }
}
