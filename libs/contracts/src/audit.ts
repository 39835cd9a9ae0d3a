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

/**
 * Keys of an entry's detail that hold caller data (at any depth of request/before/after): a request's `caller`
 * (`{ masked, ref }`), `callerMasked`, `callerRef`, `callerHash`, `callerNumber`, `callerId` (an event's keyed hash),
 * `callerPhone`, `phone`, `phoneNumber`, `mobile`.
 */
export const AUDIT_CALLER_KEY = /^(?:caller(?:Masked|Ref|Hash|Number|Id|Phone)?|phone|phoneNumber|mobile)$/i;

/** What stands in a caller field of an entry shown to a viewer who may not see callers. */
export const AUDIT_HIDDEN = '[hidden]';

/**
 * A detail value with every caller field ({@link AUDIT_CALLER_KEY}, at any depth, in objects and arrays) replaced by
 * {@link AUDIT_HIDDEN}: what `GET /api/audit` answers a viewer without `calls.read` (the bureau, the auditor). The
 * stored entry is not changed (its hash covers the stored detail).
 */
export function hideCallerFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideCallerFields);
  return value === null || typeof value !== 'object' ? value : hideInObject(value);
}

/** The one step of {@link hideCallerFields}: an object's caller keys hidden, its other values walked. */
function hideInObject(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, AUDIT_CALLER_KEY.test(key) ? AUDIT_HIDDEN : hideCallerFields(v)]));
}

/** {@link hideCallerFields} of an entry's detail (null stays null). */
export function hideCallerDetail(detail: Record<string, unknown> | null): Record<string, unknown> | null {
  return detail === null ? null : hideInObject(detail);
}
