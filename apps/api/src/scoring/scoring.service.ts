import { Inject, Injectable } from '@nestjs/common';
import { dayKey, nextDay, nextMonth, startOfDay, startOfMonth } from '@hotline/events';
import { DEFAULT_KPI_POLICY, KpiAggregator, dailyConnectHistory, percent, remainingDaysOfMonth, type KpiCounts } from '@hotline/kpi';
import {
  REGISTER_FIELDS,
  forecastRestOfMonth,
  openMonthRange,
  projectMonth,
  scoreMonth,
  scoreQuarter,
  scoreYear,
  type MonthReport,
  type MonthTotal,
  type RegisterFigures,
  type ScoreInput,
  type YearMonth,
  type YearQuarter,
  type YearReport,
} from '@hotline/scoring';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { REGISTER_FIGURES, type RegisterFiguresSource } from './register-figures.js';

const HISTORY_DAYS = 28;
const DAY_MS = 86_400_000;

/**
 * The contract's score over the ledger (libs/scoring), month by month. The call feed gives the connect rate; every
 * other item's figures come from the registers ({@link RegisterFiguresSource}) and are unknown until the register is
 * closed: such an item is pending and the month's total and coefficient a range (provisional), never full marks.
 */
@Injectable()
export class ScoringService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
    @Inject(REGISTER_FIGURES) private readonly registers: RegisterFiguresSource,
  ) {}

  private get timeZone(): string {
    return this.config.HOTLINE_TIMEZONE;
  }

  private async aggregate(from: Date, to: Date): Promise<KpiAggregator> {
    const aggregator = new KpiAggregator({ ...DEFAULT_KPI_POLICY, ...this.engine.policy });
    for (const call of await this.ledger.callsOfferedBetween(from, to)) aggregator.add(call);
    return aggregator;
  }

  /**
   * The month's figures in the scoring library's terms: the ledger's feed counts (requests and answers include the
   * outage windows and the short IVR hang-ups, which the sheet then removes from the connect rate and shows that it
   * did), and the register figures the source knows (only register fields; absent ones stay unknown).
   */
  private async figures(month: string, c: KpiCounts): Promise<ScoreInput> {
    const known: RegisterFigures = await this.registers.figuresOf(month);
    const registers = Object.fromEntries(REGISTER_FIELDS.flatMap((f) => (known[f] === undefined || known[f] === null ? [] : [[f, known[f]]])));
    return {
      requests: c.requests - c.pending + c.excludedOutage + c.excludedShortIvr,
      agentAnswered: c.agentAnswered + c.outageAgentAnswered,
      ivrAnswered: c.ivrAnswered + c.outageIvrAnswered,
      requestsInOutage: c.excludedOutage,
      connectedInOutage: c.outageAgentAnswered + c.outageIvrAnswered,
      shortIvrHangups: c.excludedShortIvr,
      ...registers,
    };
  }

  /**
   * The local days of `month` with no request in the ledger, up to `until` (epoch ms, excluded: the feed clock's
   * own day is not over yet while the month runs).
   */
  private missingDays(aggregator: KpiAggregator, month: string, until: number): string[] {
    const from = startOfMonth(month, this.timeZone).getTime();
    const to = Math.min(startOfMonth(nextMonth(month), this.timeZone).getTime(), until);
    if (to <= from) return [];
    const withRequests = new Set(
      aggregator
        .groupBy('day', from, to)
        .filter(({ counts }) => counts.requests > 0)
        .map(({ key }) => key),
    );
    const days: string[] = [];
    for (let d = `${month}-01`; d.slice(0, 7) === month && startOfDay(d, this.timeZone).getTime() < to; d = nextDay(d)) {
      if (!withRequests.has(d)) days.push(d);
    }
    return days;
  }

  /** The start (epoch ms) of the feed clock's local day. */
  private todayStart(now: number): number {
    return startOfDay(dayKey(new Date(now), this.timeZone), this.timeZone).getTime();
  }

  /** The sheet of `month` (YYYY-MM) so far; while it runs, the projected month end and the connect-rate budget. */
  async month(month: string): Promise<MonthReport> {
    const from = startOfMonth(month, this.timeZone);
    const to = startOfMonth(nextMonth(month), this.timeZone);
    const historyFrom = new Date(from.getTime() - HISTORY_DAYS * DAY_MS);
    const now = this.engine.now();
    const asOf = Math.min(Math.max(now, from.getTime()), to.getTime());
    const aggregator = await this.aggregate(historyFrom, to);
    const figures = await this.figures(month, aggregator.counts(from.getTime(), to.getTime()));
    const score = scoreMonth(figures);
    const complete = now >= to.getTime();
    const todayStart = this.todayStart(now);
    const report: MonthReport = {
      month,
      asOf: new Date(asOf).toISOString(),
      complete,
      provisional: score.provisional,
      pendingItems: score.pendingItems,
      missingDays: this.missingDays(aggregator, month, complete ? to.getTime() : todayStart),
      surveyRatePercent: figures.surveyResponses === undefined ? null : percent(Number(figures.surveyResponses), Number(figures.agentAnswered ?? 0)),
      figures,
      score,
      projection: null,
      forecastBasis: null,
    };
    if (complete) return report;

    // History: whole days before today (the wall of the feed clock), never a day still running.
    const history = dailyConnectHistory(aggregator, historyFrom.getTime(), Math.min(todayStart, to.getTime()));
    const { forecast, basis } = forecastRestOfMonth(history, remainingDaysOfMonth(asOf, this.timeZone));
    if (!forecast) return { ...report, forecastBasis: basis };
    // Rates the month so far cannot give (no survey, no complaint figure known) are not assumed: the projection
    // leaves those KPIs unknown and their items pending, with their range.
    const projection = projectMonth({ monthToDate: figures, forecast });
    return { ...report, projection, forecastBasis: basis };
  }

  /**
   * Every month of a calendar (contract) year up to the feed clock: totals and coefficients (or their range while
   * provisional), the quarters, the renewal count, and the days missing from the ledger. A quarter not over yet
   * counts its running and future months as `openMonthRange()` (anything from 0 to 104), so it is provisional.
   */
  async year(year: number): Promise<YearReport> {
    const now = this.engine.now();
    const nowMonth = dayKey(new Date(now), this.timeZone).slice(0, 7);
    const todayStart = this.todayStart(now);
    const months: YearMonth[] = [];
    const missingByMonth = new Map<string, number>();
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      if (month > nowMonth) break;
      const from = startOfMonth(month, this.timeZone);
      const to = startOfMonth(nextMonth(month), this.timeZone);
      const aggregator = await this.aggregate(from, to);
      const complete = month < nowMonth;
      const missing = this.missingDays(aggregator, month, complete ? to.getTime() : todayStart).length;
      missingByMonth.set(month, missing);
      const counts = aggregator.counts();
      if (counts.requests === 0) continue;
      const figures = await this.figures(month, counts);
      const score = scoreMonth(figures);
      months.push({
        month,
        complete,
        requests: Number(figures.requests),
        connectRatePercent: score.rates.connectRatePercent,
        total: score.total,
        coefficient: score.coefficient,
        provisional: score.provisional,
        totalMin: score.totalMin,
        totalMax: score.totalMax,
        coefficientMin: score.coefficientMin,
        coefficientMax: score.coefficientMax,
        missingDays: missing,
      });
    }
    const totalOf = (m: YearMonth): MonthTotal => m.total ?? { min: m.totalMin, max: m.totalMax };
    const complete = months.filter((m) => m.complete);
    const quarters: YearQuarter[] = [];
    for (let q = 1; q <= 4; q++) {
      const ofQuarter = [0, 1, 2].map((i) => `${year}-${String((q - 1) * 3 + i + 1).padStart(2, '0')}`);
      const done = complete.filter((m) => ofQuarter.includes(m.month));
      if (done.length === 0) continue;
      const open = ofQuarter.filter((m) => m >= nowMonth);
      const entries: MonthTotal[] = [...done.map(totalOf), ...open.map(() => openMonthRange())];
      quarters.push({
        quarter: q,
        ...scoreQuarter(entries),
        complete: open.length === 0,
        missingDays: ofQuarter.reduce((n, m) => n + (missingByMonth.get(m) ?? 0), 0),
      });
    }
    return { year, months, contractYear: scoreYear(complete.map(totalOf)), quarters };
  }
}
