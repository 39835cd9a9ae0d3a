/**
 * `hotline knowledge import FILE [--dry-run]`: loads a standard-answer document (常见问题应答口径, CSV or xlsx with a
 * header row: 问题, 应答口径, 业务类型, 关键词, 来源文件, 生效日期, 失效日期, or their English names) into the knowledge
 * base through the API (`POST /api/knowledge/import`). Each row becomes a published article, or a new version of the
 * article in force with the same question; an unchanged row changes nothing, so importing a file twice is harmless.
 * All or nothing: with any bad row nothing is written and every bad row is listed (from the dry run) with its row
 * number and column. Signs in as HOTLINE_API_LOGIN / HOTLINE_API_PASSWORD (the supplier manager: knowledge.publish).
 * Exit codes: 0 imported (or the dry run shown, even with bad rows listed), 1 the API unreachable or failing, 2 a
 * usage mistake, bad rows or the API refusing the file (4xx naming the field), 3 not allowed (401/403).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { API, KNOWLEDGE_IMPORT_COLUMNS, ROLE_LABELS, KnowledgeImportResult, type KnowledgeImportColumn } from '@hotline/contracts';
import { apiAnswer, openApi } from '../api-session';
import { CliUsageError, say } from '../cli-error';
import type { CliConfig } from '../config';
import { contentTypeOf } from './import';

/** The accounts that fit `hotline knowledge import`. */
export const KNOWLEDGE_ACCOUNT_HINT = say("the supplier manager's account (knowledge.publish)", `${ROLE_LABELS.manager['zh-CN']}账号（knowledge.publish）`);

interface KnowledgeImportFlags {
  dryRun?: boolean;
  json?: boolean;
}

/** A column as the document names it: `业务类型 (businessType)`; other fields as they are. */
function columnLabel(field: string): string {
  if (!(field in KNOWLEDGE_IMPORT_COLUMNS)) return field;
  const names: readonly string[] = KNOWLEDGE_IMPORT_COLUMNS[field as KnowledgeImportColumn];
  const zh = names.find((n) => /\p{Script=Han}/u.test(n));
  return zh ? `${zh} (${field})` : field;
}

/** The answer as text: counts, then every bad row (row number, column, reason), then in a dry run what each row would do. */
export function formatKnowledgeImport(r: KnowledgeImportResult, shownRows = 20): string {
  const lines: string[] = [];
  const counts = `${r.created} new article(s), ${r.newVersions} new version(s), ${r.unchanged} unchanged`;
  lines.push(r.dryRun ? `${r.fileName ?? 'file'} (dry run, nothing written): would give ${counts}; ${r.errors.length} bad row(s)` : `${r.fileName ?? 'file'}: imported and published: ${counts}`);
  for (const e of r.errors) lines.push(`  row ${e.row} ${columnLabel(e.field)}: ${e.message}`);
  const label = { create: 'new article', new_version: 'new version', unchanged: 'unchanged' } as const;
  const listed = r.rows.filter((row) => !r.dryRun || row.action !== 'unchanged' || r.rows.length <= shownRows).slice(0, shownRows);
  for (const row of listed) {
    const target = row.articleId === null ? '' : ` #${row.articleId}${row.version === null ? '' : ` v${row.version}`}`;
    lines.push(`  row ${row.row} ${label[row.action]}${target} [${row.businessTypeCode}] ${row.question}`);
  }
  if (r.rows.length > listed.length) lines.push(`  ... (${r.rows.length - listed.length} more row(s): --json lists them all)`);
  return `${lines.join('\n')}\n`;
}

/** The API's answer, or the error it means (see apiAnswer: 401/403 not allowed, other 4xx usage, else failure). */
async function answer(res: Response): Promise<KnowledgeImportResult> {
  return KnowledgeImportResult.parse(await apiAnswer<unknown>(res, KNOWLEDGE_ACCOUNT_HINT));
}

/** Adds `hotline knowledge import`. */
export function registerKnowledgeCommand(program: Command, config: CliConfig): void {
  const knowledge = program
    .command('knowledge')
    .description('the knowledge base (知识库) through the API')
    .option('--api-url <url>', 'the API (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)');

  knowledge
    .command('import')
    .description('loads a standard-answer document (常见问题应答口径): each row a published article, or a new version of the one with the same question')
    .argument('<file>', '.csv (UTF-8) or .xlsx (first sheet) with a header row: 问题 应答口径 业务类型 [关键词 来源文件 生效日期 失效日期]')
    .option('--dry-run', 'only check every row and show what the import would do; nothing is written')
    .option('--json', 'print the API answer as JSON')
    .action(async (file: string, flags: KnowledgeImportFlags) => {
      const type = contentTypeOf(file);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new CliUsageError(say(`${file}: ${why}`, `${file}：${why}`));
      }
      const apiUrl = knowledge.opts<{ apiUrl?: string }>().apiUrl;
      const { fetchApi } = await openApi(apiUrl, config.api, KNOWLEDGE_ACCOUNT_HINT);
      const upload = (dryRun: boolean) =>
        fetchApi(`${API.importKnowledge.path}?${new URLSearchParams({ fileName: basename(file), dryRun: String(dryRun) }).toString()}`, {
          method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(bytes),
        });
      // The dry run first: bad rows are listed all, with their row numbers and columns, and nothing is written.
      const preview = await answer(await upload(true));
      if (flags.dryRun || preview.errors.length > 0) {
        process.stdout.write(flags.json ? `${JSON.stringify(preview, null, 2)}\n` : formatKnowledgeImport(preview));
        if (!flags.dryRun) {
          throw new CliUsageError(
            say(`${preview.errors.length} bad row(s) in ${basename(file)}: nothing imported (correct them and import the file again)`, `${basename(file)} 中有 ${preview.errors.length} 行错误：未导入任何内容（改正后重新导入该文件）`),
          );
        }
        return;
      }
      const result = await answer(await upload(false));
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatKnowledgeImport(result));
    });
}
