import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, bullOptions } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { FeedModule } from './feed/feed.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { LiveModule } from './live/live.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RegistersModule } from './registers/registers.module.js';
import { RosterModule } from './roster/roster.module.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { StaffingModule } from './staffing/staffing.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL, autoLogging: false } }),
        PrismaModule,
        RedisModule,
        LedgerModule,
        LiveModule,
        FeedModule,
        ScoringModule,
        RegistersModule,
        StaffingModule,
        BullModule.forRoot(bullOptions(config)),
        RosterModule,
      ],
    };
  }
}
