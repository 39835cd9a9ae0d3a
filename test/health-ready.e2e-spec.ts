/**
 * Issue 13, health that tells the truth, against the built API (child process, own database and Redis prefix):
 * readiness (`GET /api/health/ready`) answers 200 on a healthy stack and 503 naming the part when Redis or the
 * database stops answering under a running API; start-up exits within its bound, with a message naming the
 * dependency, when Postgres refuses, Postgres accepts and never answers, or Redis refuses; SIGTERM and SIGINT end a
 * start-up that hangs, and a running API whose dependency is gone; a feed batch in flight when SIGTERM arrives is
 * written and acknowledged before the database closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Readiness } from '@hotline/contracts';
import { ROOT, createStack, type Stack } from './support/stack';
import { tcpProxy, via } from './support/tcp-proxy';

const MAIN = join(ROOT, 'apps', 'api', 'dist', 'main.js');

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts TCP connections and never sends a byte (a database hung at the protocol level). */
async function silentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A started API process of our own (not the stack's): its output, and its exit with the time it took. */
interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnApi(stack: Stack, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...stack.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

/** The exit of `spawned`, or a failure naming its output when it is still running after `ms`. */
async function exitWithin(spawned: Spawned, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      spawned.child.kill('SIGKILL');
      reject(new Error(`the API was still running after ${ms} ms:\n${spawned.output()}`));
    }, ms);
  });
  try {
    return await Promise.race([spawned.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /api/health/ready without a session: status and the parsed body. */
async function ready(stack: Stack): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${stack.baseUrl}/api/health/ready`, { signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: Readiness.parse(await res.json()) };
}

/** Polls readiness until `until` holds (or fails after `ms`, with the last answer). */
async function readyUntil(stack: Stack, until: (r: { status: number; body: Readiness }) => boolean, ms = 60_000): Promise<{ status: number; body: Readiness }> {
  const deadline = Date.now() + ms;
  let last: { status: number; body: Readiness } | undefined;
  while (Date.now() < deadline) {
    last = await ready(stack);
    if (until(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`readiness never matched; last answer ${JSON.stringify(last)}`);
}

/** `promise`'s value, or `fallback` after `ms` (the timer is cleared either way). */
async function orAfter<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(what: string, test: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('health that tells the truth', () => {
  let stack: Stack;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    stack = await createStack('ready');
  });
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f().catch(() => undefined);
    await stack.killApi('SIGKILL');
  });
  afterAll(async () => stack?.stop());

  it('answers ready (200, public) on a healthy stack, with the feed backlog; liveness stays figure-free', async () => {
    await stack.startApi();
    const redis = new Redis(stack.env.REDIS_URL);
    cleanups.push(async () => redis.disconnect());
    await redis.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify({ eventId: 'ready-1', callId: 'ready-c1', ts: '2024-01-01T00:00:00.000Z', source: 't', type: 'call.offered' }));
    await stack.waitForIdle();
    const answer = await ready(stack);
    expect(answer).toEqual({
      status: 200,
      body: { status: 'ready', failing: [], checks: { database: { status: 'ok' }, redis: { status: 'ok' }, feed: { status: 'ok', lag: 0 } } },
    });
    const live = await fetch(`${stack.baseUrl}/api/health`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('exits within the bound, naming Postgres, when Postgres refuses connections (and never prints its password)', async () => {
    const port = await closedPort();
    const api = spawnApi(stack, { DATABASE_URL: `postgresql://postgres:not-to-be-printed@127.0.0.1:${port}/hotline`, HOTLINE_STARTUP_TIMEOUT_SECONDS: '3' });
    const exit = await exitWithin(api, 60_000);
    expect(exit.code).toBe(1);
    expect(api.output()).toMatch(new RegExp(`Postgres at 127\\.0\\.0\\.1:${port}/hotline did not answer within 3 s \\(HOTLINE_STARTUP_TIMEOUT_SECONDS\\): .*ECONNREFUSED`));
    expect(api.output()).not.toContain('not-to-be-printed');
  });

  it('exits within the bound, naming Postgres, when Postgres accepts the connection and never answers', async () => {
    const silent = await silentServer();
    cleanups.push(silent.close);
    const api = spawnApi(stack, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${silent.port}/hotline`, HOTLINE_STARTUP_TIMEOUT_SECONDS: '3' });
    const exit = await exitWithin(api, 60_000);
    expect(exit.code).toBe(1);
    expect(silent.connections()).toBeGreaterThan(0);
    expect(api.output()).toMatch(new RegExp(`Postgres at 127\\.0\\.0\\.1:${silent.port}/hotline did not answer within 3 s .*timeout`));
    expect(api.output()).not.toMatch(/Redis at/);
  });

  it('exits within the bound, naming Redis, when Redis refuses connections', async () => {
    const port = await closedPort();
    const api = spawnApi(stack, { REDIS_URL: `redis://127.0.0.1:${port}`, HOTLINE_STARTUP_TIMEOUT_SECONDS: '3' });
    const exit = await exitWithin(api, 60_000);
    expect(exit.code).toBe(1);
    expect(api.output()).toMatch(new RegExp(`Redis at 127\\.0\\.0\\.1:${port} did not answer within 3 s \\(HOTLINE_STARTUP_TIMEOUT_SECONDS\\)`));
    expect(api.output()).not.toMatch(/Postgres at/);
  });

  it('ends a start-up hung on a silent Postgres at once on SIGTERM or SIGINT', async () => {
    const silent = await silentServer();
    cleanups.push(silent.close);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const before = silent.connections();
      // A bound far longer than the test: only the signal can end it.
      const api = spawnApi(stack, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${silent.port}/hotline`, HOTLINE_STARTUP_TIMEOUT_SECONDS: '600' });
      await waitFor('the API to connect to the silent Postgres', () => silent.connections() > before);
      api.child.kill(signal);
      const exit = await exitWithin(api, 30_000);
      expect({ signal, code: exit.code }).toEqual({ signal, code: signal === 'SIGTERM' ? 143 : 130 });
      expect(api.output()).toContain(`${signal} during start-up: exiting`);
    }
  });

  it('answers 503 naming Redis, then the database, when they stop answering under a running API, and ready again when they come back; SIGTERM still ends it', async () => {
    const pgUrl = new URL(stack.databaseUrl);
    const redisUrl = new URL(stack.env.REDIS_URL);
    const pgProxy = await tcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const redisProxy = await tcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    cleanups.push(pgProxy.close, redisProxy.close);
    await stack.startApi({ DATABASE_URL: via(stack.databaseUrl, pgProxy.port), REDIS_URL: via(stack.env.REDIS_URL, redisProxy.port), HOTLINE_READY_TIMEOUT_MS: '1000', HOTLINE_SHUTDOWN_TIMEOUT_SECONDS: '3' });
    expect((await readyUntil(stack, (r) => r.status === 200)).body.status).toBe('ready');

    // Redis goes silent: connections stay open, nothing comes back.
    redisProxy.pause();
    const noRedis = await readyUntil(stack, (r) => r.status === 503 && r.body.failing.includes('redis'));
    expect(noRedis.body.status).toBe('unready');
    expect(noRedis.body.checks.redis).toEqual({ status: 'failing', reason: 'no answer within 1000 ms' });
    expect(noRedis.body.checks.database).toEqual({ status: 'ok' });
    expect(noRedis.body.checks.feed.lag).toBeNull(); // Redis cannot say the backlog
    redisProxy.resume();
    await readyUntil(stack, (r) => r.status === 200);

    // The database goes silent.
    pgProxy.pause();
    const noDb = await readyUntil(stack, (r) => r.status === 503 && r.body.failing.includes('database'));
    expect(noDb.body.checks.database).toEqual({ status: 'failing', reason: 'no answer within 1000 ms' });
    expect(noDb.body.checks.redis).toEqual({ status: 'ok' });
    pgProxy.resume();
    await readyUntil(stack, (r) => r.status === 200);

    // Redis goes away for good (connections dropped, new ones refused).
    await redisProxy.close();
    const gone = await readyUntil(stack, (r) => r.status === 503 && r.body.failing.includes('redis'));
    expect(gone.body.checks.database).toEqual({ status: 'ok' });
    expect(stack.logs()).toMatch(/not ready: redis failing/);

    // The feed consumer cannot finish its read without Redis: SIGTERM still ends the process, within the shutdown bound.
    const api = stack.api!;
    const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
    api.kill('SIGTERM');
    const code = await orAfter(exited, 60_000, 'still running');
    expect(code).not.toBe('still running');
    stack.api = undefined;
  });

  it('finishes and acknowledges the batch in flight when SIGTERM arrives, before closing the database', async () => {
    const key = `${stack.prefix}events`;
    const redis = new Redis(stack.env.REDIS_URL);
    cleanups.push(async () => redis.disconnect());
    // Holds the ledger's inserts (not its reads) until we let go: the consumer's batch waits inside its transaction.
    const locker = new Client({ connectionString: stack.databaseUrl });
    await locker.connect();
    cleanups.push(async () => {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    });
    await stack.startApi({ HOTLINE_READY_STALL_SECONDS: '2', HOTLINE_READY_MAX_LAG: '2', LOG_LEVEL: 'info' });
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "RawEvent" IN EXCLUSIVE MODE');
    const ids = Array.from({ length: 5 }, (_, i) => `inflight-${i}`);
    // One transaction: the consumer's blocked read gets all five as one batch.
    const adding = redis.multi();
    for (const id of ids) adding.xadd(key, '*', 'event', JSON.stringify({ eventId: id, callId: `c-${id}`, ts: '2024-01-01T00:00:00.000Z', source: 't', type: 'call.offered' }));
    await adding.exec();
    // The consumer has read the batch (pending) and waits on the lock.
    await waitFor('the consumer to read the batch', async () => Number(((await redis.xpending(key, 'ledger')) as [number])[0]) === ids.length);

    // Readiness tells: the feed makes no progress and its backlog is over the bound; the database itself answers.
    const stuck = await readyUntil(stack, (r) => r.status === 503 && /no progress/.test(r.body.checks.feed.reason ?? ''), 30_000);
    expect(stuck.body.failing).toEqual(['feed']);
    expect(stuck.body.checks.feed).toEqual({ status: 'failing', reason: 'no progress for over 2 s; backlog over 2 entries', lag: ids.length });

    const api = stack.api!;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => api.once('exit', (code, signal) => resolve({ code, signal })));
    api.kill('SIGTERM');
    // Stopping: the consumer reads no more (readiness says so while the HTTP server still answers) and waits for its batch.
    const stopping = await readyUntil(stack, (r) => r.body.checks.feed.reason?.includes('the consumer is not running') === true, 20_000);
    expect(stopping.status).toBe(503);
    await new Promise((r) => setTimeout(r, 1000));
    expect(api.exitCode).toBeNull();

    await locker.query('COMMIT');
    const exit = await orAfter(exited, 60_000, 'still running');
    expect(exit).toEqual({ code: 0, signal: null });
    stack.api = undefined;
    // Written, acknowledged and gone from the stream.
    const written = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "RawEvent" WHERE "eventId" = ANY($1)', [ids]);
    expect(written.rows[0].n).toBe(ids.length);
    expect(Number(((await redis.xpending(key, 'ledger')) as [number])[0])).toBe(0);
    expect(await redis.xlen(key)).toBe(0);
    expect(stack.logs()).toContain('the batch in flight was written and acknowledged');
  });
});
