import { callRoutes, type BodyOf, type EndpointDef, type QueryOf, type ResponseOf } from '@hotline/contracts';
import { ApiError } from './api';
import { fillPath, queryString } from './api-auth';
import { useSessionStore } from './stores/session';

/**
 * The console's calls about the dead-letter store (issue 13): list (by status), the clear raw line (a reason,
 * audited), re-queue corrected events, discard. Typed by the contract (`callRoutes` of `@hotline/contracts`, the
 * same definitions `API` lists). Same conventions as `api-auth.ts`: the session cookie, the `X-CSRF-Token` header on
 * writes, a 401 ends the session, any other refusal is an {@link ApiError} with the server's `code`, message and
 * offending `field` (e.g. `events.0.ts`).
 */

/**
 * Calls one endpoint of the contract with JSON in and out.
 * @returns the parsed answer. @throws ApiError for a 4xx/5xx answer, TypeError when the server cannot be reached.
 */
async function call<E extends EndpointDef>(endpoint: E, options: { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown } = {}): Promise<ResponseOf<E>> {
  const session = useSessionStore();
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.info?.csrfToken;
  if (endpoint.method !== 'GET' && token) headers['x-csrf-token'] = token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(fillPath(endpoint.path, options.params) + queryString(options.query), {
    method: endpoint.method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; field?: unknown };
    if (res.status === 401) session.end('expired');
    throw new ApiError(
      res.status,
      typeof error.code === 'string' ? error.code : 'http',
      typeof error.message === 'string' ? error.message : res.statusText,
      typeof error.field === 'string' ? error.field : undefined,
    );
  }
  return data as ResponseOf<E>;
}

type C = typeof callRoutes;

/** Dead-letter calls, typed by the contract. */
export const deadLettersApi = {
  /** `GET /api/dead-letters` (`feed.deadLetters.read`): newest first, masked, optionally of one status. */
  list: (query: QueryOf<C['deadLetters']>) => call(callRoutes.deadLetters, { query }),
  /**
   * `POST /api/dead-letters/{id}/raw` (`calls.unmask`, a reason, audited): the clear line. Keep it in the dialog's
   * state only (never a store or storage).
   */
  raw: (id: number, body: BodyOf<C['unmaskDeadLetter']>) => call(callRoutes.unmaskDeadLetter, { params: { id }, body }),
  /** `POST /api/dead-letters/{id}/requeue` (`feed.deadLetters.repair`): 400 names the field, 409 when not open. */
  requeue: (id: number, body: BodyOf<C['requeueDeadLetter']>) => call(callRoutes.requeueDeadLetter, { params: { id }, body }),
  /** `POST /api/dead-letters/{id}/discard` (`feed.deadLetters.repair`): 409 when not open. */
  discard: (id: number, body: BodyOf<C['discardDeadLetter']>) => call(callRoutes.discardDeadLetter, { params: { id }, body }),
};
