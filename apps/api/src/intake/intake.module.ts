import { Module } from '@nestjs/common';
import { IntakeAuthService } from './intake-auth.service.js';
import { IntakeController } from './intake.controller.js';
import { IntakePushService } from './intake-push.service.js';
import { IntakeSourcesService } from './intake-sources.service.js';
import { IntakeStatsService } from './intake-stats.service.js';
import { IntakeStatusService } from './intake-status.service.js';

/**
 * Intake (issue 12): sources and their API keys, the platform push (`POST /api/intake/events`, authenticated by
 * IntakeAuthService for AccessGuard's `intake-key` access), per-source statistics and the silence alarm. Exports
 * IntakeStatsService for the feed consumer (`observe` per batch) and IntakeAuthService for the guard.
 * Depends only on global modules (config, Prisma, Redis, audit, privacy, throttler), so FeedModule can import it.
 */
@Module({
  providers: [IntakeStatsService, IntakeSourcesService, IntakeAuthService, IntakePushService, IntakeStatusService],
  controllers: [IntakeController],
  exports: [IntakeStatsService, IntakeAuthService],
})
export class IntakeModule {}
