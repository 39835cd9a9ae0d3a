/**
 * Rows of the labour rules. The first three families are shared by the roster MIP (mip.ts: one agent, capacity 1)
 * and its pooled relaxation (aggregate.ts: a pool of agents with equal seat shares, capacity = the pool's size);
 * the rest-day, hours and overtime rows of one agent are the MIP's (the pooled model keeps them in aggregate form
 * itself). Row order is part of the model: the builders write rows in the order of their arguments.
 */
import type { LpBuilder } from '../lp';
import { colsOn, type MipContext } from './context';

const ones = (items: readonly unknown[]): number[] => items.map(() => 1);

/**
 * Shift starts per day: Σ starts on day d <= capacity(d), for the days with at least `minCols` start columns.
 * @param colsOnDay the start columns of day d.
 */
export function dayStartRows(lp: LpBuilder, days: number, colsOnDay: (d: number) => number[], capacity: (d: number) => number, minCols: number): void {
  for (let d = 0; d < days; d++) {
    const cols = colsOnDay(d);
    if (cols.length >= minCols) lp.row(cols, ones(cols), -Infinity, capacity(d));
  }
}

/**
 * Minimum rest as interval cliques: for every start time τ, the shifts whose window [start, end + rest) contains
 * τ <= capacity (two shifts conflict exactly when their windows overlap, so these cliques are the whole rule).
 * Cliques of one member, and a clique equal to the previous one, are skipped.
 * @param shifts start columns with [start, end) in minutes from the period's start, by day then template.
 * @param onRow called right after each row, with its τ.
 */
export function restCliqueRows(
  lp: LpBuilder,
  shifts: readonly { col: number; start: number; end: number }[],
  restMinutes: number,
  capacity: number,
  onRow?: (tau: number) => void,
): void {
  const points = [...new Set(shifts.map((i) => i.start))].sort((u, w) => u - w);
  let previous = '';
  for (const tau of points) {
    const members = shifts.filter((i) => i.start <= tau && tau < i.end + restMinutes);
    if (members.length < 2) continue;
    const key = members.map((m) => m.col).join(',');
    if (key === previous) continue;
    previous = key;
    lp.row(members.map((m) => m.col), ones(members), -Infinity, capacity);
    onRow?.(tau);
  }
}

/** A streak rule over windows of consecutive days (see {@link windowRows}). */
export interface WindowRule {
  days: number;
  /** Days per window. */
  length: number;
  /** Right-hand side before the tail's worked days are taken off. */
  capacity: number;
  /** The start columns of day d counted by the rule. */
  colsOnDay: (d: number) => number[];
  /** Flags of the 7 days before the period (index 7 + d for d = −7..−1): windows then start length − 1 days early. */
  tail?: boolean[];
  /** Whether the window's row is written, given its columns and the flagged tail days in it. */
  keep: (cols: number[], constant: number) => boolean;
}

/**
 * Streak rows: Σ starts over every window of `length` consecutive days <= capacity − flagged tail days in the
 * window (max consecutive working days, max consecutive nights, and the pooled rest day in seven).
 * @param onRow called right after each row, with the window's last day.
 */
export function windowRows(lp: LpBuilder, rule: WindowRule, onRow?: (lastDay: number) => void): void {
  const len = rule.length;
  const first = rule.tail ? -(len - 1) : 0;
  for (let j = first; j + len - 1 < rule.days; j++) {
    let constant = 0;
    const cols: number[] = [];
    for (let d = j; d < j + len; d++) {
      if (d < 0) constant += rule.tail && rule.tail[7 + d] ? 1 : 0;
      else cols.push(...rule.colsOnDay(d));
    }
    if (!rule.keep(cols, constant)) continue;
    lp.row(cols, ones(cols), -Infinity, rule.capacity - constant);
    onRow?.(j + len - 1);
  }
}

/** One shift start per agent and day (days with two or more candidate starts). */
export function oneStartRows(c: MipContext): void {
  for (let a = 0; a < c.p.agents.length; a++) dayStartRows(c.lp, c.p.days, (d) => colsOn(c, a, d, () => true), () => 1, 2);
}

/** Minimum rest of agent a: after the previous period's last shift (the ledger's tail), and the interval cliques. */
export function minRestRows(c: MipContext, a: number): void {
  const rest = c.p.rules.minRestHours * 60;
  const list = c.byAgent[a];
  const tailEnd = c.p.agents[a].tail?.lastShiftEndMinute;
  if (tailEnd !== null && tailEnd !== undefined) {
    for (const inst of list) {
      if (inst.start < tailEnd + rest) {
        c.lp.row([inst.col], [1], -Infinity, 0);
        c.soft('min-rest', -1, { agent: a, day: inst.d });
      }
    }
  }
  restCliqueRows(c.lp, list, rest, 1, (tau) => c.soft('min-rest', -1, { agent: a, day: Math.floor(tau / 1440) }));
}

/** Max consecutive working days and nights of agent a, with the ledger's tail before the period. */
export function streakRows(c: MipContext, a: number): void {
  const { p } = c;
  const tail = p.agents[a].tail;
  const streak = (limit: number, filter: (s: number) => boolean, tailFlags: boolean[] | undefined, rule: 'max-consecutive-days' | 'max-consecutive-nights'): void =>
    windowRows(
      c.lp,
      { days: p.days, length: limit + 1, capacity: limit, colsOnDay: (d) => colsOn(c, a, d, filter), tail: tailFlags, keep: (cols, constant) => cols.length + constant > limit },
      (day) => c.soft(rule, -1, { agent: a, day }),
    );
  streak(p.rules.maxConsecutiveWorkDays, () => true, tail?.workedDays.slice(-7), 'max-consecutive-days');
  streak(p.rules.maxConsecutiveNights, (s) => p.isNightShift[s], tail?.nightDays.slice(-7), 'max-consecutive-nights');
}

/**
 * Rest day in seven of agent a: r[a,d] ∈ [0,1] (0 when a night shift carried in fills day 0) with r <= 1 − starts
 * on d and r <= 1 − shifts from d − 1 running into d, and Σ r over every 7 consecutive days >= 1 (windows with a
 * rest day of the ledger's tail in them are kept already).
 */
export function restDayRows(c: MipContext, a: number): void {
  const { lp, p } = c;
  const D = p.days;
  const tail = p.agents[a].tail;
  const rCols = new Array<number>(D).fill(-1);
  for (let d = 0; d < D; d++) {
    const today = colsOn(c, a, d, () => true);
    const spill = d > 0 ? colsOn(c, a, d - 1, (s) => p.shifts[s].crossesMidnight) : [];
    const blocked = d === 0 && p.agents[a].carryInMinutes > 0;
    const r = lp.col(0, 0, blocked ? 0 : 1);
    rCols[d] = r;
    if (today.length) lp.row([r, ...today], [1, ...ones(today)], -Infinity, 1);
    if (spill.length) lp.row([r, ...spill], [1, ...ones(spill)], -Infinity, 1);
  }
  const first = tail ? -6 : 0;
  for (let j = first; j + 6 < D; j++) {
    let constant = 0;
    const cols: number[] = [];
    for (let d = j; d <= j + 6; d++) {
      if (d < 0) constant += tail && tail.restDays[7 + d] ? 1 : 0;
      else cols.push(rCols[d]);
    }
    if (constant >= 1) continue;
    lp.row(cols, ones(cols), 1, Infinity);
    c.soft('rest-day-in-seven', 1, { agent: a, day: j + 6 });
  }
}

/**
 * Hours and overtime of every agent: Σ paid hours − o[a] <= standard hours, o[a] ∈ [0, overtime cap] costing
 * weights.overtimeCallsPerHour per hour (in the elastic model the cap is a row with a slack), and Σ paid hours >=
 * minHours when positive.
 */
export function hoursRows(c: MipContext): void {
  const { lp, p } = c;
  for (let a = 0; a < p.agents.length; a++) {
    const agent = p.agents[a];
    const list = c.byAgent[a];
    const o = lp.col(p.weights.overtimeCallsPerHour, 0, c.elastic ? Infinity : agent.overtimeCap);
    const cols = list.map((i) => i.col);
    const hours = list.map((i) => p.shifts[i.s].workMinutes / 60);
    lp.row([...cols, o], [...hours, -1], -Infinity, agent.standardHours);
    if (c.elastic) {
      lp.row([o], [1], -Infinity, agent.overtimeCap);
      c.soft(agent.noOvertime ? 'protected-overtime' : 'overtime-cap', -1, { agent: a });
    }
    if (agent.minHours > 0) {
      lp.row(cols, hours, agent.minHours, Infinity);
      c.soft('min-hours', 1, { agent: a });
    }
  }
}
