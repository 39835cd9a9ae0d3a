import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import { IMPORT_CONTENT_TYPES } from '@hotline/contracts';
import { MonthStateModule } from '../registers/month-state.js';
import { PeopleService } from '../registers/people.js';
import { QaService } from './qa.service.js';
import { QualityController } from './quality.controller.js';
import { SatisfactionService } from './satisfaction.service.js';

/**
 * Hang-up satisfaction (挂机满意度) and quality inspection (话务质检). Exports both registers' services (each a
 * RegisterSource) for the module that aggregates the month states; it must not import that module back.
 */
@Module({
  imports: [MonthStateModule],
  providers: [SatisfactionService, QaService, PeopleService],
  controllers: [QualityController],
  exports: [SatisfactionService, QaService],
})
export class QualityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The survey export arrives as the file's bytes (CSV or xlsx), not JSON.
    consumer.apply(raw({ type: [...IMPORT_CONTENT_TYPES, 'application/csv'], limit: '20mb' })).forRoutes({ path: 'api/registers/satisfaction/import', method: RequestMethod.POST });
  }
}
