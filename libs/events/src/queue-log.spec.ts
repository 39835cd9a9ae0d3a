import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQueueLog } from './queue-log';
import type { CallEvent } from './events';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const read = (path: string) => readFileSync(path, 'utf8');
const byType = (events: CallEvent[], type: CallEvent['type']) => events.filter((e) => e.type === type);
const of = <T extends CallEvent['type']>(events: CallEvent[], type: T, callId: string) =>
  events.find((e) => e.type === type && e.callId === callId) as Extract<CallEvent, { type: T }> | undefined;

describe('queue_log, Asterisk 1.4 layout', () => {
  const r = parseQueueLog(read(join(FIXTURES, 'ok', 'asterisk-1.4.queue_log')), { file: 'a14' });

  it('reads every line, nothing dead-lettered, restarts counted as system noise', () => {
    expect(r.deadLetters).toEqual([]);
    expect(r.skipped).toEqual({ 'system:QUEUESTART': 1 });
  });
  it('2-parameter ENTERQUEUE and CONNECT (no origposition, no ringtime)', () => {
    expect(of(r.events, 'call.offered', '1200000010.1')).toMatchObject({ callerId: '13800000001', ts: '2008-01-10T21:20:10.000Z' });
    expect(of(r.events, 'agent.answered', '1200000010.1')).toMatchObject({ agentId: 'Agent/1001', waitSeconds: 5, ringSeconds: undefined });
    expect(of(r.events, 'call.ended', '1200000010.1')).toMatchObject({ talkSeconds: 60, endedBy: 'caller' });
  });
  it('1-parameter EXITWITHTIMEOUT and 2-parameter EXITWITHKEY: lost, wait unknown', () => {
    expect(of(r.events, 'call.abandoned', '1200000100.3')).toMatchObject({ reason: 'timeout', waitSeconds: undefined, where: 'queue' });
    expect(of(r.events, 'call.abandoned', '1200000200.4')).toMatchObject({ reason: 'key-exit', waitSeconds: undefined });
  });
  it('4-parameter TRANSFER ends an answered call', () => {
    expect(of(r.events, 'call.transferred', '1200000300.5')).toMatchObject({ agentId: 'Agent/1002', target: '8001@from-internal', waitSeconds: 4, talkSeconds: 90 });
  });
  it('callback agents log in, pause without reason, log off with a reason', () => {
    expect(byType(r.events, 'agent.state').map((e) => e.type === 'agent.state' && [e.state, e.reason])).toEqual([
      ['ready', undefined], ['paused', undefined], ['logout', 'Autologoff'],
    ]);
  });
});

describe('queue_log, Asterisk 20 layout', () => {
  const r = parseQueueLog(read(join(FIXTURES, 'ok', 'asterisk-20.queue_log')), { file: 'a20' });

  it('member events, pause reasons, PAUSEALL and per-queue PAUSE', () => {
    const states = byType(r.events, 'agent.state').map((e) => e.type === 'agent.state' && `${e.agentId}:${e.state}:${e.reason ?? ''}`);
    expect(states).toEqual(['PJSIP/8001:paused:added paused', 'PJSIP/8001:ready:', 'PJSIP/8002:paused:Training', 'PJSIP/8002:paused:Training', 'PJSIP/8001:logout:']);
  });
  it('4-parameter ENTERQUEUE (caller name) and ring attempts in milliseconds', () => {
    expect(of(r.events, 'queue.entered', '1700000010.1')).toMatchObject({ queue: 'hotline', position: 1 });
    expect(of(r.events, 'agent.offered', '1700000010.1')).toMatchObject({ agentId: 'PJSIP/8002', result: 'no-answer', ringSeconds: 15 });
    expect(of(r.events, 'agent.offered', '1700000600.7')).toMatchObject({ result: 'canceled', ringSeconds: 7.8 });
  });
  it('BLINDTRANSFER and both ATTENDEDTRANSFER forms (BRIDGE: 5 parameters, LINK: 6)', () => {
    expect(of(r.events, 'call.transferred', '1700000010.1')).toMatchObject({ kind: 'blind', waitSeconds: 4, talkSeconds: 86 });
    expect(of(r.events, 'call.transferred', '1700000200.3')).toMatchObject({ kind: 'attended', waitSeconds: 5, talkSeconds: 95 });
    expect(of(r.events, 'call.transferred', '1700000400.5')).toMatchObject({ kind: 'attended', waitSeconds: 3, talkSeconds: 97, target: 'BRIDGE|1700000450.9' });
  });
  it('ABANDON after RINGCANCELED, WITHDRAW, EXITEMPTY, SYSCOMPAT: lost with their reasons', () => {
    expect(of(r.events, 'call.abandoned', '1700000600.7')).toMatchObject({ reason: 'hangup', waitSeconds: 8 });
    expect(of(r.events, 'call.abandoned', '1700000700.8')).toMatchObject({ reason: 'withdrawn', waitSeconds: 30 });
    expect(of(r.events, 'call.abandoned', '1700000800.9')).toMatchObject({ reason: 'no-agents', waitSeconds: 1 });
    expect(of(r.events, 'call.abandoned', '1700000900.10')).toMatchObject({ reason: 'dropped' });
    expect(of(r.events, 'agent.offered', '1700000900.10')).toMatchObject({ result: 'dumped' });
  });
  it('outbound calls (OUTCALL) and restarts are not requests', () => {
    expect(r.events.some((e) => e.callId === '1700001000.11')).toBe(false);
    expect(r.skipped).toEqual({ 'system:QUEUESTART': 1, 'system:OUTCALL': 1 });
    expect(r.deadLetters).toEqual([]);
  });
});

describe('queue_log, realtime table exports', () => {
  it('a single `data` column, microseconds, a quoted time, the source zone', () => {
    const r = parseQueueLog(read(join(FIXTURES, 'ok', 'wazo-single-data.csv')), { sourceTimeZone: 'Asia/Shanghai' });
    expect(r.deadLetters).toEqual([]);
    expect(of(r.events, 'call.offered', '1709254800.1')?.ts).toBe('2024-03-01T01:00:00.250Z');
    expect(of(r.events, 'agent.answered', '1709254800.1')).toMatchObject({ waitSeconds: 3, ringSeconds: 2 });
    expect(of(r.events, 'call.abandoned', '1709254920.3')).toMatchObject({ reason: 'queue-full', waitSeconds: 0 });
  });

  it('the same rows from the flat file and the table give the same events', () => {
    const flat = parseQueueLog(read(join(SHARED, 'asterisk-queue-log-malariapbx', 'queue_log')));
    const table = parseQueueLog(read(join(SHARED, 'asterisk-queue-log-malariapbx', 'queue_log_table.csv')));
    expect(table.events).toEqual(flat.events);
    expect(flat.skipped).toEqual({ 'system:CONFIGRELOAD': 46, 'system:QUEUESTART': 18 });
  });

  it('Wazo events: FULL, CLOSED, JOINEMPTY refuse a request; callback agents; newest-first rows', () => {
    const r = parseQueueLog(read(join(SHARED, 'asterisk-queue-log-wazo-doc', 'queue_log_samples.csv')));
    expect(r.deadLetters).toEqual([]);
    expect(byType(r.events, 'call.abandoned').map((e) => e.type === 'call.abandoned' && e.reason).sort()).toEqual(['hangup', 'join-empty', 'queue-closed', 'queue-full']);
    expect(byType(r.events, 'agent.state')).toHaveLength(5);
  });
});

describe('queue_log, a real production excerpt (asterisk2slack)', () => {
  const r = parseQueueLog(read(join(SHARED, 'asterisk-queue-log-asterisk2slack', 'queue_log')));
  it('exact duplicates and the COMPLETEAGENT repeated with another origposition count once; blank lines are counted', () => {
    expect(r.skipped).toEqual({ duplicate: 9, blank: 2 });
    expect(byType(r.events, 'call.ended')).toHaveLength(3);
    expect(byType(r.events, 'queue.entered')).toHaveLength(2);
  });
  it('member names with spaces stay whole; the DID line marks an arrival', () => {
    expect(new Set(byType(r.events, 'agent.answered').map((e) => e.type === 'agent.answered' && e.agentId))).toEqual(new Set(['Agent 04']));
    expect(of(r.events, 'call.offered', '1546015415.757927')).toBeDefined();
    expect(r.events.find((e) => e.type === 'call.offered' && e.did === '+12025550199')).toBeDefined();
  });
});

describe('queue_log, what cannot be understood', () => {
  const r = parseQueueLog(read(join(FIXTURES, 'not-ok', 'malformed.queue_log')), { file: 'bad.log' });
  it('goes to dead letters with file, line and reason, and the rest goes on', () => {
    expect(r.deadLetters.map((d) => [d.file, d.line])).toEqual([['bad.log', 3], ['bad.log', 5], ['bad.log', 7], ['bad.log', 9], ['bad.log', 10]]);
    expect(r.deadLetters.every((d) => d.raw.length > 0 && d.reason.length > 0)).toBe(true);
    expect(new Set(r.events.map((e) => e.callId))).toEqual(new Set(['1700000000.1', '1700000200.3', '1700000400.7']));
  });
  it('dead-letter keys are stable, so re-reading the file stores nothing twice', () => {
    const again = parseQueueLog(read(join(FIXTURES, 'not-ok', 'malformed.queue_log')), { file: 'bad.log' });
    expect(again.deadLetters.map((d) => d.key)).toEqual(r.deadLetters.map((d) => d.key));
  });
});

describe('queue_log, transfers between queues (format reference §3 ATTENDEDTRANSFER, §5.1)', () => {
  const TRANSFERS = join(__dirname, '..', 'fixtures', 'queue-transfers.queue_log');
  const text = read(TRANSFERS);
  const r = parseQueueLog(text, { file: 'transfers' });
  const callIds = (events: CallEvent[]) => [...new Set(events.filter((e) => e.callId !== null).map((e) => e.callId))].sort();

  it('the consultation calls are no calls of their own: only the four callers remain', () => {
    expect(r.deadLetters).toEqual([]);
    expect(callIds(r.events)).toEqual(['1718000000.1', '1718001000.6', '1718002000.9', '1718003000.13']);
    // the APP|Queue consultation's ENTERQUEUE, and the bridged consultation's ENTERQUEUE, CONNECT and ATTENDEDTRANSFER
    expect(r.skipped).toEqual({ 'system:QUEUESTART': 1, consultation: 4 });
    expect(callIds(byType(r.events, 'call.offered'))).toEqual(['1718000000.1', '1718001000.6', '1718002000.9', '1718003000.13']);
  });

  it('APP|Queue: the transfer line written under the consultation id goes back to the caller, with its own event id', () => {
    const caller = r.events.filter((e) => e.callId === '1718000000.1');
    expect(caller.map((e) => [e.type, 'agentId' in e ? e.agentId : undefined, e.ts.slice(11, 19)])).toEqual([
      ['call.offered', undefined, '06:13:20'],
      ['queue.entered', undefined, '06:13:20'],
      ['agent.answered', 'PJSIP/8001', '06:13:24'],
      ['agent.offered', 'PJSIP/9002', '06:14:30'], // the consultation's ring attempt in the target queue
      ['call.transferred', 'PJSIP/8001', '06:14:35'],
      ['agent.answered', 'PJSIP/9001', '06:14:50'], // the caller's own id in the target queue, no ENTERQUEUE there
      ['call.ended', 'PJSIP/9001', '06:16:50'],
    ]);
    expect(of(r.events, 'call.transferred', '1718000000.1')).toMatchObject({
      eventId: 'ql:1718000060.3:hotline:ATTENDEDTRANSFER:PJSIP/8001:1718000075:transferred', kind: 'attended', target: 'APP|Queue', waitSeconds: 4, talkSeconds: 71,
    });
  });

  it('BRIDGE merge: the caller keeps its own transfer line; the target agent answered the consultation, not a request', () => {
    expect(of(r.events, 'call.transferred', '1718002000.9')).toMatchObject({ agentId: 'PJSIP/8001', talkSeconds: 77, target: 'BRIDGE|c0ffee00-1234-4bcd-9def-000000000001' });
    expect(r.events.some((e) => e.eventId.includes('1718002050.11'))).toBe(false);
  });

  it('blind transfer into another queue: the same call id throughout, two queue entries of one call', () => {
    const blind = r.events.filter((e) => e.callId === '1718001000.6');
    expect(byType(blind, 'queue.entered').map((e) => e.type === 'queue.entered' && e.queue)).toEqual(['hotline', 'experts']);
    expect(byType(blind, 'call.transferred')).toHaveLength(1);
    expect(byType(blind, 'call.ended')).toMatchObject([{ agentId: 'PJSIP/9001', talkSeconds: 100 }]);
  });

  it('does not depend on the order of the lines (table exports come newest first), nor on the layout', () => {
    const reversed = parseQueueLog(text.trim().split('\n').reverse().join('\n'));
    const sortById = (events: CallEvent[]) => [...events].sort((a, b) => a.eventId.localeCompare(b.eventId));
    expect(sortById(reversed.events)).toEqual(sortById(parseQueueLog(text).events));
    const rows = text.trim().split('\n').map((line) => {
      const [epoch, callid, queue, agent, event, ...params] = line.split('|');
      const data = [...params.slice(0, 4), params.slice(4).join('|')];
      while (data.length < 5) data.push('');
      return [new Date(Number(epoch) * 1000).toISOString().slice(0, 19).replace('T', ' '), callid, queue, agent, event, ...data].join(',');
    });
    const table = parseQueueLog(['time,callid,queuename,agent,event,data1,data2,data3,data4,data5', ...rows].join('\n'));
    expect(sortById(table.events)).toEqual(sortById(parseQueueLog(text).events));
  });

  it('leaves alone what is not a transfer between calls', () => {
    // Two agents transferring their own callers to an application in the same second: not a bridge merge.
    const two = parseQueueLog([
      '1718000000|1718000000.1|hotline|NONE|ENTERQUEUE||13800000001|1',
      '1718000004|1718000000.1|hotline|PJSIP/8001|CONNECT|4|x|1',
      '1718000010|1718000010.2|hotline|NONE|ENTERQUEUE||13800000002|1',
      '1718000012|1718000010.2|hotline|PJSIP/8002|CONNECT|2|y|1',
      '1718000060|1718000000.1|hotline|PJSIP/8001|ATTENDEDTRANSFER|APP|Queue|4|56|1',
      '1718000060|1718000010.2|hotline|PJSIP/8002|ATTENDEDTRANSFER|APP|Queue|2|48|1',
    ].join('\n'));
    expect(callIds(two.events)).toEqual(['1718000000.1', '1718000010.2']);
    expect(two.skipped).toEqual({});
    // A transfer line whose call is not in the file (an excerpt): kept under its own id.
    const excerpt = parseQueueLog('1718000060|1718000000.1|hotline|PJSIP/8001|ATTENDEDTRANSFER|APP|Queue|4|56|1\n');
    expect(callIds(excerpt.events)).toEqual(['1718000000.1']);
  });
});
