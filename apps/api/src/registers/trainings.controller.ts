import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { API, CorrectionReason, IdParams, RegisterMonthQuery, TrainingBody, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { sendFile } from '../common/send-file.js';
import { TrainingsService } from './trainings.service.js';

/**
 * The optional `X-Correction-Reason` header (percent-decoded when encoded): the correction reason of an upload to a
 * confirmed month, read by the body's rule (CorrectionReason: 2..500 characters, phone numbers masked).
 * @throws DomainError 400 `invalid_request` (field `X-Correction-Reason`) for a reason the rule refuses.
 */
function correctionHeader(req: Request): string | undefined {
  const raw = req.get('x-correction-reason');
  if (raw === undefined || raw.trim() === '') return undefined;
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    text = raw;
  }
  const parsed = CorrectionReason.safeParse(text);
  if (!parsed.success) throw new DomainError('invalid_request', `X-Correction-Reason: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'X-Correction-Reason');
  return parsed.data;
}

/** The trainings register: sessions with their sign-in lists and signed sheets. */
@Controller()
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  /** Sessions of the month, with those the published roster planned and nobody recorded yet. */
  @Endpoint(API.listTrainings)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.listTrainings>> {
    return this.trainings.list(RegisterMonthQuery.parse(query).month);
  }

  /** Records a session with its sign-in list (or a planned one). */
  @Endpoint(API.addTraining)
  add(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.addTraining>> {
    return this.trainings.add(TrainingBody.parse(body), user.id);
  }

  /** Replaces a session. */
  @Endpoint(API.updateTraining)
  update(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.updateTraining>> {
    return this.trainings.update(IdParams.parse(params).id, TrainingBody.parse(body));
  }

  /** Removes a session recorded by mistake (open months only; 204). */
  @Endpoint(API.removeTraining)
  remove(@Param() params: unknown): Promise<void> {
    return this.trainings.remove(IdParams.parse(params).id);
  }

  /** Attaches the signed sheet or a photo: the body is the file's bytes, its name in `X-File-Name`. */
  @Endpoint(API.putTrainingAttachment)
  putAttachment(@Param() params: unknown, @Req() req: Request): Promise<ResponseOf<typeof API.putTrainingAttachment>> {
    const { id } = IdParams.parse(params);
    return this.trainings.putAttachment(id, Buffer.isBuffer(req.body) ? req.body : undefined, req.get('content-type'), req.get('x-file-name'), correctionHeader(req));
  }

  /** The session's sign-in sheet as attached, with its type and name. */
  @Endpoint(API.getTrainingAttachment)
  async getAttachment(@Param() params: unknown, @Res() res: Response): Promise<void> {
    const file = await this.trainings.attachment(IdParams.parse(params).id);
    sendFile(res, file);
  }
}
