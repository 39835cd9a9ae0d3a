import { API, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request } from './api';

/**
 * The console's calls about accounts: sign-in and sign-out, who am I, one's own password, users, sessions, the audit
 * trail and the OpenAPI document. Through `api.ts`'s `request`: the session is the HttpOnly cookie (credentials
 * same-origin), every write carries the `X-CSRF-Token` header, errors are {@link ApiError} (status, the server's
 * `code`, message, offending `field`). Paths, bodies and answers come from the contract (`API` of
 * `@hotline/contracts`), so they cannot drift from the server.
 */

const call = request;

/** Account calls, typed by the contract. */
export const authApi = {
  /** `POST /api/auth/login`: 401 `invalid_credentials` or `account_locked`, 429 too many attempts, 400 a bad body. */
  login: (body: BodyOf<typeof API.login>) => call(API.login, { body }),
  /** `POST /api/auth/logout` (204). */
  logout: (): Promise<void> => call(API.logout).then(() => undefined),
  /** `GET /api/auth/me`: 401 when not signed in. */
  me: () => call(API.me),
  /** `POST /api/auth/password`: the renewed session (other sessions of the user end). */
  changePassword: (body: BodyOf<typeof API.changePassword>) => call(API.changePassword, { body }),
  /** `GET /api/users`. */
  listUsers: () => call(API.listUsers),
  /** `POST /api/users` (the password is temporary). */
  createUser: (body: BodyOf<typeof API.createUser>) => call(API.createUser, { body }),
  /** `PATCH /api/users/{id}`. */
  updateUser: (id: number, body: BodyOf<typeof API.updateUser>) => call(API.updateUser, { params: { id }, body }),
  /** `POST /api/users/{id}/password`: a temporary password; unlocks and ends the user's sessions. */
  resetPassword: (id: number, body: BodyOf<typeof API.resetPassword>) => call(API.resetPassword, { params: { id }, body }),
  /** `GET /api/sessions`. */
  listSessions: () => call(API.listSessions),
  /** `DELETE /api/sessions/{id}` (204). */
  revokeSession: (id: string): Promise<void> => call(API.revokeSession, { params: { id } }).then(() => undefined),
  /** `GET /api/audit`: a page, newest first; `nextBefore` fetches the next. */
  audit: (query: QueryOf<typeof API.audit>) => call(API.audit, { query }),
  /** `GET /api/openapi.json`: the OpenAPI 3.1 document (any signed-in user), read by the docs page with its own schema. */
  openApi: () => call(API.openapi),
};
