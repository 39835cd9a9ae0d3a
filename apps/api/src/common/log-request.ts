import { maskNumbersInText } from '@hotline/contracts';

/** The request as pino's standard serializer gives it (pino-std-serializers `req`): what a log line carries of it. */
export interface LoggedRequest {
  url?: string;
  query?: unknown;
  params?: unknown;
  [key: string]: unknown;
}

/** Every string in a parsed query or route parameters, masked (nested objects and arrays too). */
function maskValues(value: unknown): unknown {
  if (typeof value === 'string') return maskNumbersInText(value);
  if (Array.isArray(value)) return value.map(maskValues);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValues(v)]));
  return value;
}

/** The URL as the client wrote it, percent-decoded where that is valid (`%2B86%20138...` is read as `+86 138...`). */
function decoded(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
}

/**
 * pino-http's request serializer for every log line written while a request is served: a caller's number in the
 * path or the query (`/api/calls?caller=13812345678`, `.../138%201234%205678`) is masked as in any free text
 * (maskNumbersInText: digit runs of 5 or more, numbers written with separators), so that no log holds it in clear.
 * Headers with credentials are removed by the logger's `redact` paths, not here.
 * @param req - the standard serializer's output; @returns the same with `url`, `query` and `params` masked.
 */
export function maskLoggedRequest(req: LoggedRequest): LoggedRequest {
  return {
    ...req,
    ...(typeof req.url === 'string' ? { url: maskNumbersInText(decoded(req.url)) } : {}),
    ...(req.query !== undefined ? { query: maskValues(req.query) } : {}),
    ...(req.params !== undefined ? { params: maskValues(req.params) } : {}),
  };
}
