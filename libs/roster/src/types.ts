/**
 * The shapes of the roster library: agents, shift templates, labour rules, the forecast, a roster, a fairness
 * ledger. Times of day are local `HH:MM` strings; dates local `YYYY-MM-DD`; durations in minutes unless a name
 * says hours or seconds; money as decimal strings (yuan).
 */
import type { LocalDate } from './rules/calendar';

/** A shift pattern: when it starts and how long it lasts. A shift may cross midnight (it belongs to its start day). */
export interface ShiftTemplate {
  /** Unique code shown in the roster grid and on the notice board, e.g. `08-16`. */
  code: string;
  /** Local start time `HH:MM` (minutes must be 00 or 30: intervals are half-hours). */
  start: string;
  /** Length in minutes, a multiple of 30, in 60..960. */
  durationMinutes: number;
  /** Unpaid break inside the shift, in minutes (default 0: breaks are paid and inside the shrinkage). */
  unpaidBreakMinutes?: number;
}

/** A period an agent cannot work (all days `from`..`to` inclusive). */
export interface Unavailability {
  from: LocalDate;
  to: LocalDate;
  /** `annual-leave` (年休假) and `sick-leave` count as paid time and lower the standard hours; `other` does too. */
  kind: 'annual-leave' | 'sick-leave' | 'other';
  note?: string;
}

/** One member of staff. */
export interface Agent {
  /** Stable id, unique in the problem. */
  id: string;
  /** Display name. */
  name: string;
  /**
   * Share of a seat this person contributes to answering calls while on duty, in (0, 1] (default 1). The floor
   * manager (现场管理) takes calls only part of the time: e.g. 0.5.
   */
  seatShare?: number;
  /** The floor manager; with the default training rules she leads both sessions. */
  floorManager?: boolean;
  /** Hourly base pay, a decimal string in yuan (default `"0"`); prices holiday and overtime hours. */
  hourlyRate?: string;
  /**
   * First date on which she is seven or more months pregnant: from then on no night work and no overtime
   * (《女职工劳动保护特别规定》 art. 6).
   */
  pregnantSevenMonthsFrom?: LocalDate;
  /**
   * Birth date of an infant she nurses: until the first birthday no night work and no overtime
   * (《女职工劳动保护特别规定》 art. 9).
   */
  nursingInfantBirthDate?: LocalDate;
  /** Leave and other unavailability. */
  unavailable?: Unavailability[];
}

/** The labour rules; every field has a default (see {@link DEFAULT_RULES}). */
export interface LabourRules {
  /** Standard hours a week under the comprehensive working-hours system (综合计算工时), default 40. */
  weeklyStandardHours: number;
  /**
   * How the period's standard hours are found: `official-calendar` (default) = official working days of the
   * period (调休 make-up days included, statutory holidays and bridging rest days not) x weeklyStandardHours / 5;
   * `annual-average` = days x 248 x weeklyStandardHours / 5 / 365 (165.33 h a month at 40 h).
   */
  standardHoursBasis: 'official-calendar' | 'annual-average';
  /** Overtime cap a month in hours (《劳动法》 art. 41: 36), pro-rated for periods longer than a month. */
  maxOvertimeHoursPerMonth: number;
  /** How far below the standard hours an agent may be rostered, in hours (default 8: one shift). */
  maxHoursShortfall: number;
  /** Minimum rest between the end of one shift and the start of the next, in hours (default 12). */
  minRestHours: number;
  /** At most this many consecutive days with a shift start (default 6). */
  maxConsecutiveWorkDays: number;
  /** At most this many consecutive night shifts (default 3). */
  maxConsecutiveNights: number;
  /** At least one rest day (a calendar day with no work at all) in every 7 consecutive days (《劳动法》 art. 38). */
  restDayInSeven: boolean;
  /** Night window (夜班), local `HH:MM`; default 22:00-06:00. */
  nightStart: string;
  nightEnd: string;
  /** A shift with at least this many minutes in the night window is a night shift (default 240). */
  nightShiftMinMinutes: number;
  /** At least this many people on duty and not in training at every moment (default 1). */
  minOnDuty: number;
  /**
   * Fairness bound (default 1.5): each agent's nights, weekend shifts and holiday shifts stay within this many of
   * her fair share — precisely, her ledger balance after the period (cumulative count − cumulative fair share, see
   * rules/fairness.ts) lies in [−max, +max], or, when the previous periods left it outside, does not move further out.
   * A rule like the others: the optimiser and the greedy keep it, the checker reports a breach as `fairness`.
   * Values below 1 can make rounding impossible (counts are whole, fair shares are not); 1000 switches it off.
   */
  maxFairnessDeviation: number;
}

/** Training sessions (员工培训: the contract asks for two a month with sign-in). */
export interface TrainingRules {
  /** Sessions in the period (default 2); session k is placed in the k-th equal part of the period. */
  sessions: number;
  /** Length of a session in minutes (default 120, a multiple of 30). */
  durationMinutes: number;
  /** Local start times a session may have (default 09:00..16:00 on the hour). */
  candidateStarts: string[];
  /** Agent who leads every session (default: the floor manager, if any); attends all of them. */
  trainerId?: string;
}

/** How the optimiser trades expected connected calls against the other goals (units: expected calls). */
export interface ObjectiveWeights {
  /** An overtime hour is used only if it saves at least this many expected lost calls (default 1). */
  overtimeCallsPerHour: number;
  /** Calls given up per unit of deviation of an agent's nights / weekends / holidays from a fair share. */
  fairnessNights: number;
  fairnessWeekends: number;
  fairnessHolidays: number;
}

/**
 * Calls offered to the agent queue per 30-minute interval over the period (from `startDate` 00:00 local, days x
 * 48 values), with the handle time and patience that Erlang A needs.
 */
export interface RosterForecast {
  /** Offered calls per interval, length days x 48; expectations, need not be whole. */
  offered: number[];
  /** Calls answered by the IVR per interval (same length), for the contract's connect rate; default all 0. */
  ivrAnswered?: number[];
  /** AHT in seconds (talk + hold + wrap), one value or one per interval. */
  ahtSeconds: number | number[];
  /** Mean patience in seconds (exponential), one value or one per interval. */
  patienceSeconds: number | number[];
}

/** A cell the planner fixed: this agent works this shift (or no shift when `code` is null) on this date. */
export interface Lock {
  agentId: string;
  date: LocalDate;
  code: string | null;
}

/** Counts the fairness ledger keeps per agent. */
export interface FairnessCounts {
  /** Night shifts. */
  nights: number;
  /** Shifts starting on a Saturday or Sunday. */
  weekends: number;
  /** Shifts touching a statutory holiday. */
  holidays: number;
}

/** Where an agent stood at the end of the previous period (for rules that span the boundary). */
export interface LedgerTail {
  /** Whether a shift started on each of the last 7 days, oldest first. */
  workedDays: boolean[];
  /** Whether that shift was a night shift, each of the last 7 days, oldest first. */
  nightDays: boolean[];
  /** Whether each of the last 7 days was a rest day (no work at all), oldest first. */
  restDays: boolean[];
  /**
   * End of the last shift in minutes relative to the end of the period (<= 0; > 0 when a night shift runs into
   * the next period: that many minutes of its first day are covered), or null when none.
   */
  lastShiftEndMinute: number | null;
}

/** One agent's line of the fairness ledger. */
export interface LedgerEntry {
  /** Periods rostered so far. */
  periods: number;
  /** Cumulative counts. */
  counts: FairnessCounts;
  /** Cumulative count minus cumulative fair share: > 0 means more than a fair share so far. */
  balance: FairnessCounts;
  /** The end of the last period, for the boundary rules of the next. */
  tail?: LedgerTail;
}

/** The fairness ledger, carried from period to period. */
export interface FairnessLedger {
  /** First date after the last rostered period (`tail`s apply only to a period starting on it). */
  through: LocalDate | null;
  agents: Record<string, LedgerEntry>;
}

/** A training session placed in a roster. */
export interface TrainingSession {
  date: LocalDate;
  start: string;
  durationMinutes: number;
  /** Agents attending (they are on duty and off the phones during the session). */
  attendees: string[];
  /** The agent leading it, if any (also off the phones). */
  trainerId?: string;
}

/** A roster: one row of cells per agent, one cell per day (a shift code, or null for no shift). */
export interface Roster {
  startDate: LocalDate;
  days: number;
  rows: { agentId: string; cells: (string | null)[] }[];
  training: TrainingSession[];
}

/** Everything a plan or an evaluation needs. Only `startDate`, `days`, `agents` and `forecast` are required. */
export interface RosterProblem {
  /** First day of the period. */
  startDate: LocalDate;
  /** Days in the period (e.g. 28), 1..62. */
  days: number;
  agents: Agent[];
  forecast: RosterForecast;
  /** Shift templates: every code a roster may use (default: 8-hour shifts starting on every hour). */
  templates?: ShiftTemplate[];
  /**
   * The templates the optimiser may choose from (codes). Default: all `templates` when they are given; with the
   * default templates, the twelve starting on even hours (00-08, 02-10, ..., 22-06), which halves the MIP at
   * little cost in cover. Locked cells may use any template.
   */
  candidateCodes?: string[];
  rules?: Partial<LabourRules>;
  /** Training rules; `null` means no training in this period. */
  training?: Partial<TrainingRules> | null;
  weights?: Partial<ObjectiveWeights>;
  /** Fraction of on-duty time not spent on calls beyond the AHT (breaks, meetings), in [0, 1); default 0. */
  shrinkage?: number;
  /** The connect-rate line of the contract as a fraction (default 0.9). */
  targetConnectRate?: number;
  ledger?: FairnessLedger;
  locks?: Lock[];
}

/** The rule families a roster can break. */
export type RuleFamily =
  | 'unknown-shift'
  | 'unavailable'
  | 'protected-night'
  | 'protected-overtime'
  | 'min-rest'
  | 'rest-day-in-seven'
  | 'max-consecutive-days'
  | 'max-consecutive-nights'
  | 'overtime-cap'
  | 'min-hours'
  | 'min-on-duty'
  | 'training'
  | 'fairness'
  | 'lock';

/** One broken rule, with the agent and date it concerns where it has them. */
export interface Violation {
  rule: RuleFamily;
  agentId?: string;
  date?: LocalDate;
  /** Local time `HH:MM` for rules about a moment (cover). */
  time?: string;
  /** By how much (hours short, hours over, people missing ...), in the rule's unit. */
  amount?: number;
  message: string;
}
