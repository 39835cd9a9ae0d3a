// `hotline forecast FILE... --format ...` and `hotline forecast --from-ledger`: arrivals per interval for the coming
// weeks and the agents each interval needs (Erlang C for a service level, Erlang A for the connect rate), over
// @hotline/forecast. The file path reads offline (no services); --from-ledger asks the API (GET /api/forecast).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TIMEZONE, addDays, dayKey } from '@hotline/events';
import {
  type ArrivalHistory,
  type CallHistorySummary,
  type ForecastReport,
  type ForecastReportOptions,
  HOLIDAY_CALENDARS,
  type HolidayCalendar,
  METHODS,
  type MethodName,
  PLANNER_LIMITS,
  dayInPlannerYears,
  forecastReport,
  parsePsapHourly,
  parseUsBank5min,
  summarizeCalls,
} from '@hotline/forecast';
import { foldEvents, outcomeOf } from '@hotline/kpi';
import { apiAnswer, openApi, unreachable } from '../api-session';
import { CliUsageError, type Reason, say } from '../cli-error';
import type { ApiEnv, CliConfig } from '../config';
import { readFeedFile, timeZoneName } from '../feed-file';
import { type RawOptions, asUsage, choiceFlag as choice, flagName, flagOfField, numberFlag } from '../flags';

/** Inputs `hotline forecast` reads: call records (queue_log, bank) or interval counts (us-bank-5min, psap-hourly). */
export const FORECAST_FORMATS = ['queue_log', 'bank', 'us-bank-5min', 'psap-hourly'] as const;
export type ForecastFormat = (typeof FORECAST_FORMATS)[number];

/**
 * What the user wrote for a library field (for error messages): the flag that sets it, or the file a text came
 * from (`text`, `texts[i]`: the i-th file; `history`: the files).
 */
function sourceOf(field: string, files: readonly string[], options: RawOptions): string | Reason {
  const text = /^texts?(?:\[(\d+)\])?$/.exec(field);
  if (text) return files[Number(text[1] ?? 0)] ?? files.join(', ');
  if (field === 'history') return files.length ? files.join(', ') : say('the history', '历史数据');
  if (field.startsWith('targets.')) return flagName(field.slice('targets.'.length));
  // The load of the intervals (too large an offered load, too much work): the AHT or patience given, else the horizon;
  // with the library's field (`intervals[3]`) after it.
  if (field.startsWith('intervals') || field === 'arrivalsPerHour') {
    const flag = options.ahtSeconds !== undefined ? '--aht-seconds' : options.patienceSeconds !== undefined ? '--patience-seconds' : '--weeks';
    return field.startsWith('intervals') ? say(`${flag}: ${field}`, `${flag}（${field}）`) : flag;
  }
  if (field === 'timeZone') return '--timezone';
  return flagOfField(field);
}

/** Runs a library call; an input error becomes a usage error naming the flag or the file. */
function usage<T>(run: () => T, files: readonly string[] = [], options: RawOptions = {}): T {
  return asUsage(run, (field) => sourceOf(field, files, options));
}

function wholeFlag(options: RawOptions, field: string, min: number, max: number): number | undefined {
  const v = numberFlag(options, field);
  if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new CliUsageError(say(`${flagName(field)} must be a whole number from ${min} to ${max} (got ${String(options[field])})`, `${flagName(field)} 必须是 ${min} 到 ${max} 的整数（收到 ${String(options[field])}）`));
  return v;
}

/** A duration in seconds, > 0 (>= 0 with `zero`) and at most a day (the API's limits). */
function secondsFlag(options: RawOptions, field: string, zero = false): number | undefined {
  const v = numberFlag(options, field);
  const max = PLANNER_LIMITS.maxSeconds;
  if (v !== undefined && ((zero ? v < 0 : v <= 0) || v > max)) {
    const range = `${zero ? '[0' : '(0'}, ${max}]`;
    throw new CliUsageError(say(`${flagName(field)} must be a number of seconds in ${range} (got ${String(options[field])})`, `${flagName(field)} 必须是 ${range} 之内的秒数（收到 ${String(options[field])}）`));
  }
  return v;
}

function dayFlag(options: RawOptions, field: string): string | undefined {
  const v = options[field];
  if (v === undefined) return undefined;
  const { min, max } = PLANNER_LIMITS.year;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v || !dayInPlannerYears(v)) {
    throw new CliUsageError(say(`${flagName(field)} must be a date YYYY-MM-DD between ${min} and ${max} (got "${String(v)}")`, `${flagName(field)} 必须是 ${min} 到 ${max} 之间的 YYYY-MM-DD 日期（收到 "${String(v)}"）`));
  }
  return v;
}

/** The forecast and requirement options of the flags (validated; the library checks ranges and names the field). */
export function reportOptions(options: RawOptions, format: ForecastFormat | undefined): ForecastReportOptions {
  const method = options.method === undefined ? 'auto' : choice(options.method, ['auto', ...METHODS] as const, '--method');
  const calendarDefault: HolidayCalendar = format === undefined || format === 'queue_log' ? 'cn' : 'none';
  const calendar = options.calendar === undefined ? calendarDefault : choice(options.calendar, HOLIDAY_CALENDARS, '--calendar');
  return {
    weeks: wholeFlag(options, 'weeks', PLANNER_LIMITS.weeks.min, PLANNER_LIMITS.weeks.max) ?? 2,
    from: dayFlag(options, 'from'),
    method: method as MethodName | 'auto',
    calendar,
    targets: {
      targetConnectRate: numberFlag(options, 'targetConnectRate'),
      serviceLevelTarget: numberFlag(options, 'serviceLevelTarget'),
      targetSeconds: secondsFlag(options, 'targetSeconds', true),
      maxOccupancy: numberFlag(options, 'maxOccupancy'),
    },
    shrinkage: numberFlag(options, 'shrinkage'),
    minAgents: wholeFlag(options, 'minAgents', 0, PLANNER_LIMITS.maxMinAgents),
    ahtSeconds: secondsFlag(options, 'ahtSeconds'),
    patienceSeconds: secondsFlag(options, 'patienceSeconds'),
  };
}

function readText(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliUsageError(say(`cannot read ${path}: ${why}`, `无法读取 ${path}：${why}`));
  }
}

/**
 * Reads the files into a history (and, for call records, the measured inputs). With `from`, the inputs are measured
 * on the days before it only, as the forecast is (no look-ahead when the files run past the forecast's start).
 */
export function readSeries(
  files: readonly string[],
  format: ForecastFormat,
  timeZone: string,
  sourceTimeZone?: string,
  from?: string,
): { history: ArrivalHistory; summary: CallHistorySummary | null } {
  if (files.length === 0) throw new CliUsageError(say(`a file is needed with --format ${format} (or --from-ledger)`, `--format ${format} 需要给出文件（或使用 --from-ledger）`));
  switch (format) {
    case 'us-bank-5min':
      if (files.length > 1) throw new CliUsageError(say('--format us-bank-5min reads one file', '--format us-bank-5min 只读取一个文件'));
      return { history: usage(() => parseUsBank5min(readText(files[0]), 30), files), summary: null };
    case 'psap-hourly':
      return { history: usage(() => parsePsapHourly(files.map(readText)), files), summary: null };
    case 'bank':
    case 'queue_log': {
      const events = files.flatMap((f) => readFeedFile(f, format, sourceTimeZone ?? (format === 'bank' ? timeZone : undefined)).events);
      const calls = [...foldEvents(events).values()].map((c) => ({ ...c, outcome: outcomeOf(c) }));
      if (calls.length === 0) throw new CliUsageError(say(`${files.join(', ')}: no calls found`, `${files.join(', ')}：没有找到通话`));
      // Up to the day before `from`, but never past the files' last day (the days after it are not observed).
      const lastDay = dayKey(new Date(calls.reduce((m, c) => Math.max(m, c.offeredAt), 0)), timeZone);
      const to = from !== undefined && addDays(from, -1) < lastDay ? addDays(from, -1) : undefined;
      const summary = usage(() => summarizeCalls(calls, { timeZone, intervalMinutes: 30, to }), files);
      return { history: summary.history, summary };
    }
  }
}

/** `hotline forecast FILE... --format ...`: the report, offline. */
export function forecastOfFiles(files: readonly string[], options: RawOptions): ForecastReport {
  const format = choice(options.format, FORECAST_FORMATS, '--format');
  const timeZone = timeZoneName(typeof options.timezone === 'string' ? options.timezone : DEFAULT_TIMEZONE, '--timezone');
  const sourceTimeZone = typeof options.sourceTimezone === 'string' ? timeZoneName(options.sourceTimezone, '--source-timezone') : undefined;
  const opts = reportOptions(options, format);
  const { history, summary } = readSeries(files, format, timeZone, sourceTimeZone, opts.from);
  return usage(() => forecastReport(history, summary, opts), files, options);
}

/** The query string of GET /api/forecast for the flags. */
export function ledgerQuery(options: RawOptions): string {
  const o = reportOptions(options, undefined);
  const params = new URLSearchParams();
  const put = (key: string, value: string | number | undefined): void => {
    if (value !== undefined) params.set(key, String(value));
  };
  put('weeks', o.weeks);
  put('from', o.from);
  put('method', o.method);
  if (options.calendar !== undefined) put('calendar', o.calendar);
  put('targetConnectRate', o.targets?.targetConnectRate);
  put('serviceLevelTarget', o.targets?.serviceLevelTarget);
  put('targetSeconds', o.targets?.targetSeconds);
  put('maxOccupancy', o.targets?.maxOccupancy);
  put('shrinkage', o.shrinkage);
  put('minAgents', o.minAgents);
  put('ahtSeconds', o.ahtSeconds);
  put('patienceSeconds', o.patienceSeconds);
  return params.toString();
}

/** `hotline forecast --from-ledger`: the same report from the API, over the ledger's history. */
export async function forecastFromLedger(options: RawOptions, env: ApiEnv): Promise<ForecastReport> {
  const apiUrl = typeof options.apiUrl === 'string' ? options.apiUrl : undefined;
  const query = ledgerQuery(options);
  const { base, fetchApi } = await openApi(apiUrl, env);
  let res: Response;
  try {
    res = await fetchApi(`/api/forecast?${query}`);
  } catch (error) {
    throw unreachable(base, error);
  }
  return apiAnswer<ForecastReport>(res);
}

const pct = (x: number | null | undefined): string => (x === undefined || x === null ? '-' : `${(x * 100).toFixed(2)} %`);
const num = (x: number | undefined, digits = 1): string => (x === undefined ? '-' : x.toFixed(digits));

/** Why the forecast starts where it does, in words. */
function startText(r: ForecastReport): string {
  switch (r.start.reason) {
    case 'given':
      return 'the day given (--from)';
    case 'after-history':
      return `the day after the history's last day`;
    case 'feed-clock':
      return `the ledger's feed clock (its latest event, ${r.start.feedClock ?? '?'}) is on this day, so the last complete day is ${r.historyTo}`;
  }
}

/** The report as text: method and back-test, inputs, days, and the intervals of the first day (all with allIntervals). */
export function formatReport(r: ForecastReport, allIntervals = false): string {
  const out: string[] = [];
  out.push(`forecast ${r.from} .. ${r.to} from history ${r.historyFrom} .. ${r.historyTo} (${r.timeZone}, ${r.intervalMinutes}-minute intervals, calendar ${r.calendar})`);
  out.push(`starts ${r.from}: ${startText(r)}`);
  out.push(`method: ${r.method.name} ${JSON.stringify(r.method.parameters)} (${r.method.selectedBy}${r.method.backtestWeeks ? `, ${r.method.backtestWeeks}-week back-test` : ''})`);
  for (const b of r.method.backtest) out.push(`  back-test WAPE ${b.method.padEnd(15)} per interval ${pct(b.wapeInterval)}  per day ${pct(b.wapeDay)}`);
  out.push(`prediction interval ${Math.round(r.predictionInterval.level * 100)} % (variance = mean + κ·mean², κ ${num(r.predictionInterval.overdispersionInterval, 3)} per interval, ${num(r.predictionInterval.overdispersionDay, 4)} per day, ${r.predictionInterval.source})`);
  if (r.inputs && r.targets) {
    const i = r.inputs;
    out.push(
      `inputs: AHT ${num(i.ahtSeconds)} s (${i.ahtSource}), patience ${num(i.patienceSeconds)} s (${i.patienceSource}${i.patienceStandardErrorSeconds !== undefined ? ` ± ${num(i.patienceStandardErrorSeconds)} s` : ''}), ` +
        `${pct(i.agentShare)} of requests reach the agents, ${pct(i.ivrAnsweredShare)} end in the IVR`,
    );
    out.push(
      `targets: Erlang C service level ${pct(r.targets.serviceLevelTarget)} within ${r.targets.targetSeconds} s; Erlang A connect rate ${pct(r.targets.targetConnectRate)} ` +
        `(agent queue ${pct(r.agentConnectRateTarget ?? undefined)}); shrinkage ${pct(r.shrinkage ?? 0)}; at least ${r.minAgents ?? 0} agent(s)`,
    );
  }
  out.push('', 'day         type            calls   80% range       Erlang C agent-h  Erlang A agent-h  expected connect  basis');
  for (const d of r.days) {
    out.push(
      `${d.day}  ${d.dayType.padEnd(14)} ${num(d.arrivals).padStart(7)}  ${`${num(d.lower, 0)}-${num(d.upper, 0)}`.padEnd(14)}  ${num(d.erlangCAgentHours).padStart(16)}  ${num(d.erlangAAgentHours).padStart(16)}  ${pct(d.expectedConnectRate).padStart(16)}  ${d.basis}`,
    );
  }
  if (r.monthView && r.totals) {
    out.push(
      '',
      `horizon: Erlang C ${num(r.totals.erlangCAgentHours)} agent-h (${num(r.totals.erlangCRosteredHours)} rostered), Erlang A ${num(r.totals.erlangAAgentHours)} agent-h (${num(r.totals.erlangARosteredHours)} rostered), expected connect rate ${pct(r.monthView.total.connectRate)}`,
      `pooled over the horizon (the month's ratio counts): ${num(r.monthView.pooled.agentHours)} agent-h give ${pct(r.monthView.pooled.connectRate)}`,
    );
  }
  const shown = allIntervals ? r.intervals : r.intervals.filter((iv) => iv.day === r.from);
  out.push('', `${allIntervals ? 'intervals' : `intervals of ${r.from} (--all-intervals for every day)`}`, 'day         start  calls  80% range     AHT s  load E  Erlang C  (rostered)  Erlang A  (rostered)  connect');
  for (const iv of shown) {
    out.push(
      `${iv.day}  ${iv.label}  ${num(iv.arrivals).padStart(5)}  ${`${num(iv.lower)}-${num(iv.upper)}`.padEnd(12)}  ${num(iv.ahtSeconds, 0).padStart(5)}  ${num(iv.trafficErlangs, 2).padStart(6)}  ` +
        `${String(iv.erlangC?.agents ?? '-').padStart(8)}  ${String(iv.erlangC?.agentsWithShrinkage ?? '-').padStart(10)}  ${String(iv.erlangA?.agents ?? '-').padStart(8)}  ${String(iv.erlangA?.agentsWithShrinkage ?? '-').padStart(10)}  ${pct(iv.erlangA?.connectRate).padStart(8)}`,
    );
  }
  if (r.warnings.length) out.push('', ...r.warnings.map((w) => `note: ${w.message}`));
  return `${out.join('\n')}\n`;
}

/** Adds `hotline forecast`. */
export function registerForecastCommand(program: Command, config: CliConfig): void {
  program
    .command('forecast')
    .description('arrivals per interval for the coming weeks and the agents each interval needs (Erlang C for the service level, Erlang A for the connect rate)')
    .argument('[files...]', 'queue_log or Anonymous Bank TSV (call records), US bank 5-minute CSV, or 911 weekly CSVs (several at once)')
    .option('--format <format>', `${FORECAST_FORMATS.join(' | ')} (required with files)`)
    .option('--from-ledger', "forecast from the ledger's history through the API instead of a file")
    .option('--api-url <url>', 'the API, with --from-ledger (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)')
    .option('--weeks <n>', `weeks to forecast, ${PLANNER_LIMITS.weeks.min} to ${PLANNER_LIMITS.weeks.max}`, '2')
    .option('--from <day>', "first day to forecast, YYYY-MM-DD (default: the day after the history; from the ledger, the feed clock's day)")
    .option('--method <method>', `auto (back-test picks) | ${METHODS.join(' | ')}`, 'auto')
    .option('--calendar <calendar>', 'holidays: cn (Chinese holidays and make-up workdays; default for queue_log and the ledger) | none (default for the foreign series)')
    .option('--timezone <tz>', "the hotline's zone, for days and intervals of call records", DEFAULT_TIMEZONE)
    .option('--source-timezone <tz>', "zone of the file's local times (queue_log table: UTC; bank: the --timezone)")
    .option('--target-connect-rate <fraction>', 'Erlang A: connect rate (接通率) each interval must reach, e.g. 0.9 (default 0.9)')
    .option('--service-level-target <fraction>', 'Erlang C: share answered within --target-seconds, e.g. 0.8 (default 0.8)')
    .option('--target-seconds <seconds>', `answer-time target of the service level, at most ${PLANNER_LIMITS.maxSeconds} (default 20)`)
    .option('--max-occupancy <fraction>', 'maximum occupancy for both models')
    .option('--shrinkage <fraction>', 'shrinkage for the rostered counts, e.g. 0.3 (default 0)')
    .option('--min-agents <n>', `minimum agents on duty in every interval, at most ${PLANNER_LIMITS.maxMinAgents} (default 0)`)
    .option('--aht-seconds <seconds>', `AHT to use instead of the measured one, at most ${PLANNER_LIMITS.maxSeconds} (needed for count series)`)
    .option('--patience-seconds <seconds>', `mean patience to use instead of the measured one, at most ${PLANNER_LIMITS.maxSeconds}`)
    .option('--all-intervals', 'print every interval (default: the first day\'s)')
    .option('--json', 'print the report as JSON (the shape of GET /api/forecast)')
    .action(async (files: string[], options: RawOptions) => {
      if (options.fromLedger === true && files.length > 0) throw new CliUsageError(say('--from-ledger reads no file', '--from-ledger 不读取文件'));
      if (options.fromLedger !== true && options.format === undefined) throw new CliUsageError(say('--format is required with a file (or use --from-ledger)', '给出文件时必须指定 --format（或使用 --from-ledger）'));
      const report = options.fromLedger === true ? await forecastFromLedger(options, config.api) : forecastOfFiles(files, options);
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, options.allIntervals === true));
    });
}
