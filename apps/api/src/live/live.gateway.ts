import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { SOCKET_EVENTS, type Access, type SocketEventDef } from '@hotline/contracts';
import { AuthService } from '../auth/auth.service.js';
import { endRoom, socketUser } from '../auth/socket-adapter.js';
import { SessionService, type SessionEndReason } from '../auth/session.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { KpiEngineService } from './kpi-engine.service.js';

/** Socket.IO event carrying a {@link LiveSnapshot}. */
export const SNAPSHOT_EVENT = SOCKET_EVENTS.snapshot.name;

/** How often connected sockets' sessions are re-checked (idle or absolute timeout, a change by another node). */
const SESSION_SWEEP_MS = 10_000;

/** The room of the sockets allowed an access. */
const room = (access: Access) => `access:${access}`;

/**
 * Pushes the live snapshot to the consoles allowed to see it (permission `live.read`, room per permission): on
 * connection, then after each change (at most every HOTLINE_PUSH_INTERVAL_MS, so well within a second), and every
 * second while the feed is live so the longest wait keeps ticking. Connections come only with a valid session
 * (SessionIoAdapter); when a session ends (sign-out, revocation, timeout, disabled account, password change) its
 * sockets get `session:ended` and are disconnected at once.
 *
 * Several nodes (issue 18): each node's engine equals the ledger, so each pushes its own snapshot to its own sockets
 * only (`server.local`: a console gets each snapshot once, not once per node). A session ended on this node ends
 * its sockets on every node (the Redis adapter carries the broadcast and `disconnectSockets`); the sweep ends the
 * sockets it checks, this node's, locally.
 */
@WebSocketGateway({ path: '/socket.io' })
export class LiveGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private readonly logger = new Logger(LiveGateway.name);
  private dirty = false;
  private lastPush = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly markDirty = () => {
    this.dirty = true;
  };
  private readonly onEnded = (sid: string, reason: SessionEndReason) => this.endSockets(sid, reason);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: KpiEngineService,
    private readonly sessions: SessionService,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    this.engine.events.on('change', this.markDirty);
    this.sessions.events.on('ended', this.onEnded);
    this.timer = setInterval(() => this.tick(), this.config.HOTLINE_PUSH_INTERVAL_MS);
    this.sweeper = setInterval(() => void this.sweep(), SESSION_SWEEP_MS);
  }

  onModuleDestroy(): void {
    this.engine.events.off('change', this.markDirty);
    this.sessions.events.off('ended', this.onEnded);
    clearInterval(this.timer);
    clearInterval(this.sweeper);
  }

  handleConnection(client: Socket): void {
    const found = socketUser(client);
    if (!found) {
      client.disconnect(true);
      return;
    }
    void client.join(`sid:${found.sid}`);
    const events: readonly SocketEventDef[] = Object.values(SOCKET_EVENTS);
    for (const event of events) {
      const access = event.access;
      if (access === 'session' || access === 'public' || found.user.permissions.has(access)) void client.join(room(access));
    }
    if (found.user.permissions.has('live.read')) client.emit(SNAPSHOT_EVENT, this.engine.snapshot());
  }

  /**
   * Tells a session's sockets it ended and disconnects them: on every node (through the Redis adapter), or only on
   * this one (`local`: the sweep, which each node runs over its own sockets).
   */
  private endSockets(sid: string, reason: SessionEndReason, local = false): void {
    if (this.server) endRoom(this.server.sockets, `sid:${sid}`, local, SOCKET_EVENTS.sessionEnded.name, { reason });
  }

  /** Ends the sockets whose session has expired or was ended elsewhere, or whose user's permissions changed. */
  private async sweep(): Promise<void> {
    if (!this.server) return;
    const granted = new Map<string, string>();
    for (const socket of this.server.sockets.sockets.values()) {
      const found = socketUser(socket);
      if (found) granted.set(found.sid, [...found.user.permissions].sort().join());
    }
    for (const [sid, permissions] of granted) {
      try {
        const data = await this.sessions.get(sid);
        const checked = data ? await this.auth.invalidReason(data) : { row: null, why: 'expired' as const };
        if (checked.row === null) this.endSockets(sid, checked.why, true);
        // Roles changed behind the API's back (the CLI): the socket's rooms no longer match; it signs in again.
        else if ([...this.auth.authUser(checked.row, sid).permissions].sort().join() !== permissions) this.endSockets(sid, 'revoked', true);
      } catch (error) {
        this.logger.warn(`session sweep: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private tick(): void {
    const due = this.dirty || (this.engine.isLive() && Date.now() - this.lastPush >= 1000);
    if (!due || !this.server) return;
    this.dirty = false;
    this.lastPush = Date.now();
    try {
      this.server.local.to(room(SOCKET_EVENTS.snapshot.access)).emit(SNAPSHOT_EVENT, this.engine.snapshot());
    } catch (error) {
      this.logger.error(`snapshot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
