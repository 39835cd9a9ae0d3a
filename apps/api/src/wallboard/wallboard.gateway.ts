import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { WALLBOARD_NAMESPACE, WALLBOARD_SOCKET_EVENTS } from '@hotline/contracts';
import { endRoom, socketWallboard } from '../auth/socket-adapter.js';
import { WallboardSource } from './wallboard-source.service.js';
import { WallboardTokensService } from './wallboard-tokens.service.js';

/** How often the wallboard is pushed at most, ms (a TV needs no more; the longest wait ticks once a second). */
const PUSH_MS = 1000;
/** How often connected screens' tokens are re-checked (expiry, a revocation by another node), ms. */
const SWEEP_MS = 10_000;

/** The room of one token's sockets. */
const tokenRoom = (id: number) => `wallboard-token:${id}`;

/**
 * Pushes the wallboard's snapshot to hall screens over the namespace `/wallboard`, whose sockets connect with a
 * wallboard token only (SessionIoAdapter checks the handshake; a socket without a grant is disconnected here too):
 * on connection, then after each change of the live engine and every second while the feed is live, at most once a
 * second. A revoked token's sockets get `wallboard:ended` and are disconnected at once on every node (the Redis
 * adapter carries the broadcast and `disconnectSockets`), an expired one's within {@link SWEEP_MS} (each node sweeps
 * its own sockets). Each node computes the snapshot from its own engine (equal to the ledger) and pushes it to its own
 * screens only (`nsp.local`: a screen gets each snapshot once, not once per node).
 */
@WebSocketGateway({ path: '/socket.io', namespace: WALLBOARD_NAMESPACE })
export class WallboardGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private nsp!: Namespace;
  private readonly logger = new Logger(WallboardGateway.name);
  private dirty = false;
  private pushing = false;
  private lastPush = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly markDirty = () => {
    this.dirty = true;
  };
  private readonly onRevoked = (id: number) => this.end(id, 'revoked');

  constructor(
    private readonly source: WallboardSource,
    private readonly tokens: WallboardTokensService,
  ) {}

  onModuleInit(): void {
    this.source.events.on('change', this.markDirty);
    this.tokens.events.on('revoked', this.onRevoked);
    this.timer = setInterval(() => this.tick(), PUSH_MS);
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
  }

  onModuleDestroy(): void {
    this.source.events.off('change', this.markDirty);
    this.tokens.events.off('revoked', this.onRevoked);
    clearInterval(this.timer);
    clearInterval(this.sweeper);
  }

  handleConnection(client: Socket): void {
    const grant = socketWallboard(client);
    if (!grant) {
      client.disconnect(true);
      return;
    }
    void client.join(tokenRoom(grant.tokenId));
    this.source
      .snapshot()
      .then((snapshot) => client.emit(WALLBOARD_SOCKET_EVENTS.snapshot.name, snapshot))
      .catch((error: unknown) => this.logger.error(`wallboard snapshot failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * Tells a token's sockets why they end and disconnects them: on every node (a revocation here), or only on this
   * one (`local`: the sweep over this node's sockets).
   */
  private end(tokenId: number, reason: 'revoked' | 'expired', local = false): void {
    if (this.nsp) endRoom(this.nsp, tokenRoom(tokenId), local, WALLBOARD_SOCKET_EVENTS.ended.name, { reason });
  }

  private async sweep(): Promise<void> {
    if (!this.nsp) return;
    const ids = new Set<number>();
    for (const socket of this.nsp.sockets.values()) {
      const grant = socketWallboard(socket);
      if (grant) ids.add(grant.tokenId);
    }
    try {
      for (const [id, reason] of await this.tokens.ended([...ids])) this.end(id, reason, true);
    } catch (error) {
      this.logger.warn(`wallboard sweep: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private tick(): void {
    if (!this.nsp || this.nsp.sockets.size === 0 || this.pushing) return;
    const due = this.dirty || (this.source.isLive() && Date.now() - this.lastPush >= PUSH_MS);
    if (!due) return;
    this.dirty = false;
    this.lastPush = Date.now();
    this.pushing = true;
    this.source
      .snapshot()
      .then((snapshot) => this.nsp.local.emit(WALLBOARD_SOCKET_EVENTS.snapshot.name, snapshot))
      .catch((error: unknown) => this.logger.error(`wallboard snapshot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => (this.pushing = false));
  }
}
