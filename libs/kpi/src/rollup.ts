/**
 * Ledger rollups: the additive KPI counts of the calls that arrived in one interval, kept per business-type evidence
 * and per agent, so that a period's KPIs are a sum of a few rows instead of a fold over every call.
 *
 * - Type rows: per interval start and per *evidence* of the business type (the call's raw `category`, `ivrChoice`
 *   and `queue`, '' for none: exactly what {@link businessTypeResolver} reads, which treats null and '' alike), the
 *   {@link KpiCounts} of {@link callCounts}. The type code itself is resolved when the rows are read, so a change
 *   of the business-type tree or mappings never invalidates a rollup.
 * - Agent rows: per interval start and agent id ({@link UNKNOWN_AGENT} for an unnamed agent), the
 *   {@link agentCredits} summed.
 * Rollups are counted without outage windows (outages are arbitrary minutes, registered after the fact): a reader
 * recomputes the intervals that overlap an outage from their calls. They depend on the policy's time zone, interval,
 * service-level threshold and short-IVR exclusion: a change of one of those needs a recompute (reconciliation).
 */
import { intervalStart } from '@hotline/events';
import type { CallRecord } from './call-record';
import { addAgentCounts, addCounts, agentCredits, callCounts, emptyCounts, type AgentCounts, type KpiCounts, type KpiPolicy } from './kpi';

/** The policy rollups are counted under: a {@link KpiPolicy} without outages (rollups never exclude an outage). */
export type RollupPolicy = Omit<KpiPolicy, 'outages'>;

/** The business-type evidence of a call as rollups key it ('' for none). */
export interface RollupEvidence {
  category: string;
  ivrChoice: string;
  queue: string;
}

/** One type row (or its delta): the counts of the calls of one interval with one evidence. */
export interface TypeRollupRow extends RollupEvidence {
  /** Interval start, epoch ms (UTC instant of the local interval). */
  intervalStart: number;
  counts: KpiCounts;
}

/** One agent row (or its delta): an agent's credits over the calls of one interval. */
export interface AgentRollupRow extends AgentCounts {
  /** Interval start, epoch ms. */
  intervalStart: number;
  agentId: string;
}

/** Rows of rollups (or their deltas), each list sorted by key ({@link compareTypeKeys}, {@link compareAgentKeys}). */
export interface RollupRows {
  types: TypeRollupRow[];
  agents: AgentRollupRow[];
}

/** The names of {@link KpiCounts}, in a fixed order (the rollup table's count columns). */
export const ROLLUP_COUNT_KEYS: readonly (keyof KpiCounts)[] = Object.keys(emptyCounts()) as (keyof KpiCounts)[];

/** A call's business-type evidence as rollups key it: null and '' both become ''. */
export function rollupEvidence(call: CallRecord): RollupEvidence {
  return { category: call.category ?? '', ivrChoice: call.ivrChoice ?? '', queue: call.queue ?? '' };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders type rows by interval start, then category, IVR choice and queue (code-unit order, as writers lock them). */
export function compareTypeKeys(a: TypeRollupRow, b: TypeRollupRow): number {
  return a.intervalStart - b.intervalStart || cmp(a.category, b.category) || cmp(a.ivrChoice, b.ivrChoice) || cmp(a.queue, b.queue);
}

/** Orders agent rows by interval start, then agent id (code-unit order). */
export function compareAgentKeys(a: AgentRollupRow, b: AgentRollupRow): number {
  return a.intervalStart - b.intervalStart || cmp(a.agentId, b.agentId);
}

/**
 * The rollup deltas of a set of call changes: for each change, its previous record's contribution subtracted
 * (`before`, absent for a new call) and its new one added (`after`, absent for a deleted call), summed per key.
 * A call that moved interval or evidence moves its counts; a change that alters no count gives no row. Rows whose
 * every value sums to 0 are left out; both lists sorted by key (so concurrent writers lock rows in one order).
 * @param policy the policy rollups are counted under (time zone, interval minutes, service-level and short-IVR
 *   thresholds); outages are never applied.
 * @returns the deltas, values possibly negative; `{ types: [], agents: [] }` when nothing changes.
 */
export function rollupDeltas(changes: Iterable<{ before?: CallRecord; after?: CallRecord }>, policy: RollupPolicy): RollupRows {
  const kpiPolicy: KpiPolicy = { ...policy, outages: [] };
  const types = new Map<string, TypeRollupRow>();
  const agents = new Map<string, AgentRollupRow>();
  const apply = (call: CallRecord, sign: 1 | -1) => {
    const start = intervalStart(new Date(call.offeredAt), policy.timeZone, policy.intervalMinutes).getTime();
    const counts = callCounts(call, kpiPolicy);
    const evidence = rollupEvidence(call);
    // NUL never occurs in stored text (Postgres refuses it): a safe separator.
    const typeKey = `${start}\u0000${evidence.category}\u0000${evidence.ivrChoice}\u0000${evidence.queue}`;
    let row = types.get(typeKey);
    if (!row) types.set(typeKey, (row = { intervalStart: start, ...evidence, counts: emptyCounts() }));
    addCounts(row.counts, counts, sign);
    for (const credit of agentCredits(call, counts)) {
      const agentKey = `${start}\u0000${credit.agentId}`;
      let a = agents.get(agentKey);
      if (!a) agents.set(agentKey, (a = { intervalStart: start, agentId: credit.agentId, answered: 0, handled: 0, talkSeconds: 0 }));
      addAgentCounts(a, credit, sign);
    }
  };
  for (const { before, after } of changes) {
    if (before) apply(before, -1);
    if (after) apply(after, 1);
  }
  return {
    types: [...types.values()].filter((r) => ROLLUP_COUNT_KEYS.some((k) => r.counts[k] !== 0)).sort(compareTypeKeys),
    agents: [...agents.values()].filter((a) => a.answered !== 0 || a.handled !== 0 || a.talkSeconds !== 0).sort(compareAgentKeys),
  };
}

/** The rollups of a set of calls from scratch (each call added once): {@link rollupDeltas} of calls all new. */
export function rollupsOf(calls: Iterable<CallRecord>, policy: RollupPolicy): RollupRows {
  return rollupDeltas((function* () { for (const after of calls) yield { after }; })(), policy);
}

/** One difference between two sets of rollup rows: the key, and the values each side holds (null: no row). */
export interface RollupDifference {
  kind: 'type' | 'agent';
  /** Interval start, epoch ms. */
  intervalStart: number;
  /** The key within the interval: `category|ivrChoice|queue` for a type row, the agent id for an agent row. */
  key: string;
  stored: Record<string, number> | null;
  expected: Record<string, number> | null;
}

/**
 * Compares stored rollups with expected ones (e.g. recomputed from the calls): rows are matched by key; a row whose
 * values are all 0 is the same as no row. Seconds are compared to 1e-6 (sums of floats in another order).
 * @returns the differences, by kind then key order; empty when equal.
 */
export function diffRollups(stored: RollupRows, expected: RollupRows): RollupDifference[] {
  const out: RollupDifference[] = [];
  const same = (a: Record<string, number> | null, b: Record<string, number> | null, keys: readonly string[]) =>
    keys.every((k) => Math.abs((a?.[k] ?? 0) - (b?.[k] ?? 0)) < 1e-6);
  const typeKey = (r: TypeRollupRow) => `${r.category}|${r.ivrChoice}|${r.queue}`;
  const typeMap = (rows: TypeRollupRow[]) => new Map(rows.map((r) => [JSON.stringify([r.intervalStart, r.category, r.ivrChoice, r.queue]), r]));
  const s = typeMap(stored.types);
  const e = typeMap(expected.types);
  for (const key of [...new Set([...s.keys(), ...e.keys()])].sort()) {
    const a = s.get(key);
    const b = e.get(key);
    const av = a ? { ...a.counts } : null;
    const bv = b ? { ...b.counts } : null;
    if (!same(av, bv, ROLLUP_COUNT_KEYS)) out.push({ kind: 'type', intervalStart: (a ?? b)!.intervalStart, key: typeKey((a ?? b)!), stored: av, expected: bv });
  }
  const agentMap = (rows: AgentRollupRow[]) => new Map(rows.map((r) => [JSON.stringify([r.intervalStart, r.agentId]), r]));
  const sa = agentMap(stored.agents);
  const ea = agentMap(expected.agents);
  const agentValues = (r: AgentRollupRow | undefined) => (r ? { answered: r.answered, handled: r.handled, talkSeconds: r.talkSeconds } : null);
  for (const key of [...new Set([...sa.keys(), ...ea.keys()])].sort()) {
    const a = sa.get(key);
    const b = ea.get(key);
    if (!same(agentValues(a), agentValues(b), ['answered', 'handled', 'talkSeconds'])) {
      out.push({ kind: 'agent', intervalStart: (a ?? b)!.intervalStart, key: (a ?? b)!.agentId, stored: agentValues(a), expected: agentValues(b) });
    }
  }
  return out;
}
