import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { KpiEngineService } from './kpi-engine.service.js';
import { LiveController } from './live.controller.js';
import { LiveGateway } from './live.gateway.js';

/** Live KPIs: the engine and its Socket.IO gateway. */
@Module({ imports: [LedgerModule, BusinessTypesModule], providers: [KpiEngineService, LiveGateway], controllers: [LiveController], exports: [KpiEngineService] })
export class LiveModule {}
