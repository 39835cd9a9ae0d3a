/**
 * The month's figures as the scoring library takes them, and their validation. All fields are counts
 * (non-negative integers, as JSON numbers or digit strings). A call-feed field that is absent is 0; a register
 * field that is absent is *unknown* (an explicit 0 is a confirmed zero): its item is pending (contract.md,
 * score-cases.json: "An absent register field means unknown ... never full marks").
 */
import { ScoringError } from './errors';

/** The items of the 100-point sheet, in the sheet's order. */
export const ITEM_NAMES = ['confidentiality', 'reporting', 'connect', 'satisfaction', 'complaints', 'training', 'qa'] as const;
/** An item of the 100-point sheet. */
export type ItemName = (typeof ITEM_NAMES)[number];

/**
 * The items whose figures come from a register (not from the call feed) and can therefore be *pending*
 * (unknown until the register is closed): every item but `connect`.
 */
export const REGISTER_ITEMS = ['confidentiality', 'reporting', 'satisfaction', 'complaints', 'training', 'qa'] as const;
/** An item scored from register figures. */
export type RegisterItem = (typeof REGISTER_ITEMS)[number];

/** The call-feed fields of {@link ScoreInput}: absent means 0. */
export const FEED_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'requestsInOutage', 'connectedInOutage', 'shortIvrHangups'] as const;
/** A call-feed field. */
export type FeedField = (typeof FEED_FIELDS)[number];

/** The register fields of {@link ScoreInput}: absent means unknown, an explicit 0 is a confirmed zero. */
export const REGISTER_FIELDS = [
  'veryOrBasicallySatisfied',
  'surveyResponses',
  'justifiedComplaints',
  'trainingSessions',
  'qaSampled',
  'qaErrorsFound',
  'reportsLate',
  'reportItemsMissing',
  'selfAssessmentLate',
  'selfAssessmentUntruthful',
  'confidentialityBreaches',
  'confidentialityBreachesWithConsequences',
] as const;
/** A register field. */
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/**
 * The register fields each item is scored from (besides the feed): an item with any of them unknown is pending.
 * `connect` has none (it comes from the call feed only).
 */
export const ITEM_FIELDS: Readonly<Record<ItemName, readonly RegisterField[]>> = Object.freeze({
  confidentiality: ['confidentialityBreaches', 'confidentialityBreachesWithConsequences'],
  reporting: ['reportsLate', 'reportItemsMissing', 'selfAssessmentLate', 'selfAssessmentUntruthful'],
  connect: [],
  satisfaction: ['veryOrBasicallySatisfied', 'surveyResponses'],
  complaints: ['justifiedComplaints'],
  training: ['trainingSessions'],
  qa: ['qaSampled', 'qaErrorsFound'],
});

/** A count as accepted on input: a non-negative safe integer, or a string of decimal digits. */
export type Count = number | string;

/** The connect-rate counts of one day, for the `mean-of-daily` aggregation. Same meanings as in {@link ScoreInput}. */
export interface DailyConnectInput {
  requests?: Count;
  agentAnswered?: Count;
  ivrAnswered?: Count;
  requestsInOutage?: Count;
  connectedInOutage?: Count;
  shortIvrHangups?: Count;
}

/**
 * One month's figures (or month-to-date figures). Every field is a count.
 *
 * Call feed (connect rate 热线接通率, 人工/IVR接通量, 总请求量) — absent means 0:
 * - `requests`: every request that reached the hotline in the month (总请求量), including those in outage windows.
 * - `agentAnswered`: requests answered by an agent (人工接通量 / 人工接话量), including those in outage windows.
 * - `ivrAnswered`: requests completed in IVR self-service without asking for an agent (IVR接通量), not
 *   counting short IVR hang-ups.
 * - `requestsInOutage`, `connectedInOutage`: requests that arrived inside an outage window caused by an
 *   external fault (外部因素导致系统中断), and how many of those were connected (agent or IVR); both are
 *   removed from the connect rate (and only from it).
 * - `shortIvrHangups`: requests outside outage windows whose caller hung up in the IVR within the short
 *   threshold before choosing anything; part of `requests`, not of `ivrAnswered`. Policy `shortIvrHangups`.
 * - `daily` (optional): the connect-rate counts per day, needed only for `connectAggregation: 'mean-of-daily'`;
 *   their sums must equal the month's fields.
 *
 * Registers ({@link REGISTER_FIELDS}) — absent (or JSON `null`) means *unknown*, an explicit 0 is a confirmed
 * zero; an item with an unknown field is pending (see {@link ITEM_FIELDS}):
 * - surveys and complaints: `veryOrBasicallySatisfied` (非常满意 + 基本满意, at most `surveyResponses`),
 *   `surveyResponses` (总参评量), `justifiedComplaints` (有责投诉数量, adjudicated in the month);
 * - `trainingSessions` (专项培训 with sign-in records), `qaSampled` (recordings sampled and scored by QA),
 *   `qaErrorsFound` (scoring errors the bureau found on re-check), `reportsLate` (monthly operations report late,
 *   per time), `reportItemsMissing` (required content missing, per time), `selfAssessmentLate` (monthly
 *   self-assessment form late), `selfAssessmentUntruthful` (per time), `confidentialityBreaches` (every breach of
 *   the confidentiality rules in the month, including those with bad consequences),
 *   `confidentialityBreachesWithConsequences` (those of them with bad consequences; at most
 *   `confidentialityBreaches`).
 *
 * @example
 * const input: ScoreInput = { requests: 20000, agentAnswered: 12000, ivrAnswered: 6500, surveyResponses: 5000,
 *   veryOrBasicallySatisfied: 4850, justifiedComplaints: 5, trainingSessions: 2, qaSampled: 120, qaErrorsFound: 0,
 *   reportsLate: 0, reportItemsMissing: 0, selfAssessmentLate: 0, selfAssessmentUntruthful: 0,
 *   confidentialityBreaches: 0, confidentialityBreachesWithConsequences: 0 };
 */
export interface ScoreInput {
  requests?: Count;
  agentAnswered?: Count;
  ivrAnswered?: Count;
  requestsInOutage?: Count;
  connectedInOutage?: Count;
  shortIvrHangups?: Count;
  veryOrBasicallySatisfied?: Count;
  surveyResponses?: Count;
  justifiedComplaints?: Count;
  trainingSessions?: Count;
  qaSampled?: Count;
  qaErrorsFound?: Count;
  reportsLate?: Count;
  reportItemsMissing?: Count;
  selfAssessmentLate?: Count;
  selfAssessmentUntruthful?: Count;
  confidentialityBreaches?: Count;
  confidentialityBreachesWithConsequences?: Count;
  daily?: DailyConnectInput[];
}

/** The register fields of a month as a register source gives them: each one present is known, absent unknown. */
export type RegisterFigures = Partial<Pick<ScoreInput, RegisterField>>;

/** The count fields of {@link ScoreInput}, in documented order (the feed's, then the registers'). */
export const COUNT_FIELDS = [...FEED_FIELDS, ...REGISTER_FIELDS] as const;
/** A count field of {@link ScoreInput}. */
export type CountField = (typeof COUNT_FIELDS)[number];

const DAILY_FIELDS = FEED_FIELDS;
type DailyField = FeedField;

/** Every field name {@link ScoreInput} accepts. */
export const INPUT_FIELDS: readonly string[] = [...COUNT_FIELDS, 'daily'];

/**
 * A validated {@link ScoreInput}: every feed count present as a safe integer (absent -> 0), every register count
 * a safe integer or `null` (unknown).
 */
export type NormalizedScoreInput = Record<FeedField, number> &
  Record<RegisterField, number | null> & {
    daily: Record<DailyField, number>[] | null;
  };

/** A {@link NormalizedScoreInput} with every register count known (internal: what an item is scored from). */
export type KnownScoreInput = Record<CountField, number> & { daily: Record<DailyField, number>[] | null };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one count: a non-negative safe integer or a digit string.
 * @throws {ScoringError} `not-a-number`, `not-an-integer`, `negative`, `out-of-range` (above 2^53 - 1).
 */
export function readCount(value: unknown, field: string): number {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) {
    n = Number(value);
  } else {
    throw new ScoringError('not-a-number', field, `must be a count (a non-negative integer), got ${JSON.stringify(value)}`);
  }
  if (!Number.isFinite(n)) throw new ScoringError('not-a-number', field, `must be a finite count, got ${String(value)}`);
  if (n < 0) throw new ScoringError('negative', field, `must not be negative, got ${String(value)}`);
  if (!Number.isInteger(n)) throw new ScoringError('not-an-integer', field, `must be a whole number, got ${String(value)}`);
  if (!Number.isSafeInteger(n)) throw new ScoringError('out-of-range', field, `is too large (${String(value)})`);
  return n;
}

function checkKnownFields(obj: Record<string, unknown>, fields: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!fields.includes(key)) throw new ScoringError('unknown-field', `${prefix}${key}`, `unknown field; known: ${fields.join(', ')}`);
  }
}

function readCounts<F extends string>(obj: Record<string, unknown>, fields: readonly F[], prefix: string): Record<F, number> {
  const out = {} as Record<F, number>;
  for (const f of fields) out[f] = obj[f] === undefined ? 0 : readCount(obj[f], `${prefix}${f}`);
  return out;
}

function readOptionalCounts<F extends string>(obj: Record<string, unknown>, fields: readonly F[], prefix: string): Record<F, number | null> {
  const out = {} as Record<F, number | null>;
  for (const f of fields) out[f] = obj[f] === undefined || obj[f] === null ? null : readCount(obj[f], `${prefix}${f}`);
  return out;
}
interface ConnectFields {
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
  requestsInOutage: number;
  connectedInOutage: number;
  shortIvrHangups: number;
}

function checkConnectConsistency(c: ConnectFields, prefix: string): void {
  const connected = c.agentAnswered + c.ivrAnswered;
  if (connected > c.requests) {
    throw new ScoringError('inconsistent', `${prefix}agentAnswered`, `agentAnswered + ivrAnswered (${connected}) exceeds requests (${c.requests})`);
  }
  if (c.requestsInOutage > c.requests) {
    throw new ScoringError('inconsistent', `${prefix}requestsInOutage`, `requestsInOutage (${c.requestsInOutage}) exceeds requests (${c.requests})`);
  }
  if (c.connectedInOutage > c.requestsInOutage) {
    throw new ScoringError('inconsistent', `${prefix}connectedInOutage`, `connectedInOutage (${c.connectedInOutage}) exceeds requestsInOutage (${c.requestsInOutage})`);
  }
  if (c.connectedInOutage > connected) {
    throw new ScoringError('inconsistent', `${prefix}connectedInOutage`, `connectedInOutage (${c.connectedInOutage}) exceeds agentAnswered + ivrAnswered (${connected})`);
  }
  const requestsOutside = c.requests - c.requestsInOutage;
  const connectedOutside = connected - c.connectedInOutage;
  if (connectedOutside > requestsOutside) {
    throw new ScoringError(
      'inconsistent',
      `${prefix}connectedInOutage`,
      `connected requests outside outage windows (${connectedOutside}) exceed requests outside outage windows (${requestsOutside})`,
    );
  }
  if (c.shortIvrHangups > requestsOutside - connectedOutside) {
    throw new ScoringError(
      'inconsistent',
      `${prefix}shortIvrHangups`,
      `shortIvrHangups (${c.shortIvrHangups}) exceeds the unconnected requests outside outage windows (${requestsOutside - connectedOutside})`,
    );
  }
}

/**
 * Validates a month's (or month-to-date) figures: absent feed counts become 0, absent register counts `null`
 * (unknown).
 *
 * @param raw - a {@link ScoreInput}-shaped value (typically parsed JSON).
 * @returns the normalized input.
 * @throws {ScoringError} with `field` naming the offending field: `not-an-object`; `unknown-field` (also for the
 *   former `assumed`: nothing is assumed any more); `not-a-number` / `not-an-integer` / `negative` /
 *   `out-of-range` for a bad count; `inconsistent` when agentAnswered + ivrAnswered > requests,
 *   requestsInOutage > requests, connectedInOutage > requestsInOutage (or > the connected), shortIvrHangups >
 *   the unconnected requests outside outages, veryOrBasicallySatisfied > surveyResponses or
 *   confidentialityBreachesWithConsequences > confidentialityBreaches (when both are known), or `daily` sums that
 *   differ from the month's fields.
 * @example
 * validateScoreInput({ requests: 10, agentAnswered: 9 }).ivrAnswered;      // 0
 * validateScoreInput({ requests: 10, agentAnswered: 9 }).trainingSessions; // null (unknown)
 */
export function validateScoreInput(raw: unknown, fieldPrefix = ''): NormalizedScoreInput {
  if (!isPlainObject(raw)) throw new ScoringError('not-an-object', fieldPrefix.replace(/\.$/, '') || 'input', 'must be an object of counts');
  checkKnownFields(raw, INPUT_FIELDS, fieldPrefix);
  const { daily: rawDaily, ...rest } = raw;
  const feed = readCounts(rest, FEED_FIELDS, fieldPrefix);
  const registers = readOptionalCounts(rest, REGISTER_FIELDS, fieldPrefix);
  checkConnectConsistency(feed, fieldPrefix);
  const { veryOrBasicallySatisfied: sat, surveyResponses: resp, confidentialityBreaches: breaches, confidentialityBreachesWithConsequences: withC } = registers;
  if (sat !== null && resp !== null && sat > resp) {
    throw new ScoringError('inconsistent', `${fieldPrefix}veryOrBasicallySatisfied`, `veryOrBasicallySatisfied (${sat}) exceeds surveyResponses (${resp})`);
  }
  if (withC !== null && breaches !== null && withC > breaches) {
    throw new ScoringError(
      'inconsistent',
      `${fieldPrefix}confidentialityBreachesWithConsequences`,
      `confidentialityBreachesWithConsequences (${withC}) exceeds confidentialityBreaches (${breaches}), which counts every breach`,
    );
  }

  let daily: Record<DailyField, number>[] | null = null;
  if (rawDaily !== undefined) {
    if (!Array.isArray(rawDaily)) throw new ScoringError('not-an-object', `${fieldPrefix}daily`, 'must be an array of per-day counts');
    daily = rawDaily.map((d: unknown, i) => {
      const path = `${fieldPrefix}daily[${i}].`;
      if (!isPlainObject(d)) throw new ScoringError('not-an-object', `${fieldPrefix}daily[${i}]`, 'must be an object of counts');
      checkKnownFields(d, DAILY_FIELDS, path);
      const day = readCounts(d, DAILY_FIELDS, path);
      checkConnectConsistency(day, path);
      return day;
    });
    for (const f of DAILY_FIELDS) {
      const sum = daily.reduce((s, d) => s + d[f], 0);
      if (sum !== feed[f]) {
        throw new ScoringError('inconsistent', `${fieldPrefix}daily`, `the days' ${f} sum to ${sum} but the month's ${f} is ${feed[f]}`);
      }
    }
  }
  return { ...feed, ...registers, daily };
}

/** The register fields of `item` that are unknown in `n`, in {@link ITEM_FIELDS} order. */
export function unknownFieldsOf(item: ItemName, n: NormalizedScoreInput): RegisterField[] {
  return ITEM_FIELDS[item].filter((f) => n[f] === null);
}
