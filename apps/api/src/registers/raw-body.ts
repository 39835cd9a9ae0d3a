import type { NextFunction, Request, Response } from 'express';
import { raw } from 'express';
import { DomainError } from '../common/domain-error.js';

/**
 * Middleware reading a request's bytes (of the given content types) into `req.body` as a Buffer, for file uploads
 * and imports. A body over `limit` bytes is refused with 413 `too_large` (field `body`), an unreadable one with 400
 * `bad_file`: thrown, so the API's exception filter answers them in its usual JSON shape.
 */
export function rawBody(types: readonly string[], limit: number) {
  const parse = raw({ type: [...types], limit });
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const error = await new Promise<unknown>((resolve) => parse(req, res, resolve));
    if (error) {
      const e = error as { type?: string; status?: number };
      if (e.type === 'entity.too.large' || e.status === 413) throw new DomainError('too_large', `the body is larger than ${Math.floor(limit / 1024 / 1024)} MB`, 'body');
      throw new DomainError('bad_file', 'the body could not be read', 'body');
    }
    next();
  };
}
