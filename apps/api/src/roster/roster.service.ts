import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  LedgerBody,
  type CancelledJob,
  type ImproveState,
  PlanJobResult,
  PlanProgress,
  ProblemBody,
  RosterBody,
  RosterSummary,
  SolveSummary,
  type CellEditBody,
  type EvaluateBody,
  type ListQuery,
  type PlanBody,
  type PlanJobPayload,
  type PlanStarted,
  type PublishBody,
  type RosterEvaluation,
  type RosterJob,
  type StoppingJob,
  type VersionDetail,
  type VersionListItem,
} from '@hotline/contracts';
import { addDays } from '@hotline/events';
import type { ForecastReport } from '@hotline/forecast';
import {
  type FairnessLedger,
  type PreparedProblem,
  type Roster,
  type RosterProblem,
  type SolveProgress as LibSolveProgress,
  type SolveReport,
  evaluateRoster,
  prepareProblem,
  rosterFromGrid,
  rosterToGrid,
  summarizeEvaluation,
} from '@hotline/roster';
import { auditNote } from '../audit/audit.service.js';
import { DomainError, domain as runDomain } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { StaffingService } from '../staffing/staffing.service.js';
import { solveOf, stored, versionListItem, versionResponse } from './roster.mapper.js';
import { RosterRepository, type VersionRow } from './roster.repository.js';
import { RosterControl } from './roster-control.js';
import { ThreadError } from './in-thread.js';
import { type DraftVersion, type ImproveSettings, type SolverEvent, solveInThread, stopFlag } from './roster-solver.js';
import { WorkbookRejected, gridToWorkbook, readWorkbook } from './roster-xlsx.js';

/** Name of the planning queue. */
export const ROSTER_QUEUE = 'roster-planning';

/** A library field path (`agents[2].id`) in the API's notation (`agents.2.id`, as the request validation names it). */
const apiField = (field: string | undefined): string | undefined => field?.replace(/\[(\d+)\]/g, '.$1');

/** Runs library code; its input errors become 400s naming the field in the API's notation (see the common `domain`). */
const domain = <T>(run: () => T): T => runDomain(run, (field) => apiField(field) ?? field);

/** The reason a cancelled planning job fails with (the console shows it as 已取消). */
export const CANCELLED = 'cancelled' as const;

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
    private readonly control: RosterControl,
  ) {
    // Another node's cancel or stop of a job this node runs: done here exactly as a local one.
    control.handle((action, jobId) => this.actHere(action, jobId));
  }

  private target(): number {
    return this.config.HOTLINE_CONNECT_TARGET_PERCENT / 100;
  }

  /** The forecast of the plan: given, or from the ledger through the forecast of GET /api/forecast. */
  private async forecastOf(body: PlanBody): Promise<RosterProblem['forecast']> {
    const f = body.forecast;
    if (f.source === 'given') return { offered: f.offered, ivrAnswered: f.ivrAnswered, ahtSeconds: f.ahtSeconds, patienceSeconds: f.patienceSeconds };
    let report: ForecastReport;
    try {
      report = await this.staffing.forecast({ from: body.startDate, weeks: Math.ceil(body.days / 7), historyWeeks: f.historyWeeks, method: 'auto', calendar: 'cn' });
    } catch (error) {
      // The forecast's `from` is the plan's `startDate`.
      if (error instanceof DomainError && error.field === 'from') throw error.withField('startDate');
      throw error;
    }
    const inputs = report.inputs;
    if (!inputs) throw new DomainError('insufficient_history', 'the forecast has no AHT (no answered call in the history)', 'forecast');
    const intervals = report.intervals.filter((i) => i.day >= body.startDate && i.day < addDays(body.startDate, body.days));
    if (intervals.length !== body.days * 48) throw new DomainError('insufficient_history', `the forecast covers ${intervals.length} of the ${body.days * 48} intervals`, 'forecast');
    return {
      offered: intervals.map((i) => i.agentArrivals ?? i.arrivals),
      ivrAnswered: intervals.map((i) => i.arrivals * (i.ivrAnsweredShare ?? 0)),
      ahtSeconds: intervals.map((i) => i.ahtSeconds ?? inputs.ahtSeconds),
      patienceSeconds: inputs.patienceSeconds,
    };
  }

  /** The fairness ledger the plan starts from. */
  private async ledgerOf(body: PlanBody): Promise<FairnessLedger | undefined> {
    if (body.ledger === null) return undefined;
    if (body.ledger !== 'auto') return body.ledger;
    const candidates = await this.repository.publishedBefore(body.startDate);
    const previous = candidates.find((c) => c.ledgerAfter !== null && addDays(c.roster.startDate, c.roster.days) === body.startDate);
    return previous ? stored(LedgerBody, previous.ledgerAfter, `roster version ${previous.id} ledgerAfter`) : undefined;
  }

  /**
   * Starts (or finds) the planning job of a request. The job id is a hash of the problem and time limit, so the
   * same request posted twice runs once (unless its first run failed or was cancelled).
   */
  async startPlan(body: PlanBody): Promise<PlanStarted> {
    const max = this.config.HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS;
    if (body.timeLimitSeconds !== undefined && body.timeLimitSeconds > max) {
      throw new DomainError('invalid_request', `timeLimitSeconds: at most ${max} s on this server (HOTLINE_ROSTER_MAX_TIME_LIMIT_SECONDS)`, 'timeLimitSeconds');
    }
    const limit = Math.min(body.timeLimitSeconds ?? this.config.HOTLINE_ROSTER_TIME_LIMIT_SECONDS, max);
    // Anytime solving: the background budget asked for, at most the server's (a 400 above it, as for the time limit);
    // a stall time only with a budget.
    const budget = this.config.HOTLINE_ROSTER_IMPROVE_BUDGET_SECONDS;
    if (body.improveSeconds !== undefined && body.improveSeconds > budget) {
      throw new DomainError('invalid_request', `improveSeconds: at most ${budget} s on this server (HOTLINE_ROSTER_IMPROVE_BUDGET_SECONDS)`, 'improveSeconds');
    }
    const improve = body.improveSeconds ?? 0;
    const { name, timeLimitSeconds: _limit, improveSeconds: _improve, improveStallSeconds, forecast: _forecast, ledger: _ledger, ...rest } = body;
    const problem: RosterProblem = { ...rest, targetConnectRate: body.targetConnectRate ?? this.target(), forecast: await this.forecastOf(body) };
    const ledger = await this.ledgerOf(body);
    if (ledger) problem.ledger = ledger;
    domain(() => prepareProblem(problem));
    const payload: PlanJobPayload = {
      name,
      problem,
      timeLimitSeconds: limit,
      // Absent without a budget: the job id of a request without one stays what it was before anytime solving.
      ...(improve > 0 ? { improveSeconds: improve, improveStallSeconds: improveStallSeconds ?? this.config.HOTLINE_ROSTER_IMPROVE_STALL_SECONDS } : {}),
    };
    const jobId = `plan-${createHash('sha256').update(canonical(payload)).digest('hex').slice(0, 32)}`;
    // A failed or cancelled run of the same request is tried again, not answered with its failure.
    const previous = await this.queue.getJob(jobId);
    if (previous && (await previous.getState()) === 'failed') await previous.remove();
    const job = await this.queue.add('plan', payload, { jobId, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 7 * 86_400 } });
    return { jobId, state: await job.getState() };
  }

  /** State, progress and result of a planning job (its progress and return value parsed with the contract's schemas). */
  async job(jobId: string): Promise<RosterJob> {
    const found = await this.queue.getJob(jobId);
    if (!found) throw new DomainError('not_found', `no planning job ${jobId}`, 'jobId');
    const state = await found.getState();
    // The job's fields as of (or after) that state: read before it, a job that failed in between would show its
    // final state without its reason or result.
    const job = (await this.queue.getJob(jobId)) ?? found;
    const progress = typeof job.progress === 'object' && job.progress !== null ? stored(PlanProgress, job.progress, `planning job ${jobId} progress`) : null;
    let result = stored(PlanJobResult.nullable(), job.returnvalue ?? null, `planning job ${jobId} result`);
    // A job still improving has answered: its result is the best version so far.
    if (!result && state === 'active' && progress?.improve) {
      const best = await this.repository.version(progress.improve.versionId);
      if (best) result = { ...this.jobResult(best), improve: progress.improve };
    }
    return {
      jobId,
      state,
      progress,
      result,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }

  /**
   * Solves running in this process, by job id: DELETE /api/roster/jobs/:id aborts them (and discards the drafts the
   * job stored), POST /api/roster/jobs/:id/stop stops their search (keeping the best).
   */
  private readonly running = new Map<string, { abort: AbortController; stop: () => void; stopRequested: boolean }>();

  /** Cancels (aborts) or stops (ends the search of) a job when this process runs it. @returns whether it does. */
  private actHere(action: 'cancel' | 'stop', jobId: string): boolean {
    const running = this.running.get(jobId);
    if (!running) return false;
    if (action === 'cancel') running.abort.abort();
    else {
      running.stopRequested = true;
      running.stop();
    }
    return true;
  }

  /**
   * An active job this process does not run: the node that runs it is asked over Redis (RosterControl) and acts
   * as for a local request. When no node answers, the job is read again: finished meanwhile is a 409 `finished`;
   * still active, nobody holds it any more (its node stopped: BullMQ hands it to another once its lock expires) or
   * it is between nodes, a 409 `running_elsewhere` as before several nodes.
   */
  private async actElsewhere(action: 'cancel' | 'stop', jobId: string): Promise<void> {
    if (await this.control.ask(action, jobId)) return;
    if (this.actHere(action, jobId)) return;
    const state = await (await this.queue.getJob(jobId))?.getState();
    if (state === undefined || state === 'completed' || state === 'failed') throw new DomainError('finished', `planning job ${jobId} is already ${state ?? 'removed'}`, 'jobId');
    throw new DomainError('running_elsewhere', `planning job ${jobId} is ${state} but no API process answered for it: try again once it is picked up again`, 'jobId');
  }

  /**
   * Cancels a planning job: a waiting job is removed, a running one (in this API process or, over Redis, in the one
   * that runs it) is stopped and fails with reason `cancelled`; nothing is stored.
   * @throws DomainError 404 for an unknown job, 409 for a finished one or one no API process answers for.
   */
  async cancel(jobId: string): Promise<CancelledJob> {
    const job = await this.queue.getJob(jobId);
    if (!job) throw new DomainError('not_found', `no planning job ${jobId}`, 'jobId');
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') throw new DomainError('finished', `planning job ${jobId} is already ${state}`, 'jobId');
    if (!this.actHere('cancel', jobId)) {
      if (state === 'active') await this.actElsewhere('cancel', jobId);
      else {
        try {
          await job.remove();
        } catch (error) {
          // Picked up by a node between the read and the removal (a locked job cannot be removed): cancel it there.
          if ((await job.getState()) !== 'active') throw error;
          await this.actElsewhere('cancel', jobId);
        }
      }
    }
    auditNote({ before: { state }, after: { state: CANCELLED }, target: `planningJob:${jobId}` });
    return { jobId, state: CANCELLED };
  }

  /**
   * Stops the search of a running planning job: it ends after its current sub-problem and the job completes with the
   * best roster found (stored as a draft; stop reason `stopped`). Before its answer, the job answers at once with the
   * best roster so far. Unlike cancel, nothing is discarded.
   * @throws DomainError 404 for an unknown job; 409 for a finished or waiting one (nothing to keep: cancel it), or
   *   an active one no API process answers for (the node that runs it is asked over Redis, see `actElsewhere`).
   */
  async stop(jobId: string): Promise<StoppingJob> {
    const job = await this.queue.getJob(jobId);
    if (!job) throw new DomainError('not_found', `no planning job ${jobId}`, 'jobId');
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') throw new DomainError('finished', `planning job ${jobId} is already ${state}`, 'jobId');
    if (!this.actHere('stop', jobId)) {
      if (state !== 'active') throw new DomainError('not_running', `planning job ${jobId} is ${state}: it has no roster to keep yet (cancel it instead)`, 'jobId');
      await this.actElsewhere('stop', jobId);
    }
    auditNote({ before: { state }, after: { state: 'stopping' }, target: `planningJob:${jobId}` });
    return { jobId, state: 'stopping' };
  }

  /**
   * The work of a planning job: solve in a worker thread and store the draft. With a background budget
   * (`improveSeconds`, anytime solving) the answer at the time limit is stored at once (its id is the job's result
   * from then on), then each better roster found as a new draft version based on the previous one, with its
   * objective, bound and gap in the job's progress (`improve`), until the search proves the gap, stalls, spends its
   * budget or is stopped; the job then completes with the best version. Idempotent: a job whose answer is already
   * stored (a retry after a crash between the write and the acknowledgement) returns it.
   * @throws Error `cancelled` when the job was cancelled (the solver thread is stopped; the drafts it stored are deleted).
   */
  async runPlan(jobId: string, payload: PlanJobPayload, progress: (p: PlanProgress) => Promise<void>): Promise<PlanJobResult> {
    // Registered before the first await: from the moment the queue calls the job active, a cancel or stop in this
    // process finds it (an abort before the thread starts kills the thread at its start).
    const flag = stopFlag();
    const abort = new AbortController();
    const control = { abort, stop: flag.stop, stopRequested: false };
    this.running.set(jobId, control);
    let existing: VersionRow | null;
    try {
      existing = await this.repository.versionByJob(jobId);
    } catch (error) {
      this.running.delete(jobId);
      throw error;
    }
    if (existing) {
      this.running.delete(jobId);
      return this.jobResult(existing);
    }
    const problem: RosterProblem = payload.problem;
    const improve: ImproveSettings | undefined = payload.improveSeconds
      ? { budgetSeconds: payload.improveSeconds, stallSeconds: payload.improveStallSeconds ?? this.config.HOTLINE_ROSTER_IMPROVE_STALL_SECONDS }
      : undefined;

    let lastWrite = 0;
    let solve: LibSolveProgress | null = null;
    let improveState: ImproveState | undefined;
    // The version stored last (each is better than the one before), the versions stored, the first write that failed.
    const kept: { best: { row: VersionRow; draft: DraftVersion } | null; ids: number[]; error: unknown } = { best: null, ids: [], error: null };
    // Writes (versions, progress) run one after the other, in the order the thread reported them.
    let chain: Promise<void> = Promise.resolve();
    const writeProgress = async (): Promise<void> => {
      if (solve) await progress({ ...solve, ...(improveState ? { improve: { ...improveState, stopRequested: control.stopRequested } } : {}) });
    };
    const keep = async (draft: DraftVersion, stopReason: ImproveState['stopReason'] = null): Promise<{ row: VersionRow; draft: DraftVersion }> => {
      const row = await this.storeDraft(jobId, payload, draft, kept.best?.row ?? null);
      kept.ids.push(row.id);
      kept.best = { row, draft };
      improveState = this.improveState(row, draft, improve, kept.ids.length, stopReason, control.stopRequested);
      await writeProgress();
      return kept.best;
    };
    const onEvent = (e: SolverEvent): void => {
      if (e.kind === 'progress') {
        solve = e.progress;
        const now = Date.now();
        if (now - lastWrite < 500 && e.progress.phase === 'search') return;
        lastWrite = now;
        chain = chain.then(writeProgress).catch(() => undefined);
      } else {
        // A version that cannot be stored fails the job once the thread ends.
        chain = chain.then(async () => void (await keep(e.draft))).catch((error: unknown) => void (kept.error ??= error));
      }
    };
    let report: SolveReport;
    try {
      report = await solveInThread({ problem, timeLimitSeconds: payload.timeLimitSeconds, ...(improve ? { improve } : {}), stop: flag.buffer }, onEvent, abort.signal).catch((error: unknown) => {
        if (abort.signal.aborted) throw new Error(CANCELLED);
        if (error instanceof ThreadError && error.name === 'RosterInputError') throw new Error(`invalid problem: ${error.message}`);
        throw error;
      });
    } catch (error) {
      // Cancelled (or failed) while improving: the job's drafts go too (a cancelled job leaves nothing; stop keeps them).
      await chain;
      if (abort.signal.aborted) for (const id of kept.ids) await this.repository.deleteDraft(id);
      throw error;
    } finally {
      this.running.delete(jobId);
    }
    await chain;
    if (kept.error) throw kept.error;
    const final: DraftVersion = { roster: report.roster, summary: summarizeEvaluation(report.evaluation), solve: solveOf(report), foundAtSeconds: report.timeMs.total / 1000 };
    const last = kept.best;
    // Without a background budget: the one draft, as before anytime solving (no `improve` in progress or result).
    if (!improve) return this.jobResult(await this.storeDraft(jobId, payload, final, null));
    // The search's best roster, unless it is the version stored last (no answer handed over: the first).
    const best = last && canonical(last.draft.roster) === canonical(report.roster) ? last : await keep(final, report.stopReason);
    improveState = { ...this.improveState(best.row, best.draft, improve, kept.ids.length, report.stopReason, control.stopRequested), status: 'finished' };
    await writeProgress();
    return { ...this.jobResult(best.row), improve: improveState };
  }

  /** Stores a roster of a planning job: the first (its answer) under the job's id, a better one based on the one before. */
  private storeDraft(jobId: string, payload: PlanJobPayload, draft: DraftVersion, previous: VersionRow | null): Promise<VersionRow> {
    return this.repository.createVersion({
      name: payload.name,
      startDate: payload.problem.startDate,
      days: payload.problem.days,
      source: 'plan',
      ...(previous ? { basedOnId: previous.id } : { jobId }),
      problem: payload.problem,
      content: draft.roster,
      summary: draft.summary,
      solve: draft.solve,
    });
  }

  /** The background phase as the job's progress shows it, at the version stored last. */
  private improveState(row: VersionRow, draft: DraftVersion, improve: ImproveSettings | undefined, versions: number, stopReason: ImproveState['stopReason'], stopRequested: boolean): ImproveState {
    return {
      status: 'improving',
      budgetSeconds: improve?.budgetSeconds ?? 0,
      stallSeconds: improve?.stallSeconds ?? 0,
      versionId: row.id,
      version: row.version,
      versionsPublished: versions,
      objective: draft.solve.objective,
      bound: draft.solve.bound,
      gap: draft.solve.gap,
      connectRate: draft.summary.connectRate,
      violations: draft.summary.violations,
      foundAtSeconds: draft.foundAtSeconds,
      stopRequested,
      stopReason,
    };
  }

  private jobResult(row: VersionRow): PlanJobResult {
    const summary = stored(RosterSummary, row.summary, `roster version ${row.id} summary`);
    const solve = stored(SolveSummary.nullable(), row.solve, `roster version ${row.id} solve`);
    return { versionId: row.id, status: solve?.status ?? row.status, connectRate: summary.connectRate, gap: solve?.gap ?? null, violations: summary.violations };
  }

  private async row(id: number): Promise<VersionRow> {
    const row = await this.repository.version(id);
    if (!row) throw new DomainError('not_found', `no roster version ${id}`, 'id');
    return row;
  }

  private prepared(row: VersionRow): PreparedProblem {
    return domain(() => prepareProblem(stored(ProblemBody, row.problem, `roster version ${row.id} problem`)));
  }

  /** The cells of a version (JSON column `content`). */
  private content(row: VersionRow): Roster {
    return stored(RosterBody, row.content, `roster version ${row.id} content`);
  }

  /** Versions, newest first, filtered by the query. */
  async list(q: ListQuery): Promise<VersionListItem[]> {
    return (await this.repository.list(q)).map(versionListItem);
  }

  /** A version with its cells and problem. @throws DomainError 404 for an unknown id. */
  async get(id: number): Promise<VersionDetail> {
    return versionResponse(await this.row(id));
  }

  /** Edits one cell of a draft; the summary is re-evaluated. 409 on a published version or a stale revision. */
  async editCell(id: number, edit: CellEditBody): Promise<VersionDetail> {
    const row = await this.row(id);
    if (row.status !== 'draft') throw new DomainError('not_draft', `version ${id} is ${row.status}: copy it to a new draft to edit`, 'id');
    if (edit.revision !== undefined && edit.revision !== row.revision) throw new DomainError('stale_revision', `version ${id} is at revision ${row.revision}, the edit was made on ${edit.revision}`, 'revision');
    const p = this.prepared(row);
    const roster = this.content(row);
    const r = roster.rows.find((x) => x.agentId === edit.agentId);
    if (!r) throw new DomainError('invalid_request', `agentId ${edit.agentId} is not in the roster`, 'agentId');
    const d = p.dates.indexOf(edit.date);
    if (d < 0 || d >= p.days) throw new DomainError('invalid_request', `date ${edit.date} is outside the period`, 'date');
    if (edit.code !== null && !p.shiftIndex.has(edit.code)) throw new DomainError('invalid_request', `code ${edit.code} is not a shift template (${[...p.shiftIndex.keys()].slice(0, 6).join(', ')}, ...)`, 'code');
    const before = r.cells[d] ?? null;
    r.cells[d] = edit.code;
    const evaluation = domain(() => evaluateRoster(p, roster));
    const updated = await this.repository.updateDraft(id, row.revision, roster, summarizeEvaluation(evaluation));
    if (!updated) throw new DomainError('stale_revision', `version ${id} changed while editing: reload it`, 'revision');
    auditNote({ before: { agentId: edit.agentId, date: edit.date, code: before, revision: row.revision }, after: { code: edit.code, revision: updated.revision }, target: `rosterVersion:${id}` });
    return versionResponse(updated);
  }

  /**
   * Publishes a draft and stores its fairness ledger: the roster's previous published version is superseded. A draft
   * that breaks rules is refused (409 `rules_broken`) unless `acceptViolations`; one whose period overlaps another
   * roster's published version (two notice boards for the same days) is refused (409 `overlap`) unless
   * `replaceOverlapping`, which supersedes those versions.
   */
  async publish(id: number, options: PublishBody = {}): Promise<VersionDetail> {
    const row = await this.row(id);
    if (row.status !== 'draft') throw new DomainError('not_draft', `version ${id} is already ${row.status}`, 'id');
    if (options.revision !== undefined && options.revision !== row.revision) throw new DomainError('stale_revision', `version ${id} is at revision ${row.revision}, not ${options.revision}`, 'revision');
    const evaluation = domain(() => evaluateRoster(this.prepared(row), this.content(row)));
    if (evaluation.violations.length > 0 && !options.acceptViolations) {
      const rules = [...new Set(evaluation.violations.map((v) => v.rule))].join(', ');
      throw new DomainError('rules_broken', `version ${id} breaks ${evaluation.violations.length} rule(s) (${rules}): publish with acceptViolations: true to post it anyway`, 'acceptViolations');
    }
    const end = addDays(row.roster.startDate, row.roster.days);
    const overlapping = await this.repository.publishedOverlapping(row.rosterId, row.roster.startDate, end);
    if (overlapping.length > 0 && !options.replaceOverlapping) {
      const named = overlapping.map((o) => `${o.id} (${o.roster.name} ${o.roster.startDate} +${o.roster.days} d, v${o.version})`).join(', ');
      throw new DomainError('overlap', `published version ${named} covers days of this period: publish with replaceOverlapping: true to supersede it`, 'replaceOverlapping');
    }
    const published = await this.repository.publish(id, row.revision, evaluation.ledger, overlapping.map((o) => o.id));
    if (!published) throw new DomainError('not_draft', `version ${id} was published or changed meanwhile`, 'id');
    auditNote({
      before: { status: row.status, revision: row.revision },
      after: { status: published.status, superseded: overlapping.map((o) => o.id), violationsAccepted: evaluation.violations.length },
      target: `rosterVersion:${id}`,
    });
    return versionResponse(published);
  }

  /** Deletes a draft. 409 for a published or superseded version (they are the record of what was posted). */
  async deleteDraft(id: number): Promise<void> {
    const row = await this.row(id);
    if (row.status !== 'draft' || !(await this.repository.deleteDraft(id))) throw new DomainError('not_draft', `version ${id} is ${row.status}: only drafts can be deleted`, 'id');
    auditNote({ before: versionListItem(row), target: `rosterVersion:${id}` });
  }

  /** A new draft with the same problem and cells (to edit a published version). */
  async copy(id: number): Promise<VersionDetail> {
    const row = await this.row(id);
    const created = await this.repository.createVersion({ name: row.roster.name, startDate: row.roster.startDate, days: row.roster.days, source: 'copy', basedOnId: id, problem: row.problem, content: row.content, summary: row.summary });
    auditNote({ after: { id: created.id, basedOnId: id }, target: `rosterVersion:${created.id}` });
    return versionResponse(created);
  }

  /** The full evaluation: per interval, day and period, intervals at risk, every broken rule, hours, pay, fairness. */
  async evaluate(body: EvaluateBody): Promise<RosterEvaluation> {
    if (body.versionId !== undefined) {
      const row = await this.row(body.versionId);
      return domain(() => evaluateRoster(this.prepared(row), this.content(row)));
    }
    const { problem, roster } = body;
    // EvaluateBody refuses a body without both (400 naming the field); this is its type's narrowing.
    if (!problem || !roster) throw new DomainError('invalid_request', 'give versionId, or problem and roster', problem ? 'roster' : 'problem');
    return domain(() => evaluateRoster(problem, roster));
  }

  /** The notice-board workbook of a version. */
  async exportXlsx(id: number): Promise<{ bytes: Buffer; filename: string }> {
    const row = await this.row(id);
    const grid = rosterToGrid(this.prepared(row), this.content(row));
    return { bytes: await gridToWorkbook(grid), filename: `roster-${row.roster.startDate}-v${row.version}.xlsx` };
  }

  /**
   * A new draft from an edited workbook of a version (same problem). 400 naming the cell on a bad code, an unknown
   * agent or a day beyond the period; 413 for a workbook that unpacks too large; 400 for bytes that are not one.
   */
  async importXlsx(id: number, bytes: Buffer | undefined): Promise<VersionDetail> {
    const row = await this.row(id);
    if (!bytes || bytes.length === 0) throw new DomainError('invalid_request', 'the body must be an .xlsx workbook', 'body');
    let grid;
    try {
      grid = await readWorkbook(bytes);
    } catch (error) {
      if (error instanceof WorkbookRejected) throw new DomainError(error.status === 413 ? 'too_large' : 'invalid_request', error.message, 'body');
      throw error;
    }
    const p = this.prepared(row);
    const roster = domain(() => rosterFromGrid(p, grid));
    // A workbook without the 培训 sheet (printed or saved without it) keeps the version's sessions; an emptied sheet clears them.
    if (grid.training.length === 0) roster.training = this.content(row).training;
    const evaluation = domain(() => evaluateRoster(p, roster));
    const created = await this.repository.createVersion({ name: row.roster.name, startDate: row.roster.startDate, days: row.roster.days, source: 'import', basedOnId: id, problem: row.problem, content: roster, summary: summarizeEvaluation(evaluation) });
    auditNote({ after: { id: created.id, basedOnId: id }, target: `rosterVersion:${created.id}` });
    return versionResponse(created);
  }
}
