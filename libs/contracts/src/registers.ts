/**
 * The registers (台账) of the month's scored items that do not come from the call feed, their month states, and the
 * quality-inspection (话务质检) workflow. Each register feeds one item of the 100-point sheet (contract.md):
 * satisfaction 挂机满意度, complaints 投诉, trainings 员工培训, qa 话务质检, reports 信息反馈与汇报,
 * confidentiality 信息保密. The staff report (人事基本情况) is computed from the accounts.
 *
 * Month state of each register: `open` (the supplier records) -> `closed` by the supplier manager (complete: the
 * item's figures count in the score) -> `confirmed` by the bureau. A closed month is changed only after reopening
 * it; a confirmed month only by a correction entry with a reason (`correctionReason`), which stays in the register
 * and the audit trail. An item whose register is not closed is *pending* on the score sheet.
 */
import { z } from 'zod';
import { parseDayKey } from '@hotline/events';
import { IdParams, IsoInstant } from './common';
import { freeText } from './free-text';
import { queryMonth, queryOnce } from './query';

/** The registers that feed a score item, in the sheet's order of their items. */
export const REGISTERS = ['confidentiality', 'reports', 'satisfaction', 'complaints', 'trainings', 'qa'] as const;
/** One register of {@link REGISTERS}. */
export const RegisterName = z.enum(REGISTERS);
export type RegisterName = z.infer<typeof RegisterName>;

/** The score item (libs/scoring ItemName) each register feeds. */
export const REGISTER_ITEM = {
  confidentiality: 'confidentiality',
  reports: 'reporting',
  satisfaction: 'satisfaction',
  complaints: 'complaints',
  trainings: 'training',
  qa: 'qa',
} as const satisfies Record<RegisterName, string>;

/** Register names as the console shows them. */
export const REGISTER_LABELS: Record<RegisterName, { 'zh-CN': string; en: string }> = {
  confidentiality: { 'zh-CN': '保密事件', en: 'Confidentiality incidents' },
  reports: { 'zh-CN': '报告报送', en: 'Reports' },
  satisfaction: { 'zh-CN': '挂机满意度', en: 'Hang-up satisfaction' },
  complaints: { 'zh-CN': '投诉', en: 'Complaints' },
  trainings: { 'zh-CN': '培训', en: 'Trainings' },
  qa: { 'zh-CN': '话务质检', en: 'Quality inspection' },
};

/** Month states: open -> closed (supplier manager) -> confirmed (bureau). */
export const MONTH_STATES = ['open', 'closed', 'confirmed'] as const;
export const MonthState = z.enum(MONTH_STATES);
export type MonthState = z.infer<typeof MonthState>;

/** A local day `YYYY-MM-DD` in a body. */
export const LocalDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
/** A month `YYYY-MM` in a path or body. */
export const Month = queryMonth;

/** The years a register entry may fall in (the queries' era, libs/contracts query.ts): 1990..2100. */
export const REGISTER_YEARS = { min: 1990, max: 2100 } as const;
/** The first and the first-after-last instant of {@link REGISTER_YEARS}, in the hotline's zone (UTC+8, no DST). */
const FIRST_INSTANT = Date.parse(`${REGISTER_YEARS.min}-01-01T00:00:00+08:00`);
const AFTER_LAST_INSTANT = Date.parse(`${REGISTER_YEARS.max + 1}-01-01T00:00:00+08:00`);

/**
 * A local day `YYYY-MM-DD` of a register entry: on the calendar and within {@link REGISTER_YEARS} (an incident on
 * 0001-01-01 or a session in 9999 is a typing mistake, refused naming the field).
 */
export const RegisterDay = LocalDay.refine((d) => {
  try {
    const { year } = parseDayKey(d);
    return year >= REGISTER_YEARS.min && year <= REGISTER_YEARS.max;
  } catch {
    return false;
  }
}, `expected a calendar date between ${REGISTER_YEARS.min} and ${REGISTER_YEARS.max}`);

/** An ISO 8601 instant with its offset (`2026-10-03T10:30:00+08:00`), within {@link REGISTER_YEARS} (local). */
export const RegisterInstant = z.iso
  // abort: an impossible date (2026-02-30) is refused as such, the range checks after it (here and in requests'
  // receivedAt) do not run on it (Date.parse would read it as 2026-03-02).
  .datetime({ offset: true, abort: true, error: 'not a valid date and time: expected ISO 8601 with its offset (2026-10-03T10:30:00+08:00)' })
  .refine((v) => {
    const t = Date.parse(v);
    return t >= FIRST_INSTANT && t < AFTER_LAST_INSTANT;
  }, `expected a time between ${REGISTER_YEARS.min} and ${REGISTER_YEARS.max}`);

/** The shortest reason (a correction's, a reopen's, a return's): 2 characters — Chinese is dense (`退回`, `漏登`). */
export const MIN_REASON = 2;

/**
 * Why an entry of a confirmed month is changed: required there, refused elsewhere (2..500 characters, masked). Also
 * the rule of the `X-Correction-Reason` header of an upload.
 */
export const CorrectionReason = freeText(500, MIN_REASON, `give a reason of at least ${MIN_REASON} characters`);
const correctionReason = CorrectionReason
  .optional()
  .describe('Required when the month is confirmed by the bureau: the entry is then a correction, kept with this reason; the month goes back to closed until the bureau confirms it again.');

/** A person as registers show them: account id, login and display name. */
export const PersonRef = z.object({ userId: z.number().int(), login: z.string(), name: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

/** Who did something and when (closing, confirming, adjudicating...). */
export const Stamp = z.object({ by: PersonRef, at: IsoInstant });
export type Stamp = z.infer<typeof Stamp>;

/** The correction fields every register entry carries. */
const correctionView = {
  /** Set when the entry was made in a confirmed month: why (a correction entry). */
  correctionReason: z.string().nullable(),
  createdBy: PersonRef,
  createdAt: IsoInstant,
};

// ---------------------------------------------------------------------------------------------------------------
// Month states

/** Path `/api/registers/months/{month}`. */
export const MonthParams = z.strictObject({ month: Month });
export type MonthParams = z.infer<typeof MonthParams>;

/** Path `/api/registers/months/{month}/{register}/...`. */
export const RegisterMonthParams = z.strictObject({ month: Month, register: RegisterName });
export type RegisterMonthParams = z.infer<typeof RegisterMonthParams>;

/** Body of close / confirm: an optional note (kept with the state; masked). */
export const StateNoteBody = z.strictObject({ note: freeText(500).optional() });
export type StateNoteBody = z.infer<typeof StateNoteBody>;

/** Body of reopen / return: why the month goes back to open (2..500 characters, masked). */
export const StateReasonBody = z.strictObject({ reason: freeText(500, MIN_REASON, `give a reason of at least ${MIN_REASON} characters`) });
export type StateReasonBody = z.infer<typeof StateReasonBody>;

/**
 * What keeps a register's month from being complete (a blocker: the close is refused while there is one) or what
 * the close goes ahead despite (a warning). `code` is stable (the console translates it), `message` is the English
 * text, `params` the values the text names — instants as ISO 8601 strings (UTC), counts as numbers.
 * - `month_running` `{ until }`: the month has not ended (until = its end, an instant);
 * - `register_unavailable` `{ register }`: this version has no source for the register;
 * - `complaints_pending` `{ count }`: complaints of the month await a verdict;
 * - `no_sample` `{}`: the QA random sample is not drawn;
 * - `sample_below_quota` `{ random, quota }`: the random sample holds fewer calls than the quota (calls arrived
 *   after the draw) — a blocker while it can be redrawn, a warning once a random call is reviewed (the QA item's
 *   shortfall deduction then applies).
 */
export const BLOCKER_CODES = ['month_running', 'register_unavailable', 'complaints_pending', 'no_sample', 'sample_below_quota'] as const;
export const BlockerCode = z.enum(BLOCKER_CODES);
export type BlockerCode = z.infer<typeof BlockerCode>;
export const Blocker = z.object({ code: BlockerCode, message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
export type Blocker = z.infer<typeof Blocker>;

/**
 * One register's month: its state, who closed and confirmed it, what it holds so far (`figures`: the score-input
 * counts this register gives, under libs/scoring's field names, as they stand now), what still keeps it from being
 * complete (`blockers`: a close is refused while there are any; a closed or confirmed month with blockers gives the
 * score nothing — its item stays pending) and what a close goes ahead despite (`warnings`).
 */
export const RegisterMonthView = z.object({
  register: RegisterName,
  month: z.string(),
  state: MonthState,
  closed: Stamp.nullable(),
  confirmed: Stamp.nullable(),
  note: z.string().nullable(),
  figures: z.record(z.string(), z.number().int().nonnegative()),
  blockers: z.array(Blocker),
  warnings: z.array(Blocker),
});
export type RegisterMonthView = z.infer<typeof RegisterMonthView>;

/** Every register's month (`GET /api/registers/months/{month}`), in {@link REGISTERS} order. */
export const RegisterMonthsView = z.object({ month: z.string(), registers: z.array(RegisterMonthView) });
export type RegisterMonthsView = z.infer<typeof RegisterMonthsView>;

/** Query `?month=YYYY-MM` of a register's list (required). */
export const RegisterMonthQuery = z.strictObject({ month: queryOnce(Month).pipe(z.string({ error: 'give the month YYYY-MM' })) });
export type RegisterMonthQuery = z.infer<typeof RegisterMonthQuery>;

/** The answer of an xlsx/CSV import: rows stored, or every bad row with its field (nothing stored then). */
export const ImportResult = z.object({
  created: z.number().int().nonnegative(),
  /** Rows skipped because the same entry is already in the register (same call or same key). */
  duplicates: z.number().int().nonnegative(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Content types an import accepts: CSV (UTF-8, with a header row) or an xlsx workbook (first sheet, header row). */
export const IMPORT_CONTENT_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Satisfaction 挂机满意度

/** A survey answer's level (the feed's `survey.answered` ratings): very / basically satisfied / dissatisfied. */
export const SURVEY_LEVELS = ['very-satisfied', 'basically-satisfied', 'dissatisfied'] as const;
export const SurveyLevel = z.enum(SURVEY_LEVELS);

/**
 * The month's hang-up satisfaction (`GET /api/registers/satisfaction?month=`): answers from the feed and from
 * imports (one per call; an import never doubles a call the feed already rated), the KPI (very + basically
 * satisfied over all answers, 2 decimals half-up) and the survey rate (answers / agent-answered calls).
 */
export const SatisfactionView = z.object({
  month: z.string(),
  agentAnswered: z.number().int(),
  responses: z.number().int(),
  verySatisfied: z.number().int(),
  basicallySatisfied: z.number().int(),
  dissatisfied: z.number().int(),
  fromFeed: z.number().int(),
  imported: z.number().int(),
  satisfactionPercent: z.string().nullable(),
  surveyRatePercent: z.string().nullable(),
});
export type SatisfactionView = z.infer<typeof SatisfactionView>;

/**
 * One row of the platform's survey export, as imported: `time` (ISO instant, or `YYYY-MM-DD HH:mm[:ss]` local),
 * `callId` or `caller` (the number; matched by its keyed hash, never stored in clear), `rating`: 1 / 非常满意 /
 * very-satisfied, 2 / 基本满意 / basically-satisfied, 3 / 不满意 / dissatisfied. CSV/xlsx headers may be these names
 * or 时间, 呼叫ID / 通话ID, 来电号码, 评价.
 */
export const SURVEY_IMPORT_COLUMNS = { time: ['time', '时间', '评价时间'], callId: ['callId', '呼叫ID', '通话ID'], caller: ['caller', '来电号码', '主叫号码'], rating: ['rating', '评价', '满意度'] } as const;

// ---------------------------------------------------------------------------------------------------------------
// Complaints 投诉

/** Where a complaint came in. */
export const COMPLAINT_CHANNELS = ['hotline', 'platform_12345', 'bureau', 'online', 'letter', 'walk_in', 'other'] as const;
export const ComplaintChannel = z.enum(COMPLAINT_CHANNELS);
/** Channel names as the console shows them. */
export const COMPLAINT_CHANNEL_LABELS: Record<(typeof COMPLAINT_CHANNELS)[number], string> = {
  hotline: '12123热线', platform_12345: '12345平台', bureau: '支队转办', online: '网络', letter: '来信', walk_in: '来访', other: '其他',
};

/** A complaint's verdict: pending until a person decides; only `justified` (有责) counts in the complaint rate. */
export const COMPLAINT_VERDICTS = ['pending', 'justified', 'not_justified'] as const;
export const ComplaintVerdict = z.enum(COMPLAINT_VERDICTS);

/**
 * Body of `POST /api/registers/complaints`: when it was received, the channel, the linked call (must be in the
 * ledger; its agent is taken from it) or the agent, the caller's number (stored encrypted, shown masked), what the
 * citizen complained about. The month is the local month of `receivedAt`.
 */
export const ComplaintBody = z.strictObject({
  receivedAt: RegisterInstant,
  channel: ComplaintChannel,
  callId: z.string().trim().min(1).max(200).optional(),
  agentId: z.string().trim().min(1).max(100).optional(),
  caller: z.string().trim().regex(/^\+?[\d\- ]{3,20}$/, 'expected a phone number').optional(),
  content: freeText(4000, 1, 'describe the complaint'),
  correctionReason,
});
export type ComplaintBody = z.infer<typeof ComplaintBody>;

/** Body of `POST /api/registers/complaints/{id}/verdict`: justified (有责) or not, and why. */
export const VerdictBody = z.strictObject({
  verdict: z.enum(['justified', 'not_justified']),
  reason: freeText(2000, 2, 'say why'),
  correctionReason,
});
export type VerdictBody = z.infer<typeof VerdictBody>;

/** A complaint as the register shows it (caller masked). */
export const ComplaintView = z.object({
  id: z.number().int(),
  month: z.string(),
  receivedAt: IsoInstant,
  channel: ComplaintChannel,
  callId: z.string().nullable(),
  agentId: z.string().nullable(),
  caller: z.string().nullable().describe('Masked (`138****5678`).'),
  content: z.string(),
  verdict: ComplaintVerdict,
  verdictReason: z.string().nullable(),
  adjudicated: Stamp.nullable(),
  ...correctionView,
});
export type ComplaintView = z.infer<typeof ComplaintView>;

/** Columns of a complaints import (CSV/xlsx, header row): receivedAt/受理时间, channel/渠道, callId/呼叫ID, agentId/工号, caller/来电号码, content/投诉内容. */
export const COMPLAINT_IMPORT_COLUMNS = {
  receivedAt: ['receivedAt', '受理时间'], channel: ['channel', '渠道'], callId: ['callId', '呼叫ID', '通话ID'], agentId: ['agentId', '工号'],
  caller: ['caller', '来电号码'], content: ['content', '投诉内容'],
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Trainings 员工培训

/** The tender's training topics (4.2): 保密制度, 管理制度, 系统操作, 电话礼仪, 服务规范, 沟通技巧, 疑难电话, 服务流程, and others. */
export const TRAINING_TOPICS = ['confidentiality', 'management', 'system', 'etiquette', 'service_norms', 'communication', 'difficult_calls', 'service_process', 'business', 'other'] as const;
export const TrainingTopic = z.enum(TRAINING_TOPICS);
export const TRAINING_TOPIC_LABELS: Record<(typeof TRAINING_TOPICS)[number], string> = {
  confidentiality: '保密制度', management: '管理制度', system: '系统操作', etiquette: '电话礼仪', service_norms: '服务规范', communication: '沟通技巧',
  difficult_calls: '疑难电话', service_process: '服务流程', business: '业务知识', other: '其他',
};

/**
 * Body of `POST /api/registers/trainings` (and of `PUT /api/registers/trainings/{id}`): a session on a local day,
 * its topic, title, trainer, minutes, and the sign-in list (account ids of those present, at least one when held).
 * `status: planned` records a session not held yet (no attendees needed).
 */
export const TrainingBody = z
  .strictObject({
    date: RegisterDay,
    topic: TrainingTopic,
    title: freeText(200, 1),
    trainer: freeText(100, 1),
    durationMinutes: z.number().int().min(10, 'a session lasts at least 10 minutes').max(600),
    status: z.enum(['planned', 'held']).default('held'),
    attendees: z.array(z.number().int().positive()).max(200).default([]),
    correctionReason,
  })
  .refine((t) => t.status !== 'held' || t.attendees.length > 0, { message: 'a held session needs its sign-in list (at least one attendee)', path: ['attendees'] })
  .refine((t) => new Set(t.attendees).size === t.attendees.length, { message: 'an attendee is listed twice', path: ['attendees'] });
export type TrainingBody = z.infer<typeof TrainingBody>;

/** A training session as the register shows it; `source: roster` marks a session the published roster planned (no id yet). */
export const TrainingView = z.object({
  id: z.number().int().nullable(),
  source: z.enum(['register', 'roster']),
  month: z.string(),
  date: z.string(),
  topic: TrainingTopic,
  title: z.string(),
  trainer: z.string(),
  durationMinutes: z.number().int(),
  status: z.enum(['planned', 'held']),
  attendees: z.array(PersonRef),
  /** The signed sheet or photo, when attached. */
  attachment: z.object({ fileName: z.string(), contentType: z.string(), bytes: z.number().int(), sha256: z.string() }).nullable(),
  correctionReason: z.string().nullable(),
  createdBy: PersonRef.nullable(),
  createdAt: IsoInstant.nullable(),
});
export type TrainingView = z.infer<typeof TrainingView>;

/** Content types a sign-in sheet may have: a photo or a scan. At most 10 MB. */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Confidentiality incidents 保密事件

/**
 * Body of `POST /api/registers/confidentiality`: a breach of the confidentiality rules, with or without bad
 * consequences; with consequences, what they were (`consequenceDetail`, required then, refused otherwise).
 */
export const IncidentBody = z
  .strictObject({
    date: RegisterDay,
    description: freeText(4000, 1),
    consequences: z.boolean(),
    consequenceDetail: freeText(4000).optional(),
    correctionReason,
  })
  .refine((i) => !i.consequences || (i.consequenceDetail ?? '') !== '', { message: 'say what the bad consequences were', path: ['consequenceDetail'] })
  .refine((i) => i.consequences || (i.consequenceDetail ?? '') === '', { message: 'describe consequences only for an incident that had them', path: ['consequenceDetail'] });
export type IncidentBody = z.infer<typeof IncidentBody>;

export const IncidentView = z.object({
  id: z.number().int(),
  month: z.string(),
  date: z.string(),
  description: z.string(),
  consequences: z.boolean(),
  consequenceDetail: z.string().nullable(),
  ...correctionView,
});
export type IncidentView = z.infer<typeof IncidentView>;

// ---------------------------------------------------------------------------------------------------------------
// Reports 信息反馈与汇报

/** The two monthly reports the supplier hands the bureau: the operations report (月度运营报告) and the self-assessment form (服务考核自评表). */
export const REPORT_KINDS = ['operations', 'self_assessment'] as const;
export const ReportKind = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof ReportKind>;

/** Path `/api/registers/reports/{month}/{kind}/...`. */
export const ReportParams = z.strictObject({ month: Month, kind: ReportKind });
export type ReportParams = z.infer<typeof ReportParams>;

/**
 * Body of `PUT .../due`: the due instant the bureau sets (default: end of the 5th day of the next month, local), not
 * before the month's start (the API checks) nor after 2100; `correctionReason` when the reports month is confirmed.
 */
export const ReportDueBody = z.strictObject({ dueAt: RegisterInstant, correctionReason });
export type ReportDueBody = z.infer<typeof ReportDueBody>;

/**
 * Body of `POST .../findings` (the bureau): required content missing (-0.5 each, operations report) and
 * untruthful self-assessment (-2 each), with a note.
 */
export const ReportFindingsBody = z.strictObject({
  itemsMissing: z.number().int().min(0).max(20).default(0),
  untruthful: z.number().int().min(0).max(5).default(0),
  note: freeText(2000, 2, 'say what was found'),
  correctionReason,
});
export type ReportFindingsBody = z.infer<typeof ReportFindingsBody>;

/** Body of `PUT /api/registers/reports/{month}/narrative`: the manager's text for the operations report (masked); `correctionReason` in a confirmed month. */
export const NarrativeBody = z.strictObject({ problems: freeText(8000), improvements: freeText(8000), correctionReason });
export type NarrativeBody = z.infer<typeof NarrativeBody>;

/** A submitted document version (frozen bytes): what was sent, its hash, when and by whom. */
export const SubmittedDocument = z.object({
  id: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
});
export type SubmittedDocument = z.infer<typeof SubmittedDocument>;

/** One report of a month: due, submitted (late when after due), the frozen documents, the bureau's findings. */
export const ReportView = z.object({
  month: z.string(),
  kind: ReportKind,
  dueAt: IsoInstant,
  submitted: Stamp.nullable(),
  late: z.boolean().describe('Submitted after the due instant, or not submitted and the due instant passed.'),
  documents: z.array(SubmittedDocument),
  itemsMissing: z.number().int(),
  untruthful: z.number().int(),
  findings: z.array(z.object({ itemsMissing: z.number().int(), untruthful: z.number().int(), note: z.string(), by: PersonRef, at: IsoInstant, correctionReason: z.string().nullable() })),
});
export type ReportView = z.infer<typeof ReportView>;

/** The month's reports and the manager's narrative (`GET /api/registers/reports?month=`). */
export const ReportsView = z.object({ month: z.string(), reports: z.array(ReportView), narrative: z.object({ problems: z.string(), improvements: z.string() }) });
export type ReportsView = z.infer<typeof ReportsView>;

// ---------------------------------------------------------------------------------------------------------------
// Quality inspection 话务质检

/** One item of the QA form: a key, its label (typed numbers masked: freeText) and its maximum points (its weight). */
export const QaFormItem = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a key of lower-case letters, digits and _'),
  label: freeText(60, 1),
  maxPoints: z.number().positive().max(100),
});
/** The QA scoring form (`PUT /api/qa/form` makes a new version). Default: 服务规范 20, 业务准确 30, 沟通技巧 20, 流程合规 15, 信息保密 15. */
export const QaFormBody = z.strictObject({
  items: z.array(QaFormItem).min(1).max(20).refine((items) => new Set(items.map((i) => i.key)).size === items.length, 'item keys must be distinct'),
});
export type QaFormBody = z.infer<typeof QaFormBody>;
export const QaFormView = z.object({ version: z.number().int(), items: z.array(z.object({ key: z.string(), label: z.string(), maxPoints: z.number() })), createdAt: IsoInstant });
export type QaFormView = z.infer<typeof QaFormView>;

/** Body of `POST /api/qa/samples/{month}/draw`: the seed (any text; default: a random one, recorded); `correctionReason` in a confirmed month. */
export const DrawBody = z.strictObject({ seed: z.string().trim().min(1).max(64).optional(), correctionReason });
export type DrawBody = z.infer<typeof DrawBody>;

/** Why a call was added on top of the random sample. */
export const QA_TARGET_REASONS = ['low_satisfaction', 'long_wait', 'complaint', 'other'] as const;
/** Body of `POST /api/qa/samples/{month}/calls`: a call added on top of the random sample (it never replaces one). */
export const TargetedCallBody = z.strictObject({ callId: z.string().trim().min(1).max(200), reason: z.enum(QA_TARGET_REASONS), note: freeText(500).optional(), correctionReason });
export type TargetedCallBody = z.infer<typeof TargetedCallBody>;

/** Path `/api/qa/samples/{month}/calls/{callId}/...`. */
export const SampleCallParams = z.strictObject({ month: Month, callId: z.string().min(1).max(200) });
export type SampleCallParams = z.infer<typeof SampleCallParams>;

/** Points of a QA item: 0 or more, at most 2 decimals (`17.5`, `19.25`; not `19.123`). */
const QaPoints = z
  .number()
  .min(0)
  .refine((v) => Number.isFinite(v) && /^\d+(\.\d{1,2})?$/.test(String(v)), 'give the points with at most 2 decimals');

/** Body of `PUT .../review`: points per form item (0..its maximum, at most 2 decimals), a comment (masked). */
export const QaReviewBody = z.strictObject({ scores: z.record(z.string(), QaPoints), comment: freeText(2000).default(''), correctionReason });
export type QaReviewBody = z.infer<typeof QaReviewBody>;

/** Body of `POST .../recheck` (the bureau): did the QA reviewer score this call wrongly? (-0.5 per error found) */
export const RecheckBody = z.strictObject({ errorFound: z.boolean(), note: freeText(2000, 2, 'say what was checked'), correctionReason });
export type RecheckBody = z.infer<typeof RecheckBody>;

/** One sampled call: random or added, its agent and shift band, the review and the bureau's re-checks. */
export const SampledCallView = z.object({
  callId: z.string(),
  kind: z.enum(['random', 'targeted']),
  reason: z.string().nullable(),
  agentId: z.string(),
  /** Local shift band of the call: day 08-16, evening 16-24, night 00-08. */
  shift: z.enum(['day', 'evening', 'night']),
  offeredAt: IsoInstant,
  talkSeconds: z.number().nullable(),
  review: z
    .object({ formVersion: z.number().int(), scores: z.record(z.string(), z.number()), total: z.string(), comment: z.string(), by: PersonRef, at: IsoInstant, correctionReason: z.string().nullable() })
    .nullable(),
  rechecks: z.array(z.object({ errorFound: z.boolean(), note: z.string(), by: PersonRef, at: IsoInstant, correctionReason: z.string().nullable() })),
});
export type SampledCallView = z.infer<typeof SampledCallView>;

/**
 * The month's QA sample (`GET /api/qa/samples/{month}`): null `seed` until drawn. `quota` = ceil(1% x agent-answered);
 * the random sample is stratified by agent and shift band (every agent with answered calls appears), drawn from
 * `seed` so anyone can redraw it; `reviewed` counts reviewed random calls (the score's `qaSampled`).
 */
export const QaSampleView = z.object({
  month: z.string(),
  agentAnswered: z.number().int(),
  quota: z.number().int(),
  seed: z.string().nullable(),
  method: z.string().nullable(),
  drawn: Stamp.nullable(),
  reviewed: z.number().int(),
  errorsFound: z.number().int(),
  calls: z.array(SampledCallView),
});
export type QaSampleView = z.infer<typeof QaSampleView>;

// ---------------------------------------------------------------------------------------------------------------
// Staff report 人事基本情况

/** The monthly staff report (tender 3.7): headcount of the supplier's staff, joiners, leavers, training hours. */
export const StaffReportView = z.object({
  month: z.string(),
  headcount: z.number().int(),
  joiners: z.array(z.object({ person: PersonRef, roles: z.array(z.string()), date: z.string() })),
  leavers: z.array(z.object({ person: PersonRef, roles: z.array(z.string()), date: z.string() })),
  /**
   * Everyone who may sign in to a session of the month: the staff on the books at any time in the month
   * (`onBooks: true`) and, besides them, the staff active now who were not (`onBooks: false`: joined after the month,
   * so a session of a month before the accounts existed can still be recorded). `active`: on the books at the end
   * of the month (false for those who joined later). The staff report proper is the `onBooks` people.
   */
  people: z.array(
    z.object({
      person: PersonRef, agentId: z.string().nullable(), roles: z.array(z.string()), since: z.string(), active: z.boolean(), onBooks: z.boolean(),
      trainingSessions: z.number().int(), trainingHours: z.string(),
    }),
  ),
});
export type StaffReportView = z.infer<typeof StaffReportView>;

// ---------------------------------------------------------------------------------------------------------------
// Documents

/** The documents of a month: the operations report (docx, pdf), the self-assessment form (xlsx, pdf), the staff report (xlsx). */
export const DOCUMENT_FILES = ['operations-report.docx', 'operations-report.pdf', 'self-assessment.xlsx', 'self-assessment.pdf', 'staff-report.xlsx'] as const;
export const DocumentFile = z.enum(DOCUMENT_FILES);
export type DocumentFile = z.infer<typeof DocumentFile>;
/** Path `/api/documents/{month}/{file}`. */
export const DocumentParams = z.strictObject({ month: Month, file: DocumentFile });
export type DocumentParams = z.infer<typeof DocumentParams>;
/** Body of `POST /api/registers/reports/{month}/{kind}/submit`: nothing (an empty object, or no body); `correctionReason` when the reports month is confirmed. */
export const SubmitReportBody = z.strictObject({ correctionReason });
export type SubmitReportBody = z.infer<typeof SubmitReportBody>;
/** Path `/api/submitted-documents/{id}`. */
export const SubmittedParams = IdParams;
