/**
 * The forecast-and-requirement report that `GET /api/forecast` returns and `hotline forecast --json` prints: one
 * plain JSON shape, so the console, the CLI and scripts read the same thing.
 */
import { addDays } from '@hotline/events';
import { type BacktestScore, type Forecast, type ForecastDay, type ForecastOptions, type ForecastWarning, type MethodSelection, forecastArrivals } from './forecast';
import { type ArrivalHistory, type CallHistorySummary, type ObservedInterval, historyIntervals, sliceHistory } from './history';
import type { MethodName, MethodParameters } from './methods';
import { type InputSource, type StaffingInputs, requirementForForecast, staffingInputs } from './plan';
import type { ErlangARequirement, ErlangCRequirement, MonthView, Requirement, RequirementTargets } from './requirement';

/** One interval of the report: the forecast, and when AHT is known, both requirements. */
export interface ReportInterval {
  start: string;
  day: string;
  label: string;
  dayType: ForecastDay['dayType'];
  /** Expected requests in the interval. */
  arrivals: number;
  /** Prediction interval of the requests. */
  lower: number;
  upper: number;
  /** Present with a requirement: */
  agentArrivals?: number;
  agentShare?: number;
  ivrAnsweredShare?: number;
  ahtSeconds?: number;
  trafficErlangs?: number;
  erlangC?: ErlangCRequirement;
  erlangA?: ErlangARequirement;
}

/** One day of the report. */
export type ReportDay = ForecastDay & {
  /** Σ Erlang C / Erlang A productive agents x interval length, hours (with a requirement). */
  erlangCAgentHours?: number;
  erlangAAgentHours?: number;
  /** Expected connect rate of the day with the month view's agents (with a requirement); null for a day without expected calls. */
  expectedConnectRate?: number | null;
};

/**
 * Why the forecast starts on its `from`: the caller chose the day (`given`); the day after the history's last day
 * (`after-history`); or the day of the ledger's feed clock, its latest event, the first day the ledger does not
 * hold completely (`feed-clock`, with the clock).
 */
export interface ForecastStart {
  reason: 'given' | 'after-history' | 'feed-clock';
  /** The feed clock (the ledger's latest event), an ISO instant, with `feed-clock`. */
  feedClock?: string;
}

/** The report. */
export interface ForecastReport {
  timeZone: string;
  intervalMinutes: number;
  calendar: Forecast['calendar'];
  from: string;
  to: string;
  /** Why the forecast starts on `from`. */
  start: ForecastStart;
  historyFrom: string;
  historyTo: string;
  method: { name: MethodName; parameters: MethodParameters; selectedBy: MethodSelection; backtest: BacktestScore[]; backtestWeeks: number };
  predictionInterval: Omit<Forecast['predictionInterval'], 'calibration'>;
  /** The staffing inputs and their sources; null when there is no requirement (a count series without an AHT). */
  inputs: {
    ahtSeconds: number;
    ahtSource: InputSource;
    patienceSeconds: number;
    patienceSource: InputSource;
    /** Standard error of a measured patience, seconds. */
    patienceStandardErrorSeconds?: number;
    /** Queue abandons and queued callers behind a measured patience. */
    patienceAbandons?: number;
    patienceCalls?: number;
    agentShare: number;
    ivrAnsweredShare: number;
  } | null;
  targets: RequirementTargets | null;
  shrinkage: number | null;
  minAgents: number | null;
  agentConnectRateTarget: number | null;
  /** Observed arrivals of the last days before `from` (for charts). */
  history: ObservedInterval[];
  days: ReportDay[];
  intervals: ReportInterval[];
  totals: Requirement['totals'] | null;
  /** The month view (its per-interval list is in `monthView.intervals`). */
  monthView: MonthView | null;
  warnings: ForecastWarning[];
}

/**
 * Assembles the report from a forecast, its history, and optionally the staffing inputs and requirement.
 *
 * @param forecast the forecast.
 * @param history the history it was made from (the last `historyDays` days before the forecast are included).
 * @param staffing the inputs and requirement, or null (forecast only).
 * @param historyDays days of history to include (default 14).
 * @returns the {@link ForecastReport}.
 */
export function buildForecastReport(
  forecast: Forecast,
  history: ArrivalHistory,
  staffing: { inputs: StaffingInputs; requirement: Requirement } | null,
  historyDays = 14,
  start: ForecastStart = { reason: 'after-history' },
): ForecastReport {
  const req = staffing?.requirement;
  const perDay = 1440 / forecast.intervalMinutes;
  const hours = forecast.intervalMinutes / 60;
  const intervals: ReportInterval[] = forecast.intervals.map((iv, i) => {
    const r = req?.intervals[i];
    if (!r) return { ...iv };
    return {
      ...iv,
      agentArrivals: r.agentArrivals,
      agentShare: r.agentShare,
      ivrAnsweredShare: r.ivrAnsweredShare,
      ahtSeconds: r.ahtSeconds,
      trafficErlangs: r.trafficErlangs,
      erlangC: r.erlangC,
      erlangA: r.erlangA,
    };
  });
  const days: ReportDay[] = forecast.days.map((d, j) => {
    if (!req) return { ...d };
    const slice = req.intervals.slice(j * perDay, (j + 1) * perDay);
    const view = req.monthView.days.find((x) => x.period === d.day);
    return {
      ...d,
      erlangCAgentHours: slice.reduce((s, r) => s + r.erlangC.agents, 0) * hours,
      erlangAAgentHours: slice.reduce((s, r) => s + r.erlangA.agents, 0) * hours,
      expectedConnectRate: view?.connectRate,
    };
  });
  const inputs = staffing?.inputs;
  const estimate = inputs?.patienceEstimate;
  return {
    timeZone: forecast.timeZone,
    intervalMinutes: forecast.intervalMinutes,
    calendar: forecast.calendar,
    from: forecast.from,
    to: forecast.to,
    start,
    historyFrom: forecast.historyFrom,
    historyTo: forecast.historyTo,
    method: forecast.method,
    predictionInterval: {
      level: forecast.predictionInterval.level,
      overdispersionInterval: forecast.predictionInterval.overdispersionInterval,
      overdispersionDay: forecast.predictionInterval.overdispersionDay,
      source: forecast.predictionInterval.source,
    },
    inputs: inputs
      ? {
          ahtSeconds: inputs.ahtSeconds,
          ahtSource: inputs.ahtSource,
          patienceSeconds: inputs.patienceSeconds,
          patienceSource: inputs.patienceSource,
          ...(estimate?.kind === 'estimated' && inputs.patienceSource === 'measured'
            ? { patienceStandardErrorSeconds: estimate.standardErrorSeconds, patienceAbandons: estimate.abandoned, patienceCalls: estimate.calls }
            : {}),
          agentShare: inputs.agentShare,
          ivrAnsweredShare: inputs.ivrAnsweredShare,
        }
      : null,
    targets: req?.targets ?? null,
    shrinkage: req?.shrinkage ?? null,
    minAgents: req?.minAgents ?? null,
    agentConnectRateTarget: req?.agentConnectRateTarget ?? null,
    history: historyIntervals(sliceHistory(history, addDays(forecast.from, -historyDays), forecast.from)),
    days,
    intervals,
    totals: req?.totals ?? null,
    monthView: req?.monthView ?? null,
    warnings: forecast.warnings,
  };
}

/** The targets used when none are given: the contract's connect rate 90 % and the common 80 % answered within 20 s. */
export const DEFAULT_TARGETS: RequirementTargets = { serviceLevelTarget: 0.8, targetSeconds: 20, targetConnectRate: 0.9 };

/** Options of {@link forecastReport}: the forecast's, the requirement's, and overrides of the measured inputs. */
export interface ForecastReportOptions extends ForecastOptions {
  /** Staffing targets (default {@link DEFAULT_TARGETS}); a partial object overrides only the fields it gives. */
  targets?: Partial<RequirementTargets>;
  /** Shrinkage fraction in [0, 1) (default 0). */
  shrinkage?: number;
  /** Minimum productive agents in every interval (default 0). */
  minAgents?: number;
  /** AHT in seconds, replacing the measured one. */
  ahtSeconds?: number;
  /** Mean patience in seconds, replacing the measured one. */
  patienceSeconds?: number;
  /** Days of history in the report (default 14). */
  historyDays?: number;
  /** Why `from` is what it is, reported as given (default: `given` with a `from`, else `after-history`). */
  start?: ForecastStart;
}

/**
 * History -> forecast -> requirement -> report, in one call (what the API and the CLI do).
 *
 * @param history the arrivals to forecast from.
 * @param summary call-record measurements ({@link summarizeCalls}), or null for a count series.
 * @param options forecast options, targets, shrinkage, minimum agents, overrides.
 * @returns the report; without call records and without `ahtSeconds` it has the forecast only (no requirement)
 *   and says so in `warnings`.
 * @throws ForecastInputError naming the field, as {@link forecastArrivals} and {@link computeRequirement}.
 */
export function forecastReport(history: ArrivalHistory, summary: CallHistorySummary | null, options: ForecastReportOptions = {}): ForecastReport {
  const forecast = forecastArrivals(history, options);
  const start = options.start ?? { reason: options.from === undefined ? 'after-history' : 'given' };
  const given = Object.entries(options.targets ?? {}).filter(([, v]) => v !== undefined);
  const targets: RequirementTargets = { ...DEFAULT_TARGETS, ...(Object.fromEntries(given) as Partial<RequirementTargets>) };
  if (summary?.aht == null && options.ahtSeconds === undefined) {
    const report = buildForecastReport(forecast, history, null, options.historyDays, start);
    report.warnings.push({ code: 'no-aht', message: 'no AHT: the history has no answered call with a handle time and none was given, so there is no staffing requirement' });
    return report;
  }
  const inputs = staffingInputs(summary, { ahtSeconds: options.ahtSeconds, patienceSeconds: options.patienceSeconds });
  const requirement = requirementForForecast(forecast, inputs, { targets, shrinkage: options.shrinkage, minAgents: options.minAgents });
  const report = buildForecastReport(forecast, history, { inputs, requirement }, options.historyDays, start);
  if (inputs.patienceSource === 'default') {
    report.warnings.push({ code: 'default-patience', message: `no caller waited in the history: Erlang A uses a default patience of ${inputs.patienceSeconds} s`, params: { patienceSeconds: inputs.patienceSeconds } });
  }
  if (inputs.patienceSource === 'one-abandon-bound') report.warnings.push({ code: 'patience-bound', message: 'no caller abandoned in the history: the patience is the bound one abandon would give (Σ waits)' });
  return report;
}
