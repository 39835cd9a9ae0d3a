import { API, type BodyOf, type EndpointDef, type QueryOf, type ResponseOf } from '@hotline/contracts';
import { ApiError } from './api';

/**
 * The console's calls about accounts: sign-in and sign-out, who am I, one's own password, users, sessions, the audit
 * trail and the OpenAPI document. Same conventions as `api.ts`: the session is the HttpOnly cookie (credentials
 * same-origin), every write carries the `X-CSRF-Token` header, errors are {@link ApiError} (status, the server's
 * `code`, message, offending `field`). Paths, bodies and answers come from the contract (`API` of
 * `@hotline/contracts`), so they cannot drift from the server.
 */

/** The CSRF token writes carry (set by the session store from `SessionInfo.csrfToken`; null when signed out). */
let csrfToken: string | null = null;
/**
 * What happens when a call answers 401 (the session store sends the user to sign in); not for sign-in (a wrong
 * password) nor for `me` (the console asks it to learn whether anyone is signed in).
 */
let onUnauthorized: () => void = () => {};

/** Sets the CSRF token of the calls below (the session store calls `api.ts`'s `setCsrfToken` alongside). */
export function setAuthCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers the 401 handler of the calls below (except sign-in and `me`). */
export function setAuthUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** `/api/users/{id}` with the parameters filled in (each URI-encoded). */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string of the defined, non-empty values (`?a=1&b=x`), or ''. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The `Retry-After` of a 429, in seconds, when the server sent one. */
export class RateLimitedError extends ApiError {
  constructor(message: string, readonly retryAfterSeconds: number | null) {
    super(429, 'too_many_requests', message);
  }
}

/**
 * Calls one endpoint of the contract: the console's one JSON request function (the session cookie, `X-CSRF-Token`
 * on writes, a 401 hands over to the session store).
 * @param endpoint the endpoint (`API.listUsers`...): its method and path.
 * @param options path parameters, query, and a JSON body or a file's bytes with their content type (an upload).
 * @returns the parsed JSON answer (undefined for 204).
 * @throws ApiError for a 4xx/5xx answer with the server's `code`, message and `field` (RateLimitedError for 429),
 *   TypeError when the server cannot be reached.
 */
export async function callEndpoint<E extends EndpointDef>(
  endpoint: E,
  options: { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown; file?: { bytes: Blob; type: string } } = {},
): Promise<ResponseOf<E>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.file) {
    headers['content-type'] = options.file.type;
    body = options.file.bytes;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(fillPath(endpoint.path, options.params) + queryString(options.query), { method: endpoint.method, headers, credentials: 'same-origin', body });
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; field?: unknown };
    const message = typeof error.message === 'string' ? error.message : res.statusText;
    if (res.status === 401 && endpoint.id !== API.login.id && endpoint.id !== API.me.id) onUnauthorized();
    if (res.status === 429) {
      const retry = Number(res.headers.get('retry-after'));
      throw new RateLimitedError(message, Number.isFinite(retry) && retry > 0 ? retry : null);
    }
    throw new ApiError(res.status, typeof error.code === 'string' ? error.code : 'http', message, typeof error.field === 'string' ? error.field : undefined);
  }
  return data as ResponseOf<E>;
}

const call = callEndpoint;

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
