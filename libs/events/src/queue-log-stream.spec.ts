import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import type { CallEvent, DeadLetter } from './events';
import { parseQueueLog } from './queue-log';
import { CONTEXT_MAX_CALLS, QueueLogStream, TABLE_COLUMNS, tableRowToCsv, type StreamEntry } from './queue-log-stream';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const FILES = [
  join(SHARED, 'asterisk-queue-log-malariapbx', 'queue_log'),
  join(SHARED, 'asterisk-queue-log-asterisk2slack', 'queue_log'),
  join(SHARED, 'asterisk-queue-log-issue-snippets', 'qpanel-issue39.queue_log'),
  join(__dirname, '..', 'fixtures', 'queue-transfers.queue_log'),
];
const lines = (text: string): StreamEntry[] => text.replace(/\n$/, '').split('\n').map((t, i) => ({ text: t, ref: i + 1 }));
/** What the ledger keeps: one row per event id, the first one written. */
const ledger = (events: CallEvent[]) => [...new Map(events.map((e) => [e.eventId, e])).values()].sort((a, b) => a.eventId.localeCompare(b.eventId));

/** Feeds `entries` in batches cut at `cuts`, saving and restoring the state (as JSON) between batches like a restart. */
function follow(layout: 'file' | 'table', entries: StreamEntry[], cuts: number[], options = {}) {
  const events: CallEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  let state: string | undefined;
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b).filter((c) => c > 0 && c < entries.length), entries.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const stream = new QueueLogStream(layout, options, state ? JSON.parse(state) : undefined);
    const r = stream.push(entries.slice(bounds[i], bounds[i + 1]));
    events.push(...r.events);
    deadLetters.push(...r.deadLetters);
    state = JSON.stringify(stream.state());
  }
  return { events, deadLetters };
}

describe('QueueLogStream (flat file, incremental)', () => {
  it.each(FILES.slice(0, 3))('gives the ledger of the whole-file parse for any batching and restarts: %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const whole = parseQueueLog(text);
    const entries = lines(text);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: entries.length }), { maxLength: 12 }), (cuts) => {
      const r = follow('file', entries, cuts);
      expect(ledger(r.events)).toEqual(ledger(whole.events));
      expect(r.deadLetters).toEqual(whole.deadLetters);
    }), { numRuns: 60 });
  });

  it('transfers: every event of the whole-file parse; the only extras are the consultations revealed after the fact', () => {
    const text = readFileSync(FILES[3], 'utf8');
    const whole = ledger(parseQueueLog(text).events);
    const entries = lines(text);
    expect(ledger(follow('file', entries, []).events)).toEqual(whole);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: entries.length }), { maxLength: 12 }), (cuts) => {
      const got = ledger(follow('file', entries, cuts).events);
      const ids = new Set(got.map((e) => e.eventId));
      expect(whole.filter((e) => !ids.has(e.eventId))).toEqual([]);
      const wholeIds = new Set(whole.map((e) => e.eventId));
      const extras = got.filter((e) => !wholeIds.has(e.eventId)).map((e) => e.eventId.split(':')[1]);
      expect(extras.filter((callid) => !['1718000060.3', '1718002050.11'].includes(callid))).toEqual([]);
    }), { numRuns: 60 });
  });

  it('one line at a time: a transfer line written under the consultation id still joins the caller\'s call', () => {
    const entries = lines(readFileSync(FILES[3], 'utf8'));
    const r = follow('file', entries, entries.map((_, i) => i));
    const transfer = r.events.find((e) => e.eventId === 'ql:1718000060.3:hotline:ATTENDEDTRANSFER:PJSIP/8001:1718000075:transferred');
    expect(transfer).toMatchObject({ callId: '1718000000.1', type: 'call.transferred', kind: 'attended' });
  });

  it('repeats of a fact in later batches are not emitted again (asterisk2slack duplicates)', () => {
    const entries = lines(readFileSync(FILES[1], 'utf8'));
    const r = follow('file', entries, entries.map((_, i) => i));
    expect(r.events.length).toBe(parseQueueLog(readFileSync(FILES[1], 'utf8')).events.length);
  });

  it('dead letters name the line number in the file; a line that is not text is a dead letter, not a stop', () => {
    const stream = new QueueLogStream('file', { file: 'ql' });
    stream.push([{ text: '1675555753|1675555752.0|Support|NONE|ENTERQUEUE||200|1', ref: 41 }]);
    const r = stream.push([{ text: 'garbage', ref: 42 }, { text: '1675555761|1675555752.0|Support|PJ\u0000SIP|CONNECT|8|x|7', ref: 43 }, { text: '1675555766|1675555752.0|Support|PJSIP/400|COMPLETEAGENT|8|5|1', ref: 44 }]);
    expect(r.deadLetters.map((d) => [d.line, d.file])).toEqual([[43, 'ql'], [42, 'ql']]);
    expect(r.deadLetters[0].reason).toMatch(/^line \d+: not text \(.*NUL/);
    expect(r.events.map((e) => e.type)).toEqual(['call.ended']);
  });

  it('keeps a bounded context: system lines and ring attempts are never kept', () => {
    const stream = new QueueLogStream('file');
    stream.push(lines(readFileSync(FILES[0], 'utf8')));
    const kept = stream.state().context.map((e) => e.text.split('|')[4]);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.filter((e) => ['QUEUESTART', 'CONFIGRELOAD', 'RINGNOANSWER', 'RINGCANCELED'].includes(e))).toEqual([]);
    const many = new QueueLogStream('file');
    const calls = Array.from({ length: CONTEXT_MAX_CALLS + 50 }, (_, i) => ({ text: `${1700000000 + i}|c${i}|q|NONE|ENTERQUEUE||1|1`, ref: i + 1 }));
    many.push(calls);
    const context = many.state().context;
    expect(context).toHaveLength(CONTEXT_MAX_CALLS);
    expect(context[0].ref).toBe(51);
  });
});

describe('QueueLogStream (realtime table rows)', () => {
  const csv = readFileSync(join(SHARED, 'asterisk-queue-log-malariapbx', 'queue_log_table.csv'), 'utf8');
  const rows = parseCsv(csv, { columns: true }) as Record<(typeof TABLE_COLUMNS)[number], string>[];
  const entries = rows.map((row) => ({ text: tableRowToCsv(row), ref: Number(row.id) }));

  it('rows in batches give the ledger of the whole table export', () => {
    const whole = parseQueueLog(csv);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: entries.length }), { maxLength: 8 }), (cuts) => {
      expect(ledger(follow('table', entries, cuts).events)).toEqual(ledger(whole.events));
    }), { numRuns: 30 });
  });

  it('reads the time column in the given zone and names bad rows by id', () => {
    const stream = new QueueLogStream('table', { sourceTimeZone: 'Asia/Shanghai', source: 'pbx' });
    const r = stream.push([
      { text: tableRowToCsv({ id: 7, time: '2026-12-07 08:00:01.250000', callid: '1.1', queuename: 'q', agent: 'NONE', event: 'ENTERQUEUE', data1: '', data2: '138', data3: '1', data4: null, data5: null }), ref: 7 },
      { text: tableRowToCsv({ id: 8, time: 'yesterday', callid: '1.1', queuename: 'q', agent: 'NONE', event: 'ABANDON', data1: '1', data2: '1', data3: '5' }), ref: 8 },
    ]);
    expect(r.events[0]).toMatchObject({ ts: '2026-12-07T00:00:01.250Z', source: 'pbx', type: 'call.offered' });
    expect(r.deadLetters.map((d) => d.line)).toEqual([8]);
  });

  it('quotes values holding commas or quotes', () => {
    expect(tableRowToCsv({ id: 1, time: 't', callid: 'c', queuename: 'q', agent: 'Smith, "J"', event: 'PAUSE', data1: 'a\nb' })).toBe('1,t,c,q,"Smith, ""J""",PAUSE,a b,,,,');
  });
});
