/**
 * A plain forecast of the rest of a month for the projection and the live connect-rate budget, from daily
 * history alone: remaining requests = sum over the remaining days of the mean requests of the same weekday in the
 * history (the last four of each weekday; the overall daily mean when a weekday has none), times the share of the
 * day still to come; connect fraction = the history's pooled connected / requests, with the day-to-day standard
 * deviation of daily fractions scaled by sqrt(1/n + 1/m) (n history days, m remaining days) as its uncertainty.
 * This is the model the projection on the Anonymous Bank data was validated with (README, "Projection on real
 * data"); a richer interval forecast can be passed to {@link projectMonth} instead.
 */
import { weekdayOf as weekday } from '@hotline/events';
import type { RestOfMonthForecast } from './projection';

/** One local day of history: requests settled that day and how many of them were connected. */
export interface DayHistory {
  /** `YYYY-MM-DD`. */
  date: string;
  requests: number;
  connected: number;
  /** Agent-answered requests among the connected, when known (gives the forecast's agent share). */
  agentAnswered?: number;
}

/** A day still to come in the month, with the fraction of it not yet elapsed (1 for a whole day). */
export interface RemainingDay {
  date: string;
  fraction: number;
}

/** Days with fewer requests than this do not enter the day-to-day spread of the connect fraction. */
const MIN_REQUESTS_FOR_SPREAD = 20;
/** With fewer days than this, the spread is not measured well enough and the prior below is its floor. */
const MIN_DAYS_FOR_SPREAD = 5;
/**
 * Prior day-to-day standard deviation of a day's connect fraction (0.05 = 5 points): measured on the 21 days of the
 * Anonymous Bank data (shared/data/anonymous-bank-1999-02, daily rates 80.3%..98.0%, sd 5.0 points). Without it,
 * one day of history would give a spread of 0 and a range far too sure of itself.
 */
const PRIOR_DAILY_SD = 0.05;


/**
 * What a rest-of-month forecast stands on: `same-weekday` (the days of history named), or `no-history` (not one
 * whole day before today: there is nothing to forecast from, and no projection is made rather than a wrong one).
 */
export interface ForecastBasis {
  code: 'same-weekday' | 'no-history';
  days: number;
  from?: string;
  to?: string;
  /** True when the history was too short to measure the day-to-day spread and the prior spread was used. */
  spreadAssumed?: boolean;
}

/**
 * The forecast for the rest of the month and its basis; `forecast` is null without a whole day of history.
 * @throws RangeError when a fraction is outside [0, 1], a count is negative or a date is not `YYYY-MM-DD`.
 */
export function forecastRestOfMonth(history: readonly DayHistory[], remaining: readonly RemainingDay[]): { forecast: RestOfMonthForecast | null; basis: ForecastBasis } {
  for (const r of remaining) if (!(r.fraction >= 0 && r.fraction <= 1)) throw new RangeError(`remaining day ${r.date}: fraction ${r.fraction} is not in [0, 1]`);
  for (const h of history) if (h.requests < 0 || h.connected < 0 || h.connected > h.requests) throw new RangeError(`history day ${h.date}: counts are inconsistent`);
  if (history.length === 0) return { forecast: null, basis: { code: 'no-history', days: 0 } };
  const byWeekday = new Map<number, number[]>();
  for (const h of [...history].sort((a, b) => a.date.localeCompare(b.date))) {
    const list = byWeekday.get(weekday(h.date)) ?? [];
    list.push(h.requests);
    byWeekday.set(weekday(h.date), list.slice(-4));
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const overall = mean(history.map((h) => h.requests));
  const remainingRequests = remaining.reduce((sum, r) => {
    const same = byWeekday.get(weekday(r.date));
    return sum + r.fraction * (same?.length ? mean(same) : overall);
  }, 0);
  const requests = history.reduce((n, h) => n + h.requests, 0);
  const connected = history.reduce((n, h) => n + h.connected, 0);
  const forecast: RestOfMonthForecast = { remainingRequests: remainingRequests.toFixed(2) };
  if (requests > 0) {
    forecast.connectFraction = (connected / requests).toFixed(6);
    const agent = history.reduce((n, h) => n + (h.agentAnswered ?? 0), 0);
    if (connected > 0 && history.every((h) => h.agentAnswered !== undefined)) forecast.agentShare = (agent / connected).toFixed(6);
  }
  const fractions = history.filter((h) => h.requests >= MIN_REQUESTS_FOR_SPREAD).map((h) => h.connected / h.requests);
  const m = remaining.reduce((n, r) => n + r.fraction, 0);
  const measured = fractions.length >= 2 ? Math.sqrt(fractions.reduce((s, x) => s + (x - mean(fractions)) ** 2, 0) / (fractions.length - 1)) : 0;
  const spreadAssumed = fractions.length < MIN_DAYS_FOR_SPREAD;
  const dailySd = spreadAssumed ? Math.max(measured, PRIOR_DAILY_SD) : measured;
  if (requests > 0 && m > 0) forecast.connectFractionSd = Math.min(0.5, dailySd * Math.sqrt(1 / Math.max(1, fractions.length) + 1 / m)).toFixed(6);
  const dates = history.map((h) => h.date).sort();
  return { forecast, basis: { code: 'same-weekday', days: history.length, from: dates[0], to: dates.at(-1), spreadAssumed } };
}
