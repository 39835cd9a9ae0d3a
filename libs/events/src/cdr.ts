/**
 * Adapter for call records (话单 / CDR exports) of any platform: one row per call, read through a column mapping
 * (which column holds the caller, the arrival time, the answer time...). The API's import and `hotline import` read a
 * CSV or xlsx into {@link CdrRow}s and give them here with the user's {@link CdrMapping}.
 *
 * Reading (contract terms; times in the mapping's format and zone; durations seconds):
 * - every row is a request: call.offered at `arrival`, `category` = the business-type cell as written;
 * - `queueEntry` given: queue.entered then (queue = the business type, else the source name);
 * - `answer` given: agent.answered (wait = the `waitSeconds` cell, else answer − queue entry, else answer − arrival),
 *   then call.ended at `end` (talk = the `talkSeconds` cell, else end − answer; end = answer + talk when only the
 *   talk is given), ended by the `hangupSide` cell's side;
 * - not answered, queued: call.abandoned in the queue at `end` (wait = `waitSeconds`, else end − queue entry);
 * - not answered, not queued: call.abandoned in the IVR when the `ivrResult` cell says the caller asked for an agent
 *   (转人工), else ivr.completed (self-service) at `end` (ivrSeconds = end − arrival);
 * - `surveyRating` given: survey.answered at the end of the call.
 * A row that breaks a rule is reported with its row number (as the user sees it in the file, the header being row
 * 1), the field and the reason, and yields no event; the others go on.
 *
 * Ids: the call is `<source>:<call id cell>` when the mapping names a call-id column, else
 * `<source>:h<hash of the row's mapped cells>`; events are `<call>:<stage>` (call-record.ts). So importing the same
 * file twice gives the same events and the ledger keeps them once; a row repeated word for word in a file is one
 * call (counted as a duplicate), while the same call id on two rows with different cells is an error on the second.
 */
import { callRecordEvents, type CallRecord, type CallRecordOutcome, type SurveyRating } from './call-record';
import type { AdapterResult, CallEvent } from './events';
import { localToInstant } from './time';

/** The fields a mapping can give a column for. `arrival` is required; the others are optional. */
export const CDR_FIELDS = [
  'callId', 'caller', 'arrival', 'queueEntry', 'answer', 'agent', 'end', 'hangupSide', 'ivrResult', 'surveyRating', 'businessType', 'waitSeconds', 'talkSeconds',
] as const;
/** One of {@link CDR_FIELDS}. */
export type CdrField = (typeof CDR_FIELDS)[number];

/**
 * How the time cells are written: `local` a wall-clock date-time in the mapping's zone (`2026-12-07 08:30:05`,
 * `2026/12/7 8:30`, `2026年12月7日 08:30:05`, `20261207083005`; an xlsx date cell counts as one); `iso` ISO 8601 with
 * `Z` or an offset; `epoch-s` / `epoch-ms` Unix time in seconds / milliseconds.
 */
export const CDR_TIME_FORMATS = ['local', 'iso', 'epoch-s', 'epoch-ms'] as const;
/** One of {@link CDR_TIME_FORMATS}. */
export type CdrTimeFormat = (typeof CDR_TIME_FORMATS)[number];

/** Cell values (compared trimmed and case-insensitively) that mean each side / result / rating. */
export interface CdrValueWords {
  hangupSide: { caller: readonly string[]; agent: readonly string[] };
  /** `toAgent`: the caller asked for an agent (转人工) but was lost before the queue; `selfService`: served by the IVR. */
  ivrResult: { selfService: readonly string[]; toAgent: readonly string[] };
  surveyRating: Record<SurveyRating, readonly string[]>;
}

/** The words a Chinese platform's export usually writes, and their English forms. */
export const DEFAULT_CDR_VALUE_WORDS: CdrValueWords = {
  hangupSide: {
    caller: ['用户', '主叫', '客户', '来电方', '用户挂机', '主叫挂机', '客户挂机', 'caller', 'customer'],
    agent: ['坐席', '座席', '被叫', '话务员', '坐席挂机', '座席挂机', '被叫挂机', 'agent'],
  },
  ivrResult: {
    selfService: ['自助', '自助服务', '自助完成', '自助语音', 'IVR', 'self-service'],
    toAgent: ['转人工', '人工', '请求人工', 'to-agent', 'agent'],
  },
  surveyRating: {
    'very-satisfied': ['1', '非常满意', 'very-satisfied', 'very satisfied'],
    'basically-satisfied': ['2', '满意', '基本满意', 'basically-satisfied', 'basically satisfied', 'satisfied'],
    dissatisfied: ['3', '不满意', 'dissatisfied'],
  },
};

/**
 * A column mapping: our field -> the file's header text (exact, after trimming); how times are written and in which
 * zone; the source name (a short lower-case word naming the platform, part of every id); optional value words that
 * replace the defaults ({@link DEFAULT_CDR_VALUE_WORDS}) per field.
 */
export interface CdrMapping {
  columns: Partial<Record<CdrField, string>> & { arrival: string };
  timeFormat: CdrTimeFormat;
  /** IANA zone of `local` times, e.g. `Asia/Shanghai`. */
  timeZone: string;
  source: string;
  values?: { [K in keyof CdrValueWords]?: Partial<CdrValueWords[K]> };
}

/** One data row: its row number as the user sees it in the file (header = row 1) and its cells by header text. */
export interface CdrRow {
  row: number;
  cells: Readonly<Record<string, string>>;
}

/** Why a row was not imported: its row number, our field (`row` for the row as a whole), the header text, the reason. */
export interface CdrRowError {
  row: number;
  field: CdrField | 'row';
  column?: string;
  reason: string;
}

/** What one row gave: its events (one call), a duplicate of an earlier row, or its errors. */
export type CdrRowResult =
  | { kind: 'call'; row: number; callId: string; events: CallEvent[] }
  | { kind: 'duplicate'; row: number; callId: string; firstRow: number }
  | { kind: 'error'; row: number; errors: CdrRowError[] };

/** Earliest and latest instants a call record may name (a cell read in the wrong format lands outside). */
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

/**
 * A 106-bit hash (two 53-bit halves of cyrb53, by bryc, public domain) as 28 hex digits: enough that the rows of
 * any file never collide by chance (32 bits would, from about 10,000 rows on).
 */
export function rowHash(text: string): string {
  const half = (seed: number): string => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return half(0) + half(0x9e3779b9);
}

const LOCAL_TIME = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[T ]\s*|\s+)(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.(\d{1,9}))?\s*秒?)?$/;
const COMPACT_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads one time cell in the mapping's format.
 * @returns epoch milliseconds.
 * @throws Error with a reason naming the expected form (the caller adds the field).
 */
export function parseCdrTime(value: string, format: CdrTimeFormat, timeZone: string): number {
  let t: number;
  if (format === 'local') {
    const m = LOCAL_TIME.exec(value) ?? COMPACT_TIME.exec(value);
    if (!m) throw new Error(`"${value}" is not a date-time like 2026-12-07 08:30:05`);
    const [year, month, day, hour, minute, second = 0] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
    const millisecond = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || month > 12 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) throw new Error(`"${value}" is not a real date-time`);
    t = localToInstant({ year, month, day, hour, minute, second, millisecond }, timeZone).getTime();
  } else if (format === 'iso') {
    if (!ISO_TIME.test(value)) throw new Error(`"${value}" is not an ISO 8601 time with Z or an offset`);
    t = Date.parse(value.replace(' ', 'T'));
  } else if (format === 'epoch-s') {
    if (!/^\d{9,11}(\.\d+)?$/.test(value)) throw new Error(`"${value}" is not a Unix time in seconds`);
    t = Math.round(Number(value) * 1000);
  } else {
    if (!/^\d{12,14}$/.test(value)) throw new Error(`"${value}" is not a Unix time in milliseconds`);
    t = Number(value);
  }
  if (!Number.isFinite(t)) throw new Error(`"${value}" is not a real time`);
  if (t < MIN_TIME || t >= MAX_TIME) throw new Error(`"${value}" is outside 1990..2099`);
  return t;
}

/**
 * Reads a duration cell: seconds (`165`, `165.5`) or a clock duration (`2:45`, `00:02:45`).
 * @returns seconds.
 * @throws Error with the reason.
 */
export function parseCdrDuration(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(value);
  if (m && +m[2] < 60 && +m[3] < 60) return (m[1] ? +m[1] * 3600 : 0) + +m[2] * 60 + +m[3];
  if (/^-/.test(value)) throw new Error(`"${value}" is negative`);
  throw new Error(`"${value}" is not a duration in seconds or H:MM:SS`);
}

/** The value words of a mapping: its own lists where it gives them, the defaults elsewhere. */
export function cdrValueWords(mapping: Pick<CdrMapping, 'values'>): CdrValueWords {
  const v = mapping.values ?? {};
  return {
    hangupSide: { ...DEFAULT_CDR_VALUE_WORDS.hangupSide, ...v.hangupSide },
    ivrResult: { ...DEFAULT_CDR_VALUE_WORDS.ivrResult, ...v.ivrResult },
    surveyRating: { ...DEFAULT_CDR_VALUE_WORDS.surveyRating, ...v.surveyRating },
  };
}

function lookup<K extends string>(words: Record<K, readonly string[]>, value: string): K {
  const key = value.trim().toLowerCase();
  for (const [name, list] of Object.entries(words) as [K, readonly string[]][]) {
    if (list.some((w) => w.trim().toLowerCase() === key)) return name;
  }
  const known = (Object.values(words) as string[][]).flat().slice(0, 12).join(', ');
  throw new Error(`"${value}" is none of the known values (${known}); add it to the mapping's values`);
}

/**
 * The columns a mapping names that the file's header lacks.
 * @returns one entry per missing column: our field and the header text looked for.
 */
export function missingCdrColumns(headers: readonly string[], mapping: Pick<CdrMapping, 'columns'>): { field: CdrField; column: string }[] {
  const have = new Set(headers.map((h) => h.trim()));
  return (Object.entries(mapping.columns) as [CdrField, string | undefined][])
    .filter(([, column]) => column !== undefined && column !== '' && !have.has(column.trim()))
    .map(([field, column]) => ({ field, column: column! }));
}

/**
 * Reads rows of one file with one mapping, one at a time (the import job reads in chunks), remembering the calls
 * already seen so that duplicates are told from conflicting rows across chunks.
 */
export class CdrReader {
  private readonly words: CdrValueWords;
  /** call id -> the first row holding it and that row's fingerprint. */
  private readonly seen = new Map<string, { row: number; print: string }>();

  /** @param mapping - the (validated) column mapping. */
  constructor(private readonly mapping: CdrMapping) {
    this.words = cdrValueWords(mapping);
  }

  /** The cell of a mapped field, trimmed; undefined when the field is not mapped or the cell is empty. */
  private cell(row: CdrRow, field: CdrField): string | undefined {
    const column = this.mapping.columns[field];
    if (!column) return undefined;
    const v = (row.cells[column] ?? '').trim();
    return v === '' ? undefined : v;
  }

  /**
   * Reads one row.
   * @returns the call's events, a duplicate of an earlier row, or every error of the row (field, column, reason).
   */
  read(row: CdrRow): CdrRowResult {
    const errors: CdrRowError[] = [];
    const fail = (field: CdrField, reason: string) => errors.push({ row: row.row, field, column: this.mapping.columns[field], reason });
    const { timeFormat, timeZone, source } = this.mapping;
    const time = (field: CdrField): number | undefined => {
      const v = this.cell(row, field);
      if (v === undefined) return undefined;
      try {
        return parseCdrTime(v, timeFormat, timeZone);
      } catch (e) {
        fail(field, (e as Error).message);
        return undefined;
      }
    };
    const duration = (field: CdrField): number | undefined => {
      const v = this.cell(row, field);
      if (v === undefined) return undefined;
      try {
        return parseCdrDuration(v);
      } catch (e) {
        fail(field, (e as Error).message);
        return undefined;
      }
    };
    const word = <K extends string>(field: CdrField, words: Record<K, readonly string[]>): K | undefined => {
      const v = this.cell(row, field);
      if (v === undefined) return undefined;
      try {
        return lookup(words, v);
      } catch (e) {
        fail(field, (e as Error).message);
        return undefined;
      }
    };
    const arrivalCell = this.cell(row, 'arrival');
    if (arrivalCell === undefined) fail('arrival', 'the arrival time is empty: every call record needs one');
    const arrival = time('arrival');
    const queueEntry = time('queueEntry');
    const answer = time('answer');
    const end = time('end');
    const wait = duration('waitSeconds');
    const talk = duration('talkSeconds');
    const side = word('hangupSide', this.words.hangupSide);
    const ivr = word('ivrResult', this.words.ivrResult);
    const rating = word('surveyRating', this.words.surveyRating);
    const caller = this.cell(row, 'caller');
    if (caller !== undefined && caller.length > 100) fail('caller', `the caller number has ${caller.length} characters (at most 100)`);
    const category = this.cell(row, 'businessType');
    if (category !== undefined && category.length > 100) fail('businessType', `the business type has ${category.length} characters (at most 100)`);
    const agent = this.cell(row, 'agent');
    if (agent !== undefined && agent.length > 200) fail('agent', `the agent id has ${agent.length} characters (at most 200)`);
    const callIdCell = this.cell(row, 'callId');
    if (this.mapping.columns.callId && callIdCell === undefined) fail('callId', 'the call id is empty');
    if (callIdCell !== undefined && callIdCell.length > 150) fail('callId', `the call id has ${callIdCell.length} characters (at most 150)`);
    const order = (later: CdrField, laterAt: number | undefined, earlier: CdrField, earlierAt: number | undefined) => {
      if (laterAt !== undefined && earlierAt !== undefined && laterAt < earlierAt) {
        fail(later, `${later} (${new Date(laterAt).toISOString()}) is before ${earlier} (${new Date(earlierAt).toISOString()})`);
      }
    };
    order('queueEntry', queueEntry, 'arrival', arrival);
    if (queueEntry !== undefined) order('answer', answer, 'queueEntry', queueEntry);
    else order('answer', answer, 'arrival', arrival);
    if (answer !== undefined) order('end', end, 'answer', answer);
    else if (queueEntry !== undefined) order('end', end, 'queueEntry', queueEntry);
    else order('end', end, 'arrival', arrival);
    if (answer !== undefined && end === undefined && talk === undefined && errors.every((e) => e.field !== 'end')) {
      fail('end', 'an answered call needs its end time or its talk duration');
    }
    if (errors.length > 0 || arrival === undefined) return { kind: 'error', row: row.row, errors };

    let outcome: CallRecordOutcome;
    let last: number;
    if (answer !== undefined) {
      const endedAt = end ?? answer + talk! * 1000;
      outcome = {
        kind: 'answered', at: answer, agentId: agent ?? null,
        waitSeconds: wait ?? (answer - (queueEntry ?? arrival)) / 1000,
        endedAt, talkSeconds: talk ?? (endedAt - answer) / 1000, endedBy: side ?? 'unknown',
      };
      last = endedAt;
    } else if (queueEntry !== undefined) {
      const at = end ?? (wait !== undefined ? queueEntry + wait * 1000 : queueEntry);
      outcome = { kind: 'abandoned', at, where: 'queue', waitSeconds: wait ?? (end !== undefined ? (end - queueEntry) / 1000 : undefined), queue: category };
      last = at;
    } else if (ivr === 'toAgent') {
      const at = end ?? arrival;
      outcome = { kind: 'abandoned', at, where: 'ivr', waitSeconds: (at - arrival) / 1000 };
      last = at;
    } else {
      const at = end ?? arrival;
      outcome = { kind: 'ivr', at, ivrSeconds: (at - arrival) / 1000 };
      last = at;
    }
    const mapped = CDR_FIELDS.filter((f) => this.mapping.columns[f]).map((f) => `${f}=${this.cell(row, f) ?? ''}`).join('\u001f');
    const print = rowHash(mapped);
    const callId = `${source}:${callIdCell ?? `h${print}`}`;
    const earlier = this.seen.get(callId);
    if (earlier) {
      if (earlier.print === print) return { kind: 'duplicate', row: row.row, callId, firstRow: earlier.row };
      return { kind: 'error', row: row.row, errors: [{ row: row.row, field: 'callId', column: this.mapping.columns.callId, reason: `call id "${callIdCell}" is also on row ${earlier.row}, with other values` }] };
    }
    this.seen.set(callId, { row: row.row, print });
    const record: CallRecord = {
      callId, source, offeredAt: arrival, callerId: caller, category,
      queue: queueEntry !== undefined ? { name: category ?? source, enteredAt: queueEntry } : undefined,
      outcome,
      survey: rating ? { at: last, rating } : undefined,
    };
    return { kind: 'call', row: row.row, callId, events: callRecordEvents(record) };
  }
}

/** What {@link parseCdrRows} returns: the events, the errors of every bad row, and the counts. */
export interface CdrResult extends Pick<AdapterResult, 'events'> {
  errors: CdrRowError[];
  /** Rows that gave a call. */
  calls: number;
  /** Rows repeating an earlier row word for word (the same call, kept once). */
  duplicates: number;
  /** Distinct rows with errors. */
  badRows: number;
}

/**
 * Reads a whole file's rows with a mapping. Pure: no I/O.
 * @returns events of the good rows (per call, in the call's order), every bad row's errors, counts.
 */
export function parseCdrRows(rows: Iterable<CdrRow>, mapping: CdrMapping): CdrResult {
  const reader = new CdrReader(mapping);
  const result: CdrResult = { events: [], errors: [], calls: 0, duplicates: 0, badRows: 0 };
  for (const row of rows) {
    const r = reader.read(row);
    if (r.kind === 'call') {
      result.calls++;
      for (const e of r.events) result.events.push(e);
    } else if (r.kind === 'duplicate') {
      result.duplicates++;
    } else {
      result.badRows++;
      result.errors.push(...r.errors);
    }
  }
  return result;
}
