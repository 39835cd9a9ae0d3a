import type { FloorAlert, FloorAttention, LiveSnapshot, WallboardAlert, WallboardPeriod, WallboardSnapshot } from '@hotline/contracts';

/** Counts and connect rate of a period, as the live floor's KPI summary gives them. */
type Summary = Pick<LiveSnapshot['day'], 'requests' | 'agentAnswered' | 'ivrAnswered' | 'abandoned' | 'connectRate'>;

/**
 * True when a connect rate (percent string, 2 decimals) is below the target; false without requests (unknown is
 * not a failure). The same rule as the live floor's `underTarget` (libs/kpi snapshot.ts).
 */
export function belowTarget(connectRate: string | null, targetPercent: number): boolean {
  return connectRate !== null && Number(connectRate) < targetPercent;
}

function period(s: Summary, target: number): WallboardPeriod {
  return {
    requests: s.requests,
    connected: s.agentAnswered + s.ivrAnswered,
    abandoned: s.abandoned,
    connectRate: s.connectRate,
    belowTarget: belowTarget(s.connectRate, target),
  };
}

/** Local `HH:MM` of an instant in a zone. */
function hhmm(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/**
 * A floor alert as the hall may see it: the subject in words (an interval's or a roster shift's local time, an
 * agent id, the month, a source's name) and never a call id (a waiting caller's alert has none); acknowledged or
 * not, without the acknowledger.
 */
export function toWallboardAlert(a: FloorAlert, timeZone: string): WallboardAlert {
  const subject = a.subjectKind === 'call' ? null : a.subjectKind === 'interval' || a.subjectKind === 'roster' ? hhmm(a.subject, timeZone) : a.subject;
  return {
    rule: a.rule, severity: a.severity, subjectKind: a.subjectKind, subject, measured: a.measured, threshold: a.threshold, unit: a.unit, since: a.since,
    agents: [...a.agents], count: a.count, acknowledged: a.ack !== null,
  };
}

/**
 * The wallboard's snapshot from the live floor's: the interval's, day's and month's requests, connected (agent- and
 * IVR-answered), abandoned and connect rate against the target; the queue (calls waiting, longest wait); agents by
 * state and the agents not logged out (id, state, since); the day's intervals; the floor's attention list (null when
 * not available) through {@link toWallboardAlert}. Left out on purpose: callers of any
 * kind, call ids (an agent's current call), pause reasons (free text), business types, sources, the month's budget.
 * Pure: the same live snapshot gives the same wallboard.
 */
export function toWallboardSnapshot(live: LiveSnapshot, attention: FloorAttention | null = null): WallboardSnapshot {
  const target = live.connectTargetPercent;
  return {
    asOf: live.asOf,
    timeZone: live.timeZone,
    connectTargetPercent: target,
    interval: { ...period(live.interval, target), start: live.interval.start, label: live.interval.label },
    day: { ...period(live.day, target), date: live.day.date },
    month: { ...period(live.month, target), month: live.month.month },
    callsWaiting: live.callsWaiting,
    longestWaitSeconds: live.longestWaitSeconds,
    agentsByState: { ...live.agentsByState },
    agents: live.agents
      .filter((a) => a.state !== 'logout')
      .map((a) => ({ agentId: a.agentId, state: a.state, since: a.since }))
      .sort((a, b) => a.agentId.localeCompare(b.agentId)),
    intervals: live.intervals.map((i) => ({ start: i.start, label: i.label, requests: i.requests, connectRate: i.connectRate, belowTarget: belowTarget(i.connectRate, target) })),
    attention: attention ? attention.alerts.map((a) => toWallboardAlert(a, live.timeZone)) : null,
  };
}
