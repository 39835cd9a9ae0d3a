/**
 * `hotline report`: the month's paperwork through the API (the same documents the console's 月度考核 page gives):
 * the registers' month states, a generated document saved to a file, a report submitted (frozen) to the bureau.
 * Signs in as HOTLINE_API_LOGIN / HOTLINE_API_PASSWORD (a supplier manager submits; any register reader downloads).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Command, CommanderError } from 'commander';
import {
  API, DOCUMENT_FILES, REGISTER_LABELS, REPORT_KINDS, type DocumentFile, type RegisterMonthsView, type ReportKind, type ReportView,
} from '@hotline/contracts';
import { apiSession } from '../api-session';
import { CliUsageError } from '../cli-error';
import { defaultApiUrl } from './forecast';

const USAGE_CODES = new Set(['commander.missingArgument', 'commander.unknownOption', 'commander.optionMissingArgument', 'commander.excessArguments', 'commander.invalidArgument']);
const STATE_ZH = { open: '登记中', closed: '已关账', confirmed: '已确认' } as const;

/** `YYYY-MM` or a usage error. */
function monthArg(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError(`the month must be YYYY-MM (got "${month}")`);
  return month;
}

/** The API's answer as JSON, or an error: a 4xx is the user's (exit 2, the API's message and field), others are ours. */
async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { message?: string; field?: string };
  if (res.status >= 400 && res.status < 500) throw new CliUsageError(`the API refused (${res.status}): ${body.message ?? res.statusText}${body.field ? ` [${body.field}]` : ''}`);
  if (!res.ok) throw new Error(`the API answered ${res.status}: ${body.message ?? res.statusText}`);
  return body;
}

/** A path of the contract with its parameters filled in. */
function pathOf(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
}

/** One report as lines: due, submitted, late, the frozen documents with their SHA-256. */
export function formatReport(r: ReportView): string {
  const title = r.kind === 'operations' ? '月度运营报告 / operations report' : '服务考核自评表 / self-assessment';
  const lines = [
    `${r.month} ${title}`,
    `  due        ${r.dueAt}`,
    `  submitted  ${r.submitted ? `${r.submitted.at} by ${r.submitted.by.login}` : '-'}${r.late ? '  LATE 逾期' : ''}`,
    ...r.documents.map((d) => `  document   #${d.id} ${d.fileName} ${d.bytes} bytes sha256 ${d.sha256}`),
    ...r.findings.map((f) => `  finding    ${f.note} (missing ${f.itemsMissing}, untruthful ${f.untruthful}) by ${f.by.login}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The registers' month states as lines. */
export function formatStates(v: RegisterMonthsView): string {
  const lines = v.registers.map((r) => {
    const figures = Object.entries(r.figures).map(([k, n]) => `${k}=${n}`).join(' ');
    const blockers = r.blockers.length ? `  blocked: ${r.blockers.join('; ')}` : '';
    return `  ${REGISTER_LABELS[r.register]['zh-CN']} ${r.register.padEnd(16)} ${STATE_ZH[r.state]} ${r.state.padEnd(9)} ${figures}${blockers}`;
  });
  return `${v.month} registers:\n${lines.join('\n')}\n`;
}

/** Adds `hotline report status|get|submit`. */
export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description("the month's paperwork through the API: register states, documents, submitting a report to the bureau")
    .option('--api-url <url>', 'the API (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)')
    .configureOutput({ outputError: () => undefined })
    .showHelpAfterError(false)
    .exitOverride((error: CommanderError) => {
      if (USAGE_CODES.has(error.code)) throw new CliUsageError(`${error.message.replace(/^error: /, '')} (see: hotline report --help)`);
      throw error;
    });
  const session = async () => {
    const apiUrl = report.opts<{ apiUrl?: string }>().apiUrl;
    const base = apiUrl ?? defaultApiUrl(process.env);
    try {
      new URL(base);
    } catch {
      throw new CliUsageError(`--api-url "${base}" is not a URL`);
    }
    return apiSession(base, process.env);
  };

  report
    .command('status')
    .description("each register's month state (open / closed / confirmed), its figures and what blocks closing it")
    .argument('<month>', 'YYYY-MM')
    .option('--json', 'print the API answer')
    .action(async (month: string, options: { json?: boolean }) => {
      const fetchApi = await session();
      const view = await answer<RegisterMonthsView>(await fetchApi(pathOf(API.registerMonths.path, { month: monthArg(month) })));
      process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatStates(view));
    });

  report
    .command('get')
    .description(`generates a document of the month and saves it: ${DOCUMENT_FILES.join(', ')}`)
    .argument('<month>', 'YYYY-MM')
    .argument('<file>', DOCUMENT_FILES.join(' | '))
    .option('--out <path>', 'where to save it (default: <month>-<file> in the current folder)')
    .action(async (month: string, file: string, options: { out?: string }) => {
      if (!(DOCUMENT_FILES as readonly string[]).includes(file)) throw new CliUsageError(`the document must be one of ${DOCUMENT_FILES.join(', ')} (got "${file}")`);
      const fetchApi = await session();
      const res = await fetchApi(pathOf(API.document.path, { month: monthArg(month), file: file as DocumentFile }));
      if (!res.ok) await answer(res);
      const bytes = Buffer.from(await res.arrayBuffer());
      const out = options.out ?? `${month}-${file}`;
      writeFileSync(out, bytes);
      process.stdout.write(`${out}  ${bytes.length} bytes  sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`);
    });

  report
    .command('submit')
    .description('submits a report to the bureau: its documents are generated, frozen (hash, time, who) and recorded')
    .argument('<month>', 'YYYY-MM')
    .argument('<kind>', REPORT_KINDS.join(' | '))
    .option('--json', 'print the API answer')
    .action(async (month: string, kind: string, options: { json?: boolean }) => {
      if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new CliUsageError(`the report must be one of ${REPORT_KINDS.join(', ')} (got "${kind}")`);
      const fetchApi = await session();
      const res = await fetchApi(pathOf(API.submitReport.path, { month: monthArg(month), kind: kind as ReportKind }), { method: 'POST' });
      const view = await answer<ReportView>(res);
      process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatReport(view));
    });
}
