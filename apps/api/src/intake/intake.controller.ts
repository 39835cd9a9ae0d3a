import { Body, Controller, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { API, IdParams, IntakeKeyBody, IntakeKeyParams, IntakeSourceBody, IntakeSourcePatch, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, requestContext, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { intakeCallerOf } from './intake-auth.service.js';
import { IntakePushService } from './intake-push.service.js';
import { IntakeSourcesService } from './intake-sources.service.js';
import { IntakeStatusService } from './intake-status.service.js';

/** Intake: the platform push (signed, no session), the status page, and the sources with their keys (admin). */
@Controller()
export class IntakeController {
  constructor(
    private readonly push: IntakePushService,
    private readonly sources: IntakeSourcesService,
    private readonly statusService: IntakeStatusService,
  ) {}

  /** A signed batch of events or call records (the guard verified the signature and found the source). */
  @Endpoint(API.pushIntakeEvents)
  pushEvents(@Req() req: Request, @Body() body: unknown): Promise<ResponseOf<typeof API.pushIntakeEvents>> {
    return this.push.push(body, intakeCallerOf(req), requestContext(req).ip);
  }

  /** Every source's last event, lag, rates, errors and silence. */
  @Endpoint(API.intakeStatus)
  status(): Promise<ResponseOf<typeof API.intakeStatus>> {
    return this.statusService.status();
  }

  @Endpoint(API.listIntakeSources)
  list(): Promise<ResponseOf<typeof API.listIntakeSources>> {
    return this.sources.list();
  }

  @Endpoint(API.createIntakeSource)
  create(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.createIntakeSource>> {
    return this.sources.create(IntakeSourceBody.parse(body), user.id);
  }

  @Endpoint(API.updateIntakeSource)
  update(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.updateIntakeSource>> {
    return this.sources.update(IdParams.parse(params).id, IntakeSourcePatch.parse(body));
  }

  @Endpoint(API.deleteIntakeSource)
  remove(@Param() params: unknown): Promise<void> {
    return this.sources.remove(IdParams.parse(params).id);
  }

  @Endpoint(API.createIntakeKey)
  createKey(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.createIntakeKey>> {
    return this.sources.createKey(IdParams.parse(params).id, IntakeKeyBody.parse(body ?? {}), user.id);
  }

  @Endpoint(API.revokeIntakeKey)
  revokeKey(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.revokeIntakeKey>> {
    const { id, keyId } = IntakeKeyParams.parse(params);
    return this.sources.revokeKey(id, keyId, user.id);
  }
}
