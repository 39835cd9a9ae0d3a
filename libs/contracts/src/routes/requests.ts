import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import { DeskState, MyRequestsQuery, RequestsExportQuery, RequestsPage, RequestsQuery, ServiceRequestBody, ServiceRequestPatch, ServiceRequestView } from '../requests';
import { XLSX_CONTENT_TYPE } from './operations';

/** Registered requests (受理登记) and the agent desk: agents register their own, the shift lead and managers read all. */
export const requestRoutes = {
  desk: defineEndpoint({
    id: 'desk', method: 'GET', path: '/api/desk', access: 'requests.register', tag: 'requests', response: DeskState,
    summary: "The agent desk: the user's current call (answered by her agent id; caller masked, repeat callers of 24 h with their requests, the suggested type, the request already registered on it) and her unfinished requests (an account without an agent id gets agentId null and no current call).",
  }),
  registerRequest: defineEndpoint({
    id: 'registerRequest', method: 'POST', path: '/api/requests', access: 'requests.register', tag: 'requests', body: ServiceRequestBody, response: ServiceRequestView, status: 201,
    summary: 'Registers a request: on a call the author answered, or without one (callback, walk-in; the number stored encrypted, shown masked). A finished complaint opens a pending complaint in the complaints register.',
  }),
  updateRequest: defineEndpoint({
    id: 'updateRequest', method: 'PATCH', path: '/api/requests/{id}', access: 'requests.register', tag: 'requests', params: IdParams, body: ServiceRequestPatch, response: ServiceRequestView,
    summary: "Changes or finishes one's own request (404 for anyone else's); finishing with outcome complaint opens a pending complaint once, after which the outcome stays complaint (409).",
  }),
  myRequests: defineEndpoint({
    id: 'myRequests', method: 'GET', path: '/api/requests/mine', access: 'requests.register', tag: 'requests', query: MyRequestsQuery, response: RequestsPage,
    summary: "The signed-in user's own requests, newest first (drafts to finish with status=draft), callers masked.",
  }),
  requests: defineEndpoint({
    id: 'requests', method: 'GET', path: '/api/requests', access: 'requests.read', tag: 'requests', query: RequestsQuery, response: RequestsPage,
    summary: "Everyone's requests, newest first, filtered by day or month, status, outcome, business type, agent; callers masked.",
  }),
  request: defineEndpoint({
    id: 'request', method: 'GET', path: '/api/requests/{id}', access: 'session', tag: 'requests', params: IdParams, response: ServiceRequestView,
    summary: 'One request, caller masked: for `requests.read`, or its author; 404 for anyone else (whether it exists is not revealed).',
  }),
  exportRequests: defineEndpoint({
    id: 'exportRequests', method: 'GET', path: '/api/requests/export', access: 'requests.read', tag: 'requests', query: RequestsExportQuery,
    responseContentType: XLSX_CONTENT_TYPE, summary: 'The local month\'s requests (default the current month) as an xlsx workbook (zh-CN headers, callers masked).',
  }),
} as const;
