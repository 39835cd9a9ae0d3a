/**
 * The live floor snapshot pushed to consoles (Socket.IO event `kpi:snapshot`) and served at
 * `GET /api/live/snapshot`: the current interval, day and month of the feed's clock, the day's intervals, the
 * queue and the agents. Plain JSON (instants as ISO strings), shared by the API and the console.
 */
import { dayKey, intervalLabel, intervalStart, monthKey, nextDay, nextMonth, startOfDay, startOfMonth } from '@hotline/events';
import type { AgentStatus, FloorSnapshot } from './floor';
import { summarize, type KpiAggregator, type KpiSummary } from './kpi';
import { businessTypeRows, type BusinessTypeKpi } from './report';

/** One interval of the day chart. */
export interface IntervalPoint {
  start: string;
  label: string;
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
  abandoned: number;
  connectRate: string | null;
}

export interface LiveSnapshot {
  /** The feed's clock: the moment the figures describe (ISO). */
  asOf: string;
  timeZone: string;
  /** Contract target for the connect rate, percent (90). */
  connectTargetPercent: number;
  serviceLevelSeconds: number;
  interval: KpiSummary & { start: string; label: string };
  day: KpiSummary & { date: string; underTarget: boolean };
  /** Yesterday's final figures, for the first hours of a day (and the end of a replay). */
  previousDay: { date: string; requests: number; connectRate: string | null };
  month: KpiSummary & { month: string; underTarget: boolean };
  intervals: IntervalPoint[];
  agentsToday: { agentId: string; agentAnswered: number }[];
  callsWaiting: number;
  longestWaitSeconds: number;
  agents: (Omit<AgentStatus, 'since'> & { since: string })[];
  agentsByState: FloorSnapshot['agentsByState'];
  /**
   * How much slack the month has left (libs/scoring connectBudget): requests the rest of the month may lose and
   * still end at the target, and the connect rate the rest needs; null before any request.
   */
  monthBudget: MonthBudget | null;
  /** Where today's calls came from (`bank`, `queue_log`, `synthetic`...): the console labels synthetic data. */
  sources: string[];
  /** Today's KPIs per business type (tree order; report.ts businessTypeRows). */
  dayByBusinessType: BusinessTypeKpi[];
}

/** The connect-rate budget of the month as the floor shows it. Counts as decimal strings. */
export interface MonthBudget {
  remainingRequests: string;
  lostBudget: string;
  status: 'secured' | 'open' | 'unreachable';
  requiredRestConnectRatePercent: string | null;
}

/** Options of {@link buildLiveSnapshot}. */
export interface SnapshotOptions {
  connectTargetPercent: number;
  sources: string[];
  monthBudget: MonthBudget | null;
}

const underTarget = (s: KpiSummary, target: number) => s.connectRate !== null && Number(s.connectRate) < target;

/** Assembles the snapshot at `now` (epoch ms) from the running counts and the floor. */
export function buildLiveSnapshot(aggregator: KpiAggregator, floor: FloorSnapshot, now: number, options: SnapshotOptions): LiveSnapshot {
  const { timeZone, intervalMinutes, serviceLevelSeconds } = aggregator.policy;
  const nowDate = new Date(now);
  const interval = intervalStart(nowDate, timeZone, intervalMinutes).getTime();
  const day = dayKey(nowDate, timeZone);
  const month = monthKey(nowDate, timeZone);
  const dayStart = startOfDay(day, timeZone).getTime();
  const dayEnd = startOfDay(nextDay(day), timeZone).getTime();
  const monthStart = startOfMonth(month, timeZone).getTime();
  const monthEnd = startOfMonth(nextMonth(month), timeZone).getTime();
  const intervalSummary = summarize(aggregator.counts(interval, interval + 1));
  const daySummary = summarize(aggregator.counts(dayStart, dayEnd));
  const yesterday = dayKey(new Date(dayStart - 1), timeZone);
  const yesterdaySummary = summarize(aggregator.counts(startOfDay(yesterday, timeZone).getTime(), dayStart));
  const monthSummary = summarize(aggregator.counts(monthStart, monthEnd));
  const intervals: IntervalPoint[] = [];
  for (let t = dayStart; t < dayEnd; ) {
    const s = summarize(aggregator.counts(t, t + 1));
    intervals.push({ start: new Date(t).toISOString(), label: intervalLabel(new Date(t), timeZone), requests: s.requests, agentAnswered: s.agentAnswered, ivrAnswered: s.ivrAnswered, abandoned: s.abandoned, connectRate: s.connectRate });
    t = intervalStart(new Date(t + intervalMinutes * 60_000 + 1), timeZone, intervalMinutes).getTime();
  }
  return {
    asOf: nowDate.toISOString(),
    timeZone,
    connectTargetPercent: options.connectTargetPercent,
    serviceLevelSeconds,
    interval: { ...intervalSummary, start: new Date(interval).toISOString(), label: intervalLabel(new Date(interval), timeZone) },
    day: { ...daySummary, date: day, underTarget: underTarget(daySummary, options.connectTargetPercent) },
    previousDay: { date: yesterday, requests: yesterdaySummary.requests, connectRate: yesterdaySummary.connectRate },
    month: { ...monthSummary, month, underTarget: underTarget(monthSummary, options.connectTargetPercent) },
    intervals,
    agentsToday: [...aggregator.agents(dayStart, dayEnd)].map(([agentId, a]) => ({ agentId, agentAnswered: a.answered })).sort((a, b) => b.agentAnswered - a.agentAnswered),
    callsWaiting: floor.callsWaiting,
    longestWaitSeconds: floor.longestWaitSeconds,
    agents: floor.agents.map((a) => ({ ...a, since: new Date(a.since).toISOString() })),
    agentsByState: floor.agentsByState,
    monthBudget: options.monthBudget,
    sources: options.sources,
    dayByBusinessType: businessTypeRows(aggregator, dayStart, dayEnd),
  };
}
