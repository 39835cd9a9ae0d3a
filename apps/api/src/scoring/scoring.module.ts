import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringService } from './scoring.service.js';

/** The contract's monthly score, the projection and the settlement coefficient, over the ledger. */
@Module({ imports: [LedgerModule, LiveModule], providers: [ScoringService], controllers: [ScoringController] })
export class ScoringModule {}
