import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import type { MonthReport, YearReport } from '@hotline/scoring';
import type { ErlangAResult, ErlangCResult } from '@hotline/erlang';
import type { ForecastReport, Requirement, RequirementIntervalInput, RequirementTargets } from '@hotline/forecast';

/** Error of an API call, with the server's code and the offending field. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'http', body.message ?? res.statusText, body.field);
  return body as T;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.code ?? 'http', data.message ?? res.statusText, data.field);
  return data as T;
}

/** Query of GET /api/forecast (every field optional; the server's defaults apply). */
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

/** Body of POST /api/staffing/requirement. */
export interface RequirementRequest {
  intervals?: RequirementIntervalInput[];
  intervalMinutes?: number;
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
};
