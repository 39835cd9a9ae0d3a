/**
 * The error class of the forecast library. It carries no HTTP or CLI semantics: the API maps it to a 400 naming
 * `field`, the CLI to a usage error naming the flag (exit code 2). It is the domain libraries' one
 * {@link InputError} (`@hotline/events`) under this library's name.
 */
import { InputError } from '@hotline/events';

/**
 * Why an input was rejected:
 * - `invalid`: a value of the wrong form (a date that is not `YYYY-MM-DD`, an unknown method or calendar);
 * - `out-of-range`: a number outside its range (a share outside [0, 1], weeks < 1, a negative count);
 * - `insufficient-history`: too little history to forecast (no complete day before the forecast's start);
 * - `unreachable`: a target that no staffing can meet (e.g. a connect rate above what the IVR's losses allow);
 * - `too-large`: valid inputs whose computation would take too long for one call (see `MAX_REQUIREMENT_WORK`).
 */
export type ForecastInputErrorCode = Extract<InputError['code'], 'invalid' | 'out-of-range' | 'insufficient-history' | 'unreachable' | 'too-large'>;

/**
 * A rejected input. `field` names the offending input (`weeks`, `intervals[3].arrivals`, `targets.targetConnectRate`);
 * the message starts with it.
 *
 * @example
 * try { forecastArrivals(history, { weeks: 0 }); }
 * catch (e) { if (e instanceof ForecastInputError) console.log(e.code, e.field); } // 'out-of-range' 'weeks'
 */
export class ForecastInputError extends InputError<ForecastInputErrorCode> {
  override name = 'ForecastInputError';
}
