import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls } from './bank';
import type { CallEvent } from './events';

const HEADER = 'vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver';
const tsv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';
const parse = (...rows: string[]) => parseBankCalls(tsv(...rows), { sourceTimeZone: 'UTC', file: 'b.tsv' });
const types = (events: CallEvent[]) => events.map((e) => e.type);
const ts = (events: CallEvent[], type: CallEvent['type']) => events.find((e) => e.type === type)?.ts;

describe('Anonymous Bank per-call records', () => {
  it('answered without queueing: offered, answered at service start, ended at service exit', () => {
    const r = parse('AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166\tAGENT_15');
    expect(types(r.events)).toEqual(['call.offered', 'agent.answered', 'call.ended']);
    expect(r.events[1]).toMatchObject({ agentId: 'AGENT_15', waitSeconds: 0, ts: '1999-02-01T07:02:56.000Z' }); // service "starts" 1 s before the VRU exit: kept in order
    expect(r.events[2]).toMatchObject({ talkSeconds: 166, ts: '1999-02-01T07:05:41.000Z' });
  });

  it('hung up in the queue: abandoned with its wait; never queued: IVR-answered', () => {
    const lost = parse('AA0101\t34539\t90000001\t2\tPS\t990201\t8:09:16\t8:09:22\t6\t8:09:22\t8:09:27\t5\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER');
    expect(types(lost.events)).toEqual(['call.offered', 'queue.entered', 'call.abandoned']);
    expect(lost.events[2]).toMatchObject({ where: 'queue', reason: 'hangup', waitSeconds: 5 });
    const ivr = parse('AA0101\t34540\t0\t0\tPS\t990201\t8:10:00\t8:10:30\t30\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER');
    expect(types(ivr.events)).toEqual(['call.offered', 'ivr.completed']);
    expect(ivr.events[1]).toMatchObject({ ivrSeconds: 30 });
  });

  it('a queue entered with zero wait (q_start set, q_time 0) then a hang-up is a loss, not self-service', () => {
    const r = parse('AA0101\t34868\t0\t0\tNW\t990205\t8:26:00\t8:26:10\t10\t8:26:10\t8:26:10\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER');
    expect(types(r.events)).toEqual(['call.offered', 'queue.entered', 'call.abandoned']);
  });

  it('a call crossing midnight: a real 0:00:00 queue start and a service on the next day', () => {
    const r = parse('AA0102\t31056\t90000555\t2\tPS\t990215\t23:59:54\t23:59:54\t0\t0:00:00\t0:00:27\t27\tAGENT\t0:00:26\t0:01:33\t67\tAGENT_04');
    expect(ts(r.events, 'queue.entered')).toBe('1999-02-16T00:00:00.000Z');
    expect(ts(r.events, 'agent.answered')).toBe('1999-02-16T00:00:27.000Z');
    expect(ts(r.events, 'call.ended')).toBe('1999-02-16T00:01:33.000Z');
  });

  it('the VRU clock running behind (negative vru_time) keeps the call in order', () => {
    const r = parse('AA0102\t30456\t90000048\t2\tPS\t990207\t9:48:14\t9:47:17\t-57\t9:47:17\t9:50:11\t174\tAGENT\t9:50:11\t9:51:28\t77\tAGENT_05');
    const times = r.events.map((e) => Date.parse(e.ts));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(r.events[0].ts).toBe('1999-02-07T09:48:14.000Z');
    expect(r.events.find((e) => e.type === 'agent.answered')).toMatchObject({ waitSeconds: 174 });
  });

  it('PHANTOM rows are skipped and counted; an unknown agent (NO_SERVER) is null', () => {
    const r = parse(
      'AA0101\t1\t0\t0\tPS\t990201\t9:00:00\t9:00:05\t5\t9:00:05\t9:00:07\t2\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER',
      'AA0101\t2\t0\t0\tPS\t990201\t9:01:00\t9:01:09\t9\t0:00:00\t0:00:00\t0\tAGENT\t9:01:08\t9:01:13\t5\tNO_SERVER',
    );
    expect(r.skipped).toEqual({ phantom: 1 });
    expect(r.events.find((e) => e.type === 'agent.answered')).toMatchObject({ agentId: null });
  });

  it('rows that cannot be read become dead letters with line numbers; the others go on', () => {
    const r = parse(
      'AA0101\t1\t0\t0\tPS\t990201\t9:00:00\t9:00:05\t5\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER',
      'AA0101\t2\t0\t0\tPS\t990231\t9:00:00\t9:00:05\t5\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER',
      'AA0101\t3\t0\t0\tPS\t990201\t25:00:00\t9:00:05\t5\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER',
      'AA0101\t4\t0\t0\tPS\t990201\t9:00:00\t9:00:05\t5\t0:00:00\t0:00:00\t0\tLOST\t0:00:00\t0:00:00\t0\tNO_SERVER',
      'AA0101\t5\ttoo\tfew',
      'AA0101\t6\t0\t0\tPS\t990201\t9:00:00\t9:00:05\t5\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER',
    );
    expect(r.deadLetters.map((d) => [d.line, d.reason])).toEqual([
      [3, expect.stringMatching(/990231/)],
      [4, expect.stringMatching(/vru_entry "25:00:00"/)],
      [5, expect.stringMatching(/outcome "LOST"/)],
      [6, expect.stringMatching(/expected 17 tab-separated fields, found 4/)],
    ]);
    expect(new Set(r.events.map((e) => e.callId))).toEqual(new Set(['bank:AA0101:1', 'bank:AA0101:6']));
  });

  it('another file format is refused as a whole', () => {
    expect(() => parseBankCalls('a,b,c\n1,2,3\n')).toThrow(/not an Anonymous Bank call file/);
  });

  it('the real February file: 25,669 requests, nothing dead-lettered', () => {
    const file = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
    const r = parseBankCalls(readFileSync(file, 'utf8'));
    expect(r.deadLetters).toEqual([]);
    expect(r.skipped).toEqual({ phantom: 221 });
    const count = (type: CallEvent['type']) => r.events.filter((e) => e.type === type).length;
    expect([count('call.offered'), count('agent.answered'), count('ivr.completed'), count('call.abandoned')]).toEqual([25_669, 20_899, 1_659, 3_111]);
  });
});
