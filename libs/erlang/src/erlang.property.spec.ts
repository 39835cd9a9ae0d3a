/**
 * Properties that must hold for every input (fast-check), and cross-checks against independent routes:
 * a plain birth–death chain, a direct factorial sum, and a discrete-event simulation.
 */
import fc from 'fast-check';
import {
  type ErlangAResult,
  agentsWithShrinkage,
  erlangAMetrics,
  erlangB,
  erlangC,
  erlangCMetrics,
  staffErlangA,
  staffErlangC,
} from './index';
import { sumSeries } from './series';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

const RUNS = { numRuns: 300, seed: 20260101 };

/** Offered traffic as (arrivals per hour, AHT seconds). */
const aht = fc.double({ min: 5, max: 900, noNaN: true });
const arrivals = fc.double({ min: 0.5, max: 3000, noNaN: true });
const target = fc.double({ min: 0, max: 120, noNaN: true });
const patience = fc.double({ min: 0.5, max: 5000, noNaN: true });

/** Erlang A metrics and whether larger (+1) or smaller (−1) is better. */
const A_DIRECTION: Partial<Record<keyof ErlangAResult, 1 | -1>> = {
  probWait: -1,
  probAbandon: -1,
  connectRate: 1,
  serviceLevelAnsweredWithinTOverOffered: 1,
  serviceLevelAmongAnswered: 1,
  serviceLevelExcludingAbandonsWithinT: 1,
  probAbandonWithinT: -1,
  probActualWaitAtMostT: 1,
  probOfferedWaitAtMostT: 1,
  meanWaitAllArrivalsSeconds: -1,
  asaAnsweredSeconds: -1,
  expectedQueueLength: -1,
  occupancy: -1,
};
const PROBABILITY_FIELDS: (keyof ErlangAResult)[] = [
  'probWait', 'probAbandon', 'connectRate', 'serviceLevelAnsweredWithinTOverOffered', 'serviceLevelAmongAnswered',
  'serviceLevelExcludingAbandonsWithinT', 'probAbandonWithinT', 'probActualWaitAtMostT', 'probOfferedWaitAtMostT', 'occupancy',
];

const notWorse = (before: number, after: number, direction: 1 | -1): boolean =>
  (after - before) * direction >= -1e-12 * Math.max(1, Math.abs(before));

describe('Erlang C properties', () => {
  it('more agents never worsen any metric (P(wait), SL, ASA, queue, occupancy)', () => {
    fc.assert(
      fc.property(arrivals, aht, target, fc.integer({ min: 0, max: 40 }), (arrivalsPerHour, ahtSeconds, targetSeconds, extra) => {
        const a = (arrivalsPerHour * ahtSeconds) / 3600;
        const n = Math.floor(a) + 1 + extra;
        const r0 = erlangCMetrics({ arrivalsPerHour, ahtSeconds, agents: n, targetSeconds });
        const r1 = erlangCMetrics({ arrivalsPerHour, ahtSeconds, agents: n + 1, targetSeconds });
        if (!r0.stable || !r1.stable) return false;
        return (
          notWorse(r0.probWait, r1.probWait, -1) && notWorse(r0.serviceLevel, r1.serviceLevel, 1) && notWorse(r0.asaSeconds, r1.asaSeconds, -1) &&
          notWorse(r0.expectedQueueLength, r1.expectedQueueLength, -1) && r1.occupancy < r0.occupancy
        );
      }),
      RUNS,
    );
  });

  it('is stable exactly when agents > load, and then every probability is in [0, 1]', () => {
    fc.assert(
      fc.property(arrivals, aht, target, fc.integer({ min: 0, max: 400 }), (arrivalsPerHour, ahtSeconds, targetSeconds, agents) => {
        const r = erlangCMetrics({ arrivalsPerHour, ahtSeconds, agents, targetSeconds });
        if (r.stable !== agents > r.trafficErlangs) return false;
        if (!r.stable) return !('probWait' in r) && erlangC(agents, r.trafficErlangs) === 1;
        return [r.probWait, r.serviceLevel, r.occupancy, r.erlangB].every((p) => p >= 0 && p <= 1) && r.asaSeconds >= 0 && Number.isFinite(r.asaSeconds);
      }),
      RUNS,
    );
  });

  it('Erlang B and C stay finite and in [0, 1] for thousands of agents and Erlangs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.double({ min: 0, max: 20000, noNaN: true }), (n, a) => {
        const b = erlangB(n, a);
        const c = erlangC(n, a);
        return b >= 0 && b <= 1 && c >= 0 && c <= 1 && (n > a ? c >= b : true);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('Erlang B equals the direct sum (A^N/N!) / Σ A^k/k! where the direct sum is representable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 50, noNaN: true }), (n, a) => {
        let term = 1;
        let sum = 1;
        for (let k = 1; k <= n; k++) {
          term *= a / k;
          sum += term;
        }
        return Math.abs(erlangB(n, a) - term / sum) <= 1e-12;
      }),
      RUNS,
    );
  });
});

describe('Erlang A properties', () => {
  it('more agents never worsen any metric', () => {
    fc.assert(
      fc.property(arrivals, aht, patience, target, fc.integer({ min: 0, max: 60 }), (arrivalsPerHour, ahtSeconds, patienceSeconds, targetSeconds, n) => {
        const r0 = erlangAMetrics({ arrivalsPerHour, ahtSeconds, agents: n, patienceSeconds, targetSeconds });
        const r1 = erlangAMetrics({ arrivalsPerHour, ahtSeconds, agents: n + 1, patienceSeconds, targetSeconds });
        return Object.entries(A_DIRECTION).every(([key, direction]) => {
          // With no agents nobody is answered: answered-only averages and occupancy are 0 by convention.
          if (n === 0 && (key === 'asaAnsweredSeconds' || key === 'occupancy')) return true;
          const k = key as keyof ErlangAResult;
          return notWorse(Number(r0[k]), Number(r1[k]), direction ?? 1);
        });
      }),
      RUNS,
    );
  });

  it('P(Ab) and every other probability lie in [0, 1]; P(Ab) <= P(wait); throughput bound P(Ab) >= 1 − N/A', () => {
    fc.assert(
      fc.property(
        arrivals, aht, fc.double({ min: 1e-3, max: 1e7, noNaN: true }), target, fc.integer({ min: 0, max: 200 }),
        (arrivalsPerHour, ahtSeconds, patienceSeconds, targetSeconds, agents) => {
          const r = erlangAMetrics({ arrivalsPerHour, ahtSeconds, agents, patienceSeconds, targetSeconds });
          const inRange = PROBABILITY_FIELDS.every((k) => {
            const v = Number(r[k]);
            return v >= 0 && v <= 1;
          });
          const finite = [r.meanWaitAllArrivalsSeconds, r.asaAnsweredSeconds, r.expectedQueueLength].every((v) => Number.isFinite(v) && v >= 0);
          return inRange && finite && r.probAbandon <= r.probWait + 1e-12 && r.probAbandon >= 1 - agents / r.trafficErlangs - 1e-12;
        },
      ),
      RUNS,
    );
  });

  it('tends to Erlang C as patience grows (ρ <= 0.95): the gap shrinks like AHT/patience', () => {
    fc.assert(
      fc.property(arrivals, aht, target, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (arrivalsPerHour, ahtSeconds, targetSeconds, rho) => {
        const a = (arrivalsPerHour * ahtSeconds) / 3600;
        const agents = Math.max(1, Math.ceil(a / rho));
        const c = erlangCMetrics({ arrivalsPerHour, ahtSeconds, agents, targetSeconds });
        const gap = (patienceSeconds: number): number => {
          const r = erlangAMetrics({ arrivalsPerHour, ahtSeconds, agents, patienceSeconds, targetSeconds });
          if (!c.stable) return Number.NaN;
          return Math.max(
            Math.abs(r.probWait - c.probWait),
            Math.abs(r.serviceLevelAnsweredWithinTOverOffered - c.serviceLevel),
            Math.abs(r.probActualWaitAtMostT - c.serviceLevel),
            Math.abs(r.asaAnsweredSeconds - c.asaSeconds) / ahtSeconds,
            Math.abs(r.meanWaitAllArrivalsSeconds - c.asaSeconds) / ahtSeconds,
            r.probAbandon,
          );
        };
        // As long as the library accepts (λ·patience <= 1e10), and at least 1000 times the nearer patience.
        const far = gap(Math.min(ahtSeconds * 1e8, 1e10 / (arrivalsPerHour / 3600)));
        return far < 1e-4 && far <= Math.max(1e-9, 1e-2 * gap(ahtSeconds * 1e4));
      }),
      RUNS,
    );
  });

  it('tends to Erlang B as patience → 0: P(Ab) → B(N, A)', () => {
    fc.assert(
      fc.property(arrivals, aht, fc.integer({ min: 0, max: 80 }), (arrivalsPerHour, ahtSeconds, agents) => {
        const b = erlangB(agents, (arrivalsPerHour * ahtSeconds) / 3600);
        const gap = (patienceSeconds: number): number =>
          Math.abs(erlangAMetrics({ arrivalsPerHour, ahtSeconds, agents, patienceSeconds, targetSeconds: 20 }).probAbandon - b);
        const near = gap(ahtSeconds * 1e-7);
        return near < 1e-6 && near <= gap(ahtSeconds * 1e-2) + 1e-12;
      }),
      RUNS,
    );
  });

  it('agrees with a plain truncated birth–death chain (P(wait), P(Ab), E[Q], occupancy)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 400, noNaN: true }), aht, fc.double({ min: 5, max: 2000, noNaN: true }), fc.integer({ min: 0, max: 25 }),
        (arrivalsPerHour, ahtSeconds, patienceSeconds, agents) => {
          const lambda = arrivalsPerHour / 3600;
          const mu = 1 / ahtSeconds;
          const theta = 1 / patienceSeconds;
          // π_j ∝ Π λ / (min(i, N)μ + max(i − N, 0)θ), summed until the terms are negligible.
          const weights = [1];
          for (let j = 1; j < 200000; j++) {
            const w = (weights[j - 1] * lambda) / (Math.min(j, agents) * mu + Math.max(j - agents, 0) * theta);
            weights.push(w);
            if (j > agents + 10 && w < 1e-18 * weights.reduce((s, v) => s + v, 0)) break;
          }
          const total = weights.reduce((s, v) => s + v, 0);
          const pi = weights.map((w) => w / total);
          const pWait = pi.slice(agents).reduce((s, v) => s + v, 0);
          const queue = pi.reduce((s, p, j) => s + Math.max(j - agents, 0) * p, 0);
          const busy = pi.reduce((s, p, j) => s + Math.min(j, agents) * p, 0);
          const r = erlangAMetrics({ arrivalsPerHour, ahtSeconds, agents, patienceSeconds, targetSeconds: 20 });
          return (
            Math.abs(r.probWait - pWait) < 1e-9 &&
            Math.abs(r.probAbandon - (theta * queue) / lambda) < 1e-9 &&
            Math.abs(r.expectedQueueLength - queue) < 1e-9 * Math.max(1, queue) &&
            (agents === 0 || Math.abs(r.occupancy - busy / agents) < 1e-9)
          );
        },
      ),
      { ...RUNS, numRuns: 150 },
    );
  });

  it('the series summed from its mode equals a plain forward sum (with rescaling)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3000, noNaN: true }), fc.double({ min: 0, max: 20000, noNaN: true }), (a, z) => {
        let t = 1;
        let sum = 0;
        let abandon = 0;
        let logScale = 0;
        for (let j = 0; j < 1e6; j++) {
          sum += t;
          abandon += (t * (j + 1)) / (a + j + 1);
          t *= z / (a + j + 1);
          if (t > 1e200) {
            t /= 1e200;
            sum /= 1e200;
            abandon /= 1e200;
            logScale += Math.log(1e200);
          }
          if (j > z && t < 1e-20 * sum) break;
        }
        const s = sumSeries(a, z, true);
        const logSum = logScale + Math.log(sum);
        return Math.abs(s.logSum - logSum) <= 1e-11 * Math.max(1, Math.abs(logSum)) && Math.abs(s.abandonShare - abandon / sum) <= 1e-11;
      }),
      { ...RUNS, numRuns: 150 },
    );
  });
});

/** A seeded uniform generator on [0, 1) (pure-rand's Mersenne Twister), so every run draws the same numbers. */
function uniform(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

/**
 * M/M/N+M by simulation, first come first served: each caller takes the earliest server that frees up after
 * everyone before him who stayed; he abandons when that wait (his offered wait V) exceeds his patience.
 */
function simulate(arrivalsPerHour: number, ahtSeconds: number, agents: number, patienceSeconds: number, targetSeconds: number, calls: number) {
  const rnd = uniform(12123);
  const exp = (mean: number): number => -mean * Math.log(1 - rnd());
  const free = new Array<number>(agents).fill(0);
  let now = 0;
  const warmup = Math.floor(calls / 10);
  const n = { waited: 0, abandoned: 0, answeredWithinT: 0, abandonedWithinT: 0, offeredWithinT: 0, waitAll: 0, waitAnswered: 0, answered: 0, counted: 0 };
  for (let i = 0; i < calls; i++) {
    now += exp(3600 / arrivalsPerHour);
    let k = 0;
    for (let j = 1; j < agents; j++) if (free[j] < free[k]) k = j;
    const offered = Math.max(0, free[k] - now);
    const tau = exp(patienceSeconds);
    const abandons = offered > tau;
    if (!abandons) free[k] = now + offered + exp(ahtSeconds);
    if (i < warmup) continue;
    const wait = abandons ? tau : offered;
    n.counted += 1;
    if (offered > 0) n.waited += 1;
    if (offered <= targetSeconds) n.offeredWithinT += 1;
    n.waitAll += wait;
    if (abandons) {
      n.abandoned += 1;
      if (wait <= targetSeconds) n.abandonedWithinT += 1;
    } else {
      n.answered += 1;
      n.waitAnswered += wait;
      if (wait <= targetSeconds) n.answeredWithinT += 1;
    }
  }
  return {
    probWait: n.waited / n.counted,
    probAbandon: n.abandoned / n.counted,
    serviceLevelAnsweredWithinTOverOffered: n.answeredWithinT / n.counted,
    probAbandonWithinT: n.abandonedWithinT / n.counted,
    probActualWaitAtMostT: (n.answeredWithinT + n.abandonedWithinT) / n.counted,
    probOfferedWaitAtMostT: n.offeredWithinT / n.counted,
    serviceLevelAmongAnswered: n.answeredWithinT / n.answered,
    meanWaitAllArrivalsSeconds: n.waitAll / n.counted,
    asaAnsweredSeconds: n.waitAnswered / n.answered,
  };
}

describe('Erlang A against a discrete-event simulation (every service-level definition)', () => {
  it.each([
    { arrivalsPerHour: 240, ahtSeconds: 300, agents: 22, patienceSeconds: 120, targetSeconds: 20 },
    { arrivalsPerHour: 720, ahtSeconds: 240, agents: 40, patienceSeconds: 60, targetSeconds: 20 },
    { arrivalsPerHour: 40, ahtSeconds: 240, agents: 3, patienceSeconds: 60, targetSeconds: 20 },
  ])('$arrivalsPerHour calls/h, AHT $ahtSeconds s, $agents agents, patience $patienceSeconds s', (input) => {
    const model = erlangAMetrics(input);
    const sim = simulate(input.arrivalsPerHour, input.ahtSeconds, input.agents, input.patienceSeconds, input.targetSeconds, 600000);
    for (const [key, value] of Object.entries(sim)) {
      const expected = Number(model[key as keyof ErlangAResult]);
      const tolerance = key.endsWith('Seconds') ? 0.03 * expected + 0.05 : 0.006;
      expect({ key, diff: Math.abs(value - expected) <= tolerance ? 'ok' : `${value} vs ${expected}` }).toEqual({ key, diff: 'ok' });
    }
  });
});

describe('staffing properties', () => {
  it('Erlang C: the answer meets every target and one agent fewer does not', () => {
    fc.assert(
      fc.property(
        arrivals, aht, target, fc.double({ min: 0.5, max: 0.98, noNaN: true }), fc.double({ min: 0.6, max: 1, noNaN: true }),
        (arrivalsPerHour, ahtSeconds, targetSeconds, sl, occ) => {
          const s = staffErlangC({ arrivalsPerHour, ahtSeconds, targetSeconds, serviceLevelTarget: sl, maxOccupancy: occ });
          const r = s.atRequiredAgents;
          const meets = r.serviceLevel >= sl - 1e-12 && r.occupancy <= occ + 1e-12;
          const fewer = erlangCMetrics({ arrivalsPerHour, ahtSeconds, targetSeconds, agents: s.requiredAgents - 1 });
          const fewerFails = !fewer.stable || fewer.serviceLevel < sl - 1e-12 || fewer.occupancy > occ + 1e-12;
          return meets && fewerFails && s.limitingTargets.length > 0;
        },
      ),
      RUNS,
    );
  });

  it('Erlang A: the answer meets the connect rate and one agent fewer does not; it may be below the load', () => {
    let belowLoad = 0;
    fc.assert(
      fc.property(arrivals, aht, patience, fc.double({ min: 0.5, max: 0.99, noNaN: true }), (arrivalsPerHour, ahtSeconds, patienceSeconds, rate) => {
        const s = staffErlangA({ arrivalsPerHour, ahtSeconds, patienceSeconds, targetSeconds: 20, minConnectRate: rate });
        if (s.requiredAgents < s.trafficErlangs) belowLoad += 1;
        const fewer = erlangAMetrics({ arrivalsPerHour, ahtSeconds, patienceSeconds, targetSeconds: 20, agents: s.requiredAgents - 1 });
        return s.atRequiredAgents.connectRate >= rate - 1e-12 && fewer.connectRate < rate;
      }),
      RUNS,
    );
    expect(belowLoad).toBeGreaterThan(0);
  });

  it('shrinkage gross-up equals exact integer arithmetic for whole-percent shrinkage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 99 }), (raw, pct) => {
        const exact = Math.floor((raw * 100 + (100 - pct) - 1) / (100 - pct)); // ceil(raw·100 / (100 − pct)) in integers
        return agentsWithShrinkage(raw, pct / 100) === exact;
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });
});
