import { Controller, Query } from '@nestjs/common';
import { API, MonthQuery, YearQuery, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { ScoringService } from './scoring.service.js';

/** The contract's score over the ledger: a month's sheet, a contract year. */
@Controller()
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  /** The 100-point sheet of a month from the ledger, with the projection and budget while it runs. */
  @Endpoint(API.scoreMonth)
  month(@Query() query: unknown): Promise<ResponseOf<typeof API.scoreMonth>> {
    return this.scoring.month(MonthQuery.parse(query).month);
  }

  /** The months of a contract year: totals, coefficients, quarters and the renewal count. */
  @Endpoint(API.scoreYear)
  year(@Query() query: unknown): Promise<ResponseOf<typeof API.scoreYear>> {
    return this.scoring.year(YearQuery.parse(query).year);
  }
}
