import { Inject, Injectable } from '@nestjs/common';
import type { Blocker, IncidentBody, IncidentView, PersonRef } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { assertEntryWindow } from '../common/entry-window.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { ConfidentialityIncident } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { MonthStateService, type RegisterSource } from './month-state.js';
import { PeopleService } from './people.js';
import { assertOpen, monthOfDay } from './register-common.js';

/**
 * The confidentiality register (保密事件): breaches of the confidentiality rules, with or without bad consequences
 * (contract.md 信息保密: -1 per breach, -5 with bad consequences). The month is the local month of the incident's day.
 */
@Injectable()
export class IncidentsService implements RegisterSource {
  readonly register = 'confidentiality' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly states: MonthStateService,
    private readonly people: PeopleService,
    private readonly ledger: LedgerRepository,
  ) {}

  /** Incidents of `month` (YYYY-MM) by day, oldest first. */
  async list(month: string): Promise<IncidentView[]> {
    const rows = await this.prisma.confidentialityIncident.findMany({ where: { month }, orderBy: [{ date: 'asc' }, { id: 'asc' }] });
    const person = await this.people.refs(rows.map((r) => r.createdById));
    return rows.map((r) => view(r, person));
  }

  /**
   * Records an incident.
   * @throws DomainError 400 (field `date`) for a day not on the calendar, 400 `in_future` / `out_of_window` (field
   *   `date`) outside the registers' window (common/entry-window assertEntryWindow: from the first day of the previous
   *   quarter to today, local); 400 `invalid_request` (field `consequenceDetail`) for a detail without consequences
   *   (the contract also refuses consequences without a detail); the refusals of
   *   {@link MonthStateService.assertWritable}.
   */
  async add(body: IncidentBody, userId: number, now = new Date()): Promise<IncidentView> {
    const month = monthOfDay(body.date);
    if (!body.consequences && body.consequenceDetail) {
      throw new DomainError('invalid_request', 'consequenceDetail: describe consequences only for an incident that had them', 'consequenceDetail');
    }
    assertEntryWindow('happened', 'date', body.date, await this.ledger.entryClock(now), this.config.HOTLINE_TIMEZONE);
    const correctionReason = await this.states.assertWritable('confidentiality', month, body.correctionReason);
    const row = await this.prisma.confidentialityIncident.create({
      data: { month, date: body.date, description: body.description, consequences: body.consequences, consequenceDetail: body.consequenceDetail || null, correctionReason, createdById: userId },
    });
    const after = view(row, await this.people.refs([userId]));
    auditNote({ after, target: `incident:${row.id}` });
    return after;
  }

  /**
   * Removes an incident recorded by mistake; only while its month is open.
   * @throws DomainError 404 (field `id`); 409 `month_not_open`.
   */
  async remove(id: number): Promise<void> {
    const before = await this.prisma.confidentialityIncident.findUnique({ where: { id } });
    if (!before) throw new DomainError('not_found', `no incident ${id}`, 'id');
    await assertOpen(this.states, 'confidentiality', before.month);
    await this.prisma.confidentialityIncident.delete({ where: { id } });
    auditNote({ before: view(before, await this.people.refs([before.createdById])), target: `incident:${id}` });
  }

  /**
   * `{ confidentialityBreaches, confidentialityBreachesWithConsequences }`: every incident of the month (those with
   * consequences included, as libs/scoring counts them), and those with bad consequences.
   */
  async figures(month: string): Promise<Record<string, number>> {
    const [all, withConsequences] = await Promise.all([
      this.prisma.confidentialityIncident.count({ where: { month } }),
      this.prisma.confidentialityIncident.count({ where: { month, consequences: true } }),
    ]);
    return { confidentialityBreaches: all, confidentialityBreachesWithConsequences: withConsequences };
  }

  /** Nothing keeps a confidentiality month from closing (no incident is a confirmed zero). */
  async blockers(_month: string): Promise<Blocker[]> {
    return [];
  }
}

function view(r: ConfidentialityIncident, person: (id: number) => PersonRef): IncidentView {
  return {
    id: r.id, month: r.month, date: r.date, description: r.description, consequences: r.consequences, consequenceDetail: r.consequenceDetail,
    correctionReason: r.correctionReason, createdBy: person(r.createdById), createdAt: r.createdAt.toISOString(),
  };
}
