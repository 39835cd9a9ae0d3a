/**
 * Whole-period KPI reports: the same engine the live floor uses, run over a set of call records. This is what
 * `hotline kpi FILE --json` prints and what the API answers for any period of the ledger.
 */
import type { CallEvent } from '@hotline/events';
import { orderBusinessTypes } from './business-type';
import { applyEvent, isCallScoped, type CallRecord } from './call-record';
import { KpiAggregator, addCounts, emptyCounts, summarize, type KpiAggregatorOptions, type KpiCounts, type KpiPolicy, type KpiSummary } from './kpi';

/** KPIs of one agent over a period. */
export interface AgentKpi {
  agentId: string;
  agentAnswered: number;
  /** Mean talk + wrap of the agent's ended calls, seconds, 1 decimal. */
  ahtSeconds: number | null;
  talkSeconds: number;
}

/**
 * KPIs of one business type (业务类型) over a period, counted by the same rules as the totals. A top-level row
 * (`level` 1) counts its own calls and those of its children, so the top-level rows sum to the totals; a child row
 * (`level` 2) counts its own. Names are null for a code the tree does not hold.
 */
export interface BusinessTypeKpi extends KpiSummary {
  code: string;
  parentCode: string | null;
  level: 1 | 2;
  nameZh: string | null;
  nameEn: string | null;
}

/** A period's KPIs with the break-down per local day, per agent and per business type. */
export interface KpiReport extends KpiSummary {
  timeZone: string;
  days: (KpiSummary & { date: string })[];
  agents: AgentKpi[];
  /** Per business type, in tree order (top-level then its children); see {@link BusinessTypeKpi} for which rows appear. */
  byBusinessType: BusinessTypeKpi[];
}

/**
 * The per-type rows of intervals in [from, to): every active top-level type and the fallback (even at 0, so the
 * table always shows the tree), active children and any type that has calls; codes outside the tree last.
 */
export function businessTypeRows(aggregator: KpiAggregator, from = -Infinity, to = Infinity): BusinessTypeKpi[] {
  const own = aggregator.byBusinessType(from, to);
  const types = aggregator.businessTypes.types;
  const known = new Map(types.map((t) => [t.code, t]));
  const topOf = (code: string): string => {
    const parent = known.get(code)?.parentCode;
    return parent && known.has(parent) ? parent : code;
  };
  const rolled = new Map<string, KpiCounts>();
  for (const [code, counts] of own) {
    const top = topOf(code);
    addCounts(rolled.get(top) ?? rolled.set(top, emptyCounts()).get(top)!, counts);
  }
  const hasCalls = (c: KpiCounts | undefined) => c !== undefined && (c.requests > 0 || c.excludedOutage > 0 || c.excludedShortIvr > 0);
  const rows: BusinessTypeKpi[] = [];
  for (const t of orderBusinessTypes(types)) {
    const level = t.parentCode !== null && known.has(t.parentCode) ? 2 : 1;
    const counts = level === 1 ? rolled.get(t.code) : own.get(t.code);
    const shown = hasCalls(counts) || ((t.active || t.code === aggregator.fallbackBusinessType) && (level === 1 || known.get(t.parentCode!)!.active));
    if (!shown) continue;
    rows.push({ code: t.code, parentCode: level === 2 ? t.parentCode : null, level, nameZh: t.nameZh, nameEn: t.nameEn, ...summarize(counts ?? emptyCounts()) });
  }
  for (const [code, counts] of [...own].sort(([a], [b]) => a.localeCompare(b))) {
    if (!known.has(code)) rows.push({ code, parentCode: null, level: 1, nameZh: null, nameEn: null, ...summarize(counts) });
  }
  return rows;
}

/** Builds the report of every interval starting in [from, to) (epoch ms; whole range by default). */
export function buildReport(aggregator: KpiAggregator, from = -Infinity, to = Infinity): KpiReport {
  const agents = [...aggregator.agents(from, to)]
    .map(([agentId, a]) => ({ agentId, agentAnswered: a.answered, talkSeconds: a.talkSeconds, ahtSeconds: a.handled ? Math.round((a.talkSeconds / a.handled) * 10) / 10 : null }))
    .sort((a, b) => b.agentAnswered - a.agentAnswered || a.agentId.localeCompare(b.agentId));
  return {
    timeZone: aggregator.policy.timeZone,
    ...summarize(aggregator.counts(from, to)),
    days: aggregator.groupBy('day', from, to).map(({ key, counts }) => ({ date: key, ...summarize(counts) })),
    agents,
    byBusinessType: businessTypeRows(aggregator, from, to),
  };
}

/**
 * Folds events into call records, ignoring repeats of an event id (as the ledger does).
 * @returns the records by call id.
 */
export function foldEvents(events: Iterable<CallEvent>): Map<string, CallRecord> {
  const calls = new Map<string, CallRecord>();
  const seen = new Set<string>();
  for (const event of events) {
    if (!isCallScoped(event) || seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    calls.set(event.callId, applyEvent(calls.get(event.callId), event));
  }
  return calls;
}

/** KPIs of a set of events, offline: fold into calls, aggregate, report (business types from `options`, default the tender's tree). */
export function reportFromEvents(events: Iterable<CallEvent>, policy: KpiPolicy, options: KpiAggregatorOptions = {}): KpiReport {
  const aggregator = new KpiAggregator(policy, options);
  for (const call of foldEvents(events).values()) aggregator.add(call);
  return buildReport(aggregator);
}
