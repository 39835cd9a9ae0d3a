import { knowledgeRoutes, requestRoutes, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request as call } from './api';

type K = typeof knowledgeRoutes;

/**
 * Knowledge-base calls (知识库 and 案例库), typed by the contract (`knowledgeRoutes` of `@hotline/contracts`). Errors are
 * `ApiError` with the server's `code` and the `field` it names (see `api-auth.ts`).
 */
export const knowledgeApi = {
  /** `GET /api/knowledge/search` (`knowledge.read`): published articles valid today, best first. */
  search: (query: QueryOf<K['searchKnowledge']>) => call(knowledgeRoutes.searchKnowledge, { query }),
  /** `GET /api/knowledge/articles` (`knowledge.read`): latest changed first; writers see every state. */
  articles: (query: QueryOf<K['listKnowledgeArticles']>) => call(knowledgeRoutes.listKnowledgeArticles, { query }),
  /** `GET /api/knowledge/articles/{id}`: the article with its versions, newest first. */
  article: (id: number) => call(knowledgeRoutes.knowledgeArticle, { params: { id } }),
  /** `POST /api/knowledge/articles` (`knowledge.write`): a new article, version 1 as a draft. */
  add: (body: BodyOf<K['addKnowledgeArticle']>) => call(knowledgeRoutes.addKnowledgeArticle, { body }),
  /** `PUT /api/knowledge/articles/{id}/draft` (`knowledge.write`): replaces the draft or opens the next version. */
  saveDraft: (id: number, body: BodyOf<K['saveKnowledgeDraft']>) => call(knowledgeRoutes.saveKnowledgeDraft, { params: { id }, body }),
  /** `POST /api/knowledge/articles/{id}/submit` (`knowledge.write`): draft -> in review. */
  submit: (id: number, body: BodyOf<K['submitKnowledgeDraft']>) => call(knowledgeRoutes.submitKnowledgeDraft, { params: { id }, body }),
  /** `POST /api/knowledge/articles/{id}/review` (`knowledge.publish`): publish or reject the version in review. */
  review: (id: number, body: BodyOf<K['reviewKnowledgeArticle']>) => call(knowledgeRoutes.reviewKnowledgeArticle, { params: { id }, body }),
  /** `POST /api/knowledge/articles/{id}/retire` (`knowledge.publish`): out of the search, no new version. */
  retire: (id: number, body: BodyOf<K['retireKnowledgeArticle']>) => call(knowledgeRoutes.retireKnowledgeArticle, { params: { id }, body }),
  /** `GET /api/knowledge/cases` (`knowledge.read`): the case base, newest first, no caller data. */
  cases: (query: QueryOf<K['listKnowledgeCases']>) => call(knowledgeRoutes.listKnowledgeCases, { query }),
  /** `POST /api/knowledge/cases` (`knowledge.write`): promotes a finished request to a case. */
  addCase: (body: BodyOf<K['addKnowledgeCase']>) => call(knowledgeRoutes.addKnowledgeCase, { body }),
  /** `GET /api/requests/{id}`: the request a case is made from (the API decides who may read it). */
  request: (id: number) => call(requestRoutes.request, { params: { id } }),
};
