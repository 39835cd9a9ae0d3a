import { FloorAttention, LiveSnapshot, WallboardSnapshot, type KpiSummary } from '@hotline/contracts';
import { belowTarget, toWallboardSnapshot } from './wallboard-snapshot.js';

const summary = (requests: number, agentAnswered: number, ivrAnswered: number, abandoned: number, connectRate: string | null): KpiSummary => ({
  requests, agentAnswered, ivrAnswered, abandoned, abandonedInQueue: abandoned, abandonedInIvr: 0, pending: 0, excludedOutage: 0, excludedShortIvr: 0,
  connectRate, serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null, surveyResponses: 0, satisfaction: null,
});

/** A live snapshot with a caller-bearing agent (a call id, a pause reason with a number) and an interval under 90%. */
const live: LiveSnapshot = LiveSnapshot.parse({
  asOf: '2026-12-07T02:10:00.000Z', timeZone: 'Asia/Shanghai', connectTargetPercent: 90, serviceLevelSeconds: 20,
  interval: { ...summary(19, 15, 1, 3, '84.21'), start: '2026-12-07T02:00:00.000Z', label: '10:00' },
  day: { ...summary(100, 85, 6, 9, '91.00'), date: '2026-12-07', underTarget: false },
  previousDay: { date: '2026-12-06', requests: 80, connectRate: '92.50' },
  month: { ...summary(0, 0, 0, 0, null), month: '2026-12', underTarget: false },
  intervals: [
    { start: '2026-12-07T01:30:00.000Z', label: '09:30', requests: 10, agentAnswered: 10, ivrAnswered: 0, abandoned: 0, connectRate: '100.00' },
    { start: '2026-12-07T02:00:00.000Z', label: '10:00', requests: 19, agentAnswered: 15, ivrAnswered: 1, abandoned: 3, connectRate: '84.21' },
    { start: '2026-12-07T02:30:00.000Z', label: '10:30', requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0, connectRate: null },
  ],
  agentsToday: [{ agentId: 'A2', agentAnswered: 3 }],
  callsWaiting: 2, longestWaitSeconds: 75,
  agents: [
    { agentId: 'A2', state: 'busy', since: '2026-12-07T02:09:00.000Z', reason: null, callId: 'pbx:1733537340.17', inferred: false },
    { agentId: 'A1', state: 'paused', since: '2026-12-07T02:00:00.000Z', reason: 'callback 13812345678', callId: null, inferred: false },
    { agentId: 'A3', state: 'logout', since: '2026-12-07T01:00:00.000Z', reason: null, callId: null, inferred: false },
  ],
  agentsByState: { login: 0, ready: 0, busy: 1, wrap: 0, paused: 1, logout: 1 },
  monthBudget: null, sources: ['pbx'], dayByBusinessType: [],
});

describe('the wallboard snapshot', () => {
  it('keeps the figures, flags rates below the target, and treats no requests as unknown, not below', () => {
    const board = WallboardSnapshot.parse(toWallboardSnapshot(live));
    expect(board.interval).toEqual({ requests: 19, connected: 16, abandoned: 3, connectRate: '84.21', belowTarget: true, start: '2026-12-07T02:00:00.000Z', label: '10:00' });
    expect(board.day).toMatchObject({ requests: 100, connected: 91, connectRate: '91.00', belowTarget: false });
    expect(board.month).toMatchObject({ requests: 0, connectRate: null, belowTarget: false });
    expect(board.intervals.map((i) => i.belowTarget)).toEqual([false, true, false]);
    expect([board.callsWaiting, board.longestWaitSeconds]).toEqual([2, 75]);
    expect(belowTarget('89.99', 90)).toBe(true);
    expect(belowTarget('90.00', 90)).toBe(false);
  });

  it('drops call ids, pause reasons and logged-out agents', () => {
    const board = toWallboardSnapshot(live);
    expect(board.agents).toEqual([
      { agentId: 'A1', state: 'paused', since: '2026-12-07T02:00:00.000Z' },
      { agentId: 'A2', state: 'busy', since: '2026-12-07T02:09:00.000Z' },
    ]);
    const text = JSON.stringify(board);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('1733537340');
    expect(text).not.toContain('pbx');
  });

  it('shows the floor\'s alerts without call ids or who acknowledged them', () => {
    const base = { measured: 0, threshold: 0, since: '2026-12-07T02:00:00.000Z', agents: [], count: 0, deviation: 0 };
    const attention = FloorAttention.parse({
      asOf: live.asOf, evaluatedAt: live.asOf, roster: null,
      alerts: [
        { ...base, id: 'caller-waiting:pbx:1733537340.17', rule: 'caller-waiting', severity: 'critical', subjectKind: 'call', subject: 'pbx:1733537340.17', measured: 130, threshold: 60, unit: 'seconds', count: 2, ack: null },
        { ...base, id: 'interval-below-target:2026-12-07T02:00:00.000Z', rule: 'interval-below-target', severity: 'warning', subjectKind: 'interval', subject: '2026-12-07T02:00:00.000Z', measured: 84.21, threshold: 90, unit: 'percent', ack: { by: 'lead1', byName: '王班长', at: live.asOf } },
      ],
    });
    const board = WallboardSnapshot.parse(toWallboardSnapshot(live, attention));
    expect(board.attention).toEqual([
      { rule: 'caller-waiting', severity: 'critical', subjectKind: 'call', subject: null, measured: 130, threshold: 60, unit: 'seconds', since: base.since, agents: [], count: 2, acknowledged: false },
      { rule: 'interval-below-target', severity: 'warning', subjectKind: 'interval', subject: '10:00', measured: 84.21, threshold: 90, unit: 'percent', since: base.since, agents: [], count: 0, acknowledged: true },
    ]);
    const text = JSON.stringify(board);
    expect(text).not.toContain('1733537340');
    expect(text).not.toContain('王班长');
    expect(toWallboardSnapshot(live).attention).toBeNull();
  });
});
