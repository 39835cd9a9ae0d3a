import { Injectable, Module } from '@nestjs/common';
import type { Blocker, MonthState, RegisterName } from '@hotline/contracts';
import { DomainError } from '../common/domain-error.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

/**
 * What a register tells the month-state machine and the score: its running figures for a month, under libs/scoring's
 * ScoreInput field names (e.g. `{ trainingSessions: 2 }`), what still keeps the month from being complete (structured
 * {@link Blocker}s, e.g. `complaints_pending`; a close is refused while there are any) and what a close goes ahead
 * despite (warnings, optional).
 */
export interface RegisterSource {
  readonly register: RegisterName;
  /** The register's score-input counts for `month` (YYYY-MM, local) as they stand now. */
  figures(month: string): Promise<Record<string, number>>;
  /** Why `month` cannot be closed yet; empty when it can. */
  blockers(month: string): Promise<Blocker[]>;
  /** What a close of `month` goes ahead despite (shown beside the blockers); none when absent. */
  warnings?(month: string): Promise<Blocker[]>;
}

/** A register's month row as stored (no row: open). */
export interface MonthStateRow {
  state: MonthState;
  closedById: number | null;
  closedAt: Date | null;
  confirmedById: number | null;
  confirmedAt: Date | null;
  note: string | null;
}

const OPEN: MonthStateRow = { state: 'open', closedById: null, closedAt: null, confirmedById: null, confirmedAt: null, note: null };

/**
 * Options of a transaction that takes a month's lock ({@link MonthStateService.lock}): it may wait behind an import
 * of a large file holding the lock, so it gets more than Prisma's default 5 s.
 */
export const LOCKED_WRITE = { timeout: 150_000, maxWait: 30_000 } as const;

/** The database a state is read and written through: the service's client, or a transaction's. */
type Db = Prisma.TransactionClient;

/** The note a correction leaves on the month it sends back to closed (the bureau confirms it again). */
export function correctionNote(reason: string): string {
  return `更正待支队确认: ${reason}`.slice(0, 500);
}

/**
 * The month state of each register (open -> closed by the supplier manager -> confirmed by the bureau) and the rule
 * every register write obeys: an open month takes entries; a closed month takes none until it is reopened; a
 * confirmed month takes only correction entries, which need a reason (`correctionReason`) and send the month back
 * to closed — awaiting the bureau's confirmation again, so that a confirmed month never carries a change the bureau
 * has not seen (conservative: the state never overstates finality).
 */
@Injectable()
export class MonthStateService {
  constructor(private readonly prisma: PrismaService) {}

  /** The state of `register` in `month` (YYYY-MM); open when never closed. Read through `db` when given (a transaction). */
  async get(register: RegisterName, month: string, db: Db = this.prisma): Promise<MonthStateRow> {
    const row = await db.registerMonth.findUnique({ where: { register_month: { register, month } } });
    if (!row) return OPEN;
    return { state: row.state as MonthState, closedById: row.closedById, closedAt: row.closedAt, confirmedById: row.confirmedById, confirmedAt: row.confirmedAt, note: row.note };
  }

  /**
   * Takes the transaction-scoped advisory lock of `register`'s `month` (`pg_advisory_xact_lock` on a hash of
   * `<register>:<month>`): writers that check the state and write inside a transaction holding it are serialised
   * with each other and with a close (which waits for them before its re-check of the blockers).
   */
  async lock(db: Db, register: RegisterName, month: string): Promise<void> {
    await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${register}:${month}`}, 0))`;
  }

  /**
   * Waits until no transaction holds the lock of `register`'s `month` ({@link lock}): every writer that checked the
   * state before has committed (or given up) when this returns.
   */
  async barrier(register: RegisterName, month: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => this.lock(tx, register, month), LOCKED_WRITE);
  }

  /**
   * Checks that an entry of `register` in `month` may be written now and says whether it is a correction. A
   * correction (confirmed month, reason given) sends the month back to `closed` at once, its note
   * `更正待支队确认: <reason>` ({@link correctionNote}): the bureau confirms it again after seeing the change.
   * @param correctionReason - the body's `correctionReason` (trimmed) or undefined.
   * @param db - a transaction to read and demote through (the write then commits with the demotion).
   * @returns the reason to store with the entry: the correction reason in a confirmed month, else null.
   * @throws DomainError 409 `month_closed` (field `month`) when the month is closed (reopen it first);
   *   409 `correction_reason_required` (field `correctionReason`) in a confirmed month without a reason;
   *   400 `not_a_correction` (field `correctionReason`) when a reason is given for a month that is not confirmed.
   */
  async assertWritable(register: RegisterName, month: string, correctionReason: string | undefined, db: Db = this.prisma): Promise<string | null> {
    return this.assertWritableIn(register, [month], correctionReason, { db });
  }

  /**
   * {@link assertWritable} for an entry that touches several months at once (a training moved from one month to
   * another): every month must take it; a correction reason is required when any of them is confirmed (and is then
   * accepted for the others too), refused when none is. Each confirmed month goes back to closed.
   * @param options.closedTakes - a closed month takes the entry without a reason (the bureau's own entries:
   *   findings, due dates and re-checks are made on what the supplier closed); a reason there is refused.
   * @param options.dryRun - only check (nothing is demoted): for a refusal before costly work, the write checks again.
   * @throws the refusals of {@link assertWritable}.
   */
  async assertWritableIn(
    register: RegisterName,
    months: readonly string[],
    correctionReason: string | undefined,
    options: { db?: Db; closedTakes?: boolean; dryRun?: boolean } = {},
  ): Promise<string | null> {
    const db = options.db ?? this.prisma;
    const unique = [...new Set(months)];
    const states = await Promise.all(unique.map(async (month) => ({ month, state: (await this.get(register, month, db)).state })));
    const reason = correctionReason?.trim() ? correctionReason.trim() : undefined;
    const closed = states.find((s) => s.state === 'closed');
    if (closed && !options.closedTakes) {
      throw new DomainError('month_closed', `the ${register} register of ${closed.month} is closed: the supplier manager reopens it before it changes`, 'month');
    }
    const confirmed = states.filter((s) => s.state === 'confirmed');
    if (confirmed.length === 0) {
      if (reason !== undefined || correctionReason !== undefined) {
        const which = states.map((s) => `${s.month} is ${s.state}`).join(', ');
        throw new DomainError('not_a_correction', `the ${register} register of ${which}: a correction reason is only for a confirmed month`, 'correctionReason');
      }
      return null;
    }
    if (reason === undefined) {
      throw new DomainError(
        'correction_reason_required',
        `the ${register} register of ${confirmed[0]!.month} is confirmed by the bureau: it changes only by a correction entry with a reason`,
        'correctionReason',
      );
    }
    if (options.dryRun) return reason;
    for (const { month } of confirmed) {
      // Conditional: a month returned or demoted meanwhile is left as it is.
      await db.registerMonth.updateMany({
        where: { register, month, state: 'confirmed' },
        data: { state: 'closed', confirmedById: null, confirmedAt: null, note: correctionNote(reason) },
      });
    }
    return reason;
  }

  /**
   * Moves `register`'s `month` from one state (or one of several) to another (the caller checked the permission and
   * the blockers).
   * @throws DomainError 409 `bad_state` (field `state`) when the month is in none of `from`.
   */
  async transition(register: RegisterName, month: string, from: MonthState | readonly MonthState[], to: MonthState, userId: number, note: string | null): Promise<MonthStateRow> {
    const allowed: readonly MonthState[] = typeof from === 'string' ? [from] : from;
    const current = await this.get(register, month);
    if (!allowed.includes(current.state)) {
      throw new DomainError('bad_state', `the ${register} register of ${month} is ${current.state}, not ${allowed.join(' or ')}`, 'state');
    }
    const now = new Date();
    const data =
      to === 'closed'
        ? { state: to, closedById: userId, closedAt: now, confirmedById: null, confirmedAt: null, note }
        : to === 'confirmed'
          ? { state: to, confirmedById: userId, confirmedAt: now, note }
          : { state: to, closedById: null, closedAt: null, confirmedById: null, confirmedAt: null, note };
    // Conditional update: a concurrent transition of the same month loses with 409 instead of both winning.
    const updated = await this.prisma.registerMonth.updateMany({ where: { register, month, state: current.state }, data });
    if (updated.count === 0) {
      if (current.state !== 'open') throw new DomainError('bad_state', `the ${register} register of ${month} changed meanwhile`, 'state');
      try {
        await this.prisma.registerMonth.create({ data: { register, month, ...data } });
      } catch {
        throw new DomainError('bad_state', `the ${register} register of ${month} changed meanwhile`, 'state');
      }
    }
    return this.get(register, month);
  }
}

/** The month-state machine, shared by every register module. */
@Module({ providers: [MonthStateService], exports: [MonthStateService] })
export class MonthStateModule {}
