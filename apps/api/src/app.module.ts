import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BusinessTypesModule } from './business-types/business-types.module.js';
import { CallsModule } from './calls/calls.module.js';
import { type AppConfig, bullOptions } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { FeedModule } from './feed/feed.module.js';
import { FollowModule } from './intake/follow.module.js';
import { HealthModule } from './health/health.module.js';
import { HotTopicsModule } from './hot-topics/hot-topics.module.js';
import { IntakeModule } from './intake/intake.module.js';
import { KnowledgeModule } from './knowledge/knowledge.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { LiveModule } from './live/live.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { QualityModule } from './quality/quality.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RegistersModule } from './registers/registers.module.js';
import { RequestsModule } from './requests/requests.module.js';
import { RosterModule } from './roster/roster.module.js';
import { CallImportsModule } from './call-imports/call-imports.module.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { maskLoggedRequest } from './common/log-request.js';
import { StaffingModule } from './staffing/staffing.module.js';
import { WallboardModule } from './wallboard/wallboard.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            autoLogging: false,
            // A logged request never carries the session or the CSRF token (they are credentials).
            // ... nor a caller's number written into its path or query.
            serializers: { req: maskLoggedRequest },
            redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'req.headers["x-wallboard-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
          },
        }),
        PrismaModule,
        RedisModule,
        // Sign-in attempts per client address (the ThrottlerGuard is on the login route only).
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.HOTLINE_LOGIN_RATE_LIMIT }], errorMessage: 'too many sign-in attempts from this address: wait a minute' }),
        AuditModule,
        AuthModule,
        PrivacyModule,
        BusinessTypesModule,
        LedgerModule,
        CallsModule,
        LiveModule,
        FeedModule,
        FollowModule,
        IntakeModule,
        HealthModule,
        ScoringModule,
        QualityModule,
        RegistersModule,
        KnowledgeModule,
        HotTopicsModule,
        RequestsModule,
        DocumentsModule,
        StaffingModule,
        BullModule.forRoot(bullOptions(config)),
        RosterModule,
        CallImportsModule,
        OpenApiModule,
        WallboardModule,
      ],
    };
  }
}
