import type { ErlangAResult, ErlangCResult, StaffingResult } from '@hotline/erlang';

/** Erlang C metrics with the output names of shared/reference/erlang-cases.json; an unstable interval has null metrics and a reason. */
export function erlangCResponse(r: ErlangCResult) {
  const common = { model: 'C' as const, stable: r.stable, arrivalsPerHour: r.arrivalsPerHour, ahtSeconds: r.ahtSeconds, agents: r.agents, targetSeconds: r.targetSeconds, trafficErlangs: r.trafficErlangs, erlangB: r.erlangB };
  if (!r.stable) return { ...common, probWait: null, serviceLevel: null, asaSeconds: null, asaDelayedCallsSeconds: null, expectedQueueLength: null, occupancy: null, reason: r.reason };
  return { ...common, probWait: r.probWait, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds, asaDelayedCallsSeconds: r.asaDelayedCallsSeconds, expectedQueueLength: r.expectedQueueLength, occupancy: r.occupancy };
}

/** Erlang A metrics (every field a finite number, names as in the reference cases). */
export function erlangAResponse(r: ErlangAResult) {
  return { ...r };
}

/** A staffing search's answer, the metrics at the required count nested. */
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
