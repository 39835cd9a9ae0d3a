/**
 * The floor right now: calls waiting in queue and what each agent is doing. Fed by call records (before/after a
 * change) and `agent.state` events; read at a moment `now` (epoch ms) of the feed's clock.
 *
 * Agents known only through calls (sources without member events, such as the bank's per-call records) are
 * `busy` during a call and `ready` after it; such an inferred agent idle for `idleLogoutMs` counts as logged out.
 */
import type { AgentStateName, CallEventOf } from '@hotline/events';
import { legStart, legsOf, outcomeOf, type CallRecord } from './call-record';

/** One agent's state. Times epoch ms. */
export interface AgentStatus {
  agentId: string;
  state: AgentStateName;
  since: number;
  reason: string | null;
  /** The call being handled while `busy`. */
  callId: string | null;
  /** True when the state was derived from call activity, not reported by the platform. */
  inferred: boolean;
}

/** Limits of the floor view. */
export interface FloorOptions {
  /** A call waiting longer than this (ms) is taken as cut off (restart, lost end event) and no longer shown. Default 2 h. */
  maxWaitMs: number;
  /** An inferred agent idle this long (ms) counts as logged out. Default 30 min. */
  idleLogoutMs: number;
}

export const DEFAULT_FLOOR_OPTIONS: FloorOptions = { maxWaitMs: 2 * 3_600_000, idleLogoutMs: 30 * 60_000 };

/** The floor at a moment. */
export interface FloorSnapshot {
  callsWaiting: number;
  /** Wait of the longest-waiting caller now, seconds (0 when nobody waits). */
  longestWaitSeconds: number;
  agents: AgentStatus[];
  agentsByState: Record<AgentStateName, number>;
}

export class FloorState {
  private readonly waiting = new Map<string, number>();
  private readonly agents = new Map<string, AgentStatus>();
  /** Agents the platform reports states for (the idle rule does not apply to them). */
  private readonly reported = new Set<string>();
  /** When each agent's current wrap-up ends, epoch ms. */
  private readonly wrapEnds = new Map<string, number>();

  constructor(private readonly options: FloorOptions = DEFAULT_FLOOR_OPTIONS) {}

  /**
   * Applies a call's new state (after a ledger write). Each agent of the call (legs: the transferring agent and
   * the transfer's target) is busy from its answer until its own end, then in wrap-up or ready.
   */
  onCall(call: CallRecord): void {
    if (call.queuedAt !== null && outcomeOf(call) === 'pending') this.waiting.set(call.callId, call.queuedAt);
    else this.waiting.delete(call.callId);
    if (call.answeredAt === null) return;
    for (const leg of legsOf(call)) {
      if (leg.agentId === null) continue;
      const start = legStart(leg) ?? call.answeredAt;
      // A leg without an end is over when the call is (its end was logged under another agent name).
      const endedAt = leg.endedAt ?? call.endedAt;
      if (endedAt === null) {
        this.setAgent({ agentId: leg.agentId, state: 'busy', since: start, reason: null, callId: call.callId, inferred: true });
        continue;
      }
      const current = this.agents.get(leg.agentId);
      // Only the call the agent is on (or a newer one) may end the busy state.
      if (current && current.state === 'busy' && current.callId !== call.callId && current.since > start) continue;
      this.setAgent({ agentId: leg.agentId, state: leg.wrapSeconds ? 'wrap' : 'ready', since: endedAt, reason: null, callId: null, inferred: true });
      if (leg.wrapSeconds) this.wrapEnds.set(leg.agentId, endedAt + leg.wrapSeconds * 1000);
    }
  }

  /** Applies an agent state reported by the platform. */
  onAgentState(event: CallEventOf<'agent.state'>): void {
    this.reported.add(event.agentId);
    this.setAgent({ agentId: event.agentId, state: event.state === 'login' ? 'ready' : event.state, since: Date.parse(event.ts), reason: event.reason ?? null, callId: event.callId, inferred: false });
  }

  /** Restores an agent's state (after a restart, from the ledger). */
  restoreAgent(status: AgentStatus): void {
    if (!status.inferred) this.reported.add(status.agentId);
    this.setAgent(status);
  }

  private setAgent(next: AgentStatus): void {
    const current = this.agents.get(next.agentId);
    if (current && current.since > next.since) return; // a late event does not roll the state back
    this.agents.set(next.agentId, next);
  }

  /** The calls waiting in queue now and when each entered it (epoch ms); a call past `maxWaitMs` at `now` is left out. */
  waitingCalls(now: number): { callId: string; queuedAt: number }[] {
    return [...this.waiting].filter(([, queuedAt]) => now - queuedAt <= this.options.maxWaitMs).map(([callId, queuedAt]) => ({ callId, queuedAt }));
  }

  /** Current state of every agent, as stored (without the idle rule). */
  agentStatuses(): AgentStatus[] {
    return [...this.agents.values()];
  }

  /** The floor at `now` (epoch ms, the feed's clock). */
  snapshot(now: number): FloorSnapshot {
    let longest = 0;
    let count = 0;
    for (const [callId, queuedAt] of this.waiting) {
      const waited = now - queuedAt;
      if (waited > this.options.maxWaitMs) {
        this.waiting.delete(callId);
        continue;
      }
      count += 1;
      longest = Math.max(longest, waited);
    }
    const byState: Record<AgentStateName, number> = { login: 0, ready: 0, busy: 0, wrap: 0, paused: 0, logout: 0 };
    const agents = [...this.agents.values()]
      .map((a): AgentStatus => {
        const wrapEnd = this.wrapEnds.get(a.agentId);
        if (a.state === 'wrap' && wrapEnd !== undefined && now >= wrapEnd) return { ...a, state: 'ready', since: wrapEnd };
        if (a.inferred && !this.reported.has(a.agentId) && a.state === 'ready' && now - a.since > this.options.idleLogoutMs) {
          return { ...a, state: 'logout', since: a.since + this.options.idleLogoutMs };
        }
        return a;
      })
      .sort((x, y) => x.agentId.localeCompare(y.agentId));
    for (const a of agents) byState[a.state] += 1;
    return { callsWaiting: count, longestWaitSeconds: Math.max(0, Math.round(longest / 1000)), agents, agentsByState: byState };
  }
}
