import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  API, IdParams, MyRequestsQuery, RequestsExportQuery, RequestsQuery, ServiceRequestBody, ServiceRequestPatch, type ResponseOf,
} from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { sendFile } from '../common/send-file.js';
import { DeskService } from './desk.service.js';
import { RequestsService } from './requests.service.js';

/**
 * Registered requests (受理登记) and the agent desk. Routes with a fixed path (`mine`, `export`) are declared before
 * `{id}`.
 */
@Controller()
export class RequestsController {
  constructor(
    private readonly requests: RequestsService,
    private readonly desk: DeskService,
  ) {}

  /** The user's desk: her current call and her unfinished requests. */
  @Endpoint(API.desk)
  deskState(@CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.desk>> {
    return this.desk.state(user);
  }

  /** Registers a request (on one's own call, or without a call). */
  @Endpoint(API.registerRequest)
  register(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.registerRequest>> {
    return this.requests.register(ServiceRequestBody.parse(body ?? {}), user);
  }

  /** The user's own requests, newest first. */
  @Endpoint(API.myRequests)
  mine(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.myRequests>> {
    const { limit, offset, ...filter } = MyRequestsQuery.parse(query);
    return this.requests.page({ ...filter, createdById: user.id }, limit, offset);
  }

  /** The month's requests as an xlsx workbook (callers masked). */
  @Endpoint(API.exportRequests)
  async export(@Query() query: unknown, @Res() res: Response): Promise<void> {
    sendFile(res, await this.requests.exportMonth(RequestsExportQuery.parse(query).month));
  }

  /** Everyone's requests, newest first, filtered. */
  @Endpoint(API.requests)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.requests>> {
    const { limit, offset, ...filter } = RequestsQuery.parse(query);
    return this.requests.page(filter, limit, offset);
  }

  /** One request (for requests.read, or its author). */
  @Endpoint(API.request)
  one(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.request>> {
    return this.requests.get(IdParams.parse(params).id, user);
  }

  /** Changes or finishes one's own request. */
  @Endpoint(API.updateRequest)
  update(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.updateRequest>> {
    return this.requests.update(IdParams.parse(params).id, ServiceRequestPatch.parse(body ?? {}), user);
  }
}
