import { Inject, Injectable } from '@nestjs/common';
import {
  INTAKE_MAX_ACTIVE_KEYS, type IntakeKeyBody, type IntakeKeyCreated, type IntakeKeyView, type IntakeKind, type IntakeSourceBody, type IntakeSourcePatch, type IntakeSourceView,
} from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Prisma, type IntakeKey, type IntakeSource } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { CallerVault } from '../privacy/caller-vault.js';
import { newKeyId, newSecret } from './intake-signature.js';
import { IntakeStatsService } from './intake-stats.service.js';

type SourceWithKeys = IntakeSource & { keys: IntakeKey[] };

/** A key as the push's authentication needs it: the secret in clear (never leaves the server) and its source. */
export interface ResolvedIntakeKey {
  keyId: string;
  secret: string;
  revoked: boolean;
  source: { id: number; name: string; enabled: boolean };
}

/**
 * Intake sources and their API keys (admin, `intake.manage`). Secrets are generated here (32 random bytes), shown
 * once in the creation's answer and stored encrypted with the CallerVault's current key (AES-256-GCM): the push's
 * HMAC needs the secret itself, so a hash would not do. Every write notes its before/after for the audit entry the
 * interceptor writes (never a secret).
 */
@Injectable()
export class IntakeSourcesService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(CallerVault) private readonly vault: CallerVault,
    private readonly stats: IntakeStatsService,
  ) {}

  /** Every configured source with its keys, by name. */
  async list(): Promise<IntakeSourceView[]> {
    const rows = await this.prisma.intakeSource.findMany({ include: { keys: { orderBy: { createdAt: 'asc' } } }, orderBy: { name: 'asc' } });
    return this.views(rows);
  }

  /** Configured sources (no keys), for the status page. */
  async configured(): Promise<IntakeSource[]> {
    return this.prisma.intakeSource.findMany({ orderBy: { name: 'asc' } });
  }

  /**
   * Configures a source. Its name must be new to the feed as well: a name the ledger's calls already carry (a replay's
   * `bank`, a follower's `queue_log`) or one the feed received in the last 30 days (intake statistics) would mix
   * another delivery's calls and figures with the new source's.
   * @throws DomainError 409 `name_taken` (field `name`) for a configured name; 409 `name_in_use` (field `name`) for a
   *   name already seen in the feed or the ledger.
   */
  async create(body: IntakeSourceBody, userId: number): Promise<IntakeSourceView> {
    if (await this.prisma.intakeSource.findFirst({ where: { name: body.name }, select: { id: true } })) throw new DomainError('name_taken', `a source named "${body.name}" exists`, 'name');
    const inLedger = await this.prisma.call.findFirst({ where: { source: body.name }, select: { callId: true } });
    if (inLedger || (await this.stats.seenSources()).includes(body.name)) {
      throw new DomainError('name_in_use', `the feed already delivers calls as source "${body.name}" (a replay, a follower or an import): choose another name`, 'name');
    }
    try {
      const row = await this.prisma.intakeSource.create({
        data: { name: body.name, kind: body.kind, description: body.description, enabled: body.enabled, silenceMinutes: body.silenceMinutes, createdById: userId },
        include: { keys: true },
      });
      const [view] = await this.views([row]);
      auditNote({ after: view, target: `intake-source:${row.name}` });
      return view;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new DomainError('name_taken', `a source named "${body.name}" exists`, 'name');
      throw error;
    }
  }

  /**
   * Changes a source.
   * @throws DomainError 404 `not_found` (field `id`).
   */
  async update(id: number, patch: IntakeSourcePatch): Promise<IntakeSourceView> {
    const before = await this.find(id);
    const row = await this.prisma.intakeSource.update({
      where: { id },
      data: { kind: patch.kind, description: patch.description, enabled: patch.enabled, silenceMinutes: patch.silenceMinutes },
      include: { keys: { orderBy: { createdAt: 'asc' } } },
    });
    const [beforeView, after] = await this.views([before, row]);
    auditNote({ before: beforeView, after, target: `intake-source:${row.name}` });
    return after;
  }

  /**
   * Removes a source and its keys.
   * @throws DomainError 404 `not_found` (field `id`).
   */
  async remove(id: number): Promise<void> {
    const before = await this.find(id);
    await this.prisma.intakeSource.delete({ where: { id } });
    const [view] = await this.views([before]);
    auditNote({ before: view, target: `intake-source:${before.name}` });
  }

  /**
   * Creates an API key for a source; the answer holds the secret (once).
   * @throws DomainError 404 `not_found` (field `id`), 409 `too_many_keys` when the source has
   *   {@link INTAKE_MAX_ACTIVE_KEYS} active keys.
   */
  async createKey(id: number, body: IntakeKeyBody, userId: number): Promise<IntakeKeyCreated> {
    const source = await this.find(id);
    const active = source.keys.filter((k) => !k.revokedAt).length;
    if (active >= INTAKE_MAX_ACTIVE_KEYS) throw new DomainError('too_many_keys', `the source has ${active} active keys (at most ${INTAKE_MAX_ACTIVE_KEYS}): revoke one first`, 'id');
    const secret = newSecret();
    const sealed = this.vault.encryptText(secret);
    const row = await this.prisma.intakeKey.create({ data: { keyId: newKeyId(), label: body.label, sourceId: id, secretCipher: sealed.cipher, secretKeyId: sealed.keyId, createdById: userId } });
    const [key] = await this.keyViews([row]);
    // The audit entry gets the key's id and dates, never the secret.
    auditNote({ after: { source: source.name, key }, target: `intake-key:${row.keyId}` });
    return { source: source.name, key, secret };
  }

  /**
   * Revokes a key of a source.
   * @throws DomainError 404 `not_found` (field `keyId`) for a key not of this source, 409 `already_revoked`.
   */
  async revokeKey(id: number, keyId: string, userId: number): Promise<IntakeKeyView> {
    const key = await this.prisma.intakeKey.findUnique({ where: { keyId } });
    if (!key || key.sourceId !== id) throw new DomainError('not_found', `no key ${keyId} of source ${id}`, 'keyId');
    if (key.revokedAt) throw new DomainError('already_revoked', `the key ${keyId} was revoked on ${key.revokedAt.toISOString()}`, 'keyId');
    const row = await this.prisma.intakeKey.update({ where: { keyId }, data: { revokedAt: new Date(), revokedById: userId } });
    const [before, after] = await this.keyViews([key, row]);
    auditNote({ before, after, target: `intake-key:${keyId}` });
    return after;
  }

  /**
   * A key with its secret decrypted and its source, for the push's authentication; null when unknown.
   * @throws CallerVaultError when the secret cannot be decrypted (its encryption key was removed from HOTLINE_CALLER_KEYS).
   */
  async resolveKey(keyId: string): Promise<ResolvedIntakeKey | null> {
    const row = await this.prisma.intakeKey.findUnique({ where: { keyId }, include: { source: true } });
    if (!row) return null;
    return {
      keyId: row.keyId,
      secret: this.vault.decryptText(row.secretCipher, row.secretKeyId),
      revoked: row.revokedAt !== null,
      source: { id: row.source.id, name: row.source.name, enabled: row.source.enabled },
    };
  }

  /** Marks a key used now (the caller throttles how often). */
  async touchKey(keyId: string): Promise<void> {
    await this.prisma.intakeKey.updateMany({ where: { keyId }, data: { lastUsedAt: new Date() } });
  }

  private async find(id: number): Promise<SourceWithKeys> {
    const row = await this.prisma.intakeSource.findUnique({ where: { id }, include: { keys: { orderBy: { createdAt: 'asc' } } } });
    if (!row) throw new DomainError('not_found', `no intake source ${id}`, 'id');
    return row;
  }

  private async logins(ids: (number | null)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
    if (!wanted.length) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, login: true } });
    return new Map(users.map((u) => [u.id, u.login]));
  }

  private async keyViews(rows: IntakeKey[]): Promise<IntakeKeyView[]> {
    const login = await this.logins(rows.map((r) => r.createdById));
    return rows.map((k) => keyView(k, login));
  }

  private async views(rows: SourceWithKeys[]): Promise<IntakeSourceView[]> {
    const login = await this.logins(rows.flatMap((r) => [r.createdById, ...r.keys.map((k) => k.createdById)]));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind as IntakeKind,
      description: r.description,
      enabled: r.enabled,
      silenceMinutes: r.silenceMinutes,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdById === null ? null : (login.get(r.createdById) ?? null),
      keys: r.keys.map((k) => keyView(k, login)),
    }));
  }
}

function keyView(k: IntakeKey, login: Map<number, string>): IntakeKeyView {
  return {
    keyId: k.keyId,
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdById === null ? null : (login.get(k.createdById) ?? null),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}
