import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import { CellEditBody, EvaluateBody, JobParams, ListQuery, PlanBody, PublishBody, VersionParams } from './roster.dto.js';
import { XLSX_TYPE } from './roster-xlsx.js';
import { RosterService } from './roster.service.js';

@Controller('api/roster')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  /** Starts a planning job (202); the same request again returns the same job. */
  @Post('plans')
  @HttpCode(202)
  plan(@Body() body: unknown) {
    return this.roster.startPlan(PlanBody.parse(body));
  }

  /** A planning job's state, progress (phase, gap, fraction of the time limit) and result (the draft's id). */
  @Get('jobs/:jobId')
  job(@Param() params: unknown) {
    return this.roster.job(JobParams.parse(params).jobId);
  }

  /** Cancels a planning job: a waiting one is removed, a running one stopped (it fails with reason `cancelled`). */
  @Delete('jobs/:jobId')
  cancel(@Param() params: unknown) {
    return this.roster.cancel(JobParams.parse(params).jobId);
  }

  @Get('versions')
  list(@Query() query: unknown) {
    return this.roster.list(ListQuery.parse(query));
  }

  @Get('versions/:id')
  get(@Param() params: unknown) {
    return this.roster.get(VersionParams.parse(params).id);
  }

  /** Edits one cell of a draft. */
  @Patch('versions/:id/cells')
  editCell(@Param() params: unknown, @Body() body: unknown) {
    return this.roster.editCell(VersionParams.parse(params).id, CellEditBody.parse(body));
  }

  /** Publishes a draft; body (optional) `{ acceptViolations?, replaceOverlapping?, revision? }`. */
  @Post('versions/:id/publish')
  @HttpCode(200)
  publish(@Param() params: unknown, @Body() body: unknown) {
    return this.roster.publish(VersionParams.parse(params).id, PublishBody.parse(body ?? {}));
  }

  /** Deletes a draft (204); published and superseded versions stay (409). */
  @Delete('versions/:id')
  @HttpCode(204)
  async remove(@Param() params: unknown) {
    await this.roster.deleteDraft(VersionParams.parse(params).id);
  }

  /** A new draft copied from a version. */
  @Post('versions/:id/copy')
  copy(@Param() params: unknown) {
    return this.roster.copy(VersionParams.parse(params).id);
  }

  @Get('versions/:id/evaluation')
  evaluation(@Param() params: unknown) {
    return this.roster.evaluate({ versionId: VersionParams.parse(params).id });
  }

  /** Evaluates a stored version, or any roster against a problem. */
  @Post('evaluate')
  @HttpCode(200)
  evaluate(@Body() body: unknown) {
    return this.roster.evaluate(EvaluateBody.parse(body));
  }

  /** The notice-board workbook (.xlsx). */
  @Get('versions/:id/export.xlsx')
  async exportXlsx(@Param() params: unknown, @Res() res: Response) {
    const { bytes, filename } = await this.roster.exportXlsx(VersionParams.parse(params).id);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(bytes);
  }

  /** A new draft from an edited workbook (body: the .xlsx bytes, Content-Type of .xlsx). */
  @Post('versions/:id/import')
  importXlsx(@Param() params: unknown, @Req() req: Request) {
    if (!req.is(XLSX_TYPE)) throw new DomainError('unsupported_media_type', `send the workbook's bytes as the body, with Content-Type ${XLSX_TYPE}`, 415, 'content-type');
    return this.roster.importXlsx(VersionParams.parse(params).id, Buffer.isBuffer(req.body) ? req.body : undefined);
  }
}
