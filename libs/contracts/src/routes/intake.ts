import { z } from 'zod';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import {
  INTAKE_HEADERS, IntakeKeyBody, IntakeKeyCreated, IntakeKeyParams, IntakeKeyView, IntakePushBody, IntakePushResult, IntakeSourceBody, IntakeSourcePatch,
  IntakeSourceView, IntakeStatus,
} from '../intake';

/** Intake (issue 12): the platform push, the status page, and the sources with their API keys. */
export const intakeRoutes = {
  pushIntakeEvents: defineEndpoint({
    id: 'pushIntakeEvents', method: 'POST', path: '/api/intake/events', access: 'intake-key', tag: 'intake', body: IntakePushBody, response: IntakePushResult, status: 202,
    selfAudited: true,
    headers: {
      [INTAKE_HEADERS.key]: 'Required. The key id of the pushing source (`hk_...`).',
      [INTAKE_HEADERS.timestamp]: 'Required. Unix seconds when the request was signed; refused when more than 300 s from the server clock.',
      [INTAKE_HEADERS.signature]: 'Required. `sha256=` + hex HMAC-SHA-256 with the key\'s secret over `${timestamp}.${rawBody}`.',
    },
    summary:
      'Platform push: a batch of 1..1000 canonical events (`{ events }`) or per-call records (`{ calls }`), signed with a source\'s API key (no session, no CSRF). '
      + 'The whole batch is validated before anything is written (400 naming the field); `source` becomes the source\'s name and `callId` / `eventId` `<source>:<id>` (the source\'s namespace); every resulting event must be storable; '
      + 'events already accepted in the last 24 h are skipped. 202 once the batch is on the live stream. 401 `unknown_key` / `stale_timestamp` / `bad_signature`, '
      + '403 `source_disabled` (after the signature is verified), 413 over 5 MB, 429 over the rate limit.',
  }),
  intakeStatus: defineEndpoint({
    id: 'intakeStatus', method: 'GET', path: '/api/intake/status', access: 'intake.read', tag: 'intake', response: IntakeStatus,
    summary: 'Every configured source and every source seen in the feed: last event (feed clock), last seen (wall clock), lag, events per minute (5/60 min), dead letters and refused pushes in the last hour, silence alarm.',
  }),
  listIntakeSources: defineEndpoint({
    id: 'listIntakeSources', method: 'GET', path: '/api/intake/sources', access: 'intake.manage', tag: 'intake', response: z.array(IntakeSourceView),
    summary: 'Configured intake sources with their API keys (ids and dates, never secrets), by name.',
  }),
  createIntakeSource: defineEndpoint({
    id: 'createIntakeSource', method: 'POST', path: '/api/intake/sources', access: 'intake.manage', tag: 'intake', body: IntakeSourceBody, response: IntakeSourceView, status: 201,
    summary: 'Configures a source (409 `name_taken`). Its name is the `source` stamped on its events and cannot change.',
  }),
  updateIntakeSource: defineEndpoint({
    id: 'updateIntakeSource', method: 'PATCH', path: '/api/intake/sources/{id}', access: 'intake.manage', tag: 'intake', params: IdParams, body: IntakeSourcePatch, response: IntakeSourceView,
    summary: 'Changes a source\'s kind, description, enabled flag or silence threshold (a disabled source\'s pushes are refused, 403 `source_disabled`).',
  }),
  deleteIntakeSource: defineEndpoint({
    id: 'deleteIntakeSource', method: 'DELETE', path: '/api/intake/sources/{id}', access: 'intake.manage', tag: 'intake', params: IdParams, status: 204,
    summary: 'Removes a source and its keys (its pushes are refused from then on; events already received stay in the ledger).',
  }),
  createIntakeKey: defineEndpoint({
    id: 'createIntakeKey', method: 'POST', path: '/api/intake/sources/{id}/keys', access: 'intake.manage', tag: 'intake', params: IdParams, body: IntakeKeyBody, response: IntakeKeyCreated, status: 201,
    summary: 'Creates an API key: the secret is in this answer only (stored encrypted). At most 2 active keys per source (409 `too_many_keys`: revoke one first).',
  }),
  revokeIntakeKey: defineEndpoint({
    id: 'revokeIntakeKey', method: 'DELETE', path: '/api/intake/sources/{id}/keys/{keyId}', access: 'intake.manage', tag: 'intake', params: IntakeKeyParams, response: IntakeKeyView,
    summary: 'Revokes an API key at once (pushes signed with it are refused, 401 `unknown_key`). 404 `not_found` for a key not of this source; 409 `already_revoked`.',
  }),
} as const;
