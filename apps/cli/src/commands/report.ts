/**
 * `hotline report`: the month's paperwork through the API (the same documents the console's 月度考核 page gives):
 * the registers' month states, a generated document saved to a file, a report submitted (frozen) to the bureau.
 * Signs in as HOTLINE_API_LOGIN / HOTLINE_API_PASSWORD (a supplier manager submits; any register reader downloads).
 * Exit codes: 0 done, 1 the API unreachable or failing, 2 a usage mistake (or the API refusing the request's
 * content: 4xx naming the field), 3 not allowed (the API answered 401 or 403: wrong account or password, or a role
 * without the permission).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import {
  API, DOCUMENT_FILES, REGISTER_LABELS, REPORT_KINDS, ROLE_LABELS, type DocumentFile, type RegisterMonthsView, type ReportKind, type ReportView,
} from '@hotline/contracts';
import { DEFAULT_TIMEZONE, instantToLocal } from '@hotline/events';
import { apiAnswer, apiBytes, openApi } from '../api-session';
import { CliUsageError, say } from '../cli-error';
import type { CliConfig } from '../config';

/** The accounts that fit `hotline report` (named when none is set or the API refuses the one given). */
export const REPORT_ACCOUNT_HINT = say("a supplier manager's account (submits) or the bureau's (reads)", `${ROLE_LABELS.manager['zh-CN']}账号（提交）或${ROLE_LABELS.bureau['zh-CN']}账号（查阅）`);
const STATE_ZH = { open: '登记中', closed: '已关账', confirmed: '已确认' } as const;

/** `YYYY-MM` or a usage error. */
function monthArg(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError(say(`the month must be YYYY-MM (got "${month}")`, `月份必须是 YYYY-MM（收到 "${month}"）`));
  return month;
}

/** The API's answer as JSON, or the error it means (401/403 exit 3 naming the accounts that fit; see apiAnswer). */
function answer<T>(res: Response): Promise<T> {
  return apiAnswer<T>(res, REPORT_ACCOUNT_HINT);
}

/** A path of the contract with its parameters filled in. */
function pathOf(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * An ISO instant as Asia/Shanghai wall-clock time, as the console and the documents print it:
 * `2026-12-09T16:00:00.000Z` -> `2026-12-10 00:00 +08:00`.
 */
export function shanghaiInstant(iso: string): string {
  const l = instantToLocal(new Date(iso), DEFAULT_TIMEZONE);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} +08:00`;
}

/** One report as lines: due, submitted (Asia/Shanghai), late, the frozen documents with their SHA-256. */
export function formatReport(r: ReportView): string {
  const title = r.kind === 'operations' ? '月度运营报告 / operations report' : '服务考核自评表 / self-assessment';
  const lines = [
    `${r.month} ${title}`,
    `  due        ${shanghaiInstant(r.dueAt)}`,
    `  submitted  ${r.submitted ? `${shanghaiInstant(r.submitted.at)} by ${r.submitted.by.login}` : '-'}${r.late ? '  LATE 逾期' : ''}`,
    ...r.documents.map((d) => `  document   #${d.id} ${d.fileName} ${d.bytes} bytes sha256 ${d.sha256}`),
    ...r.findings.map((f) => `  finding    ${f.note} (missing ${f.itemsMissing}, untruthful ${f.untruthful}) by ${f.by.login}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The registers' month states as lines. */
export function formatStates(v: RegisterMonthsView): string {
  const lines = v.registers.map((r) => {
    const figures = Object.entries(r.figures).map(([k, n]) => `${k}=${n}`).join(' ');
    const blockers = r.blockers.length ? `  blocked: ${r.blockers.map((b) => b.message).join('; ')}` : '';
    return `  ${REGISTER_LABELS[r.register]['zh-CN']} ${r.register.padEnd(16)} ${STATE_ZH[r.state]} ${r.state.padEnd(9)} ${figures}${blockers}`;
  });
  return `${v.month} registers:\n${lines.join('\n')}\n`;
}

/**
 * Opens the file a document is saved to before anything is generated: a path that cannot be written (no such
 * folder, no permission, a folder) is a usage mistake found at once. The file is created if absent (and removed
 * again if nothing is saved), an existing one is only replaced once the document has arrived.
 * @returns write (replaces the content) and discard (closes; removes the file if this run created it).
 * @throws CliUsageError naming the path and the reason.
 */
export function openOut(path: string): { write(bytes: Uint8Array): void; discard(): void } {
  const existed = existsSync(path);
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new CliUsageError(say(`--out ${path} cannot be written (${e.code ?? e.message})`, `--out ${path} 无法写入（${e.code ?? e.message}）`));
  }
  return {
    write(bytes) {
      try {
        // Opened for appending (it must not be emptied before the document arrives): emptied now, then written on.
        ftruncateSync(fd, 0);
        let at = 0;
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      } finally {
        closeSync(fd);
      }
    },
    discard() {
      closeSync(fd);
      if (!existed) {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      }
    },
  };
}

/** Adds `hotline report status|get|submit`. */
export function registerReportCommand(program: Command, config: CliConfig): void {
  const report = program
    .command('report')
    .description("the month's paperwork through the API: register states, documents, submitting a report to the bureau")
    .option('--api-url <url>', 'the API (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)');
  const session = async () => (await openApi(report.opts<{ apiUrl?: string }>().apiUrl, config.api, REPORT_ACCOUNT_HINT)).fetchApi;

  report
    .command('status')
    .description("each register's month state (open / closed / confirmed), its figures and what blocks closing it")
    .argument('<month>', 'YYYY-MM')
    .option('--json', 'print the API answer')
    .action(
      async (month: string, options: { json?: boolean }) => {
        const fetchApi = await session();
        const view = await answer<RegisterMonthsView>(await fetchApi(pathOf(API.registerMonths.path, { month: monthArg(month) })));
        process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatStates(view));
      },
    );

  report
    .command('get')
    .description(`generates a document of the month and saves it: ${DOCUMENT_FILES.join(', ')}`)
    .argument('<month>', 'YYYY-MM')
    .argument('<file>', DOCUMENT_FILES.join(' | '))
    .option('--out <path>', 'where to save it (default: <month>-<file> in the current folder)')
    .action(
      async (month: string, file: string, options: { out?: string }) => {
        if (!(DOCUMENT_FILES as readonly string[]).includes(file)) throw new CliUsageError(say(`the document must be one of ${DOCUMENT_FILES.join(', ')} (got "${file}")`, `文档只能是 ${DOCUMENT_FILES.join('、')} 之一（收到 "${file}"）`));
        const path = pathOf(API.document.path, { month: monthArg(month), file: file as DocumentFile });
        const out = options.out ?? `${month}-${file}`;
        // Checked before the API is asked to generate anything (a big PDF takes seconds to lay out).
        const target = openOut(out);
        let bytes: Buffer;
        try {
          const fetchApi = await session();
          bytes = await apiBytes(await fetchApi(path), REPORT_ACCOUNT_HINT);
        } catch (error) {
          target.discard();
          throw error;
        }
        target.write(bytes);
        process.stdout.write(`${out}  ${bytes.length} bytes  sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`);
      },
    );

  report
    .command('submit')
    .description('submits a report to the bureau: its documents are generated, frozen (hash, time, who) and recorded')
    .argument('<month>', 'YYYY-MM')
    .argument('<kind>', REPORT_KINDS.join(' | '))
    .option('--json', 'print the API answer')
    .action(
      async (month: string, kind: string, options: { json?: boolean }) => {
        if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new CliUsageError(say(`the report must be one of ${REPORT_KINDS.join(', ')} (got "${kind}")`, `报告只能是 ${REPORT_KINDS.join('、')} 之一（收到 "${kind}"）`));
        const fetchApi = await session();
        const res = await fetchApi(pathOf(API.submitReport.path, { month: monthArg(month), kind: kind as ReportKind }), { method: 'POST' });
        const view = await answer<ReportView>(res);
        process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatReport(view));
      },
    );
}
