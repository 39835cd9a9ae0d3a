import { Body, Controller, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  API, IdParams, KnowledgeArticleBody, KnowledgeArticleQuery, KnowledgeCaseBody, KnowledgeCaseQuery, KnowledgeImportQuery, KnowledgeRetireBody, KnowledgeReviewBody, KnowledgeSearchQuery,
  KnowledgeSubmitBody, type ResponseOf,
} from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { KnowledgeCasesService } from './knowledge-cases.service.js';
import { KnowledgeImportService } from './knowledge-import.service.js';
import { KnowledgeSearchService } from './knowledge-search.service.js';
import { KnowledgeService } from './knowledge.service.js';

/** The knowledge base (知识库): search, articles and their review; the case base (案例库). */
@Controller()
export class KnowledgeController {
  constructor(
    private readonly articles: KnowledgeService,
    private readonly searcher: KnowledgeSearchService,
    private readonly cases: KnowledgeCasesService,
    private readonly importer: KnowledgeImportService,
  ) {}

  @Endpoint(API.searchKnowledge)
  search(@Query() query: unknown): Promise<ResponseOf<typeof API.searchKnowledge>> {
    return this.searcher.search(KnowledgeSearchQuery.parse(query ?? {}));
  }

  @Endpoint(API.listKnowledgeArticles)
  list(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.listKnowledgeArticles>> {
    return this.articles.list(KnowledgeArticleQuery.parse(query ?? {}), user);
  }

  @Endpoint(API.knowledgeArticle)
  get(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.knowledgeArticle>> {
    return this.articles.get(IdParams.parse(params).id, user);
  }

  @Endpoint(API.addKnowledgeArticle)
  create(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.addKnowledgeArticle>> {
    return this.articles.create(KnowledgeArticleBody.parse(body), user);
  }

  @Endpoint(API.saveKnowledgeDraft)
  saveDraft(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.saveKnowledgeDraft>> {
    return this.articles.saveDraft(IdParams.parse(params).id, KnowledgeArticleBody.parse(body), user);
  }

  @Endpoint(API.submitKnowledgeDraft)
  submit(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.submitKnowledgeDraft>> {
    return this.articles.submit(IdParams.parse(params).id, KnowledgeSubmitBody.parse(body ?? {}), user);
  }

  @Endpoint(API.reviewKnowledgeArticle)
  review(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.reviewKnowledgeArticle>> {
    return this.articles.review(IdParams.parse(params).id, KnowledgeReviewBody.parse(body), user);
  }

  @Endpoint(API.retireKnowledgeArticle)
  retire(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.retireKnowledgeArticle>> {
    return this.articles.retire(IdParams.parse(params).id, KnowledgeRetireBody.parse(body).reason, user);
  }

  /** Loads a standard-answer document (CSV or xlsx; the body is the file's bytes), or previews it with `dryRun=true`. */
  @Endpoint(API.importKnowledge)
  import(@Req() req: Request, @Query() query: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.importKnowledge>> {
    return this.importer.import(Buffer.isBuffer(req.body) ? req.body : undefined, req.get('content-type'), KnowledgeImportQuery.parse(query ?? {}), user);
  }

  @Endpoint(API.addKnowledgeCase)
  addCase(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.addKnowledgeCase>> {
    return this.cases.create(KnowledgeCaseBody.parse(body), user);
  }

  @Endpoint(API.listKnowledgeCases)
  listCases(@Query() query: unknown): Promise<ResponseOf<typeof API.listKnowledgeCases>> {
    return this.cases.list(KnowledgeCaseQuery.parse(query ?? {}));
  }
}
