import { Module } from '@nestjs/common';
import { BusinessTypesModule } from '../business-types/business-types.module.js';
import { LiveModule } from '../live/live.module.js';
import { RegistersModule } from '../registers/registers.module.js';
import { DeskGateway } from './desk.gateway.js';
import { DeskService } from './desk.service.js';
import { RequestsController } from './requests.controller.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsService } from './requests.service.js';

/**
 * Registered requests (受理登记) and the agent desk (坐席工作台): the API of both, the `desk:update` push to each
 * agent's sockets, and the month's export. Uses the complaints register (a complaint outcome opens a complaint),
 * the business-type tree, and the live KPI engine (the feed's clock and its change events). Exports the repository
 * (views of requests) for other modules.
 */
@Module({
  imports: [BusinessTypesModule, LiveModule, RegistersModule],
  providers: [RequestsRepository, RequestsService, DeskService, DeskGateway],
  controllers: [RequestsController],
  exports: [RequestsRepository, RequestsService],
})
export class RequestsModule {}
