import { Module } from '@nestjs/common';
import { ForecastDaysController } from './forecast-days.controller.js';
import { ForecastDaysRepository } from './forecast-days.repository.js';
import { ForecastDaysService } from './forecast-days.service.js';
import { StaffingController } from './staffing.controller.js';
import { StaffingRepository } from './staffing.repository.js';
import { StaffingService } from './staffing.service.js';

/**
 * Forecast and staffing requirement over libs/forecast and libs/erlang, the Erlang what-if endpoints, and the
 * forecast's marked and special days.
 */
@Module({
  providers: [StaffingRepository, StaffingService, ForecastDaysRepository, ForecastDaysService],
  controllers: [StaffingController, ForecastDaysController],
  exports: [StaffingService],
})
export class StaffingModule {}
