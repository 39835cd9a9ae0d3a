import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { PeopleService } from '../registers/people.js';
import { KnowledgeCasesService } from './knowledge-cases.service.js';
import { KnowledgeController } from './knowledge.controller.js';
import { KnowledgeSearchService } from './knowledge-search.service.js';
import { KnowledgeService } from './knowledge.service.js';

/**
 * The knowledge base (知识库: articles, versions, review, search) and the case base (案例库). Reads the business-type
 * tree and the registered requests (ServiceRequest, never written here). Exports the search for the agent desk.
 */
@Module({
  imports: [BusinessTypesModule],
  providers: [KnowledgeService, KnowledgeSearchService, KnowledgeCasesService, PeopleService],
  controllers: [KnowledgeController],
  exports: [KnowledgeSearchService],
})
export class KnowledgeModule {}
