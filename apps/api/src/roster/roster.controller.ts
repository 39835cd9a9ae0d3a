import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { API, CellEditBody, CopyBody, EvaluateBody, JobParams, ListQuery, PlanBody, PublishBody, StopBody, VersionParams, XLSX_CONTENT_TYPE, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { RosterService } from './roster.service.js';

/** Planning jobs, roster versions (draft → published), cell edits, evaluation, the notice-board workbook. */
@Controller()
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  /** Starts a planning job (202); the same request again returns the same job. */
  @Endpoint(API.rosterPlan)
  plan(@Body() body: unknown): Promise<ResponseOf<typeof API.rosterPlan>> {
    return this.roster.startPlan(PlanBody.parse(body));
  }

  /** A planning job's state, progress (phase, gap, fraction of the time limit) and result (the draft's id). */
  @Endpoint(API.rosterJob)
  job(@Param() params: unknown): Promise<ResponseOf<typeof API.rosterJob>> {
    return this.roster.job(JobParams.parse(params).jobId);
  }

  /** Cancels a planning job: a waiting one is removed, a running one stopped (it fails with reason `cancelled`). */
  @Endpoint(API.rosterCancelJob)
  cancel(@Param() params: unknown): Promise<ResponseOf<typeof API.rosterCancelJob>> {
    return this.roster.cancel(JobParams.parse(params).jobId);
  }

  /** Stops the search of a running planning job, keeping the best roster (202; the body, if any, must be empty). */
  @Endpoint(API.rosterStopJob)
  stop(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.rosterStopJob>> {
    const { jobId } = JobParams.parse(params);
    StopBody.parse(body ?? {});
    return this.roster.stop(jobId);
  }

  /** Versions, newest first, without their cells and problem. */
  @Endpoint(API.rosterVersions)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.rosterVersions>> {
    return this.roster.list(ListQuery.parse(query));
  }

  /** A version with its cells and problem. */
  @Endpoint(API.rosterVersion)
  get(@Param() params: unknown): Promise<ResponseOf<typeof API.rosterVersion>> {
    return this.roster.get(VersionParams.parse(params).id);
  }

  /** Edits one cell of a draft. */
  @Endpoint(API.rosterEditCell)
  editCell(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.rosterEditCell>> {
    return this.roster.editCell(VersionParams.parse(params).id, CellEditBody.parse(body));
  }

  /** Publishes a draft; body (optional) `{ acceptViolations?, replaceOverlapping?, revision? }`. */
  @Endpoint(API.rosterPublish)
  publish(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.rosterPublish>> {
    return this.roster.publish(VersionParams.parse(params).id, PublishBody.parse(body ?? {}));
  }

  /** Deletes a draft (204); published and superseded versions stay (409). */
  @Endpoint(API.rosterDelete)
  async remove(@Param() params: unknown): Promise<void> {
    await this.roster.deleteDraft(VersionParams.parse(params).id);
  }

  /** A new draft copied from a version (the body, if any, must be empty). */
  @Endpoint(API.rosterCopy)
  copy(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.rosterCopy>> {
    const { id } = VersionParams.parse(params);
    CopyBody.parse(body ?? {});
    return this.roster.copy(id);
  }

  /** A version's full evaluation. */
  @Endpoint(API.rosterEvaluation)
  evaluation(@Param() params: unknown): Promise<ResponseOf<typeof API.rosterEvaluation>> {
    return this.roster.evaluate({ versionId: VersionParams.parse(params).id });
  }

  /** Evaluates a stored version, or any roster against a problem. */
  @Endpoint(API.rosterEvaluate)
  evaluate(@Body() body: unknown): Promise<ResponseOf<typeof API.rosterEvaluate>> {
    return this.roster.evaluate(EvaluateBody.parse(body));
  }

  /** The notice-board workbook (.xlsx). */
  @Endpoint(API.rosterExport)
  async exportXlsx(@Param() params: unknown, @Res() res: Response): Promise<void> {
    const { bytes, filename } = await this.roster.exportXlsx(VersionParams.parse(params).id);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(bytes);
  }

  /** A new draft from an edited workbook (body: the .xlsx bytes, Content-Type of .xlsx). */
  @Endpoint(API.rosterImport)
  importXlsx(@Param() params: unknown, @Req() req: Request): Promise<ResponseOf<typeof API.rosterImport>> {
    if (!req.is(XLSX_CONTENT_TYPE)) throw new DomainError('unsupported_media_type', `send the workbook's bytes as the body, with Content-Type ${XLSX_CONTENT_TYPE}`, 'content-type');
    return this.roster.importXlsx(VersionParams.parse(params).id, Buffer.isBuffer(req.body) ? req.body : undefined);
  }
}
