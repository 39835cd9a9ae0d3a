import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import type { z } from 'zod';
import { WALLBOARD_NAMESPACE } from '@hotline/contracts';
import type { AppConfig } from '../config/config.js';
import { AuthService } from './auth.service.js';
import type { AuthUser } from './current-user.js';
import { SessionService, originAllowed } from './session.js';
import { WallboardTokensService, type WallboardGrant } from '../wallboard/wallboard-tokens.service.js';

/** What a connected socket carries: its user and session id (for revocation). */
export interface SocketData {
  user: AuthUser;
  sid: string;
}

/** The socket's user, set by the handshake check. */
export function socketUser(socket: Socket): SocketData | undefined {
  const data = socket.data as Partial<SocketData>;
  return data.user && data.sid ? { user: data.user, sid: data.sid } : undefined;
}

/** The wallboard token a socket of the `/wallboard` namespace connected with (issue 15), set by its handshake check. */
export function socketWallboard(socket: Socket): WallboardGrant | undefined {
  const data = socket.data as { wallboard?: WallboardGrant };
  return data.wallboard;
}

/**
 * The key the Socket.IO Redis adapter's pub/sub channels start with: `<HOTLINE_STREAM_PREFIX>socket.io` (channels
 * `…socket.io#/#`, `…socket.io-request#/#`, `…socket.io-response#/#`, one set per namespace), so that a test's
 * prefix isolates its nodes and a deployment's prefix its cluster.
 */
export function socketChannelKey(config: Pick<AppConfig, 'HOTLINE_STREAM_PREFIX'>): string {
  return `${config.HOTLINE_STREAM_PREFIX}socket.io`;
}

/** A signal between API nodes as `NODE_SIGNALS` declares it (libs/contracts/src/node-signals.ts): event name and payload schema. */
interface NodeSignal<T> {
  readonly name: string;
  readonly payload: z.ZodType<T>;
}

/**
 * Announces a signal to the other API nodes (`serverSideEmit` through the Redis adapter; this node does not receive
 * it), its payload checked against the signal's schema first. No browser receives it. Nothing without a server yet.
 */
export function sendNodeSignal<T>(server: Server | undefined, signal: NodeSignal<T>, payload: T): void {
  server?.serverSideEmit(signal.name, signal.payload.parse(payload));
}

/**
 * Calls `handle` with each signal another node announces ({@link sendNodeSignal}), parsed with its schema; a
 * malformed one is logged and dropped. Only nodes can send these: a browser's emit reaches its own socket's
 * listeners, never the server's, and no gateway listens to any client event.
 */
export function onNodeSignal<T>(server: Server, signal: NodeSignal<T>, logger: Logger, handle: (payload: T) => void): void {
  server.on(signal.name, (payload: unknown) => {
    const parsed = signal.payload.safeParse(payload);
    if (parsed.success) handle(parsed.data);
    else logger.warn(`ignored a malformed ${signal.name} signal`);
  });
}

/**
 * Sends a room's sockets a last event (why they end) and disconnects them: on every node (the Redis adapter carries
 * both), or with `local` only this node's (a sweep, which each node runs over its own sockets).
 */
export function endRoom(nsp: Namespace, room: string, local: boolean, event: string, payload: unknown): void {
  const target = local ? nsp.local.in(room) : nsp.in(room);
  target.emit(event, payload);
  target.disconnectSockets(true);
}

/**
 * Socket.IO with the HTTP session: the handshake (only the handshake, so socket traffic never renews the idle
 * timeout) runs the session middleware; a connection without a valid session is refused (`unauthenticated`);
 * browsers' cross-site connections are refused by origin (cross-site WebSocket hijacking), CORS only for
 * HOTLINE_CORS_ORIGINS. Pattern: Socket.IO's "How to use with express-session" guide.
 * The hall wallboard's namespace (`/wallboard`, issue 15) takes a wallboard token instead (handshake `auth: { token }`,
 * checked by WallboardTokensService; `invalid_token` otherwise) and never a session; a token opens no other namespace.
 *
 * Several API nodes (issue 18): every server gets the Redis adapter (`@socket.io/redis-adapter`, ioredis pub/sub
 * clients on REDIS_URL, channels under {@link socketChannelKey}), so a broadcast, `disconnectSockets` or
 * `serverSideEmit` reaches the sockets and servers of every node. What each node computes for itself (snapshots,
 * attention, desks: every node's KPI engine equals the ledger) is emitted with `.local`, once per console.
 */
export class SessionIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.sessions = app.get(SessionService);
    this.auth = app.get(AuthService);
    try {
      this.wallboardTokens = app.get(WallboardTokensService, { strict: false });
    } catch {
      this.wallboardTokens = null; // WallboardModule not loaded: its namespace refuses every socket
    }
  }

  private readonly wallboardTokens: WallboardTokensService | null;

  private readonly sessions: SessionService;
  private readonly auth: AuthService;
  /** The adapter's Redis connections (a publisher and a subscriber per server), closed by {@link dispose}. */
  private readonly redis: Redis[] = [];

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = this.config.HOTLINE_CORS_ORIGINS;
    // Nest always passes the gateway's options; CORS must be there at construction (engine.io installs it then).
    const server: Server = super.createIOServer(port, options && { ...options, ...(allowed.length ? { cors: { origin: allowed, credentials: true } } : {}) });
    const pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on('error', (error: Error) => this.logger.error(`socket.io redis adapter: ${error.message}`));
    this.redis.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: socketChannelKey(this.config), publishOnSpecificResponseChannel: true }));
    server.engine.opts.allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
      const ok = originAllowed(req.headers.origin, req.headers.host, allowed);
      callback(ok ? null : 'cross-origin connection refused', ok);
    };
    const middleware: RequestHandler = this.sessions.middleware;
    server.engine.use((req: Request & { _query?: Record<string, string> }, res: Response, next: NextFunction) => {
      if (req._query?.sid === undefined) middleware(req, res, next);
      else next();
    });
    server.of(WALLBOARD_NAMESPACE).use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (!this.wallboardTokens || token === undefined) return next(new Error('unauthenticated'));
      this.wallboardTokens
        .verify(token)
        .then((grant) => {
          if (!grant) return next(new Error('invalid_token'));
          Object.assign(socket.data as object, { wallboard: grant });
          next();
        })
        .catch((error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
    });
    server.use((socket, next) => {
      const req = socket.request as Request;
      const data = req.session;
      if (!data?.userId) return next(new Error('unauthenticated'));
      this.auth
        .invalidReason(data)
        .then((checked) => {
          if (checked.row === null) return next(new Error('unauthenticated'));
          if (checked.row.mustChangePassword) return next(new Error('password_change_required'));
          const found: SocketData = { user: this.auth.authUser(checked.row, req.sessionID), sid: req.sessionID };
          Object.assign(socket.data as object, found);
          next();
        })
        .catch((error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
    });
    return server;
  }

  /** Closes the adapter's Redis connections (after Nest closed the servers). */
  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.redis.splice(0).map((r) => r.quit().catch(() => r.disconnect())));
  }
}
