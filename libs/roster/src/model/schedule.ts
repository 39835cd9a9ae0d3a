/**
 * A roster laid out in time: each agent's shifts as minute spans, who is on duty and on the phones in each
 * interval, and the training sessions as intervals. Shared by the rule checker, the evaluator and the simulation.
 */
import { dayNumber } from '../rules/calendar';
import { RosterInputError } from '../errors';
import { INTERVALS_PER_DAY, INTERVAL_MINUTES, OFF, type PreparedProblem, rosterMatrix, shiftSpan } from './problem';
import { minuteOfDay } from './shifts';
import type { Roster } from '../types';

/** One shift of one agent. */
export interface ShiftInstance {
  agent: number;
  day: number;
  shift: number;
  /** Minutes from the period's first midnight. */
  start: number;
  end: number;
}

/** A training session as the algorithms see it. */
export interface PlacedSession {
  /** Index in roster.training. */
  index: number;
  day: number;
  /** Minutes from the period's first midnight. */
  start: number;
  end: number;
  attendees: number[];
  trainer: number | undefined;
}

/** A roster in time. */
export interface Schedule {
  /** cells[a][d]: shift index, OFF (-2) for none, -1 for an unknown code. */
  cells: number[][];
  unknown: { a: number; d: number; code: string }[];
  /** Each agent's shifts in start order (unknown codes left out). */
  shifts: ShiftInstance[][];
  sessions: PlacedSession[];
  /** People on duty and not in training, per interval. */
  onDuty: number[];
  /** Productive seats on the phones per interval (seat shares x (1 − shrinkage), training attendees out). */
  productive: number[];
}

/**
 * Lays a roster out in time (carry-in shifts from the previous period included in the cover).
 * @throws RosterInputError when the roster does not fit the problem (other period, unknown agent, wrong length,
 *   a training session with an unknown agent or a malformed time).
 */
export function buildSchedule(p: PreparedProblem, roster: Roster): Schedule {
  const { cells, unknown } = rosterMatrix(p, roster);
  const shifts: ShiftInstance[][] = p.agents.map((_, a) =>
    cells[a].flatMap((s, d) => {
      if (s < 0) return [];
      const [start, end] = shiftSpan(p, d, s);
      return [{ agent: a, day: d, shift: s, start, end }];
    }),
  );
  const sessions: PlacedSession[] = (roster.training ?? []).map((t, i) => {
    const at = `roster.training[${i}]`;
    const day = dayNumber(t.date, `${at}.date`) - p.startDay;
    if (day < 0 || day >= p.days) throw new RosterInputError('inconsistent', `${at}.date`, `is outside the period (${t.date})`);
    const start = day * 1440 + minuteOfDay(t.start, `${at}.start`);
    if (!Number.isInteger(t.durationMinutes) || t.durationMinutes <= 0 || t.durationMinutes % INTERVAL_MINUTES !== 0 || (start % INTERVAL_MINUTES) !== 0) {
      throw new RosterInputError('invalid', `${at}.durationMinutes`, 'must be a positive multiple of 30 starting on the half hour');
    }
    const index = (id: string, field: string): number => {
      const a = p.agentIndex.get(id);
      if (a === undefined) throw new RosterInputError('unknown', field, `is not an agent (${id})`);
      return a;
    };
    return {
      index: i,
      day,
      start,
      end: start + t.durationMinutes,
      attendees: (t.attendees ?? []).map((id, j) => index(id, `${at}.attendees[${j}]`)),
      trainer: t.trainerId === undefined ? undefined : index(t.trainerId, `${at}.trainerId`),
    };
  });
  const onDuty = new Array<number>(p.intervals).fill(0);
  const productive = new Array<number>(p.intervals).fill(0);
  const add = (a: number, from: number, to: number, sign: number): void => {
    const lo = Math.max(0, Math.floor(from / INTERVAL_MINUTES));
    const hi = Math.min(p.intervals, Math.ceil(to / INTERVAL_MINUTES));
    for (let t = lo; t < hi; t++) {
      const covered = Math.max(0, Math.min(to, (t + 1) * INTERVAL_MINUTES) - Math.max(from, t * INTERVAL_MINUTES)) / INTERVAL_MINUTES;
      onDuty[t] += sign * covered;
      productive[t] += sign * covered * p.agents[a].productive;
    }
  };
  p.agents.forEach((agent, a) => {
    if (agent.carryInMinutes > 0) add(a, 0, agent.carryInMinutes, 1);
    for (const s of shifts[a]) add(a, s.start, s.end, 1);
  });
  // Training: an attendee (or the trainer) who is on duty leaves the phones for the session.
  for (const session of sessions) {
    const people = new Set(session.attendees);
    if (session.trainer !== undefined) people.add(session.trainer);
    for (const a of people) {
      for (const s of shifts[a]) {
        const from = Math.max(s.start, session.start);
        const to = Math.min(s.end, session.end);
        if (to > from) add(a, from, to, -1);
      }
    }
  }
  for (let t = 0; t < p.intervals; t++) {
    onDuty[t] = Math.max(0, Math.round(onDuty[t] * 1e9) / 1e9);
    productive[t] = Math.max(0, Math.round(productive[t] * 1e9) / 1e9);
  }
  return { cells, unknown, shifts, sessions, onDuty, productive };
}

/** The interval index of day d, minute m of the day. */
export const intervalOf = (day: number, minute: number): number => day * INTERVALS_PER_DAY + Math.floor(minute / INTERVAL_MINUTES);

/** Work minutes per calendar day 0..days of an agent's shifts (a shift crossing midnight counts on both days). */
export function workedMinutesByDay(p: PreparedProblem, shifts: readonly ShiftInstance[]): number[] {
  const out = new Array<number>(p.days + 1).fill(0);
  for (const s of shifts) {
    for (let day = Math.floor(s.start / 1440); day * 1440 < s.end && day <= p.days; day++) {
      out[day] += Math.min(s.end, (day + 1) * 1440) - Math.max(s.start, day * 1440);
    }
  }
  return out;
}

export { OFF };
