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

/**
 * Called when the API answers 401 (no session, or it expired or was revoked): the console shows the sign-in page.
 * Not for sign-in (a wrong password) nor for `me` (the console asks it to learn whether anyone is signed in).
 */
let onUnauthorized: () => void = () => {};

/** Registers what happens on a 401 (the session store sends the user to sign in). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The `Retry-After` of a 429, in seconds, when the server sent one. */
export class RateLimitedError extends ApiError {
  constructor(message: string, readonly retryAfterSeconds: number | null) {
    super(429, 'too_many_requests', message);
  }
}

/** `/api/users/{id}` with the parameters filled in (each URI-encoded). @throws Error when a parameter is missing. */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string of the defined, non-empty values (`?a=1&b=x`), or ''. */
function queryString(query: object | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Turns a refused answer into an {@link ApiError} (the JSON `{ code, message, field }` of the API's exception
 * filter; {@link RateLimitedError} for 429); a 401 first ends the session (except for sign-in and `me`).
 */
async function refusal(res: Response, endpoint?: EndpointDef): Promise<ApiError> {
  const data: unknown = await res.json().catch(() => undefined);
  const error = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; field?: unknown };
  const message = typeof error.message === 'string' ? error.message : res.statusText;
  if (res.status === 401 && endpoint?.id !== API.login.id && endpoint?.id !== API.me.id) onUnauthorized();
  if (res.status === 429) {
    const retry = Number(res.headers.get('retry-after'));
    return new RateLimitedError(message, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return new ApiError(res.status, typeof error.code === 'string' ? error.code : 'http', message, typeof error.field === 'string' ? error.field : undefined);
}

/** A file's bytes as a request body: their Content-Type and any headers naming them (`X-File-Name`...). */
export interface RequestFile {
  bytes: Blob;
  type: string;
  headers?: Record<string, string>;
}

/** What a call sends: path parameters, query, and a JSON body or a file's bytes; `accept` for a non-JSON answer. */
export interface RequestOptions {
  params?: Record<string, string | number>;
  query?: object;
  body?: unknown;
  file?: RequestFile;
  accept?: string;
}

/** Sends one call (the session cookie, `X-CSRF-Token` on writes) and returns the accepted answer. @throws ApiError */
async function send(endpoint: EndpointDef, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (endpoint.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.file) {
    Object.assign(headers, options.file.headers, { 'content-type': options.file.type });
    body = options.file.bytes;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(fillPath(endpoint.path, options.params) + queryString(options.query), { method: endpoint.method, headers, credentials: 'same-origin', body });
  if (!res.ok) throw await refusal(res, endpoint);
  return res;
}

/**
 * Calls one endpoint of the contract: the console's one request function (the session cookie, `X-CSRF-Token` on
 * writes, a 401 hands over to the session store).
 * @param endpoint the endpoint (`API.listUsers`...): its method and path.
 * @param options path parameters, query, and a JSON body or a file's bytes with their content type (an upload).
 * @returns the parsed JSON answer (undefined for 204 or an empty body).
 * @throws ApiError for a 4xx/5xx answer with the server's `code`, message and `field` (RateLimitedError for 429),
 *   TypeError when the server cannot be reached.
 */
export async function request<E extends EndpointDef>(endpoint: E, options: RequestOptions = {}): Promise<ResponseOf<E>> {
  const res = await send(endpoint, options);
  return (res.status === 204 ? undefined : await res.json().catch(() => undefined)) as ResponseOf<E>;
}

/**
 * Calls an endpoint whose answer is a file (a document, an attachment, an export), with the same conventions as
 * {@link request}. @returns the answer, to read as a blob. @throws ApiError when the API refuses.
 */
export function requestFile(endpoint: EndpointDef, options: Omit<RequestOptions, 'accept'> = {}): Promise<Response> {
  return send(endpoint, { ...options, accept: '*/*' });
}

/**
 * The API's operations as the console calls them: paths, bodies, queries and answers typed by the contract
 * (libs/contracts `API`), so a change of the API's shapes fails the console's type check.
 */
export const api = {
  liveSnapshot: () => request(API.liveSnapshot),
  kpi: (query: QueryOf<typeof API.kpi>) => request(API.kpi, { query }),
  scoreMonth: (month: string) => request(API.scoreMonth, { query: { month } }),
  scoreYear: (year: number) => request(API.scoreYear, { query: { year } }),
  forecast: (query: QueryOf<typeof API.forecast> = {}) => request(API.forecast, { query }),
  staffingRequirement: (body: BodyOf<typeof API.requirement>) => request(API.requirement, { body }),
  erlangC: (body: BodyOf<typeof API.erlangC>) => request(API.erlangC, { body }),
  erlangA: (body: BodyOf<typeof API.erlangA>) => request(API.erlangA, { body }),
  erlangStaffC: (body: BodyOf<typeof API.staffC>) => request(API.staffC, { body }),
  erlangStaffA: (body: BodyOf<typeof API.staffA>) => request(API.staffA, { body }),
  rosterPlan: (body: BodyOf<typeof API.rosterPlan>) => request(API.rosterPlan, { body }),
  rosterJob: (jobId: string) => request(API.rosterJob, { params: { jobId } }),
  rosterVersions: (query: QueryOf<typeof API.rosterVersions> = {}) => request(API.rosterVersions, { query }),
  rosterVersion: (id: number) => request(API.rosterVersion, { params: { id } }),
  rosterEditCell: (id: number, body: BodyOf<typeof API.rosterEditCell>) => request(API.rosterEditCell, { params: { id }, body }),
  rosterPublish: (id: number, body: BodyOf<typeof API.rosterPublish> = {}) => request(API.rosterPublish, { params: { id }, body }),
  rosterDelete: (id: number): Promise<void> => request(API.rosterDelete, { params: { id } }).then(() => undefined),
  rosterCancel: (jobId: string) => request(API.rosterCancelJob, { params: { jobId } }),
  /** Stops a planning job's search, keeping its best version (issue 17). */
  rosterStop: (jobId: string) => request(API.rosterStopJob, { params: { jobId }, body: {} satisfies BodyOf<typeof API.rosterStopJob> }),
  rosterCopy: (id: number) => request(API.rosterCopy, { params: { id }, body: {} }),
  rosterEvaluate: (versionId: number) => request(API.rosterEvaluate, { body: { versionId } satisfies BodyOf<typeof API.rosterEvaluate> }),
  /** The notice-board workbook's address (a download link). */
  rosterExportUrl: (id: number) => fillPath(API.rosterExport.path, { id }),
  rosterImport: (id: number, file: Blob) => request(API.rosterImport, { params: { id }, file: { bytes: file, type: XLSX_CONTENT_TYPE } }),
  /** `GET /api/calls`: a local day's calls (callers masked), newest first; `calls.read`. */
  calls: (query: QueryOf<typeof API.calls>) => request(API.calls, { query }),
  /** `GET /api/calls/mine`: the calls the user's own agent id answered (403 `no_agent_id` without one); `calls.read.own`. */
  myCalls: (query: QueryOf<typeof API.myCalls>) => request(API.myCalls, { query }),
  /**
   * `POST /api/calls/{callId}/caller`: the caller's number in clear, with a reason (5..500 characters); audited
   * (`calls.unmask`). The answer is for the eyes of the user at once: never keep it in a store or in storage.
   */
  unmaskCaller: (callId: string, body: BodyOf<typeof API.unmaskCaller>) => request(API.unmaskCaller, { params: { callId }, body }),
};
