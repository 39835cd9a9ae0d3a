/**
 * Expected answered calls of each interval as a function of the productive agents on duty, from Erlang A
 * (`expectedOutcomes` of @hotline/erlang), and its piecewise-linear form for the MIP.
 *
 * For a whole number n of productive agents the interval's expected answered calls are offered x (1 − P(Ab));
 * between two whole numbers (a floor manager at half a seat, shrinkage) they are interpolated linearly: n + f
 * agents answer (1 − f)·E[n] + f·E[n + 1], i.e. the extra part-seat is on the phones a fraction f of the time.
 * The gain of the k-th agent, E[k] − E[k − 1], falls with k (answered calls are concave in the agents); the MIP
 * relies on that, so the table is made concave where rounding or the model would break it (pooling adjacent
 * gains) and says how often it had to.
 */
import { expectedOutcomes } from '@hotline/erlang';
import { INTERVAL_MINUTES, type PreparedProblem } from './problem';

/** Agents are added until the last one gains less than this share of the interval's offered calls. */
const NEGLIGIBLE = 1e-7;
const CHUNK = 8;

/** Expected answered calls per interval and number of productive agents, grown on demand. */
export class GainTable {
  private readonly answered: number[][];
  /** Intervals where the gains had to be pooled to be concave. */
  pooled = 0;

  constructor(private readonly p: PreparedProblem) {
    this.answered = Array.from({ length: p.intervals }, () => [0]);
  }

  /** Offered calls of interval t. */
  offered(t: number): number {
    return this.p.offered[t];
  }

  private ensure(t: number, n: number): number[] {
    const row = this.answered[t];
    while (row.length <= n) {
      const from = row.length;
      const offered = this.p.offered[t];
      if (offered === 0) {
        row.push(0);
        continue;
      }
      // Once an extra agent gains a negligible share, every further one gains nothing measurable.
      const last = row[row.length - 1];
      if (from > 1 && offered - last < NEGLIGIBLE * offered) {
        row.push(last);
        continue;
      }
      const intervals = Array.from({ length: CHUNK }, (_, i) => ({ callsPerInterval: offered, agents: from + i }));
      const out = expectedOutcomes({ intervalMinutes: INTERVAL_MINUTES, ahtSeconds: this.p.ahtSeconds[t], patienceSeconds: this.p.patienceSeconds[t], intervals });
      for (const o of out.intervals) row.push(o.expectedAnswered);
    }
    return row;
  }

  /** Expected answered calls of interval t with `agents` productive agents (fractional: interpolated). */
  answeredAt(t: number, agents: number): number {
    if (agents <= 0) return 0;
    const lo = Math.floor(agents);
    const row = this.ensure(t, lo + 1);
    const f = agents - lo;
    return f === 0 ? row[lo] : row[lo] + f * (row[lo + 1] - row[lo]);
  }

  /**
   * The gains E[k] − E[k − 1] for k = 1..segments of interval t, made non-increasing by pooling adjacent
   * violators (the total over the segments is unchanged).
   */
  concaveGains(t: number, segments: number): number[] {
    const row = this.ensure(t, segments);
    const gains = Array.from({ length: segments }, (_, k) => Math.max(0, row[k + 1] - row[k]));
    // Pool-adjacent-violators for a non-increasing sequence.
    const blocks: { sum: number; count: number }[] = [];
    let pooled = false;
    for (const g of gains) {
      blocks.push({ sum: g, count: 1 });
      while (blocks.length > 1) {
        const b = blocks[blocks.length - 1];
        const a = blocks[blocks.length - 2];
        if (a.sum / a.count >= b.sum / b.count - 1e-12) break;
        a.sum += b.sum;
        a.count += b.count;
        blocks.pop();
        pooled = true;
      }
    }
    if (pooled) this.pooled += 1;
    return blocks.flatMap((b) => new Array<number>(b.count).fill(b.sum / b.count));
  }

  /** The fewest whole productive agents for which interval t's connect rate reaches `target` (0 with no calls). */
  requiredAgents(t: number, target: number, cap = 500): number {
    const offered = this.p.offered[t];
    if (offered === 0) return 0;
    for (let n = 0; n <= cap; n++) {
      if (this.ensure(t, n)[n] >= target * offered * (1 - 1e-12)) return n;
    }
    return cap;
  }
}
