import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { KpiEngineService } from './kpi-engine.service.js';
import { LiveController } from './live.controller.js';
import { LiveGateway } from './live.gateway.js';

/** Live KPIs: the engine and its Socket.IO gateway. */
@Module({ imports: [LedgerModule], providers: [KpiEngineService, LiveGateway], controllers: [LiveController], exports: [KpiEngineService] })
export class LiveModule {}
