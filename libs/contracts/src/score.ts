/**
 * The contract's score over the ledger (`GET /api/score/month`, `GET /api/score/year`): the 100-point sheet with the
 * reason for every point, the projection and budget while the month runs, the contract year. Every figure the
 * scoring library computes exactly is a decimal string (`"92.50"`, `"98.8"`); counts a client gives may be numbers.
 */
import { z } from 'zod';
import {
  REGISTER_ITEMS,
  ITEM_NAMES,
  POLICY_OPTIONS,
  SCENARIOS,
  type ForecastBasis as LibForecastBasis,
  type ItemScore as LibItemScore,
  type MonthProjection as LibMonthProjection,
  type MonthReport as LibMonthReport,
  type MonthScore as LibMonthScore,
  type QuarterResult as LibQuarterResult,
  type ScoreInput as LibScoreInput,
  type ScoringPolicy as LibScoringPolicy,
  type ScenarioScore as LibScenarioScore,
  type YearReport as LibYearReport,
  type YearResult as LibYearResult,
} from '@hotline/scoring';
import type { Assert } from './check';
import { IsoInstant } from './common';
import { queryInt, queryMonth } from './query';

/** Query of `GET /api/score/month`: `month=YYYY-MM` (1990..2100). */
export const MonthQuery = z.strictObject({ month: queryMonth });
export type MonthQuery = z.infer<typeof MonthQuery>;

/** Query of `GET /api/score/year`: `year=YYYY` (1990..2100), required. */
export const YearQuery = z.strictObject({
  year: queryInt(1990, 2100).pipe(z.number({ error: 'expected a year' })),
});
export type YearQuery = z.infer<typeof YearQuery>;

/** A decimal string (`"92.5"`, `"-3"`). */
const Dec = z.string().regex(/^-?\d+(\.\d+)?$/);
/** A count as the scoring library takes it: a non-negative whole number, or its digits. */
const Count = z.union([z.number(), z.string()]);

/** An item of the 100-point sheet. */
export const ItemName = z.enum(ITEM_NAMES);
/** An item scored from register figures: pending (unknown) until its register is closed. */
export const RegisterItem = z.enum(REGISTER_ITEMS);

/**
 * The month's figures the sheet is scored from (libs/scoring ScoreInput): counts; an absent call-feed count is 0,
 * an absent register count is unknown (its item pending).
 */
export const ScoreInput = z.strictObject({
  requests: Count.optional(),
  agentAnswered: Count.optional(),
  ivrAnswered: Count.optional(),
  requestsInOutage: Count.optional(),
  connectedInOutage: Count.optional(),
  shortIvrHangups: Count.optional(),
  veryOrBasicallySatisfied: Count.optional(),
  surveyResponses: Count.optional(),
  justifiedComplaints: Count.optional(),
  trainingSessions: Count.optional(),
  qaSampled: Count.optional(),
  qaErrorsFound: Count.optional(),
  reportsLate: Count.optional(),
  reportItemsMissing: Count.optional(),
  selfAssessmentLate: Count.optional(),
  selfAssessmentUntruthful: Count.optional(),
  confidentialityBreaches: Count.optional(),
  confidentialityBreachesWithConsequences: Count.optional(),
  daily: z
    .array(
      z.strictObject({
        requests: Count.optional(),
        agentAnswered: Count.optional(),
        ivrAnswered: Count.optional(),
        requestsInOutage: Count.optional(),
        connectedInOutage: Count.optional(),
        shortIvrHangups: Count.optional(),
      }),
    )
    .optional(),
});

/** The readings of the contract's ambiguous clauses (libs/scoring POLICY_OPTIONS), one value each. */
export const ScoringPolicy = z.strictObject({
  connectShortfall: z.enum(POLICY_OPTIONS.connectShortfall),
  satisfactionShortfall: z.enum(POLICY_OPTIONS.satisfactionShortfall),
  complaintExcess: z.enum(POLICY_OPTIONS.complaintExcess),
  qaShortfall: z.enum(POLICY_OPTIONS.qaShortfall),
  bonus: z.enum(POLICY_OPTIONS.bonus),
  confidentialityConsequences: z.enum(POLICY_OPTIONS.confidentialityConsequences),
  connectAggregation: z.enum(POLICY_OPTIONS.connectAggregation),
  shortIvrHangups: z.enum(POLICY_OPTIONS.shortIvrHangups),
  noRequests: z.enum(POLICY_OPTIONS.noRequests),
  noSurveyResponses: z.enum(POLICY_OPTIONS.noSurveyResponses),
  noAgentCalls: z.enum(POLICY_OPTIONS.noAgentCalls),
  totalCap: z.enum(POLICY_OPTIONS.totalCap),
  quarter: z.enum(POLICY_OPTIONS.quarter),
});

/** The stable code of a deduction, bonus or note (libs/scoring ReasonCode), for translation. */
export const ReasonCode = z.union([
  z.enum([
    'confidentiality.breach',
    'confidentiality.consequences',
    'reporting.reportLate',
    'reporting.itemMissing',
    'reporting.selfAssessmentLate',
    'reporting.selfAssessmentUntruthful',
    'connect.shortfall',
    'connect.bonus',
    'connect.noRequests',
    'connect.pending',
    'satisfaction.shortfall',
    'satisfaction.bonus',
    'satisfaction.noResponses',
    'complaints.excess',
    'complaints.noAgentCalls',
    'training.missingSession',
    'qa.quotaShortfall',
    'qa.scoringError',
  ]),
  z.templateLiteral([RegisterItem, '.pending']),
]);

/**
 * One reason on an item: its code, how many times it applied (null: proportional), its signed points and the
 * numbers behind it; `pending: true` on the `<item>.pending` note of an item with unknown figures
 * (`detail.unknown`: the unknown fields, comma-separated). `connect.pending`: the month's call feed is not final
 * (`detail.cause` `month-running` or `no-data`, `detail.monthToDatePercent` the rate so far when there is one).
 */
export const Reason = z.strictObject({
  code: ReasonCode,
  count: z.number().int().nullable(),
  points: Dec,
  detail: z.record(z.string(), z.string()),
  pending: z.literal(true).optional(),
});

/**
 * One item of the sheet: points (bonus included; null while pending), the range it can still become
 * (`pointsMin`..`pointsMax`, equal to `points` when known), pending, maximum, bonus, the reasons, floored at 0.
 */
export const ItemScore = z.strictObject({
  item: ItemName,
  nameZh: z.string(),
  points: Dec.nullable(),
  pointsMin: Dec,
  pointsMax: Dec,
  pending: z.boolean(),
  max: Dec,
  bonus: Dec,
  deductions: z.array(Reason),
  bonuses: z.array(Reason),
  notes: z.array(Reason),
  flooredAtZero: z.boolean(),
});

/** The KPI percents of a month (connect and satisfaction 2 decimals, complaint rate 3), null with an empty denominator. */
export const MonthRates = z.strictObject({ connectRatePercent: Dec.nullable(), satisfactionPercent: Dec.nullable(), complaintRatePercent: Dec.nullable() });

/**
 * The total and coefficient of a sheet (libs/scoring SheetTotals): null while provisional (some item pending),
 * with the range they can still become (equal to them when final) and the pending items.
 */
const sheetTotals = {
  total: Dec.nullable(),
  coefficient: Dec.nullable(),
  provisional: z.boolean(),
  totalMin: Dec,
  totalMax: Dec,
  coefficientMin: Dec,
  coefficientMax: Dec,
  pendingItems: z.array(ItemName),
};

/** A month's sheet (libs/scoring MonthScore): items, rates, QA quota, the connect rate's basis, total and coefficient (or their range), policy. */
export const MonthScore = z.strictObject({
  items: z.array(ItemScore),
  rates: MonthRates,
  qaQuota: Dec,
  connect: z.strictObject({
    connected: Dec,
    counted: Dec,
    excludedInOutage: Dec,
    excludedShortIvr: Dec,
    aggregation: ScoringPolicy.shape.connectAggregation,
    daysCounted: z.number().int().nullable(),
  }),
  ...sheetTotals,
  policy: ScoringPolicy,
});

/** A KPI's projected month-end value (percent) with its 80 % and 95 % intervals and its standard deviation (points). */
export const RateRange = z.strictObject({ mid: Dec, low80: Dec, high80: Dec, low95: Dec, high95: Dec, sdPoints: Dec });

/** A scenario of the projection (`low95` ... `high95`). */
export const ScenarioName = z.enum(SCENARIOS);

/** One scenario scored on the sheet (pending items and a total range where register figures are unknown). */
export const ScenarioScore = z.strictObject({ rates: MonthRates, qaQuota: Dec, items: z.array(ItemScore), ...sheetTotals });

/** The connect-rate budget: how many of the remaining requests may be lost with the month still at the target (decimal strings). */
export const ConnectBudget = z.strictObject({
  targetPercent: Dec,
  thresholdPercent: Dec,
  connected: Dec,
  counted: Dec,
  remainingRequests: Dec,
  lostBudget: Dec,
  status: z.enum(['secured', 'open', 'unreachable']),
  requiredConnected: Dec,
  requiredRestConnectRatePercent: Dec.nullable(),
});

/** The projected month end (libs/scoring MonthProjection). */
export const MonthProjection = z.strictObject({
  monthToDate: MonthScore,
  forecast: z.strictObject({
    remainingRequests: Dec,
    connectFraction: Dec,
    connectFractionSd: Dec,
    volume: z.enum(['poisson', 'fixed']),
    agentShare: Dec,
    surveysPerAgentAnswered: Dec.nullable(),
    satisfiedFraction: Dec.nullable(),
    complaintsPerAgentAnswered: Dec.nullable(),
    derived: z.array(z.string()),
  }),
  expected: z.strictObject({ counted: Dec, connected: Dec, agentAnswered: Dec, surveyResponses: Dec.nullable(), satisfied: Dec.nullable(), justifiedComplaints: Dec.nullable() }),
  connectRate: RateRange.nullable(),
  satisfaction: RateRange.nullable(),
  complaintRate: RateRange.nullable(),
  probabilityConnectOnTarget: Dec.nullable(),
  scenarios: z.record(ScenarioName, ScenarioScore),
  total: z.record(ScenarioName, Dec.nullable()),
  coefficient: z.record(ScenarioName, Dec.nullable()),
  provisional: z.boolean(),
  totalMin: z.record(ScenarioName, Dec),
  totalMax: z.record(ScenarioName, Dec),
  coefficientMin: z.record(ScenarioName, Dec),
  coefficientMax: z.record(ScenarioName, Dec),
  budget: ConnectBudget,
  policy: ScoringPolicy,
});

/** What the rest-of-month forecast stands on: the same weekdays of the history (`days`, `from`..`to`), or nothing. */
export const ForecastBasis = z.strictObject({
  code: z.enum(['same-weekday', 'no-history']),
  days: z.number().int(),
  from: z.string().optional(),
  to: z.string().optional(),
  spreadAssumed: z.boolean().optional(),
});

/** A local day `YYYY-MM-DD`. */
const DayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Answer of `GET /api/score/month`: the sheet so far (provisional, with its range, while some register is not
 * closed), the days missing from the ledger, and while the month runs its projection and budget.
 */
export const MonthReport = z.strictObject({
  month: z.string(),
  /** The feed clock the figures are taken at. */
  asOf: IsoInstant,
  complete: z.boolean(),
  /** Some item is pending: the score is a range. */
  provisional: z.boolean(),
  /** The items with unknown figures: a register not closed; connect (and complaints, QA) while the month runs or has no data. */
  pendingItems: z.array(ItemName),
  /** Local days of the month up to the feed clock's day with no request in the ledger. */
  missingDays: z.array(DayKey),
  /** 参评率: survey responses / agent-answered calls, percent (2 decimals); null while satisfaction is pending. */
  surveyRatePercent: Dec.nullable(),
  figures: ScoreInput,
  score: MonthScore,
  projection: MonthProjection.nullable(),
  forecastBasis: ForecastBasis.nullable(),
});
export type MonthReport = z.infer<typeof MonthReport>;

/**
 * A quarter's settlement: the policy, months counted, mean score, each month's coefficient and the quarter's; null
 * while provisional (a month not final), with the range they can still become.
 */
export const QuarterResult = z.strictObject({
  basis: ScoringPolicy.shape.quarter,
  months: z.number().int(),
  provisional: z.boolean(),
  meanScore: Dec.nullable(),
  meanScoreMin: Dec,
  meanScoreMax: Dec,
  monthlyCoefficients: z.array(Dec.nullable()),
  coefficient: Dec.nullable(),
  coefficientMin: Dec,
  coefficientMax: Dec,
});

/** The contract year so far: months scored, at least 90, below 90, remaining; the excellent grade and renewal. */
export const YearResult = z.strictObject({
  monthsScored: z.number().int(),
  monthsAtLeast90: z.number().int(),
  monthsBelow90: z.number().int(),
  monthsUndecided: z.number().int(),
  monthsRemaining: z.number().int(),
  provisional: z.boolean(),
  excellent: z.boolean(),
  stillPossible: z.boolean(),
  monthsBelow90Allowed: z.number().int(),
  renewalEligible: z.boolean(),
});

/**
 * Answer of `GET /api/score/year`: each month from the first with data up to the feed clock's, scored as
 * `GET /api/score/month` scores it (total and coefficient null while provisional, with their range; the running
 * month's connect item pending; days missing from the ledger), the quarters' settlement (from those ranges, the
 * months to come open) and the contract year's grade.
 */
export const YearReport = z.strictObject({
  year: z.number().int(),
  months: z.array(
    z.strictObject({
      month: z.string(),
      complete: z.boolean(),
      requests: z.number().int(),
      connectRatePercent: Dec.nullable(),
      total: Dec.nullable(),
      coefficient: Dec.nullable(),
      provisional: z.boolean(),
      totalMin: Dec,
      totalMax: Dec,
      coefficientMin: Dec,
      coefficientMax: Dec,
      missingDays: z.number().int().min(0),
    }),
  ),
  contractYear: YearResult,
  quarters: z.array(QuarterResult.extend({ quarter: z.number().int().min(1).max(4), complete: z.boolean(), missingDays: z.number().int().min(0) })),
});
export type YearReport = z.infer<typeof YearReport>;

// drift checks (see check.ts)
type _ScoreInputIn = Assert<LibScoreInput, z.input<typeof ScoreInput>>;
type _ScoreInputOut = Assert<z.output<typeof ScoreInput>, LibScoreInput>;
type _PolicyIn = Assert<LibScoringPolicy, z.input<typeof ScoringPolicy>>;
type _PolicyOut = Assert<z.output<typeof ScoringPolicy>, LibScoringPolicy>;
type _ItemScoreIn = Assert<LibItemScore, z.input<typeof ItemScore>>;
type _ItemScoreOut = Assert<z.output<typeof ItemScore>, LibItemScore>;
type _MonthScoreIn = Assert<LibMonthScore, z.input<typeof MonthScore>>;
type _MonthScoreOut = Assert<z.output<typeof MonthScore>, LibMonthScore>;
type _ScenarioIn = Assert<LibScenarioScore, z.input<typeof ScenarioScore>>;
type _ScenarioOut = Assert<z.output<typeof ScenarioScore>, LibScenarioScore>;
type _ProjectionIn = Assert<LibMonthProjection, z.input<typeof MonthProjection>>;
type _ProjectionOut = Assert<z.output<typeof MonthProjection>, LibMonthProjection>;
type _BasisIn = Assert<LibForecastBasis, z.input<typeof ForecastBasis>>;
type _BasisOut = Assert<z.output<typeof ForecastBasis>, LibForecastBasis>;
type _MonthReportIn = Assert<LibMonthReport, z.input<typeof MonthReport>>;
type _MonthReportOut = Assert<z.output<typeof MonthReport>, LibMonthReport>;
type _QuarterIn = Assert<LibQuarterResult, z.input<typeof QuarterResult>>;
type _QuarterOut = Assert<z.output<typeof QuarterResult>, LibQuarterResult>;
type _YearResultIn = Assert<LibYearResult, z.input<typeof YearResult>>;
type _YearResultOut = Assert<z.output<typeof YearResult>, LibYearResult>;
type _YearReportIn = Assert<LibYearReport, z.input<typeof YearReport>>;
type _YearReportOut = Assert<z.output<typeof YearReport>, LibYearReport>;
