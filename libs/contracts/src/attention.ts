/**
 * "Needs attention now" on the live floor (libs/kpi attention.ts): the floor's thresholds (`GET/PUT
 * /api/floor/settings`, stored as one JSON row), the ranked alerts with their acknowledgements and the published
 * roster's shifts of today (`GET /api/floor/attention` and the Socket.IO event `floor:attention`), and the
 * acknowledgement (`POST /api/floor/alerts/{id}/ack`). Instants are ISO strings.
 */
import { z } from 'zod';
import {
  ATTENTION_RULES,
  ATTENTION_SEVERITIES,
  type AttentionAlert as LibAttentionAlert,
  type AttentionSettings as LibAttentionSettings,
} from '@hotline/kpi';
import type { Assert } from './check';
import { IsoInstant } from './common';

/** One rule of the attention list. */
export const AttentionRule = z.enum(ATTENTION_RULES);
export type AttentionRule = z.infer<typeof AttentionRule>;

/** Severity, most urgent first: `critical`, `warning`. */
export const AttentionSeverity = z.enum(ATTENTION_SEVERITIES);

/**
 * The floor's thresholds (JSON column `FloorSettings.settings` and the body of `PUT /api/floor/settings`), each
 * bounded; see libs/kpi attention.ts for what each rule does with them and where the defaults come from.
 */
export const FloorSettings = z.strictObject({
  /** Requests an interval (or the day) needs before its connect rate can fire, 1..1000 (default 10). */
  minRequests: z.number().int().min(1).max(1000),
  /** Points below the connect target at which an interval turns critical, 1..50 (default 10). */
  criticalGapPoints: z.number().min(1).max(50),
  /** A caller waiting longer than this fires, seconds 5..3600 (default 60). */
  waitSeconds: z.number().int().min(5).max(3600),
  /** An agent paused longer than this fires, minutes 1..480 (default 15). */
  pausedMinutes: z.number().int().min(1).max(480),
  /** An agent in wrap-up longer than this fires, seconds 10..3600 (default 120). */
  wrapSeconds: z.number().int().min(10).max(3600),
  /** A planned agent is due this long after her shift starts, minutes 0..120 (default 5). */
  adherenceGraceMinutes: z.number().int().min(0).max(120),
  /** A watched intake source silent longer than this fires, minutes 1..1440 (default 10). */
  sourceSilentMinutes: z.number().int().min(1).max(1440),
});
export type FloorSettings = z.infer<typeof FloorSettings>;

/** `GET/PUT /api/floor/settings`: the thresholds in force, and who changed them last (null: the defaults, never changed). */
export const FloorSettingsView = z.strictObject({
  settings: FloorSettings,
  updatedAt: IsoInstant.nullable(),
  updatedBy: z.string().nullable(),
});
export type FloorSettingsView = z.infer<typeof FloorSettingsView>;

/** One alert as the rules give it (libs/kpi AttentionAlert). */
export const AttentionAlert = z.strictObject({
  id: z.string(),
  rule: AttentionRule,
  severity: AttentionSeverity,
  subjectKind: z.enum(['interval', 'call', 'agent', 'roster', 'month', 'source']),
  subject: z.string(),
  measured: z.number(),
  threshold: z.number(),
  unit: z.enum(['percent', 'seconds', 'agents']),
  since: IsoInstant,
  agents: z.array(z.string()),
  count: z.number().int(),
  deviation: z.number(),
});

/** Who acknowledged an alert and when. */
export const AlertAck = z.strictObject({ by: z.string(), byName: z.string(), at: IsoInstant });
export type AlertAck = z.infer<typeof AlertAck>;

/** An alert on the floor: the rule's alert and its acknowledgement (null: not yet). It stays while the condition holds. */
export const FloorAlert = AttentionAlert.extend({ ack: AlertAck.nullable() });
export type FloorAlert = z.infer<typeof FloorAlert>;

/** One planned shift of today's published roster (and last night's still running), local shift code, instants. */
export const PlannedShiftView = z.strictObject({
  agentId: z.string(),
  name: z.string(),
  code: z.string(),
  start: IsoInstant,
  end: IsoInstant,
});
export type PlannedShiftView = z.infer<typeof PlannedShiftView>;

/**
 * `GET /api/floor/attention` and the Socket.IO event `floor:attention`: the ranked alerts at the feed's clock
 * (`asOf`), evaluated at `evaluatedAt` (the server's clock), with the published roster in force today (null: none).
 */
export const FloorAttention = z.strictObject({
  asOf: IsoInstant,
  evaluatedAt: IsoInstant,
  alerts: z.array(FloorAlert),
  roster: z.strictObject({ versionId: z.number().int(), name: z.string(), planned: z.array(PlannedShiftView) }).nullable(),
});
export type FloorAttention = z.infer<typeof FloorAttention>;

/** Path of `POST /api/floor/alerts/{id}/ack`: the alert's id (as listed). */
export const AlertParams = z.strictObject({ id: z.string().min(1).max(300) });

/** Body of `POST /api/floor/alerts/{id}/ack`: empty (who and when come from the session and the server's clock). */
export const AckBody = z.strictObject({});

// drift checks (see check.ts)
type _AlertIn = Assert<LibAttentionAlert, z.input<typeof AttentionAlert>>;
type _AlertOut = Assert<z.output<typeof AttentionAlert>, LibAttentionAlert>;
type _SettingsIn = Assert<LibAttentionSettings, z.input<typeof FloorSettings>>;
type _SettingsOut = Assert<z.output<typeof FloorSettings>, LibAttentionSettings>;
