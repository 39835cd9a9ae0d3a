import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { NODE_SIGNALS, SOCKET_EVENTS, type DeskState } from '@hotline/contracts';
import { onNodeSignal, sendNodeSignal, socketUser } from '../auth/socket-adapter.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { DeskService } from './desk.service.js';
import { RequestsService } from './requests.service.js';

/** Socket.IO event carrying a {@link DeskState}. */
export const DESK_EVENT = SOCKET_EVENTS.deskUpdate.name;

/** The shortest time between two desk computations for one agent: 1 s. */
export const DESK_PUSH_MIN_MS = 1000;

/**
 * While an agent's current call is in wrap-up or ended (phases that pass with time, not with an event), her desk is
 * computed again this often, so that the call leaves the desk without waiting for the next feed change: 15 s.
 */
export const DESK_PHASE_REFRESH_MS = 15_000;

/** The room of the sockets of the users with this agent id (and `requests.register`). */
export function agentRoom(agentId: string): string {
  return `desk:${agentId}`;
}

const ROOM_PREFIX = 'desk:';
const DESK_CHANGED = NODE_SIGNALS.deskChanged;

/**
 * Pushes `desk:update` (the agent desk's state) to the sockets of one agent only: a socket whose user has an agent id
 * and `requests.register` joins the room of that agent id on connection (the same Socket.IO server as the live
 * floor: the handshake's session check is SessionIoAdapter's). After each change the KPI engine reports (a ledger
 * batch: the desks of the agents whose calls or states it touched; a reload: every desk) or a request write, the
 * agent's desk is computed again — at most once a second per agent — and sent to her sockets when it differs from
 * what they were sent last (the `at` stamp aside). While her call is in wrap-up or ended, it is also computed every {@link DESK_PHASE_REFRESH_MS}, so that phases that pass with time
 * reach her desk.
 *
 * Several nodes (issue 18): each node computes the desks of its own sockets from its own engine (equal to the ledger)
 * and sends them to those sockets only; a request write on this node is announced to the others
 * (`serverSideEmit` of {@link NODE_SIGNALS}.deskChanged), which recompute that agent's desk when her sockets are theirs.
 */
@WebSocketGateway({ path: '/socket.io' })
export class DeskGateway implements OnGatewayConnection, OnGatewayInit, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private readonly logger = new Logger(DeskGateway.name);
  /** Per agent: when its desk was last computed (epoch ms). */
  private readonly lastRun = new Map<string, number>();
  /** Per agent: a computation waiting for its turn. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per agent: a computation is running. */
  private readonly running = new Set<string>();
  /** Per agent: a change arrived while it ran (run again after). */
  private readonly again = new Set<string>();
  /** Per agent: the re-computation while her call is in wrap-up or ended ({@link DESK_PHASE_REFRESH_MS}). */
  private readonly refreshers = new Map<string, NodeJS.Timeout>();
  /** Per user: the last state sent, without `at`. */
  private readonly sent = new Map<number, string>();
  /** A ledger batch: the desks of the agents it touched; anything else (a reload): every connected desk. */
  private readonly onEngineChange = (agents?: ReadonlySet<string>) => {
    if (!agents) return this.scheduleAll();
    for (const agentId of agents) if (this.server?.sockets.adapter.rooms.has(agentRoom(agentId))) this.schedule(agentId);
  };
  private readonly onRequestChange = (agentId: string | null) => {
    if (!agentId) return;
    this.schedule(agentId);
    sendNodeSignal(this.server, DESK_CHANGED, { agentId });
  };

  constructor(
    private readonly engine: KpiEngineService,
    private readonly desk: DeskService,
    private readonly requests: RequestsService,
  ) {}

  /** Listens for request writes on other nodes: the agent's desk is recomputed when her sockets are on this node. */
  afterInit(server: Server): void {
    onNodeSignal(server, DESK_CHANGED, this.logger, ({ agentId }) => {
      if (server.sockets.adapter.rooms.has(agentRoom(agentId))) this.schedule(agentId);
    });
  }

  onModuleInit(): void {
    this.engine.events.on('change', this.onEngineChange);
    this.requests.changes.on('changed', this.onRequestChange);
  }

  onModuleDestroy(): void {
    this.engine.events.off('change', this.onEngineChange);
    this.requests.changes.off('changed', this.onRequestChange);
    for (const timer of [...this.timers.values(), ...this.refreshers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.refreshers.clear();
  }

  handleConnection(client: Socket): void {
    const found = socketUser(client);
    if (!found?.user.agentId || !found.user.permissions.has(SOCKET_EVENTS.deskUpdate.access)) return;
    void client.join(agentRoom(found.user.agentId));
  }

  /** Schedules every agent with a connected desk. */
  private scheduleAll(): void {
    if (!this.server) return;
    for (const room of this.server.sockets.adapter.rooms.keys()) if (room.startsWith(ROOM_PREFIX)) this.schedule(room.slice(ROOM_PREFIX.length));
  }

  /** Computes an agent's desk now, or as soon as a second has passed since the last time. */
  private schedule(agentId: string): void {
    if (this.running.has(agentId)) {
      this.again.add(agentId);
      return;
    }
    if (this.timers.has(agentId)) return;
    const wait = Math.max(0, (this.lastRun.get(agentId) ?? 0) + DESK_PUSH_MIN_MS - Date.now());
    this.timers.set(agentId, setTimeout(() => void this.run(agentId), wait));
  }

  private async run(agentId: string): Promise<void> {
    this.timers.delete(agentId);
    this.running.add(agentId);
    this.lastRun.set(agentId, Date.now());
    try {
      await this.push(agentId);
    } catch (error) {
      this.logger.error(`desk of ${agentId} not pushed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running.delete(agentId);
      if (this.again.delete(agentId)) this.schedule(agentId);
    }
  }

  /** Sends each user in the agent's room her desk, when it changed. */
  private async push(agentId: string): Promise<void> {
    if (!this.server) return;
    // This node's sockets only: the other nodes send their own sockets the desk they compute.
    const sockets = await this.server.local.in(agentRoom(agentId)).fetchSockets();
    const byUser = new Map<number, typeof sockets>();
    for (const s of sockets) {
      const user = (s.data as { user?: { id: number; agentId: string | null } }).user;
      if (user?.agentId === agentId) byUser.set(user.id, [...(byUser.get(user.id) ?? []), s]);
    }
    clearTimeout(this.refreshers.get(agentId));
    this.refreshers.delete(agentId);
    if (byUser.size === 0) {
      this.lastRun.delete(agentId);
      return;
    }
    for (const [userId, userSockets] of byUser) {
      const state: DeskState = await this.desk.state({ id: userId, agentId });
      if (state.current && state.current.phase !== 'talking' && !this.refreshers.has(agentId)) {
        this.refreshers.set(agentId, setTimeout(() => {
          this.refreshers.delete(agentId);
          this.schedule(agentId);
        }, DESK_PHASE_REFRESH_MS));
      }
      const { at: _at, ...rest } = state;
      const key = JSON.stringify(rest);
      if (this.sent.get(userId) === key) continue;
      this.sent.set(userId, key);
      for (const s of userSockets) s.emit(DESK_EVENT, state);
    }
  }
}
