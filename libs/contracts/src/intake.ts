/**
 * Intake (issue 12): the sources the call feed comes from (a platform's push, a followed queue_log file, a realtime
 * table, imports), their API keys, the platform push itself (`POST /api/intake/events`) and the intake status page.
 *
 * Platform push, authentication (README "Platform push"): every request carries
 * - `X-Hotline-Key`: the key id (`hk_` + 24 hex), public;
 * - `X-Hotline-Timestamp`: the sending time, Unix seconds; refused when more than {@link INTAKE_SIGNATURE_TOLERANCE_SECONDS}
 *   away from the server's clock (either way: replays and clocks far off);
 * - `X-Hotline-Signature`: `sha256=` + lower-case hex of HMAC-SHA-256(secret, `${timestamp}.${rawBody}`), the secret
 *   shown once when the key was created, the body exactly as sent (bytes, UTF-8).
 * Scheme after Stripe's and GitHub's webhook signatures (RFC 2104 HMAC, FIPS 180-4 SHA-256).
 */
import { z } from 'zod';
import { CallEventSchema, LOSS_REASONS } from '@hotline/events';
import { IsoInstant } from './common';
import { freeText } from './free-text';

/** How a source delivers: the platform's push, a followed file, a polled realtime table, an import of call records. */
export const INTAKE_KINDS = ['push', 'file', 'table', 'import'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/** Largest push body, bytes (5 MiB: 1000 events of a busy hour fit many times over). */
export const INTAKE_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Events (or call records) per push, at most. */
export const INTAKE_MAX_BATCH = 1000;
/** A push whose `X-Hotline-Timestamp` is further than this from the server's clock (seconds, either way) is refused. */
export const INTAKE_SIGNATURE_TOLERANCE_SECONDS = 300;
/** Active keys per source at once (two: the old and the new one during a rotation). */
export const INTAKE_MAX_ACTIVE_KEYS = 2;
/** Headers of a push (names as sent; HTTP header names are case-insensitive). */
export const INTAKE_HEADERS = { key: 'X-Hotline-Key', timestamp: 'X-Hotline-Timestamp', signature: 'X-Hotline-Signature' } as const;

/**
 * A source's name: a slug (lower-case letter first, then letters, digits, `_` or `-`; 2..50 characters). It is also
 * the `source` stamped on every event the source delivers, so it cannot change once created.
 */
export const IntakeSourceName = z.string().regex(/^[a-z][a-z0-9_-]{1,49}$/, 'a slug: lower-case letter first, then a-z, 0-9, _ or -, 2..50 characters');

/** Minutes without events after which a source counts as silent (alarm); null: HOTLINE_INTAKE_SILENCE_MINUTES. */
const SilenceMinutes = z.number().int().min(1).max(10_080).nullable();

/** What a source is (shown on the sources page), at most 500 characters, typed numbers masked (freeText). */
const Description = freeText(500);

/** `POST /api/intake/sources`. */
export const IntakeSourceBody = z.strictObject({
  name: IntakeSourceName,
  kind: z.enum(INTAKE_KINDS),
  description: Description.default(''),
  enabled: z.boolean().default(true),
  silenceMinutes: SilenceMinutes.default(null),
});
export type IntakeSourceBody = z.infer<typeof IntakeSourceBody>;

/** `PATCH /api/intake/sources/{id}`: what may change (the name is stamped on events and cannot). */
export const IntakeSourcePatch = z
  .strictObject({
    kind: z.enum(INTAKE_KINDS).optional(),
    description: Description.optional(),
    enabled: z.boolean().optional(),
    silenceMinutes: SilenceMinutes.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', path: ['body'] });
export type IntakeSourcePatch = z.infer<typeof IntakeSourcePatch>;

/** `/api/intake/sources/{id}/keys/{keyId}`. */
export const IntakeKeyParams = z.strictObject({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  keyId: z.string().regex(/^hk_[0-9a-f]{24}$/, 'a key id: hk_ and 24 hex digits'),
});

/** `POST /api/intake/sources/{id}/keys`: what the key is for (which sender, which rotation; typed numbers masked: freeText). */
export const IntakeKeyBody = z.strictObject({ label: freeText(100).default('') });
export type IntakeKeyBody = z.infer<typeof IntakeKeyBody>;

/** An API key of a source (never its secret). */
export const IntakeKeyView = z.object({
  /** The public key id sent as `X-Hotline-Key`. */
  keyId: z.string(),
  label: z.string(),
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  /** Null while active. */
  revokedAt: IsoInstant.nullable(),
  /** Last accepted push signed with it (wall clock), null if never. */
  lastUsedAt: IsoInstant.nullable(),
});
export type IntakeKeyView = z.infer<typeof IntakeKeyView>;

/** A configured source with its keys. */
export const IntakeSourceView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(INTAKE_KINDS),
  description: z.string(),
  enabled: z.boolean(),
  silenceMinutes: z.number().int().nullable(),
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  keys: z.array(IntakeKeyView),
});
export type IntakeSourceView = z.infer<typeof IntakeSourceView>;

/** A key just created: the secret is in this answer only (stored encrypted; it cannot be shown again). */
export const IntakeKeyCreated = z.object({
  source: z.string(),
  key: IntakeKeyView,
  /** 43 characters, base64url of 32 random bytes: the HMAC key. */
  secret: z.string(),
});
export type IntakeKeyCreated = z.infer<typeof IntakeKeyCreated>;

/** UTC or offset instant of a call record, read as an instant. */
const RecordInstant = z.iso.datetime({ offset: true });
const Secs = z.number().finite().nonnegative();

/**
 * One call as a platform reports it once it is over (a per-call record, 话单), converted by the API into canonical
 * events of the call `<source>:<callId>` (the source's namespace: two sources' `A-1001` are two calls) with
 * deterministic ids `<source>:<callId>:<stage>` (stages `offered`, `ivr`, `queued`, `answered`, `ended`, `lost`,
 * `survey`), so the same record pushed twice changes nothing. Every resulting event must be storable (durations at
 * most 10^8 s, no NUL character): otherwise the push is refused (400 naming `calls.<i>.<field>`). Instants are ISO 8601 with `Z` or an
 * offset (`2026-12-07T09:30:00+08:00`). The call:
 * - arrived at `arrivedAt` (`call.offered`, with `callerId`, `did`, `category` (业务类型) when given);
 * - never asked for an agent when `queuedAt` and `answeredAt` are absent: it ended in self-service at `endedAt`
 *   (`ivr.completed`, `ivrSeconds` default endedAt - arrivedAt);
 * - otherwise entered the agent queue `queue` at `queuedAt` (default `arrivedAt`; `queue.entered`), and either was
 *   answered at `answeredAt` by `agentId` (`agent.answered`, wait = answeredAt - queuedAt; then `call.ended` at
 *   `endedAt`, talk = endedAt - answeredAt, `wrapSeconds`, `endedBy`) or was lost at `endedAt`
 *   (`call.abandoned` in the queue, `lossReason` default `hangup`, wait = endedAt - queuedAt);
 * - `survey`: the hang-up satisfaction answer (`survey.answered` at `endedAt`).
 * Times must not go backwards (arrived <= queued <= answered <= ended).
 */
export const IntakeCallRecord = z
  .strictObject({
    callId: z.string().min(1).max(200),
    callerId: z.string().max(100).optional(),
    did: z.string().max(100).optional(),
    category: z.string().max(100).optional(),
    arrivedAt: RecordInstant,
    ivrSeconds: Secs.optional(),
    queue: z.string().min(1).max(200).optional(),
    queuedAt: RecordInstant.optional(),
    answeredAt: RecordInstant.optional(),
    agentId: z.string().min(1).max(200).optional(),
    endedAt: RecordInstant,
    endedBy: z.enum(['caller', 'agent', 'unknown']).optional(),
    wrapSeconds: Secs.optional(),
    lossReason: z.enum(LOSS_REASONS).optional(),
    survey: z.enum(['very-satisfied', 'basically-satisfied', 'dissatisfied']).optional(),
  })
  .superRefine((r, ctx) => {
    const t = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));
    const order: [keyof typeof r, number | undefined][] = [['arrivedAt', t(r.arrivedAt)], ['queuedAt', t(r.queuedAt)], ['answeredAt', t(r.answeredAt)], ['endedAt', t(r.endedAt)]];
    let last = -Infinity;
    let lastName = '';
    for (const [name, ms] of order) {
      if (ms === undefined) continue;
      if (ms < last) ctx.addIssue({ code: 'custom', path: [name], message: `is before ${lastName}` });
      else [last, lastName] = [ms, name];
    }
    if (r.agentId !== undefined && r.answeredAt === undefined) ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: 'required when agentId is given' });
    if (r.lossReason !== undefined && r.answeredAt !== undefined) ctx.addIssue({ code: 'custom', path: ['lossReason'], message: 'only for a call that was not answered' });
  });
export type IntakeCallRecord = z.infer<typeof IntakeCallRecord>;

/**
 * A push of canonical events (libs/events): 1..1000 events. Each is put in the pushing source's namespace: `source`
 * is replaced by the source's name (send any value, or the name), `callId` becomes `<source>:<callId>` and `eventId`
 * (the ledger's idempotency key) `<source>:<eventId>`, unchanged when they already start with `<source>:`; so a
 * push only ever touches its own source's calls. Every event must be storable as the feed stores it (time not before
 * 1970 nor more than 7 days ahead, durations at most 10^8 s, no NUL character, ids within their length once
 * namespaced): otherwise the push is refused (400 naming `events.<i>.<field>`).
 */
export const IntakeEventsBatch = z.strictObject({ events: z.array(CallEventSchema).min(1).max(INTAKE_MAX_BATCH) });
/** A push of per-call records ({@link IntakeCallRecord}): 1..1000 calls. */
export const IntakeCallsBatch = z.strictObject({ calls: z.array(IntakeCallRecord).min(1).max(INTAKE_MAX_BATCH) });

/** `POST /api/intake/events` body: canonical events, or per-call records. */
export const IntakePushBody = z.union([IntakeEventsBatch, IntakeCallsBatch]);
export type IntakePushBody = z.infer<typeof IntakePushBody>;

/**
 * Parses a push body with errors that name the field (`events.3.waitSeconds`, `calls.0.endedAt`): the shape is
 * chosen by its key (`events` or `calls`) so that a wrong event is reported as such, not as "no union member".
 * @throws ZodError (the API answers 400 naming the first field).
 */
export function parseIntakePush(input: unknown): IntakePushBody {
  const calls = input !== null && typeof input === 'object' && !Array.isArray(input) && 'calls' in input && !('events' in input);
  return calls ? IntakeCallsBatch.parse(input) : IntakeEventsBatch.parse(input);
}

/** `POST /api/intake/events` answer (202): events put on the live stream, and events skipped as already accepted. */
export const IntakePushResult = z.object({
  source: z.string(),
  /** Events added to the live stream now. */
  accepted: z.number().int().nonnegative(),
  /** Events of the batch already accepted in the last 24 h (or repeated within the batch): not added again. */
  duplicates: z.number().int().nonnegative(),
});
export type IntakePushResult = z.infer<typeof IntakePushResult>;

/**
 * One source on the status page: a configured one, or a `source` name seen in the feed without configuration (never
 * `stream`, the label of the feed consumer's own dead letters).
 */
export const IntakeSourceStatus = z.object({
  name: z.string(),
  /** Null for a source seen in the feed but not configured (a replay, a CLI follower). */
  kind: z.enum(INTAKE_KINDS).nullable(),
  configured: z.boolean(),
  /** Configured and enabled (an unconfigured source counts as enabled). */
  enabled: z.boolean(),
  description: z.string(),
  /** Newest event time seen (the feed's clock), null if none seen. */
  lastEventAt: IsoInstant.nullable(),
  /** When the feed last received events of the source (the server's wall clock), null if never. */
  lastSeenAt: IsoInstant.nullable(),
  /** Wall clock minus event time of the newest event of the last delivery, seconds (a replay of old calls shows its age). */
  lagSeconds: z.number().nullable(),
  /** Events per minute over the last 5 and 60 minutes (wall clock of arrival). */
  eventsPerMinute5: z.number().nonnegative(),
  eventsPerMinute60: z.number().nonnegative(),
  /** Events received in the last 60 minutes. */
  events60: z.number().int().nonnegative(),
  /** Dead letters (lines or events the feed could not read) of the source in the last 60 minutes. */
  deadLetters60: z.number().int().nonnegative(),
  /** Push sources: events accepted, and pushes refused (bad signature, stale timestamp, invalid body) in the last 60 minutes. */
  pushAccepted60: z.number().int().nonnegative(),
  pushRejected60: z.number().int().nonnegative(),
  /** The silence threshold in force, minutes. */
  silenceMinutes: z.number().int().positive(),
  /**
   * A configured, enabled source of kind push, file or table with nothing received for longer than the threshold
   * (since creation for a source never heard from): the silence alarm. Always false for an import source and for a
   * name only seen in the feed (a replay), which are not expected to deliver continuously.
   */
  silent: z.boolean(),
});
export type IntakeSourceStatus = z.infer<typeof IntakeSourceStatus>;

/** `GET /api/intake/status`. */
export const IntakeStatus = z.object({
  generatedAt: IsoInstant,
  defaultSilenceMinutes: z.number().int().positive(),
  sources: z.array(IntakeSourceStatus),
});
export type IntakeStatus = z.infer<typeof IntakeStatus>;
