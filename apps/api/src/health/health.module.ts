import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module.js';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.service.js';

/** `GET /api/health` (liveness) and `GET /api/health/ready` (Postgres, Redis, the feed consumer). */
@Module({ imports: [FeedModule], providers: [ReadinessService], controllers: [HealthController] })
export class HealthModule {}
