/**
 * `hotline import FILE`: imports call records (话单 / CDR export, CSV or xlsx) through the API with a column mapping
 * (a saved preset, or a mapping JSON file): shows the dry run (the first rows as read, callers masked; every bad row
 * with its number and reason), asks before importing the good rows of a file with bad ones (or `--yes`), then follows
 * the import job until it is done. Signs in as HOTLINE_API_LOGIN / HOTLINE_API_PASSWORD (a shift lead or a manager).
 * A file imported already under another `source` (its calls would count twice) is refused unless
 * `--allow-second-source` (or a yes at the prompt); `--yes` does not cover it.
 * Exit codes: 0 done (or the dry run shown), 1 the API unreachable or failing, or the job failed; 2 a usage mistake,
 * the API refusing the request's content (4xx naming the field), bad rows or a second source not confirmed; 3 not
 * allowed (401/403).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  API, CALL_IMPORT_ENCODINGS, CALL_IMPORT_FIELD_LABELS, CallImportMapping, IMPORT_CONTENT_TYPES, ROLE_LABELS,
  type CallImportField, type CallImportPreview, type CallImportView, type QueryOf,
} from '@hotline/contracts';
import { apiAnswer, openApi } from '../api-session';
import { CliUsageError, say } from '../cli-error';
import type { ApiEnv, CliConfig } from '../config';

/** The accounts that fit `hotline import`. */
export const IMPORT_ACCOUNT_HINT = say("a shift lead's or a manager's account (calls.import)", `${ROLE_LABELS.shift_lead['zh-CN']}或${ROLE_LABELS.manager['zh-CN']}账号（calls.import）`);

interface ImportFlags {
  preset?: string;
  mapping?: string;
  dryRun?: boolean;
  yes?: boolean;
  allowSecondSource?: boolean;
  encoding: string;
  apiUrl?: string;
  json?: boolean;
  interval: string;
}

/** The content type of a file by its extension: `.csv`/`.txt` CSV, `.xlsx` a workbook. @throws CliUsageError otherwise. */
export function contentTypeOf(file: string): string {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return IMPORT_CONTENT_TYPES[0];
  if (ext === '.xlsx') return IMPORT_CONTENT_TYPES[1];
  throw new CliUsageError(say(`${file}: give a .csv or .xlsx file (got "${ext || 'no extension'}")`, `${file}：请给出 .csv 或 .xlsx 文件（收到 "${ext || '无扩展名'}"）`));
}

/** Reads and checks a mapping JSON file. @throws CliUsageError naming the file and the first bad field. */
export function readMapping(path: string): CallImportMapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliUsageError(say(`--mapping ${path}: ${why}`, `--mapping ${path}：${why}`));
  }
  const parsed = CallImportMapping.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliUsageError(say(`--mapping ${path}: ${issue.path.join('.') || '(mapping)'}: ${issue.message}`, `--mapping ${path}：${issue.path.join('.') || '（映射）'} 不符合映射格式（${issue.code}）`));
  }
  return parsed.data;
}

/** How to find or save a preset (shown when the API knows no preset of the name given). */
export const PRESET_HINT = say(
  'list the saved presets in the console (话单导入 page, 字段映射 card) or with GET /api/call-imports/presets; save one there (POST /api/call-imports/presets {"name":...,"mapping":{...}}), or pass --mapping FILE instead',
  '在控制台查看已保存的预设（话单导入页的字段映射卡片）或用 GET /api/call-imports/presets；在那里保存一个（POST /api/call-imports/presets {"name":...,"mapping":{...}}），或改用 --mapping FILE',
);

/** The API's JSON answer, or the error it means (see apiAnswer; a preset the API does not know adds {@link PRESET_HINT}). */
async function answer<T>(res: Response): Promise<T> {
  try {
    return await apiAnswer<T>(res, IMPORT_ACCOUNT_HINT);
  } catch (error) {
    if (res.status === 404 && error instanceof CliUsageError && error.message.endsWith('[preset]')) {
      throw new CliUsageError(say(`${error.reason.en}\n${PRESET_HINT.en}`, `${error.reason['zh-CN']}\n${PRESET_HINT['zh-CN']}`));
    }
    throw error;
  }
}

const label = (field: string) => (field in CALL_IMPORT_FIELD_LABELS ? CALL_IMPORT_FIELD_LABELS[field as CallImportField]['zh-CN'] : field);

/** The dry run as text: totals, the first rows as read (masked by the API), every bad row. */
export function formatPreview(p: CallImportPreview, shownRows = 5): string {
  const lines = [`${p.fileName ?? 'file'}: ${p.totalRows} row(s); columns: ${p.headers.join(', ')}`];
  for (const r of p.rows.slice(0, shownRows)) lines.push(`  row ${r.row}: ${p.headers.map((h) => `${h}=${r.cells[h] ?? ''}`).join('  ')}`);
  if (p.rows.length > shownRows) lines.push(`  ... (${p.rows.length - shownRows} more shown by --json)`);
  if (p.check) {
    const c = p.check;
    lines.push(`good rows ${c.goodRows}, duplicates ${c.duplicates}, bad rows ${c.badRows}, events ${c.events}`);
    for (const e of c.errors) lines.push(`  row ${e.row} ${label(e.field)}${e.column && e.column !== label(e.field) ? ` (${e.column})` : ''}: ${e.reason}`);
  }
  const prev = p.previousImport;
  if (prev && p.countedTwice) {
    lines.push(`WARNING: the same file was imported already under source "${prev.source}" (import #${prev.id}, ${prev.at}); importing it under source "${p.mapping?.source ?? '?'}" would count every call twice (pass --allow-second-source only if the calls really are different)`);
  } else if (prev && prev.sameSource) {
    lines.push(`the same file was imported already with source "${prev.source}" (import #${prev.id}, ${prev.at}): importing it again changes nothing`);
  } else if (prev) {
    lines.push(`the same file was imported already with source "${prev.source}" (import #${prev.id}, ${prev.at})`);
  }
  return `${lines.join('\n')}\n`;
}

/** One import's state as a line. */
export function formatJob(v: CallImportView): string {
  const pct = v.totalRows ? Math.floor((v.rowsDone / v.totalRows) * 100) : 100;
  return `import #${v.id} ${v.status} ${v.rowsDone}/${v.totalRows} rows (${pct}%), ${v.eventsWritten} events, ${v.deadLettersWritten} dead letter(s)${v.failedReason ? `: ${v.failedReason}` : ''}`;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes|是)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Adds `hotline import`. */
export function registerImportCommand(program: Command, config: CliConfig): void {
  program
    .command('import')
    .description('import call records (话单/CDR, CSV or xlsx) through the API with a column mapping: dry run, confirm, follow the job')
    .argument('<file>', 'the export: .csv (UTF-8 or GB18030) or .xlsx (first sheet), a header row')
    .option('--preset <name>', 'a saved mapping (console 话单导入, or POST /api/call-imports/presets)')
    .option('--mapping <file>', 'a mapping JSON file: {"columns":{"arrival":"呼入时间",...},"timeFormat":"local","timeZone":"Asia/Shanghai","source":"cdr"}')
    .option('--dry-run', 'only show the first rows as read and every bad row')
    .option('--yes', 'import the good rows of a file with bad rows without asking')
    .option('--allow-second-source', 'import a file imported already under another source (its calls then count twice)')
    .option('--encoding <name>', `a CSV's encoding: ${CALL_IMPORT_ENCODINGS.join(' | ')}`, 'auto')
    .option('--api-url <url>', 'the API (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)')
    .option('--interval <ms>', 'how often the job is polled', '500')
    .option('--json', 'print the API answers as JSON')
    .action((file: string, flags: ImportFlags) => runImport(file, flags, config.api));
}

async function runImport(file: string, flags: ImportFlags, env: ApiEnv): Promise<void> {
  if (!flags.preset === !flags.mapping) throw new CliUsageError(say('give --preset NAME or --mapping FILE (one of them)', '请给出 --preset NAME 或 --mapping FILE（二者之一）'));
  if (!(CALL_IMPORT_ENCODINGS as readonly string[]).includes(flags.encoding)) {
    throw new CliUsageError(say(`--encoding must be one of ${CALL_IMPORT_ENCODINGS.join(', ')}`, `--encoding 只能是 ${CALL_IMPORT_ENCODINGS.join('、')} 之一`));
  }
  const interval = Number(flags.interval);
  if (!(interval >= 50)) throw new CliUsageError(say('--interval must be at least 50 (milliseconds)', '--interval 至少为 50（毫秒）'));
  const type = contentTypeOf(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliUsageError(say(`${file}: ${why}`, `${file}：${why}`));
  }
  const mapping = flags.mapping ? readMapping(flags.mapping) : undefined;
  const { fetchApi } = await openApi(flags.apiUrl, env, IMPORT_ACCOUNT_HINT);
  const query = (extra: Partial<QueryOf<typeof API.startCallImport>> = {}) => {
    const q = new URLSearchParams({ fileName: basename(file), encoding: flags.encoding });
    if (flags.preset) q.set('preset', flags.preset);
    if (mapping) q.set('mapping', JSON.stringify(mapping));
    for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
    return q.toString();
  };
  const upload = (path: string, extra?: Partial<QueryOf<typeof API.startCallImport>>) =>
    fetchApi(`${path}?${query(extra)}`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(bytes) });

  const preview = await answer<CallImportPreview>(await upload(API.previewCallImport.path));
  process.stdout.write(flags.json ? `${JSON.stringify(preview, null, 2)}\n` : formatPreview(preview));
  if (flags.dryRun) return;
  const check = preview.check!;
  let secondSource = false;
  if (preview.countedTwice) {
    if (flags.allowSecondSource) secondSource = true;
    else if (process.stdin.isTTY) secondSource = await confirm(`The same file was imported already under source "${preview.previousImport?.source ?? '?'}": every call would be counted twice. Import it anyway? [y/N] `);
    if (!secondSource) {
      const source = preview.previousImport?.source ?? '?';
      throw new CliUsageError(
        say(
          `the same file was imported already under source "${source}": nothing imported (use that source, or pass --allow-second-source if the calls really are different)`,
          `同一文件已以来源 "${source}" 导入过：未导入任何内容（请使用该来源；若通话确实不同，加 --allow-second-source）`,
        ),
      );
    }
  }
  let confirmed = false;
  if (check.badRows > 0) {
    if (flags.yes) confirmed = true;
    else if (process.stdin.isTTY) confirmed = await confirm(`${check.badRows} bad row(s) will go to the dead-letter store. Import the ${check.goodRows} good row(s)? [y/N] `);
    if (!confirmed) {
      throw new CliUsageError(say(`${check.badRows} bad row(s): nothing imported (pass --yes to import the ${check.goodRows} good row(s))`, `${check.badRows} 行错误：未导入任何内容（加 --yes 导入 ${check.goodRows} 行正确数据）`));
    }
  }
  let view = await answer<CallImportView>(await upload(API.startCallImport.path, { ...(confirmed ? { confirm: 'true' as const } : {}), ...(secondSource ? { allowSecondSource: 'true' as const } : {}) }));
  let last = '';
  while (view.status === 'queued' || view.status === 'running') {
    const line = formatJob(view);
    if (line !== last && !flags.json) process.stderr.write(`${line}\n`);
    last = line;
    await sleep(interval);
    view = await answer<CallImportView>(await fetchApi(API.callImport.path.replace('{id}', String(view.id))));
  }
  process.stdout.write(flags.json ? `${JSON.stringify(view, null, 2)}\n` : `${formatJob(view)}\n`);
  if (view.status === 'failed') process.exitCode = 1;
}
