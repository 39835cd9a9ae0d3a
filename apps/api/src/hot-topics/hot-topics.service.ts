import { Inject, Injectable } from '@nestjs/common';
import type {
  HotTopicLevel, HotTopicPeriod, HotTopicSeries, HotTopicSpikes, HotTopicsView, RepeatCallerRequest, RepeatCallers, RepeatCallerView, RepeatCallerWindow,
} from '@hotline/contracts';
import { addDays, dayKey, nextDay, nextMonth, startOfDay, startOfMonth } from '@hotline/events';
import {
  DEFAULT_SPIKE_RULE, businessTypeResolver, describeSpikeRule, describeTopic, periodOf, previousPeriod, rankTopics, spikesOn, topTopics, topicCode, topicSeries,
  type BusinessTypeNode, type RankedTopic,
} from '@hotline/kpi';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { callerRef } from '../privacy/caller-vault.js';
import { HotTopicsRepository } from './hot-topics.repository.js';

/** What the hot-topic answers count, in words. */
const BASIS =
  'Registered requests (受理登记的诉求) per business type, counted on their local day; drafts and finished requests both count (a request registered is a request).';

const WINDOW_SECONDS: Record<RepeatCallerWindow, number> = { '2h': 2 * 3600, '24h': 24 * 3600 };

/** The month's hot topics for the operations report: from registered requests, or the calls' types when none. */
export interface MonthHotTopics {
  /** `requests`: the month's registered requests; `calls`: none were registered, the ledger's calls typed by the tree's rules. */
  basis: 'requests' | 'calls';
  total: number;
  previousTotal: number;
  /** Top-level types, ranked; each with its Chinese name. */
  topics: (RankedTopic & { nameZh: string })[];
}

/**
 * Hot topics (热点诉求) over registered requests, the spike alarm, and the repeat-caller worklist. The counting is
 * libs/kpi hot-topics.ts; this service reads the rows and the tree and shapes the answers. Hot-topic answers carry no
 * caller data; the worklist shows callers masked with their reference only.
 */
@Injectable()
export class HotTopicsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: HotTopicsRepository,
    private readonly businessTypes: BusinessTypesRepository,
  ) {}

  private today(): string {
    return dayKey(new Date(), this.config.HOTLINE_TIMEZONE);
  }

  /** The business-type tree (names and parents); the mapping rules are not needed to count requests. */
  private tree(): Promise<readonly BusinessTypeNode[]> {
    return this.businessTypes.types();
  }

  /** The top topics of the period of kind `period` (default week) containing `date` (default today), against the previous one. */
  async topics(q: { period?: HotTopicPeriod; date?: string; level?: HotTopicLevel }): Promise<HotTopicsView> {
    const period = q.period ?? 'week';
    const level = q.level ?? 'top';
    const date = q.date ?? this.today();
    const range = periodOf(period, date);
    const previous = previousPeriod(period, range);
    const [rows, types] = await Promise.all([this.repo.dayCounts(previous.from, range.to), this.tree()]);
    const t = topTopics(rows, period, date, level, types);
    return {
      period, level, date, from: t.range.from, to: t.range.to, label: t.range.label,
      previous: { from: t.previous.from, to: t.previous.to, label: t.previous.label },
      total: t.total, previousTotal: t.previousTotal,
      topics: t.topics.map((x) => ({ ...describeTopic(x.code, level, types), ...x })),
      basis: BASIS,
    };
  }

  /** Counts per type per bucket over `from`..`to` (the contract bounds the range). */
  async series(q: { from: string; to: string; granularity?: HotTopicPeriod; level?: HotTopicLevel }): Promise<HotTopicSeries> {
    const granularity = q.granularity ?? 'day';
    const level = q.level ?? 'top';
    const [rows, types] = await Promise.all([this.repo.dayCounts(q.from, q.to), this.tree()]);
    const s = topicSeries(rows, granularity, q.from, q.to, level, types);
    return {
      granularity, level, from: q.from, to: q.to,
      buckets: s.buckets.map(({ key, from, to }) => ({ key, from, to })),
      lines: s.lines.map((l) => ({ ...describeTopic(l.code, level, types), counts: l.counts, total: l.total })),
      totals: s.totals,
    };
  }

  /** The spike rule on `date` (default today) for every type with requests that day or in its baseline. */
  async spikes(q: { date?: string; level?: HotTopicLevel }): Promise<HotTopicSpikes> {
    const level = q.level ?? 'leaf';
    const date = q.date ?? this.today();
    const rule = DEFAULT_SPIKE_RULE;
    const [rows, types] = await Promise.all([this.repo.dayCounts(addDays(date, -rule.baselineDays), date), this.tree()]);
    const s = spikesOn(rows, date, level, types, rule);
    return {
      date, level, rule: describeSpikeRule(rule), baseline: s.baseline, quantile: rule.quantile, meanFloor: rule.meanFloor, minCount: rule.minCount,
      topics: s.topics.map((x) => ({
        ...describeTopic(x.code, level, types), count: x.count, trailingMean: x.trailingMean.toFixed(4), baselineMean: x.baselineMean.toFixed(4), threshold: x.threshold, fired: x.fired,
      })),
      fired: s.topics.filter((x) => x.fired).length,
    };
  }

  /**
   * The repeat-caller worklist of `date` (default today): callers with 2+ ledger calls within `window` (default 24h),
   * the later on `date`; their calls and registered requests from the start of the day minus the window to its end.
   */
  async repeatCallers(q: { date?: string; window?: RepeatCallerWindow }): Promise<RepeatCallers> {
    const tz = this.config.HOTLINE_TIMEZONE;
    const date = q.date ?? this.today();
    const window = q.window ?? '24h';
    const seconds = WINDOW_SECONDS[window];
    const dayStart = startOfDay(date, tz);
    const dayEnd = startOfDay(nextDay(date), tz);
    const spanFrom = new Date(dayStart.getTime() - seconds * 1000);
    const found = await this.repo.repeatCallers(dayStart, dayEnd, seconds);
    const hashes = found.map((f) => f.hash);
    const [calls, masked, types] = await Promise.all([this.repo.callsOf(hashes, spanFrom, dayEnd), this.repo.maskedOf(hashes), this.tree()]);
    const requests = await this.repo.requestsOf(hashes, calls.map((c) => c.callId), spanFrom, dayEnd);
    const callerOfCall = new Map(calls.map((c) => [c.callId, c.callerId]));
    const callers: RepeatCallerView[] = [];
    for (const f of found) {
      const ref = callerRef(f.hash);
      if (ref === null) continue; // not a keyed hash: nothing people could be shown
      const own = requests.filter((r) => r.callerHash === f.hash || (r.callId !== null && callerOfCall.get(r.callId) === f.hash));
      callers.push({
        callerRef: ref,
        caller: masked.get(f.hash) ?? null,
        maxCallsInWindow: f.maxCalls,
        calls: calls.filter((c) => c.callerId === f.hash).map((c) => ({ callId: c.callId, offeredAt: c.offeredAt.toISOString(), outcome: c.outcome, agentId: c.agentId })),
        requests: own.map((r): RepeatCallerRequest => {
          const t = describeTopic(r.businessTypeCode, 'leaf', types);
          return {
            id: r.id, receivedAt: r.receivedAt.toISOString(), callId: r.callId, businessTypeCode: r.businessTypeCode, businessTypeNameZh: t.nameZh, businessTypeNameEn: t.nameEn,
            summary: r.summary, outcome: r.outcome, status: r.status,
          };
        }),
        lastCallAt: f.lastCallAt.toISOString(),
      });
    }
    return { date, window, spanFrom: spanFrom.toISOString(), spanTo: dayEnd.toISOString(), callers };
  }

  /**
   * The hot topics of `month` (`YYYY-MM`) for the operations report (三、热点诉求), top-level types against the month
   * before: from the month's registered requests; when the month has none, from the ledger's calls of both months,
   * each typed by the business-type tree's rules (libs/kpi businessTypeResolver: category, IVR choice, queue, else
   * 其他), and `basis` says which.
   */
  async month(month: string): Promise<MonthHotTopics> {
    const range = periodOf('month', `${month}-01`);
    const previous = previousPeriod('month', range);
    const [rows, config] = await Promise.all([this.repo.dayCounts(previous.from, range.to), this.businessTypes.config()]);
    const types = config.types;
    const named = (topics: RankedTopic[]) => topics.map((t) => ({ ...t, nameZh: describeTopic(t.code, 'top', types).nameZh }));
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    if (rows.some((r) => r.day >= range.from && r.day <= range.to)) {
      const t = topTopics(rows, 'month', range.from, 'top', types);
      return { basis: 'requests', total: t.total, previousTotal: t.previousTotal, topics: named(t.topics.filter((x) => x.count > 0)) };
    }
    const tz = this.config.HOTLINE_TIMEZONE;
    const resolve = businessTypeResolver(config, this.businessTypes.fallbackCode);
    const countCalls = async (m: string): Promise<Map<string, number>> => {
      const out = new Map<string, number>();
      for (const g of await this.repo.callEvidence(startOfMonth(m, tz), startOfMonth(nextMonth(m), tz))) {
        const code = topicCode(resolve(g).code, 'top', types);
        out.set(code, (out.get(code) ?? 0) + g.count);
      }
      return out;
    };
    const [current, before] = await Promise.all([countCalls(month), countCalls(previous.label)]);
    return { basis: 'calls', total: sum(current), previousTotal: sum(before), topics: named(rankTopics(current, before).filter((x) => x.count > 0)) };
  }
}
