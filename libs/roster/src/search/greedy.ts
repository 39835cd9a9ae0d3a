/**
 * A greedy constructor: the baseline the MIP is measured against, and its warm start. It places the training
 * sessions first (at the quietest candidate slot of each part of the period, each agent given a shift covering
 * her session), then the minimum people on duty (most constrained interval first), then repeatedly adds the shift
 * with the largest gain in expected answered calls per paid hour that some agent can still take within every rule,
 * up to the standard hours; then it gives every agent still below her minimum hours the shifts she lacks (the
 * best remaining gain, zero included: with a large team and a small load most shifts gain nothing, yet the
 * contract's hours are owed); then overtime while an hour saves at least `weights.overtimeCallsPerHour` calls.
 * The fairness rule is kept as it goes: no agent takes a night (weekend, holiday) shift that would put her above
 * her fair share of the total so far plus the allowed deviation (the total only grows, so the bound holds at the
 * end); agents left below their fair share at the end are repaired by exchanging shifts on the same day with
 * agents above theirs. Rules it cannot see coming (a rest day forced later by a long streak) it may fail; the
 * rule checker says so.
 */
import { balancesBefore, fairnessLimits, fairnessWeights, shiftCounts, FAIRNESS_METRICS, type FairnessLimits } from '../rules/fairness';
import { GainTable } from '../model/gains';
import { INTERVAL_MINUTES, OFF, type PreparedProblem, shiftAllowed, shiftSpan } from '../model/problem';
import { trainingSegment } from '../rules/check';
import { timeOfMinute } from '../model/shifts';
import type { FairnessCounts, Roster, TrainingSession } from '../types';

/** Mutable state of a roster under construction, with incremental rule checks. */
export class RosterState {
  readonly cells: number[][];
  readonly hours: number[];
  readonly productive: number[];
  readonly onDuty: number[];
  /** Night, weekend and holiday shifts per agent so far, and their totals. */
  readonly fair: FairnessCounts[];
  readonly fairTotal: FairnessCounts = { nights: 0, weekends: 0, holidays: 0 };
  /** Each agent's share of each metric's total (rules/fairness.ts), ledger balance before, and the rule's limits. */
  readonly fairShare: FairnessCounts[];
  readonly fairBefore: FairnessCounts[];
  readonly fairLimits: FairnessLimits[];

  constructor(private readonly p: PreparedProblem) {
    this.cells = p.agents.map(() => new Array<number>(p.days).fill(OFF));
    this.hours = p.agents.map(() => 0);
    this.productive = new Array<number>(p.intervals).fill(0);
    this.onDuty = new Array<number>(p.intervals).fill(0);
    this.fair = p.agents.map(() => ({ nights: 0, weekends: 0, holidays: 0 }));
    const weights = fairnessWeights(p);
    this.fairShare = weights.map((w) => {
      const share = { nights: 0, weekends: 0, holidays: 0 };
      for (const m of FAIRNESS_METRICS) {
        const sum = weights.reduce((acc, x) => acc + x[m], 0);
        share[m] = sum > 0 ? w[m] / sum : 0;
      }
      return share;
    });
    this.fairBefore = balancesBefore(p);
    this.fairLimits = fairnessLimits(p);
    p.agents.forEach((agent, a) => {
      if (agent.carryInMinutes > 0) this.cover(a, 0, agent.carryInMinutes, 1);
    });
  }

  /** Agent a's balance of metric m after the period if the roster ended now (count − share x total + before). */
  balance(a: number, m: (typeof FAIRNESS_METRICS)[number], extraCount = 0, extraTotal = 0): number {
    return this.fair[a][m] + extraCount - this.fairShare[a][m] * (this.fairTotal[m] + extraTotal) + this.fairBefore[a][m];
  }

  /**
   * Whether agent a may take shift (d, s) under the fairness rule's upper limit: her count after it, against her
   * share of the total after it. The total only grows as shifts are added, so a limit kept here holds at the end.
   */
  fairAllows(a: number, d: number, s: number): boolean {
    const k = shiftCounts(this.p, d, s);
    for (const m of FAIRNESS_METRICS) {
      if (k[m] > 0 && this.balance(a, m, k[m], k[m]) > this.fairLimits[a].high[m] + 1e-9) return false;
    }
    return true;
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
    if (!this.fairAllows(a, d, s)) return false;
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
    this.count(a, d, s, 1);
  }

  /** Takes agent a's shift of day d off the roster (nothing when she has none). */
  remove(a: number, d: number): void {
    const s = this.cells[a][d];
    if (s < 0) return;
    this.cells[a][d] = OFF;
    this.hours[a] -= this.p.shifts[s].workMinutes / 60;
    const [start, end] = this.span(d, s);
    this.cover(a, start, end, -1);
    this.count(a, d, s, -1);
  }

  private count(a: number, d: number, s: number, sign: number): void {
    const k = shiftCounts(this.p, d, s);
    for (const m of FAIRNESS_METRICS) {
      this.fair[a][m] += sign * k[m];
      this.fairTotal[m] += sign * k[m];
    }
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
  for (const phase of ['standard', 'minimum', 'overtime'] as const) {
    if (phase === 'minimum') {
      fillMinimumHours(p, state, gainOf, effs, invalidate);
      continue;
    }
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
          // Prefer whoever is furthest below her standard, then whoever is furthest below her fair share of the
          // nights, weekends or holidays the shift counts for.
          const counts = shiftCounts(p, c.d, c.s);
          const score = agent.standardHours - state.hours[a] - 0.01 * FAIRNESS_METRICS.reduce((sum, m) => sum + counts[m] * state.balance(a, m), 0);
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
  repairFairness(p, state, sessions);
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

/**
 * The minimum hours: every agent still below standard − maxHoursShortfall gets, one shift at a time (the agent
 * furthest below first), the shift of largest gain per paid hour she can take within every rule — zero gain
 * included, and shifts that count for no fairness metric first among equal gains. Without this a large team on a
 * small load stops at the first agents: once the calls are answered no shift gains anything.
 */
function fillMinimumHours(
  p: PreparedProblem,
  state: RosterState,
  gainOf: (d: number, s: number, e: number) => number,
  effs: number[],
  invalidate: (from: number, to: number) => void,
): void {
  const S = p.shifts.length;
  const stuck = new Set<number>();
  for (;;) {
    let a = -1;
    for (let i = 0; i < p.agents.length; i++) {
      if (stuck.has(i) || state.hours[i] >= p.agents[i].minHours - 1e-9) continue;
      if (a < 0 || p.agents[i].minHours - state.hours[i] > p.agents[a].minHours - state.hours[a]) a = i;
    }
    if (a < 0) return;
    const e = effs.indexOf(p.agents[a].productive);
    const options: { d: number; s: number; value: number; counts: number }[] = [];
    for (let d = 0; d < p.days; d++) {
      if (state.cells[a][d] !== OFF) continue;
      for (let s = 0; s < S; s++) {
        if (!p.candidate[s] && p.locks[a][d] !== s) continue;
        const k = shiftCounts(p, d, s);
        options.push({ d, s, value: gainOf(d, s, e) / (p.shifts[s].workMinutes / 60), counts: k.nights + k.weekends + k.holidays });
      }
    }
    options.sort((x, y) => y.value - x.value || x.counts - y.counts || x.d - y.d || x.s - y.s);
    const pick = options.find((o) => state.canTake(a, o.d, o.s, p.agents[a].maxHours));
    if (!pick) {
      stuck.add(a);
      continue;
    }
    state.place(a, pick.d, pick.s);
    const [from, to] = shiftSpan(p, pick.d, pick.s);
    invalidate(from, to);
  }
}

/**
 * The fairness rule's lower limit: while an agent's balance of a metric is below it, exchange her shift of some day
 * (or her day off) for the counting shift another agent works that day, where the other stays above her own lower
 * limit and both keep every rule and their hours. The totals do not change, so neither do the fair shares. Days of
 * a training session and locked cells are left alone.
 */
function repairFairness(p: PreparedProblem, state: RosterState, sessions: GreedyResult['sessions']): void {
  const sessionDays = new Set(sessions.map((s) => s.day));
  const hoursOf = (s: number): number => (s >= 0 ? p.shifts[s].workMinutes / 60 : 0);
  const movable = (a: number, d: number): boolean => !sessionDays.has(d) && p.locks[a][d] === undefined;
  const stuck = new Set<string>();
  for (let round = 0; round < 10 * p.agents.length * p.days; round++) {
    let worst: { a: number; m: (typeof FAIRNESS_METRICS)[number]; short: number } | undefined;
    p.agents.forEach((_, a) => {
      for (const m of FAIRNESS_METRICS) {
        const short = state.fairLimits[a].low[m] - state.balance(a, m);
        if (short > 1e-9 && !stuck.has(`${a}:${m}`) && (!worst || short > worst.short)) worst = { a, m, short };
      }
    });
    if (!worst) return;
    const { a, m } = worst;
    // Candidate exchanges: another agent's counting shift on a day of a's, the giver furthest above first.
    const moves: { o: number; d: number; surplus: number }[] = [];
    for (let d = 0; d < p.days; d++) {
      if (!movable(a, d)) continue;
      const mine = state.cells[a][d];
      const k2 = mine >= 0 ? shiftCounts(p, d, mine) : undefined;
      if (k2 && k2[m] > 0) continue;
      for (let o = 0; o < p.agents.length; o++) {
        const theirs = state.cells[o][d];
        if (o === a || theirs < 0 || !movable(o, d)) continue;
        const k1 = shiftCounts(p, d, theirs);
        if (k1[m] === 0) continue;
        // The giver must stay within her lower limits of every metric the exchange takes from her.
        const keeps = FAIRNESS_METRICS.every((x) => state.balance(o, x, (k2?.[x] ?? 0) - k1[x]) >= state.fairLimits[o].low[x] - 1e-9 || (k2?.[x] ?? 0) >= k1[x]);
        if (!keeps) continue;
        moves.push({ o, d, surplus: state.balance(o, m) - state.fairLimits[o].low[m] });
      }
    }
    moves.sort((x, y) => y.surplus - x.surplus || x.d - y.d);
    let done = false;
    for (const { o, d } of moves) {
      const s1 = state.cells[o][d];
      const s2 = state.cells[a][d];
      const delta = hoursOf(s1) - hoursOf(s2);
      if (state.hours[a] + delta > p.agents[a].maxHours + 1e-9) continue;
      if (state.hours[o] - delta < Math.min(p.agents[o].minHours, state.hours[o]) - 1e-9) continue;
      if (state.hours[o] - delta > p.agents[o].maxHours + 1e-9) continue;
      state.remove(o, d);
      if (s2 >= 0) state.remove(a, d);
      if (state.canTake(a, d, s1, p.agents[a].maxHours)) {
        state.place(a, d, s1);
        if (s2 < 0 || state.canTake(o, d, s2, p.agents[o].maxHours)) {
          if (s2 >= 0) state.place(o, d, s2);
          done = true;
          break;
        }
        state.remove(a, d);
      }
      if (s2 >= 0) state.place(a, d, s2);
      state.place(o, d, s1);
    }
    if (!done) stuck.add(`${a}:${m}`);
  }
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
