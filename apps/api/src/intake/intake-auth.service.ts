import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { INTAKE_HEADERS, INTAKE_MAX_BODY_BYTES, type ApiErrorCode, type EndpointDef } from '@hotline/contracts';
import { AuditService } from '../audit/audit.service.js';
import { requestContext } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IntakeSourcesService } from './intake-sources.service.js';
import { IntakeStatsService } from './intake-stats.service.js';
import { checkTimestamp, signatureMatches } from './intake-signature.js';

/** The source a signed push came from, as the guard found it. */
export interface IntakeCaller {
  sourceId: number;
  source: string;
  keyId: string;
}

const callers = new WeakMap<Request, IntakeCaller>();

/** The source of a push the guard authenticated (throws on a request it did not: a route without `intake-key`). */
export function intakeCallerOf(req: Request): IntakeCaller {
  const caller = callers.get(req);
  if (!caller) throw new Error('intakeCallerOf on a request without a verified intake signature');
  return caller;
}

/** How often a key's `lastUsedAt` is written at most (per key and process). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Authentication of the platform push (access `intake-key`, called by AccessGuard; no session, no CSRF token: the
 * request is signed). In order, each refusal a 4xx naming the header or body that is wrong, audited as
 * `auth.denied` (actor `intake:<source>` when the key is known) and counted in the source's refused pushes:
 * 1. rate limit per client address (HOTLINE_INTAKE_RATE_LIMIT a minute, @nestjs/throttler's storage): 429 `rate_limited`;
 * 2. the body must be JSON as sent (its bytes are signed): 415 `unsupported_media_type` (field `Content-Type`),
 *    413 `too_large` over 5 MB (field `body`);
 * 3. `X-Hotline-Key` names an active key: 401 `missing_header` / `unknown_key` (revoked keys too);
 * 4. `X-Hotline-Timestamp` within 5 minutes of the server's clock: 401 `missing_header` / `stale_timestamp`;
 * 5. `X-Hotline-Signature` equals `sha256=` + HMAC-SHA-256(secret, `${timestamp}.${rawBody}`), compared in constant
 *    time: 401 `missing_header` / `bad_signature`;
 * 6. only then, the key's source must be enabled: 403 `source_disabled` (a wrong signature never learns it).
 */
@Injectable()
export class IntakeAuthService {
  private readonly logger = new Logger(IntakeAuthService.name);
  private readonly touched = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ThrottlerStorage) private readonly throttler: ThrottlerStorage,
    private readonly sources: IntakeSourcesService,
    private readonly stats: IntakeStatsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Verifies a push and remembers its source for the handler ({@link intakeCallerOf}).
   * @throws DomainError as listed above.
   */
  async authenticate(req: Request, res: Response, def: EndpointDef): Promise<IntakeCaller> {
    const ip = requestContext(req).ip;
    const limit = await this.throttler.increment(`intake-push:${ip ?? 'unknown'}`, 60_000, this.config.HOTLINE_INTAKE_RATE_LIMIT, 60_000, 'intake');
    if (limit.isBlocked) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(limit.timeToBlockExpire))));
      throw new DomainError('rate_limited', `more than ${this.config.HOTLINE_INTAKE_RATE_LIMIT} pushes a minute from this address: wait and retry`);
    }
    let known: { id: number; name: string } | null = null;
    const deny = async (code: ApiErrorCode, message: string, field: string): Promise<never> => {
      await this.audit.record({
        actor: known ? { id: null, login: `intake:${known.name}` } : null,
        ip,
        action: 'auth.denied',
        target: def.id,
        outcome: 'denied',
        detail: { reason: code, field, keyId: (req.get(INTAKE_HEADERS.key) ?? '').slice(0, 40) || undefined },
      });
      if (known) await this.stats.recordRejection(known.name);
      throw new DomainError(code, message, field);
    };
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    if (!Buffer.isBuffer(raw)) return deny('unsupported_media_type', 'send the batch as JSON (Content-Type: application/json): its bytes are signed', 'Content-Type');
    if (raw.length > INTAKE_MAX_BODY_BYTES) return deny('too_large', `the body is larger than ${INTAKE_MAX_BODY_BYTES / 1024 / 1024} MB: send smaller batches`, 'body');
    const keyId = req.get(INTAKE_HEADERS.key)?.trim();
    if (!keyId) return deny('missing_header', `the ${INTAKE_HEADERS.key} header (the key id) is missing`, INTAKE_HEADERS.key);
    const key = /^hk_[0-9a-f]{24}$/.test(keyId) ? await this.sources.resolveKey(keyId) : null;
    if (!key || key.revoked) return deny('unknown_key', `${INTAKE_HEADERS.key}: no active key ${keyId.slice(0, 40)}`, INTAKE_HEADERS.key);
    known = { id: key.source.id, name: key.source.name };
    const timestamp = req.get(INTAKE_HEADERS.timestamp)?.trim();
    if (!timestamp) return deny('missing_header', `the ${INTAKE_HEADERS.timestamp} header (Unix seconds) is missing`, INTAKE_HEADERS.timestamp);
    const time = checkTimestamp(timestamp, Date.now());
    if (!time.ok) {
      return time.problem === 'malformed'
        ? deny('bad_timestamp', `${INTAKE_HEADERS.timestamp} must be Unix seconds (digits only)`, INTAKE_HEADERS.timestamp)
        : deny('stale_timestamp', `${INTAKE_HEADERS.timestamp} is ${Math.abs(time.skewSeconds)} s ${time.skewSeconds > 0 ? 'old' : 'ahead'}: at most 300 s either way (check the sender's clock)`, INTAKE_HEADERS.timestamp);
    }
    const signature = req.get(INTAKE_HEADERS.signature);
    if (!signature) return deny('missing_header', `the ${INTAKE_HEADERS.signature} header is missing`, INTAKE_HEADERS.signature);
    if (!signatureMatches(key.secret, timestamp, raw, signature)) {
      return deny('bad_signature', `${INTAKE_HEADERS.signature} does not match: sha256= + hex HMAC-SHA-256 with the key's secret over "<timestamp>.<body as sent>"`, INTAKE_HEADERS.signature);
    }
    // Only a correctly signed push learns that the source is disabled.
    if (!key.source.enabled) return deny('source_disabled', `the source "${key.source.name}" is disabled`, INTAKE_HEADERS.key);
    const caller: IntakeCaller = { sourceId: key.source.id, source: key.source.name, keyId: key.keyId };
    callers.set(req, caller);
    this.touch(key.keyId);
    return caller;
  }

  /** Writes the key's lastUsedAt, at most once a minute per key; a failure is logged, never the push's. */
  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.touched.get(keyId) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(keyId, now);
    this.sources.touchKey(keyId).catch((error: unknown) => this.logger.warn(`intake key ${keyId}: lastUsedAt not written: ${error instanceof Error ? error.message : String(error)}`));
  }
}
