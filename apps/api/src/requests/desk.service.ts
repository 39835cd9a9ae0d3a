import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DESK_REPEAT_WINDOW_MS, type DeskCall, type DeskPreviousRequest, type DeskState } from '@hotline/contracts';
import { businessTypeResolver, type BusinessTypeResolver } from '@hotline/kpi';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import { BusinessTypesService } from '../business-types/business-types.service.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { isCallerHash } from '../privacy/caller-vault.js';
import { CallerRepository } from '../privacy/caller.repository.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { DESK_MAX_TALK_MS, deskLeg, deskPhase } from './desk-phase.js';
import { RequestsRepository, maskedCaller, toView, type TypeNames } from './requests.repository.js';

/** Previous requests of a repeat caller shown on the desk, newest first. */
const REPEAT_REQUESTS_SHOWN = 10;

/** The signed-in user as the desk needs her: account id and agent id. */
export interface DeskUser {
  id: number;
  agentId: string | null;
}

/** The business-type resolver with the active codes of the tree it was built from. */
interface TypeSuggester {
  resolve: BusinessTypeResolver;
  active: ReadonlySet<string>;
}

/**
 * The agent desk (坐席工作台): the call the feed most recently reported answered by the user's agent id while it is
 * current (talking, in wrap-up, or ended a few minutes ago without a finished request; see desk-phase.ts), with the
 * caller masked, the caller's calls and requests of the 24 hours before it, the type the business-type tree's rules
 * suggest (libs/kpi businessTypeResolver), and the request registered on it; and the user's unfinished requests.
 * Times are the feed's clock (KpiEngineService.now: a replay's clock, the wall clock when live).
 */
@Injectable()
export class DeskService implements OnModuleDestroy {
  private suggester: Promise<TypeSuggester> | undefined;
  private readonly dropSuggester = () => {
    this.suggester = undefined;
  };

  constructor(
    private readonly prisma: PrismaService,
    private readonly engine: KpiEngineService,
    private readonly types: BusinessTypesRepository,
    private readonly typeChanges: BusinessTypesService,
    private readonly callers: CallerRepository,
    private readonly requests: RequestsRepository,
  ) {
    typeChanges.changes.on('change', this.dropSuggester);
  }

  onModuleDestroy(): void {
    this.typeChanges.changes.off('change', this.dropSuggester);
  }

  /** The desk of a user (an account without an agent id has no current call). */
  async state(user: DeskUser): Promise<DeskState> {
    const now = this.engine.now();
    const [current, unfinished] = await Promise.all([
      user.agentId ? this.currentCall(user.agentId, now) : Promise.resolve(null),
      this.prisma.serviceRequest.count({ where: { createdById: user.id, status: 'draft' } }),
    ]);
    return { agentId: user.agentId, current, unfinished, at: new Date(now).toISOString() };
  }

  /** The agent's current call at `now` (epoch ms), or null. */
  private async currentCall(agentId: string, now: number): Promise<DeskCall | null> {
    // Calls offered within the longest talk (and a long wait) before now: the index on offeredAt bounds the search.
    const since = new Date(now - DESK_MAX_TALK_MS - 3_600_000);
    const call = await this.prisma.call.findFirst({
      where: { offeredAt: { gte: since }, answeredAt: { not: null }, OR: [{ agentId }, { legs: { array_contains: [{ agentId }] } }] },
      orderBy: [{ answeredAt: 'desc' }, { callId: 'desc' }],
    });
    if (!call) return null;
    const leg = deskLeg(call, agentId);
    if (!leg) return null;
    const request = await this.prisma.serviceRequest.findFirst({ where: { callId: call.callId }, orderBy: { id: 'asc' } });
    const phase = deskPhase(leg, now, request?.status === 'done');
    if (!phase) return null;
    const hash = isCallerHash(call.callerId) ? call.callerId : null;
    // The tree's names are read once, for the previous requests and the current one.
    const names = this.requests.typeNames();
    const [caller, repeat, suggestion, requestView] = await Promise.all([
      hash ? this.callers.find(hash) : Promise.resolve(null),
      this.repeat(hash, call.callId, call.offeredAt, names),
      this.suggest({ category: call.category, queue: call.queue, ivrChoice: call.ivrChoice }),
      request ? names.then((n) => this.requests.view(request, n)) : Promise.resolve(null),
      names,
    ]);
    return {
      callId: call.callId,
      phase,
      offeredAt: call.offeredAt.toISOString(),
      answeredAt: new Date(leg.answeredAt).toISOString(),
      endedAt: leg.endedAt === null ? null : new Date(leg.endedAt).toISOString(),
      queue: call.queue,
      ivrChoice: call.ivrChoice,
      suggestedTypeCode: suggestion,
      caller: caller ? maskedCaller(caller.hash, caller.masked) : null,
      repeat,
      request: requestView,
    };
  }

  /** The caller's calls (this one excluded) and requests of the 24 h before `offeredAt` (`typeNames`: the tree's names). */
  private async repeat(hash: string | null, callId: string, offeredAt: Date, typeNames: Promise<(code: string) => TypeNames>): Promise<DeskCall['repeat']> {
    if (!hash) return { calls: 0, requests: [] };
    const from = new Date(offeredAt.getTime() - DESK_REPEAT_WINDOW_MS);
    const [calls, rows, names] = await Promise.all([
      this.prisma.call.count({ where: { callerId: hash, offeredAt: { gte: from, lt: offeredAt }, callId: { not: callId } } }),
      this.prisma.serviceRequest.findMany({
        where: { callerHash: hash, receivedAt: { gte: from, lte: offeredAt }, OR: [{ callId: null }, { callId: { not: callId } }] },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: REPEAT_REQUESTS_SHOWN,
      }),
      typeNames,
    ]);
    // Through toView, so the summary is masked as everywhere else (the author is not shown here).
    const requests = rows.map((r): DeskPreviousRequest => {
      const { id, summary, businessTypeCode, businessTypeNameZh, businessTypeNameEn, outcome, status, receivedAt } = toView(r, { userId: r.createdById, login: '', name: '' }, names(r.businessTypeCode));
      return { id, summary, businessTypeCode, businessTypeNameZh, businessTypeNameEn, outcome, status, receivedAt };
    });
    return { calls, requests };
  }

  /** The type the tree's rules give a call, when an active type other than the fallback. */
  private async suggest(evidence: { category: string | null; queue: string | null; ivrChoice: string | null }): Promise<string | null> {
    this.suggester ??= this.types.config().then((config) => ({
      resolve: businessTypeResolver(config, this.types.fallbackCode),
      active: new Set(config.types.filter((t) => t.active).map((t) => t.code)),
    }));
    const { resolve, active } = await this.suggester.catch((error: unknown) => {
      this.suggester = undefined;
      throw error;
    });
    const found = resolve(evidence);
    return found.via === 'fallback' || !active.has(found.code) ? null : found.code;
  }
}
