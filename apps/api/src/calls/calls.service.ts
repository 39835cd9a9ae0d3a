import { Inject, Injectable } from '@nestjs/common';
import { CALL_OUTCOMES, maskNumbersInText, type CallsPage, type CallView, type UnmaskedCaller } from '@hotline/contracts';
import { dayKey, nextDay, startOfDay } from '@hotline/events';
import { AuditService, auditUnavailable } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CallerVault, CallerVaultError, callerRef } from '../privacy/caller-vault.js';
import { CallerRepository } from '../privacy/caller.repository.js';
import { CallsRepository, type CallPageRow } from './calls.repository.js';

/** Calls per page when the query names none. */
const DEFAULT_LIMIT = 200;

type Outcome = (typeof CALL_OUTCOMES)[number];
const isOutcome = (v: string): v is Outcome => (CALL_OUTCOMES as readonly string[]).includes(v);

/**
 * Calls as people see them: callers masked, repeat callers grouped by a short reference of the keyed hash; and the
 * one way to see a number in full (`calls.unmask`, with a reason, audited without the number).
 */
@Injectable()
export class CallsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calls: CallsRepository,
    private readonly callers: CallerRepository,
    @Inject(CallerVault) private readonly vault: CallerVault,
    private readonly audit: AuditService,
  ) {}

  /**
   * A page of a local day's calls, newest first.
   * @param q `date` the local day (default today in HOTLINE_TIMEZONE), `agentId` only that agent's, `limit` page size,
   *   `before` the previous page's `nextBefore`.
   * @throws DomainError 400 (field `before`) when `before` names no call.
   */
  async page(q: { date?: string; agentId?: string; limit?: number; before?: string }): Promise<CallsPage> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const date = q.date ?? dayKey(new Date(), timeZone);
    const limit = q.limit ?? DEFAULT_LIMIT;
    let before: { offeredAt: Date; callId: string } | undefined;
    if (q.before !== undefined) {
      const offeredAt = await this.calls.offeredAt(q.before);
      if (!offeredAt) throw new DomainError('invalid_request', `before: no call "${q.before}"`, 'before');
      before = { offeredAt, callId: q.before };
    }
    const rows = await this.calls.page({
      from: startOfDay(date, timeZone), to: startOfDay(nextDay(date), timeZone), agentId: q.agentId, before, limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { date, calls: page.map(view), nextBefore: rows.length > limit ? page[page.length - 1].callId : null };
  }

  /**
   * A caller's number in full. Audited as `calls.unmask` with the reason and the caller's reference, never the
   * number; a refusal for a missing key is audited as failed.
   * @throws DomainError 404 `not_found` (no such call), 404 `no_caller` (the feed gave no number), 422
   *   `caller_key_unavailable` (the key that encrypted it is no longer configured, or the cipher does not verify).
   */
  async unmask(callId: string, reason: string, ctx: RequestContext): Promise<UnmaskedCaller> {
    const hash = await this.calls.callerHash(callId);
    if (hash === undefined) throw new DomainError('not_found', `no call "${callId}"`, 'callId');
    const caller = hash === null ? null : await this.callers.find(hash);
    if (!caller) throw new DomainError('no_caller', `call "${callId}" has no caller number`, 'callId');
    const entry = { actor: ctx.user ? { id: ctx.user.id, login: ctx.user.login } : null, ip: ctx.ip, action: 'calls.unmask', target: callId };
    // A reason may quote a number itself: the trail never holds one in clear.
    const why = maskNumbersInText(reason);
    let number: string;
    try {
      number = this.vault.reveal(caller.cipher, caller.keyId);
    } catch (error) {
      if (!(error instanceof CallerVaultError)) throw error;
      await this.audit.record({ ...entry, outcome: 'failed', detail: { reason: why, callerRef: callerRef(hash), error: error.message } });
      throw new DomainError('caller_key_unavailable', error.message);
    }
    // No trail, no number: the disclosure is answered only once its audit entry is written.
    if ((await this.audit.record({ ...entry, outcome: 'ok', detail: { reason: why, callerRef: callerRef(hash) } })) === null) throw auditUnavailable();
    return { callId, caller: number };
  }
}

/** A ledger row as people see it. */
function view(r: CallPageRow): CallView {
  return {
    callId: r.callId,
    offeredAt: r.offeredAt.toISOString(),
    outcome: isOutcome(r.outcome) ? r.outcome : 'pending',
    agentId: r.agentId,
    waitSeconds: r.waitSeconds,
    talkSeconds: r.talkSeconds,
    category: r.category,
    caller: r.masked,
    callerRef: callerRef(r.callerId),
    repeatWithin24h: r.repeats,
  };
}
