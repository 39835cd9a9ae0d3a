import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';

/** The call ledger: its repository and the reports over it. */
@Module({ providers: [LedgerRepository, LedgerService], controllers: [LedgerController], exports: [LedgerRepository, LedgerService] })
export class LedgerModule {}
