import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { HotTopicsController } from './hot-topics.controller.js';
import { HotTopicsRepository } from './hot-topics.repository.js';
import { HotTopicsService } from './hot-topics.service.js';

/**
 * Hot topics (热点诉求) over registered requests, the spike alarm, and the repeat-caller worklist. Reads
 * ServiceRequest (owned by the request registration module), the ledger's calls and the business-type tree; writes
 * nothing. Exports the service for the monthly operations report (三、热点诉求).
 */
@Module({ imports: [BusinessTypesModule], providers: [HotTopicsRepository, HotTopicsService], controllers: [HotTopicsController], exports: [HotTopicsService] })
export class HotTopicsModule {}
