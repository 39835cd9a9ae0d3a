/**
 * `hotline replay` against a real Redis (TEST_REDIS_URL, as the end-to-end tests): it must not report success
 * when writes fail, and must refuse input that is not text before connecting.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { CliUsageError } from '../cli-error';
import { ReplayWriteError, planReplay, replayLane, sendReplay, type ReplayPlan } from './replay';

const ROOT = join(__dirname, '..', '..', '..', '..');
const TRANSFERS = join(ROOT, 'libs', 'events', 'fixtures', 'queue-transfers.queue_log');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = promisify(execFile);
const baseFlags = { format: 'queue_log', timezone: 'Asia/Shanghai', speed: 'max', redisUrl: REDIS_URL, streamPrefix: '', quiet: true };

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs'), ...args], { cwd: ROOT });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('hotline replay: writes that fail are reported, with a non-zero exit', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `test:replay-${randomBytes(4).toString('hex')}:`;
  const flags = { ...baseFlags, streamPrefix: prefix, lane: 'live' };
  let plan: ReplayPlan;
  beforeAll(() => {
    plan = planReplay(TRANSFERS, flags);
  });
  afterEach(async () => {
    await redis.del(`${prefix}events`, `${prefix}dead-letters`, `${prefix}backfill`);
  });
  afterAll(() => redis.quit());

  it('writes every event and says so when Redis takes them', async () => {
    const outcome = await sendReplay(plan, flags);
    expect(outcome).toEqual({ written: 23, failed: 0, notSent: 0, deadLettersWritten: 0, deadLettersFailed: 0, firstError: null });
    expect(await redis.xlen(`${prefix}events`)).toBe(23);
  });

  it('every XADD refused (a key of another type at the stream key): none written, WRONGTYPE named', async () => {
    await redis.set(`${prefix}events`, 'not a stream');
    const error = await sendReplay(plan, flags).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayWriteError);
    expect((error as ReplayWriteError).outcome).toMatchObject({ written: 0, failed: 23, notSent: 0 });
    expect((error as Error).message).toBe(
      `replay failed: none of the 23 events was written to ${prefix}events. First error: WRONGTYPE Operation against a key holding the wrong kind of value. ` +
        'Fix Redis and run the same replay again: events already written are recognised by their ids and not counted twice.',
    );
  });

  it('the connection lost in the middle: says how many were written and how many were not, and stops', async () => {
    // 3,100 s of data at 1,000x: ~3 s; the connection is killed once the first events are in.
    const replay = sendReplay({ ...plan, speed: 1000 }, flags).catch((e: unknown) => e);
    const deadline = Date.now() + 10_000;
    while ((await redis.exists(`${prefix}events`)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const clients = (await redis.client('LIST')) as string;
    const id = /^id=(\d+) .*name=hotline-replay-\d+/m.exec(clients.split('\n').find((l) => l.includes(`name=hotline-replay-${process.pid}`)) ?? '')?.[1];
    expect(id).toBeDefined();
    await redis.client('KILL', 'ID', id!);
    const error = await replay;
    expect(error).toBeInstanceOf(ReplayWriteError);
    const { written, failed, notSent } = (error as ReplayWriteError).outcome;
    expect(written).toBeGreaterThan(0);
    expect(written + failed + notSent).toBe(23);
    expect(await redis.xlen(`${prefix}events`)).toBe(written);
    expect((error as Error).message).toMatch(new RegExp(`^replay failed: ${failed + notSent} of 23 events were not written to ${prefix}events \\(${failed} refused(, ${notSent} not sent after the failure)?\\); ${written} were written\\. First error: `));
  });

  it('history at full speed goes to the backfill lane, paced replays to the live lane, unless --lane says otherwise', async () => {
    expect(replayLane(undefined, Infinity)).toBe('backfill');
    expect(replayLane(undefined, 60)).toBe('live');
    expect(replayLane('live', Infinity)).toBe('live');
    expect(() => replayLane('fast', 1)).toThrow('--lane must be one of live, backfill; got "fast"');
    await sendReplay(plan, { ...flags, lane: undefined });
    expect(await redis.xlen(`${prefix}backfill`)).toBe(23);
    expect(await redis.exists(`${prefix}events`)).toBe(0);
    const bad = await cli(['replay', TRANSFERS, '--format', 'queue_log', '--lane', 'fast', '--quiet', '--redis-url', REDIS_URL, '--stream-prefix', prefix]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--lane must be one of live, backfill');
  });

  it('Redis not reachable at all (a closed port): a clear message, nothing pretends to be replayed', async () => {
    const error = await sendReplay(plan, { ...flags, redisUrl: `redis://127.0.0.1:${await closedPort()}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliUsageError);
    expect((error as Error).message).toMatch(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/);
  });

  it('the CLI exits 1 when writes fail and 2 when Redis cannot be reached', async () => {
    await redis.set(`${prefix}events`, 'not a stream');
    const refused = await cli(['replay', TRANSFERS, '--format', 'queue_log', '--speed', 'max', '--lane', 'live', '--quiet', '--redis-url', REDIS_URL, '--stream-prefix', prefix]);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toMatch(/^hotline: replay failed: none of the 23 events was written .*WRONGTYPE/);
    const unreachable = await cli(['replay', TRANSFERS, '--format', 'queue_log', '--quiet', '--redis-url', `redis://127.0.0.1:${await closedPort()}`, '--stream-prefix', prefix]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^hotline: cannot reach Redis/);
  });
});

describe('hotline replay: input that is not text is refused before anything is sent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-replay-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a NUL byte: exit code 2, the file, the line and the byte offset; the stream is not touched', async () => {
    const text = readFileSync(TRANSFERS, 'utf8');
    const at = text.indexOf('PJSIP/9001') + 5;
    const path = join(dir, 'nul.queue_log');
    writeFileSync(path, `${text.slice(0, at)}\u0000${text.slice(at)}`);
    const line = text.slice(0, at).split('\n').length;
    const expected = `${path}: refused at line ${line} (byte offset ${at}): a NUL byte (0x00)`;
    expect(() => planReplay(path, { ...baseFlags, streamPrefix: 'unused:' })).toThrow(CliUsageError);
    expect(() => planReplay(path, { ...baseFlags, streamPrefix: 'unused:' })).toThrow(expected);
    const prefix = `test:replay-${randomBytes(4).toString('hex')}:`;
    const { code, stderr } = await cli(['replay', path, '--format', 'queue_log', '--speed', 'max', '--redis-url', REDIS_URL, '--stream-prefix', prefix]);
    expect(code).toBe(2);
    expect(stderr).toContain(`hotline: ${expected}`);
    const redis = new Redis(REDIS_URL);
    expect(await redis.exists(`${prefix}events`)).toBe(0);
    await redis.quit();
  });

  it('a binary file (bank format too)', () => {
    const path = join(dir, 'calls.tsv');
    writeFileSync(path, Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(() => planReplay(path, { ...baseFlags, format: 'bank', streamPrefix: 'unused:' })).toThrow(/calls\.tsv: refused at line \d+ \(byte offset \d+\): .*a binary file, not text/);
  });
});
