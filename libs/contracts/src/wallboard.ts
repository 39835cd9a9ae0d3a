/**
 * The hall's wallboard (大屏, issue 15): a read-only full-screen view for a TV, opened with a wallboard token instead
 * of a session. The token (`wb_` + 43 base64url characters, 32 random bytes) is created and revoked by a manager or
 * an administrator (`wallboard.manage`), stored only as its SHA-256 hash, shown once, and grants exactly two things:
 * `GET /api/wallboard/snapshot` (header {@link WALLBOARD_TOKEN_HEADER}) and the Socket.IO namespace
 * {@link WALLBOARD_NAMESPACE} (handshake `auth: { token }`), whose only event is `wallboard:snapshot`.
 *
 * The snapshot is the live floor's ({@link LiveSnapshot}) reduced to what a hall may see from 5 m: rates and counts,
 * the day's intervals, the queue, and each agent's state and since when. No caller (number, reference, category),
 * no call id, no pause reason (free text), nothing that could be written back.
 */
import { z } from 'zod';
import { AttentionAlert } from './attention';
import { IsoInstant } from './common';
import { freeText } from './free-text';
import { PercentOrNull } from './ledger';
import { AgentState } from './live';

/** Request header carrying a wallboard token (never a query string: it would land in access logs). */
export const WALLBOARD_TOKEN_HEADER = 'x-wallboard-token';

/** Socket.IO namespace of the wallboard (a session's socket is refused there, a token's socket everywhere else). */
export const WALLBOARD_NAMESPACE = '/wallboard';

/** Prefix of every wallboard token (tells it apart from other secrets in a paste). */
export const WALLBOARD_TOKEN_PREFIX = 'wb_';

/** A wallboard token as typed or pasted: `wb_` + 43 base64url characters. */
export const WallboardTokenSecret = z.string().regex(/^wb_[A-Za-z0-9_-]{43}$/);

/**
 * Body of `POST /api/wallboard/tokens`: what the screen is (`label`, shown in the list: 1..100 characters, typed numbers
 * masked: freeText) and an optional expiry (a future instant).
 */
export const WallboardTokenBody = z.strictObject({
  label: freeText(100, 1),
  /** After this instant the token is refused (null: until revoked). Must be in the future (400 `expiresAt`). */
  expiresAt: IsoInstant.nullable().default(null),
});
export type WallboardTokenBody = z.infer<typeof WallboardTokenBody>;

/** A token's state: usable, past its expiry, or revoked. */
export const WallboardTokenState = z.enum(['active', 'expired', 'revoked']);
export type WallboardTokenState = z.infer<typeof WallboardTokenState>;

/** A wallboard token as the management page lists it (never the secret, only its first characters). */
export const WallboardTokenView = z.strictObject({
  id: z.number().int(),
  label: z.string(),
  /** The token's first 7 characters (`wb_` + 4), to tell screens apart. */
  hint: z.string(),
  state: WallboardTokenState,
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  expiresAt: IsoInstant.nullable(),
  revokedAt: IsoInstant.nullable(),
  revokedBy: z.string().nullable(),
  /** Last time a screen used it (wall clock, updated at most once a minute), null if never. */
  lastUsedAt: IsoInstant.nullable(),
});
export type WallboardTokenView = z.infer<typeof WallboardTokenView>;

/** A token just created: the secret is in this answer only (the server keeps its hash). */
export const WallboardTokenCreated = z.strictObject({
  token: WallboardTokenView,
  secret: WallboardTokenSecret,
});
export type WallboardTokenCreated = z.infer<typeof WallboardTokenCreated>;

/** A period's figures on the wallboard: requests and the connect rate (percent string, null without requests). */
export const WallboardPeriod = z.strictObject({
  requests: z.number().int(),
  connected: z.number().int(),
  abandoned: z.number().int(),
  connectRate: PercentOrNull,
  /** True when the connect rate is below the target (false without requests: unknown is not a failure). */
  belowTarget: z.boolean(),
});
export type WallboardPeriod = z.infer<typeof WallboardPeriod>;

/** One 30-minute interval of the day's chart. */
export const WallboardInterval = z.strictObject({
  start: IsoInstant,
  /** Local `HH:MM` (Asia/Shanghai). */
  label: z.string(),
  requests: z.number().int(),
  connectRate: PercentOrNull,
  belowTarget: z.boolean(),
});
export type WallboardInterval = z.infer<typeof WallboardInterval>;

/** One agent on the wallboard: id, state and since when (no call, no reason). */
export const WallboardAgent = z.strictObject({
  agentId: z.string(),
  state: AgentState,
  since: IsoInstant,
});
export type WallboardAgent = z.infer<typeof WallboardAgent>;

/**
 * One "needs attention now" alert of the floor (libs/contracts attention.ts FloorAlert) as the hall may see it: the
 * rule, how far off and since when, but never a call id (a waiting caller's alert has no subject) and no
 * acknowledger's name (only whether the shift lead acknowledged it).
 */
export const WallboardAlert = AttentionAlert.omit({ id: true, subject: true, deviation: true }).extend({
  /** An interval's or a roster shift's local `HH:MM`, an agent id, the month `YYYY-MM`, a source's name; null for a waiting caller. */
  subject: z.string().nullable(),
  acknowledged: z.boolean(),
});
export type WallboardAlert = z.infer<typeof WallboardAlert>;

/** The wallboard's snapshot (`GET /api/wallboard/snapshot`, Socket.IO `wallboard:snapshot`). */
export const WallboardSnapshot = z.strictObject({
  /** The feed's clock: the moment the figures describe. */
  asOf: IsoInstant,
  timeZone: z.string(),
  connectTargetPercent: z.number(),
  interval: WallboardPeriod.extend({ start: IsoInstant, label: z.string() }),
  day: WallboardPeriod.extend({ date: z.string() }),
  month: WallboardPeriod.extend({ month: z.string() }),
  callsWaiting: z.number().int(),
  longestWaitSeconds: z.number(),
  agentsByState: z.record(AgentState, z.number().int()),
  /** Agents not logged out, by id. */
  agents: z.array(WallboardAgent),
  intervals: z.array(WallboardInterval),
  /** What needs attention now, ranked as on the floor; null when the floor's attention list is not available. */
  attention: z.array(WallboardAlert).nullable(),
});
export type WallboardSnapshot = z.infer<typeof WallboardSnapshot>;

/** Why a wallboard socket is being disconnected. */
export const WallboardEnded = z.strictObject({ reason: z.enum(['revoked', 'expired']) });
export type WallboardEnded = z.infer<typeof WallboardEnded>;
