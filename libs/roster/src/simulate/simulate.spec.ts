import { evaluateRoster } from '../evaluate/evaluate';
import { GainTable } from '../model/gains';
import { prepareProblem } from '../model/problem';
import { STANDARD_ROTATION_CYCLE, bestStandardRotation, rotationRoster } from '../search/rotation';
import { checkRoster } from '../rules/check';
import { buildSchedule } from '../model/schedule';
import { arrivalsFromCounts, kaplanMeier, poissonArrivals, sampler, simulateRoster } from './simulate';
import type { Agent, Roster, RosterProblem } from '../types';

const START = '2025-11-03';

function problem(days: number, agents: Agent[], offered: number[]): RosterProblem {
  return { startDate: START, days, agents, forecast: { offered, ahtSeconds: 200, patienceSeconds: 300 }, rules: { minOnDuty: 0, maxHoursShortfall: 1000, maxOvertimeHoursPerMonth: 200 }, training: null };
}

describe('simulateRoster', () => {
  it('agrees with Erlang A on a long stationary stretch with one agent on the phones throughout (M/M/1+M)', () => {
    const days = 28;
    const offered = new Array(days * 48).fill(4); // 8 calls an hour, 200 s each: 0.44 Erlang
    const p = prepareProblem(problem(days, [{ id: 'n', name: 'N' }, { id: 'd', name: 'D' }, { id: 'e', name: 'E' }], offered));
    const roster: Roster = {
      startDate: START,
      days,
      rows: [
        { agentId: 'n', cells: new Array(days).fill('00-08') },
        { agentId: 'd', cells: new Array(days).fill('08-16') },
        { agentId: 'e', cells: new Array(days).fill('16-00') },
      ],
      training: [],
    };
    const predicted = evaluateRoster(p, roster).total.connectRate;
    const schedule = buildSchedule(p, roster);
    // The same cover as one agent on duty all month, without shift changes: exactly the model's queue.
    const single = { ...schedule, shifts: [[{ agent: 0, day: 0, shift: 0, start: 0, end: days * 1440 }], [], []] };
    const run = (s: typeof schedule): number => {
      let answered = 0;
      let total = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const sim = simulateRoster(p, s, { arrivalsSeconds: poissonArrivals(offered, seed), handleTime: { kind: 'exponential', meanSeconds: 200 }, patience: { kind: 'exponential', meanSeconds: 300 }, seed });
        expect(sim.total.offered).toBe(sim.total.answered + sim.total.abandoned);
        answered += sim.total.answered;
        total += sim.total.offered;
      }
      expect(total).toBeGreaterThan(100_000);
      return answered / total;
    };
    expect(Math.abs(run(single) - predicted)).toBeLessThan(0.004); // about 3 standard errors
    // Shift changes help a little: the leaving agent finishes her call while the next one starts.
    const shifts = run(schedule);
    expect(shifts).toBeGreaterThan(predicted - 0.004);
    expect(shifts - predicted).toBeLessThan(0.01);
  });

  it('a floor manager at half a seat answers about what the interpolation predicts', () => {
    const days = 14;
    const offered = Array.from({ length: days * 48 }, (_, t) => (t % 48 >= 16 && t % 48 < 32 ? 5 : 0));
    const p = prepareProblem(problem(days, [{ id: 'm', name: 'M', seatShare: 0.5 }, { id: 'a', name: 'A' }], offered));
    const roster: Roster = { startDate: START, days, rows: [{ agentId: 'm', cells: new Array(days).fill('08-16') }, { agentId: 'a', cells: new Array(days).fill('08-16') }], training: [] };
    const predicted = evaluateRoster(p, roster).total.connectRate;
    const sim = simulateRoster(p, buildSchedule(p, roster), { arrivalsSeconds: poissonArrivals(offered, 7), handleTime: { kind: 'exponential', meanSeconds: 200 }, patience: { kind: 'exponential', meanSeconds: 300 }, seed: 7 });
    // On the phones 15 minutes of each half hour (staggered), she is there for part of every queue that builds up;
    // the steady-state interpolation between 1 and 2 agents is not exactly that queue: they differ by a few points.
    expect(Math.abs(sim.total.connectRate - predicted)).toBeLessThan(0.04);
    const alone = simulateRoster(p, buildSchedule(p, { ...roster, rows: [roster.rows[0], { agentId: 'a', cells: new Array(days).fill(null) }] }), {
      arrivalsSeconds: poissonArrivals(offered, 7),
      handleTime: { kind: 'exponential', meanSeconds: 200 },
      patience: { kind: 'exponential', meanSeconds: 300 },
      seed: 7,
    });
    // Alone, half a seat answers fewer calls than one agent and more than none.
    expect(alone.total.connectRate).toBeLessThan(sim.total.connectRate - 0.1);
    expect(alone.total.connectRate).toBeGreaterThan(0.2);
    // With nobody on the phones, everyone abandons.
    const empty = simulateRoster(p, buildSchedule(p, { ...roster, rows: roster.rows.map((r) => ({ ...r, cells: new Array(days).fill(null) })) }), {
      arrivalsSeconds: poissonArrivals(offered, 7),
      handleTime: { kind: 'exponential', meanSeconds: 200 },
      patience: { kind: 'exponential', meanSeconds: 300 },
    });
    expect(empty.total.answered).toBe(0);
    expect(empty.total.abandoned).toBe(sim.total.offered);
  });
});

describe('duration models and arrivals', () => {
  it('Kaplan–Meier treats answered callers as censored', () => {
    const km = kaplanMeier([
      { waitSeconds: 10, abandoned: true },
      { waitSeconds: 20, abandoned: false },
      { waitSeconds: 30, abandoned: true },
      { waitSeconds: 5, abandoned: false },
    ]);
    // At 10 s: 3 at risk, 1 event -> 2/3; the answered caller at 20 s leaves the risk set; at 30 s: 1 at risk -> 0.
    expect(km.times).toEqual([10, 30]);
    expect(km.survival[0]).toBeCloseTo(2 / 3, 12);
    expect(km.survival[1]).toBe(0);
  });

  it('samplers draw what they describe', () => {
    let x = 0;
    const random = (): number => ((x = (x * 9301 + 49297) % 233280) / 233280);
    const exp = sampler({ kind: 'exponential', meanSeconds: 100 }, random);
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += exp();
    expect(sum / 20000).toBeGreaterThan(95);
    expect(sum / 20000).toBeLessThan(105);
    const emp = sampler({ kind: 'empirical', samplesSeconds: [1, 2, 3] }, random);
    expect(new Set(Array.from({ length: 100 }, emp))).toEqual(new Set([1, 2, 3]));
    const surv = sampler({ kind: 'survival', times: [10, 20], survival: [0.5, 0.25], tailMeanSeconds: 50 }, random);
    const draws = Array.from({ length: 4000 }, surv);
    expect(draws.filter((d) => d === 10).length / 4000).toBeCloseTo(0.5, 1);
    expect(draws.filter((d) => d > 20).length / 4000).toBeCloseTo(0.25, 1);
  });

  it('arrivals from counts: scaled by thinning, placed inside their block', () => {
    const arrivals = arrivalsFromCounts([1000, 0, 500], 3600, 0.5, 3);
    const inFirst = arrivals.filter((t) => t < 3600).length;
    expect(inFirst).toBeGreaterThan(440);
    expect(inFirst).toBeLessThan(560);
    expect(arrivals.some((t) => t >= 3600 && t < 7200)).toBe(false);
    expect(arrivalsFromCounts([10], 3600, 2, 3)).toHaveLength(20);
  });
});

describe('the standard rotation of three 8-hour shifts', () => {
  it('keeps every labour rule on its own and keeps someone on duty at all times', () => {
    const days = 28;
    const agents: Agent[] = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, name: `A${i}`, ...(i === 0 ? { seatShare: 0.5, floorManager: true } : {}) }));
    const offered = Array.from({ length: days * 48 }, (_, t) => 1 + ((t % 48) >= 18 && (t % 48) < 40 ? 6 : 0));
    const p = prepareProblem({ ...problem(days, agents, offered), rules: { minOnDuty: 1 } });
    const best = bestStandardRotation(p, new GainTable(p));
    expect(best.evaluated).toBe(8 * 792); // floor manager's start x multisets of 5 starts for the others
    expect(checkRoster(p, best.roster)).toEqual([]);
    const ev = evaluateRoster(p, best.roster);
    // 6 shifts in every 8 days: 18 in the first 24 days, 2 to 4 in the last 4 by the starting day.
    expect(ev.agents.every((a) => a.hours >= 160 && a.hours <= 176)).toBe(true);
    expect(ev.total.answered).toBeCloseTo(best.answered, 9);
    // Any other choice of starting days does no better.
    const other = evaluateRoster(p, rotationRoster(p, [0, 1, 2, 3, 4, 5])).total.answered;
    expect(other).toBeLessThanOrEqual(best.answered + 1e-9);
    expect(STANDARD_ROTATION_CYCLE).toHaveLength(8);
  });
});
