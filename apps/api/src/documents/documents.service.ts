import { Inject, Injectable } from '@nestjs/common';
import {
  COMPLAINT_CHANNEL_LABELS, ROLE_LABELS, TRAINING_TOPIC_LABELS, type DocumentFile, type ReportKind, type ReportView, type Role,
} from '@hotline/contracts';
import { dayKey, nextMonth, startOfMonth } from '@hotline/events';
import { DEFAULT_KPI_POLICY, KpiAggregator, addCounts, emptyCounts, summarize, type KpiCounts } from '@hotline/kpi';
import { TARGETS_PERCENT } from '@hotline/scoring';
import { Decimal } from 'decimal.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { QaService } from '../quality/qa.service.js';
import { SatisfactionService } from '../quality/satisfaction.service.js';
import { HotTopicsService } from '../hot-topics/hot-topics.service.js';
import { ComplaintsService } from '../registers/complaints.service.js';
import { IncidentsService } from '../registers/incidents.service.js';
import { ReportsService } from '../registers/reports.service.js';
import { StaffReportService } from '../registers/staff.service.js';
import { TrainingsService } from '../registers/trainings.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { renderInThread } from './documents-thread.js';
import { monthEvidence } from './dossier-evidence.js';
import type { DossierHotTopic, DossierQaAgent, DossierTrafficDay, DossierTrafficHour, MonthDossier } from './dossier.js';
import { DOCUMENT_TYPES } from './render/index.js';

/** A generated document: its bytes, media type and the file name it is offered under. */
export interface RenderedDocument {
  fileName: string;
  contentType: string;
  content: Buffer;
}

const INTERVAL_MS = 30 * 60_000;
/**
 * A character no subset of the shipped font has (an emoji or 𠮷 in a complaint's text) is printed as `[U+1F600]`:
 * the month's documents are always produced; nothing visible is silently dropped or drawn as a box. (Invisible format
 * characters such as U+200B or U+202E are dropped; Ω is drawn with the font's Ω: see render/noto-fonts.ts.)
 */
const PDF_OPTIONS = { onMissingGlyph: 'replace' } as const;
const HOT_TOPICS = 10;

/** Which files each report is sent as. */
const REPORT_FILES: Record<ReportKind, DocumentFile[]> = {
  operations: ['operations-report.docx', 'operations-report.pdf'],
  self_assessment: ['self-assessment.xlsx', 'self-assessment.pdf'],
};

/** Chinese file names the documents are saved under (`2026-03-月度运营报告.pdf`). */
const FILE_TITLES: Record<DocumentFile, string> = {
  'operations-report.docx': '月度运营报告.docx',
  'operations-report.pdf': '月度运营报告.pdf',
  'self-assessment.xlsx': '服务考核自评表.xlsx',
  'self-assessment.pdf': '服务考核自评表.pdf',
  'staff-report.xlsx': '人事基本情况.xlsx',
};

/**
 * The month's paperwork for the bureau (issue 11): assembles the {@link MonthDossier} from the ledger, the score and
 * the registers, and renders it with `./render` (operations report .docx/.pdf, self-assessment .xlsx/.pdf, staff report
 * .xlsx). Every figure comes from the same service the score API answers from, so the documents say what it says.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
    private readonly scoring: ScoringService,
    private readonly complaints: ComplaintsService,
    private readonly incidents: IncidentsService,
    private readonly trainings: TrainingsService,
    private readonly reports: ReportsService,
    private readonly staff: StaffReportService,
    private readonly satisfaction: SatisfactionService,
    private readonly qa: QaService,
    private readonly hotTopicsService: HotTopicsService,
  ) {}

  /** Traffic per local day and per hour of day from the ledger's calls of the month. */
  private async traffic(month: string): Promise<{ days: DossierTrafficDay[]; hours: DossierTrafficHour[] }> {
    const tz = this.config.HOTLINE_TIMEZONE;
    const from = startOfMonth(month, tz).getTime();
    const to = startOfMonth(nextMonth(month), tz).getTime();
    const aggregator = new KpiAggregator({ ...DEFAULT_KPI_POLICY, ...this.engine.policy });
    for (const call of await this.ledger.callsOfferedBetween(new Date(from), new Date(to))) aggregator.add(call);
    const byDay = new Map<string, KpiCounts>();
    const byHour = new Map<number, KpiCounts>();
    const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' });
    const add = <K>(map: Map<K, KpiCounts>, key: K, c: KpiCounts) => map.set(key, addCounts(map.get(key) ?? emptyCounts(), c));
    for (const start of aggregator.intervals(from, to)) {
      const c = aggregator.counts(start, start + INTERVAL_MS);
      add(byDay, dayKey(new Date(start), tz), c);
      add(byHour, Number(hourOf.format(new Date(start))), c);
    }
    const days = [...byDay.entries()]
      .filter(([, c]) => c.requests > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, c]) => ({
        day, requests: c.requests, agentAnswered: c.agentAnswered, ivrAnswered: c.ivrAnswered, abandoned: c.abandonedInQueue + c.abandonedInIvr, connectRatePercent: summarize(c).connectRate,
      }));
    const hours = Array.from({ length: 24 }, (_, hour) => {
      const c = byHour.get(hour);
      return { hour, requests: c?.requests ?? 0, agentAnswered: c?.agentAnswered ?? 0, connectRatePercent: c ? summarize(c).connectRate : null };
    });
    return { days, hours };
  }

  /**
   * The month's hot topics (top-level business types, largest first, with the change against the month before):
   * from the registered requests, or the calls typed by the tree's rules when none were registered (HotTopicsService.month).
   */
  private async hotTopics(month: string): Promise<{ topics: DossierHotTopic[]; basis: 'requests' | 'calls' }> {
    const m = await this.hotTopicsService.month(month);
    const topics = m.topics
      .slice(0, HOT_TOPICS)
      .map((t) => ({ businessType: t.nameZh, requests: t.count, sharePercent: t.sharePercent, previousRequests: t.previousCount, changePercent: t.changePercent }));
    return { topics, basis: m.basis };
  }

  /**
   * Everything the month's documents print, from the score API's own computation and the registers.
   * @param month - `YYYY-MM` (local).
   */
  async dossier(month: string): Promise<MonthDossier> {
    const [report, traffic, hotTopics, complaints, incidents, trainings, reports, staff, satisfaction, sample] = await Promise.all([
      this.scoring.month(month),
      this.traffic(month),
      this.hotTopics(month),
      this.complaints.list(month),
      this.incidents.list(month),
      this.trainings.list(month),
      this.reports.list(month),
      this.staff.report(month),
      this.satisfaction.view(month),
      this.qa.sample(month),
    ]);
    const score = report.score;
    const names = new Map((await this.prisma.user.findMany({ where: { agentId: { not: null } }, select: { agentId: true, displayName: true } })).map((u) => [u.agentId!, u.displayName]));
    const random = sample.calls.filter((c) => c.kind === 'random');
    const reviewedTotals = (calls: typeof sample.calls) => calls.filter((c) => c.review).map((c) => new Decimal(c.review!.total));
    const mean = (values: Decimal[]) => (values.length === 0 ? null : values.reduce((s, v) => s.plus(v), new Decimal(0)).div(values.length).toFixed(1, Decimal.ROUND_HALF_UP));
    const agents = [...new Set(random.map((c) => c.agentId))].sort();
    const byAgent: DossierQaAgent[] = agents.map((agentId) => {
      const calls = random.filter((c) => c.agentId === agentId);
      return { agentId, agentName: names.get(agentId) ?? agentId, sampled: calls.length, reviewed: calls.filter((c) => c.review).length, meanScore: mean(reviewedTotals(calls)) };
    });
    const justified = complaints.filter((c) => c.verdict === 'justified').length;
    const complaintsKnown = score.items.find((i) => i.item === 'complaints')?.pending === false;
    const figures = report.figures;
    const evidence = monthEvidence({ report, incidents, reports, satisfaction, complaints, justified, trainings, sample, random });
    const roleText = (roles: string[]) => roles.map((r) => ROLE_LABELS[r as Role]?.['zh-CN'] ?? r);
    return {
      month,
      generatedAt: new Date().toISOString(),
      hotline: this.config.HOTLINE_NAME,
      supplier: this.config.HOTLINE_SUPPLIER,
      provisional: score.provisional,
      score: {
        items: score.items.map((i) => ({
          item: i.item, nameZh: i.nameZh, max: i.max, points: i.points, pointsMin: i.pointsMin, pointsMax: i.pointsMax, pending: i.pending, bonus: i.bonus,
          deductions: i.deductions.map((d) => ({ code: d.code, count: d.count, points: d.points })),
        })),
        total: score.total,
        totalMin: score.totalMin,
        totalMax: score.totalMax,
        coefficient: score.coefficient,
        coefficientMin: score.coefficientMin,
        coefficientMax: score.coefficientMax,
      },
      kpis: {
        requests: Number(score.connect.counted),
        agentAnswered: Number(figures.agentAnswered ?? 0),
        ivrAnswered: Number(figures.ivrAnswered ?? 0),
        connectRatePercent: score.rates.connectRatePercent,
        // the score's rate only: an open register's running figure is not the month's satisfaction
        satisfactionPercent: score.rates.satisfactionPercent,
        surveyResponses: satisfaction.responses,
        surveyRatePercent: report.surveyRatePercent,
        complaintRatePercent: complaintsKnown ? score.rates.complaintRatePercent : null,
        justifiedComplaints: complaintsKnown ? justified : null,
        targets: { connect: TARGETS_PERCENT.connectRate, satisfaction: TARGETS_PERCENT.satisfaction, complaint: TARGETS_PERCENT.complaintRate },
      },
      trafficByDay: traffic.days,
      trafficByHour: traffic.hours,
      missingDays: report.missingDays,
      hotTopics: hotTopics.topics,
      hotTopicsBasis: hotTopics.basis,
      qa: {
        quota: sample.quota,
        sampled: random.length,
        reviewed: sample.reviewed,
        meanScore: mean(reviewedTotals(random)),
        errorsFound: sample.errorsFound,
        byAgent,
      },
      trainings: trainings.map((t) => ({ date: t.date, topic: TRAINING_TOPIC_LABELS[t.topic], trainer: t.trainer, durationMinutes: t.durationMinutes, attendees: t.attendees.length, status: t.status })),
      complaints: {
        received: complaints.length,
        justified,
        notJustified: complaints.filter((c) => c.verdict === 'not_justified').length,
        pending: complaints.filter((c) => c.verdict === 'pending').length,
        entries: complaints.map((c) => ({ receivedAt: c.receivedAt, channel: COMPLAINT_CHANNEL_LABELS[c.channel], summary: c.content.slice(0, 200), verdict: c.verdict })),
      },
      confidentiality: incidents.map((i) => ({ date: i.date, summary: i.description.slice(0, 200), consequences: i.consequences })),
      problems: reports.narrative.problems,
      improvements: reports.narrative.improvements,
      evidence,
      staff: {
        headcount: staff.headcount,
        joiners: staff.joiners.map((j) => ({ name: j.person.name, role: roleText(j.roles).join('、'), date: j.date })),
        leavers: staff.leavers.map((j) => ({ name: j.person.name, role: roleText(j.roles).join('、'), date: j.date })),
        people: staff.people
          .filter((p) => p.onBooks)
          .map((p) => ({ agentId: p.agentId, name: p.person.name, roles: roleText(p.roles), qualifications: [], since: p.since, trainingHours: p.trainingHours })),
      },
    };
  }

  /**
   * Renders one document of the month. The layout runs in a worker thread (documents-thread.ts): a month with
   * thousands of complaints makes a PDF of hundreds of pages, seconds of work that must not stall the API.
   * @param file - which document (DOCUMENT_FILES).
   * @returns its bytes, media type and file name (`1999-02-月度运营报告.pdf`).
   * @throws ThreadError when the renderer fails (answered as a 500).
   */
  async render(month: string, file: DocumentFile, dossier?: MonthDossier): Promise<RenderedDocument> {
    const d = dossier ?? (await this.dossier(month));
    const content = await renderInThread({ file, dossier: d, options: PDF_OPTIONS });
    const ext = file.slice(file.lastIndexOf('.') + 1) as keyof typeof DOCUMENT_TYPES;
    return { fileName: `${month}-${FILE_TITLES[file]}`, contentType: DOCUMENT_TYPES[ext], content };
  }

  /**
   * Submits a report to the bureau: renders its files from one dossier, freezes them (SHA-256, time, author) in the
   * reports register and answers the report's record (late when after its due instant).
   * @param correctionReason - required when the reports register of the month is confirmed (a correction).
   * @throws the refusals of ReportsService.assertSubmittable (409 `month_running`, month-state refusals), checked
   *   before anything is rendered.
   */
  async submit(month: string, kind: ReportKind, userId: number, correctionReason?: string): Promise<ReportView> {
    await this.reports.assertSubmittable(month, correctionReason);
    const dossier = await this.dossier(month);
    const files: RenderedDocument[] = [];
    for (const file of REPORT_FILES[kind]) files.push(await this.render(month, file, dossier));
    return this.reports.recordSubmission(month, kind, userId, files, correctionReason);
  }
}
