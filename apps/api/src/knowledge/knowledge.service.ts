import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { KnowledgeArticleBody, KnowledgeArticleQuery, KnowledgeArticleSummary, KnowledgeArticleView, KnowledgeReviewBody, KnowledgeSubmitBody } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/current-user.js';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import { DomainError } from '../common/domain-error.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { PeopleService } from '../registers/people.js';
import { articleView, contentHash, peopleOf, summaryView, versionContent, type ArticleRow } from './knowledge-views.js';

type Tx = Prisma.TransactionClient;

const OPEN = ['draft', 'in_review'];

/**
 * The knowledge base's articles (知识库) and their review: writers (`knowledge.write`) draft and submit versions, the
 * reviewer (`knowledge.publish`, the supplier manager) publishes or rejects them and retires articles. Rules:
 * - an article has at most one open version (draft or in review); `PUT .../draft` edits the draft, or opens the next
 *   version number after a publication or a rejection; a version in review is not edited (409 `in_review`);
 * - publishing makes the version in review `published` and the one published before `superseded`, in one
 *   transaction (the article's row is locked for every write of its versions);
 * - four eyes: a reviewer may not publish a version she wrote or edited (she is among its `editorIds`, every user who
 *   saved its text), nor one whose content (question, answer, type, keywords as a set, source, validity) is that of
 *   any version, of any article, she wrote or edited (a hash of the content compared): 403 `own_version`. So her text
 *   carried over by another writer (reject, re-draft, have a colleague save the same body) stays hers. She may reject;
 * - a retired article takes no new version and leaves the search; its open version is rejected.
 * State refusals are 409 naming `status`. Every write is audited (the interceptor's entry, `after` noted here) and
 * emits `changed` so that the search index is rebuilt.
 */
@Injectable()
export class KnowledgeService {
  /** Emits `changed` after every write that may change what the search finds. */
  readonly changes = new EventEmitter();

  constructor(
    private readonly prisma: PrismaService,
    private readonly people: PeopleService,
    private readonly types: BusinessTypesRepository,
  ) {}

  /** The type codes of the tree: code -> parent code (null for a top-level type). */
  async typeParents(): Promise<Map<string, string | null>> {
    return new Map((await this.types.types()).map((t) => [t.code, t.parentCode]));
  }

  /** `code` and its second-level types. @throws DomainError 400 `unknown_business_type` (field `businessTypeCode`). */
  async typeAndChildren(code: string): Promise<string[]> {
    const parents = await this.typeParents();
    if (!parents.has(code)) throw new DomainError('unknown_business_type', `no business type "${code}" in the tree`, 'businessTypeCode');
    return [code, ...[...parents].filter(([, parent]) => parent === code).map(([child]) => child)];
  }

  /**
   * Articles the caller may see, latest changed first; `status` keeps those having a version in that state (or the
   * retired ones), `businessTypeCode` those whose shown version is of that type or one of its children.
   */
  async list(query: KnowledgeArticleQuery, user: AuthUser): Promise<KnowledgeArticleSummary[]> {
    const writer = user.permissions.has('knowledge.write');
    // Readers see published versions only: any other state filters everything out.
    if (!writer && query.status !== undefined && query.status !== 'published') return [];
    const codes = query.businessTypeCode === undefined ? undefined : new Set(await this.typeAndChildren(query.businessTypeCode));
    const where: Prisma.KnowledgeArticleWhereInput = {};
    if (query.status === 'retired') where.retiredAt = { not: null };
    else if (query.status !== undefined) where.versions = { some: { status: query.status } };
    const rows = await this.prisma.knowledgeArticle.findMany({ where, include: { versions: true }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] });
    const person = await this.people.refs(peopleOf(rows));
    return rows
      .map((r) => summaryView(r, writer, person))
      .filter((s): s is KnowledgeArticleSummary => s !== null)
      .filter((s) => codes === undefined || codes.has(s.businessTypeCode));
  }

  /** One article. @throws DomainError 404 `not_found` (field `id`) when there is none the caller may see. */
  async get(id: number, user: AuthUser): Promise<KnowledgeArticleView> {
    const row = await this.prisma.knowledgeArticle.findUnique({ where: { id }, include: { versions: true } });
    return this.view(row, user, id);
  }

  private async view(row: ArticleRow | null, user: AuthUser, id: number): Promise<KnowledgeArticleView> {
    const view = row && articleView(row, user.permissions.has('knowledge.write'), await this.people.refs(peopleOf([row])));
    if (!view) throw new DomainError('not_found', `no knowledge article ${id}`, 'id');
    return view;
  }

  /** @throws DomainError 400 `unknown_business_type` (field `businessTypeCode`). */
  private async checkBody(body: KnowledgeArticleBody): Promise<void> {
    if (!(await this.typeParents()).has(body.businessTypeCode)) {
      throw new DomainError('unknown_business_type', `no business type "${body.businessTypeCode}" in the tree`, 'businessTypeCode');
    }
  }

  private content(body: KnowledgeArticleBody, authorId: number) {
    return { ...versionContent(body), authorId };
  }

  /** A new article, version 1 draft. @throws as {@link checkBody}. */
  async create(body: KnowledgeArticleBody, user: AuthUser): Promise<KnowledgeArticleView> {
    await this.checkBody(body);
    const row = await this.prisma.knowledgeArticle.create({
      data: { createdById: user.id, versions: { create: { version: 1, status: 'draft', ...this.content(body, user.id), editorIds: [user.id] } } },
      include: { versions: true },
    });
    return this.done(row, user);
  }

  /**
   * Runs `write` on the article's row locked (its versions change one writer at a time) and answers the article.
   * @throws DomainError 404 `not_found` (field `id`).
   */
  private async locked(id: number, user: AuthUser, write: (tx: Tx, article: ArticleRow) => Promise<void>): Promise<KnowledgeArticleView> {
    const row = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "KnowledgeArticle" WHERE "id" = ${id} FOR UPDATE`;
      const article = await tx.knowledgeArticle.findUnique({ where: { id }, include: { versions: true } });
      if (!article) throw new DomainError('not_found', `no knowledge article ${id}`, 'id');
      await write(tx, article);
      return tx.knowledgeArticle.update({ where: { id }, data: { updatedAt: new Date() }, include: { versions: true } });
    });
    return this.done(row, user);
  }

  private async done(row: ArticleRow, user: AuthUser): Promise<KnowledgeArticleView> {
    const after = await this.view(row, user, row.id);
    auditNote({ after, target: `knowledgeArticle:${row.id}` });
    this.changes.emit('changed');
    return after;
  }

  /**
   * Replaces the open draft's content, or opens the next version as a draft.
   * @throws DomainError 409 `retired` / `in_review` (field `status`); as {@link checkBody}; 404 as {@link locked}.
   */
  async saveDraft(id: number, body: KnowledgeArticleBody, user: AuthUser): Promise<KnowledgeArticleView> {
    await this.checkBody(body);
    return this.locked(id, user, async (tx, article) => {
      if (article.retiredAt) throw new DomainError('retired', `knowledge article ${id} is retired: it takes no new version`, 'status');
      const open = article.versions.find((v) => OPEN.includes(v.status));
      if (open?.status === 'in_review') throw new DomainError('in_review', `version ${open.version} awaits review: it is published or rejected first`, 'status');
      if (open) {
        const editorIds = open.editorIds.includes(user.id) ? open.editorIds : [...open.editorIds, user.id];
        await tx.knowledgeArticleVersion.update({ where: { id: open.id }, data: { ...this.content(body, user.id), editorIds } });
      } else {
        const next = Math.max(0, ...article.versions.map((v) => v.version)) + 1;
        await tx.knowledgeArticleVersion.create({ data: { articleId: id, version: next, status: 'draft', ...this.content(body, user.id), editorIds: [user.id] } });
      }
    });
  }

  /** draft -> in_review. @throws DomainError 409 `no_draft` (field `status`); 404 as {@link locked}. */
  async submit(id: number, body: KnowledgeSubmitBody, user: AuthUser): Promise<KnowledgeArticleView> {
    return this.locked(id, user, async (tx, article) => {
      const draft = article.versions.find((v) => v.status === 'draft');
      if (!draft || article.retiredAt) throw new DomainError('no_draft', `knowledge article ${id} has no draft to submit`, 'status');
      await tx.knowledgeArticleVersion.update({ where: { id: draft.id }, data: { status: 'in_review', submittedById: user.id, submittedAt: new Date(), submitNote: body.note || null } });
    });
  }

  /**
   * Publishes (the previous published version superseded) or rejects the version in review.
   * @throws DomainError 409 `not_in_review` (field `status`); 403 `own_version` (field `decision`) to publish a version
   *   one wrote or edited, or whose content is that of a version one wrote or edited (see the class); 404 as {@link locked}.
   */
  async review(id: number, body: KnowledgeReviewBody, user: AuthUser): Promise<KnowledgeArticleView> {
    return this.locked(id, user, async (tx, article) => {
      const pending = article.versions.find((v) => v.status === 'in_review');
      if (!pending) throw new DomainError('not_in_review', `knowledge article ${id} has no version in review`, 'status');
      const stamp = { reviewedById: user.id, reviewedAt: new Date(), reviewNote: body.note || null };
      if (body.decision === 'reject') {
        await tx.knowledgeArticleVersion.update({ where: { id: pending.id }, data: { status: 'rejected', ...stamp } });
        return;
      }
      if (pending.authorId === user.id || pending.editorIds.includes(user.id)) {
        throw new DomainError('own_version', `version ${pending.version} was written by you: another reviewer publishes it (four eyes)`, 'decision');
      }
      const hash = contentHash(pending);
      const mine = await tx.knowledgeArticleVersion.findMany({
        where: { OR: [{ editorIds: { has: user.id } }, { authorId: user.id }], id: { not: pending.id } },
        select: { articleId: true, version: true, question: true, answer: true, businessTypeCode: true, keywords: true, sourceDocument: true, validFrom: true, validTo: true },
      });
      const same = mine.find((v) => contentHash(v) === hash);
      if (same) {
        throw new DomainError('own_version', `version ${pending.version} holds the text of version ${same.version} of article ${same.articleId}, written by you: another reviewer publishes it (four eyes)`, 'decision');
      }
      await tx.knowledgeArticleVersion.updateMany({ where: { articleId: id, status: 'published' }, data: { status: 'superseded' } });
      await tx.knowledgeArticleVersion.update({ where: { id: pending.id }, data: { status: 'published', ...stamp } });
    });
  }

  /** Retires the article; its open version is rejected. @throws DomainError 409 `retired` (field `status`); 404 as {@link locked}. */
  async retire(id: number, reason: string, user: AuthUser): Promise<KnowledgeArticleView> {
    return this.locked(id, user, async (tx, article) => {
      if (article.retiredAt) throw new DomainError('retired', `knowledge article ${id} is retired already`, 'status');
      const now = new Date();
      await tx.knowledgeArticleVersion.updateMany({
        where: { articleId: id, status: { in: OPEN } },
        data: { status: 'rejected', reviewedById: user.id, reviewedAt: now, reviewNote: `article retired: ${reason}` },
      });
      await tx.knowledgeArticle.update({ where: { id }, data: { retiredAt: now, retiredById: user.id, retireReason: reason } });
    });
  }
}
