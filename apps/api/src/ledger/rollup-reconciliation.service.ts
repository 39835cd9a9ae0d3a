import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ROLLUP_DIFFERENCE_SAMPLE, RollupDifference, type RollupCheck, type RollupHealth } from '@hotline/contracts';
import { dayKey, nextDay, nextMonth, startOfDay, startOfMonth, monthKey } from '@hotline/events';
import { diffRollups, rollupsOf, type RollupDifference as LibRollupDifference } from '@hotline/kpi';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { RollupCheck as RollupCheckRow } from '../generated/prisma/client.js';
import { LedgerPool } from '../prisma/ledger-pool.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { lockRollups, readCalls, readRollupRows, replaceRollupRows, rollupPolicy, rollupsServe, type Queryable } from './rollup-sql.js';

/** Why a reconciliation ran. */
export type RollupCheckTrigger = RollupCheck['trigger'];

/** An alarm (a check that found differences) keeps the rollups' health failing this long. */
const ALARM_VISIBLE_MS = 24 * 3_600_000;
/** Checks older than this many days are forgotten by the scheduled run. */
const CHECKS_KEPT_DAYS = 90;
/** Alarms listed by the health endpoint. */
const ALARMS_LISTED = 20;
/** Advisory lock key of the scheduled reconciliation (one node at a time runs it). */
const SCHEDULE_LOCK = 0x524f4c4c; // 'ROLL'

/**
 * Reconciliation of the ledger's rollups with the calls: a period's rollups recomputed from its calls (libs/kpi
 * rollupsOf) and compared with the stored ones (diffRollups), first in one REPEATABLE READ snapshot without stopping
 * the feed; on a difference, again with the rollup tables locked against the ledger's writers, and the stored rows
 * replaced by the recompute (repair). Every run is recorded (`RollupCheck`); one with differences is an alarm: logged
 * as an error and shown by {@link health}. Runs every HOTLINE_ROLLUP_CHECK_MINUTES over the last
 * HOTLINE_ROLLUP_CHECK_DAYS local days (wall clock), on one node at a time, and on demand. At start-up, a ledger
 * with calls and no rollups at all (rollups introduced on an existing ledger), or whose rollups were counted under
 * another policy, gets its rollups built month by month.
 */
@Injectable()
export class RollupReconciliationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RollupReconciliationService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** A scheduled check is queued or running. */
  private busy = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pool: LedgerPool,
    private readonly prisma: PrismaService,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.bootstrap().catch((error: Error) => this.logger.error(`building the rollups of the ledger failed: ${error.message}`));
    const minutes = this.config.HOTLINE_ROLLUP_CHECK_MINUTES;
    if (minutes > 0) {
      this.timer = setInterval(() => {
        if (this.busy) return; // the previous check still runs: this one is skipped, not queued
        this.busy = true;
        this.running = this.running.then(() => this.scheduled())
          .catch((error: Error) => this.logger.error(`scheduled rollup reconciliation failed: ${error.message}`))
          .finally(() => (this.busy = false));
      }, minutes * 60_000);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** The period the scheduled check covers: the last HOTLINE_ROLLUP_CHECK_DAYS local days up to the end of today (wall clock). */
  private scheduledPeriod(now = Date.now()): { from: Date; to: Date } {
    const tz = this.config.HOTLINE_TIMEZONE;
    const today = dayKey(new Date(now), tz);
    const to = startOfDay(nextDay(today), tz);
    const from = new Date(startOfDay(today, tz).getTime() - (this.config.HOTLINE_ROLLUP_CHECK_DAYS - 1) * 86_400_000);
    return { from: startOfDay(dayKey(from, tz), tz), to };
  }

  private async scheduled(): Promise<void> {
    if (this.stopped) return;
    const { from, to } = this.scheduledPeriod();
    await this.reconcile(from, to, 'scheduled', true);
    // The record of checks: kept CHECKS_KEPT_DAYS (a year of hourly checks would be 8,760 rows).
    await this.prisma.rollupCheck.deleteMany({ where: { checkedAt: { lt: new Date(Date.now() - CHECKS_KEPT_DAYS * 86_400_000) } } });
  }

  /**
   * Builds every month's rollups from the calls when the stored ones cannot be trusted: a ledger with calls and no
   * rollup at all (rollups introduced on an existing ledger), or rollups counted under another policy than the
   * configuration's (`RollupState`: time zone, interval, service-level or short-IVR threshold changed). Then records
   * the policy. Each month is rebuilt with the writers held ({@link reconcile}); until it is, its figures are those of
   * the old rollups.
   */
  private async bootstrap(): Promise<void> {
    const policy = rollupPolicy(this.config);
    const state = await this.prisma.rollupState.findUnique({ where: { id: 1 } });
    if (state === null || !rollupsServe(state, policy)) {
      const [{ any }] = await this.prisma.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "CallRollup") OR EXISTS (SELECT 1 FROM "AgentRollup") AS any`;
      const range = await this.prisma.call.aggregate({ _min: { offeredAt: true }, _max: { offeredAt: true } });
      // Rollups there (another policy, or written before the policy was recorded) or calls without rollups: rebuild.
      if ((any || state === null) && range._min.offeredAt && range._max.offeredAt) {
        const tz = this.config.HOTLINE_TIMEZONE;
        const last = monthKey(range._max.offeredAt, tz);
        this.logger.log(`rollups ${state ? 'counted under another policy' : any ? 'of an unrecorded policy' : 'missing'}: building them from the calls, ${monthKey(range._min.offeredAt, tz)} to ${last}`);
        for (let m = monthKey(range._min.offeredAt, tz); m <= last; m = nextMonth(m)) {
          if (this.stopped) return;
          await this.reconcile(startOfMonth(m, tz), startOfMonth(nextMonth(m), tz), 'bootstrap');
        }
      }
      await this.prisma.rollupState.upsert({ where: { id: 1 }, create: { id: 1, ...policy }, update: policy });
    }
  }

  /**
   * Recomputes the rollups of the calls that arrived in [from, to) (UTC instants; whole intervals, e.g. local day
   * bounds), compares them with the stored ones, repairs them on a difference, and records the check. A difference is
   * logged as an error (the alarm), except while building a ledger's first rollups (`bootstrap`).
   * @param exclusive skip (resolve null) when another node runs an exclusive check now (the schedule).
   * @returns the recorded check; null when skipped.
   * @throws what the database throws (nothing is repaired then).
   */
  async reconcile(from: Date, to: Date, trigger: RollupCheckTrigger, exclusive = false): Promise<RollupCheck | null> {
    const policy = rollupPolicy(this.config);
    const check = async (db: Queryable) => {
      const calls = await readCalls(db, from, to);
      const expected = rollupsOf(calls, policy);
      return { calls: calls.length, differences: diffRollups(await readRollupRows(db, from, to), expected), expected };
    };
    // First without stopping the writers: calls and rollups of one snapshot (the ledger writes both in one transaction).
    const first = await this.pool.transaction(async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      if (exclusive && !(await db.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SCHEDULE_LOCK])).rows[0].ok) return null;
      const { calls, differences } = await check(db);
      return { calls, differences };
    });
    if (first === null) return null;
    let result = { ...first, repaired: false };
    if (first.differences.length > 0) {
      // Again with the writers held at their rollup statement, then the recompute stored in place of the rows.
      result = await this.pool.transaction(async (db) => {
        await lockRollups(db);
        const again = await check(db);
        if (again.differences.length > 0) await replaceRollupRows(db, from, to, again.expected);
        return { calls: again.calls, differences: again.differences, repaired: again.differences.length > 0 };
      });
      if (trigger !== 'bootstrap' && result.differences.length > 0) {
        this.logger.error(`rollups of [${from.toISOString()}, ${to.toISOString()}) differed from the calls in ${result.differences.length} rows (repaired): `
          + JSON.stringify(result.differences.slice(0, 3)));
      }
    }
    const row = await this.prisma.rollupCheck.create({
      data: {
        periodFrom: from, periodTo: to, trigger, calls: result.calls, differences: result.differences.length, repaired: result.repaired,
        sample: result.differences.slice(0, ROLLUP_DIFFERENCE_SAMPLE).map(sampleJson),
      },
    });
    return checkView(row);
  }

  /**
   * Recomputes local days `from`..`to` (inclusive) on request ({@link reconcile}, trigger `request`).
   * @throws what the database throws.
   */
  async reconcileDays(from: string, to: string): Promise<RollupCheck> {
    const tz = this.config.HOTLINE_TIMEZONE;
    return (await this.reconcile(startOfDay(from, tz), startOfDay(nextDay(to), tz), 'request'))!;
  }

  /** The rollups' health: failing while an alarm of the last 24 hours exists; the last check; the recent alarms. */
  async health(): Promise<RollupHealth> {
    const last = await this.prisma.rollupCheck.findFirst({ orderBy: { id: 'desc' } });
    const alarms = await this.prisma.rollupCheck.findMany({ where: { differences: { gt: 0 }, trigger: { not: 'bootstrap' } }, orderBy: { id: 'desc' }, take: ALARMS_LISTED });
    const ok = !alarms.some((a) => a.checkedAt.getTime() > Date.now() - ALARM_VISIBLE_MS);
    return { ok, lastCheck: last ? checkView(last) : null, alarms: alarms.map(checkView) };
  }
}

/** A difference as the `sample` JSON column keeps it (libs/contracts RollupDifference). */
function sampleJson(d: LibRollupDifference): RollupDifference {
  return { kind: d.kind, intervalStart: d.intervalStart, key: d.key, stored: d.stored, expected: d.expected };
}

/** A stored check as the contract shows it; its `sample` column read through the contract's schema. */
function checkView(row: RollupCheckRow): RollupCheck {
  return {
    id: row.id, checkedAt: row.checkedAt.toISOString(), periodFrom: row.periodFrom.toISOString(), periodTo: row.periodTo.toISOString(),
    trigger: z.enum(['scheduled', 'request', 'bootstrap']).parse(row.trigger), calls: row.calls, differences: row.differences,
    sample: z.array(RollupDifference).parse(row.sample), repaired: row.repaired,
  };
}
