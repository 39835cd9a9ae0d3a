/** Input validation, the error classes, edge cases and the estimators. */
import {
  ErlangInputError,
  ErlangStaffingError,
  MAX_OFFERED_LOAD_ERLANGS,
  erlangAMetrics,
  erlangB,
  erlangC,
  erlangCMetrics,
  estimateAht,
  estimatePatience,
  expectedOutcomes,
  staffErlangA,
  staffErlangC,
  sumOutcomes,
  trafficErlangs,
} from './index';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

/** Runs `f` and returns the ErlangInputError it throws (fails the test otherwise). */
function inputError(f: () => unknown): ErlangInputError {
  try {
    f();
  } catch (error) {
    if (error instanceof ErlangInputError) return error;
    throw error;
  }
  throw new Error('expected an ErlangInputError');
}

const base = { arrivalsPerHour: 200, ahtSeconds: 180, agents: 14, targetSeconds: 20 };

describe('input validation names the field', () => {
  it.each([
    ['fractional agents (C29)', { ...base, agents: 10.5 }, 'agents', 'not-an-integer'],
    ['negative agents', { ...base, agents: -1 }, 'agents', 'negative'],
    ['NaN agents', { ...base, agents: Number.NaN }, 'agents', 'not-a-number'],
    ['negative arrival rate', { ...base, arrivalsPerHour: -5 }, 'arrivalsPerHour', 'negative'],
    ['NaN AHT', { ...base, ahtSeconds: Number.NaN }, 'ahtSeconds', 'not-a-number'],
    ['zero AHT', { ...base, ahtSeconds: 0 }, 'ahtSeconds', 'out-of-range'],
    ['infinite target', { ...base, targetSeconds: Number.POSITIVE_INFINITY }, 'targetSeconds', 'not-a-number'],
    ['no arrivals at all', { ahtSeconds: 180, agents: 14, targetSeconds: 20 }, 'arrivalsPerHour', 'missing'],
    ['interval without its length', { callsPerInterval: 100, ahtSeconds: 180, agents: 14, targetSeconds: 20 }, 'intervalMinutes', 'not-a-number'],
    ['hourly and interval forms disagree', { ...base, callsPerInterval: 90, intervalMinutes: 30 }, 'arrivalsPerHour', 'inconsistent'],
  ])('Erlang C: %s', (_label, input, field, code) => {
    const e = inputError(() => erlangCMetrics(input as Parameters<typeof erlangCMetrics>[0]));
    expect({ field: e.field, code: e.code }).toEqual({ field, code });
    expect(e.message.startsWith(`${field} `)).toBe(true);
  });

  it('C29 wording: "agents must be a non-negative integer"', () => {
    expect(inputError(() => erlangC(10.5, 10)).message).toBe('agents must be a non-negative integer (got 10.5)');
  });

  it.each([
    ['patience 0', { ...base, patienceSeconds: 0 }, 'patienceSeconds', 'out-of-range'],
    ['negative patience', { ...base, patienceSeconds: -3 }, 'patienceSeconds', 'negative'],
    ['fractional agents', { ...base, agents: 2.5, patienceSeconds: 60 }, 'agents', 'not-an-integer'],
    ['patience beyond any use', { ...base, patienceSeconds: 1e300 }, 'patienceSeconds', 'out-of-range'],
  ])('Erlang A: %s', (_label, input, field, code) => {
    const e = inputError(() => erlangAMetrics(input));
    expect({ field: e.field, code: e.code }).toEqual({ field, code });
  });

  it.each([
    ['service level 1 (never met)', { serviceLevelTarget: 1 }, 'serviceLevelTarget'],
    ['occupancy 0', { maxOccupancy: 0 }, 'maxOccupancy'],
    ['shrinkage 1', { shrinkage: 1 }, 'shrinkage'],
    ['fractional minimum', { minAgents: 1.5 }, 'minAgents'],
    ['negative ASA', { maxAsaSeconds: -1 }, 'maxAsaSeconds'],
  ])('staffing: %s', (_label, targets, field) => {
    expect(inputError(() => staffErlangC({ arrivalsPerHour: 200, ahtSeconds: 180, targetSeconds: 20, ...targets })).field).toBe(field);
  });

  it('staffing A: unknown service-level definition, connect rate 1', () => {
    const a = { arrivalsPerHour: 200, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: 60 };
    expect(inputError(() => staffErlangA({ ...a, serviceLevelTarget: 0.8, serviceLevelDefinition: 'asa' as never })).field).toBe('serviceLevelDefinition');
    expect(inputError(() => staffErlangA({ ...a, minConnectRate: 1 })).field).toBe('minConnectRate');
  });

  it('plan: the interval at fault is named', () => {
    const e = inputError(() =>
      expectedOutcomes({ intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 90, intervals: [{ callsPerInterval: 20, agents: 4 }, { callsPerInterval: 60, agents: 8.5 }] }),
    );
    expect(e.field).toBe('intervals[1].agents');
  });

  it('an unreachable target is a staffing error, not an endless search', () => {
    const f = () => staffErlangC({ arrivalsPerHour: 200, ahtSeconds: 180, targetSeconds: 0, serviceLevelTarget: 0.999, maxAgents: 14 });
    expect(f).toThrow(ErlangStaffingError);
    expect(f).toThrow('no number of agents up to 14');
  });
});

describe('edge cases', () => {
  it('the Erlang C primitive: 1 when unstable (its limit), 0 without traffic, never NaN at scale', () => {
    expect(erlangC(40, 48)).toBe(1);
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(0, 0)).toBe(0);
    expect(erlangB(0, 5)).toBe(1);
    expect(erlangB(3, 0)).toBe(0);
    expect(erlangC(12421, 12345)).toBeCloseTo(0.381225015062, 9);
    expect(erlangB(100000, 99000)).toBeGreaterThan(0);
  });

  it('an unstable interval carries no metric at all, only the reason', () => {
    const r = erlangCMetrics({ arrivalsPerHour: 720, ahtSeconds: 240, agents: 40, targetSeconds: 20 });
    expect(r.stable).toBe(false);
    expect(r).not.toHaveProperty('probWait');
    if (!r.stable) expect(r.reason).toContain('48 Erlangs >= 40 agents');
  });

  it('Erlang A with no agents: everyone abandons after his patience', () => {
    const r = erlangAMetrics({ arrivalsPerHour: 100, ahtSeconds: 200, agents: 0, patienceSeconds: 50, targetSeconds: 50 });
    expect(r).toMatchObject({ probWait: 1, probAbandon: 1, connectRate: 0, meanWaitAllArrivalsSeconds: 50, serviceLevelAnsweredWithinTOverOffered: 0 });
    expect(r.probAbandonWithinT).toBeCloseTo(1 - Math.exp(-1), 12);
  });

  it('Erlang A with no arrivals: nothing waits, nothing is lost', () => {
    const r = erlangAMetrics({ arrivalsPerHour: 0, ahtSeconds: 200, agents: 2, patienceSeconds: 50, targetSeconds: 20 });
    expect(r).toMatchObject({ probWait: 0, probAbandon: 0, connectRate: 1, occupancy: 0, asaAnsweredSeconds: 0 });
  });

  it('Erlang A with overload and very long patience (mode far from 0) stays exact: P(Ab) → 1 − N/A', () => {
    const r = erlangAMetrics({ arrivalsPerHour: 720, ahtSeconds: 240, agents: 40, patienceSeconds: 1e8, targetSeconds: 20 });
    expect(r.probAbandon).toBeCloseTo(1 - 40 / 48, 5);
    expect(r.probWait).toBeCloseTo(1, 9);
    expect(r.occupancy).toBeCloseTo(1, 5);
  });

  it('staffing: zero arrivals need no one, or the business minimum', () => {
    const s = staffErlangC({ arrivalsPerHour: 0, ahtSeconds: 300, targetSeconds: 20, serviceLevelTarget: 0.8 });
    expect([s.requiredAgents, s.limitingTargets]).toEqual([0, []]);
    const m = staffErlangA({ arrivalsPerHour: 0, ahtSeconds: 300, patienceSeconds: 60, targetSeconds: 20, minConnectRate: 0.9, minAgents: 1 });
    expect([m.requiredAgents, m.limitingTargets]).toEqual([1, ['minAgents']]);
  });

  it('staffing: the binding target is named (C09: occupancy, not the service level)', () => {
    const s = staffErlangC({ arrivalsPerHour: 1000, ahtSeconds: 120, targetSeconds: 20, serviceLevelTarget: 0.8, maxOccupancy: 0.85 });
    expect(s.limitingTargets).toEqual(['maxOccupancy']);
    const first = staffErlangC({ arrivalsPerHour: 2000, ahtSeconds: 360, targetSeconds: 20 });
    expect([first.requiredAgents, first.limitingTargets]).toEqual([201, ['stability']]);
  });

  it('Erlang A staffing can go below the load (A = 48, patience 60 s, connect rate 80 %)', () => {
    const s = staffErlangA({ arrivalsPerHour: 720, ahtSeconds: 240, patienceSeconds: 60, targetSeconds: 20, minConnectRate: 0.8 });
    expect(s.requiredAgents).toBeLessThan(48);
    expect(s.atRequiredAgents.connectRate).toBeGreaterThanOrEqual(0.8);
  });

  it('trafficErlangs reads either form of the arrival rate', () => {
    expect(trafficErlangs({ callsPerInterval: 360, intervalMinutes: 30, ahtSeconds: 240 })).toBe(48);
    expect(trafficErlangs({ arrivalsPerHour: 720, ahtSeconds: 240 })).toBe(48);
  });

  it('plan: periods total call-weighted, and sumOutcomes of the days gives the month', () => {
    const plan = expectedOutcomes({
      intervalMinutes: 30,
      ahtSeconds: 240,
      patienceSeconds: 90,
      intervals: [
        { callsPerInterval: 20, agents: 4, period: 'day 1' },
        { callsPerInterval: 60, agents: 9, period: 'day 1' },
        { callsPerInterval: 6, agents: 1, period: 'day 2', patienceSeconds: 90 },
        { callsPerInterval: 0, agents: 0, period: 'day 3' },
      ],
    });
    expect(Object.keys(plan.byPeriod)).toEqual(['day 1', 'day 2', 'day 3']);
    expect(plan.byPeriod['day 3']).toEqual({ offered: 0, answered: 0, abandoned: 0, connectRate: 1 });
    const days = Object.values(plan.byPeriod).map((d) => ({ offered: d.offered, expectedAnswered: d.answered, expectedAbandoned: d.abandoned }));
    expect(sumOutcomes(days).connectRate).toBeCloseTo(plan.total.connectRate, 14);
    expect(plan.total.connectRate).toBeCloseTo(0.866514682689, 9);
    expect(plan.total.answered + plan.total.abandoned).toBeCloseTo(plan.total.offered, 12);
  });
});

/** A seeded uniform generator on [0, 1) (pure-rand's Mersenne Twister), so every run draws the same numbers. */
function uniform(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

describe('estimators', () => {
  it('patience: θ̂ = abandoned / Σ waits of all queued callers', () => {
    const e = estimatePatience([
      { waitSeconds: 30, abandoned: true },
      { waitSeconds: 90, abandoned: false },
      { waitSeconds: 0, abandoned: false },
      { waitSeconds: 120, abandoned: true },
    ]);
    expect(e.kind).toBe('estimated');
    expect(e.abandonRatePerSecond).toBeCloseTo(2 / 240, 15);
    expect(e.patienceSeconds).toBe(120);
    if (e.kind === 'estimated') expect(e.standardErrorSeconds).toBeCloseTo(120 / Math.SQRT2, 12);
  });

  it('patience: recovers a known mean from censored data (answered callers only bound the patience)', () => {
    const rnd = uniform(7);
    const exp = (mean: number): number => -mean * Math.log(1 - rnd());
    const records = Array.from({ length: 40000 }, () => {
      const offeredWait = rnd() < 0.3 ? 0 : exp(60);
      const patience = exp(200);
      return patience < offeredWait ? { waitSeconds: patience, abandoned: true } : { waitSeconds: offeredWait, abandoned: false };
    });
    const e = estimatePatience(records);
    if (e.kind !== 'estimated') throw new Error(e.kind);
    expect(Math.abs(e.patienceSeconds - 200)).toBeLessThan(4 * e.standardErrorSeconds);
    // The naive mean wait of abandoners ignores censoring and is far too short.
    const abandoners = records.filter((r) => r.abandoned);
    expect(abandoners.reduce((s, r) => s + r.waitSeconds, 0) / abandoners.length).toBeLessThan(100);
  });

  it('patience: no abandons means unbounded patience, reported, not divided by zero', () => {
    const e = estimatePatience([{ waitSeconds: 10, abandoned: false }]);
    expect(e).toMatchObject({ kind: 'no-abandons', abandonRatePerSecond: 0, patienceSeconds: Number.POSITIVE_INFINITY });
    expect(estimatePatience([{ waitSeconds: 0, abandoned: true }])).toMatchObject({ kind: 'no-exposure', patienceSeconds: 0 });
  });

  it('patience and AHT: bad records are named', () => {
    expect(inputError(() => estimatePatience([])).code).toBe('empty');
    expect(inputError(() => estimatePatience([{ waitSeconds: 5, abandoned: true }, { waitSeconds: -1, abandoned: false }])).field).toBe('records[1].waitSeconds');
    expect(inputError(() => estimateAht([100, Number.NaN])).field).toBe('handleTimesSeconds[1]');
  });

  it('AHT: mean, standard error and coefficient of variation', () => {
    const e = estimateAht([120, 180, 240]);
    expect(e.ahtSeconds).toBe(180);
    expect(e.standardErrorSeconds).toBeCloseTo(60 / Math.sqrt(3), 12);
    expect(e.coefficientOfVariation).toBeCloseTo(60 / 180, 12);
  });
});

describe('offered load cap', () => {
  it('refuses loads above MAX_OFFERED_LOAD_ERLANGS at once, naming the field, in every entry point', () => {
    const huge = { arrivalsPerHour: 1e8, ahtSeconds: 180 };
    const calls = [
      () => trafficErlangs(huge),
      () => erlangCMetrics({ ...huge, agents: 10, targetSeconds: 20 }),
      () => erlangAMetrics({ ...huge, agents: 10, targetSeconds: 20, patienceSeconds: 120 }),
      () => staffErlangC({ ...huge, targetSeconds: 20, serviceLevelTarget: 0.8 }),
      () => staffErlangA({ ...huge, targetSeconds: 20, patienceSeconds: 120, serviceLevelTarget: 0.8 }),
    ];
    for (const call of calls) {
      expect(call).toThrow(ErlangInputError);
      expect(call).toThrow(/arrivalsPerHour with ahtSeconds 180 gives an offered load of 5\.00e\+6 Erlangs/);
    }
    expect(trafficErlangs({ arrivalsPerHour: (MAX_OFFERED_LOAD_ERLANGS * 3600) / 180, ahtSeconds: 180 })).toBe(MAX_OFFERED_LOAD_ERLANGS);
  });
});
