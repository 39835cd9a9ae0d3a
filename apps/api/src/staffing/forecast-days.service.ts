import { Inject, Injectable } from '@nestjs/common';
import { OUTLIER_RULE_VIEW, type ForecastDayMark, type ForecastDayMarkBody, type ForecastDaysQuery, type ForecastDaysView, type ForecastSpecialDay, type ForecastSpecialDayBody } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { screenHistory, specialDayIndex, summarizeCalls } from '@hotline/forecast';
import { auditNote } from '../audit/audit.service.js';
import { DomainError, domain } from '../common/domain-error.js';
import { assertEntryWindow, type EntryClock } from '../common/entry-window.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ForecastDaysRepository } from './forecast-days.repository.js';
import { StaffingRepository } from './staffing.repository.js';
import { StaffingService } from './staffing.service.js';

/**
 * The forecast's unusual and special days: the planner's marks (exclude an unusual day, include a day the outlier
 * rule flags) and the users' special days, stored and audited (the audit interceptor's entry of each write, with
 * the before/after noted here); and the screening of the history a forecast reads (libs/forecast screenHistory,
 * the same call `GET /api/forecast` makes), so the planner sees which days are left out and why.
 */
@Injectable()
export class ForecastDaysService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ForecastDaysRepository,
    private readonly staffing: StaffingService,
    private readonly ledger: StaffingRepository,
  ) {}

  /** The forecast's clock: the ledger's feed clock (a replayed month is forecast from its own last day), now without a ledger. */
  private async forecastClock(): Promise<Date> {
    return (await this.ledger.ledgerRange())?.feedClock ?? new Date();
  }

  /** The forecast's days' window reads the forecast's clock both as its end and as the day it counts back from. */
  private async windowClock(): Promise<EntryClock> {
    const clock = await this.forecastClock();
    return { now: clock, feed: clock };
  }

  /** The marks, the special days, the rule, and the screening of the history a forecast from `from` reads (null without one). */
  async view(q: ForecastDaysQuery): Promise<ForecastDaysView> {
    const [marks, specialDays, options] = await Promise.all([this.repository.marks(), this.repository.specialDays(), this.repository.forecastOptions()]);
    let screening: ForecastDaysView['screening'] = null;
    let clock: Date | undefined; // the history's read of the ledger gives the feed clock too: not read twice
    try {
      const { range, firstDay, lastHistoryDay, calls } = await this.staffing.historyWindow(q);
      clock = range.feedClock;
      screening = domain(() => {
        const summary = summarizeCalls(calls, { timeZone: this.config.HOTLINE_TIMEZONE, intervalMinutes: 30, from: firstDay, to: lastHistoryDay });
        const s = screenHistory(summary.history, options.exclusions, q.calendar ?? 'cn', specialDayIndex(options.specialDays));
        return { historyFrom: firstDay, historyTo: lastHistoryDay, scale: s.scale, days: s.days };
      });
    } catch (error) {
      // No history to screen is not an error of this view: the stored lists are still shown.
      if (!(error instanceof DomainError && error.code === 'insufficient_history')) throw error;
    }
    return { clockDay: dayKey(clock ?? (await this.forecastClock()), this.config.HOTLINE_TIMEZONE), marks, specialDays, rule: OUTLIER_RULE_VIEW, screening };
  }

  /**
   * Marks a day (replacing its mark).
   * @throws DomainError 400 `in_future` (field `day`) after the feed clock's day (the forecast's today), `out_of_window`
   *   more than 728 days (104 weeks, the longest history a forecast reads) before it (common/entry-window
   *   assertEntryWindow `forecastMark`).
   */
  async mark(body: ForecastDayMarkBody, userId: number): Promise<ForecastDayMark> {
    assertEntryWindow('forecastMark', 'day', body.day, await this.windowClock(), this.config.HOTLINE_TIMEZONE);
    const { before, after } = await this.repository.upsertMark(body.day, body.action, body.reason, userId);
    auditNote({ before: before ?? undefined, after, target: `forecastDay:${body.day}` });
    return after;
  }

  /** Removes a day's mark. @throws DomainError 404 `not_found` (field `day`) when the day has none. */
  async unmark(day: string): Promise<void> {
    const before = await this.repository.deleteMark(day);
    if (!before) throw new DomainError('not_found', `${day} has no mark`, 'day');
    auditNote({ before, target: `forecastDay:${day}` });
  }

  /**
   * Adds (or renames) a special day.
   * @throws DomainError 400 `out_of_window` (field `day`) more than 728 days before or 730 days (2 years) after the feed
   *   clock's day (common/entry-window assertEntryWindow `forecastSpecialDay`).
   */
  async addSpecialDay(body: ForecastSpecialDayBody, userId: number): Promise<ForecastSpecialDay> {
    assertEntryWindow('forecastSpecialDay', 'day', body.day, await this.windowClock(), this.config.HOTLINE_TIMEZONE);
    const { before, after } = await this.repository.upsertSpecialDay(body.day, body.name, userId);
    auditNote({ before: before ?? undefined, after, target: `forecastSpecialDay:${body.day}` });
    return after;
  }

  /** Removes a special day. @throws DomainError 404 `not_found` (field `day`) when there is none. */
  async removeSpecialDay(day: string): Promise<void> {
    const before = await this.repository.deleteSpecialDay(day);
    if (!before) throw new DomainError('not_found', `${day} is not a special day`, 'day');
    auditNote({ before, target: `forecastSpecialDay:${day}` });
  }
}
