import type { RegisterFigures } from '@hotline/scoring';

/**
 * Where the score gets a month's register figures (libs/scoring `REGISTER_FIELDS`: surveys, justified complaints,
 * trainings, the QA sample and errors, reports, confidentiality breaches). Unknown is unknown: a field is returned
 * only when it is known for the month, i.e. when its register is closed (or confirmed) for that month; a field left
 * out makes its item pending and the month's score provisional (never full marks by assumption).
 *
 * The scoring module binds the {@link REGISTER_FIGURES} token to the registers' month states (RegisterMonthsService).
 */
export interface RegisterFiguresSource {
  /**
   * The known register figures of `month` (`YYYY-MM`, local), e.g. `{ trainingSessions: 2, qaSampled: 130,
   * qaErrorsFound: 1 }`; `{}` when nothing is known. Satisfaction counts (`veryOrBasicallySatisfied`,
   * `surveyResponses`) include the ledger's survey answers (`Call.survey`) and imported ones, once the
   * satisfaction register is closed.
   */
  figuresOf(month: string): Promise<RegisterFigures>;
}

/** Nest injection token of the {@link RegisterFiguresSource} the scoring service reads. */
export const REGISTER_FIGURES = Symbol('REGISTER_FIGURES');
