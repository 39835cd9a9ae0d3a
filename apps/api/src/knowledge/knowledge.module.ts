import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { IMPORT_CONTENT_TYPES } from '@hotline/contracts';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { PeopleService } from '../registers/people.js';
import { rawBody } from '../registers/raw-body.js';
import { KnowledgeCasesService } from './knowledge-cases.service.js';
import { KnowledgeController } from './knowledge.controller.js';
import { KnowledgeImportService } from './knowledge-import.service.js';
import { KnowledgeSearchService } from './knowledge-search.service.js';
import { KnowledgeService } from './knowledge.service.js';

/** Largest standard-answer document (CSV or xlsx) an import takes: thousands of articles fit easily. */
const KNOWLEDGE_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * The knowledge base (知识库: articles, versions, review, search, import of a standard-answer document) and the case
 * base (案例库). Reads the business-type tree and the registered requests (ServiceRequest, never written here).
 * Exports the search for the agent desk.
 */
@Module({
  imports: [BusinessTypesModule],
  providers: [KnowledgeService, KnowledgeSearchService, KnowledgeCasesService, KnowledgeImportService, PeopleService],
  controllers: [KnowledgeController],
  exports: [KnowledgeSearchService],
})
export class KnowledgeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(rawBody([...IMPORT_CONTENT_TYPES, 'application/csv'], KNOWLEDGE_IMPORT_MAX_BYTES)).forRoutes({ path: 'api/knowledge/import', method: RequestMethod.POST });
  }
}
