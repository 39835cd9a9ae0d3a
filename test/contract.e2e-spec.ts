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

jest.setTimeout(600_000);

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const FIRST = '1999-02-01';
const LAST = '1999-02-08';
const MAIN_ROLES: Role[] = ['shift_lead', 'planner', 'manager', 'bureau'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
    await stack.replay(BANK, ['--format', 'bank', '--day', `${FIRST}..${LAST}`, '--speed', 'max']);
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
    const outage = await call(API.addOutage, API.addOutage.path, { startsAt: '1999-02-08T10:00:00+08:00', endsAt: '1999-02-08T10:30:00+08:00', reason: 'contract test' } satisfies BodyOf<typeof API.addOutage>);
    expect(outage).toMatchObject({ startsAt: '1999-02-08T02:00:00.000Z', reason: 'contract test' });
    const listed = await call(API.listOutages, API.listOutages.path);
    expect(listed.map((o) => o.id)).toContain(outage.id);
    const refused = await main.send('POST', API.addOutage.path, { startsAt: '1999-02-08T10:00:00+08:00', endsAt: '1999-02-08T09:00:00+08:00', reason: 'x', extra: 1 });
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

  it('answers every GET operation of the registry as its schema says', async () => {
    const versions = await call(API.rosterVersions, API.rosterVersions.path);
    const version = versions.find((v) => v.status === 'published') ?? versions[0];
    const jobId = version?.jobId;
    if (!version || !jobId) throw new Error('run the writes first: no planned roster version');
    // The address of each GET operation (with its parameters), from its path in the registry.
    const concrete: Record<string, string> = {
      kpi: `?from=${FIRST}&to=${LAST}`,
      scoreMonth: '?month=1999-02',
      scoreYear: '?year=1999',
      forecast: '?weeks=2&shrinkage=0.3',
      calls: `?date=${LAST}&limit=50`,
      myCalls: `?date=${LAST}&limit=50`,
      deadLetters: '?limit=10',
      audit: '?limit=20',
      rosterVersions: '?limit=10',
    };
    const params: Record<string, string> = { id: String(version.id), jobId };
    const gets = ENDPOINTS.filter((e) => e.method === 'GET');
    for (const e of gets) {
      const path = e.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!(name in params)) throw new Error(`no value for {${name}} of ${e.id}`);
        return encodeURIComponent(params[name]);
      });
      if (e.responseContentType) {
        const res = await clientFor(e).fetch(path);
        expect({ id: e.id, status: res.status, type: res.headers.get('content-type') }).toEqual({ id: e.id, status: 200, type: e.responseContentType });
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
    expect(kpi.days.map((d) => d.date)).toEqual(Array.from({ length: 8 }, (_, i) => `1999-02-0${i + 1}`));
    const month = await call(API.scoreMonth, `${API.scoreMonth.path}?month=1999-02`);
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
    // Endpoints left to other specs: sign-in and accounts (access.e2e-spec), unmasking (caller-privacy.e2e-spec).
    const elsewhere = new Set(['login', 'logout', 'changePassword', 'createUser', 'updateUser', 'resetPassword', 'revokeSession', 'unmaskCaller', 'unmaskDeadLetter']);
    expect(ENDPOINTS.filter((e) => !checked.has(e.id) && !elsewhere.has(e.id)).map((e) => e.id)).toEqual([]);
  });
});
