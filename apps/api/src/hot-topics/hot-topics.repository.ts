import { Injectable } from '@nestjs/common';
import type { BusinessTypeEvidence, DayTypeCount } from '@hotline/kpi';
import { PrismaService } from '../prisma/prisma.service.js';

/** A caller with 2 or more calls inside one window ending at one of the day's calls. */
export interface RepeatCallerRow {
  /** Call.callerId: the keyed hash. */
  hash: string;
  maxCalls: number;
  lastCallAt: Date;
}

/** One call of a repeat caller. */
export interface RepeatCallRow {
  callId: string;
  offeredAt: Date;
  outcome: string;
  agentId: string | null;
  callerId: string | null;
}

/** One registered request of a repeat caller (no clear number: the hash only links it). */
export interface RepeatRequestRow {
  id: number;
  receivedAt: Date;
  callId: string | null;
  callerHash: string | null;
  businessTypeCode: string;
  summary: string;
  outcome: string | null;
  status: string;
}

/**
 * Reads what hot topics are counted from: registered requests (ServiceRequest, read only: the request registration
 * module owns it) per local day and type, the ledger's calls by their typing evidence, and repeat callers' calls.
 */
@Injectable()
export class HotTopicsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Registered requests (any status) per local day per type code, days `from`..`to` inclusive. */
  async dayCounts(from: string, to: string): Promise<DayTypeCount[]> {
    const groups = await this.prisma.serviceRequest.groupBy({ by: ['day', 'businessTypeCode'], where: { day: { gte: from, lte: to } }, _count: { _all: true } });
    return groups.map((g) => ({ day: g.day, code: g.businessTypeCode, count: g._count._all }));
  }

  /** Calls offered in [from, to), grouped by what types them (category, first queue, IVR choice), with counts. */
  async callEvidence(from: Date, to: Date): Promise<(BusinessTypeEvidence & { count: number })[]> {
    const groups = await this.prisma.call.groupBy({ by: ['category', 'queue', 'ivrChoice'], where: { offeredAt: { gte: from, lt: to } }, _count: { _all: true } });
    return groups.map((g) => ({ category: g.category, queue: g.queue, ivrChoice: g.ivrChoice, count: g._count._all }));
  }

  /**
   * Callers with a call in [dayStart, dayEnd) preceded by at least one other call of the same hash within
   * `windowSeconds` (the calls counted: offeredAt in [t - window, t], t the later call). The offeredAt and
   * (callerId, offeredAt) lookups keep it bounded to the day.
   */
  async repeatCallers(dayStart: Date, dayEnd: Date, windowSeconds: number): Promise<RepeatCallerRow[]> {
    return this.prisma.$queryRaw<RepeatCallerRow[]>`
      SELECT d."callerId" AS hash, max(d.n)::int AS "maxCalls", max(d."offeredAt") AS "lastCallAt"
      FROM (
        SELECT c."callerId", c."offeredAt", (
          SELECT count(*)::int FROM "Call" p
          WHERE p."callerId" = c."callerId" AND p."offeredAt" >= c."offeredAt" - make_interval(secs => ${windowSeconds}) AND p."offeredAt" <= c."offeredAt"
        ) AS n
        FROM "Call" c
        WHERE c."offeredAt" >= ${dayStart} AND c."offeredAt" < ${dayEnd} AND c."callerId" IS NOT NULL
      ) d
      GROUP BY d."callerId"
      HAVING max(d.n) >= 2
      ORDER BY max(d."offeredAt") DESC, d."callerId"`;
  }

  /** The calls of these caller hashes offered in [from, to), newest first. */
  async callsOf(hashes: string[], from: Date, to: Date): Promise<RepeatCallRow[]> {
    if (hashes.length === 0) return [];
    return this.prisma.call.findMany({
      where: { callerId: { in: hashes }, offeredAt: { gte: from, lt: to } },
      select: { callId: true, offeredAt: true, outcome: true, agentId: true, callerId: true },
      orderBy: [{ offeredAt: 'desc' }, { callId: 'desc' }],
    });
  }

  /** The masked form (Caller.masked) of each hash that has a Caller row. */
  async maskedOf(hashes: string[]): Promise<Map<string, string>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.prisma.caller.findMany({ where: { hash: { in: hashes } }, select: { hash: true, masked: true } });
    return new Map(rows.map((r) => [r.hash, r.masked]));
  }

  /** Requests registered with one of these caller hashes in [from, to), or on one of these calls; newest first. */
  async requestsOf(hashes: string[], callIds: string[], from: Date, to: Date): Promise<RepeatRequestRow[]> {
    if (hashes.length === 0 && callIds.length === 0) return [];
    return this.prisma.serviceRequest.findMany({
      where: { OR: [{ callerHash: { in: hashes }, receivedAt: { gte: from, lt: to } }, { callId: { in: callIds } }] },
      select: { id: true, receivedAt: true, callId: true, callerHash: true, businessTypeCode: true, summary: true, outcome: true, status: true },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    });
  }
}
