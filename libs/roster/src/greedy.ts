/**
 * A greedy constructor: the baseline the MIP is measured against, and its warm start. It places the training
 * sessions first (at the quietest candidate slot of each part of the period, each agent given a shift covering
 * her session), then repeatedly adds the shift with the largest gain in expected answered calls per paid hour
 * that some agent can still take within every rule, up to the standard hours, then into overtime while an hour
 * saves at least `weights.overtimeCallsPerHour` calls. Rules it cannot see coming (a rest day forced later by a
 * long streak, the minimum hours) it may fail; the rule checker says so.
 */
import { GainTable } from './gains';
import { INTERVAL_MINUTES, OFF, type PreparedProblem, shiftAllowed, shiftSpan } from './problem';
import { trainingSegment } from './rules';
import { timeOfMinute } from './shifts';
import type { Roster, TrainingSession } from './types';

/** Mutable state of a roster under construction, with incremental rule checks. */
export class RosterState {
  readonly cells: number[][];
  readonly hours: number[];
  readonly productive: number[];
  readonly onDuty: number[];

  constructor(private readonly p: PreparedProblem) {
    this.cells = p.agents.map(() => new Array<number>(p.days).fill(OFF));
    this.hours = p.agents.map(() => 0);
    this.productive = new Array<number>(p.intervals).fill(0);
    this.onDuty = new Array<number>(p.intervals).fill(0);
    p.agents.forEach((agent, a) => {
      if (agent.carryInMinutes > 0) this.cover(a, 0, agent.carryInMinutes, 1);
    });
  }

  /** Adds (sign 1) or removes (sign −1) an agent's presence on [from, to) minutes. */
  cover(a: number, from: number, to: number, sign: number): void {
    const e = this.p.agents[a].productive;
    for (let t = Math.max(0, Math.floor(from / INTERVAL_MINUTES)); t < Math.min(this.p.intervals, Math.ceil(to / INTERVAL_MINUTES)); t++) {
      const frac = (Math.min(to, (t + 1) * INTERVAL_MINUTES) - Math.max(from, t * INTERVAL_MINUTES)) / INTERVAL_MINUTES;
      this.productive[t] += sign * e * frac;
      this.onDuty[t] += sign * frac;
    }
  }

  private span(d: number, s: number): [number, number] {
    return shiftSpan(this.p, d, s);
  }

  private worked(a: number, d: number): boolean {
    if (d < 0) {
      const tail = this.p.agents[a].tail;
      return tail ? tail.workedDays[7 + d] : false;
    }
    return d < this.p.days && this.cells[a][d] !== OFF;
  }

  private night(a: number, d: number): boolean {
    if (d < 0) {
      const tail = this.p.agents[a].tail;
      return tail ? tail.nightDays[7 + d] : false;
    }
    return d < this.p.days && this.cells[a][d] >= 0 && this.p.isNightShift[this.cells[a][d]];
  }

  /** No work at all on day d (days before the period from the ledger's tail; unknown history counts as rest). */
  private rest(a: number, d: number): boolean {
    if (d < 0) {
      const tail = this.p.agents[a].tail;
      return tail ? tail.restDays[7 + d] : true;
    }
    if (d >= this.p.days) return true;
    if (this.cells[a][d] !== OFF) return false;
    if (d === 0) return this.p.agents[a].carryInMinutes === 0;
    const prev = this.cells[a][d - 1];
    return !(prev >= 0 && this.p.shifts[prev].crossesMidnight);
  }

  /** Whether agent a may take shift s on day d given everything placed so far (hours bound given). */
  canTake(a: number, d: number, s: number, maxHours: number): boolean {
    const p = this.p;
    if (this.cells[a][d] !== OFF || (!p.candidate[s] && p.locks[a][d] !== s) || !shiftAllowed(p, a, d, s)) return false;
    if (this.hours[a] + p.shifts[s].workMinutes / 60 > maxHours + 1e-9) return false;
    const [start, end] = this.span(d, s);
    const rest = p.rules.minRestHours * 60;
    const tailEnd = p.agents[a].tail?.lastShiftEndMinute;
    if (tailEnd !== null && tailEnd !== undefined && start < tailEnd + rest) return false;
    const reach = Math.ceil((960 + rest) / 1440) + 1;
    for (let dd = Math.max(0, d - reach); dd <= Math.min(p.days - 1, d + reach); dd++) {
      const o = this.cells[a][dd];
      if (dd === d || o < 0) continue;
      const [os, oe] = this.span(dd, o);
      if (os < start ? start < oe + rest : os < end + rest) return false;
    }
    // Streaks of working days and nights through day d.
    const limitDays = p.rules.maxConsecutiveWorkDays;
    let run = 1;
    for (let k = d - 1; k >= d - limitDays - 1 && this.worked(a, k); k--) run++;
    for (let k = d + 1; k <= d + limitDays + 1 && this.worked(a, k); k++) run++;
    if (run > limitDays) return false;
    if (p.isNightShift[s]) {
      const limitNights = p.rules.maxConsecutiveNights;
      let nights = 1;
      for (let k = d - 1; k >= d - limitNights - 1 && this.night(a, k); k--) nights++;
      for (let k = d + 1; k <= d + limitNights + 1 && this.night(a, k); k++) nights++;
      if (nights > limitNights) return false;
    }
    if (p.rules.restDayInSeven) {
      // Tentatively place it and check every 7-day window touching the days it uses.
      this.cells[a][d] = s;
      let ok = true;
      const last = p.shifts[s].crossesMidnight ? d + 1 : d;
      for (let j = d - 6; j <= last && ok; j++) {
        if (j + 6 >= p.days || (j < 0 && !p.agents[a].tail)) continue;
        let any = false;
        for (let k = j; k <= j + 6; k++) if (this.rest(a, k)) any = true;
        ok = any;
      }
      this.cells[a][d] = OFF;
      if (!ok) return false;
    }
    return true;
  }

  place(a: number, d: number, s: number): void {
    this.cells[a][d] = s;
    this.hours[a] += this.p.shifts[s].workMinutes / 60;
    const [start, end] = this.span(d, s);
    this.cover(a, start, end, 1);
  }
}

/** Expected answered calls gained by adding `e` productive seats over [from, to) minutes. */
export function spanGain(p: PreparedProblem, gains: GainTable, productive: readonly number[], from: number, to: number, e: number): number {
  let g = 0;
  for (let t = Math.max(0, Math.floor(from / INTERVAL_MINUTES)); t < Math.min(p.intervals, Math.ceil(to / INTERVAL_MINUTES)); t++) {
    const frac = (Math.min(to, (t + 1) * INTERVAL_MINUTES) - Math.max(from, t * INTERVAL_MINUTES)) / INTERVAL_MINUTES;
    g += gains.answeredAt(t, productive[t] + e * frac) - gains.answeredAt(t, productive[t]);
  }
  return g;
}

/** Result of {@link greedyRoster}. */
export interface GreedyResult {
  roster: Roster;
  /** Cells as shift indices (OFF = no shift). */
  cells: number[][];
  /** Chosen training slot per session: day and start minute, with the attendees' indices. */
  sessions: { day: number; startMinute: number; attendees: number[]; trainer: number | undefined }[];
}

/**
 * Builds a roster greedily (see the module comment). Deterministic.
 *
 * @param p the prepared problem.
 * @param gains the problem's gain table (shared with the evaluator).
 * @returns the roster, its cells and the training sessions placed.
 */
export function greedyRoster(p: PreparedProblem, gains: GainTable = new GainTable(p)): GreedyResult {
  const state = new RosterState(p);
  // Locked shifts first.
  p.locks.forEach((row, a) =>
    row.forEach((lock, d) => {
      if (lock !== undefined && lock !== null) state.place(a, d, lock);
    }),
  );
  const sessions = placeTraining(p, gains, state);
  const effs = [...new Set(p.agents.map((a) => a.productive))];
  const S = p.shifts.length;
  const key = (d: number, s: number, e: number): number => (d * S + s) * effs.length + e;
  const cache = new Map<number, number>();
  const gainOf = (d: number, s: number, e: number): number => {
    const k = key(d, s, e);
    let g = cache.get(k);
    if (g === undefined) {
      const [from, to] = shiftSpan(p, d, s);
      g = spanGain(p, gains, state.productive, from, to, effs[e]);
      cache.set(k, g);
    }
    return g;
  };
  const invalidate = (from: number, to: number): void => {
    for (let d = Math.max(0, Math.floor(from / 1440) - 1); d <= Math.min(p.days - 1, Math.floor(to / 1440)); d++) {
      for (let s = 0; s < S; s++) {
        const [a0, a1] = shiftSpan(p, d, s);
        if (a0 < to && from < a1) for (let e = 0; e < effs.length; e++) cache.delete(key(d, s, e));
      }
    }
  };
  coverFirst(p, gains, state, S);
  for (const phase of ['standard', 'overtime'] as const) {
    for (;;) {
      const candidates: { d: number; s: number; e: number; value: number }[] = [];
      for (let d = 0; d < p.days; d++) {
        for (let s = 0; s < S; s++) {
          const hours = p.shifts[s].workMinutes / 60;
          for (let e = 0; e < effs.length; e++) {
            const g = gainOf(d, s, e);
            const value = phase === 'standard' ? g / hours : g / hours - p.weights.overtimeCallsPerHour;
            if (value > 1e-9) candidates.push({ d, s, e, value });
          }
        }
      }
      candidates.sort((x, y) => y.value - x.value || x.d - y.d || x.s - y.s);
      let placed = false;
      for (const c of candidates) {
        const hours = p.shifts[c.s].workMinutes / 60;
        let best = -1;
        let bestScore = -Infinity;
        p.agents.forEach((agent, a) => {
          if (agent.productive !== effs[c.e]) return;
          const cap = phase === 'standard' ? agent.standardHours : agent.maxHours;
          if (phase === 'overtime' && state.hours[a] + hours <= agent.standardHours) return;
          if (!state.canTake(a, c.d, c.s, cap)) return;
          // Prefer whoever is furthest below her standard, then fewest nights so far.
          const score = agent.standardHours - state.hours[a] - (p.isNightShift[c.s] ? 0.01 * nightsOf(p, state, a) : 0);
          if (score > bestScore) {
            bestScore = score;
            best = a;
          }
        });
        if (best < 0) continue;
        state.place(best, c.d, c.s);
        const [from, to] = shiftSpan(p, c.d, c.s);
        invalidate(from, to);
        placed = true;
        break;
      }
      if (!placed) break;
    }
  }
  const roster: Roster = {
    startDate: p.startDate,
    days: p.days,
    rows: p.agents.map((agent, a) => ({ agentId: agent.id, cells: state.cells[a].map((s) => (s >= 0 ? p.shifts[s].code : null)) })),
    training: sessions.map(
      (s): TrainingSession => ({
        date: p.dates[s.day],
        start: timeOfMinute(s.startMinute),
        durationMinutes: p.training?.durationMinutes ?? 0,
        attendees: s.attendees.map((a) => p.agents[a].id),
        ...(s.trainer === undefined ? {} : { trainerId: p.agents[s.trainer].id }),
      }),
    ),
  };
  return { roster, cells: state.cells, sessions };
}

/**
 * Phase 0: the minimum number of people on duty, most constrained interval first (the interval that the fewest
 * (agent, shift) pairs can still cover), each time with the pair of highest gain per hour; quiet night hours
 * would otherwise be left to the end, when rest and streak rules have closed them.
 */
function coverFirst(p: PreparedProblem, gains: GainTable, state: RosterState, S: number): void {
  const need = p.rules.minOnDuty;
  if (need <= 0) return;
  // Pairs that can cover interval t; with `cap`, counting stops once that many agents are found (only scarce
  // intervals matter for the order, and counting all pairs of a large team every time would be slow).
  const options = (t: number, cap = Infinity): { a: number; d: number; s: number }[] => {
    const out: { a: number; d: number; s: number }[] = [];
    const minute = t * INTERVAL_MINUTES;
    let agents = 0;
    for (let a = 0; a < p.agents.length && agents < cap; a++) {
      let found = false;
      for (let d = Math.max(0, Math.floor(minute / 1440) - 1); d <= Math.min(p.days - 1, Math.floor(minute / 1440)); d++) {
        for (let s = 0; s < S; s++) {
          const [from, to] = shiftSpan(p, d, s);
          if (from > minute || to < minute + INTERVAL_MINUTES) continue;
          if (!state.canTake(a, d, s, p.agents[a].standardHours)) continue;
          out.push({ a, d, s });
          found = true;
          if (cap !== Infinity) break;
        }
        if (found && cap !== Infinity) break;
      }
      if (found) agents += 1;
    }
    return out;
  };
  const blocked = new Set<number>();
  const SCARCE = 3;
  for (;;) {
    let pick: { t: number; count: number } | undefined;
    for (let t = 0; t < p.intervals; t++) {
      if (blocked.has(t) || state.onDuty[t] >= need - 1e-9) continue;
      const count = options(t, SCARCE).length;
      if (count === 0) {
        blocked.add(t);
        continue;
      }
      if (!pick || count < pick.count) pick = { t, count };
      if (pick.count === 1) break;
    }
    if (!pick) return;
    const chosen = { t: pick.t, list: options(pick.t) };
    let best = chosen.list[0];
    let bestValue = -Infinity;
    for (const o of chosen.list) {
      const [from, to] = shiftSpan(p, o.d, o.s);
      const value = spanGain(p, gains, state.productive, from, to, p.agents[o.a].productive) / (p.shifts[o.s].workMinutes / 60) + (p.agents[o.a].standardHours - state.hours[o.a]) * 1e-6;
      if (value > bestValue) {
        bestValue = value;
        best = o;
      }
    }
    state.place(best.a, best.d, best.s);
  }
}

function nightsOf(p: PreparedProblem, state: RosterState, a: number): number {
  return state.cells[a].filter((s) => s >= 0 && p.isNightShift[s]).length;
}

/** Shifts (templates) that start on day d and cover [from, to) minutes of that day. */
function coveringTemplates(p: PreparedProblem, from: number, to: number): number[] {
  return p.shifts.map((g, s) => (g.startMinute <= from && g.startMinute + g.durationMinutes >= to ? s : -1)).filter((s) => s >= 0);
}

function placeTraining(p: PreparedProblem, gains: GainTable, state: RosterState): GreedyResult['sessions'] {
  const training = p.training;
  if (!training) return [];
  const trainer = training.trainerId === undefined ? undefined : p.agentIndex.get(training.trainerId);
  const out: GreedyResult['sessions'] = [];
  const trained = new Set<number>();
  const K = training.sessions;
  const pending = p.agents.map((_, a) => a).filter((a) => a !== trainer && !p.agents[a].unavailable.slice(0, p.days).every(Boolean));
  for (let k = 0; k < K; k++) {
    const [from, to] = trainingSegment(p.days, K, k);
    // The quietest candidate slot of the segment (fewest offered calls during the session).
    let best: { day: number; start: number; calls: number } | undefined;
    for (let d = from; d < to; d++) {
      for (const st of p.trainingStarts) {
        const t0 = d * 48 + st / INTERVAL_MINUTES;
        let calls = 0;
        for (let t = t0; t < t0 + training.durationMinutes / INTERVAL_MINUTES; t++) calls += p.offered[t];
        if (trainer !== undefined && !coveringTemplates(p, st, st + training.durationMinutes).some((s) => state.cells[trainer][d] === s || state.canTake(trainer, d, s, p.agents[trainer].maxHours))) continue;
        if (!best || calls < best.calls - 1e-9) best = { day: d, start: st, calls };
      }
    }
    if (!best) continue;
    const { day, start } = best;
    const end = start + training.durationMinutes;
    const templates = coveringTemplates(p, start, end);
    const attend = (a: number): boolean => {
      if (state.cells[a][day] !== OFF) return templates.includes(state.cells[a][day]);
      let pick = -1;
      let pickGain = -Infinity;
      for (const s of templates) {
        if (!state.canTake(a, day, s, p.agents[a].maxHours)) continue;
        const [f, t] = shiftSpan(p, day, s);
        const g = spanGain(p, gains, state.productive, f, t, p.agents[a].productive);
        if (g > pickGain) {
          pickGain = g;
          pick = s;
        }
      }
      if (pick < 0) return false;
      state.place(a, day, pick);
      return true;
    };
    const lead = trainer !== undefined && attend(trainer) ? trainer : undefined;
    // This session takes its share of the agents not yet trained (all that remain for the last session).
    const remaining = pending.filter((a) => !trained.has(a));
    const quota = k === K - 1 ? remaining.length : Math.ceil(remaining.length / (K - k));
    const attendees: number[] = [];
    for (const a of remaining) {
      if (attendees.length >= quota) break;
      if (attend(a)) {
        attendees.push(a);
        trained.add(a);
      }
    }
    // Attendees leave the phones for the session.
    for (const a of lead === undefined ? attendees : [...attendees, lead]) state.cover(a, day * 1440 + start, day * 1440 + end, -1);
    out.push({ day, startMinute: start, attendees, trainer: lead });
  }
  return out;
}
