import mysql from 'mysql2/promise';
import pg from 'pg';
import { QueueLogStream, readCheckpoint, tableRowToCsv, type TableCheckpoint, TABLE_COLUMNS } from '@hotline/events';
import { backoff, pause, writeWithRetry, type IntakeLogger, type StreamSink } from './sink';

/** A realtime queue_log table to follow, read from its URL. */
export interface TableTarget {
  driver: 'mysql' | 'postgres';
  /** The connection URL without the `table` parameter. */
  connection: string;
  /** Table name, optionally schema-qualified (`asterisk.queue_log`). */
  table: string;
  /** The URL with the password hidden, for logs and status. */
  display: string;
  /** IANA zone of the `time` column when the URL gives one (`&timezone=Asia/Shanghai`). */
  timeZone?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/**
 * Reads a table URL: `mysql://user:pass@host:3306/db?table=queue_log` (also `mariadb://`) or
 * `postgresql://user@host:5432/db?table=queue_log` (also `postgres://`); `table` defaults to `queue_log`.
 * @throws Error naming the problem (unknown scheme, no database, a table name that is not an identifier).
 */
export function parseTableUrl(value: string): TableTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not a URL (mysql://user@host:3306/db?table=queue_log or postgresql://user@host:5432/db?table=queue_log)`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  const driver = scheme === 'mysql' || scheme === 'mariadb' ? 'mysql' : scheme === 'postgres' || scheme === 'postgresql' ? 'postgres' : undefined;
  if (!driver) throw new Error(`unsupported table URL scheme "${scheme}:" (mysql:, mariadb:, postgresql: or postgres:)`);
  if (url.pathname.length <= 1) throw new Error('the table URL names no database (…/asterisk?table=queue_log)');
  const table = url.searchParams.get('table') ?? 'queue_log';
  if (!IDENTIFIER.test(table)) throw new Error(`table "${table}" is not a plain (optionally schema-qualified) table name`);
  const timeZone = url.searchParams.get('timezone') ?? undefined;
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new Error(`timezone "${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`);
    }
  }
  url.searchParams.delete('table');
  url.searchParams.delete('timezone');
  if (driver === 'mysql') url.protocol = 'mysql:';
  const display = new URL(url.href);
  if (display.password) display.password = '***';
  display.searchParams.set('table', table);
  return { driver, connection: url.href, table, display: display.href, timeZone };
}

/** Options of {@link TableFollower}. */
export interface TableFollowerOptions {
  target: TableTarget;
  /** Source name: checkpoint key and the events' `source`. */
  source: string;
  sink: StreamSink;
  log: IntakeLogger;
  /** Poll interval (ms). Default 1000. */
  pollMs?: number;
  /** IANA zone of the `time` column (Asterisk writes local time unless `queue_log_realtime_use_gmt = yes`). Default UTC. */
  sourceTimeZone?: string;
  /** Without a checkpoint: read every row (`start`, default) or only rows inserted from now (`end`). */
  startAt?: 'start' | 'end';
  /** Rows per query and per Redis transaction. Default 500. */
  batchRows?: number;
}

type Row = Record<(typeof TABLE_COLUMNS)[number], string | number | null>;

/** One open database connection, whatever the driver. */
interface Db {
  query(sql: string, params: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** `timestamptz` values as epoch seconds (an instant); `timestamp` (without zone) as written, in the source's zone. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 1114) return (v: string) => v;
    if (oid === 1184) return (v: string) => String(Date.parse(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')) / 1000);
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  }) as typeof pg.types.getTypeParser,
};

async function connect(target: TableTarget): Promise<Db> {
  if (target.driver === 'mysql') {
    const conn = await mysql.createConnection({ uri: target.connection, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, connectTimeout: 5000 });
    conn.on('error', () => undefined); // a lost connection fails the next query, which is retried
    return {
      query: async (sql, params) => (await conn.query(sql, params))[0] as Row[],
      close: () => conn.end().catch(() => conn.destroy()),
    };
  }
  const client = new pg.Client({ connectionString: target.connection, types: pgTypes, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  return {
    query: async (sql, params) => (await client.query(sql, params)).rows as Row[],
    close: () => client.end().catch(() => undefined),
  };
}

/**
 * Follows an Asterisk realtime `queue_log` table (`hotline follow --table URL`, and the API's followers): polls the
 * rows with an id above the checkpoint's, in id order, in the adaptive realtime layout
 * (`id, time, callid, queuename, agent, event, data1..data5`), and writes their events with the new checkpoint (the
 * last id) in one Redis transaction. The database going away (or not there at the start) is logged and retried
 * with back-off; it never stops the follower.
 *
 * Ids are taken as the insertion order: Asterisk inserts one row per statement, so a row never commits after a
 * higher id is visible unless several writers share the table.
 */
export class TableFollower {
  readonly stats = { rows: 0, events: 0, deadLetters: 0, reconnects: 0 };
  private readonly select: string;
  private readonly maxId: string;

  constructor(private readonly options: TableFollowerOptions) {
    const { target } = options;
    const q = (name: string) => (target.driver === 'mysql' ? `\`${name}\`` : `"${name}"`);
    const table = target.table.split('.').map(q).join('.');
    const placeholder = target.driver === 'mysql' ? '?' : '$1';
    const limit = options.batchRows ?? 500;
    this.maxId = `SELECT MAX(${q('id')}) AS ${q('id')} FROM ${table}`;
    this.select = `SELECT ${TABLE_COLUMNS.map(q).join(', ')} FROM ${table} WHERE ${q('id')} > ${placeholder} ORDER BY ${q('id')} LIMIT ${limit}`;
  }

  /**
   * Follows until `signal` aborts. @returns when stopped.
   * @throws Error when the stored checkpoint is unreadable.
   */
  async run(signal: AbortSignal): Promise<void> {
    const { sink, source, log, target } = this.options;
    const stored = readCheckpoint(await sink.loadCheckpoint(source), 'table');
    const stream = new QueueLogStream('table', { source, file: target.table, sourceTimeZone: this.options.sourceTimeZone ?? target.timeZone ?? 'UTC' }, stored ? { context: stored.context } : undefined);
    let lastId: number | undefined = stored?.lastId;
    let db: Db | undefined;
    let failures = 0;
    const limit = this.options.batchRows ?? 500;
    try {
      while (!signal.aborted) {
        let rows: Row[];
        try {
          if (!db) {
            db = await connect(target);
            if (failures > 0) {
              this.stats.reconnects++;
              log.info(`${source}: connected again to ${target.display}`);
            }
          }
          if (lastId === undefined) {
            lastId = this.options.startAt === 'end' ? Number((await db.query(this.maxId, []))[0]?.id ?? 0) : 0;
            log.info(`${source}: following ${target.display} from id ${lastId} (${stored ? 'checkpoint' : this.options.startAt === 'end' ? 'no checkpoint: new rows only' : 'no checkpoint: every row'})`);
          }
          rows = await db.query(this.select, [lastId]);
          failures = 0;
        } catch (error) {
          const message = (error as Error).message || String(error);
          const wait = backoff(failures++);
          log.warn(`${source}: ${target.display}: ${message}; retrying in ${Math.round(wait / 100) / 10} s`);
          void sink.reportError(source, message);
          await db?.close();
          db = undefined;
          await pause(wait, signal);
          continue;
        }
        if (rows.length) {
          const result = stream.push(rows.map((row) => ({ text: tableRowToCsv(row), ref: Number(row.id) })));
          const newLast = Number(rows.at(-1)!.id);
          const checkpoint: TableCheckpoint = { kind: 'table', table: target.table, lastId: newLast, context: stream.state().context, at: new Date().toISOString() };
          const ok = await writeWithRetry(
            () => sink.commit(source, result, checkpoint, { kind: 'table', target: target.display }),
            signal, log, `${source}: writing ${result.events.length} event(s) up to id ${newLast}`,
            (message) => void sink.reportError(source, message),
          );
          if (!ok) return;
          lastId = newLast;
          this.stats.rows += rows.length;
          this.stats.events += result.events.length;
          this.stats.deadLetters += result.deadLetters.length;
          if (result.deadLetters.length) log.warn(`${source}: ${result.deadLetters.length} row(s) not understood, sent to ${sink.prefix}dead-letters: ${result.deadLetters.slice(0, 3).map((d) => `id ${d.line}: ${d.reason}`).join('; ')}`);
        }
        if (rows.length < limit) await pause(this.options.pollMs ?? 1000, signal);
      }
    } finally {
      await db?.close();
    }
  }
}
