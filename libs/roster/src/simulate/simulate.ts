/**
 * A discrete-event simulation of the agent queue under a roster, to check the Erlang A prediction: calls arrive
 * at given instants (a replay of real arrivals, or a Poisson stream from the forecast), wait first-come
 * first-served, are answered by the first agent free and on the phones, and hang up when their patience runs out.
 * Unlike the prediction, queues carry over from one interval to the next, agents finish the call in hand when
 * their shift ends, and handle times and patience can follow the data's own distributions instead of the
 * exponential ones Erlang A assumes.
 *
 * On the phones: an agent is on the phones during her shifts, except during a training session she attends or
 * leads; an agent with a productive share f < 1 (the floor manager at half a seat, shrinkage) is on the phones
 * for f x 30 minutes of each interval, staggered between agents, which is what the prediction's interpolation
 * between whole agents assumes.
 */
import { INTERVAL_MINUTES, type PreparedProblem } from '../model/problem';
import { seededRandom } from '../random';
import type { Schedule } from '../model/schedule';

/** A distribution of durations in seconds. */
export type DurationModel =
  | { kind: 'exponential'; meanSeconds: number }
  /** Resampling of observed values (e.g. the handle times of answered calls). */
  | { kind: 'empirical'; samplesSeconds: readonly number[] }
  /**
   * A survival curve (Kaplan–Meier of censored patience): S(times[i]) = survival[i], a step function; beyond the
   * last time an exponential tail of mean `tailMeanSeconds`.
   */
  | { kind: 'survival'; times: readonly number[]; survival: readonly number[]; tailMeanSeconds: number };

/** Inputs of {@link simulateRoster}. */
export interface SimulationInput {
  /** Arrival instants in seconds from the period's first midnight, in any order. */
  arrivalsSeconds: readonly number[];
  handleTime: DurationModel;
  patience: DurationModel;
  /** Seed of the random draws (default 1). */
  seed?: number;
  /**
   * Called once per simulated call with its fate (who answered it and when, or when the caller hung up), e.g. to
   * generate per-call traffic served by the roster. It only observes: the draws, and so the result, are the same
   * with or without it.
   */
  onCall?: (call: SimulatedCall) => void;
}

/**
 * One call of the simulation. Times in seconds from the period's first midnight. `answered`: agent index `agent`
 * (in the problem's order) took it at `at` and handled it for `handleSeconds`; `abandoned`: the caller hung up at
 * `at` (his patience ran out) without an agent.
 */
export type SimulatedCall =
  | { outcome: 'answered'; arrival: number; at: number; agent: number; handleSeconds: number }
  | { outcome: 'abandoned'; arrival: number; at: number };

/** Outcome of one interval in the simulation. */
export interface SimulatedInterval {
  offered: number;
  answered: number;
  abandoned: number;
}

/** Result of {@link simulateRoster}. */
export interface SimulationResult {
  intervals: SimulatedInterval[];
  days: { date: string; offered: number; answered: number; abandoned: number; connectRate: number }[];
  total: { offered: number; answered: number; abandoned: number; connectRate: number; asaSeconds: number };
  /** Calls still waiting or in service when the period ended are counted by their outcome after it. */
  spilloverSeconds: number;
}

/** A sampler of a duration model. */
export function sampler(model: DurationModel, random: () => number): () => number {
  switch (model.kind) {
    case 'exponential':
      return () => -model.meanSeconds * Math.log(1 - random());
    case 'empirical': {
      const xs = model.samplesSeconds;
      if (xs.length === 0) throw new Error('empirical distribution needs samples');
      return () => xs[Math.floor(random() * xs.length)];
    }
    case 'survival': {
      const { times, survival, tailMeanSeconds } = model;
      const last = survival.length ? survival[survival.length - 1] : 1;
      const lastTime = times.length ? times[times.length - 1] : 0;
      return () => {
        const u = random();
        // Smallest t with S(t) <= u; beyond the curve an exponential tail.
        if (u < last) return lastTime - tailMeanSeconds * Math.log(u / last);
        let lo = 0;
        let hi = survival.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (survival[mid] <= u) hi = mid;
          else lo = mid + 1;
        }
        return times[lo];
      };
    }
  }
}

/**
 * Kaplan–Meier estimate of the patience survival curve from queued callers: an abandoner's wait is an observed
 * patience, an answered caller's wait a lower bound on his (right-censored). Source: E. Kaplan, P. Meier,
 * "Nonparametric estimation from incomplete observations", JASA 53 (1958); used for call-centre patience by
 * Brown et al. (JASA 2005).
 *
 * @param records `{ waitSeconds, abandoned }` of queued callers.
 * @returns the step function (times ascending, survival after each), for a `survival` duration model.
 */
export function kaplanMeier(records: readonly { waitSeconds: number; abandoned: boolean }[]): { times: number[]; survival: number[] } {
  const sorted = [...records].sort((a, b) => a.waitSeconds - b.waitSeconds || Number(b.abandoned) - Number(a.abandoned));
  let atRisk = sorted.length;
  let s = 1;
  const times: number[] = [];
  const survival: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i].waitSeconds;
    let events = 0;
    let removed = 0;
    while (i < sorted.length && sorted[i].waitSeconds === t) {
      if (sorted[i].abandoned) events += 1;
      removed += 1;
      i += 1;
    }
    if (events > 0 && atRisk > 0) {
      s *= 1 - events / atRisk;
      times.push(t);
      survival.push(s);
    }
    atRisk -= removed;
  }
  return { times, survival };
}

/** Non-homogeneous Poisson arrivals with a constant rate in each interval (expected calls per interval given). */
export function poissonArrivals(expectedPerInterval: readonly number[], seed = 1): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  const len = INTERVAL_MINUTES * 60;
  expectedPerInterval.forEach((mean, t) => {
    if (mean <= 0) return;
    let time = -Math.log(1 - random()) * (len / mean);
    while (time < len) {
      out.push(t * len + time);
      time += -Math.log(1 - random()) * (len / mean);
    }
  });
  return out;
}

/**
 * Arrival instants from counts per block (e.g. real calls per hour): each block's calls placed uniformly at random
 * in it (a Poisson process given its count), after scaling the counts by `factor` — binomial thinning below 1,
 * replication plus thinning above.
 *
 * @param counts calls per block, in order from the period's first midnight.
 * @param blockSeconds length of a block (3600 for hourly counts).
 */
export function arrivalsFromCounts(counts: readonly number[], blockSeconds: number, factor = 1, seed = 1): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  counts.forEach((count, b) => {
    let n = 0;
    for (let i = 0; i < count; i++) {
      n += Math.floor(factor);
      if (random() < factor - Math.floor(factor)) n += 1;
    }
    for (let i = 0; i < n; i++) out.push(b * blockSeconds + random() * blockSeconds);
  });
  return out.sort((x, y) => x - y);
}

/** Windows [start, end) in seconds during which an agent is on the phones. */
function phoneWindows(p: PreparedProblem, schedule: Schedule, a: number): [number, number][] {
  const agent = p.agents[a];
  const spans: [number, number][] = [];
  if (agent.carryInMinutes > 0) spans.push([0, agent.carryInMinutes * 60]);
  for (const s of schedule.shifts[a]) spans.push([s.start * 60, s.end * 60]);
  const away: [number, number][] = schedule.sessions.filter((s) => s.attendees.includes(a) || s.trainer === a).map((s) => [s.start * 60, s.end * 60]);
  const f = agent.productive;
  const len = INTERVAL_MINUTES * 60;
  const out: [number, number][] = [];
  const push = (from: number, to: number): void => {
    for (const [x, y] of away) {
      if (to <= x || from >= y) continue;
      if (from < x) push(from, x);
      if (to > y) push(y, to);
      return;
    }
    if (to > from) out.push([from, to]);
  };
  for (const [from, to] of spans) {
    if (f >= 1 - 1e-9) {
      push(from, to);
      continue;
    }
    // A part seat: on the phones f x 30 min of each interval, from a phase that differs between agents.
    const phase = ((a * 7 * 60) % len) / len;
    for (let t0 = Math.floor(from / len) * len; t0 < to; t0 += len) {
      const on = t0 + phase * len;
      const segments: [number, number][] = on + f * len <= t0 + len ? [[on, on + f * len]] : [[on, t0 + len], [t0, t0 + (on + f * len - (t0 + len))]];
      for (const [x, y] of segments) push(Math.max(x, from), Math.min(y, to));
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** A binary heap of [time, kind, agent]. */
class Heap {
  private readonly items: [number, number, number][] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: [number, number, number]): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent][0] <= h[i][0]) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }
  peek(): [number, number, number] | undefined {
    return this.items[0];
  }
  pop(): [number, number, number] | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l][0] < h[m][0]) m = l;
        if (r < h.length && h[r][0] < h[m][0]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

const FREE = 0;
const WINDOW = 1;

/**
 * Simulates the agent queue of a roster (see the module comment).
 *
 * @param p the prepared problem (agents, productive shares, dates).
 * @param schedule the roster laid out ({@link buildSchedule}).
 * @param input arrivals, handle-time and patience models, seed.
 * @returns offered, answered and abandoned calls per interval, day and period (by arrival interval), and the ASA
 *   of answered calls.
 * @example
 * const sim = simulateRoster(p, buildSchedule(p, roster), { arrivalsSeconds: poissonArrivals(p.offered), handleTime: { kind: 'exponential', meanSeconds: 172 }, patience: { kind: 'exponential', meanSeconds: 330 } });
 * sim.total.connectRate; // compare with evaluateRoster(...).total.connectRate
 */
export function simulateRoster(p: PreparedProblem, schedule: Schedule, input: SimulationInput): SimulationResult {
  const random = seededRandom(input.seed ?? 1);
  const handle = sampler(input.handleTime, random);
  const patience = sampler(input.patience, random);
  const arrivals = [...input.arrivalsSeconds].filter((t) => t >= 0 && t < p.intervals * INTERVAL_MINUTES * 60).sort((x, y) => x - y);
  const windows = p.agents.map((_, a) => phoneWindows(p, schedule, a));
  const windowIndex = p.agents.map(() => 0);
  /** The window containing time t for agent a, or the next one; advances monotonically. */
  const windowAt = (a: number, t: number): [number, number] | undefined => {
    const w = windows[a];
    while (windowIndex[a] < w.length && w[windowIndex[a]][1] <= t) windowIndex[a] += 1;
    return w[windowIndex[a]];
  };
  const len = INTERVAL_MINUTES * 60;
  const intervals: SimulatedInterval[] = Array.from({ length: p.intervals }, () => ({ offered: 0, answered: 0, abandoned: 0 }));
  const idleSince = new Map<number, number>();
  const events = new Heap();
  for (let a = 0; a < p.agents.length; a++) {
    const w = windowAt(a, 0);
    if (w) events.push([w[0], WINDOW, a]);
    idleSince.set(a, 0);
  }
  const queue: { arrival: number; deadline: number; interval: number }[] = [];
  let head = 0;
  let waitSum = 0;
  let answeredCount = 0;
  let lastEvent = 0;
  const onCall = input.onCall;
  const serve = (a: number, now: number, call: { arrival: number; interval: number }): void => {
    idleSince.delete(a);
    intervals[call.interval].answered += 1;
    waitSum += now - call.arrival;
    answeredCount += 1;
    const handleSeconds = handle();
    onCall?.({ outcome: 'answered', arrival: call.arrival, at: now, agent: a, handleSeconds });
    events.push([now + handleSeconds, FREE, a]);
  };
  const abandon = (call: { arrival: number; deadline: number; interval: number }): void => {
    intervals[call.interval].abandoned += 1;
    onCall?.({ outcome: 'abandoned', arrival: call.arrival, at: call.deadline });
  };
  /** Agent a is free at `now`: she takes the next caller still waiting if she is on the phones, else waits for her next window. */
  const agentFree = (a: number, now: number): void => {
    const w = windowAt(a, now);
    if (!w) {
      idleSince.set(a, now);
      return;
    }
    if (w[0] > now) {
      idleSince.set(a, now);
      events.push([w[0], WINDOW, a]);
      return;
    }
    while (head < queue.length) {
      const call = queue[head++];
      if (call.deadline >= now) {
        serve(a, now, call);
        return;
      }
      abandon(call);
    }
    idleSince.set(a, now);
    // Idle on the phones until the window ends; a later window wakes her again.
    const next = windows[a][windowIndex[a] + 1];
    if (next) events.push([next[0], WINDOW, a]);
  };
  let i = 0;
  while (i < arrivals.length || events.size > 0) {
    const nextEvent = events.peek();
    if (i < arrivals.length && (!nextEvent || arrivals[i] < nextEvent[0])) {
      const now = arrivals[i++];
      lastEvent = now;
      const interval = Math.min(p.intervals - 1, Math.floor(now / len));
      intervals[interval].offered += 1;
      // The agent idle longest among those on the phones now.
      let pick = -1;
      let since = Infinity;
      for (const [a, s] of idleSince) {
        const w = windowAt(a, now);
        if (w && w[0] <= now && s < since) {
          since = s;
          pick = a;
        }
      }
      const call = { arrival: now, deadline: now + patience(), interval };
      if (pick >= 0) serve(pick, now, call);
      else queue.push(call);
      continue;
    }
    const [now, kind, a] = events.pop() as [number, number, number];
    lastEvent = Math.max(lastEvent, now);
    if (kind === FREE) agentFree(a, now);
    else if (idleSince.has(a)) agentFree(a, now);
  }
  // Callers left waiting when no agent comes any more abandon.
  while (head < queue.length) abandon(queue[head++]);
  const perDay = p.dates.slice(0, p.days).map((date, d) => {
    const slice = intervals.slice(d * 48, (d + 1) * 48);
    const offered = slice.reduce((s, x) => s + x.offered, 0);
    const answered = slice.reduce((s, x) => s + x.answered, 0);
    return { date, offered, answered, abandoned: offered - answered, connectRate: offered === 0 ? 1 : answered / offered };
  });
  const offered = intervals.reduce((s, x) => s + x.offered, 0);
  const answered = intervals.reduce((s, x) => s + x.answered, 0);
  return {
    intervals,
    days: perDay,
    total: { offered, answered, abandoned: offered - answered, connectRate: offered === 0 ? 1 : answered / offered, asaSeconds: answeredCount ? waitSum / answeredCount : 0 },
    spilloverSeconds: Math.max(0, lastEvent - p.intervals * len),
  };
}
