import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import {
  PASSWORD_POLICY, maskNumbersInText, passwordProblems, permissionsOf,
  type ChangePasswordBody, type LoginBody, type SessionInfo,
} from '@hotline/contracts';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { User } from '../generated/prisma/client.js';
import { requestContext, type AuthUser } from './current-user.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { SessionService } from './session.js';
import { UsersRepository, rolesOf } from './users.repository.js';

/** express-session's callback API as promises. */
const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((e: unknown) => (e ? reject(e) : resolve())));
const save = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((e: unknown) => (e ? reject(e) : resolve())));
const destroy = (req: Request) => new Promise<void>((resolve, reject) => req.session.destroy((e: unknown) => (e ? reject(e) : resolve())));

/**
 * Sign-in, sign-out, one's own password, and the session a request carries.
 * Rules: argon2id hashes; HOTLINE_LOCKOUT_ATTEMPTS consecutive wrong passwords lock the account for
 * HOTLINE_LOCKOUT_MINUTES (the attempt that reaches the count is the last one checked); a new session id at each
 * sign-in (no fixation); idle and absolute timeouts; a password change or an administrator's reset ends the user's
 * other sessions. Every outcome is audited.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Signs in: checks the password, starts a new session and answers with the user, her permissions and the CSRF
   * token. @throws DomainError 401 `invalid_credentials` (unknown login, disabled account or wrong password: the
   * same answer), 401 `account_locked` (with the minutes left).
   */
  async login(req: Request, body: LoginBody): Promise<SessionInfo> {
    const { ip, userAgent } = requestContext(req);
    const attempted = maskNumbersInText(body.login.slice(0, 64));
    const user = await this.users.byLogin(body.login);
    const refuse = async (action: string, detail: Record<string, unknown>, error: DomainError): Promise<never> => {
      await this.audit.record({ actor: user ? { id: user.id, login: user.login } : null, ip, action, target: user?.login ?? null, outcome: 'failed', detail: { login: attempted, ...detail } });
      throw error;
    };
    const invalid = new DomainError('invalid_credentials', 'wrong login name or password');
    if (!user || !user.active) {
      await verifyAgainstDummy(body.password);
      return refuse('auth.login.failed', { reason: user ? 'disabled' : 'unknown_login' }, invalid);
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000);
      return refuse('auth.login.locked', { lockedUntil: user.lockedUntil.toISOString() }, new DomainError('account_locked', `the account is locked after too many wrong passwords: try again in ${minutes} min or ask an administrator`));
    }
    if (!(await verifyPassword(user.passwordHash, body.password))) {
      const after = await this.users.recordFailure(user.id, this.config.HOTLINE_LOCKOUT_ATTEMPTS, this.config.HOTLINE_LOCKOUT_MINUTES * 60_000);
      if (after.lockedUntil && after.lockedUntil.getTime() > Date.now()) {
        await this.audit.record({ actor: { id: user.id, login: user.login }, ip, action: 'auth.lockout', target: user.login, outcome: 'denied', detail: { attempts: this.config.HOTLINE_LOCKOUT_ATTEMPTS, lockedUntil: after.lockedUntil.toISOString() } });
      }
      return refuse('auth.login.failed', { reason: 'wrong_password', failedAttempts: after.failedAttempts }, invalid);
    }
    const fresh = await this.users.recordSuccess(user.id);
    await regenerate(req);
    const now = Date.now();
    Object.assign(req.session, {
      userId: user.id,
      login: user.login,
      createdAt: now,
      passwordChangedAt: fresh.passwordChangedAt.getTime(),
      csrfToken: randomBytes(32).toString('base64url'),
      ip,
      userAgent,
    });
    await save(req);
    await this.audit.record({ actor: { id: user.id, login: user.login }, ip, action: 'auth.login', target: user.login, outcome: 'ok', detail: { mustChangePassword: fresh.mustChangePassword } });
    return this.info(fresh, req.session);
  }

  /** Ends the request's session. */
  async logout(req: Request, user: AuthUser): Promise<void> {
    const sid = req.sessionID;
    await destroy(req);
    this.sessions.events.emit('ended', sid, 'logout');
    await this.audit.record({ actor: { id: user.id, login: user.login }, ip: requestContext(req).ip, action: 'auth.logout', target: user.login, outcome: 'ok' });
  }

  /** The signed-in user and the session's CSRF token. */
  async me(req: Request, user: AuthUser): Promise<SessionInfo> {
    const row = await this.users.byId(user.id);
    if (!row) throw new DomainError('session_ended', 'the account no longer exists');
    return this.info(row, req.session);
  }

  /**
   * Changes the signed-in user's password. @throws DomainError 400 `wrong_password` (field currentPassword),
   * 400 `password_policy` / `password_reused` (field newPassword).
   */
  async changePassword(req: Request, user: AuthUser, body: ChangePasswordBody): Promise<SessionInfo> {
    const { ip } = requestContext(req);
    const row = await this.users.byId(user.id);
    if (!row) throw new DomainError('session_ended', 'the account no longer exists');
    const fail = async (error: DomainError): Promise<never> => {
      await this.audit.record({ actor: { id: user.id, login: user.login }, ip, action: 'auth.password.change', target: user.login, outcome: 'failed', detail: { code: error.code } });
      throw error;
    };
    if (!(await verifyPassword(row.passwordHash, body.currentPassword))) {
      // Wrong current passwords count towards the lockout like wrong sign-ins (no guessing through this route);
      // the lock ends every session of the account.
      const after = await this.users.recordFailure(row.id, this.config.HOTLINE_LOCKOUT_ATTEMPTS, this.config.HOTLINE_LOCKOUT_MINUTES * 60_000);
      if (after.lockedUntil && after.lockedUntil.getTime() > Date.now()) {
        await this.audit.record({ actor: { id: user.id, login: user.login }, ip, action: 'auth.lockout', target: user.login, outcome: 'denied', detail: { attempts: this.config.HOTLINE_LOCKOUT_ATTEMPTS, lockedUntil: after.lockedUntil.toISOString(), via: 'password change' } });
        await this.sessions.endUser(row.id, 'revoked');
      }
      return fail(new DomainError('wrong_password', 'the current password is wrong', 'currentPassword'));
    }
    const problems = passwordProblems(body.newPassword, row.login);
    if (problems.length) return fail(new DomainError('password_policy', `password policy: ${problems.join(', ')}`, 'newPassword'));
    for (const old of await this.users.history(row.id, PASSWORD_POLICY.historySize)) {
      if (await verifyPassword(old, body.newPassword)) return fail(new DomainError('password_reused', `the new password must differ from the last ${PASSWORD_POLICY.historySize}`, 'newPassword'));
    }
    const updated = await this.users.setPassword(row.id, await hashPassword(body.newPassword), false, PASSWORD_POLICY.historySize);
    req.session.passwordChangedAt = updated.passwordChangedAt.getTime();
    await save(req);
    const ended = await this.sessions.endUser(row.id, 'password', req.sessionID);
    await this.audit.record({ actor: { id: user.id, login: user.login }, ip, action: 'auth.password.change', target: user.login, outcome: 'ok', detail: { otherSessionsEnded: ended } });
    return this.info(updated, req.session);
  }

  /**
   * The user of a request's session, checked against the database on every request: the session must exist,
   * be within the absolute timeout, and belong to an active user whose password has not changed since.
   * Ends a session that fails a check. @returns null when there is no valid session.
   */
  async resolve(req: Request): Promise<{ user: AuthUser; row: User } | null> {
    const data = req.session;
    if (!data?.userId) return null;
    const reason = await this.invalidReason(data);
    if (reason.row === null) {
      await destroy(req).catch(() => undefined);
      this.sessions.events.emit('ended', req.sessionID, reason.why);
      return null;
    }
    // The session is not written here: a request that ends its own session (revoking it, changing its user's
    // roles) must not save it again. Its idle timeout is renewed by the store's touch (rolling cookie).
    return { user: this.authUser(reason.row, req.sessionID), row: reason.row };
  }

  /** Why a stored session is no longer valid, or its user's row when it is. */
  async invalidReason(data: Partial<SessionData>): Promise<{ row: User; why?: undefined } | { row: null; why: 'expired' | 'disabled' | 'password' }> {
    if (!data.userId || !data.createdAt || Date.now() - data.createdAt > this.sessions.absoluteMs) return { row: null, why: 'expired' };
    const row = await this.users.byId(data.userId);
    if (!row || !row.active) return { row: null, why: 'disabled' };
    if (row.passwordChangedAt.getTime() > (data.passwordChangedAt ?? 0)) return { row: null, why: 'password' };
    return { row };
  }

  /** The request user built from a row. */
  authUser(row: User, sessionId: string): AuthUser {
    const roles = rolesOf(row);
    return { id: row.id, login: row.login, displayName: row.displayName, roles, agentId: row.agentId, permissions: new Set(permissionsOf(roles)), sessionId };
  }

  private info(row: User, data: Partial<SessionData>): SessionInfo {
    const createdAt = data.createdAt ?? Date.now();
    const roles = rolesOf(row);
    return {
      user: { id: row.id, login: row.login, displayName: row.displayName, roles, agentId: row.agentId, mustChangePassword: row.mustChangePassword },
      permissions: permissionsOf(roles),
      csrfToken: data.csrfToken ?? '',
      session: {
        createdAt: new Date(createdAt).toISOString(),
        idleTimeoutSeconds: Math.round(this.sessions.idleMs / 1000),
        absoluteExpiresAt: new Date(createdAt + this.sessions.absoluteMs).toISOString(),
      },
    };
  }
}
