import { Body, Controller, Query } from '@nestjs/common';
import { API, ErlangABody, ErlangCBody, ForecastQuery, RequirementBody, StaffABody, StaffCBody, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { StaffingService } from './staffing.service.js';

/** Forecast from the ledger, staffing requirement what-ifs and Erlang what-ifs. */
@Controller()
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  /** Arrivals per 30-minute interval for the coming weeks from the ledger, with the requirement per interval (Erlang C and A). */
  @Endpoint(API.forecast)
  forecast(@Query() query: unknown): Promise<ResponseOf<typeof API.forecast>> {
    return this.staffing.forecast(ForecastQuery.parse(query));
  }

  /** What-if: requirement per interval and the month view for given intervals (or a forecast), AHT, patience, targets. */
  @Endpoint(API.requirement)
  requirement(@Body() body: unknown): ResponseOf<typeof API.requirement> {
    return this.staffing.requirement(RequirementBody.parse(body));
  }

  /** Erlang C metrics of one interval (the names of shared/reference/erlang-cases.json). */
  @Endpoint(API.erlangC)
  erlangC(@Body() body: unknown): ResponseOf<typeof API.erlangC> {
    return this.staffing.erlangC(ErlangCBody.parse(body));
  }

  /** Erlang A metrics of one interval. */
  @Endpoint(API.erlangA)
  erlangA(@Body() body: unknown): ResponseOf<typeof API.erlangA> {
    return this.staffing.erlangA(ErlangABody.parse(body));
  }

  /** Erlang C staffing: the fewest agents meeting the targets. */
  @Endpoint(API.staffC)
  staffC(@Body() body: unknown): ResponseOf<typeof API.staffC> {
    return this.staffing.staffC(StaffCBody.parse(body));
  }

  /** Erlang A staffing. */
  @Endpoint(API.staffA)
  staffA(@Body() body: unknown): ResponseOf<typeof API.staffA> {
    return this.staffing.staffA(StaffABody.parse(body));
  }
}
