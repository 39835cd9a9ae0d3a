import { Controller, Res } from '@nestjs/common';
import type { Response } from 'express';
import { API, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { ReadinessService } from './readiness.service.js';

/**
 * Liveness and readiness, both public (load balancers and container health checks call them without a session):
 * liveness has no figures; readiness shows ok/failing per part with a short reason and the feed's backlog count.
 */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the API process answers. Nothing is checked (a restart would not help a database that is down). */
  @Endpoint(API.health)
  health(): ResponseOf<typeof API.health> {
    return { status: 'ok' };
  }

  /** Readiness: 200 when Postgres, Redis and the feed are ok; 503 with the same body naming the failing parts. */
  @Endpoint(API.healthReady)
  async ready(@Res({ passthrough: true }) res: Response): Promise<ResponseOf<typeof API.healthReady>> {
    const readiness = await this.readiness.check();
    if (readiness.status !== 'ready') res.status(503);
    return readiness;
  }
}
