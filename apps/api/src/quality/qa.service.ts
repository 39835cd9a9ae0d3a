import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  QaFormView, SampledCallView, type Blocker, type DrawBody, type PersonRef, type QaFormBody, type QaReviewBody, type QaSampleView, type RecheckBody,
  type TargetedCallBody,
} from '@hotline/contracts';
import { monthKey, nextMonth, startOfMonth } from '@hotline/events';
import { QA_SAMPLE_METHOD, checkQaReview, drawQaSample, qaQuota, shiftBand, type QaFrameCall } from '@hotline/kpi';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Prisma, type QaRecheck, type QaReview, type QaSampleCall } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { MonthStateService, type RegisterSource } from '../registers/month-state.js';
import { PeopleService } from '../registers/people.js';
import { assertMonthOver } from '../registers/register-common.js';

/** The items of a stored form version (`QaForm.items`, JSON). */
const FormItems = QaFormView.shape.items;
/** The points of a stored review (`QaReview.scores`, JSON). */
const Scores = SampledCallView.shape.review.unwrap().shape.scores;

type SampleCallRow = QaSampleCall & { reviews: QaReview[]; rechecks: QaRecheck[] };

/** The review (or re-check) in force of a sampled call: the newest (older ones are its history). */
function latest<T extends { createdAt: Date; id: number }>(rows: readonly T[]): T | undefined {
  return rows.reduce<T | undefined>((best, r) => (!best || r.createdAt > best.createdAt || (r.createdAt.getTime() === best.createdAt.getTime() && r.id > best.id) ? r : best), undefined);
}

/**
 * Scoring errors the bureau found: the sampled calls whose LATEST re-check found one (a later re-check that finds
 * none withdraws the error; two re-checks finding the same error count once).
 */
function errorsFound(calls: readonly { rechecks: readonly { errorFound: boolean; createdAt: Date; id: number }[] }[]): number {
  return calls.filter((c) => latest(c.rechecks)?.errorFound === true).length;
}

/**
 * Quality inspection (话务质检): the scoring form (versioned), the month's sample — drawn by the product itself,
 * stratified by agent and shift band from a recorded seed (libs/kpi drawQaSample, method `stratified-agent-shift/v1`),
 * at least ceil(1 % of the agent-answered calls) and every agent with answered calls — the calls added on top of it
 * (low satisfaction, long wait, complaint: they never count toward the quota), the QA reviewers' scores and the
 * bureau's re-checks (a scoring error found costs 0.5 points on the sheet: contract.md 话务质检).
 *
 * The sample frame: the month's calls (local month of `offeredAt`) with outcome `answered` and a known agent; the
 * quota counts every agent-answered call of the month (the score's `agentAnswered`).
 */
@Injectable()
export class QaService implements RegisterSource {
  readonly register = 'qa' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly states: MonthStateService,
    private readonly people: PeopleService,
  ) {}

  private get timeZone(): string {
    return this.config.HOTLINE_TIMEZONE;
  }

  private range(month: string): { gte: Date; lt: Date } {
    return { gte: startOfMonth(month, this.timeZone), lt: startOfMonth(nextMonth(month), this.timeZone) };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The form

  /**
   * The QA form in force: its newest version (the migration inserts version 1, the tender's five items).
   * @throws DomainError 404 `no_form` when the table is empty (a database not migrated).
   */
  async form(): Promise<QaFormView> {
    const row = await this.prisma.qaForm.findFirst({ orderBy: { version: 'desc' } });
    if (!row) throw new DomainError('no_form', 'no QA form is defined');
    return { version: row.version, items: FormItems.parse(row.items), createdAt: row.createdAt.toISOString() };
  }

  /** Makes a new version of the form (reviews made before keep the version they were made on). */
  async putForm(body: QaFormBody, userId: number): Promise<QaFormView> {
    const before = await this.form().catch(() => null);
    const row = await this.prisma.qaForm.create({ data: { items: body.items, createdById: userId } });
    const after: QaFormView = { version: row.version, items: FormItems.parse(row.items), createdAt: row.createdAt.toISOString() };
    auditNote({ before, after, target: `qa-form:${row.version}` });
    return after;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The sample

  /** The month's agent-answered calls (outcome `answered`), the count the quota is taken of. */
  private agentAnswered(month: string): Promise<number> {
    return this.prisma.call.count({ where: { offeredAt: this.range(month), outcome: 'answered' } });
  }

  private loadSample(month: string) {
    return this.prisma.qaSample.findUnique({ where: { month }, include: { calls: { include: { reviews: true, rechecks: true } } } });
  }

  /**
   * The month's sample (`GET /api/qa/samples/{month}`): quota, seed and method (null until drawn), who drew it, the
   * random calls then the added ones (each by offer time) with the review in force and the re-checks; `reviewed`
   * counts the reviewed random calls (the score's `qaSampled`), `errorsFound` the calls whose latest re-check found
   * a scoring error (the score's `qaErrorsFound`).
   */
  async sample(month: string): Promise<QaSampleView> {
    const [agentAnswered, sample] = await Promise.all([this.agentAnswered(month), this.loadSample(month)]);
    const quota = qaQuota(agentAnswered);
    if (!sample) return { month, agentAnswered, quota, seed: null, method: null, drawn: null, reviewed: 0, errorsFound: 0, calls: [] };
    const calls = await this.callViews(sample.calls);
    return {
      month,
      agentAnswered,
      quota,
      seed: sample.seed,
      method: sample.method,
      drawn: { by: await this.people.ref(sample.drawnById), at: sample.drawnAt.toISOString() },
      reviewed: sample.calls.filter((c) => c.kind === 'random' && c.reviews.length > 0).length,
      errorsFound: errorsFound(sample.calls),
      calls,
    };
  }

  /** Views of sampled calls (random first, then added; each by offer time, then id). */
  private async callViews(rows: readonly SampleCallRow[]): Promise<SampledCallView[]> {
    const ledger = new Map(
      (rows.length ? await this.prisma.call.findMany({ where: { callId: { in: rows.map((r) => r.callId) } }, select: { callId: true, offeredAt: true, talkSeconds: true } }) : []).map((c) => [c.callId, c]),
    );
    const person = await this.people.refs(rows.flatMap((r) => [...r.reviews.map((v) => v.createdById), ...r.rechecks.map((v) => v.createdById)]));
    const views = rows.map((r) => this.callView(r, ledger.get(r.callId), person));
    const kindOrder = (k: string) => (k === 'random' ? 0 : 1);
    return views.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.offeredAt.localeCompare(b.offeredAt) || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0));
  }

  private callView(r: SampleCallRow, call: { offeredAt: Date; talkSeconds: number | null } | undefined, person: (id: number) => PersonRef): SampledCallView {
    const review = latest(r.reviews);
    return {
      callId: r.callId,
      kind: r.kind === 'random' ? 'random' : 'targeted',
      reason: r.reason,
      agentId: r.agentId,
      shift: r.shift === 'day' || r.shift === 'evening' ? r.shift : 'night',
      offeredAt: (call?.offeredAt ?? new Date(0)).toISOString(),
      talkSeconds: call?.talkSeconds ?? null,
      review: review
        ? {
            formVersion: review.formVersion,
            scores: Scores.parse(review.scores),
            total: review.total,
            comment: review.comment,
            by: person(review.createdById),
            at: review.createdAt.toISOString(),
            correctionReason: review.correctionReason,
          }
        : null,
      rechecks: [...r.rechecks]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)
        .map((c) => ({ errorFound: c.errorFound, note: c.note, by: person(c.createdById), at: c.createdAt.toISOString(), correctionReason: c.correctionReason })),
    };
  }

  /**
   * Draws the month's random sample (libs/kpi drawQaSample): at least the quota, every agent with answered calls,
   * stratified by agent and shift band, from `body.seed` or a random seed (recorded either way). Only once the month
   * is over: the frame and the quota are then the month's own (drawn earlier, the sample would fall short of the
   * final quota, and the same seed would give other calls as calls arrive). Redrawing replaces the random calls and
   * is allowed only while none of them is reviewed; calls added on top stay (a drawn call that was added before
   * becomes random and keeps its reason).
   * @throws DomainError 409 `month_running` (field `month`) before the month's end; 409 `sample_reviewed` (field
   *   `month`) once a random call is reviewed; the month-state refusals of {@link MonthStateService.assertWritable}.
   */
  async draw(month: string, body: DrawBody, userId: number, now = new Date()): Promise<QaSampleView> {
    assertMonthOver(month, now, this.timeZone, 'the QA sample of');
    await this.states.assertWritable('qa', month, body.correctionReason);
    const before = await this.loadSample(month);
    if (before?.calls.some((c) => c.kind === 'random' && c.reviews.length > 0)) {
      throw new DomainError('sample_reviewed', `the ${month} sample has reviewed calls: it cannot be redrawn`, 'month');
    }
    const answered = await this.prisma.call.findMany({ where: { offeredAt: this.range(month), outcome: 'answered' }, select: { callId: true, agentId: true, offeredAt: true } });
    const frame: QaFrameCall[] = answered.flatMap((c) => (c.agentId ? [{ callId: c.callId, agentId: c.agentId, shift: shiftBand(c.offeredAt, this.timeZone) }] : []));
    const quota = qaQuota(answered.length);
    const seed = body.seed ?? randomBytes(12).toString('base64url');
    const drawn = drawQaSample(frame, quota, seed);
    const byId = new Map(frame.map((c) => [c.callId, c]));
    await this.prisma.$transaction(async (tx) => {
      const data = { seed, method: QA_SAMPLE_METHOD, quota, agentAnswered: answered.length, drawnById: userId, drawnAt: new Date() };
      const sample = await tx.qaSample.upsert({ where: { month }, create: { month, ...data }, update: data });
      // The old random calls go (none is reviewed); those that were added on top before return to being added.
      await tx.qaSampleCall.deleteMany({ where: { sampleId: sample.id, kind: 'random', reason: null } });
      await tx.qaSampleCall.updateMany({ where: { sampleId: sample.id, kind: 'random' }, data: { kind: 'targeted' } });
      const targeted = new Set((await tx.qaSampleCall.findMany({ where: { sampleId: sample.id }, select: { callId: true } })).map((c) => c.callId));
      await tx.qaSampleCall.updateMany({ where: { sampleId: sample.id, callId: { in: drawn.filter((id) => targeted.has(id)) } }, data: { kind: 'random' } });
      const fresh = drawn.filter((id) => !targeted.has(id));
      if (fresh.length) {
        await tx.qaSampleCall.createMany({ data: fresh.map((id) => ({ sampleId: sample.id, callId: id, agentId: byId.get(id)!.agentId, shift: byId.get(id)!.shift, kind: 'random' })) });
      }
    });
    auditNote({
      before: before ? { seed: before.seed, method: before.method, calls: before.calls.filter((c) => c.kind === 'random').map((c) => c.callId).sort() } : null,
      after: { seed, method: QA_SAMPLE_METHOD, quota, agentAnswered: answered.length, calls: drawn },
      target: `qa-sample:${month}`,
    });
    return this.sample(month);
  }

  /**
   * Adds a call on top of the random sample (low satisfaction, long wait, complaint, other): it never counts toward
   * the quota and never replaces a random call.
   * @throws DomainError 409 `no_sample` (field `month`) before the random sample is drawn; 400 `bad_call` (field
   *   `callId`) when the call is not in the ledger, not answered by an agent or not offered in `month`; 409
   *   `already_sampled` (field `callId`); the month-state refusals.
   */
  async addCall(month: string, body: TargetedCallBody, userId: number): Promise<SampledCallView> {
    const correctionReason = await this.states.assertWritable('qa', month, body.correctionReason);
    const sample = await this.prisma.qaSample.findUnique({ where: { month } });
    if (!sample) throw new DomainError('no_sample', `the ${month} sample is not drawn yet: draw the random sample first`, 'month');
    const call = await this.prisma.call.findUnique({ where: { callId: body.callId }, select: { callId: true, agentId: true, offeredAt: true, outcome: true } });
    if (!call) throw new DomainError('bad_call', `no call "${body.callId}" in the ledger`, 'callId');
    if (call.outcome !== 'answered' || !call.agentId) throw new DomainError('bad_call', `call "${body.callId}" was not answered by an agent`, 'callId');
    if (monthKey(call.offeredAt, this.timeZone) !== month) throw new DomainError('bad_call', `call "${body.callId}" was offered in ${monthKey(call.offeredAt, this.timeZone)}, not ${month}`, 'callId');
    const note = [body.note, correctionReason ? `correction: ${correctionReason}` : undefined].filter(Boolean).join(' | ') || null;
    let row: SampleCallRow;
    try {
      row = await this.prisma.qaSampleCall.create({
        data: { sampleId: sample.id, callId: call.callId, agentId: call.agentId, shift: shiftBand(call.offeredAt, this.timeZone), kind: 'targeted', reason: body.reason, note, addedById: userId },
        include: { reviews: true, rechecks: true },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError('already_sampled', `call "${body.callId}" is already in the ${month} sample`, 'callId');
      }
      throw error;
    }
    const [after] = await this.callViews([row]);
    auditNote({ after, target: `qa-sample:${month}:${call.callId}` });
    return after;
  }

  /** A call of the month's sample with its reviews and re-checks. @throws DomainError 404 `not_found` (field `callId`). */
  private async sampledCall(month: string, callId: string): Promise<SampleCallRow> {
    const row = await this.prisma.qaSampleCall.findFirst({ where: { callId, sample: { month } }, include: { reviews: true, rechecks: true } });
    if (!row) throw new DomainError('not_found', `call "${callId}" is not in the ${month} sample`, 'callId');
    return row;
  }

  /**
   * Scores a sampled call on the form in force: every item of the form, each from 0 to its maximum; the total is
   * their exact sum (a decimal string). A newer review replaces the older as the one in force; the older stays as
   * history.
   * @throws DomainError 404 `not_found` (field `callId`); 400 `invalid_request` naming `scores.<key>` for an item
   *   missing, out of range or not on the form; the month-state refusals.
   */
  async review(month: string, callId: string, body: QaReviewBody, userId: number): Promise<SampledCallView> {
    const before = await this.sampledCall(month, callId);
    const form = await this.form();
    const { total, problems } = checkQaReview(form.items, body.scores);
    if (problems.length) {
      throw new DomainError('invalid_request', problems.map((p) => `scores.${p.key}: ${p.message}`).join('; '), `scores.${problems[0].key}`);
    }
    const correctionReason = await this.states.assertWritable('qa', month, body.correctionReason);
    await this.prisma.qaReview.create({
      data: { sampleCallId: before.id, formVersion: form.version, scores: body.scores, total, comment: body.comment, correctionReason, createdById: userId },
    });
    const [previous] = before.reviews.length ? await this.callViews([before]) : [];
    const [after] = await this.callViews([await this.sampledCall(month, callId)]);
    auditNote({ before: previous?.review ?? null, after: after.review, target: `qa-sample:${month}:${callId}` });
    return after;
  }

  /**
   * The bureau's re-check of a reviewed call: whether the reviewer scored it wrongly (each call whose latest re-check
   * found an error costs 0.5 points on the sheet). The bureau's own entry: taken in an open or a closed month (the
   * bureau re-checks what the supplier closed), in a confirmed one as a correction.
   * @throws DomainError 404 `not_found` (field `callId`); 409 `not_reviewed` (field `callId`) for a call without a
   *   review; the month-state refusals (MonthStateService.assertWritableIn, `closedTakes`).
   */
  async recheck(month: string, callId: string, body: RecheckBody, userId: number): Promise<SampledCallView> {
    const row = await this.sampledCall(month, callId);
    if (row.reviews.length === 0) throw new DomainError('not_reviewed', `call "${callId}" has no review to re-check`, 'callId');
    const correctionReason = await this.states.assertWritableIn('qa', [month], body.correctionReason, { closedTakes: true });
    const recheck = await this.prisma.qaRecheck.create({ data: { sampleCallId: row.id, errorFound: body.errorFound, note: body.note, correctionReason, createdById: userId } });
    const [after] = await this.callViews([await this.sampledCall(month, callId)]);
    auditNote({ after: { errorFound: recheck.errorFound, note: recheck.note, correctionReason }, target: `qa-sample:${month}:${callId}` });
    return after;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // RegisterSource

  /**
   * `{ qaSampled, qaErrorsFound }`: reviewed random calls of the month's sample; sampled calls whose latest re-check
   * found a scoring error.
   */
  async figures(month: string): Promise<Record<string, number>> {
    const [qaSampled, rechecked] = await Promise.all([
      this.prisma.qaSampleCall.count({ where: { sample: { month }, kind: 'random', reviews: { some: {} } } }),
      this.prisma.qaSampleCall.findMany({
        where: { sample: { month }, rechecks: { some: {} } },
        select: { rechecks: { select: { errorFound: true, createdAt: true, id: true } } },
      }),
    ]);
    return { qaSampled, qaErrorsFound: errorsFound(rechecked) };
  }

  /** The random sample's size against the quota of the month as it stands, and whether a random call is reviewed. */
  private async coverage(month: string): Promise<{ drawn: boolean; random: number; quota: number; reviewed: boolean }> {
    const [sample, agentAnswered] = await Promise.all([
      this.prisma.qaSample.findUnique({ where: { month }, select: { calls: { where: { kind: 'random' }, select: { reviews: { select: { id: true }, take: 1 } } } } }),
      this.agentAnswered(month),
    ]);
    return { drawn: sample !== null, random: sample?.calls.length ?? 0, quota: qaQuota(agentAnswered), reviewed: sample?.calls.some((c) => c.reviews.length > 0) ?? false };
  }

  /** The `sample_below_quota` entry (`{ random, quota }`). */
  private static belowQuota(random: number, quota: number): Blocker {
    return { code: 'sample_below_quota', message: `the random sample holds ${random} calls, below the quota of ${quota} (calls arrived after the draw)`, params: { random, quota } };
  }

  /**
   * `no_sample` until the month's random sample is drawn; `sample_below_quota` while the random sample is smaller than
   * the quota of the month as it stands (calls arrived after the draw) and can still be redrawn (no random call
   * reviewed yet). Once one is reviewed the shortfall is a warning ({@link warnings}) and the QA item's deduction for
   * calls not inspected applies.
   */
  async blockers(month: string): Promise<Blocker[]> {
    const c = await this.coverage(month);
    if (!c.drawn) return [{ code: 'no_sample', message: 'no sample drawn', params: {} }];
    return c.random < c.quota && !c.reviewed ? [QaService.belowQuota(c.random, c.quota)] : [];
  }

  /** `sample_below_quota` when the random sample is smaller than the quota and can no longer be redrawn. */
  async warnings(month: string): Promise<Blocker[]> {
    const c = await this.coverage(month);
    return c.drawn && c.random < c.quota && c.reviewed ? [QaService.belowQuota(c.random, c.quota)] : [];
  }
}
