import { Injectable, Logger } from '@nestjs/common';
import type { PlannedShift } from '@hotline/kpi';
import { addDays } from '@hotline/events';
import { PrismaService } from '../prisma/prisma.service.js';
import { shiftsOfDay } from './floor-shifts.js';

/** The published roster in force on a day, laid out as shifts in time. */
export interface PublishedShifts {
  versionId: number;
  name: string;
  /** Shifts starting on the day, and those of the day before still running on it; start order. */
  shifts: PlannedShift[];
}

/** Reads the published rosters (Postgres, RosterVersion with status `published`) covering a local day. */
@Injectable()
export class FloorRosterReader {
  private readonly logger = new Logger(FloorRosterReader.name);

  constructor(private readonly prisma: PrismaService) {}

  /**
   * The published roster whose period covers `day` (or the day before, for a night shift still running), newest
   * published first; null when none does.
   */
  async publishedOn(day: string, timeZone: string): Promise<PublishedShifts | null> {
    const rows = await this.prisma.rosterVersion.findMany({
      where: { status: 'published', roster: { startDate: { lte: day } } },
      orderBy: { publishedAt: 'desc' },
      select: { id: true, content: true, problem: true, roster: { select: { name: true, startDate: true, days: true } } },
      take: 20,
    });
    for (const row of rows) {
      if (addDays(row.roster.startDate, row.roster.days) < addDays(day, -1)) continue;
      const shifts = shiftsOfDay(row, day, timeZone);
      if (shifts === null) {
        this.logger.warn(`published roster version ${row.id} does not match the contract: left off the floor`);
        continue;
      }
      if (addDays(row.roster.startDate, row.roster.days) <= day && shifts.length === 0) continue;
      return { versionId: row.id, name: row.roster.name, shifts };
    }
    return null;
  }
}
