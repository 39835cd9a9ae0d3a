import type { Command } from 'commander';
import { maskNumbersInText } from '@hotline/contracts';
import { DEFAULT_TIMEZONE, dayKey, nextDay, startOfDay } from '@hotline/events';
import { DEFAULT_KPI_POLICY, KpiAggregator, buildReport, foldEvents, type KpiReport } from '@hotline/kpi';
import { CliUsageError, say } from '../cli-error';
import { encodingName, feedFormat, readFeedFile, timeZoneName } from '../feed-file';

interface KpiFlags {
  format: string;
  json?: boolean;
  timezone: string;
  sourceTimezone?: string;
  encoding?: string;
  slSeconds: string;
  from?: string;
  to?: string;
}

/**
 * `hotline kpi FILE --format queue_log|bank [--json]`: the live engine's KPIs computed offline from a file.
 * Exit code 2 for a usage mistake or input that is not text (a NUL byte, a binary or compressed file, another
 * encoding than --encoding): the message names the file, the line and the byte offset.
 */
export function registerKpiCommand(program: Command): void {
  program
    .command('kpi')
    .description('compute the connect rate and queue KPIs of a queue_log or bank call file, offline (no services)')
    .argument('[file]', 'queue_log (flat file or realtime-table CSV), Anonymous Bank TSV, or a synthetic profile (JSON, optional)')
    .requiredOption('--format <format>', 'queue_log | bank | synthetic')
    .option('--json', 'print JSON')
    .option('--timezone <tz>', 'zone for days and intervals', DEFAULT_TIMEZONE)
    .option('--source-timezone <tz>', "zone of the file's local times (queue_log table: UTC; bank: the --timezone)")
    .option('--encoding <name>', "the file's text encoding (utf-8, gb18030, gbk, utf-16le...); files that are not text are refused", 'utf-8')
    .option('--sl-seconds <n>', 'service-level threshold T, seconds', '20')
    .option('--from <day>', 'first local day YYYY-MM-DD')
    .option('--to <day>', 'last local day YYYY-MM-DD (inclusive)')
    .action((file: string | undefined, flags: KpiFlags) => {
      const report = kpiOfFile(file, flags);
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    });
}

/**
 * The JSON `hotline kpi` prints: the report plus what the adapter skipped and could not read. Dead letters' raw
 * lines and reasons have every run of 5+ digits masked (`maskNumbersInText`): a caller's number in a line cannot be
 * told from other numbers, and the CLI holds no key to keep them encrypted. Repair a line from the file itself, or
 * from the API (`POST /api/dead-letters/{id}/raw`, permission `calls.unmask`).
 */
export type FileKpiReport = KpiReport & { file: string | null; skipped: Record<string, number>; deadLetters: { line?: number; reason: string; raw: string }[] };

export function kpiOfFile(file: string | undefined, flags: KpiFlags): FileKpiReport {
  const format = feedFormat(flags.format);
  const timeZone = timeZoneName(flags.timezone, '--timezone');
  const sourceTimeZone = flags.sourceTimezone ? timeZoneName(flags.sourceTimezone, '--source-timezone') : format === 'bank' ? timeZone : undefined;
  const slSeconds = Number(flags.slSeconds);
  if (!Number.isFinite(slSeconds) || slSeconds < 0) throw new CliUsageError(say(`--sl-seconds must be a non-negative number of seconds; got "${flags.slSeconds}"`, `--sl-seconds 必须是非负的秒数；收到 "${flags.slSeconds}"`));
  const dayBound = (day: string | undefined, flag: string): number | undefined => {
    if (day === undefined) return undefined;
    try {
      return startOfDay(day, timeZone).getTime();
    } catch {
      throw new CliUsageError(say(`${flag} "${day}" is not a date YYYY-MM-DD`, `${flag} "${day}" 不是 YYYY-MM-DD 格式的日期`));
    }
  };
  if (flags.from && flags.to && flags.from > flags.to) throw new CliUsageError(say(`--from ${flags.from} is after --to ${flags.to}`, `--from ${flags.from} 晚于 --to ${flags.to}`));
  const from = dayBound(flags.from, '--from') ?? -Infinity;
  const to = flags.to ? dayBound(nextDay(flags.to), '--to')! : Infinity;
  const encoding = encodingName(flags.encoding ?? 'utf-8');
  const result = readFeedFile(file, format, sourceTimeZone, flags.from ?? dayKey(new Date(), timeZone), encoding);
  const aggregator = new KpiAggregator({ ...DEFAULT_KPI_POLICY, timeZone, serviceLevelSeconds: slSeconds });
  for (const call of foldEvents(result.events).values()) aggregator.add(call);
  return {
    file: file ?? null,
    ...buildReport(aggregator, from, to),
    skipped: result.skipped,
    deadLetters: result.deadLetters.map(({ line, reason, raw }) => ({ line, reason: maskNumbersInText(reason), raw: maskNumbersInText(raw) })),
  };
}

function formatReport(r: FileKpiReport): string {
  const pct = (v: string | null) => (v === null ? '-' : `${v}%`);
  const lines = [
    `${r.file ?? 'synthetic day'}  (days in ${r.timeZone})`,
    `requests ${r.requests}  agent-answered ${r.agentAnswered}  IVR-answered ${r.ivrAnswered}  abandoned ${r.abandoned} (queue ${r.abandonedInQueue}, IVR ${r.abandonedInIvr})  pending ${r.pending}`,
    `connect rate ${pct(r.connectRate)}  service level ${pct(r.serviceLevel)}  ASA ${r.asaSeconds ?? '-'} s  AHT ${r.ahtSeconds ?? '-'} s`,
    '',
    'day         requests  agent    IVR  abandoned  connect',
    ...r.days.map((d) => `${d.date}  ${String(d.requests).padStart(8)}  ${String(d.agentAnswered).padStart(5)}  ${String(d.ivrAnswered).padStart(5)}  ${String(d.abandoned).padStart(9)}  ${pct(d.connectRate).padStart(7)}`),
    '',
    'agent                answered   talk s  AHT s',
    ...r.agents.map((a) => `${a.agentId.padEnd(20)} ${String(a.agentAnswered).padStart(8)} ${String(Math.round(a.talkSeconds)).padStart(8)}  ${a.ahtSeconds ?? '-'}`),
  ];
  if (r.deadLetters.length) lines.push('', `${r.deadLetters.length} line(s) not understood:`, ...r.deadLetters.map((d) => `  line ${d.line ?? '?'}: ${d.reason}`));
  return `${lines.join('\n')}\n`;
}
