import { Injectable } from '@nestjs/common';
import {
  KNOWLEDGE_IMPORT_COLUMNS, KnowledgeArticleBody, type KnowledgeImportColumn, type KnowledgeImportQuery, type KnowledgeImportResult, type KnowledgeImportRow, type KnowledgeImportRowError,
} from '@hotline/contracts';
import { importDay, questionKey, splitKeywords } from '@hotline/knowledge';
import { normalizeMatch } from '@hotline/kpi';
import { auditNote } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/current-user.js';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import type { KnowledgeArticleVersion, Prisma } from '../generated/prisma/client.js';
import { fileBaseName } from '../privacy/dead-letter-privacy.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RowErrors, readTable, type ImportRow } from '../registers/table-import.js';
import { KnowledgeService } from './knowledge.service.js';
import { versionContent } from './knowledge-views.js';

type Db = Prisma.TransactionClient;

/** An import's transaction may wait and run long (a large document, another import holding the lock). */
const IMPORT_TRANSACTION = { timeout: 120_000, maxWait: 30_000 } as const;

/** A good row, checked: its row number, its content as an article body, and its question's key. */
interface CheckedRow {
  row: number;
  body: KnowledgeArticleBody;
  key: string;
}

/** What the import does with a checked row. */
interface PlannedRow extends CheckedRow {
  action: KnowledgeImportRow['action'];
  /** The version in force of the article matched (absent: a new article). */
  inForce?: KnowledgeArticleVersion;
}

/** Our column of a contract field (`businessTypeCode` is read from the `businessType` column). */
function columnOf(field: PropertyKey | undefined): string {
  if (field === undefined) return 'row';
  return field === 'businessTypeCode' ? 'businessType' : String(field);
}

/** Whether a version holds exactly this content (then importing it changes nothing). */
function sameContent(v: KnowledgeArticleVersion, body: KnowledgeArticleBody): boolean {
  const c = versionContent(body);
  return (
    v.question === c.question && v.answer === c.answer && v.businessTypeCode === c.businessTypeCode && v.keywords.join('\u0000') === c.keywords.join('\u0000') &&
    v.sourceDocument === c.sourceDocument && v.validFrom === c.validFrom && v.validTo === c.validTo
  );
}

/**
 * Loads the knowledge base from a standard-answer document (常见问题应答口径): the spreadsheet a supplier starts with,
 * approved by the bureau outside this system. Columns {@link KNOWLEDGE_IMPORT_COLUMNS} (header row, Chinese or
 * English names). Every row is checked as a {@link KnowledgeArticleBody} (its type given by code or by a type's
 * Chinese or English name), the whole file before anything is written: all or nothing.
 *
 * A row whose question is the question of an article's version in force (published, article not retired; compared
 * by {@link questionKey}: case, full/half width, punctuation and blanks ignored) gives that article a new version when
 * its content differs, and nothing when it is the same (`unchanged`); any other row creates an article. A question
 * twice in the file is a bad row; so is a changed answer for an article whose next version is open (a draft or in
 * review): that version is published or rejected first. A retired article is not matched (its question creates a
 * new article).
 *
 * Imported versions are published at once, the importer (`knowledge.publish`, the supplier manager) standing as
 * author and reviewer, with the review note `imported from <file name>`: the four-eyes rule of the review workflow
 * does not apply because the document was approved outside the system (by the bureau), and the import is what
 * records it. The version in force before is superseded. The audit trail holds the import (the interceptor's entry:
 * author, time) with the file name and the counts; the search index is rebuilt after (KnowledgeService `changed`).
 */
@Injectable()
export class KnowledgeImportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly articles: KnowledgeService,
    private readonly types: BusinessTypesRepository,
  ) {}

  /**
   * Previews (`dryRun`) or runs an import.
   * @param body - the file's bytes; @param contentType - `text/csv` or the xlsx type.
   * @returns the counts, every good row with its action (after an import: the article and version written), and in
   *   a dry run every bad row.
   * @throws the refusals of readTable (415 `unsupported_media_type`, 400 `bad_file` / `unknown_column` /
   *   `duplicate_column` / `extra_field`); DomainError 400 `bad_rows` naming the first bad row and field
   *   (`rows[3].businessType`) when any row is bad and it is not a dry run: nothing is written then.
   */
  async import(body: Buffer | undefined, contentType: string | undefined, query: KnowledgeImportQuery, user: AuthUser): Promise<KnowledgeImportResult> {
    const table = await readTable(body, contentType, KNOWLEDGE_IMPORT_COLUMNS);
    const fileName = fileBaseName(query.fileName);
    const errors: KnowledgeImportRowError[] = [];
    const checked = await this.check(table, errors);
    const dryRun = query.dryRun ?? false;
    if (dryRun) {
      const planned = this.plan(checked, await this.inForce(this.prisma), errors);
      const result = this.result(true, fileName, planned.map((p) => this.previewRow(p)), errors);
      auditNote({ after: { dryRun: true, fileName, created: result.created, newVersions: result.newVersions, unchanged: result.unchanged, badRows: errors.length }, target: 'knowledge:import' });
      return result;
    }
    throwRowErrors(errors);
    const reviewNote = `imported from ${fileName ?? 'a file'}`;
    const rows = await this.prisma.$transaction(async (tx) => {
      // One import at a time, and no other write of an article meanwhile: what is matched is what is written.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('knowledge:import', 0))`;
      await tx.$executeRaw`SELECT 1 FROM "KnowledgeArticle" WHERE "retiredAt" IS NULL FOR UPDATE`;
      const planned = this.plan(checked, await this.inForce(tx), errors);
      throwRowErrors(errors);
      const now = new Date();
      const stamp = { authorId: user.id, editorIds: [user.id], reviewedById: user.id, reviewedAt: now, reviewNote, status: 'published' };
      const written: KnowledgeImportRow[] = [];
      for (const p of planned) {
        if (p.action === 'unchanged' && p.inForce) {
          written.push(this.row(p, p.inForce.articleId, p.inForce.version));
        } else if (p.action === 'new_version' && p.inForce) {
          const { articleId } = p.inForce;
          const last = await tx.knowledgeArticleVersion.aggregate({ where: { articleId }, _max: { version: true } });
          const version = (last._max.version ?? 0) + 1;
          await tx.knowledgeArticleVersion.updateMany({ where: { articleId, status: 'published' }, data: { status: 'superseded' } });
          await tx.knowledgeArticleVersion.create({ data: { articleId, version, ...versionContent(p.body), ...stamp } });
          await tx.knowledgeArticle.update({ where: { id: articleId }, data: { updatedAt: now } });
          written.push(this.row(p, articleId, version));
        } else {
          const article = await tx.knowledgeArticle.create({ data: { createdById: user.id, versions: { create: { version: 1, ...versionContent(p.body), ...stamp } } } });
          written.push(this.row(p, article.id, 1));
        }
      }
      return written;
    }, IMPORT_TRANSACTION);
    const result = this.result(false, fileName, rows, []);
    auditNote({
      after: { fileName, created: result.created, newVersions: result.newVersions, unchanged: result.unchanged, articles: rows.filter((r) => r.action !== 'unchanged').map((r) => `${r.articleId}v${r.version}`) },
      target: 'knowledge:import',
    });
    if (result.created + result.newVersions > 0) this.articles.changes.emit('changed');
    return result;
  }

  /** Checks every row's cells as an article body; bad rows go to `errors`, a question twice in the file too. */
  private async check(table: ImportRow<KnowledgeImportColumn>[], errors: KnowledgeImportRowError[]): Promise<CheckedRow[]> {
    const typeOf = new Map<string, string>();
    for (const t of await this.types.types()) {
      for (const name of [t.nameEn, t.nameZh, t.code]) typeOf.set(normalizeMatch(name), t.code);
    }
    const firstRowOf = new Map<string, number>();
    const checked: CheckedRow[] = [];
    for (const { row, values } of table) {
      const typeText = values.businessType;
      const businessTypeCode = typeText === undefined ? undefined : typeOf.get(normalizeMatch(typeText));
      if (typeText !== undefined && businessTypeCode === undefined) {
        errors.push({ row, field: 'businessType', message: `no business type "${typeText.slice(0, 60)}" in the tree (give its code, or its Chinese or English name)` });
        continue;
      }
      const parsed = KnowledgeArticleBody.safeParse({
        question: values.question ?? '',
        answer: values.answer ?? '',
        businessTypeCode: businessTypeCode ?? '',
        keywords: splitKeywords(values.keywords),
        ...(values.sourceDocument === undefined ? {} : { sourceDocument: values.sourceDocument }),
        ...(values.validFrom === undefined ? {} : { validFrom: importDay(values.validFrom) }),
        ...(values.validTo === undefined ? {} : { validTo: importDay(values.validTo) }),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = columnOf(issue?.path[0]);
        const empty = (field === 'question' || field === 'answer' || field === 'businessType') && (values[field] ?? '') === '';
        errors.push({ row, field, message: empty ? 'is empty' : (issue?.message ?? 'invalid') });
        continue;
      }
      const key = questionKey(parsed.data.question);
      if (key === '') {
        errors.push({ row, field: 'question', message: 'holds no word' });
        continue;
      }
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        errors.push({ row, field: 'question', message: `the same question as row ${first}` });
        continue;
      }
      firstRowOf.set(key, row);
      checked.push({ row, body: parsed.data, key });
    }
    return checked;
  }

  /** The versions in force (published, article not retired) by question key, with the articles' open versions. */
  private async inForce(db: Db): Promise<{ byKey: Map<string, KnowledgeArticleVersion>; open: Map<number, KnowledgeArticleVersion> }> {
    const versions = await db.knowledgeArticleVersion.findMany({
      where: { status: { in: ['published', 'draft', 'in_review'] }, article: { retiredAt: null } },
      orderBy: [{ articleId: 'asc' }, { version: 'asc' }],
    });
    const byKey = new Map<string, KnowledgeArticleVersion>();
    const open = new Map<number, KnowledgeArticleVersion>();
    for (const v of versions) {
      if (v.status === 'published') {
        const key = questionKey(v.question);
        if (!byKey.has(key)) byKey.set(key, v);
      } else {
        open.set(v.articleId, v);
      }
    }
    return { byKey, open };
  }

  /** What each checked row does against the versions in force; an article with an open version takes no new one (a bad row). */
  private plan(checked: CheckedRow[], base: { byKey: Map<string, KnowledgeArticleVersion>; open: Map<number, KnowledgeArticleVersion> }, errors: KnowledgeImportRowError[]): PlannedRow[] {
    const planned: PlannedRow[] = [];
    for (const c of checked) {
      const inForce = base.byKey.get(c.key);
      if (!inForce) {
        planned.push({ ...c, action: 'create' });
        continue;
      }
      if (sameContent(inForce, c.body)) {
        planned.push({ ...c, action: 'unchanged', inForce });
        continue;
      }
      const open = base.open.get(inForce.articleId);
      if (open) {
        const state = open.status === 'draft' ? 'a draft' : 'a version in review';
        errors.push({ row: c.row, field: 'question', message: `article ${inForce.articleId} has ${state} (version ${open.version}): publish or reject it first` });
        continue;
      }
      planned.push({ ...c, action: 'new_version', inForce });
    }
    return planned;
  }

  private row(p: PlannedRow, articleId: number | null, version: number | null): KnowledgeImportRow {
    return { row: p.row, question: p.body.question, businessTypeCode: p.body.businessTypeCode, action: p.action, articleId, version };
  }

  /** A row of a dry run: the article matched, the version only when unchanged (a new one is numbered when written). */
  private previewRow(p: PlannedRow): KnowledgeImportRow {
    if (!p.inForce) return this.row(p, null, null);
    return this.row(p, p.inForce.articleId, p.action === 'unchanged' ? p.inForce.version : null);
  }

  private result(dryRun: boolean, fileName: string | null, rows: KnowledgeImportRow[], errors: KnowledgeImportRowError[]): KnowledgeImportResult {
    const count = (action: KnowledgeImportRow['action']) => rows.filter((r) => r.action === action).length;
    return { dryRun, fileName, created: count('create'), newVersions: count('new_version'), unchanged: count('unchanged'), rows, errors: [...errors].sort((a, b) => a.row - b.row) };
  }
}

/** @throws DomainError 400 `bad_rows` (RowErrors) when any row is bad, naming the first by row number. */
function throwRowErrors(errors: readonly KnowledgeImportRowError[]): void {
  const all = new RowErrors();
  for (const e of [...errors].sort((a, b) => a.row - b.row)) all.add(e.row, e.field, e.message);
  all.throwIfAny();
}
