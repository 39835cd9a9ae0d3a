import { Controller } from '@nestjs/common';
import { API, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { FeedConsumerService } from './feed-consumer.service.js';

/** The feed's health (consumer totals and stream backlog, for operators). Liveness and readiness: HealthController. */
@Controller()
export class FeedController {
  constructor(private readonly consumer: FeedConsumerService) {}

  /** Consumer totals and feed backlog: entries not yet delivered (lag) or not yet acknowledged (pending). */
  @Endpoint(API.feedHealth)
  async feedHealth(): Promise<ResponseOf<typeof API.feedHealth>> {
    return { status: 'ok', consumer: { ...this.consumer.stats }, backlog: await this.consumer.backlog(), alarms: this.consumer.alarms() };
  }
}
