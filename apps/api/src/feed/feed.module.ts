import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { FeedConsumerService } from './feed-consumer.service.js';
import { FeedController } from './feed.controller.js';

/** The feed: Redis stream consumer group -> call ledger -> live KPI engine; per-source intake statistics. */
@Module({ imports: [LedgerModule, LiveModule, IntakeModule], providers: [FeedConsumerService], controllers: [FeedController], exports: [FeedConsumerService] })
export class FeedModule {}
