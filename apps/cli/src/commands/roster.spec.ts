import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Roster, RosterProblem } from '@hotline/roster';
import { CliUsageError } from '../cli-error';
import { evaluateFromFlags, problemFromFlags, simulateFromFlags } from './roster';

const ROOT = path.resolve(__dirname, '../../../..');
const DATA = path.resolve(ROOT, '../shared/data');
const PSAP = path.join(DATA, 'psap-911-hourly-answer-times');
const BANK = path.join(DATA, 'anonymous-bank-1999-02/calls_1999-02-01_to_1999-02-21.tsv');

function usageError(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'apps/cli/bin/hotline.cjs'), 'roster', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'hotline-roster-'));
const problem: RosterProblem = {
  startDate: '2025-11-03',
  days: 2,
  agents: [
    { id: 'a', name: 'A' },
    { id: 'b', name: 'B' },
    { id: 'c', name: 'C' },
  ],
  forecast: { offered: Array.from({ length: 96 }, (_, t) => (t % 48 >= 16 && t % 48 < 40 ? 6 : 1)), ahtSeconds: 180, patienceSeconds: 240 },
  training: null,
  rules: { maxHoursShortfall: 16 },
};
const problemFile = path.join(dir, 'problem.json');
writeFileSync(problemFile, JSON.stringify(problem));
const roster: Roster = {
  startDate: '2025-11-03',
  days: 2,
  rows: [
    { agentId: 'a', cells: ['00-08', '00-08'] },
    { agentId: 'b', cells: ['08-16', '08-16'] },
    { agentId: 'c', cells: ['16-00', null] },
  ],
  training: [],
};
const rosterFile = path.join(dir, 'roster.json');
writeFileSync(rosterFile, JSON.stringify(roster));

describe('hotline roster', () => {
  it('bad flags and bad problems are usage errors naming what is wrong', () => {
    expect(usageError(() => problemFromFlags({}))).toBe('give --problem FILE, or --psap DIR and --bank FILE');
    expect(usageError(() => problemFromFlags({ problem: problemFile, psap: PSAP }))).toBe('--problem and --psap/--bank exclude each other');
    expect(usageError(() => problemFromFlags({ psap: PSAP, bank: BANK, days: '0' }))).toBe('--days must be a whole number in 1..62 (got 0)');
    expect(usageError(() => problemFromFlags({ psap: PSAP, bank: BANK, scale: 'lots' }))).toBe('--scale must be a number (got "lots")');
    expect(usageError(() => problemFromFlags({ psap: PSAP, bank: BANK, start: '2025-13-01' }))).toBe('--start must be a date YYYY-MM-DD (got "2025-13-01")');
    expect(usageError(() => problemFromFlags({ problem: '/nonexistent.json' }))).toMatch(/^--problem: cannot read \/nonexistent.json: ENOENT/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...problem, agents: [{ id: 'a', name: 'A', seatShare: 3 }] }));
    expect(usageError(() => problemFromFlags({ problem: bad }))).toMatch(/^problem: agents\[0\].seatShare must be/);
    expect(usageError(() => simulateFromFlags({ problem: problemFile, roster: rosterFile, arrivals: 'real' }))).toBe('--arrivals real needs --psap (the real hours to replay)');
    expect(usageError(() => simulateFromFlags({ problem: problemFile, roster: rosterFile, arrivals: 'uniform' }))).toBe('--arrivals must be poisson or real (got "uniform")');
    expect(usageError(() => evaluateFromFlags({ problem: problemFile }))).toBe('--roster FILE is required');
  });

  it('builds the problem from the real data: the 911 shape scaled, AHT and patience from the bank', () => {
    const source = problemFromFlags({ psap: PSAP, bank: BANK, days: '7', scale: '0.35' });
    expect(source.problem.forecast.offered).toHaveLength(7 * 48);
    expect(source.problem.agents[0]).toMatchObject({ floorManager: true, seatShare: 0.5 });
    expect(source.problem.forecast.ahtSeconds).toBeCloseTo(172.1, 1);
    expect(source.problem.forecast.patienceSeconds).toBeCloseTo(330.3, 1);
    // 0.35 of the 911 centre's mean week.
    const perDay = source.problem.forecast.offered.reduce((a, b) => a + b, 0) / 7;
    expect(perDay).toBeGreaterThan(200);
    expect(perDay).toBeLessThan(280);
  });

  it('evaluates a roster: rates, and the rules it breaks with agent and date', () => {
    const result = evaluateFromFlags({ problem: problemFile, roster: rosterFile }) as { text: string; json: { violations: { rule: string; date?: string }[]; total: { connectRate: number } } };
    expect(result.json.violations).toEqual([expect.objectContaining({ rule: 'min-on-duty', date: '2025-11-04' })]);
    expect(result.json.total.connectRate).toBeGreaterThan(0.5);
    expect(result.text).toMatch(/min-on-duty: 2025-11-04 16:00-00:00/);
  });

  it('simulates a roster against Poisson arrivals and compares with the prediction', () => {
    const result = simulateFromFlags({ problem: problemFile, roster: rosterFile, runs: '20' }) as { json: { simulatedConnectRate: number; predictedConnectRate: number } };
    expect(Math.abs(result.json.simulatedConnectRate - result.json.predictedConnectRate)).toBeLessThan(0.05);
  });

  it('plans a roster from a problem file and exits 0; an unknown flag exits 2', () => {
    const out = path.join(dir, 'planned.json');
    const run = cli('plan', '--problem', problemFile, '--time-limit', '10', '--out', out, '--json', '--quiet');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { status: string; violations: unknown[]; roster: Roster };
    expect(report.violations).toEqual([]);
    expect(['optimal', 'feasible']).toContain(report.status);
    // Someone on duty around the clock on both days.
    expect(report.roster.rows.flatMap((r) => r.cells).filter((c) => c !== null).length).toBeGreaterThanOrEqual(6);
    const bad = cli('plan', '--problem', problemFile, '--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--bogus'/);
  });
});
