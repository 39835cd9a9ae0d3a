import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import type { MonthReport, YearReport } from '@hotline/scoring';

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

export const api = {
  liveSnapshot: () => get<LiveSnapshot>('/api/live/snapshot'),
  kpi: (from: string, to: string) => get<KpiReport>(`/api/kpi?from=${from}&to=${to}`),
  scoreMonth: (month: string) => get<MonthReport>(`/api/score/month?month=${month}`),
  scoreYear: (year: number) => get<YearReport>(`/api/score/year?year=${year}`),
};
