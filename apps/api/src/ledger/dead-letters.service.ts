import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  maskNumbersInText, maskPhoneNumbers,
  type DeadLetterStatus, type DeadLetterView, type DiscardDeadLetterBody, type RequeueDeadLetterBody, type RequeuedDeadLetter,
} from '@hotline/contracts';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisService } from '../redis/redis.module.js';
import { DeadLettersRepository, type DeadLetterRow } from './dead-letters.repository.js';

/** A stored row as people see it (instants as ISO strings). */
function toView(row: DeadLetterRow): DeadLetterView {
  return { ...row, createdAt: row.createdAt.toISOString(), resolvedAt: row.resolvedAt?.toISOString() ?? null };
}

/**
 * Repair of the dead-letter store (issue 13): list by status, re-queue an open dead letter as corrected canonical
 * events on the live stream `<HOTLINE_STREAM_PREFIX>events` (field `event` = the event's JSON, as `hotline replay`
 * writes it: the feed consumer then protects callers' numbers and writes the ledger as for any entry), or discard it.
 * Both are audited here (`deadLetters.requeue` / `deadLetters.discard`: the reason masked, event ids, counts; never
 * an event's content, so never a caller's number).
 */
@Injectable()
export class DeadLettersService {
  private readonly logger = new Logger(DeadLettersService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly letters: DeadLettersRepository,
    private readonly redis: RedisService,
    private readonly audit: AuditService,
  ) {}

  /** The most recent dead letters (at most `limit`), newest first, optionally of one status; raw and reasons masked. */
  async list(limit: number, status?: DeadLetterStatus): Promise<DeadLetterView[]> {
    return (await this.letters.list(limit, status)).map(toView);
  }

  /**
   * Re-queues an open dead letter: claims it (open -> requeued, atomically), adds the corrected events to the live
   * stream in one MULTI (all or none), and audits. When the stream refuses, the claim is undone.
   * @param body already parsed by the contract (`RequeueDeadLetterBody`: each event valid and storable).
   * @throws DomainError 404 `not_found`; 409 `not_open` (already re-queued or discarded); 409 `event_exists`
   *   (an `eventId` the ledger already holds: its event would be dropped as a duplicate; field `events.N.eventId`);
   *   503 `stream_unavailable` (Redis refused the writes: nothing was added, the letter stays open).
   */
  async requeue(id: number, body: RequeueDeadLetterBody, ctx: RequestContext): Promise<RequeuedDeadLetter> {
    const user = this.userOf(ctx);
    const current = await this.letters.find(id);
    if (!current) throw new DomainError('not_found', `no dead letter ${id}`, 'id');
    if (current.status !== 'open') throw new DomainError('not_open', `dead letter ${id} is already ${current.status}`, 'id');
    const eventIds = body.events.map((e) => e.eventId);
    const existing = await this.letters.existingEventIds(eventIds);
    const clash = eventIds.findIndex((e) => existing.has(e));
    if (clash >= 0) {
      throw new DomainError('event_exists', `the ledger already holds event ${maskPhoneNumbers(eventIds[clash])}: give the corrected event a new eventId`, `events.${clash}.eventId`);
    }
    const reason = maskNumbersInText(body.reason);
    if (!(await this.letters.resolveIfOpen(id, { status: 'requeued', userId: user.id, resolution: reason, requeuedEventIds: eventIds }))) {
      throw new DomainError('not_open', `dead letter ${id} is no longer open`, 'id');
    }
    const entry = { actor: { id: user.id, login: user.login }, ip: ctx.ip, action: 'deadLetters.requeue', target: `deadLetter:${id}` };
    const detail = { reason, eventIds: eventIds.map(maskPhoneNumbers), count: eventIds.length };
    let streamIds: string[];
    try {
      streamIds = await this.addToStream(body.events);
    } catch (error) {
      await this.letters.reopen(id, 'requeued');
      const message = error instanceof Error ? error.message : String(error);
      await this.audit.record({ ...entry, outcome: 'failed', detail: { ...detail, error: maskPhoneNumbers(message).slice(0, 500) } });
      throw new DomainError('stream_unavailable', `the live stream refused the events, nothing was re-queued: ${maskPhoneNumbers(message).slice(0, 200)}`);
    }
    if ((await this.audit.record({ ...entry, outcome: 'ok', detail: { ...detail, streamIds } })) === null) {
      // The events are on the stream already; the failure to audit is logged by AuditService (and here, by id).
      this.logger.error(`dead letter ${id} re-queued (${eventIds.length} events) but its audit entry could not be written`);
    }
    const after = await this.letters.find(id);
    if (!after) throw new DomainError('not_found', `no dead letter ${id}`, 'id');
    return { deadLetter: toView(after), streamIds };
  }

  /**
   * Discards an open dead letter with a reason (open -> discarded, atomically), audited.
   * @throws DomainError 404 `not_found`; 409 `not_open` (already re-queued or discarded).
   */
  async discard(id: number, body: DiscardDeadLetterBody, ctx: RequestContext): Promise<DeadLetterView> {
    const user = this.userOf(ctx);
    const current = await this.letters.find(id);
    if (!current) throw new DomainError('not_found', `no dead letter ${id}`, 'id');
    const reason = maskNumbersInText(body.reason);
    if (current.status !== 'open' || !(await this.letters.resolveIfOpen(id, { status: 'discarded', userId: user.id, resolution: reason, requeuedEventIds: [] }))) {
      throw new DomainError('not_open', `dead letter ${id} is already ${current.status === 'open' ? 'resolved' : current.status}`, 'id');
    }
    await this.audit.record({ actor: { id: user.id, login: user.login }, ip: ctx.ip, action: 'deadLetters.discard', target: `deadLetter:${id}`, outcome: 'ok', detail: { reason, source: current.source } });
    const after = await this.letters.find(id);
    if (!after) throw new DomainError('not_found', `no dead letter ${id}`, 'id');
    return toView(after);
  }

  /** The signed-in user (the access guard let only signed-in managers through). */
  private userOf(ctx: RequestContext): { id: number; login: string } {
    if (!ctx.user) throw new DomainError('unauthenticated', 'sign in first');
    return { id: ctx.user.id, login: ctx.user.login };
  }

  /**
   * XADDs the events to `<prefix>events` in one MULTI/EXEC (fields `type` and `event`, as `hotline replay`).
   * @returns the stream ids, in order. @throws Error when Redis refuses the transaction or any XADD in it.
   */
  private async addToStream(events: RequeueDeadLetterBody['events']): Promise<string[]> {
    const key = `${this.config.HOTLINE_STREAM_PREFIX}events`;
    const multi = this.redis.client.multi();
    for (const event of events) multi.xadd(key, '*', 'type', event.type, 'event', JSON.stringify(event));
    const results = await multi.exec();
    if (!results) throw new Error('the Redis transaction was aborted');
    return results.map(([error, id]) => {
      if (error) throw error;
      if (typeof id !== 'string') throw new Error('XADD answered no id');
      return id;
    });
  }
}
