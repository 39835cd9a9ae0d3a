import { callRoutes, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request as call } from './api';

/**
 * The console's calls about the dead-letter store (issue 13): list (by status), the clear raw line (a reason,
 * audited), re-queue corrected events, discard. Typed by the contract (`callRoutes` of `@hotline/contracts`, the
 * same definitions `API` lists). Same conventions as `api-auth.ts`: the session cookie, the `X-CSRF-Token` header on
 * writes, a 401 ends the session, any other refusal is an {@link ApiError} with the server's `code`, message and
 * offending `field` (e.g. `events.0.ts`).
 */


type C = typeof callRoutes;

/** Dead-letter calls, typed by the contract. */
export const deadLettersApi = {
  /** `GET /api/dead-letters` (`feed.deadLetters.read`): newest first, masked, optionally of one status. */
  list: (query: QueryOf<C['deadLetters']>) => call(callRoutes.deadLetters, { query }),
  /**
   * `POST /api/dead-letters/{id}/raw` (`calls.unmask`, a reason, audited): the clear line. Keep it in the dialog's
   * state only (never a store or storage).
   */
  raw: (id: number, body: BodyOf<C['unmaskDeadLetter']>) => call(callRoutes.unmaskDeadLetter, { params: { id }, body }),
  /** `POST /api/dead-letters/{id}/requeue` (`feed.deadLetters.repair`): 400 names the field, 409 when not open. */
  requeue: (id: number, body: BodyOf<C['requeueDeadLetter']>) => call(callRoutes.requeueDeadLetter, { params: { id }, body }),
  /** `POST /api/dead-letters/{id}/discard` (`feed.deadLetters.repair`): 409 when not open. */
  discard: (id: number, body: BodyOf<C['discardDeadLetter']>) => call(callRoutes.discardDeadLetter, { params: { id }, body }),
};
