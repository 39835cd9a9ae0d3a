import { Controller, Get } from '@nestjs/common';
import { FeedConsumerService } from './feed-consumer.service.js';

@Controller('api')
export class FeedController {
  constructor(private readonly consumer: FeedConsumerService) {}

  /** Liveness and feed backlog: entries not yet delivered (lag) or not yet acknowledged (pending). */
  @Get('health')
  async health() {
    return { status: 'ok', consumer: this.consumer.stats, backlog: await this.consumer.backlog() };
  }
}
