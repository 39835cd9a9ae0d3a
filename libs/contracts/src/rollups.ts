/**
 * The ledger's rollups (libs/kpi rollup.ts): their reconciliation on demand (`POST /api/ledger/rollups/reconcile`)
 * and their health (`GET /api/ledger/rollups/health`: the last check, the recent alarms). A check recomputes a
 * period's rollups from its calls, compares them with the stored ones and repairs them; a difference is an alarm.
 */
import { z } from 'zod';
import type { RollupDifference as LibRollupDifference } from '@hotline/kpi';
import type { Assert } from './check';
import { IsoInstant } from './common';
import { queryDay } from './query';

/** At most this many local days per reconciliation request. */
export const MAX_RECONCILE_DAYS = 93;

/** Body of `POST /api/ledger/rollups/reconcile`: local days `from`..`to` (inclusive, `YYYY-MM-DD`), at most {@link MAX_RECONCILE_DAYS}. */
export const ReconcileRollupsBody = z
  .strictObject({ from: queryDay, to: queryDay })
  .refine((q) => !queryDay.safeParse(q.from).success || !queryDay.safeParse(q.to).success || q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => !queryDay.safeParse(q.from).success || !queryDay.safeParse(q.to).success || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_RECONCILE_DAYS, {
    message: `at most ${MAX_RECONCILE_DAYS} days`, path: ['to'],
  });
export type ReconcileRollupsBody = z.infer<typeof ReconcileRollupsBody>;

/**
 * One difference between the stored rollups and the recompute (libs/kpi RollupDifference): a type row (key
 * `category|ivrChoice|queue`) or an agent row (key: the agent id), its interval start (epoch ms), and the values each
 * side holds (counts; seconds summed), null for no row. Also the shape of `RollupCheck.sample` (JSON column).
 */
export const RollupDifference = z.strictObject({
  kind: z.enum(['type', 'agent']),
  intervalStart: z.number().int(),
  key: z.string(),
  stored: z.record(z.string(), z.number()).nullable(),
  expected: z.record(z.string(), z.number()).nullable(),
});
export type RollupDifference = z.infer<typeof RollupDifference>;

/** At most this many differences are kept and shown per check. */
export const ROLLUP_DIFFERENCE_SAMPLE = 20;

/**
 * One reconciliation run: the period [periodFrom, periodTo) (UTC instants), why it ran (`scheduled`, `request`,
 * `bootstrap`: rollups built for a ledger that had none), the calls it read, how many rows differed (0: all equal),
 * the first of them, and whether the stored rollups were replaced by the recompute.
 */
export const RollupCheck = z.strictObject({
  id: z.number().int().positive(),
  checkedAt: IsoInstant,
  periodFrom: IsoInstant,
  periodTo: IsoInstant,
  trigger: z.enum(['scheduled', 'request', 'bootstrap']),
  calls: z.number().int().nonnegative(),
  differences: z.number().int().nonnegative(),
  sample: z.array(RollupDifference).max(ROLLUP_DIFFERENCE_SAMPLE),
  repaired: z.boolean(),
});
export type RollupCheck = z.infer<typeof RollupCheck>;

/** Answer of `GET /api/ledger/rollups/health`: `ok` false while a check of the last 24 hours found differences (repaired at once, but something wrote the ledger around its rollups: an operator should look); the last check; the recent alarms (newest first). */
export const RollupHealth = z.strictObject({
  ok: z.boolean(),
  lastCheck: RollupCheck.nullable(),
  alarms: z.array(RollupCheck),
});
export type RollupHealth = z.infer<typeof RollupHealth>;

// drift checks
export type _RollupDifferenceIn = Assert<LibRollupDifference, z.input<typeof RollupDifference>>;
