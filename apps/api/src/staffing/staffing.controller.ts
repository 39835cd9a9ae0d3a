import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ErlangABody, ErlangCBody, ForecastQuery, RequirementBody, StaffABody, StaffCBody } from './staffing.dto.js';
import { StaffingService } from './staffing.service.js';

@Controller('api')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  /** Arrivals per 30-minute interval for the coming weeks from the ledger, with the requirement per interval (Erlang C and A). */
  @Get('forecast')
  forecast(@Query() query: unknown) {
    return this.staffing.forecast(ForecastQuery.parse(query));
  }

  /** What-if: requirement per interval and the month view for given intervals (or a forecast), AHT, patience, targets. */
  @Post('staffing/requirement')
  @HttpCode(200)
  requirement(@Body() body: unknown) {
    return this.staffing.requirement(RequirementBody.parse(body));
  }

  /** Erlang C metrics of one interval (the names of shared/reference/erlang-cases.json). */
  @Post('erlang/c')
  @HttpCode(200)
  erlangC(@Body() body: unknown) {
    return this.staffing.erlangC(ErlangCBody.parse(body));
  }

  /** Erlang A metrics of one interval. */
  @Post('erlang/a')
  @HttpCode(200)
  erlangA(@Body() body: unknown) {
    return this.staffing.erlangA(ErlangABody.parse(body));
  }

  /** Erlang C staffing: the fewest agents meeting the targets. */
  @Post('erlang/staff/c')
  @HttpCode(200)
  staffC(@Body() body: unknown) {
    return this.staffing.staffC(StaffCBody.parse(body));
  }

  /** Erlang A staffing. */
  @Post('erlang/staff/a')
  @HttpCode(200)
  staffA(@Body() body: unknown) {
    return this.staffing.staffA(StaffABody.parse(body));
  }
}
