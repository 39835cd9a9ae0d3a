import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { RedisStore } from 'connect-redis';
import type { RequestHandler } from 'express';
import session, { type SessionData } from 'express-session';
import { createClient } from 'redis';
import type { SessionView } from '@hotline/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

declare module 'express-session' {
  /** What the server keeps per signed-in session (in Redis; the browser holds only the signed id). */
  interface SessionData {
    userId: number;
    login: string;
    /** Sign-in time, ms since the epoch: the absolute timeout counts from here. */
    createdAt: number;
    /** The user's passwordChangedAt when the session began (a later change ends the session). */
    passwordChangedAt: number;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'hotline.sid';

/** Why a session ended (the `session:ended` socket event carries it). */
export type SessionEndReason = 'logout' | 'revoked' | 'expired' | 'disabled' | 'password';

/**
 * Whether a browser request from `origin` may act with the user's cookie: no Origin (not a browser's cross-site
 * request), the API's own origin (`http(s)://<host>`), or one of HOTLINE_CORS_ORIGINS. Used for writes (the guard)
 * and for socket handshakes (cross-site WebSocket hijacking).
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  return !origin || allowed.includes(origin) || origin === `http://${host}` || origin === `https://${host}`;
}

/** A session's public handle: sha256 of its id, 32 hex (the id itself is a secret and never leaves the server). */
export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid).digest('hex').slice(0, 32);
}

/**
 * Server-side sessions: express-session with a Redis store (connect-redis) under `<HOTLINE_STREAM_PREFIX>sess:`.
 * The cookie is HttpOnly, SameSite=Strict, Secure behind TLS, and rolling: each request renews the idle timeout
 * (HOTLINE_IDLE_TIMEOUT_MINUTES, the store's TTL follows it); the absolute timeout is checked by the guard.
 * Emits `ended` (sid, reason) whenever this process ends a session, so the socket gateway disconnects its sockets.
 */
@Injectable()
export class SessionService implements OnModuleDestroy {
  private readonly logger = new Logger(SessionService.name);
  private readonly client: ReturnType<typeof createClient>;
  readonly store: RedisStore;
  private readonly prefix: string;
  /** The express middleware (HTTP and the Socket.IO handshake share it). */
  readonly middleware: RequestHandler;
  readonly events = new EventEmitter();
  readonly idleMs: number;
  readonly absoluteMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.idleMs = config.HOTLINE_IDLE_TIMEOUT_MINUTES * 60_000;
    this.absoluteMs = config.HOTLINE_ABSOLUTE_TIMEOUT_HOURS * 3_600_000;
    // Without Redis a request fails at once (503 `redis_unavailable`, see dependency-error.ts) rather than wait in
    // the offline queue, unanswered, until Redis is back.
    this.client = createClient({ url: config.REDIS_URL, disableOfflineQueue: true });
    this.client.on('error', (error: Error) => this.logger.error(`session store: ${error.message}`));
    this.client.connect().catch((error: Error) => this.logger.error(`session store: ${error.message}`));
    this.prefix = `${config.HOTLINE_STREAM_PREFIX}sess:`;
    this.store = new RedisStore({ client: this.client, prefix: this.prefix });
    this.middleware = session({
      name: SESSION_COOKIE,
      secret: config.HOTLINE_SESSION_SECRET,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: config.HOTLINE_TLS,
      cookie: { httpOnly: true, sameSite: 'strict', secure: config.HOTLINE_TLS, maxAge: this.idleMs, path: '/' },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }

  /** The stored session, or null when it ended or expired. */
  async get(sid: string): Promise<SessionData | null> {
    return (await this.store.get(sid)) ?? null;
  }

  /** Ends a session at once (any process) and tells this process's sockets. */
  async end(sid: string, reason: SessionEndReason): Promise<void> {
    await this.store.destroy(sid);
    this.events.emit('ended', sid, reason);
  }

  /** Every live session with its id (the secret), for the registry. */
  private async all(): Promise<(SessionData & { id: string })[]> {
    const sessions = (await this.store.all()) ?? [];
    return (Array.isArray(sessions) ? sessions : Object.values(sessions)) as (SessionData & { id: string })[];
  }

  /**
   * Signed-in sessions, newest first, by handle. The last request's time comes from the key's time to live: each
   * request renews it to the idle timeout, so last seen = now - (idle timeout - time left).
   */
  async list(): Promise<SessionView[]> {
    const sessions = (await this.all()).filter((s) => typeof s.userId === 'number');
    const now = Date.now();
    const seen = await Promise.all(sessions.map(async (s) => {
      const ttl = await this.client.pTTL(`${this.prefix}${s.id}`);
      return ttl > 0 ? Math.max(s.createdAt, now - (this.idleMs - ttl)) : s.createdAt;
    }));
    return sessions
      .map((s, i) => ({ ...s, lastSeenAt: seen[i] }))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((s) => ({
        id: sessionHandle(s.id),
        userId: s.userId,
        login: s.login,
        ip: s.ip ?? null,
        userAgent: s.userAgent ?? null,
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
      }));
  }

  /** Ends the session with this handle. @returns false when there is none. */
  async revokeByHandle(handle: string): Promise<{ userId: number; login: string } | null> {
    const found = (await this.all()).find((s) => sessionHandle(s.id) === handle);
    if (!found) return null;
    await this.end(found.id, 'revoked');
    return { userId: found.userId, login: found.login };
  }

  /** Ends every session of a user (but `exceptSid`). @returns how many ended. */
  async endUser(userId: number, reason: SessionEndReason, exceptSid?: string): Promise<number> {
    const mine = (await this.all()).filter((s) => s.userId === userId && s.id !== exceptSid);
    for (const s of mine) await this.end(s.id, reason);
    return mine.length;
  }
}

