/**
 * Validation of a {@link RosterProblem} and everything derived from it once (days, holidays, each agent's
 * availability, protections, standard hours and boundary state, the shift geometry): the shared ground of the
 * rule checker, the evaluator, the constructors and the MIP.
 */
import Decimal from 'decimal.js';
import { addDays, dayNumber, isOfficialWorkday, isWeekend, type LocalDate, statutoryHolidayOn, ANNUAL_WORKING_DAYS_2025 } from '../rules/calendar';
import { RosterInputError } from '../errors';
import { hourlyShiftTemplates, minuteOfDay, nightOverlap, shiftGeometry, type ShiftGeometry } from './shifts';
import type { Agent, FairnessLedger, LabourRules, LedgerTail, Lock, ObjectiveWeights, Roster, RosterProblem, TrainingRules } from '../types';

/** Half-hour intervals per day. */
export const INTERVALS_PER_DAY = 48;
/** Minutes per interval. */
export const INTERVAL_MINUTES = 30;

/** The labour rules used when a problem gives none (see {@link LabourRules} for each one's source). */
export const DEFAULT_RULES: Readonly<LabourRules> = Object.freeze({
  weeklyStandardHours: 40,
  standardHoursBasis: 'official-calendar',
  maxOvertimeHoursPerMonth: 36,
  maxHoursShortfall: 8,
  minRestHours: 12,
  maxConsecutiveWorkDays: 6,
  maxConsecutiveNights: 3,
  restDayInSeven: true,
  nightStart: '22:00',
  nightEnd: '06:00',
  nightShiftMinMinutes: 240,
  minOnDuty: 1,
  maxFairnessDeviation: 1.5,
});

/** Training defaults: two 2-hour sessions, starting on the hour between 09:00 and 16:00. */
export const DEFAULT_TRAINING: Readonly<Omit<TrainingRules, 'trainerId'>> = Object.freeze({
  sessions: 2,
  durationMinutes: 120,
  candidateStarts: ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
});

/** Objective weights by default (expected calls per unit). */
export const DEFAULT_WEIGHTS: Readonly<ObjectiveWeights> = Object.freeze({
  overtimeCallsPerHour: 1,
  fairnessNights: 2,
  fairnessWeekends: 1,
  fairnessHolidays: 2,
});

/** An agent as the algorithms see it. */
export interface PreparedAgent {
  index: number;
  id: string;
  name: string;
  /** Seat share in (0, 1]. */
  seatShare: number;
  /** Productive seats while on duty: seatShare x (1 − shrinkage). */
  productive: number;
  floorManager: boolean;
  hourlyRate: Decimal;
  /** Day d (0..days, the extra day for shifts crossing the end) is unavailable (leave). */
  unavailable: boolean[];
  /** Day d (0..days): no night work allowed (pregnant 7+ months, or nursing an infant under one). */
  noNight: boolean[];
  /** Protected on some day of the period: no overtime at all. */
  noOvertime: boolean;
  /** Standard hours of the period (after leave). */
  standardHours: number;
  /** Most hours allowed: standard + overtime cap (0 overtime for protected staff). */
  maxHours: number;
  /** Fewest hours to roster: standard − maxHoursShortfall, at least 0. */
  minHours: number;
  /** Overtime cap of the period in hours. */
  overtimeCap: number;
  /** State at the end of the previous period, when the ledger's period ends where this one starts. */
  tail: LedgerTail | undefined;
  /** Minutes of day 0 covered by a night shift begun in the previous period (0 when none). */
  carryInMinutes: number;
}

/** A problem, validated, with everything derived from it. */
export interface PreparedProblem {
  startDate: LocalDate;
  startDay: number;
  days: number;
  /** dates[d] for d in 0..days (one extra for shifts crossing the end). */
  dates: LocalDate[];
  intervals: number;
  rules: LabourRules;
  training: TrainingRules | null;
  /** Candidate session start minutes. */
  trainingStarts: number[];
  weights: ObjectiveWeights;
  shrinkage: number;
  target: number;
  night: { start: number; end: number };
  shifts: ShiftGeometry[];
  shiftIndex: Map<string, number>;
  /** Templates the optimiser may choose (locked cells aside). */
  candidate: boolean[];
  /** Night shift (>= nightShiftMinMinutes in the window). */
  isNightShift: boolean[];
  agents: PreparedAgent[];
  agentIndex: Map<string, number>;
  /** Statutory holiday name per day 0..days, or null. */
  holiday: (string | null)[];
  weekend: boolean[];
  officialWorkday: boolean[];
  offered: number[];
  ivrAnswered: number[];
  ahtSeconds: number[];
  patienceSeconds: number[];
  /** locks[a][d]: undefined (free), null (no shift) or a shift index. */
  locks: (number | null | undefined)[][];
  ledger: FairnessLedger | undefined;
}

/** The first birthday of a child born on `date` (29 February -> 1 March). */
function firstBirthdayOf(date: LocalDate): LocalDate {
  const next = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  return next.endsWith('-02-29') ? `${next.slice(0, 4)}-03-01` : next;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function requireNumber(v: unknown, field: string, min: number, max: number, integer = false): number {
  if (!finite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new RosterInputError('invalid', field, `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}] (got ${String(v)})`);
  }
  return v;
}

function series(value: number | number[] | undefined, length: number, field: string, min: number, fallback?: number): number[] {
  if (value === undefined) {
    if (fallback === undefined) throw new RosterInputError('invalid', field, 'is required');
    return new Array<number>(length).fill(fallback);
  }
  if (typeof value === 'number') {
    if (!finite(value) || value < min || (min > 0 && value === 0)) throw new RosterInputError('invalid', field, `must be a number > ${min === 0 ? 'or = ' : ''}${min} (got ${value})`);
    return new Array<number>(length).fill(value);
  }
  if (!Array.isArray(value) || value.length !== length) {
    throw new RosterInputError('inconsistent', field, `must have days x 48 = ${length} values (got ${Array.isArray(value) ? value.length : typeof value})`);
  }
  return value.map((v, i) => {
    if (!finite(v) || v < 0 || (min > 0 && v <= 0)) throw new RosterInputError('invalid', `${field}[${i}]`, `must be a finite number ${min > 0 ? '> 0' : '>= 0'} (got ${String(v)})`);
    return v;
  });
}

function parseMoney(value: string | undefined, field: string): Decimal {
  if (value === undefined) return new Decimal(0);
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) throw new RosterInputError('invalid', field, `must be a decimal string such as "32.50" (got ${String(value)})`);
  return new Decimal(value);
}

/** The rules with defaults filled in and checked. @throws RosterInputError naming `rules.<field>`. */
export function resolveRules(rules: Partial<LabourRules> | undefined): LabourRules {
  const r: LabourRules = { ...DEFAULT_RULES, ...(rules ?? {}) };
  requireNumber(r.weeklyStandardHours, 'rules.weeklyStandardHours', 1, 84);
  if (r.standardHoursBasis !== 'official-calendar' && r.standardHoursBasis !== 'annual-average') {
    throw new RosterInputError('invalid', 'rules.standardHoursBasis', `must be official-calendar or annual-average (got ${String(r.standardHoursBasis)})`);
  }
  requireNumber(r.maxOvertimeHoursPerMonth, 'rules.maxOvertimeHoursPerMonth', 0, 200);
  requireNumber(r.maxHoursShortfall, 'rules.maxHoursShortfall', 0, 1000);
  requireNumber(r.minRestHours, 'rules.minRestHours', 0, 48);
  requireNumber(r.maxConsecutiveWorkDays, 'rules.maxConsecutiveWorkDays', 1, 31, true);
  requireNumber(r.maxConsecutiveNights, 'rules.maxConsecutiveNights', 0, 31, true);
  if (typeof r.restDayInSeven !== 'boolean') throw new RosterInputError('invalid', 'rules.restDayInSeven', 'must be true or false');
  minuteOfDay(r.nightStart, 'rules.nightStart');
  minuteOfDay(r.nightEnd, 'rules.nightEnd');
  requireNumber(r.nightShiftMinMinutes, 'rules.nightShiftMinMinutes', 1, 960, true);
  requireNumber(r.minOnDuty, 'rules.minOnDuty', 0, 1000, true);
  requireNumber(r.maxFairnessDeviation, 'rules.maxFairnessDeviation', 0.5, 1000);
  return r;
}

function overlapsDays(from: LocalDate, to: LocalDate, field: string): [number, number] {
  const a = dayNumber(from, `${field}.from`);
  const b = dayNumber(to, `${field}.to`);
  if (b < a) throw new RosterInputError('inconsistent', `${field}.to`, `is before from (${from})`);
  return [a, b];
}

function validTail(tail: LedgerTail | undefined, field: string): LedgerTail | undefined {
  if (tail === undefined) return undefined;
  for (const key of ['workedDays', 'nightDays', 'restDays'] as const) {
    const v = tail[key];
    if (!Array.isArray(v) || v.length !== 7 || v.some((x) => typeof x !== 'boolean')) throw new RosterInputError('invalid', `${field}.${key}`, 'must be 7 booleans');
  }
  if (tail.lastShiftEndMinute !== null && (!finite(tail.lastShiftEndMinute) || tail.lastShiftEndMinute > 1440)) {
    throw new RosterInputError('invalid', `${field}.lastShiftEndMinute`, 'must be null or a number of minutes <= 1440');
  }
  return tail;
}

/**
 * Validates a problem and derives what every algorithm needs.
 *
 * Standard hours: `official-calendar` counts the period's official working days (调休 make-up days in, statutory
 * holidays and bridging rest days out) at weeklyStandardHours / 5 each; `annual-average` gives each day
 * 248 / 365 of that. Leave days lower the standard by one working day each (official working days only under
 * `official-calendar`). The overtime cap is maxOvertimeHoursPerMonth x days / 30.4375, rounded down to the half
 * hour (a 28-day period: 33 h), so that no month-long average exceeds the statutory 36 h; staff protected on any
 * day of the period get none.
 *
 * @throws RosterInputError naming the offending field (`agents[1].seatShare`, `forecast.offered`, `locks[0].code`).
 */
export function prepareProblem(problem: RosterProblem): PreparedProblem {
  if (problem === null || typeof problem !== 'object') throw new RosterInputError('invalid', 'problem', 'must be an object');
  const startDay = dayNumber(problem.startDate, 'startDate');
  const days = requireNumber(problem.days, 'days', 1, 62, true);
  const dates = Array.from({ length: days + 1 }, (_, d) => addDays(problem.startDate, d));
  const intervals = days * INTERVALS_PER_DAY;
  const rules = resolveRules(problem.rules);
  const night = { start: minuteOfDay(rules.nightStart), end: minuteOfDay(rules.nightEnd) };
  const shifts = shiftGeometry(problem.templates ?? hourlyShiftTemplates(), night);
  const shiftIndex = new Map(shifts.map((s, i) => [s.code, i]));
  const isNightShift = shifts.map((s) => s.nightMinutes >= rules.nightShiftMinMinutes);
  let candidate = shifts.map((s) => problem.templates !== undefined || s.startMinute % 120 === 0);
  if (problem.candidateCodes !== undefined) {
    if (!Array.isArray(problem.candidateCodes) || problem.candidateCodes.length === 0) throw new RosterInputError('invalid', 'candidateCodes', 'must be a non-empty array of template codes');
    problem.candidateCodes.forEach((code, i) => {
      if (!shiftIndex.has(code)) throw new RosterInputError('unknown', `candidateCodes[${i}]`, `is not a shift template (${code})`);
    });
    const set = new Set(problem.candidateCodes);
    candidate = shifts.map((s) => set.has(s.code));
  }
  const shrinkage = problem.shrinkage === undefined ? 0 : requireNumber(problem.shrinkage, 'shrinkage', 0, 0.95);
  const target = problem.targetConnectRate === undefined ? 0.9 : requireNumber(problem.targetConnectRate, 'targetConnectRate', 0, 1);
  const weights: ObjectiveWeights = { ...DEFAULT_WEIGHTS, ...(problem.weights ?? {}) };
  for (const [k, v] of Object.entries(weights)) requireNumber(v, `weights.${k}`, 0, 1e6);

  const f = problem.forecast;
  if (!f || typeof f !== 'object') throw new RosterInputError('invalid', 'forecast', 'is required');
  const offered = series(f.offered, intervals, 'forecast.offered', 0);
  const ivrAnswered = series(f.ivrAnswered, intervals, 'forecast.ivrAnswered', 0, 0);
  const ahtSeconds = series(f.ahtSeconds, intervals, 'forecast.ahtSeconds', 1e-9);
  const patienceSeconds = series(f.patienceSeconds, intervals, 'forecast.patienceSeconds', 1e-9);

  const holiday = dates.map((d) => statutoryHolidayOn(d)?.name ?? null);
  const weekend = dates.map(isWeekend);
  const officialWorkday = dates.map(isOfficialWorkday);
  const dayHours = rules.weeklyStandardHours / 5;
  const periodStandard =
    rules.standardHoursBasis === 'official-calendar'
      ? officialWorkday.slice(0, days).filter(Boolean).length * dayHours
      : (days * ANNUAL_WORKING_DAYS_2025 * dayHours) / 365;
  const overtimeCap = Math.floor(((rules.maxOvertimeHoursPerMonth * days) / 30.4375) * 2) / 2;

  if (!Array.isArray(problem.agents) || problem.agents.length === 0) throw new RosterInputError('invalid', 'agents', 'must be a non-empty array');
  const agentIndex = new Map<string, number>();
  const ledger = problem.ledger;
  const contiguous = ledger !== undefined && ledger.through === problem.startDate;
  const agentDays: AgentDays = { startDay, days, dates, rules, officialWorkday, dayHours, periodStandard, overtimeCap, shrinkage, ledger, contiguous };
  const agents = problem.agents.map((agent: Agent, a): PreparedAgent => prepareAgent(agent, a, agentIndex, agentDays));

  const { training, trainingStarts } = resolveTraining(problem.training, agents, agentIndex, days);

  const locks = resolveLocks(problem.locks, { agents, agentIndex, shifts, shiftIndex, dates, startDay, days, night });

  return {
    startDate: problem.startDate,
    startDay,
    days,
    dates,
    intervals,
    rules,
    training,
    trainingStarts,
    weights,
    shrinkage,
    target,
    night,
    shifts,
    shiftIndex,
    candidate,
    isNightShift,
    agents,
    agentIndex,
    holiday,
    weekend,
    officialWorkday,
    offered,
    ivrAnswered,
    ahtSeconds,
    patienceSeconds,
    locks,
    ledger,
  };
}

/** What {@link prepareAgent} needs of the period. */
interface AgentDays {
  startDay: number;
  days: number;
  dates: LocalDate[];
  rules: LabourRules;
  officialWorkday: boolean[];
  /** Standard hours of one working day. */
  dayHours: number;
  /** Standard hours of the period before leave. */
  periodStandard: number;
  overtimeCap: number;
  shrinkage: number;
  ledger: FairnessLedger | undefined;
  /** The ledger ends the day before the period (its tails apply). */
  contiguous: boolean;
}

/** Validates agent a (recording its id in `agentIndex`) and derives its leave, protections and hours. @throws RosterInputError naming `agents[a].<field>`. */
function prepareAgent(agent: Agent, a: number, agentIndex: Map<string, number>, period: AgentDays): PreparedAgent {
  const { startDay, days, dates, rules, officialWorkday, dayHours, periodStandard, overtimeCap, shrinkage, ledger, contiguous } = period;
  const at = `agents[${a}]`;
  if (typeof agent.id !== 'string' || agent.id.trim() === '') throw new RosterInputError('invalid', `${at}.id`, 'must be a non-empty string');
  if (agentIndex.has(agent.id)) throw new RosterInputError('inconsistent', `${at}.id`, `repeats the id ${agent.id}`);
  agentIndex.set(agent.id, a);
  const seatShare = agent.seatShare === undefined ? 1 : requireNumber(agent.seatShare, `${at}.seatShare`, 0.01, 1);
  const unavailable = new Array<boolean>(days + 1).fill(false);
  let leaveCut = 0;
  (agent.unavailable ?? []).forEach((u, i) => {
    const [from, to] = overlapsDays(u.from, u.to, `${at}.unavailable[${i}]`);
    if (!['annual-leave', 'sick-leave', 'other'].includes(u.kind)) throw new RosterInputError('invalid', `${at}.unavailable[${i}].kind`, `must be annual-leave, sick-leave or other (got ${String(u.kind)})`);
    for (let day = Math.max(from, startDay); day <= Math.min(to, startDay + days); day++) {
      const d = day - startDay;
      if (unavailable[d]) continue;
      unavailable[d] = true;
      if (d < days) {
        if (rules.standardHoursBasis === 'official-calendar') leaveCut += officialWorkday[d] ? dayHours : 0;
        else leaveCut += (dayHours * ANNUAL_WORKING_DAYS_2025) / 365;
      }
    }
  });
  const pregnant = agent.pregnantSevenMonthsFrom === undefined ? undefined : dayNumber(agent.pregnantSevenMonthsFrom, `${at}.pregnantSevenMonthsFrom`);
  const birth = agent.nursingInfantBirthDate === undefined ? undefined : dayNumber(agent.nursingInfantBirthDate, `${at}.nursingInfantBirthDate`);
  const firstBirthday = birth === undefined ? undefined : dayNumber(firstBirthdayOf(agent.nursingInfantBirthDate as string));
  const noNight = dates.map((_, d) => {
    const day = startDay + d;
    const isPregnant = pregnant !== undefined && day >= pregnant && (birth === undefined || day < birth);
    const isNursing = birth !== undefined && firstBirthday !== undefined && day >= birth && day < firstBirthday;
    return isPregnant || isNursing;
  });
  const noOvertime = noNight.slice(0, days).some(Boolean);
  const standardHours = Math.max(0, periodStandard - leaveCut);
  const cap = noOvertime ? 0 : overtimeCap;
  const entry = ledger?.agents?.[agent.id];
  const tail = contiguous ? validTail(entry?.tail, `ledger.agents.${agent.id}.tail`) : undefined;
  const carryIn = tail?.lastShiftEndMinute !== null && tail?.lastShiftEndMinute !== undefined && tail.lastShiftEndMinute > 0 ? tail.lastShiftEndMinute : 0;
  return {
    index: a,
    id: agent.id,
    name: typeof agent.name === 'string' && agent.name !== '' ? agent.name : agent.id,
    seatShare,
    productive: seatShare * (1 - shrinkage),
    floorManager: agent.floorManager === true,
    hourlyRate: parseMoney(agent.hourlyRate, `${at}.hourlyRate`),
    unavailable,
    noNight,
    noOvertime,
    standardHours,
    maxHours: standardHours + cap,
    minHours: Math.max(0, standardHours - rules.maxHoursShortfall),
    overtimeCap: cap,
    tail,
    carryInMinutes: carryIn,
  };
}

/** The training rules with defaults filled in, and the candidate start minutes; null when there is none. @throws RosterInputError naming `training.<field>`. */
function resolveTraining(
  rules: Partial<TrainingRules> | null | undefined,
  agents: PreparedAgent[],
  agentIndex: Map<string, number>,
  days: number,
): { training: TrainingRules | null; trainingStarts: number[] } {
  let training: TrainingRules | null = null;
  let trainingStarts: number[] = [];
  if (rules !== null) {
    const t = rules ?? {};
    const floorManager = agents.find((a) => a.floorManager);
    training = {
      sessions: t.sessions ?? DEFAULT_TRAINING.sessions,
      durationMinutes: t.durationMinutes ?? DEFAULT_TRAINING.durationMinutes,
      candidateStarts: t.candidateStarts ?? [...DEFAULT_TRAINING.candidateStarts],
      trainerId: t.trainerId ?? floorManager?.id,
    };
    requireNumber(training.sessions, 'training.sessions', 0, days, true);
    const dur = requireNumber(training.durationMinutes, 'training.durationMinutes', 30, 480, true);
    if (dur % 30 !== 0) throw new RosterInputError('invalid', 'training.durationMinutes', 'must be a multiple of 30');
    if (!Array.isArray(training.candidateStarts) || training.candidateStarts.length === 0) throw new RosterInputError('invalid', 'training.candidateStarts', 'must be a non-empty array of HH:MM');
    trainingStarts = training.candidateStarts.map((s, i) => {
      const m = minuteOfDay(s, `training.candidateStarts[${i}]`);
      if (m % 30 !== 0 || m + dur > 1440) throw new RosterInputError('invalid', `training.candidateStarts[${i}]`, 'must be on the half hour and end the same day');
      return m;
    });
    if (training.trainerId !== undefined && !agentIndex.has(training.trainerId)) throw new RosterInputError('unknown', 'training.trainerId', `is not an agent (${training.trainerId})`);
    if (training.sessions === 0) training = null;
  }

  return { training, trainingStarts };
}

/** Locked cells as locks[a][d] (undefined free, null no shift, or a template index). @throws RosterInputError naming `locks[i].<field>`. */
function resolveLocks(
  list: Lock[] | undefined,
  q: { agents: PreparedAgent[]; agentIndex: Map<string, number>; shifts: ShiftGeometry[]; shiftIndex: Map<string, number>; dates: LocalDate[]; startDay: number; days: number; night: { start: number; end: number } },
): (number | null | undefined)[][] {
  const { agents, agentIndex, shifts, shiftIndex, dates, startDay, days, night } = q;
  const locks = agents.map(() => new Array<number | null | undefined>(days).fill(undefined));
  (list ?? []).forEach((lock, i) => {
    const a = agentIndex.get(lock.agentId);
    if (a === undefined) throw new RosterInputError('unknown', `locks[${i}].agentId`, `is not an agent (${lock.agentId})`);
    const d = dayNumber(lock.date, `locks[${i}].date`) - startDay;
    if (d < 0 || d >= days) throw new RosterInputError('inconsistent', `locks[${i}].date`, `is outside the period (${lock.date})`);
    if (lock.code === null) {
      locks[a][d] = null;
      return;
    }
    const s = shiftIndex.get(lock.code);
    if (s === undefined) throw new RosterInputError('unknown', `locks[${i}].code`, `is not a shift template (${lock.code})`);
    const g = shifts[s];
    for (const day of g.crossesMidnight ? [d, d + 1] : [d]) {
      if (agents[a].unavailable[day]) throw new RosterInputError('inconsistent', `locks[${i}].code`, `puts ${lock.agentId} on ${lock.code} on ${lock.date}, but she is unavailable on ${dates[day]}`);
      const from = Math.max(d * 1440 + g.startMinute, day * 1440);
      const to = Math.min(d * 1440 + g.startMinute + g.durationMinutes, (day + 1) * 1440);
      if (agents[a].noNight[day] && to > from && nightOverlap(from, to, night) > 0) {
        throw new RosterInputError('inconsistent', `locks[${i}].code`, `puts ${lock.agentId} on night work (${lock.code}) on ${dates[day]}, when she is protected from it`);
      }
    }
    locks[a][d] = s;
  });

  return locks;
}

/** The days (0..days) a shift of template `s` started on day `d` touches. */
export function touchedDays(p: PreparedProblem, d: number, s: number): number[] {
  return p.shifts[s].crossesMidnight ? [d, d + 1] : [d];
}

/** Absolute minutes `[start, end)` from the period's first midnight of template `s` started on day `d`. */
export function shiftSpan(p: PreparedProblem, d: number, s: number): [number, number] {
  const g = p.shifts[s];
  const start = d * 1440 + g.startMinute;
  return [start, start + g.durationMinutes];
}

/** Whether the hard rules allow agent `a` to start shift `s` on day `d` (leave, protections, locks). */
export function shiftAllowed(p: PreparedProblem, a: number, d: number, s: number): boolean {
  const agent = p.agents[a];
  const lock = p.locks[a][d];
  if (lock === null) return false;
  if (lock !== undefined) return lock === s;
  for (const day of touchedDays(p, d, s)) {
    if (agent.unavailable[day]) return false;
    if (agent.noNight[day] && dayNightMinutes(p, d, s, day) > 0) return false;
  }
  return true;
}

/** Minutes of the night window that shift (d, s) spends on calendar day `day`. */
export function dayNightMinutes(p: PreparedProblem, d: number, s: number, day: number): number {
  const [start, end] = shiftSpan(p, d, s);
  const from = Math.max(start, day * 1440);
  const to = Math.min(end, (day + 1) * 1440);
  return to <= from ? 0 : nightOverlap(from, to, p.night);
}

/** The shift index of each cell of a roster, checked against the problem (unknown codes are kept as -1). */
export function rosterMatrix(p: PreparedProblem, roster: Roster): { cells: number[][]; unknown: { a: number; d: number; code: string }[] } {
  if (roster.startDate !== p.startDate || roster.days !== p.days) {
    throw new RosterInputError('inconsistent', 'roster', `covers ${roster.startDate} + ${roster.days} days, the problem ${p.startDate} + ${p.days}`);
  }
  const cells = p.agents.map(() => new Array<number>(p.days).fill(-2));
  const unknown: { a: number; d: number; code: string }[] = [];
  const seen = new Set<number>();
  roster.rows.forEach((row, i) => {
    const a = p.agentIndex.get(row.agentId);
    if (a === undefined) throw new RosterInputError('unknown', `roster.rows[${i}].agentId`, `is not an agent of the problem (${row.agentId})`);
    if (seen.has(a)) throw new RosterInputError('inconsistent', `roster.rows[${i}].agentId`, `repeats ${row.agentId}`);
    seen.add(a);
    if (!Array.isArray(row.cells) || row.cells.length !== p.days) throw new RosterInputError('inconsistent', `roster.rows[${i}].cells`, `must have ${p.days} cells`);
    row.cells.forEach((code, d) => {
      if (code === null || code === '') {
        cells[a][d] = -2;
        return;
      }
      const s = p.shiftIndex.get(code);
      if (s === undefined) {
        cells[a][d] = -1;
        unknown.push({ a, d, code });
      } else cells[a][d] = s;
    });
  });
  return { cells, unknown };
}

/** No shift in a roster matrix cell. */
export const OFF = -2;
