import { z } from 'zod';
import type { Access } from './permissions';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One operation of the HTTP API: where it is, who may call it, what it takes and what it answers. The API's
 * controllers are declared from these (`@Endpoint(def)`), the guard reads `access`, the console and the CLI type
 * their calls with them, and `/api/openapi.json` is generated from them.
 */
export interface EndpointDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  /** Unique, camelCase: the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Path in OpenAPI form, parameters in braces: `/api/roster/versions/{id}`. */
  path: string;
  /** The permission needed, or `public` / `session`. */
  access: Access;
  /** One line for the docs. */
  summary: string;
  /** OpenAPI tag (the domain). */
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The JSON answer (absent for 204 and non-JSON answers). */
  response?: R;
  /** Success status: 200 unless stated (201 created, 202 accepted, 204 no content). */
  status?: 200 | 201 | 202 | 204;
  /** The handler writes its own audit entry (unmasking, sign-in): the generic audit of writes skips it. */
  selfAudited?: boolean;
  /** Content type of a non-JSON answer (a workbook, a PDF...). */
  responseContentType?: string;
  /** Content type(s) of a non-JSON body (a workbook; a CSV or a workbook; a photo...). */
  bodyContentType?: string | readonly string[];
  /** Request headers the operation reads besides the session's (name -> what it carries; all optional strings). */
  headers?: Readonly<Record<string, string>>;
}

/** Declares an endpoint, keeping its schemas' types. */
export function defineEndpoint<P extends z.ZodType = z.ZodNever, Q extends z.ZodType = z.ZodNever, B extends z.ZodType = z.ZodNever, R extends z.ZodType = z.ZodNever>(
  def: EndpointDef<P, Q, B, R>,
): EndpointDef<P, Q, B, R> {
  return def;
}

/** The JSON answer type of an endpoint. */
export type ResponseOf<E> = E extends EndpointDef<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.infer<R> : never;
/** The body type of an endpoint (as the client sends it). */
export type BodyOf<E> = E extends EndpointDef<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never;
/** The query type of an endpoint (as the client sends it). */
export type QueryOf<E> = E extends EndpointDef<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never;

/** Nest/Express form of an OpenAPI path: `/api/users/{id}` -> `/api/users/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * True when every request for the path `later` is matched by the path `earlier` (OpenAPI form, `{param}` for a
 * parameter): as many segments, each of `earlier`'s a parameter or equal to `later`'s. A parameter of `later`
 * matched by a literal of `earlier` is not shadowed (other values still reach it).
 */
export function shadows(earlier: string, later: string): boolean {
  const a = earlier.split('/');
  const b = later.split('/');
  const isParam = (segment: string) => /^\{\w+\}$/.test(segment);
  return a.length === b.length && a.every((segment, i) => isParam(segment) || (segment === b[i] && !isParam(b[i])));
}
