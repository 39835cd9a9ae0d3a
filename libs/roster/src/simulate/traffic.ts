/**
 * Per-call traffic served by a roster, for a demo that tells one story from the floor to the planner: calls are
 * drawn one by one (a seeded non-homogeneous Poisson stream from the problem's forecast, {@link poissonArrivals}),
 * and each is answered by the agent on duty who takes it in the roster's discrete-event simulation
 * ({@link simulateRoster}: first come first served, handle times and patience from the given distributions, agents
 * on the phones only during their shifts), or abandoned when the caller's patience runs out first. No third queue
 * model: this only records the simulation's own calls.
 */
import { INTERVAL_MINUTES, type PreparedProblem } from '../model/problem';
import type { Schedule } from '../model/schedule';
import { poissonArrivals, simulateRoster, type DurationModel, type SimulatedCall } from './simulate';

/** One generated call. Times in seconds from the period's first local midnight. */
export type ServedCall =
  /** Agent `agentId` answered at `answeredAt` after `waitSeconds` in the queue and talked `handleSeconds`. */
  | { n: number; arrivalSeconds: number; outcome: 'answered'; agentId: string; answeredAt: number; waitSeconds: number; handleSeconds: number }
  /** The caller hung up in the queue at `abandonedAt`, after `waitSeconds`. */
  | { n: number; arrivalSeconds: number; outcome: 'abandoned'; abandonedAt: number; waitSeconds: number };

/** Inputs of {@link servedTraffic}. */
export interface TrafficInput {
  /** Handle (talk) time distribution, seconds. */
  handleTime: DurationModel;
  /** Patience in the queue, seconds. */
  patience: DurationModel;
  /** Seed of the arrivals and of the simulation's draws: the same seed, problem and roster give the same calls. */
  seed: number;
  /** Expected calls per 30-minute interval (default: the problem's forecast, `p.offered`). */
  expectedPerInterval?: readonly number[];
}

/** What {@link servedTraffic} returns: the calls in arrival order, numbered from 1, and their totals. */
export interface ServedTraffic {
  calls: ServedCall[];
  total: { offered: number; answered: number; abandoned: number; connectRate: number };
}

/**
 * Generates the calls of a period and serves them with a roster's schedule.
 *
 * @param p the prepared problem the roster was planned for (agents, dates, forecast).
 * @param schedule the roster laid out in time ({@link buildSchedule} of the published roster).
 * @param input distributions and seed.
 * @returns every call with its fate, in arrival order; `total.connectRate` = answered / offered (1 when none).
 * @throws Error when an empirical distribution has no samples (from {@link simulateRoster}).
 * @example
 * const p = prepareProblem(version.problem);
 * const { calls } = servedTraffic(p, buildSchedule(p, version.roster), { handleTime, patience, seed: 12123 });
 */
export function servedTraffic(p: PreparedProblem, schedule: Schedule, input: TrafficInput): ServedTraffic {
  const expected = input.expectedPerInterval ?? p.offered;
  const horizon = p.intervals * INTERVAL_MINUTES * 60;
  const arrivals = poissonArrivals(expected.slice(0, p.intervals), input.seed).filter((t) => t < horizon);
  const seen: SimulatedCall[] = [];
  const sim = simulateRoster(p, schedule, { arrivalsSeconds: arrivals, handleTime: input.handleTime, patience: input.patience, seed: input.seed, onCall: (c) => seen.push(c) });
  seen.sort((a, b) => a.arrival - b.arrival);
  const calls = seen.map((c, i): ServedCall =>
    c.outcome === 'answered'
      ? { n: i + 1, arrivalSeconds: c.arrival, outcome: 'answered', agentId: p.agents[c.agent].id, answeredAt: c.at, waitSeconds: c.at - c.arrival, handleSeconds: c.handleSeconds }
      : { n: i + 1, arrivalSeconds: c.arrival, outcome: 'abandoned', abandonedAt: c.at, waitSeconds: c.at - c.arrival },
  );
  const { offered, answered, abandoned, connectRate } = sim.total;
  return { calls, total: { offered, answered, abandoned, connectRate } };
}
