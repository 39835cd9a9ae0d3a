/**
 * A synthetic day of calls, for demos where no real data may be shipped: Poisson arrivals per hour, a share
 * served in IVR self-service, the rest queued FCFS for `agents` servers with exponential handle times and
 * exponential patience (an M/M/n+M queue: Palm 1943, the Erlang A model), simulated event by event with a seeded
 * generator, so the same profile and seed give the same day. Every event has `source: 'synthetic'` and the
 * console labels such data as synthetic.
 */
import type { CallEvent } from './events';
import { parseDayKey } from './calendar';
import { localToInstant } from './time';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

/** What the synthetic day looks like. Rates per hour of local time; durations in seconds. */
export interface SyntheticProfile {
  /** Local date `YYYY-MM-DD` of the day. */
  date: string;
  timeZone: string;
  /** Requests per hour for local hours 0..23 (24 numbers, calls per hour). */
  arrivalsPerHour: number[];
  /** Share of requests completed in IVR self-service, fraction 0..1. */
  ivrShare: number;
  /** Mean seconds spent in IVR before self-service ends or the caller asks for an agent. */
  ivrSeconds: number;
  /** Mean handle time (talk), seconds. */
  ahtSeconds: number;
  /** Mean patience in the queue, seconds (exponential). */
  patienceSeconds: number;
  /** Agents on duty, the same all day. */
  agents: number;
  seed: number;
}

/**
 * A 24/7 traffic-police hotline shape: quiet nights, morning and afternoon peaks, three agents on duty (six people
 * covering 168 hours a week rarely have more at once), so the day ends near the 90% line.
 */
export const DEFAULT_SYNTHETIC_PROFILE: Omit<SyntheticProfile, 'date'> = {
  timeZone: 'Asia/Shanghai',
  arrivalsPerHour: [6, 4, 3, 2, 2, 3, 8, 20, 44, 58, 60, 54, 40, 42, 56, 58, 52, 44, 32, 26, 22, 18, 12, 8],
  ivrShare: 0.3,
  ivrSeconds: 40,
  ahtSeconds: 200,
  patienceSeconds: 120,
  agents: 3,
  seed: 12123,
};

/** A seeded uniform generator on [0, 1) (pure-rand's Mersenne Twister), so every run draws the same numbers. */
function random(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

/**
 * Simulates the day and returns its canonical events in time order.
 * @throws RangeError when the profile is not usable (24 rates, shares in [0,1], positive durations, agents >= 0).
 */
export function synthesizeDay(profile: SyntheticProfile): CallEvent[] {
  const { arrivalsPerHour, ivrShare, ivrSeconds, ahtSeconds, patienceSeconds, agents, timeZone } = profile;
  if (arrivalsPerHour.length !== 24 || arrivalsPerHour.some((r) => !(r >= 0))) throw new RangeError('arrivalsPerHour needs 24 non-negative rates');
  if (!(ivrShare >= 0 && ivrShare <= 1)) throw new RangeError('ivrShare must be a fraction in [0, 1]');
  if (!(ivrSeconds > 0 && ahtSeconds > 0 && patienceSeconds > 0)) throw new RangeError('ivrSeconds, ahtSeconds and patienceSeconds must be positive');
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number >= 0');
  const { year, month, day } = parseDayKey(profile.date);
  const rand = random(profile.seed);
  const exp = (mean: number) => -Math.log(1 - rand()) * mean * 1000;
  const hourStart = (h: number) => localToInstant({ year, month, day, hour: h, minute: 0, second: 0, millisecond: 0 }, timeZone).getTime();

  // Arrivals: a Poisson process per local hour.
  const arrivals: number[] = [];
  for (let h = 0; h < 24; h++) {
    const rate = arrivalsPerHour[h];
    if (rate === 0) continue;
    for (let t = hourStart(h) + exp(3600 / rate); t < hourStart(h) + 3_600_000; t += exp(3600 / rate)) arrivals.push(t);
  }
  const events: CallEvent[] = [];
  const freeAt = Array.from({ length: agents }, () => 0);
  const agentName = (i: number) => `坐席${String(i + 1).padStart(2, '0')}`;
  arrivals.forEach((arrival, n) => {
    const callId = `synthetic:${profile.date}:${profile.seed}:${n + 1}`;
    const ev = (suffix: string, t: number) => ({ eventId: `${callId}:${suffix}`, callId, source: 'synthetic', ts: new Date(Math.round(t / 1000) * 1000).toISOString() });
    events.push({ ...ev('offered', arrival), type: 'call.offered' });
    const inIvr = exp(ivrSeconds);
    if (rand() < ivrShare) {
      events.push({ ...ev('ivr', arrival + inIvr), type: 'ivr.completed', ivrSeconds: Math.round(inIvr / 1000) });
      return;
    }
    const queued = arrival + inIvr;
    events.push({ ...ev('queued', queued), type: 'queue.entered', queue: '12123' });
    // FCFS: the caller gets the agent who frees up first, if patience lasts that long.
    let best = -1;
    for (let i = 0; i < agents; i++) if (best < 0 || freeAt[i] < freeAt[best]) best = i;
    const answerAt = best < 0 ? Infinity : Math.max(queued, freeAt[best]);
    const giveUpAt = queued + exp(patienceSeconds);
    if (answerAt <= giveUpAt) {
      const talk = exp(ahtSeconds);
      freeAt[best] = answerAt + talk;
      const wait = Math.round((answerAt - queued) / 1000);
      events.push({ ...ev('answered', answerAt), type: 'agent.answered', agentId: agentName(best), waitSeconds: wait, queue: '12123' });
      events.push({ ...ev('ended', answerAt + talk), type: 'call.ended', agentId: agentName(best), talkSeconds: Math.round(talk / 1000), waitSeconds: wait, endedBy: rand() < 0.7 ? 'caller' : 'agent' });
    } else {
      events.push({ ...ev('lost', giveUpAt), type: 'call.abandoned', where: 'queue', reason: 'hangup', waitSeconds: Math.round((giveUpAt - queued) / 1000), queue: '12123' });
    }
  });
  return events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
}
