/**
 * The codes of the API's error bodies `{ statusCode, code, message, field? }` (ErrorBody in common.ts): one list, so
 * the API's one code -> HTTP status table (apps/api/src/common/domain-error.ts) covers every code and the console
 * translates every code (apps/console/src/locales/errors.ts). Two families:
 * - the API's own codes, snake_case (`not_found`, `stale_revision`);
 * - the domain libraries' input error codes, kebab-case (`not-an-integer`: {@link INPUT_ERROR_CODES} of
 *   `@hotline/events`), which the API passes through for the Erlang and scoring endpoints, and the Erlang
 *   staffing search's `target-unreachable`.
 */
import { z } from 'zod';
import { INPUT_ERROR_CODES } from '@hotline/events';

/** The API's own error codes (snake_case), in no particular order. */
export const API_ERROR_CODES = [
  // Requests the API cannot read or accept as a whole.
  'invalid_request', 'bad_file', 'bad_rows', 'unknown_column', 'duplicate_column', 'extra_field', 'too_large', 'unsupported_media_type',
  'method_not_allowed', 'http_error', 'internal',
  // Authentication, sessions and permissions.
  'unauthenticated', 'invalid_credentials', 'invalid_token', 'account_locked', 'session_ended', 'wrong_password', 'password_policy',
  'password_reused', 'forbidden', 'csrf', 'password_change_required', 'cross_origin', 'role_not_assignable', 'self_lockout',
  'agent_id_taken', 'login_taken', 'own_version', 'no_agent_id', 'undeclared', 'intake_unavailable', 'wallboard_unavailable',
  'too_many_requests', 'rate_limited',
  // Push intake signatures.
  'missing_header', 'unknown_key', 'bad_timestamp', 'stale_timestamp', 'bad_signature', 'source_disabled',
  // Things that are not there.
  'not_found', 'alert_not_found', 'no_form', 'no_caller', 'no_raw', 'unknown_agent', 'unknown_article', 'unknown_business_type',
  'unknown_call', 'unknown_parent', 'unknown_type',
  // Values a request may not hold.
  'bad_call', 'bad_attendee', 'in_future', 'agent_mismatch', 'due_before_month', 'not_a_correction', 'parent_is_self',
  'parent_not_top_level', 'parent_is_fallback', 'fallback_fixed', 'has_children', 'empty_match', 'not_ivr_choice', 'not_answered',
  'not_your_call',
  // Conflicts with the state of things.
  'conflict', 'duplicate_name', 'name_taken', 'name_in_use', 'code_taken', 'match_taken', 'in_use', 'event_exists', 'call_registered',
  'already_done', 'already_revoked', 'already_sampled', 'already_a_case', 'complaint_opened', 'request_not_done', 'sample_reviewed',
  'no_sample', 'not_reviewed', 'other_source', 'finished', 'running_elsewhere', 'not_running', 'not_draft', 'no_draft', 'in_review',
  'not_in_review', 'not_submitted', 'not_open', 'incomplete', 'retired', 'stale', 'stale_revision', 'rules_broken', 'overlap',
  'month_closed', 'month_not_open', 'month_running', 'correction_reason_required', 'bad_state', 'too_many_keys',
  // Valid requests the domain cannot answer.
  'insufficient_history', 'unreachable', 'target_unreachable', 'caller_key_unavailable',
  // A dependency is down.
  'audit_unavailable', 'stream_unavailable',
] as const;

/** Every code an API error body can carry: {@link API_ERROR_CODES}, the libraries' input error codes, `target-unreachable`. */
export const ErrorCode = z.enum([...API_ERROR_CODES, ...INPUT_ERROR_CODES, 'target-unreachable']);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The API's own codes (what `DomainError` carries). */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
