import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import type { MonthReport, YearReport } from '@hotline/scoring';
import type { ErlangAResult, ErlangCResult } from '@hotline/erlang';
import type { ForecastReport, Requirement, RequirementIntervalInput, RequirementTargets } from '@hotline/forecast';
import type { Agent, ConflictFamily, Roster, RosterEvaluation, RosterProblem, RosterSummary, SolveProgress } from '@hotline/roster';

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

/** A roster version in a list. */
export interface RosterVersionItem {
  id: number;
  rosterId: number;
  name: string;
  startDate: string;
  days: number;
  version: number;
  status: 'draft' | 'published' | 'superseded';
  source: string;
  basedOnId: number | null;
  revision: number;
  summary: RosterSummary;
  solve: { status: string; gap: number | null; objective: number; bound: number | null; conflicts: ConflictFamily[]; timeMs: { total: number } } | null;
  createdAt: string;
  publishedAt: string | null;
}

/** A roster version with its cells and the problem it is evaluated against. */
export interface RosterVersionDetail extends RosterVersionItem {
  roster: Roster;
  problem: RosterProblem;
}

/** Body of POST /api/roster/plans. */
export interface RosterPlanRequest {
  name?: string;
  startDate: string;
  days?: number;
  agents: Agent[];
  forecast: { source: 'ledger'; historyWeeks?: number } | { source: 'given'; offered: number[]; ivrAnswered?: number[]; ahtSeconds: number | number[]; patienceSeconds: number | number[] };
  timeLimitSeconds?: number;
  rules?: RosterProblem['rules'];
  ledger?: 'auto' | null;
}

/** A planning job's state (GET /api/roster/jobs/:id). */
export interface RosterJob {
  jobId: string;
  state: string;
  progress: SolveProgress | null;
  result: { versionId: number; status: string; connectRate: number; gap: number | null; violations: number } | null;
  failedReason: string | null;
}

/** Query of GET /api/forecast (every field optional; the server's defaults apply: `from` is the feed clock's day). */
export interface ForecastParams {
  weeks?: number;
  from?: string;
  historyWeeks?: number;
  method?: 'auto' | 'seasonal-naive' | 'weekday-profile' | 'day-share';
  calendar?: 'cn' | 'none';
  targetConnectRate?: number;
  serviceLevelTarget?: number;
  targetSeconds?: number;
  shrinkage?: number;
  minAgents?: number;
  ahtSeconds?: number;
  patienceSeconds?: number;
}

/** Body of POST /api/staffing/requirement (unknown fields are refused). */
export interface RequirementRequest {
  intervals?: RequirementIntervalInput[];
  intervalMinutes?: number;
  timeZone?: string;
  forecast?: { intervalMinutes: number; timeZone?: string; intervals: RequirementIntervalInput[] };
  ahtSeconds?: number;
  patienceSeconds?: number;
  targets?: Partial<RequirementTargets>;
  shrinkage?: number;
  minAgents?: number;
  agentShare?: number;
  ivrAnsweredShare?: number;
  agentsPerInterval?: number | number[];
}

/** The traffic of one interval for the Erlang what-ifs (names of shared/reference/erlang-cases.json). */
export interface ErlangLoad {
  arrivalsPerHour?: number;
  callsPerInterval?: number;
  intervalMinutes?: number;
  ahtSeconds: number;
  targetSeconds?: number;
}

/** Result of an Erlang staffing what-if. */
export interface StaffingAnswer<M> {
  model: 'A' | 'C';
  trafficErlangs: number;
  requiredAgents: number;
  shrinkage: number;
  requiredAgentsWithShrinkage: number;
  limitingTargets: string[];
  atRequiredAgents: M;
}

const query = (params: object): string =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const api = {
  liveSnapshot: () => get<LiveSnapshot>('/api/live/snapshot'),
  kpi: (from: string, to: string) => get<KpiReport>(`/api/kpi?from=${from}&to=${to}`),
  scoreMonth: (month: string) => get<MonthReport>(`/api/score/month?month=${month}`),
  scoreYear: (year: number) => get<YearReport>(`/api/score/year?year=${year}`),
  forecast: (params: ForecastParams = {}) => get<ForecastReport>(`/api/forecast?${query(params)}`),
  staffingRequirement: (body: RequirementRequest) => post<Requirement>('/api/staffing/requirement', body),
  erlangC: (body: ErlangLoad & { agents: number }) => post<ErlangCResult>('/api/erlang/c', body),
  erlangA: (body: ErlangLoad & { agents: number; patienceSeconds: number }) => post<ErlangAResult>('/api/erlang/a', body),
  erlangStaffC: (body: ErlangLoad & Record<string, number | undefined>) => post<StaffingAnswer<ErlangCResult>>('/api/erlang/staff/c', body),
  erlangStaffA: (body: ErlangLoad & { patienceSeconds: number } & Record<string, number | string | undefined>) => post<StaffingAnswer<ErlangAResult>>('/api/erlang/staff/a', body),
  rosterPlan: (body: RosterPlanRequest) => post<{ jobId: string; state: string }>('/api/roster/plans', body),
  rosterJob: (jobId: string) => get<RosterJob>(`/api/roster/jobs/${encodeURIComponent(jobId)}`),
  rosterVersions: (params: { startDate?: string; status?: string; limit?: number } = {}) => get<RosterVersionItem[]>(`/api/roster/versions?${query(params)}`),
  rosterVersion: (id: number) => get<RosterVersionDetail>(`/api/roster/versions/${id}`),
  rosterEditCell: (id: number, cell: { agentId: string; date: string; code: string | null; revision?: number }) => send<RosterVersionDetail>('PATCH', `/api/roster/versions/${id}/cells`, cell),
  rosterPublish: (id: number, options: { acceptViolations?: boolean; replaceOverlapping?: boolean; revision?: number } = {}) => post<RosterVersionDetail>(`/api/roster/versions/${id}/publish`, options),
  rosterDelete: (id: number) => send<void>('DELETE', `/api/roster/versions/${id}`, undefined),
  rosterCancel: (jobId: string) => send<{ jobId: string; state: string }>('DELETE', `/api/roster/jobs/${encodeURIComponent(jobId)}`, undefined),
  rosterCopy: (id: number) => post<RosterVersionDetail>(`/api/roster/versions/${id}/copy`, {}),
  rosterEvaluate: (versionId: number) => post<RosterEvaluation>('/api/roster/evaluate', { versionId }),
  /** The notice-board workbook's address (a download link). */
  rosterExportUrl: (id: number) => `/api/roster/versions/${id}/export.xlsx`,
  rosterImport: (id: number, file: Blob) => send<RosterVersionDetail>('POST', `/api/roster/versions/${id}/import`, file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
};
