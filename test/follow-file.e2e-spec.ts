/**
 * Issue 12, following a live queue_log file: the real shared queue_log lines are appended to a file over time (a
 * partial line split across two writes included) while `hotline follow` runs as a child process against a real
 * stack. In the middle the file is rotated by rename (the writer still appending to the old file for a moment),
 * then by copytruncate; the follower is killed (SIGKILL) twice, once with the file rotated while it was down.
 * At the end the ledger's KPIs equal `hotline kpi` on the concatenated file, the ledger holds exactly the events
 * the adapter reads from it, and the follower wrote each event to the stream once.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { KpiReport } from '@hotline/contracts';
import { parseQueueLog } from '@hotline/events';
import { ROOT, SHARED, createStack, type Stack } from './support/stack';

const CLI = join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs');
const DATA = join(SHARED, 'data');
const KPI_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'abandonedInQueue', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
const pick = (o: object) => Object.fromEntries(KPI_FIELDS.map((k) => [k, (o as Record<string, unknown>)[k]]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hotline follow FILE: appends, partial lines, rotation both ways, two SIGKILLs', () => {
  let stack: Stack;
  let redis: Redis;
  let dir: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    stack = await createStack('follow_file');
    await stack.startApi();
    redis = new Redis(stack.env.REDIS_URL);
    dir = mkdtempSync(join(tmpdir(), 'hotline-follow-'));
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    redis?.disconnect();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the ledger equals `hotline kpi` on the concatenated file, nothing lost or doubled', async () => {
    const path = join(dir, 'queue_log');
    const source = 'pbx-file';
    const lines = [
      ...readFileSync(join(DATA, 'asterisk-queue-log-malariapbx', 'queue_log'), 'utf8').replace(/\n$/, '').split('\n'),
      ...readFileSync(join(DATA, 'asterisk-queue-log-asterisk2slack', 'queue_log'), 'utf8').replace(/\n$/, '').split('\n'),
      ...readFileSync(join(DATA, 'asterisk-queue-log-issue-snippets', 'qpanel-issue39.queue_log'), 'utf8').replace(/\n$/, '').split('\n'),
    ];
    expect(lines.length).toBeGreaterThan(100);
    const text = (from: number, to: number) => lines.slice(from, to).map((l) => `${l}\n`).join('');
    let output = '';
    const start = () => {
      const child = spawn(process.execPath, [CLI, 'follow', path, '--format', 'queue_log', '--source', source, '--poll-interval', '0.1', '--stream-prefix', stack.prefix, '--redis-url', stack.env.REDIS_URL], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      children.add(child);
      return child;
    };
    const kill = async (child: ChildProcess, signal: NodeJS.Signals) => {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill(signal);
      const code = await exited;
      children.delete(child);
      return code;
    };
    /** Waits until the checkpoint covers the whole file now at the path. */
    const caughtUp = async () => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const json = await redis.get(`${stack.prefix}intake:checkpoint:${source}`);
        const st = statSync(path);
        if (json) {
          const cp = JSON.parse(json) as { identity: { ino: number }; offset: number };
          if (cp.identity.ino === st.ino && cp.offset === st.size) return;
        }
        await sleep(100);
      }
      throw new Error(`the follower did not catch up:\n${output}`);
    };

    // Lines written before the follower starts, then appended in chunks, one line split across two writes.
    writeFileSync(path, text(0, 15));
    let follower = start();
    appendFileSync(path, text(15, 22));
    await sleep(200);
    const split = `${lines[22]}\n`;
    appendFileSync(path, split.slice(0, 17));
    await sleep(400); // the follower sees the partial line and waits for its newline
    appendFileSync(path, split.slice(17) + text(23, 30));
    await sleep(200);
    appendFileSync(path, text(30, 35));
    await caughtUp();

    // SIGKILL; lines appended while it is down; restart from the checkpoint.
    expect(await kill(follower, 'SIGKILL')).toBeNull();
    appendFileSync(path, text(35, 50));
    follower = start();
    appendFileSync(path, text(50, 60));
    await caughtUp();

    // Rotation by rename: the writer appends two more lines to the old file, then writes the new one.
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, text(60, 62));
    await sleep(50);
    writeFileSync(path, text(62, 70));
    await caughtUp();

    // copytruncate: copy, truncate, and the writer goes on at once.
    copyFileSync(path, `${path}.copy`);
    truncateSync(path, 0);
    appendFileSync(path, text(70, 85));
    await caughtUp();

    // SIGKILL again, and the file rotated by rename while the follower is down (with a partial last line).
    expect(await kill(follower, 'SIGKILL')).toBeNull();
    appendFileSync(path, text(85, 88));
    renameSync(path, `${path}.2`);
    const last = `${lines[95]}\n`;
    writeFileSync(path, text(88, 95) + last.slice(0, 10));
    follower = start();
    await sleep(1500);
    appendFileSync(path, last.slice(10) + text(96, lines.length));
    await caughtUp();
    expect(await kill(follower, 'SIGTERM')).toBe(0);
    expect(output).toMatch(/rotated/);
    expect(output).toMatch(/truncated \(copytruncate\)/);
    expect(output).toMatch(/rotated while the follower was stopped: finishing .*queue_log\.2/);

    // The concatenation of the four files is the data in order.
    const all = join(dir, 'all.queue_log');
    writeFileSync(all, [`${path}.1`, `${path}.copy`, `${path}.2`, path].map((p) => readFileSync(p, 'utf8')).join(''));
    expect(readFileSync(all, 'utf8')).toBe(text(0, lines.length));
    const adapter = parseQueueLog(readFileSync(all, 'utf8'));
    await stack.waitForIdle(60_000);

    // Nothing lost or doubled: the ledger holds exactly the adapter's events, and each was written once.
    const { rows } = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "RawEvent"');
    expect(rows[0].n).toBe(adapter.events.length);
    expect(Number(await redis.hget(`${stack.prefix}intake:status:${source}`, 'events'))).toBe(adapter.events.length);
    const ids = await stack.db.query<{ eventId: string }>('SELECT "eventId" FROM "RawEvent"');
    expect(new Set(ids.rows.map((r) => r.eventId))).toEqual(new Set(adapter.events.map((e) => e.eventId)));

    // The ledger's KPIs equal the offline report of the concatenated file, over its whole span and per day.
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'kpi', all, '--format', 'queue_log', '--json'], { cwd: ROOT, maxBuffer: 64 << 20 });
    const expected = JSON.parse(stdout) as KpiReport;
    const days = expected.days.filter((d) => d.requests > 0).map((d) => d.date);
    expect(days.length).toBeGreaterThan(3);
    const report = await stack.getJson<KpiReport>(`/api/kpi?from=${days[0]}&to=${days.at(-1)}`);
    expect(report.status).toBe(200);
    expect(pick(report.body)).toEqual(pick(expected));
    expect(report.body.requests).toBeGreaterThan(5);
    for (const day of days) {
      expect(pick(report.body.days.find((d) => d.date === day)!)).toEqual(pick(expected.days.find((d) => d.date === day)!));
    }
  });
});
