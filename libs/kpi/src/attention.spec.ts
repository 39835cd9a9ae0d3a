import { DEFAULT_ATTENTION_SETTINGS, evaluateAttention, type AttentionInput, type PlannedShift } from './attention';
import { emptyCounts, summarize } from './kpi';
import type { IntervalPoint, LiveSnapshot } from './snapshot';

// 2026-12-07 18:10 in Shanghai (10:10 UTC): the current interval starts 18:00 local, the last one 17:30.
const NOW = Date.parse('2026-12-07T10:10:00.000Z');
const CUR = '2026-12-07T10:00:00.000Z';
const PREV = '2026-12-07T09:30:00.000Z';
const min = 60_000;

const interval = (start: string, answered: number, abandoned: number): IntervalPoint => ({
  start, label: start.slice(11, 16), requests: answered + abandoned, agentAnswered: answered, ivrAnswered: 0, abandoned,
  connectRate: answered + abandoned === 0 ? null : ((answered * 100) / (answered + abandoned)).toFixed(2),
});

/** A quiet floor at NOW: both intervals on target, nobody waiting, agents A1..A3 ready. */
function snapshot(patch: Partial<LiveSnapshot> = {}): LiveSnapshot {
  const base = summarize(emptyCounts());
  return {
    asOf: new Date(NOW).toISOString(), timeZone: 'Asia/Shanghai', connectTargetPercent: 90, serviceLevelSeconds: 30,
    interval: { ...base, start: CUR, label: '18:00' },
    day: { ...base, date: '2026-12-07', underTarget: false },
    previousDay: { date: '2026-12-06', requests: 0, connectRate: null },
    month: { ...base, month: '2026-12', underTarget: false },
    intervals: [interval('2026-12-07T09:00:00.000Z', 5, 5), interval(PREV, 20, 0), interval(CUR, 12, 0)],
    agentsToday: [], callsWaiting: 0, longestWaitSeconds: 0,
    agents: ['A1', 'A2', 'A3'].map((agentId) => ({ agentId, state: 'ready' as const, since: new Date(NOW - 30 * min).toISOString(), reason: null, callId: null, inferred: false })),
    agentsByState: { login: 0, ready: 3, busy: 0, wrap: 0, paused: 0, logout: 0 },
    monthBudget: null, sources: ['e2e'], dayByBusinessType: [],
    ...patch,
  };
}

const input = (patch: Partial<AttentionInput> = {}): AttentionInput => ({ snapshot: snapshot(), waiting: [], planned: null, sources: [], wallClock: NOW, ...patch });
const shift = (agentId: string, startMinAgo: number, hours = 8): PlannedShift => ({ agentId, name: `name ${agentId}`, code: 'x', start: NOW - startMinAgo * min, end: NOW - startMinAgo * min + hours * 3_600_000 });

describe('needs attention now: the rules', () => {
  it('lists nothing on a quiet floor', () => {
    expect(evaluateAttention(input())).toEqual([]);
  });

  it('fires the current and the last half-hour below the 90% target, with enough requests, critical 10 points under', () => {
    const snap = snapshot({ intervals: [interval(PREV, 17, 3), interval(CUR, 7, 3)] });
    const alerts = evaluateAttention(input({ snapshot: snap }));
    expect(alerts.map((a) => [a.id, a.severity, a.measured, a.threshold, a.unit])).toEqual([
      [`interval-below-target:${CUR}`, 'critical', 70, 90, 'percent'],
      [`interval-below-target:${PREV}`, 'warning', 85, 90, 'percent'],
    ]);
    expect(alerts[0].since).toBe(CUR);
    // an interval of the morning at 50% is neither current nor last: not listed
    expect(evaluateAttention(input({ snapshot: snapshot({ intervals: [interval('2026-12-07T09:00:00.000Z', 5, 5), interval(PREV, 20, 0), interval(CUR, 12, 0)] }) })).map((a) => a.subject)).toEqual([]);
  });

  it('waits for the minimum of requests before an interval can fire (configurable)', () => {
    const snap = snapshot({ intervals: [interval(PREV, 20, 0), interval(CUR, 6, 3)] });
    expect(evaluateAttention(input({ snapshot: snap }))).toEqual([]);
    expect(evaluateAttention(input({ snapshot: snap }), { ...DEFAULT_ATTENTION_SETTINGS, minRequests: 5 }).map((a) => a.rule)).toEqual(['interval-below-target']);
    // exactly on target is not below it
    expect(evaluateAttention(input({ snapshot: snapshot({ intervals: [interval(PREV, 18, 2), interval(CUR, 9, 1)] }) }))).toEqual([]);
  });

  it('names the longest caller over the wait threshold and counts the others over it', () => {
    const waiting = [
      { callId: 'c-short', queuedAt: NOW - 20_000 },
      { callId: 'c-long', queuedAt: NOW - 130_000 },
      { callId: 'c-mid', queuedAt: NOW - 70_000 },
    ];
    const [alert, ...rest] = evaluateAttention(input({ waiting }));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ id: 'caller-waiting:c-long', rule: 'caller-waiting', severity: 'critical', subject: 'c-long', measured: 130, threshold: 60, unit: 'seconds', count: 2 });
    expect(evaluateAttention(input({ waiting: [{ callId: 'c', queuedAt: NOW - 60_000 }] }))).toEqual([]);
  });

  it('fires an agent paused or in wrap-up longer than allowed, from the state’s since', () => {
    const snap = snapshot({
      agents: [
        { agentId: 'A1', state: 'paused', since: new Date(NOW - 16 * min).toISOString(), reason: 'lunch', callId: null, inferred: false },
        { agentId: 'A2', state: 'wrap', since: new Date(NOW - 5 * min).toISOString(), reason: null, callId: null, inferred: false },
        { agentId: 'A3', state: 'paused', since: new Date(NOW - 14 * min).toISOString(), reason: null, callId: null, inferred: false },
      ],
    });
    const alerts = evaluateAttention(input({ snapshot: snap }));
    expect(alerts.map((a) => [a.rule, a.subject, a.severity, a.measured, a.threshold])).toEqual([
      ['agent-wrap', 'A2', 'critical', 300, 120],
      ['agent-paused', 'A1', 'warning', 960, 900],
    ]);
    expect(alerts[1].id).toBe(`agent-paused:A1:${new Date(NOW - 16 * min).toISOString()}`);
  });

  it('fires fewer agents logged in than the published roster has due, naming the missing ones', () => {
    const agents = snapshot().agents.map((a) => (a.agentId === 'A3' ? { ...a, state: 'logout' as const } : a));
    const planned = [shift('A1', 60), shift('A2', 60), shift('A3', 30), shift('A4', 3), shift('A5', -60)];
    const [alert, ...rest] = evaluateAttention(input({ snapshot: snapshot({ agents }), planned }));
    expect(rest).toEqual([]);
    // due: A1, A2, A3 (A4 is within the 5-minute grace, A5 starts later); logged in: A1, A2
    expect(alert).toMatchObject({ rule: 'roster-short', severity: 'warning', measured: 2, threshold: 3, unit: 'agents', agents: ['A3'] });
    expect(alert.id).toBe(`roster-short:${new Date(NOW - 30 * min).toISOString()}`);
    // another agent logged in covers the count
    const cover = [...agents, { agentId: 'X9', state: 'ready' as const, since: new Date(NOW).toISOString(), reason: null, callId: null, inferred: false }];
    expect(evaluateAttention(input({ snapshot: snapshot({ agents: cover }), planned }))).toEqual([]);
    // no published roster: the rule is skipped
    expect(evaluateAttention(input({ snapshot: snapshot({ agents }), planned: null }))).toEqual([]);
    // nobody logged in of three due: critical
    const none = agents.map((a) => ({ ...a, state: 'logout' as const }));
    expect(evaluateAttention(input({ snapshot: snapshot({ agents: none }), planned }))[0]).toMatchObject({ severity: 'critical', measured: 0, agents: ['A1', 'A2', 'A3'] });
  });

  it('fires the month budget spent faster than the rest of the month can afford, critical once it is gone', () => {
    const base = summarize(emptyCounts());
    const day = { ...base, date: '2026-12-07', underTarget: true, requests: 100, agentAnswered: 85, abandoned: 15, connectRate: '85.00' };
    const open = { remainingRequests: '20000', lostBudget: '1500', status: 'open' as const, requiredRestConnectRatePercent: '92.50' };
    const [alert] = evaluateAttention(input({ snapshot: snapshot({ day, monthBudget: open }) }));
    expect(alert).toMatchObject({ id: 'budget-overspent:2026-12:2026-12-07', severity: 'warning', measured: 85, threshold: 92.5, since: '2026-12-06T16:00:00.000Z' });
    // today above the rate the rest needs: no alert
    expect(evaluateAttention(input({ snapshot: snapshot({ day: { ...day, agentAnswered: 95, abandoned: 5, connectRate: '95.00' }, monthBudget: open }) }))).toEqual([]);
    const month = { ...base, month: '2026-12', underTarget: true, connectRate: '80.00' };
    const gone = { ...open, lostBudget: '-10', status: 'unreachable' as const, requiredRestConnectRatePercent: null };
    expect(evaluateAttention(input({ snapshot: snapshot({ day, month, monthBudget: gone }) }))[0]).toMatchObject({ id: 'budget-overspent:2026-12:unreachable', severity: 'critical', measured: 80, threshold: 90 });
    expect(evaluateAttention(input({ snapshot: snapshot({ day, monthBudget: { ...open, status: 'secured' } }) }))).toEqual([]);
  });

  it('fires a watched intake source silent longer than the threshold (wall clock), from its last arrival', () => {
    const sources = [
      { name: 'pbx', lastSeenAt: NOW - 11 * min, watchedSince: NOW - 100 * min },
      { name: 'fresh', lastSeenAt: NOW - 1 * min, watchedSince: NOW - 100 * min },
      { name: 'never', lastSeenAt: null, watchedSince: NOW - 25 * min },
    ];
    const alerts = evaluateAttention(input({ sources }));
    expect(alerts.map((a) => [a.subject, a.severity, a.measured, a.threshold])).toEqual([
      ['never', 'critical', 1500, 600],
      ['pbx', 'warning', 660, 600],
    ]);
  });

  it('ranks by severity, then by how far off', () => {
    const snap = snapshot({
      intervals: [interval(PREV, 17, 3), interval(CUR, 20, 0)],
      agents: [{ agentId: 'A1', state: 'paused', since: new Date(NOW - 40 * min).toISOString(), reason: null, callId: null, inferred: false }],
    });
    const alerts = evaluateAttention(input({ snapshot: snap, waiting: [{ callId: 'c', queuedAt: NOW - 90_000 }] }));
    // paused 40 min of 15 (critical, 1.67 off); the wait 90 s of 60 (0.5 off) before the interval 85% of 90 (0.06 off)
    expect(alerts.map((a) => [a.rule, a.deviation])).toEqual([['agent-paused', 1.67], ['caller-waiting', 0.5], ['interval-below-target', 0.06]]);
  });
});
