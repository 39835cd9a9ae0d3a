import { Inject, Injectable } from '@nestjs/common';
import type { AgentStateName, CallEvent, CallEventOf, DeadLetter } from '@hotline/events';
import { applyEvent, isCallScoped, type AgentStatus, type CallRecord } from '@hotline/kpi';
import { Prisma, type Call } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { CallerVault, type ProtectedCaller } from '../privacy/caller-vault.js';
import { insertCallers } from '../privacy/caller.repository.js';
import { protectDeadLetter } from '../privacy/dead-letter-privacy.js';
import { callFromRow, rowFromCall } from './call.mapper.js';

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

const UPDATE_ALL_COLUMNS = Prisma.raw(
  Object.values(Prisma.CallScalarFieldEnum)
    .filter((c) => c !== 'callId')
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', '),
);

/**
 * The call ledger in Postgres: raw events (once each) and one folded row per call. Callers appear only as their
 * keyed hash (`Call.callerId`, `RawEvent.payload.callerId`); their numbers are encrypted in `Caller`.
 */
@Injectable()
export class LedgerRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(CallerVault) private readonly vault: CallerVault,
  ) {}

  /**
   * Writes a batch of events in one transaction: each event id once (repeats are skipped), then every touched
   * call re-folded from its stored row. Calls are locked (advisory locks, in a fixed order) so that several
   * consumers of the group never interleave updates of one call.
   * @param batch events whose `callerId` is already the keyed hash (FeedConsumerService.protectCaller).
   * @param callers the protected numbers behind those hashes: `Caller` rows inserted in the same transaction (a hash
   *   already stored is kept).
   */
  async applyBatch(batch: { streamId: string; event: CallEvent }[], callers: readonly ProtectedCaller[] = []): Promise<BatchResult> {
    if (batch.length === 0) return { inserted: 0, duplicates: 0, changes: [], agentStates: [] };
    return this.prisma.$transaction(
      async (tx) => {
        const callIds = [...new Set(batch.map((b) => b.event.callId).filter((id): id is string => id !== null))];
        if (callIds.length) {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(id, 0) AS h FROM unnest(${callIds}::text[]) AS id ORDER BY h) AS locks`;
        }
        const inserted = await tx.rawEvent.createManyAndReturn({
          data: batch.map(({ streamId, event }) => ({
            eventId: event.eventId,
            callId: event.callId,
            type: event.type,
            ts: new Date(event.ts),
            source: event.source,
            payload: event,
            streamId,
          })),
          skipDuplicates: true,
          select: { eventId: true },
        });
        const fresh = new Set(inserted.map((r) => r.eventId));
        const newEvents = batch.map((b) => b.event).filter((e) => fresh.delete(e.eventId));
        const touched = [...new Set(newEvents.filter(isCallScoped).map((e) => e.callId))];
        const rows = touched.length ? await tx.call.findMany({ where: { callId: { in: touched } } }) : [];
        const before = new Map(rows.map((r) => [r.callId, callFromRow(r)]));
        const after = new Map(before);
        for (const event of newEvents) if (isCallScoped(event)) after.set(event.callId, applyEvent(after.get(event.callId), event));
        await insertCallers(tx, callers);
        if (touched.length) {
          // One statement for the whole batch: a row per call from JSON, inserted or replaced.
          const now = new Date();
          const rows = JSON.stringify(touched.map((callId) => ({ ...rowFromCall(after.get(callId)!), updatedAt: now })));
          await tx.$executeRaw`INSERT INTO "Call" SELECT * FROM jsonb_populate_recordset(NULL::"Call", ${rows}::jsonb)
            ON CONFLICT ("callId") DO UPDATE SET ${UPDATE_ALL_COLUMNS}`;
        }
        const agentStates = newEvents.filter((e): e is CallEventOf<'agent.state'> => e.type === 'agent.state');
        for (const s of agentStates) {
          const data = { state: s.state, since: new Date(s.ts), reason: s.reason ?? null, callId: s.callId, inferred: false };
          await tx.agentStatus.upsert({ where: { agentId: s.agentId }, create: { agentId: s.agentId, ...data }, update: data });
        }
        return {
          inserted: inserted.length,
          duplicates: batch.length - inserted.length,
          changes: touched.map((callId) => ({ before: before.get(callId), after: after.get(callId)! })),
          agentStates,
        };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
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

  /** Calls still in progress (waiting, or answered and not ended) with activity since `since`. */
  async callsInProgressSince(since: Date): Promise<CallRecord[]> {
    const rows: Call[] = await this.prisma.call.findMany({
      where: { lastEventAt: { gte: since }, OR: [{ outcome: 'pending', queuedAt: { not: null } }, { outcome: 'answered', endedAt: null }] },
    });
    return rows.map(callFromRow);
  }

  /** Agents whose state the platform reported. */
  async reportedAgentStatuses(): Promise<AgentStatus[]> {
    const rows = await this.prisma.agentStatus.findMany();
    return rows.map((r) => ({ agentId: r.agentId, state: r.state as AgentStateName, since: r.since.getTime(), reason: r.reason, callId: r.callId, inferred: r.inferred }));
  }

  /** Agents' latest answered calls since `since` (for agents known only through calls). */
  async recentAnsweredCalls(since: Date): Promise<CallRecord[]> {
    const rows = await this.prisma.call.findMany({ where: { answeredAt: { gte: since }, agentId: { not: null } }, orderBy: { answeredAt: 'asc' } });
    return rows.map(callFromRow);
  }

  /** Time of the newest event in the ledger (the feed's clock at the last write), or null when empty. */
  async latestEventTime(): Promise<Date | null> {
    const result = await this.prisma.call.aggregate({ _max: { lastEventAt: true } });
    return result._max.lastEventAt;
  }

  /** Outage windows (external faults), oldest first. */
  async outages() {
    return this.prisma.outage.findMany({ orderBy: { startsAt: 'asc' } });
  }

  async createOutage(data: { startsAt: Date; endsAt: Date; reason: string }) {
    return this.prisma.outage.create({ data });
  }

  /** @returns false when no outage has that id. */
  async deleteOutage(id: number): Promise<boolean> {
    const { count } = await this.prisma.outage.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Most recent dead letters first (without their ciphers: `repairable` tells whether one is kept). */
  async deadLetters(limit: number): Promise<{ id: number; source: string; file: string | null; line: number | null; reason: string; raw: string; repairable: boolean; createdAt: Date }[]> {
    const rows = await this.prisma.deadLetter.findMany({
      orderBy: { id: 'desc' },
      take: limit,
      select: { id: true, source: true, file: true, line: true, reason: true, raw: true, rawKeyId: true, createdAt: true },
    });
    return rows.map(({ rawKeyId, ...d }) => ({ ...d, repairable: rawKeyId !== null }));
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
 * Errors a retry of the same batch cures: the connection (Prisma P1001/P1002/P1008/P1017, SQLSTATE class 08), the
 * pool or the transaction timing out (P2024, P2028), deadlocks and serialisation failures (P2034, SQLSTATE 40xxx),
 * resources or an operator's intervention (SQLSTATE 53xxx, 57xxx, 55P03).
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'PrismaClientInitializationError' || error.name === 'PrismaClientRustPanicError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(P1001|P1002|P1008|P1017|P2024|P2028|P2034)$/.test(code)) return true;
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
