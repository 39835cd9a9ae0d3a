/**
 * Issue 11, the hang-up satisfaction (挂机满意度) and quality-inspection (话务质检) registers over the real stack: a
 * month of calls of four agents fed through the Redis stream as canonical events (with six survey answers), then
 * - the QA sample drawn by the product: at least ceil(1 % of agent-answered), every agent present, the same calls
 *   when redrawn from the recorded seed (and the same as libs/kpi drawQaSample on the ledger's calls), calls added on
 *   top, reviews checked against the form (a score out of range is a 400 naming `scores.<key>` and stores nothing),
 *   the bureau's re-checks, the month-state rule (closed: refused; confirmed: only with a correction reason);
 * - the satisfaction view (feed answers, KPI, survey rate) and the import of the platform's survey export from CSV and
 *   xlsx (a bad row: 400 naming the row and field, nothing stored; duplicates counted, not stored; callers matched by
 *   their keyed hash, never stored in clear);
 * - who may do what (an agent reads nothing, the bureau cannot review, a shift lead cannot draw).
 */
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import type { ImportResult, QaFormView, QaSampleView, RegisterMonthsView, SampledCallView, SatisfactionView } from '@hotline/contracts';
import { drawQaSample, qaQuota, shiftBand } from '@hotline/kpi';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(300_000);

const MONTH = '2025-03';
const TZ = 'Asia/Shanghai';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const AGENTS = ['A01', 'A02', 'A03', 'A04'];
/** Agent-answered calls q-0..q-429: A01 200, A02 150, A03 79, A04 1 (quota ceil(4.3) = 5 >= 4 agents). */
const ANSWERED = 430;
const agentOf = (i: number): string => (i < 200 ? 'A01' : i < 350 ? 'A02' : i < 429 ? 'A03' : 'A04');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Local offer time of call q-i: days 1-28, hours spread over the three shift bands. */
const offeredAt = (i: number): Date => new Date(`${MONTH}-${pad(1 + (i % 28))}T${pad((i * 7) % 24)}:${pad(i % 60)}:00+08:00`);
const callerOf = (i: number): string => `1380013${pad(i, 4)}`;
const SURVEYS: Record<number, string> = { 0: 'very-satisfied', 1: 'very-satisfied', 2: 'very-satisfied', 3: 'basically-satisfied', 4: 'basically-satisfied', 5: 'dissatisfied' };

/** Canonical events of the month: the answered calls, ten abandoned ones, one answered call of February, six surveys. */
function monthEvents(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000).toISOString();
  const answered = (callId: string, agentId: string, start: Date, callerId: string) => {
    events.push({ eventId: `${callId}-o`, callId, ts: at(start, 0), source: 'e2e', type: 'call.offered', callerId });
    events.push({ eventId: `${callId}-a`, callId, ts: at(start, 20), source: 'e2e', type: 'agent.answered', agentId, waitSeconds: 20 });
    events.push({ eventId: `${callId}-e`, callId, ts: at(start, 200), source: 'e2e', type: 'call.ended', agentId, talkSeconds: 180, endedBy: 'caller' });
  };
  for (let i = 0; i < ANSWERED; i++) answered(`q-${i}`, agentOf(i), offeredAt(i), callerOf(i));
  for (let j = 0; j < 10; j++) {
    const start = new Date(`${MONTH}-${pad(2 + j)}T10:15:00+08:00`);
    events.push({ eventId: `x-${j}-o`, callId: `x-${j}`, ts: at(start, 0), source: 'e2e', type: 'call.offered' });
    events.push({ eventId: `x-${j}-x`, callId: `x-${j}`, ts: at(start, 30), source: 'e2e', type: 'call.abandoned', where: 'queue', reason: 'hangup', waitSeconds: 30 });
  }
  answered('feb-1', 'A01', new Date('2025-02-27T10:00:00+08:00'), '13900009999');
  for (const [i, rating] of Object.entries(SURVEYS)) {
    events.push({ eventId: `q-${i}-s`, callId: `q-${i}`, ts: at(offeredAt(Number(i)), 300), source: 'e2e', type: 'survey.answered', rating });
  }
  return events.sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('满意度');
  rows.forEach((r) => sheet.addRow(r));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('satisfaction and QA registers', () => {
  let stack: Stack;
  let manager: ApiClient;
  let lead: ApiClient;
  let bureau: ApiClient;
  let agent: ApiClient;

  const post = (who: ApiClient, path: string, body: unknown) => who.send<Record<string, unknown>>('POST', path, body);
  const put = (who: ApiClient, path: string, body: unknown) => who.send<Record<string, unknown>>('PUT', path, body);
  const sample = async (): Promise<QaSampleView> => {
    const res = await lead.get<QaSampleView>(`/api/qa/samples/${MONTH}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const importFile = async (who: ApiClient, body: string | Buffer, contentType: string) => {
    const res = await who.fetch('/api/registers/satisfaction/import', { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: (await res.json()) as ImportResult & { field?: string; message?: string; code?: string } };
  };
  const surveyRows = async () => (await stack.db.query<{ callId: string | null; callerHash: string | null; level: string; month: string; json: string }>(
    `SELECT "callId", "callerHash", level, month, row_to_json(s)::text AS json FROM "SurveyAnswer" s ORDER BY id`,
  )).rows;
  const setState = async (register: string, state: string | null) => {
    await stack.db.query(`DELETE FROM "RegisterMonth" WHERE register = $1 AND month = $2`, [register, MONTH]);
    if (state) await stack.db.query(`INSERT INTO "RegisterMonth" (register, month, state, "updatedAt") VALUES ($1, $2, $3, now())`, [register, MONTH, state]);
  };

  beforeAll(async () => {
    stack = await createStack('quality');
    await stack.startApi();
    const redis = new Redis(stack.env.REDIS_URL);
    const pipeline = redis.pipeline();
    for (const e of monthEvents()) pipeline.xadd(`${stack.prefix}events`, '*', 'type', String(e.type), 'event', JSON.stringify(e));
    await pipeline.exec();
    redis.disconnect();
    await stack.waitForIdle();
    for (let tries = 0; ; tries++) {
      const { rows } = await stack.db.query<{ n: string; s: string }>(`SELECT count(*) AS n, count(survey) AS s FROM "Call"`);
      if (Number(rows[0].n) === ANSWERED + 11 && Number(rows[0].s) === 6) break;
      if (tries > 100) throw new Error(`the ledger holds ${rows[0].n} calls and ${rows[0].s} surveys`);
      await new Promise((r) => setTimeout(r, 200));
    }
    [manager, lead, bureau, agent] = await Promise.all([
      stack.signIn(['manager']), stack.signIn(['shift_lead']), stack.signIn(['bureau']), stack.signIn(['agent'], { agentId: 'A01' }),
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('the QA sample', () => {
    const SEED = 'e2e-2025-03';
    let drawn: QaSampleView;

    it('is empty until drawn, with the quota of the month', async () => {
      const s = await sample();
      expect(s).toMatchObject({ month: MONTH, agentAnswered: ANSWERED, quota: 5, seed: null, method: null, drawn: null, reviewed: 0, errorsFound: 0, calls: [] });
    });

    it('refuses the agent everything and the shift lead the draw', async () => {
      expect((await agent.get(`/api/qa/samples/${MONTH}`)).status).toBe(403);
      expect((await agent.get('/api/qa/form')).status).toBe(403);
      expect((await post(lead, `/api/qa/samples/${MONTH}/draw`, { seed: SEED })).status).toBe(403);
      expect((await post(bureau, `/api/qa/samples/${MONTH}/draw`, { seed: SEED })).status).toBe(403);
    });

    it('is not drawn while the month runs (409 month_running): the quota and the frame are the whole month\'s', async () => {
      const running = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
      const res = await post(manager, `/api/qa/samples/${running}/draw`, { seed: SEED });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'month_running', field: 'month' });
      expect((await stack.db.query(`SELECT 1 FROM "QaSample" WHERE month = $1`, [running])).rowCount).toBe(0);
    });

    it('draws at least the quota, every agent, stratified, from the recorded seed', async () => {
      const res = await post(manager, `/api/qa/samples/${MONTH}/draw`, { seed: SEED });
      expect(res.status).toBe(201);
      drawn = res.body as unknown as QaSampleView;
      expect(drawn).toMatchObject({ seed: SEED, method: 'stratified-agent-shift/v1', quota: 5, agentAnswered: ANSWERED });
      expect(drawn.drawn?.by.userId).toBe(manager.userId);
      const random = drawn.calls.filter((c) => c.kind === 'random');
      expect(random.length).toBeGreaterThanOrEqual(drawn.quota);
      expect(new Set(random.map((c) => c.agentId))).toEqual(new Set(AGENTS));
      expect(new Set(random.map((c) => c.callId)).size).toBe(random.length);
      for (const c of random) {
        const i = Number(c.callId.slice(2));
        expect(c.agentId).toBe(agentOf(i));
        expect(c.offeredAt).toBe(offeredAt(i).toISOString());
        expect(c.shift).toBe(shiftBand(offeredAt(i), TZ));
        expect(c.talkSeconds).toBe(180);
        expect(c.review).toBeNull();
      }
    });

    it('is what anyone gets from the ledger and the seed with libs/kpi', async () => {
      const { rows } = await stack.db.query<{ callId: string; agentId: string; offeredAt: Date }>(
        `SELECT "callId", "agentId", "offeredAt" FROM "Call" WHERE outcome = 'answered' AND "offeredAt" >= $1 AND "offeredAt" < $2`,
        [new Date(`${MONTH}-01T00:00:00+08:00`), new Date('2025-04-01T00:00:00+08:00')],
      );
      const frame = rows.map((r) => ({ callId: r.callId, agentId: r.agentId, shift: shiftBand(r.offeredAt, TZ) }));
      const expected = drawQaSample(frame, qaQuota(rows.length), SEED);
      expect(drawn.calls.filter((c) => c.kind === 'random').map((c) => c.callId).sort()).toEqual(expected);
    });

    it('redraws the same calls from the same seed; another seed is recorded', async () => {
      const again = await post(manager, `/api/qa/samples/${MONTH}/draw`, { seed: SEED });
      expect(again.status).toBe(201);
      const ids = (s: QaSampleView) => s.calls.filter((c) => c.kind === 'random').map((c) => c.callId).sort();
      expect(ids(again.body as unknown as QaSampleView)).toEqual(ids(drawn));
      const random = await post(manager, `/api/qa/samples/${MONTH}/draw`, {});
      expect(random.status).toBe(201);
      const other = random.body as unknown as QaSampleView;
      expect(other.seed).toMatch(/^[\w-]{8,}$/);
      expect(other.seed).not.toBe(SEED);
      const back = await post(manager, `/api/qa/samples/${MONTH}/draw`, { seed: SEED });
      expect(ids(back.body as unknown as QaSampleView)).toEqual(ids(drawn));
    });

    it('adds calls on top of the random sample, never in place of one', async () => {
      const randomIds = new Set(drawn.calls.map((c) => c.callId));
      const extra = Array.from({ length: ANSWERED }, (_, i) => `q-${i}`).find((id) => !randomIds.has(id) && agentOf(Number(id.slice(2))) === 'A02')!;
      const add = (body: unknown) => post(lead, `/api/qa/samples/${MONTH}/calls`, body);
      for (const callId of ['no-such-call', 'x-1', 'feb-1']) {
        const bad = await add({ callId, reason: 'complaint' });
        expect(bad.status).toBe(400);
        expect(bad.body.field).toBe('callId');
      }
      const res = await add({ callId: extra, reason: 'low_satisfaction', note: '客户不满意' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ callId: extra, kind: 'targeted', reason: 'low_satisfaction', agentId: 'A02', review: null });
      expect((await add({ callId: extra, reason: 'other' })).status).toBe(409);
      const random = drawn.calls[0].callId;
      const taken = await add({ callId: random, reason: 'long_wait' });
      expect(taken.status).toBe(409);
      expect(taken.body.field).toBe('callId');
      expect((await post(bureau, `/api/qa/samples/${MONTH}/calls`, { callId: extra, reason: 'other' })).status).toBe(403);
      const s = await sample();
      expect(s.calls.filter((c) => c.kind === 'random').length).toBe(drawn.calls.length);
      expect(s.calls.filter((c) => c.kind === 'targeted').map((c) => c.callId)).toEqual([extra]);
      // a redraw keeps the added call
      const back = (await post(manager, `/api/qa/samples/${MONTH}/draw`, { seed: SEED })).body as unknown as QaSampleView;
      expect(back.calls.filter((c) => c.kind === 'targeted').map((c) => c.callId)).toEqual([extra]);
    });

    it('checks a review against the form: a score out of range or a missing item is a 400 naming scores.<key>, nothing stored', async () => {
      const form = (await lead.get<QaFormView>('/api/qa/form')).body;
      expect(form.version).toBe(1);
      expect(form.items.map((i) => i.key)).toEqual(['service_norms', 'accuracy', 'communication', 'process', 'confidentiality']);
      const callId = drawn.calls[0].callId;
      const path = `/api/qa/samples/${MONTH}/calls/${callId}/review`;
      const over = await put(lead, path, { scores: { service_norms: 20, accuracy: 31, communication: 20, process: 15, confidentiality: 15 } });
      expect(over.status).toBe(400);
      expect(over.body.field).toBe('scores.accuracy');
      const missing = await put(lead, path, { scores: { service_norms: 20, accuracy: 30, communication: 20, process: 15 } });
      expect(missing.status).toBe(400);
      expect(missing.body.field).toBe('scores.confidentiality');
      const unknown = await put(lead, path, { scores: { service_norms: 20, accuracy: 30, communication: 20, process: 15, confidentiality: 15, zeal: 1 } });
      expect(unknown.body.field).toBe('scores.zeal');
      const negative = await put(lead, path, { scores: { service_norms: -1, accuracy: 30, communication: 20, process: 15, confidentiality: 15 } });
      expect(negative.status).toBe(400);
      expect(negative.body.field).toBe('scores.service_norms');
      const fine = await put(lead, path, { scores: { service_norms: 19.123456789, accuracy: 30, communication: 20, process: 15, confidentiality: 15 } });
      expect(fine.status).toBe(400);
      expect(fine.body.field).toBe('scores.service_norms');
      expect((await put(lead, `/api/qa/samples/${MONTH}/calls/not-sampled/review`, { scores: {} })).status).toBe(404);
      expect((await stack.db.query(`SELECT 1 FROM "QaReview"`)).rowCount).toBe(0);
      expect((await sample()).calls.every((c) => c.review === null)).toBe(true);
    });

    it('lets QA staff review, not the bureau; a newer review is in force, the older kept', async () => {
      const callId = drawn.calls[0].callId;
      const path = `/api/qa/samples/${MONTH}/calls/${callId}/review`;
      const scores = { service_norms: 17.5, accuracy: 30, communication: 20, process: 15, confidentiality: 5 };
      expect((await put(bureau, path, { scores })).status).toBe(403);
      expect((await put(agent, path, { scores })).status).toBe(403);
      // the bureau re-checks only a reviewed call
      const early = await post(bureau, `/api/qa/samples/${MONTH}/calls/${callId}/recheck`, { errorFound: false, note: '抽查' });
      expect(early.status).toBe(409);
      const first = await put(lead, path, { scores, comment: '开场白不规范' });
      expect(first.status).toBe(200);
      expect((first.body as unknown as SampledCallView).review).toMatchObject({ formVersion: 1, total: '87.5', comment: '开场白不规范', by: { userId: lead.userId }, correctionReason: null });
      const second = await put(manager, path, { scores: { ...scores, confidentiality: 15 } });
      expect((second.body as unknown as SampledCallView).review).toMatchObject({ total: '97.5', by: { userId: manager.userId } });
      expect((await stack.db.query(`SELECT total FROM "QaReview" ORDER BY id`)).rows.map((r) => r.total)).toEqual(['87.5', '97.5']);
      const s = await sample();
      expect(s.reviewed).toBe(1);
      expect(s.calls.find((c) => c.callId === callId)?.review?.total).toBe('97.5');
    });

    it('cannot be redrawn once a drawn call is reviewed', async () => {
      const res = await post(manager, `/api/qa/samples/${MONTH}/draw`, { seed: 'other' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'sample_reviewed', field: 'month' });
      expect((await sample()).seed).toBe(SEED);
    });

    it("records the bureau's re-checks; errors found count", async () => {
      const callId = drawn.calls[0].callId;
      const path = `/api/qa/samples/${MONTH}/calls/${callId}/recheck`;
      expect((await post(lead, path, { errorFound: true, note: '评分偏高' })).status).toBe(403);
      const bad = await post(bureau, path, { errorFound: true, note: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('note');
      const res = await post(bureau, path, { errorFound: true, note: '信息保密项评分偏高' });
      expect(res.status).toBe(201);
      expect((res.body as unknown as SampledCallView).rechecks).toMatchObject([{ errorFound: true, note: '信息保密项评分偏高', by: { userId: bureau.userId } }]);
      // each call counts once, by its latest re-check: the same error found twice is one error ...
      await post(bureau, path, { errorFound: true, note: '再次复核，仍偏高' });
      expect((await sample()).errorsFound).toBe(1);
      // ... a later re-check that finds none withdraws it ...
      await post(bureau, path, { errorFound: false, note: '复核无误' });
      expect((await sample()).errorsFound).toBe(0);
      // ... and a newer one that finds it again counts it again
      await post(bureau, path, { errorFound: true, note: '最终认定评分偏高，来电人 13812345678 的信息保密项' });
      const s = await sample();
      expect(s.errorsFound).toBe(1);
      const rechecks = s.calls.find((c) => c.callId === callId)!.rechecks;
      expect(rechecks).toHaveLength(4);
      expect(rechecks[3].note).toBe('最终认定评分偏高，来电人 138****5678 的信息保密项');
    });

    it('obeys the month state: closed refuses, confirmed takes only a correction with its reason', async () => {
      const callId = drawn.calls[1].callId;
      const path = `/api/qa/samples/${MONTH}/calls/${callId}/review`;
      const scores = { service_norms: 20, accuracy: 25, communication: 20, process: 15, confidentiality: 15 };
      await setState('qa', 'closed');
      const closed = await put(lead, path, { scores });
      expect(closed.status).toBe(409);
      expect(closed.body).toMatchObject({ code: 'month_closed', field: 'month' });
      await setState('qa', 'confirmed');
      const plain = await put(lead, path, { scores });
      expect(plain.status).toBe(409);
      expect(plain.body.field).toBe('correctionReason');
      const corrected = await put(lead, path, { scores, correctionReason: '支队确认后补录质检评分' });
      expect(corrected.status).toBe(200);
      expect((corrected.body as unknown as SampledCallView).review).toMatchObject({ total: '95', correctionReason: '支队确认后补录质检评分' });
      // the correction sends the month back to closed: the bureau confirms it again after seeing it
      const qa = (await manager.get<RegisterMonthsView>(`/api/registers/months/${MONTH}`)).body.registers.find((r) => r.register === 'qa')!;
      expect(qa).toMatchObject({ state: 'closed', confirmed: null, note: '更正待支队确认: 支队确认后补录质检评分' });
      // in the closed month the bureau still re-checks (its own entry on what the supplier closed), without a reason
      const recheck = await post(bureau, `/api/qa/samples/${MONTH}/calls/${callId}/recheck`, { errorFound: false, note: '复核无误' });
      expect(recheck.status).toBe(201);
      await setState('qa', null);
      const notConfirmed = await put(lead, path, { scores, correctionReason: '不是更正的更正' });
      expect(notConfirmed.status).toBe(400);
      expect(notConfirmed.body.field).toBe('correctionReason');
    });

    it('versions the form: only the manager changes it, reviews keep their version', async () => {
      const items = [{ key: 'service_norms', label: '服务规范', maxPoints: 50 }, { key: 'accuracy', label: '业务准确', maxPoints: 50 }];
      expect((await put(lead, '/api/qa/form', { items })).status).toBe(403);
      const dup = await put(manager, '/api/qa/form', { items: [items[0], items[0]] });
      expect(dup.status).toBe(400);
      const res = await put(manager, '/api/qa/form', { items });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2, items });
      expect((await lead.get<QaFormView>('/api/qa/form')).body.version).toBe(2);
      const s = await sample();
      expect(s.calls.find((c) => c.callId === drawn.calls[0].callId)?.review?.formVersion).toBe(1);
      // a review now is checked against version 2
      const old = await put(lead, `/api/qa/samples/${MONTH}/calls/${drawn.calls[2].callId}/review`, { scores: { service_norms: 20, accuracy: 30, communication: 20, process: 15, confidentiality: 15 } });
      expect(old.status).toBe(400);
      expect(old.body.field).toBe('scores.communication');
      const now = await put(lead, `/api/qa/samples/${MONTH}/calls/${drawn.calls[2].callId}/review`, { scores: { service_norms: 45, accuracy: 50 } });
      expect((now.body as unknown as SampledCallView).review).toMatchObject({ formVersion: 2, total: '95' });
    });
  });

  describe('satisfaction', () => {
    it('counts the feed answers, the KPI and the survey rate', async () => {
      const res = await lead.get<SatisfactionView>(`/api/registers/satisfaction?month=${MONTH}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        month: MONTH, agentAnswered: ANSWERED, responses: 6, verySatisfied: 3, basicallySatisfied: 2, dissatisfied: 1, fromFeed: 6, imported: 0,
        satisfactionPercent: '83.33', surveyRatePercent: '1.40',
      });
      expect((await lead.get(`/api/registers/satisfaction`)).status).toBe(400);
      expect((await agent.get(`/api/registers/satisfaction?month=${MONTH}`)).status).toBe(403);
    });

    it('refuses a CSV with a bad row, naming the row and field, and stores nothing', async () => {
      const csv = ['time,callId,rating', '2025-03-12 10:00,q-10,1', '2025-03-12 10:05,nope-1,2', ''].join('\n');
      const res = await importFile(lead, csv, 'text/csv');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'bad_rows', field: 'rows[3].callId' });
      const noCall = await importFile(lead, ['time,rating', '2025-03-02 10:00,1'].join('\n'), 'text/csv');
      expect(noCall.body.field).toBe('rows[2].callId');
      const badTime = await importFile(lead, ['time,callId,rating', '2025-03-32 10:00,q-10,1'].join('\n'), 'text/csv');
      expect(badTime.body.field).toBe('rows[2].time');
      expect(await surveyRows()).toEqual([]);
    });

    it('refuses an answer before its call, the same call rated twice in the file, a value under no header', async () => {
      const early = new Date(offeredAt(10).getTime() - 60_000).toISOString();
      const before = await importFile(lead, ['time,callId,rating', `${early},q-10,1`].join('\n'), 'text/csv');
      expect(before.status).toBe(400);
      expect(before.body).toMatchObject({ code: 'bad_rows', field: 'rows[2].time' });
      const late = new Date(offeredAt(10).getTime() + 600_000).toISOString();
      const twice = await importFile(lead, ['time,callId,rating', `${late},q-10,1`, `${late},q-10,3`].join('\n'), 'text/csv');
      expect(twice.status).toBe(400);
      expect(twice.body).toMatchObject({ code: 'bad_rows', field: 'rows[3].callId' });
      expect(twice.body.message).toContain('row 2');
      const extra = await importFile(lead, ['time,callId,rating', `${late},q-10,1,13800130010`].join('\n'), 'text/csv');
      expect(extra.status).toBe(400);
      expect(extra.body).toMatchObject({ code: 'extra_field', field: 'rows[2].columns[3]' });
      expect(await surveyRows()).toEqual([]);
    });

    it('refuses an xlsx with a bad row, naming the row and field, and stores nothing', async () => {
      const book = await xlsx([['时间', '通话ID', '评价'], ['2025-03-29 09:00:00', 'q-11', '5'], ['2025-03-29 09:10:00', 'q-12', '非常满意']]);
      const res = await importFile(lead, book, XLSX);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'bad_rows', field: 'rows[2].rating' });
      expect(await surveyRows()).toEqual([]);
    });

    it('refuses the agent and the bureau, and a month that is closed', async () => {
      const csv = ['time,callId,rating', '2025-03-25 10:00:00,q-20,1'].join('\n');
      expect((await importFile(agent, csv, 'text/csv')).status).toBe(403);
      expect((await importFile(bureau, csv, 'text/csv')).status).toBe(403);
      expect((await importFile(lead, csv, 'text/plain')).status).toBe(415);
      await setState('satisfaction', 'closed');
      const closed = await importFile(lead, csv, 'text/csv');
      expect(closed.status).toBe(409);
      expect(closed.body).toMatchObject({ code: 'month_not_open', field: 'month' });
      expect(closed.body.message).toContain(MONTH);
      expect(closed.body.message).toMatch(/reopens/);
      await setState('satisfaction', 'confirmed');
      const confirmed = await importFile(lead, csv, 'text/csv');
      expect(confirmed.status).toBe(409);
      expect(confirmed.body.message).toMatch(/returns it/);
      await setState('satisfaction', null);
      expect(await surveyRows()).toEqual([]);
    });

    it('imports a CSV: by call id or by caller (hashed, never stored), duplicates counted, not stored', async () => {
      const q30 = new Date(offeredAt(30).getTime() + 6 * 60_000).toISOString();
      const csv = [
        '时间,通话ID,来电号码,评价',
        '2025-03-25 10:00:00,q-20,,1',
        `${q30},,138-0013-0030,基本满意`,
        '2025-03-06 11:00,q-0,,不满意',
        '2025-03-07 12:00,,13900000000,3',
        '2025-03-08 12:00,q-1,,2',
      ].join('\r\n');
      const res = await importFile(lead, `\uFEFF${csv}`, 'text/csv; charset=utf-8');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ created: 3, duplicates: 2 });
      const rows = await surveyRows();
      expect(rows.map((r) => [r.callId, r.level, r.month])).toEqual([
        ['q-20', 'very-satisfied', MONTH],
        ['q-30', 'basically-satisfied', MONTH],
        [null, 'dissatisfied', MONTH],
      ]);
      expect(rows[0].callerHash).toBeNull();
      expect(rows[1].callerHash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[2].callerHash).toMatch(/^[0-9a-f]{64}$/);
      for (const r of rows) {
        expect(r.json).not.toContain('13800130030');
        expect(r.json).not.toContain('13900000000');
      }
    });

    it('imports an xlsx with Chinese headers; the same file again is all duplicates', async () => {
      const book = await xlsx([['评价时间', '呼叫ID', '满意度'], ['2025-03-20 09:00', 'q-40', '非常满意']]);
      const first = await importFile(lead, book, XLSX);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ created: 1, duplicates: 0 });
      const again = await importFile(manager, book, XLSX);
      expect(again.body).toEqual({ created: 0, duplicates: 1 });
    });

    it('shows the imported answers beside the feed ones', async () => {
      const res = await bureau.get<SatisfactionView>(`/api/registers/satisfaction?month=${MONTH}`);
      expect(res.body).toEqual({
        month: MONTH, agentAnswered: ANSWERED, responses: 10, verySatisfied: 5, basicallySatisfied: 3, dissatisfied: 2, fromFeed: 6, imported: 4,
        satisfactionPercent: '80.00', surveyRatePercent: '2.33',
      });
    });
  });

  it("gives the month-state machine both registers' figures", async () => {
    const res = await manager.get<RegisterMonthsView>(`/api/registers/months/${MONTH}`);
    expect(res.status).toBe(200);
    const of = (name: string) => res.body.registers.find((r) => r.register === name)!;
    expect(of('satisfaction')).toMatchObject({ state: 'open', figures: { veryOrBasicallySatisfied: 8, surveyResponses: 10 }, blockers: [], warnings: [] });
    expect(of('qa')).toMatchObject({ state: 'open', figures: { qaSampled: 3, qaErrorsFound: 1 }, blockers: [], warnings: [] });
    const empty = await manager.get<RegisterMonthsView>('/api/registers/months/2025-01');
    expect(empty.status).toBe(200);
    expect(empty.body.registers.find((r) => r.register === 'qa')?.blockers).toEqual([{ code: 'no_sample', message: 'no sample drawn', params: {} }]);
  });

  it('a sample below the quota (calls arrived after the draw) blocks the close while it can be redrawn, then only warns', async () => {
    const APRIL = '2025-04';
    const insert = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const at = new Date(`${APRIL}-${pad(1 + (i % 28))}T${pad(8 + (i % 12))}:${pad(i % 60)}:00+08:00`);
        await stack.db.query(
          `INSERT INTO "Call" ("callId", source, "offeredAt", "answeredAt", "agentId", outcome, "lastEventAt", "updatedAt") VALUES ($1, 'queue_log', $2, $2, $3, 'answered', $2, now())`,
          [`apr-${i}`, at, AGENTS[i % 2]],
        );
      }
    };
    const qa = async () => (await manager.get<RegisterMonthsView>(`/api/registers/months/${APRIL}`)).body.registers.find((r) => r.register === 'qa')!;
    await insert(0, 200); // quota 2, two agents
    const drawn = await post(manager, `/api/qa/samples/${APRIL}/draw`, { seed: 'april' });
    expect(drawn.status).toBe(201);
    const random = (drawn.body as unknown as QaSampleView).calls.filter((c) => c.kind === 'random');
    expect(random).toHaveLength(2);
    await insert(200, 450); // quota now 5
    expect(await qa()).toMatchObject({ blockers: [{ code: 'sample_below_quota', params: { random: 2, quota: 5 } }], warnings: [] });
    const refused = await post(manager, `/api/registers/months/${APRIL}/qa/close`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'incomplete', field: 'blockers' });
    // once a random call is reviewed the sample cannot be redrawn: the shortfall is a warning, the close goes ahead
    const scores = { service_norms: 45, accuracy: 50 }; // the form's version 2 (see above)
    expect((await put(lead, `/api/qa/samples/${APRIL}/calls/${random[0].callId}/review`, { scores })).status).toBe(200);
    expect(await qa()).toMatchObject({ blockers: [], warnings: [{ code: 'sample_below_quota', params: { random: 2, quota: 5 } }] });
    const closed = await post(manager, `/api/registers/months/${APRIL}/qa/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', figures: { qaSampled: 1, qaErrorsFound: 0 } });
  });

  it('leaves every write in the audit trail with what changed, and no caller number in clear', async () => {
    const { rows } = await stack.db.query<{ action: string; target: string | null; outcome: string; detail: { after?: Record<string, unknown>; body?: unknown } }>(
      `SELECT action, target, outcome, detail FROM "AuditLog" WHERE action IN ('drawQaSample', 'addQaCall', 'reviewQaCall', 'recheckQaCall', 'putQaForm', 'importSurveys') ORDER BY id`,
    );
    const draws = rows.filter((r) => r.action === 'drawQaSample' && r.outcome === 'ok');
    expect(draws.length).toBeGreaterThanOrEqual(4);
    expect(draws[0]).toMatchObject({ target: `qa-sample:${MONTH}`, detail: { after: { seed: 'e2e-2025-03', method: 'stratified-agent-shift/v1', quota: 5 } } });
    const imports = rows.filter((r) => r.action === 'importSurveys' && r.outcome === 'ok');
    expect(imports[0]).toMatchObject({ target: 'satisfaction:import', detail: { after: { created: 3, duplicates: 2, months: [MONTH] }, body: { bytes: expect.any(Number) } } });
    expect(rows.some((r) => r.action === 'importSurveys' && r.outcome === 'failed')).toBe(true);
    expect(rows.filter((r) => r.action === 'reviewQaCall' && r.outcome === 'ok').length).toBeGreaterThanOrEqual(4);
    const trail = JSON.stringify(rows);
    expect(trail).not.toContain('13800130030');
    expect(trail).not.toContain('13900000000');
  });
});
