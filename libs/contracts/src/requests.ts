/**
 * Registered requests (受理登记) and the agent desk (坐席工作台). Every citizen's request an agent takes is registered
 * with its business type, a summary, what the caller asked and how it ended (直接解答 answered, 转办 referred,
 * 工单 work order, 投诉 complaint — which also opens a pending complaint in the complaints register). A request
 * comes on a ledger call the author answered (channel `call`) or without one (callback, walk-in, other; the number
 * is then stored encrypted with a keyed hash, like the ledger's callers). The desk shows the agent's current call
 * as the feed reports it. Callers are never shown in clear: `{ masked, ref }` only.
 */
import { z } from 'zod';
import { BusinessTypeCode } from './business-types';
import { IsoInstant } from './common';
import { freeText } from './free-text';
import { looksLikePhoneNumber } from './mask';
import { queryDay, queryInt, queryMonth, queryOnce } from './query';
import { PersonRef, RegisterInstant } from './registers';

/** How a request came in: on a ledger call, a callback (回访/回拨), a walk-in visit (来访), anything else. */
export const REQUEST_CHANNELS = ['call', 'callback', 'walk_in', 'other'] as const;
export const RequestChannel = z.enum(REQUEST_CHANNELS);
export type RequestChannel = z.infer<typeof RequestChannel>;
/** Channel names as the console shows them. */
export const REQUEST_CHANNEL_LABELS: Record<RequestChannel, { 'zh-CN': string; en: string }> = {
  call: { 'zh-CN': '来电', en: 'Call' },
  callback: { 'zh-CN': '回拨', en: 'Callback' },
  walk_in: { 'zh-CN': '来访', en: 'Walk-in' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/**
 * How a request ended: answered directly (直接解答), referred to a department (转办, `referredTo` names it), a work
 * order (工单, `workOrderNo`), a complaint (投诉: opens a pending entry in the complaints register).
 */
export const REQUEST_OUTCOMES = ['answered', 'referred', 'work_order', 'complaint'] as const;
export const RequestOutcome = z.enum(REQUEST_OUTCOMES);
export type RequestOutcome = z.infer<typeof RequestOutcome>;
/** Outcome names as the console shows them. */
export const REQUEST_OUTCOME_LABELS: Record<RequestOutcome, { 'zh-CN': string; en: string }> = {
  answered: { 'zh-CN': '直接解答', en: 'Answered' },
  referred: { 'zh-CN': '转办', en: 'Referred' },
  work_order: { 'zh-CN': '工单', en: 'Work order' },
  complaint: { 'zh-CN': '投诉', en: 'Complaint' },
};

/** A request is a `draft` while the agent fills it in, `done` once finished (an outcome is then required). */
export const REQUEST_STATUSES = ['draft', 'done'] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;
/** Status names as the console shows them. */
export const REQUEST_STATUS_LABELS: Record<RequestStatus, { 'zh-CN': string; en: string }> = {
  draft: { 'zh-CN': '未完成', en: 'Draft' },
  done: { 'zh-CN': '已完成', en: 'Done' },
};

/** How far ahead of the server's clock a `receivedAt` may be (clock skew between browser and server): 2 minutes. */
export const RECEIVED_AT_SKEW_MS = 120_000;

/** A phone number as typed (digits, an optional `+`, spaces and hyphens), 3..20 characters. */
const CallerNumber = z.string().trim().regex(/^\+?[\d\- ]{3,20}$/, 'expected a phone number');
/** How far back a `receivedAt` may go (a request registered late, not backdated into a closed month): 7 days. */
export const RECEIVED_AT_MAX_AGE_DAYS = 7;

/**
 * When a non-call request was received: an ISO instant with its offset, not in the future (2 minutes of skew
 * allowed) and not more than {@link RECEIVED_AT_MAX_AGE_DAYS} days (7 x 24 h) before now (400 naming `receivedAt`:
 * `more than 7 days ago`).
 */
const ReceivedAt = RegisterInstant.refine((v) => Date.parse(v) <= Date.now() + RECEIVED_AT_SKEW_MS, 'cannot be in the future').refine(
  (v) => Date.parse(v) >= Date.now() - RECEIVED_AT_MAX_AGE_DAYS * 86_400_000,
  `more than ${RECEIVED_AT_MAX_AGE_DAYS} days ago`,
);
/** Knowledge articles the agent answered from (ids), at most 20, each once. */
const ArticleIds = z
  .array(z.number().int().positive().max(2_147_483_647))
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, 'give each article once');
/** The department a request is referred to (转办), 1..100 characters. */
const ReferredTo = freeText(100, 1, 'name the department');
/**
 * A work order's number, 1..64 identifier characters (ASCII letters, digits, `-`, `_`, `/`): `WO-2026-0001`,
 * `GD202612070001`. A value that looks like a phone number (looksLikePhoneNumber: `13812345678`, `138-1234-5678`)
 * is refused — an identifier cannot be masked, and a caller's number must not be stored in clear.
 */
const WorkOrderNo = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_\-/]*$/, 'use letters, digits, - _ / only')
  .refine((v) => !looksLikePhoneNumber(v), 'looks like a phone number: give the work order\'s number, not a caller\'s');
/** A one-line summary of the request (typed numbers masked), 1..200 characters. */
const Summary = freeText(200, 1, 'give a summary');
/** What the caller asked, in the agent's words (typed numbers masked), at most 2000 characters. */
const Question = freeText(2000);

/**
 * Body of `POST /api/requests` (`requests.register`). Rules (each a 400 naming the field):
 * - `channel` defaults to `call`; a `call` request names `callId`, a ledger call answered by the author's own agent
 *   id (400 `unknown_call` / `not_answered` / `not_your_call` naming `callId`; 403 `no_agent_id` for an account
 *   without an agent id; one request per call: 409 `call_registered`); `callerNumber` and `receivedAt` come from the call and are refused here.
 * - a request of another channel has no `callId`; `callerNumber` (optional) is stored encrypted with its keyed hash
 *   and shown masked; `receivedAt` defaults to now, may not be in the future nor more than 7 days ago (400
 *   `more than 7 days ago`).
 * - `businessTypeCode` must be an active type of the business-type tree.
 * - `outcome` may be left out while `status` is `draft`; `done` needs it (and sets `completedAt`); `referred` needs
 *   `referredTo`. A `complaint` outcome on a finished request opens a pending complaint in the complaints register.
 */
export const ServiceRequestBody = z
  .strictObject({
    channel: RequestChannel.default('call'),
    callId: z.string().trim().min(1).max(200).optional(),
    businessTypeCode: BusinessTypeCode,
    summary: Summary,
    question: Question.optional(),
    outcome: RequestOutcome.optional(),
    referredTo: ReferredTo.optional(),
    workOrderNo: WorkOrderNo.optional(),
    callerNumber: CallerNumber.optional().describe('Only for a request without a call: stored encrypted, shown masked.'),
    receivedAt: ReceivedAt.optional().describe('Only for a request without a call: when it was received (default now; not in the future, at most 7 days ago).'),
    articleIds: ArticleIds.optional(),
    status: RequestStatus.default('draft'),
  })
  .superRefine((b, ctx) => {
    if (b.channel === 'call') {
      if (b.callId === undefined) ctx.addIssue({ code: 'custom', path: ['callId'], message: 'a request on a call names the call' });
      if (b.callerNumber !== undefined) ctx.addIssue({ code: 'custom', path: ['callerNumber'], message: 'the caller of a call comes from the ledger' });
      if (b.receivedAt !== undefined) ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'the time of a call comes from the ledger' });
    } else if (b.callId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['callId'], message: `a ${b.channel} request has no call` });
    }
    if (b.status === 'done' && b.outcome === undefined) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'a finished request needs an outcome' });
    if (b.outcome === 'referred' && b.referredTo === undefined) ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'name the department it is referred to' });
  });
export type ServiceRequestBody = z.infer<typeof ServiceRequestBody>;

/**
 * Body of `PATCH /api/requests/{id}` (`requests.register`, the author only; 404 for anyone else's request): what
 * changes; `null` clears an optional text. The rules of {@link ServiceRequestBody} hold for the request as it
 * stands after the change (400 naming the field); `callerNumber` and `receivedAt` only for a request without a
 * call. A finished request stays finished (`status` `draft` is refused, 409 naming `status`); once its complaint
 * is opened the outcome stays `complaint` (409 `complaint_opened` naming `outcome`). `expectedUpdatedAt` (optional,
 * not a change) is the request's `updatedAt` as the client last saw it: when given and the request changed since
 * (compared at millisecond precision), nothing is written: 409 `stale` naming `expectedUpdatedAt` (reload, then redo).
 */
export const ServiceRequestPatch = z
  .strictObject({
    businessTypeCode: BusinessTypeCode.optional(),
    summary: Summary.optional(),
    question: Question.nullable().optional(),
    outcome: RequestOutcome.optional(),
    referredTo: ReferredTo.nullable().optional(),
    workOrderNo: WorkOrderNo.nullable().optional(),
    callerNumber: CallerNumber.nullable().optional(),
    receivedAt: ReceivedAt.optional(),
    articleIds: ArticleIds.optional(),
    status: RequestStatus.optional(),
    expectedUpdatedAt: IsoInstant.optional().describe("The request's updatedAt as last seen: 409 stale when it changed since."),
  })
  .refine(({ expectedUpdatedAt: _, ...b }) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change', path: ['body'] });
export type ServiceRequestPatch = z.infer<typeof ServiceRequestPatch>;

/**
 * A caller as people see one: the masked number (`138****5678`) and `ref`, the first 12 hex digits of the keyed
 * hash (equal for every call and request of one caller). Never the number in clear.
 */
export const MaskedCaller = z.object({
  masked: z.string(),
  ref: z.string().regex(/^[0-9a-f]{12}$/),
});
export type MaskedCaller = z.infer<typeof MaskedCaller>;

/**
 * One registered request as people see it (caller masked). `businessTypeNameZh/En` are the type's names in the
 * tree now (its code when the type was removed since); `businessTypeParentCode` its top-level type (null for a
 * top-level one or a removed type). `day` is the local day (Asia/Shanghai) of `receivedAt`.
 */
export const ServiceRequestView = z.object({
  id: z.number().int(),
  channel: RequestChannel,
  callId: z.string().nullable(),
  agentId: z.string().nullable(),
  author: PersonRef,
  businessTypeCode: z.string(),
  businessTypeParentCode: z.string().nullable(),
  businessTypeNameZh: z.string(),
  businessTypeNameEn: z.string(),
  summary: z.string(),
  question: z.string().nullable(),
  outcome: RequestOutcome.nullable(),
  referredTo: z.string().nullable(),
  workOrderNo: z.string().nullable(),
  /** The complaint opened in the complaints register (outcome `complaint`, once finished). */
  complaintId: z.number().int().nullable(),
  caller: MaskedCaller.nullable(),
  status: RequestStatus,
  receivedAt: IsoInstant,
  day: z.string(),
  completedAt: IsoInstant.nullable(),
  articleIds: z.array(z.number().int()),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type ServiceRequestView = z.infer<typeof ServiceRequestView>;

/** Filters shared by the request lists. */
const requestFilters = {
  day: queryOnce(queryDay).describe('Only requests received on this local day (YYYY-MM-DD, Asia/Shanghai).'),
  month: queryOnce(queryMonth).describe('Only requests received in this local month (YYYY-MM); not with `day`.'),
  status: queryOnce(RequestStatus).describe('Only drafts or only finished requests.'),
  outcome: queryOnce(RequestOutcome).describe('Only requests with this outcome.'),
  businessTypeCode: queryOnce(BusinessTypeCode).describe('Only requests of this type, or of its second-level types when it is a top-level one.'),
  limit: queryInt(1, 500).describe('Requests per page, 1..500 (default 100).'),
  offset: queryInt(0, 1_000_000).describe('Requests to skip (default 0).'),
};
const oneOfDayMonth = (q: { day?: string; month?: string }) => !(q.day !== undefined && q.month !== undefined);
const dayMonthIssue = { message: 'give day or month, not both', path: ['month'] };

/** Query of `GET /api/requests` (`requests.read`): everyone's requests, newest first, filtered. */
export const RequestsQuery = z
  .strictObject({ ...requestFilters, agentId: queryOnce(z.string().min(1).max(100)).describe('Only requests of this agent id.') })
  .refine(oneOfDayMonth, dayMonthIssue);
export type RequestsQuery = z.infer<typeof RequestsQuery>;

/** Query of `GET /api/requests/mine` (`requests.register`): the signed-in user's own requests, newest first. */
export const MyRequestsQuery = z.strictObject(requestFilters).refine(oneOfDayMonth, dayMonthIssue);
export type MyRequestsQuery = z.infer<typeof MyRequestsQuery>;

/** A page of requests, newest first (by `receivedAt`); `total` counts every request the filters match. */
export const RequestsPage = z.object({
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  requests: z.array(ServiceRequestView),
});
export type RequestsPage = z.infer<typeof RequestsPage>;

/** Query of `GET /api/requests/export` (`requests.read`): the local month (YYYY-MM; default the current one). */
export const RequestsExportQuery = z.strictObject({ month: queryOnce(queryMonth).describe('The local month YYYY-MM (Asia/Shanghai); default the current one.') });
export type RequestsExportQuery = z.infer<typeof RequestsExportQuery>;

/** Where the desk's current call stands: the agent is talking, in wrap-up (话后处理), or the call ended recently. */
export const DESK_PHASES = ['talking', 'wrap_up', 'ended'] as const;
export const DeskPhase = z.enum(DESK_PHASES);
export type DeskPhase = z.infer<typeof DeskPhase>;

/** How long after its end a call without a finished request stays the desk's current call: 5 minutes. */
export const DESK_RECENT_MS = 5 * 60_000;
/** The window of a repeat caller on the desk: 24 hours before the current call. */
export const DESK_REPEAT_WINDOW_MS = 24 * 3_600_000;

/** A previous request of the same caller (the desk's repeat-caller flag). */
export const DeskPreviousRequest = z.object({
  id: z.number().int(),
  summary: z.string(),
  businessTypeCode: z.string(),
  businessTypeNameZh: z.string(),
  businessTypeNameEn: z.string(),
  outcome: RequestOutcome.nullable(),
  status: RequestStatus,
  receivedAt: IsoInstant,
});
export type DeskPreviousRequest = z.infer<typeof DeskPreviousRequest>;

/**
 * The caller's history over the {@link DESK_REPEAT_WINDOW_MS 24 h} before the current call: `calls` counts the
 * ledger's calls of the same keyed hash (this one excluded), `requests` lists the requests registered for that
 * caller (newest first, at most 10). A repeat caller has `calls > 0` or requests.
 */
export const DeskRepeat = z.object({
  calls: z.number().int().nonnegative(),
  requests: z.array(DeskPreviousRequest),
});
export type DeskRepeat = z.infer<typeof DeskRepeat>;

/**
 * The agent's current call: the call the feed most recently reported answered by her agent id that is still
 * talking, in wrap-up, or ended less than {@link DESK_RECENT_MS} ago without a finished request. `suggestedTypeCode`
 * is the type the business-type tree's rules give the call (queue, IVR choice, category), null when only the
 * fallback matches; `request` is the request already registered on this call (the form resumes it).
 */
export const DeskCall = z.object({
  callId: z.string(),
  phase: DeskPhase,
  offeredAt: IsoInstant,
  answeredAt: IsoInstant,
  endedAt: IsoInstant.nullable(),
  queue: z.string().nullable(),
  ivrChoice: z.string().nullable(),
  suggestedTypeCode: z.string().nullable(),
  caller: MaskedCaller.nullable(),
  repeat: DeskRepeat,
  request: ServiceRequestView.nullable(),
});
export type DeskCall = z.infer<typeof DeskCall>;

/**
 * Answer of `GET /api/desk` (`requests.register`) and the payload of the `desk:update` socket event: the user's
 * agent id, the current call (null when there is none), how many of the user's requests are still drafts, and when
 * it was computed (the feed's clock). An account without an agent id (a shift lead registering walk-ins and
 * callbacks) gets `agentId` null and never a current call — not a 403: the permission matrix lets it use the desk.
 */
export const DeskState = z.object({
  agentId: z.string().nullable(),
  current: DeskCall.nullable(),
  unfinished: z.number().int().nonnegative(),
  at: IsoInstant,
});
export type DeskState = z.infer<typeof DeskState>;

/** The zh-CN column headers of the requests export (one sheet, one row per request, callers masked). */
export const REQUESTS_EXPORT_HEADERS = [
  '编号', '受理时间', '渠道', '通话ID', '工号', '登记人', '业务类型代码', '业务类型', '来电号码', '诉求摘要', '诉求内容',
  '处理结果', '转办部门', '工单号', '投诉编号', '状态', '完成时间',
] as const;
