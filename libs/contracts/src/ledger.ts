/**
 * The ledger's KPI reports (`GET /api/kpi`): the same engine as the live floor (libs/kpi), over any local days.
 * Rates are percent strings with 2 decimals (exact, half-up), null with an empty denominator; times in seconds.
 */
import { z } from 'zod';
import type { AgentKpi as LibAgentKpi, BusinessTypeKpi as LibBusinessTypeKpi, KpiReport as LibKpiReport, KpiSummary as LibKpiSummary } from '@hotline/kpi';
import type { Assert } from './check';
import { queryDay } from './query';

/** Query of `GET /api/kpi`: local days `from`..`to` (inclusive), `YYYY-MM-DD`, `from` not after `to`. */
export const KpiQuery = z
  .strictObject({ from: queryDay, to: queryDay })
  .refine((q) => !queryDay.safeParse(q.from).success || !queryDay.safeParse(q.to).success || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type KpiQuery = z.infer<typeof KpiQuery>;

/** A percent with 2 decimals as a string (`"92.50"`), or null when its denominator is 0. */
export const PercentOrNull = z.string().regex(/^\d+\.\d{2}$/).nullable();

/**
 * The KPIs of a period (libs/kpi KpiSummary): counts of requests and outcomes, connect rate, service level,
 * abandon rate and satisfaction (percent strings), ASA and AHT (seconds, 1 decimal, null without calls).
 */
export const KpiSummary = z.strictObject({
  requests: z.number().int(),
  agentAnswered: z.number().int(),
  ivrAnswered: z.number().int(),
  abandoned: z.number().int(),
  abandonedInQueue: z.number().int(),
  abandonedInIvr: z.number().int(),
  pending: z.number().int(),
  excludedOutage: z.number().int(),
  excludedShortIvr: z.number().int(),
  connectRate: PercentOrNull,
  serviceLevel: PercentOrNull,
  abandonRate: PercentOrNull,
  asaSeconds: z.number().nullable(),
  ahtSeconds: z.number().nullable(),
  surveyResponses: z.number().int(),
  satisfaction: PercentOrNull,
});
export type KpiSummary = z.infer<typeof KpiSummary>;

/** One agent's KPIs over a period: answered calls, AHT (seconds, 1 decimal) and talk time (seconds). */
export const AgentKpi = z.strictObject({ agentId: z.string(), agentAnswered: z.number().int(), ahtSeconds: z.number().nullable(), talkSeconds: z.number() });

/**
 * One business type's KPIs (业务类型, libs/kpi BusinessTypeKpi): a top-level row (`level` 1) counts its own calls and
 * its children's (the top-level rows sum to the totals); a child row (`level` 2) its own. Names null for a code the
 * tree does not hold.
 */
export const BusinessTypeKpi = KpiSummary.extend({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.union([z.literal(1), z.literal(2)]),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
});
export type BusinessTypeKpi = z.infer<typeof BusinessTypeKpi>;

/** Answer of `GET /api/kpi`: the period's KPIs, per local day, per agent (most calls first) and per business type (tree order). */
export const KpiReport = KpiSummary.extend({
  timeZone: z.string(),
  days: z.array(KpiSummary.extend({ date: z.string() })),
  agents: z.array(AgentKpi),
  byBusinessType: z.array(BusinessTypeKpi),
});
export type KpiReport = z.infer<typeof KpiReport>;

// drift checks (see check.ts)
type _KpiSummaryIn = Assert<LibKpiSummary, z.input<typeof KpiSummary>>;
type _KpiSummaryOut = Assert<z.output<typeof KpiSummary>, LibKpiSummary>;
type _AgentKpiIn = Assert<LibAgentKpi, z.input<typeof AgentKpi>>;
type _AgentKpiOut = Assert<z.output<typeof AgentKpi>, LibAgentKpi>;
type _BusinessTypeKpiIn = Assert<LibBusinessTypeKpi, z.input<typeof BusinessTypeKpi>>;
type _BusinessTypeKpiOut = Assert<z.output<typeof BusinessTypeKpi>, LibBusinessTypeKpi>;
type _KpiReportIn = Assert<LibKpiReport, z.input<typeof KpiReport>>;
type _KpiReportOut = Assert<z.output<typeof KpiReport>, LibKpiReport>;
