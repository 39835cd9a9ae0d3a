import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CliUsageError } from '../cli-error';
import { forecastOfFiles, formatReport, ledgerQuery, reportOptions } from './forecast';

const ROOT = path.resolve(__dirname, '../../../..');
const DATA = path.resolve(ROOT, '../shared/data');
const BANK = path.join(DATA, 'anonymous-bank-1999-02/calls_1999-02-01_to_1999-02-21.tsv');
const US_BANK = path.join(DATA, 'us-bank-calls-5min/calls_5min_2003-03-03_to_2003-09-19.csv');
const PSAP = ['44', '45', '46'].map((w) => path.join(DATA, `psap-911-hourly-answer-times/week${w}_2025_phone.csv`));

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
  const run = spawnSync(process.execPath, [path.join(ROOT, 'apps/cli/bin/hotline.cjs'), 'forecast', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('hotline forecast', () => {
  it('bad flags are usage errors naming the flag', () => {
    expect(usageError(() => reportOptions({ weeks: '0' }, 'bank'))).toBe('--weeks must be a whole number >= 1 (got 0)');
    expect(usageError(() => reportOptions({ weeks: 'two' }, 'bank'))).toBe('--weeks must be a number (got "two")');
    expect(usageError(() => reportOptions({ method: 'arima' }, 'bank'))).toMatch(/^--method must be one of auto, seasonal-naive, weekday-profile, day-share/);
    expect(usageError(() => reportOptions({ calendar: 'us' }, 'bank'))).toMatch(/^--calendar must be one of cn, none/);
    expect(usageError(() => reportOptions({ from: '2025-02-30' }, 'bank'))).toBe('--from must be a date YYYY-MM-DD (got "2025-02-30")');
    expect(usageError(() => reportOptions({ minAgents: '1.5' }, 'bank'))).toMatch(/^--min-agents must be a whole number/);
    expect(usageError(() => forecastOfFiles([BANK], { format: 'bank', weeks: '1', targetConnectRate: '1.5' }))).toBe('--target-connect-rate must be in [0, 1) (got 1.5)');
    expect(usageError(() => forecastOfFiles([BANK], { format: 'bank', weeks: '1', shrinkage: '1' }))).toBe('--shrinkage must be in [0, 1) (got 1)');
    expect(usageError(() => forecastOfFiles([BANK], { format: 'csv' }))).toMatch(/^--format must be one of queue_log, bank, us-bank-5min, psap-hourly/);
    expect(usageError(() => forecastOfFiles([], { format: 'bank' }))).toMatch(/a file is needed/);
    expect(usageError(() => forecastOfFiles(['/nonexistent.csv'], { format: 'us-bank-5min' }))).toMatch(/cannot read \/nonexistent.csv: ENOENT/);
  });

  it('the default calendar is cn for the hotline (queue_log, the ledger) and none for the foreign series', () => {
    expect(reportOptions({}, 'queue_log').calendar).toBe('cn');
    expect(reportOptions({}, undefined).calendar).toBe('cn');
    expect(reportOptions({}, 'bank').calendar).toBe('none');
    expect(reportOptions({}, 'psap-hourly').calendar).toBe('none');
  });

  it('the bank month: forecast per half hour with both requirements, the inputs measured from the calls', () => {
    const r = forecastOfFiles([BANK], { format: 'bank', weeks: '1', shrinkage: '0.3' });
    expect(r).toMatchObject({ from: '1999-02-22', to: '1999-02-28', intervalMinutes: 30, timeZone: 'Asia/Shanghai', calendar: 'none', shrinkage: 0.3 });
    expect(r.method.selectedBy).toBe('back-test');
    expect(r.intervals).toHaveLength(7 * 48);
    expect(r.inputs).toMatchObject({ ahtSource: 'measured', patienceSource: 'measured' });
    expect(r.inputs!.patienceSeconds).toBeGreaterThan(300);
    expect(r.inputs!.patienceSeconds).toBeLessThan(360);
    const busy = r.intervals.filter((iv) => iv.arrivals > 30);
    expect(busy.length).toBeGreaterThan(50);
    for (const iv of busy) {
      expect(iv.erlangC!.agents).toBeGreaterThan(iv.trafficErlangs!);
      expect(iv.erlangC!.agentsWithShrinkage).toBeGreaterThanOrEqual(Math.ceil(iv.erlangC!.agents / 0.7 - 1e-9));
      expect(iv.erlangA!.connectRate).toBeGreaterThanOrEqual(0.9);
    }
    expect(r.history).toHaveLength(14 * 48);
    const text = formatReport(r);
    expect(text).toContain('method: ');
    expect(text).toContain('1999-02-22  09:00');
  });

  it('count series: the US bank without an AHT gives the forecast only (and says so); with --aht-seconds the requirement too', () => {
    const plain = forecastOfFiles([US_BANK], { format: 'us-bank-5min', weeks: '1' });
    expect(plain.inputs).toBeNull();
    expect(plain.intervals[0].erlangC).toBeUndefined();
    expect(plain.warnings.map((w: { message: string }) => w.message).join(' ')).toMatch(/no AHT/);
    expect(plain.days.find((d) => d.weekday === 6)).toMatchObject({ arrivals: 0, basis: 'no-history' }); // weekdays only
    const staffed = forecastOfFiles([US_BANK], { format: 'us-bank-5min', weeks: '1', ahtSeconds: '300', patienceSeconds: '90' });
    expect(staffed.inputs).toMatchObject({ ahtSeconds: 300, ahtSource: 'given', patienceSeconds: 90, patienceSource: 'given' });
    expect(Math.max(...staffed.intervals.map((iv) => iv.erlangC!.agents))).toBeGreaterThan(100);
  });

  it('the 911 weeks, several files at once, hourly', () => {
    const r = forecastOfFiles(PSAP, { format: 'psap-hourly', weeks: '1' });
    expect(r).toMatchObject({ from: '2025-11-16', intervalMinutes: 60 });
    expect(r.intervals).toHaveLength(7 * 24);
  });

  it('--from-ledger asks GET /api/forecast with the same options', () => {
    expect(ledgerQuery({ weeks: '3', from: '2025-03-03', targetConnectRate: '0.92', shrinkage: '0.3', calendar: 'none' })).toBe(
      'weeks=3&from=2025-03-03&method=auto&calendar=none&targetConnectRate=0.92&shrinkage=0.3',
    );
  });

  it('the command exits 2 on a bad flag, naming it, and 1 when the API cannot be reached', () => {
    const bad = cli(BANK, '--format', 'bank', '--weeks', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--weeks must be a whole number >= 1');
    const noFormat = cli(BANK);
    expect(noFormat.status).toBe(2);
    expect(noFormat.stderr).toContain('--format is required');
    const unknown = cli('--from-ledger', '--bogus');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const down = cli('--from-ledger', '--api-url', 'http://127.0.0.1:9');
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('cannot reach the API at http://127.0.0.1:9');
  });

  it('prints JSON with --json', () => {
    const run = cli(...PSAP, '--format', 'psap-hourly', '--weeks', '1', '--json');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { intervals: unknown[]; method: { name: string } };
    expect(json.intervals).toHaveLength(168);
    expect(['seasonal-naive', 'weekday-profile', 'day-share']).toContain(json.method.name);
  });
});
