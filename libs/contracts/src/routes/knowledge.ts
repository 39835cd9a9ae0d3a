import { z } from 'zod';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import { IMPORT_CONTENT_TYPES } from '../registers';
import {
  KnowledgeArticleBody, KnowledgeArticleQuery, KnowledgeArticleSummary, KnowledgeArticleView, KnowledgeCaseBody, KnowledgeCaseQuery, KnowledgeCaseView, KnowledgeImportQuery, KnowledgeImportResult,
  KnowledgeRetireBody,
  KnowledgeReviewBody, KnowledgeSearchQuery, KnowledgeSearchResult, KnowledgeSubmitBody,
} from '../knowledge';

/** The knowledge base (知识库: articles, versions, review, search) and the case base (案例库). */
export const knowledgeRoutes = {
  searchKnowledge: defineEndpoint({
    id: 'searchKnowledge', method: 'GET', path: '/api/knowledge/search', access: 'knowledge.read', tag: 'knowledge', query: KnowledgeSearchQuery, response: KnowledgeSearchResult,
    summary: 'Published articles valid today ranked for the text (Chinese word segmentation + BM25), the given type ranking higher; fast enough to call as the agent types.',
  }),
  listKnowledgeArticles: defineEndpoint({
    id: 'listKnowledgeArticles', method: 'GET', path: '/api/knowledge/articles', access: 'knowledge.read', tag: 'knowledge', query: KnowledgeArticleQuery,
    response: z.array(KnowledgeArticleSummary), summary: 'Articles, latest changed first (writers also see drafts, versions in review, rejected and retired articles; readers the published ones).',
  }),
  knowledgeArticle: defineEndpoint({
    id: 'knowledgeArticle', method: 'GET', path: '/api/knowledge/articles/{id}', access: 'knowledge.read', tag: 'knowledge', params: IdParams, response: KnowledgeArticleView,
    summary: "An article and its versions, newest first (readers: the published version only; 404 when they may not see it).",
  }),
  addKnowledgeArticle: defineEndpoint({
    id: 'addKnowledgeArticle', method: 'POST', path: '/api/knowledge/articles', access: 'knowledge.write', tag: 'knowledge', body: KnowledgeArticleBody, response: KnowledgeArticleView,
    status: 201, summary: 'A new article: version 1, draft.',
  }),
  saveKnowledgeDraft: defineEndpoint({
    id: 'saveKnowledgeDraft', method: 'PUT', path: '/api/knowledge/articles/{id}/draft', access: 'knowledge.write', tag: 'knowledge', params: IdParams, body: KnowledgeArticleBody,
    response: KnowledgeArticleView, summary: 'Replaces the open draft, or opens the next version as a draft; 409 `in_review` while a version awaits review, `retired` on a retired article.',
  }),
  submitKnowledgeDraft: defineEndpoint({
    id: 'submitKnowledgeDraft', method: 'POST', path: '/api/knowledge/articles/{id}/submit', access: 'knowledge.write', tag: 'knowledge', params: IdParams, body: KnowledgeSubmitBody,
    response: KnowledgeArticleView, summary: 'Submits the draft for review (draft -> in_review); 409 `no_draft` when there is none.',
  }),
  reviewKnowledgeArticle: defineEndpoint({
    id: 'reviewKnowledgeArticle', method: 'POST', path: '/api/knowledge/articles/{id}/review', access: 'knowledge.publish', tag: 'knowledge', params: IdParams, body: KnowledgeReviewBody,
    response: KnowledgeArticleView,
    summary: 'Publishes (the previous published version becomes superseded) or rejects the version in review; 409 `not_in_review`; 403 `own_version` to publish a version one wrote.',
  }),
  retireKnowledgeArticle: defineEndpoint({
    id: 'retireKnowledgeArticle', method: 'POST', path: '/api/knowledge/articles/{id}/retire', access: 'knowledge.publish', tag: 'knowledge', params: IdParams, body: KnowledgeRetireBody,
    response: KnowledgeArticleView, summary: 'Retires an article: out of the search and the readers\' list, its open version rejected; 409 `retired` when it is already.',
  }),
  importKnowledge: defineEndpoint({
    id: 'importKnowledge', method: 'POST', path: '/api/knowledge/import', access: 'knowledge.publish', tag: 'knowledge', query: KnowledgeImportQuery, response: KnowledgeImportResult,
    bodyContentType: IMPORT_CONTENT_TYPES,
    summary:
      'Loads a standard-answer document (常见问题应答口径, CSV or xlsx, approved outside the system): each row a new article, or a new version of the article in force with the same question, published at once; `dryRun=true` previews. Any bad row: 400 `bad_rows` naming row and field, nothing written.',
  }),
  addKnowledgeCase: defineEndpoint({
    id: 'addKnowledgeCase', method: 'POST', path: '/api/knowledge/cases', access: 'knowledge.write', tag: 'knowledge', body: KnowledgeCaseBody, response: KnowledgeCaseView, status: 201,
    summary: 'Promotes a finished request to a case with its recording reference and the lesson learned (404 unknown request, 409 already a case).',
  }),
  listKnowledgeCases: defineEndpoint({
    id: 'listKnowledgeCases', method: 'GET', path: '/api/knowledge/cases', access: 'knowledge.read', tag: 'knowledge', query: KnowledgeCaseQuery, response: z.array(KnowledgeCaseView),
    summary: 'Cases, newest first, with no caller data at all.',
  }),
};
