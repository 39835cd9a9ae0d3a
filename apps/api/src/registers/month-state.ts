import { Injectable, Module } from '@nestjs/common';
import type { MonthState, RegisterName } from '@hotline/contracts';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';

/**
 * What a register tells the month-state machine and the score: its running figures for a month, under libs/scoring's
 * ScoreInput field names (e.g. `{ trainingSessions: 2 }`), and what still keeps the month from being complete
 * (human-readable, e.g. `2 complaints await a verdict`; a close is refused while there are any).
 */
export interface RegisterSource {
  readonly register: RegisterName;
  /** The register's score-input counts for `month` (YYYY-MM, local) as they stand now. */
  figures(month: string): Promise<Record<string, number>>;
  /** Why `month` cannot be closed yet; empty when it can. */
  blockers(month: string): Promise<string[]>;
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
 * The month state of each register (open -> closed by the supplier manager -> confirmed by the bureau) and the rule
 * every register write obeys: an open month takes entries; a closed month takes none until it is reopened; a
 * confirmed month takes only correction entries, which need a reason (`correctionReason`).
 */
@Injectable()
export class MonthStateService {
  constructor(private readonly prisma: PrismaService) {}

  /** The state of `register` in `month` (YYYY-MM); open when never closed. */
  async get(register: RegisterName, month: string): Promise<MonthStateRow> {
    const row = await this.prisma.registerMonth.findUnique({ where: { register_month: { register, month } } });
    if (!row) return OPEN;
    return { state: row.state as MonthState, closedById: row.closedById, closedAt: row.closedAt, confirmedById: row.confirmedById, confirmedAt: row.confirmedAt, note: row.note };
  }

  /**
   * Checks that an entry of `register` in `month` may be written now and says whether it is a correction.
   * @param correctionReason - the body's `correctionReason` (trimmed) or undefined.
   * @returns the reason to store with the entry: the correction reason in a confirmed month, else null.
   * @throws DomainError 409 `month_closed` (field `month`) when the month is closed (reopen it first);
   *   409 `correction_reason_required` (field `correctionReason`) in a confirmed month without a reason;
   *   400 `not_a_correction` (field `correctionReason`) when a reason is given for a month that is not confirmed.
   */
  async assertWritable(register: RegisterName, month: string, correctionReason: string | undefined): Promise<string | null> {
    const { state } = await this.get(register, month);
    if (state === 'closed') {
      throw new DomainError('month_closed', `the ${register} register of ${month} is closed: the supplier manager reopens it before it changes`, 409, 'month');
    }
    if (state === 'confirmed') {
      if (correctionReason === undefined || correctionReason.trim() === '') {
        throw new DomainError(
          'correction_reason_required',
          `the ${register} register of ${month} is confirmed by the bureau: it changes only by a correction entry with a reason`,
          409,
          'correctionReason',
        );
      }
      return correctionReason.trim();
    }
    if (correctionReason !== undefined) {
      throw new DomainError('not_a_correction', `the ${register} register of ${month} is ${state}: a correction reason is only for a confirmed month`, 400, 'correctionReason');
    }
    return null;
  }

  /**
   * Moves `register`'s `month` from one state to another (the caller checked the permission and the blockers).
   * @throws DomainError 409 `bad_state` (field `state`) when the month is not in `from`.
   */
  async transition(register: RegisterName, month: string, from: MonthState, to: MonthState, userId: number, note: string | null): Promise<MonthStateRow> {
    const current = await this.get(register, month);
    if (current.state !== from) {
      throw new DomainError('bad_state', `the ${register} register of ${month} is ${current.state}, not ${from}`, 409, 'state');
    }
    const now = new Date();
    const data =
      to === 'closed'
        ? { state: to, closedById: userId, closedAt: now, confirmedById: null, confirmedAt: null, note }
        : to === 'confirmed'
          ? { state: to, confirmedById: userId, confirmedAt: now, note }
          : { state: to, closedById: null, closedAt: null, confirmedById: null, confirmedAt: null, note };
    // Conditional update: a concurrent transition of the same month loses with 409 instead of both winning.
    const updated = await this.prisma.registerMonth.updateMany({ where: { register, month, state: from }, data });
    if (updated.count === 0) {
      if (from !== 'open') throw new DomainError('bad_state', `the ${register} register of ${month} changed meanwhile`, 409, 'state');
      try {
        await this.prisma.registerMonth.create({ data: { register, month, ...data } });
      } catch {
        throw new DomainError('bad_state', `the ${register} register of ${month} changed meanwhile`, 409, 'state');
      }
    }
    return this.get(register, month);
  }
}

/** The month-state machine, shared by every register module. */
@Module({ providers: [MonthStateService], exports: [MonthStateService] })
export class MonthStateModule {}
