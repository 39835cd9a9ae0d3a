import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { KpiEngineService } from './kpi-engine.service.js';

/** Socket.IO event carrying a {@link LiveSnapshot}. */
export const SNAPSHOT_EVENT = 'kpi:snapshot';

/**
 * Pushes the live snapshot to every console: on connection, then after each change (at most every
 * HOTLINE_PUSH_INTERVAL_MS, so well within a second), and every second while the feed is live so the longest
 * wait keeps ticking.
 */
@WebSocketGateway({ path: '/socket.io', cors: { origin: true } })
export class LiveGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private readonly logger = new Logger(LiveGateway.name);
  private dirty = false;
  private lastPush = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly markDirty = () => {
    this.dirty = true;
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: KpiEngineService,
  ) {}

  onModuleInit(): void {
    this.engine.events.on('change', this.markDirty);
    this.timer = setInterval(() => this.tick(), this.config.HOTLINE_PUSH_INTERVAL_MS);
  }

  onModuleDestroy(): void {
    this.engine.events.off('change', this.markDirty);
    clearInterval(this.timer);
  }

  handleConnection(client: Socket): void {
    client.emit(SNAPSHOT_EVENT, this.engine.snapshot());
  }

  private tick(): void {
    const due = this.dirty || (this.engine.isLive() && Date.now() - this.lastPush >= 1000);
    if (!due || !this.server) return;
    this.dirty = false;
    this.lastPush = Date.now();
    try {
      this.server.emit(SNAPSHOT_EVENT, this.engine.snapshot());
    } catch (error) {
      this.logger.error(`snapshot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
