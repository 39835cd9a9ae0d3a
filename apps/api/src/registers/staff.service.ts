import { Inject, Injectable } from '@nestjs/common';
import type { StaffReportView } from '@hotline/contracts';
import { dayKey, nextMonth, startOfMonth } from '@hotline/events';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { STAFF_ROLES, isStaff } from './people.js';
import { hoursText } from './register-common.js';
import { TrainingsService } from './trainings.service.js';

/**
 * The monthly staff report (人事基本情况, tender 3.7) from the accounts: the supplier's staff are the users with any
 * of the roles agent, shift lead, planner, manager. Headcount: staff accounts that exist and are active at the end
 * of the month; joiners: accounts created in the month; leavers: accounts disabled in the month (`User.disabledAt`);
 * per person the held training sessions of the month she signed in to, and their hours.
 *
 * `people` lists the staff on the books at any time in the month (`onBooks`) and, besides them, the staff active
 * now who were not (joined after the month: `onBooks: false`, `active: false`): the console offers `people` as the
 * sign-in list of a session, and a month recorded after the fact (before the accounts were created) must still
 * offer the people who attended. The report proper (headcount, the document's list) is the `onBooks` people.
 */
@Injectable()
export class StaffReportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly trainings: TrainingsService,
  ) {}

  /**
   * The staff report of `month` (YYYY-MM). People listed: staff on the books at any time in the month (`onBooks`),
   * then the staff active now who were not (see the class).
   */
  async report(month: string): Promise<StaffReportView> {
    const tz = this.config.HOTLINE_TIMEZONE;
    const start = startOfMonth(month, tz);
    const end = startOfMonth(nextMonth(month), tz);
    const all = (
      await this.prisma.user.findMany({
        where: { roles: { hasSome: [...STAFF_ROLES] } },
        select: { id: true, login: true, displayName: true, roles: true, agentId: true, active: true, disabledAt: true, createdAt: true },
        orderBy: { login: 'asc' },
      })
    ).filter((u) => isStaff(u.roles));
    const users = all.filter((u) => u.createdAt.getTime() < end.getTime());
    // A disabled account without disabledAt was disabled before the date was kept: it left at an unknown time, before now.
    const activeAt = (u: (typeof users)[number], instant: Date) => (u.disabledAt ? u.disabledAt.getTime() >= instant.getTime() : u.active);
    const inMonth = (d: Date | null) => d !== null && d.getTime() >= start.getTime() && d.getTime() < end.getTime();
    const staffRoles = (roles: string[]) => roles.filter((r) => (STAFF_ROLES as readonly string[]).includes(r));
    const held = await this.trainings.held(month);
    const person = (u: (typeof users)[number]) => ({ userId: u.id, login: u.login, name: u.displayName });
    const onBooks = users.filter((u) => activeAt(u, start) || inMonth(u.disabledAt));
    const entry = (u: (typeof users)[number], booked: boolean): StaffReportView['people'][number] => {
      const attended = held.filter((s) => s.attendees.includes(u.id));
      return {
        person: person(u),
        agentId: u.agentId,
        roles: staffRoles(u.roles),
        since: dayKey(u.createdAt, tz),
        active: booked && activeAt(u, end),
        onBooks: booked,
        trainingSessions: attended.length,
        trainingHours: hoursText(attended.reduce((s, t) => s + t.durationMinutes, 0)),
      };
    };
    return {
      month,
      headcount: users.filter((u) => activeAt(u, end)).length,
      joiners: users.filter((u) => inMonth(u.createdAt)).map((u) => ({ person: person(u), roles: staffRoles(u.roles), date: dayKey(u.createdAt, tz) })),
      leavers: users.filter((u) => inMonth(u.disabledAt)).map((u) => ({ person: person(u), roles: staffRoles(u.roles), date: dayKey(u.disabledAt!, tz) })),
      people: [...onBooks.map((u) => entry(u, true)), ...all.filter((u) => u.active && !onBooks.includes(u)).map((u) => entry(u, false))],
    };
  }
}
