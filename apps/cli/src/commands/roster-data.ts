// The real data behind `hotline roster` and the roster acceptance test: the 24/7 traffic shape of the 911 centre's
// hourly reports (shared/data/psap-911-hourly-answer-times) and the handle times and patience of the Anonymous
// Bank's call records (shared/data/anonymous-bank-1999-02). Read only, never copied.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { estimateAht, estimatePatience } from '@hotline/erlang';
import { addDays, dateOfDay, dayNumber, parseBankCalls, weekdayOf } from '@hotline/events';
import { parsePsapHourly } from '@hotline/forecast';
import { foldEvents, outcomeOf } from '@hotline/kpi';
import { kaplanMeier } from '@hotline/roster';
import { CliUsageError, say } from '../cli-error';

/** Calls offered in one clock hour of the 911 centre (911 + administrative lines, `Total`). */
export interface HourCount {
  date: string;
  hour: number;
  calls: number;
}

/**
 * Reads every `week*_phone.csv` of the 911 centre (libs/forecast `parsePsapHourly`: one row per clock hour, offered
 * calls in `Total`). The daylight-saving night (2025-11-02) has one 01:00 row that covers two clock hours; it is
 * kept as written.
 */
export function readPsapHours(dir: string): HourCount[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^week\d+_\d{4}_phone\.csv$/.test(f)).sort();
  } catch {
    throw new CliUsageError(say(`cannot read the directory ${dir}`, `无法读取目录 ${dir}`));
  }
  if (files.length === 0) throw new CliUsageError(say(`no week*_phone.csv in ${dir}`, `${dir} 中没有 week*_phone.csv`));
  let history;
  try {
    history = parsePsapHourly(files.map((f) => readFileSync(join(dir, f), 'utf8')));
  } catch (error) {
    throw new CliUsageError(say(`${dir}: ${(error as Error).message}`, `${dir}：${(error as Error).message}`));
  }
  return history.days.flatMap(({ day, counts }) => counts.map((calls, hour) => ({ date: day, hour, calls })));
}

/**
 * The forecast of a period from the hourly history: for each day, the mean calls of its weekday and hour over
 * the history's weeks, times `scale`, split evenly over the hour's two half-hour intervals.
 *
 * @returns offered calls per 30-minute interval, days x 48.
 */
export function weekdayHourForecast(hours: readonly HourCount[], startDate: string, days: number, scale: number): number[] {
  const sum = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const count = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const h of hours) {
    sum[weekdayOf(h.date)][h.hour] += h.calls;
    count[weekdayOf(h.date)][h.hour] += 1;
  }
  const out: number[] = [];
  for (let d = 0; d < days; d++) {
    const w = weekdayOf(addDays(startDate, d));
    for (let i = 0; i < 48; i++) {
      const hour = Math.floor(i / 2);
      if (count[w][hour] === 0) throw new CliUsageError(say(`the history has no ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][w]} ${hour}:00`, `历史数据中没有${['周日', '周一', '周二', '周三', '周四', '周五', '周六'][w]} ${hour}:00 的数据`));
      out.push(((sum[w][hour] / count[w][hour]) * scale) / 2);
    }
  }
  return out;
}

/**
 * The real hours replayed against a period: roster week k takes the history's week k (cyclically), day by day with
 * the same weekday, so every roster day gets the calls of a real day of its weekday.
 *
 * @returns calls per clock hour of the period (days x 24), unscaled.
 */
export function replayHours(hours: readonly HourCount[], startDate: string, days: number): number[] {
  const byDate = new Map<string, number[]>();
  for (const h of hours) {
    const row = byDate.get(h.date) ?? new Array<number>(24).fill(0);
    row[h.hour] += h.calls;
    byDate.set(h.date, row);
  }
  const dates = [...byDate.keys()].sort();
  const first = dayNumber(dates[0]);
  // Real weeks aligned on the roster's first weekday.
  const offset = (((weekdayOf(startDate) - weekdayOf(dates[0])) % 7) + 7) % 7;
  const weeks = Math.floor((dates.length - offset) / 7);
  if (weeks < 1) throw new CliUsageError(say('the history has less than a week aligned with the period', '与计划期对齐的历史数据不足一周'));
  const out: number[] = [];
  for (let d = 0; d < days; d++) {
    const k = Math.floor(d / 7) % weeks;
    const real = first + offset + k * 7 + (d % 7);
    const date = dateOfDay(real);
    out.push(...(byDate.get(date) ?? new Array<number>(24).fill(0)));
  }
  return out;
}

/** Handle times and queue waits of the Anonymous Bank records, with the estimates the planner uses. */
export interface BankMeasurements {
  /** Handle times (ser_time) of answered calls with ser_time > 0, seconds. */
  handleTimes: number[];
  /** Every call offered to the agents: wait in queue (q_time) and whether it hung up there. */
  queued: { waitSeconds: number; abandoned: boolean }[];
  ahtSeconds: number;
  patienceSeconds: number;
  /** Kaplan–Meier patience survival curve, for the simulation's empirical patience. */
  patienceCurve: { times: number[]; survival: number[] };
}

/**
 * Reads the Anonymous Bank TSV with the feed's own adapter (libs/events `parseBankCalls`, folded into calls by
 * libs/kpi): offered to agents = the calls that queued or were answered; AHT = mean talk of answered calls with
 * talk > 0; patience = the censored-exponential MLE (abandoned / total wait, `estimatePatience`).
 */
export function readBank(file: string): BankMeasurements {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliUsageError(say(`cannot read ${file}`, `无法读取 ${file}`));
  }
  let calls;
  try {
    calls = foldEvents(parseBankCalls(text, { file }).events).values();
  } catch (error) {
    throw new CliUsageError(say(`${file}: ${(error as Error).message}`, `${file}：${(error as Error).message}`));
  }
  const handleTimes: number[] = [];
  const queued: { waitSeconds: number; abandoned: boolean }[] = [];
  for (const call of calls) {
    const outcome = outcomeOf(call);
    if (outcome === 'answered') {
      queued.push({ waitSeconds: call.waitSeconds ?? 0, abandoned: false });
      if ((call.talkSeconds ?? 0) > 0) handleTimes.push(call.talkSeconds!);
    } else if (outcome === 'abandoned' && call.abandonWhere === 'queue') {
      queued.push({ waitSeconds: call.waitSeconds ?? 0, abandoned: true });
    }
  }
  const patience = estimatePatience(queued);
  if (patience.kind !== 'estimated') throw new CliUsageError(say(`${file}: patience cannot be estimated (${patience.kind})`, `${file}：无法估计耐心时长（${patience.kind}）`));
  return {
    handleTimes,
    queued,
    ahtSeconds: estimateAht(handleTimes).ahtSeconds,
    patienceSeconds: patience.patienceSeconds,
    patienceCurve: kaplanMeier(queued),
  };
}
