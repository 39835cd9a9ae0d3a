import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { hideCallerDetail, maskPhoneNumbers, type AuditEntry, type AuditPage, type AuditQuery } from '@hotline/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** Who did it: a user (id and login), or nobody known (a failed login names the login tried in `detail`). */
export interface AuditActor {
  id: number | null;
  login: string | null;
}

/** One entry to append. */
export interface AuditRecord {
  actor: AuditActor | null;
  ip: string | null;
  action: string;
  target?: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown> | null;
}

/** What a service adds to the audit entry of the request it serves (before/after of the record it changes). */
export interface AuditNote {
  before?: unknown;
  after?: unknown;
  target?: string;
}

const notes = new AsyncLocalStorage<AuditNote>();

/** The refusal of a disclosure whose audit entry could not be written (503 `audit_unavailable`). */
export function auditUnavailable(): DomainError {
  return new DomainError('audit_unavailable', 'the audit trail cannot be written now: nothing is disclosed without it');
}

/** Runs `fn` with a fresh audit note (the interceptor does this for every write). */
export function withAuditNote<T>(fn: () => T): { note: AuditNote; result: T } {
  const note: AuditNote = {};
  return { note, result: notes.run(note, fn) };
}

/**
 * Adds before/after/target to the current request's audit entry: a service that changes or removes a record calls
 * `auditNote({ before: row })` so that the entry shows what was there. Outside a request it does nothing.
 */
export function auditNote(note: AuditNote): void {
  const current = notes.getStore();
  if (current) Object.assign(current, note);
}

/** A filter text taken literally by LIKE (Prisma's contains/startsWith pass `%` and `_` through as wildcards). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Values Postgres' jsonb cannot hold (NUL) or the trail must not (caller numbers are masked by the callers). */
function clean(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replace(/\u0000/g, '') : typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonValue;
}

/**
 * The audit trail: append-only and hash-chained. The database does both (migration `access`): an insert trigger
 * chains each entry (hash = sha256 of the previous hash, a newline and `audit_log_text(entry)`) under one advisory
 * lock so the chain never forks, whoever writes (API or CLI); another trigger refuses UPDATE, DELETE and TRUNCATE.
 * `hotline audit verify` recomputes the chain.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends an entry. Never throws: a failure to audit is logged loudly (the request itself has happened).
   * @returns the entry's id, or null when it could not be written.
   */
  async record(entry: AuditRecord): Promise<string | null> {
    try {
      // The insert trigger (audit_log_chain) assigns id, time, prevHash and hash under one lock.
      const row = await this.prisma.auditLog.create({
        data: {
          actorId: entry.actor?.id ?? null,
          actorLogin: entry.actor?.login ?? null,
          ip: entry.ip,
          action: entry.action,
          // An id (`platform_12345`, `bank:AA0203:34536`) stays readable; a phone number in a target is masked.
          target: entry.target ? maskPhoneNumbers(entry.target.replace(/\u0000/g, '')) : null,
          outcome: entry.outcome,
          detail: clean(entry.detail) ?? undefined,
        },
        select: { id: true },
      });
      return row.id.toString();
    } catch (error) {
      this.logger.error(`audit entry ${entry.action} could not be written: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /**
   * A page of the trail, newest first. Unless `viewer.callers` (the viewer holds `calls.read`), every caller field
   * of the details (hideCallerDetail: `caller`, `callerRef`, `callerNumber`... at any depth) is answered as
   * `[hidden]`; the stored entries are untouched (the chain's hashes cover them as stored).
   */
  async list(query: AuditQuery, viewer: { callers: boolean } = { callers: false }): Promise<AuditPage> {
    const limit = query.limit ?? 100;
    const rows = await this.prisma.auditLog.findMany({
      where: {
        ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
        ...(query.from || query.to ? { at: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
        ...(query.actor ? { actorLogin: { contains: likeLiteral(query.actor.toLowerCase()) } } : {}),
        ...(query.action ? { action: { startsWith: likeLiteral(query.action) } } : {}),
        ...(query.outcome ? { outcome: query.outcome } : {}),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      entries: page.map((r): AuditEntry => {
        const detail = r.detail !== null && typeof r.detail === 'object' && !Array.isArray(r.detail) ? (r.detail as Record<string, unknown>) : null;
        return {
          id: r.id.toString(),
          at: r.at.toISOString(),
          actorId: r.actorId,
          actorLogin: r.actorLogin,
          ip: r.ip,
          action: r.action,
          target: r.target,
          outcome: r.outcome as AuditEntry['outcome'],
          detail: viewer.callers ? detail : hideCallerDetail(detail),
          prevHash: r.prevHash,
          hash: r.hash,
        };
      }),
      nextBefore: rows.length > limit ? page[page.length - 1].id.toString() : null,
    };
  }
}
