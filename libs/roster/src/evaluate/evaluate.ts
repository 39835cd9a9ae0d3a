/**
 * Evaluation of any roster (generated, typed in, imported): the expected connect rate of every interval, day and
 * the period under Erlang A, the intervals at risk, every broken rule, hours, pay premiums and fairness.
 */
import Decimal from 'decimal.js';
import { GainTable } from '../model/gains';
import { type FairnessRow, fairnessTable, updatedLedger } from '../rules/fairness';
import { INTERVALS_PER_DAY, INTERVAL_MINUTES, type PreparedProblem, prepareProblem } from '../model/problem';
import { agentHours, checkRoster } from '../rules/check';
import { buildSchedule, type Schedule } from '../model/schedule';
import { timeOfMinute } from '../model/shifts';
import type { FairnessLedger, Roster, RosterProblem, Violation } from '../types';

/** One interval of an evaluation. */
export interface IntervalEvaluation {
  index: number;
  date: string;
  /** Local start `HH:MM`. */
  time: string;
  /** Forecast calls offered to agents. */
  offered: number;
  ivrAnswered: number;
  /** People on duty and not in training. */
  onDuty: number;
  /** Productive seats on the phones (seat shares, shrinkage, training deducted). */
  productive: number;
  /** Fewest whole productive agents giving this interval the target connect rate (Erlang A). */
  required: number;
  /** Expected answered and abandoned calls (Erlang A, interpolated between whole agents). */
  answered: number;
  abandoned: number;
  /** answered / offered (1 when nothing is offered). */
  connectRate: number;
  /** Carried load per productive seat, answered x AHT / (productive x 1800 s); 0 with nobody on the phones. */
  occupancy: number;
  /** Below the target connect rate with calls offered. */
  atRisk: boolean;
}

/** Totals of a day or of the period. */
export interface PeriodTotals {
  offered: number;
  answered: number;
  abandoned: number;
  ivrAnswered: number;
  /** Agent queue: answered / offered. */
  connectRate: number;
  /** The contract's 接通率: (answered + IVR-answered) / (offered + IVR-answered). */
  contractConnectRate: number;
}

/** One day of an evaluation. */
export interface DayEvaluation extends PeriodTotals {
  date: string;
  /** The statutory holiday of the day, or null. */
  holiday: string | null;
}

/** Hours, counts and pay premiums of one agent. */
export interface AgentSummary {
  agentId: string;
  name: string;
  shifts: number;
  hours: number;
  standardHours: number;
  overtimeHours: number;
  /** Hours worked on statutory holidays (paid at 300 %). */
  holidayHours: number;
  nights: number;
  weekends: number;
  holidays: number;
  /** Calendar days with no work at all. */
  restDays: number;
  /** (overtime hours not on holidays) x rate x 1.5, decimal string, yuan. */
  overtimePay: string;
  /** holiday hours x rate x 3, decimal string, yuan. */
  holidayPay: string;
}

/** The evaluation of a roster. */
export interface RosterEvaluation {
  intervals: IntervalEvaluation[];
  days: DayEvaluation[];
  total: PeriodTotals;
  /** The contract's target as a fraction, and whether the period's expected contract connect rate reaches it. */
  target: number;
  meetsTarget: boolean;
  /** Expected connected calls (agent + IVR) above (or, negative, below) the target over the period. */
  marginCalls: number;
  /** Intervals below the target, most expected abandons first (at most 50). */
  atRisk: IntervalEvaluation[];
  violations: Violation[];
  agents: AgentSummary[];
  costs: { overtimeHours: number; holidayHours: number; overtimePay: string; holidayPay: string };
  fairness: FairnessRow[];
  /** The fairness ledger after this roster. */
  ledger: FairnessLedger;
}

function totals(rows: readonly { offered: number; answered: number; abandoned: number; ivrAnswered: number }[]): PeriodTotals {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let ivrAnswered = 0;
  for (const r of rows) {
    offered += r.offered;
    answered += r.answered;
    abandoned += r.abandoned;
    ivrAnswered += r.ivrAnswered;
  }
  return {
    offered,
    answered,
    abandoned,
    ivrAnswered,
    connectRate: offered === 0 ? 1 : answered / offered,
    contractConnectRate: offered + ivrAnswered === 0 ? 1 : (answered + ivrAnswered) / (offered + ivrAnswered),
  };
}

/**
 * Evaluates a roster against a problem's forecast and rules.
 *
 * @param problem the problem (or an already prepared one) — forecast, agents, rules, ledger.
 * @param roster the roster (same period; one row per agent, cells = shift codes or null).
 * @param gains a gain table to reuse between evaluations of the same problem (the console re-evaluates on
 *   every cell edit; the table then makes that a few milliseconds).
 * @returns see {@link RosterEvaluation}; rates are fractions, money decimal strings.
 * @throws RosterInputError for an invalid problem or a roster that does not fit it.
 * @example
 * const ev = evaluateRoster(problem, roster);
 * ev.total.connectRate; // 0.9132 — expected month connect rate of the agent queue
 * ev.violations;        // [] when the roster keeps every rule
 */
export function evaluateRoster(problem: RosterProblem | PreparedProblem, roster: Roster, gains?: GainTable): RosterEvaluation {
  const p = 'intervals' in problem && 'agentIndex' in problem ? problem : prepareProblem(problem);
  const table = gains ?? new GainTable(p);
  const schedule = buildSchedule(p, roster);
  return evaluateSchedule(p, schedule, table, roster);
}

/** {@link evaluateRoster} on a schedule already built. */
export function evaluateSchedule(p: PreparedProblem, schedule: Schedule, gains: GainTable, roster: Roster): RosterEvaluation {
  const intervals: IntervalEvaluation[] = schedule.productive.map((productive, t) => {
    const offered = p.offered[t];
    const answered = gains.answeredAt(t, productive);
    const connectRate = offered === 0 ? 1 : answered / offered;
    const d = Math.floor(t / INTERVALS_PER_DAY);
    return {
      index: t,
      date: p.dates[d],
      time: timeOfMinute((t % INTERVALS_PER_DAY) * INTERVAL_MINUTES),
      offered,
      ivrAnswered: p.ivrAnswered[t],
      onDuty: schedule.onDuty[t],
      productive,
      required: gains.requiredAgents(t, p.target),
      answered,
      abandoned: Math.max(0, offered - answered),
      connectRate,
      occupancy: productive > 0 ? Math.min(1, (answered * p.ahtSeconds[t]) / (productive * INTERVAL_MINUTES * 60)) : 0,
      atRisk: offered > 0 && connectRate < p.target,
    };
  });
  const days: DayEvaluation[] = Array.from({ length: p.days }, (_, d) => ({
    date: p.dates[d],
    holiday: p.holiday[d],
    ...totals(intervals.slice(d * INTERVALS_PER_DAY, (d + 1) * INTERVALS_PER_DAY)),
  }));
  const total = totals(intervals);
  const violations = checkRoster(p, roster, schedule);
  const hours = agentHours(p, schedule);
  const fairness = fairnessTable(p, schedule);
  let overtimePay = new Decimal(0);
  let holidayPay = new Decimal(0);
  let overtimeHours = 0;
  let holidayHours = 0;
  const agents: AgentSummary[] = p.agents.map((agent, a) => {
    const shifts = schedule.shifts[a];
    // Paid hours on statutory holidays: the shift's paid minutes pro rata to its minutes on the holiday date.
    let holidayMinutes = 0;
    for (const s of shifts) {
      const ratio = p.shifts[s.shift].workMinutes / p.shifts[s.shift].durationMinutes;
      for (let day = Math.floor(s.start / 1440); day * 1440 < s.end && day <= p.days; day++) {
        if (p.holiday[day] === null) continue;
        holidayMinutes += (Math.min(s.end, (day + 1) * 1440) - Math.max(s.start, day * 1440)) * ratio;
      }
    }
    const holiday = holidayMinutes / 60;
    const overtime = hours[a].overtimeHours;
    // Hours already paid at 300 % on a holiday are not paid again at 150 % as overtime.
    const otPay = agent.hourlyRate.mul(new Decimal(Math.max(0, overtime - holiday)).toDecimalPlaces(2)).mul(1.5).toDecimalPlaces(2);
    const hPay = agent.hourlyRate.mul(new Decimal(holiday).toDecimalPlaces(2)).mul(3).toDecimalPlaces(2);
    overtimePay = overtimePay.add(otPay);
    holidayPay = holidayPay.add(hPay);
    overtimeHours += overtime;
    holidayHours += holiday;
    const minutes = hours[a].minutesByDay;
    return {
      agentId: agent.id,
      name: agent.name,
      shifts: shifts.length,
      hours: hours[a].hours,
      standardHours: agent.standardHours,
      overtimeHours: overtime,
      holidayHours: holiday,
      nights: fairness[a].counts.nights,
      weekends: fairness[a].counts.weekends,
      holidays: fairness[a].counts.holidays,
      restDays: minutes.slice(0, p.days).filter((m, d) => m === 0 && !(d === 0 && agent.carryInMinutes > 0)).length,
      overtimePay: otPay.toFixed(2),
      holidayPay: hPay.toFixed(2),
    };
  });
  const atRisk = intervals
    .filter((i) => i.atRisk)
    .sort((x, y) => y.abandoned - x.abandoned)
    .slice(0, 50);
  return {
    intervals,
    days,
    total,
    target: p.target,
    meetsTarget: total.contractConnectRate >= p.target,
    marginCalls: total.answered + total.ivrAnswered - p.target * (total.offered + total.ivrAnswered),
    atRisk,
    violations,
    agents,
    costs: { overtimeHours, holidayHours, overtimePay: overtimePay.toFixed(2), holidayPay: holidayPay.toFixed(2) },
    fairness,
    ledger: updatedLedger(p, schedule, fairness),
  };
}

/**
 * The headline figures of an evaluation, stored with a roster version and shown in lists: connect rates (fractions
 * of offered calls), target and margin (calls), calls offered and expected answered in the period, intervals at
 * risk, rules broken (count and per rule), paid, overtime and holiday hours, and their pay (decimal strings, yuan).
 */
export interface RosterSummary {
  connectRate: number;
  contractConnectRate: number;
  target: number;
  meetsTarget: boolean;
  marginCalls: number;
  offered: number;
  answered: number;
  intervalsAtRisk: number;
  violations: number;
  violationsByRule: Record<string, number>;
  hours: number;
  overtimeHours: number;
  holidayHours: number;
  overtimePay: string;
  holidayPay: string;
}

/** The headline figures of an evaluation (see {@link RosterSummary}). */
export function summarizeEvaluation(ev: RosterEvaluation): RosterSummary {
  const byRule: Record<string, number> = {};
  for (const v of ev.violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  return {
    connectRate: ev.total.connectRate,
    contractConnectRate: ev.total.contractConnectRate,
    target: ev.target,
    meetsTarget: ev.meetsTarget,
    marginCalls: ev.marginCalls,
    offered: ev.total.offered,
    answered: ev.total.answered,
    intervalsAtRisk: ev.intervals.filter((i) => i.atRisk).length,
    violations: ev.violations.length,
    violationsByRule: byRule,
    hours: ev.agents.reduce((s, a) => s + a.hours, 0),
    overtimeHours: ev.costs.overtimeHours,
    holidayHours: ev.costs.holidayHours,
    overtimePay: ev.costs.overtimePay,
    holidayPay: ev.costs.holidayPay,
  };
}
