/**
 * "Needs attention now" (要处理的事): the rules a shift lead's floor is watched by. Given the live state (the
 * snapshot, the callers waiting, the published roster's shifts of the moment, the intake sources' last arrivals) and
 * the floor's thresholds, {@link evaluateAttention} returns what is off right now and by how much, ranked. Pure: the
 * caller (apps/api attention.service) gathers the state, keeps the acknowledgements and pushes the list.
 *
 * Every alert has a stable id (the rule and what it is about, e.g. `interval-below-target:2026-12-07T02:00:00.000Z`):
 * the same condition keeps its id from one evaluation to the next, so an acknowledgement sticks to it, and a
 * condition that ends and comes back later is a new alert (a new `since`, hence mostly a new id).
 */
import { dayKey, startOfDay } from '@hotline/events';
import type { LiveSnapshot } from './snapshot';

/** The rules, in the order the floor documents them. */
export const ATTENTION_RULES = ['interval-below-target', 'caller-waiting', 'agent-paused', 'agent-wrap', 'roster-short', 'budget-overspent', 'source-silent'] as const;
/** One rule of {@link ATTENTION_RULES}. */
export type AttentionRule = (typeof ATTENTION_RULES)[number];

/** Severities, most urgent first. */
export const ATTENTION_SEVERITIES = ['critical', 'warning'] as const;
/** One severity of {@link ATTENTION_SEVERITIES}. */
export type AttentionSeverity = (typeof ATTENTION_SEVERITIES)[number];

/** What `measured` and `threshold` count: a percent (connect rate), seconds (a wait, a state's duration, a silence) or agents. */
export type AttentionUnit = 'percent' | 'seconds' | 'agents';

/** What an alert is about. */
export type AttentionSubjectKind = 'interval' | 'call' | 'agent' | 'roster' | 'month' | 'source';

/**
 * The floor's thresholds (stored as settings; the API validates them with the contract's `FloorSettings`).
 * Durations in the unit their name says.
 */
export interface AttentionSettings {
  /** Requests an interval (or the day, for the budget rule) needs before its connect rate can fire: below, one lost call swings it by points. */
  minRequests: number;
  /** Points below the connect target at which an interval alert turns critical (80% with the 90% target and 10). */
  criticalGapPoints: number;
  /** A caller waiting longer than this (seconds) fires. */
  waitSeconds: number;
  /** An agent paused longer than this (minutes) fires. */
  pausedMinutes: number;
  /** An agent in wrap-up longer than this (seconds) fires. */
  wrapSeconds: number;
  /** A planned agent counts as due this long (minutes) after her shift starts (time to sign in). */
  adherenceGraceMinutes: number;
  /** A watched intake source with nothing received for longer than this (minutes) fires. */
  sourceSilentMinutes: number;
}

/** Defaults of {@link AttentionSettings} (their sources in each rule's docstring). */
export const DEFAULT_ATTENTION_SETTINGS: AttentionSettings = {
  minRequests: 10,
  criticalGapPoints: 10,
  waitSeconds: 60,
  pausedMinutes: 15,
  wrapSeconds: 120,
  adherenceGraceMinutes: 5,
  sourceSilentMinutes: 10,
};

/** One shift of the published roster that covers (or is about to cover) the moment. Times epoch ms. */
export interface PlannedShift {
  /** The roster's agent id, which is the feed's agent id (as the trainings register reads it: User.agentId). */
  agentId: string;
  name: string;
  /** The roster cell's code (`08-16`). */
  code: string;
  start: number;
  end: number;
}

/** A caller waiting in queue: the call and when she entered the queue (epoch ms). */
export interface WaitingCall {
  callId: string;
  queuedAt: number;
}

/** A watched intake source: when the feed last received anything from it (wall clock, epoch ms; null never) and since when it is watched. */
export interface WatchedSource {
  name: string;
  lastSeenAt: number | null;
  watchedSince: number;
}

/** What the rules read. */
export interface AttentionInput {
  /** The floor at the feed's clock (`asOf`). */
  snapshot: LiveSnapshot;
  /** Callers waiting now (the floor's queue). */
  waiting: readonly WaitingCall[];
  /** The published roster's shifts of today and the night before, or null when no published roster covers the moment (the rule is skipped). */
  planned: readonly PlannedShift[] | null;
  /** Watched intake sources (configured, enabled, delivering continuously). */
  sources: readonly WatchedSource[];
  /** The server's wall clock, epoch ms (intake silence is wall-clock time; the rest is the feed's clock). */
  wallClock: number;
}

/** One thing that needs attention. */
export interface AttentionAlert {
  /** Stable key: `<rule>:<what>` (see the module). */
  id: string;
  rule: AttentionRule;
  severity: AttentionSeverity;
  subjectKind: AttentionSubjectKind;
  /** The interval's start (ISO), the call id, the agent id, the roster's earliest missing shift start, the month `YYYY-MM`, the source's name. */
  subject: string;
  /** The value measured (a connect rate in percent, seconds, agents logged in). */
  measured: number;
  /** The line it crossed, in the same unit. */
  threshold: number;
  unit: AttentionUnit;
  /** When the condition began (ISO), as far as the state tells. */
  since: string;
  /** Agent ids named by the alert: the planned agents not logged in (`roster-short`); else empty. */
  agents: string[];
  /** Callers over the wait threshold (`caller-waiting`, the alert names the longest); else 0. */
  count: number;
  /** How far off, relative to the threshold (|measured − threshold| / threshold): the ranking within a severity. */
  deviation: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const rel = (measured: number, threshold: number) => (threshold === 0 ? Math.abs(measured) : Math.abs(measured - threshold) / threshold);
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Rule `interval-below-target`: the current and the last 30-minute interval's connect rate (接通率) below the
 * contract's target (合同: 接通率 ≥ 90%, measured per month; the floor watches the half-hours that make it up, the
 * industry's interval management, so that a bad half-hour is acted on while it can still be recovered). An interval
 * fires only with at least `minRequests` settled requests (with 3 requests one lost call is 33 points). Critical
 * `criticalGapPoints` or more below the target.
 */
function intervalRule(input: AttentionInput, s: AttentionSettings): AttentionAlert[] {
  const snap = input.snapshot;
  const target = snap.connectTargetPercent;
  const at = snap.intervals.findIndex((i) => i.start === snap.interval.start);
  const candidates = at < 0 ? [] : snap.intervals.slice(Math.max(0, at - 1), at + 1);
  return candidates.flatMap((i): AttentionAlert[] => {
    if (i.connectRate === null) return [];
    const settled = i.agentAnswered + i.ivrAnswered + i.abandoned;
    const rate = Number(i.connectRate);
    if (settled < s.minRequests || !(rate < target)) return [];
    return [{
      id: `interval-below-target:${i.start}`, rule: 'interval-below-target', severity: rate <= target - s.criticalGapPoints ? 'critical' : 'warning',
      subjectKind: 'interval', subject: i.start, measured: rate, threshold: target, unit: 'percent', since: i.start, agents: [], count: 0, deviation: rel(rate, target),
    }];
  });
}

/**
 * Rule `caller-waiting`: a caller waiting longer than `waitSeconds` (default 60 s: a caller past a minute in queue
 * is the usual abandonment point of a public-service line, and twice the contract's 30-second service level,
 * HOTLINE_SL_SECONDS). One alert for the longest waiter (its id is her call), counting everyone over the line.
 * Critical at twice the threshold.
 */
function waitRule(input: AttentionInput, s: AttentionSettings): AttentionAlert[] {
  const now = Date.parse(input.snapshot.asOf);
  const over = input.waiting.filter((w) => (now - w.queuedAt) / 1000 > s.waitSeconds).sort((a, b) => a.queuedAt - b.queuedAt || a.callId.localeCompare(b.callId));
  if (over.length === 0) return [];
  const longest = over[0];
  const waited = Math.round((now - longest.queuedAt) / 1000);
  return [{
    id: `caller-waiting:${longest.callId}`, rule: 'caller-waiting', severity: waited >= 2 * s.waitSeconds ? 'critical' : 'warning',
    subjectKind: 'call', subject: longest.callId, measured: waited, threshold: s.waitSeconds, unit: 'seconds', since: iso(longest.queuedAt), agents: [], count: over.length,
    deviation: rel(waited, s.waitSeconds),
  }];
}

/**
 * Rules `agent-paused` and `agent-wrap`: an agent paused (示忙) longer than `pausedMinutes` (default 15: the usual
 * short-break allowance of call-centre schedules) or in wrap-up (话后处理) longer than `wrapSeconds` (default 120:
 * the industry's after-call-work norm of up to two minutes per call). Critical at twice the threshold. The duration
 * runs on the feed's clock from the state's `since`.
 */
function agentRules(input: AttentionInput, s: AttentionSettings): AttentionAlert[] {
  const now = Date.parse(input.snapshot.asOf);
  return input.snapshot.agents.flatMap((a): AttentionAlert[] => {
    const limit = a.state === 'paused' ? s.pausedMinutes * 60 : a.state === 'wrap' ? s.wrapSeconds : null;
    if (limit === null) return [];
    const seconds = Math.round((now - Date.parse(a.since)) / 1000);
    if (seconds <= limit) return [];
    const rule = a.state === 'paused' ? 'agent-paused' : 'agent-wrap';
    return [{
      id: `${rule}:${a.agentId}:${a.since}`, rule, severity: seconds >= 2 * limit ? 'critical' : 'warning',
      subjectKind: 'agent', subject: a.agentId, measured: seconds, threshold: limit, unit: 'seconds', since: a.since, agents: [a.agentId], count: 0, deviation: rel(seconds, limit),
    }];
  });
}

/**
 * Rule `roster-short` (schedule adherence, 排班遵从): fewer agents logged in than the published roster has on duty
 * now. A planned agent is due `adherenceGraceMinutes` after her shift starts (time to sign in) until it ends;
 * logged in is any state but `logout`. Fires when the logged-in agents are fewer than the due ones, naming the due
 * agents not logged in (another agent logged in covers the count, not the name). Critical when half or fewer of the
 * due agents are logged in. The roster is what the contract's staffing clause holds the supplier to (六名坐席 24/7).
 */
function rosterRule(input: AttentionInput, s: AttentionSettings): AttentionAlert[] {
  if (!input.planned) return [];
  const now = Date.parse(input.snapshot.asOf);
  const grace = s.adherenceGraceMinutes * 60_000;
  const due = input.planned.filter((p) => p.start + grace <= now && now < p.end);
  if (due.length === 0) return [];
  const loggedIn = new Set(input.snapshot.agents.filter((a) => a.state !== 'logout').map((a) => a.agentId));
  const missing = due.filter((p) => !loggedIn.has(p.agentId)).sort((a, b) => a.start - b.start || a.agentId.localeCompare(b.agentId));
  const present = loggedIn.size;
  if (present >= due.length || missing.length === 0) return [];
  return [{
    id: `roster-short:${iso(missing[0].start)}`, rule: 'roster-short', severity: present * 2 <= due.length ? 'critical' : 'warning',
    subjectKind: 'roster', subject: iso(missing[0].start), measured: present, threshold: due.length, unit: 'agents', since: iso(missing[0].start + grace),
    agents: [...new Set(missing.map((p) => p.agentId))], count: 0, deviation: rel(present, due.length),
  }];
}

/**
 * Rule `budget-overspent`: the month's loss budget (libs/scoring connectBudget: requests the rest of the month may
 * lose and still end at the target) spent faster than the rest of the month can afford. The rest of the month must
 * connect at `requiredRestConnectRatePercent`; today connecting below that rate (with at least `minRequests`
 * requests today) spends the budget faster than it lasts: warning, measured today's rate against the required one.
 * Critical when the budget is gone (status `unreachable`: the month can no longer end at the target; measured the
 * month's rate). The contract's 接通率 ≥ 90% is judged per month (合同 考核: 月度).
 */
function budgetRule(input: AttentionInput, s: AttentionSettings): AttentionAlert[] {
  const snap = input.snapshot;
  const budget = snap.monthBudget;
  if (!budget) return [];
  const dayStart = iso(startOfDay(dayKey(new Date(snap.asOf), snap.timeZone), snap.timeZone).getTime());
  const base = { rule: 'budget-overspent' as const, subjectKind: 'month' as const, subject: snap.month.month, unit: 'percent' as const, agents: [], count: 0 };
  if (budget.status === 'unreachable') {
    const measured = snap.month.connectRate === null ? 0 : Number(snap.month.connectRate);
    const threshold = snap.connectTargetPercent;
    return [{ ...base, id: `budget-overspent:${snap.month.month}:unreachable`, severity: 'critical', measured, threshold, since: dayStart, deviation: rel(measured, threshold) }];
  }
  if (budget.status !== 'open' || budget.requiredRestConnectRatePercent === null || snap.day.connectRate === null) return [];
  const settled = snap.day.agentAnswered + snap.day.ivrAnswered + snap.day.abandoned;
  const today = Number(snap.day.connectRate);
  const required = Number(budget.requiredRestConnectRatePercent);
  if (settled < s.minRequests || !(today < required)) return [];
  return [{ ...base, id: `budget-overspent:${snap.month.month}:${snap.day.date}`, severity: 'warning', measured: today, threshold: required, since: dayStart, deviation: rel(today, required) }];
}

/**
 * Rule `source-silent`: a watched intake source (a configured, enabled push, file or table source: one expected to
 * deliver continuously) that sent nothing for longer than `sourceSilentMinutes`, on the server's wall clock (a
 * silent feed makes every other figure stale: the floor is blind). Counted from its last arrival, or from when it was
 * watched when never heard. Critical at twice the threshold.
 */
function sourceRule(input: AttentionInput, s: AttentionSettings): AttentionAlert[] {
  const limit = s.sourceSilentMinutes * 60;
  return input.sources.flatMap((src): AttentionAlert[] => {
    const from = src.lastSeenAt ?? src.watchedSince;
    const seconds = Math.round((input.wallClock - from) / 1000);
    if (seconds <= limit) return [];
    return [{
      id: `source-silent:${src.name}:${iso(from)}`, rule: 'source-silent', severity: seconds >= 2 * limit ? 'critical' : 'warning',
      subjectKind: 'source', subject: src.name, measured: seconds, threshold: limit, unit: 'seconds', since: iso(from), agents: [], count: 0, deviation: rel(seconds, limit),
    }];
  });
}

/**
 * Evaluates every rule on the live state.
 * @returns the alerts, most urgent first: by severity (critical first), then by how far off (relative deviation,
 *   largest first), then by id; `deviation` rounded to 2 decimals, `measured` as the rule states it.
 */
export function evaluateAttention(input: AttentionInput, settings: AttentionSettings = DEFAULT_ATTENTION_SETTINGS): AttentionAlert[] {
  const alerts = [intervalRule, waitRule, agentRules, rosterRule, budgetRule, sourceRule].flatMap((rule) => rule(input, settings));
  const rank = (a: AttentionAlert) => ATTENTION_SEVERITIES.indexOf(a.severity);
  return alerts
    .map((a) => ({ ...a, deviation: round2(a.deviation) }))
    .sort((a, b) => rank(a) - rank(b) || b.deviation - a.deviation || a.id.localeCompare(b.id));
}
