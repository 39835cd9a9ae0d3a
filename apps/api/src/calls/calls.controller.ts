import { Body, Controller, Param, Query } from '@nestjs/common';
import { API, CallIdParams, CallsQuery, MyCallsQuery, UnmaskBody, type CallsPage, type UnmaskedCaller } from '@hotline/contracts';
import { CurrentUser, Ctx, type AuthUser, type RequestContext } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { CallsService } from './calls.service.js';

/** Calls of the ledger (callers masked) and unmasking a caller (`calls.unmask`, audited). */
@Controller()
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  /** A local day's calls, newest first, optionally of one agent. */
  @Endpoint(API.calls)
  list(@Query() query: unknown): Promise<CallsPage> {
    return this.calls.page(CallsQuery.parse(query));
  }

  /** The calls the signed-in user's own agent id answered. 403 `no_agent_id` for an account without one. */
  @Endpoint(API.myCalls)
  mine(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<CallsPage> {
    const q = MyCallsQuery.parse(query);
    if (!user.agentId) throw new DomainError('no_agent_id', 'this account has no agent id: it answers no calls');
    return this.calls.page({ ...q, agentId: user.agentId });
  }

  /** A caller's number in full, with a reason; audited. */
  @Endpoint(API.unmaskCaller)
  unmask(@Param() params: unknown, @Body() body: unknown, @Ctx() ctx: RequestContext): Promise<UnmaskedCaller> {
    const { callId } = CallIdParams.parse(params);
    const { reason } = UnmaskBody.parse(body ?? {});
    return this.calls.unmask(callId, reason, ctx);
  }
}
