import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls, type CallEvent } from '@hotline/events';
import { applyEvent, isCallScoped, type CallRecord } from './call-record';
import { DEFAULT_KPI_POLICY, KpiAggregator, emptyCounts, type KpiPolicy } from './kpi';
import { buildReport } from './report';
import { diffRollups, rollupDeltas, rollupsOf, ROLLUP_COUNT_KEYS, type RollupRows } from './rollup';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const bankEvents = parseBankCalls(readFileSync(join(SHARED, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'), 'utf8')).events.slice(0, 4000);
const { outages: _none, ...POLICY } = { ...DEFAULT_KPI_POLICY, shortIvrExcludeSeconds: 3 };

/** Rollups as a map of summed rows (what the table holds after applying deltas one after another). */
function applyAll(into: RollupRows, deltas: RollupRows): RollupRows {
  return { types: [...into.types, ...deltas.types], agents: [...into.agents, ...deltas.agents] };
}
/** Sums rows of one key (the upsert's `col = col + EXCLUDED.col`). */
function collapse(rows: RollupRows): RollupRows {
  return {
    types: [...rows.types.reduce((m, r) => {
      const k = JSON.stringify([r.intervalStart, r.category, r.ivrChoice, r.queue]);
      const t = m.get(k) ?? m.set(k, { ...r, counts: emptyCounts() }).get(k)!;
      for (const c of ROLLUP_COUNT_KEYS) t.counts[c] += r.counts[c];
      return m;
    }, new Map<string, RollupRows['types'][number]>()).values()],
    agents: [...rows.agents.reduce((m, r) => {
      const k = JSON.stringify([r.intervalStart, r.agentId]);
      const t = m.get(k) ?? m.set(k, { ...r, answered: 0, handled: 0, talkSeconds: 0 }).get(k)!;
      t.answered += r.answered;
      t.handled += r.handled;
      t.talkSeconds += r.talkSeconds;
      return m;
    }, new Map<string, RollupRows['agents'][number]>()).values()],
  };
}

const call = (over: Partial<CallRecord>): CallRecord => ({
  callId: 'c1', source: 't', offeredAt: Date.parse('2026-12-01T02:10:00Z'), startInferred: false, callerId: null, did: null, category: null, ivrChoice: null,
  priority: null, queue: 'Q1', queuedAt: null, ivrCompletedAt: null, ivrSeconds: null, answeredAt: null, answerInferred: false, agentId: null, waitSeconds: null,
  abandonedAt: null, abandonWhere: null, abandonReason: null, endedAt: null, talkSeconds: null, wrapSeconds: null, transferred: false, survey: null,
  lastEventAt: Date.parse('2026-12-01T02:10:00Z'), ...over,
});

describe('rollupDeltas', () => {
  it('turns a new call into +1 of its counts under its interval and evidence, and its agent credits', () => {
    const at = Date.parse('2026-12-01T02:10:00Z');
    const answered = call({ answeredAt: at + 5000, agentId: 'A1', waitSeconds: 5, endedAt: at + 65_000, talkSeconds: 60, wrapSeconds: 10, category: '机动车业务' });
    const d = rollupDeltas([{ after: answered }], POLICY);
    expect(d.types).toEqual([{ intervalStart: Date.parse('2026-12-01T02:00:00Z'), category: '机动车业务', ivrChoice: '', queue: 'Q1', counts: expect.objectContaining({ requests: 1, agentAnswered: 1, answeredWithinTarget: 1, waitSecondsAnswered: 5, handled: 1, handleSeconds: 70 }) }]);
    expect(d.agents).toEqual([{ intervalStart: Date.parse('2026-12-01T02:00:00Z'), agentId: 'A1', answered: 1, handled: 1, talkSeconds: 70 }]);
  });

  it('gives nothing for a change that alters no count, and -before +after for one that does', () => {
    const pending = call({});
    expect(rollupDeltas([{ before: pending, after: { ...pending, lastEventAt: pending.lastEventAt + 1000, priority: 3 } }], POLICY)).toEqual({ types: [], agents: [] });
    const abandoned = { ...pending, abandonedAt: pending.offeredAt + 30_000, abandonWhere: 'queue' as const };
    const d = rollupDeltas([{ before: pending, after: abandoned }], POLICY);
    expect(d.types).toHaveLength(1);
    expect(d.types[0].counts).toEqual({ ...emptyCounts(), pending: -1, abandonedInQueue: 1 });
    expect(d.agents).toEqual([]);
  });

  it('moves a call that changes interval (an inferred start corrected) or evidence, and sums several changes per key', () => {
    const late = call({ callId: 'c2', offeredAt: Date.parse('2026-12-01T02:31:00Z') });
    const early = { ...late, offeredAt: Date.parse('2026-12-01T02:29:00Z'), category: 'complaint' };
    const d = rollupDeltas([{ before: late, after: early }, { after: call({ callId: 'c3', category: 'complaint' }) }], POLICY);
    expect(d.types.map((r) => [new Date(r.intervalStart).toISOString(), r.category, r.counts.requests, r.counts.pending])).toEqual([
      ['2026-12-01T02:00:00.000Z', 'complaint', 2, 2],
      ['2026-12-01T02:30:00.000Z', '', -1, -1],
    ]);
  });

  it('removes a deleted call (after absent) and credits each agent of a transferred call its own leg', () => {
    const at = Date.parse('2026-12-01T03:00:00Z');
    const transferred = call({
      answeredAt: at, agentId: 'A1', waitSeconds: 30, endedAt: at + 200_000, talkSeconds: 150, transferred: true,
      legs: [
        { agentId: 'A1', answeredAt: at, waitSeconds: 30, impliedAnswerAt: null, impliedWaitSeconds: null, endedAt: at + 50_000, talkSeconds: 50, wrapSeconds: null },
        { agentId: null, answeredAt: at + 50_000, waitSeconds: null, impliedAnswerAt: null, impliedWaitSeconds: null, endedAt: at + 200_000, talkSeconds: 100, wrapSeconds: null },
      ],
    });
    const d = rollupDeltas([{ before: transferred }], POLICY);
    expect(d.agents.map((a) => [a.agentId, a.answered, a.handled, a.talkSeconds])).toEqual([['(unknown)', 0, -1, -100], ['A1', -1, -1, -50]]);
    expect(d.types[0].counts).toMatchObject({ requests: -1, agentAnswered: -1, answeredWithinTarget: 0 });
  });

  it('keeps keys sorted (interval, then evidence / agent in code-unit order)', () => {
    const calls = ['b', 'a', 'B', '其他', ''].flatMap((q, i) => [call({ callId: `x${i}`, queue: q, offeredAt: Date.parse('2026-12-01T05:00:00Z') - i * 1_800_000 })]);
    const d = rollupsOf(calls, POLICY);
    const keys = d.types.map((r) => [r.intervalStart, r.queue]);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] as number) - (b[0] as number)));
  });

  const byCall = new Map<string, CallEvent[]>();
  for (const e of bankEvents) if (isCallScoped(e)) (byCall.get(e.callId) ?? byCall.set(e.callId, []).get(e.callId)!).push(e);
  const callEvents = [...byCall.values()];

  it('summed over batches of events in any split, equals the rollups of the final calls (and the aggregator\'s report)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: callEvents.length - 300 }), (sizes, offset) => {
        const events = callEvents.slice(offset, offset + 300).flat().sort((a, b) => a.ts.localeCompare(b.ts));
        const state = new Map<string, CallRecord>();
        let table: RollupRows = { types: [], agents: [] };
        let i = 0;
        for (let s = 0; i < events.length; s = (s + 1) % sizes.length) {
          const batch = events.slice(i, i + sizes[s]);
          i += sizes[s];
          const before = new Map(state);
          for (const e of batch) if (isCallScoped(e)) state.set(e.callId, applyEvent(state.get(e.callId), e));
          const touched = [...new Set(batch.filter(isCallScoped).map((e) => e.callId))];
          table = applyAll(table, rollupDeltas(touched.map((id) => ({ before: before.get(id), after: state.get(id)! })), POLICY));
        }
        expect(diffRollups(collapse(table), rollupsOf(state.values(), POLICY))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('loaded into an aggregator (types resolved at read time) gives the report of the calls themselves', () => {
    const calls = [...callEvents.slice(0, 1500).map((evs) => evs.reduce<CallRecord | undefined>((c, e) => (isCallScoped(e) ? applyEvent(c, e) : c), undefined)!)];
    const policy: KpiPolicy = { ...POLICY, outages: [] };
    const direct = new KpiAggregator(policy);
    for (const c of calls) direct.add(c);
    const rows = rollupsOf(calls, POLICY);
    const loaded = new KpiAggregator(policy);
    for (const r of rows.types) {
      loaded.addRollup(r.intervalStart, { counts: r.counts, types: [[loaded.businessTypeOf({ ...calls[0], category: r.category || null, ivrChoice: r.ivrChoice || null, queue: r.queue || null }), r.counts]] });
    }
    for (const a of rows.agents) loaded.addRollup(a.intervalStart, { agents: [[a.agentId, a]] });
    expect(buildReport(loaded)).toEqual(buildReport(direct));
  });
});

describe('diffRollups', () => {
  it('names each key whose values differ, and takes an all-zero row as no row', () => {
    const rows = rollupsOf([call({}), call({ callId: 'c9', queue: 'Q2', answeredAt: Date.parse('2026-12-01T02:11:00Z'), agentId: 'A1', waitSeconds: 60 })], POLICY);
    expect(diffRollups(rows, rows)).toEqual([]);
    const zero = { ...rows, types: [...rows.types, { ...rows.types[0], queue: 'Z', counts: emptyCounts() }] };
    expect(diffRollups(zero, rows)).toEqual([]);
    const corrupt = { types: rows.types.map((r, i) => (i === 0 ? { ...r, counts: { ...r.counts, requests: 7 } } : r)), agents: [] };
    const diff = diffRollups(corrupt, rows);
    expect(diff.map((d) => [d.kind, d.key, d.stored?.requests ?? d.stored?.answered, d.expected?.requests ?? d.expected?.answered])).toEqual([
      ['type', '||Q1', 7, 1],
      ['agent', 'A1', undefined, 1],
    ]);
  });
});
