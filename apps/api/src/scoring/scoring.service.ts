import { Inject, Injectable } from '@nestjs/common';
import { dayKey, nextMonth, startOfDay, startOfMonth } from '@hotline/events';
import { DEFAULT_KPI_POLICY, KpiAggregator, dailyConnectHistory, remainingDaysOfMonth, type KpiCounts } from '@hotline/kpi';
import {
  forecastRestOfMonth, projectMonth, scoreMonth, scoreQuarter, scoreYear,
  type AssumableItem, type MonthReport, type ScoreInput, type YearReport,
} from '@hotline/scoring';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';

/** Items with no register in the product yet: shown as assumed full marks (issue 4), visibly. */
const REGISTER_ITEMS: AssumableItem[] = ['confidentiality', 'reporting', 'complaints', 'training', 'qa'];
const HISTORY_DAYS = 28;
const DAY_MS = 86_400_000;

/** The contract's score over the ledger (libs/scoring), month by month. */
@Injectable()
export class ScoringService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
  ) {}

  private get timeZone(): string {
    return this.config.HOTLINE_TIMEZONE;
  }

  private async aggregate(from: Date, to: Date): Promise<KpiAggregator> {
    const aggregator = new KpiAggregator({ ...DEFAULT_KPI_POLICY, ...this.engine.policy });
    for (const call of await this.ledger.callsOfferedBetween(from, to)) aggregator.add(call);
    return aggregator;
  }

  private figures(c: KpiCounts): { figures: ScoreInput; assumed: AssumableItem[] } {
    const assumed = [...REGISTER_ITEMS];
    if (c.surveyResponses === 0) assumed.push('satisfaction'); // the feed carries no hang-up surveys
    return {
      assumed,
      // The ledger's counts in the scoring library's terms: requests and answers include the outage windows and
      // the short IVR hang-ups, which the sheet then removes from the connect rate (and shows that it did).
      figures: {
        requests: c.requests - c.pending + c.excludedOutage + c.excludedShortIvr,
        agentAnswered: c.agentAnswered + c.outageAgentAnswered,
        ivrAnswered: c.ivrAnswered + c.outageIvrAnswered,
        requestsInOutage: c.excludedOutage,
        connectedInOutage: c.outageAgentAnswered + c.outageIvrAnswered,
        shortIvrHangups: c.excludedShortIvr,
        veryOrBasicallySatisfied: c.surveySatisfied,
        surveyResponses: c.surveyResponses,
        assumed: Object.fromEntries(assumed.map((item) => [item, true])),
      },
    };
  }

  /** The sheet of `month` (YYYY-MM) so far; while it runs, the projected month end and the connect-rate budget. */
  async month(month: string): Promise<MonthReport> {
    const from = startOfMonth(month, this.timeZone);
    const to = startOfMonth(nextMonth(month), this.timeZone);
    const historyFrom = new Date(from.getTime() - HISTORY_DAYS * DAY_MS);
    const now = this.engine.now();
    const asOf = Math.min(Math.max(now, from.getTime()), to.getTime());
    const aggregator = await this.aggregate(historyFrom, to);
    const { figures, assumed } = this.figures(aggregator.counts(from.getTime(), to.getTime()));
    const score = scoreMonth(figures);
    const complete = now >= to.getTime();
    if (complete) return { month, asOf: new Date(asOf).toISOString(), complete, assumed, figures, score, projection: null, forecastBasis: null };

    // History: whole days before today (the wall of the feed clock), never a day still running.
    const todayStart = startOfDay(dayKey(new Date(now), this.timeZone), this.timeZone).getTime();
    const history = dailyConnectHistory(aggregator, historyFrom.getTime(), Math.min(todayStart, to.getTime()));
    const { forecast, basis } = forecastRestOfMonth(history, remainingDaysOfMonth(asOf, this.timeZone));
    if (!forecast) return { month, asOf: new Date(asOf).toISOString(), complete, assumed, figures, score, projection: null, forecastBasis: basis };
    // Rates the month so far cannot give (no agent-answered call, no survey yet) are taken as neutral:
    // their items are marked assumed, and the projection is about the connect rate.
    if (Number(figures.agentAnswered) === 0) {
      forecast.surveysPerAgentAnswered ??= '0';
      forecast.complaintsPerAgentAnswered ??= '0';
    }
    if (Number(figures.surveyResponses) === 0) forecast.satisfiedFraction ??= '1';
    const projection = projectMonth({ monthToDate: figures, forecast });
    return { month, asOf: new Date(asOf).toISOString(), complete, assumed, figures, score, projection, forecastBasis: basis };
  }

  /** Every month of a calendar (contract) year up to the feed clock: totals, coefficients, quarters, the renewal count. */
  async year(year: number): Promise<YearReport> {
    const nowMonth = dayKey(new Date(this.engine.now()), this.timeZone).slice(0, 7);
    const months: YearReport['months'] = [];
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      if (month > nowMonth) break;
      const aggregator = await this.aggregate(startOfMonth(month, this.timeZone), startOfMonth(nextMonth(month), this.timeZone));
      const counts = aggregator.counts();
      if (counts.requests === 0) continue;
      const { figures } = this.figures(counts);
      const score = scoreMonth(figures);
      months.push({ month, complete: month < nowMonth, requests: Number(figures.requests), connectRatePercent: score.rates.connectRatePercent, total: score.total, coefficient: score.coefficient });
    }
    const complete = months.filter((m) => m.complete);
    const quarters = [1, 2, 3, 4]
      .map((q) => ({ q, totals: complete.filter((m) => Math.ceil(Number(m.month.slice(5)) / 3) === q).map((m) => m.total) }))
      .filter(({ totals }) => totals.length > 0)
      .map(({ q, totals }) => ({ quarter: q, ...scoreQuarter(totals) }));
    return { year, months, contractYear: scoreYear(complete.map((m) => m.total)), quarters };
  }
}
