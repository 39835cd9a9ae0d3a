/**
 * End-to-end test harness: a real Postgres database and Redis key prefix of the test's own, the built API as a
 * child process (as production runs it), and the CLI for replays. Nothing is mocked.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { hash } from '@node-rs/argon2';
import type { Role } from '@hotline/contracts';
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

/** A TCP port free on 127.0.0.1 now (the OS picks it; another process may take it before it is used). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** An HTTP client signed in as one user: the session cookie and the CSRF token go with every request. */
export interface ApiClient {
  login: string;
  password: string;
  userId: number;
  /** `hotline.sid=...`, for a Socket.IO client's `extraHeaders: { cookie }`. */
  cookie: string;
  csrfToken: string;
  get<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Headers }>;
  send<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** A raw fetch with the session (cookie and CSRF header added). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Options of {@link Stack.signIn}. */
export interface SignInOptions {
  login?: string;
  agentId?: string | null;
  displayName?: string;
  /** Create the account with a temporary password (the user must change it first). */
  temporary?: boolean;
}

/** A password that meets the policy (12+ characters, 4 classes). */
export function strongPassword(): string {
  return `Pw-${randomBytes(9).toString('base64url')}9a`;
}

/**
 * Signs in over HTTP with login and password. @returns the client, or throws with the API's answer.
 */
export async function signInAs(baseUrl: string, login: string, password: string, userId = 0): Promise<ApiClient> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  const body = (await res.json()) as { csrfToken?: string; user?: { id: number } };
  if (res.status !== 200 || !body.csrfToken) throw new Error(`sign-in of ${login} answered ${res.status}: ${JSON.stringify(body)}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hotline.sid='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  const client: ApiClient = {
    login, password, userId: body.user?.id ?? userId, cookie, csrfToken: body.csrfToken,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', client.cookie);
      if (init.method && init.method !== 'GET' && !headers.has('x-csrf-token')) headers.set('x-csrf-token', client.csrfToken);
      return fetch(`${baseUrl}${path}`, { ...init, headers });
    },
    async get(path) {
      const res = await client.fetch(path);
      return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
    },
    async send(method, path, body, headers = {}) {
      const res = await client.fetch(path, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json().catch(() => null), headers: res.headers };
    },
  };
  return client;
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
  /** GET with the stack's own signed-in client (every supplier and bureau role). */
  getJson<T>(path: string): Promise<{ status: number; body: T }>;
  /** fetch(baseUrl + path) with the stack's own signed-in client (cookie and CSRF token). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Creates a user with these roles directly in the database (argon2id, like the API) and signs her in over HTTP.
   * Each call creates a new user (login `<roles>_<n>` unless given).
   */
  signIn(roles: Role[], options?: SignInOptions): Promise<ApiClient>;
  /** Creates a user without signing in. @returns her id, login and password. */
  createUser(roles: Role[], options?: SignInOptions): Promise<{ id: number; login: string; password: string }>;
  /** Everything the API process printed (stdout and stderr) since it started. */
  logs(): string;
  stop(): Promise<void>;
}

/** Secrets every test API gets (fixed: a restarted API must read what an earlier one encrypted). */
export const TEST_SECRETS = {
  HOTLINE_SESSION_SECRET: 'test-session-secret-0123456789-abcdefghijklmnop',
  HOTLINE_CALLER_KEYS: `t1:${Buffer.alloc(32, 7).toString('base64')}`,
  HOTLINE_CALLER_HMAC_KEY: Buffer.alloc(32, 9).toString('base64'),
  // Tests sign in many users from one address.
  HOTLINE_LOGIN_RATE_LIMIT: '1000',
};

/**
 * The name of a database migrated with the project's own migrate script, built once per set of migrations and
 * copied for each test (`CREATE DATABASE ... TEMPLATE`, a file copy of well under a second, where migrating takes
 * several seconds). Its name carries a hash of every migration, so a changed migration builds a new one (and the
 * old ones are dropped). Workers racing to build it are serialised by an advisory lock; nobody stays connected to
 * it (a template with sessions cannot be copied).
 */
async function migratedTemplate(): Promise<string> {
  const dir = join(ROOT, 'prisma', 'migrations');
  const digest = createHash('sha256');
  for (const entry of readdirSync(dir).sort()) {
    digest.update(entry);
    if (!entry.endsWith('.toml')) digest.update(readFileSync(join(dir, entry, 'migration.sql')));
  }
  const template = `hotline_tpl_${digest.digest('hex').slice(0, 16)}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(7212123)');
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      const building = `${template}_build`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await run(process.execPath, ['--experimental-wasm-modules', '--no-warnings', join(ROOT, 'scripts', 'migrate.mjs'), 'apply'], {
        env: { ...process.env, DATABASE_URL: PG_ADMIN.replace(/\/[^/]*$/, `/${building}`) },
      });
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'hotline\\_tpl\\_%' AND datname <> $1`, [template]);
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    return template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7212123)').catch(() => undefined);
    await admin.end();
  }
}

/** Creates the test's database (a copy of the migrated template, see {@link migratedTemplate}) and key prefix. */
export async function createStack(name: string): Promise<Stack> {
  const id = `${name}_${randomBytes(4).toString('hex')}`;
  const database = `hotline_test_${id}`;
  const databaseUrl = PG_ADMIN.replace(/\/[^/]*$/, `/${database}`);
  const prefix = `test:${id}:`;
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl, REDIS_URL, HOTLINE_STREAM_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    HOTLINE_CLAIM_IDLE_MS: '1000', ...TEST_SECRETS,
  };
  let apiOutput = '';
  let own: ApiClient | undefined;
  let users = 0;
  const template = await migratedTemplate();
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const stack: Stack = {
    databaseUrl, prefix, port, baseUrl: `http://127.0.0.1:${port}`, env, db, api: undefined,
    async startApi(extraEnv = {}) {
      const child = spawn(process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], { env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout!.on('data', (d) => ((output += d), (apiOutput += d)));
      child.stderr!.on('data', (d) => ((output += d), (apiOutput += d)));
      own = undefined;
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
        const { body } = await stack.getJson<{ backlog: { lag: number | null; pending: number }[] }>('/api/feed/health');
        const idle = body.backlog.every((b) => (b.lag ?? 0) === 0 && b.pending === 0);
        quiet = idle ? quiet + 1 : 0;
        if (quiet >= 2) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the feed did not drain in time');
    },
    async getJson<T>(path: string) {
      const res = await stack.fetch(path);
      return { status: res.status, body: (await res.json()) as T };
    },
    async fetch(path, init) {
      own ??= await stack.signIn(['shift_lead', 'planner', 'manager', 'bureau'], { login: `stack_${randomBytes(3).toString('hex')}` });
      return own.fetch(path, init);
    },
    async createUser(roles, options = {}) {
      users += 1;
      const login = options.login ?? `u${users}_${roles.join("_")}`.slice(0, 32);
      const password = strongPassword();
      const passwordHash = await hash(password);
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO "User" (login, "displayName", roles, "agentId", "passwordHash", "mustChangePassword", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
        [login, options.displayName ?? login, roles, options.agentId ?? null, passwordHash, options.temporary ?? false],
      );
      await db.query(`INSERT INTO "PasswordHistory" ("userId", hash) VALUES ($1, $2)`, [rows[0].id, passwordHash]);
      return { id: rows[0].id, login, password };
    },
    async signIn(roles, options = {}) {
      const user = await stack.createUser(roles, options);
      return signInAs(stack.baseUrl, user.login, user.password, user.id);
    },
    logs: () => apiOutput,
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
