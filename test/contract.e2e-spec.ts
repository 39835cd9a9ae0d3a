/**
 * Issue 10, one typed contract: every endpoint has its schemas in libs/contracts, and the API's real answers match
 * them. A week of the Anonymous Bank is replayed into a stack of its own; a user with every supplier and bureau role
 * (an administrator and an agent where those roles are needed) calls every GET operation of the registry and the
 * main writes (outages, the what-ifs, a small roster plan, its edits, publication, copy, import, evaluation, a
 * cancelled job), and each answer is parsed with the endpoint's `response` schema (strict: a field missing or
 * added fails), its status compared with the registry's. `/api/openapi.json` is validated as OpenAPI 3.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { z } from 'zod';
import {
  API, ENDPOINTS, ErrorBody, SOCKET_EVENTS, VersionDetail, allows, buildOpenApi, type BodyOf, type EndpointDef, type ResponseOf, type Role,
} from '@hotline/contracts';
import { validateOpenApi } from './support/openapi';
import { ROOT, SHARED, createStack, type ApiClient, type Stack } from './support/stack';
import { smallPlan } from './support/roster-plan';
import { dayKey } from '@hotline/events';

jest.setTimeout(600_000);

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
/**
 * The month the bank's week is replayed into: the month before last (local), so that it is over and lies in the
 * registers' window (entry-window.ts: from the first day of the previous quarter).
 */
const MONTH = (() => {
  const [y, m] = dayKey(new Date(), 'Asia/Shanghai').split('-').map(Number);
  return new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
})();
const FIRST = `${MONTH}-01`;
const LAST = `${MONTH}-08`;
const MAIN_ROLES: Role[] = ['shift_lead', 'planner', 'manager', 'bureau'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Endpoints whose answers other specs check against the contract (they need state this spec does not make). */
const CHECKED_ELSEWHERE = new Set([
  'login', 'logout', 'changePassword', 'createUser', 'updateUser', 'resetPassword', 'revokeSession', 'unmaskCaller', 'unmaskDeadLetter', 'requeueDeadLetter', 'discardDeadLetter',
  // issue 12, each checked against the contract in its own spec (intake-push, business-types, call-import)
  'pushIntakeEvents', 'createIntakeSource', 'updateIntakeSource', 'deleteIntakeSource', 'createIntakeKey', 'revokeIntakeKey',
  'addBusinessType', 'updateBusinessType', 'removeBusinessType', 'addBusinessTypeRule', 'updateBusinessTypeRule', 'removeBusinessTypeRule',
  // issue 12's call-record import (test/call-import.e2e-spec.ts parses every answer with its schema)
  'createCallImportPreset', 'updateCallImportPreset', 'deleteCallImportPreset', 'previewCallImport', 'startCallImport', 'callImport',
  // issue 14's registered requests (test/requests-desk.e2e-spec.ts parses every answer with its schema)
  'registerRequest', 'updateRequest', 'request',
  // issue 14's hot topics and repeat callers (test/hot-topics.e2e-spec.ts parses every answer with its schema)
  'hotTopics', 'hotTopicSeries', 'hotTopicSpikes', 'repeatCallers',
  // issue 17's anytime solving (test/roster-anytime.e2e-spec.ts parses every answer with its schema)
  'rosterStopJob',
  // issue 14's knowledge base and case base (test/knowledge.e2e-spec.ts parses every answer with its schema)
  'searchKnowledge', 'listKnowledgeArticles', 'knowledgeArticle', 'addKnowledgeArticle', 'saveKnowledgeDraft', 'submitKnowledgeDraft', 'reviewKnowledgeArticle',
  'retireKnowledgeArticle', 'addKnowledgeCase', 'listKnowledgeCases', 'importKnowledge',
  // issue 15's hall wallboard (test/console-wallboard.e2e-spec.ts parses every answer with its schema)
  'wallboardSnapshot', 'listWallboardTokens', 'createWallboardToken', 'revokeWallboardToken',
  // issue 15's floor attention (test/console-floor-attention.e2e-spec.ts parses every answer with its schema)
  'floorSettings', 'floorSettingsPut', 'floorAttention', 'floorAlertAck',
  // issue 15's forecast days (test/forecast-days.e2e-spec.ts parses every answer with its schema)
  'forecastDays', 'markForecastDay', 'unmarkForecastDay', 'addForecastSpecialDay', 'removeForecastSpecialDay',
  // issue 18's ledger rollups (test/ledger-rollups.e2e-spec.ts parses every answer with its schema)
  'reconcileRollups',
]);

/** Issues of a value against a schema, as `path: message` lines (empty when it matches). */
function mismatches(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}${i.code === 'unrecognized_keys' ? ` ${i.keys.join(', ')}` : ''}`);
}

describe('the API answers as its contract says', () => {
  let stack: Stack;
  let main: ApiClient;
  let admin: ApiClient;
  let agent: ApiClient;
  /** Ids the registers' writes created, for the GETs of their files. */
  const ids: { training?: string; document?: string } = {};
  /** What was checked: endpoint id -> statuses seen. */
  const checked = new Map<string, number[]>();

  /** The client holding an endpoint's permission: the main user, else the administrator, else the agent. */
  function clientFor(e: EndpointDef): ApiClient {
    if (e.access === 'public' || e.access === 'session' || allows(MAIN_ROLES, e.access)) return main;
    if (allows(['admin'], e.access)) return admin;
    if (allows(['agent'], e.access)) return agent;
    throw new Error(`no test user holds ${e.access} (${e.id})`);
  }

  /** Calls an endpoint with the client that may and expects the registry's success status. @returns the answer's body. */
  async function request(e: EndpointDef, path: string, body?: unknown): Promise<unknown> {
    const client = clientFor(e);
    const res = e.method === 'GET' ? await client.get(path) : await client.send(e.method, path, body);
    expect({ id: e.id, status: res.status, body: res.status === (e.status ?? 200) ? 'ok' : res.body }).toEqual({ id: e.id, status: e.status ?? 200, body: 'ok' });
    checked.set(e.id, [...(checked.get(e.id) ?? []), res.status]);
    return res.body;
  }

  /** {@link request}, then parses the answer with the endpoint's response schema (strict). @returns the parsed answer. */
  async function call<R extends z.ZodType>(e: EndpointDef<z.ZodType, z.ZodType, z.ZodType, R>, path: string, body?: unknown): Promise<z.output<R>> {
    const answer = await request(e, path, body);
    if (!e.response) throw new Error(`${e.id} has no response schema`);
    expect({ id: e.id, mismatches: mismatches(e.response, answer) }).toEqual({ id: e.id, mismatches: [] });
    return e.response.parse(answer);
  }

  /** {@link request} for an endpoint that answers 204 with no body. */
  async function callNoContent(e: EndpointDef, path: string): Promise<void> {
    expect(e.status).toBe(204);
    expect(await request(e, path)).toBeNull();
  }

  beforeAll(async () => {
    stack = await createStack('contract');
    await stack.startApi();
    await stack.replay(BANK, ['--format', 'bank', '--day', '1999-02-01..1999-02-08', '--shift-to', FIRST, '--speed', 'max']);
    await stack.waitForIdle();
    main = await stack.signIn(MAIN_ROLES);
    admin = await stack.signIn(['admin']);
    const kpi = await main.get<ResponseOf<typeof API.kpi>>(`/api/kpi?from=${FIRST}&to=${LAST}`);
    agent = await stack.signIn(['agent'], { agentId: kpi.body.agents[0].agentId });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives every endpoint a response schema (unless it answers 204 or a file) and every write a body schema', () => {
    for (const e of ENDPOINTS) {
      const needsResponse = e.status !== 204 && e.responseContentType === undefined;
      expect({ id: e.id, response: e.response !== undefined }).toEqual({ id: e.id, response: needsResponse });
      // A placeholder is not a schema: the top level must say what the answer is.
      if (e.response) expect({ id: e.id, placeholder: e.response instanceof z.ZodUnknown || e.response instanceof z.ZodAny }).toEqual({ id: e.id, placeholder: false });
      if (['POST', 'PUT', 'PATCH'].includes(e.method) && e.id !== 'logout') expect({ id: e.id, body: e.body !== undefined || e.bodyContentType !== undefined }).toEqual({ id: e.id, body: true });
    }
  });

  it('serves a valid OpenAPI 3.1 document of the registry, to signed-in users only', async () => {
    const doc = await call(API.openapi, API.openapi.path);
    const { version } = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(ROOT, 'apps', 'api', 'package.json'), 'utf8')));
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApi(ENDPOINTS, { title: 'HotlineOps API', version }))));
    const result = await validateOpenApi(doc);
    expect(result.errors).toBeNull();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
    expect((await fetch(`${stack.baseUrl}${API.openapi.path}`)).status).toBe(401);
  });

  it('answers the writes with the registry status and schema: outages, what-ifs, a roster from plan to import', async () => {
    // Outages (201, then 204), and a refused one (the error shape).
    const outage = await call(API.addOutage, API.addOutage.path, { startsAt: `${MONTH}-08T10:00:00+08:00`, endsAt: `${MONTH}-08T10:30:00+08:00`, reason: 'contract test' } satisfies BodyOf<typeof API.addOutage>);
    expect(outage).toMatchObject({ startsAt: `${MONTH}-08T02:00:00.000Z`, reason: 'contract test' });
    const listed = await call(API.listOutages, API.listOutages.path);
    expect(listed.map((o) => o.id)).toContain(outage.id);
    const refused = await main.send('POST', API.addOutage.path, { startsAt: `${MONTH}-08T10:00:00+08:00`, endsAt: `${MONTH}-08T09:00:00+08:00`, reason: 'x', extra: 1 });
    expect(refused.status).toBe(400);
    expect(mismatches(ErrorBody, refused.body)).toEqual([]);
    await callNoContent(API.removeOutage, `/api/registers/outages/${outage.id}`);

    // The what-ifs: intervals, and the forecast report fed back as a what-if's forecast.
    const forecast = await call(API.forecast, `${API.forecast.path}?weeks=1`);
    const fromIntervals = await call(API.requirement, API.requirement.path, {
      intervals: forecast.intervals.slice(0, 48).map((iv) => ({ start: iv.start, arrivals: iv.arrivals })),
      ahtSeconds: 200,
      patienceSeconds: 120,
      targets: { targetConnectRate: 0.9 },
      shrinkage: 0.3,
    } satisfies BodyOf<typeof API.requirement>);
    expect(fromIntervals.intervals).toHaveLength(48);
    const fromForecast = await call(API.requirement, API.requirement.path, { forecast, ahtSeconds: 200, patienceSeconds: 120 } satisfies BodyOf<typeof API.requirement>);
    expect(fromForecast.intervals).toHaveLength(forecast.intervals.length);
    const stable = await call(API.erlangC, API.erlangC.path, { arrivalsPerHour: 120, ahtSeconds: 200, agents: 8, targetSeconds: 20 });
    expect(stable.stable).toBe(true);
    const unstable = await call(API.erlangC, API.erlangC.path, { arrivalsPerHour: 120, ahtSeconds: 200, agents: 5, targetSeconds: 20 });
    expect(unstable).toMatchObject({ stable: false, serviceLevel: null });
    await call(API.erlangA, API.erlangA.path, { callsPerInterval: 60, intervalMinutes: 30, ahtSeconds: 200, agents: 6, patienceSeconds: 120 });
    expect((await call(API.staffC, API.staffC.path, { arrivalsPerHour: 120, ahtSeconds: 200, serviceLevelTarget: 0.8, shrinkage: 0.3 })).model).toBe('C');
    expect((await call(API.staffA, API.staffA.path, { arrivalsPerHour: 120, ahtSeconds: 200, patienceSeconds: 120, minConnectRate: 0.9 })).requiredAgentsWithShrinkage).toBeGreaterThan(0);

    // A roster: plan (202), follow the job, then every version operation.
    const started = await call(API.rosterPlan, API.rosterPlan.path, smallPlan('contract', '1999-03-01', 8));
    const doomed = await call(API.rosterPlan, API.rosterPlan.path, smallPlan('contract-cancelled', '1999-03-01', 60));
    expect(await call(API.rosterCancelJob, `/api/roster/jobs/${doomed.jobId}`)).toEqual({ jobId: doomed.jobId, state: 'cancelled' });
    let job: ResponseOf<typeof API.rosterJob>;
    const deadline = Date.now() + 180_000;
    do {
      await new Promise((r) => setTimeout(r, 500));
      job = await call(API.rosterJob, `/api/roster/jobs/${started.jobId}`);
    } while (job.state !== 'completed' && job.state !== 'failed' && Date.now() < deadline);
    expect(job).toMatchObject({ state: 'completed', failedReason: null });
    const id = job.result!.versionId;
    const detail = await call(API.rosterVersion, `/api/roster/versions/${id}`);
    expect(detail.solve?.status).toBeDefined();
    const row = detail.roster.rows[1];
    const edited = await call(API.rosterEditCell, `/api/roster/versions/${id}/cells`, { agentId: row.agentId, date: '1999-03-02', code: null, revision: detail.revision } satisfies BodyOf<typeof API.rosterEditCell>);
    expect(edited.revision).toBe(detail.revision + 1);
    await call(API.rosterEvaluate, API.rosterEvaluate.path, { versionId: id } satisfies BodyOf<typeof API.rosterEvaluate>);
    const given = await call(API.rosterEvaluate, API.rosterEvaluate.path, { problem: edited.problem, roster: edited.roster } satisfies BodyOf<typeof API.rosterEvaluate>);
    expect(given.total).toEqual((await call(API.rosterEvaluation, `/api/roster/versions/${id}/evaluation`)).total);
    const published = await call(API.rosterPublish, `/api/roster/versions/${id}/publish`, { acceptViolations: true } satisfies BodyOf<typeof API.rosterPublish>);
    expect(published).toMatchObject({ status: 'published', hasLedger: true });
    const copy = await call(API.rosterCopy, `/api/roster/versions/${id}/copy`, {});
    expect(copy).toMatchObject({ status: 'draft', source: 'copy', basedOnId: id });
    const workbook = await main.fetch(`/api/roster/versions/${id}/export.xlsx`);
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get('content-type')).toBe(API.rosterExport.responseContentType);
    checked.set(API.rosterExport.id, [workbook.status]);
    const bytes = new Uint8Array(await workbook.arrayBuffer());
    const imported = await main.fetch(`/api/roster/versions/${id}/import`, { method: 'POST', headers: { 'content-type': XLSX }, body: new Blob([bytes]) });
    expect(imported.status).toBe(API.rosterImport.status);
    expect(mismatches(VersionDetail, await imported.json())).toEqual([]);
    checked.set(API.rosterImport.id, [imported.status]);
    await callNoContent(API.rosterDelete, `/api/roster/versions/${copy.id}`);
  });

  it('answers the registers as their schemas say: entries, imports, QA, reports, month states', async () => {
    const M = MONTH;
    const day = await call(API.calls, `${API.calls.path}?date=${LAST}&limit=200`);
    const answered = day.calls.filter((c) => c.outcome === 'answered');
    // complaints: received, adjudicated, imported
    const complaint = await call(API.addComplaint, API.addComplaint.path, {
      receivedAt: `${MONTH}-08T10:00:00+08:00`, channel: 'hotline', callId: answered[0].callId, caller: '13812345678', content: '坐席态度差',
    } satisfies BodyOf<typeof API.addComplaint>);
    expect(complaint.caller).toBe('138****5678');
    await call(API.complaintVerdict, `/api/registers/complaints/${complaint.id}/verdict`, { verdict: 'not_justified', reason: '经核实录音，服务规范' } satisfies BodyOf<typeof API.complaintVerdict>);
    const csv = (header: string, rows: string[]) => [header, ...rows].join('\n');
    const importFile = async (e: EndpointDef, body: string) => {
      const res = await main.fetch(e.path, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
      expect({ id: e.id, status: res.status }).toEqual({ id: e.id, status: e.status });
      expect({ id: e.id, mismatches: mismatches(e.response!, await res.json()) }).toEqual({ id: e.id, mismatches: [] });
      checked.set(e.id, [res.status]);
    };
    await importFile(API.importComplaints, csv('受理时间,渠道,投诉内容', [`${MONTH}-07 09:00,来信,对解答不满意`]));
    await importFile(API.importSurveys, csv('时间,呼叫ID,评价', answered.slice(0, 3).map((c, i) => `${MONTH}-09 00:30:00,${c.callId},${i + 1}`)));
    // confidentiality incidents
    const incident = await call(API.addIncident, API.addIncident.path, { date: `${MONTH}-04`, description: '登记错误', consequences: false } satisfies BodyOf<typeof API.addIncident>);
    await callNoContent(API.removeIncident, `/api/registers/confidentiality/${incident.id}`);
    await call(API.addIncident, API.addIncident.path, { date: `${MONTH}-05`, description: '工作群转发来电人姓名', consequences: true, consequenceDetail: '来电人投诉' } satisfies BodyOf<typeof API.addIncident>);
    // trainings, with the signed sheet attached
    const session = { date: `${MONTH}-05`, topic: 'system', title: '系统操作培训', trainer: '张老师', durationMinutes: 60, status: 'held', attendees: [main.userId] } satisfies BodyOf<typeof API.addTraining>;
    const training = await call(API.addTraining, API.addTraining.path, session);
    await call(API.updateTraining, `/api/registers/trainings/${training.id}`, { ...session, durationMinutes: 90 } satisfies BodyOf<typeof API.updateTraining>);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const attached = await main.fetch(`/api/registers/trainings/${training.id}/attachment`, { method: 'PUT', headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('签到表.png') }, body: new Blob([png]) });
    expect(attached.status).toBe(200);
    expect(mismatches(API.putTrainingAttachment.response!, await attached.json())).toEqual([]);
    checked.set(API.putTrainingAttachment.id, [attached.status]);
    ids.training = String(training.id);
    const planned = await call(API.addTraining, API.addTraining.path, { ...session, status: 'planned', attendees: [] } satisfies BodyOf<typeof API.addTraining>);
    await callNoContent(API.removeTraining, `/api/registers/trainings/${planned.id}`);
    // reports: due date, narrative, submission (frozen documents), findings
    await call(API.setReportDue, `/api/registers/reports/${M}/self_assessment/due`, { dueAt: '2099-01-01T00:00:00+08:00' } satisfies BodyOf<typeof API.setReportDue>);
    await call(API.putNarrative, `/api/registers/reports/${M}/narrative`, { problems: '夜间接通率偏低', improvements: '调整夜班' } satisfies BodyOf<typeof API.putNarrative>);
    const submitted = await call(API.submitReport, `/api/registers/reports/${M}/operations/submit`, {});
    expect(submitted.documents.map((d) => d.fileName)).toEqual([`${M}-月度运营报告.docx`, `${M}-月度运营报告.pdf`]);
    ids.document = String(submitted.documents[0].id);
    await call(API.addReportFindings, `/api/registers/reports/${M}/operations/findings`, { itemsMissing: 1, untruthful: 0, note: '缺少热点分析' } satisfies BodyOf<typeof API.addReportFindings>);
    // QA: the form, the sample, a review, a re-check, a call added on top
    const form = await call(API.putQaForm, API.putQaForm.path, {
      items: [{ key: 'norms', label: '服务规范', maxPoints: 40 }, { key: 'accuracy', label: '业务准确', maxPoints: 60 }],
    } satisfies BodyOf<typeof API.putQaForm>);
    const sample = await call(API.drawQaSample, `/api/qa/samples/${M}/draw`, { seed: 'contract' } satisfies BodyOf<typeof API.drawQaSample>);
    const first = encodeURIComponent(sample.calls[0].callId);
    const review = await call(API.reviewQaCall, `/api/qa/samples/${M}/calls/${first}/review`, { scores: { norms: 40, accuracy: 55 }, comment: '业务解答不全' } satisfies BodyOf<typeof API.reviewQaCall>);
    expect(review.review).toMatchObject({ formVersion: form.version, total: '95' });
    await call(API.recheckQaCall, `/api/qa/samples/${M}/calls/${first}/recheck`, { errorFound: false, note: '评分无误' } satisfies BodyOf<typeof API.recheckQaCall>);
    const extra = answered.find((c) => !sample.calls.some((s) => s.callId === c.callId))!;
    await call(API.addQaCall, `/api/qa/samples/${M}/calls`, { callId: extra.callId, reason: 'complaint' } satisfies BodyOf<typeof API.addQaCall>);
    // month states: close, reopen, close, confirm; close and return
    const path = (register: string, action: string) => `/api/registers/months/${M}/${register}/${action}`;
    expect((await call(API.closeRegisterMonth, path('confidentiality', 'close'), { note: '本月登记完毕' })).state).toBe('closed');
    expect((await call(API.reopenRegisterMonth, path('confidentiality', 'reopen'), { reason: '补充登记一起事件' })).state).toBe('open');
    await call(API.closeRegisterMonth, path('confidentiality', 'close'), {});
    expect((await call(API.confirmRegisterMonth, path('confidentiality', 'confirm'), {})).state).toBe('confirmed');
    await call(API.closeRegisterMonth, path('trainings', 'close'), {});
    expect((await call(API.returnRegisterMonth, path('trainings', 'return'), { reason: '签到表不清晰，请补充' })).state).toBe('open');
  });

  it('answers every GET operation of the registry as its schema says', async () => {
    const versions = await call(API.rosterVersions, API.rosterVersions.path);
    const version = versions.find((v) => v.status === 'published') ?? versions[0];
    const jobId = version?.jobId;
    if (!version || !jobId) throw new Error('run the writes first: no planned roster version');
    // The address of each GET operation (with its parameters), from its path in the registry.
    const concrete: Record<string, string> = {
      kpi: `?from=${FIRST}&to=${LAST}`,
      scoreMonth: `?month=${MONTH}`,
      scoreYear: `?year=${MONTH.slice(0, 4)}`,
      forecast: '?weeks=2&shrinkage=0.3',
      calls: `?date=${LAST}&limit=50`,
      myCalls: `?date=${LAST}&limit=50`,
      deadLetters: '?limit=10',
      audit: '?limit=20',
      rosterVersions: '?limit=10',
      listComplaints: `?month=${MONTH}`,
      listIncidents: `?month=${MONTH}`,
      listTrainings: `?month=${MONTH}`,
      listReports: `?month=${MONTH}`,
      staffReport: `?month=${MONTH}`,
      satisfaction: `?month=${MONTH}`,
    };
    const params: Record<string, string> = { id: String(version.id), jobId, month: MONTH, file: 'operations-report.pdf' };
    // `{id}` of the registers' files: the training's sign-in sheet, a submitted document (from the writes above)
    const idOf: Record<string, string | undefined> = { getTrainingAttachment: ids.training, submittedDocument: ids.document };
    const gets = ENDPOINTS.filter((e) => e.method === 'GET' && !CHECKED_ELSEWHERE.has(e.id));
    for (const e of gets) {
      const path = e.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = name === 'id' && e.id in idOf ? idOf[e.id] : params[name];
        if (value === undefined) throw new Error(`no value for {${name}} of ${e.id}: run the writes first`);
        return encodeURIComponent(value);
      });
      if (e.responseContentType) {
        const res = await clientFor(e).fetch(path);
        // `application/octet-stream` in the registry: a file whose type depends on what is asked (a PDF, a photo)
        const type = e.responseContentType === 'application/octet-stream' ? e.responseContentType : res.headers.get('content-type');
        expect({ id: e.id, status: res.status, type }).toEqual({ id: e.id, status: 200, type: e.responseContentType });
        checked.set(e.id, [res.status]);
        continue;
      }
      await call(e, `${path}${concrete[e.id] ?? ''}`);
    }
    // The public liveness answers without a session, with no figures.
    const health = await fetch(`${stack.baseUrl}${API.health.path}`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    // The ledger's figures arrived: the schemas were checked on real data, not on empty answers.
    const kpi = await call(API.kpi, `${API.kpi.path}?from=${FIRST}&to=${LAST}`);
    expect(kpi.days.map((d) => d.date)).toEqual(Array.from({ length: 8 }, (_, i) => `${MONTH}-0${i + 1}`));
    const month = await call(API.scoreMonth, `${API.scoreMonth.path}?month=${MONTH}`);
    expect(month.projection).not.toBeNull();
    const forecast = await call(API.forecast, `${API.forecast.path}?weeks=1`);
    expect(forecast.inputs?.ahtSource).toBe('measured');
    expect(gets.filter((e) => !checked.has(e.id)).map((e) => e.id)).toEqual([]);
  });

  it('pushes the live snapshot over Socket.IO with the schema of its socket event', async () => {
    const socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: main.cookie } });
    try {
      let timer: NodeJS.Timeout | undefined;
      const payload = await new Promise<unknown>((resolve, reject) => {
        socket.once(SOCKET_EVENTS.snapshot.name, resolve);
        socket.once('connect_error', reject);
        timer = setTimeout(() => reject(new Error('no snapshot within 10 s')), 10_000);
      }).finally(() => clearTimeout(timer));
      expect(mismatches(SOCKET_EVENTS.snapshot.payload, payload)).toEqual([]);
      expect(SOCKET_EVENTS.snapshot.payload.parse(payload).month.requests).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });

  it('checked every endpoint of the registry that the writes and reads reach', () => {
    // Endpoints left to other specs: sign-in and accounts (access.e2e-spec), unmasking (caller-privacy.e2e-spec),
    // dead-letter repair (dead-letter-repair.e2e-spec).
    const elsewhere = CHECKED_ELSEWHERE;
    expect(ENDPOINTS.filter((e) => !checked.has(e.id) && !elsewhere.has(e.id)).map((e) => e.id)).toEqual([]);
  });
});
