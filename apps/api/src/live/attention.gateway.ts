import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { NODE_SIGNALS, SOCKET_EVENTS, type FloorAttention } from '@hotline/contracts';
import { onNodeSignal, sendNodeSignal, socketUser } from '../auth/socket-adapter.js';
import { AttentionService } from './attention.service.js';

const EVENT = SOCKET_EVENTS.attention;
const ACKED = NODE_SIGNALS.attentionAcked;

/**
 * Pushes `floor:attention` (what needs attention now) to the sockets allowed it (`live.read`: the room LiveGateway
 * makes every such socket join, `access:live.read`): on connection, and whenever AttentionService's list changes.
 * Several nodes (issue 18): each node evaluates the list from its own engine (equal to the ledger) and pushes it to
 * its own sockets only (`server.local`); an acknowledgement made here is announced to the other nodes
 * (`serverSideEmit` of {@link NODE_SIGNALS}.attentionAcked through the Redis adapter), which re-read the
 * acknowledgements from Postgres and push their list at once.
 */
@WebSocketGateway({ path: '/socket.io' })
export class AttentionGateway implements OnGatewayConnection, OnGatewayInit, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private readonly logger = new Logger(AttentionGateway.name);
  private readonly onChange = (list: FloorAttention) => {
    this.server?.local.to(`access:${EVENT.access}`).emit(EVENT.name, list);
  };
  private readonly onAcked = (alertId: string) => sendNodeSignal(this.server, ACKED, { alertId });

  constructor(private readonly attention: AttentionService) {}

  /** Listens for other nodes' acknowledgements. */
  afterInit(server: Server): void {
    onNodeSignal(server, ACKED, this.logger, () => void this.attention.reloadAcks());
  }

  onModuleInit(): void {
    this.attention.events.on('change', this.onChange);
    this.attention.events.on('acked', this.onAcked);
  }

  onModuleDestroy(): void {
    this.attention.events.off('change', this.onChange);
    this.attention.events.off('acked', this.onAcked);
  }

  handleConnection(client: Socket): void {
    const found = socketUser(client);
    if (!found || !found.user.permissions.has(EVENT.access)) return;
    void this.attention.attention().then(
      (list) => client.emit(EVENT.name, list),
      () => undefined,
    );
  }
}
