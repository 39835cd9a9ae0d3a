import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module.js';
import { WallboardController } from './wallboard.controller.js';
import { WallboardGateway } from './wallboard.gateway.js';
import { WallboardSource } from './wallboard-source.service.js';
import { WallboardTokensService } from './wallboard-tokens.service.js';

/**
 * The hall wallboard (issue 15): tokens (`wallboard.manage`), the snapshot route (access `wallboard-token`, checked by
 * AccessGuard with WallboardTokensService) and the Socket.IO namespace `/wallboard` (handshake checked by
 * SessionIoAdapter with the same service). Reads the live engine, writes nothing but its tokens.
 */
@Module({ imports: [LiveModule], providers: [WallboardTokensService, WallboardSource, WallboardGateway], controllers: [WallboardController], exports: [WallboardTokensService] })
export class WallboardModule {}
