import { Injectable } from '@nestjs/common';
import { ROLES, type Role, type UserView } from '@hotline/contracts';
import type { User } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** The roles of a row (unknown names, from a newer version's database, are ignored). */
export function rolesOf(user: Pick<User, 'roles'>): Role[] {
  return user.roles.filter(isRole);
}

/** A user row as administrators see it (no hash). */
export function userView(u: User): UserView {
  return {
    id: u.id,
    login: u.login,
    displayName: u.displayName,
    roles: rolesOf(u),
    agentId: u.agentId,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** Users and their password history in Postgres. */
@Injectable()
export class UsersRepository {
  constructor(readonly prisma: PrismaService) {}

  byId(id: number): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  byLogin(login: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { login: login.trim().toLowerCase() } });
  }

  list(): Promise<User[]> {
    return this.prisma.user.findMany({ orderBy: { login: 'asc' } });
  }

  /** Counts one more wrong password; locks the account when it reaches `attempts`. @returns the row after. */
  async recordFailure(id: number, attempts: number, lockMs: number): Promise<User> {
    const after = await this.prisma.user.update({ where: { id }, data: { failedAttempts: { increment: 1 } } });
    if (after.failedAttempts < attempts) return after;
    return this.prisma.user.update({ where: { id }, data: { failedAttempts: 0, lockedUntil: new Date(Date.now() + lockMs) } });
  }

  recordSuccess(id: number): Promise<User> {
    return this.prisma.user.update({ where: { id }, data: { failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() } });
  }

  /** The last `n` password hashes, newest first. */
  async history(id: number, n: number): Promise<string[]> {
    const rows = await this.prisma.passwordHistory.findMany({ where: { userId: id }, orderBy: { id: 'desc' }, take: n, select: { hash: true } });
    return rows.map((r) => r.hash);
  }

  /**
   * Sets a new password hash: remembered in the history (only the last `keep` are kept), `passwordChangedAt` now.
   * @param temporary true when an administrator set it (the user must change it at next sign-in).
   */
  async setPassword(id: number, passwordHash: string, temporary: boolean, keep: number): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id },
        data: { passwordHash, mustChangePassword: temporary, passwordChangedAt: new Date(), failedAttempts: 0, lockedUntil: null },
      });
      await tx.passwordHistory.create({ data: { userId: id, hash: passwordHash } });
      const old = await tx.passwordHistory.findMany({ where: { userId: id }, orderBy: { id: 'desc' }, skip: keep, select: { id: true } });
      if (old.length) await tx.passwordHistory.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
      return user;
    });
  }

  async create(data: { login: string; displayName: string; roles: Role[]; agentId: string | null; passwordHash: string }): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { ...data, mustChangePassword: true } });
      await tx.passwordHistory.create({ data: { userId: user.id, hash: data.passwordHash } });
      return user;
    });
  }

  /** Updates an account; `disabledAt` is when it was disabled (a leaver on the staff report), null when enabled again. */
  update(id: number, data: { displayName?: string; roles?: Role[]; agentId?: string | null; active?: boolean; disabledAt?: Date | null }): Promise<User> {
    return this.prisma.user.update({ where: { id }, data });
  }
}
