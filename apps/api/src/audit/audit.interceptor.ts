import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { ZodError } from 'zod';
import { maskCallerNumber, maskPhoneNumbers, type EndpointDef } from '@hotline/contracts';
import { requestContext } from '../auth/current-user.js';
import { ENDPOINT_KEY } from '../auth/endpoint.decorator.js';
import { unavailableDependency } from '../common/dependency-error.js';
import { DomainError } from '../common/domain-error.js';
import { describeZodError } from '../common/domain-error.filter.js';
import { AuditService, withAuditNote, type AuditNote } from './audit.service.js';

/**
 * A refused request's error for its entry: the domain code, and the message as the client was told it (a zod
 * failure in words, not its issue list as JSON), numbers masked, at most 500 characters.
 */
function refusal(error: unknown): { code: string | undefined; message: string } {
  const code = error instanceof DomainError ? error.code : error instanceof ZodError ? 'invalid_request' : undefined;
  const message = error instanceof ZodError ? describeZodError(error).message : error instanceof Error ? error.message : String(error);
  return { code, message: maskPhoneNumbers(message).slice(0, 500) };
}

/** Largest JSON (characters) kept whole in an entry's request or after; larger ones are summarised by size. */
const MAX_JSON = 4000;

/**
 * Fields that hold a caller's number (a complaint's `caller`, a survey row's `callerNumber`, an event's `callerId`):
 * masked whole with maskCallerNumber, whatever their length.
 */
const CALLER_FIELD = /^(caller|callerId|callerNumber|callerPhone|phone|phoneNumber|mobile)$/i;

/**
 * A caller reference (`callerRef(hash)`: 12 lower-case hex digits) under the key `ref` or `callerRef` (a request's
 * `caller: { masked, ref }`): opaque, not a number, kept whole so that it matches the calls and requests showing it
 * (the digit masking would cut one with 7 digits in a row). Viewers without `calls.read` never see it (AuditService.list).
 */
const CALLER_REF_FIELD = /^(ref|callerRef)$/;
const CALLER_REF = /^[0-9a-f]{12}$/;

/**
 * A string of the trail: a caller field's value masked whole; a caller reference kept; any other text with
 * maskPhoneNumbers (runs of 7+ digits: phone numbers typed into a reason or a note), so that ids (`platform_12345`,
 * `bank:AA0203:34536`), counts and dates stay readable.
 */
function maskForTrail(key: string, value: string): string {
  if (CALLER_REF_FIELD.test(key) && CALLER_REF.test(value)) return value;
  return CALLER_FIELD.test(key) ? (maskCallerNumber(value) ?? value) : maskPhoneNumbers(value);
}

/** A value for the trail: secrets redacted, callers' numbers masked ({@link maskForTrail}), large values summarised. */
function forTrail(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return { bytes: value.length };
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (key, v: unknown) => (/password/i.test(key) ? '[redacted]' : typeof v === 'string' ? maskForTrail(key, v) : v));
  } catch {
    // Nested too deep for the stack (a hostile body), or circular: the trail says so instead of failing the request.
    return { omitted: 'not serialisable for the trail' };
  }
  if (json === undefined) return undefined;
  return json.length > MAX_JSON ? { omitted: 'too large for the trail', characters: json.length } : (JSON.parse(json) as unknown);
}

/** Runs an audit write so that nothing it throws can take the request (or the process) down with it. */
function safely(write: () => Promise<unknown>): Promise<unknown> {
  return Promise.resolve()
    .then(write)
    .catch(() => null);
}

function statusOf(error: unknown): number {
  if (error instanceof DomainError) return error.status;
  if (error instanceof HttpException) return error.getStatus();
  if (error instanceof ZodError) return 400;
  return unavailableDependency(error) ? 503 : 500; // as the exception filter answers
}

/**
 * Audits every write (POST, PUT, PATCH, DELETE) and every export (a GET answering a file): who (the guard's user),
 * when, from where, which operation and target, the request (passwords redacted), the outcome, and before/after
 * (what the service noted with `auditNote`, else the answer). Sign-in routes (tag `auth`) audit themselves;
 * endpoints marked `selfAudited` (unmasking) write their own entry on success, and their refusals are recorded here.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const def = this.reflector.get<EndpointDef | undefined>(ENDPOINT_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    const isExport = req.method === 'GET' && def?.responseContentType !== undefined;
    if (!def || def.tag === 'auth' || (req.method === 'GET' && !isExport)) return next.handle();
    const action = isExport ? `export.${def.id}` : def.id;
    const record = (outcome: 'ok' | 'failed', status: number, note: { before?: unknown; after?: unknown; target?: string }, result: unknown, error?: unknown) => {
      const ctx = requestContext(req);
      const params = Object.keys(req.params ?? {}).length ? req.params : undefined;
      return this.audit.record({
        actor: ctx.user ? { id: ctx.user.id, login: ctx.user.login } : null,
        ip: ctx.ip,
        action,
        target: note.target ?? (params ? Object.values(params).join('/') : null),
        outcome,
        detail: {
          method: req.method,
          path: req.path,
          status,
          params,
          query: Object.keys(req.query ?? {}).length ? forTrail(req.query) : undefined,
          body: req.method === 'GET' ? undefined : forTrail(req.body),
          before: forTrail(note.before),
          after: isExport ? undefined : forTrail(note.after ?? result),
          error: error ? refusal(error) : undefined,
        },
      });
    };
    return new Observable((subscriber) => {
      let emitted = false;
      const ok = (note: AuditNote, value: unknown) => {
        emitted = true;
        const status = context.switchToHttp().getResponse<{ statusCode: number }>().statusCode;
        void safely(() => record('ok', status, note, value)).then(() => {
          subscriber.next(value);
          subscriber.complete();
        });
      };
      // The handler runs on subscribe, inside the note's async context, so services can add before/after to it.
      const { note, result: subscription } = withAuditNote(() =>
        next.handle().subscribe({
          // A self-audited handler (unmasking) records its own success; refusals are recorded here.
        next: (value) => {
          if (!def.selfAudited) return ok(note, value);
          emitted = true;
          subscriber.next(value);
          subscriber.complete();
        },
          error: (error: unknown) => void safely(() => record('failed', statusOf(error), note, undefined, error)).then(() => subscriber.error(error)),
          // After a value, completion is the audit write's (ok); a handler that completes without one is audited here.
        complete: () => {
          if (emitted) return;
          if (def.selfAudited) subscriber.complete();
          else ok(note, undefined);
        },
        }),
      );
      return () => subscription.unsubscribe();
    });
  }
}
