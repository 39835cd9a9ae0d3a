// Output of `hotline erlang`: library results -> the JSON names of shared/reference/erlang-cases.json, and a
// readable table. Pure functions, unit-tested in erlang.spec.ts.
import type { ErlangAResult, ErlangCResult, StaffingResult } from '@hotline/erlang';

type Scalar = number | string | boolean | null;
export type ErlangJson = { [key: string]: Scalar | string[] | ErlangJson };

const C_METRICS = ['probWait', 'serviceLevel', 'asaSeconds', 'asaDelayedCallsSeconds', 'expectedQueueLength', 'occupancy'] as const;

/** Erlang C result as JSON; an unstable interval keeps every metric name with null (never NaN or Infinity). */
export function erlangCJson(r: ErlangCResult): ErlangJson {
  const out: ErlangJson = {
    model: 'C',
    stable: r.stable,
    arrivalsPerHour: r.arrivalsPerHour,
    ahtSeconds: r.ahtSeconds,
    agents: r.agents,
    targetSeconds: r.targetSeconds,
    trafficErlangs: r.trafficErlangs,
    erlangB: r.erlangB,
  };
  for (const key of C_METRICS) out[key] = r.stable ? r[key] : null;
  if (!r.stable) out.reason = r.reason;
  return out;
}

/** Erlang A result as JSON (every field is a finite number). */
export function erlangAJson(r: ErlangAResult): ErlangJson {
  return { ...r };
}

/** A staffing result as JSON, with the metrics at the required count nested. */
export function staffingJson<M>(model: 'A' | 'C', s: StaffingResult<M>, metrics: (m: M) => ErlangJson): ErlangJson {
  return {
    model,
    trafficErlangs: s.trafficErlangs,
    requiredAgents: s.requiredAgents,
    shrinkage: s.shrinkage,
    requiredAgentsWithShrinkage: s.requiredAgentsWithShrinkage,
    limitingTargets: s.limitingTargets,
    atRequiredAgents: metrics(s.atRequiredAgents),
  };
}

type Unit = 'percent' | 'seconds' | 'erlangs' | 'calls' | 'count' | 'per-hour' | 'text';

/** Label and unit of every field the table shows, in display order. */
const FIELDS: Record<string, [string, Unit]> = {
  model: ['Model', 'text'],
  stable: ['Stable (agents > load)', 'text'],
  reason: ['Why not', 'text'],
  arrivalsPerHour: ['Arrivals', 'per-hour'],
  ahtSeconds: ['AHT', 'seconds'],
  patienceSeconds: ['Mean patience', 'seconds'],
  targetSeconds: ['Answer target t', 'seconds'],
  trafficErlangs: ['Offered load', 'erlangs'],
  agents: ['Agents', 'count'],
  requiredAgents: ['Required agents', 'count'],
  shrinkage: ['Shrinkage', 'percent'],
  requiredAgentsWithShrinkage: ['Rostered (with shrinkage)', 'count'],
  limitingTargets: ['One fewer fails on', 'text'],
  erlangB: ['Erlang B blocking', 'percent'],
  probWait: ['P(wait > 0)', 'percent'],
  serviceLevel: ['Service level P(wait <= t)', 'percent'],
  probAbandon: ['P(abandon)', 'percent'],
  connectRate: ['Connect rate 1 - P(abandon)', 'percent'],
  serviceLevelAnsweredWithinTOverOffered: ['SL: answered within t / offered', 'percent'],
  serviceLevelAmongAnswered: ['SL: within t among answered', 'percent'],
  serviceLevelExcludingAbandonsWithinT: ['SL: excl. abandons within t', 'percent'],
  probActualWaitAtMostT: ['P(time in queue <= t)', 'percent'],
  probOfferedWaitAtMostT: ['P(offered wait <= t)', 'percent'],
  probAbandonWithinT: ['P(abandon within t)', 'percent'],
  asaSeconds: ['ASA (all calls)', 'seconds'],
  asaDelayedCallsSeconds: ['Mean wait of delayed calls', 'seconds'],
  asaAnsweredSeconds: ['ASA (answered calls)', 'seconds'],
  meanWaitAllArrivalsSeconds: ['Mean wait (all arrivals)', 'seconds'],
  expectedQueueLength: ['Mean queue length', 'calls'],
  occupancy: ['Occupancy', 'percent'],
};

function formatValue(value: ErlangJson[string], unit: Unit): string {
  if (value === null) return '- (not defined)';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(', ');
  if (typeof value !== 'number') return String(value);
  switch (unit) {
    case 'percent':
      return `${(value * 100).toFixed(2)} %`;
    case 'seconds':
      return `${value.toFixed(value < 10 ? 2 : 1)} s`;
    case 'erlangs':
      return `${value.toFixed(3)} Erlangs`;
    case 'calls':
      return value.toFixed(2);
    case 'per-hour':
      return `${value.toFixed(2)} calls/h`;
    case 'count':
    case 'text':
      return String(value);
  }
}

/** A two-column table (label, value) of a JSON result; nested objects become an indented section. */
export function formatTable(json: ErlangJson, indent = ''): string {
  const rows: [string, string][] = [];
  const sections: string[] = [];
  for (const [key, [label, unit]] of Object.entries(FIELDS)) {
    if (!(key in json)) continue;
    rows.push([label, formatValue(json[key] as ErlangJson[string], unit)]);
  }
  for (const [key, value] of Object.entries(json)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      sections.push(`${indent}${key === 'atRequiredAgents' ? 'At the required agents:' : `${key}:`}\n${formatTable(value, `${indent}  `)}`);
    }
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return [...rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`), ...sections].join('\n');
}
