import { z } from 'zod';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import { FeedHealth, Liveness, Readiness } from '../feed';
import { KpiQuery, KpiReport } from '../ledger';
import { LiveSnapshot } from '../live';
import { Outage, OutageBody } from '../outages';
import {
  ErlangABody,
  ErlangAMetrics,
  ErlangCBody,
  ErlangCMetrics,
  ForecastQuery,
  ForecastReport,
  Requirement,
  RequirementBody,
  StaffAAnswer,
  StaffABody,
  StaffCAnswer,
  StaffCBody,
} from '../planning';
import {
  CancelledJob,
  CellEditBody,
  CopyBody,
  EvaluateBody,
  JobParams,
  ListQuery,
  PlanBody,
  PlanStarted,
  PublishBody,
  RosterEvaluation,
  RosterJob,
  StopBody,
  StoppingJob,
  VersionDetail,
  VersionListItem,
  VersionParams,
} from '../roster';
import { MonthQuery, MonthReport, YearQuery, YearReport } from '../score';

/** The notice-board workbook's content type. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Liveness and readiness, the feed, the ledger, the live floor, outages, the score, the API's own description. */
export const operationsRoutes = {
  health: defineEndpoint({ id: 'health', method: 'GET', path: '/api/health', access: 'public', tag: 'feed', response: Liveness, summary: 'Liveness: answers while the API runs; no figures.' }),
  // Public like liveness: load balancers call it without a session. It shows ok/failing per part and the feed's backlog count, nothing else.
  healthReady: defineEndpoint({
    id: 'healthReady', method: 'GET', path: '/api/health/ready', access: 'public', tag: 'feed', response: Readiness,
    summary: 'Readiness: Postgres, Redis and the feed consumer (progress, backlog), each within a bounded time; 503 with the same body naming the failing parts.',
  }),
  feedHealth: defineEndpoint({ id: 'feedHealth', method: 'GET', path: '/api/feed/health', access: 'feed.deadLetters.read', tag: 'feed', response: FeedHealth, summary: 'Feed consumer totals and the backlog of each stream.' }),
  kpi: defineEndpoint({ id: 'kpi', method: 'GET', path: '/api/kpi', access: 'kpi.read', tag: 'ledger', query: KpiQuery, response: KpiReport, summary: 'KPIs of local days from..to from the ledger, per day and per agent.' }),
  liveSnapshot: defineEndpoint({ id: 'liveSnapshot', method: 'GET', path: '/api/live/snapshot', access: 'live.read', tag: 'live', response: LiveSnapshot, summary: 'The live floor snapshot (also pushed over Socket.IO as kpi:snapshot).' }),
  listOutages: defineEndpoint({ id: 'listOutages', method: 'GET', path: '/api/registers/outages', access: 'outages.read', tag: 'registers', response: z.array(Outage), summary: 'Outage windows, oldest first.' }),
  addOutage: defineEndpoint({
    id: 'addOutage', method: 'POST', path: '/api/registers/outages', access: 'outages.write', tag: 'registers', body: OutageBody, response: Outage, status: 201,
    summary: 'Registers an outage window; calls offered inside it leave the connect rate.',
  }),
  removeOutage: defineEndpoint({ id: 'removeOutage', method: 'DELETE', path: '/api/registers/outages/{id}', access: 'outages.write', tag: 'registers', params: IdParams, status: 204, summary: 'Removes an outage window.' }),
  scoreMonth: defineEndpoint({ id: 'scoreMonth', method: 'GET', path: '/api/score/month', access: 'score.read', tag: 'score', query: MonthQuery, response: MonthReport, summary: "The month's 100-point sheet with projection and budget." }),
  scoreYear: defineEndpoint({ id: 'scoreYear', method: 'GET', path: '/api/score/year', access: 'score.read', tag: 'score', query: YearQuery, response: YearReport, summary: 'The months of a contract year, the quarters and the renewal count.' }),
  openapi: defineEndpoint({
    id: 'openapi', method: 'GET', path: '/api/openapi.json', access: 'session', tag: 'docs', response: z.record(z.string(), z.unknown()),
    summary: 'This document: the OpenAPI 3.1 description of the API, generated from the contract.',
  }),
} as const;

/** Forecast, Erlang what-ifs, rosters. */
export const planningRoutes = {
  forecast: defineEndpoint({
    id: 'forecast', method: 'GET', path: '/api/forecast', access: 'forecast.read', tag: 'planning', query: ForecastQuery, response: ForecastReport,
    summary: 'Arrivals per interval for the coming weeks from the ledger, with the requirement per interval (Erlang C and A).',
  }),
  requirement: defineEndpoint({
    id: 'requirement', method: 'POST', path: '/api/staffing/requirement', access: 'staffing.calc', tag: 'planning', body: RequirementBody, response: Requirement,
    summary: 'What-if requirement per interval and the month view for given intervals (or a forecast).',
  }),
  erlangC: defineEndpoint({ id: 'erlangC', method: 'POST', path: '/api/erlang/c', access: 'staffing.calc', tag: 'planning', body: ErlangCBody, response: ErlangCMetrics, summary: 'Erlang C metrics of one interval.' }),
  erlangA: defineEndpoint({ id: 'erlangA', method: 'POST', path: '/api/erlang/a', access: 'staffing.calc', tag: 'planning', body: ErlangABody, response: ErlangAMetrics, summary: 'Erlang A metrics of one interval.' }),
  staffC: defineEndpoint({ id: 'staffC', method: 'POST', path: '/api/erlang/staff/c', access: 'staffing.calc', tag: 'planning', body: StaffCBody, response: StaffCAnswer, summary: 'Erlang C staffing: the fewest agents meeting the targets.' }),
  staffA: defineEndpoint({ id: 'staffA', method: 'POST', path: '/api/erlang/staff/a', access: 'staffing.calc', tag: 'planning', body: StaffABody, response: StaffAAnswer, summary: 'Erlang A staffing: the fewest agents meeting the targets.' }),
  rosterPlan: defineEndpoint({
    id: 'rosterPlan', method: 'POST', path: '/api/roster/plans', access: 'roster.write', tag: 'roster', body: PlanBody, response: PlanStarted, status: 202,
    summary: 'Starts a planning job; the same request again answers the same job.',
  }),
  rosterJob: defineEndpoint({ id: 'rosterJob', method: 'GET', path: '/api/roster/jobs/{jobId}', access: 'roster.read', tag: 'roster', params: JobParams, response: RosterJob, summary: "A planning job's state, progress and result." }),
  rosterCancelJob: defineEndpoint({
    id: 'rosterCancelJob', method: 'DELETE', path: '/api/roster/jobs/{jobId}', access: 'roster.write', tag: 'roster', params: JobParams, response: CancelledJob,
    summary: 'Cancels a planning job: a waiting one is removed, a running one stopped.',
  }),
  rosterStopJob: defineEndpoint({
    id: 'rosterStopJob', method: 'POST', path: '/api/roster/jobs/{jobId}/stop', access: 'roster.write', tag: 'roster', params: JobParams, body: StopBody, response: StoppingJob, status: 202,
    summary: 'Stops the search of a running planning job, keeping the best version (cancel discards it).',
  }),
  rosterVersions: defineEndpoint({ id: 'rosterVersions', method: 'GET', path: '/api/roster/versions', access: 'roster.read', tag: 'roster', query: ListQuery, response: z.array(VersionListItem), summary: 'Roster versions, newest first.' }),
  rosterVersion: defineEndpoint({ id: 'rosterVersion', method: 'GET', path: '/api/roster/versions/{id}', access: 'roster.read', tag: 'roster', params: VersionParams, response: VersionDetail, summary: 'A roster version with its cells and problem.' }),
  rosterEditCell: defineEndpoint({
    id: 'rosterEditCell', method: 'PATCH', path: '/api/roster/versions/{id}/cells', access: 'roster.write', tag: 'roster', params: VersionParams, body: CellEditBody, response: VersionDetail,
    summary: 'Edits one cell of a draft (409 on a published version or a stale revision).',
  }),
  rosterPublish: defineEndpoint({
    id: 'rosterPublish', method: 'POST', path: '/api/roster/versions/{id}/publish', access: 'roster.publish', tag: 'roster', params: VersionParams, body: PublishBody, response: VersionDetail,
    summary: 'Publishes a draft (409 when it breaks rules or overlaps another published roster, unless accepted).',
  }),
  rosterDelete: defineEndpoint({ id: 'rosterDelete', method: 'DELETE', path: '/api/roster/versions/{id}', access: 'roster.write', tag: 'roster', params: VersionParams, status: 204, summary: 'Deletes a draft (409 for a published or superseded version).' }),
  rosterCopy: defineEndpoint({
    id: 'rosterCopy', method: 'POST', path: '/api/roster/versions/{id}/copy', access: 'roster.write', tag: 'roster', params: VersionParams, body: CopyBody, response: VersionDetail, status: 201,
    summary: 'A new draft copied from a version (send an empty body).',
  }),
  rosterEvaluation: defineEndpoint({ id: 'rosterEvaluation', method: 'GET', path: '/api/roster/versions/{id}/evaluation', access: 'roster.read', tag: 'roster', params: VersionParams, response: RosterEvaluation, summary: "A version's evaluation." }),
  rosterEvaluate: defineEndpoint({
    id: 'rosterEvaluate', method: 'POST', path: '/api/roster/evaluate', access: 'roster.read', tag: 'roster', body: EvaluateBody, response: RosterEvaluation,
    summary: 'Evaluates a stored version or any roster against a problem.',
  }),
  rosterExport: defineEndpoint({
    id: 'rosterExport', method: 'GET', path: '/api/roster/versions/{id}/export.xlsx', access: 'roster.read', tag: 'roster', params: VersionParams, summary: 'The notice-board workbook.',
    responseContentType: XLSX_CONTENT_TYPE,
  }),
  rosterImport: defineEndpoint({
    id: 'rosterImport', method: 'POST', path: '/api/roster/versions/{id}/import', access: 'roster.write', tag: 'roster', params: VersionParams, response: VersionDetail, status: 201,
    summary: 'A new draft from an edited workbook (the .xlsx bytes as the body).',
    bodyContentType: XLSX_CONTENT_TYPE,
  }),
} as const;

