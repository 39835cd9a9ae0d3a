import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { queryInt } from '../common/query.js';
import { KpiQuery, LedgerService } from './ledger.service.js';

@Controller('api')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** KPIs of local days `from`..`to` (inclusive) from the ledger. */
  @Get('kpi')
  kpi(@Query() query: unknown) {
    return this.ledger.report(KpiQuery.parse(query));
  }

  /** Most recent dead letters (input that could not be understood), newest first. */
  @Get('dead-letters')
  deadLetters(@Query() query: unknown) {
    const { limit } = z.strictObject({ limit: queryInt(1, 1000) }).parse(query);
    return this.ledger.deadLetters(limit ?? 100);
  }
}
