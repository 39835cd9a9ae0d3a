// `npm run demo`: the live console fed by a replay of real call data, from a fresh clone.
//   1. installs what is missing, 2. checks Postgres and Redis (and says how to start them), 3. builds,
//   4. migrates, 5. starts the API (which serves the console), 6. replays a real day of the Anonymous Bank
//   data shifted to today at 60x (or the file you name, or a synthetic day), 7. prints the console's URL.
//
//   npm run demo                                   the bank's 2 February 1999, as today, at 60x
//   npm run demo -- --file PATH --format queue_log|bank [--day YYYY-MM-DD] [--speed N]
//   npm run demo -- --synthetic                    a generated day (labelled synthetic on the console)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
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

// 5. API (serves the console)
mkdirSync(join(root, '.hotline'), { recursive: true });
const logFile = join(root, '.hotline', 'api.log');
const env = { ...process.env, DATABASE_URL, REDIS_URL, PORT: opts.port, HOST: process.env.HOST ?? '127.0.0.1' };
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

// 6. replay. The bank's day with today's weekday in its second week is shown live; the seven days before it go in
//    first, at once, as the last seven days: the planner's forecast, the month-end projection and the live
//    connect-rate budget need a week of history.
const cli = join(root, 'apps', 'cli', 'bin', 'hotline.cjs');
const DAY_MS = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const localNow = Date.now() + 8 * 3_600_000; // Asia/Shanghai, the hotline's zone
const weekday = new Date(localNow).getUTCDay();
const shownDataDay = isoDay(Date.parse('1999-02-08T00:00:00Z') + ((weekday - 1 + 7) % 7) * DAY_MS); // 1999-02-08 was a Monday
let replayArgs;
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
    say(`loading ${historyFrom}..${historyTo} of the bank data as the last ${daysBack} day(s) (${target} onwards)`);
    spawnSync(process.execPath, [cli, 'replay', bankFile, '--format', 'bank', '--day', `${historyFrom}..${historyTo}`, '--shift-to', target, '--speed', 'max', '--quiet'], { cwd: root, env, stdio: 'inherit' });
  }
} else {
  if (!opts.synthetic) say(`no real data at ${dataDir} (set HOTLINE_DATA_DIR): generating a synthetic day instead`);
  replayArgs = ['--format', 'synthetic'];
}
replayArgs.push('--shift-to', 'now', '--speed', opts.speed, '--fast-forward-to', opts['fast-forward-to']);
say(`console: \x1b[1;36m${url}\x1b[0m   (API log: ${logFile}; Ctrl-C stops)`);
say(`replaying: hotline replay ${replayArgs.join(' ')}`);
replay = spawn(process.execPath, [cli, 'replay', ...replayArgs], { cwd: root, env, stdio: 'inherit' });
replay.on('exit', (code) => say(code === 0 ? `replay finished; the console stays up at ${url} (Ctrl-C stops)` : `replay failed (exit ${code}); the console stays up at ${url}`));
