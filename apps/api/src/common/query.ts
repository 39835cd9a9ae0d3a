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

/** A whole number from a query string: empty means absent (the default applies); a repeated parameter is refused. */
export function queryInt(min: number, max: number) {
  return z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string({ error: (issue) => (issue.input === undefined ? undefined : 'give this parameter once') })
      .regex(/^-?\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().min(min).max(max))
      .optional(),
  );
}
