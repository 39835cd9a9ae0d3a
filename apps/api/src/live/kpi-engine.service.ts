import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { dayKey, monthKey, nextMonth, startOfDay, startOfMonth, type CallEventOf } from '@hotline/events';
import {
  DEFAULT_FLOOR_OPTIONS, FloorState, KpiAggregator, buildLiveSnapshot, dailyConnectHistory, legsOf, remainingDaysOfMonth,
  type CallRecord, type KpiPolicy, type LiveSnapshot, type MonthBudget,
} from '@hotline/kpi';
import { maskPhoneNumbers } from '@hotline/contracts';
import { connectBudget, forecastRestOfMonth } from '@hotline/scoring';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import { BusinessTypesService } from '../business-types/business-types.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LedgerRepository, type CallChange } from '../ledger/ledger.repository.js';

/** A feed whose clock is within this of the wall clock is live: its clock then advances between events. */
const LIVE_TOLERANCE_MS = 5 * 60_000;
/** Months kept in memory behind the feed clock's month. */
const MONTHS_KEPT = 2;

/**
 * The live KPI engine: running counts of the feed clock's interval, day and month, and the floor state.
 * Updated from every ledger write (the call's row before and after), rebuilt from the ledger at start-up and
 * whenever the feed reaches a month not in memory, so it always agrees with the ledger.
 */
@Injectable()
export class KpiEngineService {
  private readonly logger = new Logger(KpiEngineService.name);
  private aggregator: KpiAggregator;
  private readonly floor = new FloorState(DEFAULT_FLOOR_OPTIONS);
  private readonly loadedMonths = new Set<string>();
  private readonly sourcesByDay = new Map<string, Set<string>>();
  private clock = 0;
  private clockSetAt = 0;
  /** Mutations (a batch, an outage reload) run one after another: both await the ledger half-way. */
  private mutations: Promise<unknown> = Promise.resolve();
  /**
   * Emits `change` after every applied batch, with the agent ids the batch touched (the agents of its calls, before
   * and after, and of its reported states: a `ReadonlySet<string>`), and without an argument after a reload that
   * may have changed anything (outages, the business-type tree).
   */
  readonly events = new EventEmitter();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly businessTypes: BusinessTypesRepository,
    businessTypeChanges: BusinessTypesService,
  ) {
    const policy: KpiPolicy = {
      timeZone: config.HOTLINE_TIMEZONE,
      intervalMinutes: 30,
      serviceLevelSeconds: config.HOTLINE_SL_SECONDS,
      shortIvrExcludeSeconds: config.HOTLINE_SHORT_IVR_EXCLUDE_SECONDS,
      outages: [],
    };
    this.aggregator = new KpiAggregator(policy);
    // A change of the business-type tree or its mappings re-types the calls in memory.
    businessTypeChanges.changes.on('change', () => {
      this.reloadBusinessTypes().catch((error: unknown) => this.logger.error(`business types not reloaded: ${(error as Error).message}`));
    });
  }

  get policy(): KpiPolicy {
    return this.aggregator.policy;
  }

  /** Loads the current month and the floor from the ledger (after a restart nothing is lost). */
  async rebuild(): Promise<void> {
    await this.loadBusinessTypes();
    await this.loadOutages();
    const latest = await this.ledger.latestEventTime();
    if (latest) this.advanceClock(latest.getTime());
    // This month, and the one before: yesterday on the 1st, and the history of the month's budget.
    const month = monthKey(new Date(this.now()), this.policy.timeZone);
    await this.loadMonth(previousMonth(month));
    await this.loadMonth(month);
    const now = this.now();
    for (const call of await this.ledger.recentAnsweredCalls(new Date(now - DEFAULT_FLOOR_OPTIONS.idleLogoutMs))) this.floor.onCall(call);
    for (const call of await this.ledger.callsInProgressSince(new Date(now - DEFAULT_FLOOR_OPTIONS.maxWaitMs))) this.floor.onCall(call);
    for (const status of await this.ledger.reportedAgentStatuses()) this.floor.restoreAgent(status);
    this.logger.log(`rebuilt from the ledger: feed clock ${this.clock ? new Date(this.clock).toISOString() : 'none yet'}, months ${[...this.loadedMonths].join(', ')}`);
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

  /** Re-reads the business types and recounts the months in memory (called on every change of the tree or mappings). */
  async reloadBusinessTypes(): Promise<void> {
    await this.exclusive(async () => {
      const months = [...this.loadedMonths];
      await this.loadBusinessTypes();
      this.loadedMonths.clear();
      for (const month of months) await this.loadMonth(month);
    });
    this.events.emit('change');
  }

  /**
   * Re-reads the outage windows and recounts the months in memory (calls inside an outage leave the connect rate).
   * Called by the registers after a change.
   */
  async reloadOutages(): Promise<void> {
    await this.exclusive(async () => {
      const months = [...this.loadedMonths];
      await this.loadOutages();
      this.loadedMonths.clear();
      for (const month of months) await this.loadMonth(month);
    });
    this.events.emit('change');
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(fn, fn);
    this.mutations = run.catch(() => undefined);
    return run;
  }

  private monthOf(call: CallRecord): string {
    return monthKey(new Date(call.offeredAt), this.policy.timeZone);
  }

  private async loadMonth(month: string): Promise<void> {
    const from = startOfMonth(month, this.policy.timeZone);
    const to = startOfMonth(nextMonth(month), this.policy.timeZone);
    this.aggregator.clear(from.getTime(), to.getTime()); // nothing of this month may be counted twice
    const calls = await this.ledger.callsOfferedBetween(from, to);
    for (const call of calls) {
      this.aggregator.add(call);
      this.noteSource(call);
    }
    this.loadedMonths.add(month);
  }

  private noteSource(call: CallRecord): void {
    const day = dayKey(new Date(call.offeredAt), this.policy.timeZone);
    (this.sourcesByDay.get(day) ?? this.sourcesByDay.set(day, new Set()).get(day)!).add(call.source);
  }

  private advanceClock(ts: number): void {
    if (ts > this.clock) {
      this.clock = ts;
      this.clockSetAt = Date.now();
    }
  }

  /** Applies one ledger batch: call changes (before/after) and reported agent states. */
  async apply(changes: CallChange[], agentStates: CallEventOf<'agent.state'>[]): Promise<void> {
    await this.exclusive(() => this.applyNow(changes, agentStates));
    const agents = new Set<string>(agentStates.map((s) => s.agentId));
    for (const { before, after } of changes) {
      for (const call of before ? [before, after] : [after]) for (const leg of legsOf(call)) if (leg.agentId) agents.add(leg.agentId);
    }
    this.events.emit('change', agents);
  }

  private async applyNow(changes: CallChange[], agentStates: CallEventOf<'agent.state'>[]): Promise<void> {
    const justLoaded = new Set<string>();
    for (const { after } of changes) {
      const month = this.monthOf(after);
      if (!this.loadedMonths.has(month) && month >= this.oldestKeptMonth()) {
        await this.loadMonth(month);
        justLoaded.add(month);
      }
    }
    const counted = (month: string) => this.loadedMonths.has(month) && !justLoaded.has(month);
    for (const { before, after } of changes) {
      if (before && counted(this.monthOf(before))) this.aggregator.remove(before);
      if (counted(this.monthOf(after))) {
        this.aggregator.add(after);
        this.noteSource(after);
      }
      this.floor.onCall(after);
      this.advanceClock(after.lastEventAt);
    }
    for (const state of agentStates) {
      this.floor.onAgentState(state);
      this.advanceClock(Date.parse(state.ts));
    }
    await this.followClock();
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
    for (const m of [...this.loadedMonths]) if (m < oldest) this.loadedMonths.delete(m);
    this.aggregator.prune(startOfMonth(oldest, this.policy.timeZone).getTime());
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

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
