/**
 * Asterisk `queue_log` adapter: both physical layouts, every app_queue version from 1.4 to the current branches.
 *
 * - Flat file: `epoch|callid|queuename|agent|event|param1|...` (main/logger.c `ast_queue_log()`).
 * - Realtime table export as CSV: `time, callid, queuename, agent, event, data1..data5` (adaptive realtime) or a
 *   single `data` column; extra columns (`id`, `serverid`, a `scenario` heading...) are ignored. `time` is local
 *   wall-clock text in the PBX's zone (`sourceTimeZone`, UTC by default, as `queue_log_realtime_use_gmt`).
 *
 * Field meanings and version differences: shared/reference/queue-log-format.md (restated from app_queue.c).
 * Mapping to canonical events:
 * - ENTERQUEUE -> call.offered + queue.entered; DID -> call.offered (the dialled line, FreePBX);
 * - CONNECT -> agent.answered (holdtime = wait); COMPLETECALLER/COMPLETEAGENT -> call.ended (calltime = talk);
 *   TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER -> call.transferred (an answered call's end);
 * - ABANDON, EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY, WITHDRAW, SYSCOMPAT -> call.abandoned (queue) with a reason;
 *   FULL, CLOSED, JOINEMPTY, DIVERT_* (Wazo: refused before queueing) -> call.offered + call.abandoned (queue, wait 0);
 * - RINGNOANSWER, RINGCANCELED (ringtime in ms), AGENTDUMP -> agent.offered (a ring attempt, not a call);
 * - ADDMEMBER, REMOVEMEMBER, PAUSE(ALL), UNPAUSE(ALL), AGENTLOGIN/LOGOFF, AGENTCALLBACKLOGIN/LOGOFF -> agent.state;
 * - QUEUESTART, CONFIGRELOAD, PENALTY, RINGINUSE, OUTCALL (outbound, not a request) -> skipped and counted;
 * - custom lines of this product (written by the dialplan's `QueueLog()`; layouts in the README, "queue_log custom
 *   lines"): IVR (`IVR|choice[|seconds[|end]]`: the IVR menu choice -> call.offered with `ivrChoice` at the arrival,
 *   plus ivr.completed for end `HANGUP` or call.abandoned in the IVR for end `ABANDON`) and SURVEY
 *   (`SURVEY|rating[|...]`, rating 1/2/3 or 非常满意/基本满意/不满意 -> survey.answered);
 * - blank lines skipped and counted; malformed lines and unknown event names -> dead letters with file, line
 *   and reason (the raw line is kept).
 * Duplicates: event ids are built from (callid, queue, event, agent, epoch second) for call events, so the same
 * fact written twice (the repeated ENTERQUEUE, the COMPLETEAGENT repeated with another origposition) is one
 * event; member events add their parameters. The same rows read from the flat file and from the table give the
 * same ids.
 *
 * Transfers between queues (format reference §3 ATTENDEDTRANSFER, §5.1): the caller's visit stays one call.
 * - Attended transfer into an application (`APP|Queue`: the first agent's consultation call waits in the target
 *   queue and the agent completes the transfer): Asterisk swaps the channels, so the ATTENDEDTRANSFER line of the
 *   first agent's call is written under the consultation call's uniqueid, and the caller's CONNECT/COMPLETE* in
 *   the target queue keep the caller's own uniqueid with no ENTERQUEUE under it there. The transfer line is given
 *   back to the caller's call (the call that CONNECTed with that agent in that queue when the line's calltime
 *   began, ±2 s, with the same holdtime); the consultation's ENTERQUEUE is not a request (skipped and counted as
 *   `consultation`) and its other lines (ring attempts) join the caller's call.
 * - Attended transfer merging two bridges (`BRIDGE|id`, `LINK|...`) when the consultation was answered in
 *   another queue: both queue calls log ATTENDEDTRANSFER with the same method data in the same second; the one
 *   that entered its queue after the other was answered is the consultation: its lines are skipped
 *   (`consultation`). The target agent's talk with the caller after such a merge is not in the log (unknown).
 * - Blind transfers (BLINDTRANSFER, TRANSFER) keep the caller's uniqueid: its later lines in the target queue
 *   are already the same call.
 * Event ids stay those of the line as written (its own callid), so re-reading the same lines gives the same ids.
 *
 * Input that is not text (a NUL character, a binary file) is refused as a whole: {@link FeedInputError}.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { AdapterResult, CallEvent, DeadLetter, LossReason } from './events';
import { assertFeedText } from './input-check';
import { parseSurveyRating } from './survey';
import { localToInstant } from './time';

/** Options of {@link parseQueueLog}. */
export interface QueueLogOptions {
  /** File name reported in dead letters. */
  file?: string;
  /** Zone of the table layout's `time` column (IANA name); ignored for the flat file (epoch seconds). Default `UTC`. */
  sourceTimeZone?: string;
  /** `source` written on every event; default `queue_log`. */
  source?: string;
}

/** One queue_log row, whatever its layout. */
interface QueueLogRecord {
  epochMs: number;
  callid: string;
  queue: string;
  agent: string;
  event: string;
  params: string[];
  line: number;
  raw: string;
  /** The call this line belongs to when not its own callid (a transfer line written under the consultation's id). */
  joinedTo?: string;
  /** A line of a consultation call (an agent's call into another queue to hand the caller over): not a request. */
  consultation?: boolean;
}

const NO_CALL = new Set(['NONE', 'REALTIME', 'MANAGER', 'CLI', '']);
const NOISE = new Set(['QUEUESTART', 'CONFIGRELOAD', 'PENALTY', 'RINGINUSE', 'OUTCALL']);

/** A line that parsed as a row but whose content is unusable; becomes a dead letter. */
class LineError extends Error {}

/**
 * Turns a whole queue_log (flat file or table CSV; detected from the first non-blank line) into canonical events.
 * Bad lines do not stop it: every problem becomes a dead letter and the rest of the file goes on.
 * @throws FeedInputError when the text holds a NUL character or looks binary (the whole input is refused).
 */
export function parseQueueLog(text: string, options: QueueLogOptions = {}): AdapterResult {
  assertFeedText(text, options.file);
  const firstLine = text.split(/\r?\n/, 20).find((l) => l.trim() !== '') ?? '';
  const isTable = /(^|,)\s*"?callid"?\s*,/i.test(firstLine) && /,\s*"?event"?\s*(,|$)/i.test(firstLine);
  const { records, deadLetters, skipped } = isTable ? readTable(text, options) : readFlatFile(text, options);
  joinTransfers(records);
  const source = options.source ?? 'queue_log';
  const events: CallEvent[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (NOISE.has(record.event)) {
      bump(skipped, `system:${record.event}`);
      continue;
    }
    if (record.consultation) {
      bump(skipped, 'consultation');
      continue;
    }
    try {
      const produced = toEvents(record, source);
      if (produced === undefined) {
        deadLetters.push(deadLetter(options, source, record.line, record.raw, `unknown event "${record.event}" (kept here, not interpreted)`));
        continue;
      }
      let fresh = 0;
      for (const event of produced) {
        if (seen.has(event.eventId)) continue;
        seen.add(event.eventId);
        events.push(event);
        fresh += 1;
      }
      if (fresh === 0) bump(skipped, 'duplicate');
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      deadLetters.push(deadLetter(options, source, record.line, record.raw, `${record.event}: ${error.message}`));
    }
  }
  return { events, deadLetters, skipped };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function deadLetter(options: QueueLogOptions, source: string, line: number, raw: string, reason: string): DeadLetter {
  const file = options.file;
  return { key: `${source}:${file ?? '-'}:${line}:${fnv1a(raw)}`, source, file, line, reason, raw };
}

/** 32-bit FNV-1a of a string, hex; a short stable fingerprint for dead-letter keys. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function trimTrailingEmpty(params: string[]): string[] {
  let end = params.length;
  while (end > 0 && params[end - 1] === '') end--;
  return params.slice(0, end);
}

function readFlatFile(text: string, options: QueueLogOptions) {
  const records: QueueLogRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const skipped: Record<string, number> = {};
  const source = options.source ?? 'queue_log';
  const lines = text.replace(/^\uFEFF/, '').split('\n'); // a byte-order mark is not part of the first line
  if (lines.at(-1) === '') lines.pop(); // the newline ending the last line
  lines.forEach((rawLine, index) => {
    const raw = rawLine.replace(/\r$/, '');
    const line = index + 1;
    if (raw.trim() === '') {
      bump(skipped, 'blank');
      return;
    }
    const fields = raw.split('|');
    if (fields.length < 5) {
      deadLetters.push(deadLetter(options, source, line, raw, `expected at least 5 fields epoch|callid|queuename|agent|event, found ${fields.length}`));
      return;
    }
    const [epoch, callid, queue, agent, event, ...params] = fields;
    if (!/^\d{9,11}(\.\d+)?$/.test(epoch)) {
      deadLetters.push(deadLetter(options, source, line, raw, `epoch "${epoch}" is not a Unix time in seconds`));
      return;
    }
    if (!/^[A-Z][A-Z0-9_]*$/i.test(event)) {
      deadLetters.push(deadLetter(options, source, line, raw, `event name "${event}" is not a queue_log event`));
      return;
    }
    records.push({ epochMs: Math.round(Number(epoch) * 1000), callid, queue, agent, event: event.toUpperCase(), params: trimTrailingEmpty(params), line, raw });
  });
  return { records, deadLetters, skipped };
}

const TABLE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

function readTable(text: string, options: QueueLogOptions) {
  const records: QueueLogRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const skipped: Record<string, number> = {};
  const source = options.source ?? 'queue_log';
  const timeZone = options.sourceTimeZone ?? 'UTC';
  const rows = parseCsv(text, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    raw: true,
    bom: true,
  }) as { record: Record<string, string | undefined>; info: { lines: number }; raw: string }[];
  for (const { record, info, raw: rawRecord } of rows) {
    const raw = rawRecord.replace(/\r?\n$/, '');
    const line = info.lines;
    const time = (record.time ?? '').trim();
    const event = (record.event ?? '').trim();
    if (!event || !/^[A-Z][A-Z0-9_]*$/i.test(event)) {
      deadLetters.push(deadLetter(options, source, line, raw, `event name "${event}" is not a queue_log event`));
      continue;
    }
    let epochMs: number;
    const m = TABLE_TIME.exec(time);
    if (m) {
      const [, y, mo, d, h, mi, s, frac] = m;
      try {
        epochMs = localToInstant({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s, millisecond: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0 }, timeZone).getTime();
      } catch (error) {
        deadLetters.push(deadLetter(options, source, line, raw, `time "${time}": ${(error as Error).message}`));
        continue;
      }
    } else if (/^\d{9,11}(\.\d+)?$/.test(time)) {
      epochMs = Math.round(Number(time) * 1000);
    } else {
      deadLetters.push(deadLetter(options, source, line, raw, `time "${time}" is neither YYYY-MM-DD HH:MM:SS[.ffffff] nor epoch seconds`));
      continue;
    }
    const data = record.data !== undefined ? record.data : [1, 2, 3, 4, 5].map((i) => record[`data${i}`] ?? '').join('|');
    records.push({
      epochMs,
      callid: (record.callid ?? '').trim(),
      queue: (record.queuename ?? record.queue ?? '').trim(),
      agent: (record.agent ?? '').trim(),
      event: event.toUpperCase(),
      params: trimTrailingEmpty(data.split('|')),
      line,
      raw,
    });
  }
  return { records, deadLetters, skipped };
}

/** Reads parameter `index` (0-based) as a count of seconds (or ms when `unit` says so). */
function num(record: QueueLogRecord, index: number, name: string, unit: 's' | 'ms' = 's'): number {
  const value = record.params[index];
  if (value === undefined || value === '') throw new LineError(`missing ${name} (parameter ${index + 1})`);
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new LineError(`${name} "${value}" is not a non-negative number`);
  return unit === 'ms' ? Number(value) / 1000 : Number(value);
}

function optionalNum(record: QueueLogRecord, index: number, name: string): number | undefined {
  const value = record.params[index];
  return value === undefined || value === '' ? undefined : num(record, index, name);
}

function requireCall(record: QueueLogRecord): string {
  if (NO_CALL.has(record.callid)) throw new LineError(`call event without a call id (callid "${record.callid}")`);
  return record.joinedTo ?? record.callid;
}

const TRANSFERS = new Set(['TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER']);
const CALL_ENDS = new Set(['COMPLETECALLER', 'COMPLETEAGENT', ...TRANSFERS]);
const ARRIVALS = new Set(['ENTERQUEUE', 'DID', 'FULL', 'CLOSED', 'JOINEMPTY', 'DIVERT_CA_RATIO', 'DIVERT_HOLDTIME']);
/** How far (ms) a transfer line's implied answer (line time - calltime) may be from the CONNECT it belongs to. */
const JOIN_TOLERANCE_MS = 2000;

/** A transfer line's method data (the parameters before holdtime), holdtime and calltime; undefined when unreadable. */
function transferTiming(r: QueueLogRecord): { data: string; hold: number; talk: number } | undefined {
  const at = r.event === 'ATTENDEDTRANSFER' ? (r.params[0] === 'LINK' ? 3 : 2) : 2;
  const hold = Number(r.params[at]);
  const talk = Number(r.params[at + 1]);
  if (r.params[at] === undefined || r.params[at + 1] === undefined || !Number.isFinite(hold) || !Number.isFinite(talk)) return undefined;
  return { data: r.params.slice(0, at).join('|'), hold, talk };
}

/**
 * The call state machine across callids (see the header): gives transfer lines written under a consultation's
 * uniqueid back to the caller's call and marks the consultation's own lines. Mutates `joinedTo` and
 * `consultation` of the records; the order of the records does not matter (table exports may be newest first).
 */
function joinTransfers(records: QueueLogRecord[]): void {
  if (!records.some((r) => TRANSFERS.has(r.event))) return;
  const byCall = new Map<string, QueueLogRecord[]>();
  for (const r of records) {
    if (NO_CALL.has(r.callid)) continue;
    const list = byCall.get(r.callid);
    if (list) list.push(r);
    else byCall.set(r.callid, [r]);
  }
  const transfers = records.filter((r) => TRANSFERS.has(r.event) && byCall.has(r.callid));
  const connects = records.filter((r) => r.event === 'CONNECT' && byCall.has(r.callid));
  const connectOf = (callid: string, queue: string, agent: string) => byCall.get(callid)?.find((x) => x.event === 'CONNECT' && x.queue === queue && x.agent === agent);
  const endsOwn = (c: QueueLogRecord) => byCall.get(c.callid)!.some((x) => CALL_ENDS.has(x.event) && x.queue === c.queue && x.agent === c.agent && x.epochMs >= c.epochMs && !x.joinedTo);
  const moved = new Map<string, string>(); // consultation callid -> caller callid

  // 1. Transfer lines whose call never CONNECTed with that agent in that queue: written under the consultation's id.
  for (const r of transfers) {
    if (connectOf(r.callid, r.queue, r.agent)) continue;
    const t = transferTiming(r);
    if (!t) continue;
    const answered = r.epochMs - t.talk * 1000;
    let best: QueueLogRecord | undefined;
    for (const c of connects) {
      if (c.callid === r.callid || c.queue !== r.queue || c.agent !== r.agent) continue;
      const gap = Math.abs(c.epochMs - answered);
      const hold = Number(c.params[0]);
      if (gap > JOIN_TOLERANCE_MS || (Number.isFinite(hold) && Math.abs(hold - t.hold) > 1) || endsOwn(c)) continue;
      if (!best || gap < Math.abs(best.epochMs - answered)) best = c;
    }
    if (!best) continue;
    r.joinedTo = best.callid;
    if (byCall.get(r.callid)!.some((x) => x !== r)) moved.set(r.callid, best.callid);
  }
  for (const [consultation, caller] of moved) {
    for (const x of byCall.get(consultation)!) {
      if (x.joinedTo) continue;
      if (ARRIVALS.has(x.event)) x.consultation = true;
      else x.joinedTo = caller;
    }
  }

  // 2. Bridge merges: both queue calls log the same ATTENDEDTRANSFER (same bridge id or Local channel pair, within a
  // second); the one that began after the other was answered, with another agent, is the consultation.
  const start = (callid: string): number => {
    const lines = byCall.get(callid)!;
    const arrivals = lines.filter((x) => ARRIVALS.has(x.event)).map((x) => x.epochMs);
    if (arrivals.length) return Math.min(...arrivals);
    const connect = lines.find((x) => x.event === 'CONNECT');
    return connect ? connect.epochMs - (Number(connect.params[0]) || 0) * 1000 : Math.min(...lines.map((x) => x.epochMs));
  };
  const byData = new Map<string, QueueLogRecord[]>();
  for (const r of transfers) {
    if (r.event !== 'ATTENDEDTRANSFER' || r.joinedTo || moved.has(r.callid) || !connectOf(r.callid, r.queue, r.agent)) continue;
    const t = transferTiming(r);
    // Only data naming one bridge or one channel pair identifies a merge (`APP|Queue` is shared by unrelated transfers).
    if (!t || !/^(BRIDGE\|.+|LINK\|.+\|.+)$/.test(t.data)) continue;
    const list = byData.get(t.data);
    if (list) list.push(r);
    else byData.set(t.data, [r]);
  }
  for (const lines of byData.values()) {
    lines.sort((a, b) => a.epochMs - b.epochMs);
    for (let i = 0; i < lines.length; i++) {
      for (let k = i + 1; k < lines.length && lines[k].epochMs - lines[i].epochMs <= 1000; k++) {
        const [a, b] = [lines[i], lines[k]];
        if (a.callid === b.callid || a.agent === b.agent) continue;
        const [caller, other] = start(a.callid) < start(b.callid) || (start(a.callid) === start(b.callid) && a.callid < b.callid) ? [a, b] : [b, a];
        const answered = connectOf(caller.callid, caller.queue, caller.agent)!;
        if (start(other.callid) < answered.epochMs - 1000) continue; // began before the caller was answered: not its consultation
        for (const x of byCall.get(other.callid)!) x.consultation = true;
      }
    }
  }
}

function requireAgent(record: QueueLogRecord): string {
  if (record.agent === '' || record.agent === 'NONE') throw new LineError('member event without an agent');
  return record.agent;
}

/** Maps one row to canonical events; `undefined` for an event name this adapter does not know. */
function toEvents(r: QueueLogRecord, source: string): CallEvent[] | undefined {
  const ts = new Date(r.epochMs).toISOString();
  const second = Math.floor(r.epochMs / 1000);
  const callKey = (suffix: string) => `ql:${r.callid}:${r.queue}:${r.event}:${r.agent}:${second}:${suffix}`;
  const memberKey = () => `ql:${r.callid}:${r.queue}:${r.event}:${r.agent}:${second}:${r.params.join('|')}`;
  const queue = r.queue && r.queue !== 'NONE' ? r.queue : undefined;
  const lost = (reason: LossReason, waitSeconds: number | undefined): CallEvent => ({
    eventId: callKey('lost'), callId: requireCall(r), ts, source, type: 'call.abandoned', where: 'queue', reason, waitSeconds, queue,
  });
  const refused = (reason: LossReason): CallEvent[] => [
    { eventId: callKey('offered'), callId: requireCall(r), ts, source, type: 'call.offered' },
    lost(reason, 0),
  ];
  const state = (s: 'ready' | 'paused' | 'logout', reason?: string): CallEvent[] => [{
    eventId: memberKey(), callId: NO_CALL.has(r.callid) ? null : r.callid, ts, source, type: 'agent.state', agentId: requireAgent(r), state: s,
    reason: reason || undefined, queue,
  }];

  switch (r.event) {
    case 'ENTERQUEUE': {
      const callId = requireCall(r);
      if (!queue) throw new LineError('ENTERQUEUE without a queue name');
      const callerId = r.params[1] || undefined;
      const position = r.params[2] ? num(r, 2, 'origposition') : undefined;
      return [
        { eventId: callKey('offered'), callId, ts, source, type: 'call.offered', callerId },
        { eventId: callKey('queued'), callId, ts, source, type: 'queue.entered', queue, position: position && position > 0 ? position : undefined },
      ];
    }
    case 'DID':
      return [{ eventId: callKey('offered'), callId: requireCall(r), ts, source, type: 'call.offered', did: r.params[0] || undefined }];
    case 'CONNECT':
      return [{
        eventId: callKey('answered'), callId: requireCall(r), ts, source, type: 'agent.answered', agentId: requireAgent(r),
        waitSeconds: num(r, 0, 'holdtime'), ringSeconds: optionalNum(r, 2, 'ringtime'), queue,
      }];
    case 'COMPLETECALLER':
    case 'COMPLETEAGENT':
      return [{
        eventId: callKey('ended'), callId: requireCall(r), ts, source, type: 'call.ended', agentId: requireAgent(r),
        waitSeconds: num(r, 0, 'holdtime'), talkSeconds: num(r, 1, 'calltime'), endedBy: r.event === 'COMPLETECALLER' ? 'caller' : 'agent',
      }];
    case 'TRANSFER':
    case 'BLINDTRANSFER':
      return [{
        eventId: callKey('transferred'), callId: requireCall(r), ts, source, type: 'call.transferred', agentId: requireAgent(r),
        kind: r.event === 'BLINDTRANSFER' ? 'blind' : 'unknown', target: [r.params[0], r.params[1]].filter(Boolean).join('@') || undefined,
        waitSeconds: num(r, 2, 'holdtime'), talkSeconds: num(r, 3, 'calltime'),
      }];
    case 'ATTENDEDTRANSFER': {
      const at = r.params[0] === 'LINK' ? 3 : 2; // LINK|chan1|chan2|hold|talk|pos has one more field
      return [{
        eventId: callKey('transferred'), callId: requireCall(r), ts, source, type: 'call.transferred', agentId: requireAgent(r),
        kind: 'attended', target: r.params.slice(0, at).join('|') || undefined,
        waitSeconds: num(r, at, 'holdtime'), talkSeconds: num(r, at + 1, 'calltime'),
      }];
    }
    case 'ABANDON':
      return [lost('hangup', num(r, 2, 'waittime'))];
    case 'EXITEMPTY':
      return [lost('no-agents', num(r, 2, 'waittime'))];
    case 'EXITWITHTIMEOUT': // 1 parameter (position) in 1.4 and on some 1.6-10 paths, 3 from 11 on
      return [lost('timeout', optionalNum(r, 2, 'waittime'))];
    case 'EXITWITHKEY': // key|position (1.4, 1.6) or key|position|origposition|waittime (1.8+)
      return [lost('key-exit', optionalNum(r, 3, 'waittime'))];
    case 'WITHDRAW':
      return [lost('withdrawn', optionalNum(r, 2, 'waittime'))];
    case 'SYSCOMPAT':
      return [lost('dropped', undefined)];
    case 'FULL':
      return refused('queue-full');
    case 'CLOSED':
      return refused('queue-closed');
    case 'JOINEMPTY':
      return refused('join-empty');
    case 'DIVERT_CA_RATIO':
    case 'DIVERT_HOLDTIME':
      return refused('diverted');
    case 'RINGNOANSWER':
    case 'RINGCANCELED':
      return [{
        eventId: memberKey(), callId: requireCall(r), ts, source, type: 'agent.offered', agentId: requireAgent(r),
        result: r.event === 'RINGNOANSWER' ? 'no-answer' : 'canceled', ringSeconds: num(r, 0, 'ringtime', 'ms'),
      }];
    case 'IVR': {
      // IVR|choice[|seconds[|end]]: the menu choice; seconds in the IVR so far; end HANGUP (self-service), ABANDON (lost in the IVR) or QUEUE/empty (an ENTERQUEUE follows).
      const callId = requireCall(r);
      const seconds = optionalNum(r, 1, 'IVR seconds') ?? 0;
      const end = (r.params[2] ?? '').trim().toUpperCase();
      const offered: CallEvent = { eventId: callKey('offered'), callId, ts: new Date(r.epochMs - seconds * 1000).toISOString(), source, type: 'call.offered', ivrChoice: r.params[0]?.trim() || undefined };
      if (end === '' || end === 'QUEUE') return [offered];
      if (end === 'HANGUP') return [offered, { eventId: callKey('ivr'), callId, ts, source, type: 'ivr.completed', ivrSeconds: seconds }];
      if (end === 'ABANDON') return [offered, { eventId: callKey('lost'), callId, ts, source, type: 'call.abandoned', where: 'ivr', reason: 'hangup', waitSeconds: seconds }];
      throw new LineError(`end "${r.params[2]}" is not HANGUP, ABANDON or QUEUE (parameter 3)`);
    }
    case 'SURVEY': {
      // SURVEY|rating[|...]: the hang-up survey's answer (1 very satisfied, 2 basically satisfied, 3 dissatisfied, or the words).
      const rating = parseSurveyRating(r.params[0] ?? '');
      if (!rating) throw new LineError(r.params[0] ? `rating "${r.params[0]}" is not 1, 2, 3, 非常满意, 基本满意 or 不满意 (parameter 1)` : 'missing rating (parameter 1)');
      return [{ eventId: callKey('survey'), callId: requireCall(r), ts, source, type: 'survey.answered', rating }];
    }
    case 'AGENTDUMP':
      return [{ eventId: memberKey(), callId: requireCall(r), ts, source, type: 'agent.offered', agentId: requireAgent(r), result: 'dumped' }];
    case 'ADDMEMBER':
      return state(r.params[0] === 'PAUSED' ? 'paused' : 'ready', r.params[0] === 'PAUSED' ? 'added paused' : undefined);
    case 'AGENTLOGIN':
    case 'AGENTCALLBACKLOGIN':
    case 'UNPAUSE':
    case 'UNPAUSEALL':
      return state('ready');
    case 'PAUSE':
    case 'PAUSEALL':
      return state('paused', r.params[0]);
    case 'REMOVEMEMBER':
    case 'AGENTLOGOFF':
    case 'AGENTCALLBACKLOGOFF':
      return state('logout', r.event === 'AGENTCALLBACKLOGOFF' ? r.params[2] : undefined);
    default:
      return undefined;
  }
}
