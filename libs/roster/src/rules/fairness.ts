/**
 * Fairness of nights, weekends and holidays, carried from period to period in a ledger.
 *
 * Each agent's fair share of a period's nights (weekends, holidays) is the period's total times her share of the
 * eligible days: days she is available, and for nights days she may work nights. The ledger keeps, per agent,
 * the cumulative count and the **balance** = cumulative count − cumulative fair share; the optimiser steers every
 * balance towards 0, so whoever took more nights last month takes fewer this month. An agent who cannot work
 * nights (protected) gets a fair share of 0 and her balance does not move.
 *
 * The fair share is per **person**, not per seat: a night (a weekend, a holiday) away from home costs the floor
 * manager at half a seat as much as anyone, so her fair share of nights is that of a full agent with the same
 * availability. (Weighting by seat share would be the cheap answer for the connect rate — half a seat covers a quiet
 * night almost as well as a whole one — and is exactly what made the floor manager the night shift.)
 *
 * The spread is a rule, not only a preference (`rules.maxFairnessDeviation`, default 1.5): every agent's balance
 * after the period lies in [−max, +max] — or, when earlier periods left it outside, moves no further out
 * ({@link fairnessLimits}). The optimiser keeps it as a constraint, the greedy constructor as a cap at each placement
 * and a repair at the end, and the rule checker reports a breach as `fairness`. The objective weights
 * (`weights.fairness*`) still steer balances towards 0 inside the bound.
 */
import type { PreparedProblem } from '../model/problem';
import type { Schedule } from '../model/schedule';
import type { FairnessCounts, FairnessLedger, LedgerEntry, LedgerTail } from '../types';

/** The three fairness metrics. */
export const FAIRNESS_METRICS = ['nights', 'weekends', 'holidays'] as const;
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];

const zero = (): FairnessCounts => ({ nights: 0, weekends: 0, holidays: 0 });

/** Whether shift `s` started on day `d` counts for each metric. */
export function shiftCounts(p: PreparedProblem, d: number, s: number): FairnessCounts {
  const holiday = p.holiday[d] !== null || (p.shifts[s].crossesMidnight && p.holiday[d + 1] !== null);
  return { nights: p.isNightShift[s] ? 1 : 0, weekends: p.weekend[d] ? 1 : 0, holidays: holiday ? 1 : 0 };
}

/**
 * Each agent's eligibility weight per metric: the number of days of the metric's kind she can take (available,
 * and for nights not protected). Fair share = total x weight / Σ weights.
 */
export function fairnessWeights(p: PreparedProblem): FairnessCounts[] {
  return p.agents.map((agent) => {
    const w = zero();
    for (let d = 0; d < p.days; d++) {
      if (agent.unavailable[d]) continue;
      if (!agent.noNight[d]) w.nights += 1;
      if (p.weekend[d]) w.weekends += 1;
      if (p.holiday[d] !== null) w.holidays += 1;
    }
    return w;
  });
}

/** Each agent's ledger balance before this period, per metric (0 where the ledger has none). */
export function balancesBefore(p: PreparedProblem): FairnessCounts[] {
  return p.agents.map((agent) => ({ ...zero(), ...(p.ledger?.agents?.[agent.id]?.balance ?? {}) }));
}

/** Where the fairness rule lets an agent's balance end, per metric. */
export interface FairnessLimits {
  low: FairnessCounts;
  high: FairnessCounts;
}

/**
 * The fairness rule: with `max` = rules.maxFairnessDeviation and `before` the ledger balance, each agent's balance
 * after the period (before + count − fair share) must lie in [min(−max, before), max(max, before)] for each metric.
 * With no ledger (or balances within ±max) that is |count − fair share| <= max; a balance carried from earlier
 * periods beyond ±max may stay where it is or come back, never grow.
 *
 * @returns one entry per agent (problem order), in counts (shifts).
 */
export function fairnessLimits(p: PreparedProblem): FairnessLimits[] {
  const max = p.rules.maxFairnessDeviation;
  return balancesBefore(p).map((before) => {
    const low = zero();
    const high = zero();
    for (const m of FAIRNESS_METRICS) {
      low[m] = Math.min(-max, before[m]);
      high[m] = Math.max(max, before[m]);
    }
    return { low, high };
  });
}

/** One agent's line of the fairness table. */
export interface FairnessRow {
  agentId: string;
  name: string;
  /** This period's counts. */
  counts: FairnessCounts;
  /** This period's fair shares. */
  fairShare: FairnessCounts;
  /** Balance before this period (from the ledger) and after it. */
  balanceBefore: FairnessCounts;
  balanceAfter: FairnessCounts;
}

/** Counts, fair shares and balances of every agent in a schedule. */
export function fairnessTable(p: PreparedProblem, schedule: Schedule): FairnessRow[] {
  const counts = p.agents.map((_, a) => {
    const c = zero();
    for (const s of schedule.shifts[a]) {
      const k = shiftCounts(p, s.day, s.shift);
      for (const m of FAIRNESS_METRICS) c[m] += k[m];
    }
    return c;
  });
  const weights = fairnessWeights(p);
  const total = zero();
  const weightSum = zero();
  for (const m of FAIRNESS_METRICS) {
    for (let a = 0; a < p.agents.length; a++) {
      total[m] += counts[a][m];
      weightSum[m] += weights[a][m];
    }
  }
  const balances = balancesBefore(p);
  return p.agents.map((agent, a) => {
    const before = balances[a];
    const fairShare = zero();
    const after = zero();
    for (const m of FAIRNESS_METRICS) {
      fairShare[m] = weightSum[m] > 0 ? (total[m] * weights[a][m]) / weightSum[m] : 0;
      after[m] = before[m] + counts[a][m] - fairShare[m];
    }
    return { agentId: agent.id, name: agent.name, counts: counts[a], fairShare, balanceBefore: before, balanceAfter: after };
  });
}

/**
 * The ledger after this roster: counts and balances updated, and each agent's tail (last 7 days, last shift end)
 * for the boundary rules of the next period, which must start on `through`.
 */
export function updatedLedger(p: PreparedProblem, schedule: Schedule, table: FairnessRow[] = fairnessTable(p, schedule)): FairnessLedger {
  const agents: Record<string, LedgerEntry> = { ...(p.ledger?.agents ?? {}) };
  const periodEnd = p.days * 1440;
  p.agents.forEach((agent, a) => {
    const before = agents[agent.id];
    const row = table[a];
    const counts = zero();
    for (const m of FAIRNESS_METRICS) counts[m] = (before?.counts?.[m] ?? 0) + row.counts[m];
    const last7 = Array.from({ length: 7 }, (_, i) => p.days - 7 + i);
    const minutesOn = (day: number): number =>
      schedule.shifts[a].reduce((sum, s) => sum + Math.max(0, Math.min(s.end, (day + 1) * 1440) - Math.max(s.start, day * 1440)), 0) + (day === 0 ? agent.carryInMinutes : 0);
    const prior = agent.tail;
    const fromPrior = (key: 'workedDays' | 'nightDays' | 'restDays', day: number): boolean => (prior ? prior[key][7 + day] : key === 'restDays');
    const tail: LedgerTail = {
      workedDays: last7.map((d) => (d >= 0 ? schedule.cells[a][d] !== -2 : fromPrior('workedDays', d))),
      nightDays: last7.map((d) => (d >= 0 ? schedule.cells[a][d] >= 0 && p.isNightShift[schedule.cells[a][d]] : fromPrior('nightDays', d))),
      restDays: last7.map((d) => (d >= 0 ? minutesOn(d) === 0 : fromPrior('restDays', d))),
      lastShiftEndMinute: (() => {
        const shifts = schedule.shifts[a];
        if (shifts.length > 0) return Math.max(...shifts.map((s) => s.end)) - periodEnd;
        const prev = prior?.lastShiftEndMinute;
        return prev === null || prev === undefined ? null : prev - periodEnd;
      })(),
    };
    agents[agent.id] = { periods: (before?.periods ?? 0) + 1, counts, balance: row.balanceAfter, tail };
  });
  return { through: p.dates[p.days], agents };
}
