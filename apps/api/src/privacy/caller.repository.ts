import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { ProtectedCaller } from './caller-vault.js';

/** A caller hash: 64 lower-case hex digits (anything else in `Call.callerId` is a number from before encryption). */
const HASH_PATTERN = '^[0-9a-f]{64}$';

/** A dead letter stored before the raw line was encrypted (rawCipher null). */
export interface LegacyDeadLetter {
  id: number;
  file: string | null;
  reason: string;
  raw: string;
}

/** A dead letter's protected form: raw and reason masked, raw encrypted, file a base name. */
export interface ProtectedDeadLetterUpdate {
  id: number;
  file: string | null;
  reason: string;
  raw: string;
  rawCipher: string;
  rawKeyId: string;
}

/**
 * Inserts callers (one row per hash) in one statement; a hash already stored is kept as it is (its first cipher and
 * first-seen time). Runs in the caller's transaction when given one.
 * @returns how many were new.
 */
export async function insertCallers(db: Prisma.TransactionClient, callers: readonly ProtectedCaller[]): Promise<number> {
  const unique = [...new Map(callers.map((c) => [c.hash, c])).values()];
  if (unique.length === 0) return 0;
  const rows = JSON.stringify(unique.map(({ hash, cipher, keyId, masked }) => ({ hash, cipher, keyId, masked })));
  return db.$executeRaw`INSERT INTO "Caller" (hash, cipher, "keyId", masked)
    SELECT hash, cipher, "keyId", masked FROM jsonb_to_recordset(${rows}::jsonb) AS c(hash text, cipher text, "keyId" text, masked text)
    ORDER BY hash
    ON CONFLICT (hash) DO NOTHING`;
}

/** The Caller table (numbers encrypted at rest) and the conversion of rows written before encryption. */
@Injectable()
export class CallerRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A caller by hash, or null. */
  async find(hash: string): Promise<{ hash: string; cipher: string; keyId: string; masked: string } | null> {
    return this.prisma.caller.findUnique({ where: { hash }, select: { hash: true, cipher: true, keyId: true, masked: true } });
  }

  /** Up to `limit` distinct `Call.callerId` values that are not hashes (numbers in clear, from before encryption). */
  async clearCallNumbers(limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ n: string }[]>`SELECT DISTINCT "callerId" AS n FROM "Call"
      WHERE "callerId" IS NOT NULL AND "callerId" !~ ${HASH_PATTERN} LIMIT ${limit}`;
    return rows.map((r) => r.n);
  }

  /**
   * Replaces clear numbers in `Call.callerId` by their hashes and stores the callers, in one transaction.
   * @returns calls changed.
   */
  async hashCallNumbers(callers: readonly (ProtectedCaller & { number: string })[]): Promise<number> {
    const map = JSON.stringify(callers.map((c) => ({ number: c.number, hash: c.hash })));
    return this.prisma.$transaction(async (tx) => {
      await insertCallers(tx, callers);
      return tx.$executeRaw`UPDATE "Call" AS c SET "callerId" = m.hash
        FROM jsonb_to_recordset(${map}::jsonb) AS m(number text, hash text) WHERE c."callerId" = m.number`;
    });
  }

  /** Up to `limit` distinct `callerId` values of raw events' payloads that are not hashes. */
  async clearPayloadNumbers(limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ n: string }[]>`SELECT DISTINCT payload->>'callerId' AS n FROM "RawEvent"
      WHERE payload ? 'callerId' AND jsonb_typeof(payload->'callerId') = 'string' AND payload->>'callerId' !~ ${HASH_PATTERN} LIMIT ${limit}`;
    return rows.map((r) => r.n);
  }

  /**
   * Replaces clear numbers in raw events' payloads (`callerId`) by their hashes and stores the callers, in one
   * transaction. @returns events changed.
   */
  async hashPayloadNumbers(callers: readonly (ProtectedCaller & { number: string })[]): Promise<number> {
    const map = JSON.stringify(callers.map((c) => ({ number: c.number, hash: c.hash })));
    return this.prisma.$transaction(async (tx) => {
      await insertCallers(tx, callers);
      return tx.$executeRaw`UPDATE "RawEvent" AS e SET payload = jsonb_set(e.payload, '{callerId}', to_jsonb(m.hash))
        FROM jsonb_to_recordset(${map}::jsonb) AS m(number text, hash text) WHERE e.payload->>'callerId' = m.number`;
    });
  }

  /** Up to `limit` dead letters whose raw line is not encrypted yet (stored before encryption), oldest first. */
  async legacyDeadLetters(limit: number): Promise<LegacyDeadLetter[]> {
    return this.prisma.deadLetter.findMany({ where: { rawCipher: null }, orderBy: { id: 'asc' }, take: limit, select: { id: true, file: true, reason: true, raw: true } });
  }

  /** Writes dead letters' protected forms (one statement). @returns rows changed. */
  async protectDeadLetters(updates: readonly ProtectedDeadLetterUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    const rows = JSON.stringify(updates);
    return this.prisma.$executeRaw`UPDATE "DeadLetter" AS d SET file = u.file, reason = u.reason, raw = u.raw, "rawCipher" = u."rawCipher", "rawKeyId" = u."rawKeyId"
      FROM jsonb_to_recordset(${rows}::jsonb) AS u(id int, file text, reason text, raw text, "rawCipher" text, "rawKeyId" text)
      WHERE d.id = u.id AND d."rawCipher" IS NULL`;
  }
}
