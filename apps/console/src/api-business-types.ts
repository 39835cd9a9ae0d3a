import { API, businessTypeRoutes, type BodyOf, type EndpointDef, type QueryOf, type ResponseOf } from '@hotline/contracts';
import { ApiError } from './api';
import { fillPath, queryString } from './api-auth';
import { useSessionStore } from './stores/session';

/**
 * The console's calls about business types (业务类型, issue 12): the tree and its mappings (read by anyone signed in,
 * changed by the supplier manager), and the KPIs per type of a period (`GET /api/kpi` `byBusinessType`). Typed by
 * the contract; same conventions as `api-auth.ts` (session cookie, `X-CSRF-Token` on writes, a 401 ends the session,
 * other refusals are an {@link ApiError} with the server's `code`, message and offending `field`).
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
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
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

type B = typeof businessTypeRoutes;

/** Business-type calls, typed by the contract. */
export const businessTypesApi = {
  /** `GET /api/business-types` (session): the tree in display order, the mappings, the fallback code. */
  tree: () => call(businessTypeRoutes.businessTypes),
  /** `POST /api/business-types` (`businessTypes.write`): 409 `code` taken, 400 naming the field. */
  add: (body: BodyOf<B['addBusinessType']>) => call(businessTypeRoutes.addBusinessType, { body }),
  /** `PATCH /api/business-types/{code}`. */
  update: (code: string, body: BodyOf<B['updateBusinessType']>) => call(businessTypeRoutes.updateBusinessType, { params: { code }, body }),
  /** `DELETE /api/business-types/{code}`: 409 while it has children or mappings. */
  remove: (code: string) => call(businessTypeRoutes.removeBusinessType, { params: { code } }),
  /** `POST /api/business-type-rules`: 409 when that kind and match are mapped already. */
  addRule: (body: BodyOf<B['addBusinessTypeRule']>) => call(businessTypeRoutes.addBusinessTypeRule, { body }),
  /** `PUT /api/business-type-rules/{id}`. */
  updateRule: (id: number, body: BodyOf<B['updateBusinessTypeRule']>) => call(businessTypeRoutes.updateBusinessTypeRule, { params: { id }, body }),
  /** `DELETE /api/business-type-rules/{id}`. */
  removeRule: (id: number) => call(businessTypeRoutes.removeBusinessTypeRule, { params: { id } }),
  /** `GET /api/kpi` (`kpi.read`): the period's KPIs, with `byBusinessType`. */
  kpi: (query: QueryOf<typeof API.kpi>) => call(API.kpi, { query }),
};
