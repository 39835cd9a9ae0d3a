/**
 * Fairness rows of the roster MIP, per metric m (nights, weekends, holidays) with a positive weight sum and some
 * counting shift: T[m] = Σ counts, and per agent count[a,m] − share[a,m]·T[m] + balance before = dev+ − dev− (the
 * balance after the period), dev± priced by the weights and bounded by the fairness rule: dev+ <= high, dev− <= −low
 * (rules/fairness.ts `fairnessLimits`; column bounds, with slacks in the row for the elastic model). Locked shifts count.
 */
import { balancesBefore, fairnessLimits, fairnessWeights, shiftCounts, FAIRNESS_METRICS } from '../../rules/fairness';
import type { MipContext } from './context';

/** Writes the fairness columns and rows. */
export function fairnessRows(c: MipContext): void {
  const { lp, p, instances } = c;
  const weights = fairnessWeights(p);
  const limits = fairnessLimits(p);
  const before = balancesBefore(p);
  const weightOf = { nights: p.weights.fairnessNights, weekends: p.weights.fairnessWeekends, holidays: p.weights.fairnessHolidays };
  for (const m of FAIRNESS_METRICS) {
    const sum = weights.reduce((acc, w) => acc + w[m], 0);
    if (sum === 0) continue;
    const countsOf = instances.map((i) => shiftCounts(p, i.d, i.s)[m]);
    if (!countsOf.some((n) => n > 0)) continue;
    const total = lp.col(0, 0, Infinity);
    const all = instances.filter((_, j) => countsOf[j] > 0);
    lp.row([total, ...all.map((i) => i.col)], [1, ...all.map(() => -1)], 0, 0);
    for (let a = 0; a < p.agents.length; a++) {
      const share = weights[a][m] / sum;
      const balance = before[a][m];
      const mine = c.byAgent[a].filter((i) => shiftCounts(p, i.d, i.s)[m] > 0);
      if (share === 0 && mine.length === 0) continue;
      const plus = lp.col(weightOf[m], 0, limits[a].high[m]);
      const minus = lp.col(weightOf[m], 0, -limits[a].low[m]);
      lp.row([...mine.map((i) => i.col), total, plus, minus], [...mine.map(() => 1), -share, -1, 1], -balance, -balance);
      // Beyond the limits (elastic model): the excess above, and the shortfall below.
      c.soft('fairness', -1, { agent: a });
      c.soft('fairness', 1, { agent: a });
    }
  }
}
