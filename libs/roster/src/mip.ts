/**
 * The roster as a mixed-integer program, solved with HiGHS (the `highs` package: HiGHS compiled to WebAssembly).
 *
 * Variables
 * - x[a,d,s] ∈ {0,1}: agent a works shift template s starting on day d (only where leave, protections and locks
 *   allow it);
 * - y[t,k] ∈ [0,1]: the k-th productive seat of interval t is filled (the piecewise-linear Erlang A gain);
 * - r[a,d] ∈ [0,1]: day d is a rest day for agent a (no work at all on it);
 * - o[a] >= 0: overtime hours; training u[p] ∈ {0,1} (a session at candidate slot p), v[a,k] ∈ {0,1} (agent a
 *   attends session k), q[a,p] ∈ [0,1] (a attends at slot p, = u·v); fairness deviations dev±[a,m] >= 0 and the
 *   period total T[m] of each metric.
 *
 * Objective (minimised): expected lost calls Σ_t (offered_t − Σ_k gain[t,k]·y[t,k]), plus overtime hours x
 * weights.overtimeCallsPerHour, plus the fairness deviations x their weights. gain[t,k] = E[answered | k] −
 * E[answered | k − 1] from Erlang A (@hotline/erlang), non-increasing in k, so the LP fills seats in order.
 *
 * Constraints
 * - cover: Σ_k y[t,k] <= Σ productive seats on duty in t (seat share x (1 − shrinkage); training attendees out);
 * - one shift start per agent and day;
 * - minimum rest: for every agent and every start time τ, at most one of the shifts whose window
 *   [start, end + minRest) contains τ (two shifts conflict exactly when their windows overlap, so these interval
 *   cliques are the whole rule);
 * - rest day in seven: r[a,d] <= 1 − (shifts starting on d), r[a,d] <= 1 − (shifts from d − 1 running into d),
 *   Σ r over every 7 consecutive days >= 1 (the ledger's tail fills days before the period);
 * - max consecutive working days / nights: Σ over every window of max + 1 days <= max;
 * - hours: Σ paid hours − o[a] <= standard; o[a] <= overtime cap (0 for protected staff); Σ paid hours >= standard
 *   − maxHoursShortfall;
 * - people on duty (not in training) >= minOnDuty in every interval;
 * - training: one slot per session (in its part of the period); every agent attends one session (the trainer all),
 *   on duty for the whole of it (q[a,p] <= shifts covering p, q[a,p] <= u[p], Σ_p∈k q[a,p] = v[a,k]);
 * - fairness: count[a,m] − share[a,m]·T[m] + balance[a,m] = dev+[a,m] − dev−[a,m] (the balance after the period),
 *   with dev+ <= high[a,m] and dev− <= −low[a,m], the limits of the fairness rule (fairness.ts `fairnessLimits`:
 *   within ±rules.maxFairnessDeviation of the fair share).
 *
 * In the elastic model every row of a soft rule family has a slack column (recorded with its rule, agent and
 * day): {@link solveRoster} prices them far above any call, so that a roster breaks rules only when none keeps
 * them all, and the non-zero slacks then name the conflicting rules.
 */
import { balancesBefore, fairnessLimits, fairnessWeights, shiftCounts, FAIRNESS_METRICS } from './fairness';
import type { GainTable } from './gains';
import { LpBuilder } from './lp';
import { INTERVAL_MINUTES, type PreparedProblem, shiftAllowed, shiftSpan } from './problem';
import { trainingSegment } from './rules';
import type { RuleFamily } from './types';

/** Sizes of a model. */
export interface ModelSize {
  columns: number;
  binaries: number;
  integers: number;
  rows: number;
  nonzeros: number;
}

/** A family of rules that had to be broken, with its breaches. */
export interface ConflictFamily {
  rule: RuleFamily;
  /** Σ of the slack (hours for hour rules, people for cover, 1 per window/pair/session otherwise). */
  total: number;
  /** The individual breaches (agent, date). */
  breaches: { agentId?: string; date?: string; time?: string; amount: number }[];
}

/** `strict`: every rule a constraint; `elastic`: soft rule families get slack columns. */
export type Mode = 'strict' | 'elastic';

/** Soft rule families and the weight of one unit of their slack (how many breaches one unit counts as). */
export const SLACK_WEIGHT: Partial<Record<RuleFamily, number>> = {
  'min-rest': 1,
  'rest-day-in-seven': 1,
  'max-consecutive-days': 1,
  'max-consecutive-nights': 1,
  'overtime-cap': 0.125,
  'protected-overtime': 0.125,
  'min-hours': 0.125,
  'min-on-duty': 0.25,
  training: 1,
  fairness: 1,
};

/** A slack column of the elastic model: which rule, agent, day or interval it relaxes. */
export interface SlackInfo {
  col: number;
  rule: RuleFamily;
  agent?: number;
  day?: number;
  interval?: number;
}

/** One x column: agent a on template s from day d. */
export interface Instance {
  a: number;
  d: number;
  s: number;
  col: number;
  start: number;
  end: number;
}

/** One candidate training slot (u column) of session k. */
export interface Slot {
  k: number;
  day: number;
  start: number;
  end: number;
  col: number;
}

/** The model and how to read its solution. */
export interface RosterModel {
  lp: LpBuilder;
  instances: Instance[];
  /** x column of (a, d, s), or −1. */
  x: Int32Array;
  slots: Slot[];
  /** q column of (agent, slot), or −1. */
  q: Map<number, number>;
  v: Map<number, number>;
  trainer: number | undefined;
  slacks: SlackInfo[];
  offset: number;
  mode: Mode;
  size: ModelSize;
}

/**
 * Builds the MIP of a prepared problem.
 * @param mode `strict` (every rule a constraint) or `elastic` (soft rule families with slack columns).
 */
export function buildRosterModel(p: PreparedProblem, gains: GainTable, mode: Mode = 'strict'): RosterModel {
  const lp = new LpBuilder();
  const A = p.agents.length;
  const D = p.days;
  const S = p.shifts.length;
  const T = p.intervals;
  const elastic = mode === 'elastic';
  const slacks: SlackInfo[] = [];
  const soft = (rule: RuleFamily, sign: 1 | -1, info: Omit<SlackInfo, 'col' | 'rule'> = {}): void => {
    if (!elastic) return;
    const col = lp.col(0, 0, Infinity);
    lp.extendLast(col, sign);
    slacks.push({ col, rule, ...info });
  };
  const x = new Int32Array(A * D * S).fill(-1);
  const xi = (a: number, d: number, s: number): number => (a * D + d) * S + s;
  const instances: Instance[] = [];
  const byAgent: Instance[][] = p.agents.map(() => []);
  for (let a = 0; a < A; a++) {
    for (let d = 0; d < D; d++) {
      for (let s = 0; s < S; s++) {
        const locked = p.locks[a][d] === s;
        if ((!p.candidate[s] && !locked) || !shiftAllowed(p, a, d, s)) continue;
        const col = lp.col(0, locked ? 1 : 0, 1, true);
        x[xi(a, d, s)] = col;
        const [start, end] = shiftSpan(p, d, s);
        const inst = { a, d, s, col, start, end };
        instances.push(inst);
        byAgent[a].push(inst);
      }
    }
  }
  // Cover and people on duty, per interval: entries collected, rows written once training is known.
  const coverCols: number[][] = Array.from({ length: T }, () => []);
  const coverVals: number[][] = Array.from({ length: T }, () => []);
  const dutyCols: number[][] = Array.from({ length: T }, () => []);
  const dutyVals: number[][] = Array.from({ length: T }, () => []);
  const carryProductive = new Float64Array(T);
  const carryPeople = new Float64Array(T);
  const reachable = new Float64Array(T);
  const canReach: Set<number>[] = Array.from({ length: T }, () => new Set<number>());
  const eachInterval = (from: number, to: number, f: (t: number, frac: number) => void): void => {
    for (let t = Math.max(0, Math.floor(from / INTERVAL_MINUTES)); t < Math.min(T, Math.ceil(to / INTERVAL_MINUTES)); t++) {
      f(t, (Math.min(to, (t + 1) * INTERVAL_MINUTES) - Math.max(from, t * INTERVAL_MINUTES)) / INTERVAL_MINUTES);
    }
  };
  p.agents.forEach((agent, a) => {
    if (agent.carryInMinutes > 0)
      eachInterval(0, agent.carryInMinutes, (t, frac) => {
        carryProductive[t] += agent.productive * frac;
        carryPeople[t] += frac;
        canReach[t].add(a);
      });
  });
  for (const inst of instances) {
    const e = p.agents[inst.a].productive;
    eachInterval(inst.start, inst.end, (t, frac) => {
      coverCols[t].push(inst.col);
      coverVals[t].push(-e * frac);
      dutyCols[t].push(inst.col);
      dutyVals[t].push(frac);
      canReach[t].add(inst.a);
    });
  }
  for (let t = 0; t < T; t++) for (const a of canReach[t]) reachable[t] += p.agents[a].productive;

  // One shift start per agent and day.
  for (let a = 0; a < A; a++) {
    for (let d = 0; d < D; d++) {
      const cols: number[] = [];
      for (let s = 0; s < S; s++) if (x[xi(a, d, s)] >= 0) cols.push(x[xi(a, d, s)]);
      if (cols.length > 1) lp.row(cols, cols.map(() => 1), -Infinity, 1);
    }
  }

  // Minimum rest: interval cliques of the windows [start, end + rest), and the previous period's last shift.
  const rest = p.rules.minRestHours * 60;
  for (let a = 0; a < A; a++) {
    const list = byAgent[a];
    const tailEnd = p.agents[a].tail?.lastShiftEndMinute;
    if (tailEnd !== null && tailEnd !== undefined) {
      for (const inst of list) {
        if (inst.start < tailEnd + rest) {
          lp.row([inst.col], [1], -Infinity, 0);
          soft('min-rest', -1, { agent: a, day: inst.d });
        }
      }
    }
    const points = [...new Set(list.map((i) => i.start))].sort((u, w) => u - w);
    let previous = '';
    for (const tau of points) {
      const members = list.filter((i) => i.start <= tau && tau < i.end + rest);
      if (members.length < 2) continue;
      const key = members.map((m) => m.col).join(',');
      if (key === previous) continue;
      previous = key;
      lp.row(
        members.map((m) => m.col),
        members.map(() => 1),
        -Infinity,
        1,
      );
      soft('min-rest', -1, { agent: a, day: Math.floor(tau / 1440) });
    }
  }

  // Streak rules: windows over the days of the period, with the tail's days before it.
  const colsOn = (a: number, d: number, filter: (s: number) => boolean): number[] => {
    const out: number[] = [];
    for (let s = 0; s < S; s++) if (filter(s) && x[xi(a, d, s)] >= 0) out.push(x[xi(a, d, s)]);
    return out;
  };
  const windowRows = (a: number, limit: number, filter: (s: number) => boolean, tailFlags: boolean[] | undefined, rule: RuleFamily): void => {
    const len = limit + 1;
    const first = tailFlags ? -limit : 0;
    for (let j = first; j + len - 1 < D; j++) {
      let constant = 0;
      const cols: number[] = [];
      for (let d = j; d < j + len; d++) {
        if (d < 0) constant += tailFlags && tailFlags[7 + d] ? 1 : 0;
        else cols.push(...colsOn(a, d, filter));
      }
      if (cols.length + constant <= limit) continue;
      lp.row(cols, cols.map(() => 1), -Infinity, limit - constant);
      soft(rule, -1, { agent: a, day: j + len - 1 });
    }
  };
  const rCols: number[][] = p.agents.map(() => new Array<number>(D).fill(-1));
  for (let a = 0; a < A; a++) {
    const tail = p.agents[a].tail;
    windowRows(a, p.rules.maxConsecutiveWorkDays, () => true, tail?.workedDays.slice(-7), 'max-consecutive-days');
    windowRows(a, p.rules.maxConsecutiveNights, (s) => p.isNightShift[s], tail?.nightDays.slice(-7), 'max-consecutive-nights');
    if (!p.rules.restDayInSeven) continue;
    for (let d = 0; d < D; d++) {
      const today = colsOn(a, d, () => true);
      const spill = d > 0 ? colsOn(a, d - 1, (s) => p.shifts[s].crossesMidnight) : [];
      const blocked = d === 0 && p.agents[a].carryInMinutes > 0;
      const r = lp.col(0, 0, blocked ? 0 : 1);
      rCols[a][d] = r;
      if (today.length) lp.row([r, ...today], [1, ...today.map(() => 1)], -Infinity, 1);
      if (spill.length) lp.row([r, ...spill], [1, ...spill.map(() => 1)], -Infinity, 1);
    }
    const first = tail ? -6 : 0;
    for (let j = first; j + 6 < D; j++) {
      let constant = 0;
      const cols: number[] = [];
      for (let d = j; d <= j + 6; d++) {
        if (d < 0) constant += tail && tail.restDays[7 + d] ? 1 : 0;
        else cols.push(rCols[a][d]);
      }
      if (constant >= 1) continue;
      lp.row(cols, cols.map(() => 1), 1, Infinity);
      soft('rest-day-in-seven', 1, { agent: a, day: j + 6 });
    }
  }

  // Hours and overtime.
  const overtimeCols: number[] = [];
  for (let a = 0; a < A; a++) {
    const agent = p.agents[a];
    const list = byAgent[a];
    const o = lp.col(p.weights.overtimeCallsPerHour, 0, elastic ? Infinity : agent.overtimeCap);
    overtimeCols.push(o);
    const cols = list.map((i) => i.col);
    const hours = list.map((i) => p.shifts[i.s].workMinutes / 60);
    lp.row([...cols, o], [...hours, -1], -Infinity, agent.standardHours);
    if (elastic) {
      lp.row([o], [1], -Infinity, agent.overtimeCap);
      soft(agent.noOvertime ? 'protected-overtime' : 'overtime-cap', -1, { agent: a });
    }
    if (agent.minHours > 0) {
      lp.row(cols, hours, agent.minHours, Infinity);
      soft('min-hours', 1, { agent: a });
    }
  }

  // Training.
  const slots: Slot[] = [];
  const q = new Map<number, number>();
  const v = new Map<number, number>();
  const training = p.training;
  const trainer = training?.trainerId === undefined ? undefined : p.agentIndex.get(training.trainerId);
  const slotCovers = (a: number, day: number, start: number, end: number): number[] =>
    byAgent[a].filter((i) => i.start <= day * 1440 + start && i.end >= day * 1440 + end).map((i) => i.col);
  if (training) {
    const K = training.sessions;
    const dur = training.durationMinutes;
    for (let k = 0; k < K; k++) {
      const [from, to] = trainingSegment(D, K, k);
      const segment: Slot[] = [];
      for (let day = from; day < to; day++) {
        for (const start of p.trainingStarts) {
          if (trainer !== undefined && slotCovers(trainer, day, start, start + dur).length === 0) continue;
          const slot = { k, day, start, end: start + dur, col: lp.col(0, 0, 1, true) };
          segment.push(slot);
          slots.push(slot);
        }
      }
      // Exactly one session in the part (at least one is soft).
      if (segment.length > 0) {
        lp.row(segment.map((s) => s.col), segment.map(() => 1), -Infinity, 1);
        lp.row(segment.map((s) => s.col), segment.map(() => 1), 1, Infinity);
      } else {
        lp.row([], [], 1, Infinity);
      }
      soft('training', 1, { day: from });
    }
    const slotIndex = new Map(slots.map((s, i) => [s, i]));
    for (let a = 0; a < A; a++) {
      const agent = p.agents[a];
      const isTrainer = a === trainer;
      if (!isTrainer && agent.unavailable.slice(0, D).every(Boolean)) continue; // away all period: exempt
      const vCols: number[] = [];
      for (let k = 0; k < K; k++) {
        const vk = isTrainer ? -1 : lp.col(0, 0, 1, true);
        if (!isTrainer) {
          v.set(a * K + k, vk);
          vCols.push(vk);
        }
        const qCols: number[] = [];
        for (const slot of slots) {
          if (slot.k !== k) continue;
          const cover = slotCovers(a, slot.day, slot.start, slot.end);
          if (isTrainer) {
            // The trainer is on duty for every session held.
            lp.row([slot.col, ...cover], [1, ...cover.map(() => -1)], -Infinity, 0);
            soft('training', -1, { agent: a, day: slot.day });
            q.set(a * slots.length + (slotIndex.get(slot) as number), slot.col);
            continue;
          }
          if (cover.length === 0) continue;
          const qc = lp.col(0, 0, 1);
          q.set(a * slots.length + (slotIndex.get(slot) as number), qc);
          qCols.push(qc);
          lp.row([qc, slot.col], [1, -1], -Infinity, 0);
          lp.row([qc, ...cover], [1, ...cover.map(() => -1)], -Infinity, 0);
        }
        if (!isTrainer) lp.row([...qCols, vk], [...qCols.map(() => 1), -1], 0, 0);
      }
      if (!isTrainer) {
        lp.row(vCols, vCols.map(() => 1), -Infinity, 1);
        lp.row(vCols, vCols.map(() => 1), 1, Infinity);
        soft('training', 1, { agent: a });
      }
    }
    // Attendees (and the trainer) leave the phones during the session.
    slots.forEach((slot, i) => {
      for (let a = 0; a < A; a++) {
        const qc = q.get(a * slots.length + i);
        if (qc === undefined) continue;
        eachInterval(slot.day * 1440 + slot.start, slot.day * 1440 + slot.end, (t, frac) => {
          coverCols[t].push(qc);
          coverVals[t].push(p.agents[a].productive * frac);
          dutyCols[t].push(qc);
          dutyVals[t].push(-frac);
        });
      }
    });
  }

  // Cover rows with the concave Erlang A gains, and the people-on-duty rows. Consecutive intervals covered by
  // exactly the same shifts (the two halves of an hour when shifts start on the hour) share one row: their
  // gains add up, which is exact because their cover is the same.
  let offset = 0;
  for (let t = 0; t < T; t++) offset += p.offered[t];
  const signature = (t: number): string => {
    const order = coverCols[t].map((_, i) => i).sort((i, j) => coverCols[t][i] - coverCols[t][j]);
    const dutyOrder = dutyCols[t].map((_, i) => i).sort((i, j) => dutyCols[t][i] - dutyCols[t][j]);
    return `${carryProductive[t]}|${carryPeople[t]}|${order.map((i) => `${coverCols[t][i]}:${coverVals[t][i]}`).join(',')}|${dutyOrder.map((i) => `${dutyCols[t][i]}:${dutyVals[t][i]}`).join(',')}`;
  };
  let groupStart = 0;
  let groupKey = T > 0 ? signature(0) : '';
  const flush = (from: number, to: number): void => {
    const segments = Math.ceil(reachable[from] - 1e-9);
    const total = new Array<number>(Math.max(0, segments)).fill(0);
    for (let t = from; t < to; t++) {
      if (segments <= 0) break;
      gains.concaveGains(t, segments).forEach((g, k) => (total[k] += g));
    }
    const ys: number[] = [];
    for (const g of total) {
      if (g <= 1e-6) break;
      ys.push(lp.col(-g, 0, 1));
    }
    if (ys.length > 0) lp.row([...ys, ...coverCols[from]], [...ys.map(() => 1), ...coverVals[from]], -Infinity, carryProductive[from]);
    if (p.rules.minOnDuty > 0) {
      lp.row(dutyCols[from], dutyVals[from], p.rules.minOnDuty - carryPeople[from], Infinity);
      soft('min-on-duty', 1, { interval: from });
    }
  };
  for (let t = 1; t <= T; t++) {
    const key = t < T ? signature(t) : '';
    if (t < T && key === groupKey) continue;
    flush(groupStart, t);
    groupStart = t;
    groupKey = key;
  }

  // Fairness: the balance after the period, count − share·T + balance before = dev+ − dev−, priced by the
  // weights, and bounded by the fairness rule: dev+ <= high, dev− <= −low (fairnessLimits; column bounds, with
  // slacks in the row for the elastic model). Locked shifts count.
  const weights = fairnessWeights(p);
  const limits = fairnessLimits(p);
  const before = balancesBefore(p);
  const weightOf = { nights: p.weights.fairnessNights, weekends: p.weights.fairnessWeekends, holidays: p.weights.fairnessHolidays };
  for (const m of FAIRNESS_METRICS) {
    const sum = weights.reduce((acc, w) => acc + w[m], 0);
    if (sum === 0) continue;
    const countsOf = instances.map((i) => shiftCounts(p, i.d, i.s)[m]);
    if (!countsOf.some((c) => c > 0)) continue;
    const total = lp.col(0, 0, Infinity);
    const all = instances.filter((_, j) => countsOf[j] > 0);
    lp.row([total, ...all.map((i) => i.col)], [1, ...all.map(() => -1)], 0, 0);
    for (let a = 0; a < A; a++) {
      const share = weights[a][m] / sum;
      const balance = before[a][m];
      const mine = byAgent[a].filter((i) => shiftCounts(p, i.d, i.s)[m] > 0);
      if (share === 0 && mine.length === 0) continue;
      const plus = lp.col(weightOf[m], 0, limits[a].high[m]);
      const minus = lp.col(weightOf[m], 0, -limits[a].low[m]);
      lp.row([...mine.map((i) => i.col), total, plus, minus], [...mine.map(() => 1), -share, -1, 1], -balance, -balance);
      // Beyond the limits (elastic model): the excess above, and the shortfall below.
      soft('fairness', -1, { agent: a });
      soft('fairness', 1, { agent: a });
    }
  }

  const counts = lp.integerCounts();
  return {
    lp,
    instances,
    x,
    slots,
    q,
    v,
    trainer,
    slacks,
    offset,
    mode,
    size: { columns: lp.numCols, binaries: counts.binaries, integers: counts.integers, rows: lp.numRows, nonzeros: lp.numNonzeros },
  };
}
