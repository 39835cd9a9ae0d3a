/**
 * The planner's inverse use of Erlang A: given the agents of each interval and the forecast calls, the expected
 * answered and lost calls per interval, per period (a day) and in total (a month), and the connect rate of each
 * as Σ answered / Σ offered.
 *
 * The contract's connect rate is a ratio of sums over the month, so intervals weigh by their calls; the mean of
 * interval rates is a different (wrong) number (reference case A15: 86.65 % vs 79.86 %). Each interval is
 * taken in steady state; queues carried over between intervals are ignored. Erlang C is not offered here: in
 * it nobody is lost while the interval is stable, and nothing is defined when it is not.
 * Sources: Palm (1943); Mandelbaum and Zeltyn (2005).
 */
import { erlangACore, checkScale } from './erlang-a';
import { erlangBUnchecked } from './erlang-b-c';
import { ErlangInputError } from './errors';
import { requireCount, requireNonNegative, requirePositive } from './inputs';

/** One interval of a staffing plan. */
export interface PlanInterval {
  /** Forecast offered calls in the interval (an expectation, need not be whole), >= 0. */
  callsPerInterval: number;
  /** Productive agents on duty in the interval, a whole number >= 0. */
  agents: number;
  /** This interval's AHT in seconds, if it differs from the plan's. */
  ahtSeconds?: number;
  /** This interval's mean patience in seconds, if it differs from the plan's. */
  patienceSeconds?: number;
  /** A label to total by, e.g. the local date `2025-03-01`; intervals without one count only in `total`. */
  period?: string;
}

/** Inputs of {@link expectedOutcomes}. */
export interface PlanInput {
  /** Length of every interval in minutes (e.g. 30), > 0. */
  intervalMinutes: number;
  /** Default AHT in seconds, > 0. */
  ahtSeconds: number;
  /** Default mean patience in seconds, > 0. */
  patienceSeconds: number;
  /** The intervals, in any order. */
  intervals: readonly PlanInterval[];
}

/** Expected outcome of one interval. */
export interface IntervalOutcome {
  /** Echo of the interval's period label, if any. */
  period?: string;
  /** Offered calls (the forecast). */
  offered: number;
  /** Agents on duty. */
  agents: number;
  /** Erlang A probability of abandonment. */
  probAbandon: number;
  /** 1 − probAbandon. */
  connectRate: number;
  /** offered × connectRate. */
  expectedAnswered: number;
  /** offered × probAbandon. */
  expectedAbandoned: number;
}

/** Totals over several intervals. */
export interface OutcomeTotals {
  /** Σ offered calls. */
  offered: number;
  /** Σ expected answered calls. */
  answered: number;
  /** Σ expected abandoned calls. */
  abandoned: number;
  /** Σ answered / Σ offered (1 when nothing is offered: no request was lost). */
  connectRate: number;
}

/** Result of {@link expectedOutcomes}. */
export interface PlanOutcome {
  /** One entry per input interval, in input order. */
  intervals: IntervalOutcome[];
  /** Totals over every interval (e.g. the month). */
  total: OutcomeTotals;
  /** Totals per period label (e.g. per day), in order of first appearance. */
  byPeriod: Record<string, OutcomeTotals>;
}

/**
 * Sums interval outcomes into totals with the call-weighted connect rate Σ answered / Σ offered.
 *
 * @param outcomes intervals (or days: anything with offered, answered and abandoned counts).
 * @returns the totals; connectRate is 1 when nothing was offered.
 * @example
 * sumOutcomes([{ offered: 20, expectedAnswered: 17.75, expectedAbandoned: 2.25 }, { offered: 60, expectedAnswered: 53.02, expectedAbandoned: 6.98 }]);
 * // { offered: 80, answered: 70.77, abandoned: 9.23, connectRate: 0.8846 }
 */
export function sumOutcomes(outcomes: readonly Pick<IntervalOutcome, 'offered' | 'expectedAnswered' | 'expectedAbandoned'>[]): OutcomeTotals {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  for (const o of outcomes) {
    offered += o.offered;
    answered += o.expectedAnswered;
    abandoned += o.expectedAbandoned;
  }
  return { offered, answered, abandoned, connectRate: offered === 0 ? 1 : answered / offered };
}

/**
 * Expected answered and abandoned calls of every interval of a plan under Erlang A, and the call-weighted
 * connect rate per period and in total: the number the contract scores (monthly Σ answered / Σ offered).
 *
 * @param input `{ intervalMinutes, ahtSeconds, patienceSeconds, intervals: [{ callsPerInterval, agents,
 *   ahtSeconds?, patienceSeconds?, period? }] }`; times in seconds, interval length in minutes.
 * @returns per-interval outcomes, totals by period and in total.
 * @throws ErlangInputError naming the field, e.g. `intervals[3].agents must be a non-negative integer`.
 * @see Palm (1943); Mandelbaum and Zeltyn (2005); the tender's 接通率 (shared/reference/erlang-notes.md §5).
 * @example
 * const plan = expectedOutcomes({ intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 90, intervals: [
 *   { callsPerInterval: 20, agents: 4 }, { callsPerInterval: 60, agents: 9 }, { callsPerInterval: 6, agents: 1 }] });
 * plan.total.connectRate; // 0.866514682689 (the mean of the three interval rates would be 0.7986)
 */
export function expectedOutcomes(input: PlanInput): PlanOutcome {
  const intervalMinutes = requirePositive(input.intervalMinutes, 'intervalMinutes');
  const defaultAht = requirePositive(input.ahtSeconds, 'ahtSeconds');
  const defaultPatience = requirePositive(input.patienceSeconds, 'patienceSeconds');
  if (!Array.isArray(input.intervals)) throw new ErlangInputError('missing', 'intervals', 'must be an array');
  const intervals = input.intervals.map((interval, i): IntervalOutcome => {
    const at = `intervals[${i}]`;
    const offered = requireNonNegative(interval.callsPerInterval, `${at}.callsPerInterval`);
    const agents = requireCount(interval.agents, `${at}.agents`);
    const ahtSeconds = interval.ahtSeconds === undefined ? defaultAht : requirePositive(interval.ahtSeconds, `${at}.ahtSeconds`);
    const patienceSeconds = interval.patienceSeconds === undefined ? defaultPatience : requirePositive(interval.patienceSeconds, `${at}.patienceSeconds`);
    const arrivalsPerHour = (offered * 60) / intervalMinutes;
    const params = { arrivalsPerHour, ahtSeconds, agents, patienceSeconds };
    checkScale(params);
    const { probAbandon } = erlangACore(params, erlangBUnchecked(agents, (arrivalsPerHour * ahtSeconds) / 3600));
    const outcome: IntervalOutcome = {
      offered,
      agents,
      probAbandon,
      connectRate: 1 - probAbandon,
      expectedAnswered: offered * (1 - probAbandon),
      expectedAbandoned: offered * probAbandon,
    };
    if (interval.period !== undefined) outcome.period = interval.period;
    return outcome;
  });
  const groups = new Map<string, IntervalOutcome[]>();
  for (const o of intervals) {
    if (o.period === undefined) continue;
    const group = groups.get(o.period);
    if (group) group.push(o);
    else groups.set(o.period, [o]);
  }
  const byPeriod: Record<string, OutcomeTotals> = {};
  for (const [period, group] of groups) byPeriod[period] = sumOutcomes(group);
  return { intervals, total: sumOutcomes(intervals), byPeriod };
}
