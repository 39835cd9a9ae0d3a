import { Injectable } from '@nestjs/common';
import {
  REQUEST_CHANNELS, REQUEST_OUTCOMES, REQUEST_STATUSES, maskIdentifier, maskPhoneNumbers, type MaskedCaller, type RequestChannel, type RequestOutcome, type RequestStatus,
  type ServiceRequestView,
} from '@hotline/contracts';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import type { Prisma, ServiceRequest } from '../generated/prisma/client.js';
import { callerRef } from '../privacy/caller-vault.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { PeopleService } from '../registers/people.js';

const isChannel = (v: string): v is RequestChannel => (REQUEST_CHANNELS as readonly string[]).includes(v);
const isOutcome = (v: string): v is RequestOutcome => (REQUEST_OUTCOMES as readonly string[]).includes(v);
const isStatus = (v: string): v is RequestStatus => (REQUEST_STATUSES as readonly string[]).includes(v);

/** A type's names as a request shows them: its parent's code and its names now (its code when removed since). */
export interface TypeNames {
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
}

/** Filters of a request list (the contract's query, the author for `mine`). */
export interface RequestFilter {
  day?: string;
  month?: string;
  status?: RequestStatus;
  outcome?: RequestOutcome;
  businessTypeCode?: string;
  agentId?: string;
  createdById?: number;
}

/** The masked caller of a stored hash and masked form: `{ masked, ref }`, null without a (valid) hash. */
export function maskedCaller(hash: string | null, masked: string | null): MaskedCaller | null {
  const ref = callerRef(hash);
  return ref === null ? null : { masked: masked ?? '', ref };
}

/**
 * The ServiceRequest table as people see it: rows to {@link ServiceRequestView} (author as a PersonRef, the type's
 * names from the tree now, the caller masked), and the filters of the lists.
 */
@Injectable()
export class RequestsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly types: BusinessTypesRepository,
    private readonly people: PeopleService,
  ) {}

  /** Every type of the tree by code, with its parent's code and names. */
  async typeNames(): Promise<(code: string) => TypeNames> {
    const all = await this.types.types();
    const byCode = new Map(all.map((t) => [t.code, { parentCode: t.parentCode, nameZh: t.nameZh, nameEn: t.nameEn }]));
    return (code) => byCode.get(code) ?? { parentCode: null, nameZh: code, nameEn: code };
  }

  /** Rows as views (one query for the authors, one for the tree unless the caller read it already: `names`). */
  async views(rows: readonly ServiceRequest[], names?: (code: string) => TypeNames): Promise<ServiceRequestView[]> {
    if (rows.length === 0) return [];
    const [person, typeName] = await Promise.all([this.people.refs(rows.map((r) => r.createdById)), names ?? this.typeNames()]);
    return rows.map((r) => toView(r, person(r.createdById), typeName(r.businessTypeCode)));
  }

  /** One row as a view (`names` as in {@link views}). */
  async view(row: ServiceRequest, names?: (code: string) => TypeNames): Promise<ServiceRequestView> {
    return (await this.views([row], names))[0];
  }

  /**
   * The Prisma filter of a list: day, month (the local days `YYYY-MM-..`), status, outcome, agent, author, and a
   * business type with its second-level types when it is a top-level one.
   */
  async where(f: RequestFilter): Promise<Prisma.ServiceRequestWhereInput> {
    let codes: string[] | undefined;
    if (f.businessTypeCode !== undefined) {
      const children = await this.prisma.businessType.findMany({ where: { parent: { code: f.businessTypeCode } }, select: { code: true } });
      codes = [f.businessTypeCode, ...children.map((c) => c.code)];
    }
    return {
      ...(f.day !== undefined ? { day: f.day } : {}),
      ...(f.month !== undefined ? { day: { startsWith: `${f.month}-` } } : {}),
      ...(f.status !== undefined ? { status: f.status } : {}),
      ...(f.outcome !== undefined ? { outcome: f.outcome } : {}),
      ...(f.agentId !== undefined ? { agentId: f.agentId } : {}),
      ...(f.createdById !== undefined ? { createdById: f.createdById } : {}),
      ...(codes !== undefined ? { businessTypeCode: { in: codes } } : {}),
    };
  }
}

/** A row as the contract's view (caller masked: `{ masked, ref }` only). */
export function toView(r: ServiceRequest, author: ServiceRequestView['author'], type: TypeNames): ServiceRequestView {
  return {
    id: r.id,
    channel: isChannel(r.channel) ? r.channel : 'other',
    callId: r.callId,
    agentId: r.agentId,
    author,
    businessTypeCode: r.businessTypeCode,
    businessTypeParentCode: type.parentCode,
    businessTypeNameZh: type.nameZh,
    businessTypeNameEn: type.nameEn,
    // Masked on entry (freeText); masked again here for rows stored before the detector knew every written form.
    summary: maskPhoneNumbers(r.summary),
    question: r.question === null ? null : maskPhoneNumbers(r.question),
    outcome: r.outcome !== null && isOutcome(r.outcome) ? r.outcome : null,
    referredTo: r.referredTo,
    // Refused when phone-like (ServiceRequestBody); one stored before that rule is shown masked.
    workOrderNo: maskIdentifier(r.workOrderNo),
    complaintId: r.complaintId,
    caller: maskedCaller(r.callerHash, r.callerMasked),
    status: isStatus(r.status) ? r.status : 'draft',
    receivedAt: r.receivedAt.toISOString(),
    day: r.day,
    completedAt: r.completedAt?.toISOString() ?? null,
    articleIds: r.articleIds,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
