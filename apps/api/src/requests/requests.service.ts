import { EventEmitter } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import {
  COMPLAINT_CHANNELS, ComplaintBody, REQUEST_CHANNELS, XLSX_CONTENT_TYPE, type RequestChannel, type RequestsPage, type ServiceRequestBody, type ServiceRequestPatch, type ServiceRequestView,
} from '@hotline/contracts';
import { dayKey, monthKey } from '@hotline/events';
import { legsFromJson } from '@hotline/kpi';
import type { z } from 'zod';
import { auditNote } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import type { FileAnswer } from '../common/send-file.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Prisma, ServiceRequest } from '../generated/prisma/client.js';
import { CallerVault, CallerVaultError, isCallerHash } from '../privacy/caller-vault.js';
import { CallerRepository, insertCallers } from '../privacy/caller.repository.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { ComplaintsService } from '../registers/complaints.service.js';
import { RequestsRepository, type RequestFilter } from './requests.repository.js';
import { requestsWorkbook } from './requests-xlsx.js';

/** Requests per page when the query names none. */
const DEFAULT_LIMIT = 100;

/** The complaints register's channel of a request's channel: a call or a callback is the hotline's, a visit a walk-in. */
const COMPLAINT_CHANNEL: Record<RequestChannel, (typeof COMPLAINT_CHANNELS)[number]> = { call: 'hotline', callback: 'hotline', walk_in: 'walk_in', other: 'other' };

/** Longest complaint content the register takes (ComplaintBody.content). */
const COMPLAINT_CONTENT_MAX = 4000;

/** The fields of a request that the rules of the body check, as they stand after a write. */
interface RequestState {
  channel: string;
  outcome: string | null;
  referredTo: string | null;
  status: string;
}

/**
 * Registered requests (受理登记): an agent registers the citizen's request on a call she answered, or without a call
 * (callback, walk-in: the number encrypted with its keyed hash, shown masked), finishes it with an outcome, and a
 * complaint outcome opens a pending complaint in the complaints register (once). Only the author changes a
 * request; `requests.read` reads everyone's. Emits `changed` (the author's agent id, or null) after every write, so
 * the desk is pushed again.
 */
@Injectable()
export class RequestsService {
  /** Emits `changed` with `(agentId: string | null, userId: number)` after every successful write. */
  readonly changes = new EventEmitter();
  /** Writes of one request run one after another (the complaint is opened once). */
  private readonly running = new Map<number, Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly repository: RequestsRepository,
    private readonly complaints: ComplaintsService,
    private readonly callers: CallerRepository,
    @Inject(CallerVault) private readonly vault: CallerVault,
  ) {}

  /**
   * Registers a request (see the contract's ServiceRequestBody for the rules).
   * @throws DomainError 400 `unknown_business_type` (field `businessTypeCode`) for a type not in the tree or not
   *   active; 400 `unknown_article` (field `articleIds`) for an article not in the knowledge base; 400 `unknown_call` / `not_answered` / `not_your_call` (field `callId`) for a call not in the ledger, not
   *   answered by an agent, or answered by another agent id than the user's (403 `no_agent_id`, field `callId`, for
   *   an account without one); 409 `call_registered` (field `callId`) when the call has a request already; for a
   *   finished complaint, the complaints register's refusals (409 `month_closed`, `correction_reason_required`...),
   *   in which case nothing is stored.
   */
  async register(body: ServiceRequestBody, user: AuthUser): Promise<ServiceRequestView> {
    await this.assertType(body.businessTypeCode);
    await this.assertArticles(body.articleIds);
    const timeZone = this.config.HOTLINE_TIMEZONE;
    let callFields: { callId: string; receivedAt: Date; callerHash: string | null; callerMasked: string | null } | null = null;
    let protectedCaller: ReturnType<CallerVault['protect']> | null = null;
    if (body.channel === 'call') {
      callFields = await this.ownCall(body.callId!, user);
    } else if (body.callerNumber !== undefined) {
      protectedCaller = this.vault.protect(body.callerNumber);
    }
    const receivedAt = callFields?.receivedAt ?? (body.receivedAt !== undefined ? new Date(body.receivedAt) : new Date());
    const openComplaint = body.status === 'done' && body.outcome === 'complaint';
    const data: Prisma.ServiceRequestUncheckedCreateInput = {
      channel: body.channel,
      callId: callFields?.callId ?? null,
      agentId: user.agentId,
      createdById: user.id,
      businessTypeCode: body.businessTypeCode,
      summary: body.summary,
      question: emptyToNull(body.question),
      outcome: body.outcome ?? null,
      referredTo: body.referredTo ?? null,
      workOrderNo: body.workOrderNo ?? null,
      callerHash: callFields?.callerHash ?? protectedCaller?.hash ?? null,
      callerMasked: callFields?.callerMasked ?? protectedCaller?.masked ?? null,
      // A complaint is opened first: the request is finished once the register took it.
      status: openComplaint ? 'draft' : body.status,
      completedAt: body.status === 'done' && !openComplaint ? new Date() : null,
      receivedAt,
      day: dayKey(receivedAt, timeZone),
      articleIds: body.articleIds ?? [],
    };
    let row = await this.prisma.$transaction(async (tx) => {
      if (data.callId) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`service-request:${data.callId}`}))`;
        const existing = await tx.serviceRequest.findFirst({ where: { callId: data.callId }, select: { id: true } });
        if (existing) throw new DomainError('call_registered', `the call ${data.callId} has a request already (#${existing.id}): change that one`, 'callId');
      }
      if (protectedCaller) await insertCallers(tx, [protectedCaller]);
      return tx.serviceRequest.create({ data });
    });
    if (openComplaint) {
      try {
        row = await this.finishWithComplaint(row, user, body.callerNumber);
      } catch (error) {
        await this.prisma.serviceRequest.delete({ where: { id: row.id } });
        throw error;
      }
    }
    const after = await this.repository.view(row);
    auditNote({ after, target: `request:${row.id}` });
    this.changes.emit('changed', user.agentId, user.id);
    return after;
  }

  /**
   * Changes or finishes one's own request (see the contract's ServiceRequestPatch).
   * @throws DomainError 404 `not_found` (field `id`) for a request that is not the user's (whether it exists is not
   *   said); 400 as {@link register} for the type, and for the request as it would stand: `outcome` required to
   *   finish, `referredTo` required for `referred`, `callerNumber` / `receivedAt` refused on a call's request;
   *   409 `already_done` (field `status`) to make a finished request a draft again; 409 `complaint_opened` (field
   *   `outcome`) to move the outcome away from a complaint already opened; the complaints register's refusals;
   *   409 `stale` (field `expectedUpdatedAt`) when `expectedUpdatedAt` is given and the request's `updatedAt` differs
   *   (milliseconds; checked on the row locked in the update's transaction, so two tabs cannot both win).
   */
  async update(id: number, patch: ServiceRequestPatch, user: AuthUser): Promise<ServiceRequestView> {
    return this.serialised(id, async () => {
      const before = await this.prisma.serviceRequest.findUnique({ where: { id } });
      if (!before || before.createdById !== user.id) throw new DomainError('not_found', `no request ${id} of yours`, 'id');
      assertFresh(before.updatedAt, patch.expectedUpdatedAt);
      if (patch.businessTypeCode !== undefined && patch.businessTypeCode !== before.businessTypeCode) await this.assertType(patch.businessTypeCode);
      await this.assertArticles(patch.articleIds);
      if (before.channel === 'call' && patch.callerNumber !== undefined) throw new DomainError('invalid_request', 'callerNumber: the caller of a call comes from the ledger', 'callerNumber');
      if (before.channel === 'call' && patch.receivedAt !== undefined) throw new DomainError('invalid_request', 'receivedAt: the time of a call comes from the ledger', 'receivedAt');
      if (before.status === 'done' && patch.status === 'draft') throw new DomainError('already_done', 'a finished request stays finished (change its fields instead)', 'status');
      if (before.complaintId !== null && patch.outcome !== undefined && patch.outcome !== 'complaint') {
        throw new DomainError('complaint_opened', `complaint #${before.complaintId} was opened for this request: the outcome stays complaint`, 'outcome');
      }
      const next: RequestState = {
        channel: before.channel,
        outcome: patch.outcome ?? before.outcome,
        referredTo: patch.referredTo === undefined ? before.referredTo : patch.referredTo,
        status: patch.status ?? before.status,
      };
      assertRules(next);
      const protectedCaller = patch.callerNumber ? this.vault.protect(patch.callerNumber) : null;
      const receivedAt = patch.receivedAt !== undefined ? new Date(patch.receivedAt) : undefined;
      const openComplaint = next.status === 'done' && next.outcome === 'complaint' && before.complaintId === null;
      const finishing = next.status === 'done' && before.status !== 'done';
      const data: Prisma.ServiceRequestUpdateInput = {
        businessTypeCode: patch.businessTypeCode,
        summary: patch.summary,
        question: patch.question === undefined ? undefined : emptyToNull(patch.question),
        outcome: patch.outcome,
        referredTo: patch.referredTo,
        workOrderNo: patch.workOrderNo,
        articleIds: patch.articleIds,
        ...(patch.callerNumber !== undefined ? { callerHash: protectedCaller?.hash ?? null, callerMasked: protectedCaller?.masked ?? null } : {}),
        ...(receivedAt ? { receivedAt, day: dayKey(receivedAt, this.config.HOTLINE_TIMEZONE) } : {}),
        // A complaint is opened first: the request is finished once the register took it.
        ...(finishing && !openComplaint ? { status: 'done', completedAt: new Date() } : {}),
      };
      let row = await this.prisma.$transaction(async (tx) => {
        if (patch.expectedUpdatedAt !== undefined) {
          const [locked] = await tx.$queryRaw<{ updatedAt: Date }[]>`SELECT "updatedAt" FROM "ServiceRequest" WHERE "id" = ${id} FOR UPDATE`;
          if (locked) assertFresh(locked.updatedAt, patch.expectedUpdatedAt);
        }
        if (protectedCaller) await insertCallers(tx, [protectedCaller]);
        return tx.serviceRequest.update({ where: { id }, data });
      });
      if (openComplaint) row = await this.finishWithComplaint(row, user, patch.callerNumber ?? undefined);
      const [beforeView, after] = await this.repository.views([before, row]);
      auditNote({ before: beforeView, after, target: `request:${id}` });
      this.changes.emit('changed', user.agentId, user.id);
      return after;
    });
  }

  /**
   * One request: for `requests.read`, or its author.
   * @throws DomainError 404 `not_found` (field `id`) for a request that does not exist or that the user may not see.
   */
  async get(id: number, user: AuthUser): Promise<ServiceRequestView> {
    const row = await this.prisma.serviceRequest.findUnique({ where: { id } });
    const visible = row !== null && (user.permissions.has('requests.read') || (row.createdById === user.id && user.permissions.has('requests.register')));
    if (!visible) throw new DomainError('not_found', `no request ${id}`, 'id');
    return this.repository.view(row);
  }

  /** A page of requests, newest first (by receipt), with the total the filters match. */
  async page(filter: RequestFilter, limit = DEFAULT_LIMIT, offset = 0): Promise<RequestsPage> {
    const where = await this.repository.where(filter);
    const [total, rows] = await Promise.all([
      this.prisma.serviceRequest.count({ where }),
      this.prisma.serviceRequest.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: limit, skip: offset }),
    ]);
    return { total, limit, offset, requests: await this.repository.views(rows) };
  }

  /**
   * The requests of a local month (YYYY-MM; default the current one) as an xlsx workbook (requests-xlsx.ts), oldest
   * first, callers masked: file name `受理登记-YYYY-MM.xlsx`.
   */
  async exportMonth(month: string | undefined): Promise<FileAnswer> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const m = month ?? monthKey(new Date(), timeZone);
    const rows = await this.prisma.serviceRequest.findMany({ where: await this.repository.where({ month: m }), orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] });
    const names = await this.repository.typeNames();
    const views = await this.repository.views(rows, names);
    const content = await requestsWorkbook(m, views, timeZone, (code) => names(code).nameZh);
    return { fileName: `受理登记-${m}.xlsx`, contentType: XLSX_CONTENT_TYPE, content };
  }

  /**
   * The knowledge articles a request names as used must exist (any version state: an article retired since still
   * documents what the agent answered from).
   * @throws DomainError 400 `unknown_article` (field `articleIds`) naming the first id not in the knowledge base.
   */
  private async assertArticles(ids: readonly number[] | undefined): Promise<void> {
    if (!ids?.length) return;
    const found = new Set((await this.prisma.knowledgeArticle.findMany({ where: { id: { in: [...ids] } }, select: { id: true } })).map((a) => a.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new DomainError('unknown_article', `articleIds: no knowledge article ${missing}`, 'articleIds');
  }

  /** @throws DomainError 400 `unknown_business_type` (field `businessTypeCode`) unless the code is an active type. */
  private async assertType(code: string): Promise<void> {
    const type = await this.prisma.businessType.findUnique({ where: { code }, select: { active: true } });
    if (!type) throw new DomainError('unknown_business_type', `businessTypeCode: no business type "${code}"`, 'businessTypeCode');
    if (!type.active) throw new DomainError('unknown_business_type', `businessTypeCode: the business type "${code}" is no longer in use`, 'businessTypeCode');
  }

  /**
   * The ledger call a request is registered on: it must have been answered by the user's own agent id (the call's
   * agent, or one of its legs' when transferred).
   * @returns the call id, when it was received (the agent's answer, else its arrival), the caller's hash and masked form.
   * @throws DomainError 403 `no_agent_id`, 400 `unknown_call` / `not_answered` / `not_your_call` (field `callId`).
   */
  private async ownCall(callId: string, user: AuthUser): Promise<{ callId: string; receivedAt: Date; callerHash: string | null; callerMasked: string | null }> {
    if (!user.agentId) throw new DomainError('no_agent_id', 'callId: this account has no agent id, so it answers no calls: register a callback or walk-in instead', 'callId');
    const call = await this.prisma.call.findUnique({ where: { callId }, select: { callId: true, agentId: true, legs: true, answeredAt: true, offeredAt: true, callerId: true } });
    if (!call) throw new DomainError('unknown_call', `callId: no call "${callId}" in the ledger`, 'callId');
    if (call.answeredAt === null) throw new DomainError('not_answered', `callId: the call "${callId}" was not answered by an agent`, 'callId');
    const agents = new Set([call.agentId, ...(legsFromJson(call.legs) ?? []).map((l) => l.agentId)]);
    if (!agents.has(user.agentId)) throw new DomainError('not_your_call', `callId: the call "${callId}" was answered by another agent`, 'callId');
    const hash = isCallerHash(call.callerId) ? call.callerId : null;
    const caller = hash ? await this.callers.find(hash) : null;
    return { callId, receivedAt: call.answeredAt, callerHash: hash, callerMasked: caller?.masked ?? null };
  }

  /**
   * Opens the request's complaint in the complaints register (pending; channel from the request's, its call, the
   * author's agent id, content from summary and question; the caller's number for a request without a call, read
   * from the vault when not given) and finishes the request with the complaint's id.
   * @throws the complaints register's refusals (ComplaintsService.add), the request then unchanged.
   */
  private async finishWithComplaint(row: ServiceRequest, user: AuthUser, callerNumber: string | undefined): Promise<ServiceRequest> {
    let caller = callerNumber;
    if (caller === undefined && row.callId === null && row.callerHash) caller = await this.revealCaller(row.callerHash);
    const content = [row.summary, row.question].filter((t): t is string => !!t).join('\n').slice(0, COMPLAINT_CONTENT_MAX);
    const input: z.input<typeof ComplaintBody> = {
      receivedAt: row.receivedAt.toISOString(),
      channel: isChannel(row.channel) ? COMPLAINT_CHANNEL[row.channel] : 'other',
      content,
      ...(row.callId ? { callId: row.callId } : row.agentId ? { agentId: row.agentId } : {}),
      ...(caller ? { caller } : {}),
    };
    const complaint = await this.complaints.add(ComplaintBody.parse(input), user.id);
    return this.prisma.serviceRequest.update({ where: { id: row.id }, data: { complaintId: complaint.id, status: 'done', completedAt: row.completedAt ?? new Date() } });
  }

  /** The number behind a stored caller hash (to hand on to the complaints register, never shown), or undefined. */
  private async revealCaller(hash: string): Promise<string | undefined> {
    const found = await this.callers.find(hash);
    if (!found) return undefined;
    try {
      return this.vault.reveal(found.cipher, found.keyId);
    } catch (error) {
      if (error instanceof CallerVaultError) return undefined;
      throw error;
    }
  }

  /** Runs the writes of one request one after another. */
  private serialised<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.running.get(id) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.running.set(id, settled);
    void settled.then(() => {
      if (this.running.get(id) === settled) this.running.delete(id);
    });
    return run;
  }
}

const isChannel = (v: string): v is RequestChannel => (REQUEST_CHANNELS as readonly string[]).includes(v);

/**
 * Optimistic concurrency of a PATCH: the client's `expectedUpdatedAt` (absent: no check) against the row's `updatedAt`,
 * at millisecond precision. @throws DomainError 409 `stale` (field `expectedUpdatedAt`) when they differ.
 */
function assertFresh(updatedAt: Date, expected: string | undefined): void {
  if (expected === undefined || Date.parse(expected) === updatedAt.getTime()) return;
  throw new DomainError('stale', `expectedUpdatedAt: the request was changed at ${updatedAt.toISOString()} since you loaded it: reload it, then redo your change`, 'expectedUpdatedAt');
}

/** Empty text as null (an optional text cleared). */
function emptyToNull(text: string | null | undefined): string | null {
  return text === undefined || text === null || text === '' ? null : text;
}

/**
 * The rules of a request as it would stand after a write.
 * @throws DomainError 400 (field `outcome`) for a finished request without an outcome; 400 (field `referredTo`) for a
 *   referral without a department.
 */
function assertRules(s: RequestState): void {
  if (s.status === 'done' && s.outcome === null) throw new DomainError('invalid_request', 'outcome: a finished request needs an outcome', 'outcome');
  if (s.outcome === 'referred' && !s.referredTo) throw new DomainError('invalid_request', 'referredTo: name the department it is referred to', 'referredTo');
}
