import { Injectable } from '@nestjs/common';
import type { ForecastDayAction, ForecastDayMark, ForecastSpecialDay } from '@hotline/contracts';
import type { DayExclusions, SpecialDay } from '@hotline/forecast';
import { PrismaService } from '../prisma/prisma.service.js';

/** The stored marks and special days of the forecast (tables ForecastDayMark, ForecastSpecialDay). */
@Injectable()
export class ForecastDaysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Logins of the authors (null for an account that no longer exists). */
  private async logins(ids: readonly number[]): Promise<(id: number) => string | null> {
    const wanted = [...new Set(ids)];
    const rows = wanted.length ? await this.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, login: true } }) : [];
    const byId = new Map(rows.map((u) => [u.id, u.login]));
    return (id) => byId.get(id) ?? null;
  }

  /** Every mark, by day. */
  async marks(): Promise<ForecastDayMark[]> {
    const rows = await this.prisma.forecastDayMark.findMany({ orderBy: { day: 'asc' } });
    const login = await this.logins(rows.map((r) => r.createdById));
    return rows.map((r) => ({ day: r.day, action: r.action as ForecastDayAction, reason: r.reason, createdAt: r.createdAt.toISOString(), createdBy: login(r.createdById) }));
  }

  /** Every special day, by day. */
  async specialDays(): Promise<ForecastSpecialDay[]> {
    const rows = await this.prisma.forecastSpecialDay.findMany({ orderBy: { day: 'asc' } });
    const login = await this.logins(rows.map((r) => r.createdById));
    return rows.map((r) => ({ day: r.day, name: r.name, createdAt: r.createdAt.toISOString(), createdBy: login(r.createdById) }));
  }

  /**
   * The forecast's options from what is stored: the `exclude` marks as marked days, the `include` marks as overrides
   * of the outlier rule (which is on), and the special days.
   */
  async forecastOptions(): Promise<{ exclusions: DayExclusions; specialDays: SpecialDay[] }> {
    const [marks, special] = await Promise.all([
      this.prisma.forecastDayMark.findMany({ orderBy: { day: 'asc' }, select: { day: true, action: true, reason: true } }),
      this.prisma.forecastSpecialDay.findMany({ orderBy: { day: 'asc' }, select: { day: true, name: true } }),
    ]);
    return {
      exclusions: {
        detect: true,
        marked: marks.filter((m) => m.action === 'exclude').map((m) => ({ day: m.day, reason: m.reason })),
        included: marks.filter((m) => m.action === 'include').map((m) => m.day),
      },
      specialDays: special,
    };
  }

  /** Creates or replaces a day's mark; returns it with what was there before (null when nothing). */
  async upsertMark(day: string, action: ForecastDayAction, reason: string, userId: number): Promise<{ before: ForecastDayMark | null; after: ForecastDayMark }> {
    const before = (await this.marks()).find((m) => m.day === day) ?? null;
    const row = await this.prisma.forecastDayMark.upsert({
      where: { day },
      create: { day, action, reason, createdById: userId },
      update: { action, reason, createdById: userId, createdAt: new Date() },
    });
    const login = await this.logins([row.createdById]);
    return { before, after: { day: row.day, action: row.action as ForecastDayAction, reason: row.reason, createdAt: row.createdAt.toISOString(), createdBy: login(row.createdById) } };
  }

  /** Deletes a day's mark; returns what was there (null when nothing). */
  async deleteMark(day: string): Promise<ForecastDayMark | null> {
    const before = (await this.marks()).find((m) => m.day === day) ?? null;
    if (before) await this.prisma.forecastDayMark.delete({ where: { day } });
    return before;
  }

  /** Creates or renames a special day; returns it with what was there before. */
  async upsertSpecialDay(day: string, name: string, userId: number): Promise<{ before: ForecastSpecialDay | null; after: ForecastSpecialDay }> {
    const before = (await this.specialDays()).find((d) => d.day === day) ?? null;
    const row = await this.prisma.forecastSpecialDay.upsert({ where: { day }, create: { day, name, createdById: userId }, update: { name, createdById: userId, createdAt: new Date() } });
    const login = await this.logins([row.createdById]);
    return { before, after: { day: row.day, name: row.name, createdAt: row.createdAt.toISOString(), createdBy: login(row.createdById) } };
  }

  /** Deletes a special day; returns what was there (null when nothing). */
  async deleteSpecialDay(day: string): Promise<ForecastSpecialDay | null> {
    const before = (await this.specialDays()).find((d) => d.day === day) ?? null;
    if (before) await this.prisma.forecastSpecialDay.delete({ where: { day } });
    return before;
  }
}
