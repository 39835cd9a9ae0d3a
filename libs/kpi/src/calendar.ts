/**
 * The month around a moment, as the month-end projection and the live connect-rate budget need it: the days
 * still to come and the daily history behind them.
 */
import { dayKey, nextDay, startOfDay } from '@hotline/events';
import type { KpiAggregator } from './kpi';

/**
 * The local days from `now` (epoch ms) to the end of its month, each with the fraction of it still to come
 * (today: the unelapsed part; later days: 1).
 */
export function remainingDaysOfMonth(now: number, timeZone: string): { date: string; fraction: number }[] {
  const today = dayKey(new Date(now), timeZone);
  const start = startOfDay(today, timeZone).getTime();
  const end = startOfDay(nextDay(today), timeZone).getTime();
  const days = [{ date: today, fraction: (end - now) / (end - start) }];
  for (let d = nextDay(today); d.slice(0, 7) === today.slice(0, 7); d = nextDay(d)) days.push({ date: d, fraction: 1 });
  return days;
}

/** Settled, connected and agent-answered requests per local day of the intervals in [from, to) (epoch ms). */
export function dailyConnectHistory(aggregator: KpiAggregator, from: number, to: number): { date: string; requests: number; connected: number; agentAnswered: number }[] {
  return aggregator
    .groupBy('day', from, to)
    .map(({ key, counts }) => ({ date: key, requests: counts.requests - counts.pending, connected: counts.agentAnswered + counts.ivrAnswered, agentAnswered: counts.agentAnswered }));
}
