import { AsyncResource } from 'node:async_hooks';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { maskNumbersInText } from '@hotline/contracts';
import type { ApiErrorCode } from '@hotline/contracts';
import { ErlangStaffingError } from '@hotline/erlang';
import { InputError } from '@hotline/events';
import { describeDependencyFailure, unavailableDependency, type Dependency } from './dependency-error.js';
import { DomainError } from './domain-error.js';

/** A dependency failure is logged at most once per this long (per dependency); the refusals between are counted. */
const UNAVAILABLE_LOG_MS = 60_000;

/**
 * Runs `log` outside any request's async context (bound at module load): there the request logger would add the
 * request to the line, its URL and query included (which may name a caller).
 */
const outsideRequest = AsyncResource.bind((log: () => void) => log());

/** The refusal of a request that failed because Postgres or Redis cannot be reached (503; its code names which). */
function unavailable(dependency: Dependency): DomainError {
  return dependency === 'database'
    ? new DomainError('database_unavailable', 'the database cannot be reached now: try again shortly')
    : new DomainError('redis_unavailable', 'Redis (sessions, live stream) cannot be reached now: try again shortly');
}

/** The code of a Nest HTTP exception's body, by status (their statuses are {@link ERROR_STATUS}'s for these codes). */
const HTTP_CODES: Record<number, ApiErrorCode> = { 400: 'invalid_request', 401: 'unauthenticated', 403: 'forbidden', 429: 'too_many_requests', 404: 'not_found', 405: 'method_not_allowed', 413: 'too_large', 415: 'unsupported_media_type' };

/**
 * A zod failure in words: `field: what is wrong` per issue, joined by `; `, and the first issue's field (a dotted
 * path; `body` for an issue at the root; an unknown key named as the field). Used by the filter's 400 and by the
 * audit trail's entry of the refused request, so both say the same.
 */
export function describeZodError(error: ZodError): { message: string; field: string | undefined } {
  const described = error.issues.map((i) => {
    const unknown = i.code === 'unrecognized_keys' ? i.keys : [];
    // An issue at the root is about the body as a whole (an array where an object belongs, say).
    const field = (unknown.length ? [...i.path, unknown[0]].join('.') : i.path.join('.')) || 'body';
    const message = unknown.length ? `unknown ${unknown.length > 1 ? 'fields' : 'field'} ${unknown.map((k) => `"${k}"`).join(', ')}` : i.message;
    return { field, text: `${field}: ${message}` };
  });
  return { message: described.map((d) => d.text).join('; '), field: described[0]?.field };
}

/**
 * Why the JSON parser refused a body, in words naming it: the parser (strict) takes only an object or an array, so a
 * body that is valid JSON but neither (`null`, `42`, `"text"`, `true`) is refused as `the body must be a JSON object,
 * not null` — not with the parser's `"null" is not valid JSON`; a malformed body keeps the parser's words.
 * @param raw - the bytes as sent (req.rawBody, kept by Nest's `rawBody` option for the intake push's HMAC).
 */
export function unparsableBody(raw: Buffer | undefined, parserMessage: string): string {
  let value: unknown;
  try {
    value = raw === undefined ? undefined : JSON.parse(raw.toString('utf8'));
  } catch {
    return `the body is not valid JSON: ${parserMessage}`;
  }
  if (value === undefined) return `the body must be a JSON object: ${parserMessage}`;
  return `the body must be a JSON object, not ${value === null ? 'null' : typeof value}`;
}

/**
 * The API's one exception filter: maps domain errors and validation failures to 4xx JSON
 * `{ statusCode, code, message, field? }`. A {@link DomainError}'s status is its code's in `ERROR_STATUS`
 * (domain-error.ts); the libraries' input errors ({@link InputError}: Erlang, forecast, scoring...) that reach here
 * unconverted and zod failures are 400 naming the field, an unreachable staffing target 422; a failure to reach
 * Postgres or Redis (dependency-error.ts) is 503 `database_unavailable` / `redis_unavailable`, logged at most once a
 * minute per dependency from its codes only; anything else is a 500, logged with its stack (digit runs masked).
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  /** Per dependency: when its failure was last logged, and the refusals since. */
  private readonly unavailableLog = new Map<Dependency, { at: number; refused: number }>();

  catch(thrown: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const dependency = thrown instanceof DomainError ? null : unavailableDependency(thrown);
    if (dependency) this.logUnavailable(dependency, thrown);
    const error = dependency ? unavailable(dependency) : thrown;
    if (error instanceof DomainError) {
      res.status(error.status).json({ statusCode: error.status, code: error.code, message: error.message, field: error.field });
    } else if (error instanceof InputError) {
      res.status(400).json({ statusCode: 400, code: error.code, message: error.message, field: error.field });
    } else if (error instanceof ErlangStaffingError) {
      res.status(422).json({ statusCode: 422, code: error.code, message: error.message });
    } else if (error instanceof ZodError) {
      const { message, field } = describeZodError(error);
      res.status(400).json({ statusCode: 400, code: 'invalid_request', message, field });
    } else if (error instanceof HttpException) {
      // Nest's own (unknown route, a body that is not JSON, a body too large): the same shape as ours.
      const status = error.getStatus();
      const body = error.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? error.message);
      // A body the JSON parser refused (malformed, or a bare `null` / number that is not an object or array).
      const unparsable = status === 400 && /JSON/.test(message);
      res.status(status).json({
        statusCode: status,
        code: HTTP_CODES[status] ?? 'http_error',
        message: unparsable ? unparsableBody(host.switchToHttp().getRequest<{ rawBody?: Buffer }>().rawBody, message) : message,
        ...(unparsable ? { field: 'body' } : {}),
      });
    } else {
      // An unexpected error's text may quote input: digit runs (callers' numbers) are masked in the log.
      this.logger.error(maskNumbersInText(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      res.status(500).json({ statusCode: 500, code: 'internal', message: 'internal error' });
    }
  }

  /** Logs a dependency failure once, then at most once a minute with the count of refusals in between. */
  private logUnavailable(dependency: Dependency, error: unknown): void {
    const now = Date.now();
    const last = this.unavailableLog.get(dependency);
    if (last && now - last.at < UNAVAILABLE_LOG_MS) {
      last.refused += 1;
      return;
    }
    const since = last?.refused ? ` (${last.refused} more refused since the last line)` : '';
    const line = `${dependency === 'database' ? 'Postgres' : 'Redis'} cannot be reached (${describeDependencyFailure(error)}): answering 503${since}`;
    outsideRequest(() => this.logger.error(line));
    this.unavailableLog.set(dependency, { at: now, refused: 0 });
  }
}
