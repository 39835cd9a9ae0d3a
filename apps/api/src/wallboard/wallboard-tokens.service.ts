import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { WALLBOARD_TOKEN_PREFIX, WallboardTokenSecret, type WallboardTokenBody, type WallboardTokenCreated, type WallboardTokenState, type WallboardTokenView } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import type { WallboardToken } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** How often a token's `lastUsedAt` is written at most (a TV polls and reconnects; the list needs minutes, not ms). */
const TOUCH_EVERY_MS = 60_000;

/** Lower-case hex SHA-256 of a token: what the database keeps. */
export function wallboardTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new token: `wb_` + base64url of 32 random bytes (43 characters, 256 bits). */
export function newWallboardToken(): string {
  return `${WALLBOARD_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A token's state at an instant. */
export function tokenState(row: Pick<WallboardToken, 'revokedAt' | 'expiresAt'>, now: Date): WallboardTokenState {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** A token the guard or the socket handshake accepted: its id (rooms, revocation) and label. */
export interface WallboardGrant {
  tokenId: number;
  label: string;
}

/**
 * The hall wallboard's tokens (issue 15, `wallboard.manage`): created with a label and an optional expiry, the
 * secret shown once and stored as its SHA-256 only (like a session's public handle: the id never leaves the server
 * in clear), listed with their state, revoked at once. Every write notes before/after for the audit entry the
 * interceptor writes with its author (never the secret). Emits `revoked` (token id) so the socket gateway
 * disconnects that token's screens.
 */
@Injectable()
export class WallboardTokensService {
  readonly events = new EventEmitter();
  private readonly touched = new Map<number, number>();

  constructor(private readonly prisma: PrismaService) {}

  /** Every token, newest first. */
  async list(): Promise<WallboardTokenView[]> {
    const rows = await this.prisma.wallboardToken.findMany({ orderBy: { id: 'desc' } });
    return this.views(rows);
  }

  /**
   * Creates a token.
   * @throws DomainError 400 `invalid_request` (field `expiresAt`) for an expiry not in the future.
   */
  async create(body: WallboardTokenBody, userId: number): Promise<WallboardTokenCreated> {
    const expiresAt = body.expiresAt === null ? null : new Date(body.expiresAt);
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new DomainError('invalid_request', 'expiresAt: the expiry must be in the future', 'expiresAt');
    const secret = newWallboardToken();
    const row = await this.prisma.wallboardToken.create({
      data: { label: body.label, tokenHash: wallboardTokenHash(secret), hint: secret.slice(0, 7), expiresAt, createdById: userId },
    });
    const [token] = await this.views([row]);
    auditNote({ after: token, target: `wallboard-token:${row.id}` });
    return { token, secret };
  }

  /**
   * Revokes a token; its screens are disconnected at once on every node (the gateway's `disconnectSockets` goes
   * through the Socket.IO Redis adapter).
   * @throws DomainError 404 `not_found` (field `id`), 409 `already_revoked` (field `id`).
   */
  async revoke(id: number, userId: number): Promise<WallboardTokenView> {
    const row = await this.prisma.wallboardToken.findUnique({ where: { id } });
    if (!row) throw new DomainError('not_found', `no wallboard token ${id}`, 'id');
    if (row.revokedAt) throw new DomainError('already_revoked', `the wallboard token ${id} was revoked on ${row.revokedAt.toISOString()}`, 'id');
    const updated = await this.prisma.wallboardToken.update({ where: { id }, data: { revokedAt: new Date(), revokedById: userId } });
    const [before, after] = await this.views([row, updated]);
    auditNote({ before, after, target: `wallboard-token:${id}` });
    this.events.emit('revoked', id);
    return after;
  }

  /**
   * The grant of a presented token, or null when it is malformed, unknown, expired or revoked. Marks it used (at
   * most once a minute per token).
   */
  async verify(token: unknown): Promise<WallboardGrant | null> {
    if (!WallboardTokenSecret.safeParse(token).success) return null;
    const row = await this.prisma.wallboardToken.findUnique({ where: { tokenHash: wallboardTokenHash(token as string) } });
    const now = new Date();
    if (!row || tokenState(row, now) !== 'active') return null;
    if ((this.touched.get(row.id) ?? 0) + TOUCH_EVERY_MS <= now.getTime()) {
      this.touched.set(row.id, now.getTime());
      await this.prisma.wallboardToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return { tokenId: row.id, label: row.label };
  }

  /** The ids among `ids` whose tokens are no longer active, with why (the socket sweep). */
  async ended(ids: readonly number[]): Promise<Map<number, 'revoked' | 'expired'>> {
    const out = new Map<number, 'revoked' | 'expired'>();
    if (!ids.length) return out;
    const rows = await this.prisma.wallboardToken.findMany({ where: { id: { in: [...ids] } } });
    const now = new Date();
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      const state = row ? tokenState(row, now) : 'revoked';
      if (state !== 'active') out.set(id, state);
    }
    return out;
  }

  private async views(rows: WallboardToken[]): Promise<WallboardTokenView[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.createdById, r.revokedById]).filter((i): i is number => i !== null))];
    const users = ids.length ? await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, login: true } }) : [];
    const login = new Map(users.map((u) => [u.id, u.login]));
    const now = new Date();
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      hint: r.hint,
      state: tokenState(r, now),
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdById === null ? null : (login.get(r.createdById) ?? null),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokedBy: r.revokedById === null ? null : (login.get(r.revokedById) ?? null),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    }));
  }
}
