import { Controller, Get } from '@nestjs/common';
import { KpiEngineService } from './kpi-engine.service.js';

@Controller('api/live')
export class LiveController {
  constructor(private readonly engine: KpiEngineService) {}

  /** The snapshot consoles receive over Socket.IO, for clients that poll. */
  @Get('snapshot')
  snapshot() {
    return this.engine.snapshot();
  }
}
