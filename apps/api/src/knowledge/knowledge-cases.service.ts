import { Injectable } from '@nestjs/common';
import type { KnowledgeCaseBody, KnowledgeCaseQuery, KnowledgeCaseView } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { PeopleService } from '../registers/people.js';
import { caseView } from './knowledge-views.js';
import { KnowledgeService } from './knowledge.service.js';

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * The case base (案例库): a finished request (ServiceRequest, read only here) promoted with its recording reference
 * and the lesson learned. The request's type, summary, question, outcome, call id, agent id and time are copied when
 * promoted (the case keeps what was learned even if the request is corrected later); its caller fields (hash, masked
 * number) are never read, so no case carries caller data.
 */
@Injectable()
export class KnowledgeCasesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly people: PeopleService,
    private readonly articles: KnowledgeService,
  ) {}

  /**
   * Promotes a request. @throws DomainError 404 `not_found` (field `requestId`); 409 `request_not_done` (field
   * `requestId`) while the request is a draft; 409 `already_a_case` (field `requestId`).
   */
  async create(body: KnowledgeCaseBody, user: AuthUser): Promise<KnowledgeCaseView> {
    const request = await this.prisma.serviceRequest.findUnique({
      where: { id: body.requestId },
      select: { id: true, status: true, businessTypeCode: true, summary: true, question: true, outcome: true, callId: true, agentId: true, receivedAt: true },
    });
    if (!request) throw new DomainError('not_found', `no request ${body.requestId}`, 'requestId');
    if (request.status !== 'done') throw new DomainError('request_not_done', `request ${body.requestId} is not finished yet: finish it first`, 'requestId');
    const duplicate = () => new DomainError('already_a_case', `request ${body.requestId} is a case already`, 'requestId');
    if (await this.prisma.knowledgeCase.findUnique({ where: { requestId: body.requestId }, select: { id: true } })) throw duplicate();
    try {
      const row = await this.prisma.knowledgeCase.create({
        data: {
          requestId: request.id, title: body.title, recordingRef: body.recordingRef || null, lesson: body.lesson, businessTypeCode: request.businessTypeCode,
          summary: request.summary, question: request.question, outcome: request.outcome, callId: request.callId, agentId: request.agentId,
          receivedAt: request.receivedAt, createdById: user.id,
        },
      });
      const after = caseView(row, await this.people.refs([row.createdById]));
      auditNote({ after, target: `knowledgeCase:${row.id}` });
      return after;
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  /** Cases, newest first: of a type and its children, and/or holding `q` in the title, summary, question or lesson. */
  async list(query: KnowledgeCaseQuery): Promise<KnowledgeCaseView[]> {
    const where: Prisma.KnowledgeCaseWhereInput = {};
    if (query.businessTypeCode !== undefined) where.businessTypeCode = { in: await this.articles.typeAndChildren(query.businessTypeCode) };
    const q = query.q?.trim();
    if (q) {
      // Taken literally: Prisma's `contains` passes LIKE's `%` and `_` through as wildcards.
      const contains = { contains: q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const };
      where.OR = [{ title: contains }, { summary: contains }, { question: contains }, { lesson: contains }];
    }
    const rows = await this.prisma.knowledgeCase.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 500 });
    const person = await this.people.refs(rows.map((r) => r.createdById));
    return rows.map((r) => caseView(r, person));
  }
}
