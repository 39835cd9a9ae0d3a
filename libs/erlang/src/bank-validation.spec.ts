/**
 * Model check on real data: Erlang A and Erlang C against three weeks of the Technion "Anonymous Bank" call
 * centre (shared/data/anonymous-bank-1999-02; Brown et al., JASA 2005), hour by hour.
 *
 * Reading of the data (shared/data/README.md):
 * - PHANTOM rows are ignored. A call is queued when q_time > 0 or q_start / q_exit is not the null 0:00:00.
 * - Offered to the agents (the arrival rate λ): every call that reached the agent queue, i.e. every AGENT row
 *   (answered, with or without waiting) plus every HANG row that queued. HANG rows that never queued hung up in
 *   the VRU (self-service) and are not offered to agents. A call belongs to the hour in which it reached the
 *   agent queue: q_start when queued, otherwise vru_exit. Times are made absolute from the date; a stage time
 *   more than 2 h before vru_entry is on the next day (midnight crossings).
 * - Abandoned = HANG after queueing; waited = queued (the observed P(wait)).
 * - AHT of an hour = mean ser_time of its answered calls with ser_time > 0 (estimateAht).
 * - Patience: one value for the whole data set, the censored-exponential MLE
 *   θ̂ = (abandoned) / (Σ q_time of all queued calls) (estimatePatience; Brown et al. 2005).
 * - Agents on duty N of an hour, three estimators (none is observed in the data):
 *   1. distinct: the number of distinct agents (server ≠ NO_SERVER) whose service overlaps the hour. An upper
 *      estimate: it counts an agent who took one call as present all hour.
 *   2. sessions: Σ over agents of the time within the hour covered by their "sessions" / 3600, a session
 *      joining consecutive services of one agent when the idle gap between them is at most 5 minutes (about
 *      the 85th percentile of the idle gaps; shown with 10 minutes as well, to show the sensitivity).
 *   3. busy: total service time within the hour / 3600 = carried load, a lower bound on the agents present.
 *   A fractional N is handled by linear interpolation of the model's predictions between ⌊N⌋ and ⌈N⌉.
 * - Erlang C's P(wait) is taken as 1 in an hour where N <= A (no steady state: every caller waits).
 * Only hours with at least 30 offered calls are compared.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { erlangAMetrics, erlangCMetrics, estimateAht, estimatePatience } from './index';

const DATA = path.resolve(__dirname, '../../../../shared/data/anonymous-bank-1999-02/calls_1999-02-01_to_1999-02-21.tsv');
const MIN_CALLS_PER_HOUR = 30;
const HEADER = 'vru+line,call_id,customer_id,priority,type,date,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server';

interface Call {
  /** Absolute second (from 1999-02-01 00:00) at which the call reached the agent queue. */
  arrival: number;
  queued: boolean;
  waitSeconds: number;
  abandoned: boolean;
  /** Handle time of an answered call, or undefined. */
  serviceSeconds: number | undefined;
}
interface Service {
  server: string;
  start: number;
  end: number;
}

const clock = (hms: string): number => {
  const [h, m, s] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

function readBank(): { calls: Call[]; services: Service[] } {
  const lines = fs.readFileSync(DATA, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
  expect(lines[0].split('\t').map((h) => h.trim()).join(',')).toBe(HEADER);
  const calls: Call[] = [];
  const services: Service[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split('\t').map((x) => x.trim());
    const [date, vruEntry, vruExit, qStart, qExit, qTime, outcome, serStart, serExit, serTime, server] = [f[5], f[6], f[7], f[9], f[10], Number(f[11]), f[12], f[13], f[14], Number(f[15]), f[16]];
    if (outcome === 'PHANTOM') continue;
    const day = Date.UTC(1900 + Number(date.slice(0, 2)), Number(date.slice(2, 4)) - 1, Number(date.slice(4, 6))) / 1000 - Date.UTC(1999, 1, 1) / 1000;
    const entry = clock(vruEntry);
    const absolute = (hms: string): number => day + clock(hms) + (clock(hms) < entry - 7200 ? 86400 : 0);
    const queued = qTime > 0 || qStart !== '0:00:00' || qExit !== '0:00:00';
    if (outcome === 'HANG' && !queued) continue; // hung up in the VRU: never offered to an agent
    const answered = outcome === 'AGENT';
    calls.push({
      arrival: queued ? absolute(qStart) : absolute(vruExit),
      queued,
      waitSeconds: qTime,
      abandoned: !answered,
      serviceSeconds: answered && serTime > 0 ? serTime : undefined,
    });
    if (answered && server !== 'NO_SERVER' && serTime > 0) {
      const start = absolute(serStart);
      let end = absolute(serExit);
      if (end < start) end += 86400;
      services.push({ server, start, end });
    }
  }
  return { calls, services };
}

/** Per agent, services joined into sessions when the idle gap is at most `gap` seconds. */
function sessionsOf(services: Service[], gap: number): { start: number; end: number }[] {
  const byServer = new Map<string, Service[]>();
  for (const s of services) {
    const list = byServer.get(s.server);
    if (list) list.push(s);
    else byServer.set(s.server, [s]);
  }
  const sessions: { start: number; end: number }[] = [];
  for (const list of byServer.values()) {
    list.sort((a, b) => a.start - b.start);
    let current = { start: list[0].start, end: list[0].end };
    for (const s of list.slice(1)) {
      if (s.start - current.end <= gap) current.end = Math.max(current.end, s.end);
      else {
        sessions.push(current);
        current = { start: s.start, end: s.end };
      }
    }
    sessions.push(current);
  }
  return sessions;
}

const overlap = (start: number, end: number, from: number, to: number): number => Math.max(0, Math.min(end, to) - Math.max(start, from));

type Estimator = 'distinct' | 'sessions' | 'sessions10' | 'busy';
const ESTIMATORS: Estimator[] = ['distinct', 'sessions', 'sessions10', 'busy'];
const ESTIMATOR_LABEL: Record<Estimator, string> = {
  distinct: 'distinct agents serving in the hour',
  sessions: 'agent sessions (idle gaps <= 5 min) / 3600',
  sessions10: 'agent sessions (idle gaps <= 10 min) / 3600',
  busy: 'busy time / 3600 (carried load)',
};

interface Hour {
  label: string;
  offered: number;
  abandoned: number;
  waited: number;
  arrivalsPerHour: number;
  ahtSeconds: number;
  agents: Record<Estimator, number>;
}

function hoursOf(calls: Call[], services: Service[]): Hour[] {
  const buckets = new Map<number, Call[]>();
  for (const c of calls) {
    const h = Math.floor(c.arrival / 3600);
    const list = buckets.get(h);
    if (list) list.push(c);
    else buckets.set(h, [c]);
  }
  const sessions = sessionsOf(services, 300);
  const sessions10 = sessionsOf(services, 600);
  const hours: Hour[] = [];
  for (const [h, list] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    const handle = list.flatMap((c) => (c.serviceSeconds === undefined ? [] : [c.serviceSeconds]));
    if (list.length < MIN_CALLS_PER_HOUR || handle.length === 0) continue;
    const from = h * 3600;
    const to = from + 3600;
    const serving = services.filter((s) => overlap(s.start, s.end, from, to) > 0);
    hours.push({
      label: new Date(Date.UTC(1999, 1, 1) + from * 1000).toISOString().slice(0, 13),
      offered: list.length,
      abandoned: list.filter((c) => c.abandoned).length,
      waited: list.filter((c) => c.queued).length,
      arrivalsPerHour: list.length,
      ahtSeconds: estimateAht(handle).ahtSeconds,
      agents: {
        distinct: new Set(serving.map((s) => s.server)).size,
        sessions: sessions.reduce((sum, s) => sum + overlap(s.start, s.end, from, to), 0) / 3600,
        sessions10: sessions10.reduce((sum, s) => sum + overlap(s.start, s.end, from, to), 0) / 3600,
        busy: serving.reduce((sum, s) => sum + overlap(s.start, s.end, from, to), 0) / 3600,
      },
    });
  }
  return hours;
}

/** A model's prediction at a fractional number of agents: linear between ⌊n⌋ and ⌈n⌉. */
function interpolate(n: number, at: (agents: number) => number): number {
  const low = Math.floor(n);
  const w = n - low;
  return w === 0 ? at(low) : (1 - w) * at(low) + w * at(low + 1);
}

interface Scores {
  hours: number;
  calls: number;
  meanAgents: number;
  observedAbandons: number;
  predictedAbandonsA: number;
  abandonMaeA: number;
  abandonWeightedMaeA: number;
  waitMaeA: number;
  waitMaeC: number;
  unstableHoursC: number;
}

function score(hours: Hour[], estimator: Estimator, patienceSeconds: number): Scores {
  let calls = 0;
  let agents = 0;
  let observed = 0;
  let predicted = 0;
  let abandonError = 0;
  let abandonWeighted = 0;
  let waitErrorA = 0;
  let waitErrorC = 0;
  let unstable = 0;
  for (const h of hours) {
    const n = h.agents[estimator];
    const load = { arrivalsPerHour: h.arrivalsPerHour, ahtSeconds: h.ahtSeconds, targetSeconds: 20 };
    const a = (agents: number) => erlangAMetrics({ ...load, agents, patienceSeconds });
    const pAbandon = interpolate(n, (k) => a(k).probAbandon);
    const pWaitA = interpolate(n, (k) => a(k).probWait);
    const pWaitC = interpolate(n, (k) => {
      const c = erlangCMetrics({ ...load, agents: k });
      return c.stable ? c.probWait : 1;
    });
    if (n <= (h.arrivalsPerHour * h.ahtSeconds) / 3600) unstable += 1;
    const abandonShare = h.abandoned / h.offered;
    calls += h.offered;
    agents += n;
    observed += h.abandoned;
    predicted += pAbandon * h.offered;
    abandonError += Math.abs(pAbandon - abandonShare);
    abandonWeighted += Math.abs(pAbandon - abandonShare) * h.offered;
    waitErrorA += Math.abs(pWaitA - h.waited / h.offered);
    waitErrorC += Math.abs(pWaitC - h.waited / h.offered);
  }
  const k = hours.length;
  return {
    hours: k,
    calls,
    meanAgents: agents / k,
    observedAbandons: observed,
    predictedAbandonsA: predicted,
    abandonMaeA: abandonError / k,
    abandonWeightedMaeA: abandonWeighted / calls,
    waitMaeA: waitErrorA / k,
    waitMaeC: waitErrorC / k,
    unstableHoursC: unstable,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const pts = (x: number): string => (x * 100).toFixed(1);

describe('Erlang A vs Erlang C on the Anonymous Bank data (Feb 1-21, 1999)', () => {
  const { calls, services } = readBank();
  const patience = estimatePatience(calls.filter((c) => c.queued));
  if (patience.kind !== 'estimated') throw new Error(`patience could not be estimated: ${patience.kind}`);
  const hours = hoursOf(calls, services);
  const scores = Object.fromEntries(ESTIMATORS.map((e) => [e, score(hours, e, patience.patienceSeconds)])) as Record<Estimator, Scores>;
  const observedShare = hours.reduce((s, h) => s + h.abandoned, 0) / hours.reduce((s, h) => s + h.offered, 0);
  const constantMae = hours.reduce((s, h) => s + Math.abs(observedShare - h.abandoned / h.offered), 0) / hours.length;
  const zeroMae = hours.reduce((s, h) => s + h.abandoned / h.offered, 0) / hours.length;
  const waitedShare = hours.reduce((s, h) => s + h.waited, 0) / hours.reduce((s, h) => s + h.offered, 0);
  const constantWaitMae = hours.reduce((s, h) => s + Math.abs(waitedShare - h.waited / h.offered), 0) / hours.length;

  const table = [
    `Hours with >= ${MIN_CALLS_PER_HOUR} calls offered to agents: ${hours.length} (${scores.busy.calls} calls, ${scores.busy.observedAbandons} abandoned = ${pct(observedShare)}); ` +
      `patience (whole data set) ${patience.patienceSeconds.toFixed(0)} s ± ${patience.standardErrorSeconds.toFixed(0)} s from ${patience.abandoned} abandons.`,
    '',
    '| Agents on duty N estimated by | mean N | Erlang A abandons, predicted / observed | Erlang A P(Ab) per-hour MAE (call-weighted) | Erlang A P(wait) per-hour MAE | Erlang C P(wait) per-hour MAE (hours N <= A) |',
    '|---|---|---|---|---|---|',
    ...ESTIMATORS.map((e) => {
      const s = scores[e];
      return `| ${ESTIMATOR_LABEL[e]} | ${s.meanAgents.toFixed(1)} | ${s.predictedAbandonsA.toFixed(0)} / ${s.observedAbandons} | ${pts(s.abandonMaeA)} pts (${pts(s.abandonWeightedMaeA)}) | ${pts(s.waitMaeA)} pts | ${pts(s.waitMaeC)} pts (${s.unstableHoursC}) |`;
    }),
    `| baseline: Erlang C (nobody abandons) | | 0 / ${scores.busy.observedAbandons} | ${pts(zeroMae)} pts | | |`,
    `| baseline: every hour at the overall shares (${pct(observedShare)} abandon, ${pct(waitedShare)} wait) | | | ${pts(constantMae)} pts | ${pts(constantWaitMae)} pts | |`,
  ].join('\n');

  it('prints the comparison table', () => {
    console.log(table);
    expect(hours.length).toBeGreaterThan(250);
  });

  it('the data read as documented (counts of shared/data/README.md)', () => {
    expect(calls.length).toBe(20899 + 3086 + 25); // AGENT + HANG after queueing (25 with q_time 0 but a queue stamp)
    expect(calls.filter((c) => c.abandoned).length).toBe(3111);
    expect(patience.patienceSeconds).toBeGreaterThan(250);
    expect(patience.patienceSeconds).toBeLessThan(400);
  });

  it('Erlang A brackets the observed abandons between the upper and lower estimates of N (Erlang C cannot)', () => {
    // More agents never raise P(Ab); the true N lies between carried load and the distinct-agent count.
    expect(scores.distinct.predictedAbandonsA).toBeLessThan(0.6 * scores.distinct.observedAbandons);
    expect(scores.busy.predictedAbandonsA).toBeGreaterThan(1.4 * scores.busy.observedAbandons);
  });

  it('with the session estimate of N, Erlang A predicts hourly abandonment better than the trivial models', () => {
    const bound = 0.07;
    expect(scores.sessions.abandonMaeA).toBeLessThan(bound);
    expect(zeroMae).toBeGreaterThan(bound); // Erlang C: no abandonment at all
    expect(constantMae).toBeGreaterThan(bound); // a flat rate, however well chosen
    expect(Math.abs(scores.sessions.predictedAbandonsA / scores.sessions.observedAbandons - 1)).toBeLessThan(0.25);
  });

  it("Erlang A's P(wait) with the session estimate of N beats the best constant; nobody-waits and everyone-waits fail", () => {
    const bound = 0.15;
    expect(scores.sessions.waitMaeA).toBeLessThan(bound);
    expect(constantWaitMae).toBeGreaterThan(bound);
    const meanWaitedShare = hours.reduce((s, h) => s + h.waited / h.offered, 0) / hours.length;
    expect(meanWaitedShare).toBeGreaterThan(bound); // the MAE of "nobody waits"
    expect(1 - meanWaitedShare).toBeGreaterThan(bound); // the MAE of "everyone waits"
  });
});
