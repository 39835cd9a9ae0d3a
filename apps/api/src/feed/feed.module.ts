import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LiveModule } from '../live/live.module.js';
import { FeedConsumerService } from './feed-consumer.service.js';
import { FeedController } from './feed.controller.js';

/** The feed: Redis stream consumer group -> call ledger -> live KPI engine. */
@Module({ imports: [LedgerModule, LiveModule], providers: [FeedConsumerService], controllers: [FeedController], exports: [FeedConsumerService] })
export class FeedModule {}
