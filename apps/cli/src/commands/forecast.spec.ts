import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliUsageError } from '../cli-error';
import { defaultApiUrl } from '../config';
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
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'PORT' && k !== 'HOTLINE_API_URL'));
  const run = spawnSync(process.execPath, [path.join(ROOT, 'apps/cli/bin/hotline.cjs'), 'forecast', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...clean, ...env }, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('hotline forecast', () => {
  it('bad flags are usage errors naming the flag', () => {
    expect(usageError(() => reportOptions({ weeks: '0' }, 'bank'))).toBe('--weeks must be a whole number from 1 to 12 (got 0)');
    expect(usageError(() => reportOptions({ weeks: 'two' }, 'bank'))).toBe('--weeks must be a number (got "two")');
    expect(usageError(() => reportOptions({ method: 'arima' }, 'bank'))).toMatch(/^--method must be one of auto, seasonal-naive, weekday-profile, day-share/);
    expect(usageError(() => reportOptions({ calendar: 'us' }, 'bank'))).toMatch(/^--calendar must be one of cn, none/);
    expect(usageError(() => reportOptions({ from: '2025-02-30' }, 'bank'))).toBe('--from must be a date YYYY-MM-DD between 1990 and 2100 (got "2025-02-30")');
    expect(usageError(() => reportOptions({ minAgents: '1.5' }, 'bank'))).toMatch(/^--min-agents must be a whole number/);
    expect(usageError(() => forecastOfFiles([BANK], { format: 'bank', weeks: '1', targetConnectRate: '1.5' }))).toBe('--target-connect-rate must be in [0, 1) (got 1.5)');
    expect(usageError(() => forecastOfFiles([BANK], { format: 'bank', weeks: '1', shrinkage: '1' }))).toBe('--shrinkage must be in [0, 1) (got 1)');
    expect(usageError(() => forecastOfFiles([BANK], { format: 'csv' }))).toMatch(/^--format must be one of queue_log, bank, us-bank-5min, psap-hourly/);
    expect(usageError(() => forecastOfFiles([], { format: 'bank' }))).toMatch(/a file is needed/);
    expect(usageError(() => forecastOfFiles(['/nonexistent.csv'], { format: 'us-bank-5min' }))).toMatch(/cannot read \/nonexistent.csv: ENOENT/);
  });

  it("the API's limits: weeks 1 to 12, years 1990 to 2100, durations up to a day, at most 1000 minimum agents", () => {
    for (const weeks of ['13', '1000', '100000', '-1']) expect(usageError(() => reportOptions({ weeks }, 'bank'))).toBe(`--weeks must be a whole number from 1 to 12 (got ${weeks})`);
    expect(reportOptions({ weeks: '12' }, 'bank').weeks).toBe(12);
    expect(usageError(() => reportOptions({ from: '9999-01-01' }, 'bank'))).toBe('--from must be a date YYYY-MM-DD between 1990 and 2100 (got "9999-01-01")');
    expect(usageError(() => reportOptions({ from: '1989-12-31' }, 'bank'))).toMatch(/^--from must be a date/);
    expect(usageError(() => reportOptions({ ahtSeconds: '1e9' }, 'bank'))).toBe('--aht-seconds must be a number of seconds in (0, 86400] (got 1e9)');
    expect(usageError(() => reportOptions({ patienceSeconds: '0' }, 'bank'))).toBe('--patience-seconds must be a number of seconds in (0, 86400] (got 0)');
    expect(usageError(() => reportOptions({ targetSeconds: '-1' }, 'bank'))).toBe('--target-seconds must be a number of seconds in [0, 86400] (got -1)');
    expect(reportOptions({ targetSeconds: '0' }, 'bank').targets?.targetSeconds).toBe(0);
    expect(usageError(() => reportOptions({ minAgents: '1001' }, 'bank'))).toBe('--min-agents must be a whole number from 0 to 1000 (got 1001)');
    // Within the limits, too much work for one call is refused by the library, naming the flag behind it.
    expect(usageError(() => forecastOfFiles([US_BANK], { format: 'us-bank-5min', weeks: '12', ahtSeconds: '86400', patienceSeconds: '86400' }))).toMatch(/^--aht-seconds: intervals need about \d+ million evaluation steps; at most 30 million/);
  });

  it('errors about a file name the file, not "FILE"', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'forecast-'));
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(usageError(() => forecastOfFiles([BANK], { format: 'us-bank-5min' }))).toMatch(new RegExp(`^${BANK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 1: expected the header date,interval_start,slot,calls`));
    expect(usageError(() => forecastOfFiles([empty], { format: 'psap-hourly' }))).toBe(`${empty} line 1: expected a header with DateTime and Total columns`);
    // Of several files, the one at fault.
    expect(usageError(() => forecastOfFiles([PSAP[0], empty], { format: 'psap-hourly' }))).toBe(`${empty} line 1: expected a header with DateTime and Total columns`);
    expect(usageError(() => forecastOfFiles([BANK], { format: 'bank', from: '1999-01-15' }))).toMatch(new RegExp(`^${path.basename(BANK).replace(/\./g, '\\.')}|${BANK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const run = cli(BANK, '--format', 'us-bank-5min');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`hotline: ${BANK} line 1:`);
    expect(run.stderr).not.toContain('FILE');
  });

  it('with --from inside the file, the forecast and its measured inputs use only the days before it (no look-ahead)', () => {
    const cut = forecastOfFiles([BANK], { format: 'bank', weeks: '1', from: '1999-02-15' });
    expect(cut).toMatchObject({ from: '1999-02-15', historyTo: '1999-02-14', start: { reason: 'given' } });
    const whole = forecastOfFiles([BANK], { format: 'bank', weeks: '1' });
    expect(whole.start).toEqual({ reason: 'after-history' });
    expect(cut.inputs!.patienceSeconds).not.toBeCloseTo(whole.inputs!.patienceSeconds, 3);
    expect(cut.inputs!.patienceAbandons).toBeLessThan(whole.inputs!.patienceAbandons!);
    // A later start: the days between the file's end and it are not observed, so they are not zero-call days.
    const later = forecastOfFiles([BANK], { format: 'bank', weeks: '1', from: '1999-03-01' });
    expect(later.historyTo).toBe('1999-02-21');
    expect(later.inputs!.patienceSeconds).toBeCloseTo(whole.inputs!.patienceSeconds, 9);
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
    expect(plain.days.find((d) => d.weekday === 6)).toMatchObject({ arrivals: 0, basis: 'closed' }); // weekdays only: closed at weekends
    const staffed = forecastOfFiles([US_BANK], { format: 'us-bank-5min', weeks: '1', ahtSeconds: '300', patienceSeconds: '90' });
    expect(staffed.inputs).toMatchObject({ ahtSeconds: 300, ahtSource: 'given', patienceSeconds: 90, patienceSource: 'given' });
    expect(Math.max(...staffed.intervals.map((iv) => iv.erlangC!.agents))).toBeGreaterThan(100);
  });

  it('the 911 weeks, several files at once, hourly', () => {
    const r = forecastOfFiles(PSAP, { format: 'psap-hourly', weeks: '1' });
    expect(r).toMatchObject({ from: '2025-11-16', intervalMinutes: 60 });
    expect(r.intervals).toHaveLength(7 * 24);
  });

  it("--from-ledger's API: HOTLINE_API_URL, else the local API on PORT, else on 3000", () => {
    expect(defaultApiUrl({})).toBe('http://127.0.0.1:3000');
    expect(defaultApiUrl({ PORT: '3100' })).toBe('http://127.0.0.1:3100');
    expect(defaultApiUrl({ PORT: '3100', HOTLINE_API_URL: 'http://planner.example:8080' })).toBe('http://planner.example:8080');
    expect(usageError(() => defaultApiUrl({ PORT: 'abc' }))).toBe('PORT must be a port number from 1 to 65535 (got "abc"); or give --api-url');
    const down = cliWith({ PORT: '9', HOTLINE_API_LOGIN: 'planner', HOTLINE_API_PASSWORD: 'Secret-pass-1' }, '--from-ledger');
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('cannot reach the API at http://127.0.0.1:9');
  });

  it('--from-ledger asks GET /api/forecast with the same options', () => {
    expect(ledgerQuery({ weeks: '3', from: '2025-03-03', targetConnectRate: '0.92', shrinkage: '0.3', calendar: 'none' })).toBe(
      'weeks=3&from=2025-03-03&method=auto&calendar=none&targetConnectRate=0.92&shrinkage=0.3',
    );
  });

  it('the command exits 2 on a bad flag, naming it, and 1 when the API cannot be reached', () => {
    const bad = cli(BANK, '--format', 'bank', '--weeks', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--weeks must be a whole number from 1 to 12');
    for (const [flag, value] of [['--weeks', '100000'], ['--from', '9999-01-01']]) {
      const started = Date.now();
      const run = cli(BANK, '--format', 'bank', flag, value);
      expect({ flag, status: run.status, named: run.stderr.includes(`${flag} must be`) }).toEqual({ flag, status: 2, named: true });
      expect(Date.now() - started).toBeLessThan(20_000); // --weeks 100000 never ended before
    }
    const ledger = cli('--from-ledger', '--weeks', '13');
    expect(ledger.status).toBe(2);
    expect(ledger.stderr).toContain('--weeks must be a whole number from 1 to 12');
    const noFormat = cli(BANK);
    expect(noFormat.status).toBe(2);
    expect(noFormat.stderr).toContain('--format is required');
    const unknown = cli('--from-ledger', '--bogus');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const anonymous = cli('--from-ledger', '--api-url', 'http://127.0.0.1:9');
    expect(anonymous.status).toBe(2);
    expect(anonymous.stderr).toContain('set HOTLINE_API_LOGIN and HOTLINE_API_PASSWORD');
    const down = cliWith({ HOTLINE_API_LOGIN: 'planner', HOTLINE_API_PASSWORD: 'Secret-pass-1' }, '--from-ledger', '--api-url', 'http://127.0.0.1:9');
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
