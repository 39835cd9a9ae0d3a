import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { RegistersController } from './registers.controller.js';
import { RegistersService } from './registers.service.js';

/** Registers of facts outside the call feed: outage windows (external faults). */
@Module({ imports: [LedgerModule, LiveModule], providers: [RegistersService], controllers: [RegistersController] })
export class RegistersModule {}
