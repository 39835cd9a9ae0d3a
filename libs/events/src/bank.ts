/**
 * Adapter for the per-call records of the Technion "Anonymous Bank" call centre (shared/data/anonymous-bank-1999-02;
 * Guedj and Mandelbaum; described in Brown et al., "Statistical Analysis of a Telephone Call Center", JASA 2005).
 *
 * Each row is one call through a voice response unit (VRU) and, maybe, the agent queue. Columns:
 * `vru+line, call_id, customer_id, priority, type, date (YYMMDD), vru_entry, vru_exit, vru_time, q_start, q_exit,
 * q_time, outcome (AGENT | HANG | PHANTOM), ser_start, ser_exit, ser_time, server`; times `H:MM:SS` local.
 *
 * Reading (contract terms):
 * - every non-PHANTOM row is a request (call.offered at vru_entry); PHANTOM rows are skipped, as the data's
 *   documentation says;
 * - a call queued when q_time > 0 or q_start/q_exit is not the null `0:00:00` (queue.entered at q_start);
 * - AGENT: agent-answered (agent.answered at ser_start, or at the queue/VRU exit when ser_start is null; wait =
 *   q_time), then call.ended at ser_exit with talk = ser_time; server `NO_SERVER` means the agent is unknown;
 * - HANG after queueing: lost in the queue (call.abandoned at q_exit, wait = q_time);
 * - HANG without queueing: the call ended in self-service: IVR-answered (ivr.completed at vru_exit);
 * - `0:00:00` is null for a stage that did not happen and a real midnight otherwise; a stage time earlier than
 *   the previous one by more than the clocks' skew (two hours) is on the next day (13 services and 2 queue waits
 *   cross midnight); the VRU clock runs up to ~70 s behind the queue clock (23 negative vru_time rows), so
 *   event times within a call are kept monotonic.
 * Call ids are `bank:<vru+line>:<call_id>` (call_id alone repeats across VRU lines).
 */
import { callRecordEvents, type CallRecord } from './call-record';
import type { AdapterResult, CallEvent, DeadLetter } from './events';
import { assertFeedText } from './input-check';
import { fnv1a } from './queue-log';
import { DEFAULT_TIMEZONE, localToInstant } from './time';

/** Options of {@link parseBankCalls}. */
export interface BankOptions {
  file?: string;
  /** Zone the file's local times are read in; default the hotline's zone (Asia/Shanghai), so the day shape stays local. */
  sourceTimeZone?: string;
  source?: string;
}

const COLUMNS = ['vru+line', 'call_id', 'customer_id', 'priority', 'type', 'date', 'vru_entry', 'vru_exit', 'vru_time', 'q_start', 'q_exit', 'q_time', 'outcome', 'ser_start', 'ser_exit', 'ser_time', 'server'];
const NULL_TIME = '0:00:00';
const SKEW_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;

/** Business type codes of the data set, named. */
export const BANK_CALL_TYPES: Record<string, string> = {
  PS: 'regular activity', PE: 'regular activity (English)', IN: 'internet', NE: 'stock exchange', NW: 'potential customer', TT: 'callback request',
};

class RowError extends Error {}

/**
 * Turns the whole TSV into canonical events. A row that cannot be read becomes a dead letter (file, line,
 * reason) and the rest goes on.
 * @throws FeedInputError when the text holds a NUL character or looks binary (the whole input is refused).
 * @throws Error when the header is not this data set's (wrong file or format).
 */
export function parseBankCalls(text: string, options: BankOptions = {}): AdapterResult {
  assertFeedText(text, options.file);
  const source = options.source ?? 'bank';
  const timeZone = options.sourceTimeZone ?? DEFAULT_TIMEZONE;
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  if (COLUMNS.some((c, i) => header[i] !== c)) {
    throw new Error(`not an Anonymous Bank call file: expected the header ${COLUMNS.join(',')}; found ${header.join(',')}`);
  }
  const events: CallEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  const skipped: Record<string, number> = {};
  const midnights = new Map<string, number>();
  const midnightOf = (yymmdd: string): number => {
    let t = midnights.get(yymmdd);
    if (t === undefined) {
      const date = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
      if (!date) throw new RowError(`date "${yymmdd}" is not YYMMDD`);
      const year = +date[1] >= 70 ? 1900 + +date[1] : 2000 + +date[1];
      try {
        t = localToInstant({ year, month: +date[2], day: +date[3], hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone).getTime();
      } catch (error) {
        throw new RowError(`date "${yymmdd}": ${(error as Error).message}`);
      }
      midnights.set(yymmdd, t);
    }
    return t;
  };
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') {
      skipped.blank = (skipped.blank ?? 0) + 1;
      continue;
    }
    try {
      const rowEvents = rowToEvents(raw.split('\t'), midnightOf, source);
      if (rowEvents.length === 0) skipped.phantom = (skipped.phantom ?? 0) + 1;
      events.push(...rowEvents);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      deadLetters.push({ key: `${source}:${options.file ?? '-'}:${i + 1}:${fnv1a(raw)}`, source, file: options.file, line: i + 1, reason: error.message, raw });
    }
  }
  return { events, deadLetters, skipped };
}

function clock(value: string, column: string): number {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || +m[1] > 23 || +m[2] > 59 || +m[3] > 59) throw new RowError(`${column} "${value}" is not a time H:MM:SS`);
  return (+m[1] * 3600 + +m[2] * 60 + +m[3]) * 1000;
}

function seconds(value: string, column: string, allowNegative = false): number {
  if (!/^-?\d+$/.test(value.trim())) throw new RowError(`${column} "${value}" is not a whole number of seconds`);
  const n = Number(value);
  if (n < 0 && !allowNegative) throw new RowError(`${column} ${n} is negative`);
  return n;
}

function rowToEvents(f: string[], midnightOf: (yymmdd: string) => number, source: string): CallEvent[] {
  if (f.length !== COLUMNS.length) throw new RowError(`expected ${COLUMNS.length} tab-separated fields, found ${f.length}`);
  const get = (name: string) => f[COLUMNS.indexOf(name)].trim();
  const outcome = get('outcome');
  if (outcome === 'PHANTOM') return [];
  if (outcome !== 'AGENT' && outcome !== 'HANG') throw new RowError(`outcome "${outcome}" is not AGENT, HANG or PHANTOM`);
  const midnight = midnightOf(get('date'));
  const vruLine = get('vru+line');
  const callIdRaw = get('call_id');
  if (!vruLine || !/^\d+$/.test(callIdRaw)) throw new RowError(`call id "${vruLine}/${callIdRaw}" is not usable`);
  const callId = `bank:${vruLine}:${callIdRaw}`;
  const qTime = seconds(get('q_time'), 'q_time');
  const serTime = seconds(get('ser_time'), 'ser_time');
  seconds(get('vru_time'), 'vru_time', true);
  const priority = seconds(get('priority'), 'priority');

  // Place each stage time on the timeline: after `previous`, on the next day when the clock wrapped past midnight.
  const entry = midnight + clock(get('vru_entry'), 'vru_entry');
  let cursor = entry;
  const at = (column: string): number => {
    let t = midnight + clock(get(column), column);
    while (t < cursor - SKEW_MS) t += DAY_MS;
    cursor = Math.max(cursor, t);
    return cursor;
  };
  const customer = get('customer_id');
  const category = get('type') || undefined;
  const base = { callId, source, offeredAt: entry, priority, category, callerId: customer && customer !== '0' ? customer : undefined };
  const vruExit = at('vru_exit');
  const queued = qTime > 0 || get('q_start') !== NULL_TIME || get('q_exit') !== NULL_TIME;
  let queue: CallRecord['queue'];
  if (queued) {
    const qStart = at('q_start');
    queue = { name: category || 'bank', enteredAt: qStart };
    const qExit = get('q_exit') === NULL_TIME && qTime === 0 ? qStart : at('q_exit');
    if (outcome === 'HANG') return callRecordEvents({ ...base, queue, outcome: { kind: 'abandoned', at: qExit, where: 'queue', waitSeconds: qTime, queue: category } });
    cursor = qExit;
  } else if (outcome === 'HANG') {
    return callRecordEvents({ ...base, outcome: { kind: 'ivr', at: vruExit, ivrSeconds: Math.max(0, Math.round((vruExit - entry) / 1000)) } });
  }
  const server = get('server');
  const agentId = server && server !== 'NO_SERVER' ? server : null;
  const serviceHappened = serTime > 0 || get('ser_start') !== NULL_TIME;
  const answeredAt = serviceHappened ? at('ser_start') : cursor;
  const endedAt = serviceHappened && get('ser_exit') !== NULL_TIME ? at('ser_exit') : answeredAt + serTime * 1000;
  return callRecordEvents({ ...base, queue, outcome: { kind: 'answered', at: answeredAt, agentId, waitSeconds: qTime, endedAt, talkSeconds: serTime, endedBy: 'unknown' } });
}
