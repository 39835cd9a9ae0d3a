/**
 * Issue 12, following Asterisk's realtime queue_log table on a real MariaDB server and on Postgres: the rows of the
 * shared data sets are inserted while `hotline follow --table` runs (one child process per table), each follower is
 * killed (SIGKILL) and restarted once, and each loses its database connection once (killed by the server) and
 * reconnects. At the end the ledger's KPIs equal `hotline kpi` on the same rows exported as CSV, the ledger holds
 * exactly the adapter's events, and each follower wrote each of its events once.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import type { KpiReport } from '@hotline/contracts';
import { TABLE_COLUMNS, parseQueueLog, tableRowToCsv } from '@hotline/events';
import { ROOT, SHARED, createStack, type Stack } from './support/stack';

const CLI = join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs');
const DATA = join(SHARED, 'data');
const MYSQL_ADMIN = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const KPI_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'abandonedInQueue', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
const pick = (o: object) => Object.fromEntries(KPI_FIELDS.map((k) => [k, (o as Record<string, unknown>)[k]]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DATA_COLUMNS = TABLE_COLUMNS.filter((c) => c !== 'id');

type Row = Record<(typeof DATA_COLUMNS)[number], string>;

/** The shared realtime rows: MalariaPBX's table as stored (UTC times). */
function malariaRows(): Row[] {
  const rows = parseCsv(readFileSync(join(DATA, 'asterisk-queue-log-malariapbx', 'queue_log_table.csv'), 'utf8'), { columns: true }) as Row[];
  return rows.map((r) => Object.fromEntries(DATA_COLUMNS.map((c) => [c, r[c] ?? ''])) as Row);
}

/** Wazo's published rows, plus MalariaPBX's moved a week later under other call ids (distinct events from the MariaDB ones). */
function postgresRows(): Row[] {
  const wazo = (parseCsv(readFileSync(join(DATA, 'asterisk-queue-log-wazo-doc', 'queue_log_samples.csv'), 'utf8'), { columns: true }) as Row[])
    .map((r) => Object.fromEntries(DATA_COLUMNS.map((c) => [c, r[c] ?? ''])) as Row);
  const week = malariaRows().map((r) => ({
    ...r,
    time: new Date(Date.parse(`${r.time.replace(' ', 'T')}Z`) + 7 * 86_400_000).toISOString().replace('T', ' ').replace('Z', ''),
    callid: ['NONE', ''].includes(r.callid) ? r.callid : `9${r.callid}`,
  }));
  return [...wazo, ...week];
}

describe('hotline follow --table: MariaDB and Postgres realtime queue_log, rows inserted while following', () => {
  let stack: Stack;
  let redis: Redis;
  let my: mysql.Connection;
  let dir: string;
  const database = `hotline_test_ql_${randomBytes(4).toString('hex')}`;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    stack = await createStack('follow_table');
    await stack.startApi();
    redis = new Redis(stack.env.REDIS_URL);
    dir = mkdtempSync(join(tmpdir(), 'hotline-follow-table-'));
    my = await mysql.createConnection({ uri: MYSQL_ADMIN, multipleStatements: true });
    await my.query(`CREATE DATABASE \`${database}\`; USE \`${database}\`;
      CREATE TABLE queue_log (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, time DATETIME(6) NULL, callid VARCHAR(80) NOT NULL DEFAULT '',
        queuename VARCHAR(256) NOT NULL DEFAULT '', agent VARCHAR(80) NOT NULL DEFAULT '', event VARCHAR(32) NOT NULL DEFAULT '',
        data1 VARCHAR(100) NOT NULL DEFAULT '', data2 VARCHAR(100) NOT NULL DEFAULT '', data3 VARCHAR(100) NOT NULL DEFAULT '',
        data4 VARCHAR(100) NOT NULL DEFAULT '', data5 VARCHAR(100) NOT NULL DEFAULT '')`);
    await stack.db.query(`CREATE SCHEMA asterisk; CREATE TABLE asterisk.queue_log (id BIGSERIAL PRIMARY KEY, time TIMESTAMP, callid VARCHAR(80) NOT NULL DEFAULT '',
      queuename VARCHAR(256) NOT NULL DEFAULT '', agent VARCHAR(80) NOT NULL DEFAULT '', event VARCHAR(32) NOT NULL DEFAULT '',
      data1 VARCHAR(100) DEFAULT '', data2 VARCHAR(100) DEFAULT '', data3 VARCHAR(100) DEFAULT '', data4 VARCHAR(100) DEFAULT '', data5 VARCHAR(100) DEFAULT '')`);
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await my?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await my?.end();
    redis?.disconnect();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the ledger equals `hotline kpi` on the rows, through inserts, a restart and a lost connection on each', async () => {
    const mariaUrl = `${MYSQL_ADMIN}/${database}?table=queue_log`;
    const pgUrl = `${stack.databaseUrl}?table=asterisk.queue_log`;
    const sources = { maria: 'pbx-mariadb', pg: 'pbx-postgres' } as const;
    const rows = { maria: malariaRows(), pg: postgresRows() };
    const inserted = { maria: 0, pg: 0 };
    const insert = async (which: 'maria' | 'pg', n: number) => {
      const batch = rows[which].slice(inserted[which], inserted[which] + n);
      for (const r of batch) {
        const values = DATA_COLUMNS.map((c) => (c === 'time' ? r.time || null : r[c]));
        if (which === 'maria') await my.query(`INSERT INTO \`${database}\`.queue_log (${DATA_COLUMNS.join(', ')}) VALUES (${DATA_COLUMNS.map(() => '?').join(', ')})`, values);
        else await stack.db.query(`INSERT INTO asterisk.queue_log (${DATA_COLUMNS.join(', ')}) VALUES (${DATA_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, values);
      }
      inserted[which] += batch.length;
    };
    const output = { maria: '', pg: '' };
    const start = (which: 'maria' | 'pg') => {
      const child = spawn(process.execPath, [CLI, 'follow', '--table', which === 'maria' ? mariaUrl : pgUrl, '--source', sources[which], '--poll-interval', '0.2', '--stream-prefix', stack.prefix, '--redis-url', stack.env.REDIS_URL], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (output[which] += d));
      child.stderr!.on('data', (d) => (output[which] += d));
      children.add(child);
      return child;
    };
    const stop = async (child: ChildProcess, signal: NodeJS.Signals) => {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill(signal);
      const code = await exited;
      children.delete(child);
      return code;
    };
    const lastId = async (which: 'maria' | 'pg') => which === 'maria'
      ? Number(((await my.query(`SELECT MAX(id) AS m FROM \`${database}\`.queue_log`)) as unknown as [{ m: number }[]])[0][0].m)
      : Number((await stack.db.query<{ m: string }>('SELECT MAX(id) AS m FROM asterisk.queue_log')).rows[0].m);
    const caughtUp = async (which: 'maria' | 'pg') => {
      const deadline = Date.now() + 45_000;
      while (Date.now() < deadline) {
        const json = await redis.get(`${stack.prefix}intake:checkpoint:${sources[which]}`);
        if (json && (JSON.parse(json) as { lastId: number }).lastId === (await lastId(which))) return;
        await sleep(100);
      }
      throw new Error(`the ${which} follower did not catch up:\n${output[which]}`);
    };

    // Some rows before the followers start, more while they run.
    await insert('maria', 30);
    await insert('pg', 10);
    const followers = { maria: start('maria'), pg: start('pg') };
    for (let i = 0; i < 4; i++) {
      await insert('maria', 5);
      await insert('pg', 5);
      await sleep(150);
    }
    await caughtUp('maria');
    await caughtUp('pg');

    // The database drops the followers' connections: logged, retried, not fatal.
    const [processes] = (await my.query('SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()', [database])) as unknown as [{ id: number }[]];
    expect(processes.length).toBeGreaterThan(0);
    for (const p of processes) await my.query(`KILL ${Number(p.id)}`);
    const killed = await stack.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE '%asterisk%queue_log%'`);
    expect(killed.rowCount).toBeGreaterThan(0);
    await insert('maria', 10);
    await insert('pg', 10);
    await caughtUp('maria');
    await caughtUp('pg');
    expect(output.maria).toMatch(/retrying in/);
    expect(output.pg).toMatch(/retrying in/);

    // SIGKILL each follower, rows inserted while it is down, restart from the checkpoint.
    expect(await stop(followers.maria, 'SIGKILL')).toBeNull();
    expect(await stop(followers.pg, 'SIGKILL')).toBeNull();
    await insert('maria', 10);
    await insert('pg', 10);
    followers.maria = start('maria');
    followers.pg = start('pg');
    while (inserted.maria < rows.maria.length || inserted.pg < rows.pg.length) {
      await insert('maria', 7);
      await insert('pg', 7);
      await sleep(100);
    }
    await caughtUp('maria');
    await caughtUp('pg');
    expect(await stop(followers.maria, 'SIGTERM')).toBe(0);
    expect(await stop(followers.pg, 'SIGTERM')).toBe(0);

    // The same rows as the realtime table's CSV export.
    const csv = (list: Row[]) => `${TABLE_COLUMNS.join(',')}\n${list.map((r, i) => tableRowToCsv({ ...r, id: i + 1 })).join('\n')}\n`;
    const adapter = { maria: parseQueueLog(csv(rows.maria)), pg: parseQueueLog(csv(rows.pg)) };
    const all = join(dir, 'queue_log.csv');
    writeFileSync(all, csv([...rows.maria, ...rows.pg]));
    const total = parseQueueLog(readFileSync(all, 'utf8')).events.length;
    expect(total).toBe(adapter.maria.events.length + adapter.pg.events.length);
    await stack.waitForIdle(60_000);

    // Nothing lost or doubled: per source, each event written once; the ledger holds exactly the adapter's events.
    expect(Number(await redis.hget(`${stack.prefix}intake:status:${sources.maria}`, 'events'))).toBe(adapter.maria.events.length);
    expect(Number(await redis.hget(`${stack.prefix}intake:status:${sources.pg}`, 'events'))).toBe(adapter.pg.events.length);
    const bySource = await stack.db.query<{ source: string; n: number }>('SELECT source, count(*)::int AS n FROM "RawEvent" GROUP BY source ORDER BY source');
    expect(bySource.rows).toEqual([{ source: sources.maria, n: adapter.maria.events.length }, { source: sources.pg, n: adapter.pg.events.length }]);

    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'kpi', all, '--format', 'queue_log', '--json'], { cwd: ROOT, maxBuffer: 64 << 20 });
    const expected = JSON.parse(stdout) as KpiReport;
    const days = expected.days.filter((d) => d.requests > 0).map((d) => d.date);
    expect(days.length).toBeGreaterThan(4);
    const report = await stack.getJson<KpiReport>(`/api/kpi?from=${days[0]}&to=${days.at(-1)}`);
    expect(report.status).toBe(200);
    expect(pick(report.body)).toEqual(pick(expected));
    for (const day of days) expect(pick(report.body.days.find((d) => d.date === day)!)).toEqual(pick(expected.days.find((d) => d.date === day)!));
  });
});
