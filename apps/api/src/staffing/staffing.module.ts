import { Module } from '@nestjs/common';
import { StaffingController } from './staffing.controller.js';
import { StaffingRepository } from './staffing.repository.js';
import { StaffingService } from './staffing.service.js';

/** Forecast and staffing requirement over libs/forecast and libs/erlang, and the Erlang what-if endpoints. */
@Module({ providers: [StaffingRepository, StaffingService], controllers: [StaffingController], exports: [StaffingService] })
export class StaffingModule {}
