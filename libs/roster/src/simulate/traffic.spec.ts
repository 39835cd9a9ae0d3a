import { evaluateRoster } from '../evaluate/evaluate';
import { GainTable } from '../model/gains';
import { greedyRoster } from '../search/greedy';
import { prepareProblem } from '../model/problem';
import { buildSchedule } from '../model/schedule';
import { poissonArrivals, simulateRoster, type DurationModel } from './simulate';
import { servedTraffic, type ServedCall } from './traffic';
import type { Agent, RosterProblem } from '../types';

/** A 24/7 hotline's calls per hour (quiet nights, two day peaks): 230 a day. */
const HOURLY = [4, 3, 2, 2, 2, 3, 5, 8, 14, 17, 17, 15, 12, 13, 16, 16, 14, 13, 11, 10, 9, 8, 9, 8];
const DAYS = 28;
const START = '2026-11-02';
const AGENTS: Agent[] = [{ id: 'a01', name: '现场管理', floorManager: true, seatShare: 0.5 }, ...[2, 3, 4, 5, 6].map((n) => ({ id: `a0${n}`, name: `话务员${n}` }))];
const handleTime: DurationModel = { kind: 'exponential', meanSeconds: 172 };
const patience: DurationModel = { kind: 'exponential', meanSeconds: 330 };

const offered = Array.from({ length: DAYS * 48 }, (_, i) => HOURLY[Math.floor((i % 48) / 2)] / 2);
const problem: RosterProblem = { startDate: START, days: DAYS, agents: AGENTS, forecast: { offered, ahtSeconds: 172, patienceSeconds: 330 } };
const p = prepareProblem(problem);
const gains = new GainTable(p);
const roster = greedyRoster(p, gains).roster;
const schedule = buildSchedule(p, roster);
const predicted = evaluateRoster(p, roster, gains).total.connectRate;

describe('servedTraffic: calls generated one by one and served by a roster', () => {
  const traffic = servedTraffic(p, schedule, { handleTime, patience, seed: 12123 });

  it('is seeded: the same seed gives the same calls, another seed other calls', () => {
    expect(servedTraffic(p, schedule, { handleTime, patience, seed: 12123 })).toEqual(traffic);
    expect(servedTraffic(p, schedule, { handleTime, patience, seed: 7 }).calls).not.toEqual(traffic.calls);
  });

  it('offers the forecast volume: each day within 4 standard deviations of its 230 expected calls, the period within 2 %', () => {
    const perDay = new Array<number>(DAYS).fill(0);
    for (const c of traffic.calls) perDay[Math.floor(c.arrivalSeconds / 86_400)] += 1;
    const expected = HOURLY.reduce((s, x) => s + x, 0);
    for (const n of perDay) expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect(Math.abs(traffic.calls.length / (expected * DAYS) - 1)).toBeLessThan(0.02);
  });

  it("connects the month near the roster's predicted rate, itself near the 90 % target", () => {
    expect(predicted).toBeGreaterThan(0.87);
    expect(Math.abs(traffic.total.connectRate - predicted)).toBeLessThan(0.02);
    const answered = traffic.calls.filter((c) => c.outcome === 'answered').length;
    expect(traffic.total).toEqual({ offered: traffic.calls.length, answered, abandoned: traffic.calls.length - answered, connectRate: answered / traffic.calls.length });
  });

  it('keeps every call at its own time: inside the period, answered or abandoned after its arrival, in arrival order', () => {
    const end = DAYS * 86_400;
    const misplaced = traffic.calls.filter((c, i) => {
      const at = c.outcome === 'answered' ? c.answeredAt : c.abandonedAt;
      const previous = i > 0 ? traffic.calls[i - 1].arrivalSeconds : 0;
      return c.n !== i + 1 || c.arrivalSeconds < previous || c.arrivalSeconds >= end || at < c.arrivalSeconds || Math.abs(c.waitSeconds - (at - c.arrivalSeconds)) > 1e-6;
    });
    expect(misplaced).toEqual([]);
    // No interval holds a burst: each within a Poisson bound of its expected calls (mean + 6 sd + 3).
    const perInterval = new Array<number>(DAYS * 48).fill(0);
    for (const c of traffic.calls) perInterval[Math.floor(c.arrivalSeconds / 1800)] += 1;
    expect(perInterval.filter((n, t) => n > offered[t] + 6 * Math.sqrt(offered[t]) + 3)).toEqual([]);
  });

  it("is answered only by the roster's agents while on a shift, one call at a time each", () => {
    const byAgent = new Map<string, Extract<ServedCall, { outcome: 'answered' }>[]>(AGENTS.map((a) => [a.id, []]));
    const offShift: ServedCall[] = [];
    for (const c of traffic.calls) {
      if (c.outcome !== 'answered') continue;
      const a = AGENTS.findIndex((x) => x.id === c.agentId);
      if (a < 0 || !(c.handleSeconds > 0) || !schedule.shifts[a].some((s) => s.start * 60 <= c.answeredAt && c.answeredAt < s.end * 60)) offShift.push(c);
      else byAgent.get(c.agentId)?.push(c);
    }
    expect(offShift).toEqual([]);
    const overlapping = [...byAgent.values()].flatMap((calls) => calls.filter((c, i) => i > 0 && c.answeredAt < calls[i - 1].answeredAt + calls[i - 1].handleSeconds - 1e-6));
    expect(overlapping).toEqual([]);
    // Every agent of the roster answers calls: the floor's agents are the roster's.
    expect([...byAgent.values()].every((calls) => calls.length > 0)).toBe(true);
  });

  it("does not change the simulation it observes: the totals are simulateRoster's own", () => {
    const sim = simulateRoster(p, schedule, { arrivalsSeconds: poissonArrivals(offered, 12123), handleTime, patience, seed: 12123 });
    expect(traffic.total).toEqual({ offered: sim.total.offered, answered: sim.total.answered, abandoned: sim.total.abandoned, connectRate: sim.total.connectRate });
  });
});
