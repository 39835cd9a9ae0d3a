import { z } from 'zod';
import { AuditPage, AuditQuery } from '../audit';
import { ChangePasswordBody, CreateUserBody, LoginBody, ResetPasswordBody, SessionHandleParams, SessionInfo, SessionView, UpdateUserBody, UserView } from '../auth';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';

/** Sign-in, sign-out, one's own password. */
export const authRoutes = {
  login: defineEndpoint({
    id: 'login', selfAudited: true, method: 'POST', path: '/api/auth/login', access: 'public', tag: 'auth', body: LoginBody, response: SessionInfo,
    summary: 'Signs in: answers with the session cookie (HttpOnly, SameSite=Strict) and the CSRF token. 5 wrong passwords lock the account for 15 minutes.',
  }),
  logout: defineEndpoint({ id: 'logout', selfAudited: true, method: 'POST', path: '/api/auth/logout', access: 'session', tag: 'auth', status: 204, summary: 'Signs out: the session ends at once.' }),
  me: defineEndpoint({ id: 'me', method: 'GET', path: '/api/auth/me', access: 'session', tag: 'auth', response: SessionInfo, summary: 'The signed-in user, her permissions and the CSRF token.' }),
  changePassword: defineEndpoint({
    id: 'changePassword', selfAudited: true, method: 'POST', path: '/api/auth/password', access: 'session', tag: 'auth', body: ChangePasswordBody, response: SessionInfo,
    summary: "Changes one's own password (policy: 12+ characters, 3 classes, none of the last 5); other sessions of the user end.",
  }),
} as const;

/** Accounts and sessions (administrators; a supplier manager for supplier-side roles). */
export const userRoutes = {
  listUsers: defineEndpoint({ id: 'listUsers', method: 'GET', path: '/api/users', access: 'users.read', tag: 'users', response: z.array(UserView), summary: 'Every account.' }),
  createUser: defineEndpoint({
    id: 'createUser', method: 'POST', path: '/api/users', access: 'users.write', tag: 'users', body: CreateUserBody, response: UserView, status: 201,
    summary: 'Creates an account with a temporary password (changed at first sign-in).',
  }),
  updateUser: defineEndpoint({
    id: 'updateUser', method: 'PATCH', path: '/api/users/{id}', access: 'users.write', tag: 'users', params: IdParams, body: UpdateUserBody, response: UserView,
    summary: 'Changes name, roles, agent id or the active flag; disabling ends the sessions.',
  }),
  resetPassword: defineEndpoint({
    id: 'resetPassword', method: 'POST', path: '/api/users/{id}/password', access: 'users.write', tag: 'users', params: IdParams, body: ResetPasswordBody, response: UserView,
    summary: 'Sets a temporary password (changed at next sign-in), unlocks the account and ends its sessions.',
  }),
  listSessions: defineEndpoint({ id: 'listSessions', method: 'GET', path: '/api/sessions', access: 'sessions.revoke', tag: 'users', response: z.array(SessionView), summary: 'Sessions signed in now.' }),
  revokeSession: defineEndpoint({
    id: 'revokeSession', method: 'DELETE', path: '/api/sessions/{id}', access: 'sessions.revoke', tag: 'users', params: SessionHandleParams, status: 204,
    summary: 'Ends a session at once (its sockets are disconnected).',
  }),
  audit: defineEndpoint({ id: 'audit', method: 'GET', path: '/api/audit', access: 'audit.read', tag: 'audit', query: AuditQuery, response: AuditPage, summary: 'The audit trail, newest first, with filters.' }),
} as const;
