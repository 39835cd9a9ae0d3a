import { DESK_RECENT_MS, type DeskPhase } from '@hotline/contracts';
import { legStart, legsFromJson, type AgentLeg } from '@hotline/kpi';

/** A call still "talking" longer than this (its end was never reported) is no longer the desk's current call: 4 h. */
export const DESK_MAX_TALK_MS = 4 * 3_600_000;

/** One agent's part of a call as the desk reads it: instants in epoch ms, wrap-up in seconds. */
export interface DeskLeg {
  answeredAt: number;
  endedAt: number | null;
  wrapSeconds: number | null;
}

/** The ledger row fields the desk needs to find an agent's leg of a call. */
export interface DeskCallRow {
  agentId: string | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  wrapSeconds: number | null;
  /** The `legs` JSON column (null for a call one agent handled). */
  legs: unknown;
}

/**
 * The part of a call `agentId` had: the latest leg of hers (a transferred call has one leg per agent), else the call's
 * own answer, end and wrap-up when she is its agent; null when she did not talk on it or no answer time is known.
 * Pure. @throws Error when the `legs` JSON is malformed (libs/kpi legsFromJson).
 */
export function deskLeg(row: DeskCallRow, agentId: string): DeskLeg | null {
  const legs: AgentLeg[] | undefined = legsFromJson(row.legs);
  if (legs) {
    const mine = legs.filter((l) => l.agentId === agentId && legStart(l) !== null);
    const last = mine.sort((a, b) => (legStart(a) ?? 0) - (legStart(b) ?? 0)).at(-1);
    if (!last) return null;
    return { answeredAt: legStart(last)!, endedAt: last.endedAt ?? row.endedAt?.getTime() ?? null, wrapSeconds: last.wrapSeconds };
  }
  if (row.agentId !== agentId || row.answeredAt === null) return null;
  return { answeredAt: row.answeredAt.getTime(), endedAt: row.endedAt?.getTime() ?? null, wrapSeconds: row.wrapSeconds };
}

/**
 * Where an agent's call stands for the desk at `now` (epoch ms, the feed's clock), or null when it is no longer her
 * current call:
 * - `talking` while it has no end (for at most {@link DESK_MAX_TALK_MS} after the answer: a lost end event);
 * - `wrap_up` from the end until the end plus the reported wrap-up seconds (话后处理);
 * - `ended` for {@link DESK_RECENT_MS} after the end (or the wrap-up) while no finished request is registered on it.
 * Pure.
 */
export function deskPhase(leg: DeskLeg, now: number, finished: boolean): DeskPhase | null {
  if (leg.endedAt === null) return now - leg.answeredAt <= DESK_MAX_TALK_MS ? 'talking' : null;
  const wrapEnd = leg.endedAt + (leg.wrapSeconds ?? 0) * 1000;
  if (now < wrapEnd) return 'wrap_up';
  if (!finished && now - wrapEnd < DESK_RECENT_MS) return 'ended';
  return null;
}
