import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { DeadLettersRepository } from './dead-letters.repository.js';
import { DeadLettersService } from './dead-letters.service.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';

/** The call ledger: its repository and the reports over it; the dead-letter store's repair (re-queue, discard). */
@Module({ imports: [BusinessTypesModule], providers: [LedgerRepository, LedgerService, DeadLettersRepository, DeadLettersService], controllers: [LedgerController], exports: [LedgerRepository, LedgerService] })
export class LedgerModule {}
