/**
 * The ledger rollups' SQL (tables `CallRollup`, `AgentRollup`; libs/kpi rollup.ts for what they hold), on any `pg`
 * client: no framework, so that tests and the bench run the same statements as the API (rollups.ts).
 */
import type pg from 'pg';
import { intervalStart } from '@hotline/events';
import { ROLLUP_COUNT_KEYS, emptyCounts, type CallRecord, type KpiCounts, type KpiPolicy, type RollupPolicy, type RollupRows } from '@hotline/kpi';
import type { AppConfig } from '../config/config.js';
import type { Call } from '../generated/prisma/client.js';
import { callFromRow } from './call.mapper.js';

/** What the rollup functions need of a `pg` client, pool or transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** A call's record before and after a write: before absent for a new call, after absent for a deleted one. */
export interface RollupChange {
  before?: CallRecord;
  after?: CallRecord;
}

/** The policy the rollups are counted under: the configured time zone, 30-minute intervals, service level and short-IVR exclusion. */
export function rollupPolicy(config: AppConfig): RollupPolicy {
  return {
    timeZone: config.HOTLINE_TIMEZONE,
    intervalMinutes: 30,
    serviceLevelSeconds: config.HOTLINE_SL_SECONDS,
    shortIvrExcludeSeconds: config.HOTLINE_SHORT_IVR_EXCLUDE_SECONDS,
  };
}

/**
 * Whether rollups counted under `rollup` answer for `policy` (outages apart: those are recomputed from calls): the
 * same time zone, interval, service-level and short-IVR thresholds.
 */
export function rollupsServe(rollup: RollupPolicy, policy: RollupPolicy): boolean {
  return rollup.timeZone === policy.timeZone && rollup.intervalMinutes === policy.intervalMinutes
    && rollup.serviceLevelSeconds === policy.serviceLevelSeconds && rollup.shortIvrExcludeSeconds === policy.shortIvrExcludeSeconds;
}

/** A column name quoted for SQL (the camel-case columns Prisma made). */
export const q = (c: string) => `"${c}"`;

/** The counts of a row whose columns are named as {@link KpiCounts} (sums may come as strings: numbers then). */
export function countsOf(row: Record<string, unknown>): KpiCounts {
  const c = emptyCounts();
  for (const k of ROLLUP_COUNT_KEYS) c[k] = Number(row[k]);
  return c;
}
const TYPE_KEY = ['intervalStart', 'category', 'ivrChoice', 'queue'];
/** The count columns that hold seconds (float8; the others are int). */
export const SECONDS = new Set<keyof KpiCounts>(['waitSecondsAnswered', 'handleSeconds']);
const TYPE_COLUMNS = [...TYPE_KEY, ...ROLLUP_COUNT_KEYS].map(q).join(', ');
const TYPE_RECORD = ['"intervalStart" timestamptz', 'category text', '"ivrChoice" text', 'queue text', ...ROLLUP_COUNT_KEYS.map((k) => `${q(k)} ${SECONDS.has(k) ? 'float8' : 'int'}`)].join(', ');
const AGENT_COLUMNS = '"intervalStart", "agentId", answered, handled, "talkSeconds"';
const AGENT_RECORD = '"intervalStart" timestamptz, "agentId" text, answered int, handled int, "talkSeconds" float8';
/** The key orders of both tables (interval, then the text keys in byte order, as libs/kpi compareTypeKeys / compareAgentKeys). */
const TYPE_ORDER = '"intervalStart", category COLLATE "C", "ivrChoice" COLLATE "C", queue COLLATE "C"';
const AGENT_ORDER = '"intervalStart", "agentId" COLLATE "C"';
/** The rows of the intervals starting in [$1, $2). */
export const IN_PERIOD = '"intervalStart" >= $1 AND "intervalStart" < $2';

/**
 * Adds rollup rows (deltas, or whole rows into an empty period) in ONE statement: both tables upserted from one
 * JSON parameter, `col = col + EXCLUDED.col` on a key already stored, rows in key order (interval, then the text
 * keys in byte order) so that concurrent writers lock rows in one order and never deadlock each other.
 * @param rows rows as libs/kpi {@link rollupDeltas} gives them (one per key); nothing is sent when both lists are empty.
 * @throws what the database throws (the caller's transaction then rolls back with it).
 */
export async function addRollupRows(db: Queryable, rows: RollupRows): Promise<void> {
  if (rows.types.length === 0 && rows.agents.length === 0) return;
  const json = JSON.stringify({
    t: rows.types.map((r) => ({ ...r.counts, intervalStart: new Date(r.intervalStart).toISOString(), category: r.category, ivrChoice: r.ivrChoice, queue: r.queue })),
    a: rows.agents.map((r) => ({ ...r, intervalStart: new Date(r.intervalStart).toISOString() })),
  });
  await db.query(`WITH t AS (
      INSERT INTO "CallRollup" (${TYPE_COLUMNS})
      SELECT ${TYPE_COLUMNS} FROM jsonb_to_recordset($1::jsonb->'t') AS x(${TYPE_RECORD})
      ORDER BY ${TYPE_ORDER}
      ON CONFLICT ("intervalStart", category, "ivrChoice", queue) DO UPDATE SET ${ROLLUP_COUNT_KEYS.map((k) => `${q(k)} = "CallRollup".${q(k)} + EXCLUDED.${q(k)}`).join(', ')}
      RETURNING 1)
    INSERT INTO "AgentRollup" (${AGENT_COLUMNS})
    SELECT ${AGENT_COLUMNS} FROM jsonb_to_recordset($1::jsonb->'a') AS x(${AGENT_RECORD})
    ORDER BY ${AGENT_ORDER}
    ON CONFLICT ("intervalStart", "agentId") DO UPDATE SET answered = "AgentRollup".answered + EXCLUDED.answered,
      handled = "AgentRollup".handled + EXCLUDED.handled, "talkSeconds" = "AgentRollup"."talkSeconds" + EXCLUDED."talkSeconds"`, [json]);
}

/**
 * The stored rollups of the intervals starting in [from, to), as rows (type rows and agent rows, each sorted by key).
 * @throws what the database throws.
 */
export async function readRollupRows(db: Queryable, from: Date, to: Date): Promise<RollupRows> {
  const types = await db.query<Record<string, number | string | Date>>(
    `SELECT * FROM "CallRollup" WHERE ${IN_PERIOD} ORDER BY ${TYPE_ORDER}`, [from, to]);
  const agents = await db.query<{ intervalStart: Date; agentId: string; answered: number; handled: number; talkSeconds: number }>(
    `SELECT * FROM "AgentRollup" WHERE ${IN_PERIOD} ORDER BY ${AGENT_ORDER}`, [from, to]);
  return {
    types: types.rows.map((r) => ({
      intervalStart: (r.intervalStart as Date).getTime(), category: String(r.category), ivrChoice: String(r.ivrChoice), queue: String(r.queue),
      counts: countsOf(r),
    })),
    agents: agents.rows.map((r) => ({ intervalStart: r.intervalStart.getTime(), agentId: r.agentId, answered: r.answered, handled: r.handled, talkSeconds: r.talkSeconds })),
  };
}

/**
 * Replaces the stored rollups of the intervals starting in [from, to) by `rows` (a recompute): the period's rows
 * deleted, then `rows` inserted in one statement. Run it in the transaction that made the recompute, with the
 * rollup tables locked against the ledger's writers ({@link lockRollups}).
 * @throws what the database throws.
 */
export async function replaceRollupRows(db: Queryable, from: Date, to: Date, rows: RollupRows): Promise<void> {
  await db.query(`DELETE FROM "CallRollup" WHERE ${IN_PERIOD}`, [from, to]);
  await db.query(`DELETE FROM "AgentRollup" WHERE ${IN_PERIOD}`, [from, to]);
  await addRollupRows(db, rows);
}

/**
 * Locks both rollup tables against the ledger's writers until the transaction ends (SHARE ROW EXCLUSIVE: readers
 * go on; a ledger transaction waits at its rollup statement, its call rows not yet visible, and applies its deltas
 * on top of what this transaction commits). Both tables in one statement, in the writers' order.
 */
export async function lockRollups(db: Queryable): Promise<void> {
  await db.query('LOCK TABLE "CallRollup", "AgentRollup" IN SHARE ROW EXCLUSIVE MODE');
}

/**
 * The calls that arrived in [from, to), read in `db`'s transaction (its snapshot), as records.
 * @throws what the database throws, or libs/kpi legsFromJson's Error for a malformed `legs` column.
 */
export async function readCalls(db: Queryable, from: Date, to: Date): Promise<CallRecord[]> {
  const { rows } = await db.query<Call>('SELECT * FROM "Call" WHERE "offeredAt" >= $1 AND "offeredAt" < $2', [from, to]);
  return rows.map(callFromRow);
}

/**
 * The intervals of [from, to) that overlap an outage window of `policy`, as [start, end) epoch ms, ascending: their
 * counts depend on the outage and are recomputed from their calls.
 */
export function outageIntervals(policy: KpiPolicy, from: number, to: number): { start: number; end: number }[] {
  const step = policy.intervalMinutes * 60_000;
  const starts = new Set<number>();
  for (const o of policy.outages) {
    const lo = Math.max(o.startsAt, from);
    const hi = Math.min(o.endsAt, to);
    for (let s = intervalStart(new Date(lo), policy.timeZone, policy.intervalMinutes).getTime(); s < hi; s += step) if (s >= from) starts.add(s);
  }
  return [...starts].sort((a, b) => a - b).map((start) => ({ start, end: Math.min(start + step, to) }));
}
