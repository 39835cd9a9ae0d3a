/**
 * Building blocks of query-string schemas: a query parameter arrives as a string (an array when repeated, which is
 * refused), so numbers are parsed here with messages naming what was expected. Shared by every endpoint's `query`.
 */
import { z } from 'zod';
import { parseDayKey } from '@hotline/events';

/** Years a date in a query may name: the contract's era, not year 0 or 9999. */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/** A local calendar day `YYYY-MM-DD` within 1990..2100. */
export const queryDay = z.string().refine((d) => {
  try {
    const { year } = parseDayKey(d);
    return year >= MIN_YEAR && year <= MAX_YEAR;
  } catch {
    return false;
  }
}, `expected a calendar date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`);

/** A month `YYYY-MM` within 1990..2100. */
export const queryMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM')
  .refine((m) => Number(m.slice(0, 4)) >= MIN_YEAR && Number(m.slice(0, 4)) <= MAX_YEAR, `expected a year between ${MIN_YEAR} and ${MAX_YEAR}`);

/** The parameter as one string, read by `schema`; a repeated parameter (an array) is refused; absent gives undefined. */
function onceAsString<T extends z.ZodType<unknown, string>>(schema: T) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? undefined : 'give this parameter once') })
    .pipe(schema)
    .optional();
}

/**
 * A query parameter given once, checked by `schema` (which reads the string); empty means absent (the default
 * applies, the output is undefined); a repeated parameter is refused (`give this parameter once`). A client sends
 * what `schema` takes.
 */
export function queryOnce<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.preprocess((v: z.input<T> | undefined) => (v === '' ? undefined : v), onceAsString(schema));
}

/**
 * As {@link queryOnce}, for a number: the client may give it as a number (written out) or as its text. (The type is
 * spelt out, not named: declarations then need no import of this file's own index.)
 */
function queryNumeric<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.preprocess((v: string | number | undefined) => (v === '' ? undefined : v), onceAsString(schema));
}

/** A whole number in [min, max] from a query string (`expected a whole number`); absent or empty gives undefined. */
export function queryInt(min: number, max: number) {
  return queryNumeric(z.string().regex(/^-?\d+$/, 'expected a whole number').transform(Number).pipe(z.number().min(min).max(max)));
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A decimal number from a query string (`expected a number`), checked by `range`; absent or empty gives undefined. */
export function queryNumber(range: z.ZodNumber) {
  return queryNumeric(z.string().regex(NUMBER, 'expected a number').transform(Number).pipe(range));
}
