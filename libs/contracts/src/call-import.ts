/**
 * Import of call records (话单 / CDR exports, CSV or xlsx) with a column mapping: the mapping (also the JSON column
 * of CallImportPreset), the query of the preview and the import, their answers, the import job's view and payload.
 * The reading itself is libs/events cdr.ts (`CdrReader`).
 */
import { z } from 'zod';
import { CDR_FIELDS, CDR_TIME_FORMATS, DEFAULT_TIMEZONE, type CdrMapping } from '@hotline/events';
import { IsoInstant } from './common';
import { freeText } from './free-text';
import { PersonRef } from './registers';
import { queryInt, queryOnce } from './query';

/** How time cells are written (libs/events CDR_TIME_FORMATS): local wall clock, ISO 8601, Unix seconds / milliseconds. */
export const CALL_IMPORT_TIME_FORMATS = CDR_TIME_FORMATS;

/** A field of the mapping (our name), e.g. `arrival`. */
export const CallImportField = z.enum(CDR_FIELDS);
export type CallImportField = z.infer<typeof CallImportField>;

/** Labels of the mapping's fields, as the console and the CLI show them (Chinese first). */
export const CALL_IMPORT_FIELD_LABELS: Record<CallImportField, { 'zh-CN': string; en: string }> = {
  callId: { 'zh-CN': '话单编号', en: 'Call id' },
  caller: { 'zh-CN': '主叫号码', en: 'Caller number' },
  arrival: { 'zh-CN': '呼入时间', en: 'Arrival time' },
  queueEntry: { 'zh-CN': '进队时间', en: 'Queue entry time' },
  answer: { 'zh-CN': '应答时间', en: 'Answer time' },
  agent: { 'zh-CN': '坐席工号', en: 'Agent' },
  end: { 'zh-CN': '结束时间', en: 'End time' },
  hangupSide: { 'zh-CN': '挂机方', en: 'Hang-up side' },
  ivrResult: { 'zh-CN': 'IVR结果', en: 'IVR result' },
  surveyRating: { 'zh-CN': '满意度评价', en: 'Survey rating' },
  businessType: { 'zh-CN': '业务类型', en: 'Business type' },
  waitSeconds: { 'zh-CN': '排队时长', en: 'Wait (s)' },
  talkSeconds: { 'zh-CN': '通话时长', en: 'Talk (s)' },
};

/** Header texts that usually mean each field (for a first guess of the mapping; compared trimmed, case-insensitive). */
export const CALL_IMPORT_HEADER_ALIASES: Record<CallImportField, readonly string[]> = {
  callId: ['话单编号', '话单ID', '通话ID', '呼叫ID', '流水号', '通话流水号', 'callid', 'call_id', 'call id', 'uniqueid'],
  caller: ['主叫号码', '主叫', '来电号码', '客户号码', '用户号码', 'caller', 'caller number', 'ani', 'src'],
  arrival: ['呼入时间', '来电时间', '开始时间', '呼叫开始时间', 'arrival', 'arrival time', 'start', 'start time'],
  queueEntry: ['进队时间', '入队时间', '排队开始时间', '排队时间', 'queue entry', 'queue time', 'enqueue time'],
  answer: ['应答时间', '接通时间', '坐席应答时间', 'answer', 'answer time', 'answered'],
  agent: ['坐席工号', '坐席', '工号', '座席工号', '坐席号', 'agent', 'agent id'],
  end: ['结束时间', '挂机时间', '通话结束时间', 'end', 'end time', 'hangup time'],
  hangupSide: ['挂机方', '挂断方', '挂机原因', 'hangup side', 'hung up by'],
  ivrResult: ['IVR结果', 'ivr结果', '自助结果', '按键结果', 'ivr result'],
  surveyRating: ['满意度', '满意度评价', '评价结果', '挂机满意度', 'rating', 'survey', 'survey rating'],
  businessType: ['业务类型', '业务分类', '诉求类型', 'business type', 'category'],
  waitSeconds: ['排队时长', '等待时长', '排队时长(秒)', '等待时长(秒)', 'wait', 'wait seconds', 'holdtime'],
  talkSeconds: ['通话时长', '通话时长(秒)', '服务时长', 'talk', 'talk seconds', 'billsec'],
};

/**
 * A first guess of the columns from a file's header: each field gets the first header that is one of its
 * {@link CALL_IMPORT_HEADER_ALIASES}; a header is used once.
 */
export function suggestCallImportColumns(headers: readonly string[]): Partial<Record<CallImportField, string>> {
  const out: Partial<Record<CallImportField, string>> = {};
  const used = new Set<string>();
  for (const field of CDR_FIELDS) {
    const aliases = CALL_IMPORT_HEADER_ALIASES[field].map((a) => a.toLowerCase());
    const hit = headers.find((h) => !used.has(h) && aliases.includes(h.trim().toLowerCase()));
    if (hit !== undefined) {
      out[field] = hit;
      used.add(hit);
    }
  }
  return out;
}

const ColumnName = z.string().trim().min(1, 'name the column (its header text)').max(200);

/** Our field -> the file's header text; `arrival` is required, the rest optional. */
export const CallImportColumns = z.strictObject({
  callId: ColumnName.optional(),
  caller: ColumnName.optional(),
  arrival: ColumnName,
  queueEntry: ColumnName.optional(),
  answer: ColumnName.optional(),
  agent: ColumnName.optional(),
  end: ColumnName.optional(),
  hangupSide: ColumnName.optional(),
  ivrResult: ColumnName.optional(),
  surveyRating: ColumnName.optional(),
  businessType: ColumnName.optional(),
  waitSeconds: ColumnName.optional(),
  talkSeconds: ColumnName.optional(),
});
export type CallImportColumns = z.infer<typeof CallImportColumns>;

const Words = z.array(z.string().trim().min(1).max(50)).min(1).max(50);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A column mapping (libs/events CdrMapping): columns, time format (`local` wall clock in `timeZone`, `iso`,
 * `epoch-s`, `epoch-ms`), the source zone (IANA, default Asia/Shanghai), the source name (lower-case word, part of
 * every event id: keep it the same for the same platform so re-imports are recognised), and optional value words
 * replacing the defaults (hang-up side, IVR result, survey rating).
 */
export const CallImportMapping = z.strictObject({
  columns: CallImportColumns,
  timeFormat: z.enum(CDR_TIME_FORMATS).default('local'),
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai').default(DEFAULT_TIMEZONE),
  source: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a lower-case word (letters, digits, _ and -), at most 40 characters').default('cdr'),
  values: z.strictObject({
    hangupSide: z.strictObject({ caller: Words.optional(), agent: Words.optional() }).optional(),
    ivrResult: z.strictObject({ selfService: Words.optional(), toAgent: Words.optional() }).optional(),
    surveyRating: z.strictObject({ 'very-satisfied': Words.optional(), 'basically-satisfied': Words.optional(), dissatisfied: Words.optional() }).optional(),
  }).optional(),
});
export type CallImportMapping = z.infer<typeof CallImportMapping>;
// The contract's mapping is the adapter's: a change to one that the other cannot take fails the build here.
const _sameMapping: (m: CallImportMapping) => CdrMapping = (m) => m;
void _sameMapping;

/** A preset's name, 1..100 characters, typed numbers masked (freeText). */
const PresetName = freeText(100, 1);

/** A saved mapping (`POST`/`PUT /api/call-imports/presets`): a unique name and the mapping. */
export const CallImportPresetBody = z.strictObject({ name: PresetName, mapping: CallImportMapping });
export type CallImportPresetBody = z.infer<typeof CallImportPresetBody>;

/** A saved mapping as listed. */
export const CallImportPreset = z.object({
  id: z.number().int(),
  name: z.string(),
  mapping: CallImportMapping,
  createdBy: PersonRef,
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type CallImportPreset = z.infer<typeof CallImportPreset>;

const Confirm = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A mapping given as JSON text in the query (`?mapping={"columns":{...}}`). */
const MappingJson = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected the mapping as JSON text' });
      return z.NEVER;
    }
  })
  .pipe(CallImportMapping);

/** The text encodings a CSV may be in: `auto` reads UTF-8 when the bytes are valid UTF-8, else GB18030 (GBK). */
export const CALL_IMPORT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;

/**
 * Query of the preview and the import (the body is the file's bytes, `text/csv` or xlsx): the mapping as JSON or a
 * preset's name (one of them; the preview takes neither too and then shows the header and a guess of the mapping),
 * the file's name (its base name goes with the dead letters), the CSV's encoding, `confirm=true` to import the
 * good rows of a file that has bad ones, and `allowSecondSource=true` to import bytes that were imported already
 * under another `source` (their calls then count twice: `cdr:P-001` and `gdcdr:P-001`; without it the import is
 * refused, 409 `other_source` naming `source`). `confirm` does not imply `allowSecondSource`.
 */
export const CallImportQuery = z.strictObject({
  preset: queryOnce(PresetName),
  mapping: queryOnce(MappingJson),
  fileName: queryOnce(freeText(300)),
  encoding: queryOnce(z.enum(CALL_IMPORT_ENCODINGS)),
  confirm: queryOnce(Confirm),
  allowSecondSource: queryOnce(Confirm),
});
export type CallImportQuery = z.infer<typeof CallImportQuery>;

/** Why a row was not imported: row number as in the file (header = row 1), our field (`row`: the whole row), header text, reason. */
export const CallImportRowError = z.object({
  row: z.number().int().positive(),
  field: z.union([CallImportField, z.literal('row')]),
  column: z.string().optional(),
  reason: z.string(),
});
export type CallImportRowError = z.infer<typeof CallImportRowError>;

/** What the mapping made of the file: good rows (calls), duplicates, bad rows with every error, events. */
export const CallImportCheck = z.object({
  goodRows: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  badRows: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  errors: z.array(CallImportRowError),
});
export type CallImportCheck = z.infer<typeof CallImportCheck>;

/** Number of rows the preview shows as read. */
export const CALL_IMPORT_PREVIEW_ROWS = 20;

/** Characters of a cell the preview shows; a longer cell is cut there and ends with `…`. */
export const CALL_IMPORT_PREVIEW_CELL_CHARS = 200;

/**
 * A file's row as read: its number and cells by header (the caller's number masked, other phone-like runs too; each
 * cell at most {@link CALL_IMPORT_PREVIEW_CELL_CHARS} characters plus `…`).
 */
export const CallImportPreviewRow = z.object({ row: z.number().int().positive(), cells: z.record(z.string(), z.string()) });

/**
 * An earlier import (not failed) of the same bytes: its id, when, state, the `source` it used, and whether that is
 * the source of this mapping (`true`: importing again changes nothing, the event ids are the same; `false`: the
 * calls would be counted twice, see {@link CallImportPreview} `countedTwice`; `null`: no mapping given yet). When
 * imports under several sources exist, the one under this mapping's source is reported.
 */
export const PreviousImport = z.object({
  id: z.number().int(),
  at: IsoInstant,
  status: z.string(),
  source: z.string(),
  sameSource: z.boolean().nullable(),
});
export type PreviousImport = z.infer<typeof PreviousImport>;

/**
 * Answer of `POST /api/call-imports/preview`: the header, the first {@link CALL_IMPORT_PREVIEW_ROWS} rows as read,
 * the total, a guess of the columns from the header, and — with a mapping or preset — the check (every bad row);
 * `previousImport` an earlier import of the same bytes, and `countedTwice` true when the same bytes were imported
 * under another source only (importing them under this mapping's source counts every call a second time; the import
 * then needs `allowSecondSource=true`).
 */
export const CallImportPreview = z.object({
  fileName: z.string().nullable(),
  headers: z.array(z.string()),
  totalRows: z.number().int().nonnegative(),
  rows: z.array(CallImportPreviewRow),
  suggestedColumns: CallImportColumns.partial(),
  preset: z.string().nullable(),
  mapping: CallImportMapping.nullable(),
  check: CallImportCheck.nullable(),
  previousImport: PreviousImport.nullable(),
  countedTwice: z.boolean(),
});
export type CallImportPreview = z.infer<typeof CallImportPreview>;

/** States of an import job. */
export const CALL_IMPORT_STATES = ['queued', 'running', 'completed', 'failed'] as const;

/** An import as listed: the file, who, when, state, progress (rows done of total) and counts. */
export const CallImportSummary = z.object({
  id: z.number().int(),
  fileName: z.string().nullable(),
  sha256: z.string(),
  preset: z.string().nullable(),
  status: z.enum(CALL_IMPORT_STATES),
  totalRows: z.number().int().nonnegative(),
  rowsDone: z.number().int().nonnegative(),
  goodRows: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  badRows: z.number().int().nonnegative(),
  eventsWritten: z.number().int().nonnegative(),
  deadLettersWritten: z.number().int().nonnegative(),
  failedReason: z.string().nullable(),
  createdBy: PersonRef,
  createdAt: IsoInstant,
  startedAt: IsoInstant.nullable(),
  finishedAt: IsoInstant.nullable(),
});
export type CallImportSummary = z.infer<typeof CallImportSummary>;

/** An import with its mapping and every bad row (`GET /api/call-imports/{id}`; also the answer of the start, 202). */
export const CallImportView = CallImportSummary.extend({ mapping: CallImportMapping, errors: z.array(CallImportRowError) });
export type CallImportView = z.infer<typeof CallImportView>;

/** Query of the list of imports: the newest `limit` (default 20). */
export const CallImportListQuery = z.strictObject({ limit: queryInt(1, 200) });
export type CallImportListQuery = z.infer<typeof CallImportListQuery>;

/** The BullMQ payload of an import job: only the import's id (the file waits encrypted in the database). */
export const CallImportJobPayload = z.strictObject({ importId: z.number().int().positive() });
export type CallImportJobPayload = z.infer<typeof CallImportJobPayload>;
