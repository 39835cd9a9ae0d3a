/**
 * Whole-period KPI reports: the same engine the live floor uses, run over a set of call records. This is what
 * `hotline kpi FILE --json` prints and what the API answers for any period of the ledger.
 */
import type { CallEvent } from '@hotline/events';
import { applyEvent, isCallScoped, type CallRecord } from './call-record';
import { KpiAggregator, summarize, type KpiPolicy, type KpiSummary } from './kpi';

/** KPIs of one agent over a period. */
export interface AgentKpi {
  agentId: string;
  agentAnswered: number;
  /** Mean talk + wrap of the agent's ended calls, seconds, 1 decimal. */
  ahtSeconds: number | null;
  talkSeconds: number;
}

/** A period's KPIs with the break-down per local day and per agent. */
export interface KpiReport extends KpiSummary {
  timeZone: string;
  days: (KpiSummary & { date: string })[];
  agents: AgentKpi[];
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

/** KPIs of a set of events, offline: fold into calls, aggregate, report. */
export function reportFromEvents(events: Iterable<CallEvent>, policy: KpiPolicy): KpiReport {
  const aggregator = new KpiAggregator(policy);
  for (const call of foldEvents(events).values()) aggregator.add(call);
  return buildReport(aggregator);
}
