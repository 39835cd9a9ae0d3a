import { Injectable } from '@nestjs/common';
import { PASSWORD_POLICY, SUPPLIER_ROLES, passwordProblems, type CreateUserBody, type Role, type ResetPasswordBody, type SessionView, type UpdateUserBody, type UserView } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Prisma } from '../generated/prisma/client.js';
import type { AuthUser } from './current-user.js';
import { hashPassword } from './passwords.js';
import { SessionService } from './session.js';
import { UsersRepository, rolesOf, userView } from './users.repository.js';

/**
 * Accounts, administered by the system administrator (every role) and by the supplier manager (the supplier's own
 * staff: agents, shift leads, planners). Changing roles, disabling or resetting ends the user's sessions, so the
 * change applies at once. Nobody can disable or demote herself (no lock-out by mistake).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(userView);
  }

  /** @throws DomainError 403 `role_not_assignable`, 409 `login_taken` / `agent_id_taken`, 400 `password_policy`. */
  async create(actor: AuthUser, body: CreateUserBody): Promise<UserView> {
    this.assertMayAssign(actor, body.roles);
    const problems = passwordProblems(body.password, body.login);
    if (problems.length) throw new DomainError('password_policy', `password policy: ${problems.join(', ')}`, 'password');
    try {
      const user = await this.users.create({ login: body.login, displayName: body.displayName, roles: body.roles, agentId: body.agentId ?? null, passwordHash: await hashPassword(body.password) });
      auditNote({ target: user.login, after: userView(user) });
      return userView(user);
    } catch (error) {
      throw this.uniqueViolation(error) ?? error;
    }
  }

  /** @throws DomainError 404, 403 `role_not_assignable`, 409 `self_lockout` / `agent_id_taken`. */
  async update(actor: AuthUser, id: number, body: UpdateUserBody): Promise<UserView> {
    const before = await this.users.byId(id);
    if (!before) throw new DomainError('not_found', `no user ${id}`, 'id');
    // Anyone who may edit users may rename herself; everything else needs the right over the account's roles.
    const ownNameOnly = id === actor.id && Object.keys(body).every((k) => k === 'displayName');
    if (!ownNameOnly) this.assertMayAssign(actor, rolesOf(before));
    if (body.roles) this.assertMayAssign(actor, body.roles);
    if (id === actor.id && (body.active === false || (body.roles && actor.roles.some((r) => !body.roles!.includes(r))))) {
      throw new DomainError('self_lockout', 'you cannot disable your own account or remove your own roles', body.active === false ? 'active' : 'roles');
    }
    try {
      // The staff report's leavers: when an active account is disabled (kept while it stays disabled), cleared on enabling.
      const disabledAt = body.active === false ? (before.active ? new Date() : before.disabledAt) : body.active === true ? null : undefined;
      const after = await this.users.update(id, disabledAt === undefined ? body : { ...body, disabledAt });
      auditNote({ target: after.login, before: userView(before), after: userView(after) });
      const rolesChanged = body.roles !== undefined && [...body.roles].sort().join() !== [...rolesOf(before)].sort().join();
      if (body.active === false) await this.sessions.endUser(id, 'disabled');
      else if (rolesChanged) await this.sessions.endUser(id, 'revoked');
      return userView(after);
    } catch (error) {
      throw this.uniqueViolation(error) ?? error;
    }
  }

  /** Sets a temporary password, unlocks and ends the user's sessions. @throws DomainError 404, 403, 400 `password_policy`. */
  async resetPassword(actor: AuthUser, id: number, body: ResetPasswordBody): Promise<UserView> {
    const before = await this.users.byId(id);
    if (!before) throw new DomainError('not_found', `no user ${id}`, 'id');
    this.assertMayAssign(actor, rolesOf(before));
    const problems = passwordProblems(body.password, before.login);
    if (problems.length) throw new DomainError('password_policy', `password policy: ${problems.join(', ')}`, 'password');
    const after = await this.users.setPassword(id, await hashPassword(body.password), true, PASSWORD_POLICY.historySize);
    await this.sessions.endUser(id, 'password');
    auditNote({ target: after.login, before: userView(before), after: userView(after) });
    return userView(after);
  }

  listSessions(): Promise<SessionView[]> {
    return this.sessions.list();
  }

  /** @throws DomainError 404 when no session has that handle. */
  async revokeSession(handle: string): Promise<void> {
    const ended = await this.sessions.revokeByHandle(handle);
    if (!ended) throw new DomainError('not_found', 'no such session (it may have ended already)', 'id');
    auditNote({ target: `${ended.login} session ${handle}` });
  }

  /** An administrator assigns any role; a supplier manager only the supplier's own (SUPPLIER_ROLES). */
  private assertMayAssign(actor: AuthUser, roles: readonly Role[]): void {
    if (actor.roles.includes('admin')) return;
    const foreign = roles.filter((r) => !SUPPLIER_ROLES.includes(r));
    if (foreign.length) throw new DomainError('role_not_assignable', `only an administrator manages accounts with the roles ${foreign.join(', ')}`, 'roles');
  }

  private uniqueViolation(error: unknown): DomainError | undefined {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return undefined;
    const target = JSON.stringify(error.meta ?? {});
    return target.includes('agentId')
      ? new DomainError('agent_id_taken', 'another account has this agent id', 'agentId')
      : new DomainError('login_taken', 'this login name is taken', 'login');
  }
}
