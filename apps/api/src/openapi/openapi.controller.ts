import { readFileSync } from 'node:fs';
import { Controller } from '@nestjs/common';
import { API, ENDPOINTS, buildOpenApi, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';

/** The API's version: apps/api/package.json's (read once; the file sits two folders above src/ and dist/). */
function apiVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The OpenAPI 3.1 document of the API, generated from the contract (libs/contracts), for integrators and the console's docs page. */
@Controller()
export class OpenApiController {
  private document: ResponseOf<typeof API.openapi> | undefined;

  /** Every operation with the permission it needs, its parameters, body and answer schemas; the Socket.IO events. */
  @Endpoint(API.openapi)
  openapi(): ResponseOf<typeof API.openapi> {
    this.document ??= buildOpenApi(ENDPOINTS, { title: 'HotlineOps API', version: apiVersion() });
    return this.document;
  }
}
