import { Delete, Get, HttpCode, Patch, Post, Put, SetMetadata, applyDecorators } from '@nestjs/common';
import { expressPath, type EndpointDef, type HttpMethod } from '@hotline/contracts';

/** Metadata key of the contract endpoint a handler serves. */
export const ENDPOINT_KEY = 'hotline:endpoint';

const ROUTE: Record<HttpMethod, (path: string) => MethodDecorator> = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete };

/**
 * Declares a handler from its contract endpoint (libs/contracts `API.*`): method, path, success status and the
 * permission the guard enforces. A handler routed any other way has no endpoint and the API refuses to start
 * (AccessGuard.assertEveryRouteDeclared).
 */
export function Endpoint(def: EndpointDef): MethodDecorator {
  return applyDecorators(ROUTE[def.method](expressPath(def.path)), HttpCode(def.status ?? 200), SetMetadata(ENDPOINT_KEY, def));
}
