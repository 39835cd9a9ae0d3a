/**
 * The ledger's change outbox (table `LedgerChange`): written in the same transaction as the ledger write it
 * describes, read by every API node (apps/api/src/live/ledger-follower.ts), so that every node's live KPI engine
 * applies every committed change once, whichever node wrote it.
 *
 * Method: the transactional outbox (C. Richardson, "Pattern: Transactional outbox",
 * https://microservices.io/patterns/data/transactional-outbox.html) read by MVCC snapshots instead of by position:
 * rows carry the writing transaction's id (`pg_current_xact_id()`), and a reader tells which rows it has not yet
 * seen by comparing their transaction ids with the snapshot of its previous read (PostgreSQL docs, "Transaction
 * ID and Snapshot Information Functions": `pg_current_xact_id`, `pg_current_snapshot`, `pg_visible_in_snapshot`,
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-PG-SNAPSHOT). A sequence number alone would
 * not do: sequence values are handed out at insert, not at commit, so a reader could pass a row whose transaction
 * commits later. The same snapshots tell which changes a month's load from the ledger already counted.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { LedgerChangeRow, maskPhoneNumbers, type LedgerReloadChange } from '@hotline/contracts';
import type { AgentStateName, CallEventOf } from '@hotline/events';
import type { AgentStatus, CallRecord } from '@hotline/kpi';
import type { Call } from '../generated/prisma/client.js';
import { callFromRow } from './call.mapper.js';

/** A call's record before and after a ledger write (before undefined for a new call): LedgerRepository's CallChange. */
interface CallChangeLike {
  before: CallRecord | undefined;
  after: CallRecord;
}

/**
 * A PostgreSQL snapshot (`pg_snapshot`, text form `xmin:xmax:xip1,xip2,...`): every transaction id below `xmin`
 * had ended when it was taken; none at or above `xmax` had; those in `xip` were in progress.
 */
export interface PgSnapshot {
  xmin: bigint;
  xmax: bigint;
  xip: ReadonlySet<bigint>;
  /** The text form, as read. */
  text: string;
}

/** One outbox row as a follower reads it: its order, its writing transaction, its kind and payload. */
export interface FollowedChange {
  seq: bigint;
  xid: bigint;
  change: LedgerChangeRow;
}

/** The `application_name` of a follower's LISTEN connection (pg_stat_activity). */
export const LISTENER_NAME = 'hotline-ledger-follower';

const SNAPSHOT_RE = /^(\d+):(\d+):((?:\d+(?:,\d+)*)?)$/;
const CALLER_HASH_RE = /^[0-9a-f]{64}$/;

/**
 * Parses a snapshot's text form (`pg_current_snapshot()::text`, e.g. `"748:752:748,750"`).
 * @throws Error when the text is not of that form, or xmin > xmax, or an in-progress id lies outside [xmin, xmax).
 */
export function parseSnapshot(text: string): PgSnapshot {
  const m = SNAPSHOT_RE.exec(text.trim());
  if (!m) throw new Error(`not a pg_snapshot: "${text}"`);
  const xmin = BigInt(m[1]);
  const xmax = BigInt(m[2]);
  if (xmin > xmax) throw new Error(`not a pg_snapshot: xmin ${xmin} above xmax ${xmax}`);
  const xip = new Set(m[3] === '' ? [] : m[3].split(',').map((x) => BigInt(x)));
  for (const x of xip) if (x < xmin || x >= xmax) throw new Error(`not a pg_snapshot: in-progress ${x} outside [${xmin}, ${xmax})`);
  return { xmin, xmax, xip, text: text.trim() };
}

/**
 * Whether a committed transaction `xid` is visible in `snapshot` (had committed when it was taken): below xmin,
 * or below xmax and not in progress. The rule of PostgreSQL's `pg_visible_in_snapshot(xid8, pg_snapshot)` for a
 * committed transaction (https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-PG-SNAPSHOT).
 */
export function visibleIn(snapshot: PgSnapshot, xid: bigint): boolean {
  if (xid < snapshot.xmin) return true;
  return xid < snapshot.xmax && !snapshot.xip.has(xid);
}

/**
 * The LISTEN/NOTIFY channel of a deployment (its HOTLINE_STREAM_PREFIX): `<prefix>ledger-changes` when that fits
 * an identifier (63 bytes), else `ledger-changes:` and a hash of the prefix.
 */
export function ledgerChangeChannel(prefix: string): string {
  const plain = `${prefix}ledger-changes`;
  if (Buffer.byteLength(plain) <= 63) return plain;
  return `ledger-changes:${createHash('sha256').update(prefix).digest('hex').slice(0, 32)}`;
}

/** `"name"`: a channel name quoted as an SQL identifier (for LISTEN, which takes no parameter). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** One statement (one round trip on the ledger's hot path): the rows of `$1` in order, then the NOTIFY of `$2` (a data-modifying WITH always runs). */
const INSERT_ROWS = `WITH ins AS (INSERT INTO "LedgerChange" (xid, kind, payload)
    SELECT pg_current_xact_id()::text::bigint, x.e->>'k', x.e->'p'
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY x.n)
  SELECT pg_notify($2, '')`;

async function insertRows(db: pg.ClientBase, channel: string, rows: { k: string; p: unknown }[]): Promise<void> {
  await db.query(INSERT_ROWS, [JSON.stringify(rows), channel]);
}

/**
 * Appends a ledger batch's changes to the outbox inside the batch's transaction (one INSERT ... SELECT over one
 * JSON parameter, rows in the order given) and notifies `channel` (delivered at commit; nothing when rolled back).
 * An agent state's reason is stored masked.
 * @throws Error when a call record's `callerId` is not a keyed hash (a number in clear never reaches the table; the
 *   transaction is then rolled back), or what the database throws.
 */
export async function appendLedgerChanges(db: pg.ClientBase, channel: string, changes: readonly CallChangeLike[], agentStates: readonly CallEventOf<'agent.state'>[]): Promise<void> {
  if (changes.length === 0 && agentStates.length === 0) return;
  const rows: { k: LedgerChangeRow['kind']; p: unknown }[] = [];
  for (const { before, after } of changes) {
    for (const call of [before, after]) {
      if (call && call.callerId !== null && !CALLER_HASH_RE.test(call.callerId)) throw new Error(`call ${after.callId}: a caller in clear may not enter the change outbox`);
    }
    rows.push({ k: 'call', p: { before: before ?? null, after } });
  }
  for (const state of agentStates) rows.push({ k: 'agent-state', p: state.reason === undefined ? state : { ...state, reason: maskPhoneNumbers(state.reason) } });
  await insertRows(db, channel, rows);
}

/**
 * Appends a `reload` change (outages or the business types changed: every node re-reads them) and notifies
 * `channel`, in the transaction of `db` (autocommit when `db` is outside one).
 */
export async function appendReload(db: pg.ClientBase, channel: string, what: LedgerReloadChange['what']): Promise<void> {
  const { sql, values } = reloadStatement(channel, what);
  await db.query(sql, values);
}

/**
 * The statement of {@link appendReload} with its values (`$1` the rows as JSON text, `$2` the channel), for a
 * write made through Prisma: run in the write's transaction with `$executeRawUnsafe(sql, ...values)`.
 */
export function reloadStatement(channel: string, what: LedgerReloadChange['what']): { sql: string; values: [string, string] } {
  return { sql: INSERT_ROWS, values: [JSON.stringify([{ k: 'reload', p: { what } }]), channel] };
}

/**
 * Starts a REPEATABLE READ transaction's snapshot on `db` (which must have just begun a transaction) and returns
 * it: every later statement of the transaction reads this snapshot.
 */
export async function beginSnapshot(db: pg.ClientBase): Promise<PgSnapshot> {
  await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  const { rows } = await db.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s');
  return parseSnapshot(rows[0].s);
}

/**
 * The outbox rows of transactions not visible in `previous` (and visible to `db`'s transaction), in `seq` order.
 * Such a transaction's id is at least `previous.xmin`, and at least its `xmax` or among its in-progress ids: the
 * query's condition is {@link visibleIn} negated, so the index on `xid` does the whole selection.
 * @throws Error when a row's payload does not match its kind's schema (libs/contracts LedgerChangeRow).
 */
export async function readChangesAfter(db: pg.ClientBase, previous: PgSnapshot): Promise<FollowedChange[]> {
  const { rows } = await db.query<{ seq: string; xid: string; kind: string; payload: unknown }>(
    `SELECT seq::text, xid::text, kind, payload FROM "LedgerChange" WHERE xid >= $1 AND (xid >= $2 OR xid = ANY($3::bigint[])) ORDER BY seq`,
    [previous.xmin.toString(), previous.xmax.toString(), [...previous.xip].map(String)],
  );
  return rows.map((r) => ({ seq: BigInt(r.seq), xid: BigInt(r.xid), change: LedgerChangeRow.parse({ kind: r.kind, payload: r.payload }) }));
}

/** Deletes outbox rows older than `seconds`. @returns how many. */
export async function deleteChangesOlderThan(db: pg.ClientBase, seconds: number): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM "LedgerChange" WHERE "createdAt" < now() - make_interval(secs => $1)`, [seconds]);
  return rowCount ?? 0;
}

// Reads of the ledger inside a snapshot's transaction (beginSnapshot first): a rebuild or a month's load, whose
// snapshot then tells which outbox changes it already counted. Rows as pg gives them (timestamptz as Date, jsonb
// parsed), mapped like Prisma's (call.mapper.ts).

/** Calls whose arrival is in [from, to), read in `db`'s transaction. */
export async function snapshotCallsOfferedBetween(db: pg.ClientBase, from: Date, to: Date): Promise<CallRecord[]> {
  const { rows } = await db.query<Call>('SELECT * FROM "Call" WHERE "offeredAt" >= $1 AND "offeredAt" < $2', [from, to]);
  return rows.map(callFromRow);
}

/**
 * What a rebuild of the floor reads, in `db`'s transaction: calls answered by an agent since `answeredSince` (by answer
 * time), calls still in progress (waiting, or answered and not ended) with activity since `activeSince`, and the agents
 * whose state the platform reported.
 */
export async function snapshotFloor(db: pg.ClientBase, answeredSince: Date, activeSince: Date): Promise<{ recentAnswered: CallRecord[]; inProgress: CallRecord[]; agents: AgentStatus[] }> {
  const recent = await db.query<Call>('SELECT * FROM "Call" WHERE "answeredAt" >= $1 AND "agentId" IS NOT NULL ORDER BY "answeredAt"', [answeredSince]);
  const active = await db.query<Call>(`SELECT * FROM "Call" WHERE "lastEventAt" >= $1
    AND ((outcome = 'pending' AND "queuedAt" IS NOT NULL) OR (outcome = 'answered' AND "endedAt" IS NULL))`, [activeSince]);
  const agents = await db.query<{ agentId: string; state: string; since: Date; reason: string | null; callId: string | null; inferred: boolean }>(
    'SELECT "agentId", state, since, reason, "callId", inferred FROM "AgentStatus"',
  );
  return {
    recentAnswered: recent.rows.map(callFromRow),
    inProgress: active.rows.map(callFromRow),
    agents: agents.rows.map((r) => ({ agentId: r.agentId, state: r.state as AgentStateName, since: r.since.getTime(), reason: r.reason, callId: r.callId, inferred: r.inferred })),
  };
}

/** Time of the newest event in the ledger (the feed's clock at the last write), or null when empty; in `db`'s transaction. */
export async function snapshotLatestEventTime(db: pg.ClientBase): Promise<Date | null> {
  const { rows } = await db.query<{ t: Date | null }>('SELECT max("lastEventAt") AS t FROM "Call"');
  return rows[0]?.t ?? null;
}
