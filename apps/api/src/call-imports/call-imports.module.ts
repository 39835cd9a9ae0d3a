import { BullModule } from '@nestjs/bullmq';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { rawBody } from '../registers/raw-body.js';
import { PeopleService } from '../registers/people.js';
import { CallImportProcessor } from './call-import.processor.js';
import { CallImportsController } from './call-imports.controller.js';
import { CallImportsRepository } from './call-imports.repository.js';
import { CALL_IMPORT_QUEUE, CallImportsService } from './call-imports.service.js';
import { CDR_CONTENT_TYPES } from './cdr-file.js';

/** Largest call-record file: a month of a busy hotline's calls as CSV fits. */
const CDR_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Import of call records (话单/CDR, CSV or xlsx) with a column mapping (issue 12): presets, dry run, BullMQ import
 * jobs writing to the backfill stream.
 */
@Module({
  imports: [BullModule.registerQueue({ name: CALL_IMPORT_QUEUE })],
  providers: [CallImportsRepository, CallImportsService, CallImportProcessor, PeopleService],
  controllers: [CallImportsController],
})
export class CallImportsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(rawBody(CDR_CONTENT_TYPES, CDR_MAX_BYTES))
      .forRoutes({ path: 'api/call-imports/preview', method: RequestMethod.POST }, { path: 'api/call-imports', method: RequestMethod.POST });
  }
}
