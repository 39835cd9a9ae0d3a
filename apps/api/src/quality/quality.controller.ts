import { Body, Controller, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { API, DrawBody, MonthParams, QaFormBody, QaReviewBody, RecheckBody, RegisterMonthQuery, SampleCallParams, TargetedCallBody, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { QaService } from './qa.service.js';
import { SatisfactionService } from './satisfaction.service.js';

/** Hang-up satisfaction (挂机满意度) and quality inspection (话务质检): the contract's `qualityRoutes`. */
@Controller()
export class QualityController {
  constructor(
    private readonly satisfactionService: SatisfactionService,
    private readonly qa: QaService,
  ) {}

  /** The month's satisfaction: answers from the feed and imports, the KPI and the survey rate. */
  @Endpoint(API.satisfaction)
  satisfaction(@Query() query: unknown): Promise<ResponseOf<typeof API.satisfaction>> {
    return this.satisfactionService.view(RegisterMonthQuery.parse(query).month);
  }

  /** Imports the platform's survey export (body: the CSV or xlsx bytes). */
  @Endpoint(API.importSurveys)
  importSurveys(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<ResponseOf<typeof API.importSurveys>> {
    return this.satisfactionService.import(Buffer.isBuffer(req.body) ? req.body : undefined, req.get('content-type'), user.id);
  }

  /** The QA form in force. */
  @Endpoint(API.qaForm)
  form(): Promise<ResponseOf<typeof API.qaForm>> {
    return this.qa.form();
  }

  /** A new version of the QA form. */
  @Endpoint(API.putQaForm)
  putForm(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<ResponseOf<typeof API.putQaForm>> {
    return this.qa.putForm(QaFormBody.parse(body), user.id);
  }

  /** The month's QA sample. */
  @Endpoint(API.qaSample)
  sample(@Param() params: unknown): Promise<ResponseOf<typeof API.qaSample>> {
    return this.qa.sample(MonthParams.parse(params).month);
  }

  /** Draws (or redraws, while nothing drawn is reviewed) the month's random sample. */
  @Endpoint(API.drawQaSample)
  draw(@CurrentUser() user: AuthUser, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.drawQaSample>> {
    return this.qa.draw(MonthParams.parse(params).month, DrawBody.parse(body ?? {}), user.id);
  }

  /** Adds a call on top of the random sample. */
  @Endpoint(API.addQaCall)
  addCall(@CurrentUser() user: AuthUser, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.addQaCall>> {
    return this.qa.addCall(MonthParams.parse(params).month, TargetedCallBody.parse(body), user.id);
  }

  /** Scores a sampled call on the form in force. */
  @Endpoint(API.reviewQaCall)
  review(@CurrentUser() user: AuthUser, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.reviewQaCall>> {
    const { month, callId } = SampleCallParams.parse(params);
    return this.qa.review(month, callId, QaReviewBody.parse(body), user.id);
  }

  /** The bureau's re-check of a reviewed call. */
  @Endpoint(API.recheckQaCall)
  recheck(@CurrentUser() user: AuthUser, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.recheckQaCall>> {
    const { month, callId } = SampleCallParams.parse(params);
    return this.qa.recheck(month, callId, RecheckBody.parse(body), user.id);
  }
}
