import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { erlangAMetrics, expectedOutcomes, staffErlangC } from '@hotline/erlang';
import { ForecastInputError } from './errors';
import { MAX_REQUIREMENT_WORK, computeRequirement, requirementWork, type RequirementInput } from './requirement';

const CASES = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'erlang-cases.json'), 'utf8')) as {
  cases: { id: string; inputs: Record<string, unknown>; expected: Record<string, unknown> }[];
};
const refCase = (id: string) => CASES.cases.find((c) => c.id === id)!;

const TARGETS = { serviceLevelTarget: 0.8, targetSeconds: 20, targetConnectRate: 0.9 };
const start = (i: number): string => new Date(Date.UTC(2025, 2, 2, 16) + i * 1_800_000).toISOString();
const input = (arrivals: number[], extra: Partial<RequirementInput> = {}): RequirementInput => ({
  intervalMinutes: 30,
  ahtSeconds: 240,
  patienceSeconds: 60,
  targets: TARGETS,
  intervals: arrivals.map((a, i) => ({ start: start(i), arrivals: a })),
  ...extra,
});

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ForecastInputError) return `${e.code}:${e.field}`;
    throw e;
  }
  throw new Error('expected a ForecastInputError');
}

describe('computeRequirement', () => {
  it('Erlang A for the connect rate: reference case A12 (40 calls/h, AHT 240 s, patience 60 s: 4 agents connect 87.6 %, 5 needed)', () => {
    const a12 = refCase('A12');
    expect(a12.inputs).toMatchObject({ arrivalsPerHour: 40, ahtSeconds: 240, patienceSeconds: 60 });
    const r = computeRequirement(input([20]));
    expect(r.intervals[0].erlangA).toMatchObject({ agents: 5, limitingTargets: ['minConnectRate'] });
    expect(r.intervals[0].erlangA.connectRate).toBeGreaterThanOrEqual(0.9);
    const four = erlangAMetrics({ arrivalsPerHour: 40, ahtSeconds: 240, patienceSeconds: 60, agents: 4, targetSeconds: 20 });
    expect(four.connectRate).toBeCloseTo(0.876, 3);
  });

  it('Erlang C for the service level, with shrinkage: the staffing of libs/erlang (reference case C01)', () => {
    const c01 = refCase('C01');
    const r = computeRequirement(input([100], { ahtSeconds: 180, targets: { ...TARGETS, targetSeconds: 19.8, maxOccupancy: 0.85 }, shrinkage: 0.3 }));
    expect(r.intervals[0].erlangC.agents).toBe((c01.expected as { requiredAgents: number }).requiredAgents);
    expect(r.intervals[0].erlangC.agentsWithShrinkage).toBe((c01.expected as { requiredAgentsWithShrinkage: number }).requiredAgentsWithShrinkage);
    expect(r.intervals[0].trafficErlangs).toBe(10);
    for (const calls of [1, 7, 33, 120]) {
      const direct = staffErlangC({ callsPerInterval: calls, intervalMinutes: 30, ahtSeconds: 240, targetSeconds: 20, serviceLevelTarget: 0.8 });
      expect(computeRequirement(input([calls])).intervals[0].erlangC.agents).toBe(direct.requiredAgents);
    }
  });

  it('per-interval AHT and patience override the defaults; totals are agent-hours', () => {
    const r = computeRequirement({ ...input([20, 20]), intervals: [{ start: start(0), arrivals: 20 }, { start: start(1), arrivals: 20, ahtSeconds: 480, patienceSeconds: 600 }] });
    expect(r.intervals[1]).toMatchObject({ ahtSeconds: 480, patienceSeconds: 600, label: '00:30', day: '2025-03-03' });
    expect(r.intervals[1].erlangC.agents).toBeGreaterThan(r.intervals[0].erlangC.agents);
    expect(r.totals.erlangCAgentHours).toBe((r.intervals[0].erlangC.agents + r.intervals[1].erlangC.agents) / 2);
  });

  it('IVR completions count as connected: the agent queue needs only (target − IVR share) / agent share', () => {
    const r = computeRequirement(input([40], { agentShare: 0.7, ivrAnsweredShare: 0.25 }));
    expect(r.agentConnectRateTarget).toBeCloseTo((0.9 - 0.25) / 0.7, 12);
    const iv = r.intervals[0];
    expect(iv.agentArrivals).toBeCloseTo(28, 12);
    expect(iv.erlangA.connectRate).toBeCloseTo(0.25 + 0.7 * iv.erlangA.agentConnectRate, 12);
    expect(iv.erlangA.connectRate).toBeGreaterThanOrEqual(0.9);
    const fewer = erlangAMetrics({ callsPerInterval: 28, intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 60, agents: iv.erlangA.agents - 1, targetSeconds: 20 });
    expect(0.25 + 0.7 * fewer.connectRate).toBeLessThan(0.9);
    // The IVR alone meets the target: no agent needed for it (Erlang C still staffs the queue).
    expect(computeRequirement(input([40], { agentShare: 0.05, ivrAnsweredShare: 0.95 })).intervals[0].erlangA.agents).toBe(0);
  });

  it('a target the IVR losses make impossible is refused, naming it; one interval that cannot reach it is flagged', () => {
    expect(fieldOf(() => computeRequirement(input([40], { agentShare: 0.6, ivrAnsweredShare: 0.2 })))).toBe('unreachable:targets.targetConnectRate');
    const r = computeRequirement({ ...input([40, 40]), intervals: [{ start: start(0), arrivals: 40 }, { start: start(1), arrivals: 40, agentShare: 0.5, ivrAnsweredShare: 0.1 }] });
    expect(r.intervals[0].targetReachable).toBe(true);
    expect(r.intervals[1].targetReachable).toBe(false);
    expect(r.intervals[1].agentConnectRateTarget).toBe(0.9);
  });

  it('month view with given agents: Σ answered / Σ requests, per day, month and in total (expectedOutcomes of libs/erlang)', () => {
    const arrivals = [20, 60, 6];
    const agents = [4, 9, 1];
    const r = computeRequirement(input(arrivals, { patienceSeconds: 90, agentsPerInterval: agents }));
    const plan = expectedOutcomes({ intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 90, intervals: arrivals.map((a, i) => ({ callsPerInterval: a, agents: agents[i] })) });
    expect(r.monthView.agentsSource).toBe('given');
    expect(r.monthView.total.connectRate).toBeCloseTo(plan.total.connectRate, 12);
    expect(r.monthView.total.connectRate).toBeCloseTo(0.866514682689, 9); // reference case A15, not the 79.86 % mean of rates
    expect(r.monthView.total.meetsTarget).toBe(false);
    expect(r.monthView.days).toEqual([expect.objectContaining({ period: '2025-03-03', agentHours: 7 })]);
    expect(r.monthView.months[0].period).toBe('2025-03');
    expect(r.monthView.intervals.map((i) => i.agents)).toEqual(agents);
    // One number for every interval.
    expect(computeRequirement(input(arrivals, { agentsPerInterval: 3 })).monthView.intervals.map((i) => i.agents)).toEqual([3, 3, 3]);
  });

  it('pooled over the horizon: fewer agent-hours than staffing every interval to the target, the target still met', () => {
    const arrivals = [2, 1, 1, 3, 10, 30, 45, 50, 40, 25, 12, 4];
    const r = computeRequirement(input(arrivals));
    expect(r.monthView.agentsSource).toBe('erlang-a');
    expect(r.monthView.total.connectRate).toBeGreaterThanOrEqual(0.9);
    expect(r.monthView.pooled.meetsTarget).toBe(true);
    expect(r.monthView.pooled.connectRate).toBeGreaterThanOrEqual(0.9);
    expect(r.monthView.pooled.agentHours).toBeLessThan(r.totals.erlangAAgentHours);
    const withFloor = computeRequirement(input(arrivals, { minAgents: 1 }));
    expect(Math.min(...withFloor.monthView.pooled.agents)).toBeGreaterThanOrEqual(1);
  });

  it('the pooled allocation is optimal: exhaustive search over a small horizon finds no cheaper plan meeting the target', () => {
    const arrivals = [3, 25, 12];
    const r = computeRequirement(input(arrivals, { targets: { ...TARGETS, targetConnectRate: 0.92 } }));
    const rate = (agents: number[]): number =>
      expectedOutcomes({ intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 60, intervals: arrivals.map((a, i) => ({ callsPerInterval: a, agents: agents[i] })) }).total.connectRate;
    let cheapest = Number.POSITIVE_INFINITY;
    for (let a = 0; a <= 8; a++) for (let b = 0; b <= 12; b++) for (let c = 0; c <= 10; c++) if (rate([a, b, c]) >= 0.92) cheapest = Math.min(cheapest, a + b + c);
    expect(r.monthView.pooled.agents.reduce((x, y) => x + y, 0)).toBe(cheapest);
    expect(rate(r.monthView.pooled.agents)).toBeGreaterThanOrEqual(0.92);
  });

  it('the pooled plan is the marginal-analysis optimum from the minimum: the same agent count as adding the best agent one at a time', () => {
    // The reference: Fox's greedy from minAgents, one agent at a time to the interval where it adds most answered calls.
    const greedy = (arrivals: number[], target: number, minAgents: number, patience: number): number => {
      const pAb = (a: number, n: number): number => (a === 0 ? 0 : erlangAMetrics({ callsPerInterval: a, intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: patience, agents: n, targetSeconds: 0 }).probAbandon);
      const agents = arrivals.map(() => minAgents);
      const requests = arrivals.reduce((x, y) => x + y, 0);
      let answered = arrivals.reduce((s, a, i) => s + a * (1 - pAb(a, agents[i])), 0);
      while (answered < target * requests * (1 - 1e-12)) {
        let best = -1;
        let gain = 0;
        arrivals.forEach((a, i) => {
          const g = a * (pAb(a, agents[i]) - pAb(a, agents[i] + 1));
          if (g > gain) [best, gain] = [i, g];
        });
        if (best < 0) break;
        agents[best] += 1;
        answered += gain;
      }
      return agents.reduce((x, y) => x + y, 0);
    };
    let seed = 12_345;
    const next = (): number => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let trial = 0; trial < 25; trial++) {
      const arrivals = Array.from({ length: 6 + Math.floor(next() * 20) }, () => (next() < 0.2 ? 0 : Math.round(next() * 80 * 10) / 10));
      const target = 0.8 + next() * 0.19;
      const minAgents = next() < 0.3 ? 1 : 0;
      const patience = 30 + next() * 600;
      const maxOccupancy = next() < 0.3 ? 0.7 : undefined;
      const r = computeRequirement(input(arrivals, { patienceSeconds: patience, minAgents, targets: { ...TARGETS, targetConnectRate: target, maxOccupancy } }));
      const pooled = r.monthView.pooled;
      expect({ trial, agents: pooled.agents.reduce((x, y) => x + y, 0) }).toEqual({ trial, agents: greedy(arrivals, target, minAgents, patience) });
      expect(pooled.meetsTarget).toBe(true);
      expect(Math.min(...pooled.agents)).toBeGreaterThanOrEqual(minAgents);
    }
  });

  it('a day without expected calls has no connect rate (not 100 %), and the period rate is Σ answered / Σ requests', () => {
    const quiet = new Array<number>(48).fill(0);
    const busy = Array.from({ length: 48 }, (_, k) => (k >= 16 && k < 40 ? 30 : 2));
    const r = computeRequirement(input([...quiet, ...busy], { agentsPerInterval: 4 }));
    const [first, second] = r.monthView.days;
    expect(first).toMatchObject({ period: '2025-03-03', requests: 0, connectRate: null });
    expect(second.connectRate).toBeLessThan(0.9);
    expect(r.monthView.total.connectRate).toBeCloseTo(second.answered / second.requests, 12); // not the mean of null and the busy day
    expect(r.monthView.total.meetsTarget).toBe(false);
    expect(r.intervals[0].erlangA.connectRate).toBeNull();
    expect(r.monthView.intervals[0].connectRate).toBeNull();
    const nothing = computeRequirement(input([0, 0]));
    expect(nothing.monthView.total).toMatchObject({ connectRate: null, meetsTarget: true });
    expect(nothing.monthView.pooled).toMatchObject({ connectRate: null, meetsTarget: true, agents: [0, 0] });
  });

  it('refuses work it cannot do quickly, and does what it accepts quickly (the largest loads, the most intervals)', () => {
    expect(fieldOf(() => computeRequirement(input([600_001], { ahtSeconds: 300 })))).toBe('out-of-range:intervals[0].arrivals'); // 100,000.2 Erlangs
    expect(fieldOf(() => computeRequirement(input(new Array<number>(20_000).fill(2_000), { ahtSeconds: 300, patienceSeconds: 300 })))).toBe('too-large:intervals');
    expect(fieldOf(() => computeRequirement(input([40], { ahtSeconds: 300, patienceSeconds: 300, targets: { ...TARGETS, maxOccupancy: 0.5 }, intervals: Array.from({ length: 2 }, (_, i) => ({ start: start(i), arrivals: 599_000 })) })))).toBe('too-large:intervals');
    // The largest accepted load: one interval of 99,000 Erlangs (the pooled plan took 51 s for it, one agent at a time).
    const t0 = Date.now();
    const big = computeRequirement(input([594_000], { ahtSeconds: 300, patienceSeconds: 300 }));
    expect(big.intervals[0].erlangA.agents).toBe(89_100);
    expect(big.monthView.pooled.agents).toEqual([89_100]);
    expect(Date.now() - t0).toBeLessThan(2_000); // about 0.03 s (0.1 s under Jest)
    // The estimate grows with the intervals, the load and √(load · patience / AHT); the limit is about 1.2 s of work.
    const one = requirementWork([{ load: 99_000, ahtSeconds: 300, patienceSeconds: 300 }]);
    expect(requirementWork([{ load: 99_000, ahtSeconds: 300, patienceSeconds: 86_400 }])).toBeGreaterThan(3 * one);
    expect(Math.floor(MAX_REQUIREMENT_WORK / one)).toBeGreaterThan(200); // 249 intervals of 99,000 Erlangs
    expect(Math.floor(MAX_REQUIREMENT_WORK / one)).toBeLessThan(300);
    expect(Math.floor(MAX_REQUIREMENT_WORK / requirementWork([{ load: 0, ahtSeconds: 300, patienceSeconds: 300 }]))).toBeGreaterThan(20_000);
  });

  it('zero arrivals need nobody (or the minimum on duty)', () => {
    const r = computeRequirement(input([0, 0]));
    expect(r.intervals.map((i) => [i.erlangC.agents, i.erlangA.agents])).toEqual([[0, 0], [0, 0]]);
    expect(computeRequirement(input([0], { minAgents: 1 })).intervals[0].erlangA.agents).toBe(1);
  });

  it('rejects bad input, naming the field', () => {
    expect(fieldOf(() => computeRequirement(input([-1])))).toBe('out-of-range:intervals[0].arrivals');
    expect(fieldOf(() => computeRequirement({ ...input([1]), intervals: [{ start: 'yesterday', arrivals: 1 }] }))).toBe('invalid:intervals[0].start');
    expect(fieldOf(() => computeRequirement(input([1], { targets: { ...TARGETS, serviceLevelTarget: 1 } })))).toBe('out-of-range:targets.serviceLevelTarget');
    expect(fieldOf(() => computeRequirement(input([1], { targets: { ...TARGETS, targetConnectRate: 1.2 } })))).toBe('out-of-range:targets.targetConnectRate');
    expect(fieldOf(() => computeRequirement(input([1], { shrinkage: 1 })))).toBe('out-of-range:shrinkage');
    expect(fieldOf(() => computeRequirement(input([1], { ahtSeconds: 0 })))).toBe('out-of-range:ahtSeconds');
    expect(fieldOf(() => computeRequirement(input([1], { patienceSeconds: Number.NaN })))).toBe('out-of-range:patienceSeconds');
    expect(fieldOf(() => computeRequirement(input([1, 2], { agentsPerInterval: [1] })))).toBe('invalid:agentsPerInterval');
    expect(fieldOf(() => computeRequirement(input([1, 2], { agentsPerInterval: [1, 2.5] })))).toBe('out-of-range:agentsPerInterval[1]');
    expect(fieldOf(() => computeRequirement(input([1], { agentShare: 0.8, ivrAnsweredShare: 0.3 })))).toBe('out-of-range:ivrAnsweredShare');
    expect(fieldOf(() => computeRequirement(input([1], { minAgents: 100_001 })))).toBe('out-of-range:minAgents');
    expect(() => computeRequirement(input([1], { targets: { ...TARGETS, targetSeconds: -1 } }))).toThrow('targets.targetSeconds must be a number >= 0 (got -1)');
  });
});
