import { BullModule } from '@nestjs/bullmq';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import { StaffingModule } from '../staffing/staffing.module.js';
import { RosterController } from './roster.controller.js';
import { RosterControl } from './roster-control.js';
import { RosterProcessor } from './roster.processor.js';
import { RosterRepository } from './roster.repository.js';
import { XLSX_TYPE } from './roster-xlsx.js';
import { ROSTER_QUEUE, RosterService } from './roster.service.js';

/** Rosters over libs/roster: planning jobs (BullMQ), versions in Postgres, evaluation, notice-board xlsx. */
@Module({
  imports: [BullModule.registerQueue({ name: ROSTER_QUEUE }), StaffingModule],
  providers: [RosterRepository, RosterControl, RosterService, RosterProcessor],
  controllers: [RosterController],
})
export class RosterModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(raw({ type: XLSX_TYPE, limit: '5mb' })).forRoutes({ path: 'api/roster/versions/:id/import', method: RequestMethod.POST });
  }
}
