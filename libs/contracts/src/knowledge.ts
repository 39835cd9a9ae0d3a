/**
 * The knowledge base (知识库) and the case base (案例库): articles holding a common question and its standard answer
 * (应答口径), versioned and published through review; the search the agent desk calls while the agent types; cases
 * promoted from registered requests with the lesson learned.
 *
 * Lifecycle of an article's versions: a writer (`knowledge.write`) creates version 1 as a `draft`, edits it (PUT
 * replaces the open draft, or opens the next version number after a publication or a rejection), submits it
 * (`in_review`); a reviewer (`knowledge.publish`) publishes it (`published`; the version published before becomes
 * `superseded`) or rejects it (`rejected`, with a note). Four eyes: a reviewer may not publish a version she wrote or
 * edited (any of its `editors`), nor one whose content (question, answer, type, keywords, source, validity) equals
 * that of any version she wrote or edited, so that her text re-saved by a colleague stays hers (403 `own_version`
 * naming `decision`; she may reject it). An article has at most one open version (draft or
 * in review). An article can be retired (with a reason): it leaves the search and the readers' list, its open version
 * is rejected, and it takes no new version. Readers without `knowledge.write` see only the published version of
 * articles not retired; writers see every version.
 */
import { z } from 'zod';
import { BusinessTypeCode } from './business-types';
import { IsoInstant } from './common';
import { queryDay, queryInt, queryOnce } from './query';
import { containsMobileNumber, looksLikePhoneNumber } from './mask';
import { freeText } from './free-text';
import { PersonRef, Stamp } from './registers';

/** A version's state. */
export const KNOWLEDGE_VERSION_STATUSES = ['draft', 'in_review', 'published', 'superseded', 'rejected'] as const;
export type KnowledgeVersionStatus = (typeof KNOWLEDGE_VERSION_STATUSES)[number];

/** Filter of the article list: articles having a version in that state, or `retired` articles. */
export const KNOWLEDGE_ARTICLE_FILTERS = [...KNOWLEDGE_VERSION_STATUSES, 'retired'] as const;
export type KnowledgeArticleFilter = (typeof KNOWLEDGE_ARTICLE_FILTERS)[number];

/** The search methods the API can run (the product uses the one `libs/knowledge` names best; see its README figures). */
export const KNOWLEDGE_SEARCH_METHODS = ['jieba-bm25', 'bigram-bm25'] as const;
export type KnowledgeSearchMethod = (typeof KNOWLEDGE_SEARCH_METHODS)[number];

/** Why an article's text with a mobile number is refused (see {@link KnowledgeArticleBody}). */
export const ARTICLE_MOBILE_MESSAGE = 'holds a mobile number: an article gives official numbers only (an office\'s landline, 12123, a 400 number), never a personal mobile';

/** `text` refusing a mainland mobile number in any written form (containsMobileNumber), naming the field. */
function officialText(text: z.ZodString): z.ZodString {
  return text.refine((t) => !containsMobileNumber(t), ARTICLE_MOBILE_MESSAGE);
}

/** A search keyword (no mobile number: see {@link KnowledgeArticleBody}). */
const keyword = officialText(z.string().trim().min(1).max(30));

/**
 * Body of `POST /api/knowledge/articles` and `PUT /api/knowledge/articles/{id}/draft`: the whole content of a version.
 * `businessTypeCode` must name a type of the business-type tree (400 naming it otherwise); `validFrom` / `validTo`
 * are local days (Asia/Shanghai) from and through which the answer holds (absent: no bound); `validTo` before
 * `validFrom` is 400 naming `validTo`.
 *
 * Numbers: question, answer, keywords and source are NOT masked (not freeText): an article is the supplier's own
 * text and holds the official numbers agents give callers (an office's landline `0591-87654321`, 12123, 122, a
 * 400/800 number), which masking would break. A mainland mobile number (`1[3-9]` and 9 more digits, `+86` or not,
 * in any form the masking detector reads: `138 1234 5678`, full-width or Chinese digits) is refused instead, 400
 * naming the field (`question`, `answer`, `keywords.<i>`, `sourceDocument`; an import's row names the column): no
 * official answer is a personal mobile, and a mobile number there is almost always a caller's pasted in. Cases,
 * which come from calls, are masked (freeText).
 */
export const KnowledgeArticleBody = z
  .strictObject({
    /** The common question as a citizen asks it (常见问题). */
    question: officialText(z.string().trim().min(1).max(300)),
    /** The standard answer the agent gives (应答口径). */
    answer: officialText(z.string().trim().min(1).max(5000)),
    businessTypeCode: BusinessTypeCode,
    /** Search keywords and synonyms (`驾照`, `补证`), at most 20 of up to 30 characters. */
    keywords: z.array(keyword).max(20).default([]),
    /** The regulation or notice the answer comes from (`《机动车驾驶证申领和使用规定》第六十条`). */
    sourceDocument: officialText(z.string().trim().max(300)).optional(),
    validFrom: queryDay.optional(),
    validTo: queryDay.optional(),
  })
  .refine((b) => b.validFrom === undefined || b.validTo === undefined || b.validFrom <= b.validTo, { message: 'must not be before validFrom', path: ['validTo'] });
export type KnowledgeArticleBody = z.infer<typeof KnowledgeArticleBody>;

/** The content of a version as stored and answered (a {@link KnowledgeArticleBody} normalised: no bound is null). */
const storedContent = {
  question: z.string(),
  answer: z.string(),
  businessTypeCode: z.string(),
  keywords: z.array(z.string()),
  sourceDocument: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
};

/** One version of an article, with its review trail. */
export const KnowledgeVersionView = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(KNOWLEDGE_VERSION_STATUSES),
  ...storedContent,
  /** Who wrote (last edited) the version's text. */
  author: PersonRef,
  /** Everyone who wrote or edited the version's text, first editor first (four eyes: none of them publishes it). */
  editors: z.array(PersonRef),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  submitted: Stamp.nullable(),
  submitNote: z.string().nullable(),
  /** The review: publication or rejection. */
  reviewed: Stamp.nullable(),
  reviewNote: z.string().nullable(),
});
export type KnowledgeVersionView = z.infer<typeof KnowledgeVersionView>;

/**
 * One article in a list: the text shown is the published version's, else (writers only) the latest version's.
 * `publishedVersion` is the version in force (null when none); `openVersion` the draft or in-review one (writers only).
 */
export const KnowledgeArticleSummary = z.strictObject({
  id: z.number().int(),
  question: z.string(),
  businessTypeCode: z.string(),
  keywords: z.array(z.string()),
  publishedVersion: z.number().int().nullable(),
  openVersion: z.strictObject({ version: z.number().int(), status: z.enum(['draft', 'in_review']) }).nullable(),
  /** State of the latest version the caller may see. */
  latestStatus: z.enum(KNOWLEDGE_VERSION_STATUSES),
  retired: Stamp.nullable(),
  retireReason: z.string().nullable(),
  updatedAt: IsoInstant,
});
export type KnowledgeArticleSummary = z.infer<typeof KnowledgeArticleSummary>;

/** An article with its versions, newest first (readers without `knowledge.write`: the published version only). */
export const KnowledgeArticleView = KnowledgeArticleSummary.extend({ versions: z.array(KnowledgeVersionView) });
export type KnowledgeArticleView = z.infer<typeof KnowledgeArticleView>;

/** Query of `GET /api/knowledge/articles`. */
export const KnowledgeArticleQuery = z.strictObject({
  status: queryOnce(z.enum(KNOWLEDGE_ARTICLE_FILTERS)).describe('Articles having a version in this state, or retired ones (readers: published only).'),
  businessTypeCode: queryOnce(BusinessTypeCode).describe('Articles of this type or of its second-level types.'),
});
export type KnowledgeArticleQuery = z.infer<typeof KnowledgeArticleQuery>;

/** Body of `POST /api/knowledge/articles/{id}/submit`: an optional note to the reviewer (kept as the version's submit note). */
export const KnowledgeSubmitBody = z.strictObject({ note: freeText(1000).optional() });
export type KnowledgeSubmitBody = z.infer<typeof KnowledgeSubmitBody>;

/** Body of `POST /api/knowledge/articles/{id}/review`. A rejection needs a note (400 naming `note`). */
export const KnowledgeReviewBody = z
  .strictObject({
    decision: z.enum(['publish', 'reject']),
    note: freeText(1000).optional(),
  })
  .refine((b) => b.decision !== 'reject' || (b.note ?? '') !== '', { message: 'say why the version is rejected', path: ['note'] });
export type KnowledgeReviewBody = z.infer<typeof KnowledgeReviewBody>;

/** Body of `POST /api/knowledge/articles/{id}/retire`. */
export const KnowledgeRetireBody = z.strictObject({ reason: freeText(1000, 1) });
export type KnowledgeRetireBody = z.infer<typeof KnowledgeRetireBody>;

/**
 * Query of `GET /api/knowledge/search`: `q` free text (the request's summary as the agent types it); `businessTypeCode`
 * the request's type: articles of that type rank higher (x1.5; x1.2 for the same top-level type), it is not a filter.
 * Without `q` the type's published articles are listed (score 0); with neither, nothing. A `businessTypeCode` not in
 * the business-type tree is 400 `unknown_business_type` naming it.
 */
export const KnowledgeSearchQuery = z.strictObject({
  q: queryOnce(z.string().max(500)).describe('Free text, Chinese or not (segmented by the search method).'),
  businessTypeCode: queryOnce(BusinessTypeCode).describe("The request's type: its articles rank higher (a boost, not a filter)."),
  limit: queryInt(1, 50).describe('Hits to return, 1..50; default 5.'),
});
export type KnowledgeSearchQuery = z.infer<typeof KnowledgeSearchQuery>;

/** One hit: a published version valid today (local day), with its score and the query terms it matched. */
export const KnowledgeSearchHit = z.strictObject({
  articleId: z.number().int(),
  version: z.number().int(),
  ...storedContent,
  /** BM25 score (with field weights and the type boost); higher is better, comparable within one answer only. */
  score: z.number(),
  /** The query terms found in the article (for highlighting). */
  matchedTerms: z.array(z.string()),
});
export type KnowledgeSearchHit = z.infer<typeof KnowledgeSearchHit>;

/** Answer of `GET /api/knowledge/search`: hits best first, the method used and the query's terms after segmentation. */
export const KnowledgeSearchResult = z.strictObject({
  method: z.enum(KNOWLEDGE_SEARCH_METHODS),
  terms: z.array(z.string()),
  hits: z.array(KnowledgeSearchHit),
});
export type KnowledgeSearchResult = z.infer<typeof KnowledgeSearchResult>;

// ---------------------------------------------------------------------------------------------------------------
// Import of a standard-answer document (常见问题应答口径)

/**
 * Columns of `POST /api/knowledge/import` (CSV or xlsx, header row): our name -> the header texts that mean it
 * (case-insensitive). `businessType` is a type code or a type's Chinese or English name in the tree; `keywords` are
 * separated by 、 ， , ; ； or blanks; `validFrom` / `validTo` are local days (`YYYY-MM-DD`, `YYYY/M/D` or a date cell).
 */
export const KNOWLEDGE_IMPORT_COLUMNS = {
  question: ['question', '问题', '常见问题'],
  answer: ['answer', '应答口径', '答复口径', '标准答案'],
  businessType: ['businessType', 'businessTypeCode', '业务类型'],
  keywords: ['keywords', '关键词'],
  sourceDocument: ['sourceDocument', '来源文件', '依据'],
  validFrom: ['validFrom', '生效日期'],
  validTo: ['validTo', '失效日期'],
} as const;
export type KnowledgeImportColumn = keyof typeof KNOWLEDGE_IMPORT_COLUMNS;

const Flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Query of `POST /api/knowledge/import`: `dryRun=true` checks and previews without writing; `fileName` is named in the review note. */
export const KnowledgeImportQuery = z.strictObject({
  dryRun: queryOnce(Flag).describe('true: check every row and answer what would happen; nothing is written.'),
  fileName: queryOnce(freeText(300)).describe("The document's file name (its base name goes into the review note `imported from <file name>`)."),
});
export type KnowledgeImportQuery = z.infer<typeof KnowledgeImportQuery>;

/** What an import does with a row: a new article, a new version of the article whose version in force has the same question, or nothing (same content). */
export const KNOWLEDGE_IMPORT_ACTIONS = ['create', 'new_version', 'unchanged'] as const;

/** One good row of an import: its row number (header = row 1), its question and type, and what it does (did). */
export const KnowledgeImportRow = z.strictObject({
  row: z.number().int().positive(),
  question: z.string(),
  businessTypeCode: z.string(),
  action: z.enum(KNOWLEDGE_IMPORT_ACTIONS),
  /** The article: the one matched, or (after the import) the one created; null for a creation in a dry run. */
  articleId: z.number().int().nullable(),
  /** The version the import published (the version in force when unchanged); in a dry run null unless unchanged. */
  version: z.number().int().nullable(),
});
export type KnowledgeImportRow = z.infer<typeof KnowledgeImportRow>;

/** One bad row: row number (header = row 1), our field (`question`, `businessType`, `validTo`...), the reason. */
export const KnowledgeImportRowError = z.strictObject({ row: z.number().int().positive(), field: z.string(), message: z.string() });
export type KnowledgeImportRowError = z.infer<typeof KnowledgeImportRowError>;

/**
 * Answer of `POST /api/knowledge/import`: the counts, every good row with its action and every bad row. A dry run
 * answers bad rows here; an import with any bad row is refused (400 `bad_rows` naming the first, nothing written),
 * so an import's answer has no error.
 */
export const KnowledgeImportResult = z.strictObject({
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  created: z.number().int().nonnegative(),
  newVersions: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  rows: z.array(KnowledgeImportRow),
  errors: z.array(KnowledgeImportRowError),
});
export type KnowledgeImportResult = z.infer<typeof KnowledgeImportResult>;

// ---------------------------------------------------------------------------------------------------------------
// Case base

/**
 * Body of `POST /api/knowledge/cases`: promotes a registered request (done) to a case. 404 naming `requestId` when
 * there is no such request, 409 `already_a_case` when it is one, 409 `request_not_done` while it is a draft.
 */
export const KnowledgeCaseBody = z.strictObject({
  requestId: z.number().int().positive().max(2_147_483_647),
  /** The case's title (typed numbers masked: freeText). */
  title: freeText(200, 1),
  /**
   * The recording's reference: the call id or the recording file's name (`rec-20261207-0001.wav`). Refused when it
   * looks like a phone number (looksLikePhoneNumber: `13812345678.wav`) — a reference cannot be masked and stay usable.
   */
  recordingRef: z
    .string()
    .trim()
    .max(200)
    .refine((v) => !looksLikePhoneNumber(v), 'looks like a phone number: give the call id or the recording file\'s name')
    .optional(),
  /** The lesson learned (what to say or do next time; typed numbers masked: freeText). */
  lesson: freeText(5000, 1),
});
export type KnowledgeCaseBody = z.infer<typeof KnowledgeCaseBody>;

/**
 * One case: the request's type, summary, question and outcome as they were when promoted, its call id and agent id.
 * No caller data at all (no number, masked or not, no hash, no reference).
 */
export const KnowledgeCaseView = z.strictObject({
  id: z.number().int(),
  requestId: z.number().int(),
  title: z.string(),
  recordingRef: z.string().nullable(),
  lesson: z.string(),
  businessTypeCode: z.string(),
  summary: z.string(),
  question: z.string().nullable(),
  /** answered | referred | work_order | complaint (the request's outcome). */
  outcome: z.string().nullable(),
  callId: z.string().nullable(),
  agentId: z.string().nullable(),
  receivedAt: IsoInstant,
  createdBy: PersonRef,
  createdAt: IsoInstant,
});
export type KnowledgeCaseView = z.infer<typeof KnowledgeCaseView>;

/** Query of `GET /api/knowledge/cases`: newest first; `q` matches title, summary, question and lesson (substring). */
export const KnowledgeCaseQuery = z.strictObject({
  businessTypeCode: queryOnce(BusinessTypeCode).describe('Cases of this type or of its second-level types.'),
  q: queryOnce(z.string().max(200)).describe('Text found in the title, summary, question or lesson.'),
});
export type KnowledgeCaseQuery = z.infer<typeof KnowledgeCaseQuery>;
