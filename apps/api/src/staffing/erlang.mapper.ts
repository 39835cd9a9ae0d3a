import type { ErlangAMetrics, ErlangCMetrics, StaffAAnswer, StaffCAnswer } from '@hotline/contracts';
import type { ErlangAResult, ErlangCResult, StaffingResult } from '@hotline/erlang';

/** Erlang C metrics with the output names of shared/reference/erlang-cases.json; an unstable interval has null metrics and a reason. */
export function erlangCResponse(r: ErlangCResult): ErlangCMetrics {
  const common = { model: 'C' as const, arrivalsPerHour: r.arrivalsPerHour, ahtSeconds: r.ahtSeconds, agents: r.agents, targetSeconds: r.targetSeconds, trafficErlangs: r.trafficErlangs, erlangB: r.erlangB };
  if (!r.stable) return { ...common, stable: false, probWait: null, serviceLevel: null, asaSeconds: null, asaDelayedCallsSeconds: null, expectedQueueLength: null, occupancy: null, reason: r.reason };
  return { ...common, stable: true, probWait: r.probWait, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds, asaDelayedCallsSeconds: r.asaDelayedCallsSeconds, expectedQueueLength: r.expectedQueueLength, occupancy: r.occupancy };
}

/** Erlang A metrics (every field a finite number, names as in the reference cases). */
export function erlangAResponse(r: ErlangAResult): ErlangAMetrics {
  return { ...r };
}

/** A staffing search's answer, the metrics at the required count nested. */
export function staffingResponse(model: 'C', s: StaffingResult<ErlangCResult>, metrics: (m: ErlangCResult) => ErlangCMetrics): StaffCAnswer;
export function staffingResponse(model: 'A', s: StaffingResult<ErlangAResult>, metrics: (m: ErlangAResult) => ErlangAMetrics): StaffAAnswer;
export function staffingResponse<M, O>(model: 'A' | 'C', s: StaffingResult<M>, metrics: (m: M) => O) {
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
