/**
 * Issue 12, business types (业务类型) and survey answers: a queue_log written here (calls over four queues, IVR-only
 * calls, IVR menu choices before queueing, SURVEY lines) is replayed through Redis into the API; a manager maps
 * queues and IVR choices to types over HTTP; GET /api/kpi's per-type counts equal what this test counts from the
 * file by its own simple reading (not the library), and the SURVEY answers are the month's hang-up satisfaction.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BusinessTypeRuleView, BusinessTypeTree, BusinessTypeView, KpiReport, LiveSnapshot, type SatisfactionView } from '@hotline/contracts';
import { DEFAULT_BUSINESS_TYPES } from '@hotline/kpi';
import { launchChromium, signInThroughForm } from './support/browser';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(90_000);

const DAY = '2026-03-10';
const T0 = Date.parse('2026-03-10T01:00:00Z'); // 09:00 in Shanghai
const QUEUES = ['vehicles', 'licence', 'general', 'complaints-q'];

/** A small deterministic generator (mulberry32), so the file is the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the test's queue_log: 48 queued calls, 14 IVR-only calls, survey answers for some answered calls. */
function writeLog(): string {
  const rand = rng(12);
  const lines: { at: number; text: string }[] = [];
  const line = (at: number, callid: string, queue: string, agent: string, event: string, ...params: (string | number)[]) =>
    lines.push({ at, text: [Math.floor(at / 1000), callid, queue, agent, event, ...params].join('|') });
  const choices = ['', '', '1', '2', '4-1', '4-2', '9', '3-7'];
  for (let i = 0; i < 48; i++) {
    const callid = `${Math.floor(T0 / 1000) + i * 60}.${i}`;
    const arrive = T0 + i * 60_000;
    const queue = QUEUES[i % QUEUES.length];
    const choice = choices[Math.floor(rand() * choices.length)];
    let t = arrive;
    if (choice) {
      line(t + 8000, callid, 'NONE', 'NONE', 'IVR', choice, 8, 'QUEUE');
      t += 8000;
    }
    line(t + 1000, callid, queue, 'NONE', 'ENTERQUEUE', '', `1390000${String(i).padStart(4, '0')}`, 1);
    const wait = 2 + Math.floor(rand() * 30);
    const r = rand();
    const agent = `PJSIP/80${i % 3}`;
    if (r < 0.6) {
      line(t + 1000 + wait * 1000, callid, queue, agent, 'CONNECT', wait, `${callid}9`, 1);
      const talk = 30 + Math.floor(rand() * 200);
      const end = t + 1000 + (wait + talk) * 1000;
      line(end, callid, queue, agent, 'COMPLETECALLER', wait, talk, 1);
      if (rand() < 0.7) line(end + 5000, callid, queue, agent, 'SURVEY', ['1', '2', '3', '非常满意', '不满意'][Math.floor(rand() * 5)]);
    } else if (r < 0.85) {
      line(t + 1000 + wait * 1000, callid, queue, 'NONE', 'ABANDON', 1, 1, wait);
    } else {
      line(t + 1000 + wait * 1000, callid, queue, 'NONE', 'EXITWITHTIMEOUT', 1, 1, wait);
    }
  }
  for (let i = 0; i < 14; i++) {
    const callid = `${Math.floor(T0 / 1000) + 7200 + i * 90}.${100 + i}`;
    const secs = 10 + Math.floor(rand() * 60);
    const choice = ['1', '2', '4-2', '5', '1-3'][i % 5];
    line(T0 + 7_200_000 + i * 90_000 + secs * 1000, callid, 'NONE', 'NONE', 'IVR', choice, secs, i % 4 === 3 ? 'ABANDON' : 'HANGUP');
  }
  line(T0 + 3 * 3_600_000, 'NONE', 'NONE', 'NONE', 'QUEUESTART');
  return lines.sort((a, b) => a.at - b.at).map((l) => l.text).join('\n') + '\n';
}

/** Per type: requests, agent-answered, IVR-answered, abandoned; and the survey answers by level. */
interface Counted {
  byType: Map<string, { requests: number; agentAnswered: number; ivrAnswered: number; abandoned: number }>;
  survey: { very: number; basically: number; dissatisfied: number };
}

/**
 * The test's own reading of the file: one request per callid; CONNECT = agent-answered, IVR ...|HANGUP = IVR-answered,
 * ABANDON / EXITWITHTIMEOUT / IVR ...|ABANDON = abandoned. Type: an IVR choice mapped (whole, else its first key), else
 * the queue mapped, else `other`; a top-level type's figures include its children's.
 */
function countFromFile(text: string, ivr: Record<string, string>, queues: Record<string, string>): Counted {
  const calls = new Map<string, { choice?: string; queue?: string; outcome: 'agent' | 'ivr' | 'lost' | 'none' }>();
  const survey = { very: 0, basically: 0, dissatisfied: 0 };
  for (const raw of text.split('\n')) {
    const f = raw.split('|');
    if (f.length < 5 || f[1] === 'NONE') continue;
    const call = calls.get(f[1]) ?? { outcome: 'none' as const };
    calls.set(f[1], call);
    if (f[4] === 'IVR') {
      call.choice = f[5];
      if (f[7] === 'HANGUP') call.outcome = 'ivr';
      if (f[7] === 'ABANDON') call.outcome = 'lost';
    }
    if (f[4] === 'ENTERQUEUE') call.queue = f[2];
    if (f[4] === 'CONNECT') call.outcome = 'agent';
    if (f[4] === 'ABANDON' || f[4] === 'EXITWITHTIMEOUT') call.outcome = 'lost';
    if (f[4] === 'SURVEY') {
      if (f[5] === '1' || f[5] === '非常满意') survey.very++;
      else if (f[5] === '2' || f[5] === '基本满意') survey.basically++;
      else survey.dissatisfied++;
    }
  }
  const parentOf = new Map(DEFAULT_BUSINESS_TYPES.map((t) => [t.code, t.parentCode]));
  const byType: Counted['byType'] = new Map();
  for (const c of calls.values()) {
    const type = (c.choice && (ivr[c.choice] ?? ivr[c.choice.split('-')[0]])) || (c.queue && queues[c.queue]) || 'other';
    for (const code of [type, parentOf.get(type)].filter((x): x is string => !!x)) {
      const n = byType.get(code) ?? { requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0 };
      n.requests++;
      if (c.outcome === 'agent') n.agentAnswered++;
      if (c.outcome === 'ivr') n.ivrAnswered++;
      if (c.outcome === 'lost') n.abandoned++;
      byType.set(code, n);
    }
  }
  return { byType, survey };
}

/** (connected / requests x 100) to 2 decimals, half-up, in integers. */
function rate(connected: number, requests: number): string | null {
  if (requests === 0) return null;
  const n = connected * 10000;
  let q = Math.floor(n / requests);
  if (2 * (n % requests) >= requests) q++;
  return `${Math.floor(q / 100)}.${String(q % 100).padStart(2, '0')}`;
}

describe('business types and survey answers from a queue_log', () => {
  let stack: Stack;
  let manager: ApiClient;
  let dir: string;
  let file: string;
  let text: string;
  const ivr: Record<string, string> = { '1': 'user-info', '2': 'motor-vehicle', '4-1': 'complaint', '4-2': 'suggestion', '4': 'complaint-suggestion' };
  const queues: Record<string, string> = { vehicles: 'motor-vehicle', licence: 'driving-licence', 'complaints-q': 'complaint' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'business-types-'));
    file = join(dir, 'queue_log');
    text = writeLog();
    writeFileSync(file, text);
    stack = await createStack('btypes');
    await stack.startApi();
    manager = await stack.signIn(['manager']);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the seeded tender tree to any signed-in user; an agent may not edit it (403); bad rules are 400 naming the field', async () => {
    const agent = await stack.signIn(['agent'], { agentId: 'PJSIP/800' });
    const tree = await agent.get<BusinessTypeTree>('/api/business-types');
    expect(tree.status).toBe(200);
    expect(tree.body.types.map((t) => [t.code, t.parentCode, t.nameZh, t.nameEn, t.sortOrder, t.active])).toEqual(
      DEFAULT_BUSINESS_TYPES.map((t) => [t.code, t.parentCode, t.nameZh, t.nameEn, t.sortOrder, t.active]),
    );
    expect(tree.body.fallbackCode).toBe('other');
    expect((await agent.send('POST', '/api/business-types', { code: 'x-type', nameZh: '测试', nameEn: 'Test' })).status).toBe(403);
    expect((await agent.send('POST', '/api/business-type-rules', { kind: 'queue', match: 'vehicles', typeCode: 'motor-vehicle' })).status).toBe(403);

    const unknownType = await manager.send<{ field?: string }>('POST', '/api/business-type-rules', { kind: 'queue', match: 'vehicles', typeCode: 'no-such-type' });
    expect([unknownType.status, unknownType.body.field]).toEqual([400, 'typeCode']);
    const badKind = await manager.send<{ field?: string }>('POST', '/api/business-type-rules', { kind: 'menu', match: '1', typeCode: 'user-info' });
    expect([badKind.status, badKind.body.field]).toEqual([400, 'kind']);
    const deep = await manager.send<{ field?: string }>('POST', '/api/business-types', { code: 'too-deep', parentCode: 'complaint', nameZh: '三级', nameEn: 'Third level' });
    expect([deep.status, deep.body.field]).toEqual([400, 'parentCode']);
    expect(BusinessTypeTree.parse(tree.body).rules).toEqual([]);

    // a second-level type added, renamed and deactivated, then removed: each answer as the contract says, each write audited
    const added = await manager.send('POST', '/api/business-types', { code: 'plate-lookup', parentCode: 'motor-vehicle', nameZh: '号牌查询', nameEn: 'Plate lookup', sortOrder: 5 });
    expect(added.status).toBe(201);
    expect(BusinessTypeView.parse(added.body)).toMatchObject({ code: 'plate-lookup', parentCode: 'motor-vehicle', active: true });
    const patched = await manager.send('PATCH', '/api/business-types/plate-lookup', { nameEn: 'Number-plate lookup', active: false });
    expect(patched.status).toBe(200);
    expect(BusinessTypeView.parse(patched.body)).toMatchObject({ nameEn: 'Number-plate lookup', active: false });
    const taken = await manager.send<{ field?: string }>('POST', '/api/business-types', { code: 'plate-lookup', nameZh: '重复', nameEn: 'Again' });
    expect([taken.status, taken.body.field]).toEqual([409, 'code']);
    // a second type of the same name would take the first one's calls (the category text is matched to the names)
    const twinZh = await manager.send<{ field?: string; code?: string }>('POST', '/api/business-types', { code: 'plate-lookup-2', nameZh: ' 号牌查询 ', nameEn: 'Plates again' });
    expect([twinZh.status, twinZh.body.field, twinZh.body.code]).toEqual([409, 'nameZh', 'name_taken']);
    const twinEn = await manager.send<{ field?: string }>('POST', '/api/business-types', { code: 'plate-lookup-2', nameZh: '号牌查询二', nameEn: 'NUMBER-PLATE  lookup' });
    expect([twinEn.status, twinEn.body.field]).toEqual([409, 'nameEn']);
    const renamedTwin = await manager.send<{ field?: string }>('PATCH', '/api/business-types/user-info', { nameZh: '号牌查询' });
    expect([renamedTwin.status, renamedTwin.body.field]).toEqual([409, 'nameZh']);
    expect((await manager.send('PATCH', '/api/business-types/plate-lookup', { nameZh: '号牌查询' })).status).toBe(200); // its own name
    const notChoice = await manager.send<{ field?: string }>('POST', '/api/business-type-rules', { kind: 'ivr', match: 'abc', typeCode: 'user-info' });
    expect([notChoice.status, notChoice.body.field]).toEqual([400, 'match']);
    const fallback = await manager.send<{ field?: string }>('PATCH', '/api/business-types/other', { active: false });
    expect([fallback.status, fallback.body.field]).toEqual([400, 'active']);
    expect((await manager.send('DELETE', '/api/business-types/plate-lookup')).status).toBe(204);
    const { rows: trail } = await stack.db.query(`SELECT action, detail FROM "AuditLog" WHERE "actorId" = $1 AND target = 'businessType:plate-lookup' AND outcome = 'ok' ORDER BY id`, [manager.userId]);
    expect(trail.length).toBe(4); // added, patched, renamed to its own name, removed
    expect(trail[1].detail).toMatchObject({ before: { nameEn: 'Plate lookup', active: true }, after: { nameEn: 'Number-plate lookup', active: false } });
  });

  it('GET /api/kpi per business type equals the counts this test takes from the file', async () => {
    for (const [match, typeCode] of Object.entries(ivr)) {
      const res = await manager.send('POST', '/api/business-type-rules', { kind: 'ivr', match, typeCode });
      expect(res.status).toBe(201);
      expect(BusinessTypeRuleView.parse(res.body)).toMatchObject({ kind: 'ivr', match, typeCode });
    }
    for (const [match, typeCode] of Object.entries(queues)) expect((await manager.send('POST', '/api/business-type-rules', { kind: 'queue', match, typeCode })).status).toBe(201);
    const again = await manager.send<{ field?: string }>('POST', '/api/business-type-rules', { kind: 'queue', match: ' Vehicles ', typeCode: 'other' });
    expect([again.status, again.body.field]).toEqual([409, 'match']);
    const { rows: audited } = await stack.db.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "actorId" = $1 AND target LIKE 'businessTypeRule:%' AND outcome = 'ok'`, [manager.userId]);
    expect(audited[0].n).toBe(Object.keys(ivr).length + Object.keys(queues).length);

    await stack.replay(file, ['--format', 'queue_log', '--speed', 'max']);
    await stack.waitForIdle();
    const { status, body } = await manager.get<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    expect(status).toBe(200);
    KpiReport.parse(body); // strict: every field of the contract, no other
    const expected = countFromFile(text, ivr, queues);
    expect(body.requests).toBe(48 + 14);
    for (const row of body.byBusinessType) {
      const want = expected.byType.get(row.code) ?? { requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0 };
      expect({ code: row.code, requests: row.requests, agentAnswered: row.agentAnswered, ivrAnswered: row.ivrAnswered, abandoned: row.abandoned, connectRate: row.connectRate })
        .toEqual({ code: row.code, ...want, connectRate: rate(want.agentAnswered + want.ivrAnswered, want.requests) });
    }
    expect(new Set(body.byBusinessType.map((r) => r.code))).toEqual(new Set([...expected.byType.keys(), ...DEFAULT_BUSINESS_TYPES.map((t) => t.code)]));
    const top = body.byBusinessType.filter((r) => r.level === 1);
    expect(top.reduce((s, r) => s + r.requests, 0)).toBe(body.requests);
    expect(expected.byType.get('other')?.requests).toBeGreaterThan(0); // the unmapped queue and choices fall back
    expect(expected.byType.get('suggestion')?.ivrAnswered).toBeGreaterThan(0); // IVR-only calls typed by their choice
  });

  it('satisfaction from the SURVEY lines is the KPI report\'s and the satisfaction register\'s', async () => {
    const { survey } = countFromFile(text, ivr, queues);
    const responses = survey.very + survey.basically + survey.dissatisfied;
    expect(responses).toBeGreaterThan(5);
    const kpi = await manager.get<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    expect([kpi.body.surveyResponses, kpi.body.satisfaction]).toEqual([responses, rate(survey.very + survey.basically, responses)]);
    const register = await stack.getJson<SatisfactionView>(`/api/registers/satisfaction?month=${DAY.slice(0, 7)}`);
    expect(register.status).toBe(200);
    expect(register.body).toMatchObject({
      verySatisfied: survey.very, basicallySatisfied: survey.basically, dissatisfied: survey.dissatisfied, fromFeed: responses, imported: 0,
      satisfactionPercent: rate(survey.very + survey.basically, responses),
    });
  });

  it('a changed mapping re-types the calls: in GET /api/kpi at once, and in the live snapshot after its reload', async () => {
    const tree = await manager.get<BusinessTypeTree>('/api/business-types');
    const rule = tree.body.rules.find((r) => r.kind === 'queue' && r.match === 'licence')!;
    const put = await manager.send('PUT', `/api/business-type-rules/${rule.id}`, { kind: 'queue', match: 'licence', typeCode: 'user-info' });
    expect(put.status).toBe(200);
    expect(BusinessTypeRuleView.parse(put.body)).toMatchObject({ id: rule.id, typeCode: 'user-info' });
    expect((await manager.send('POST', '/api/business-type-rules', { kind: 'queue', match: 'general', typeCode: 'user-info' })).status).toBe(201);
    const moved = { ...queues, licence: 'user-info', general: 'user-info' };
    const expected = countFromFile(text, ivr, moved);
    const { body } = await manager.get<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    const counts = (rows: KpiReport['byBusinessType']) => Object.fromEntries(rows.map((r) => [r.code, r.requests]));
    expect(counts(body.byBusinessType)).toEqual(Object.fromEntries(body.byBusinessType.map((r) => [r.code, expected.byType.get(r.code)?.requests ?? 0])));
    expect(body.byBusinessType.find((r) => r.code === 'driving-licence')?.requests).toBe(0);

    let live: LiveSnapshot | undefined;
    for (let i = 0; i < 50; i++) {
      live = (await manager.get<LiveSnapshot>('/api/live/snapshot')).body;
      if (live.day.date === DAY && JSON.stringify(counts(live.dayByBusinessType)) === JSON.stringify(counts(body.byBusinessType))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(live?.day.date).toBe(DAY);
    LiveSnapshot.parse(live);
    expect(counts(live!.dayByBusinessType)).toEqual(counts(body.byBusinessType));

    const removed = await manager.send('DELETE', '/api/business-types/driving-licence');
    expect(removed.status).toBe(204);
    const scratch = await manager.send<{ id: number }>('POST', '/api/business-type-rules', { kind: 'category', match: '车驾管', typeCode: 'motor-vehicle' });
    expect(scratch.status).toBe(201);
    expect((await manager.send('DELETE', `/api/business-type-rules/${scratch.body.id}`)).status).toBe(204);
    expect((await manager.send('DELETE', `/api/business-type-rules/${scratch.body.id}`)).status).toBe(404);
    const inUse = await manager.send<{ field?: string }>('DELETE', '/api/business-types/user-info');
    expect([inUse.status, inUse.body.field]).toEqual([409, 'code']);
  });

  it('the console: the month view shows the per-type table (below target in red); the manager page shows the tree and mappings', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await signInThroughForm(page, stack.baseUrl, manager.login, manager.password);
      await page.goto(`${stack.baseUrl}/#/month`);
      await page.getByTestId('month-picker').fill(DAY.slice(0, 7));
      const { body } = await manager.get<KpiReport>(`/api/kpi?from=${DAY.slice(0, 7)}-01&to=${DAY.slice(0, 7)}-31`);
      const vehicles = body.byBusinessType.find((r) => r.code === 'motor-vehicle')!;
      await page.getByTestId('bt-motor-vehicle-requests').waitFor();
      expect(await page.getByTestId('bt-motor-vehicle-requests').textContent()).toBe(String(vehicles.requests));
      expect(await page.getByTestId('bt-complaint').textContent()).toBe('投诉');
      for (const row of body.byBusinessType.filter((r) => r.connectRate !== null)) {
        const cls = (await page.getByTestId(`bt-${row.code}-connect`).getAttribute('class')) ?? '';
        expect([row.code, cls.includes('bad')]).toEqual([row.code, Number(row.connectRate) < 90]);
      }
      if (process.env.BT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BT_SCREENSHOTS, 'month.png') });
      await page.goto(`${stack.baseUrl}/#/business-types`);
      await page.getByTestId('bt-node-complaint').waitFor();
      expect(await page.getByTestId('bt-node-driving-licence').count()).toBe(0); // removed above
      expect(await page.locator('.el-table__body tr').count()).toBe(Object.keys(ivr).length + Object.keys(queues).length + 1);
      if (process.env.BT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BT_SCREENSHOTS, 'business-types.png') });
    } finally {
      await browser?.close();
    }
  });
});

