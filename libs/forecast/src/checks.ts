/**
 * The number checks of the forecast library's inputs: each returns the value when it is acceptable and throws
 * {@link ForecastInputError} `out-of-range` naming the field (`targets.targetSeconds must be a number >= 0 (got -1)`)
 * otherwise.
 */
import { ForecastInputError } from './errors';
import { MAX_AGENTS } from './limits';

/**
 * `value` when it is a finite number in the interval from `min` to `max` (`maxOpen`/`minOpen`: that end excluded).
 * @throws ForecastInputError `out-of-range` naming `field` otherwise.
 */
export function fraction(value: unknown, field: string, min: number, max: number, maxOpen: boolean, minOpen = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (maxOpen && value === max) || (minOpen && value === min)) {
    throw new ForecastInputError('out-of-range', field, `must be in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'} (got ${String(value)})`);
  }
  return value;
}

/** `value` when it is a finite number >= 0. @throws ForecastInputError `out-of-range` naming `field` otherwise. */
export function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ForecastInputError('out-of-range', field, `must be a number >= 0 (got ${String(value)})`);
  return value;
}

/** `value` when it is a finite number > 0. @throws ForecastInputError `out-of-range` naming `field` otherwise. */
export function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ForecastInputError('out-of-range', field, `must be a number > 0 (got ${String(value)})`);
  return value;
}

/** `value` when it is a whole number of agents in [0, MAX_AGENTS]. @throws ForecastInputError `out-of-range` naming `field` otherwise. */
export function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_AGENTS) {
    throw new ForecastInputError('out-of-range', field, `must be a whole number in [0, ${MAX_AGENTS}] (got ${String(value)})`);
  }
  return value;
}
