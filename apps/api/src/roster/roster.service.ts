import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { ForecastReport } from '@hotline/forecast';
import {
  type FairnessLedger,
  type PreparedProblem,
  type Roster,
  type RosterProblem,
  type SolveProgress,
  RosterInputError,
  addDays,
  evaluateRoster,
  prepareProblem,
  rosterFromGrid,
  rosterToGrid,
} from '@hotline/roster';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { StaffingService } from '../staffing/staffing.service.js';
import type { CellEditBody, EvaluateBody, ListQuery, PlanBody, PlanJobPayload } from './roster.dto.js';
import { solveOf, summaryOf, versionListItem, versionResponse } from './roster.mapper.js';
import { RosterRepository, type VersionRow } from './roster.repository.js';
import { SolverThreadError, solveInThread } from './roster-solver.js';
import { gridToWorkbook, workbookToGrid } from './roster-xlsx.js';

/** Name of the planning queue. */
export const ROSTER_QUEUE = 'roster-planning';

/** What a finished planning job returns (its BullMQ return value). */
export interface PlanJobResult {
  versionId: number;
  status: string;
  connectRate: number;
  gap: number | null;
  violations: number;
}

/** Runs library code; its input errors become 400s naming the field. */
function domain<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RosterInputError) throw new DomainError('invalid_request', error.message, 400, error.field);
    throw error;
  }
}

/** Stable JSON (sorted keys): equal bodies give equal job ids. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Planning jobs, roster versions (draft / published), evaluation, notice-board xlsx. */
@Injectable()
export class RosterService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(ROSTER_QUEUE) private readonly queue: Queue,
    private readonly repository: RosterRepository,
    private readonly staffing: StaffingService,
  ) {}

  private target(): number {
    return this.config.HOTLINE_CONNECT_TARGET_PERCENT / 100;
  }

  /** The forecast of the plan: given, or from the ledger through the forecast of GET /api/forecast. */
  private async forecastOf(body: PlanBody): Promise<RosterProblem['forecast']> {
    const f = body.forecast;
    if (f.source === 'given') return { offered: f.offered, ivrAnswered: f.ivrAnswered, ahtSeconds: f.ahtSeconds, patienceSeconds: f.patienceSeconds };
    const report: ForecastReport = await this.staffing.forecast({ from: body.startDate, weeks: Math.ceil(body.days / 7), historyWeeks: f.historyWeeks, method: 'auto', calendar: 'cn' });
    if (!report.inputs) throw new DomainError('insufficient_history', 'the forecast has no AHT (no answered call in the history)', 422, 'forecast');
    const intervals = report.intervals.filter((i) => i.day >= body.startDate && i.day < addDays(body.startDate, body.days));
    if (intervals.length !== body.days * 48) throw new DomainError('insufficient_history', `the forecast covers ${intervals.length} of the ${body.days * 48} intervals`, 422, 'forecast');
    return {
      offered: intervals.map((i) => i.agentArrivals ?? i.arrivals),
      ivrAnswered: intervals.map((i) => i.arrivals * (i.ivrAnsweredShare ?? 0)),
      ahtSeconds: intervals.map((i) => i.ahtSeconds ?? (report.inputs as NonNullable<ForecastReport['inputs']>).ahtSeconds),
      patienceSeconds: report.inputs.patienceSeconds,
    };
  }

  /** The fairness ledger the plan starts from. */
  private async ledgerOf(body: PlanBody): Promise<FairnessLedger | undefined> {
    if (body.ledger === null) return undefined;
    if (body.ledger !== 'auto') return body.ledger as FairnessLedger;
    const candidates = await this.repository.publishedBefore(body.startDate);
    const previous = candidates.find((c) => c.ledgerAfter !== null && addDays(c.roster.startDate, c.roster.days) === body.startDate);
    return previous ? (previous.ledgerAfter as unknown as FairnessLedger) : undefined;
  }

  /**
   * Starts (or finds) the planning job of a request. The job id is a hash of the problem and time limit, so the
   * same request posted twice runs once.
   */
  async startPlan(body: PlanBody): Promise<{ jobId: string; state: string }> {
    const limit = Math.min(body.timeLimitSeconds ?? this.config.HOTLINE_ROSTER_TIME_LIMIT_SECONDS, this.config.HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS);
    const { name, timeLimitSeconds: _limit, forecast: _forecast, ledger: _ledger, ...rest } = body;
    const problem: RosterProblem = { ...rest, targetConnectRate: body.targetConnectRate ?? this.target(), forecast: await this.forecastOf(body) };
    const ledger = await this.ledgerOf(body);
    if (ledger) problem.ledger = ledger;
    domain(() => prepareProblem(problem));
    const payload: PlanJobPayload = { name, problem: problem as unknown as PlanJobPayload['problem'], timeLimitSeconds: limit };
    const jobId = `plan-${createHash('sha256').update(canonical(payload)).digest('hex').slice(0, 32)}`;
    const job = await this.queue.add('plan', payload, { jobId, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 7 * 86_400 } });
    return { jobId, state: await job.getState() };
  }

  /** State, progress and result of a planning job. */
  async job(jobId: string) {
    const job = await this.queue.getJob(jobId);
    if (!job) throw new DomainError('not_found', `no planning job ${jobId}`, 404, 'jobId');
    const state = await job.getState();
    return {
      jobId,
      state,
      progress: typeof job.progress === 'object' ? job.progress : null,
      result: (job.returnvalue as PlanJobResult | null) ?? null,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }

  /**
   * The work of a planning job: solve in a worker thread and store the draft. Idempotent: a job whose version is
   * already stored (a retry after a crash between the write and the acknowledgement) returns it.
   */
  async runPlan(jobId: string, payload: PlanJobPayload, progress: (p: SolveProgress) => Promise<void>): Promise<PlanJobResult> {
    const existing = await this.repository.versionByJob(jobId);
    if (existing) return this.jobResult(existing);
    const problem = payload.problem as unknown as RosterProblem;
    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    const report = await solveInThread(problem, payload.timeLimitSeconds, (p) => {
      const now = Date.now();
      if (now - last < 500 && p.phase === 'search') return;
      last = now;
      pending = pending.then(() => progress(p)).catch(() => undefined);
    }).catch((error: unknown) => {
      if (error instanceof SolverThreadError && error.name === 'RosterInputError') throw new Error(`invalid problem: ${error.message}`);
      throw error;
    });
    await pending;
    const row = await this.repository.createVersion({
      name: payload.name,
      startDate: problem.startDate,
      days: problem.days,
      source: 'plan',
      jobId,
      problem,
      content: report.roster,
      summary: summaryOf(report.evaluation),
      solve: solveOf(report),
    });
    return this.jobResult(row);
  }

  private jobResult(row: VersionRow): PlanJobResult {
    const summary = row.summary as unknown as ReturnType<typeof summaryOf>;
    const solve = row.solve as { status?: string; gap?: number | null } | null;
    return { versionId: row.id, status: solve?.status ?? row.status, connectRate: summary.connectRate, gap: solve?.gap ?? null, violations: summary.violations };
  }

  private async row(id: number): Promise<VersionRow> {
    const row = await this.repository.version(id);
    if (!row) throw new DomainError('not_found', `no roster version ${id}`, 404, 'id');
    return row;
  }

  private prepared(row: VersionRow): PreparedProblem {
    return domain(() => prepareProblem(row.problem as unknown as RosterProblem));
  }

  async list(q: ListQuery) {
    return (await this.repository.list(q)).map(versionListItem);
  }

  async get(id: number) {
    return versionResponse(await this.row(id));
  }

  /** Edits one cell of a draft; the summary is re-evaluated. 409 on a published version or a stale revision. */
  async editCell(id: number, edit: CellEditBody) {
    const row = await this.row(id);
    if (row.status !== 'draft') throw new DomainError('not_draft', `version ${id} is ${row.status}: copy it to a new draft to edit`, 409, 'id');
    if (edit.revision !== undefined && edit.revision !== row.revision) throw new DomainError('stale_revision', `version ${id} is at revision ${row.revision}, the edit was made on ${edit.revision}`, 409, 'revision');
    const p = this.prepared(row);
    const roster = structuredClone(row.content as unknown as Roster);
    const r = roster.rows.find((x) => x.agentId === edit.agentId);
    if (!r) throw new DomainError('invalid_request', `agentId ${edit.agentId} is not in the roster`, 400, 'agentId');
    const d = p.dates.indexOf(edit.date);
    if (d < 0 || d >= p.days) throw new DomainError('invalid_request', `date ${edit.date} is outside the period`, 400, 'date');
    if (edit.code !== null && !p.shiftIndex.has(edit.code)) throw new DomainError('invalid_request', `code ${edit.code} is not a shift template (${[...p.shiftIndex.keys()].slice(0, 6).join(', ')}, ...)`, 400, 'code');
    r.cells[d] = edit.code;
    const evaluation = domain(() => evaluateRoster(p, roster));
    const updated = await this.repository.updateDraft(id, row.revision, roster, summaryOf(evaluation));
    if (!updated) throw new DomainError('stale_revision', `version ${id} changed while editing: reload it`, 409, 'revision');
    return versionResponse(updated);
  }

  /** Publishes a draft (the roster's previous published version is superseded) and stores its fairness ledger. */
  async publish(id: number) {
    const row = await this.row(id);
    if (row.status !== 'draft') throw new DomainError('not_draft', `version ${id} is already ${row.status}`, 409, 'id');
    const evaluation = domain(() => evaluateRoster(this.prepared(row), row.content as unknown as Roster));
    const published = await this.repository.publish(id, evaluation.ledger);
    if (!published) throw new DomainError('not_draft', `version ${id} was published or changed meanwhile`, 409, 'id');
    return versionResponse(published);
  }

  /** A new draft with the same problem and cells (to edit a published version). */
  async copy(id: number) {
    const row = await this.row(id);
    const created = await this.repository.createVersion({ name: row.roster.name, startDate: row.roster.startDate, days: row.roster.days, source: 'copy', basedOnId: id, problem: row.problem, content: row.content, summary: row.summary });
    return versionResponse(created);
  }

  /** The full evaluation: per interval, day and period, intervals at risk, every broken rule, hours, pay, fairness. */
  async evaluate(body: EvaluateBody) {
    if ('versionId' in body) {
      const row = await this.row(body.versionId);
      return domain(() => evaluateRoster(this.prepared(row), row.content as unknown as Roster));
    }
    return domain(() => evaluateRoster(body.problem as unknown as RosterProblem, body.roster as Roster));
  }

  /** The notice-board workbook of a version. */
  async exportXlsx(id: number): Promise<{ bytes: Buffer; filename: string }> {
    const row = await this.row(id);
    const grid = rosterToGrid(this.prepared(row), row.content as unknown as Roster);
    return { bytes: await gridToWorkbook(grid), filename: `roster-${row.roster.startDate}-v${row.version}.xlsx` };
  }

  /** A new draft from an edited workbook of a version (same problem). 400 naming the cell on a bad code. */
  async importXlsx(id: number, bytes: Buffer | undefined) {
    const row = await this.row(id);
    if (!bytes || bytes.length === 0) throw new DomainError('invalid_request', 'the body must be an .xlsx workbook', 400, 'body');
    let grid;
    try {
      grid = await workbookToGrid(bytes);
    } catch {
      throw new DomainError('invalid_request', 'the body is not an .xlsx workbook', 400, 'body');
    }
    const p = this.prepared(row);
    const roster = domain(() => rosterFromGrid(p, grid));
    const evaluation = domain(() => evaluateRoster(p, roster));
    const created = await this.repository.createVersion({ name: row.roster.name, startDate: row.roster.startDate, days: row.roster.days, source: 'import', basedOnId: id, problem: row.problem, content: roster, summary: summaryOf(evaluation) });
    return versionResponse(created);
  }
}
