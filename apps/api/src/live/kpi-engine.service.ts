import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { dayKey, monthKey, nextMonth, previousMonth, startOfDay, startOfMonth } from '@hotline/events';
import {
  DEFAULT_FLOOR_OPTIONS, FloorState, KpiAggregator, buildLiveSnapshot, dailyConnectHistory, legsOf, remainingDaysOfMonth,
  type CallRecord, type KpiPolicy, type LiveSnapshot, type MonthBudget,
} from '@hotline/kpi';
import { maskPhoneNumbers } from '@hotline/contracts';
import { connectBudget, forecastRestOfMonth } from '@hotline/scoring';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import { BusinessTypesService } from '../business-types/business-types.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  beginSnapshot, snapshotCallsOfferedBetween, snapshotFloor, snapshotLatestEventTime, visibleIn, type FollowedChange, type PgSnapshot,
} from '../ledger/ledger-changes.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { LedgerPool } from '../prisma/ledger-pool.js';
import { LedgerFollower } from './ledger-follower.js';

/** A feed whose clock is within this of the wall clock is live: its clock then advances between events. */
const LIVE_TOLERANCE_MS = 5 * 60_000;
/** Months kept in memory behind the feed clock's month. */
const MONTHS_KEPT = 2;
/** A call's newest record given to the floor is remembered this long after its last event (the floor's longest horizon). */
const FLOOR_MEMORY_MS = DEFAULT_FLOOR_OPTIONS.maxWaitMs + DEFAULT_FLOOR_OPTIONS.idleLogoutMs;

/**
 * The live KPI engine: running counts of the feed clock's interval, day and month, and the floor state.
 *
 * Every node's engine equals the ledger, whichever node wrote it: the engine changes only through its
 * {@link LedgerFollower}, which applies every committed change of the ledger's outbox (ledger-changes.ts) once, in
 * commit order per call, the writing node's own included (one path). It is rebuilt from the ledger at start-up
 * (and when the follower fell behind the outbox's retention), and loads a month when the feed reaches one not in
 * memory. Each load reads in one REPEATABLE READ snapshot, kept per month: a change whose transaction that snapshot
 * already saw is counted in the load and skipped for that month (the record before a change is removed, and the
 * record after it added, each checked against the snapshot of its own month), so loads and the follower never
 * count a change twice or miss one, without stopping the writers (PostgreSQL docs, pg_current_snapshot /
 * pg_visible_in_snapshot; the follower's docstring). The floor never goes back: a call's record older (its last
 * event) than the one the floor was given is ignored.
 */
@Injectable()
export class KpiEngineService implements OnApplicationShutdown {
  private readonly logger = new Logger(KpiEngineService.name);
  private aggregator: KpiAggregator;
  private floor = new FloorState(DEFAULT_FLOOR_OPTIONS);
  /** Each call's newest record given to the floor (its last event, epoch ms), for {@link FLOOR_MEMORY_MS}. */
  private floorSeen = new Map<string, number>();
  /** The months in memory and the snapshot each was loaded in. */
  private readonly loadedMonths = new Map<string, PgSnapshot>();
  private readonly sourcesByDay = new Map<string, Set<string>>();
  private clock = 0;
  private clockSetAt = 0;
  /** Mutations (a poll's changes, a load, a reload) run one after another: they await the ledger half-way. */
  private mutations: Promise<unknown> = Promise.resolve();
  private readonly follower: LedgerFollower;
  /**
   * Emits `change` after every applied batch, with the agent ids the batch touched (the agents of its calls, before
   * and after, and of its reported states: a `ReadonlySet<string>`), and without an argument after a reload or a
   * rebuild that may have changed anything (outages, the business-type tree).
   */
  readonly events = new EventEmitter();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly businessTypes: BusinessTypesRepository,
    businessTypeChanges: BusinessTypesService,
    private readonly pool: LedgerPool,
  ) {
    const policy: KpiPolicy = {
      timeZone: config.HOTLINE_TIMEZONE,
      intervalMinutes: 30,
      serviceLevelSeconds: config.HOTLINE_SL_SECONDS,
      shortIvrExcludeSeconds: config.HOTLINE_SHORT_IVR_EXCLUDE_SECONDS,
      outages: [],
    };
    this.aggregator = new KpiAggregator(policy);
    this.follower = new LedgerFollower(config, pool, {
      exclusive: (work) => this.exclusive(work),
      rebuild: () => this.rebuildNow(),
      apply: (changes) => this.applyChanges(changes),
    }, this.logger);
    // A change of the business-type tree or its mappings wrote a `reload` change in its transaction, which every
    // node applies; this node's follower polls for it at once (sync never rejects).
    businessTypeChanges.changes.on('change', () => void this.follower.sync());
  }

  get policy(): KpiPolicy {
    return this.aggregator.policy;
  }

  /**
   * Rebuilds from the ledger (after a restart nothing is lost), then follows the ledger's changes until shutdown.
   * @throws what the database throws on the rebuild.
   */
  async start(): Promise<void> {
    await this.follower.start();
  }

  /** Last shutdown phase (after the feed consumer's last batch): stops following. */
  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /**
   * Resolves once every ledger change committed before the call is applied here (the feed consumer awaits it after
   * each batch, so this node's reads follow its own writes). Never rejects.
   */
  caughtUp(): Promise<void> {
    return this.follower.sync();
  }

  /**
   * Reads the current month, the one before and the floor from the ledger in one snapshot, and the business types
   * and outages after it (a reload change the snapshot saw was made before they are read). Runs inside
   * {@link exclusive}. @returns the snapshot: the follower applies what it did not see.
   */
  private async rebuildNow(): Promise<PgSnapshot> {
    const read = await this.pool.transaction(async (db) => {
      const snapshot = await beginSnapshot(db);
      const latest = await snapshotLatestEventTime(db);
      if (latest) this.advanceClock(latest.getTime());
      const month = monthKey(new Date(this.now()), this.policy.timeZone);
      // This month, and the one before: yesterday on the 1st, and the history of the month's budget.
      const months = [previousMonth(month), month];
      const calls = [];
      for (const m of months) calls.push(await snapshotCallsOfferedBetween(db, ...this.monthRange(m)));
      const now = this.now();
      const floor = await snapshotFloor(db, new Date(now - DEFAULT_FLOOR_OPTIONS.idleLogoutMs), new Date(now - DEFAULT_FLOOR_OPTIONS.maxWaitMs));
      return { snapshot, months, calls, floor };
    });
    await this.loadBusinessTypes();
    await this.loadOutages();
    this.loadedMonths.clear();
    this.sourcesByDay.clear();
    read.months.forEach((month, i) => this.countMonth(month, read.calls[i], read.snapshot));
    this.floor = new FloorState(DEFAULT_FLOOR_OPTIONS);
    this.floorSeen = new Map();
    for (const call of read.floor.recentAnswered) this.floorOnCall(call);
    for (const call of read.floor.inProgress) this.floorOnCall(call);
    for (const status of read.floor.agents) this.floor.restoreAgent(status);
    this.logger.log(`rebuilt from the ledger: feed clock ${this.clock ? new Date(this.clock).toISOString() : 'none yet'}, months ${[...this.loadedMonths.keys()].join(', ')}`);
    this.events.emit('change');
    return read.snapshot;
  }

  private async loadOutages(): Promise<void> {
    const outages = (await this.ledger.outages()).map((o) => ({ startsAt: o.startsAt.getTime(), endsAt: o.endsAt.getTime() }));
    this.aggregator = new KpiAggregator({ ...this.aggregator.policy, outages }, this.aggregator.options);
  }

  /** Reads the business-type tree and mappings (a new, empty aggregator: the caller reloads the months). */
  private async loadBusinessTypes(): Promise<void> {
    const businessTypes = await this.businessTypes.config();
    this.aggregator = new KpiAggregator(this.aggregator.policy, { businessTypes, fallbackBusinessType: this.businessTypes.fallbackCode });
  }

  /**
   * Resolves once this node has re-read the outage windows after a change (calls inside an outage leave the connect
   * rate). The change itself wrote a `reload` change in its transaction (LedgerRepository.createOutage,
   * deleteOutage), which every node applies; called by the registers after a change. Never rejects.
   */
  async reloadOutages(): Promise<void> {
    await this.follower.sync();
  }

  /** Applies a `reload` change (inside {@link exclusive}): re-reads what changed and reloads the months in memory. */
  private async applyReload(what: 'outages' | 'business-types'): Promise<void> {
    const months = [...this.loadedMonths.keys()];
    if (what === 'outages') await this.loadOutages();
    else await this.loadBusinessTypes();
    this.loadedMonths.clear();
    for (const month of months) await this.loadMonth(month);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(fn, fn);
    this.mutations = run.catch(() => undefined);
    return run;
  }

  private monthOf(call: CallRecord): string {
    return monthKey(new Date(call.offeredAt), this.policy.timeZone);
  }

  private monthRange(month: string): [Date, Date] {
    return [startOfMonth(month, this.policy.timeZone), startOfMonth(nextMonth(month), this.policy.timeZone)];
  }

  /** Loads a month from the ledger in one snapshot, remembered for the month (inside {@link exclusive}). */
  private async loadMonth(month: string): Promise<void> {
    const { snapshot, calls } = await this.pool.transaction(async (db) => {
      const snapshot = await beginSnapshot(db);
      return { snapshot, calls: await snapshotCallsOfferedBetween(db, ...this.monthRange(month)) };
    });
    this.countMonth(month, calls, snapshot);
  }

  /** Counts a month's calls as read in `snapshot` (whatever was counted of the month before is cleared). */
  private countMonth(month: string, calls: readonly CallRecord[], snapshot: PgSnapshot): void {
    const [from, to] = this.monthRange(month);
    this.aggregator.clear(from.getTime(), to.getTime()); // nothing of this month may be counted twice
    for (const call of calls) {
      this.aggregator.add(call);
      this.noteSource(call);
    }
    this.loadedMonths.set(month, snapshot);
  }

  /** Whether a change of transaction `xid` to a call of `month` is to be counted: the month is in memory and its load did not see it. */
  private counts(month: string, xid: bigint): boolean {
    const snapshot = this.loadedMonths.get(month);
    return snapshot !== undefined && !visibleIn(snapshot, xid);
  }

  private noteSource(call: CallRecord): void {
    const day = dayKey(new Date(call.offeredAt), this.policy.timeZone);
    (this.sourcesByDay.get(day) ?? this.sourcesByDay.set(day, new Set()).get(day)!).add(call.source);
  }

  /** Gives the floor a call's record, unless it already had a newer one of the call (the floor never goes back). */
  private floorOnCall(call: CallRecord): void {
    const seen = this.floorSeen.get(call.callId);
    if (seen !== undefined && seen > call.lastEventAt) return;
    this.floorSeen.set(call.callId, call.lastEventAt);
    this.floor.onCall(call);
  }

  private advanceClock(ts: number): void {
    if (ts > this.clock) {
      this.clock = ts;
      this.clockSetAt = Date.now();
    }
  }

  /**
   * Applies committed ledger changes in order (inside {@link exclusive}; the follower's): call changes (the record
   * before and after), reported agent states, reloads. Then emits `change` with the agents touched (without an
   * argument when something was reloaded).
   */
  private async applyChanges(changes: readonly FollowedChange[]): Promise<void> {
    const agents = new Set<string>();
    let reloaded = false;
    for (const { xid, change } of changes) {
      if (change.kind === 'call') {
        const { before, after } = change.payload;
        const month = this.monthOf(after);
        if (!this.loadedMonths.has(month) && month >= this.oldestKeptMonth()) await this.loadMonth(month);
        if (before && this.counts(this.monthOf(before), xid)) this.aggregator.remove(before);
        if (this.counts(month, xid)) {
          this.aggregator.add(after);
          this.noteSource(after);
        }
        this.floorOnCall(after);
        this.advanceClock(after.lastEventAt);
        for (const call of before ? [before, after] : [after]) for (const leg of legsOf(call)) if (leg.agentId) agents.add(leg.agentId);
      } else if (change.kind === 'agent-state') {
        this.floor.onAgentState(change.payload);
        this.advanceClock(Date.parse(change.payload.ts));
        agents.add(change.payload.agentId);
      } else {
        await this.applyReload(change.payload.what);
        reloaded = true;
      }
    }
    await this.followClock();
    if (reloaded) this.events.emit('change');
    else this.events.emit('change', agents);
  }

  private oldestKeptMonth(): string {
    let month = monthKey(new Date(this.now()), this.policy.timeZone);
    for (let i = 0; i < MONTHS_KEPT; i++) month = previousMonth(month);
    return month;
  }

  /** Keeps the clock's month in memory and forgets months far behind it. */
  private async followClock(): Promise<void> {
    const month = monthKey(new Date(this.now()), this.policy.timeZone);
    if (!this.loadedMonths.has(month)) await this.loadMonth(month);
    const oldest = this.oldestKeptMonth();
    for (const m of [...this.loadedMonths.keys()]) if (m < oldest) this.loadedMonths.delete(m);
    this.aggregator.prune(startOfMonth(oldest, this.policy.timeZone).getTime());
    const forgetBefore = this.now() - FLOOR_MEMORY_MS;
    for (const [callId, lastEventAt] of this.floorSeen) if (lastEventAt < forgetBefore) this.floorSeen.delete(callId);
  }

  /** The feed's clock now: frozen between events of a replay, running with the wall clock when the feed is live. */
  now(): number {
    const wall = Date.now();
    if (this.clock === 0) return wall; // no event yet: show the present
    const live = Math.abs(this.clock - this.clockSetAt) < LIVE_TOLERANCE_MS;
    return live ? this.clock + (wall - this.clockSetAt) : this.clock;
  }

  isLive(): boolean {
    return this.clock !== 0 && Math.abs(this.clock - this.clockSetAt) < LIVE_TOLERANCE_MS;
  }

  /** The callers waiting now (call id, queued at, epoch ms), for the attention rules. */
  waitingCalls(): { callId: string; queuedAt: number }[] {
    return this.floor.waitingCalls(this.now());
  }

  snapshot(): LiveSnapshot {
    const now = this.now();
    const day = dayKey(new Date(now), this.policy.timeZone);
    const floor = this.floor.snapshot(now);
    // A pause reason is typed by the agent and may hold a caller's number ("13812345678 回电"): masked before any
    // role (the bureau included) sees it in the snapshot or the `kpi:snapshot` event.
    const agents = floor.agents.map((a) => (a.reason === null ? a : { ...a, reason: maskPhoneNumbers(a.reason) }));
    return buildLiveSnapshot(this.aggregator, { ...floor, agents }, now, {
      connectTargetPercent: this.config.HOTLINE_CONNECT_TARGET_PERCENT,
      sources: [...(this.sourcesByDay.get(day) ?? [])].sort(),
      monthBudget: this.monthBudget(now),
    });
  }

  /** The month's connect-rate budget at `now`, with the rest of the month forecast from the days in memory. */
  private monthBudget(now: number): MonthBudget | null {
    const { timeZone } = this.policy;
    const month = monthKey(new Date(now), timeZone);
    const counts = this.aggregator.counts(startOfMonth(month, timeZone).getTime(), startOfMonth(nextMonth(month), timeZone).getTime());
    const counted = counts.requests - counts.pending;
    const todayStart = startOfDay(dayKey(new Date(now), timeZone), timeZone).getTime();
    const history = dailyConnectHistory(this.aggregator, todayStart - 28 * 86_400_000, todayStart);
    const { forecast } = forecastRestOfMonth(history, remainingDaysOfMonth(now, timeZone));
    if (!forecast) return null; // not one whole day of history: no honest forecast of the rest
    const budget = connectBudget({
      connected: counts.agentAnswered + counts.ivrAnswered,
      requests: counted,
      remainingRequests: Math.round(Number(forecast.remainingRequests ?? 0)),
      targetPercent: this.config.HOTLINE_CONNECT_TARGET_PERCENT,
    });
    return { remainingRequests: budget.remainingRequests, lostBudget: budget.lostBudget, status: budget.status, requiredRestConnectRatePercent: budget.requiredRestConnectRatePercent };
  }
}
