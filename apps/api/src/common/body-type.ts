import type { Request } from 'express';
import type { EndpointDef } from '@hotline/contracts';
import { DomainError } from './domain-error.js';

/** The one body type of the API's endpoints that declare no `bodyContentType` (the only body parser main.ts installs). */
export const JSON_CONTENT_TYPE = 'application/json';

/** Whether the request carries body bytes: a non-zero Content-Length, or a chunked body (no length given). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Refuses a request body of a type the endpoint does not take, before anything reads it. Endpoints that declare
 * `bodyContentType` in their contract (file imports, attachments) read their own bytes with their own parser and
 * check their own types, so they pass here untouched; every other endpoint takes JSON only: a body of any other
 * type (`text/plain`, a form's `application/x-www-form-urlencoded` or `multipart/form-data`, which another site's
 * form may post) is refused. A request without body bytes (GET, DELETE, an empty POST) is never refused.
 * @throws DomainError 415 `unsupported_media_type` (field `content-type`) naming the expected type.
 */
export function assertBodyType(req: Request, def: Pick<EndpointDef, 'bodyContentType'>): void {
  if (def.bodyContentType !== undefined || !hasBody(req) || req.is(JSON_CONTENT_TYPE)) return;
  const sent = req.get('content-type');
  throw new DomainError('unsupported_media_type', `send the body as JSON with Content-Type: ${JSON_CONTENT_TYPE} (${sent ? `not ${sent.split(';')[0].trim().slice(0, 100)}` : 'none was given'})`, 'content-type');
}
