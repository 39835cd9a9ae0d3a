/**
 * Cover and people-on-duty rows, shared by the roster MIP (mip.ts) and its pooled relaxation (aggregate.ts).
 *
 * Per half-hour interval t, with y[t,k] ∈ [0,1] the k-th productive seat of the interval (objective −gain[t,k],
 * the concave Erlang A gains of {@link GainTable.concaveGains}):
 * - cover: Σ_k y[t,k] − Σ productive seats on the phones <= productive seats carried in from the previous period;
 * - people on duty: Σ people on the phones >= rules.minOnDuty − people carried in (when minOnDuty > 0).
 * A column on duty for a fraction f of the interval enters the cover row with −productive·f and the duty row
 * with f; a training column (people leaving the phones) with the opposite signs. Consecutive intervals with the
 * same key (the caller's choice: {@link CoverRows.entryKey} or {@link CoverRows.columnKey}) share one row, their
 * gains summed, which is exact because their cover is the same.
 */
import type { GainTable } from '../gains';
import type { LpBuilder } from '../lp';
import { INTERVAL_MINUTES, type PreparedProblem } from '../problem';

/** Options of {@link CoverRows.write}. */
export interface CoverWriteOptions {
  /** Productive seats that can be on the phones in interval t (the number of y columns is its ceiling). */
  reachable: ArrayLike<number>;
  /** Group key of interval t: consecutive intervals with the key of the group's first share its rows. */
  key: (t: number) => string;
  /** y columns stop at the first summed gain <= this (calls). */
  minGain: number;
  /** Called right after each people-on-duty row (the elastic model adds its slack there), with the group's first interval. */
  onDutyRow?: (from: number) => void;
}

/** The entries of the cover and duty rows, collected per interval, and the writer of the rows. */
export class CoverRows {
  readonly coverCols: number[][];
  readonly coverVals: number[][];
  readonly dutyCols: number[][];
  readonly dutyVals: number[][];
  /** Productive seats and people on the phones in interval t from night shifts begun in the previous period. */
  readonly carryProductive: Float64Array;
  readonly carryPeople: Float64Array;

  constructor(private readonly p: PreparedProblem) {
    const T = p.intervals;
    this.coverCols = Array.from({ length: T }, () => []);
    this.coverVals = Array.from({ length: T }, () => []);
    this.dutyCols = Array.from({ length: T }, () => []);
    this.dutyVals = Array.from({ length: T }, () => []);
    this.carryProductive = new Float64Array(T);
    this.carryPeople = new Float64Array(T);
  }

  /** Calls f(t, fraction of t inside [from, to)) for every interval of the period that [from, to) (minutes) meets. */
  each(from: number, to: number, f: (t: number, frac: number) => void): void {
    const T = this.p.intervals;
    for (let t = Math.max(0, Math.floor(from / INTERVAL_MINUTES)); t < Math.min(T, Math.ceil(to / INTERVAL_MINUTES)); t++) {
      f(t, (Math.min(to, (t + 1) * INTERVAL_MINUTES) - Math.max(from, t * INTERVAL_MINUTES)) / INTERVAL_MINUTES);
    }
  }

  /** Adds the agents' carry-in (night shifts of the previous period running into day 0); `onInterval(t, a)` per interval touched. */
  carryIn(onInterval?: (t: number, a: number) => void): void {
    this.p.agents.forEach((agent, a) => {
      if (agent.carryInMinutes > 0)
        this.each(0, agent.carryInMinutes, (t, frac) => {
          this.carryProductive[t] += agent.productive * frac;
          this.carryPeople[t] += frac;
          onInterval?.(t, a);
        });
    });
  }

  /** Column `col` puts `productive` seats (per unit) on the phones during [from, to) minutes; `onInterval(t)` per interval. */
  addShift(col: number, from: number, to: number, productive: number, onInterval?: (t: number) => void): void {
    this.each(from, to, (t, frac) => {
      this.coverCols[t].push(col);
      this.coverVals[t].push(-productive * frac);
      this.dutyCols[t].push(col);
      this.dutyVals[t].push(frac);
      onInterval?.(t);
    });
  }

  /** Column `col` takes `productive` seats (per unit) off the phones during [from, to) minutes (training). */
  addTraining(col: number, from: number, to: number, productive: number): void {
    this.each(from, to, (t, frac) => {
      this.coverCols[t].push(col);
      this.coverVals[t].push(productive * frac);
      this.dutyCols[t].push(col);
      this.dutyVals[t].push(-frac);
    });
  }

  /** Key of the MIP: the carry-in and every cover and duty entry (sorted by column). */
  entryKey(t: number): string {
    const { coverCols, coverVals, dutyCols, dutyVals } = this;
    const order = coverCols[t].map((_, i) => i).sort((i, j) => coverCols[t][i] - coverCols[t][j]);
    const dutyOrder = dutyCols[t].map((_, i) => i).sort((i, j) => dutyCols[t][i] - dutyCols[t][j]);
    return `${this.carryProductive[t]}|${this.carryPeople[t]}|${order.map((i) => `${coverCols[t][i]}:${coverVals[t][i]}`).join(',')}|${dutyOrder.map((i) => `${dutyCols[t][i]}:${dutyVals[t][i]}`).join(',')}`;
  }

  /** Key of the pooled relaxation: the cover columns (in order of addition) and the carry-in. */
  columnKey(t: number): string {
    return `${this.coverCols[t].join(',')}|${this.carryProductive[t]}|${this.carryPeople[t]}`;
  }

  /** Writes the y columns, cover rows and people-on-duty rows of every group of intervals, in time order. */
  write(lp: LpBuilder, gains: GainTable, options: CoverWriteOptions): void {
    const T = this.p.intervals;
    let groupStart = 0;
    let groupKey = T > 0 ? options.key(0) : '';
    for (let t = 1; t <= T; t++) {
      const key = t < T ? options.key(t) : '';
      if (t < T && key === groupKey) continue;
      this.writeGroup(lp, gains, options, groupStart, t);
      groupStart = t;
      groupKey = key;
    }
  }

  private writeGroup(lp: LpBuilder, gains: GainTable, options: CoverWriteOptions, from: number, to: number): void {
    const segments = Math.ceil(options.reachable[from] - 1e-9);
    const total = new Array<number>(Math.max(0, segments)).fill(0);
    for (let t = from; t < to; t++) {
      if (segments <= 0) break;
      gains.concaveGains(t, segments).forEach((g, k) => (total[k] += g));
    }
    const ys: number[] = [];
    for (const g of total) {
      if (g <= options.minGain) break;
      ys.push(lp.col(-g, 0, 1));
    }
    if (ys.length > 0) lp.row([...ys, ...this.coverCols[from]], [...ys.map(() => 1), ...this.coverVals[from]], -Infinity, this.carryProductive[from]);
    const minOnDuty = this.p.rules.minOnDuty;
    if (minOnDuty > 0) {
      lp.row(this.dutyCols[from], this.dutyVals[from], minOnDuty - this.carryPeople[from], Infinity);
      options.onDutyRow?.(from);
    }
  }
}

/** Σ of the offered calls of the period: the objective's constant (lost = offered − answered). */
export function offeredTotal(p: PreparedProblem): number {
  let offset = 0;
  for (let t = 0; t < p.intervals; t++) offset += p.offered[t];
  return offset;
}
