// `npm run demo`: the live console fed by a replay of real call data, from a fresh clone.
//   1. installs what is missing, 2. checks Postgres and Redis (and says how to start them), 3. builds,
//   4. migrates, 5. starts the API (which serves the console), 6. replays a real day of the Anonymous Bank
//   data shifted to today at 60x (or the file you name, or a synthetic day), 7. prints the demo accounts (one per
//   role) and the console's URL. An empty knowledge base gets a starter set of sample articles (our own content,
//   labelled 示例口径（演示数据，非交警支队发布）), imported as the demo manager with `hotline knowledge import`.
//   The API's secrets (session signing, caller-number keys) are generated once into .hotline/demo.env and the demo
//   accounts' passwords once into .hotline/demo-accounts.txt (both mode 0600, git-ignored), reused on later runs.
//
//   npm run demo                                   the bank's 2 February 1999, as today, at 60x
//   npm run demo -- --file PATH --format queue_log|bank [--day YYYY-MM-DD] [--speed N]
//   npm run demo -- --synthetic                    a generated day (labelled synthetic on the console)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    file: { type: 'string' }, format: { type: 'string' }, day: { type: 'string' }, speed: { type: 'string', default: '60' },
    synthetic: { type: 'boolean', default: false }, port: { type: 'string', default: process.env.PORT ?? '3000' },
    'fast-forward-to': { type: 'string', default: '08:00' },
  },
});
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/hotline';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dataDir = process.env.HOTLINE_DATA_DIR ?? join(root, '..', 'shared', 'data');
const bankFile = join(dataDir, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const say = (line) => console.log(`\x1b[1mhotline demo:\x1b[0m ${line}`);
const npm = (args, label) => {
  say(label);
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort), timeout: 2000 });
    socket.once('connect', () => done(socket.end() && true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(socket.destroy() && false));
  });
}

// 1. install
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) npm(['ci'], 'installing dependencies (npm ci)');

// 2. services
const missing = [];
if (!(await reachable(DATABASE_URL, 5432))) missing.push(`PostgreSQL at ${DATABASE_URL}`);
if (!(await reachable(REDIS_URL, 6379))) missing.push(`Redis at ${REDIS_URL}`);
if (missing.length) {
  console.error(`hotline demo: cannot reach ${missing.join(' and ')}.
Start them, then run \`npm run demo\` again. Either:
  - with Docker:   docker compose up -d postgres redis
  - on Debian:     sudo apt-get install -y postgresql redis-server
                   sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                   redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
                   (Postgres must accept user postgres without a password on 127.0.0.1, or set DATABASE_URL)
  - or point DATABASE_URL / REDIS_URL at servers you already have.`);
  process.exit(1);
}

// 3-4. build and migrate
npm(['run', 'build'], 'building (Prisma client, API, CLI, console)');
npm(['run', 'db:migrate'], `migrating ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);

// What will be replayed. The bank's day with today's weekday in its second week is shown live; the seven days
// before it go in first, at once, as the last seven days: the planner's forecast, the month-end projection and the
// live connect-rate budget need a week of history.
const cli = join(root, 'apps', 'cli', 'bin', 'hotline.cjs');
const DAY_MS = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const localNow = Date.now() + 8 * 3_600_000; // Asia/Shanghai, the hotline's zone
const weekday = new Date(localNow).getUTCDay();
const shownDataDay = isoDay(Date.parse('1999-02-08T00:00:00Z') + ((weekday - 1 + 7) % 7) * DAY_MS); // 1999-02-08 was a Monday
let replayArgs;
let history; // { args, label } of the week loaded before the live day
if (opts.file) {
  if (!opts.format) {
    console.error('hotline demo: --file needs --format queue_log or bank');
    process.exit(2);
  }
  replayArgs = [resolve(opts.file), '--format', opts.format, ...(opts.day ? ['--day', opts.day] : [])];
} else if (!opts.synthetic && existsSync(bankFile)) {
  const day = opts.day ?? shownDataDay;
  replayArgs = [bankFile, '--format', 'bank', '--day', day];
  const historyFrom = isoDay(Math.max(Date.parse('1999-02-01T00:00:00Z'), Date.parse(`${day}T00:00:00Z`) - 7 * DAY_MS));
  const historyTo = isoDay(Date.parse(`${day}T00:00:00Z`) - DAY_MS);
  if (historyFrom <= historyTo) {
    const daysBack = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${historyFrom}T00:00:00Z`)) / DAY_MS);
    const target = isoDay(localNow - daysBack * DAY_MS);
    history = {
      label: `loading ${historyFrom}..${historyTo} of the bank data as the last ${daysBack} day(s) (${target} onwards)`,
      args: [bankFile, '--format', 'bank', '--day', `${historyFrom}..${historyTo}`, '--shift-to', target, '--speed', 'max', '--quiet'],
    };
  }
} else {
  if (!opts.synthetic) say(`no real data at ${dataDir} (set HOTLINE_DATA_DIR): generating a synthetic day instead`);
  replayArgs = ['--format', 'synthetic'];
}

// 5. secrets and demo accounts
/** The label every starter article carries as its source document: sample content, not the bureau's answers. */
const STARTER_SOURCE = '示例口径（演示数据，非交警支队发布）';
const stateDir = join(root, '.hotline');
mkdirSync(stateDir, { recursive: true, mode: 0o700 });
const logFile = join(stateDir, 'api.log');
const env = { ...process.env, DATABASE_URL, REDIS_URL, PORT: opts.port, HOST: process.env.HOST ?? '127.0.0.1', ...demoSecrets() };
const accounts = await demoAccounts();

// 6. the API (serves the console)
const api = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] });
let replay;
const stop = () => {
  replay?.kill('SIGTERM');
  api.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
api.on('exit', (code) => {
  replay?.kill('SIGTERM');
  console.error(`hotline demo: the API stopped (exit ${code}); see ${logFile}`);
  process.exit(1);
});
const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${opts.port}/`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}api/health`)).ok) break;
  } catch {
    if (i > 150) {
      console.error(`hotline demo: the API did not answer on ${url}; see ${logFile}`);
      process.exit(1);
    }
  }
  await new Promise((r) => setTimeout(r, 200));
}

// The agent desk's suggestions need articles: an empty knowledge base gets the starter set (sample content).
await starterKnowledge();

// 7. replay, then the accounts and the URL
if (history) {
  say(history.label);
  spawnSync(process.execPath, [cli, 'replay', ...history.args], { cwd: root, env, stdio: 'inherit' });
}
replayArgs.push('--shift-to', 'now', '--speed', opts.speed, '--fast-forward-to', opts['fast-forward-to']);
say(`replaying: hotline replay ${replayArgs.join(' ')}`);
printAccounts(accounts);
// The replay's progress goes to its log, so that the accounts and the URL stay the last lines on the screen.
const replayLog = join(stateDir, 'replay.log');
say(`console: \x1b[1;36m${url}\x1b[0m   (logs: ${logFile}, ${replayLog}; Ctrl-C stops)`);
replay = spawn(process.execPath, [cli, 'replay', ...replayArgs], { cwd: root, env, stdio: ['ignore', openSync(replayLog, 'a'), openSync(replayLog, 'a')] });
replay.on('exit', (code) => say(code === 0 ? `replay finished; the console stays up at ${url} (Ctrl-C stops)` : `replay failed (exit ${code}, see ${replayLog}); the console stays up at ${url}`));


/**
 * When the knowledge base has no article, imports a starter set so that the agent desk suggests something: the 40
 * articles of libs/knowledge's search test set (our own content written for this project from the public rules;
 * SAMPLE content, each labelled {@link STARTER_SOURCE} as its source document), written as a CSV
 * (.hotline/starter-knowledge.csv) and imported with `hotline knowledge import` signed in as the demo manager. An
 * existing knowledge base (a later run) is left alone, so articles are never duplicated nor edits overwritten.
 * A failure is reported and the demo goes on.
 */
async function starterKnowledge() {
  const manager = accounts.find((a) => a.role === 'manager');
  const apiEnv = { ...env, HOTLINE_API_URL: url, HOTLINE_API_LOGIN: manager.login, HOTLINE_API_PASSWORD: manager.password };
  let articles;
  try {
    const login = await fetch(`${url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: manager.login, password: manager.password }) });
    const session = await login.json();
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hotline.sid='));
    if (!login.ok || !cookie) throw new Error(`sign-in answered ${login.status}`);
    const list = await fetch(`${url}api/knowledge/articles`, { headers: { cookie } });
    if (!list.ok) throw new Error(`the article list answered ${list.status}`);
    articles = await list.json();
    await fetch(`${url}api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': session.csrfToken } }).catch(() => undefined);
  } catch (error) {
    say(`could not read the knowledge base (${error.message}): no starter articles imported`);
    return;
  }
  if (articles.length > 0) return;
  const { TEST_ARTICLES } = createRequire(import.meta.url)(join(root, 'libs', 'knowledge', 'dist', 'index.js'));
  const cell = (text) => `"${String(text).replace(/"/g, '""')}"`;
  const csv = [
    ['问题', '应答口径', '业务类型', '关键词', '来源文件'],
    ...TEST_ARTICLES.map((a) => [a.question, a.answer, a.businessTypeCode, a.keywords.join('、'), STARTER_SOURCE]),
  ].map((row) => row.map(cell).join(',')).join('\r\n');
  const file = join(stateDir, 'starter-knowledge.csv');
  writeFileSync(file, `\uFEFF${csv}\r\n`);
  const run = spawnSync(process.execPath, [cli, 'knowledge', 'import', file], { cwd: root, env: apiEnv, encoding: 'utf8' });
  if (run.status !== 0) {
    say(`the starter knowledge base was not imported (exit ${run.status}): ${(run.stderr || run.stdout).trim().split('\n').slice(0, 5).join(' | ')}`);
    return;
  }
  say(`knowledge base was empty: imported ${TEST_ARTICLES.length} SAMPLE articles (source ${STARTER_SOURCE}) from ${file} as ${manager.login}`);
}

/** Writes a private file (mode 0600, also when it already existed). */
function writePrivate(path, text) {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** `KEY=value` lines of a file (comments and blank lines skipped); {} when the file does not exist. */
function readEnvFile(path) {
  if (!existsSync(path)) return {};
  const values = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2].trim();
  }
  return values;
}

/**
 * The API's secrets: HOTLINE_SESSION_SECRET, HOTLINE_CALLER_KEYS (`k1:` + base64 of 32 random bytes) and
 * HOTLINE_CALLER_HMAC_KEY. Generated once into .hotline/demo.env and reused: the caller numbers the ledger holds stay
 * readable (encrypted with the key) and matchable (the keyed hash) on every later run. The environment wins.
 */
function demoSecrets() {
  const path = join(stateDir, 'demo.env');
  const stored = readEnvFile(path);
  const generate = {
    HOTLINE_SESSION_SECRET: () => randomBytes(48).toString('base64'),
    HOTLINE_CALLER_KEYS: () => `k1:${randomBytes(32).toString('base64')}`,
    HOTLINE_CALLER_HMAC_KEY: () => randomBytes(32).toString('base64'),
  };
  const missing = Object.keys(generate).filter((key) => !stored[key]);
  if (missing.length) {
    for (const key of missing) stored[key] = generate[key]();
    writePrivate(path, `# Secrets of the demo's API, generated once by \`npm run demo\` and reused on every run (keep them: the
# caller numbers in the demo database are encrypted and hashed with these keys). Private: mode 0600, git-ignored.
${Object.keys(generate).map((key) => `${key}=${stored[key]}`).join('\n')}
`);
    say(`generated ${missing.join(', ')} into ${path}`);
  }
  return Object.fromEntries(Object.keys(generate).map((key) => [key, process.env[key] || stored[key]]));
}

/** A password the policy accepts: four groups of four letters and digits joined by "-", with lower, upper and digit. */
function strongPassword() {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(''));
    const password = groups.join('-');
    if (/[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password)) return password;
  }
}

/**
 * The feed's agent id with the most answered calls in what will be replayed (from `hotline kpi --json` on the same
 * file and days), so that the demo agent sees her own calls; null when there is none.
 */
function replayedAgentId() {
  const [file, , format] = replayArgs[0] === '--format' ? [undefined, '--format', replayArgs[1]] : replayArgs;
  const dayAt = replayArgs.indexOf('--day');
  const [from, to = from] = dayAt >= 0 ? replayArgs[dayAt + 1].split('..') : [];
  const args = ['kpi', ...(file ? [file] : []), '--format', format, '--json', ...(from ? ['--from', from, '--to', to] : [])];
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.status !== 0) return null;
  const agents = JSON.parse(run.stdout).agents ?? [];
  const busiest = agents.reduce((best, a) => (best === null || a.agentAnswered > best.agentAnswered ? a : best), null);
  return busiest?.agentId ?? null;
}

/**
 * One account per role, with passwords generated once into .hotline/demo-accounts.txt (0600) and reused; each is
 * (re)created with the CLI's `users add --upsert` (an existing account is brought back to its stored password,
 * enabled, unlocked). Passwords are final (not temporary): a newcomer signs in and goes straight to the console.
 * @returns [{ login, role, password, agentId }]
 */
async function demoAccounts() {
  const path = join(stateDir, 'demo-accounts.txt');
  const roles = [
    ['agent1', 'agent', '演示坐席'],
    ['lead1', 'shift_lead', '演示班长'],
    ['planner1', 'planner', '演示排班员'],
    ['manager1', 'manager', '演示项目经理'],
    ['bureau1', 'bureau', '演示交警支队'],
    ['admin1', 'admin', '演示系统管理员'],
    ['auditor1', 'auditor', '演示审计员'],
  ];
  const stored = new Map();
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const [login, role, password] = line.split('\t');
      if (login && !login.startsWith('#') && login !== 'login' && password) stored.set(login, { role, password });
    }
  }
  const agentId = replayedAgentId();
  const accounts = roles.map(([login, role, displayName]) => ({
    login, role, displayName, password: stored.get(login)?.password ?? strongPassword(), agentId: role === 'agent' ? agentId : null,
  }));
  writePrivate(path, `# HotlineOps demo accounts, generated once by \`npm run demo\` and reused on every run. Private (mode 0600).
login\trole\tpassword
${accounts.map((a) => `${a.login}\t${a.role}\t${a.password}`).join('\n')}
`);
  say(`creating the demo accounts (${accounts.map((a) => a.login).join(', ')})${agentId ? `; agent1 is the feed's agent ${agentId}` : ''}`);
  const results = await Promise.all(
    accounts.map(
      (a) =>
        new Promise((done) => {
          const args = ['users', 'add', a.login, '--role', a.role, '--display-name', a.displayName, ...(a.agentId ? ['--agent-id', a.agentId] : []), '--password-stdin', '--upsert'];
          const child = spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (d) => (output += d));
          child.stderr.on('data', (d) => (output += d));
          child.on('exit', (code) => done({ login: a.login, code, output }));
          child.stdin.end(`${a.password}\n`);
        }),
    ),
  );
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length) {
    console.error(`hotline demo: could not create the demo accounts:\n${failed.map((r) => `  ${r.login}: ${r.output.trim()}`).join('\n')}`);
    process.exit(1);
  }
  return accounts;
}

/** The accounts as a table: login, role, password (and the agent's feed id). */
function printAccounts(list) {
  const rows = [['login', 'role', 'password'], ...list.map((a) => [a.login, a.role + (a.agentId ? ` (agent id ${a.agentId})` : ''), a.password])];
  const widths = rows[0].map((_h, c) => Math.max(...rows.map((r) => r[c].length)));
  say(`demo accounts (one per role; passwords are final, no change asked at first sign-in; kept in ${join(stateDir, 'demo-accounts.txt')}):`);
  for (const r of rows) console.log(`    ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('   ')}`);
}
