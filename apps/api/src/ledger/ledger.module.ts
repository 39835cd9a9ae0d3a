import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { DeadLettersRepository } from './dead-letters.repository.js';
import { DeadLettersService } from './dead-letters.service.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';
import { RollupReconciliationService } from './rollup-reconciliation.service.js';
import { RollupReader, RollupWriter } from './rollups.js';
import { RollupsController } from './rollups.controller.js';

/** The call ledger: its repository, its rollups (kept in the ledger's transactions, read by the reports, reconciled) and the reports over it; the dead-letter store's repair (re-queue, discard). */
@Module({
  imports: [BusinessTypesModule],
  providers: [LedgerRepository, LedgerService, DeadLettersRepository, DeadLettersService, RollupWriter, RollupReader, RollupReconciliationService],
  controllers: [LedgerController, RollupsController],
  exports: [LedgerRepository, LedgerService, RollupReader, RollupReconciliationService],
})
export class LedgerModule {}
