import { z } from 'zod';

/** Every 4xx/5xx answer of the API: a stable code for clients, a message, and the offending field when there is one. */
export const ErrorBody = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** An instant as an ISO 8601 string (UTC). */
export const IsoInstant = z.iso.datetime({ offset: true });

/** A positive database id in a path (`/users/{id}`). */
export const IdParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export type IdParams = z.infer<typeof IdParams>;
