import { Inject, Injectable } from '@nestjs/common';
import { SURVEY_IMPORT_COLUMNS, SURVEY_LEVELS, type Blocker, type ImportResult, type SatisfactionView } from '@hotline/contracts';
import { monthKey, nextMonth, startOfMonth } from '@hotline/events';
import { percent } from '@hotline/kpi';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Prisma } from '../generated/prisma/client.js';
import { CallerVault } from '../privacy/caller-vault.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { MonthStateService, type RegisterSource } from '../registers/month-state.js';
import { assertImportable, parseImportInstant } from '../registers/register-common.js';
import { RowErrors, readTable } from '../registers/table-import.js';

type SurveyLevel = (typeof SURVEY_LEVELS)[number];

/** A rating as the platform's export may write it: 1 / 非常满意 / very-satisfied, 2 / 基本满意 / ..., 3 / 不满意 / ... */
const LEVEL_BY_TEXT = new Map<string, SurveyLevel>([
  ['1', 'very-satisfied'], ['非常满意', 'very-satisfied'], ['very-satisfied', 'very-satisfied'], ['very satisfied', 'very-satisfied'],
  ['2', 'basically-satisfied'], ['基本满意', 'basically-satisfied'], ['basically-satisfied', 'basically-satisfied'], ['basically satisfied', 'basically-satisfied'],
  ['3', 'dissatisfied'], ['不满意', 'dissatisfied'], ['dissatisfied', 'dissatisfied'],
]);

/** How far back before a survey answer the caller's call is looked for (a hang-up survey follows the call at once). */
export const CALLER_MATCH_WINDOW_MS = 24 * 3_600_000;

/** A phone number as an export may write it (the complaint body's rule). */
const PHONE = /^\+?[\d\- ]{3,20}$/;

/** One survey answer ready to store. */
interface PreparedAnswer {
  row: number;
  callId: string | null;
  callerHash: string | null;
  answeredAt: Date;
  month: string;
  level: SurveyLevel;
  rawRating: string;
}

/** Same unmatched answer twice (an export imported again): same instant, same caller hash. */
const unmatchedKey = (a: { answeredAt: Date; callerHash: string | null }): string => `${a.answeredAt.toISOString()}|${a.callerHash ?? ''}`;

/**
 * The hang-up satisfaction register (挂机满意度): survey answers from the feed (`survey.answered`, kept on the call as
 * `Call.survey`) and from imports of the platform's survey export (SurveyAnswer rows), one answer per call — the feed
 * wins over an import of the same call. A call's answer counts in the local month of the call's `offeredAt`; an
 * imported answer matching no call counts in the local month of its own time.
 *
 * KPI (contract, 项目绩效目标 2): 挂机评价满意率 = (非常满意 + 基本满意) / 总参评量 x 100 %, 2 decimals half-up. The survey
 * rate beside it is responses / agent-answered calls (outcome `answered`) of the month, 2 decimals half-up.
 */
@Injectable()
export class SatisfactionService implements RegisterSource {
  readonly register = 'satisfaction' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly states: MonthStateService,
    @Inject(CallerVault) private readonly vault: CallerVault,
  ) {}

  private get timeZone(): string {
    return this.config.HOTLINE_TIMEZONE;
  }

  /** [start, end) of the local month `month` (YYYY-MM), UTC instants. */
  private range(month: string): { gte: Date; lt: Date } {
    return { gte: startOfMonth(month, this.timeZone), lt: startOfMonth(nextMonth(month), this.timeZone) };
  }

  /** Counts per level of the month's answers: the feed's (Call.survey) and the imported ones no feed answer doubles. */
  private async counts(month: string): Promise<{ feed: Record<SurveyLevel, number>; imported: Record<SurveyLevel, number>; agentAnswered: number }> {
    const offeredAt = this.range(month);
    const [agentAnswered, grouped, answers] = await Promise.all([
      this.prisma.call.count({ where: { offeredAt, outcome: 'answered' } }),
      this.prisma.call.groupBy({ by: ['survey'], where: { offeredAt, survey: { not: null } }, _count: { _all: true } }),
      this.prisma.surveyAnswer.findMany({ where: { month }, select: { callId: true, level: true } }),
    ]);
    const feed = zeroLevels();
    for (const g of grouped) if (isLevel(g.survey)) feed[g.survey] += g._count._all;
    const linked = answers.flatMap((a) => (a.callId ? [a.callId] : []));
    const rated = new Set(
      linked.length ? (await this.prisma.call.findMany({ where: { callId: { in: linked }, survey: { not: null } }, select: { callId: true } })).map((c) => c.callId) : [],
    );
    const imported = zeroLevels();
    for (const a of answers) if (isLevel(a.level) && !(a.callId && rated.has(a.callId))) imported[a.level] += 1;
    return { feed, imported, agentAnswered };
  }

  /** The month's satisfaction (`GET /api/registers/satisfaction?month=`): answers by level and source, the KPI and the survey rate. */
  async view(month: string): Promise<SatisfactionView> {
    const { feed, imported, agentAnswered } = await this.counts(month);
    const sum = (r: Record<SurveyLevel, number>) => r['very-satisfied'] + r['basically-satisfied'] + r.dissatisfied;
    const verySatisfied = feed['very-satisfied'] + imported['very-satisfied'];
    const basicallySatisfied = feed['basically-satisfied'] + imported['basically-satisfied'];
    const dissatisfied = feed.dissatisfied + imported.dissatisfied;
    const responses = verySatisfied + basicallySatisfied + dissatisfied;
    return {
      month,
      agentAnswered,
      responses,
      verySatisfied,
      basicallySatisfied,
      dissatisfied,
      fromFeed: sum(feed),
      imported: sum(imported),
      satisfactionPercent: percent(verySatisfied + basicallySatisfied, responses, 2),
      surveyRatePercent: percent(responses, agentAnswered, 2),
    };
  }

  /** `{ veryOrBasicallySatisfied, surveyResponses }` of `month` (libs/scoring's field names). */
  async figures(month: string): Promise<Record<string, number>> {
    const v = await this.view(month);
    return { veryOrBasicallySatisfied: v.verySatisfied + v.basicallySatisfied, surveyResponses: v.responses };
  }

  /** Nothing keeps a satisfaction month from being closed: the answers are what they are. */
  async blockers(_month: string): Promise<Blocker[]> {
    return [];
  }

  /**
   * Imports the platform's survey export (CSV or xlsx; columns {@link SURVEY_IMPORT_COLUMNS}): `time` (ISO instant or
   * local `YYYY-MM-DD HH:mm[:ss]` in the hotline's zone), `callId` (must be in the ledger) or `caller` (the number:
   * hashed with the caller vault, matched to the caller's agent-answered call nearest before the time, within
   * {@link CALLER_MATCH_WINDOW_MS}; the number itself is never stored), `rating` (1 / 非常满意 / very-satisfied,
   * 2 / 基本满意 / basically-satisfied, 3 / 不满意 / dissatisfied). A row whose caller matches no call is kept without a
   * call. All or nothing: every bad row is named — among them an answer before its call was offered (field `time`)
   * and a call id given on two rows of the file (field `callId`); a call already rated (by the feed or an earlier
   * import), a call a caller row matches that an earlier row rated, and an unmatched answer already imported (same
   * time and caller) are counted as duplicates, not stored. Every month the rows fall in must be open (an import is
   * never a correction).
   * @throws the refusals of readTable (415, 400 `bad_file` / `unknown_column`); DomainError 400 `bad_rows` naming the
   *   first bad row and field (`rows[3].callId`); 409 `month_not_open` (field `month`) naming a month that is closed
   *   or confirmed; 409 `conflict` when a concurrent write rated the same call.
   */
  async import(body: Buffer | undefined, contentType: string | undefined, userId: number): Promise<ImportResult> {
    const rows = await readTable(body, contentType, SURVEY_IMPORT_COLUMNS);
    const errors = new RowErrors();

    // The ledger's calls the rows name, in one query.
    const named = [...new Set(rows.flatMap((r) => (r.values.callId ? [r.values.callId] : [])))];
    const calls = new Map(
      (named.length ? await this.prisma.call.findMany({ where: { callId: { in: named } }, select: { callId: true, offeredAt: true } }) : []).map((c) => [c.callId, c]),
    );

    const parsed: { row: number; answeredAt: Date; level: SurveyLevel; rawRating: string; callId: string | null; callerHash: string | null }[] = [];
    /** The first row of the file naming each call id. */
    const rowOfCall = new Map<string, number>();
    for (const { row, values } of rows) {
      let bad = false;
      const fail = (field: string, message: string): void => {
        errors.add(row, field, message);
        bad = true;
      };
      const answeredAt = values.time === undefined ? null : parseImportInstant(values.time, this.timeZone);
      if (values.time === undefined) fail('time', 'give the time of the answer');
      else if (answeredAt === null) fail('time', 'expected a time YYYY-MM-DD HH:mm[:ss] (local) or an ISO instant');
      const level = values.rating === undefined ? undefined : LEVEL_BY_TEXT.get(values.rating.trim().toLowerCase());
      if (values.rating === undefined) fail('rating', 'give the rating');
      else if (level === undefined) fail('rating', 'expected 1 / 非常满意, 2 / 基本满意 or 3 / 不满意');
      if (values.callId !== undefined && !calls.has(values.callId)) fail('callId', `no call "${values.callId.slice(0, 200)}" in the ledger`);
      if (values.callId !== undefined && rowOfCall.has(values.callId)) fail('callId', `call "${values.callId.slice(0, 200)}" is rated on row ${rowOfCall.get(values.callId)} already`);
      else if (values.callId !== undefined) rowOfCall.set(values.callId, row);
      const call = values.callId === undefined ? undefined : calls.get(values.callId);
      if (call && answeredAt && answeredAt.getTime() < call.offeredAt.getTime()) {
        fail('time', `the answer (${answeredAt.toISOString()}) is before its call was offered (${call.offeredAt.toISOString()})`);
      }
      if (values.callId === undefined && values.caller === undefined) fail('callId', "give the call id or the caller's number");
      if (values.caller !== undefined && !PHONE.test(values.caller)) fail('caller', 'expected a phone number');
      if (bad || !answeredAt || !level || values.rating === undefined) continue;
      parsed.push({
        row, answeredAt, level, rawRating: values.rating.slice(0, 100),
        callId: values.callId ?? null,
        callerHash: values.caller !== undefined ? this.vault.hash(values.caller) : null,
      });
    }
    errors.throwIfAny();

    // Rows with a caller and no call id: the caller's agent-answered call nearest before the answer.
    const byCaller = parsed.filter((p) => p.callId === null && p.callerHash !== null);
    if (byCaller.length) {
      const times = byCaller.map((p) => p.answeredAt.getTime());
      const candidates = await this.prisma.call.findMany({
        where: {
          callerId: { in: [...new Set(byCaller.map((p) => p.callerHash!))] },
          outcome: 'answered',
          offeredAt: { gte: new Date(Math.min(...times) - CALLER_MATCH_WINDOW_MS), lte: new Date(Math.max(...times)) },
        },
        select: { callId: true, callerId: true, offeredAt: true },
        orderBy: [{ offeredAt: 'desc' }, { callId: 'asc' }],
      });
      for (const p of byCaller) {
        const t = p.answeredAt.getTime();
        const match = candidates.find((c) => c.callerId === p.callerHash && c.offeredAt.getTime() <= t && c.offeredAt.getTime() >= t - CALLER_MATCH_WINDOW_MS);
        if (match) {
          p.callId = match.callId;
          calls.set(match.callId, match);
        }
      }
    }

    // The month of each answer, and whether that month takes entries.
    const prepared: PreparedAnswer[] = parsed.map((p) => ({
      ...p,
      month: monthKey(p.callId ? calls.get(p.callId)!.offeredAt : p.answeredAt, this.timeZone),
    }));
    const months = [...new Set(prepared.map((p) => p.month))].sort();
    assertImportable('satisfaction', await Promise.all(months.map(async (month) => ({ month, state: (await this.states.get('satisfaction', month)).state }))));

    // Duplicates: a call already rated (feed or import), or an unmatched answer already imported.
    const linked = [...new Set(prepared.flatMap((p) => (p.callId ? [p.callId] : [])))];
    const [feedRated, importedCalls, unmatched] = await Promise.all([
      linked.length ? this.prisma.call.findMany({ where: { callId: { in: linked }, survey: { not: null } }, select: { callId: true } }) : [],
      linked.length ? this.prisma.surveyAnswer.findMany({ where: { callId: { in: linked } }, select: { callId: true } }) : [],
      this.prisma.surveyAnswer.findMany({ where: { month: { in: months }, callId: null }, select: { answeredAt: true, callerHash: true } }),
    ]);
    const seenCalls = new Set<string>([...feedRated.map((c) => c.callId), ...importedCalls.flatMap((a) => (a.callId ? [a.callId] : []))]);
    const seenUnmatched = new Set(unmatched.map(unmatchedKey));
    const fresh = prepared.filter((p) => {
      const seen = p.callId ? seenCalls : seenUnmatched;
      const key = p.callId ?? unmatchedKey(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    try {
      if (fresh.length) {
        await this.prisma.surveyAnswer.createMany({
          data: fresh.map((p) => ({ callId: p.callId, callerHash: p.callerHash, answeredAt: p.answeredAt, month: p.month, level: p.level, rawRating: p.rawRating, createdById: userId })),
        });
      }
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError('conflict', 'a call of this import was rated meanwhile: import the file again', 'body');
      }
      throw error;
    }
    const result: ImportResult = { created: fresh.length, duplicates: prepared.length - fresh.length };
    auditNote({ after: { ...result, months, matchedToCalls: fresh.filter((p) => p.callId).length }, target: 'satisfaction:import' });
    return result;
  }
}

function zeroLevels(): Record<SurveyLevel, number> {
  return { 'very-satisfied': 0, 'basically-satisfied': 0, dissatisfied: 0 };
}

function isLevel(value: string | null): value is SurveyLevel {
  return value !== null && (SURVEY_LEVELS as readonly string[]).includes(value);
}
