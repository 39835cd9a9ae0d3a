import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES, IMPORT_CONTENT_TYPES } from '@hotline/contracts';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { QaService } from '../quality/qa.service.js';
import { QualityModule } from '../quality/quality.module.js';
import { SatisfactionService } from '../quality/satisfaction.service.js';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsService } from './complaints.service.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { MonthStateModule, type RegisterSource } from './month-state.js';
import { PeopleService } from './people.js';
import { rawBody } from './raw-body.js';
import { RegisterMonthsController } from './register-months.controller.js';
import { REGISTER_SOURCES, RegisterMonthsService } from './register-months.service.js';
import { RegistersController } from './registers.controller.js';
import { RegistersService } from './registers.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { StaffReportService } from './staff.service.js';
import { TrainingsController } from './trainings.controller.js';
import { TrainingsService } from './trainings.service.js';

/** Largest import file (CSV or xlsx): a month of a city hotline's complaints or survey answers fits easily. */
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Registers of facts outside the call feed: outage windows (external faults), and the registers of the scored items
 * (complaints, trainings, reports, confidentiality incidents; satisfaction and QA come from QualityModule) with
 * their month states and the staff report. Exports RegisterMonthsService (`scoreFigures` for the score) and the
 * register services the documents use.
 */
@Module({
  // QualityModule gives the satisfaction and QA registers' sources (it must not import this module back).
  imports: [LedgerModule, LiveModule, MonthStateModule, QualityModule],
  providers: [
    RegistersService,
    PeopleService,
    ComplaintsService,
    IncidentsService,
    TrainingsService,
    ReportsService,
    StaffReportService,
    {
      provide: REGISTER_SOURCES,
      useFactory: (...sources: RegisterSource[]): RegisterSource[] => sources,
      inject: [IncidentsService, ReportsService, SatisfactionService, ComplaintsService, TrainingsService, QaService],
    },
    RegisterMonthsService,
  ],
  controllers: [RegistersController, RegisterMonthsController, ComplaintsController, IncidentsController, TrainingsController, ReportsController],
  exports: [RegisterMonthsService, ComplaintsService, IncidentsService, TrainingsService, ReportsService, StaffReportService, PeopleService, MonthStateModule],
})
export class RegistersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(rawBody([...IMPORT_CONTENT_TYPES, 'application/csv'], IMPORT_MAX_BYTES)).forRoutes({ path: 'api/registers/complaints/import', method: RequestMethod.POST });
    // A little over the limit, so that a sheet just too large gets the service's own 413 naming the limit.
    consumer.apply(rawBody(ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES + 1024 * 1024)).forRoutes({ path: 'api/registers/trainings/:id/attachment', method: RequestMethod.PUT });
  }
}
