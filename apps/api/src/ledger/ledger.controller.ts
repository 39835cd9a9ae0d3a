import { Body, Controller, Param, Query } from '@nestjs/common';
import { API, DeadLetterIdParams, DeadLettersQuery, UnmaskBody, type DeadLetterView, type UnmaskedDeadLetter } from '@hotline/contracts';
import type { KpiReport } from '@hotline/kpi';
import { Ctx, type RequestContext } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { KpiQuery, LedgerService } from './ledger.service.js';

/** Reports over the ledger and the dead-letter store. */
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** KPIs of local days `from`..`to` (inclusive) from the ledger. */
  @Endpoint(API.kpi)
  kpi(@Query() query: unknown): Promise<KpiReport> {
    return this.ledger.report(KpiQuery.parse(query));
  }

  /** Most recent dead letters (input that could not be understood), newest first, masked. */
  @Endpoint(API.deadLetters)
  deadLetters(@Query() query: unknown): Promise<DeadLetterView[]> {
    const { limit } = DeadLettersQuery.parse(query);
    return this.ledger.deadLetters(limit ?? 100);
  }

  /** A dead letter's raw line in full, for repair, with a reason; audited. */
  @Endpoint(API.unmaskDeadLetter)
  unmaskDeadLetter(@Param() params: unknown, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<UnmaskedDeadLetter> {
    const { id } = DeadLetterIdParams.parse(params);
    const { reason } = UnmaskBody.parse(body ?? {});
    return this.ledger.revealDeadLetter(id, reason, ctx);
  }
}
