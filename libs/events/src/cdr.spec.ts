import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls } from './bank';
import { CdrReader, missingCdrColumns, parseCdrDuration, parseCdrRows, parseCdrTime, type CdrMapping, type CdrRow } from './cdr';
import type { CallEvent } from './events';
import { DEFAULT_TIMEZONE, instantToLocal } from './time';

const MAPPING: CdrMapping = {
  columns: {
    caller: '主叫号码', arrival: '呼入时间', queueEntry: '进队时间', answer: '应答时间', agent: '坐席工号', end: '结束时间',
    hangupSide: '挂机方', ivrResult: 'IVR结果', surveyRating: '满意度', businessType: '业务类型',
  },
  timeFormat: 'local',
  timeZone: 'Asia/Shanghai',
  source: 'cdr',
};

const row = (n: number, cells: Record<string, string>): CdrRow => ({ row: n, cells });
const strip = (events: CallEvent[]) => events.map(({ eventId: _e, callId: _c, source: _s, ...rest }) => rest);

describe('CDR adapter', () => {
  it('reads an answered, an abandoned and a self-service call into canonical events', () => {
    const r = parseCdrRows([
      row(2, { 主叫号码: '13812345678', 呼入时间: '2026-12-07 08:30:00', 进队时间: '2026-12-07 08:30:40', 应答时间: '2026-12-07 08:30:55', 坐席工号: '1001', 结束时间: '2026-12-07 08:33:55', 挂机方: '用户', 满意度: '非常满意', 业务类型: '驾驶证业务' }),
      row(3, { 呼入时间: '2026/12/7 9:00:00', 进队时间: '2026/12/7 9:00:30', 结束时间: '2026/12/7 9:01:30', 业务类型: '机动车业务' }),
      row(4, { 呼入时间: '2026年12月7日 10:00:00', 结束时间: '2026年12月7日 10:01:00', IVR结果: '自助' }),
      row(5, { 呼入时间: '20261207110000', 结束时间: '20261207110020', IVR结果: '转人工' }),
    ], MAPPING);
    expect(r.errors).toEqual([]);
    expect(r.calls).toBe(4);
    const byCall = new Map<string, CallEvent[]>();
    for (const e of r.events) byCall.set(e.callId!, [...(byCall.get(e.callId!) ?? []), e]);
    const [answered, lost, ivr, ivrLost] = [...byCall.values()];
    expect(strip(answered!)).toEqual([
      { ts: '2026-12-07T00:30:00.000Z', type: 'call.offered', category: '驾驶证业务', callerId: '13812345678' },
      { ts: '2026-12-07T00:30:40.000Z', type: 'queue.entered', queue: '驾驶证业务' },
      { ts: '2026-12-07T00:30:55.000Z', type: 'agent.answered', agentId: '1001', waitSeconds: 15 },
      { ts: '2026-12-07T00:33:55.000Z', type: 'call.ended', agentId: '1001', talkSeconds: 180, endedBy: 'caller' },
      { ts: '2026-12-07T00:33:55.000Z', type: 'survey.answered', rating: 'very-satisfied' },
    ]);
    expect(strip(lost!).at(-1)).toEqual({ ts: '2026-12-07T01:01:30.000Z', type: 'call.abandoned', where: 'queue', reason: 'hangup', waitSeconds: 60, queue: '机动车业务' });
    expect(strip(ivr!).at(-1)).toEqual({ ts: '2026-12-07T02:01:00.000Z', type: 'ivr.completed', ivrSeconds: 60 });
    expect(strip(ivrLost!).at(-1)).toMatchObject({ type: 'call.abandoned', where: 'ivr', waitSeconds: 20 });
  });

  it('gives deterministic ids: from the call-id column, else a hash of the mapped cells', () => {
    const cells = { 呼入时间: '2026-12-07 08:30:00', 结束时间: '2026-12-07 08:31:00' };
    const a = parseCdrRows([row(2, cells)], MAPPING).events.map((e) => e.eventId);
    const b = parseCdrRows([row(9, { ...cells })], MAPPING).events.map((e) => e.eventId);
    expect(a).toEqual(b);
    expect(a[0]).toMatch(/^cdr:h[0-9a-f]{28}:offered$/);
    const c = parseCdrRows([row(2, { ...cells, 结束时间: '2026-12-07 08:31:01' })], MAPPING).events[0]!.eventId;
    expect(c).not.toBe(a[0]);
    const withId = parseCdrRows([row(2, { ...cells, ID: 'X-1' })], { ...MAPPING, source: 'gd', columns: { ...MAPPING.columns, callId: 'ID' } });
    expect(withId.events.map((e) => e.eventId)).toEqual(['gd:X-1:offered', 'gd:X-1:ivr']);
  });

  it('keeps a repeated row once and refuses a call id reused with other cells', () => {
    const mapping = { ...MAPPING, columns: { ...MAPPING.columns, callId: 'ID' } };
    const cells = { ID: 'A', 呼入时间: '2026-12-07 08:30:00', 结束时间: '2026-12-07 08:31:00' };
    const r = parseCdrRows([row(2, cells), row(3, { ...cells }), row(4, { ...cells, 结束时间: '2026-12-07 08:32:00' })], mapping);
    expect(r.calls).toBe(1);
    expect(r.duplicates).toBe(1);
    expect(r.errors).toEqual([{ row: 4, field: 'callId', column: 'ID', reason: 'call id "A" is also on row 2, with other values' }]);
  });

  it('reports every bad row with its number, field and reason, and reads the others', () => {
    const r = parseCdrRows([
      row(2, { 呼入时间: '2026-12-07 08:30:00', 结束时间: '2026-12-07 08:31:00' }),
      row(3, { 呼入时间: '明天上午', 结束时间: '2026-12-07 08:31:00' }),
      row(4, { 呼入时间: '2026-12-07 08:30:00', 应答时间: '2026-12-07 08:29:00', 结束时间: '2026-12-07 08:31:00' }),
      row(5, { 呼入时间: '2026-12-07 08:30:00', 应答时间: '2026-12-07 08:30:10' }),
      row(6, { 呼入时间: '2026-12-07 08:30:00', 结束时间: '2026-12-07 08:31:00', 挂机方: '对方', 满意度: '还行' }),
      row(7, { 呼入时间: '2026-02-30 08:30:00' }),
      row(8, { 结束时间: '2026-12-07 08:31:00' }),
    ], MAPPING);
    expect(r.calls).toBe(1);
    expect(r.badRows).toBe(6);
    const fields = r.errors.map((e) => `${e.row}:${e.field}`);
    expect(fields).toEqual(['3:arrival', '4:answer', '5:end', '6:hangupSide', '6:surveyRating', '7:arrival', '8:arrival']);
    expect(r.errors[0]).toEqual({ row: 3, field: 'arrival', column: '呼入时间', reason: '"明天上午" is not a date-time like 2026-12-07 08:30:05' });
    expect(r.errors[1]!.reason).toMatch(/answer \(2026-12-07T00:29:00.000Z\) is before arrival/);
    expect(r.errors[2]!.reason).toBe('an answered call needs its end time or its talk duration');
    expect(r.errors[5]!.reason).toMatch(/not a real date-time/);
  });

  it('reads time formats and durations', () => {
    expect(parseCdrTime('2026-12-07T08:30:00+08:00', 'iso', 'UTC')).toBe(Date.parse('2026-12-07T00:30:00Z'));
    expect(parseCdrTime('1765067400', 'epoch-s', 'UTC')).toBe(1765067400000);
    expect(parseCdrTime('1765067400123', 'epoch-ms', 'UTC')).toBe(1765067400123);
    expect(parseCdrTime('2026-12-07 08:30:00.5', 'local', 'UTC')).toBe(Date.parse('2026-12-07T08:30:00.500Z'));
    expect(() => parseCdrTime('2026-12-07 08:30:00', 'iso', 'UTC')).toThrow(/ISO 8601/);
    expect(() => parseCdrTime('1765067400', 'epoch-ms', 'UTC')).toThrow(/milliseconds/);
    expect(parseCdrDuration('165')).toBe(165);
    expect(parseCdrDuration('2:45')).toBe(165);
    expect(parseCdrDuration('01:02:45')).toBe(3765);
    expect(() => parseCdrDuration('-3')).toThrow(/negative/);
    expect(missingCdrColumns(['呼入时间'], MAPPING).map((m) => m.field)).toContain('answer');
  });

  it('a real day of the Anonymous Bank, written as a CDR, reads into the bank adapter’s events (ids aside)', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'), 'utf8');
    // the calls offered on the first two local days, with all their events
    const calls = new Map<string, CallEvent[]>();
    for (const e of parseBankCalls(text).events) calls.set(e.callId!, [...(calls.get(e.callId!) ?? []), e]);
    for (const [id, events] of calls) if (!(events[0]!.type === 'call.offered' && events[0]!.ts < '1999-02-02T16:00:00.000Z')) calls.delete(id);
    const local = (ts: string | undefined) => {
      if (!ts) return '';
      const l = instantToLocal(new Date(ts), DEFAULT_TIMEZONE);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}:${p(l.second)}`;
    };
    const rows: CdrRow[] = [];
    const expected: ReturnType<typeof strip> = [];
    for (const [id, events] of calls) {
      const of = <T extends CallEvent['type']>(t: T) => events.find((e): e is Extract<CallEvent, { type: T }> => e.type === t);
      const offered = of('call.offered');
      if (!offered) continue;
      const answered = of('agent.answered');
      const ended = of('call.ended');
      const lost = of('call.abandoned');
      const ivr = of('ivr.completed');
      rows.push(row(rows.length + 2, {
        ID: id, 主叫号码: offered.callerId ?? '', 呼入时间: local(offered.ts), 进队时间: local(of('queue.entered')?.ts), 应答时间: local(answered?.ts),
        坐席工号: answered?.agentId ?? '', 结束时间: local(ended?.ts ?? lost?.ts ?? ivr?.ts), 业务类型: offered.category ?? '',
        排队时长: String(answered?.waitSeconds ?? lost?.waitSeconds ?? ''), 通话时长: String(ended?.talkSeconds ?? ''),
      }));
      expected.push(...strip(events).map((e) => (e.type === 'call.offered' ? { ts: e.ts, type: e.type, category: e.category, callerId: e.callerId } : e)));
    }
    expect(rows.length).toBeGreaterThan(1000);
    const mapping: CdrMapping = { ...MAPPING, source: 'bankcdr', columns: { ...MAPPING.columns, callId: 'ID', waitSeconds: '排队时长', talkSeconds: '通话时长' } };
    const r = parseCdrRows(rows, mapping);
    expect(r.errors).toEqual([]);
    expect(r.calls).toBe(rows.length);
    const got = strip(r.events);
    const firstDiff = got.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(expected[i]));
    expect([got.length, firstDiff, got[firstDiff], expected[firstDiff]]).toEqual([expected.length, -1, undefined, undefined]);
    // the same rows read again give the same ids (an import twice changes nothing)
    expect(new CdrReader(mapping).read(rows[0]!)).toEqual(new CdrReader(mapping).read(rows[0]!));
  });
});
