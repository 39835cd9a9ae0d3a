// `npm run demo`: the live console fed by calls at the customer's scale, from a fresh clone.
//   1. installs what is missing, 2. checks Postgres and Redis (and says how to start them), 3. builds,
//   4. migrates, 5. starts the API (which serves the console), 6. plans and publishes the six-agent roster of the
//   four weeks before this month and of this month through the API (as planner1), generates the calls of a 12123
//   city hotline that six agents can serve (the 911 centre's 24/7 shape x 0.30, about 208 calls a day, with the
//   Anonymous Bank's handle times and patience; no IVR self-service) one by one, served by the agents that roster
//   puts on duty (apps/cli/src/demo-traffic.ts, libs/roster servedTraffic), loads the days before today at once and
//   replays today at 60x from the time of day now (or the bank's day, the file you name, or a synthetic day),
//   7. prints the demo accounts (one per role) and the console's URL. An empty knowledge base gets a starter set of sample articles (our own content,
//   labelled 示例口径（演示数据，非交警支队发布）), imported as the demo manager with `hotline knowledge import`.
//   The API's secrets (session signing, caller-number keys) are generated once into .hotline/demo.env and the demo
//   accounts' passwords once into .hotline/demo-accounts.txt (both mode 0600, git-ignored), reused on later runs.
//
//   npm run demo                                   the 12123-scale month served by the published roster, today at 60x
//   npm run demo -- --bank [--day 1999-02-0X]      the Anonymous Bank's day with today's weekday, as today, at 60x
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
    synthetic: { type: 'boolean', default: false }, bank: { type: 'boolean', default: false }, port: { type: 'string', default: process.env.PORT ?? '3000' },
    'fast-forward-to': { type: 'string' },
  },
});
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/hotline';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dataDir = process.env.HOTLINE_DATA_DIR ?? join(root, '..', 'shared', 'data');
const bankFile = join(dataDir, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const psapDir = join(dataDir, 'psap-911-hourly-answer-times');
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
/** The six agents of the planner's default planning request (apps/console RosterTab.vue): a floor manager at half a seat and five agents. */
const DEMO_AGENTS = [
  { id: 'a01', name: '现场管理', floorManager: true, seatShare: 0.5 },
  ...[2, 3, 4, 5, 6].map((n) => ({ id: `a0${n}`, name: `话务员${n}` })),
];

/** The default: the 12123-scale traffic generated from the shared data and served by the published roster. */
const hotlineScale = !opts.file && !opts.bank && !opts.synthetic && existsSync(bankFile) && existsSync(psapDir);
if (hotlineScale) {
  replayArgs = null; // known once the rosters are published (below)
} else if (opts.file) {
  if (!opts.format) {
    console.error('hotline demo: --file needs --format queue_log or bank');
    process.exit(2);
  }
  replayArgs = [resolve(opts.file), '--format', opts.format, ...(opts.day ? ['--day', opts.day] : [])];
} else if (opts.bank && existsSync(bankFile)) {
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
  if (!opts.synthetic) say(`no data at ${dataDir} (set HOTLINE_DATA_DIR): generating a synthetic day instead`);
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
if (hotlineScale) {
  try {
    const traffic = await hotlineTraffic();
    history = traffic.history;
    replayArgs = traffic.replayArgs;
  } catch (error) {
    console.error(`hotline demo: could not plan the roster and generate the traffic: ${error.message}`);
    api.kill('SIGTERM');
    process.exit(1);
  }
}
if (history) {
  say(history.label);
  const loaded = spawnSync(process.execPath, [cli, 'replay', ...history.args], { cwd: root, env, stdio: 'inherit' });
  if (loaded.status !== 0) say(`loading the history failed (exit ${loaded.status})`);
}
if (hotlineScale) replayArgs.push('--speed', opts.speed, '--fast-forward-to', opts['fast-forward-to'] ?? 'now');
else replayArgs.push('--shift-to', 'now', '--speed', opts.speed, '--fast-forward-to', opts['fast-forward-to'] ?? '08:00');
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

/**
 * The default demo's traffic (the 12123 city hotline at six agents' scale), as a planner and the feed would make it:
 * signed in as the demo planner, plans through the API (forecast given: the 911 centre's weekday-hour shape x
 * DEMO_SCALE, the bank's AHT and patience) and publishes the roster of the 28 days before this month and the roster
 * of this month, each reused when already published; generates each period's calls one by one served by the agents
 * that roster puts on duty (apps/cli/src/demo-traffic.ts, seeded: the same roster gives the same calls and ids);
 * writes the calls offered before today to .hotline/demo-history.jsonl (loaded at once) and today's to
 * .hotline/demo-today.jsonl (replayed at 60x from the time of day now; the calls before now keep their own times).
 * @returns { history: { label, args }, replayArgs } for `hotline replay`.
 */
async function hotlineTraffic() {
  const require = createRequire(import.meta.url);
  require('tsx/cjs/api').register({ tsconfig: join(root, 'apps', 'cli', 'tsconfig.json') });
  const demo = require(join(root, 'apps', 'cli', 'src', 'demo-traffic.ts'));
  const data = demo.readDemoTrafficData(dataDir);
  const TZ = 'Asia/Shanghai';
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
  const addDays = (d, n) => isoDay(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS);
  const monthStart = `${today.slice(0, 8)}01`;
  const [y, m] = today.split('-').map(Number);
  const monthDays = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const periods = [
    // No training sessions in the demo's rosters (a short search then finds rosters that break no rule; a plan made
    // in the console places the two default sessions); the weeks before the month, which only feed the history, get
    // a shorter search.
    { name: '演示排班（上月末四周）', startDate: addDays(monthStart, -28), days: 28, extra: { training: null, timeLimitSeconds: 20 } },
    { name: '演示排班（本月）', startDate: monthStart, days: monthDays, extra: { training: null, timeLimitSeconds: 30 } },
  ];
  const daily = demo.meanDailyCalls(demo.demoForecast(data, periods[1].startDate, monthDays).offered);
  say(`traffic: a 12123 city hotline at the scale six agents can serve — about ${Math.round(daily)} calls a day to the agents (this month's mean): the 911 centre's 24/7 weekday-hour shape (${psapDir}) x ${demo.DEMO_SCALE}, handle times (mean ${data.bank.ahtSeconds.toFixed(0)} s) and patience (${data.bank.patienceSeconds.toFixed(0)} s) measured on the Anonymous Bank's records; no IVR self-service; generated call by call and served by the published six-agent roster (console label: 合成数据 / synthetic)`);

  // A kept-alive connection the API closed meanwhile fails once ("other side closed"): such a request is sent again.
  const fetch = async (...args) => {
    try {
      return await globalThis.fetch(...args);
    } catch {
      return globalThis.fetch(...args);
    }
  };
  const planner = accounts.find((a) => a.role === 'planner');
  const login = await fetch(`${url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: planner.login, password: planner.password }) });
  const session = await login.json();
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hotline.sid='));
  if (!login.ok || !cookie) throw new Error(`the planner's sign-in answered ${login.status}`);
  const api = async (method, path, body) => {
    const res = await fetch(`${url}api/${path}`, { method, headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /api/${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const started = Date.now();
  const versions = await api('GET', 'roster/versions');
  const jobs = [];
  for (const period of periods) {
    // A published roster of the period is reused (so a second run generates the same calls, which the ledger keeps
    // once); before this month, any published roster that ends the day before it (last month's, from an earlier run).
    const published = versions.find((v) => v.status === 'published' && (period === periods[0] ? addDays(v.startDate, v.days) === monthStart : v.startDate === period.startDate && v.days === period.days));
    if (published) {
      say(`roster ${published.startDate} (${published.days} days): reusing the published version ${published.id}`);
      period.versionId = published.id;
      period.startDate = published.startDate;
      continue;
    }
    const forecast = { source: 'given', ...demo.demoForecast(data, period.startDate, period.days) };
    const job = await api('POST', 'roster/plans', { name: period.name, startDate: period.startDate, days: period.days, agents: DEMO_AGENTS, forecast, ...period.extra });
    say(`planning the roster of ${period.startDate} (${period.days} days, six agents) as ${planner.login}: job ${job.jobId}`);
    jobs.push({ period, jobId: job.jobId });
  }
  for (const { period, jobId } of jobs) {
    for (;;) {
      const job = await api('GET', `roster/jobs/${jobId}`);
      if (job.state === 'completed' && job.result) {
        const r = job.result;
        await api('POST', `roster/versions/${r.versionId}/publish`, { acceptViolations: true, replaceOverlapping: true });
        say(`published the roster of ${period.startDate}: predicted connect rate ${(r.connectRate * 100).toFixed(1)} %, ${r.violations} rule(s) broken (version ${r.versionId})`);
        period.versionId = r.versionId;
        break;
      }
      if (job.state === 'failed' || job.state === 'unknown') throw new Error(`planning job ${jobId} ${job.state}: ${job.failedReason ?? ''}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (jobs.length) say(`rosters planned and published in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  // The calls, each period served by its own roster; split at today's local midnight.
  const todayStart = Date.parse(`${today}T00:00:00+08:00`);
  const tomorrowStart = todayStart + DAY_MS;
  const past = [];
  const now = [];
  const month = { offered: 0, answered: 0 }; // this month's days before today (loaded at once)
  let todayOffered = 0; // today's calls, replayed live: not yet in the console's month figure
  for (const period of periods) {
    const version = await api('GET', `roster/versions/${period.versionId}`);
    const seed = Number(period.startDate.replaceAll('-', '')) % 2_147_483_647;
    const traffic = demo.demoTraffic({ problem: version.problem, roster: version.roster }, data, seed, TZ);
    const offeredAt = new Map();
    for (const e of traffic.events) if (e.type === 'call.offered') offeredAt.set(e.callId, Date.parse(e.ts));
    for (const e of traffic.events) {
      const t = e.callId ? offeredAt.get(e.callId) : Date.parse(e.ts);
      if (t < todayStart) past.push(e);
      else if (t < tomorrowStart) now.push(e);
    }
    if (period.startDate === monthStart) {
      for (const c of traffic.calls) {
        const t = Date.parse(`${period.startDate}T00:00:00+08:00`) + c.arrivalSeconds * 1000;
        if (t >= tomorrowStart) continue;
        if (t >= todayStart) {
          todayOffered++;
          continue;
        }
        month.offered++;
        if (c.outcome === 'answered') month.answered++;
      }
    }
  }
  await fetch(`${url}api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': session.csrfToken } }).catch(() => undefined);
  const before = today === monthStart ? 'nothing yet (today is the 1st)' : `${monthStart}..${addDays(today, -1)}`;
  say(`this month before today (${before}): ${month.offered} calls, ${month.answered} answered by the agents on duty (${month.offered ? ((month.answered / month.offered) * 100).toFixed(1) : '-'} %); today's ${todayOffered} calls are being replayed live, so the console's month figure grows as they come in`);
  const historyFile = join(stateDir, 'demo-history.jsonl');
  const todayFile = join(stateDir, 'demo-today.jsonl');
  demo.writeEventsFile(historyFile, past);
  demo.writeEventsFile(todayFile, now);
  return {
    history: { label: `loading ${periods[0].startDate}..${addDays(today, -1)} (${past.filter((e) => e.type === 'call.offered').length} calls) at once from ${historyFile}`, args: [historyFile, '--format', 'events', '--speed', 'max', '--quiet'] },
    replayArgs: [todayFile, '--format', 'events'],
  };
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
  if (hotlineScale) return DEMO_AGENTS[1].id; // the roster's first full-seat agent
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
