/**
 * The rule checker: every rule a roster breaks, with the agent and the date. It works on the roster alone (no
 * solver), so it checks the optimiser's output as well as a roster typed in or imported.
 *
 * Readings (each a named rule family, see {@link RuleFamily}):
 * - a **rest day** is a calendar day with no working minute at all (a night shift ending at 06:00 uses its
 *   morning); `rest-day-in-seven` asks for one in every 7 consecutive days (《劳动法》 art. 38), days of the
 *   previous period included through the ledger's tail;
 * - `max-consecutive-days` counts days on which a shift starts; `max-consecutive-nights` night shifts on
 *   consecutive days;
 * - `min-rest` is the gap between the end of one shift and the start of the next, the previous period's last
 *   shift included;
 * - hours are the paid minutes of the shifts that start in the period; overtime = hours − standard hours;
 * - `protected-night`: any minute of 22:00-06:00 (the night window) worked on a day she is protected (怀孕7个月以上 or
 *   哺乳未满1周岁婴儿, 《女职工劳动保护特别规定》 arts. 6 and 9); `protected-overtime`: any hour above the standard;
 * - `min-on-duty`: people on duty and not in training in each interval;
 * - `training`: the period's sessions (one in each equal part of the period), each attendee and the trainer on duty
 *   for the whole session, and every agent available at some time in the period attending one;
 * - `fairness`: each agent's nights, weekend shifts and holiday shifts within `rules.maxFairnessDeviation` of her
 *   fair share, the ledger's balance included ({@link fairnessLimits}).
 */
import { FAIRNESS_METRICS, fairnessLimits, fairnessTable } from './fairness';
import { INTERVALS_PER_DAY, INTERVAL_MINUTES, type PreparedProblem } from '../model/problem';
import { buildSchedule, type Schedule, workedMinutesByDay } from '../model/schedule';
import { timeOfMinute } from '../model/shifts';
import type { Roster, RuleFamily, Violation } from '../types';

/** Hours and related figures of one agent in one roster. */
export interface AgentHours {
  /** Paid hours of the shifts starting in the period. */
  hours: number;
  /** Hours above the standard (0 when at or below). */
  overtimeHours: number;
  /** Worked minutes on each calendar day 0..days. */
  minutesByDay: number[];
}

/** Hours of every agent in a schedule. */
export function agentHours(p: PreparedProblem, schedule: Schedule): AgentHours[] {
  return p.agents.map((agent, a) => {
    const hours = schedule.shifts[a].reduce((sum, s) => sum + p.shifts[s.shift].workMinutes / 60, 0);
    return { hours, overtimeHours: Math.max(0, hours - agent.standardHours), minutesByDay: workedMinutesByDay(p, schedule.shifts[a]) };
  });
}

/** Segment of the period in which session k (of `sessions`) belongs: days [from, to). */
export function trainingSegment(days: number, sessions: number, k: number): [number, number] {
  return [Math.floor((k * days) / sessions), Math.floor(((k + 1) * days) / sessions)];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Every rule the roster breaks under the problem's rules.
 *
 * @param p the prepared problem ({@link prepareProblem}).
 * @param roster the roster to check (same period and agents).
 * @returns violations in the order: per agent (shift validity, protections, rest, streaks, hours, fairness), then cover,
 *   then training, then locks. Empty when the roster keeps every rule.
 * @throws RosterInputError when the roster does not fit the problem.
 */
export function checkRoster(p: PreparedProblem, roster: Roster, schedule: Schedule = buildSchedule(p, roster)): Violation[] {
  const out: Violation[] = [];
  const r = p.rules;
  const push = (rule: RuleFamily, message: string, extra: Partial<Violation> = {}): void => {
    out.push({ rule, message, ...extra });
  };
  for (const u of schedule.unknown) {
    push('unknown-shift', `${p.agents[u.a].name}: unknown shift code "${u.code}" on ${p.dates[u.d]}`, { agentId: p.agents[u.a].id, date: p.dates[u.d] });
  }
  const hours = agentHours(p, schedule);
  const fairness = fairnessTable(p, schedule);
  const limits = fairnessLimits(p);
  p.agents.forEach((agent, a) => {
    const who = agent.name;
    const shifts = schedule.shifts[a];
    const id = agent.id;
    const minutes = hours[a].minutesByDay;
    // Leave and protections.
    for (const s of shifts) {
      for (let day = Math.floor(s.start / 1440); day * 1440 < s.end && day <= p.days; day++) {
        if (agent.unavailable[day]) push('unavailable', `${who} works ${p.shifts[s.shift].code} on ${p.dates[s.day]} but is on leave on ${p.dates[day]}`, { agentId: id, date: p.dates[day] });
        if (agent.noNight[day]) {
          const from = Math.max(s.start, day * 1440);
          const to = Math.min(s.end, (day + 1) * 1440);
          const night = nightMinutesIn(p, from, to);
          if (night > 0) push('protected-night', `${who} is protected from night work on ${p.dates[day]} but works ${night} min of the night window (${p.shifts[s.shift].code} from ${p.dates[s.day]})`, { agentId: id, date: p.dates[day], amount: night / 60 });
        }
      }
    }
    // Rest between shifts, the previous period's last shift included.
    const minRest = r.minRestHours * 60;
    let lastEnd = agent.tail?.lastShiftEndMinute ?? null;
    for (const s of shifts) {
      if (lastEnd !== null && s.start - lastEnd < minRest) {
        const gap = s.start - lastEnd;
        push('min-rest', `${who}: ${round2(Math.max(gap, 0) / 60)} h of rest before ${p.shifts[s.shift].code} on ${p.dates[s.day]} (minimum ${r.minRestHours} h)`, { agentId: id, date: p.dates[s.day], amount: round2((minRest - gap) / 60) });
      }
      lastEnd = lastEnd === null ? s.end : Math.max(lastEnd, s.end);
    }
    // Streaks over the previous period's last 7 days and this period.
    const tail = agent.tail;
    const worked = [...(tail?.workedDays ?? []), ...Array.from({ length: p.days }, (_, d) => schedule.cells[a][d] >= 0 || schedule.cells[a][d] === -1)];
    const nights = [...(tail?.nightDays ?? []), ...Array.from({ length: p.days }, (_, d) => schedule.cells[a][d] >= 0 && p.isNightShift[schedule.cells[a][d]])];
    const carry = agent.carryInMinutes;
    const rest = [...(tail?.restDays ?? []), ...Array.from({ length: p.days }, (_, d) => minutes[d] === 0 && !(d === 0 && carry > 0) && schedule.cells[a][d] !== -1)];
    const offset = tail ? 7 : 0;
    const streaks = (flags: boolean[], limit: number, rule: RuleFamily, what: string): void => {
      let run = 0;
      for (let i = 0; i <= flags.length; i++) {
        if (i < flags.length && flags[i]) {
          run += 1;
          continue;
        }
        if (run > limit) {
          const last = i - 1 - offset;
          if (last >= 0) {
            const first = i - run - offset;
            push(rule, `${who}: ${run} ${what} in a row${first < 0 ? ' (counting the previous period)' : ''} up to ${p.dates[last]} (at most ${limit})`, { agentId: id, date: p.dates[last], amount: run - limit });
          }
        }
        run = 0;
      }
    };
    streaks(worked, r.maxConsecutiveWorkDays, 'max-consecutive-days', 'working days');
    streaks(nights, r.maxConsecutiveNights, 'max-consecutive-nights', 'night shifts');
    if (r.restDayInSeven) streaks(rest.map((x) => !x), 6, 'rest-day-in-seven', 'days without a rest day');
    // Hours.
    const h = hours[a].hours;
    if (agent.noOvertime && h > agent.standardHours + 1e-9) {
      push('protected-overtime', `${who} is protected from overtime but is rostered ${round2(h)} h against a standard of ${round2(agent.standardHours)} h`, { agentId: id, amount: round2(h - agent.standardHours) });
    } else if (h > agent.maxHours + 1e-9) {
      push('overtime-cap', `${who}: ${round2(h - agent.standardHours)} h of overtime, above the cap of ${round2(agent.overtimeCap)} h`, { agentId: id, amount: round2(h - agent.maxHours) });
    }
    if (h < agent.minHours - 1e-9) {
      push('min-hours', `${who}: ${round2(h)} h rostered, below the standard ${round2(agent.standardHours)} h by more than ${r.maxHoursShortfall} h`, { agentId: id, amount: round2(agent.minHours - h) });
    }
    // Fairness: the balance after the period within the rule's limits.
    const row = fairness[a];
    for (const m of FAIRNESS_METRICS) {
      const after = row.balanceAfter[m];
      const over = after - limits[a].high[m];
      const under = limits[a].low[m] - after;
      if (over <= 1e-9 && under <= 1e-9) continue;
      const carried = Math.abs(row.balanceBefore[m]) > 1e-9 ? `, ${round2(row.balanceBefore[m])} carried from earlier periods` : '';
      push(
        'fairness',
        `${who}: ${row.counts[m]} ${m} against a fair share of ${round2(row.fairShare[m])}${carried}: ${round2(over > 0 ? over : under)} ${over > 0 ? 'above' : 'below'} the ±${r.maxFairnessDeviation} allowed`,
        { agentId: id, amount: round2(over > 0 ? over : under) },
      );
    }
  });
  // Cover: runs of intervals with too few people on duty.
  if (r.minOnDuty > 0) {
    let runStart = -1;
    let worst = 0;
    for (let t = 0; t <= p.intervals; t++) {
      const short = t < p.intervals ? r.minOnDuty - schedule.onDuty[t] : 0;
      if (short > 1e-9) {
        if (runStart < 0) runStart = t;
        worst = Math.max(worst, short);
        continue;
      }
      if (runStart >= 0) {
        const d = Math.floor(runStart / INTERVALS_PER_DAY);
        const from = timeOfMinute((runStart % INTERVALS_PER_DAY) * INTERVAL_MINUTES);
        const to = timeOfMinute((t % INTERVALS_PER_DAY) * INTERVAL_MINUTES);
        push('min-on-duty', `${p.dates[d]} ${from}-${to}: ${round2(worst)} of ${r.minOnDuty} people missing on duty`, { date: p.dates[d], time: from, amount: round2(worst) });
        runStart = -1;
        worst = 0;
      }
    }
  }
  checkTraining(p, schedule, push);
  // Locks.
  p.locks.forEach((row, a) =>
    row.forEach((lock, d) => {
      if (lock === undefined) return;
      const cell = schedule.cells[a][d];
      const want = lock === null ? -2 : lock;
      if (cell !== want) {
        push('lock', `${p.agents[a].name} on ${p.dates[d]}: locked to ${lock === null ? 'no shift' : p.shifts[lock].code}, rostered ${cell >= 0 ? p.shifts[cell].code : 'no shift'}`, { agentId: p.agents[a].id, date: p.dates[d] });
      }
    }),
  );
  return out;
}

function nightMinutesIn(p: PreparedProblem, from: number, to: number): number {
  let total = 0;
  const len = p.night.end > p.night.start ? p.night.end - p.night.start : p.night.end + 1440 - p.night.start;
  for (let k = Math.floor(from / 1440) - 1; k <= Math.floor(to / 1440) + 1; k++) {
    const a = k * 1440 + p.night.start;
    total += Math.max(0, Math.min(to, a + len) - Math.max(from, a));
  }
  return total;
}

function checkTraining(p: PreparedProblem, schedule: Schedule, push: (rule: RuleFamily, message: string, extra?: Partial<Violation>) => void): void {
  const training = p.training;
  if (!training) return;
  const onDutyThroughout = (a: number, start: number, end: number): boolean => schedule.shifts[a].some((s) => s.start <= start && s.end >= end);
  const sessions = schedule.sessions;
  for (let k = 0; k < training.sessions; k++) {
    const [from, to] = trainingSegment(p.days, training.sessions, k);
    const inSegment = sessions.filter((s) => s.day >= from && s.day < to);
    if (inSegment.length === 0) push('training', `no training session between ${p.dates[from]} and ${p.dates[to - 1]} (session ${k + 1} of ${training.sessions})`, { date: p.dates[from], amount: 1 });
  }
  const trainer = training.trainerId === undefined ? undefined : p.agentIndex.get(training.trainerId);
  for (const s of sessions) {
    const date = p.dates[s.day];
    const time = timeOfMinute(s.start);
    for (const a of s.attendees) {
      if (!onDutyThroughout(a, s.start, s.end)) push('training', `${p.agents[a].name} attends the session of ${date} ${time} but is not on duty for all of it`, { agentId: p.agents[a].id, date, time });
    }
    const lead = s.trainer ?? trainer;
    if (lead !== undefined && !onDutyThroughout(lead, s.start, s.end)) push('training', `the trainer ${p.agents[lead].name} is not on duty for the whole session of ${date} ${time}`, { agentId: p.agents[lead].id, date, time });
  }
  p.agents.forEach((agent, a) => {
    if (a === trainer) return;
    if (agent.unavailable.slice(0, p.days).every(Boolean)) return; // away the whole period: exempt
    if (!sessions.some((s) => s.attendees.includes(a) || s.trainer === a)) push('training', `${agent.name} attends no training session this period`, { agentId: agent.id, amount: 1 });
  });
}
