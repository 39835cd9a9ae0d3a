/**
 * Hot topics (热点诉求): registered requests (ServiceRequest) counted per business type per local day, ISO week
 * (Monday to Sunday, in the hotline's zone) and month; the top topics of a period and how they moved against the
 * previous period of the same kind; the daily spike alarm; and the shift lead's repeat-caller worklist.
 *
 * Every request registered counts, whatever its status (`draft` or `done`): a request registered is a request a
 * citizen made. Requests are counted on their local day (`ServiceRequest.day`). Hot-topic answers carry no caller
 * data at all (the bureau reads them); the repeat-caller worklist (`requests.read`) shows callers masked only.
 */
import { z } from 'zod';
import { IsoInstant } from './common';
import { queryDay, queryOnce } from './query';

/** The periods hot topics are counted over: a local day, an ISO week (Monday..Sunday), a calendar month. */
export const HOT_TOPIC_PERIODS = ['day', 'week', 'month'] as const;
export const HotTopicPeriod = z.enum(HOT_TOPIC_PERIODS);
export type HotTopicPeriod = z.infer<typeof HotTopicPeriod>;

/**
 * How types are grouped: `top` rolls each second-level type up into its top-level parent; `leaf` keeps the type a
 * request was registered with (a request registered on a top-level type stays under it).
 */
export const HOT_TOPIC_LEVELS = ['top', 'leaf'] as const;
export const HotTopicLevel = z.enum(HOT_TOPIC_LEVELS);
export type HotTopicLevel = z.infer<typeof HotTopicLevel>;

/** The longest range `GET /api/hot-topics/series` answers, in days (`to` - `from` + 1). */
export const HOT_TOPIC_SERIES_MAX_DAYS = 400;

/** A local calendar day `YYYY-MM-DD`. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A percent with 2 decimals as a string, non-negative (`"12.50"`). */
const Percent = z.string().regex(/^\d+\.\d{2}$/);
/** A signed percent with 2 decimals as a string (`"-33.33"`, `"150.00"`). */
const SignedPercent = z.string().regex(/^-?\d+\.\d{2}$/);

/** Query of `GET /api/hot-topics`. */
export const HotTopicsQuery = z.strictObject({
  period: queryOnce(HotTopicPeriod).describe('day, week (ISO, Monday..Sunday) or month; default week.'),
  date: queryOnce(queryDay).describe('A local day YYYY-MM-DD (Asia/Shanghai) inside the period; default today.'),
  level: queryOnce(HotTopicLevel).describe('top (second-level types rolled up into their parent) or leaf; default top.'),
});
export type HotTopicsQuery = z.infer<typeof HotTopicsQuery>;

/** A span of local days, both ends inclusive. */
export const DayRange = z.strictObject({ from: Day, to: Day });
export type DayRange = z.infer<typeof DayRange>;

/**
 * One business type's count in a period against the previous period. A code no longer in the tree keeps its
 * requests: its names are then the code itself and `parentCode` is null.
 */
export const HotTopicView = z.strictObject({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  /** The top-level parent's code for a second-level type; null for a top-level type (always null at level `top`). */
  parentCode: z.string().nullable(),
  /** Requests registered in the period. */
  count: z.number().int().nonnegative(),
  /** count / total of the period × 100, 2 decimals (`"0.00"` when the period has no requests). */
  sharePercent: Percent.describe('count / total of the period × 100, 2 decimals.'),
  /** Requests registered in the previous period. */
  previousCount: z.number().int().nonnegative(),
  /** count - previousCount. */
  change: z.number().int(),
  /** (count - previousCount) / previousCount × 100, 2 decimals; null when previousCount is 0. */
  changePercent: SignedPercent.nullable().describe('(count - previousCount) / previousCount × 100, 2 decimals; null when previousCount is 0.'),
  /**
   * Rank in the period by count (1 = most; equal counts share a rank, the next rank skips: 1, 2, 2, 4); null when
   * count is 0 (a topic listed only because it had requests in the previous period).
   */
  rank: z.number().int().positive().nullable(),
  /** Rank in the previous period, the same way; null when previousCount is 0. */
  previousRank: z.number().int().positive().nullable(),
});
export type HotTopicView = z.infer<typeof HotTopicView>;

/**
 * Answer of `GET /api/hot-topics`: the period containing `date` and the previous one of the same kind (the day
 * before, the week before, the month before), their totals, and every type with requests in either, ordered by
 * rank (count descending, then previous count descending, then code).
 */
export const HotTopicsView = z.strictObject({
  period: HotTopicPeriod,
  level: HotTopicLevel,
  date: Day,
  /** The period's local days (inclusive). */
  from: Day,
  to: Day,
  /** The period's label: the day, `2026-W49` (ISO week), or `2026-12`. */
  label: z.string(),
  previous: DayRange.extend({ label: z.string() }),
  total: z.number().int().nonnegative(),
  previousTotal: z.number().int().nonnegative(),
  topics: z.array(HotTopicView),
  /** What is counted, in words (registered requests, drafts included). */
  basis: z.string(),
});
export type HotTopicsView = z.infer<typeof HotTopicsView>;

/** Query of `GET /api/hot-topics/series`: `from` not after `to`, at most {@link HOT_TOPIC_SERIES_MAX_DAYS} days. */
export const HotTopicSeriesQuery = z
  .strictObject({
    from: queryDay.describe('First local day YYYY-MM-DD.'),
    to: queryDay.describe(`Last local day YYYY-MM-DD (inclusive), at most ${HOT_TOPIC_SERIES_MAX_DAYS} days after from.`),
    granularity: queryOnce(HotTopicPeriod).describe('day, week or month buckets; default day.'),
    level: queryOnce(HotTopicLevel).describe('top or leaf; default top.'),
  })
  .superRefine((q, ctx) => {
    if (!queryDay.safeParse(q.from).success || !queryDay.safeParse(q.to).success) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else {
      const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 + 1;
      if (days > HOT_TOPIC_SERIES_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${HOT_TOPIC_SERIES_MAX_DAYS} days from from to to` });
    }
  });
export type HotTopicSeriesQuery = z.infer<typeof HotTopicSeriesQuery>;

/** One bucket of a series: its key (the day, `2026-W49`, `2026-12`) and its local days (inclusive). */
export const HotTopicBucket = DayRange.extend({ key: z.string() });
export type HotTopicBucket = z.infer<typeof HotTopicBucket>;

/** One type's counts, one per bucket (aligned with `buckets`), and their sum. */
export const HotTopicSeriesLine = z.strictObject({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  counts: z.array(z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
});
export type HotTopicSeriesLine = z.infer<typeof HotTopicSeriesLine>;

/**
 * Answer of `GET /api/hot-topics/series`: buckets from the one containing `from` to the one containing `to`, each
 * counting only the days of `from`..`to` (a first or last week or month may be partial: its `from`/`to` say which
 * days it holds); one line per type with requests in the range, by total descending then code; `totals` per bucket.
 */
export const HotTopicSeries = z.strictObject({
  granularity: HotTopicPeriod,
  level: HotTopicLevel,
  from: Day,
  to: Day,
  buckets: z.array(HotTopicBucket),
  lines: z.array(HotTopicSeriesLine),
  totals: z.array(z.number().int().nonnegative()),
});
export type HotTopicSeries = z.infer<typeof HotTopicSeries>;

/** Query of `GET /api/hot-topics/spikes`. */
export const HotTopicSpikesQuery = z.strictObject({
  date: queryOnce(queryDay).describe('The local day YYYY-MM-DD to check; default today.'),
  level: queryOnce(HotTopicLevel).describe('top or leaf; default leaf.'),
});
export type HotTopicSpikesQuery = z.infer<typeof HotTopicSpikesQuery>;

/** One type on the day checked: its count, its baseline, the threshold and whether the alarm fired. */
export const HotTopicSpikeView = z.strictObject({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  /** Requests registered that day. */
  count: z.number().int().nonnegative(),
  /** Mean requests per day over the 28 days before, as counted (4 decimals, a string). */
  trailingMean: z.string().regex(/^\d+\.\d{4}$/),
  /** The Poisson mean used: max(trailingMean, the floor), 4 decimals. */
  baselineMean: z.string().regex(/^\d+\.\d{4}$/),
  /** The 99th percentile of Poisson(baselineMean): the smallest k with P(X ≤ k) ≥ 0.99. */
  threshold: z.number().int().nonnegative(),
  /** count > threshold and count ≥ the minimum count. */
  fired: z.boolean(),
});
export type HotTopicSpikeView = z.infer<typeof HotTopicSpikeView>;

/**
 * Answer of `GET /api/hot-topics/spikes`: the rule in words and its parameters, the baseline days, and every type
 * with requests on the day or in its baseline, fired ones first (then count descending, then code).
 */
export const HotTopicSpikes = z.strictObject({
  date: Day,
  level: HotTopicLevel,
  /** The rule, in words. */
  rule: z.string(),
  /** The days the baseline mean is taken over (the 28 days before `date`). */
  baseline: DayRange,
  /** The percentile of the rule (0.99). */
  quantile: z.number(),
  /** The least baseline mean used (a quiet or new topic is compared with Poisson(floor)). */
  meanFloor: z.number(),
  /** The least count that may fire. */
  minCount: z.number().int(),
  topics: z.array(HotTopicSpikeView),
  /** How many fired. */
  fired: z.number().int().nonnegative(),
});
export type HotTopicSpikes = z.infer<typeof HotTopicSpikes>;

/** The windows of the repeat-caller worklist: 2 hours or 24 hours. */
export const REPEAT_CALLER_WINDOWS = ['2h', '24h'] as const;
export const RepeatCallerWindow = z.enum(REPEAT_CALLER_WINDOWS);
export type RepeatCallerWindow = z.infer<typeof RepeatCallerWindow>;

/** Query of `GET /api/repeat-callers`. */
export const RepeatCallersQuery = z.strictObject({
  date: queryOnce(queryDay).describe('The local day YYYY-MM-DD whose calls are checked; default today.'),
  window: queryOnce(RepeatCallerWindow).describe('2h or 24h; default 24h.'),
});
export type RepeatCallersQuery = z.infer<typeof RepeatCallersQuery>;

/** One call of a repeat caller (the ledger's call). */
export const RepeatCallerCall = z.strictObject({
  callId: z.string(),
  offeredAt: IsoInstant,
  /** The ledger's outcome: answered, ivr, abandoned, pending. */
  outcome: z.string(),
  agentId: z.string().nullable(),
});
export type RepeatCallerCall = z.infer<typeof RepeatCallerCall>;

/** One request registered for a repeat caller (same keyed hash, or on one of the calls listed). */
export const RepeatCallerRequest = z.strictObject({
  id: z.number().int(),
  receivedAt: IsoInstant,
  callId: z.string().nullable(),
  businessTypeCode: z.string(),
  businessTypeNameZh: z.string(),
  businessTypeNameEn: z.string(),
  summary: z.string(),
  /** answered, referred, work_order, complaint; null while a draft has none. */
  outcome: z.string().nullable(),
  /** draft or done. */
  status: z.string(),
});
export type RepeatCallerRequest = z.infer<typeof RepeatCallerRequest>;

/**
 * One repeat caller: never the number in clear. `caller` is the masked number (null when the Caller table has no
 * row for the hash), `callerRef` the first 12 hex digits of the keyed hash (as on the calls page).
 */
export const RepeatCallerView = z.strictObject({
  callerRef: z.string().regex(/^[0-9a-f]{12}$/),
  caller: z.string().nullable(),
  /** The most calls of this caller inside one window, the window ending at one of the day's calls (≥ 2). */
  maxCallsInWindow: z.number().int().min(2),
  /** The caller's calls from the start of the day minus the window to the end of the day, newest first. */
  calls: z.array(RepeatCallerCall),
  /** Requests registered for the caller over the same span, newest first. */
  requests: z.array(RepeatCallerRequest),
  lastCallAt: IsoInstant,
});
export type RepeatCallerView = z.infer<typeof RepeatCallerView>;

/**
 * Answer of `GET /api/repeat-callers`: callers with 2 or more calls (the ledger's calls, matched on the
 * keyed hash `Call.callerId`) within `window`, the later call on `date` (the earlier may be the day before); newest
 * last call first.
 */
export const RepeatCallers = z.strictObject({
  date: Day,
  window: RepeatCallerWindow,
  /** The span looked at: start of the day minus the window, to the end of the day (UTC instants). */
  spanFrom: IsoInstant,
  spanTo: IsoInstant,
  callers: z.array(RepeatCallerView),
});
export type RepeatCallers = z.infer<typeof RepeatCallers>;
