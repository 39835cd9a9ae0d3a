import { Body, Controller, Param, Query } from '@nestjs/common';
import { API, MonthParams, RegisterMonthParams, RegisterMonthQuery, StateNoteBody, StateReasonBody, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { RegisterMonthsService } from './register-months.service.js';
import { StaffReportService } from './staff.service.js';

/** The registers' month states (close, reopen, confirm, return) and the monthly staff report. */
@Controller()
export class RegisterMonthsController {
  constructor(
    private readonly months: RegisterMonthsService,
    private readonly staff: StaffReportService,
  ) {}

  /** Every register's state for the month, its figures so far and its blockers. */
  @Endpoint(API.registerMonths)
  list(@Param() params: unknown): Promise<ResponseOf<typeof API.registerMonths>> {
    return this.months.months(MonthParams.parse(params).month);
  }

  /** The supplier manager closes a register for the month (409 `incomplete` while something blocks it). */
  @Endpoint(API.closeRegisterMonth)
  close(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.closeRegisterMonth>> {
    const { month, register } = RegisterMonthParams.parse(params);
    return this.months.close(register, month, StateNoteBody.parse(body ?? {}).note, user.id);
  }

  /** The supplier manager reopens a closed register, with a reason. */
  @Endpoint(API.reopenRegisterMonth)
  reopen(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.reopenRegisterMonth>> {
    const { month, register } = RegisterMonthParams.parse(params);
    return this.months.reopen(register, month, StateReasonBody.parse(body ?? {}).reason, user.id);
  }

  /** The bureau confirms a closed register. */
  @Endpoint(API.confirmRegisterMonth)
  confirm(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.confirmRegisterMonth>> {
    const { month, register } = RegisterMonthParams.parse(params);
    return this.months.confirm(register, month, StateNoteBody.parse(body ?? {}).note, user.id);
  }

  /** The bureau returns a closed register to the supplier, with a reason. */
  @Endpoint(API.returnRegisterMonth)
  giveBack(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.returnRegisterMonth>> {
    const { month, register } = RegisterMonthParams.parse(params);
    return this.months.giveBack(register, month, StateReasonBody.parse(body ?? {}).reason, user.id);
  }

  /** The monthly staff report (人事基本情况). */
  @Endpoint(API.staffReport)
  staffReport(@Query() query: unknown): Promise<ResponseOf<typeof API.staffReport>> {
    return this.staff.report(RegisterMonthQuery.parse(query).month);
  }
}
