import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls, parseQueueLog, type CallEvent } from '@hotline/events';
import { applyEvent, isCallScoped, legsFromJson, legsOf, outcomeOf, type CallRecord } from './call-record';
import { FloorState } from './floor';
import { DEFAULT_KPI_POLICY, KpiAggregator, callCounts, emptyCounts, percent, summarize } from './kpi';
import { foldEvents, reportFromEvents } from './report';
import { buildLiveSnapshot } from './snapshot';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const bankEvents = parseBankCalls(readFileSync(join(SHARED, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'), 'utf8')).events;

const fold = (events: CallEvent[]): CallRecord | undefined => {
  let call: CallRecord | undefined;
  for (const e of events) if (isCallScoped(e)) call = applyEvent(call, e);
  return call;
};

describe('the call reducer', () => {
  const byCall = new Map<string, CallEvent[]>();
  for (const e of bankEvents.slice(0, 3000)) if (e.callId) (byCall.get(e.callId) ?? byCall.set(e.callId, []).get(e.callId)!).push(e);
  const calls = [...byCall.values()];

  it('is order-independent: any arrival order of a call\'s events gives the same record', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calls).chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), ([inOrder, shuffled]) => {
        const a = fold(inOrder)!;
        const b = fold(shuffled)!;
        expect({ ...b, lastEventAt: 0 }).toEqual({ ...a, lastEventAt: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('infers the arrival of a call whose start is missing from the log, and corrects it when the start arrives', () => {
    const log = parseQueueLog(readFileSync(join(SHARED, 'asterisk-queue-log-asterisk2slack', 'queue_log'), 'utf8'));
    const calls = foldEvents(log.events);
    const partial = calls.get('1546023604.760166')!; // COMPLETECALLER only: hold 10 s, talk 406 s
    expect(partial).toMatchObject({ startInferred: true, agentId: 'Agent 05', talkSeconds: 406, waitSeconds: 10 });
    expect(partial.offeredAt).toBe((1546024020 - 406 - 10) * 1000);
    expect(outcomeOf(partial)).toBe('answered');
    const started = applyEvent(partial, { eventId: 'x', callId: '1546023604.760166', ts: new Date(1546023604_000).toISOString(), source: 'q', type: 'call.offered' });
    expect(started).toMatchObject({ startInferred: false, offeredAt: 1546023604_000 });
  });

  it('an agent answer wins over a loss (a caller who left one queue and was answered in another)', () => {
    const base = { callId: 'c', source: 's' };
    const call = fold([
      { ...base, eventId: '1', ts: '2024-01-01T00:00:00.000Z', type: 'call.offered' },
      { ...base, eventId: '2', ts: '2024-01-01T00:00:30.000Z', type: 'call.abandoned', where: 'queue', reason: 'timeout', waitSeconds: 30 },
      { ...base, eventId: '3', ts: '2024-01-01T00:00:50.000Z', type: 'agent.answered', agentId: 'a', waitSeconds: 20 },
    ])!;
    expect(outcomeOf(call)).toBe('answered');
  });
});

describe('KPI arithmetic', () => {
  it('rounds percentages half-up exactly, as the contract requires (no binary-float drift)', () => {
    expect(percent(1, 800)).toBe('0.13'); // 0.125 %
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(17999, 20000)).toBe('90.00'); // 89.995 % rounds up
    expect(percent(17998, 20000)).toBe('89.99');
    expect(percent(1, 0)).toBeNull();
    fc.assert(fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 10_000 }), (a, b) => {
      const p = Number(percent(Math.min(a, b), b));
      expect(Math.abs(p - (Math.min(a, b) / b) * 100)).toBeLessThanOrEqual(0.005 + 1e-9);
    }));
  });

  it('adding then removing calls leaves every count at zero', () => {
    const calls = [...foldEvents(bankEvents.slice(0, 5000)).values()];
    const agg = new KpiAggregator();
    for (const c of calls) agg.add(c);
    for (const c of calls) agg.remove(c);
    expect(agg.counts()).toEqual(emptyCounts());
    expect(agg.agents().size).toBe(0);
  });

  it('the bank month: connect rate = (agent + IVR) / requests, per the contract formula', () => {
    const report = reportFromEvents(bankEvents, DEFAULT_KPI_POLICY);
    expect(report).toMatchObject({ requests: 25_669, agentAnswered: 20_899, ivrAnswered: 1_659, abandoned: 3_111, pending: 0, connectRate: '87.88' });
    expect(report.days).toHaveLength(21);
    expect(report.days.reduce((n, d) => n + d.requests, 0)).toBe(25_669);
    expect(report.agents.reduce((n, a) => n + a.agentAnswered, 0)).toBe(20_899);
  });

  it('outage windows and short IVR hang-ups are excluded when configured', () => {
    const calls = [...foldEvents(bankEvents).values()];
    const day = { startsAt: Date.parse('1999-02-01T00:00:00+08:00'), endsAt: Date.parse('1999-02-02T00:00:00+08:00') };
    const policy = { ...DEFAULT_KPI_POLICY, outages: [day], shortIvrExcludeSeconds: 5 };
    const total = calls.reduce((c, call) => {
      const x = callCounts(call, policy);
      return { out: c.out + x.excludedOutage, short: c.short + x.excludedShortIvr, req: c.req + x.requests };
    }, { out: 0, short: 0, req: 0 });
    expect(total.out).toBe(1551);
    expect(total.short).toBeGreaterThan(0);
    expect(total.req + total.out + total.short).toBe(25_669);
  });
});

describe('the floor', () => {
  it('counts callers waiting and the longest wait, and agents busy while on a call', () => {
    const floor = new FloorState();
    const base = { source: 's' };
    const waiting = fold([
      { ...base, callId: 'w', eventId: 'w1', ts: '2024-01-01T09:00:00.000Z', type: 'call.offered' },
      { ...base, callId: 'w', eventId: 'w2', ts: '2024-01-01T09:00:05.000Z', type: 'queue.entered', queue: 'q' },
    ])!;
    const talking = fold([
      { ...base, callId: 't', eventId: 't1', ts: '2024-01-01T09:00:00.000Z', type: 'call.offered' },
      { ...base, callId: 't', eventId: 't2', ts: '2024-01-01T09:00:10.000Z', type: 'agent.answered', agentId: 'A1', waitSeconds: 10 },
    ])!;
    floor.onCall(waiting);
    floor.onCall(talking);
    floor.onAgentState({ ...base, callId: null, eventId: 'p', ts: '2024-01-01T08:00:00.000Z', type: 'agent.state', agentId: 'A2', state: 'paused', reason: 'training' });
    const snap = floor.snapshot(Date.parse('2024-01-01T09:01:05.000Z'));
    expect(snap.callsWaiting).toBe(1);
    expect(snap.longestWaitSeconds).toBe(60);
    expect(snap.agentsByState).toMatchObject({ busy: 1, paused: 1 });
    const agg = new KpiAggregator();
    agg.add(waiting);
    agg.add(talking);
    const live = buildLiveSnapshot(agg, snap, Date.parse('2024-01-01T09:01:05.000Z'), { connectTargetPercent: 90, sources: ['s'], monthBudget: null });
    expect(live.day).toMatchObject({ date: '2024-01-01', requests: 2, pending: 1, agentAnswered: 1, connectRate: '100.00' });
    expect(live.intervals).toHaveLength(48);
    expect(summarize(agg.counts()).serviceLevel).toBe('100.00');
  });
});

describe('transfers between queues: one request, each agent its own talk', () => {
  const TRANSFERS = join(__dirname, '..', '..', 'events', 'fixtures', 'queue-transfers.queue_log');
  const log = parseQueueLog(readFileSync(TRANSFERS, 'utf8'));
  const ATTENDED = '1718000000.1';
  const attended = log.events.filter((e) => e.callId === ATTENDED);
  const at = (hhmmss: string) => Date.parse(`2024-06-10T${hhmmss}.000Z`);

  it('an attended transfer between two queues (APP|Queue, written as the format reference describes): one request, one agent answer, each agent its own talk', () => {
    const report = reportFromEvents(attended, DEFAULT_KPI_POLICY);
    expect(report).toMatchObject({ requests: 1, agentAnswered: 1, abandoned: 0, pending: 0, asaSeconds: 4, ahtSeconds: 191 });
    expect(report.agents).toEqual([
      { agentId: 'PJSIP/8001', agentAnswered: 1, talkSeconds: 71, ahtSeconds: 71 }, // until the transfer
      { agentId: 'PJSIP/9001', agentAnswered: 0, talkSeconds: 120, ahtSeconds: 120 }, // the transfer's target, after it
    ]);
    const call = foldEvents(attended).get(ATTENDED)!;
    expect(call).toMatchObject({ agentId: 'PJSIP/8001', waitSeconds: 4, queue: 'hotline', answeredAt: at('06:13:24'), endedAt: at('06:16:50'), talkSeconds: 191, transferred: true });
    expect(legsOf(call).map((l) => [l.agentId, l.talkSeconds, l.endedAt])).toEqual([['PJSIP/8001', 71, at('06:14:35')], ['PJSIP/9001', 120, at('06:16:50')]]);
  });

  it('the whole file: blind transfers into another queue and bridged consultations are not extra requests either', () => {
    const report = reportFromEvents(log.events, DEFAULT_KPI_POLICY);
    expect(report).toMatchObject({ requests: 4, agentAnswered: 4, asaSeconds: 5.5 });
    expect(Object.fromEntries(report.agents.map((a) => [a.agentId, [a.agentAnswered, a.talkSeconds]]))).toEqual({
      'PJSIP/8001': [2, 71 + 77], // attended (until the transfer) + bridged (until the transfer; the target's talk after a merge is not logged)
      'PJSIP/8002': [1, 60], // blind transfer, until the transfer
      'PJSIP/9001': [0, 120 + 100], // target of the attended and of the blind transfer
      'PJSIP/9002': [1, 90], // a plain call; its consultation talk is not a caller's
    });
    expect(report.agents.reduce((n, a) => n + a.agentAnswered, 0)).toBe(report.agentAnswered);
  });

  it('is order-independent: any arrival order of the transferred call\'s events gives the same record', () => {
    const expected = fold(attended)!;
    fc.assert(fc.property(fc.shuffledSubarray(attended, { minLength: attended.length, maxLength: attended.length }), (shuffled) => {
      expect({ ...fold(shuffled)!, lastEventAt: 0 }).toEqual({ ...expected, lastEventAt: 0 });
    }), { numRuns: 200 });
  });

  it('while the target talks: the call is not over, the first agent is credited and free, the target busy', () => {
    const upToAnswer = attended.filter((e) => Date.parse(e.ts) <= at('06:14:50'));
    const call = fold(upToAnswer)!;
    expect(call).toMatchObject({ endedAt: null, talkSeconds: 71, agentId: 'PJSIP/8001' });
    const agg = new KpiAggregator();
    agg.add(call);
    expect(agg.agents().get('PJSIP/8001')).toEqual({ answered: 1, handled: 1, talkSeconds: 71 });
    expect(agg.agents().has('PJSIP/9001')).toBe(false);
    expect(agg.counts()).toMatchObject({ agentAnswered: 1, handled: 0 });
    const floor = new FloorState();
    floor.onCall(call);
    const agents = Object.fromEntries(floor.snapshot(at('06:15:00')).agents.map((a) => [a.agentId, [a.state, new Date(a.since).toISOString().slice(11, 19)]]));
    expect(agents).toEqual({ 'PJSIP/8001': ['ready', '06:14:35'], 'PJSIP/9001': ['busy', '06:14:50'] });
    agg.update(call, fold(attended)!);
    expect(agg.agents().get('PJSIP/9001')).toEqual({ answered: 0, handled: 1, talkSeconds: 120 });
  });

  it('a log excerpt without the first CONNECT: the request is still the first agent\'s (implied by the transfer), not the target\'s', () => {
    const call = fold(attended.filter((e) => !(e.type === 'agent.answered' && e.agentId === 'PJSIP/8001')))!;
    expect(call).toMatchObject({ agentId: 'PJSIP/8001', answerInferred: true, answeredAt: at('06:13:24'), waitSeconds: 4 });
  });

  it('legs survive a JSON column (for the ledger), checked on the way back', () => {
    const call = fold(attended)!;
    expect(legsFromJson(JSON.parse(JSON.stringify(call.legs)))).toEqual(call.legs);
    expect(legsFromJson(null)).toBeUndefined();
    expect(() => legsFromJson([{ agentId: 'A', talkSeconds: 'long' }])).toThrow('legs[0].talkSeconds: expected a number or null');
    expect(() => legsFromJson({})).toThrow('legs: expected an array');
  });

  it('a record read back from a ledger row without legs counts as before: its agent is credited with its talk', () => {
    const rows = [...foldEvents(bankEvents.slice(0, 3000)).values()];
    const withLegs = new KpiAggregator();
    const withoutLegs = new KpiAggregator();
    for (const c of rows) {
      withLegs.add(c);
      const { legs: _legs, ...row } = c;
      withoutLegs.add(row);
    }
    expect(withoutLegs.counts()).toEqual(withLegs.counts());
    expect(withoutLegs.agents()).toEqual(withLegs.agents());
    // and a later event folds onto such a row like onto the full record
    const transferred = fold(attended.slice(0, -1))!;
    const { legs: _legs, ...row } = transferred;
    const last = attended.at(-1)!;
    expect(isCallScoped(last) && applyEvent(row, last)).toMatchObject({ talkSeconds: 191, endedAt: at('06:16:50'), agentId: 'PJSIP/8001' });
  });
});
