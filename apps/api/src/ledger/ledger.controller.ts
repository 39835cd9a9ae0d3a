import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
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
    const { limit } = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).parse(query);
    return this.ledger.deadLetters(limit);
  }
}
