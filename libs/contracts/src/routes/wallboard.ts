import { z } from 'zod';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import { WALLBOARD_TOKEN_HEADER, WallboardSnapshot, WallboardTokenBody, WallboardTokenCreated, WallboardTokenView } from '../wallboard';

/** The wallboard (issue 15): its snapshot (wallboard token, no session) and the tokens' management. */
export const wallboardRoutes = {
  wallboardSnapshot: defineEndpoint({
    id: 'wallboardSnapshot', method: 'GET', path: '/api/wallboard/snapshot', access: 'wallboard-token', tag: 'wallboard', response: WallboardSnapshot,
    headers: { [WALLBOARD_TOKEN_HEADER]: 'Required. A wallboard token (`wb_...`), as created by `POST /api/wallboard/tokens`.' },
    summary:
      'The hall wallboard\'s figures: interval, day and month connect rates against the target, calls waiting, longest wait, agents by state, the day\'s intervals, what needs attention now (null when the floor\'s list is not available). '
      + 'No caller data, no call ids. Takes a wallboard token only (no session): 401 `unauthenticated` without one, 401 `invalid_token` for an unknown, expired or revoked one; a session alone gets 403 `forbidden`.',
  }),
  listWallboardTokens: defineEndpoint({
    id: 'listWallboardTokens', method: 'GET', path: '/api/wallboard/tokens', access: 'wallboard.manage', tag: 'wallboard', response: z.array(WallboardTokenView),
    summary: 'Every wallboard token, newest first, with its state (never the secret).',
  }),
  createWallboardToken: defineEndpoint({
    id: 'createWallboardToken', method: 'POST', path: '/api/wallboard/tokens', access: 'wallboard.manage', tag: 'wallboard', body: WallboardTokenBody, response: WallboardTokenCreated, status: 201,
    summary: 'Creates a wallboard token for a screen: the secret is in this answer only (the server keeps its SHA-256). 400 `expiresAt` for an expiry not in the future.',
  }),
  revokeWallboardToken: defineEndpoint({
    id: 'revokeWallboardToken', method: 'DELETE', path: '/api/wallboard/tokens/{id}', access: 'wallboard.manage', tag: 'wallboard', params: IdParams, response: WallboardTokenView,
    summary: 'Revokes a wallboard token at once: its requests are refused and its sockets disconnected. 404 `not_found`, 409 `already_revoked`.',
  }),
} as const;
