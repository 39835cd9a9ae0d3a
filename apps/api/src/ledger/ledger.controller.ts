import { Body, Controller, Param, Query } from '@nestjs/common';
import {
  API, DeadLetterIdParams, DeadLettersQuery, DiscardDeadLetterBody, RequeueDeadLetterBody, UnmaskBody,
  type DeadLetterView, type RequeuedDeadLetter, type UnmaskedDeadLetter,
} from '@hotline/contracts';
import type { KpiReport } from '@hotline/kpi';
import { Ctx, type RequestContext } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { DeadLettersService } from './dead-letters.service.js';
import { KpiQuery, LedgerService } from './ledger.service.js';

/** Reports over the ledger and the dead-letter store (list, unmask, re-queue, discard). */
@Controller()
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly deadLetterRepair: DeadLettersService,
  ) {}

  /** KPIs of local days `from`..`to` (inclusive) from the ledger. */
  @Endpoint(API.kpi)
  kpi(@Query() query: unknown): Promise<KpiReport> {
    return this.ledger.report(KpiQuery.parse(query));
  }

  /** Most recent dead letters (input that could not be understood), newest first, masked; optionally of one status. */
  @Endpoint(API.deadLetters)
  deadLetters(@Query() query: unknown): Promise<DeadLetterView[]> {
    const { limit, status } = DeadLettersQuery.parse(query);
    return this.deadLetterRepair.list(limit ?? 100, status);
  }

  /** A dead letter's raw line in full, for repair, with a reason; audited. */
  @Endpoint(API.unmaskDeadLetter)
  unmaskDeadLetter(@Param() params: unknown, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<UnmaskedDeadLetter> {
    const { id } = DeadLetterIdParams.parse(params);
    const { reason } = UnmaskBody.parse(body ?? {});
    return this.ledger.revealDeadLetter(id, reason, ctx);
  }

  /** Re-queues an open dead letter as corrected canonical events on the live stream, with a reason; audited. */
  @Endpoint(API.requeueDeadLetter)
  requeueDeadLetter(@Param() params: unknown, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<RequeuedDeadLetter> {
    const { id } = DeadLetterIdParams.parse(params);
    return this.deadLetterRepair.requeue(id, RequeueDeadLetterBody.parse(body ?? {}), ctx);
  }

  /** Discards an open dead letter with a reason; audited. */
  @Endpoint(API.discardDeadLetter)
  discardDeadLetter(@Param() params: unknown, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<DeadLetterView> {
    const { id } = DeadLetterIdParams.parse(params);
    return this.deadLetterRepair.discard(id, DiscardDeadLetterBody.parse(body ?? {}), ctx);
  }
}
