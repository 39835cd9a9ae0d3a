import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { AttentionGateway } from './attention.gateway.js';
import { AttentionService } from './attention.service.js';
import { FloorRosterReader } from './floor-roster.js';
import { FloorSettingsService } from './floor-settings.service.js';
import { FloorController } from './floor.controller.js';
import { KpiEngineService } from './kpi-engine.service.js';
import { LiveController } from './live.controller.js';
import { LiveGateway } from './live.gateway.js';

/** Live KPIs: the engine and its Socket.IO gateway; what needs attention now (rules, thresholds, acknowledgements). */
@Module({
  imports: [LedgerModule, BusinessTypesModule, IntakeModule],
  providers: [KpiEngineService, LiveGateway, FloorSettingsService, FloorRosterReader, AttentionService, AttentionGateway],
  controllers: [LiveController, FloorController],
  exports: [KpiEngineService],
})
export class LiveModule {}
