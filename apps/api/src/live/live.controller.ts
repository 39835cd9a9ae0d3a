import { Controller } from '@nestjs/common';
import { API, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { KpiEngineService } from './kpi-engine.service.js';

/** The live floor for clients that poll (consoles receive the same snapshot over Socket.IO, `kpi:snapshot`). */
@Controller()
export class LiveController {
  constructor(private readonly engine: KpiEngineService) {}

  /** The snapshot consoles receive over Socket.IO. */
  @Endpoint(API.liveSnapshot)
  snapshot(): ResponseOf<typeof API.liveSnapshot> {
    return this.engine.snapshot();
  }
}
