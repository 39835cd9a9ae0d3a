/**
 * The static part of the column generation's master LP (see column-generation.ts for the model and the bound): its
 * rows, the columns that are not patterns (y, u, T, dev±, artificials), the column of a pattern, the pricing costs
 * under duals, and the Lagrangian bound.
 */
import { FAIRNESS_METRICS, type FairnessMetric, balancesBefore, fairnessLimits, fairnessWeights, shiftCounts } from '../rules/fairness';
import type { GainTable } from '../model/gains';
import { INTERVAL_MINUTES, OFF, type PreparedProblem, rosterMatrix, shiftAllowed, shiftSpan } from '../model/problem';
import { offeredTotal } from '../model/rows/cover';
import { trainingSegment } from '../rules/check';
import type { Roster } from '../types';
import { AgentPricer, type Pattern, type PricingCosts, PricingUnsupported, type TrainingSlot } from './pricing';

/** A master column: cost, bounds and its entries (rows, values). */
export interface Column {
  cost: number;
  lower: number;
  upper: number;
  rows: number[];
  values: number[];
}

/** The master's static structure and how to price against its duals. */
export interface BoundModel {
  p: PreparedProblem;
  slots: TrainingSlot[];
  trainer: number | undefined;
  pricers: AgentPricer[];
  /** Group index of each interval, and each group's first interval. */
  groupOf: Int32Array;
  groupStart: number[];
  rowLower: number[];
  rowUpper: number[];
  /** Non-pattern columns (y, u, T, dev±) — the ones in the Lagrangian. */
  columns: Column[];
  /** Artificial columns (feasibility of the restricted master only; not in the Lagrangian). */
  artificials: Column[];
  offset: number;
  coverRow: Int32Array;
  dutyRow: Int32Array;
  /** linkRow[a * Q + q], or −1. */
  linkRow: Int32Array;
  totalRow: Partial<Record<FairnessMetric, number>>;
  /** fairRow[m][a], or −1. */
  fairRow: Partial<Record<FairnessMetric, Int32Array>>;
}

/**
 * Cost of the artificial columns that keep the restricted master feasible (calls per unit). It caps the master's
 * duals, which only steers the pricing: the bound is the Lagrangian of the true model, valid for any duals.
 */
const ARTIFICIAL_COST = 100;

/**
 * Builds the static part of the master (rows, non-pattern columns) and the agents' pricers.
 * @throws PricingUnsupported when the exact pricing cannot handle the problem.
 */
export function buildBoundModel(p: PreparedProblem, gains: GainTable): BoundModel {
  const training = p.training;
  const trainer = training?.trainerId === undefined ? undefined : p.agentIndex.get(training.trainerId);
  const slots = trainingSlots(p, trainer);
  const pricers = p.agents.map((_, a) => new AgentPricer(p, a, slots, trainer));
  const groups = intervalGroups(p, slots);
  const rows = new MasterRows();
  for (let a = 0; a < p.agents.length; a++) rows.add(1, 1);
  const { coverRow, dutyRow } = coverRows(p, gains, groups, rows);
  const linkRow = trainingRows(p, slots, trainer, pricers, rows);
  const { totalRow, fairRow } = fairnessRows(p, rows);
  const { groupOf, groupStart } = groups;
  const { rowLower, rowUpper, columns, artificials } = rows;
  return { p, slots, trainer, pricers, groupOf, groupStart, rowLower, rowUpper, columns, artificials, offset: offeredTotal(p), coverRow, dutyRow, linkRow, totalRow, fairRow };
}

/** The master's rows (bounds) and non-pattern columns as they are added. */
class MasterRows {
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly columns: Column[] = [];
  readonly artificials: Column[] = [];

  /** Adds a row lo <= · <= hi; returns its index. */
  add(lo: number, hi: number): number {
    this.rowLower.push(lo);
    this.rowUpper.push(hi);
    return this.rowLower.length - 1;
  }

  /** Adds the artificial columns of a row (one per finite side). */
  artificial(row: number): void {
    if (this.rowLower[row] > -Infinity) this.artificials.push({ cost: ARTIFICIAL_COST, lower: 0, upper: Infinity, rows: [row], values: [1] });
    if (this.rowUpper[row] < Infinity) this.artificials.push({ cost: ARTIFICIAL_COST, lower: 0, upper: Infinity, rows: [row], values: [-1] });
  }
}

/** Whether agent a may work template s from day d (a candidate or locked template the rules allow). */
const mayWork = (p: PreparedProblem, a: number, d: number, s: number): boolean => (p.candidate[s] || p.locks[a][d] === s) && shiftAllowed(p, a, d, s);

/**
 * Training slots: as mip.ts, those the trainer can be on duty for.
 * @throws PricingUnsupported when a session has no slot.
 */
function trainingSlots(p: PreparedProblem, trainer: number | undefined): TrainingSlot[] {
  const D = p.days;
  const training = p.training;
  const slots: TrainingSlot[] = [];
  if (!training) return slots;
  const coversSlot = (a: number, day: number, start: number, end: number): boolean => {
    for (let d = Math.max(0, day - 1); d <= day && d < D; d++) {
      for (let s = 0; s < p.shifts.length; s++) {
        if (!mayWork(p, a, d, s)) continue;
        const [from, to] = shiftSpan(p, d, s);
        if (from <= day * 1440 + start && to >= day * 1440 + end) return true;
      }
    }
    return false;
  };
  for (let k = 0; k < training.sessions; k++) {
    const [from, to] = trainingSegment(D, training.sessions, k);
    let any = false;
    for (let day = from; day < to; day++) {
      for (const start of p.trainingStarts) {
        const end = start + training.durationMinutes;
        if (trainer !== undefined && !coversSlot(trainer, day, start, end)) continue;
        slots.push({ k, day, start, end });
        any = true;
      }
    }
    if (!any) throw new PricingUnsupported(`no slot for training session ${k + 1}: no roster keeps the training rule`);
  }
  return slots;
}

/** Groups of intervals with the same possible cover, the intervals each agent can cover, and the carry-in. */
interface IntervalGroups {
  groupOf: Int32Array;
  groupStart: number[];
  canCover: Uint8Array[];
  carryProductive: Float64Array;
  carryPeople: Float64Array;
}

/** Groups of intervals: boundaries at every possible shift start and end, slot start and end, carry-in end. */
function intervalGroups(p: PreparedProblem, slots: TrainingSlot[]): IntervalGroups {
  const T = p.intervals;
  const step = INTERVAL_MINUTES;
  const cut = new Uint8Array(T + 1);
  cut[0] = 1;
  const mark = (minute: number): void => {
    const lo = Math.floor(minute / step);
    const hi = Math.ceil(minute / step);
    if (lo >= 0 && lo <= T) cut[lo] = 1;
    if (hi >= 0 && hi <= T) cut[hi] = 1;
  };
  const canCover: Uint8Array[] = p.agents.map(() => new Uint8Array(T));
  for (let a = 0; a < p.agents.length; a++) {
    for (let d = 0; d < p.days; d++) {
      for (let s = 0; s < p.shifts.length; s++) {
        if (!mayWork(p, a, d, s)) continue;
        const [from, to] = shiftSpan(p, d, s);
        mark(from);
        mark(to);
        for (let t = Math.floor(from / step); t < Math.min(T, Math.ceil(to / step)); t++) canCover[a][t] = 1;
      }
    }
    if (p.agents[a].carryInMinutes > 0) mark(p.agents[a].carryInMinutes);
  }
  for (const slot of slots) {
    mark(slot.day * 1440 + slot.start);
    mark(slot.day * 1440 + slot.end);
  }
  const groupOf = new Int32Array(T);
  const groupStart: number[] = [];
  for (let t = 0; t < T; t++) {
    if (cut[t]) groupStart.push(t);
    groupOf[t] = groupStart.length - 1;
  }
  const carryProductive = new Float64Array(T);
  const carryPeople = new Float64Array(T);
  p.agents.forEach((agent) => {
    const c = agent.carryInMinutes;
    for (let t = 0; t < Math.min(T, Math.ceil(c / step)); t++) {
      const frac = (Math.min(c, (t + 1) * step) - t * step) / step;
      carryProductive[t] += agent.productive * frac;
      carryPeople[t] += frac;
    }
  });
  return { groupOf, groupStart, canCover, carryProductive, carryPeople };
}

/** Cover rows with the concave gains summed over each group (y columns), and the people-on-duty rows. */
function coverRows(p: PreparedProblem, gains: GainTable, groups: IntervalGroups, rows: MasterRows): { coverRow: Int32Array; dutyRow: Int32Array } {
  const { groupStart, canCover, carryProductive, carryPeople } = groups;
  const G = groupStart.length;
  const groupEnd = (g: number): number => (g + 1 < G ? groupStart[g + 1] : p.intervals);
  const coverRow = new Int32Array(G).fill(-1);
  for (let g = 0; g < G; g++) {
    const t0 = groupStart[g];
    let reachable = carryProductive[t0];
    for (let a = 0; a < p.agents.length; a++) if (canCover[a][t0]) reachable += p.agents[a].productive;
    const segments = Math.ceil(reachable - 1e-9);
    if (segments <= 0) continue;
    const total = new Array<number>(segments).fill(0);
    for (let t = t0; t < groupEnd(g); t++) gains.concaveGains(t, segments).forEach((v, k) => (total[k] += v));
    const row = rows.add(-Infinity, carryProductive[t0]);
    coverRow[g] = row;
    for (const v of total) if (v > 0) rows.columns.push({ cost: -v, lower: 0, upper: 1, rows: [row], values: [1] });
  }
  const dutyRow = new Int32Array(G).fill(-1);
  if (p.rules.minOnDuty > 0) {
    for (let g = 0; g < G; g++) {
      dutyRow[g] = rows.add(p.rules.minOnDuty - carryPeople[groupStart[g]], Infinity);
      rows.artificial(dutyRow[g]);
    }
  }
  return { coverRow, dutyRow };
}

/** Training: one slot per part (u columns), and the link rows of the attending agents' patterns; returns linkRow. */
function trainingRows(p: PreparedProblem, slots: TrainingSlot[], trainer: number | undefined, pricers: AgentPricer[], rows: MasterRows): Int32Array {
  const A = p.agents.length;
  const Q = slots.length;
  const training = p.training;
  const linkRow = new Int32Array(A * Q).fill(-1);
  if (!training || Q === 0) return linkRow;
  const segRow = Array.from({ length: training.sessions }, () => rows.add(1, 1));
  segRow.forEach((row) => rows.artificial(row));
  const uRows: number[][] = slots.map((slot) => [segRow[slot.k]]);
  const uVals: number[][] = slots.map(() => [1]);
  for (let a = 0; a < A; a++) {
    if (!pricers[a].attends) continue;
    for (let q = 0; q < Q; q++) {
      const row = a === trainer ? rows.add(0, 0) : rows.add(-Infinity, 0);
      linkRow[a * Q + q] = row;
      rows.artificial(row);
      uRows[q].push(row);
      uVals[q].push(-1);
    }
  }
  slots.forEach((_, q) => rows.columns.push({ cost: 0, lower: 0, upper: 1, rows: uRows[q], values: uVals[q] }));
  return linkRow;
}

/** Fairness, as mip.ts: the total row of each metric, and each agent's balance row with its dev± columns. */
function fairnessRows(p: PreparedProblem, rows: MasterRows): Pick<BoundModel, 'totalRow' | 'fairRow'> {
  const A = p.agents.length;
  const D = p.days;
  const weights = fairnessWeights(p);
  const limits = fairnessLimits(p);
  const before = balancesBefore(p);
  const weightOf = { nights: p.weights.fairnessNights, weekends: p.weights.fairnessWeekends, holidays: p.weights.fairnessHolidays };
  const totalRow: Partial<Record<FairnessMetric, number>> = {};
  const fairRow: Partial<Record<FairnessMetric, Int32Array>> = {};
  for (const m of FAIRNESS_METRICS) {
    const sum = weights.reduce((acc, w) => acc + w[m], 0);
    if (sum === 0) continue;
    const counts = (a: number): boolean => {
      for (let d = 0; d < D; d++) for (let s = 0; s < p.shifts.length; s++) if (mayWork(p, a, d, s) && shiftCounts(p, d, s)[m] > 0) return true;
      return false;
    };
    const mine = p.agents.map((_, a) => counts(a));
    if (!mine.some(Boolean)) continue;
    const total = rows.add(0, 0);
    totalRow[m] = total;
    rows.artificial(total);
    const tRows = [total];
    const tVals = [1];
    const own = new Int32Array(A).fill(-1);
    for (let a = 0; a < A; a++) {
      const share = weights[a][m] / sum;
      if (share === 0 && !mine[a]) continue;
      const row = rows.add(-before[a][m], -before[a][m]);
      own[a] = row;
      rows.artificial(row);
      tRows.push(row);
      tVals.push(-share);
      rows.columns.push({ cost: weightOf[m], lower: 0, upper: limits[a].high[m], rows: [row], values: [-1] });
      rows.columns.push({ cost: weightOf[m], lower: 0, upper: -limits[a].low[m], rows: [row], values: [1] });
    }
    fairRow[m] = own;
    rows.columns.push({ cost: 0, lower: 0, upper: A * D, rows: tRows, values: tVals });
  }
  return { totalRow, fairRow };
}

/** The master column of a pattern: its cost (overtime) and its rows. */
export function patternColumn(model: BoundModel, pattern: Pattern): Column {
  const { p, groupOf, coverRow, dutyRow, linkRow, slots } = model;
  const a = pattern.agent;
  const agent = p.agents[a];
  const T = p.intervals;
  const onPhone = new Map<number, number>();
  const addSpan = (from: number, to: number, v: number): void => {
    const t0 = Math.max(0, Math.floor(from / INTERVAL_MINUTES));
    const t1 = Math.min(T, Math.ceil(to / INTERVAL_MINUTES));
    if (t1 <= t0) return;
    for (let g = groupOf[t0]; g <= groupOf[t1 - 1]; g++) onPhone.set(g, (onPhone.get(g) ?? 0) + v);
  };
  let minutes = 0;
  const counts: Record<FairnessMetric, number> = { nights: 0, weekends: 0, holidays: 0 };
  pattern.cells.forEach((s, d) => {
    if (s === OFF) return;
    const [from, to] = shiftSpan(p, d, s);
    addSpan(from, to, 1);
    minutes += p.shifts[s].workMinutes;
    const c = shiftCounts(p, d, s);
    for (const m of FAIRNESS_METRICS) counts[m] += c[m];
  });
  const rows: number[] = [a];
  const values: number[] = [1];
  for (const q of pattern.slots) {
    const slot = slots[q];
    addSpan(slot.day * 1440 + slot.start, slot.day * 1440 + slot.end, -1);
    if (linkRow[a * slots.length + q] >= 0) {
      rows.push(linkRow[a * slots.length + q]);
      values.push(1);
    }
  }
  for (const [g, v] of [...onPhone.entries()].sort((x, y) => x[0] - y[0])) {
    if (v === 0) continue;
    if (coverRow[g] >= 0) {
      rows.push(coverRow[g]);
      values.push(-agent.productive * v);
    }
    if (dutyRow[g] >= 0) {
      rows.push(dutyRow[g]);
      values.push(v);
    }
  }
  for (const m of FAIRNESS_METRICS) {
    const total = model.totalRow[m];
    const own = model.fairRow[m]?.[a] ?? -1;
    if (total === undefined || counts[m] === 0) continue;
    rows.push(total);
    values.push(-counts[m]);
    if (own >= 0) {
      rows.push(own);
      values.push(counts[m]);
    }
  }
  const hours = minutes / 60;
  return { cost: p.weights.overtimeCallsPerHour * Math.max(0, hours - agent.standardHours), lower: 0, upper: Infinity, rows, values };
}

/** Per-shift and per-slot costs of agent a's pricing under duals π (convexity row excluded). */
export function pricingCosts(model: BoundModel, a: number, pi: Float64Array): PricingCosts {
  const { p, groupOf, groupStart, coverRow, dutyRow, linkRow, slots } = model;
  const G = groupStart.length;
  const T = p.intervals;
  const prod = p.agents[a].productive;
  // Prefix sums over groups of the cost of one agent on the phones.
  const prefix = new Float64Array(G + 1);
  for (let g = 0; g < G; g++) {
    const cover = coverRow[g] >= 0 ? pi[coverRow[g]] * prod : 0;
    const duty = dutyRow[g] >= 0 ? pi[dutyRow[g]] : 0;
    prefix[g + 1] = prefix[g] + cover - duty;
  }
  const span = (from: number, to: number): number => {
    const t0 = Math.max(0, Math.floor(from / INTERVAL_MINUTES));
    const t1 = Math.min(T, Math.ceil(to / INTERVAL_MINUTES));
    if (t1 <= t0) return 0;
    return prefix[groupOf[t1 - 1] + 1] - prefix[groupOf[t0]];
  };
  const fair: Record<FairnessMetric, number> = { nights: 0, weekends: 0, holidays: 0 };
  for (const m of FAIRNESS_METRICS) {
    const total = model.totalRow[m];
    if (total === undefined) continue;
    const own = model.fairRow[m]?.[a] ?? -1;
    fair[m] = pi[total] - (own >= 0 ? pi[own] : 0);
  }
  const shiftCost = Array.from({ length: p.days }, (_, d) =>
    Float64Array.from(p.shifts, (_, s) => {
      const [from, to] = shiftSpan(p, d, s);
      const c = shiftCounts(p, d, s);
      return span(from, to) + c.nights * fair.nights + c.weekends * fair.weekends + c.holidays * fair.holidays;
    }),
  );
  const slotCost = Float64Array.from(slots, (slot, q) => {
    const link = linkRow[a * slots.length + q];
    return -span(slot.day * 1440 + slot.start, slot.day * 1440 + slot.end) - (link >= 0 ? pi[link] : 0);
  });
  return { shiftCost, slotCost };
}

/** Duals made valid for the rows' senses (a positive dual needs a finite lower side, a negative one an upper side). */
export function validDuals(model: BoundModel, rowDual: ArrayLike<number>): Float64Array {
  const pi = Float64Array.from(rowDual);
  for (let i = 0; i < pi.length; i++) {
    if (pi[i] > 0 && model.rowLower[i] === -Infinity) pi[i] = 0;
    if (pi[i] < 0 && model.rowUpper[i] === Infinity) pi[i] = 0;
  }
  return pi;
}

/**
 * The Lagrangian bound L(π) for duals π (convexity rows excluded), given each agent's exact minimum reduced cost
 * under π (from {@link AgentPricer.price} with {@link pricingCosts}).
 */
export function lagrangianBound(model: BoundModel, pi: Float64Array, agentMin: readonly number[]): number {
  const A = model.p.agents.length;
  let value = model.offset;
  for (let i = A; i < pi.length; i++) {
    if (pi[i] > 0) value += pi[i] * model.rowLower[i];
    else if (pi[i] < 0) value += pi[i] * model.rowUpper[i];
  }
  for (const c of model.columns) {
    let rc = c.cost;
    for (let k = 0; k < c.rows.length; k++) if (c.rows[k] >= A) rc -= pi[c.rows[k]] * c.values[k];
    value += Math.min(rc * c.lower, rc * c.upper);
  }
  for (const m of agentMin) value += m;
  return value;
}

/** The patterns of a roster's rows (training from its sessions); rows with unknown codes are skipped. */
export function patternsOfRoster(model: BoundModel, roster: Roster): Pattern[] {
  const { p, slots, trainer } = model;
  const { cells } = rosterMatrix(p, roster);
  const sessions = roster.training.map((s) => {
    const day = p.dates.indexOf(s.date);
    const [h, m] = s.start.split(':').map(Number);
    const q = slots.findIndex((slot) => slot.day === day && slot.start === h * 60 + m);
    return { q, attendees: new Set(s.attendees) };
  });
  const out: Pattern[] = [];
  p.agents.forEach((agent, a) => {
    const row = cells[a];
    if (row.some((c) => c === -1)) return;
    const attended = sessions.filter((s) => s.q >= 0 && (a === trainer || s.attendees.has(agent.id))).map((s) => s.q);
    out.push({ agent: a, cells: row.map((c) => (c >= 0 ? c : OFF)), slots: model.pricers[a].attends ? attended : [] });
  });
  return out;
}

