import type { EntryClock } from '../common/entry-window.js';
import { Inject, Injectable } from '@nestjs/common';
import type { AgentStateName, CallEvent, CallEventOf, DeadLetter } from '@hotline/events';
import { applyEvent, isCallScoped, type AgentStatus, type CallRecord } from '@hotline/kpi';
import { Prisma, type Call, type Outage } from '../generated/prisma/client.js';
import { LedgerPool } from '../prisma/ledger-pool.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { CallerVault, type ProtectedCaller } from '../privacy/caller-vault.js';
import { insertCallers } from '../privacy/caller.repository.js';
import { protectDeadLetter } from '../privacy/dead-letter-privacy.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { callFromRow, rowFromCall } from './call.mapper.js';
import { RollupWriter } from './rollups.js';
import { appendLedgerChanges, appendReload, ledgerChangeChannel } from './ledger-changes.js';

/** A call's record before and after a batch (before is undefined for a new call). */
export interface CallChange {
  before: CallRecord | undefined;
  after: CallRecord;
}

/** What a batch changed: calls, and the agent states reported in it. */
export interface BatchResult {
  inserted: number;
  duplicates: number;
  changes: CallChange[];
  agentStates: CallEventOf<'agent.state'>[];
}

/** `"col" = EXCLUDED."col"` for every column of Call but its key (the generated client's list, so a new column is included). */
const UPDATE_ALL_COLUMNS = Object.values(Prisma.CallScalarFieldEnum)
  .filter((c) => c !== 'callId')
  .map((c) => `"${c}" = EXCLUDED."${c}"`)
  .join(', ');

/**
 * The call ledger in Postgres: raw events (once each) and one folded row per call. Callers appear only as their
 * keyed hash (`Call.callerId`, `RawEvent.payload.callerId`); their numbers are encrypted in `Caller`.
 */
@Injectable()
export class LedgerRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pool: LedgerPool,
    @Inject(CallerVault) private readonly vault: CallerVault,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rollups: RollupWriter,
  ) {
    this.changeChannel = ledgerChangeChannel(config.HOTLINE_STREAM_PREFIX);
  }

  /** The NOTIFY channel of the change outbox (ledger-changes.ts). */
  private readonly changeChannel: string;

  /**
   * Writes a batch of events in one transaction: each event id once (repeats are skipped), then every touched
   * call re-folded from its stored row. Calls are locked (advisory locks, in a fixed order) so that several
   * consumers of the group (or several writers of one batch) never interleave updates of one call. On the ledger's
   * own `pg` pool ({@link LedgerPool}), four statements whatever the batch's size: the events (one JSON parameter), the touched calls read, the calls written (one JSON
   * parameter), the agents' last reported states.
   * @param batch events whose `callerId` is already the keyed hash (FeedConsumerService.protectCaller); their
   *   `Caller` rows are written before ({@link storeCallers}).
   * @throws what the database throws; nothing of the batch is written then (one transaction).
   */
  async applyBatch(batch: readonly { streamId: string; event: CallEvent }[]): Promise<BatchResult> {
    if (batch.length === 0) return { inserted: 0, duplicates: 0, changes: [], agentStates: [] };
    return this.pool.transaction(async (db) => {
      const callIds = [...new Set(batch.map((b) => b.event.callId).filter((id): id is string => id !== null))];
      if (callIds.length) {
        await db.query('SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(id, 0) AS h FROM unnest($1::text[]) AS id ORDER BY h) AS locks', [callIds]);
      }
      // jsonb_to_recordset over one parameter: measured faster here than unnest over column arrays.
      const entries = JSON.stringify(batch.map(({ streamId, event }) => ({ s: streamId, e: event })));
      const { rows: inserted } = await db.query<{ eventId: string }>(`INSERT INTO "RawEvent" ("eventId", "callId", "type", "ts", "source", "payload", "streamId")
        SELECT x.e->>'eventId', x.e->>'callId', x.e->>'type', (x.e->>'ts')::timestamptz, x.e->>'source', x.e, x.s
        FROM jsonb_to_recordset($1::jsonb) AS x(s text, e jsonb)
        ON CONFLICT ("eventId") DO NOTHING RETURNING "eventId"`, [entries]);
      const fresh = new Set(inserted.map((r) => r.eventId));
      const newEvents = batch.map((b) => b.event).filter((e) => fresh.delete(e.eventId));
      const touched = [...new Set(newEvents.filter(isCallScoped).map((e) => e.callId))];
      // pg gives the row as Prisma would: timestamptz as Date, jsonb parsed, integers and floats as numbers.
      const rows = touched.length ? (await db.query<Call>('SELECT * FROM "Call" WHERE "callId" = ANY($1::text[])', [touched])).rows : [];
      const before = new Map(rows.map((r) => [r.callId, callFromRow(r)]));
      const after = new Map(before);
      for (const event of newEvents) if (isCallScoped(event)) after.set(event.callId, applyEvent(after.get(event.callId), event));
      if (touched.length) {
        // One statement for the whole batch: a row per call from JSON, inserted or replaced.
        const now = new Date();
        const calls = JSON.stringify(touched.map((callId) => ({ ...rowFromCall(after.get(callId)!), updatedAt: now })));
        await db.query(`INSERT INTO "Call" SELECT * FROM jsonb_populate_recordset(NULL::"Call", $1::jsonb) ON CONFLICT ("callId") DO UPDATE SET ${UPDATE_ALL_COLUMNS}`, [calls]);
      }
      const agentStates = newEvents.filter((e): e is CallEventOf<'agent.state'> => e.type === 'agent.state');
      if (agentStates.length) {
        // Each agent's last state of the batch (what upserting them one by one in order would leave).
        const last = new Map(agentStates.map((s) => [s.agentId, s]));
        const states = JSON.stringify([...last.values()].map((s) => ({ agentId: s.agentId, state: s.state, since: s.ts, reason: s.reason ?? null, callId: s.callId })));
        await db.query(`INSERT INTO "AgentStatus" ("agentId", state, since, reason, "callId", inferred)
          SELECT a."agentId", a.state, a.since, a.reason, a."callId", false
          FROM jsonb_to_recordset($1::jsonb) AS a("agentId" text, state text, since timestamptz, reason text, "callId" text)
          ON CONFLICT ("agentId") DO UPDATE SET state = EXCLUDED.state, since = EXCLUDED.since, reason = EXCLUDED.reason, "callId" = EXCLUDED."callId", inferred = false`, [states]);
      }
      const changes = touched.map((callId) => ({ before: before.get(callId), after: after.get(callId)! }));
      // The change outbox, in this transaction: every node's live engine applies the batch from it (ledger-changes.ts).
      await appendLedgerChanges(db, this.changeChannel, changes, agentStates);
      // The rollups (per interval, business-type evidence and agent), in this transaction: rollups.ts.
      await this.rollups.apply(db, changes);
      return {
        inserted: inserted.length,
        duplicates: batch.length - inserted.length,
        changes,
        agentStates,
      };
    });
  }

  /**
   * Stores callers' protected numbers (hash, cipher, masked); a hash already stored is kept. In its own statement,
   * beside the events' transactions (so that the concurrent writers of one batch never wait on each other's caller
   * rows); a caller row without its call (the batch failed) is harmless and reused on retry.
   * @returns how many were new.
   */
  async storeCallers(callers: readonly ProtectedCaller[]): Promise<number> {
    return insertCallers(this.prisma, callers);
  }

  /**
   * Stores dead letters; one with a key already stored is skipped. The raw line is kept encrypted (for repair by a
   * role that may unmask) and shown masked; the reason is masked; the file is reduced to its base name.
   * @returns how many were new.
   */
  async storeDeadLetters(letters: DeadLetter[]): Promise<number> {
    if (letters.length === 0) return 0;
    // Postgres text refuses U+0000: shown (and kept) as the visible escape `\u0000`, so a dead letter is always storable.
    const clean = letters.map((d) => ({ ...d, key: withoutNul(d.key), source: withoutNul(d.source), file: d.file === undefined ? undefined : withoutNul(d.file), reason: withoutNul(d.reason), raw: withoutNul(d.raw) }));
    const { count } = await this.prisma.deadLetter.createMany({
      data: clean.map((d) => ({ key: d.key, source: d.source, line: d.line ?? null, ...protectDeadLetter(this.vault, d) })),
      skipDuplicates: true,
    });
    return count;
  }

  /**
   * Whether a failed {@link applyBatch} was refused for its content (an entry the database will never accept: a
   * constraint, a value out of range, a trigger's refusal, a value the client could not encode), as opposed to the
   * database being unavailable or busy (connection lost, timeout, deadlock, serialisation), which a retry cures.
   * Content errors are told by elimination: not a known transient error, and the database answers `SELECT 1` within
   * `timeoutMs` right after.
   * @returns true when splitting the batch to isolate the entry is the right answer; false to retry it whole.
   */
  async refusedForContent(error: unknown, timeoutMs = 5000): Promise<boolean> {
    if (isTransientDatabaseError(error)) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs); });
      await Promise.race([this.prisma.$queryRaw`SELECT 1`, timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls whose arrival is in [from, to). */
  async callsOfferedBetween(from: Date, to: Date): Promise<CallRecord[]> {
    const rows = await this.prisma.call.findMany({ where: { offeredAt: { gte: from, lt: to } } });
    return rows.map(callFromRow);
  }

  /**
   * The ledger's feed clock for the registers' entry windows: the last event of the newest call, null when the ledger
   * is empty. Read through the `offeredAt` index (one row at any ledger size; a maximum of `lastEventAt` would scan
   * every call on each register write): an older call still going may have a later event by its duration, which
   * does not matter to windows of whole quarters.
   */
  async feedClock(): Promise<Date | null> {
    const newest = await this.prisma.call.findFirst({ orderBy: { offeredAt: 'desc' }, select: { lastEventAt: true } });
    return newest?.lastEventAt ?? null;
  }

  /**
   * The clocks of the registers' entry windows (common/entry-window assertEntryWindow): `now`, and the feed clock the
   * window's quarters count from — {@link feedClock}, or `now` when the ledger has no calls. One read per write (or per
   * imported file).
   */
  async entryClock(now = new Date()): Promise<EntryClock> {
    return { now, feed: (await this.feedClock()) ?? now };
  }

  /** Outage windows (external faults), oldest first. */
  async outages() {
    return this.prisma.outage.findMany({ orderBy: { startsAt: 'asc' } });
  }

  /**
   * Stores an outage window, with a `reload` change in the ledger's change outbox in the same transaction (every
   * node's live engine re-reads the windows: ledger-changes.ts).
   */
  async createOutage(data: { startsAt: Date; endsAt: Date; reason: string }): Promise<Outage> {
    return this.pool.transaction(async (db) => {
      const { rows } = await db.query<Outage>('INSERT INTO "Outage" ("startsAt", "endsAt", reason) VALUES ($1, $2, $3) RETURNING *', [data.startsAt, data.endsAt, data.reason]);
      await appendReload(db, this.changeChannel, 'outages');
      return rows[0];
    });
  }

  /** Removes an outage window (with a `reload` change, as {@link createOutage}). @returns false when no outage has that id. */
  async deleteOutage(id: number): Promise<boolean> {
    return this.pool.transaction(async (db) => {
      const { rowCount } = await db.query('DELETE FROM "Outage" WHERE id = $1', [id]);
      if (!rowCount) return false;
      await appendReload(db, this.changeChannel, 'outages');
      return true;
    });
  }

  /** A dead letter's encrypted raw line, or null when there is no such dead letter. */
  async deadLetterCipher(id: number): Promise<{ rawCipher: string | null; rawKeyId: string | null } | null> {
    return this.prisma.deadLetter.findUnique({ where: { id }, select: { rawCipher: true, rawKeyId: true } });
  }

  async deadLetterCount(): Promise<number> {
    return this.prisma.deadLetter.count();
  }
}

/** The text with every U+0000 replaced by the visible escape `\\u0000` (Postgres text and jsonb refuse NUL). */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\\u0000') : text;
}

/**
 * Errors a retry of the same batch cures (Prisma's, or pg's with the SQLSTATE as `code`): the connection (Prisma P1001/P1002/P1008/P1017, SQLSTATE class 08), the
 * pool or the transaction timing out (P2024, P2028), deadlocks and serialisation failures (P2034, SQLSTATE 40xxx),
 * resources or an operator's intervention (SQLSTATE 53xxx, 57xxx, 55P03).
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'PrismaClientInitializationError' || error.name === 'PrismaClientRustPanicError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(P1001|P1002|P1008|P1017|P2024|P2028|P2034)$/.test(code)) return true;
  // pg's own errors (the ledger pool) carry the SQLSTATE itself.
  if (typeof code === 'string' && /^(?:08|40|53|57)[0-9A-Z]{3}$|^55P03$/.test(code)) return true;
  const text = `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? null)}`;
  if (/"(?:originalCode|code)":"(?:08|40|53|57)[0-9A-Z]{3}"|"(?:originalCode|code)":"55P03"/.test(text)) return true;
  return /timed? ?out|ECONN|ETIMEDOUT|EPIPE|connection (?:terminated|closed|refused|reset)|Can't reach database|Transaction already closed|Unable to start a transaction|deadlock|could not serialize|too many clients|the database system is (?:starting|shutting)/i.test(text);
}

/** The database's own words for an error (the driver's message when Prisma wraps it), on one line, at most 500 characters. */
export function databaseReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const found = /"(?:originalMessage|message)":"((?:[^"\\]|\\.)*)"/.exec(JSON.stringify((error as { meta?: unknown }).meta ?? null));
  let text = found ? found[1] : error.message;
  if (!found) {
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    text = lines.at(-1) ?? text;
  }
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
