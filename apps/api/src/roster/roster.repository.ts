import { Injectable } from '@nestjs/common';
import { addDays } from '@hotline/events';
import { Prisma, type Roster as RosterRow, type RosterVersion } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** A version row with its roster. */
export type VersionRow = RosterVersion & { roster: RosterRow };

/** What a new version is made of. */
export interface NewVersion {
  name: string;
  startDate: string;
  days: number;
  source: 'plan' | 'edit' | 'import' | 'copy';
  basedOnId?: number | null;
  jobId?: string | null;
  problem: unknown;
  content: unknown;
  summary: unknown;
  solve?: unknown;
}

const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

/** Rosters and their versions in Postgres. */
@Injectable()
export class RosterRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Adds a draft version (number = the roster's last + 1; the roster is created on first use). A job id already
   * stored returns that version instead: a planning job writes at most one.
   */
  async createVersion(v: NewVersion): Promise<VersionRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.prisma.$transaction(async (tx) => {
          if (v.jobId) {
            const existing = await tx.rosterVersion.findUnique({ where: { jobId: v.jobId }, include: { roster: true } });
            if (existing) return existing;
          }
          const roster = await tx.roster.upsert({
            where: { name_startDate_days: { name: v.name, startDate: v.startDate, days: v.days } },
            create: { name: v.name, startDate: v.startDate, days: v.days },
            update: {},
          });
          const last = await tx.rosterVersion.aggregate({ where: { rosterId: roster.id }, _max: { version: true } });
          return tx.rosterVersion.create({
            data: {
              rosterId: roster.id,
              version: (last._max.version ?? 0) + 1,
              status: 'draft',
              source: v.source,
              basedOnId: v.basedOnId ?? null,
              jobId: v.jobId ?? null,
              problem: json(v.problem),
              content: json(v.content),
              summary: json(v.summary),
              ...(v.solve === undefined ? {} : { solve: json(v.solve) }),
            },
            include: { roster: true },
          });
        });
      } catch (error) {
        // Two writers took the same version number (or the same new roster): try again once.
        if (attempt < 2 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue;
        throw error;
      }
    }
  }

  async version(id: number): Promise<VersionRow | null> {
    return this.prisma.rosterVersion.findUnique({ where: { id }, include: { roster: true } });
  }

  async versionByJob(jobId: string): Promise<VersionRow | null> {
    return this.prisma.rosterVersion.findUnique({ where: { jobId }, include: { roster: true } });
  }

  /** Versions, newest first (without their problem and content, which can be large). */
  async list(filter: { startDate?: string; status?: string; limit: number }) {
    return this.prisma.rosterVersion.findMany({
      where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.startDate ? { roster: { startDate: filter.startDate } } : {}) },
      orderBy: { id: 'desc' },
      take: filter.limit,
      select: { id: true, version: true, status: true, source: true, basedOnId: true, jobId: true, summary: true, solve: true, revision: true, createdAt: true, updatedAt: true, publishedAt: true, rosterId: true, roster: true },
    });
  }

  /**
   * Replaces a draft's content if it is still a draft at the given revision.
   * @returns the updated row, or null when it is not a draft or the revision moved on.
   */
  async updateDraft(id: number, revision: number, content: unknown, summary: unknown): Promise<VersionRow | null> {
    const { count } = await this.prisma.rosterVersion.updateMany({
      where: { id, status: 'draft', revision },
      data: { content: json(content), summary: json(summary), revision: { increment: 1 } },
    });
    return count === 0 ? null : this.version(id);
  }

  /**
   * Publishes a draft at the given revision; the roster's previously published version, and the published versions
   * named in `supersede` (other rosters it replaces), become superseded. Null when it is no longer a draft at that
   * revision.
   */
  async publish(id: number, revision: number, ledgerAfter: unknown, supersede: number[] = []): Promise<VersionRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.rosterVersion.findUnique({ where: { id } });
      if (!row || row.status !== 'draft' || row.revision !== revision) return null;
      await tx.rosterVersion.updateMany({ where: { OR: [{ rosterId: row.rosterId }, { id: { in: supersede } }], status: 'published' }, data: { status: 'superseded' } });
      await tx.rosterVersion.update({ where: { id }, data: { status: 'published', publishedAt: new Date(), ledgerAfter: json(ledgerAfter) } });
      return tx.rosterVersion.findUnique({ where: { id }, include: { roster: true } });
    });
  }

  /** Published versions of other rosters whose period overlaps [startDate, startDate + days). */
  async publishedOverlapping(rosterId: number, startDate: string, endDate: string) {
    const rows = await this.prisma.rosterVersion.findMany({
      where: { status: 'published', rosterId: { not: rosterId }, roster: { startDate: { lt: endDate } } },
      select: { id: true, version: true, roster: { select: { name: true, startDate: true, days: true } } },
    });
    return rows.filter((r) => addDays(r.roster.startDate, r.roster.days) > startDate);
  }

  /** Deletes a draft (a roster left without versions goes too). False when it is not a draft. */
  async deleteDraft(id: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.rosterVersion.findUnique({ where: { id } });
      if (!row || row.status !== 'draft') return false;
      await tx.rosterVersion.delete({ where: { id } });
      if ((await tx.rosterVersion.count({ where: { rosterId: row.rosterId } })) === 0) await tx.roster.delete({ where: { id: row.rosterId } });
      return true;
    });
  }

  /** Published versions of rosters starting before `startDate` (newest first), with their period and ledger. */
  async publishedBefore(startDate: string) {
    return this.prisma.rosterVersion.findMany({
      where: { status: 'published', roster: { startDate: { lt: startDate } } },
      orderBy: { publishedAt: 'desc' },
      select: { id: true, ledgerAfter: true, roster: { select: { startDate: true, days: true } } },
      take: 50,
    });
  }
}
