import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { SOCKET_EVENTS, type FloorAttention } from '@hotline/contracts';
import { socketUser } from '../auth/socket-adapter.js';
import { AttentionService } from './attention.service.js';

const EVENT = SOCKET_EVENTS.attention;

/**
 * Pushes `floor:attention` (what needs attention now) to the sockets allowed it (`live.read`: the room LiveGateway
 * makes every such socket join, `access:live.read`): on connection, and whenever AttentionService's list changes.
 */
@WebSocketGateway({ path: '/socket.io' })
export class AttentionGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private readonly onChange = (list: FloorAttention) => {
    this.server?.to(`access:${EVENT.access}`).emit(EVENT.name, list);
  };

  constructor(private readonly attention: AttentionService) {}

  onModuleInit(): void {
    this.attention.events.on('change', this.onChange);
  }

  onModuleDestroy(): void {
    this.attention.events.off('change', this.onChange);
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
