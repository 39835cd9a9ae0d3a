import { Module } from '@nestjs/common';
import { FollowService } from './follow.service.js';

/** Followers of live call sources configured in `HOTLINE_FOLLOW` (see FollowService). */
@Module({ providers: [FollowService], exports: [FollowService] })
export class FollowModule {}
