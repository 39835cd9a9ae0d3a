import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { API, DocumentParams, ReportParams, SubmitReportBody, SubmittedParams, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { sendFile } from '../common/send-file.js';
import { ReportsService } from '../registers/reports.service.js';
import { DocumentsService } from './documents.service.js';

/** The month's documents: generated on request, submitted (frozen) to the bureau, fetched as sent. */
@Controller()
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly reports: ReportsService,
  ) {}

  /** A document of the month generated now from the ledger and the registers. */
  @Endpoint(API.document)
  async document(@Param() params: unknown, @Res() res: Response): Promise<void> {
    const { month, file } = DocumentParams.parse(params);
    sendFile(res, await this.documents.render(month, file));
  }

  /** Submits a report: its documents are generated, frozen and recorded (201 with the report's record). */
  @Endpoint(API.submitReport)
  submit(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.submitReport>> {
    const { month, kind } = ReportParams.parse(params);
    const { correctionReason } = SubmitReportBody.parse(body ?? {});
    return this.documents.submit(month, kind, user.id, correctionReason);
  }

  /** A submitted document exactly as it was sent (its SHA-256 in `X-Content-SHA256`). */
  @Endpoint(API.submittedDocument)
  async submitted(@Param() params: unknown, @Res() res: Response): Promise<void> {
    const file = await this.reports.documentOf(SubmittedParams.parse(params).id);
    sendFile(res, file, file.sha256);
  }
}
