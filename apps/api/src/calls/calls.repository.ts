import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** One call of a page as the ledger holds it: the caller only as hash and masked form. */
export interface CallPageRow {
  callId: string;
  offeredAt: Date;
  outcome: string;
  agentId: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  category: string | null;
  /** The caller's keyed hash (Call.callerId), or null. */
  callerId: string | null;
  /** Caller.masked, or null. */
  masked: string | null;
  /** Calls of the same hash in the 24 hours before this one. */
  repeats: number;
}

/** Which calls: arrivals in [from, to), optionally one agent's, after a cursor (newest first). */
export interface CallPageQuery {
  from: Date;
  to: Date;
  agentId?: string;
  /** The last call of the previous page: calls strictly after it in (offeredAt, callId) descending order. */
  before?: { offeredAt: Date; callId: string };
  /** Rows to read (the service asks one more than the page size to know whether there is a next page). */
  limit: number;
}

/** Reads calls for people: the Call table joined with the masked caller, repeat callers counted in SQL. */
@Injectable()
export class CallsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Calls offered in [from, to), newest first (ties by call id), each with the masked caller and the number of
   * earlier calls of the same caller hash in the 24 hours before it (the offeredAt index bounds that count).
   */
  async page(q: CallPageQuery): Promise<CallPageRow[]> {
    const agent = q.agentId === undefined ? Prisma.empty : Prisma.sql`AND c."agentId" = ${q.agentId}`;
    const after = q.before === undefined ? Prisma.empty : Prisma.sql`AND (c."offeredAt", c."callId") < (${q.before.offeredAt}::timestamptz, ${q.before.callId})`;
    return this.prisma.$queryRaw<CallPageRow[]>`
      SELECT c."callId", c."offeredAt", c.outcome, c."agentId", c."waitSeconds", c."talkSeconds", c.category, c."callerId", k.masked,
        CASE WHEN c."callerId" IS NULL THEN 0 ELSE (
          SELECT count(*)::int FROM "Call" p
          WHERE p."callerId" = c."callerId" AND p."offeredAt" >= c."offeredAt" - interval '24 hours'
            AND (p."offeredAt" < c."offeredAt" OR (p."offeredAt" = c."offeredAt" AND p."callId" < c."callId"))
        ) END AS repeats
      FROM "Call" c LEFT JOIN "Caller" k ON k.hash = c."callerId"
      WHERE c."offeredAt" >= ${q.from} AND c."offeredAt" < ${q.to} ${agent} ${after}
      ORDER BY c."offeredAt" DESC, c."callId" DESC
      LIMIT ${q.limit}`;
  }

  /** A call's arrival time (for a page cursor), or null when there is no such call. */
  async offeredAt(callId: string): Promise<Date | null> {
    const row = await this.prisma.call.findUnique({ where: { callId }, select: { offeredAt: true } });
    return row?.offeredAt ?? null;
  }

  /** A call's caller hash: undefined when there is no such call, null when it has no caller. */
  async callerHash(callId: string): Promise<string | null | undefined> {
    const row = await this.prisma.call.findUnique({ where: { callId }, select: { callerId: true } });
    return row === null ? undefined : row.callerId;
  }
}
