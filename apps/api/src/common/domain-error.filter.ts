import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { ErlangInputError, ErlangStaffingError } from '@hotline/erlang';
import { ScoringError } from '@hotline/scoring';
import { DomainError } from './domain-error.js';

/**
 * Maps domain errors and validation failures to 4xx JSON `{ statusCode, code, message, field? }`: the libs'
 * input errors (Erlang, scoring) and zod failures are 400 naming the field, an unreachable staffing target 422;
 * anything else is a 500.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      res.status(error.status).json({ statusCode: error.status, code: error.code, message: error.message, field: error.field });
    } else if (error instanceof ErlangInputError || error instanceof ScoringError) {
      res.status(400).json({ statusCode: 400, code: error.code, message: error.message, field: error.field });
    } else if (error instanceof ErlangStaffingError) {
      res.status(422).json({ statusCode: 422, code: error.code, message: error.message });
    } else if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue?.path.join('.') || undefined;
      res.status(400).json({ statusCode: 400, code: 'invalid_request', message: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), field });
    } else if (error instanceof HttpException) {
      res.status(error.getStatus()).json(error.getResponse());
    } else {
      res.status(500).json({ statusCode: 500, code: 'internal', message: 'internal error' });
      throw error;
    }
  }
}
