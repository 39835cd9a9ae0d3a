import { Injectable } from '@nestjs/common';
import type { PersonRef, Role } from '@hotline/contracts';
import { PrismaService } from '../prisma/prisma.service.js';

/** Roles of the supplier's staff as the registers count them (attendees, the staff report): the people on the hotline's side. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'shift_lead', 'planner', 'manager'];

/** True when a user row's roles make her supplier staff ({@link STAFF_ROLES}). */
export function isStaff(roles: readonly string[]): boolean {
  return roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
}

/** A person the registers name but whose account is gone (never expected: accounts are disabled, not deleted). */
function unknownPerson(userId: number): PersonRef {
  return { userId, login: `#${userId}`, name: `#${userId}` };
}

/**
 * Who is who in the registers: account ids to {@link PersonRef} (id, login, display name), looked up in one query per
 * answer.
 */
@Injectable()
export class PeopleService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The people of these account ids (nulls and repeats ignored).
   * @returns a lookup that answers a placeholder (`#12`) for an id with no account.
   */
  async refs(ids: readonly (number | null | undefined)[]): Promise<(id: number) => PersonRef> {
    const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
    const rows = wanted.length ? await this.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, login: true, displayName: true } }) : [];
    const byId = new Map(rows.map((u) => [u.id, { userId: u.id, login: u.login, name: u.displayName }]));
    return (id) => byId.get(id) ?? unknownPerson(id);
  }

  /** One person. */
  async ref(id: number): Promise<PersonRef> {
    return (await this.refs([id]))(id);
  }
}
