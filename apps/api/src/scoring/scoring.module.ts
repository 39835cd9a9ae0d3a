import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { RegistersModule } from '../registers/registers.module.js';
import { RegisterMonthsService } from '../registers/register-months.service.js';
import { REGISTER_FIGURES, type RegisterFiguresSource } from './register-figures.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringService } from './scoring.service.js';

/**
 * The contract's monthly score, the projection and the settlement coefficient, over the ledger and the registers.
 * The register figures come from the {@link REGISTER_FIGURES} provider: the registers' figures of the months their
 * supplier manager closed (an open register's item is pending).
 */
@Module({
  imports: [LedgerModule, LiveModule, RegistersModule],
  providers: [
    ScoringService,
    {
      provide: REGISTER_FIGURES,
      useFactory: (months: RegisterMonthsService): RegisterFiguresSource => ({ figuresOf: (month) => months.scoreFigures(month) }),
      inject: [RegisterMonthsService],
    },
  ],
  controllers: [ScoringController],
  exports: [ScoringService],
})
export class ScoringModule {}
