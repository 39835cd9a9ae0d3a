import { z } from 'zod';
import {
  CallIdParams, CallsPage, CallsQuery, DeadLetterIdParams, DeadLetterView, DeadLettersQuery, MyCallsQuery, UnmaskBody, UnmaskedCaller,
  UnmaskedDeadLetter, DiscardDeadLetterBody, RequeueDeadLetterBody, RequeuedDeadLetter,
} from '../calls';
import { defineEndpoint } from '../endpoint';

/** Calls of the ledger (caller masked), unmasking a caller's number (audited), the dead-letter store. */
export const callRoutes = {
  calls: defineEndpoint({
    id: 'calls', method: 'GET', path: '/api/calls', access: 'calls.read', tag: 'calls', query: CallsQuery, response: CallsPage,
    summary: 'Calls of a local day (default today), newest first: callers masked, repeat callers grouped by `callerRef` and counted over 24 h.',
  }),
  myCalls: defineEndpoint({
    id: 'myCalls', method: 'GET', path: '/api/calls/mine', access: 'calls.read.own', tag: 'calls', query: MyCallsQuery, response: CallsPage,
    summary: "The calls the user's own agent id answered on a local day, callers masked (403 `no_agent_id` for an account without one).",
  }),
  unmaskCaller: defineEndpoint({
    id: 'unmaskCaller', selfAudited: true, method: 'POST', path: '/api/calls/{callId}/caller', access: 'calls.unmask', tag: 'calls', params: CallIdParams, body: UnmaskBody,
    response: UnmaskedCaller, summary: "A caller's number in full: a reason (5..500 characters) is required and the access is audited (`calls.unmask`).",
  }),
  deadLetters: defineEndpoint({
    id: 'deadLetters', method: 'GET', path: '/api/dead-letters', access: 'feed.deadLetters.read', tag: 'feed', query: DeadLettersQuery, response: z.array(DeadLetterView),
    summary: 'Most recent dead letters (raw line and reason with digit runs masked, file name without its path), newest first, optionally of one status (open, requeued, discarded).',
  }),
  unmaskDeadLetter: defineEndpoint({
    id: 'unmaskDeadLetter', selfAudited: true, method: 'POST', path: '/api/dead-letters/{id}/raw', access: 'calls.unmask', tag: 'feed', params: DeadLetterIdParams, body: UnmaskBody,
    response: UnmaskedDeadLetter, summary: "A dead letter's raw line in full, for repair: a reason is required and the access is audited (`deadLetters.unmask`).",
  }),
  requeueDeadLetter: defineEndpoint({
    id: 'requeueDeadLetter', selfAudited: true, method: 'POST', path: '/api/dead-letters/{id}/requeue', access: 'feed.deadLetters.repair', tag: 'feed',
    params: DeadLetterIdParams, body: RequeueDeadLetterBody, response: RequeuedDeadLetter,
    summary: 'Repairs an open dead letter: its corrected canonical events (1..50) go to the live stream and it becomes `requeued`; 400 names the field (`events.0.ts`), 409 when not open; audited (`deadLetters.requeue`).',
  }),
  discardDeadLetter: defineEndpoint({
    id: 'discardDeadLetter', selfAudited: true, method: 'POST', path: '/api/dead-letters/{id}/discard', access: 'feed.deadLetters.repair', tag: 'feed',
    params: DeadLetterIdParams, body: DiscardDeadLetterBody, response: DeadLetterView,
    summary: 'Discards an open dead letter with a reason (409 when not open); audited (`deadLetters.discard`).',
  }),
} as const;
