import { Inject, Injectable } from '@nestjs/common';
import { REGISTERS, type Blocker, type RegisterMonthsView, type RegisterMonthView, type RegisterName } from '@hotline/contracts';
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
    const [row, figures, blockers, warnings] = await Promise.all([
      this.states.get(register, month), this.figures(register, month), this.blockers(register, month, now), this.warnings(register, month),
    ]);
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
      warnings,
    };
  }

  /**
   * The supplier manager closes a register's month: it is complete and its figures count in the score. The blockers
   * are checked before and again after the (conditional) transition — once every writer holding the month's lock
   * has committed (MonthStateService.barrier) — so that an entry written meanwhile (a pending complaint) cannot slip
   * into a closed month: the month then goes back to open and the close is refused. (Should one slip in anyway, the
   * score takes nothing from a closed month with blockers: {@link scoreFigures}.)
   * @throws DomainError 409 `incomplete` (field `blockers`) while anything blocks it (the month has not ended, a
   *   complaint awaits a verdict, ...); 409 `bad_state` (field `state`) when it is not open.
   */
  async close(register: RegisterName, month: string, note: string | undefined, userId: number): Promise<RegisterMonthView> {
    const incomplete = (blockers: readonly Blocker[]) => this.incomplete(register, month, blockers);
    const blockers = await this.blockers(register, month, new Date());
    if (blockers.length) throw incomplete(blockers);
    const before = await this.view(register, month);
    await this.states.transition(register, month, 'open', 'closed', userId, note ?? null);
    await this.states.barrier(register, month);
    const late = await this.blockers(register, month, new Date());
    if (late.length) {
      // Something that blocks the close was written meanwhile: back to open (unless someone moved it already).
      await this.states.transition(register, month, 'closed', 'open', userId, before.note).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
      });
      throw incomplete(late);
    }
    const after = await this.view(register, month);
    auditNote({ before, after, target: `register:${register}:${month}` });
    return after;
  }

  /** The supplier manager reopens a closed (not confirmed) register's month, with a reason. @throws DomainError 409 `bad_state`. */
  reopen(register: RegisterName, month: string, reason: string, userId: number): Promise<RegisterMonthView> {
    return this.move(register, month, 'closed', 'open', userId, reason);
  }

  /**
   * The bureau confirms a closed register's month: from then on it changes only by correction entries. Not while
   * something blocks it (a correction entered a complaint that awaits its verdict): the bureau returns it instead.
   * @throws DomainError 409 `incomplete` (field `blockers`); 409 `bad_state` when it is not closed.
   */
  async confirm(register: RegisterName, month: string, note: string | undefined, userId: number): Promise<RegisterMonthView> {
    const blockers = await this.blockers(register, month, new Date());
    if (blockers.length) throw this.incomplete(register, month, blockers);
    return this.move(register, month, 'closed', 'confirmed', userId, note ?? null);
  }

  private incomplete(register: RegisterName, month: string, blockers: readonly Blocker[]): DomainError {
    return new DomainError('incomplete', `the ${register} register of ${month} cannot be closed or confirmed yet: ${blockers.map((b) => b.message).join('; ')}`, 'blockers');
  }

  /**
   * The bureau returns a closed or confirmed register's month to the supplier (open again), with a reason — also the
   * way to withdraw its own confirmation when a month must be imported into or changed at length.
   * @throws DomainError 409 `bad_state` when the month is open.
   */
  giveBack(register: RegisterName, month: string, reason: string, userId: number): Promise<RegisterMonthView> {
    return this.move(register, month, ['closed', 'confirmed'], 'open', userId, reason);
  }

  /**
   * The register figures the score of `month` may use: the figures (libs/scoring field names) of every register
   * closed or confirmed for the month and without blockers, merged. A register still open — or closed/confirmed
   * while something blocks it (a complaint entered by a correction awaits its verdict) — contributes nothing, so its
   * item's fields are absent: unknown, the item pending (libs/scoring: an absent register field is unknown, never
   * full marks).
   * @returns e.g. `{ justifiedComplaints: 1, trainingSessions: 2 }` when only complaints and trainings are closed.
   */
  async scoreFigures(month: string): Promise<RegisterFigures> {
    return closedFigures(
      await Promise.all(
        REGISTERS.map(async (register) => {
          const { state } = await this.states.get(register, month);
          if (state === 'open' || (await this.blockers(register, month, new Date())).length > 0) return { state: 'open' as const, figures: {} };
          return { state, figures: await this.figures(register, month) };
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
  private async blockers(register: RegisterName, month: string, now: Date): Promise<Blocker[]> {
    const out = monthRunning(month, now, this.config.HOTLINE_TIMEZONE);
    const source = this.sources.get(register);
    if (!source) out.push({ code: 'register_unavailable', message: `the ${register} register is not available in this version`, params: { register } });
    else out.push(...(await source.blockers(month)));
    return out;
  }

  /** What a close of `month` goes ahead despite (the source's warnings). */
  private async warnings(register: RegisterName, month: string): Promise<Blocker[]> {
    const source = this.sources.get(register);
    return source?.warnings ? source.warnings(month) : [];
  }

  private async move(
    register: RegisterName, month: string, from: MonthStateRow['state'] | readonly MonthStateRow['state'][], to: MonthStateRow['state'], userId: number, note: string | null,
  ): Promise<RegisterMonthView> {
    const before = await this.view(register, month);
    await this.states.transition(register, month, from, to, userId, note);
    const after = await this.view(register, month);
    auditNote({ before, after, target: `register:${register}:${month}` });
    return after;
  }
}
