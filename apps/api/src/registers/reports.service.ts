import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REPORT_KINDS, type Blocker, type NarrativeBody, type ReportFindingsBody, type ReportKind, type ReportsView, type ReportView } from '@hotline/contracts';
import { nextMonth, startOfDay, startOfMonth } from '@hotline/events';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { MonthStateService, type RegisterSource } from './month-state.js';
import { PeopleService } from './people.js';
import { assertMonthOver } from './register-common.js';

/** A document to freeze with a submission: its name, type and bytes. */
export interface SubmittedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** A frozen document as stored: the bytes exactly as sent, their SHA-256 (hex), when and by whom, and its report. */
export interface StoredDocumentFile extends SubmittedFile {
  id: number;
  month: string;
  kind: ReportKind;
  sha256: string;
  createdAt: Date;
  createdById: number;
}

const isKind = (v: string): v is ReportKind => (REPORT_KINDS as readonly string[]).includes(v);

/**
 * The reports register (信息反馈与汇报): the monthly operations report (月度运营报告) and self-assessment form
 * (服务考核自评表) the supplier hands the bureau — due (default: the end of the 5th day of the next month, local),
 * submitted (the first submission counts for lateness; later versions are kept and listed), and the bureau's
 * findings (content missing -0.5 each, untruthful self-assessment -2 each; contract.md 信息反馈与汇报). Rows are made
 * on first use. Also the manager's narrative of the operations report (problems found, improvements).
 */
@Injectable()
export class ReportsService implements RegisterSource {
  readonly register = 'reports' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly states: MonthStateService,
    private readonly people: PeopleService,
  ) {}

  /** The default due instant of `month`'s reports: local midnight starting the 6th of the next month (the end of the 5th). */
  defaultDue(month: string): Date {
    return startOfDay(`${nextMonth(month)}-06`, this.config.HOTLINE_TIMEZONE);
  }

  /** Both reports of `month` (operations, then self-assessment) and the manager's narrative. */
  async list(month: string, now = new Date()): Promise<ReportsView> {
    const [reports, narrative] = await Promise.all([this.views(month, now), this.prisma.monthNarrative.findUnique({ where: { month } })]);
    return { month, reports, narrative: { problems: narrative?.problems ?? '', improvements: narrative?.improvements ?? '' } };
  }

  /** One report of `month`. */
  async report(month: string, kind: ReportKind, now = new Date()): Promise<ReportView> {
    return (await this.views(month, now)).find((r) => r.kind === kind)!;
  }

  /**
   * The bureau sets when a report is due: in an open or closed month as it is (the bureau's own entry on what the
   * supplier closed), in a confirmed month as a correction with the bureau's reason (the month goes back to closed
   * until the bureau confirms it again). Not before the month's start (the contract bounds it by 2100).
   * @throws DomainError 400 `due_before_month` (field `dueAt`); the refusals of
   *   {@link MonthStateService.assertWritableIn} (`closedTakes`).
   */
  async setDue(month: string, kind: ReportKind, dueAt: Date, correctionReason?: string): Promise<ReportView> {
    const start = startOfMonth(month, this.config.HOTLINE_TIMEZONE);
    if (dueAt.getTime() < start.getTime()) {
      throw new DomainError('due_before_month', `dueAt: a report of ${month} cannot be due before the month starts (${start.toISOString()})`, 'dueAt');
    }
    const before = await this.report(month, kind);
    const reason = await this.states.assertWritableIn('reports', [month], correctionReason, { closedTakes: true });
    await this.prisma.reportRecord.update({ where: { month_kind: { month, kind } }, data: { dueAt } });
    const after = await this.report(month, kind);
    auditNote({ before, after: { ...after, correctionReason: reason }, target: `report:${month}:${kind}` });
    return after;
  }

  /**
   * The bureau's findings on a report: content missing (operations report) and untruthful statements
   * (self-assessment), with a note. Taken while the month is open or closed (the bureau reviews what the supplier
   * closed); in a confirmed month only as a correction (`correctionReason`).
   * @throws DomainError 400 `invalid_request` naming `untruthful` (on the operations report) or `itemsMissing` (on the
   *   self-assessment); 409 `not_submitted` (field `kind`) for a report not submitted yet (there is nothing to find
   *   fault with); the refusals of {@link MonthStateService.assertWritableIn} (`closedTakes`).
   */
  async addFindings(month: string, kind: ReportKind, body: ReportFindingsBody, userId: number): Promise<ReportView> {
    if (kind === 'operations' && body.untruthful > 0) throw new DomainError('invalid_request', 'untruthful: counts only on the self-assessment form', 'untruthful');
    if (kind === 'self_assessment' && body.itemsMissing > 0) throw new DomainError('invalid_request', 'itemsMissing: counts only on the operations report', 'itemsMissing');
    const before = await this.report(month, kind);
    if (!before.submitted) throw new DomainError('not_submitted', `the ${kind} report of ${month} is not submitted: findings are recorded on a submitted report`, 'kind');
    const correctionReason = await this.states.assertWritableIn('reports', [month], body.correctionReason, { closedTakes: true });
    const record = await this.prisma.reportRecord.findUniqueOrThrow({ where: { month_kind: { month, kind } }, select: { id: true } });
    await this.prisma.reportFinding.create({ data: { reportId: record.id, itemsMissing: body.itemsMissing, untruthful: body.untruthful, note: body.note, correctionReason, createdById: userId } });
    const after = await this.report(month, kind);
    auditNote({ before, after, target: `report:${month}:${kind}` });
    return after;
  }

  /**
   * The manager's text of the operations report (problems found, improvements), while the reports month takes entries
   * — in a confirmed month as a correction (`correctionReason`, kept in the audit trail with the change).
   * @throws the refusals of {@link MonthStateService.assertWritable} (a closed month is reopened first).
   */
  async putNarrative(month: string, body: NarrativeBody, userId: number): Promise<ReportsView> {
    const correctionReason = await this.states.assertWritable('reports', month, body.correctionReason);
    const before = await this.prisma.monthNarrative.findUnique({ where: { month }, select: { problems: true, improvements: true } });
    await this.prisma.monthNarrative.upsert({
      where: { month },
      create: { month, problems: body.problems, improvements: body.improvements, updatedById: userId },
      update: { problems: body.problems, improvements: body.improvements, updatedById: userId },
    });
    const after = await this.list(month);
    auditNote({ before, after: { ...after.narrative, correctionReason }, target: `narrative:${month}` });
    return after;
  }

  /**
   * Checks, before the documents are rendered, that a report of `month` may be submitted now (nothing changes):
   * the month is over and the reports month takes the entry.
   * @throws the refusals of {@link recordSubmission}.
   */
  async assertSubmittable(month: string, correctionReason?: string, now = new Date()): Promise<void> {
    assertMonthOver(month, now, this.config.HOTLINE_TIMEZONE, 'the reports of');
    await this.states.assertWritableIn('reports', [month], correctionReason, { dryRun: true });
  }

  /**
   * Records a submission of a report to the bureau: the documents are frozen (bytes, SHA-256) as a new version; the
   * report's submitted time and submitter are set by the FIRST submission (it decides lateness), later ones only add
   * versions. Only once the month is over (a report covers the whole month) and while the reports month takes
   * entries (open; confirmed: as a correction with `correctionReason`, kept in the audit trail).
   * @param documents - the files sent, at least one.
   * @returns the report after, with every version's documents.
   * @throws DomainError 409 `month_running` (field `month`) before the month's end; 400 `invalid_request` (field
   *   `documents`) without a document; the refusals of {@link MonthStateService.assertWritable} (a closed month is
   *   reopened first; a confirmed one takes a correction only).
   */
  async recordSubmission(month: string, kind: ReportKind, userId: number, documents: readonly SubmittedFile[], correctionReason?: string): Promise<ReportView> {
    const now = new Date();
    assertMonthOver(month, now, this.config.HOTLINE_TIMEZONE, 'the reports of');
    if (documents.length === 0) throw new DomainError('invalid_request', 'documents: a submission sends at least one document', 'documents');
    const reason = await this.states.assertWritable('reports', month, correctionReason);
    const before = await this.report(month, kind);
    await this.prisma.$transaction(async (tx) => {
      const record = await tx.reportRecord.findUniqueOrThrow({ where: { month_kind: { month, kind } }, select: { id: true, submittedAt: true } });
      for (const d of documents) {
        await tx.storedDocument.create({
          data: { reportId: record.id, fileName: d.fileName, contentType: d.contentType, sha256: createHash('sha256').update(d.content).digest('hex'), content: new Uint8Array(d.content), createdById: userId },
        });
      }
      // The first submission counts; a concurrent one cannot overwrite it (conditional update).
      await tx.reportRecord.updateMany({ where: { id: record.id, submittedAt: null }, data: { submittedAt: now, submittedById: userId } });
    });
    const after = await this.report(month, kind);
    auditNote({ before, after: { ...after, correctionReason: reason }, target: `report:${month}:${kind}` });
    return after;
  }

  /** A submitted document exactly as it was sent. @throws DomainError 404 `not_found` (field `id`). */
  async documentOf(id: number): Promise<StoredDocumentFile> {
    const d = await this.prisma.storedDocument.findUnique({ where: { id }, include: { report: { select: { month: true, kind: true } } } });
    if (!d || !isKind(d.report.kind)) throw new DomainError('not_found', `no submitted document ${id}`, 'id');
    return {
      id: d.id, month: d.report.month, kind: d.report.kind, fileName: d.fileName, contentType: d.contentType, content: Buffer.from(d.content), sha256: d.sha256,
      createdAt: d.createdAt, createdById: d.createdById,
    };
  }

  /**
   * `{ reportsLate, reportItemsMissing, selfAssessmentLate, selfAssessmentUntruthful }` as they stand at `now`: the
   * operations report late (0 or 1), its content missing (sum of findings), the self-assessment late (0 or 1), its
   * untruthful statements (sum of findings).
   */
  async figures(month: string, now = new Date()): Promise<Record<string, number>> {
    const reports = await this.views(month, now);
    const ops = reports.find((r) => r.kind === 'operations')!;
    const self = reports.find((r) => r.kind === 'self_assessment')!;
    return { reportsLate: ops.late ? 1 : 0, reportItemsMissing: ops.itemsMissing, selfAssessmentLate: self.late ? 1 : 0, selfAssessmentUntruthful: self.untruthful };
  }

  /** Nothing keeps a reports month from closing (a report not submitted is late, and counts so). */
  async blockers(_month: string): Promise<Blocker[]> {
    return [];
  }

  /** Both reports of `month`, rows made on first use. */
  private async views(month: string, now: Date): Promise<ReportView[]> {
    await this.prisma.reportRecord.createMany({ data: REPORT_KINDS.map((kind) => ({ month, kind })), skipDuplicates: true });
    const records = await this.prisma.reportRecord.findMany({
      where: { month },
      include: { findings: { orderBy: { id: 'asc' } }, documents: { orderBy: { id: 'asc' }, select: { id: true, fileName: true, contentType: true, sha256: true } } },
    });
    const ids = records.flatMap((r) => r.documents.map((d) => d.id));
    const sizes = ids.length ? await this.prisma.$queryRaw<{ id: number; bytes: number }[]>`SELECT id, octet_length(content)::int AS bytes FROM "StoredDocument" WHERE id = ANY(${ids})` : [];
    const size = new Map(sizes.map((s) => [s.id, s.bytes]));
    const person = await this.people.refs(records.flatMap((r) => [r.submittedById, ...r.findings.map((f) => f.createdById)]));
    return REPORT_KINDS.map((kind) => {
      const r = records.find((x) => x.kind === kind)!;
      const dueAt = r.dueAt ?? this.defaultDue(month);
      const late = r.submittedAt ? r.submittedAt.getTime() > dueAt.getTime() : now.getTime() > dueAt.getTime();
      return {
        month,
        kind,
        dueAt: dueAt.toISOString(),
        submitted: r.submittedAt && r.submittedById !== null ? { by: person(r.submittedById), at: r.submittedAt.toISOString() } : null,
        late,
        documents: r.documents.map((d) => ({ ...d, bytes: size.get(d.id) ?? 0 })),
        itemsMissing: r.findings.reduce((s, f) => s + f.itemsMissing, 0),
        untruthful: r.findings.reduce((s, f) => s + f.untruthful, 0),
        findings: r.findings.map((f) => ({
          itemsMissing: f.itemsMissing, untruthful: f.untruthful, note: f.note, by: person(f.createdById), at: f.createdAt.toISOString(), correctionReason: f.correctionReason,
        })),
      };
    });
  }
}
