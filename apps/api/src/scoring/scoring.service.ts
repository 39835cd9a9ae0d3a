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
  type MonthScore,
  type MonthTotal,
  type RegisterFigures,
  type ScoreInput,
  type YearMonth,
  type YearQuarter,
  type YearReport,
} from '@hotline/scoring';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RollupReader } from '../ledger/rollups.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { REGISTER_FIGURES, type RegisterFiguresSource } from './register-figures.js';

const HISTORY_DAYS = 28;
const DAY_MS = 86_400_000;

/** One month's sheet as both endpoints give it (see {@link ScoringService.sheet}). */
interface MonthSheet {
  /** The month is over by the feed clock. */
  complete: boolean;
  figures: ScoreInput;
  score: MonthScore;
}

/**
 * The contract's score over the ledger (libs/scoring), month by month. The call feed gives the connect rate; every
 * other item's figures come from the registers ({@link RegisterFiguresSource}) and are unknown until the register is
 * closed: such an item is pending and the month's total and coefficient a range (provisional), never full marks.
 * The feed is not final either while the month runs by the feed clock, or when the ledger has no request at all for
 * the month: the connect item (and complaints and QA, which depend on the agent-answered count) is then pending too.
 */
@Injectable()
export class ScoringService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rollups: RollupReader,
    private readonly engine: KpiEngineService,
    @Inject(REGISTER_FIGURES) private readonly registers: RegisterFiguresSource,
  ) {}

  private get timeZone(): string {
    return this.config.HOTLINE_TIMEZONE;
  }

  /** The ledger's counts of the calls that arrived in [from, to) (local day bounds), totals per interval, from the rollups. */
  private async aggregate(from: Date, to: Date): Promise<KpiAggregator> {
    return this.rollups.aggregate(from.getTime(), to.getTime(), { ...DEFAULT_KPI_POLICY, ...this.engine.policy }, {}, { types: false, agents: false });
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

  /**
   * The sheet of `month` from the ledger's counts in `aggregator` (which must cover the month) and the registers:
   * the one result the month endpoint and the year endpoint both give. While the month runs by the feed clock
   * (`now` before its end) the feed is not final (libs/scoring `feedFinal: false`): the connect item is pending over
   * [0, 27] and the month-to-date rate stays in `score.rates`. A month without any request is scored as unknown by
   * the library itself (no data), never `connect.noRequests` full marks.
   */
  private async sheet(month: string, aggregator: KpiAggregator, now: number): Promise<MonthSheet> {
    const from = startOfMonth(month, this.timeZone).getTime();
    const to = startOfMonth(nextMonth(month), this.timeZone).getTime();
    const complete = now >= to;
    const figures = await this.figures(month, aggregator.counts(from, to));
    return { complete, figures, score: scoreMonth(figures, undefined, { feedFinal: complete }) };
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
    const { complete, figures, score } = await this.sheet(month, aggregator, now);
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
   * Every month of a calendar (contract) year up to the feed clock, from its first month with a request in the
   * ledger (the months before are taken as before the contract): each one's total and coefficient, or their range
   * while provisional, exactly as the month endpoint gives them (the running month with its connect item pending; a
   * month with no request at all as unknown). The quarters: the mean of their months' totals or ranges
   * (`totalMin`/`totalMax`), the months still to come as `openMonthRange()` (anything from 0 to 104); a quarter is
   * shown once one of its months has started. The renewal count over the months that are over. Days missing from the
   * ledger per month and per quarter (over the months counted).
   */
  async year(year: number): Promise<YearReport> {
    const now = this.engine.now();
    const nowMonth = dayKey(new Date(now), this.timeZone).slice(0, 7);
    const todayStart = this.todayStart(now);
    const months: YearMonth[] = [];
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      if (month > nowMonth) break;
      const from = startOfMonth(month, this.timeZone);
      const to = startOfMonth(nextMonth(month), this.timeZone);
      const aggregator = await this.aggregate(from, to);
      const { complete, figures, score } = await this.sheet(month, aggregator, now);
      const requests = Number(figures.requests ?? 0);
      if (requests === 0 && months.length === 0) continue; // before the first month with data: not part of the contract year
      months.push({
        month,
        complete,
        requests,
        connectRatePercent: score.rates.connectRatePercent,
        total: score.total,
        coefficient: score.coefficient,
        provisional: score.provisional,
        totalMin: score.totalMin,
        totalMax: score.totalMax,
        coefficientMin: score.coefficientMin,
        coefficientMax: score.coefficientMax,
        missingDays: this.missingDays(aggregator, month, complete ? to.getTime() : todayStart).length,
      });
    }
    const totalOf = (m: YearMonth): MonthTotal => m.total ?? { min: m.totalMin, max: m.totalMax };
    const quarters: YearQuarter[] = [];
    for (let q = 1; q <= 4; q++) {
      const ofQuarter = [0, 1, 2].map((i) => `${year}-${String((q - 1) * 3 + i + 1).padStart(2, '0')}`);
      const counted = months.filter((m) => ofQuarter.includes(m.month));
      if (counted.length === 0) continue;
      const toCome = ofQuarter.filter((m) => m > nowMonth);
      const entries: MonthTotal[] = [...counted.map(totalOf), ...toCome.map(() => openMonthRange())];
      quarters.push({
        quarter: q,
        ...scoreQuarter(entries),
        complete: toCome.length === 0 && counted.every((m) => m.complete),
        missingDays: counted.reduce((n, m) => n + m.missingDays, 0),
      });
    }
    return { year, months, contractYear: scoreYear(months.filter((m) => m.complete).map(totalOf)), quarters };
  }
}
