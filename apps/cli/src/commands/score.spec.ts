// `hotline score`: the real binary on a contract case and on bad input, plus the in-process renderer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Decimal from 'decimal.js';
import { runScore } from './score';
import { CliUsageError } from '../cli-error';

const ROOT = resolve(__dirname, '../../../..');
const CASES = JSON.parse(readFileSync('/work/shared/spec/score-cases.json', 'utf8')) as { id: string; input: Record<string, unknown>; policy?: Record<string, string>; expected: Record<string, string> }[];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-score-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function hotline(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['apps/cli/bin/hotline.cjs', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hotline score (spawned)', () => {
  it('scores a contract case given as its input object, every expected figure numerically equal', () => {
    const c = CASES.find((x) => x.id === 'S10');
    expect(c).toBeDefined();
    const r = hotline('score', write('s10.json', c!.input), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const keys = Object.keys(c!.expected);
    expect(keys.length).toBe(13);
    for (const k of keys) expect(new Decimal(out[k] as string).equals(c!.expected[k])).toBe(true);
    // the reasons travel under their own key
    const qa = (out.reasons as Record<string, { deductions: { code: string; points: string }[] }>).qa;
    expect(qa.deductions.map((d) => [d.code, d.points])).toEqual([
      ['qa.quotaShortfall', '-0.6'],
      ['qa.scoringError', '-0.5'],
    ]);
  });

  it('a case is final: provisional false, the range is the total', () => {
    const c = CASES.find((x) => x.id === 'S11')!;
    const out = JSON.parse(hotline('score', write('s11.json', c.input), '--json').stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ provisional: false, totalMin: out.total, totalMax: out.total, coefficientMin: out.coefficient, coefficientMax: out.coefficient, pendingItems: [] });
  });

  it('absent register fields are unknown: the item null with a pending reason, total and coefficient null, the range given', () => {
    const c = CASES.find((x) => x.id === 'S10')!;
    const { trainingSessions: _t, qaErrorsFound: _q, ...partial } = c.input;
    const r = hotline('score', write('s10-partial.json', partial), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { reasons: Record<string, { points: string | null; pointsMin: string; pointsMax: string; pending: boolean; notes: Record<string, unknown>[] }> };
    expect(out.training).toBeNull();
    expect(out.qa).toBeNull();
    expect(out.total).toBeNull();
    expect(out.coefficient).toBeNull();
    expect(out.provisional).toBe(true);
    expect(out.pendingItems).toEqual(['training', 'qa']);
    for (const k of ['totalMin', 'totalMax', 'coefficientMin', 'coefficientMax']) expect(typeof out[k]).toBe('string');
    // the known items are as in the case
    for (const k of ['confidentiality', 'reporting', 'connect', 'satisfaction', 'complaints']) expect(new Decimal(out[k] as string).equals(c.expected[k])).toBe(true);
    const training = out.reasons.training;
    expect(training).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10', pending: true });
    expect(training.notes).toEqual([{ code: 'training.pending', count: null, points: '0', detail: { unknown: 'trainingSessions' }, pending: true }]);
    // the total of the complete case lies within the range
    const total = new Decimal(c.expected.total);
    expect(total.greaterThanOrEqualTo(out.totalMin as string) && total.lessThanOrEqualTo(out.totalMax as string)).toBe(true);
    // an explicit 0 is a confirmed zero
    const zero = JSON.parse(hotline('score', write('s10-zero.json', { ...partial, trainingSessions: 0, qaErrorsFound: 0 }), '--json').stdout) as Record<string, unknown>;
    expect(zero).toMatchObject({ training: '0', provisional: false });
  });

  it('--running: a month still running, the connect item pending 0 – 27 with the rate so far; without it the file is a finished month', () => {
    const c = CASES.find((x) => x.id === 'S10')!;
    const file = write('s10-running.json', c.input);
    const r = hotline('score', file, '--running', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { reasons: Record<string, { points: string | null; pointsMin: string; pointsMax: string; notes: Record<string, unknown>[] }> };
    expect(out).toMatchObject({ connect: null, total: null, coefficient: null, provisional: true, pendingItems: ['connect', 'complaints', 'qa'] });
    expect(new Decimal(out['connectRate%'] as string).equals(c.expected['connectRate%'])).toBe(true);
    expect(out.reasons.connect).toMatchObject({ points: null, pointsMin: '0', pointsMax: '27' });
    expect(out.reasons.connect.notes).toEqual([
      { code: 'connect.pending', count: null, points: '0', detail: { unknown: 'connectRate', cause: 'month-running', monthToDatePercent: out['connectRate%'] }, pending: true },
    ]);
    // the finished month's total lies within the running month's range
    const total = new Decimal(c.expected.total);
    expect(total.greaterThanOrEqualTo(out.totalMin as string) && total.lessThanOrEqualTo(out.totalMax as string)).toBe(true);
    // the same file without --running is the finished month of the case
    const done = JSON.parse(hotline('score', file, '--json').stdout) as Record<string, string>;
    expect(new Decimal(done.connect).equals(c.expected.connect)).toBe(true);
  });

  it('a month with no request at all has no data: the connect item pending, never full marks', () => {
    const c = CASES.find((x) => x.id === 'S11')!;
    const registers = Object.fromEntries(Object.entries(c.input).filter(([k]) => !['requests', 'agentAnswered', 'ivrAnswered', 'requestsInOutage', 'connectedInOutage', 'shortIvrHangups'].includes(k)));
    const out = JSON.parse(hotline('score', write('no-feed.json', registers), '--json').stdout) as Record<string, unknown> & { reasons: Record<string, { notes: { code: string; detail: Record<string, string> }[] }> };
    expect(out).toMatchObject({ connect: null, 'connectRate%': null, provisional: true, total: null });
    expect(out.reasons.connect.notes[0]).toMatchObject({ code: 'connect.pending', detail: { cause: 'no-data' } });
  });

  it('accepts a whole case {input, policy} and --policy flags', () => {
    const c = CASES.find((x) => x.id === 'S03')!;
    const file = write('s03-case.json', { id: 'S03', input: c.input, policy: { connectShortfall: 'linear' } });
    const out = JSON.parse(hotline('score', file, '--json').stdout) as Record<string, string>;
    expect(out.connect).toBe('23.5');
    const flagged = JSON.parse(hotline('score', write('s03.json', c.input), '--policy', 'connectShortfall=linear', '--json').stdout) as Record<string, string>;
    expect(flagged.connect).toBe('23.5');
  });

  it('bad input exits 2 and names the field', () => {
    const neg = hotline('score', write('neg.json', { requests: 100, agentAnswered: -1 }), '--json');
    expect(neg.status).toBe(2);
    expect(neg.stderr).toContain('agentAnswered');
    expect(neg.stderr).not.toContain('    at '); // no stack trace
    const inconsistent = hotline('score', write('inc.json', { requests: 10, agentAnswered: 11 }));
    expect(inconsistent.status).toBe(2);
    expect(inconsistent.stderr).toMatch(/agentAnswered.*exceeds requests/);
    const policy = hotline('score', write('ok.json', CASES[0].input), '--policy', 'bonus=round');
    expect(policy.status).toBe(2);
    expect(policy.stderr).toContain('policy.bonus');
    // In Chinese, the contract's text of the code (`invalid-policy-value`, which the CLI once had no words for).
    expect(hotline('--lang', 'zh-CN', 'score', write('ok.json', CASES[0].input), '--policy', 'bonus=round').stderr).toBe('hotline: --policy: policy.bonus：考核规则取值无效\n');
    expect(hotline('score', join(dir, 'missing.json')).status).toBe(2);
  });
});

describe('runScore (in process)', () => {
  it('prints a readable sheet with reasons', () => {
    const text = runScore(write('s11.json', CASES.find((x) => x.id === 'S11')!.input), { policy: [] });
    expect(text).toContain('total 94.8');
    expect(text).toContain('settlement coefficient 1.00');
    expect(text).toContain('self-assessment form late 1 time × -5 (-5)');
    expect(text).toContain('信息反馈与汇报');
    expect(text).not.toContain('PROVISIONAL');
  });

  it('prints a pending item and the provisional total as ranges, never full marks', () => {
    const text = runScore(write('feed.json', { requests: 20000, agentAnswered: 12000, ivrAnswered: 6500 }), { policy: [] });
    expect(text).toContain('PROVISIONAL 暂定: pending confidentiality, reporting, satisfaction, complaints, training, qa');
    expect(text).toMatch(/training\s+待定 \/ pending 0 – 10\s+10/);
    expect(text).toContain('待定 / pending: unknown trainingSessions');
    expect(text).toContain('total 暂定 / provisional 26 – 103   settlement coefficient 0.50 – 1.00');
  });

  it('prints a running month\'s connect item as pending with the rate so far', () => {
    const text = runScore(write('running.json', CASES.find((x) => x.id === 'S11')!.input), { policy: [], running: true });
    expect(text).toMatch(/connect\s+待定 \/ pending 0 – 27\s+25/);
    expect(text).toMatch(/待定 \/ pending: the month still runs \(\d+\.\d\d % so far\): the month-end connect rate can still be anything/);
    expect(text).toContain('PROVISIONAL 暂定: pending connect, complaints, qa');
    expect(() => runScore(write('running-proj.json', {}), { policy: [], running: true, project: true })).toThrow(/--running: not with --project/);
  });

  it('projects with --project, text and JSON', () => {
    const file = write('mtd.json', {
      monthToDate: { requests: 9000, agentAnswered: 7600, ivrAnswered: 500, surveyResponses: 2000, veryOrBasicallySatisfied: 1950 },
      forecast: { remainingRequests: 11000, connectFraction: 0.9 },
    });
    const text = runScore(file, { policy: [], project: true });
    expect(text).toContain('1101 more of the 11000 expected requests may be lost');
    expect(text).toContain('待定 / PENDING (unknown figures, given as ranges): confidentiality, reporting, complaints, training, qa');
    expect(text).toContain('total (暂定)');
    const json = JSON.parse(runScore(file, { policy: [], project: true, json: true })) as { budget: { lostBudget: string }; connectRate: { mid: string } };
    expect(json.budget.lostBudget).toBe('1101');
    expect(json.connectRate.mid).toBe('90.00');
  });

  it.each([
    ['{not json', /invalid JSON/],
    ['[1, 2]', /must hold a JSON object/],
    [JSON.stringify({ requets: 1 }), /requets: unknown field/],
    [JSON.stringify({ input: { requests: 1 }, expectd: {} }), /expectd: unknown field/],
    [JSON.stringify({ input: { requests: 'many' } }), /input\.requests: must be a count/],
    [JSON.stringify({ input: {}, policy: { quarter: 'median' } }), /policy\.quarter: invalid value/],
  ])('rejects %s', (content, message) => {
    const file = write('bad.json', content);
    expect(() => runScore(file, { policy: [] })).toThrow(CliUsageError);
    expect(() => runScore(file, { policy: [] })).toThrow(message);
  });

  it('rejects bad projection files naming the field', () => {
    const file = write('badproj.json', { monthToDate: { requests: 10 }, forecast: { remainingRequests: 5, connectFraction: 95 } });
    expect(() => runScore(file, { policy: [], project: true })).toThrow(/forecast\.connectFraction/);
  });
});
