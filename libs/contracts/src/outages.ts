/**
 * The outage register (`/api/registers/outages`): windows in which an external fault interrupted the system; calls
 * offered inside one leave the connect rate (contract: 外部因素导致系统中断).
 */
import { z } from 'zod';
import { IsoInstant } from './common';
import { freeText } from './free-text';

/** Body of `POST /api/registers/outages`: the window (ISO instants, end exclusive, at most 31 days) and why (1..500 characters, typed numbers masked: freeText). */
export const OutageBody = z
  .strictObject({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), reason: freeText(500, 1) })
  .refine((o) => Date.parse(o.startsAt) < Date.parse(o.endsAt), { message: 'must be after startsAt', path: ['endsAt'] })
  .refine((o) => Date.parse(o.endsAt) - Date.parse(o.startsAt) <= 31 * 86_400_000, { message: 'an outage window is at most 31 days', path: ['endsAt'] });
export type OutageBody = z.infer<typeof OutageBody>;

/** A registered outage window: instants as ISO strings (UTC), `createdAt` when it was registered. */
export const Outage = z.strictObject({ id: z.number().int().positive(), startsAt: IsoInstant, endsAt: IsoInstant, reason: z.string(), createdAt: IsoInstant });
export type Outage = z.infer<typeof Outage>;
