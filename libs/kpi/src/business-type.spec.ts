import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQueueLog, type CallEvent } from '@hotline/events';
import {
  DEFAULT_BUSINESS_TYPES, DEFAULT_BUSINESS_TYPE_CONFIG, OTHER_BUSINESS_TYPE, businessTypeResolver, normalizeRuleMatch, orderBusinessTypes, resolveBusinessType,
  type BusinessTypeConfig,
} from './business-type';
import { outcomeOf, type CallRecord } from './call-record';
import { DEFAULT_KPI_POLICY, KpiAggregator, addCounts, callCounts, emptyCounts, summarize } from './kpi';
import { buildReport, foldEvents, reportFromEvents } from './report';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'data');

const config: BusinessTypeConfig = {
  types: DEFAULT_BUSINESS_TYPES,
  rules: [
    { kind: 'queue', match: 'Vehicles', typeCode: 'motor-vehicle' },
    { kind: 'queue', match: 'licence', typeCode: 'driving-licence' },
    { kind: 'ivr', match: '1', typeCode: 'user-info' },
    { kind: 'ivr', match: '4', typeCode: 'complaint-suggestion' },
    { kind: 'ivr', match: '4.1', typeCode: 'complaint' },
    { kind: 'category', match: '车驾管', typeCode: 'motor-vehicle' },
    { kind: 'queue', match: 'ghost', typeCode: 'no-such-type' },
  ],
};
const call = (c: { category?: string | null; queue?: string | null; ivrChoice?: string | null }) => ({ category: c.category ?? null, queue: c.queue ?? null, ivrChoice: c.ivrChoice ?? null });

describe('resolveBusinessType', () => {
  it("takes the record's category first: a category rule, else a type's code or name in either language", () => {
    expect(resolveBusinessType(call({ category: '车驾管', queue: 'licence', ivrChoice: '1' }), config)).toEqual({ code: 'motor-vehicle', via: 'category' });
    expect(resolveBusinessType(call({ category: 'driving-licence' }), config)).toEqual({ code: 'driving-licence', via: 'category' });
    expect(resolveBusinessType(call({ category: ' 驾驶证业务 ' }), config)).toEqual({ code: 'driving-licence', via: 'category' });
    expect(resolveBusinessType(call({ category: 'COMPLAINT' }), config)).toEqual({ code: 'complaint', via: 'category' });
    expect(resolveBusinessType(call({ category: 'Motor-Vehicle business' }), config)).toEqual({ code: 'motor-vehicle', via: 'category' });
  });

  it('falls through an unknown category to the IVR choice, then the queue, then 其他', () => {
    expect(resolveBusinessType(call({ category: '天气', ivrChoice: '1', queue: 'licence' }), config)).toEqual({ code: 'user-info', via: 'ivr' });
    expect(resolveBusinessType(call({ category: '天气', queue: 'LICENCE ' }), config)).toEqual({ code: 'driving-licence', via: 'queue' });
    expect(resolveBusinessType(call({ queue: 'sales' }), config)).toEqual({ code: OTHER_BUSINESS_TYPE, via: 'fallback' });
    expect(resolveBusinessType(call({}), config)).toEqual({ code: OTHER_BUSINESS_TYPE, via: 'fallback' });
  });

  it('matches an IVR choice whole, else by its shorter prefixes, whatever the separator', () => {
    expect(resolveBusinessType(call({ ivrChoice: '4-1' }), config).code).toBe('complaint');
    expect(resolveBusinessType(call({ ivrChoice: '4>1' }), config).code).toBe('complaint');
    expect(resolveBusinessType(call({ ivrChoice: '4-2' }), config).code).toBe('complaint-suggestion');
    expect(resolveBusinessType(call({ ivrChoice: '4-1-9' }), config).code).toBe('complaint');
    expect(resolveBusinessType(call({ ivrChoice: '9', queue: 'vehicles' }), config)).toEqual({ code: 'motor-vehicle', via: 'queue' });
    expect(normalizeRuleMatch('ivr', ' 4 . 1 ')).toBe('4-1');
    expect(normalizeRuleMatch('queue', ' Ｖｅｈｉｃｌｅｓ ')).toBe('vehicles'); // full-width letters (NFKC)
  });

  it('ignores rules that name a type not in the tree, and uses the fallback given', () => {
    expect(resolveBusinessType(call({ queue: 'ghost' }), config)).toEqual({ code: OTHER_BUSINESS_TYPE, via: 'fallback' });
    expect(resolveBusinessType(call({ queue: 'ghost' }), config, 'user-info')).toEqual({ code: 'user-info', via: 'fallback' });
  });

  it('orders the tree: top-level by sort order, each followed by its children', () => {
    expect(orderBusinessTypes(DEFAULT_BUSINESS_TYPES).map((t) => t.code)).toEqual([
      'user-info', 'motor-vehicle', 'driving-licence', 'complaint-suggestion', 'complaint', 'suggestion', 'other',
    ]);
  });
});

describe('KPIs per business type', () => {
  const at = (s: number) => new Date(Date.UTC(2024, 5, 10, 2, 0, s)).toISOString();
  /** A small day: every outcome, several queues, IVR choices, a category, a survey. */
  const events: CallEvent[] = [];
  /** An event without the ids the helper adds (distributed over the union, so each type keeps its own fields). */
  type Draft = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'callId' | 'source' | 'eventId'> : never) : never;
  const add = (callId: string, list: Draft[]) =>
    list.forEach((e, i) => events.push({ ...e, callId, source: 't', eventId: `${callId}:${i}` } as CallEvent));
  add('a1', [{ type: 'call.offered', ts: at(0) }, { type: 'queue.entered', ts: at(1), queue: 'vehicles' }, { type: 'agent.answered', ts: at(10), agentId: 'x', waitSeconds: 9 }, { type: 'call.ended', ts: at(100), agentId: 'x', talkSeconds: 90, endedBy: 'caller' }, { type: 'survey.answered', ts: at(101), rating: 'dissatisfied' }]);
  add('a2', [{ type: 'call.offered', ts: at(2) }, { type: 'queue.entered', ts: at(3), queue: 'vehicles' }, { type: 'call.abandoned', ts: at(40), where: 'queue', reason: 'hangup', waitSeconds: 37 }]);
  add('a3', [{ type: 'call.offered', ts: at(4), ivrChoice: '4-1' }, { type: 'queue.entered', ts: at(5), queue: 'vehicles' }]); // pending, typed by IVR
  add('i1', [{ type: 'call.offered', ts: at(6), ivrChoice: '1' }, { type: 'ivr.completed', ts: at(30), ivrSeconds: 24 }]);
  add('i2', [{ type: 'call.offered', ts: at(7), ivrChoice: '4-2' }, { type: 'ivr.completed', ts: at(9), ivrSeconds: 2 }]); // short IVR
  add('c1', [{ type: 'call.offered', ts: at(8), category: '驾驶证业务' }, { type: 'queue.entered', ts: at(9), queue: 'vehicles' }, { type: 'agent.answered', ts: at(12), agentId: 'y', waitSeconds: 3 }]);
  add('o1', [{ type: 'call.offered', ts: at(11) }, { type: 'queue.entered', ts: at(12), queue: 'sales' }, { type: 'agent.answered', ts: at(20), agentId: 'y', waitSeconds: 8 }]);

  it('counts every call once under its own type with the totals\' rules; top-level rows sum to the totals', () => {
    const report = reportFromEvents(events, { ...DEFAULT_KPI_POLICY, shortIvrExcludeSeconds: 5 }, { businessTypes: config });
    const row = (code: string) => report.byBusinessType.find((r) => r.code === code)!;
    expect(row('motor-vehicle')).toMatchObject({ level: 1, requests: 2, agentAnswered: 1, abandoned: 1, connectRate: '50.00', surveyResponses: 1, satisfaction: '0.00' });
    expect(row('complaint')).toMatchObject({ level: 2, parentCode: 'complaint-suggestion', requests: 1, pending: 1, connectRate: null });
    expect(row('suggestion')).toMatchObject({ level: 2, requests: 0, excludedShortIvr: 0 }); // 4-2 has no rule of its own: its prefix 4 types it as the parent
    expect(row('complaint-suggestion')).toMatchObject({ level: 1, requests: 1, pending: 1, excludedShortIvr: 1 });
    expect(row('user-info')).toMatchObject({ requests: 1, ivrAnswered: 1, connectRate: '100.00' });
    expect(row('driving-licence')).toMatchObject({ requests: 1, agentAnswered: 1 });
    expect(row('other')).toMatchObject({ requests: 1, agentAnswered: 1 });
    const top = report.byBusinessType.filter((r) => r.level === 1);
    for (const k of ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'pending', 'excludedShortIvr', 'surveyResponses'] as const) {
      expect([k, top.reduce((s, r) => s + r[k], 0)]).toEqual([k, report[k]]);
    }
    expect(report.byBusinessType.map((r) => r.code)).toEqual(['user-info', 'motor-vehicle', 'driving-licence', 'complaint-suggestion', 'complaint', 'suggestion', 'other']);
  });

  it('excludes calls in an outage window per type as in the totals', () => {
    const outages = [{ startsAt: Date.parse(at(0)), endsAt: Date.parse(at(3)) }];
    const report = reportFromEvents(events, { ...DEFAULT_KPI_POLICY, outages }, { businessTypes: config });
    expect(report.byBusinessType.find((r) => r.code === 'motor-vehicle')).toMatchObject({ requests: 0, excludedOutage: 2, connectRate: null });
  });

  it('moves a call between types when later events change its evidence (remove + add), leaving no trace in the old type', () => {
    const agg = new KpiAggregator(DEFAULT_KPI_POLICY, { businessTypes: config });
    const calls = foldEvents(events);
    const before = calls.get('o1')!;
    agg.add(before);
    const after: CallRecord = { ...before, category: 'complaint' };
    agg.update(before, after);
    expect([...agg.byBusinessType().keys()]).toEqual(['complaint']);
    expect(buildReport(agg).byBusinessType.find((r) => r.code === 'complaint-suggestion')).toMatchObject({ requests: 1, agentAnswered: 1 });
  });

  it('on a real queue_log: per-queue counts under a queue mapping equal the queue\'s own call counts', () => {
    const text = readFileSync(join(SHARED, 'asterisk-queue-log-malariapbx', 'queue_log'), 'utf8');
    const { events: real } = parseQueueLog(text);
    const calls = [...foldEvents(real).values()];
    const queues = [...new Set(calls.map((c) => c.queue).filter((q): q is string => q !== null))].sort();
    expect(queues.length).toBeGreaterThan(0);
    const rules = queues.map((q, i) => ({ kind: 'queue' as const, match: q, typeCode: DEFAULT_BUSINESS_TYPES[i % 4].code }));
    const report = reportFromEvents(real, DEFAULT_KPI_POLICY, { businessTypes: { types: DEFAULT_BUSINESS_TYPES, rules } });
    for (const [i, code] of DEFAULT_BUSINESS_TYPES.slice(0, 4).map((t) => t.code).entries()) {
      const mine = calls.filter((c) => c.queue !== null && queues.indexOf(c.queue) % 4 === i);
      const expected = emptyCounts();
      for (const c of mine) addCounts(expected, callCounts(c, DEFAULT_KPI_POLICY));
      const row = report.byBusinessType.find((r) => r.code === code)!;
      const want = summarize(expected);
      expect({ code, requests: row.requests, agentAnswered: row.agentAnswered, abandoned: row.abandoned, connectRate: row.connectRate })
        .toEqual({ code, requests: want.requests, agentAnswered: want.agentAnswered, abandoned: want.abandoned, connectRate: want.connectRate });
      expect(mine.filter((c) => outcomeOf(c) === 'answered').length).toBe(row.agentAnswered);
    }
  });

  it('without a configuration, types calls by their category against the tender\'s tree', () => {
    const report = reportFromEvents(events, DEFAULT_KPI_POLICY);
    expect(report.byBusinessType.find((r) => r.code === 'driving-licence')).toMatchObject({ requests: 1 });
    expect(report.byBusinessType.find((r) => r.code === 'other')).toMatchObject({ requests: 6 });
    expect(DEFAULT_BUSINESS_TYPE_CONFIG.rules).toEqual([]);
  });

  it('the resolver bound once gives the same answers as the one-off function', () => {
    const resolve = businessTypeResolver(config);
    for (const c of foldEvents(events).values()) expect(resolve(c)).toEqual(resolveBusinessType(c, config));
  });
});
