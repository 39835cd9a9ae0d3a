import { Injectable } from '@nestjs/common';
import { DeadLetterStatus } from '@hotline/contracts';
import { PrismaService } from '../prisma/prisma.service.js';

/** A dead letter as stored, without its cipher (`repairable` tells whether one is kept), with who resolved it. */
export interface DeadLetterRow {
  id: number;
  source: string;
  file: string | null;
  line: number | null;
  /** Digit runs masked. */
  reason: string;
  /** Digit runs masked. */
  raw: string;
  repairable: boolean;
  createdAt: Date;
  status: DeadLetterStatus;
  resolvedAt: Date | null;
  /** The resolver's login (null while open, or when the account is gone). */
  resolvedBy: string | null;
  /** Digit runs masked. */
  resolution: string | null;
  requeuedEventIds: string[];
}

/** How a dead letter is resolved: the new status, by whom, why (already masked), the events re-queued. */
export interface DeadLetterResolution {
  status: Exclude<DeadLetterStatus, 'open'>;
  userId: number;
  resolution: string;
  requeuedEventIds: string[];
}

/** A row as selected by {@link SELECT}. */
interface StoredRow {
  id: number; source: string; file: string | null; line: number | null; reason: string; raw: string; rawKeyId: string | null; createdAt: Date;
  status: string; resolvedAt: Date | null; resolvedById: number | null; resolution: string | null; requeuedEventIds: string[];
}

const SELECT = {
  id: true, source: true, file: true, line: true, reason: true, raw: true, rawKeyId: true, createdAt: true,
  status: true, resolvedAt: true, resolvedById: true, resolution: true, requeuedEventIds: true,
} as const;

/** The dead-letter store's repair side: listing with status, resolving (re-queued or discarded) atomically. */
@Injectable()
export class DeadLettersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The most recent dead letters first, optionally of one status; `limit` rows at most. */
  async list(limit: number, status?: DeadLetterStatus): Promise<DeadLetterRow[]> {
    const rows = await this.prisma.deadLetter.findMany({ where: status ? { status } : {}, orderBy: { id: 'desc' }, take: limit, select: SELECT });
    return this.withLogins(rows);
  }

  /** One dead letter, or null. */
  async find(id: number): Promise<DeadLetterRow | null> {
    const row = await this.prisma.deadLetter.findUnique({ where: { id }, select: SELECT });
    return row ? (await this.withLogins([row]))[0] : null;
  }

  /**
   * Resolves a dead letter if, and only if, it is still open (a conditional update: of two concurrent repairs,
   * one wins). @returns false when it is not open (or does not exist).
   */
  async resolveIfOpen(id: number, r: DeadLetterResolution): Promise<boolean> {
    const { count } = await this.prisma.deadLetter.updateMany({
      where: { id, status: 'open' },
      data: { status: r.status, resolvedAt: new Date(), resolvedById: r.userId, resolution: r.resolution, requeuedEventIds: r.requeuedEventIds },
    });
    return count === 1;
  }

  /** Undoes {@link resolveIfOpen} after the re-queue it announced failed: back to open, nothing resolved. */
  async reopen(id: number, from: Exclude<DeadLetterStatus, 'open'>): Promise<void> {
    await this.prisma.deadLetter.updateMany({
      where: { id, status: from },
      data: { status: 'open', resolvedAt: null, resolvedById: null, resolution: null, requeuedEventIds: [] },
    });
  }

  /** Which of these canonical event ids the ledger already holds (its events would be taken as duplicates). */
  async existingEventIds(eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await this.prisma.rawEvent.findMany({ where: { eventId: { in: eventIds } }, select: { eventId: true } });
    return new Set(rows.map((r) => r.eventId));
  }

  /** Rows as {@link DeadLetterRow}s: the resolvers' logins looked up in one query. */
  private async withLogins(rows: StoredRow[]): Promise<DeadLetterRow[]> {
    const ids = [...new Set(rows.map((r) => r.resolvedById).filter((id): id is number => id !== null))];
    const users = ids.length ? await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, login: true } }) : [];
    const login = new Map(users.map((u) => [u.id, u.login]));
    return rows.map(({ rawKeyId, resolvedById, status, ...d }) => ({
      ...d,
      repairable: rawKeyId !== null,
      status: DeadLetterStatus.parse(status),
      resolvedBy: resolvedById === null ? null : (login.get(resolvedById) ?? null),
    }));
  }
}
