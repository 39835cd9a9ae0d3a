import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { erlangAMetrics, expectedOutcomes, staffErlangC } from '@hotline/erlang';
import { ForecastInputError } from './errors';
import { computeRequirement, type RequirementInput } from './requirement';

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
  });
});
