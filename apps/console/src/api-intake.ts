import { intakeRoutes, type BodyOf, type EndpointDef, type ResponseOf } from '@hotline/contracts';
import { ApiError } from './api';
import { fillPath } from './api-auth';
import { useSessionStore } from './stores/session';

/**
 * The console's calls about intake (issue 12): the status of every source, and for administrators the sources
 * and their API keys. Typed by `intakeRoutes` of `@hotline/contracts` (the definitions `API` lists), same
 * conventions as `api-registers.ts`: the session cookie, `X-CSRF-Token` on writes, a 401 ends the session, any
 * other refusal is an {@link ApiError} with the server's `code`, message and offending `field`.
 */
async function call<E extends EndpointDef>(endpoint: E, options: { params?: Record<string, string | number>; body?: unknown } = {}): Promise<ResponseOf<E>> {
  const session = useSessionStore();
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.info?.csrfToken;
  if (endpoint.method !== 'GET' && token) headers['x-csrf-token'] = token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(fillPath(endpoint.path, options.params), {
    method: endpoint.method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!res.ok) {
    const data: unknown = await res.json().catch(() => undefined);
    const error = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; field?: unknown };
    if (res.status === 401) session.end('expired');
    throw new ApiError(
      res.status,
      typeof error.code === 'string' ? error.code : 'http',
      typeof error.message === 'string' ? error.message : res.statusText,
      typeof error.field === 'string' ? error.field : undefined,
    );
  }
  return (res.status === 204 ? undefined : await res.json()) as ResponseOf<E>;
}

/** Intake calls, typed by the contract. */
export const intakeApi = {
  /** `GET /api/intake/status` (`intake.read`). */
  status: () => call(intakeRoutes.intakeStatus),
  /** `GET /api/intake/sources` (`intake.manage`). */
  sources: () => call(intakeRoutes.listIntakeSources),
  /** `POST /api/intake/sources`: 409 `name_taken`. */
  createSource: (body: BodyOf<typeof intakeRoutes.createIntakeSource>) => call(intakeRoutes.createIntakeSource, { body }),
  /** `PATCH /api/intake/sources/{id}`. */
  updateSource: (id: number, body: BodyOf<typeof intakeRoutes.updateIntakeSource>) => call(intakeRoutes.updateIntakeSource, { params: { id }, body }),
  /** `DELETE /api/intake/sources/{id}` (204). */
  deleteSource: (id: number): Promise<void> => call(intakeRoutes.deleteIntakeSource, { params: { id } }).then(() => undefined),
  /** `POST /api/intake/sources/{id}/keys`: the answer holds the secret, once. 409 `too_many_keys`. */
  createKey: (id: number, body: BodyOf<typeof intakeRoutes.createIntakeKey>) => call(intakeRoutes.createIntakeKey, { params: { id }, body }),
  /** `DELETE /api/intake/sources/{id}/keys/{keyId}`. */
  revokeKey: (id: number, keyId: string) => call(intakeRoutes.revokeIntakeKey, { params: { id, keyId } }),
};
