import { z } from 'zod';
import { IsoInstant } from './common';
import { queryInt } from './query';

/** What an audit entry records, by family: `auth.*` sign-in events, `http.*` writes, `calls.unmask`, `export.*`... */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;

/** One entry of the append-only audit trail (who, when, from where, what, before/after, the chain's hashes). */
export const AuditEntry = z.object({
  id: z.string(),
  at: IsoInstant,
  actorId: z.number().int().nullable(),
  actorLogin: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** Request, before and after, reason: JSON, caller numbers never in clear. */
  detail: z.record(z.string(), z.unknown()).nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional());

/** Query of `GET /api/audit`: filters, newest first, `before` an entry id for the next page. */
export const AuditQuery = z.strictObject({
  from: z.preprocess((v) => (v === '' ? undefined : v), IsoInstant.optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), IsoInstant.optional()),
  actor: optionalText,
  action: optionalText,
  outcome: z.preprocess((v) => (v === '' ? undefined : v), z.enum(AUDIT_OUTCOMES).optional()),
  before: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{1,18}$/, 'expected an entry id').optional()),
  limit: queryInt(1, 500),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** A page of the audit trail. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** The hash of the chain before its first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
