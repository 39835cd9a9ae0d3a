import { API, XLSX_CONTENT_TYPE, type BodyOf, type EndpointDef, type QueryOf, type ResponseOf } from '@hotline/contracts';

/** Error of an API call, with the server's code and the offending field. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

/**
 * The session's CSRF token (from sign-in or GET /api/auth/me): sent as `X-CSRF-Token` with every write. The session
 * itself is the HttpOnly cookie, which the browser sends on its own.
 */
let csrfToken: string | null = null;

/** Sets the CSRF token the writes carry (null after sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 (no session, or it expired or was revoked): the console shows the sign-in page. */
let onUnauthorized: () => void = () => {};

/** Registers what happens on a 401 (the session store sends the user to sign in). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** One request: JSON in and out, the CSRF header on writes, errors as {@link ApiError}. */
async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = contentType;
  const raw = contentType !== 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body) });
  const data = res.status === 204 ? undefined : await res.json().catch(() => ({}));
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
    throw new ApiError(res.status, data?.code ?? 'http', data?.message ?? res.statusText, data?.field);
  }
  return data as T;
}

async function get<T>(path: string): Promise<T> {
  return request<T>('GET', path);
}

async function post<T>(path: string, body: unknown): Promise<T> {
  return request<T>('POST', path, body);
}

async function send<T>(method: string, path: string, body: unknown, contentType = 'application/json'): Promise<T> {
  return request<T>(method, path, body, contentType);
}

/** The path of an endpoint with its parameters filled in (`/api/roster/versions/{id}` with `{ id: 3 }`). */
function pathOf(def: EndpointDef, params: Record<string, string | number> = {}): string {
  return def.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/** A query string of the given parameters (absent, null and empty ones left out), with its `?`; '' for none. */
function query(params: object): string {
  const text = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)])).toString();
  return text ? `?${text}` : '';
}

/**
 * The API's operations as the console calls them: paths, bodies, queries and answers typed by the contract
 * (libs/contracts `API`), so a change of the API's shapes fails the console's type check.
 */
export const api = {
  liveSnapshot: () => get<ResponseOf<typeof API.liveSnapshot>>(API.liveSnapshot.path),
  kpi: (q: QueryOf<typeof API.kpi>) => get<ResponseOf<typeof API.kpi>>(`${API.kpi.path}${query(q)}`),
  scoreMonth: (month: string) => get<ResponseOf<typeof API.scoreMonth>>(`${API.scoreMonth.path}${query({ month })}`),
  scoreYear: (year: number) => get<ResponseOf<typeof API.scoreYear>>(`${API.scoreYear.path}${query({ year })}`),
  forecast: (params: QueryOf<typeof API.forecast> = {}) => get<ResponseOf<typeof API.forecast>>(`${API.forecast.path}${query(params)}`),
  staffingRequirement: (body: BodyOf<typeof API.requirement>) => post<ResponseOf<typeof API.requirement>>(API.requirement.path, body),
  erlangC: (body: BodyOf<typeof API.erlangC>) => post<ResponseOf<typeof API.erlangC>>(API.erlangC.path, body),
  erlangA: (body: BodyOf<typeof API.erlangA>) => post<ResponseOf<typeof API.erlangA>>(API.erlangA.path, body),
  erlangStaffC: (body: BodyOf<typeof API.staffC>) => post<ResponseOf<typeof API.staffC>>(API.staffC.path, body),
  erlangStaffA: (body: BodyOf<typeof API.staffA>) => post<ResponseOf<typeof API.staffA>>(API.staffA.path, body),
  rosterPlan: (body: BodyOf<typeof API.rosterPlan>) => post<ResponseOf<typeof API.rosterPlan>>(API.rosterPlan.path, body),
  rosterJob: (jobId: string) => get<ResponseOf<typeof API.rosterJob>>(pathOf(API.rosterJob, { jobId })),
  rosterVersions: (params: QueryOf<typeof API.rosterVersions> = {}) => get<ResponseOf<typeof API.rosterVersions>>(`${API.rosterVersions.path}${query(params)}`),
  rosterVersion: (id: number) => get<ResponseOf<typeof API.rosterVersion>>(pathOf(API.rosterVersion, { id })),
  rosterEditCell: (id: number, cell: BodyOf<typeof API.rosterEditCell>) => send<ResponseOf<typeof API.rosterEditCell>>('PATCH', pathOf(API.rosterEditCell, { id }), cell),
  rosterPublish: (id: number, options: BodyOf<typeof API.rosterPublish> = {}) => post<ResponseOf<typeof API.rosterPublish>>(pathOf(API.rosterPublish, { id }), options),
  rosterDelete: (id: number) => send<void>('DELETE', pathOf(API.rosterDelete, { id }), undefined),
  rosterCancel: (jobId: string) => send<ResponseOf<typeof API.rosterCancelJob>>('DELETE', pathOf(API.rosterCancelJob, { jobId }), undefined),
  /** Stops a planning job's search, keeping its best version (issue 17). */
  rosterStop: (jobId: string) => post<ResponseOf<typeof API.rosterStopJob>>(pathOf(API.rosterStopJob, { jobId }), {} satisfies BodyOf<typeof API.rosterStopJob>),
  rosterCopy: (id: number) => post<ResponseOf<typeof API.rosterCopy>>(pathOf(API.rosterCopy, { id }), {}),
  rosterEvaluate: (versionId: number) => post<ResponseOf<typeof API.rosterEvaluate>>(API.rosterEvaluate.path, { versionId } satisfies BodyOf<typeof API.rosterEvaluate>),
  /** The notice-board workbook's address (a download link). */
  rosterExportUrl: (id: number) => pathOf(API.rosterExport, { id }),
  rosterImport: (id: number, file: Blob) => send<ResponseOf<typeof API.rosterImport>>('POST', pathOf(API.rosterImport, { id }), file, XLSX_CONTENT_TYPE),
  /** `GET /api/calls`: a local day's calls (callers masked), newest first; `calls.read`. */
  calls: (q: QueryOf<typeof API.calls>) => get<ResponseOf<typeof API.calls>>(`${API.calls.path}${query(q)}`),
  /** `GET /api/calls/mine`: the calls the user's own agent id answered (403 `no_agent_id` without one); `calls.read.own`. */
  myCalls: (q: QueryOf<typeof API.myCalls>) => get<ResponseOf<typeof API.myCalls>>(`${API.myCalls.path}${query(q)}`),
  /**
   * `POST /api/calls/{callId}/caller`: the caller's number in clear, with a reason (5..500 characters); audited
   * (`calls.unmask`). The answer is for the eyes of the user at once: never keep it in a store or in storage.
   */
  unmaskCaller: (callId: string, body: BodyOf<typeof API.unmaskCaller>) => post<ResponseOf<typeof API.unmaskCaller>>(pathOf(API.unmaskCaller, { callId }), body),
};
