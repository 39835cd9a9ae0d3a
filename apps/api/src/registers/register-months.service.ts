import { Inject, Injectable } from '@nestjs/common';
import { REGISTERS, type RegisterMonthsView, type RegisterMonthView, type RegisterName } from '@hotline/contracts';
import type { RegisterFigures } from '@hotline/scoring';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MonthStateService, type MonthStateRow, type RegisterSource } from './month-state.js';
import { PeopleService } from './people.js';
import { closedFigures, monthRunning } from './register-common.js';

/** Injection token: every register's {@link RegisterSource} (RegistersModule provides the list). */
export const REGISTER_SOURCES = Symbol('REGISTER_SOURCES');

/**
 * The month states of all registers together: what each holds and what blocks it, the manager's close and reopen,
 * the bureau's confirm and return, and the figures the score may use — those of registers closed or confirmed for
 * the month (an open register's item is pending on the score sheet: its figures are not final).
 */
@Injectable()
export class RegisterMonthsService {
  private readonly sources: ReadonlyMap<RegisterName, RegisterSource>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly states: MonthStateService,
    private readonly people: PeopleService,
    @Inject(REGISTER_SOURCES) sources: readonly RegisterSource[],
  ) {
    this.sources = new Map(sources.map((s) => [s.register, s]));
  }

  /** Every register's month (in REGISTERS order): state, who closed and confirmed it, figures so far, blockers. */
  async months(month: string, now = new Date()): Promise<RegisterMonthsView> {
    return { month, registers: await Promise.all(REGISTERS.map((r) => this.view(r, month, now))) };
  }

  /** One register's month. */
  async view(register: RegisterName, month: string, now = new Date()): Promise<RegisterMonthView> {
    const [row, figures, blockers] = await Promise.all([this.states.get(register, month), this.figures(register, month), this.blockers(register, month, now)]);
    const person = await this.people.refs([row.closedById, row.confirmedById]);
    return {
      register,
      month,
      state: row.state,
      closed: row.closedById !== null && row.closedAt ? { by: person(row.closedById), at: row.closedAt.toISOString() } : null,
      confirmed: row.confirmedById !== null && row.confirmedAt ? { by: person(row.confirmedById), at: row.confirmedAt.toISOString() } : null,
      note: row.note,
      figures,
      blockers,
    };
  }

  /**
   * The supplier manager closes a register's month: it is complete and its figures count in the score.
   * @throws DomainError 409 `incomplete` (field `blockers`) while anything blocks it (the month has not ended, a
   *   complaint awaits a verdict, ...); 409 `bad_state` (field `state`) when it is not open.
   */
  async close(register: RegisterName, month: string, note: string | undefined, userId: number): Promise<RegisterMonthView> {
    const blockers = await this.blockers(register, month, new Date());
    if (blockers.length) throw new DomainError('incomplete', `the ${register} register of ${month} cannot be closed yet: ${blockers.join('; ')}`, 409, 'blockers');
    return this.move(register, month, 'open', 'closed', userId, note ?? null);
  }

  /** The supplier manager reopens a closed (not confirmed) register's month, with a reason. @throws DomainError 409 `bad_state`. */
  reopen(register: RegisterName, month: string, reason: string, userId: number): Promise<RegisterMonthView> {
    return this.move(register, month, 'closed', 'open', userId, reason);
  }

  /** The bureau confirms a closed register's month: from then on it changes only by correction entries. @throws DomainError 409 `bad_state`. */
  confirm(register: RegisterName, month: string, note: string | undefined, userId: number): Promise<RegisterMonthView> {
    return this.move(register, month, 'closed', 'confirmed', userId, note ?? null);
  }

  /** The bureau returns a closed register's month to the supplier (open again), with a reason. @throws DomainError 409 `bad_state`. */
  giveBack(register: RegisterName, month: string, reason: string, userId: number): Promise<RegisterMonthView> {
    return this.move(register, month, 'closed', 'open', userId, reason);
  }

  /**
   * The register figures the score of `month` may use: the figures (libs/scoring field names) of every register
   * closed or confirmed for the month, merged. A register still open contributes nothing, so its item's fields are
   * absent: unknown, the item pending (libs/scoring: an absent register field is unknown, never full marks).
   * @returns e.g. `{ justifiedComplaints: 1, trainingSessions: 2 }` when only complaints and trainings are closed.
   */
  async scoreFigures(month: string): Promise<RegisterFigures> {
    return closedFigures(
      await Promise.all(
        REGISTERS.map(async (register) => {
          const { state } = await this.states.get(register, month);
          return { state, figures: state === 'open' ? {} : await this.figures(register, month) };
        }),
      ),
    );
  }

  /** A source's figures ({} for a register whose source is not wired: nothing known). */
  private async figures(register: RegisterName, month: string): Promise<Record<string, number>> {
    const source = this.sources.get(register);
    return source ? source.figures(month) : {};
  }

  /** What keeps `month` from closing: the month not over yet, a register without a source, and the source's own. */
  private async blockers(register: RegisterName, month: string, now: Date): Promise<string[]> {
    const out = monthRunning(month, now, this.config.HOTLINE_TIMEZONE);
    const source = this.sources.get(register);
    if (!source) out.push(`the ${register} register is not available in this version`);
    else out.push(...(await source.blockers(month)));
    return out;
  }

  private async move(register: RegisterName, month: string, from: MonthStateRow['state'], to: MonthStateRow['state'], userId: number, note: string | null): Promise<RegisterMonthView> {
    const before = await this.view(register, month);
    await this.states.transition(register, month, from, to, userId, note);
    const after = await this.view(register, month);
    auditNote({ before, after, target: `register:${register}:${month}` });
    return after;
  }
}
