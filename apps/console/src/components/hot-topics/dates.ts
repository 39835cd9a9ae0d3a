import type { HotTopicPeriod } from '@hotline/contracts';
import { addDays, weekdayOf } from '@hotline/events';
import { today } from '../registers/forms';

/** The first day of the month `months` months before the month of `day`. */
function monthStart(day: string, monthsBack: number): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - monthsBack, 1)).toISOString().slice(0, 10);
}

/**
 * The chart's range for the period containing `day`: the 28 days up to it (daily), the 12 ISO weeks up to its week
 * (weekly, Monday to Sunday), or the 12 months up to its month (monthly); a period not over yet ends today (the
 * API counts only the days from..to, so the last bucket is then partial).
 */
export function seriesRange(period: HotTopicPeriod, day: string): { from: string; to: string } {
  const cap = (end: string): string => (end > today() ? (day > today() ? day : today()) : end);
  if (period === 'day') return { from: addDays(day, -27), to: day };
  if (period === 'week') {
    const weekday = (weekdayOf(day) + 6) % 7; // Monday 0 .. Sunday 6
    return { from: addDays(day, -weekday - 77), to: cap(addDays(day, 6 - weekday)) };
  }
  return { from: monthStart(day, 11), to: cap(addDays(monthStart(day, -1), -1)) };
}
