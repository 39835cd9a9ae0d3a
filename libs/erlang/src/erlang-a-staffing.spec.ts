/**
 * The fast Erlang A staffing search (staffing.ts, `ErlangASearch`) against the plain one it replaced, kept here
 * as the reference: every count from the throughput bound up, every metric evaluated at each, the first count
 * meeting every target returned. Answers, metrics and `limitingTargets` must be identical (`toEqual` compares
 * numbers exactly), for random loads, patience, targets and service-level definitions, for the bench's month
 * and for a large centre. Also: the division-free series (series.ts) equals the previous summation bit for bit,
 * and every bound the fast search uses lies above the exact value it bounds.
 */
import fc from 'fast-check';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { type ErlangAParams, type ErlangAResult, erlangACore, erlangAMetricsFromCore } from './erlang-a';
import { erlangBNext, erlangBUnchecked } from './erlang-b-c';
import { ErlangStaffingError } from './errors';
import { type SeriesSums, harmonic, logSumSeries, logTerm, sumSeries } from './series';
import { type ErlangAServiceLevelDefinition, type StaffErlangAInput, type StaffingResult, type StaffingTarget, ErlangASearch, agentsWithShrinkage, staffErlangA } from './staffing';

const RUNS = { numRuns: 400, seed: 20261207 };

// ---- The previous series, verbatim (the tail test divided: t·r/(1 − r) <= 1e-17 · smallest sum) ----------------

function previousSumSeries(a: number, z: number, weighted: boolean): SeriesSums {
  const smallest = (sum: number, abandon: number, answered: number): number => (weighted ? Math.min(sum, abandon, answered > 0 ? answered : sum) : sum);
  const m = z > a ? Math.floor(z - a) : 0;
  const logPeak = m === 0 ? 0 : logTerm(a, z, m);
  const hPeak = weighted ? harmonic(a, m + 1) : 0;
  let sum = 0;
  let abandon = 0;
  let answered = 0;
  let t = 1;
  let h = hPeak;
  for (let j = m; ; j++) {
    if (j > m) h += 1 / (a + j + 1);
    sum += t;
    if (weighted) {
      const d = a + j + 1;
      abandon += (t * (j + 1)) / d;
      answered += (t * a * h) / d;
    }
    const r = z / (a + j + 1);
    if (r < 1 && (t * r) / (1 - r) <= 1e-17 * smallest(sum, abandon, answered)) break;
    t *= r;
    if (t === 0) break;
  }
  t = 1;
  h = hPeak;
  for (let j = m - 1; j >= 0; j--) {
    h -= 1 / (a + j + 2);
    t *= (a + j + 1) / z;
    sum += t;
    if (weighted) {
      const d = a + j + 1;
      abandon += (t * (j + 1)) / d;
      answered += (t * a * Math.max(h, 0)) / d;
    }
    const r = (a + j) / z;
    if ((t * r) / (1 - r) <= 1e-17 * smallest(sum, abandon, answered) || t === 0) break;
  }
  return { logSum: logPeak + Math.log(sum), abandonShare: weighted ? abandon / sum : 0, answeredWaitShare: weighted ? answered / sum : 0 };
}

// ---- The plain search, as it was ---------------------------------------------------------------------------

const SLACK = 1e-12;
const atLeast = (value: number, target: number): boolean => value >= target - SLACK;
const atMost = (value: number, limit: number): boolean => value <= limit + SLACK * Math.max(1, limit);

/** staffErlangA before the fast search, for valid inputs given as arrivalsPerHour. */
function plainStaffErlangA(input: StaffErlangAInput & { arrivalsPerHour: number }): StaffingResult<ErlangAResult> {
  const { arrivalsPerHour, ahtSeconds, patienceSeconds, targetSeconds } = input;
  const definition: ErlangAServiceLevelDefinition = input.serviceLevelDefinition ?? 'serviceLevelAnsweredWithinTOverOffered';
  const a = (arrivalsPerHour * ahtSeconds) / 3600;
  const share = Math.max(
    input.minConnectRate ?? 0,
    input.maxProbAbandon === undefined ? 0 : 1 - input.maxProbAbandon,
    input.serviceLevelTarget !== undefined && definition === 'serviceLevelAnsweredWithinTOverOffered' ? input.serviceLevelTarget : 0,
  );
  const start = Math.max(input.minAgents ?? 0, Math.floor(a * share * (1 - 1e-9)));
  const cap = input.maxAgents ?? Math.max(start, Math.ceil(a / (input.maxOccupancy ?? 1)) + 50 * Math.ceil(Math.sqrt(a)) + 100);
  const evaluate = (n: number, b: number): ErlangAResult => {
    const p: ErlangAParams = { arrivalsPerHour, ahtSeconds, patienceSeconds, agents: n };
    return erlangAMetricsFromCore(p, targetSeconds, erlangACore(p, b));
  };
  const misses = (r: ErlangAResult): StaffingTarget[] => {
    const out: StaffingTarget[] = [];
    if (input.minConnectRate !== undefined && !atLeast(1 - r.probAbandon, input.minConnectRate)) out.push('minConnectRate');
    if (input.maxProbAbandon !== undefined && !atMost(r.probAbandon, input.maxProbAbandon)) out.push('maxProbAbandon');
    if (input.maxProbWait !== undefined && !atMost(r.probWait, input.maxProbWait)) out.push('maxProbWait');
    if (input.serviceLevelTarget !== undefined && !atLeast(r[definition], input.serviceLevelTarget)) out.push('serviceLevelTarget');
    if (input.maxAsaSeconds !== undefined && !atMost(r.asaAnsweredSeconds, input.maxAsaSeconds)) out.push('maxAsaSeconds');
    if (input.maxOccupancy !== undefined && !atMost(r.occupancy, input.maxOccupancy)) out.push('maxOccupancy');
    return out;
  };
  // Erlang B walked from max(start − 1, 0) by its recursion, as the plain search did.
  const from = Math.max(start - 1, 0);
  let b = erlangBUnchecked(from, a);
  let previous: StaffingTarget[] = [];
  for (let n = start; n <= cap; n++) {
    if (n > from) b = erlangBNext(b, n, a);
    const metrics = evaluate(n, b);
    const missed = misses(metrics);
    if (missed.length > 0) {
      previous = missed;
      continue;
    }
    const fewer = n === 0 ? [] : n > start ? previous : misses(evaluate(n - 1, erlangBUnchecked(n - 1, a)));
    return {
      trafficErlangs: a,
      requiredAgents: n,
      shrinkage: input.shrinkage ?? 0,
      requiredAgentsWithShrinkage: agentsWithShrinkage(n, input.shrinkage ?? 0),
      atRequiredAgents: metrics,
      limitingTargets: n === 0 ? [] : fewer.length > 0 ? fewer : ['minAgents'],
    };
  }
  throw new ErlangStaffingError(cap, `no number of agents up to ${cap} meets the Erlang A targets`);
}

/** Both searches' answers, or both errors' messages. */
function both(input: StaffErlangAInput & { arrivalsPerHour: number }): [unknown, unknown] {
  const run = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (e) {
      return e instanceof ErlangStaffingError ? `ErlangStaffingError: ${e.message}` : e;
    }
  };
  return [run(() => staffErlangA(input)), run(() => plainStaffErlangA(input))];
}

const DEFINITIONS: ErlangAServiceLevelDefinition[] = [
  'serviceLevelAnsweredWithinTOverOffered',
  'serviceLevelAmongAnswered',
  'serviceLevelExcludingAbandonsWithinT',
  'probActualWaitAtMostT',
  'probOfferedWaitAtMostT',
];
/** The value in `percent` % of the draws, undefined otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary: arb, weight: percent });

/** The bench's month (bench/erlang.bench.ts): 5–60 calls per half hour, two daily peaks, quieter weekends. */
function benchMonth(): number[] {
  const calls: number[] = [];
  const generator = mersenne(12123);
  const rnd = (): number => uniformFloat64(generator);
  for (let day = 0; day < 30; day++) {
    for (let slot = 0; slot < 48; slot++) {
      const hour = slot / 2;
      const shape = Math.exp(-((hour - 10) ** 2) / 8) + 0.85 * Math.exp(-((hour - 15.5) ** 2) / 10);
      calls.push(Math.round(5 + 55 * shape * (day % 7 >= 5 ? 0.7 : 1) * (0.9 + 0.2 * rnd())));
    }
  }
  return calls;
}

describe('Erlang A staffing: the fast search equals the plain one', () => {
  it('the series without the tail division is bit for bit the previous summation', () => {
    const scale = fc.integer({ min: -3, max: 6 }).chain((e) => fc.double({ min: 0, max: 2 * 10 ** e, noNaN: true }));
    fc.assert(
      fc.property(scale, scale, fc.boolean(), (a, z, grid) => {
        const [x, y] = grid ? [Math.round(a * 2) / 2, Math.round(z * 4) / 4] : [a, z];
        const before = previousSumSeries(x, y, true);
        const after = sumSeries(x, y, true);
        return (
          Object.is(before.logSum, after.logSum) &&
          Object.is(before.abandonShare, after.abandonShare) &&
          Object.is(before.answeredWaitShare, after.answeredWaitShare) &&
          Object.is(previousSumSeries(x, y, false).logSum, logSumSeries(x, y))
        );
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });

  it('same answer, metrics and limiting targets for random loads, targets and definitions', () => {
    let serviceLevelBinding = 0;
    fc.assert(
      fc.property(
        fc.record({
          arrivalsPerHour: fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 3000, noNaN: true })),
          ahtSeconds: fc.double({ min: 5, max: 900, noNaN: true }),
          patienceSeconds: fc.oneof(
            { arbitrary: fc.double({ min: 0.5, max: 5000, noNaN: true }), weight: 4 },
            { arbitrary: fc.double({ min: 1e4, max: 1e6, noNaN: true }), weight: 1 },
          ),
          targetSeconds: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 120, noNaN: true })),
          serviceLevelTarget: sometimes(fc.double({ min: 0.3, max: 0.98, noNaN: true }), 85),
          serviceLevelDefinition: sometimes(fc.constantFrom(...DEFINITIONS), 60),
          maxOccupancy: sometimes(fc.double({ min: 0.5, max: 1, noNaN: true }), 50),
          minConnectRate: sometimes(fc.double({ min: 0.5, max: 0.99, noNaN: true }), 20),
          maxProbAbandon: sometimes(fc.double({ min: 0.01, max: 0.5, noNaN: true }), 20),
          maxAsaSeconds: sometimes(fc.double({ min: 1, max: 120, noNaN: true }), 20),
          maxProbWait: sometimes(fc.double({ min: 0.05, max: 1, noNaN: true }), 20),
          minAgents: sometimes(fc.integer({ min: 0, max: 8 }), 20),
          maxAgents: sometimes(fc.integer({ min: 0, max: 30 }), 10),
        }),
        (input) => {
          const [fast, plain] = both(input);
          expect(fast).toEqual(plain);
          if (typeof fast === 'object' && fast !== null && 'limitingTargets' in fast && input.serviceLevelTarget !== undefined) {
            const { limitingTargets } = fast as { limitingTargets: StaffingTarget[] };
            if (limitingTargets.includes('serviceLevelTarget')) serviceLevelBinding += 1;
          }
        },
      ),
      { ...RUNS, numRuns: 500 },
    );
    // The service level limits a good share of the answers, so the bounds that rule counts out are exercised.
    expect(serviceLevelBinding).toBeGreaterThan(100);
  });

  it('same answers for the bench month (80/20, occupancy <= 85 %, patience 120 s), a large centre and a grid of loads', () => {
    const month = benchMonth();
    const large = Array.from({ length: 48 }, (_, slot) => Math.round(300 + 2700 * Math.exp(-((slot / 2 - 12.5) ** 2) / 18)));
    const cases: StaffErlangAInput[] = [...month, ...large].map((calls) => ({
      arrivalsPerHour: calls * 2, ahtSeconds: 240, patienceSeconds: 120, targetSeconds: 20, serviceLevelTarget: 0.8, maxOccupancy: 0.85,
    }));
    // Occupancy limits close to A/N at the count below the answer, where limitingTargets needs the most care.
    for (let calls = 1; calls <= 240; calls++) {
      for (const maxOccupancy of [0.7, 0.8, 0.85, 0.9, undefined]) {
        for (const patienceSeconds of [30, 120, 600]) {
          cases.push({ arrivalsPerHour: calls * 2, ahtSeconds: 240, patienceSeconds, targetSeconds: 20, serviceLevelTarget: 0.8, maxOccupancy });
        }
      }
    }
    for (const input of cases) {
      const [fast, plain] = both(input as StaffErlangAInput & { arrivalsPerHour: number });
      expect(fast).toEqual(plain);
    }
  });

  it('every bound the fast search uses lies above the exact value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 3000, noNaN: true }),
        fc.double({ min: 5, max: 900, noNaN: true }),
        fc.double({ min: 0.5, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.constantFrom<ErlangAServiceLevelDefinition>('serviceLevelAnsweredWithinTOverOffered', 'probActualWaitAtMostT', 'probOfferedWaitAtMostT'),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (arrivalsPerHour, ahtSeconds, patienceSeconds, targetSeconds, definition, share) => {
          const load = { arrivalsPerHour, ahtSeconds, patienceSeconds };
          const a = (arrivalsPerHour * ahtSeconds) / 3600;
          const n = Math.max(1, Math.round(a * share));
          const search = new ErlangASearch(load, targetSeconds, { serviceLevelTarget: 0.8, serviceLevelDefinition: definition });
          const b = erlangBUnchecked(n, a);
          const p: ErlangAParams = { ...load, agents: n };
          const core = erlangACore(p, b);
          const exact = erlangAMetricsFromCore(p, targetSeconds, core);
          const lastStage = search.lastStage(n);
          const tolerance = 1e-12;
          expect(search.serviceLevelBoundByErlangB(n, b, lastStage)).toBeGreaterThanOrEqual(exact[definition] - tolerance);
          expect(1 - b * lastStage).toBeGreaterThanOrEqual(exact[definition] - tolerance);
          expect(search.serviceLevelBoundByCore(n, lastStage, core)).toBeGreaterThanOrEqual(exact[definition] - tolerance);
          expect(search.occupancyBoundByErlangB(n, b)).toBeGreaterThanOrEqual(exact.occupancy - tolerance);
        },
      ),
      { ...RUNS, numRuns: 2000 },
    );
  });
});
