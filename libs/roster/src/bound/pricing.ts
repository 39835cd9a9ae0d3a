/**
 * The pricing problem of the column generation ({@link rosterLowerBound}): for one agent, the monthly shift pattern
 * (a shift or no shift on each day, and the training session she attends) of least reduced cost, found exactly by
 * dynamic programming over the days of the period — a resource-constrained shortest path whose resources are the
 * labour rules of rules/check.ts kept by one agent alone:
 * - minimum rest between shifts (the previous period's last shift included): the earliest start allowed today, in
 *   half hours after midnight (every start is on the half hour, so the rule is exact);
 * - whether yesterday's shift runs into today (a day touched by a shift is not a rest day);
 * - consecutive days with a shift start (`maxConsecutiveWorkDays`), consecutive night shifts
 *   (`maxConsecutiveNights`), and days since the last rest day (`restDayInSeven`: at most 6), each started from the
 *   ledger's tail when the period follows the last one;
 * - paid hours so far, in units of the greatest common divisor of the shifts' paid minutes (at most the standard
 *   hours + the overtime cap, at least the standard − the allowed shortfall at the end; the overtime cost
 *   weights.overtimeCallsPerHour x max(0, hours − standard) is charged at the end);
 * - training: sessions attended so far (the trainer attends one in each part of the period, in order; any other
 *   agent one in the whole period, unless she is away all of it);
 * leave, protections and locks through `shiftAllowed` (model/problem.ts), and only the optimiser's candidate templates
 * (locked cells aside). Everything that couples agents (cover, people on duty, the session slots, fairness) is
 * priced by the master's duals. The cost of a pattern is additive over its days (shift costs, session costs) plus
 * the overtime cost, so the DP is exact: the minimum it returns is the minimum over every feasible pattern.
 */
import { OFF, type PreparedProblem, shiftAllowed, shiftSpan } from '../model/problem';

/** One agent's monthly pattern: the shift of each day (index into `p.shifts`, or {@link OFF}), and sessions attended. */
export interface Pattern {
  agent: number;
  /** Shift index per day 0..days−1, or OFF (−2). */
  cells: number[];
  /** Indices (into the slot list of the bound) of the training slots she attends, in time order. */
  slots: number[];
}

/** A candidate training slot: a session of part `k` on `day` from `start` to `end` (minutes of that day). */
export interface TrainingSlot {
  k: number;
  day: number;
  start: number;
  end: number;
}

/** Costs of one pricing run: per day and shift, and per training slot (for this agent). */
export interface PricingCosts {
  /** shiftCost[d][s]: reduced cost of working shift s on day d (ignored when not allowed). */
  shiftCost: Float64Array[];
  /** slotCost[q]: reduced cost of attending slot q (off the phones, the slot's dual). */
  slotCost: Float64Array;
}

/** The best pattern(s) of one pricing run, and the exact minimum reduced cost. */
export interface PricingResult {
  /** Minimum over every feasible pattern of its reduced cost (Infinity when she has none). */
  min: number;
  /** Patterns with their reduced costs, best first (at most `maxPatterns`, one per final hours value). */
  patterns: { pattern: Pattern; cost: number }[];
}

/** Why the exact pricing is not available for a problem (the bound is then not computed). */
export class PricingUnsupported extends Error {}

const INF = Number.POSITIVE_INFINITY;
/** Largest DP table (states x days) accepted; about 8 bytes of back-pointers each. */
const MAX_TABLE = 40_000_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The static structure of one agent's pricing DP (built once per bound computation). */
export class AgentPricer {
  readonly a: number;
  private readonly D: number;
  private readonly shiftOptions: number[][];
  private readonly offAllowed: boolean[];
  private readonly unit: number;
  private readonly workUnits: Int32Array;
  private readonly NE: number;
  private readonly NCW: number;
  private readonly NSR: number;
  private readonly NCN: number;
  private readonly NH: number;
  private readonly NTB: number;
  private readonly NS: number;
  private readonly eUnits: Int32Array;
  private readonly eSpill: Uint8Array;
  private readonly offNext: Int32Array;
  private readonly shiftNext: Int32Array;
  private readonly init: number;
  private readonly trainer: boolean;
  private readonly trainingRequired: boolean;
  /** Slots each shift instance (d, s) covers entirely, by d * S + s. */
  private readonly covered: number[][];
  private readonly slots: readonly TrainingSlot[];
  private readonly back: Int32Array[];
  private readonly choice: Int16Array[];

  /**
   * @param p the prepared problem.
   * @param a the agent's index.
   * @param slots the training slots of the bound (empty without training).
   * @param trainer the trainer's index, or undefined.
   * @throws PricingUnsupported when the DP would be too large, or a trainer's shift could cover sessions of two
   *   parts of the period (not modelled).
   */
  constructor(
    private readonly p: PreparedProblem,
    a: number,
    slots: readonly TrainingSlot[],
    trainer: number | undefined,
  ) {
    this.a = a;
    this.slots = slots;
    const D = p.days;
    this.D = D;
    const S = p.shifts.length;
    const agent = p.agents[a];
    const r = p.rules;
    this.shiftOptions = [];
    this.offAllowed = [];
    for (let d = 0; d < D; d++) {
      const lock = p.locks[a][d];
      this.offAllowed.push(lock === undefined || lock === null);
      const opts: number[] = [];
      for (let s = 0; s < S; s++) if ((p.candidate[s] || lock === s) && shiftAllowed(p, a, d, s)) opts.push(s);
      this.shiftOptions.push(opts);
    }
    let unit = 0;
    for (const opts of this.shiftOptions) for (const s of opts) unit = gcd(unit, p.shifts[s].workMinutes);
    if (unit === 0) unit = 60;
    this.unit = unit;
    this.workUnits = Int32Array.from(p.shifts, (g) => Math.round(g.workMinutes / unit));
    this.NH = Math.floor((agent.maxHours * 60) / unit + 1e-9) + 1;
    this.NCW = r.maxConsecutiveWorkDays + 1;
    this.NCN = r.maxConsecutiveNights + 1;
    this.NSR = r.restDayInSeven ? 7 : 1;
    const sessions = p.training?.sessions ?? 0;
    this.trainer = trainer === a && sessions > 0;
    this.trainingRequired = sessions > 0 && (this.trainer || !agent.unavailable.slice(0, D).every(Boolean));
    this.NTB = this.trainingRequired ? (this.trainer ? sessions + 1 : 2) : 1;

    // Rest between shifts: the earliest start today in half hours, and whether yesterday's shift runs into today.
    const rest = r.minRestHours * 60;
    const tail = agent.tail;
    const tailEnd = tail?.lastShiftEndMinute;
    const e0 = tailEnd === null || tailEnd === undefined ? 0 : Math.max(0, Math.ceil((tailEnd + rest) / 30 - 1e-9));
    const spill0 = agent.carryInMinutes > 0 ? 1 : 0;
    const after = (s: number): number => Math.max(0, Math.ceil((p.shifts[s].startMinute + p.shifts[s].durationMinutes + rest) / 30 - 1e-9) - 48);
    const keys = new Map<number, number>();
    const eUnits: number[] = [];
    const eSpill: number[] = [];
    const queue: number[] = [];
    const add = (e: number, spill: number): number => {
      const key = e * 2 + spill;
      let i = keys.get(key);
      if (i === undefined) {
        i = eUnits.length;
        keys.set(key, i);
        eUnits.push(e);
        eSpill.push(spill);
        queue.push(i);
      }
      return i;
    };
    const used = new Set<number>();
    for (const opts of this.shiftOptions) for (const s of opts) used.add(s);
    this.init = 0; // placeholder, set below
    const initE = add(e0, spill0);
    const shiftNext = new Int32Array(S).fill(-1);
    for (const s of used) shiftNext[s] = add(after(s), p.shifts[s].crossesMidnight ? 1 : 0);
    const offNext: number[] = [];
    for (let qi = 0; qi < queue.length; qi++) {
      const i = queue[qi];
      offNext[i] = add(Math.max(0, eUnits[i] - 48), 0);
    }
    this.NE = eUnits.length;
    this.eUnits = Int32Array.from(eUnits);
    this.eSpill = Uint8Array.from(eSpill);
    this.offNext = Int32Array.from(offNext);
    this.shiftNext = shiftNext;
    this.NS = this.NE * this.NCW * this.NSR * this.NCN * this.NH * this.NTB;
    if (this.NS * D > MAX_TABLE) throw new PricingUnsupported(`the pricing DP of ${agent.id} would have ${this.NS} states a day`);

    // Streak states carried in from the ledger's tail.
    const trailing = (flags: boolean[] | undefined, value: boolean): number => {
      if (!flags) return 0;
      let n = 0;
      for (let i = flags.length - 1; i >= 0 && flags[i] === value; i--) n += 1;
      return n;
    };
    const cw0 = Math.min(trailing(tail?.workedDays, true), r.maxConsecutiveWorkDays);
    const cn0 = Math.min(trailing(tail?.nightDays, true), r.maxConsecutiveNights);
    const sr0 = r.restDayInSeven ? Math.min(trailing(tail?.restDays, false), 6) : 0;
    this.init = this.index(initE, cw0, sr0, cn0, 0, 0);

    // Training slots each shift instance covers.
    this.covered = Array.from({ length: D * S }, () => []);
    if (this.trainingRequired) {
      for (let d = 0; d < D; d++) {
        for (const s of this.shiftOptions[d]) {
          const [from, to] = shiftSpan(p, d, s);
          const list: number[] = [];
          slots.forEach((slot, q) => {
            if (from <= slot.day * 1440 + slot.start && to >= slot.day * 1440 + slot.end) list.push(q);
          });
          if (this.trainer && new Set(list.map((q) => slots[q].k)).size > 1) {
            throw new PricingUnsupported(`a shift of the trainer ${agent.id} could cover sessions of two parts of the period`);
          }
          this.covered[d * S + s] = list;
        }
      }
    }
    this.back = Array.from({ length: D }, () => new Int32Array(this.NS));
    this.choice = Array.from({ length: D }, () => new Int16Array(this.NS));
  }

  private index(e: number, cw: number, sr: number, cn: number, h: number, tb: number): number {
    return ((((e * this.NCW + cw) * this.NSR + sr) * this.NCN + cn) * this.NH + h) * this.NTB + tb;
  }

  /** Whether her patterns attend training (the trainer, and everyone not away all period, when there is training). */
  get attends(): boolean {
    return this.trainingRequired;
  }

  /** Number of DP states a day (for reports). */
  get states(): number {
    return this.NS;
  }

  /**
   * The exact minimum reduced cost over every feasible pattern of the agent, and the best patterns.
   *
   * @param costs per-shift and per-slot reduced costs (from the master's duals).
   * @param maxPatterns how many patterns to return at most (the best one, then the best of other final hours).
   */
  price(costs: PricingCosts, maxPatterns = 1): PricingResult {
    const { p, D, NE, NCW, NSR, NCN, NH, NTB, NS } = this;
    const S = p.shifts.length;
    const r = p.rules;
    const maxCW = r.maxConsecutiveWorkDays;
    const maxCN = r.maxConsecutiveNights;
    const sevenRule = r.restDayInSeven;
    let cur = new Float64Array(NS).fill(INF);
    let next = new Float64Array(NS).fill(INF);
    cur[this.init] = 0;
    const strideH = NTB;
    const strideCN = NH * NTB;
    const strideSR = NCN * strideCN;
    const strideCW = NSR * strideSR;
    const strideE = NCW * strideCW;
    // Best slot per (shift instance, sessions attended so far) for this run.
    const bestSlot = new Int32Array(S * NTB);
    const bestSlotCost = new Float64Array(S * NTB);
    for (let d = 0; d < D; d++) {
      next.fill(INF);
      const back = this.back[d];
      const choice = this.choice[d];
      const opts = this.shiftOptions[d];
      const offOk = this.offAllowed[d];
      const sc = costs.shiftCost[d];
      if (this.trainingRequired) this.bestSlots(d, costs, bestSlot, bestSlotCost);
      for (let e = 0; e < NE; e++) {
        const eStart = this.eUnits[e] * 30;
        const rest = this.eSpill[e] === 0;
        const offE = this.offNext[e];
        for (let cw = 0; cw < NCW; cw++) {
          for (let sr = 0; sr < NSR; sr++) {
            for (let cn = 0; cn < NCN; cn++) {
              const base = e * strideE + cw * strideCW + sr * strideSR + cn * strideCN;
              for (let h = 0; h < NH; h++) {
                for (let tb = 0; tb < NTB; tb++) {
                  const idx = base + h * strideH + tb;
                  const v = cur[idx];
                  if (v === INF) continue;
                  if (offOk) {
                    const nsr = rest ? 0 : sr + 1;
                    if (!sevenRule || nsr <= 6) {
                      const j = offE * strideE + (sevenRule ? nsr : 0) * strideSR + h * strideH + tb;
                      if (v < next[j]) {
                        next[j] = v;
                        back[j] = idx;
                        choice[j] = -1;
                      }
                    }
                  }
                  if (cw + 1 > maxCW) continue;
                  const nsr = sevenRule ? sr + 1 : 0;
                  if (nsr > 6) continue;
                  for (let oi = 0; oi < opts.length; oi++) {
                    const s = opts[oi];
                    if (p.shifts[s].startMinute < eStart) continue;
                    const ncn = p.isNightShift[s] ? cn + 1 : 0;
                    if (ncn > maxCN) continue;
                    const nh = h + this.workUnits[s];
                    if (nh >= NH) continue;
                    const w = v + sc[s];
                    const j0 = this.shiftNext[s] * strideE + (cw + 1) * strideCW + nsr * strideSR + ncn * strideCN + nh * strideH;
                    if (w < next[j0 + tb]) {
                      next[j0 + tb] = w;
                      back[j0 + tb] = idx;
                      choice[j0 + tb] = s * 2;
                    }
                    if (tb + 1 < NTB && (this.trainer || tb === 0)) {
                      const q = bestSlot[s * NTB + tb];
                      if (q >= 0) {
                        const wt = w + bestSlotCost[s * NTB + tb];
                        if (wt < next[j0 + tb + 1]) {
                          next[j0 + tb + 1] = wt;
                          back[j0 + tb + 1] = idx;
                          // The slot is recovered from the costs when the pattern is read back.
                          choice[j0 + tb + 1] = s * 2 + 1;
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      const t = cur;
      cur = next;
      next = t;
    }
    return this.bestFinals(cur, costs, maxPatterns);
  }

  /** Best slot (and its cost) per (shift of day d, sessions attended so far): the cheapest slot the shift covers. */
  private bestSlots(d: number, costs: PricingCosts, bestSlot: Int32Array, bestSlotCost: Float64Array): void {
    const S = this.p.shifts.length;
    const NTB = this.NTB;
    bestSlot.fill(-1);
    bestSlotCost.fill(INF);
    for (const s of this.shiftOptions[d]) {
      for (const q of this.covered[d * S + s]) {
        const tb = this.trainer ? this.slots[q].k : 0;
        const c = costs.slotCost[q];
        if (c < bestSlotCost[s * NTB + tb]) {
          bestSlotCost[s * NTB + tb] = c;
          bestSlot[s * NTB + tb] = q;
        }
      }
    }
  }

  /** The final states (training complete, hours within the agent's range) with their overtime cost: the minimum and the best patterns of distinct hours. */
  private bestFinals(cur: Float64Array, costs: PricingCosts, maxPatterns: number): PricingResult {
    const { p, NH, NS, NTB } = this;
    const agent = p.agents[this.a];
    // Final states: training complete, hours at least the minimum; the overtime cost.
    const finals: { idx: number; h: number; cost: number }[] = [];
    const hourCost = new Float64Array(NH).fill(INF);
    for (let h = 0; h < NH; h++) {
      const hours = (h * this.unit) / 60;
      if (hours < agent.minHours - 1e-9 || hours > agent.maxHours + 1e-9) continue;
      hourCost[h] = p.weights.overtimeCallsPerHour * Math.max(0, hours - agent.standardHours);
    }
    const bestByH = new Float64Array(NH).fill(INF);
    const idxByH = new Int32Array(NH).fill(-1);
    for (let idx = 0; idx < NS; idx++) {
      const v = cur[idx];
      if (v === INF) continue;
      const tb = idx % NTB;
      if (tb !== NTB - 1) continue;
      const h = Math.floor(idx / NTB) % NH;
      if (hourCost[h] === INF) continue;
      const c = v + hourCost[h];
      if (c < bestByH[h]) {
        bestByH[h] = c;
        idxByH[h] = idx;
      }
    }
    let min = INF;
    for (let h = 0; h < NH; h++) {
      if (idxByH[h] < 0) continue;
      finals.push({ idx: idxByH[h], h, cost: bestByH[h] });
      min = Math.min(min, bestByH[h]);
    }
    finals.sort((u, w) => u.cost - w.cost);
    const patterns = finals.slice(0, maxPatterns).map((f) => ({ pattern: this.readBack(f.idx, costs), cost: f.cost }));
    return { min, patterns };
  }

  private readBack(finalIdx: number, costs: PricingCosts): Pattern {
    const S = this.p.shifts.length;
    const cells = new Array<number>(this.D).fill(OFF);
    const taken: { d: number; s: number }[] = [];
    let idx = finalIdx;
    for (let d = this.D - 1; d >= 0; d--) {
      const c = this.choice[d][idx];
      if (c >= 0) {
        const s = c >> 1;
        cells[d] = s;
        if (c & 1) taken.push({ d, s });
      }
      idx = this.back[d][idx];
    }
    taken.reverse();
    // The slot each attended shift took: the cheapest it covers, of the part attended next (the trainer's in order).
    const slots: number[] = [];
    taken.forEach(({ d, s }, i) => {
      let best = -1;
      for (const q of this.covered[d * S + s]) {
        if (this.trainer && this.slots[q].k !== i) continue;
        if (best < 0 || costs.slotCost[q] < costs.slotCost[best]) best = q;
      }
      slots.push(best);
    });
    return { agent: this.a, cells, slots };
  }
}
