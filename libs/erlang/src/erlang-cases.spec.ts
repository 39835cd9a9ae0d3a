/**
 * Every case of shared/reference/erlang-cases.json, read in place, within its own tolerance.
 *
 * For each case an `actual` object is built with the same shape as its `expected` block; the comparison then
 * walks `expected` and fails on any leaf that `actual` lacks, so no expected number can be skipped silently.
 * The last test asserts that every case (caseCount of them) was checked, with at least one number each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type ErlangAInput,
  type ErlangCInput,
  ErlangInputError,
  type StaffErlangAInput,
  type StaffErlangCInput,
  agentsWithShrinkage,
  arrivalsPerHourOf,
  erlangAMetrics,
  erlangB,
  erlangCMetrics,
  expectedOutcomes,
  staffErlangA,
  staffErlangC,
  trafficErlangs,
} from './index';

const CASES_FILE = path.resolve(__dirname, '../../../../shared/reference/erlang-cases.json');

interface Tolerance {
  abs?: number;
  rel?: number;
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface RefCase {
  id: string;
  model: 'A' | 'C';
  title: string;
  inputs: JsonObject;
  expected: JsonObject;
  tolerance: { probabilities: Tolerance; seconds: Tolerance; integers: string };
}
interface RefFile {
  caseCount: number;
  conventions: { tolerance: string };
  cases: RefCase[];
}

const file = JSON.parse(fs.readFileSync(CASES_FILE, 'utf8')) as RefFile;

/** Fields compared exactly: agent counts. */
const isIntegerField = (key: string, parent: string | undefined): boolean =>
  /^requiredAgents/.test(key) || key === 'agentsWithShrinkage' || parent === 'agentsWithShrinkage';

interface Comparison {
  checked: number;
  failures: string[];
}

function compare(expected: Json, actual: unknown, where: string[], tolerance: RefCase['tolerance'], out: Comparison): void {
  const at = where.join('.');
  const key = where.at(-1) ?? '';
  const parent = where.at(-2);
  if (expected === null) {
    out.checked += 1;
    if (actual !== null) out.failures.push(`${at}: expected null (not defined / flagged), got ${String(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.failures.push(`${at}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((e, i) => compare(e, actual[i], [...where, String(i)], tolerance, out));
    return;
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null) {
      out.failures.push(`${at}: expected an object, got ${String(actual)}`);
      return;
    }
    for (const [k, e] of Object.entries(expected)) {
      const a = (actual as Record<string, unknown>)[k];
      if (a === undefined) out.failures.push(`${[...where, k].join('.')}: not computed`);
      else compare(e, a, [...where, k], tolerance, out);
    }
    return;
  }
  out.checked += 1;
  if (typeof expected === 'boolean' || typeof expected === 'string') {
    const ok = typeof expected === 'string' ? typeof actual === 'string' && actual.includes(expected) : actual === expected;
    if (!ok) out.failures.push(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (typeof actual !== 'number' || Number.isNaN(actual)) {
    out.failures.push(`${at}: expected ${expected}, got ${String(actual)}`);
    return;
  }
  if (isIntegerField(key, parent)) {
    if (actual !== expected) out.failures.push(`${at}: expected exactly ${expected}, got ${actual}`);
    return;
  }
  const t = key.endsWith('Seconds') ? tolerance.seconds : tolerance.probabilities;
  const allowed = Math.max(t.abs ?? 0, (t.rel ?? 0) * Math.abs(expected));
  const diff = Math.abs(actual - expected);
  if (!(diff <= allowed)) out.failures.push(`${at}: expected ${expected}, got ${actual} (|diff| ${diff.toExponential(2)} > ${allowed.toExponential(2)})`);
}

const percentKey = (prefix: string, fraction: number): string => `${prefix}${Math.round(fraction * 100)}`;
const numbers = (value: Json | undefined): number[] => (Array.isArray(value) ? value.map(Number) : []);

/**
 * The reference file's inputs go to the library as they are, typed as its input: the invalid cases must be refused
 * by the library's own validation at run time, which is what they test.
 */
function untyped<T>(json: object): T {
  return json as T;
}

function erlangCActual(inputs: JsonObject): Record<string, unknown> {
  const r = erlangCMetrics(untyped<ErlangCInput>(inputs));
  return {
    stable: r.stable,
    trafficErlangs: r.trafficErlangs,
    erlangB: r.erlangB,
    probWait: r.stable ? r.probWait : null,
    serviceLevel: r.stable ? r.serviceLevel : null,
    asaSeconds: r.stable ? r.asaSeconds : null,
    asaDelayedCallsSeconds: r.stable ? r.asaDelayedCallsSeconds : null,
    occupancy: r.stable ? r.occupancy : null,
  };
}

function pick(source: object, keys: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (source as Record<string, unknown>)[k];
  return out;
}

/** Builds the computed counterpart of a case's `expected` block. */
function actualFor(c: RefCase): Record<string, unknown> {
  const inputs = c.inputs;
  const expected = c.expected;
  const actual: Record<string, unknown> = {};
  if (typeof expected.error === 'string') {
    try {
      erlangCMetrics(untyped<ErlangCInput>(inputs));
      actual.error = 'no error was thrown';
    } catch (error) {
      actual.error = error instanceof ErlangInputError && error.field === 'agents' && error.code === 'not-an-integer' ? error.message : String(error);
    }
    return actual;
  }
  if (typeof inputs.arrivalsPerHour === 'number') actual.trafficErlangs = trafficErlangs(untyped<ErlangCInput>(inputs));

  if (c.model === 'C') {
    if (typeof inputs.agents === 'number') {
      Object.assign(actual, erlangCActual(inputs));
      if (typeof inputs.shrinkage === 'number') actual.agentsWithShrinkage = agentsWithShrinkage(inputs.agents, inputs.shrinkage);
    }
    if (Array.isArray(inputs.rawAgents)) {
      actual.agentsWithShrinkage = Object.fromEntries(numbers(inputs.rawAgents).map((r) => [String(r), agentsWithShrinkage(r, Number(inputs.shrinkage))]));
    }
    if ('requiredAgents' in expected) {
      const staffInput = untyped<StaffErlangCInput>(inputs);
      const s = staffErlangC(staffInput);
      actual.requiredAgents = s.requiredAgents;
      actual.requiredAgentsWithShrinkage = s.requiredAgentsWithShrinkage;
      actual.atRequiredAgents = s.atRequiredAgents;
      actual.requiredAgentsServiceLevelOnly = staffErlangC({ ...staffInput, maxOccupancy: undefined, maxAsaSeconds: undefined, maxProbWait: undefined }).requiredAgents;
      actual.serviceLevelAtRequired = s.atRequiredAgents.serviceLevel;
      if (s.requiredAgents > 0) {
        actual.serviceLevelOneFewer = erlangCActual({ ...inputs, agents: s.requiredAgents - 1 }).serviceLevel;
      }
    }
    for (const target of numbers(inputs.serviceLevelTargets)) {
      actual[percentKey('requiredAgentsFor', target)] = staffErlangC({ ...untyped<StaffErlangCInput>(inputs), serviceLevelTarget: target }).requiredAgents;
    }
  } else {
    if (typeof inputs.agents === 'number') {
      const r = erlangAMetrics(untyped<ErlangAInput>(inputs));
      Object.assign(actual, r);
      actual.erlangBLimit = erlangB(inputs.agents, r.trafficErlangs);
      const c = erlangCMetrics(untyped<ErlangCInput>(inputs));
      if (c.stable) Object.assign(actual, { erlangCProbWait: c.probWait, erlangCServiceLevel: c.serviceLevel, erlangCAsaSeconds: c.asaSeconds });
    }
    const staffInput = untyped<StaffErlangAInput>(inputs);
    for (const rate of numbers(inputs.minConnectRates)) {
      actual[percentKey('requiredAgentsConnect', rate)] = staffErlangA({ ...staffInput, serviceLevelTarget: undefined, minConnectRate: rate }).requiredAgents;
    }
    if (typeof inputs.serviceLevelTarget === 'number' && typeof inputs.agents !== 'number') {
      actual[percentKey('requiredAgentsServiceLevel', inputs.serviceLevelTarget)] = staffErlangA(staffInput).requiredAgents;
    }
    if (Array.isArray(inputs.intervals)) Object.assign(actual, planActual(inputs));
  }
  const byAgents = expected.byAgents;
  if (byAgents !== null && typeof byAgents === 'object' && !Array.isArray(byAgents)) {
    actual.byAgents = Object.fromEntries(
      Object.entries(byAgents).map(([agents, fields]) => {
        const at = { ...inputs, agents: Number(agents) };
        const computed = c.model === 'C' ? erlangCActual(at) : erlangAMetrics(untyped<ErlangAInput>(at));
        return [agents, pick(computed, Object.keys(fields as JsonObject))];
      }),
    );
  }
  return actual;
}

/** A15: several intervals, totalled call-weighted. */
function planActual(inputs: JsonObject): Record<string, unknown> {
  const intervals = inputs.intervals as JsonObject[];
  const minutes = new Set(intervals.map((i) => Number(i.intervalMinutes)));
  expect(minutes.size).toBe(1);
  for (const i of intervals) {
    // The case's redundant hourly rate must agree with its calls per interval.
    arrivalsPerHourOf({ arrivalsPerHour: Number(i.arrivalsPerHour), callsPerInterval: Number(i.callsPerInterval), intervalMinutes: Number(i.intervalMinutes) });
  }
  const plan = expectedOutcomes({
    intervalMinutes: [...minutes][0],
    ahtSeconds: Number(inputs.ahtSeconds),
    patienceSeconds: Number(inputs.patienceSeconds),
    intervals: intervals.map((i) => ({ callsPerInterval: Number(i.callsPerInterval), agents: Number(i.agents) })),
  });
  const meanOfRates = plan.intervals.reduce((s, o) => s + o.connectRate, 0) / plan.intervals.length;
  return {
    intervals: plan.intervals,
    connectRateCallWeighted: plan.total.connectRate,
    connectRatePercentRounded2dp: Math.round(plan.total.connectRate * 10000) / 100,
    unweightedMeanOfIntervalRates_DO_NOT_USE: meanOfRates,
  };
}

describe('reference cases (shared/reference/erlang-cases.json)', () => {
  const results = new Map<string, Comparison>();
  beforeAll(() => {
    for (const c of file.cases) {
      const out: Comparison = { checked: 0, failures: [] };
      try {
        compare(c.expected, actualFor(c), [], c.tolerance, out);
      } catch (error) {
        out.failures.push(`threw: ${error instanceof Error ? error.stack : String(error)}`);
      }
      results.set(c.id, out);
    }
  });

  it('the file states the tolerance rule this test applies', () => {
    expect(file.conventions.tolerance).toContain('|actual - expected| <= max(abs, rel*|expected|)');
  });

  it.each(file.cases.map((c) => [c.id, c.title] as const))('%s %s', (id) => {
    const r = results.get(id);
    expect(r).toBeDefined();
    expect(r?.failures).toEqual([]);
    expect(r?.checked).toBeGreaterThan(0);
  });

  it(`checks all ${file.caseCount} cases, none skipped`, () => {
    expect(file.cases).toHaveLength(file.caseCount);
    const checkedCases = [...results.entries()].filter(([, r]) => r.checked > 0 && r.failures.length === 0).map(([id]) => id);
    expect(checkedCases).toEqual(file.cases.map((c) => c.id));
    const numbersChecked = [...results.values()].reduce((s, r) => s + r.checked, 0);
    expect(numbersChecked).toBeGreaterThan(300);
  });

  it('A15: the month is Σ answered / Σ offered, not the mean of interval rates', () => {
    const a15 = file.cases.find((c) => c.id === 'A15');
    expect(a15).toBeDefined();
    const r = planActual((a15 as RefCase).inputs);
    expect(Math.abs(Number(r.connectRateCallWeighted) - Number(r.unweightedMeanOfIntervalRates_DO_NOT_USE))).toBeGreaterThan(0.05);
  });
});
