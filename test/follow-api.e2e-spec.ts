/**
 * Issue 12, the API's followers: `HOTLINE_FOLLOW` names a live queue_log file; the API follows it from start-up
 * (lines written before and after it started), keeps the checkpoint in Redis, stops cleanly on SIGTERM and, started
 * again, goes on from the checkpoint without repeating anything. A malformed value stops the start-up naming the
 * variable.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parseQueueLog } from '@hotline/events';
import { SHARED, createStack, type Stack } from './support/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HOTLINE_FOLLOW: the API follows a live queue_log', () => {
  let stack: Stack;
  let redis: Redis;
  let dir: string;

  beforeAll(async () => {
    stack = await createStack('follow_api');
    redis = new Redis(stack.env.REDIS_URL);
    dir = mkdtempSync(join(tmpdir(), 'hotline-follow-api-'));
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('follows the configured file from start-up to shutdown and resumes from its checkpoint', async () => {
    const lines = readFileSync(join(SHARED, 'data', 'asterisk-queue-log-malariapbx', 'queue_log'), 'utf8').replace(/\n$/, '').split('\n');
    const text = (from: number, to?: number) => lines.slice(from, to).map((l) => `${l}\n`).join('');
    const path = join(dir, 'queue_log');
    const env = { HOTLINE_FOLLOW: `api-pbx=file:${path}`, HOTLINE_FOLLOW_POLL_MS: '100' };
    const rawEvents = async () => (await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RawEvent" WHERE source = 'api-pbx'`)).rows[0].n;
    const written = async () => Number(await redis.hget(`${stack.prefix}intake:status:api-pbx`, 'events'));
    const until = async (done: () => Promise<boolean>, what: string) => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (await done()) return;
        await sleep(200);
      }
      throw new Error(`${what} did not happen in time:\n${stack.logs()}`);
    };

    writeFileSync(path, text(0, 40));
    await stack.startApi(env);
    appendFileSync(path, text(40, 60));
    const first = parseQueueLog(text(0, 60)).events.length;
    await until(async () => (await rawEvents()) === first && (await written()) === first, 'the first 60 lines reaching the ledger');
    await stack.killApi('SIGTERM');
    expect(stack.api).toBeUndefined();

    // Lines appended while the API is down are read after it starts again; nothing is written twice.
    appendFileSync(path, text(60));
    await stack.startApi(env);
    const all = parseQueueLog(text(0)).events.length;
    await until(async () => (await rawEvents()) === all, 'the rest of the file reaching the ledger');
    expect(await written()).toBe(all);
    expect(await redis.hget(`${stack.prefix}intake:status:api-pbx`, 'target')).toBe(path);
    const cp = JSON.parse((await redis.get(`${stack.prefix}intake:checkpoint:api-pbx`))!) as { offset: number; line: number };
    expect(cp).toMatchObject({ offset: statSync(path).size, line: lines.length });
    await stack.killApi('SIGTERM');

    // A malformed value stops the start-up, naming the variable and the entry.
    await expect(stack.startApi({ HOTLINE_FOLLOW: 'pbx=file:relative/queue_log' })).rejects.toThrow(/HOTLINE_FOLLOW: "pbx=file:relative\/queue_log": the file path must be absolute/);
  });
});
