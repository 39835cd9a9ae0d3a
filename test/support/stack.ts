/**
 * End-to-end test harness: a real Postgres database and Redis key prefix of the test's own, the built API as a
 * child process (as production runs it), and the CLI for replays. Nothing is mocked.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..', '..');
export const SHARED = join(ROOT, '..', 'shared');
const run = promisify(execFile);
const PG_ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Stack {
  databaseUrl: string;
  prefix: string;
  port: number;
  baseUrl: string;
  env: Record<string, string>;
  db: Client;
  api: ChildProcess | undefined;
  startApi(extraEnv?: Record<string, string>): Promise<void>;
  killApi(signal?: NodeJS.Signals): Promise<void>;
  replay(file: string, args: string[]): Promise<{ stdout: string; stderr: string }>;
  waitForIdle(timeoutMs?: number): Promise<void>;
  getJson<T>(path: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** Creates the test's database (migrated with the project's own migrate script) and key prefix. */
export async function createStack(name: string): Promise<Stack> {
  const id = `${name}_${randomBytes(4).toString('hex')}`;
  const database = `hotline_test_${id}`;
  const databaseUrl = PG_ADMIN.replace(/\/[^/]*$/, `/${database}`);
  const prefix = `test:${id}:`;
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl, REDIS_URL, HOTLINE_STREAM_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    HOTLINE_CLAIM_IDLE_MS: '1000',
  };
  await run(process.execPath, ['--experimental-wasm-modules', '--no-warnings', join(ROOT, 'scripts', 'migrate.mjs'), 'apply'], { env: { ...process.env, ...env } });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const stack: Stack = {
    databaseUrl, prefix, port, baseUrl: `http://127.0.0.1:${port}`, env, db, api: undefined,
    async startApi(extraEnv = {}) {
      const child = spawn(process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], { env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      stack.api = child;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}:\n${output}`);
        try {
          const res = await fetch(`${stack.baseUrl}/api/health`);
          if (res.ok) return;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`API did not start:\n${output}`);
    },
    async killApi(signal = 'SIGKILL') {
      const child = stack.api;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
      stack.api = undefined;
    },
    async replay(file, args) {
      return run(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs'), 'replay', file, '--quiet', '--stream-prefix', prefix, '--redis-url', REDIS_URL, ...args], { cwd: ROOT, maxBuffer: 16 << 20 });
    },
    async waitForIdle(timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < deadline) {
        const { body } = await stack.getJson<{ backlog: { lag: number | null; pending: number }[] }>('/api/health');
        const idle = body.backlog.every((b) => (b.lag ?? 0) === 0 && b.pending === 0);
        quiet = idle ? quiet + 1 : 0;
        if (quiet >= 2) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the feed did not drain in time');
    },
    async getJson<T>(path: string) {
      const res = await fetch(`${stack.baseUrl}${path}`);
      return { status: res.status, body: (await res.json()) as T };
    },
    async stop() {
      await stack.killApi('SIGTERM');
      await db.end();
      const admin = new Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
  return stack;
}
