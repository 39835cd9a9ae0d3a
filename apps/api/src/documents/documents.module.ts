import { Module } from '@nestjs/common';
import { HotTopicsModule } from '../hot-topics/hot-topics.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { QualityModule } from '../quality/quality.module.js';
import { RegistersModule } from '../registers/registers.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';

/** The month's paperwork for the bureau: the operations report, the self-assessment form, the staff report. */
@Module({
  imports: [LedgerModule, LiveModule, ScoringModule, RegistersModule, QualityModule, HotTopicsModule],
  providers: [DocumentsService],
  controllers: [DocumentsController],
})
export class DocumentsModule {}
