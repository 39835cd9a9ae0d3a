import { Controller, Get, Query } from '@nestjs/common';
import { MonthQuery, ScoringService, YearQuery } from './scoring.service.js';

@Controller('api/score')
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  /** The 100-point sheet of a month from the ledger, with the projection and budget while it runs. */
  @Get('month')
  month(@Query() query: unknown) {
    return this.scoring.month(MonthQuery.parse(query).month);
  }

  /** The months of a contract year: totals, coefficients, quarters and the renewal count. */
  @Get('year')
  year(@Query() query: unknown) {
    return this.scoring.year(YearQuery.parse(query).year);
  }
}
