import { createHash } from 'node:crypto';
import type { KnowledgeArticleBody, KnowledgeArticleSummary, KnowledgeArticleView, KnowledgeCaseView, KnowledgeVersionStatus, KnowledgeVersionView, PersonRef } from '@hotline/contracts';
import { KNOWLEDGE_VERSION_STATUSES, maskIdentifier, maskPhoneNumbers } from '@hotline/contracts';
import type { KnowledgeArticle, KnowledgeArticleVersion, KnowledgeCase } from '../generated/prisma/client.js';

/** An article row with its versions (any order). */
export type ArticleRow = KnowledgeArticle & { versions: KnowledgeArticleVersion[] };

/** A version's status as the contract names it (rows only ever hold these). */
export function versionStatus(status: string): KnowledgeVersionStatus {
  const found = KNOWLEDGE_VERSION_STATUSES.find((s) => s === status);
  if (!found) throw new Error(`KnowledgeArticleVersion holds an unknown status "${status}"`);
  return found;
}

/** The ids of the people an article's view names. */
export function peopleOf(rows: readonly ArticleRow[]): number[] {
  return rows.flatMap((a) => [a.retiredById, ...a.versions.flatMap((v) => [v.authorId, ...v.editorIds, v.submittedById, v.reviewedById])]).filter((id): id is number => id !== null);
}

/** The content of a version that the four-eyes rule compares. */
export type VersionContent = Pick<KnowledgeArticleVersion, 'question' | 'answer' | 'businessTypeCode' | 'keywords' | 'sourceDocument' | 'validFrom' | 'validTo'>;

/**
 * The content of a body as stored on a version (the review workflow and the import): keywords once each (first
 * occurrence order), an empty source document and missing validity bounds as null.
 */
export function versionContent(body: KnowledgeArticleBody): VersionContent {
  return {
    question: body.question,
    answer: body.answer,
    businessTypeCode: body.businessTypeCode,
    keywords: [...new Set(body.keywords)],
    sourceDocument: body.sourceDocument || null,
    validFrom: body.validFrom ?? null,
    validTo: body.validTo ?? null,
  };
}

/**
 * SHA-256 (hex) of a version's content: question, answer, type code, keywords (as a set: sorted), source document and
 * validity bounds, as stored (texts trimmed by the contract). Equal hashes: the same text (the four-eyes rule).
 */
export function contentHash(v: VersionContent): string {
  const canonical = JSON.stringify([v.question, v.answer, v.businessTypeCode, [...new Set(v.keywords)].sort(), v.sourceDocument ?? '', v.validFrom, v.validTo]);
  return createHash('sha256').update(canonical).digest('hex');
}

function versionView(v: KnowledgeArticleVersion, person: (id: number) => PersonRef): KnowledgeVersionView {
  return {
    version: v.version,
    status: versionStatus(v.status),
    question: v.question,
    answer: v.answer,
    businessTypeCode: v.businessTypeCode,
    keywords: v.keywords,
    sourceDocument: v.sourceDocument,
    validFrom: v.validFrom,
    validTo: v.validTo,
    author: person(v.authorId),
    editors: v.editorIds.map(person),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    submitted: v.submittedById !== null && v.submittedAt ? { by: person(v.submittedById), at: v.submittedAt.toISOString() } : null,
    submitNote: v.submitNote,
    reviewed: v.reviewedById !== null && v.reviewedAt ? { by: person(v.reviewedById), at: v.reviewedAt.toISOString() } : null,
    reviewNote: v.reviewNote,
  };
}

/**
 * The versions a caller may see, newest first: all of them for a writer (`knowledge.write`); for a reader the
 * published one of an article not retired, else none.
 */
export function visibleVersions(a: ArticleRow, writer: boolean): KnowledgeArticleVersion[] {
  const newestFirst = [...a.versions].sort((x, y) => y.version - x.version);
  if (writer) return newestFirst;
  return a.retiredAt ? [] : newestFirst.filter((v) => v.status === 'published');
}

/** The list row of an article (null when the caller may see none of its versions). */
export function summaryView(a: ArticleRow, writer: boolean, person: (id: number) => PersonRef): KnowledgeArticleSummary | null {
  const versions = visibleVersions(a, writer);
  if (versions.length === 0) return null;
  const published = versions.find((v) => v.status === 'published');
  const open = writer ? versions.find((v) => v.status === 'draft' || v.status === 'in_review') : undefined;
  const shown = published ?? versions[0];
  return {
    id: a.id,
    question: shown.question,
    businessTypeCode: shown.businessTypeCode,
    keywords: shown.keywords,
    publishedVersion: published?.version ?? null,
    openVersion: open ? { version: open.version, status: open.status === 'draft' ? 'draft' : 'in_review' } : null,
    latestStatus: versionStatus(versions[0].status),
    retired: a.retiredAt && a.retiredById !== null ? { by: person(a.retiredById), at: a.retiredAt.toISOString() } : null,
    retireReason: a.retireReason,
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** The article with the versions the caller may see (null when none). */
export function articleView(a: ArticleRow, writer: boolean, person: (id: number) => PersonRef): KnowledgeArticleView | null {
  const summary = summaryView(a, writer, person);
  return summary && { ...summary, versions: visibleVersions(a, writer).map((v) => versionView(v, person)) };
}

/** A case row -> the contract's view (the row holds no caller data to leave out). */
export function caseView(c: KnowledgeCase, person: (id: number) => PersonRef): KnowledgeCaseView {
  return {
    id: c.id,
    requestId: c.requestId,
    // Masked on entry (KnowledgeCaseBody); masked here too for cases stored before.
    title: maskPhoneNumbers(c.title),
    recordingRef: maskIdentifier(c.recordingRef),
    lesson: maskPhoneNumbers(c.lesson),
    businessTypeCode: c.businessTypeCode,
    summary: c.summary,
    question: c.question,
    outcome: c.outcome,
    callId: c.callId,
    agentId: c.agentId,
    receivedAt: c.receivedAt.toISOString(),
    createdBy: person(c.createdById),
    createdAt: c.createdAt.toISOString(),
  };
}
