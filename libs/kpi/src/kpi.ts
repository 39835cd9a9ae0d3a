/**
 * Contact-centre KPIs over call records: the contract's connect rate (接通率) and the usual queue metrics, per
 * 30-minute interval, day, month and agent, in the hotline's time zone.
 *
 * Definitions (contract: shared/spec/contract.md, "Monthly KPIs"):
 * - request: a call offered to the hotline (in an outage window: excluded from every count, `excludedOutage`);
 * - connected = agent-answered + IVR-answered; lost = abandoned in IVR (after asking for an agent) or in queue;
 * - connect rate = connected / settled requests x 100, 2 decimals half-up; `settled` = requests whose outcome is
 *   known (a call still in IVR or queue counts only once it ends, so a live figure never dips for calls in progress);
 * - service level = agent-answered within T seconds / (agent-answered + abandoned in queue), percent;
 * - ASA = mean wait of agent-answered calls (seconds); AHT = mean (talk + wrap) of ended answered calls (seconds).
 * Each call counts in the interval, day and month of its arrival (`offeredAt`), whenever its outcome arrives.
 */
import { Decimal } from 'decimal.js';
import { dayKey, intervalStart, monthKey } from '@hotline/events';
import { DEFAULT_BUSINESS_TYPE_CONFIG, OTHER_BUSINESS_TYPE, businessTypeResolver, type BusinessTypeConfig, type BusinessTypeResolver } from './business-type';
import { legsOf, outcomeOf, type CallRecord } from './call-record';

/** A window in which an external fault interrupted the system; epoch ms, end exclusive. */
export interface OutageWindow {
  startsAt: number;
  endsAt: number;
}

/** Settings of the KPI definitions; see {@link DEFAULT_KPI_POLICY}. */
export interface KpiPolicy {
  /** IANA zone for intervals, days and months. */
  timeZone: string;
  /** Interval length, minutes (30). */
  intervalMinutes: number;
  /** Service-level threshold T, seconds (20). */
  serviceLevelSeconds: number;
  /**
   * Short IVR hang-ups: a self-service call that lasted at most this many seconds is excluded from the connect
   * rate (contract: "configurable: counted as IVR-answered, or excluded"). 0 (default) counts them all as IVR-answered.
   */
  shortIvrExcludeSeconds: number;
  /** Outage windows excluded from every count (contract: external faults). */
  outages: readonly OutageWindow[];
}

export const DEFAULT_KPI_POLICY: KpiPolicy = {
  timeZone: 'Asia/Shanghai',
  intervalMinutes: 30,
  serviceLevelSeconds: 20,
  shortIvrExcludeSeconds: 0,
  outages: [],
};

/** Additive counts; every KPI is a ratio of two of them. Seconds are sums over the counted calls. */
export interface KpiCounts {
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
  abandonedInQueue: number;
  abandonedInIvr: number;
  pending: number;
  answeredWithinTarget: number;
  waitSecondsAnswered: number;
  handled: number;
  handleSeconds: number;
  excludedOutage: number;
  /** Of the requests in outage windows, those answered by an agent and in IVR (the contract removes them from the connect rate only). */
  outageAgentAnswered: number;
  outageIvrAnswered: number;
  excludedShortIvr: number;
  /** Hang-up survey responses (挂机满意度) and those very or basically satisfied. */
  surveyResponses: number;
  surveySatisfied: number;
}

const COUNT_KEYS: (keyof KpiCounts)[] = [
  'requests', 'agentAnswered', 'ivrAnswered', 'abandonedInQueue', 'abandonedInIvr', 'pending', 'answeredWithinTarget',
  'waitSecondsAnswered', 'handled', 'handleSeconds', 'excludedOutage', 'outageAgentAnswered', 'outageIvrAnswered', 'excludedShortIvr', 'surveyResponses', 'surveySatisfied',
];

export function emptyCounts(): KpiCounts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<keyof KpiCounts, number>;
}

/** `into += sign * from`, in place. */
export function addCounts(into: KpiCounts, from: KpiCounts, sign: 1 | -1 = 1): KpiCounts {
  for (const k of COUNT_KEYS) into[k] += sign * from[k];
  return into;
}

/** What one call adds to the counts of its arrival interval. */
export function callCounts(call: CallRecord, policy: KpiPolicy): KpiCounts {
  const c = emptyCounts();
  const outcome = outcomeOf(call);
  if (policy.outages.some((o) => call.offeredAt >= o.startsAt && call.offeredAt < o.endsAt)) {
    c.excludedOutage = 1;
    if (outcome === 'answered') c.outageAgentAnswered = 1;
    if (outcome === 'ivr') c.outageIvrAnswered = 1;
    return c;
  }
  if (outcome === 'ivr' && (call.ivrSeconds ?? 0) <= policy.shortIvrExcludeSeconds && policy.shortIvrExcludeSeconds > 0) {
    c.excludedShortIvr = 1;
    return c;
  }
  c.requests = 1;
  if (call.survey !== null) {
    c.surveyResponses = 1;
    if (call.survey !== 'dissatisfied') c.surveySatisfied = 1;
  }
  switch (outcome) {
    case 'answered': {
      c.agentAnswered = 1;
      const wait = call.waitSeconds ?? 0;
      c.waitSecondsAnswered = wait;
      if (wait <= policy.serviceLevelSeconds) c.answeredWithinTarget = 1;
      if (call.endedAt !== null && call.talkSeconds !== null) {
        c.handled = 1;
        c.handleSeconds = call.talkSeconds + (call.wrapSeconds ?? 0);
      }
      break;
    }
    case 'ivr':
      c.ivrAnswered = 1;
      break;
    case 'abandoned':
      if (call.abandonWhere === 'ivr') c.abandonedInIvr = 1;
      else c.abandonedInQueue = 1;
      break;
    case 'pending':
      c.pending = 1;
      break;
  }
  return c;
}

/**
 * `num / den x 100` rounded half-up to `decimals` places, exactly (decimal.js), as a string; null when den = 0.
 * Contract: rates are reported to 2 decimals of a percent (complaints 3), 四舍五入.
 */
export function percent(num: number, den: number, decimals = 2): string | null {
  if (den === 0) return null;
  return new Decimal(num).times(100).dividedBy(den).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed(decimals);
}

/** The KPIs of a period, as shown and as printed by `hotline kpi --json`. Rates are percent strings. */
export interface KpiSummary {
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
  abandoned: number;
  abandonedInQueue: number;
  abandonedInIvr: number;
  pending: number;
  excludedOutage: number;
  excludedShortIvr: number;
  /** (agentAnswered + ivrAnswered) / settled requests, percent, 2 decimals half-up; null with no settled request. */
  connectRate: string | null;
  /** Agent-answered within T / (agent-answered + abandoned in queue), percent, 2 decimals. */
  serviceLevel: string | null;
  /** Abandoned / settled requests, percent, 2 decimals. */
  abandonRate: string | null;
  /** Mean wait of agent-answered calls, seconds, 1 decimal. */
  asaSeconds: number | null;
  /** Mean talk + wrap of ended answered calls, seconds, 1 decimal. */
  ahtSeconds: number | null;
  surveyResponses: number;
  /** Very or basically satisfied / survey responses, percent, 2 decimals (挂机满意度). */
  satisfaction: string | null;
}

const mean1 = (sum: number, n: number): number | null => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

/** Turns counts into the displayed KPIs. */
export function summarize(c: KpiCounts): KpiSummary {
  const abandoned = c.abandonedInQueue + c.abandonedInIvr;
  const settled = c.requests - c.pending;
  return {
    requests: c.requests,
    agentAnswered: c.agentAnswered,
    ivrAnswered: c.ivrAnswered,
    abandoned,
    abandonedInQueue: c.abandonedInQueue,
    abandonedInIvr: c.abandonedInIvr,
    pending: c.pending,
    excludedOutage: c.excludedOutage,
    excludedShortIvr: c.excludedShortIvr,
    connectRate: percent(c.agentAnswered + c.ivrAnswered, settled),
    serviceLevel: percent(c.answeredWithinTarget, c.agentAnswered + c.abandonedInQueue),
    abandonRate: percent(abandoned, settled),
    asaSeconds: mean1(c.waitSecondsAnswered, c.agentAnswered),
    ahtSeconds: mean1(c.handleSeconds, c.handled),
    surveyResponses: c.surveyResponses,
    satisfaction: percent(c.surveySatisfied, c.surveyResponses),
  };
}

/**
 * Per-agent counts of a period. `answered`: requests the agent answered first (they sum to the agent-answered
 * count); `handled` and `talkSeconds`: the agent's ended legs and their talk + wrap, seconds, so the target of a
 * transfer is credited with its own talk and the transferring agent with the talk up to the transfer.
 */
export interface AgentCounts {
  answered: number;
  talkSeconds: number;
  handled: number;
}

/** One agent's share of one call: {@link AgentCounts} of that call alone, under the agent's id ({@link UNKNOWN_AGENT} when unnamed). */
export interface AgentCredit extends AgentCounts {
  agentId: string;
}

/**
 * What one call credits to agents, given its counts ({@link callCounts}): nothing unless it counts as agent-answered;
 * then `answered` 1 to the answering agent, and to each agent with an ended leg `handled` 1 and the leg's talk +
 * wrap (seconds), so a transferred call credits the first agent up to the transfer and the target after it. One
 * entry per (agent, kind): an agent may appear twice (its answer, its leg).
 */
export function agentCredits(call: CallRecord, counts: KpiCounts): AgentCredit[] {
  if (!counts.agentAnswered) return [];
  const credits: AgentCredit[] = [{ agentId: call.agentId ?? UNKNOWN_AGENT, answered: 1, handled: 0, talkSeconds: 0 }];
  for (const leg of legsOf(call)) {
    if (leg.endedAt !== null && leg.talkSeconds !== null) credits.push({ agentId: leg.agentId ?? UNKNOWN_AGENT, answered: 0, handled: 1, talkSeconds: leg.talkSeconds + (leg.wrapSeconds ?? 0) });
  }
  return credits;
}

/** Adds (sign 1) or subtracts (sign -1) `from`'s agent counts to `into`, in place; returns `into`. */
export function addAgentCounts(into: AgentCounts, from: AgentCounts, sign: 1 | -1 = 1): AgentCounts {
  into.answered += sign * from.answered;
  into.handled += sign * from.handled;
  into.talkSeconds += sign * from.talkSeconds;
  return into;
}

interface Bucket {
  counts: KpiCounts;
  agents: Map<string, AgentCounts>;
  /** Counts by business-type code (the call's own type, a leaf or a top-level type). */
  types: Map<string, KpiCounts>;
}

/** Options of {@link KpiAggregator}. */
export interface KpiAggregatorOptions {
  /** The business-type tree and mappings calls are typed with (default: the tender's tree, no mappings). */
  businessTypes?: BusinessTypeConfig;
  /** Code of the type of calls nothing types (default `other`). */
  fallbackBusinessType?: string;
}

/** Key of the agent bucket for calls whose agent the source does not name. */
export const UNKNOWN_AGENT = '(unknown)';

/**
 * Running KPI counts per interval, updated call by call: `add` a call's current state, `remove` its previous
 * state before adding the new one. Periods are read by summing intervals, so a day is at most 50 additions
 * and a month at most ~1,500.
 */
export class KpiAggregator {
  private readonly buckets = new Map<number, Bucket>();
  /** The business-type tree and mappings this aggregator types calls with (fixed for its life: a change needs a new aggregator). */
  readonly businessTypes: BusinessTypeConfig;
  readonly fallbackBusinessType: string;
  private readonly typeOf: BusinessTypeResolver;

  constructor(readonly policy: KpiPolicy = DEFAULT_KPI_POLICY, options: KpiAggregatorOptions = {}) {
    this.businessTypes = options.businessTypes ?? DEFAULT_BUSINESS_TYPE_CONFIG;
    this.fallbackBusinessType = options.fallbackBusinessType ?? OTHER_BUSINESS_TYPE;
    this.typeOf = businessTypeResolver(this.businessTypes, this.fallbackBusinessType);
  }

  /** The options this aggregator was built with (to build a like one, e.g. with other outages). */
  get options(): KpiAggregatorOptions {
    return { businessTypes: this.businessTypes, fallbackBusinessType: this.fallbackBusinessType };
  }

  /** The business-type code a call counts under (business-type.ts resolveBusinessType). */
  businessTypeOf(call: CallRecord): string {
    return this.typeOf(call).code;
  }

  /** Interval start (epoch ms) a call counts in. */
  intervalOf(call: CallRecord): number {
    return intervalStart(new Date(call.offeredAt), this.policy.timeZone, this.policy.intervalMinutes).getTime();
  }

  /** The bucket of the interval starting at `start` (epoch ms), made empty when there is none. */
  private bucketAt(start: number): Bucket {
    const bucket = this.buckets.get(start);
    if (bucket) return bucket;
    const made: Bucket = { counts: emptyCounts(), agents: new Map(), types: new Map() };
    this.buckets.set(start, made);
    return made;
  }

  add(call: CallRecord, sign: 1 | -1 = 1): void {
    const bucket = this.bucketAt(this.intervalOf(call));
    const counts = callCounts(call, this.policy);
    addCounts(bucket.counts, counts, sign);
    // Per business type: the same counts, under the call's type (same counting rules as the totals).
    const type = this.businessTypeOf(call);
    const typeCounts = bucket.types.get(type) ?? bucket.types.set(type, emptyCounts()).get(type)!;
    addCounts(typeCounts, counts, sign);
    if (COUNT_KEYS.every((k) => typeCounts[k] === 0)) bucket.types.delete(type);
    for (const c of agentCredits(call, counts)) {
      const agent = addAgentCounts(bucket.agents.get(c.agentId) ?? { answered: 0, talkSeconds: 0, handled: 0 }, c, sign);
      if (agent.answered === 0 && agent.handled === 0) bucket.agents.delete(c.agentId);
      else bucket.agents.set(c.agentId, agent);
    }
  }

  /**
   * Adds counts summed elsewhere (the ledger's rollups) to the interval starting at `start` (epoch ms), as if the
   * calls they count had been {@link add}ed there: `counts` to the interval's totals, `types` (by business-type
   * code) to its per-type counts only, `agents` to its per-agent counts. The caller keeps totals and types
   * consistent (each call's counts once in the totals and once under its type). Entries whose counts are all 0 are
   * skipped, as {@link add} drops them.
   */
  addRollup(start: number, part: { counts?: KpiCounts; types?: Iterable<readonly [string, KpiCounts]>; agents?: Iterable<readonly [string, AgentCounts]> }): void {
    const bucket = this.bucketAt(start);
    if (part.counts) addCounts(bucket.counts, part.counts);
    for (const [code, c] of part.types ?? []) {
      if (COUNT_KEYS.every((k) => c[k] === 0)) continue;
      addCounts(bucket.types.get(code) ?? bucket.types.set(code, emptyCounts()).get(code)!, c);
    }
    for (const [id, a] of part.agents ?? []) {
      if (a.answered === 0 && a.handled === 0) continue;
      bucket.agents.set(id, addAgentCounts(bucket.agents.get(id) ?? { answered: 0, talkSeconds: 0, handled: 0 }, a));
    }
  }

  remove(call: CallRecord): void {
    this.add(call, -1);
  }

  /** Replaces a call's previous contribution by its new one. */
  update(before: CallRecord | undefined, after: CallRecord): void {
    if (before) this.remove(before);
    this.add(after);
  }

  /** Interval starts (epoch ms) with counts in [from, to), ascending. */
  intervals(from = -Infinity, to = Infinity): number[] {
    return [...this.buckets.keys()].filter((k) => k >= from && k < to).sort((a, b) => a - b);
  }

  /** Summed counts of intervals starting in [from, to). */
  counts(from = -Infinity, to = Infinity): KpiCounts {
    const total = emptyCounts();
    for (const [key, bucket] of this.buckets) if (key >= from && key < to) addCounts(total, bucket.counts);
    return total;
  }

  /** Per-agent counts of intervals starting in [from, to), by agent id. */
  agents(from = -Infinity, to = Infinity): Map<string, AgentCounts> {
    const total = new Map<string, AgentCounts>();
    for (const [key, bucket] of this.buckets) {
      if (key < from || key >= to) continue;
      for (const [id, a] of bucket.agents) {
        const t = total.get(id) ?? { answered: 0, talkSeconds: 0, handled: 0 };
        t.answered += a.answered;
        t.talkSeconds += a.talkSeconds;
        t.handled += a.handled;
        total.set(id, t);
      }
    }
    return total;
  }

  /** Counts by business-type code (each call under its own type) of intervals starting in [from, to). */
  byBusinessType(from = -Infinity, to = Infinity): Map<string, KpiCounts> {
    const total = new Map<string, KpiCounts>();
    for (const [key, bucket] of this.buckets) {
      if (key < from || key >= to) continue;
      for (const [code, c] of bucket.types) addCounts(total.get(code) ?? total.set(code, emptyCounts()).get(code)!, c);
    }
    return total;
  }

  /** Counts grouped by local day (`YYYY-MM-DD`) or month (`YYYY-MM`), ascending. */
  groupBy(period: 'day' | 'month', from = -Infinity, to = Infinity): { key: string; counts: KpiCounts }[] {
    const groups = new Map<string, KpiCounts>();
    const keyOf = period === 'day' ? dayKey : monthKey;
    for (const start of this.intervals(from, to)) {
      const key = keyOf(new Date(start), this.policy.timeZone);
      addCounts(groups.get(key) ?? groups.set(key, emptyCounts()).get(key)!, this.buckets.get(start)!.counts);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, counts]) => ({ key, counts }));
  }

  /** Drops the intervals starting in [from, to) (epoch ms). */
  clear(from: number, to: number): void {
    for (const key of this.buckets.keys()) if (key >= from && key < to) this.buckets.delete(key);
  }

  /** Drops intervals starting before `before` (epoch ms), to bound memory in a long-running process. */
  prune(before: number): void {
    this.clear(-Infinity, before);
  }
}
