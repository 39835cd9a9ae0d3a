import { DEFAULT_SYNTHETIC_PROFILE, synthesizeDay } from '@hotline/events';
import { DEFAULT_KPI_POLICY, FloorState, KpiAggregator, buildLiveSnapshot, foldEvents, reportFromEvents } from '@hotline/kpi';
import { erlangAMetrics, erlangCMetrics, staffErlangA } from '@hotline/erlang';
import { scoreMonth, scoreYear } from '@hotline/scoring';
import { validateOpenApi } from '../../../test/support/openapi';
import { ForecastQuery, KpiQuery, KpiReport, ListQuery, LiveSnapshot, MonthScore, VersionParams, YearQuery, YearResult } from './index';
import { ErlangAMetrics, StaffAAnswer } from './planning';
import { ENDPOINTS, buildOpenApi, expressPath, SOCKET_EVENTS } from './index';

/** The parts of the document the tests read. */
type Doc = {
  paths: Record<string, Record<string, { operationId: string; 'x-permission': string; parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>;
  'x-socket-events': { name: string; payload: unknown }[];
};

describe('the endpoint registry', () => {
  it('names every operation once, at one method and path', () => {
    expect(new Set(ENDPOINTS.map((e) => e.id)).size).toBe(ENDPOINTS.length);
    expect(new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`)).size).toBe(ENDPOINTS.length);
  });

  it('gives every JSON operation a response schema, every write a body, every path placeholder a parameter', () => {
    for (const e of ENDPOINTS) {
      if (e.status !== 204 && !e.responseContentType) expect({ id: e.id, response: e.response !== undefined }).toEqual({ id: e.id, response: true });
      if (e.method === 'POST' || e.method === 'PATCH' || e.method === 'PUT') {
        // Sign-out and the endpoints whose body is a file carry no JSON body.
        if (e.id !== 'logout') expect({ id: e.id, body: e.body !== undefined || e.bodyContentType !== undefined }).toEqual({ id: e.id, body: true });
      }
      const placeholders = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const shape = e.params && 'shape' in e.params ? Object.keys(e.params.shape as object) : [];
      expect({ id: e.id, params: shape.sort() }).toEqual({ id: e.id, params: placeholders.sort() });
      expect(expressPath(e.path)).not.toContain('{');
    }
  });
});

describe('the OpenAPI document', () => {
  const built = buildOpenApi(ENDPOINTS, { title: 'HotlineOps API', version: '0.1.0' });
  // The document is plain JSON: read back, it is typed by what the tests look at.
  const doc: Doc = JSON.parse(JSON.stringify(built));

  it('is valid OpenAPI 3.1', async () => {
    const result = await validateOpenApi(doc);
    expect(result.errors).toBeNull();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
  });

  it('is refused by the validator when broken (the validator is not a no-op)', async () => {
    const { info: _info, ...broken } = built;
    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it('lists every operation with its permission, parameters typed as the API reads them', () => {
    for (const e of ENDPOINTS) {
      const op = doc.paths[e.path][e.method.toLowerCase()];
      expect(op.operationId).toBe(e.id);
      expect(op['x-permission']).toBe(e.access);
    }
    const forecast = doc.paths['/api/forecast'].get.parameters;
    expect(forecast.find((p) => p.name === 'weeks')).toMatchObject({ in: 'query', required: false, schema: { type: 'number', minimum: 1, maximum: 12 } });
    expect(forecast.find((p) => p.name === 'method')?.schema).toMatchObject({ enum: ['auto', 'seasonal-naive', 'weekday-profile', 'day-share'] });
    expect(doc.paths['/api/kpi'].get.parameters.map((p) => [p.name, p.required])).toEqual([['from', true], ['to', true]]);
    expect(doc.paths['/api/roster/versions'].get.parameters.find((p) => p.name === 'limit')?.required).toBe(false);
    expect(doc.paths['/api/roster/versions/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    const live = doc.paths['/api/live/snapshot'].get.responses['200'].content?.['application/json'].schema;
    expect(live).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['asOf', 'day', 'month', 'agents', 'monthBudget']) });
    expect(doc.paths['/api/roster/versions/{id}/export.xlsx'].get.responses['200'].content).toHaveProperty(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });

  it('describes the socket events, the live snapshot with the same schema as GET /api/live/snapshot', () => {
    const events = doc['x-socket-events'];
    const snapshot = events.find((e) => e.name === SOCKET_EVENTS.snapshot.name);
    expect(snapshot?.payload).toEqual(doc.paths['/api/live/snapshot'].get.responses['200'].content?.['application/json'].schema);
  });
});

describe('response schemas accept what the libraries produce', () => {
  const events = synthesizeDay({ ...DEFAULT_SYNTHETIC_PROFILE, date: '2026-03-02' });

  it('KpiReport and LiveSnapshot', () => {
    expect(KpiReport.parse(reportFromEvents(events, DEFAULT_KPI_POLICY)).requests).toBeGreaterThan(500);
    const aggregator = new KpiAggregator(DEFAULT_KPI_POLICY);
    const floor = new FloorState();
    for (const call of foldEvents(events).values()) {
      aggregator.add(call);
      floor.onCall(call);
    }
    const snapshot = buildLiveSnapshot(aggregator, floor.snapshot(Date.parse('2026-03-02T06:00:00Z')), Date.parse('2026-03-02T06:00:00Z'), {
      connectTargetPercent: 90,
      sources: ['synthetic'],
      monthBudget: { remainingRequests: '1200', lostBudget: '80', status: 'open', requiredRestConnectRatePercent: '93.34' },
    });
    expect(LiveSnapshot.parse(snapshot).intervals).toHaveLength(48);
    // strict: a field the contract does not know is refused, and a missing one too
    expect(LiveSnapshot.safeParse({ ...snapshot, extra: 1 }).success).toBe(false);
    const { asOf: _asOf, ...withoutAsOf } = snapshot;
    expect(LiveSnapshot.safeParse(withoutAsOf).success).toBe(false);
  });

  it('the score sheet and the contract year', () => {
    const score = scoreMonth({ requests: 20000, agentAnswered: 11200, ivrAnswered: 6500, veryOrBasicallySatisfied: 4850, surveyResponses: 5000, justifiedComplaints: 5, trainingSessions: 2, qaSampled: 112 });
    // reporting, QA errors and confidentiality unknown: a provisional sheet, its pending reasons flagged
    const parsed = MonthScore.parse(score);
    expect(parsed).toMatchObject({ total: null, coefficient: null, provisional: true, totalMin: score.totalMin, totalMax: score.totalMax });
    expect(parsed.items.find((i) => i.item === 'reporting')?.notes[0]).toMatchObject({ code: 'reporting.pending', pending: true });
    expect(MonthScore.safeParse({ ...score, hasAssumptions: false }).success).toBe(false);
    expect(YearResult.parse(scoreYear(['95', '91', '89.99'])).monthsAtLeast90).toBe(2);
  });

  it('Erlang A metrics and staffing', () => {
    expect(ErlangAMetrics.parse(erlangAMetrics({ arrivalsPerHour: 120, ahtSeconds: 200, agents: 8, patienceSeconds: 120, targetSeconds: 20 })).model).toBe('A');
    const staffed = staffErlangA({ arrivalsPerHour: 120, ahtSeconds: 200, patienceSeconds: 120, targetSeconds: 20, minConnectRate: 0.9 });
    expect(StaffAAnswer.parse({ model: 'A', ...staffed }).requiredAgents).toBe(staffed.requiredAgents);
    expect(erlangCMetrics({ arrivalsPerHour: 120, ahtSeconds: 200, agents: 8, targetSeconds: 20 }).stable).toBe(true);
  });
});

describe('request schemas', () => {
  it('read query strings as the API always has: defaults, ranges, one value per parameter', () => {
    expect(ForecastQuery.parse({ weeks: '3', shrinkage: '0.3', method: 'auto' })).toMatchObject({ weeks: 3, shrinkage: 0.3, method: 'auto' });
    expect(ForecastQuery.parse({ weeks: '' }).weeks).toBeUndefined();
    expect(ForecastQuery.safeParse({ weeks: ['1', '2'] }).error?.issues[0]).toMatchObject({ path: ['weeks'], message: 'give this parameter once' });
    expect(ForecastQuery.safeParse({ weeks: 'two' }).error?.issues[0]).toMatchObject({ path: ['weeks'], message: 'expected a whole number' });
    expect(ForecastQuery.safeParse({ wekks: '2' }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['wekks'] });
    expect(ListQuery.parse({}).limit).toBe(50);
    expect(YearQuery.safeParse({}).error?.issues[0]).toMatchObject({ path: ['year'], message: 'expected a year' });
    expect(YearQuery.parse({ year: '1999' }).year).toBe(1999);
    expect(KpiQuery.safeParse({ from: '1999-02-10', to: '1999-02-01' }).error?.issues[0]).toMatchObject({ path: ['to'], message: 'from must not be after to' });
    expect(KpiQuery.safeParse({ from: '1899-02-10', to: '1999-02-01' }).error?.issues[0]).toMatchObject({ path: ['from'], message: 'expected a calendar date YYYY-MM-DD between 1990 and 2100' });
    for (const id of ['1e3', '0x10', '0', '2147483648']) expect(VersionParams.safeParse({ id }).success).toBe(false);
    expect(VersionParams.parse({ id: '42' }).id).toBe(42);
  });
});
