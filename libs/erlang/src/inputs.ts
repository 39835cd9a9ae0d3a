/**
 * Input shapes shared by every model, and their validation. Every number is checked once, here, and a bad one
 * is reported with the name of its field (an {@link ErlangInputError}); nothing is floored, rounded or
 * clamped silently.
 */
import { ErlangInputError } from './errors';

/**
 * The offered traffic of one interval, as an hourly Poisson arrival rate (calls per hour). The interval form
 * may be given as well (as the reference cases do); it must then agree with the hourly rate.
 */
export interface HourlyArrivals {
  /** Offered calls per hour (Poisson arrival rate λ), >= 0. */
  arrivalsPerHour: number;
  /** Optional: forecast calls in the interval; must equal arrivalsPerHour * intervalMinutes / 60. */
  callsPerInterval?: number;
  /** Optional: interval length in minutes (> 0), with callsPerInterval. */
  intervalMinutes?: number;
}

/** The offered traffic of one interval as a count over an interval of given length (e.g. 100 calls per 30 min). */
export interface IntervalArrivals {
  arrivalsPerHour?: undefined;
  /** Forecast (expected) calls in the interval, >= 0; need not be a whole number. */
  callsPerInterval: number;
  /** Interval length in minutes, > 0. */
  intervalMinutes: number;
}

/** Offered traffic: either {@link HourlyArrivals} or {@link IntervalArrivals}. */
export type ArrivalInput = HourlyArrivals | IntervalArrivals;

/** Offered traffic plus the mean handle time, the two things the offered load is made of. */
export type LoadInput = ArrivalInput & {
  /** Average handle time (talk + hold + wrap-up) in seconds, > 0. */
  ahtSeconds: number;
};

/** @internal A number that must be finite. */
export function requireFinite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ErlangInputError('not-a-number', field, `must be a finite number (got ${String(value)})`);
  }
  return value;
}

/** @internal A finite number >= 0. */
export function requireNonNegative(value: unknown, field: string): number {
  const v = requireFinite(value, field);
  if (v < 0) throw new ErlangInputError('negative', field, `must not be negative (got ${v})`);
  return v;
}

/** @internal A finite number > 0. */
export function requirePositive(value: unknown, field: string): number {
  const v = requireNonNegative(value, field);
  if (v === 0) throw new ErlangInputError('out-of-range', field, 'must be greater than 0 (got 0)');
  return v;
}

/** @internal A whole number >= 0 (a count of agents). */
export function requireCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value) || value < 0) {
    const code = typeof value !== 'number' || !Number.isFinite(value) ? 'not-a-number' : value < 0 ? 'negative' : 'not-an-integer';
    throw new ErlangInputError(code, field, `must be a non-negative integer (got ${String(value)})`);
  }
  return value;
}

/**
 * @internal A fraction in [min, max] or [min, max) (`maxExclusive`), e.g. a service-level target in [0, 1):
 * a target of exactly 1 can never be met when calls arrive.
 */
export function requireFraction(value: unknown, field: string, min: number, max: number, maxExclusive: boolean): number {
  const v = requireFinite(value, field);
  if (v < min || v > max || (maxExclusive && v === max)) {
    throw new ErlangInputError('out-of-range', field, `must be in [${min}, ${max}${maxExclusive ? ')' : ']'} (got ${v})`);
  }
  return v;
}

/**
 * The arrival rate in calls per hour of an {@link ArrivalInput}, validated.
 *
 * @returns calls per hour (>= 0).
 * @throws ErlangInputError `missing` when neither form is given; `not-a-number`, `negative` or `out-of-range`
 *   for a bad value; `inconsistent` when both forms are given and differ by more than 1e-9 relative.
 * @example
 * arrivalsPerHourOf({ callsPerInterval: 100, intervalMinutes: 30 }); // 200
 */
export function arrivalsPerHourOf(input: ArrivalInput): number {
  const hourly = input.arrivalsPerHour;
  const hasInterval = input.callsPerInterval !== undefined || input.intervalMinutes !== undefined;
  let fromInterval: number | undefined;
  if (hasInterval) {
    const calls = requireNonNegative(input.callsPerInterval, 'callsPerInterval');
    const minutes = requirePositive(input.intervalMinutes, 'intervalMinutes');
    fromInterval = (calls * 60) / minutes;
  }
  if (hourly === undefined) {
    if (fromInterval === undefined) {
      throw new ErlangInputError('missing', 'arrivalsPerHour', 'is required (or callsPerInterval with intervalMinutes)');
    }
    return fromInterval;
  }
  const rate = requireNonNegative(hourly, 'arrivalsPerHour');
  if (fromInterval !== undefined && Math.abs(fromInterval - rate) > 1e-9 * Math.max(1, rate)) {
    throw new ErlangInputError(
      'inconsistent',
      'arrivalsPerHour',
      `(${rate}) disagrees with callsPerInterval * 60 / intervalMinutes (${fromInterval})`,
    );
  }
  return rate;
}

/**
 * The offered load A in Erlangs: A = λ · AHT = arrivalsPerHour · ahtSeconds / 3600 (Erlang 1917). It is the mean
 * number of agents that would be busy if every call were served.
 *
 * @param input arrival rate (per hour, or calls per interval with its length) and AHT in seconds.
 * @returns the offered load in Erlangs (dimensionless, >= 0).
 * @throws ErlangInputError for a missing, negative or non-finite rate, or an AHT that is not > 0.
 * @example
 * trafficErlangs({ arrivalsPerHour: 720, ahtSeconds: 240 }); // 48
 */
export function trafficErlangs(input: LoadInput): number {
  const arrivalsPerHour = arrivalsPerHourOf(input);
  const ahtSeconds = requirePositive(input.ahtSeconds, 'ahtSeconds');
  return requireLoad(arrivalsPerHour, ahtSeconds);
}

/**
 * The largest offered load the library evaluates, in Erlangs. The largest contact centres run a few thousand
 * agents; a load of 10^5 Erlangs or more is an input error (calls per day typed as calls per hour, AHT in
 * milliseconds), and its staffing search would hold a server for minutes.
 */
export const MAX_OFFERED_LOAD_ERLANGS = 100_000;

/**
 * The offered load arrivalsPerHour · ahtSeconds / 3600 (Erlangs), refused above {@link MAX_OFFERED_LOAD_ERLANGS}.
 * @throws ErlangInputError `out-of-range` on `arrivalsPerHour`, stating the load.
 */
export function requireLoad(arrivalsPerHour: number, ahtSeconds: number): number {
  const a = (arrivalsPerHour * ahtSeconds) / 3600;
  if (a > MAX_OFFERED_LOAD_ERLANGS) {
    throw new ErlangInputError('out-of-range', 'arrivalsPerHour', `with ahtSeconds ${ahtSeconds} gives an offered load of ${a.toPrecision(3)} Erlangs; at most ${MAX_OFFERED_LOAD_ERLANGS} Erlangs are supported`);
  }
  return a;
}
