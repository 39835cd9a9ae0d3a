/**
 * The ledger rollups in the API: kept in the ledger's write transactions ({@link RollupWriter}) and read by the
 * reports ({@link RollupReader}). Their SQL is in rollup-sql.ts; what they hold in libs/kpi rollup.ts.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import {
  KpiAggregator, ROLLUP_COUNT_KEYS, businessTypeResolver, rollupDeltas,
  type AgentCounts, type KpiAggregatorOptions, type KpiPolicy, type RollupPolicy,
} from '@hotline/kpi';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CONNECT_TIMEOUT_MS } from '../prisma/prisma.service.js';
import { IN_PERIOD, SECONDS, addRollupRows, countsOf, outageIntervals, q, readCalls, rollupPolicy, rollupsServe, type Queryable, type RollupChange } from './rollup-sql.js';

/** Connections of the readers' pool. */
const READ_CONNECTIONS = 4;

/**
 * Keeps the rollups right in the ledger's own write transactions: the calls' changes of a write become deltas
 * (libs/kpi rollupDeltas: −before, +after, summed per key) upserted in one statement ({@link addRollupRows}).
 * Every write of `Call` rows goes through here (the feed's batches; a deletion passes `after` undefined).
 */
@Injectable()
export class RollupWriter {
  /** The policy rollups are counted under (from the configuration). */
  readonly policy: RollupPolicy;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policy = rollupPolicy(config);
  }

  /**
   * Applies the rollup deltas of `changes` in `db`'s transaction (one statement, none when no count changes).
   * @throws what the database throws.
   */
  async apply(db: Queryable, changes: Iterable<RollupChange>): Promise<void> {
    await addRollupRows(db, rollupDeltas(changes, this.policy));
  }
}

/** Which parts of a period's KPIs a reader needs from {@link RollupReader.aggregate}. */
export interface RollupParts {
  /** Per business type (the tree resolved now). */
  types: boolean;
  /** Per agent. */
  agents: boolean;
}

/**
 * Reads periods' KPIs from the rollups instead of the calls: a {@link KpiAggregator} that answers like one fed every
 * call of the period, built from a few grouped queries. The intervals that overlap an outage window are counted from
 * their calls (outages are arbitrary minutes, registered after the fact); the rest from the rollups.
 */
@Injectable()
export class RollupReader implements OnApplicationShutdown {
  private readonly logger = new Logger(RollupReader.name);
  private readonly policy: RollupPolicy;
  /** Readers' own connections (read-only snapshots), beside the feed's pool so reports never starve the writers. */
  private readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policy = rollupPolicy(config);
    this.pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: READ_CONNECTIONS, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    this.pool.on('error', (error) => this.logger.warn(`rollup readers: an idle connection failed (${error.message})`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /**
   * An aggregator over the calls that arrived in [from, to) (epoch ms; both interval starts, e.g. local day or month
   * bounds), equal to one fed those calls under `policy` and `options` for what it answers over [from, to): totals per
   * interval (so per day and month); with `parts.types` the counts by business-type code and with `parts.agents` the
   * per-agent counts, both summed over the whole period (held in one of its intervals: ask them for [from, to) only).
   * Everything is read in one REPEATABLE READ snapshot (the ledger writes calls and rollups in one transaction).
   * Falls back to reading every call when `policy` counts otherwise than the rollups ({@link rollupsServe}).
   * @throws what the database throws.
   */
  async aggregate(from: number, to: number, policy: KpiPolicy, options: KpiAggregatorOptions, parts: RollupParts): Promise<KpiAggregator> {
    const aggregator = new KpiAggregator(policy, options);
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await this.fill(db, aggregator, from, to, parts);
      await db.query('COMMIT');
      return aggregator;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }

  private async fill(db: Queryable, aggregator: KpiAggregator, from: number, to: number, parts: RollupParts): Promise<void> {
    const policy = aggregator.policy;
    if (!rollupsServe(this.policy, policy)) {
      for (const call of await readCalls(db, new Date(from), new Date(to))) aggregator.add(call);
      return;
    }
    const recomputed = outageIntervals(policy, from, to);
    const skip = recomputed.map((r) => new Date(r.start));
    const args = [new Date(from), new Date(to), skip];
    const where = `${IN_PERIOD} AND NOT ("intervalStart" = ANY($3::timestamptz[]))`;
    const sums = ROLLUP_COUNT_KEYS.map((k) => `sum(${q(k)})::${SECONDS.has(k) ? 'float8' : 'int'} AS ${q(k)}`).join(', ');
    const totals = await db.query<{ intervalStart: Date }>(`SELECT "intervalStart", ${sums} FROM "CallRollup" WHERE ${where} GROUP BY "intervalStart"`, args);
    // The period's per-type and per-agent sums are held in its first interval with calls (a bucket of its own would add a day).
    let anchor: number | null = null;
    for (const row of totals.rows) {
      const counts = countsOf(row);
      // A row whose calls all moved away sums to 0: no interval then, as none without calls.
      if (ROLLUP_COUNT_KEYS.every((k) => counts[k] === 0)) continue;
      const start = row.intervalStart.getTime();
      aggregator.addRollup(start, { counts });
      anchor = anchor === null ? start : Math.min(anchor, start);
    }
    if (parts.types && anchor !== null) {
      const evidence = await db.query<{ category: string; ivrChoice: string; queue: string }>(`SELECT category, "ivrChoice", queue, ${sums} FROM "CallRollup" WHERE ${where} GROUP BY 1, 2, 3`, args);
      const typeOf = businessTypeResolver(aggregator.businessTypes, aggregator.fallbackBusinessType);
      // Each evidence under the code the tree gives it now (addRollup sums the evidences of one code).
      aggregator.addRollup(anchor, { types: evidence.rows.map((row) => [typeOf({ category: row.category || null, ivrChoice: row.ivrChoice || null, queue: row.queue || null }).code, countsOf(row)] as const) });
    }
    if (parts.agents && anchor !== null) {
      const agents = await db.query<{ agentId: string } & AgentCounts>(
        `SELECT "agentId", sum(answered)::int AS answered, sum(handled)::int AS handled, sum("talkSeconds")::float8 AS "talkSeconds" FROM "AgentRollup" WHERE ${where} GROUP BY 1`, args);
      aggregator.addRollup(anchor, { agents: agents.rows.map((r) => [r.agentId, r] as const) });
    }
    for (const range of recomputed) for (const call of await readCalls(db, new Date(range.start), new Date(range.end))) aggregator.add(call);
  }
}

