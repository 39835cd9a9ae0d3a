/**
 * Glue for the API and the CLI: the staffing inputs measured from call records (with stated fallbacks and
 * overrides), and the requirement of a forecast's intervals with those inputs.
 */
import type { PatienceEstimate } from '@hotline/erlang';
import { ForecastInputError } from './errors';
import type { Forecast } from './forecast';
import type { CallHistorySummary } from './history';
import { computeRequirement, type Requirement, type RequirementTargets } from './requirement';

/**
 * Patience used when the history cannot give one (no caller ever waited) and none is given: the exponential
 * patience of the product's synthetic profile (README, "What npm run demo does"). Reported as `default`.
 */
export const DEFAULT_PATIENCE_SECONDS = 120;

/** Where a model input came from. */
export type InputSource = 'measured' | 'given' | 'default' | 'one-abandon-bound';

/** The inputs of the requirement, with their sources. */
export interface StaffingInputs {
  /** AHT in seconds (talk + wrap of answered calls, or given). */
  ahtSeconds: number;
  ahtSource: InputSource;
  /** AHT per interval of the day (measured, credibility-weighted), used only when the AHT is measured. */
  ahtByInterval?: number[];
  /** Mean patience in seconds. */
  patienceSeconds: number;
  /**
   * `measured`: the censored-exponential MLE; `given`; `one-abandon-bound`: nobody abandoned, so the patience is
   * taken as Σ waits / 1, what a single abandon would have given (the data say it is at least about that long);
   * `default`: nobody waited, {@link DEFAULT_PATIENCE_SECONDS}.
   */
  patienceSource: InputSource;
  /** The estimate behind a measured patience (libs/erlang estimatePatience), if any. */
  patienceEstimate?: PatienceEstimate;
  /** Fractions of requests reaching the agents and completed in the IVR (1 and 0 without call records). */
  agentShare: number;
  ivrAnsweredShare: number;
  /** The same per interval of the day, when measured. */
  sharesByInterval?: { agentShare: number[]; ivrAnsweredShare: number[] };
}

/**
 * The requirement's inputs from a call-record summary (or none, for a series of counts), with overrides.
 *
 * @param summary what {@link summarizeCalls} measured, or null for a count series (no AHT, waits or outcomes).
 * @param overrides `ahtSeconds` and `patienceSeconds` (seconds, > 0) replace the measured values everywhere.
 * @returns the inputs and their sources.
 * @throws ForecastInputError `ahtSeconds` when no AHT is given and none can be measured.
 */
export function staffingInputs(summary: CallHistorySummary | null, overrides: { ahtSeconds?: number; patienceSeconds?: number } = {}): StaffingInputs {
  let ahtSeconds: number;
  let ahtSource: InputSource;
  let ahtByInterval: number[] | undefined;
  if (overrides.ahtSeconds !== undefined) {
    ahtSeconds = overrides.ahtSeconds;
    ahtSource = 'given';
  } else if (summary?.aht) {
    ahtSeconds = summary.aht.ahtSeconds;
    ahtSource = 'measured';
    ahtByInterval = summary.ahtByInterval ?? undefined;
  } else {
    throw new ForecastInputError('invalid', 'ahtSeconds', 'is needed: the history has no answered call with a handle time');
  }
  if (!(ahtSeconds > 0) || !Number.isFinite(ahtSeconds)) throw new ForecastInputError('out-of-range', 'ahtSeconds', `must be a number > 0 (got ${ahtSeconds})`);
  const estimate = summary?.patience ?? undefined;
  let patienceSeconds = DEFAULT_PATIENCE_SECONDS;
  let patienceSource: InputSource = 'default';
  if (overrides.patienceSeconds !== undefined) {
    patienceSeconds = overrides.patienceSeconds;
    patienceSource = 'given';
  } else if (estimate?.kind === 'estimated') {
    patienceSeconds = estimate.patienceSeconds;
    patienceSource = 'measured';
  } else if (estimate?.kind === 'no-abandons' && estimate.totalWaitSeconds > 0) {
    patienceSeconds = estimate.totalWaitSeconds;
    patienceSource = 'one-abandon-bound';
  }
  if (!(patienceSeconds > 0) || !Number.isFinite(patienceSeconds)) throw new ForecastInputError('out-of-range', 'patienceSeconds', `must be a number > 0 (got ${patienceSeconds})`);
  const inputs: StaffingInputs = {
    ahtSeconds,
    ahtSource,
    patienceSeconds,
    patienceSource,
    agentShare: summary?.shares.requests ? summary.shares.agentShare : 1,
    ivrAnsweredShare: summary?.shares.requests ? summary.shares.ivrAnsweredShare : 0,
  };
  if (ahtByInterval) inputs.ahtByInterval = ahtByInterval;
  if (estimate) inputs.patienceEstimate = estimate;
  if (summary?.shares.requests) inputs.sharesByInterval = summary.sharesByInterval;
  return inputs;
}

/** Options of {@link requirementForForecast}. */
export interface ForecastRequirementOptions {
  targets: RequirementTargets;
  /** Shrinkage fraction in [0, 1) (default 0). */
  shrinkage?: number;
  /** Minimum productive agents in every interval (default 0). */
  minAgents?: number;
  /** Productive agents per interval for the month view (default: the Erlang A requirement). */
  agentsPerInterval?: number | readonly number[];
}

/**
 * The requirement of every interval of a forecast: expected arrivals from the forecast, AHT and the IVR's shares
 * per interval of the day when measured, the patience of the inputs.
 *
 * @param forecast a forecast ({@link forecastArrivals}).
 * @param inputs staffing inputs ({@link staffingInputs}).
 * @param options targets, shrinkage, minimum agents, agents for the month view.
 * @returns the {@link Requirement}.
 * @throws ForecastInputError as {@link computeRequirement}.
 */
export function requirementForForecast(forecast: Forecast, inputs: StaffingInputs, options: ForecastRequirementOptions): Requirement {
  const perDay = 1440 / forecast.intervalMinutes;
  return computeRequirement({
    intervalMinutes: forecast.intervalMinutes,
    timeZone: forecast.timeZone,
    ahtSeconds: inputs.ahtSeconds,
    patienceSeconds: inputs.patienceSeconds,
    agentShare: inputs.agentShare,
    ivrAnsweredShare: inputs.ivrAnsweredShare,
    targets: options.targets,
    shrinkage: options.shrinkage,
    minAgents: options.minAgents,
    agentsPerInterval: options.agentsPerInterval,
    intervals: forecast.intervals.map((iv, i) => {
      const k = i % perDay;
      return {
        start: iv.start,
        day: iv.day,
        label: iv.label,
        arrivals: iv.arrivals,
        ahtSeconds: inputs.ahtByInterval?.[k],
        agentShare: inputs.sharesByInterval?.agentShare[k],
        ivrAnsweredShare: inputs.sharesByInterval?.ivrAnsweredShare[k],
      };
    }),
  });
}
