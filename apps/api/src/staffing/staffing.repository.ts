import { Injectable } from '@nestjs/common';
import type { CallHistoryRecord } from '@hotline/forecast';
import { PrismaService } from '../prisma/prisma.service.js';

/** The ledger's calls as the forecast reads them: arrival, outcome, waits and handle times. */
@Injectable()
export class StaffingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Calls offered in [from, to), with only the columns the forecast needs. */
  async callHistory(from: Date, to: Date): Promise<CallHistoryRecord[]> {
    const rows = await this.prisma.call.findMany({
      where: { offeredAt: { gte: from, lt: to } },
      select: { offeredAt: true, outcome: true, abandonWhere: true, waitSeconds: true, talkSeconds: true, wrapSeconds: true },
    });
    return rows.map((r) => ({
      offeredAt: r.offeredAt.getTime(),
      outcome: r.outcome as CallHistoryRecord['outcome'],
      abandonWhere: r.abandonWhere as CallHistoryRecord['abandonWhere'],
      waitSeconds: r.waitSeconds,
      talkSeconds: r.talkSeconds,
      wrapSeconds: r.wrapSeconds,
    }));
  }

  /**
   * The earliest and latest arrival in the ledger, and its feed clock (the latest event of any call, the clock the
   * floor and the month page follow), or null when it is empty.
   */
  async ledgerRange(): Promise<{ first: Date; last: Date; feedClock: Date } | null> {
    const r = await this.prisma.call.aggregate({ _min: { offeredAt: true }, _max: { offeredAt: true, lastEventAt: true } });
    return r._min.offeredAt && r._max.offeredAt && r._max.lastEventAt ? { first: r._min.offeredAt, last: r._max.offeredAt, feedClock: r._max.lastEventAt } : null;
  }
}
