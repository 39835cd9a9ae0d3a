/**
 * Issue 14, the agent desk and registered requests (受理登记), API level: a call pushed through the feed and answered
 * by an agent's id appears on her desk (GET /api/desk and the `desk:update` socket event, to her sockets only); she
 * registers the request on it and finishes it as a complaint, which opens a pending complaint linked to the call;
 * the shift lead reads it with the caller masked; another agent cannot see it; bad bodies are refused naming the
 * field; a callback without a call keeps its number encrypted; the month's export (API and CLI) has no clear number.
 * Issue 14 privacy probe: a phone-like work-order number is refused, phone numbers in any written form are stored
 * masked, and the bureau's audit answer hides every caller field.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import {
  API, AUDIT_CALLER_KEY, AUDIT_HIDDEN, AuditPage, ComplaintView, DeskState, REQUESTS_EXPORT_HEADERS, RequestsPage, SOCKET_EVENTS, ServiceRequestView,
  type BodyOf,
} from '@hotline/contracts';
import { monthKey } from '@hotline/events';
import { z } from 'zod';
import { runCli } from './support/cli';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(90_000);

const NUMBER = '13812345678';
const CALLBACK_NUMBER = '13900001111';
const A1 = 'DESK_A1';
const A2 = 'DESK_A2';

/** Polls `probe` every 100 ms until it returns a value (not undefined), for at most `ms`. */
async function until<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the agent desk and registered requests', () => {
  let stack: Stack;
  let redis: Redis;
  let agent: ApiClient;
  let other: ApiClient;
  let lead: ApiClient;
  const sockets: Socket[] = [];
  const deskUpdates: { at: number; state: DeskState }[] = [];
  const otherUpdates: DeskState[] = [];
  const month = monthKey(new Date(), 'Asia/Shanghai');
  let requestId = 0;
  let answerPushedAt = 0;

  /** Adds canonical events to the feed's stream. */
  async function push(events: Record<string, unknown>[]): Promise<void> {
    for (const e of events) await redis.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify({ source: 'desk-test', ...e }));
  }
  const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

  function socketOf(client: ApiClient, into: (s: DeskState) => void): Promise<Socket> {
    const socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: client.cookie } });
    sockets.push(socket);
    socket.on(SOCKET_EVENTS.deskUpdate.name, (payload: unknown) => into(SOCKET_EVENTS.deskUpdate.payload.parse(payload)));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  beforeAll(async () => {
    stack = await createStack('requests_desk');
    await stack.startApi();
    redis = new Redis(stack.env.REDIS_URL);
    agent = await stack.signIn(['agent'], { agentId: A1 });
    other = await stack.signIn(['agent'], { agentId: A2 });
    lead = await stack.signIn(['shift_lead']);
    const manager = await stack.signIn(['manager']);
    // the tree's rule that suggests the call's type from its queue
    expect((await manager.send('POST', API.addBusinessTypeRule.path, { kind: 'queue', match: 'licence-q', typeCode: 'driving-licence' })).status).toBe(201);
    // the same caller called two hours ago (answered by the other agent), and the other agent has a call of her own
    await push([
      { eventId: 'd0-o', callId: 'd0', ts: ago(7300), type: 'call.offered', callerId: NUMBER },
      { eventId: 'd0-q', callId: 'd0', ts: ago(7290), type: 'queue.entered', queue: 'licence-q' },
      { eventId: 'd0-a', callId: 'd0', ts: ago(7280), type: 'agent.answered', agentId: A2, waitSeconds: 10, queue: 'licence-q' },
      { eventId: 'd0-e', callId: 'd0', ts: ago(7200), type: 'call.ended', agentId: A2, talkSeconds: 80, endedBy: 'caller' },
      { eventId: 'd2-o', callId: 'd2', ts: ago(120), type: 'call.offered', callerId: '13700002222' },
      { eventId: 'd2-a', callId: 'd2', ts: ago(110), type: 'agent.answered', agentId: A2, waitSeconds: 10 },
      { eventId: 'd2-e', callId: 'd2', ts: ago(30), type: 'call.ended', agentId: A2, talkSeconds: 80, endedBy: 'caller' },
    ]);
    await socketOf(agent, (state) => deskUpdates.push({ at: Date.now(), state }));
    await socketOf(other, (state) => otherUpdates.push(state));
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    redis?.disconnect();
    await stack?.stop();
  });

  it("shows the agent's answered call on her desk, and pushes it to her sockets only within 2 s", async () => {
    await push([
      { eventId: 'd1-o', callId: 'd1', ts: ago(20), type: 'call.offered', callerId: NUMBER },
      { eventId: 'd1-q', callId: 'd1', ts: ago(18), type: 'queue.entered', queue: 'licence-q' },
    ]);
    answerPushedAt = Date.now();
    await push([{ eventId: 'd1-a', callId: 'd1', ts: ago(0), type: 'agent.answered', agentId: A1, waitSeconds: 18, queue: 'licence-q' }]);
    const pushed = await until(async () => deskUpdates.find((u) => u.state.current?.callId === 'd1'), 10_000);
    expect(pushed.at - answerPushedAt).toBeLessThan(2000);

    const desk = await agent.get(API.desk.path);
    expect(desk.status).toBe(200);
    const state = DeskState.parse(desk.body);
    expect(state).toMatchObject({ agentId: A1, unfinished: 0 });
    expect(state.current).toMatchObject({ callId: 'd1', phase: 'talking', queue: 'licence-q', suggestedTypeCode: 'driving-licence', endedAt: null, request: null });
    expect(state.current!.caller).toEqual({ masked: '138****5678', ref: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(state.current!.repeat.calls).toBe(1); // d0, two hours before
    // the other agent's sockets never hear of this call; an account without an agent id has no current call
    expect(otherUpdates.every((u) => u.agentId === A2 && u.current?.callId !== 'd1')).toBe(true);
    expect(DeskState.parse((await lead.get(API.desk.path)).body)).toMatchObject({ agentId: null, current: null });
  });

  it('refuses bad bodies naming the field', async () => {
    const base = { callId: 'd1', businessTypeCode: 'driving-licence', summary: '咨询换证' } satisfies BodyOf<typeof API.registerRequest>;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, businessTypeCode: 'no-such-type' }, 400, 'businessTypeCode'],
      [{ ...base, articleIds: [987654] }, 400, 'articleIds'],
      [{ ...base, outcome: 'referred' }, 400, 'referredTo'],
      [{ ...base, callId: 'd2' }, 400, 'callId'], // the other agent's call
      [{ ...base, callId: 'nope' }, 400, 'callId'],
      [{ ...base, status: 'done' }, 400, 'outcome'],
      [{ ...base, callerNumber: NUMBER }, 400, 'callerNumber'],
      [{ ...base, workOrderNo: NUMBER }, 400, 'workOrderNo'], // a phone number, not a work order's
      [{ ...base, workOrderNo: '１３８-１２３４-５６７８' }, 400, 'workOrderNo'],
      [{ ...base, summary: '\u200b\u200b' }, 400, 'summary'], // only zero-width characters
      [{ channel: 'walk_in', businessTypeCode: 'other', summary: 'x', receivedAt: new Date(Date.now() + 3_600_000).toISOString() }, 400, 'receivedAt'],
      [{ channel: 'walk_in', businessTypeCode: 'other', summary: 'x', receivedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() }, 400, 'receivedAt'], // more than 7 days ago
    ];
    for (const [body, status, field] of cases) {
      const res = await agent.send<{ field?: string }>('POST', API.registerRequest.path, body);
      expect({ body, status: res.status, field: res.body.field }).toEqual({ body, status, field });
    }
    // An impossible day is not a valid date, and only that (not also "more than 7 days ago" as its roll-over to 2 March).
    const feb30 = await agent.send<{ field?: string; message: string }>('POST', API.registerRequest.path, { channel: 'walk_in', businessTypeCode: 'other', summary: 'x', receivedAt: '2026-02-30T10:00:00Z' });
    expect({ status: feb30.status, field: feb30.body.field }).toEqual({ status: 400, field: 'receivedAt' });
    expect(feb30.body.message).toMatch(/^receivedAt: not a valid date and time/);
    expect(feb30.body.message).not.toMatch(/days ago|;/);
  });

  it('registers a draft on the call, finishes it as a complaint, which opens a pending complaint linked to the call', async () => {
    const created = await agent.send('POST', API.registerRequest.path, {
      callId: 'd1', businessTypeCode: 'driving-licence', summary: `驾驶证到期换证 回电 ${NUMBER}`, question: '异地可否换证',
    } satisfies BodyOf<typeof API.registerRequest>);
    expect(created.status).toBe(201);
    const draft = ServiceRequestView.parse(created.body);
    requestId = draft.id;
    expect(draft).toMatchObject({ channel: 'call', callId: 'd1', agentId: A1, status: 'draft', outcome: null, complaintId: null, businessTypeNameZh: '驾驶证业务' });
    expect(draft.summary).not.toContain(NUMBER); // a number typed into the text is masked
    expect(draft.caller?.masked).toBe('138****5678');
    // one request per call; the desk resumes the draft
    expect((await agent.send<{ field?: string }>('POST', API.registerRequest.path, { callId: 'd1', businessTypeCode: 'other', summary: 'x' })).body.field).toBe('callId');
    await until(async () => deskUpdates.find((u) => u.state.current?.request?.id === requestId && u.state.unfinished === 1));
    // a referral needs its department
    const referred = await agent.send<{ field?: string }>('PATCH', `/api/requests/${requestId}`, { outcome: 'referred' });
    expect([referred.status, referred.body.field]).toEqual([400, 'referredTo']);

    const done = await agent.send('PATCH', `/api/requests/${requestId}`, { outcome: 'complaint', status: 'done' } satisfies BodyOf<typeof API.updateRequest>);
    expect(done.status).toBe(200);
    const finished = ServiceRequestView.parse(done.body);
    expect(finished).toMatchObject({ status: 'done', outcome: 'complaint', completedAt: expect.any(String) });
    expect(finished.complaintId).toEqual(expect.any(Number));
    const complaints = z.array(ComplaintView).parse((await lead.get(`${API.listComplaints.path}?month=${month}`)).body);
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatchObject({ id: finished.complaintId, verdict: 'pending', callId: 'd1', agentId: A1, channel: 'hotline' });
    // changed again (from the updatedAt last seen): still one complaint, and the outcome stays complaint
    expect((await agent.send('PATCH', `/api/requests/${requestId}`, { workOrderNo: 'WO-1', expectedUpdatedAt: finished.updatedAt })).status).toBe(200);
    // a second tab still holding the old updatedAt is refused, nothing written
    const stale = await agent.send<{ code?: string; field?: string }>('PATCH', `/api/requests/${requestId}`, { workOrderNo: 'WO-2', expectedUpdatedAt: finished.updatedAt });
    expect([stale.status, stale.body.code, stale.body.field]).toEqual([409, 'stale', 'expectedUpdatedAt']);
    expect(ServiceRequestView.parse((await agent.get(`/api/requests/${requestId}`)).body).workOrderNo).toBe('WO-1');
    const away = await agent.send<{ field?: string }>('PATCH', `/api/requests/${requestId}`, { outcome: 'answered' });
    expect([away.status, away.body.field]).toEqual([409, 'outcome']);
    expect(z.array(ComplaintView).parse((await lead.get(`${API.listComplaints.path}?month=${month}`)).body)).toHaveLength(1);
    // the request is linked to the ledger's call
    const { rows } = await stack.db.query(`SELECT r."callId", c."agentId" FROM "ServiceRequest" r JOIN "Call" c USING ("callId") WHERE r.id = $1`, [requestId]);
    expect(rows).toEqual([{ callId: 'd1', agentId: A1 }]);
  });

  it('shows the shift lead every request masked; another agent sees none of them; an agent cannot list everyone', async () => {
    const all = RequestsPage.parse((await lead.get(`${API.requests.path}?month=${month}`)).body);
    expect(all.total).toBe(1);
    expect(all.requests[0]).toMatchObject({ id: requestId, callId: 'd1', caller: { masked: '138****5678' }, author: { login: agent.login } });
    expect(ServiceRequestView.parse((await lead.get(`/api/requests/${requestId}`)).body).id).toBe(requestId);
    expect(ServiceRequestView.parse((await agent.get(`/api/requests/${requestId}`)).body).id).toBe(requestId);
    expect(RequestsPage.parse((await agent.get(API.myRequests.path)).body).total).toBe(1);

    expect((await other.get(`/api/requests/${requestId}`)).status).toBe(404);
    expect((await other.send('PATCH', `/api/requests/${requestId}`, { summary: 'mine now' })).status).toBe(404);
    expect(RequestsPage.parse((await other.get(API.myRequests.path)).body).total).toBe(0);
    expect((await agent.get(API.requests.path)).status).toBe(403);
    expect((await agent.get(`${API.exportRequests.path}?month=${month}`)).status).toBe(403);
  });

  it('keeps a callback without a call encrypted, shown masked', async () => {
    const res = await agent.send('POST', API.registerRequest.path, {
      channel: 'callback', callerNumber: CALLBACK_NUMBER, businessTypeCode: 'motor-vehicle', summary: '回拨告知年检结果', outcome: 'answered', status: 'done',
    } satisfies BodyOf<typeof API.registerRequest>);
    expect(res.status).toBe(201);
    const view = ServiceRequestView.parse(res.body);
    expect(view).toMatchObject({ channel: 'callback', callId: null, status: 'done', caller: { masked: '139****1111' } });
    const { rows } = await stack.db.query(`SELECT r."callerHash", c.cipher FROM "ServiceRequest" r JOIN "Caller" c ON c.hash = r."callerHash" WHERE r.id = $1`, [view.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].callerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].cipher).not.toContain(CALLBACK_NUMBER);
    const stored = await stack.db.query(`SELECT row_to_json(r)::text AS t FROM "ServiceRequest" r`);
    expect(stored.rows.map((r) => r.t).join('\n')).not.toMatch(new RegExp(`${NUMBER}|${CALLBACK_NUMBER}`));
  });

  it('exports the month as a workbook (API and CLI) without a clear number; the audit trail and logs hold none', async () => {
    const res = await lead.fetch(`${API.exportRequests.path}?month=${month}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(API.exportRequests.responseContentType);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    const values = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    expect(values[0]).toEqual([...REQUESTS_EXPORT_HEADERS]);
    expect(values).toHaveLength(3);
    const text = values.flat().join('|');
    expect(text).toContain('138****5678');
    expect(text).toContain('139****1111');

    const out = join(mkdtempSync(join(tmpdir(), 'requests-export-')), 'requests.xlsx');
    const cli = await runCli(['requests', 'export', '--month', month, '--out', out], {
      env: { HOTLINE_API_URL: stack.baseUrl, HOTLINE_API_LOGIN: lead.login, HOTLINE_API_PASSWORD: lead.password },
    });
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    const unknown = await runCli(['requests', 'list'], { env: {} });
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({ code: 2, stderr: "hotline: unknown command 'list'; valid: export (see: hotline requests --help)\n" });
    const fromCli = new ExcelJS.Workbook();
    await fromCli.xlsx.load(new Uint8Array(readFileSync(out)).buffer);
    expect(fromCli.worksheets[0].rowCount).toBe(3);

    const audit = await stack.db.query<{ t: string }>(`SELECT concat_ws(' ', action, target, detail::text) AS t FROM "AuditLog"`);
    const trail = audit.rows.map((r) => r.t).join('\n');
    expect(trail).toMatch(/registerRequest/);
    for (const number of [NUMBER, CALLBACK_NUMBER]) {
      expect(text).not.toContain(number);
      expect(trail).not.toContain(number);
      expect(stack.logs()).not.toContain(number);
    }
  });

  it("stores every written phone format masked; the bureau's audit answer hides caller fields, the stored entry keeps the ref", async () => {
    const formats = ['138.1234.5678', '138/1234/5678', '138 12 34 56 78', '１３８１２３４５６７８', '一三八一二三四五六七八', '幺三八1234五六七八'];
    const res = await agent.send('POST', API.registerRequest.path, {
      channel: 'walk_in', businessTypeCode: 'other', summary: `留号 ${formats.join('；')} 查 12123`, outcome: 'work_order', workOrderNo: 'GD202612070001', status: 'done',
    } satisfies BodyOf<typeof API.registerRequest>);
    expect(res.status).toBe(201);
    const view = ServiceRequestView.parse(res.body);
    expect(view).toMatchObject({ summary: `留号 ${formats.map(() => '138****5678').join('；')} 查 12123`, workOrderNo: 'GD202612070001' });

    const { rows } = await stack.db.query<{ detail: { after: { caller: { ref: string } } } }>(`SELECT detail FROM "AuditLog" WHERE action = 'registerRequest' AND target = $1`, [`request:${requestId}`]);
    const ref = ServiceRequestView.parse((await agent.get(`/api/requests/${requestId}`)).body).caller?.ref;
    expect(rows[0]?.detail.after.caller.ref).toBe(ref); // stored whole (not digit-masked), and left as stored
    const bureau = await stack.signIn(['bureau']);
    const page = AuditPage.parse((await bureau.get(`${API.audit.path}?action=registerRequest`)).body);
    expect(page.entries.length).toBeGreaterThanOrEqual(2);
    const callerValues: unknown[] = [];
    JSON.stringify(page.entries, (key, v: unknown) => (AUDIT_CALLER_KEY.test(key) && callerValues.push(v), v));
    expect(callerValues.length).toBeGreaterThan(0);
    expect(new Set(callerValues)).toEqual(new Set([AUDIT_HIDDEN]));
  });
});
