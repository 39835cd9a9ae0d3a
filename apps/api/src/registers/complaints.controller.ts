import { Body, Controller, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { API, ComplaintBody, IdParams, RegisterMonthQuery, VerdictBody, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { ComplaintsService } from './complaints.service.js';

/** The complaints register: list, record, adjudicate, import. */
@Controller()
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  /** Complaints received in the month (callers masked), oldest first. */
  @Endpoint(API.listComplaints)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.listComplaints>> {
    return this.complaints.list(RegisterMonthQuery.parse(query).month);
  }

  /** Records a complaint as received (pending a verdict). */
  @Endpoint(API.addComplaint)
  add(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.addComplaint>> {
    return this.complaints.add(ComplaintBody.parse(body), user.id);
  }

  /** Adjudicates a complaint: justified (有责) or not. */
  @Endpoint(API.complaintVerdict)
  verdict(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.complaintVerdict>> {
    return this.complaints.verdict(IdParams.parse(params).id, VerdictBody.parse(body), user.id);
  }

  /** Imports complaints from CSV or xlsx (the body is the file's bytes). */
  @Endpoint(API.importComplaints)
  import(@Req() req: Request, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.importComplaints>> {
    return this.complaints.import(Buffer.isBuffer(req.body) ? req.body : undefined, req.get('content-type'), user.id);
  }
}
