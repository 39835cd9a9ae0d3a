// Plain-text rendering of a month sheet and a projection for `hotline score` (English, with the tender's item names).
import {
  ITEM_NAMES_ZH,
  SCENARIOS,
  nonDefaultPolicies,
  type ItemScore,
  type MonthProjection,
  type MonthScore,
  type Reason,
  type ScenarioName,
  type ScoringPolicy,
  type SheetTotals,
} from '@hotline/scoring';

const plural = (n: number | null, one: string, many = `${one}s`): string => `${n ?? ''} ${n === 1 ? one : many}`.trim();

/** One reason in English; the codes and numbers are the library's, the words are the CLI's. */
export function describeReason(r: Reason): string {
  const d = r.detail;
  const pts = r.points.startsWith('-') || r.points === '0' ? r.points : `+${r.points}`;
  const text = ((): string => {
    switch (r.code) {
      case 'confidentiality.breach':
        return `${plural(r.count, 'breach', 'breaches')} of the confidentiality rules × -1`;
      case 'confidentiality.consequences':
        return `${plural(r.count, 'breach', 'breaches')} with bad consequences × -5`;
      case 'reporting.reportLate':
        return `operations report late ${plural(r.count, 'time')} × -1`;
      case 'reporting.itemMissing':
        return `required content missing ${plural(r.count, 'time')} × -0.5`;
      case 'reporting.selfAssessmentLate':
        return `self-assessment form late ${plural(r.count, 'time')} × -5`;
      case 'reporting.selfAssessmentUntruthful':
        return `untruthful self-assessment ${plural(r.count, 'time')} × -2`;
      case 'connect.shortfall':
      case 'satisfaction.shortfall':
        return r.count === null
          ? `${d.ratePercent} % is ${d.shortfallPoints} points below ${d.targetPercent} %: -1 per point, linear`
          : `${d.ratePercent} % is ${d.shortfallPoints} points below ${d.targetPercent} %: ${plural(r.count, 'started point')} × -1`;
      case 'connect.bonus':
      case 'satisfaction.bonus': {
        const capped = d.uncapped !== r.points ? ` (${d.uncapped} capped at ${d.cap})` : '';
        return r.count === null
          ? `${d.ratePercent} % is ${d.excessPoints} points above ${d.targetPercent} %: +0.2 per half point, linear${capped}`
          : `${d.ratePercent} % is ${d.excessPoints} points above ${d.targetPercent} %: ${plural(r.count, 'full half point')} × +0.2${capped}`;
      }
      case 'connect.noRequests':
        return d.rule === 'full' ? 'no request counted (outage windows excluded): full marks, no bonus' : 'no request counted: 0 points (policy noRequests=zero)';
      case 'satisfaction.noResponses':
        return d.rule === 'full' ? 'no survey response: full marks, no bonus (policy noSurveyResponses=full)' : 'no survey response: the target cannot be shown to be met, 0 points';
      case 'complaints.excess':
        return r.count === null
          ? `${d.ratePercent} % is ${d.excessPercent} % above ${d.limitPercent} %: -2 per 0.01 %, linear`
          : `${d.ratePercent} % is ${d.excessPercent} % above ${d.limitPercent} %: ${plural(r.count, 'started 0.01 % step')} × -2`;
      case 'complaints.noAgentCalls':
        return `no agent-answered call, ${d.justifiedComplaints} justified ${d.justifiedComplaints === '1' ? 'complaint' : 'complaints'}`;
      case 'training.missingSession':
        return `${d.held} of ${d.required} training sessions held: ${plural(r.count, 'missing session')} × -5`;
      case 'qa.quotaShortfall':
        return `${d.sampled} sampled of a quota of ${d.quota} (${d.short} short): ${plural(r.count, d.rule === 'ceil' ? 'started ten' : 'full ten')} × -0.2`;
      case 'qa.scoringError':
        return `${plural(r.count, 'scoring error')} found on re-check × -0.5`;
      case 'connect.pending':
        return d.cause === 'no-data'
          ? '待定 / pending: no request at all in the month (no data): the connect rate is unknown'
          : `待定 / pending: the month still runs${d.monthToDatePercent === undefined ? '' : ` (${d.monthToDatePercent} % so far)`}: the month-end connect rate can still be anything`;
      case 'confidentiality.pending':
      case 'reporting.pending':
      case 'satisfaction.pending':
      case 'complaints.pending':
      case 'training.pending':
      case 'qa.pending':
        return `待定 / pending: unknown ${d.unknown ?? ''} (absent = unknown; give 0 for a confirmed zero)`;
    }
  })();
  return r.points === '0' ? text : `${text} (${pts})`;
}

function policyLine(policy: ScoringPolicy): string {
  const changed = Object.entries(nonDefaultPolicies(policy));
  return changed.length === 0 ? 'contract defaults' : changed.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

/** A range `lo – hi`, or the single value when both ends agree. */
const span = (lo: string, hi: string): string => (lo === hi ? lo : `${lo} – ${hi}`);

/** An item's points, or `待定 / pending lo – hi` for a pending item. */
export function itemPoints(it: Pick<ItemScore, 'points' | 'pointsMin' | 'pointsMax'>): string {
  return it.points ?? `待定 / pending ${span(it.pointsMin, it.pointsMax)}`;
}

/** The total and the coefficient, or `暂定 / provisional` with their ranges. */
export function totalLine(s: Pick<SheetTotals, 'total' | 'coefficient' | 'totalMin' | 'totalMax' | 'coefficientMin' | 'coefficientMax'>): string {
  if (s.total !== null && s.coefficient !== null) return `total ${s.total}   settlement coefficient ${s.coefficient}`;
  return `total 暂定 / provisional ${span(s.totalMin, s.totalMax)}   settlement coefficient ${span(s.coefficientMin, s.coefficientMax)}`;
}

function itemLines(items: readonly ItemScore[]): string[] {
  const lines = [`  ${'item'.padEnd(16)}${'points'.padStart(8)}${'max'.padStart(6)}  reasons`];
  for (const it of items) {
    const reasons = [...it.deductions, ...it.bonuses, ...it.notes].map(describeReason);
    const floor = it.flooredAtZero ? ['deductions exceed the maximum: floored at 0'] : [];
    const all = [...reasons, ...floor];
    lines.push(`  ${it.item.padEnd(16)}${itemPoints(it).padStart(8)}${it.max.padStart(6)}  ${ITEM_NAMES_ZH[it.item]}${all.length > 0 ? `: ${all.join('; ')}` : ''}`);
  }
  return lines;
}

const pctOrDash = (v: string | null): string => (v === null ? '—' : `${v} %`);

/** The readable month sheet. */
export function formatSheet(s: MonthScore): string {
  const lines = [
    `Month score (policy: ${policyLine(s.policy)})${s.provisional ? ` — PROVISIONAL 暂定: pending ${s.pendingItems.join(', ')} (unknown figures, never full marks)` : ''}`,
    `  connect rate    ${pctOrDash(s.rates.connectRatePercent).padStart(9)}  target >= 90 %   (${s.connect.connected} connected of ${s.connect.counted} counted; ${s.connect.excludedInOutage} in outage windows excluded)`,
    `  satisfaction    ${pctOrDash(s.rates.satisfactionPercent).padStart(9)}  target >= 95 %`,
    `  complaint rate  ${pctOrDash(s.rates.complaintRatePercent).padStart(9)}  limit <= 0.05 %`,
    `  QA quota        ${s.qaQuota.padStart(9)}  calls (1 % of agent-answered, rounded up)`,
    '',
    ...itemLines(s.items),
    '',
    `  ${totalLine(s)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The readable projection. */
export function formatProjection(p: MonthProjection): string {
  const f = p.forecast;
  const range = (name: string, r: MonthProjection['connectRate']): string =>
    r === null ? `  ${name.padEnd(15)} —` : `  ${name.padEnd(15)} mid ${r.mid} %   80 %: ${r.low80}–${r.high80}   95 %: ${r.low95}–${r.high95}   (sd ${r.sdPoints} points)`;
  const row = (label: string, v: Record<ScenarioName, string>): string => `  ${label.padEnd(15)} ${Object.entries(v).map(([k, x]) => `${k} ${x}`).join('   ')}`;
  const perScenario = (value: Record<ScenarioName, string | null>, lo: Record<ScenarioName, string>, hi: Record<ScenarioName, string>): Record<ScenarioName, string> =>
    Object.fromEntries(SCENARIOS.map((k) => [k, value[k] ?? span(lo[k], hi[k])])) as Record<ScenarioName, string>;
  const pending = p.scenarios.mid.pendingItems;
  const b = p.budget;
  const budget =
    b.status === 'secured'
      ? `secured: even losing all ${b.remainingRequests} expected requests keeps >= ${b.targetPercent} %`
      : b.status === 'unreachable'
        ? `unreachable: even connecting all ${b.remainingRequests} expected requests ends below ${b.targetPercent} %`
        : `${b.lostBudget} more of the ${b.remainingRequests} expected requests may be lost; the rest needs >= ${b.requiredRestConnectRatePercent ?? '—'} % connected (${b.requiredConnected} requests)`;
  const lines = [
    `Month-end projection (policy: ${policyLine(p.policy)})`,
    `  so far: connect ${pctOrDash(p.monthToDate.rates.connectRatePercent)}, ${totalLine(p.monthToDate)} if the month ended now`,
    `  forecast: ${f.remainingRequests} more requests (${f.volume} volume), connect fraction ${f.connectFraction} ± ${f.connectFractionSd}` +
      (f.derived.length > 0 ? `; from the month so far: ${f.derived.join(', ')}` : ''),
    range('connect rate', p.connectRate),
    range('satisfaction', p.satisfaction),
    range('complaint rate', p.complaintRate),
    `  P(connect rate stated >= 90.00 %) ${p.probabilityConnectOnTarget ?? '—'}`,
    row(p.provisional ? 'total (暂定)' : 'total', perScenario(p.total, p.totalMin, p.totalMax)),
    row(p.provisional ? 'coefficient (暂定)' : 'coefficient', perScenario(p.coefficient, p.coefficientMin, p.coefficientMax)),
    `  budget (${b.thresholdPercent} % rounds to ${b.targetPercent} %): ${budget}`,
    ...(pending.length > 0 ? [`  待定 / PENDING (unknown figures, given as ranges): ${pending.join(', ')}`] : []),
    '',
    'Mid scenario:',
    ...itemLines(p.scenarios.mid.items),
  ];
  return `${lines.join('\n')}\n`;
}
