import { Body, Controller, Param, Query } from '@nestjs/common';
import { API, MonthParams, NarrativeBody, RegisterMonthQuery, ReportDueBody, ReportFindingsBody, ReportParams, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { ReportsService } from './reports.service.js';

/** The reports register: the month's two reports, due dates and findings (the bureau), the manager's narrative. */
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The month's operations report and self-assessment, and the narrative. */
  @Endpoint(API.listReports)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.listReports>> {
    return this.reports.list(RegisterMonthQuery.parse(query).month);
  }

  /** The bureau sets when a report is due. */
  @Endpoint(API.setReportDue)
  setDue(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.setReportDue>> {
    const { month, kind } = ReportParams.parse(params);
    const { dueAt, correctionReason } = ReportDueBody.parse(body);
    return this.reports.setDue(month, kind, new Date(dueAt), correctionReason);
  }

  /** The bureau records what it found in a report. */
  @Endpoint(API.addReportFindings)
  findings(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.addReportFindings>> {
    const { month, kind } = ReportParams.parse(params);
    return this.reports.addFindings(month, kind, ReportFindingsBody.parse(body), user.id);
  }

  /** The manager's text for the operations report. */
  @Endpoint(API.putNarrative)
  narrative(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.putNarrative>> {
    return this.reports.putNarrative(MonthParams.parse(params).month, NarrativeBody.parse(body), user.id);
  }
}
