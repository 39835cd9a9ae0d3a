import type { ApiErrorCode } from '@hotline/contracts';
import { ErlangStaffingError } from '@hotline/erlang';
import { InputError } from '@hotline/events';
import { ForecastInputError } from '@hotline/forecast';

/** The HTTP statuses of the API's error bodies. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * The one code -> HTTP status table of the API: every error body's status comes from its code (the throw sites name
 * the code only). 400: the request is wrong; 401: who is asking is unknown; 403: they may not; 404: it is not there;
 * 409: it clashes with the state of things; 413/415: the body's size or type; 422: a valid request the data cannot
 * answer; 429: too many; 503: a dependency is down. Two codes have a second status at one place each, kept from
 * before the table for the clients: see {@link DomainError.withStatus}.
 */
export const ERROR_STATUS: Readonly<Record<ApiErrorCode, ErrorStatus>> = {
  invalid_request: 400, bad_file: 400, bad_rows: 400, unknown_column: 400, duplicate_column: 400, extra_field: 400, too_large: 413,
  unsupported_media_type: 415, method_not_allowed: 405, http_error: 400, internal: 500,
  unauthenticated: 401, invalid_credentials: 401, invalid_token: 401, account_locked: 401, session_ended: 401, wrong_password: 400,
  password_policy: 400, password_reused: 400, forbidden: 403, csrf: 403, password_change_required: 403, cross_origin: 403,
  role_not_assignable: 403, self_lockout: 409, agent_id_taken: 409, login_taken: 409, own_version: 403, no_agent_id: 403, undeclared: 403,
  intake_unavailable: 403, wallboard_unavailable: 403, too_many_requests: 429, rate_limited: 429,
  missing_header: 401, unknown_key: 401, bad_timestamp: 401, stale_timestamp: 401, bad_signature: 401, source_disabled: 403,
  not_found: 404, alert_not_found: 404, no_form: 404, no_caller: 404, no_raw: 404, unknown_agent: 400, unknown_article: 400,
  unknown_business_type: 400, unknown_call: 400, unknown_parent: 400, unknown_type: 400,
  bad_call: 400, bad_attendee: 400, in_future: 400, out_of_window: 400, agent_mismatch: 400, due_before_month: 400, not_a_correction: 400, parent_is_self: 400,
  parent_not_top_level: 400, parent_is_fallback: 400, fallback_fixed: 400, has_children: 400, empty_match: 400, not_ivr_choice: 400,
  not_answered: 400, not_your_call: 400,
  conflict: 409, duplicate_name: 409, name_taken: 409, name_in_use: 409, code_taken: 409, match_taken: 409, in_use: 409, event_exists: 409,
  call_registered: 409, already_done: 409, already_revoked: 409, already_sampled: 409, already_a_case: 409, complaint_opened: 409,
  request_not_done: 409, sample_reviewed: 409, no_sample: 409, not_reviewed: 409, other_source: 409, finished: 409, running_elsewhere: 409,
  not_running: 409, not_draft: 409, no_draft: 409, in_review: 409, not_in_review: 409, not_submitted: 409, not_open: 409, incomplete: 409,
  retired: 409, stale: 409, stale_revision: 409, rules_broken: 409, overlap: 409, month_closed: 409, month_not_open: 409,
  month_running: 409, correction_reason_required: 409, bad_state: 409, too_many_keys: 409,
  insufficient_history: 422, unreachable: 422, target_unreachable: 422, caller_key_unavailable: 422,
  audit_unavailable: 503, stream_unavailable: 503, database_unavailable: 503, redis_unavailable: 503,
};

/**
 * A request the API refuses; `code` is stable for clients (the console translates it), `field` names the offending
 * input. Its status comes from {@link ERROR_STATUS}; {@link DomainErrorFilter} writes `{ statusCode, code, message, field }`.
 */
export class DomainError extends Error {
  private statusOverride?: ErrorStatus;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The HTTP status: the code's in {@link ERROR_STATUS} (or the one of {@link DomainError.withStatus}). */
  get status(): ErrorStatus {
    return this.statusOverride ?? ERROR_STATUS[this.code];
  }

  /**
   * A refusal whose status is not its code's in {@link ERROR_STATUS}: only for the two places where the API has
   * always answered so and clients rely on it: `too_large` 400 for work too large for one computation (413 is for
   * a body too large), `bad_rows` 409 for an import that can go on with `confirm=true` (400 when nothing can).
   */
  static withStatus(code: 'too_large' | 'bad_rows', status: 400 | 409, message: string, field?: string): DomainError {
    const error = new DomainError(code, message, field);
    error.statusOverride = status;
    return error;
  }

  /** The same refusal naming another field (status kept). */
  withField(field: string): DomainError {
    const error = new DomainError(this.code, this.message, field);
    error.statusOverride = this.statusOverride;
    return error;
  }
}

/** The API's code for a library input error code: a short history and an unreachable target are 422s, the rest 400. */
const API_CODE_OF_INPUT: Partial<Record<InputError['code'], ApiErrorCode>> = {
  'insufficient-history': 'insufficient_history',
  unreachable: 'unreachable',
};

/**
 * Runs library code; its input errors ({@link InputError}: Erlang, forecast, roster, scoring) become DomainErrors
 * naming the field: `invalid_request` 400, except `insufficient_history` and `unreachable` 422 and `too_large` 400
 * (work too large for one call); an unreachable staffing target is `target_unreachable` 422.
 * @param rename maps a library field path to the request's own name for it; a forecast error whose field is
 *   renamed gets the request's name in front of its message (`weeks: historyWeeks must be ...`).
 */
export function domain<T>(run: () => T, rename: (field: string) => string = (f) => f): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ErlangStaffingError) throw new DomainError('target_unreachable', error.message);
    if (!(error instanceof InputError)) throw error;
    const field = rename(error.field);
    const message = error instanceof ForecastInputError && field !== error.field ? `${field}: ${error.message}` : error.message;
    const code: InputError['code'] = error.code;
    if (code === 'too-large') throw DomainError.withStatus('too_large', 400, message, field);
    throw new DomainError(API_CODE_OF_INPUT[code] ?? 'invalid_request', message, field);
  }
}
