import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CliUsageError } from '../cli-error';
import { kpiOfFile } from './kpi';

const ROOT = join(__dirname, '..', '..', '..', '..');
const TRANSFERS = join(ROOT, 'libs', 'events', 'fixtures', 'queue-transfers.queue_log');
const run = promisify(execFile);
const flags = { format: 'queue_log', timezone: 'Asia/Shanghai', slSeconds: '20' };

/** Runs the real CLI; @returns its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const usageError = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('no usage error');
};

describe('hotline kpi: transfers between queues', () => {
  it('counts each caller once and credits each agent with its own talk', () => {
    const r = kpiOfFile(TRANSFERS, flags);
    expect(r).toMatchObject({ requests: 4, agentAnswered: 4, pending: 0, skipped: { consultation: 4 }, deadLetters: [] });
    expect(r.agents.map((a) => [a.agentId, a.agentAnswered, a.talkSeconds])).toEqual([
      ['PJSIP/8001', 2, 148], ['PJSIP/8002', 1, 60], ['PJSIP/9002', 1, 90], ['PJSIP/9001', 0, 220],
    ]);
  });

  it('prints the talk of every agent, the target of a transfer included', async () => {
    const { code, stdout } = await cli(['kpi', TRANSFERS, '--format', 'queue_log']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/requests 4 {2}agent-answered 4 /);
    expect(stdout).toMatch(/PJSIP\/9001 +0 +220 {2}110/);
  });
});

describe('hotline kpi: input that is not text is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-kpi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const good = readFileSync(TRANSFERS, 'utf8');
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('a NUL byte: the file, the line and the byte offset', () => {
    const lines = good.split('\n');
    lines[2] = lines[2].replace('PJSIP/8001', 'PJSIP/80\u000001');
    const path = file('nul.queue_log', lines.join('\n'));
    const offset = lines[0].length + lines[1].length + 2 + lines[2].indexOf('\u0000');
    expect(usageError(() => kpiOfFile(path, flags))).toBe(
      `${path}: refused at line 3 (byte offset ${offset}): a NUL byte (0x00), which no queue_log line or call record holds (zero padding after a crash, or a corrupted line); the feed reads text files only`,
    );
  });

  it('a compressed log, a binary file, a file in another encoding (readable with --encoding)', () => {
    expect(usageError(() => kpiOfFile(file('q.gz', gzipSync(good)), flags))).toMatch(/q\.gz: refused at line 1 \(byte offset 0\): the file is gzip-compressed, not text: decompress it first/);
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(usageError(() => kpiOfFile(file('x.bin', binary), { ...flags, format: 'bank' }))).toMatch(/x\.bin: refused at line \d+ \(byte offset \d+\): .*a binary file, not text/);
    const gbk = Buffer.concat([Buffer.from('1718000000|1718000000.1|'), Buffer.from([0xd7, 0xc9, 0xd1, 0xaf]), Buffer.from('|NONE|ENTERQUEUE||13800000001|1\n')]);
    const path = file('gbk.queue_log', gbk);
    expect(usageError(() => kpiOfFile(path, flags))).toMatch(/gbk\.queue_log: refused at line 1 \(byte offset 24\): a byte that is not UTF-8 \(0xd7\).*--encoding gb18030/);
    expect(kpiOfFile(path, { ...flags, encoding: 'gb18030' })).toMatchObject({ requests: 1 });
    expect(usageError(() => kpiOfFile(path, { ...flags, encoding: 'klingon' }))).toMatch(/--encoding "klingon" is not a known text encoding/);
  });

  it('exits with code 2 and says why on stderr', async () => {
    const path = file('nul2.queue_log', `${good}\u0000\u0000\u0000`);
    const { code, stdout, stderr } = await cli(['kpi', path, '--format', 'queue_log', '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^hotline: ${path.replace(/[.]/g, '\\.')}: refused at line 24 \\(byte offset ${Buffer.byteLength(good)}\\): a NUL byte`));
  });
});
