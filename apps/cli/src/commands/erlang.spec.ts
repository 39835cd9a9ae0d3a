import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliUsageError } from '../cli-error';
import { flagName, numberFlag } from '../flags';
import { erlangAFromFlags, erlangCFromFlags, staffAFromFlags, staffCFromFlags } from './erlang';
import { formatTable } from './erlang-output';

const ROOT = path.resolve(__dirname, '../../../..');
const CASES = JSON.parse(fs.readFileSync(path.resolve(ROOT, '../shared/reference/erlang-cases.json'), 'utf8')) as {
  cases: { id: string; inputs: Record<string, unknown>; expected: Record<string, unknown> }[];
};
const refCase = (id: string) => {
  const c = CASES.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no reference case ${id}`);
  return c;
};

/** The case's inputs as the CLI's flags (--kebab-case value). */
function flagsOf(inputs: Record<string, unknown>, names: string[]): string[] {
  return names.filter((n) => inputs[n] !== undefined).flatMap((n) => [flagName(n), String(inputs[n])]);
}

/** Every numeric expected field matches the printed JSON within the reference tolerance (1e-6). */
function expectMatches(expected: Record<string, unknown>, actual: Record<string, unknown>, keys: string[]): void {
  for (const key of keys) {
    const e = expected[key];
    if (typeof e !== 'number') throw new Error(`${key} is not a number in the case`);
    const tolerance = key.endsWith('Seconds') ? 1e-6 * Math.abs(e) + 1e-9 : 1e-6;
    expect({ key, ok: Math.abs(Number(actual[key]) - e) <= tolerance }).toEqual({ key, ok: true });
  }
}

function usageError(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

describe('hotline erlang: flag parsing and output mapping', () => {
  it('flag names are the reference input names in kebab-case', () => {
    expect(flagName('arrivalsPerHour')).toBe('--arrivals-per-hour');
    expect(flagName('serviceLevelTarget')).toBe('--service-level-target');
  });

  it('rejects values that are not plain numbers, naming the flag', () => {
    expect(usageError(() => numberFlag({ agents: '12abc' }, 'agents'))).toBe('--agents must be a number (got "12abc")');
    expect(usageError(() => numberFlag({ agents: 'Infinity' }, 'agents'))).toContain('--agents');
    expect(usageError(() => numberFlag({}, 'ahtSeconds', true))).toBe('--aht-seconds is required');
    expect(numberFlag({ agents: '1e2' }, 'agents')).toBe(100);
  });

  it('a domain error from the library becomes a usage error naming the flag (C29)', () => {
    expect(usageError(() => erlangCFromFlags({ arrivalsPerHour: '120', ahtSeconds: '300', agents: '10.5' }))).toBe(
      '--agents must be a non-negative integer (got 10.5)',
    );
    expect(usageError(() => staffAFromFlags({ arrivalsPerHour: '40', ahtSeconds: '240', patienceSeconds: '60', minConnectRate: '1.5' }))).toContain(
      '--min-connect-rate',
    );
    expect(usageError(() => erlangCFromFlags({ callsPerInterval: '100', ahtSeconds: '300', agents: '3' }))).toBe('--calls-per-interval needs --interval-minutes');
    expect(usageError(() => erlangAFromFlags({ arrivalsPerHour: '120', ahtSeconds: '300', agents: '3' }))).toBe('--patience-seconds is required');
  });

  it('C14 through the flag mapping, with the interval form of the arrival rate', () => {
    const c = refCase('C14');
    const json = erlangCFromFlags({ callsPerInterval: '360', intervalMinutes: '30', ahtSeconds: '240', agents: '55', targetSeconds: '15' });
    expectMatches(c.expected, json, ['probWait', 'serviceLevel', 'asaSeconds', 'occupancy', 'erlangB', 'trafficErlangs']);
  });

  it('an unstable interval prints null metrics and the reason (C24)', () => {
    const json = erlangCFromFlags({ arrivalsPerHour: '720', ahtSeconds: '240', agents: '40', targetSeconds: '20' });
    expect(json).toMatchObject({ stable: false, probWait: null, serviceLevel: null, asaSeconds: null });
    expect(formatTable(json)).toContain('- (not defined)');
  });

  it('staffing C09 with shrinkage, and the table shows it readably', () => {
    const json = staffCFromFlags({ arrivalsPerHour: '1000', ahtSeconds: '120', targetSeconds: '20', serviceLevelTarget: '0.8', maxOccupancy: '0.85', shrinkage: '0.3' });
    expect(json).toMatchObject({ requiredAgents: 40, requiredAgentsWithShrinkage: 58, limitingTargets: ['maxOccupancy'] });
    const table = formatTable(json);
    expect(table).toMatch(/Required agents\s+40/);
    expect(table).toMatch(/Occupancy\s+83\.33 %/);
  });
});

function runCli(args: string[]) {
  return spawnSync(process.execPath, ['apps/cli/bin/hotline.cjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90000 });
}

describe('hotline erlang: the real command line', () => {
  it('erlang c --json prints the reference case C03', () => {
    const c = refCase('C03');
    const r = runCli(['erlang', 'c', ...flagsOf(c.inputs, ['arrivalsPerHour', 'ahtSeconds', 'agents', 'targetSeconds']), '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expectMatches(c.expected, json, ['probWait', 'serviceLevel', 'asaSeconds', 'occupancy', 'erlangB']);
  });

  it('erlang a --json prints the reference case A11 (calls per interval form)', () => {
    const c = refCase('A11');
    const r = runCli(['erlang', 'a', ...flagsOf(c.inputs, ['callsPerInterval', 'intervalMinutes', 'ahtSeconds', 'agents', 'targetSeconds', 'patienceSeconds']), '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expectMatches(c.expected, json, Object.keys(c.expected));
  });

  it('erlang staff a --json gives A12: 5 agents for a 90 % connect rate', () => {
    const c = refCase('A12');
    const r = runCli(['erlang', 'staff', 'a', ...flagsOf(c.inputs, ['arrivalsPerHour', 'ahtSeconds', 'targetSeconds', 'patienceSeconds']), '--min-connect-rate', '0.9', '--json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { requiredAgents: number }).requiredAgents).toBe(c.expected.requiredAgentsConnect90);
  });

  it('a bad flag value exits 2 naming the flag', () => {
    const r = runCli(['erlang', 'c', '--arrivals-per-hour', '120', '--aht-seconds', '300', '--agents', '10.5', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('hotline: --agents must be a non-negative integer (got 10.5)\n');
  });

  it('an unknown flag exits 2 naming it', () => {
    const r = runCli(['erlang', 'staff', 'c', '--arrivals-per-hour', '120', '--aht-seconds', '300', '--service-level', '0.8']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--service-level'");
  });
});
