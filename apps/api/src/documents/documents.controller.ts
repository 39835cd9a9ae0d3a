import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { API, DocumentParams, ReportParams, SubmitReportBody, SubmittedParams, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { contentDisposition } from '../common/content-disposition.js';
import { ReportsService } from '../registers/reports.service.js';
import { DocumentsService } from './documents.service.js';

/** Sends a file: its type, its name (Chinese kept), no sniffing, no caching (the documents name people). */
function sendFile(res: Response, file: { fileName: string; contentType: string; content: Buffer }, sha256?: string): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  if (sha256) res.setHeader('X-Content-SHA256', sha256);
  res.send(file.content);
}

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
