/**
 * Issue 11, the registers of the scored items through the API (built API as a child process, own database and Redis
 * prefix): complaints (record, adjudicate, CSV and xlsx import, the caller never in clear), trainings (sign-in list,
 * attachment, the roster's planned sessions), confidentiality incidents, reports (due, late, findings), the staff
 * report, and the month states (close blocked by a pending complaint, reopen, confirm, correction entries), with the
 * role checks of each.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type {
  ComplaintView, ImportResult, IncidentView, MonthReport, RegisterMonthsView, RegisterMonthView, ReportsView, ReportView, StaffReportView, TrainingView, UserView,
} from '@hotline/contracts';
import { entryWindow } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { createStack, type ApiClient, type Stack } from './support/stack';

const M = '2026-10';
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NUMBER = '13800138000';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but a PNG by its signature')]);

interface ErrorBody {
  code: string;
  field?: string;
  message: string;
}

describe('registers API', () => {
  let stack: Stack;
  let manager: ApiClient;
  let lead: ApiClient;
  let bureau: ApiClient;
  let agent: ApiClient;
  let staff: { id: number; login: string }[];

  const count = async (table: string) => Number((await stack.db.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const months = async () => (await bureau.get<RegisterMonthsView>(`/api/registers/months/${M}`)).body;
  const months2 = async (month: string) => (await bureau.get<RegisterMonthsView>(`/api/registers/months/${month}`)).body.registers;
  const register = async (name: string) => (await months()).registers.find((r) => r.register === name)!;
  const upload = (client: ApiClient, method: string, path: string, body: Buffer, contentType: string, headers: Record<string, string> = {}) =>
    client.fetch(path, { method, headers: { 'content-type': contentType, ...headers }, body: new Uint8Array(body) });

  beforeAll(async () => {
    stack = await createStack('registers');
    await stack.startApi();
    manager = await stack.signIn(['manager']);
    lead = await stack.signIn(['shift_lead']);
    bureau = await stack.signIn(['bureau']);
    agent = await stack.signIn(['agent'], { agentId: 'A9' });
    staff = [
      await stack.createUser(['agent'], { agentId: 'A1', displayName: '张三' }),
      await stack.createUser(['agent'], { agentId: 'A2', displayName: '李四' }),
    ];
    // Calls of the ledger (as the feed would have stored them): two answered by A1 and A2 in October.
    for (const [callId, agentId, at] of [['c-1', 'A1', '2026-10-03T02:00:00Z'], ['c-2', 'A2', '2026-10-04T03:00:00Z'], ['c-3', 'A1', '2026-10-05T04:00:00Z']]) {
      await stack.db.query(
        `INSERT INTO "Call" ("callId", source, "offeredAt", "answeredAt", "agentId", outcome, "lastEventAt", "updatedAt") VALUES ($1, 'queue_log', $3, $3, $2, 'answered', $3, now())`,
        [callId, agentId, at],
      );
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('complaints', () => {
    it('records a complaint on a ledger call: agent from the call, caller hashed, encrypted and shown masked only', async () => {
      const res = await lead.send<ComplaintView>('POST', '/api/registers/complaints', {
        receivedAt: '2026-10-03T10:30:00+08:00', channel: 'hotline', callId: 'c-1', caller: NUMBER, content: '坐席态度生硬',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ month: M, callId: 'c-1', agentId: 'A1', caller: '138****8000', verdict: 'pending', adjudicated: null, correctionReason: null });
      expect(res.body.createdBy.userId).toBe(lead.userId);
      const row = (await stack.db.query(`SELECT * FROM "Complaint" WHERE id = $1`, [res.body.id])).rows[0];
      expect(row.callerHash).toMatch(/^[0-9a-f]{64}$/);
      const caller = (await stack.db.query(`SELECT * FROM "Caller" WHERE hash = $1`, [row.callerHash])).rows[0];
      expect(caller.masked).toBe('138****8000');
      expect(caller.cipher).not.toContain(NUMBER);
      // The number is nowhere in clear: not in the register, not in the audit trail.
      expect(JSON.stringify(row)).not.toContain(NUMBER);
      const trail = (await stack.db.query(`SELECT detail::text AS d FROM "AuditLog" WHERE action = 'addComplaint'`)).rows.map((r) => r.d).join('\n');
      expect(trail).toContain('complaint');
      expect(trail).not.toContain(NUMBER);
    });

    it('refuses a complaint on an unknown call with 400 naming callId, and stores nothing', async () => {
      const before = await count('Complaint');
      const res = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt: '2026-10-03T10:30:00+08:00', channel: 'hotline', callId: 'nope', content: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'unknown_call', field: 'callId' });
      const bad = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt: '2026-10-03T10:30:00+08:00', channel: 'fax', content: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('channel');
      expect(await count('Complaint')).toBe(before);
    });

    it('adjudicates: the manager decides, a shift lead may not, the bureau may not record', async () => {
      const [c] = (await lead.get<ComplaintView[]>(`/api/registers/complaints?month=${M}`)).body;
      expect((await lead.send('POST', `/api/registers/complaints/${c.id}/verdict`, { verdict: 'justified', reason: '录音核实' })).status).toBe(403);
      expect((await bureau.send('POST', '/api/registers/complaints', { receivedAt: '2026-10-03T10:30:00+08:00', channel: 'hotline', content: 'x' })).status).toBe(403);
      expect((await agent.get(`/api/registers/complaints?month=${M}`)).status).toBe(403);
      const res = await manager.send<ComplaintView>('POST', `/api/registers/complaints/${c.id}/verdict`, { verdict: 'justified', reason: '录音核实，坐席有责' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ verdict: 'justified', verdictReason: '录音核实，坐席有责', adjudicated: { by: { userId: manager.userId } } });
      expect((await register('complaints')).figures).toEqual({ justifiedComplaints: 1 });
    });

    it('imports a CSV all or nothing: a bad row is a 400 naming row and field; a re-import counts duplicates', async () => {
      const before = await count('Complaint');
      const bad = ['receivedAt,channel,callId,caller,content', '2026-10-04 11:00,12345平台,c-2,13900139000,等待太久', '2026-10-05 12:00,hotline,c-404,,无此通话'].join('\n');
      const refused = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(bad), CSV);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'bad_rows', field: 'rows[3].callId' });
      expect(await count('Complaint')).toBe(before);
      const good = ['\uFEFF受理时间,渠道,呼叫ID,来电号码,投诉内容', '2026-10-04 11:00,12345平台,c-2,13900139000,等待太久', '2026-10-06 09:15:00,letter,,,来信投诉'].join('\r\n');
      const res = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(good), CSV);
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ created: 2, duplicates: 0 });
      const again = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(good), CSV);
      expect(await again.json()).toEqual({ created: 0, duplicates: 2 });
      const list = (await lead.get<ComplaintView[]>(`/api/registers/complaints?month=${M}`)).body;
      const imported = list.find((c) => c.callId === 'c-2')!;
      expect(imported).toMatchObject({ channel: 'platform_12345', agentId: 'A2', caller: '139****9000', receivedAt: '2026-10-04T03:00:00.000Z', verdict: 'pending' });
      expect(list.find((c) => c.channel === 'letter')).toMatchObject({ callId: null, caller: null, receivedAt: '2026-10-06T01:15:00.000Z' });
    });

    it('imports an xlsx workbook (first sheet, header row); unknown columns are refused', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('投诉');
      sheet.addRow(['receivedAt', 'channel', 'callId', 'agentId', 'content']);
      sheet.addRow(['2026-10-07T08:00:00+08:00', 'bureau', 'c-3', 'A1', '支队转办：重复来电未解决']);
      const bytes = Buffer.from(await book.xlsx.writeBuffer());
      const res = await upload(lead, 'POST', '/api/registers/complaints/import', bytes, XLSX);
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual<ImportResult>({ created: 1, duplicates: 0 });
      const odd = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from('when,what\n2026-10-01,x'), CSV);
      expect(odd.status).toBe(400);
      expect((await odd.json()).field).toBe('columns[0]');
      const wrongType = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from('{}'), 'application/json');
      expect(wrongType.status).toBe(415);
    });

    it('refuses a value under no header (a row longer than the header) instead of dropping it', async () => {
      const before = await count('Complaint');
      const longer = ['receivedAt,channel,content', '2026-10-08 09:00,letter,来信投诉,13800138000'].join('\n');
      const res = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(longer), CSV);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'extra_field', field: 'rows[2].columns[3]' });
      const unnamed = ['receivedAt,,content', '2026-10-08 09:00,letter,来信投诉'].join('\n');
      expect((await (await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(unnamed), CSV)).json()).field).toBe('rows[2].columns[1]');
      expect(await count('Complaint')).toBe(before);
    });

    it('masks a number typed into the content before it is stored; the audit trail and the register never hold it in clear', async () => {
      const res = await lead.send<ComplaintView>('POST', '/api/registers/complaints', {
        receivedAt: '2026-10-09T10:00:00+08:00', channel: 'online', content: '来电人留下号码 139 1234 5678，要求回电',
      });
      expect(res.status).toBe(201);
      expect(res.body.content).toBe('来电人留下号码 139****5678，要求回电');
      const row = (await stack.db.query(`SELECT content FROM "Complaint" WHERE id = $1`, [res.body.id])).rows[0];
      expect(row.content).toBe('来电人留下号码 139****5678，要求回电');
      const trail = (await stack.db.query(`SELECT detail::text AS d FROM "AuditLog" WHERE action = 'addComplaint'`)).rows.map((r) => r.d).join('\n');
      expect(trail).not.toMatch(/139 ?1234 ?5678/);
      // the verdict's reason too
      const v = await manager.send<ComplaintView>('POST', `/api/registers/complaints/${res.body.id}/verdict`, { verdict: 'not_justified', reason: '已回电 13912345678，来电人表示满意' });
      expect(v.body.verdictReason).toBe('已回电 139****5678，来电人表示满意');
    });

    it('refuses a complaint dated more than a day ahead or outside 1990..2100, and an agent nobody knows (400 naming the field)', async () => {
      const before = await count('Complaint');
      const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const future = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt: ahead, channel: 'online', content: '未来的投诉' });
      expect(future.status).toBe(400);
      expect(future.body).toMatchObject({ code: 'in_future', field: 'receivedAt' });
      for (const receivedAt of ['9999-12-31T00:00:00Z', '0001-01-01T00:00:00Z']) {
        const far = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt, channel: 'online', content: 'x' });
        expect([receivedAt, far.status, far.body.field]).toEqual([receivedAt, 400, 'receivedAt']);
      }
      const nobody = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt: '2026-10-09T10:00:00+08:00', channel: 'online', agentId: 'NOBODY', content: 'x' });
      expect(nobody.status).toBe(400);
      expect(nobody.body).toMatchObject({ code: 'unknown_agent', field: 'agentId' });
      const csv = ['receivedAt,channel,agentId,content', '2026-10-09 10:00,online,NOBODY,x', '9999-12-31 10:00,online,,y'].join('\n');
      const imported = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(csv), CSV);
      expect(imported.status).toBe(400);
      expect((await imported.json()).field).toBe('rows[2].agentId');
      // an agent the accounts know (A9 has answered nothing) is fine
      const known = await lead.send<ComplaintView>('POST', '/api/registers/complaints', { receivedAt: '2026-10-09T11:00:00+08:00', channel: 'online', agentId: 'A9', content: '坐席 A9' });
      expect(known.status).toBe(201);
      expect(await count('Complaint')).toBe(before + 1);
      await manager.send('POST', `/api/registers/complaints/${known.body.id}/verdict`, { verdict: 'not_justified', reason: '无责' });
    });

    it('stores a file imported three times at once only once (the month is locked while duplicates are checked)', async () => {
      const before = await count('Complaint');
      const rows = Array.from({ length: 40 }, (_, i) => `2026-10-11 ${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')},letter,,,并发导入 ${i}`);
      const file = Buffer.from(['receivedAt,channel,callId,caller,content', ...rows].join('\n'));
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all([0, 1, 2].map(async () => (await upload(lead, 'POST', '/api/registers/complaints/import', file, CSV)).json() as Promise<ImportResult>));
        expect(results.reduce((n, r) => n + r.created, 0)).toBe(round === 0 ? 40 : 0);
        expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(round === 0 ? 80 : 120);
      }
      expect(await count('Complaint')).toBe(before + 40);
      await stack.db.query(`UPDATE "Complaint" SET verdict = 'not_justified', "verdictReason" = '测试', "adjudicatedById" = $1, "adjudicatedAt" = now() WHERE content LIKE '并发导入%'`, [manager.userId]);
    });
  });

  describe('trainings', () => {
    it('refuses a held session without attendees (400 attendees) and an attendee who is not supplier staff', async () => {
      const base = { date: '2026-10-08', topic: 'confidentiality', title: '保密制度培训', trainer: '王老师', durationMinutes: 90 };
      const none = await lead.send<ErrorBody>('POST', '/api/registers/trainings', base);
      expect(none.status).toBe(400);
      expect(none.body.field).toBe('attendees');
      const outsider = await lead.send<ErrorBody>('POST', '/api/registers/trainings', { ...base, attendees: [bureau.userId] });
      expect(outsider.status).toBe(400);
      expect(outsider.body).toMatchObject({ code: 'bad_attendee', field: 'attendees' });
      const ghost = await lead.send<ErrorBody>('POST', '/api/registers/trainings', { ...base, attendees: [999_999] });
      expect(ghost.body.field).toBe('attendees');
      const badDay = await lead.send<ErrorBody>('POST', '/api/registers/trainings', { ...base, date: '2026-02-30', attendees: [staff[0].id] });
      expect(badDay.body.field).toBe('date');
      const far = await lead.send<ErrorBody>('POST', '/api/registers/trainings', { ...base, date: '9999-01-01', attendees: [staff[0].id] });
      expect([far.status, far.body.field]).toEqual([400, 'date']);
      // a session in the future may be planned, not held
      const ahead = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const notYet = await lead.send<ErrorBody>('POST', '/api/registers/trainings', { ...base, date: ahead, attendees: [staff[0].id] });
      expect(notYet.status).toBe(400);
      expect(notYet.body).toMatchObject({ code: 'in_future', field: 'date' });
      expect(await count('TrainingSession')).toBe(0);
    });

    it('records held and planned sessions; the roster\'s planned session shows until one is recorded that day', async () => {
      const { rows } = await stack.db.query<{ id: number }>(`INSERT INTO "Roster" (name, "startDate", days) VALUES ('十月', '2026-10-01', 31) RETURNING id`);
      const content = { startDate: '2026-10-01', days: 31, rows: [], training: [
        { date: '2026-10-08', start: '14:00', durationMinutes: 60, attendees: ['A1'], trainerId: 'A2' },
        { date: '2026-10-20', start: '09:00', durationMinutes: 120, attendees: ['A1', 'A2'], trainerId: 'A2' },
      ] };
      await stack.db.query(
        `INSERT INTO "RosterVersion" ("rosterId", version, status, source, problem, content, summary, "updatedAt", "publishedAt") VALUES ($1, 1, 'published', 'plan', '{}', $2, '{}', now(), now())`,
        [rows[0].id, JSON.stringify(content)],
      );
      const held = await lead.send<TrainingView>('POST', '/api/registers/trainings', {
        date: '2026-10-08', topic: 'confidentiality', title: '保密制度培训', trainer: '王老师', durationMinutes: 90, attendees: [staff[0].id, staff[1].id],
      });
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ source: 'register', month: M, status: 'held', attendees: [{ userId: staff[0].id, name: '张三' }, { userId: staff[1].id, name: '李四' }] });
      const planned = await lead.send<TrainingView>('POST', '/api/registers/trainings', {
        date: '2026-10-15', topic: 'etiquette', title: '电话礼仪', trainer: '赵老师', durationMinutes: 60, status: 'planned',
      });
      expect(planned.status).toBe(201);
      const list = (await lead.get<TrainingView[]>(`/api/registers/trainings?month=${M}`)).body;
      expect(list.map((t) => [t.date, t.source, t.status])).toEqual([
        ['2026-10-08', 'register', 'held'],
        ['2026-10-15', 'register', 'planned'],
        ['2026-10-20', 'roster', 'planned'],
      ]);
      expect(list[2]).toMatchObject({ id: null, durationMinutes: 120, trainer: '李四', attendees: [{ userId: staff[0].id }, { userId: staff[1].id }] });
      expect((await register('trainings')).figures).toEqual({ trainingSessions: 1 });
      // The planned one is held after all: recorded with its sign-in list, it counts.
      const done = await lead.send<TrainingView>('PUT', `/api/registers/trainings/${planned.body.id}`, {
        date: '2026-10-15', topic: 'etiquette', title: '电话礼仪', trainer: '赵老师', durationMinutes: 60, status: 'held', attendees: [staff[1].id],
      });
      expect(done.status).toBe(200);
      expect((await register('trainings')).figures).toEqual({ trainingSessions: 2 });
    });

    it('keeps the signed sheet: bytes, type, sanitised name and SHA-256; answers it as it was', async () => {
      const [session] = (await lead.get<TrainingView[]>(`/api/registers/trainings?month=${M}`)).body;
      const put = await upload(lead, 'PUT', `/api/registers/trainings/${session.id}/attachment`, PNG, 'image/png', { 'x-file-name': encodeURIComponent('../签到表 10月 13812345678.png') });
      expect(put.status).toBe(200);
      const view = (await put.json()) as TrainingView;
      expect(view.attachment).toEqual({ fileName: '签到表 10月 138****5678.png', contentType: 'image/png', bytes: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex') });
      const got = await bureau.fetch(`/api/registers/trainings/${session.id}/attachment`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('签到表 10月 138****5678.png')}`);
      expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
      const wrong = await upload(lead, 'PUT', `/api/registers/trainings/${session.id}/attachment`, PNG, 'image/gif');
      expect(wrong.status).toBe(415);
      const liar = await upload(lead, 'PUT', `/api/registers/trainings/${session.id}/attachment`, PNG, 'application/pdf');
      expect(liar.status).toBe(400);
      const big = await upload(lead, 'PUT', `/api/registers/trainings/${session.id}/attachment`, Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), 'image/png');
      expect(big.status).toBe(413);
      expect((await big.json()).field).toBe('body');
    });

    it('moves a session out of a confirmed month only as a correction (both months checked); an upload carries its reason in a header', async () => {
      const trainings = async (month: string) => (await months2(month)).find((r) => r.register === 'trainings')!;
      const body = { date: '2026-09-10', topic: 'system', title: '系统操作', trainer: '张老师', durationMinutes: 60, attendees: [staff[0].id] };
      const session = await lead.send<TrainingView>('POST', '/api/registers/trainings', body);
      expect(session.status).toBe(201);
      expect((await manager.send('POST', '/api/registers/months/2026-09/trainings/close', {})).status).toBe(200);
      expect((await bureau.send('POST', '/api/registers/months/2026-09/trainings/confirm', {})).status).toBe(200);
      const moving = { ...body, date: '2026-08-31' };
      const bare = await lead.send<ErrorBody>('PUT', `/api/registers/trainings/${session.body.id}`, moving);
      expect(bare.body).toMatchObject({ code: 'correction_reason_required', field: 'correctionReason' });
      const moved = await lead.send<TrainingView>('PUT', `/api/registers/trainings/${session.body.id}`, { ...moving, correctionReason: '日期登记错误' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ month: '2026-08', date: '2026-08-31', correctionReason: '日期登记错误' });
      expect(await trainings('2026-09')).toMatchObject({ state: 'closed', note: '更正待支队确认: 日期登记错误' });
      expect((await trainings('2026-08')).state).toBe('open');
      // into a closed month: refused until it is reopened
      const back = await lead.send<ErrorBody>('PUT', `/api/registers/trainings/${session.body.id}`, { ...body, correctionReason: '改回' });
      expect(back.body).toMatchObject({ code: 'month_closed', field: 'month' });
      // the signed sheet of a session in a confirmed month: X-Correction-Reason, read by the bodies' rule
      expect((await bureau.send('POST', '/api/registers/months/2026-09/trainings/confirm', {})).status).toBe(200);
      const september = await lead.send<TrainingView>('POST', '/api/registers/trainings', { ...body, date: '2026-09-11', correctionReason: '补登' });
      expect(september.status).toBe(201);
      expect((await bureau.send('POST', '/api/registers/months/2026-09/trainings/confirm', {})).status).toBe(200);
      const path = `/api/registers/trainings/${september.body.id}/attachment`;
      const none = await upload(lead, 'PUT', path, PNG, 'image/png');
      expect([none.status, ((await none.json()) as ErrorBody).field]).toEqual([409, 'correctionReason']);
      const short = await upload(lead, 'PUT', path, PNG, 'image/png', { 'x-correction-reason': encodeURIComponent('补') });
      expect([short.status, ((await short.json()) as ErrorBody).field]).toEqual([400, 'X-Correction-Reason']);
      const ok = await upload(lead, 'PUT', path, PNG, 'image/png', { 'x-correction-reason': encodeURIComponent('补传签到表') });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as TrainingView).correctionReason).toBe('补传签到表');
      expect(await trainings('2026-09')).toMatchObject({ state: 'closed', note: '更正待支队确认: 补传签到表' });
    });
  });

  describe('confidentiality incidents', () => {
    it('records breaches with and without consequences, removes one recorded by mistake', async () => {
      const one = await lead.send<IncidentView>('POST', '/api/registers/confidentiality', { date: '2026-10-10', description: '工位留有来电人信息便条', consequences: false });
      expect(one.status).toBe(201);
      const two = await lead.send<IncidentView>('POST', '/api/registers/confidentiality', {
        date: '2026-10-12', description: '向无关人员透露来电内容', consequences: true, consequenceDetail: '来电人投诉信息泄露',
      });
      expect(two.status).toBe(201);
      const three = await lead.send<IncidentView>('POST', '/api/registers/confidentiality', { date: '2026-10-13', description: '重复登记', consequences: false });
      expect((await register('confidentiality')).figures).toEqual({ confidentialityBreaches: 3, confidentialityBreachesWithConsequences: 1 });
      expect((await bureau.send('DELETE', `/api/registers/confidentiality/${three.body.id}`)).status).toBe(403);
      expect((await lead.send('DELETE', `/api/registers/confidentiality/${three.body.id}`)).status).toBe(204);
      expect((await lead.send('DELETE', `/api/registers/confidentiality/${three.body.id}`)).status).toBe(404);
      expect((await register('confidentiality')).figures).toEqual({ confidentialityBreaches: 2, confidentialityBreachesWithConsequences: 1 });
      const list = (await bureau.get<IncidentView[]>(`/api/registers/confidentiality?month=${M}`)).body;
      expect(list.map((i) => i.date)).toEqual(['2026-10-10', '2026-10-12']);
    });

    it('wants the consequences described, refuses a day ahead or outside 1990..2100, masks numbers in the text', async () => {
      const before = await count('ConfidentialityIncident');
      const bare = await lead.send<ErrorBody>('POST', '/api/registers/confidentiality', { date: '2026-10-15', description: '泄露', consequences: true });
      expect([bare.status, bare.body.field]).toEqual([400, 'consequenceDetail']);
      const ahead = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
      const future = await lead.send<ErrorBody>('POST', '/api/registers/confidentiality', { date: ahead, description: '未来', consequences: false });
      expect(future.status).toBe(400);
      expect(future.body).toMatchObject({ code: 'in_future', field: 'date' });
      const old = await lead.send<ErrorBody>('POST', '/api/registers/confidentiality', { date: '0001-01-01', description: '远古', consequences: false });
      expect([old.status, old.body.field]).toEqual([400, 'date']);
      expect(await count('ConfidentialityIncident')).toBe(before);
      const masked = await lead.send<IncidentView>('POST', '/api/registers/confidentiality', {
        date: '2026-10-16', description: '便条写有来电号码 13800138000', consequences: true, consequenceDetail: '号码 0591-87654321 的来电人投诉',
      });
      expect(masked.status).toBe(201);
      expect(masked.body).toMatchObject({ description: '便条写有来电号码 138****8000', consequenceDetail: '号码 059*****4321 的来电人投诉' });
      expect((await lead.send('DELETE', `/api/registers/confidentiality/${masked.body.id}`)).status).toBe(204);
    });
  });

  describe('reports', () => {
    it('lists both reports, due at the end of the 5th of the next month, late when not submitted by then', async () => {
      const { body } = await lead.get<ReportsView>(`/api/registers/reports?month=${M}`);
      expect(body.reports.map((r) => [r.kind, r.dueAt, r.late, r.submitted])).toEqual([
        ['operations', '2026-11-05T16:00:00.000Z', true, null],
        ['self_assessment', '2026-11-05T16:00:00.000Z', true, null],
      ]);
      expect(body.narrative).toEqual({ problems: '', improvements: '' });
    });

    it('the bureau moves a due date and records findings; a submission after the due instant is late', async () => {
      expect((await manager.send('PUT', `/api/registers/reports/${M}/self_assessment/due`, { dueAt: '2099-01-01T00:00:00+08:00' })).status).toBe(403);
      const due = await bureau.send<ReportView>('PUT', `/api/registers/reports/${M}/self_assessment/due`, { dueAt: '2099-01-01T00:00:00+08:00' });
      expect(due.status).toBe(200);
      expect(due.body).toMatchObject({ kind: 'self_assessment', dueAt: '2098-12-31T16:00:00.000Z', late: false });
      const wrongKind = await bureau.send<ErrorBody>('POST', `/api/registers/reports/${M}/operations/findings`, { untruthful: 1, note: '自评不实' });
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.field).toBe('untruthful');
      expect((await manager.send('POST', `/api/registers/reports/${M}/operations/findings`, { itemsMissing: 1, note: '缺热点分析' })).status).toBe(403);
      // findings are made on a submitted report only
      const early = await bureau.send<ErrorBody>('POST', `/api/registers/reports/${M}/self_assessment/findings`, { untruthful: 5, note: '未提交就认定不实' });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ code: 'not_submitted', field: 'kind' });
      // (the documents code records submissions; here both reports are marked submitted in time)
      await stack.db.query(`UPDATE "ReportRecord" SET "submittedAt" = '2026-11-02T02:00:00Z', "submittedById" = $1 WHERE month = $2`, [manager.userId, M]);
      await bureau.send('POST', `/api/registers/reports/${M}/operations/findings`, { itemsMissing: 2, note: '缺热点分析与质检结果' });
      const f = await bureau.send<ReportView>('POST', `/api/registers/reports/${M}/operations/findings`, { itemsMissing: 1, note: '缺培训情况' });
      expect(f.status).toBe(201);
      expect(f.body).toMatchObject({ itemsMissing: 3, untruthful: 0 });
      expect(f.body.findings.map((x) => x.by.userId)).toEqual([bureau.userId, bureau.userId]);
      await bureau.send('POST', `/api/registers/reports/${M}/self_assessment/findings`, { untruthful: 1, note: '培训场次虚报' });
      // a due date before the month is refused, naming the field
      const tooEarly = await bureau.send<ErrorBody>('PUT', `/api/registers/reports/${M}/operations/due`, { dueAt: '2026-09-30T00:00:00+08:00' });
      expect(tooEarly.status).toBe(400);
      expect(tooEarly.body).toMatchObject({ code: 'due_before_month', field: 'dueAt' });
      expect((await bureau.send<ErrorBody>('PUT', `/api/registers/reports/${M}/operations/due`, { dueAt: '1900-01-01T00:00:00+08:00' })).body.field).toBe('dueAt');
      // A submission (the documents code records it): the operations report sent a day after its due instant.
      await stack.db.query(`UPDATE "ReportRecord" SET "submittedAt" = '2026-11-06T16:00:00Z', "submittedById" = $1 WHERE month = $2 AND kind = 'operations'`, [manager.userId, M]);
      expect((await register('reports')).figures).toEqual({ reportsLate: 1, reportItemsMissing: 3, selfAssessmentLate: 0, selfAssessmentUntruthful: 1 });
      await stack.db.query(`UPDATE "ReportRecord" SET "submittedAt" = '2026-11-05T15:59:59Z' WHERE month = $1 AND kind = 'operations'`, [M]);
      const ops = (await lead.get<ReportsView>(`/api/registers/reports?month=${M}`)).body.reports[0];
      expect(ops).toMatchObject({ late: false, submitted: { by: { userId: manager.userId }, at: '2026-11-05T15:59:59.000Z' } });
    });

    it('the manager writes the narrative; a shift lead may not', async () => {
      expect((await lead.send('PUT', `/api/registers/reports/${M}/narrative`, { problems: 'x', improvements: 'y' })).status).toBe(403);
      const res = await manager.send<ReportsView>('PUT', `/api/registers/reports/${M}/narrative`, { problems: '夜班接通率偏低', improvements: '增加夜班人手' });
      expect(res.status).toBe(200);
      expect(res.body.narrative).toEqual({ problems: '夜班接通率偏低', improvements: '增加夜班人手' });
    });

    it('refuses to submit a report while its month runs (409 month_running)', async () => {
      const running = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
      const res = await manager.send<ErrorBody>('POST', `/api/registers/reports/${running}/self_assessment/submit`, {});
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'month_running', field: 'month' });
      expect((await stack.db.query(`SELECT count(*)::int AS n FROM "StoredDocument" d JOIN "ReportRecord" r ON r.id = d."reportId" WHERE r.month = $1`, [running])).rows[0].n).toBe(0);
    });

    it('after the reports month is confirmed: the narrative and the due date take a correction reason; the month awaits re-confirmation', async () => {
      const R = '2026-08';
      await lead.get(`/api/registers/reports?month=${R}`); // rows made on first use
      await stack.db.query(`UPDATE "ReportRecord" SET "submittedAt" = '2026-09-02T02:00:00Z', "submittedById" = $1 WHERE month = $2`, [manager.userId, R]);
      expect((await manager.send('POST', `/api/registers/months/${R}/reports/close`, {})).status).toBe(200);
      // closed: the bureau sets a due date on what the supplier closed, no reason needed (a reason is no correction)
      expect((await bureau.send<ReportView>('PUT', `/api/registers/reports/${R}/operations/due`, { dueAt: '2026-09-10T00:00:00+08:00' })).status).toBe(200);
      const notCorrection = await bureau.send<ErrorBody>('PUT', `/api/registers/reports/${R}/operations/due`, { dueAt: '2026-09-10T00:00:00+08:00', correctionReason: '不是更正' });
      expect([notCorrection.status, notCorrection.body.field]).toEqual([400, 'correctionReason']);
      expect((await bureau.send('POST', `/api/registers/months/${R}/reports/confirm`, {})).status).toBe(200);
      const bare = await manager.send<ErrorBody>('PUT', `/api/registers/reports/${R}/narrative`, { problems: '补充', improvements: '补充' });
      expect(bare.body).toMatchObject({ code: 'correction_reason_required', field: 'correctionReason' });
      const narrative = await manager.send<ReportsView>('PUT', `/api/registers/reports/${R}/narrative`, { problems: '补充问题', improvements: '补充措施', correctionReason: '支队要求补充' });
      expect(narrative.status).toBe(200);
      expect(narrative.body.narrative).toEqual({ problems: '补充问题', improvements: '补充措施' });
      const state = (await months2(R)).find((r) => r.register === 'reports')!;
      expect(state).toMatchObject({ state: 'closed', confirmed: null, note: '更正待支队确认: 支队要求补充' });
      expect((await bureau.send('POST', `/api/registers/months/${R}/reports/confirm`, { note: '已阅更正' })).status).toBe(200);
      const due = await bureau.send<ReportView>('PUT', `/api/registers/reports/${R}/self_assessment/due`, { dueAt: '2026-09-12T00:00:00+08:00', correctionReason: '截止日期调整' });
      expect(due.status).toBe(200);
      expect(due.body.dueAt).toBe('2026-09-11T16:00:00.000Z');
      expect((await months2(R)).find((r) => r.register === 'reports')!.state).toBe('closed');
    });
  });

  describe('staff report', () => {
    it('counts the supplier staff, the joiners and leavers of the month, and the training hours', async () => {
      // Two people who joined in October; one of them leaves in October (disabled through the users API).
      await stack.db.query(`UPDATE "User" SET "createdAt" = '2026-09-01T00:00:00Z'`);
      await stack.db.query(`UPDATE "User" SET "createdAt" = '2026-10-02T02:00:00Z' WHERE id = ANY($1)`, [staff.map((s) => s.id)]);
      const leaver = await stack.createUser(['agent'], { agentId: 'A7', displayName: '离职者' });
      await stack.db.query(`UPDATE "User" SET "createdAt" = '2026-08-01T00:00:00Z' WHERE id = $1`, [leaver.id]);
      const off = await manager.send<UserView>('PATCH', `/api/users/${leaver.id}`, { active: false });
      expect(off.status).toBe(200);
      const disabledAt = (await stack.db.query(`SELECT "disabledAt" FROM "User" WHERE id = $1`, [leaver.id])).rows[0].disabledAt as Date;
      expect(disabledAt).toBeInstanceOf(Date);
      await stack.db.query(`UPDATE "User" SET "disabledAt" = '2026-10-20T02:00:00Z' WHERE id = $1`, [leaver.id]);
      const { status, body } = await bureau.get<StaffReportView>(`/api/registers/staff?month=${M}`);
      expect(status).toBe(200);
      // supplier staff at the end of October: manager, shift lead, agent A9, 张三, 李四 (the bureau is not staff; the leaver left)
      expect(body.headcount).toBe(5);
      expect(body.joiners.map((j) => [j.person.userId, j.date])).toEqual(expect.arrayContaining([[staff[0].id, '2026-10-02'], [staff[1].id, '2026-10-02']]));
      expect(body.joiners).toHaveLength(2);
      expect(body.leavers).toEqual([{ person: { userId: leaver.id, login: leaver.login, name: '离职者' }, roles: ['agent'], date: '2026-10-20' }]);
      const zhang = body.people.find((p) => p.person.userId === staff[0].id)!;
      const li = body.people.find((p) => p.person.userId === staff[1].id)!;
      expect(zhang).toMatchObject({ agentId: 'A1', trainingSessions: 1, trainingHours: '1.5', active: true, since: '2026-10-02' });
      expect(li).toMatchObject({ trainingSessions: 2, trainingHours: '2.5' });
      expect(body.people.find((p) => p.person.userId === leaver.id)).toMatchObject({ active: false });
      expect(body.people.some((p) => p.person.userId === bureau.userId)).toBe(false);
      // enabling the account again clears the leave
      await manager.send('PATCH', `/api/users/${leaver.id}`, { active: true });
      expect((await stack.db.query(`SELECT "disabledAt" FROM "User" WHERE id = $1`, [leaver.id])).rows[0].disabledAt).toBeNull();
    });
  });

  describe('month states', () => {
    it('shows every register with its state, figures and blockers (a stable code, the English text, the values)', async () => {
      const body = await months();
      expect(body.registers.map((r) => r.register)).toEqual(['confidentiality', 'reports', 'satisfaction', 'complaints', 'trainings', 'qa']);
      expect(body.registers.every((r) => r.state === 'open')).toBe(true);
      const complaints = await register('complaints');
      expect(complaints.blockers).toEqual([{ code: 'complaints_pending', message: '3 complaints await a verdict', params: { count: 3 } }]);
      expect(complaints.warnings).toEqual([]);
      expect((await agent.get(`/api/registers/months/${M}`)).status).toBe(403);
      // the running month: its end as an ISO instant (the console shows it in Beijing time)
      const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
      const until = new Date(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+08:00`).toISOString();
      const running = (await months2(`${y}-${String(m).padStart(2, '0')}`)).find((r) => r.register === 'confidentiality')!;
      expect(running.blockers).toEqual([{ code: 'month_running', message: `the month runs until ${until}`, params: { until } }]);
    });

    it('refuses to close while a complaint awaits its verdict (409 incomplete naming blockers); only the manager closes', async () => {
      expect((await lead.send('POST', `/api/registers/months/${M}/complaints/close`, {})).status).toBe(403);
      expect((await bureau.send('POST', `/api/registers/months/${M}/complaints/close`, {})).status).toBe(403);
      const res = await manager.send<ErrorBody>('POST', `/api/registers/months/${M}/complaints/close`, {});
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'incomplete', field: 'blockers' });
      expect(res.body.message).toContain('3 complaints await a verdict');
      const running = await manager.send<ErrorBody>('POST', `/api/registers/months/2026-12/confidentiality/close`, {});
      expect(running.status).toBe(409);
      expect(running.body.message).toContain('the month runs until');
    });

    it('closes when complete; a closed month takes no entry until reopened', async () => {
      for (const c of (await lead.get<ComplaintView[]>(`/api/registers/complaints?month=${M}`)).body.filter((x) => x.verdict === 'pending')) {
        expect((await manager.send('POST', `/api/registers/complaints/${c.id}/verdict`, { verdict: 'not_justified', reason: '非坐席原因' })).status).toBe(200);
      }
      const closed = await manager.send<RegisterMonthView>('POST', `/api/registers/months/${M}/complaints/close`, { note: '十月投诉已全部判定' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ state: 'closed', closed: { by: { userId: manager.userId } }, note: '十月投诉已全部判定', figures: { justifiedComplaints: 1 }, blockers: [] });
      const refused = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt: '2026-10-20T10:00:00+08:00', channel: 'online', content: '迟到的投诉' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'month_closed', field: 'month' });
      const [c] = (await lead.get<ComplaintView[]>(`/api/registers/complaints?month=${M}`)).body;
      expect((await manager.send('POST', `/api/registers/complaints/${c.id}/verdict`, { verdict: 'not_justified', reason: '改判' })).status).toBe(409);
      // an import into the closed month: 409 naming the month, saying what to do
      const csv = ['receivedAt,channel,content', '2026-10-21 10:00,letter,补录来信'].join('\n');
      const imported = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(csv), CSV);
      expect(imported.status).toBe(409);
      const body = (await imported.json()) as ErrorBody;
      expect(body).toMatchObject({ code: 'month_not_open', field: 'month' });
      expect(body.message).toContain(M);
      expect(body.message).toContain('reopens');
      expect((await manager.send('POST', `/api/registers/months/${M}/complaints/reopen`, { reason: 'x' })).status).toBe(400);
      const reopened = await manager.send<RegisterMonthView>('POST', `/api/registers/months/${M}/complaints/reopen`, { reason: '补录' });
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ state: 'open', closed: null, note: '补录' });
      const added = await lead.send<ComplaintView>('POST', '/api/registers/complaints', { receivedAt: '2026-10-20T10:00:00+08:00', channel: 'letter', content: '补录的来信' });
      expect(added.status).toBe(201);
      await manager.send('POST', `/api/registers/complaints/${added.body.id}/verdict`, { verdict: 'not_justified', reason: '非坐席原因' });
      expect((await manager.send('POST', `/api/registers/months/${M}/complaints/close`, {})).status).toBe(200);
    });

    it('a close racing an added pending complaint: never both accepted, never a closed month with a pending complaint', async () => {
      const R = '2026-09';
      for (let round = 0; round < 12; round++) {
        const [added, closed] = await Promise.all([
          lead.send<ComplaintView>('POST', '/api/registers/complaints', { receivedAt: `2026-09-${10 + round}T10:00:00+08:00`, channel: 'online', content: `竞态 ${round}` }),
          manager.send<RegisterMonthView>('POST', `/api/registers/months/${R}/complaints/close`, {}),
        ]);
        const state = (await months2(R)).find((r) => r.register === 'complaints')!;
        const pending = (await lead.get<ComplaintView[]>(`/api/registers/complaints?month=${R}`)).body.filter((c) => c.verdict === 'pending');
        expect({ round, both: added.status === 201 && closed.status === 200 }).toEqual({ round, both: false });
        expect({ round, closedWithPending: state.state === 'closed' && pending.length > 0 }).toEqual({ round, closedWithPending: false });
        if (state.state === 'closed') expect((await manager.send('POST', `/api/registers/months/${R}/complaints/reopen`, { reason: '竞态测试' })).status).toBe(200);
        for (const c of pending) await manager.send('POST', `/api/registers/complaints/${c.id}/verdict`, { verdict: 'not_justified', reason: '测试' });
      }
    });

    it('the bureau confirms; a correction entry needs its reason and sends the month back to closed until the bureau confirms it again', async () => {
      const score = async () => (await manager.get<MonthReport>(`/api/score/month?month=${M}`)).body;
      expect((await manager.send('POST', `/api/registers/months/${M}/complaints/confirm`, {})).status).toBe(403);
      const confirmed = await bureau.send<RegisterMonthView>('POST', `/api/registers/months/${M}/complaints/confirm`, { note: '支队确认' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ state: 'confirmed', confirmed: { by: { userId: bureau.userId } }, closed: { by: { userId: manager.userId } } });
      expect((await score()).figures.justifiedComplaints).toBe(1);
      expect((await manager.send('POST', `/api/registers/months/${M}/complaints/reopen`, { reason: '想再改一下' })).status).toBe(409);
      const before = await count('Complaint');
      const bare = await lead.send<ErrorBody>('POST', '/api/registers/complaints', { receivedAt: '2026-10-21T10:00:00+08:00', channel: 'bureau', content: '漏登的投诉' });
      expect(bare.status).toBe(409);
      expect(bare.body).toMatchObject({ code: 'correction_reason_required', field: 'correctionReason' });
      expect(await count('Complaint')).toBe(before);
      // an import is never a correction: 409 naming the month
      const imported = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(['receivedAt,channel,content', '2026-10-21 10:00,letter,补录'].join('\n')), CSV);
      expect([imported.status, ((await imported.json()) as ErrorBody).code]).toEqual([409, 'month_not_open']);
      const corrected = await lead.send<ComplaintView>('POST', '/api/registers/complaints', {
        receivedAt: '2026-10-21T10:00:00+08:00', channel: 'bureau', content: '漏登的投诉', correctionReason: '支队转办件漏登，补录',
      });
      expect(corrected.status).toBe(201);
      expect(corrected.body.correctionReason).toBe('支队转办件漏登，补录');
      expect((await stack.db.query(`SELECT "correctionReason" FROM "Complaint" WHERE id = $1`, [corrected.body.id])).rows[0].correctionReason).toBe('支队转办件漏登，补录');
      // the month awaits the bureau again, and with a complaint awaiting its verdict the score takes nothing from it
      const after = await register('complaints');
      expect(after).toMatchObject({ state: 'closed', confirmed: null, note: '更正待支队确认: 支队转办件漏登，补录', blockers: [{ code: 'complaints_pending', params: { count: 1 } }] });
      const pendingScore = await score();
      expect(pendingScore.figures.justifiedComplaints).toBeUndefined();
      expect(pendingScore.score.items.find((i) => i.item === 'complaints')).toMatchObject({ pending: true });
      // the verdict: the closed month is reopened first, then closed and confirmed again
      expect((await manager.send('POST', `/api/registers/complaints/${corrected.body.id}/verdict`, { verdict: 'justified', reason: '有责', correctionReason: '确认后补判' })).status).toBe(409);
      const early = await bureau.send<ErrorBody>('POST', `/api/registers/months/${M}/complaints/confirm`, {});
      expect(early.status).toBe(409); // not while a complaint awaits its verdict: the bureau returns the month
      expect(early.body).toMatchObject({ code: 'incomplete', field: 'blockers' });
      expect((await bureau.send('POST', `/api/registers/months/${M}/complaints/return`, { reason: '退回' })).status).toBe(200);
      expect((await manager.send('POST', `/api/registers/complaints/${corrected.body.id}/verdict`, { verdict: 'not_justified', reason: '无责' })).status).toBe(200);
      expect((await manager.send('POST', `/api/registers/months/${M}/complaints/close`, {})).status).toBe(200);
      expect((await bureau.send('POST', `/api/registers/months/${M}/complaints/confirm`, {})).status).toBe(200);
      // a correction verdict in the confirmed month, with its reason; without one it is refused
      expect((await manager.send('POST', `/api/registers/complaints/${corrected.body.id}/verdict`, { verdict: 'justified', reason: '有责' })).status).toBe(409);
      const v = await manager.send<ComplaintView>('POST', `/api/registers/complaints/${corrected.body.id}/verdict`, { verdict: 'justified', reason: '有责', correctionReason: '确认后改判' });
      expect(v.status).toBe(200);
      expect(v.body.correctionReason).toBe('确认后改判');
      expect(await register('complaints')).toMatchObject({ state: 'closed', note: '更正待支队确认: 确认后改判', figures: { justifiedComplaints: 2 }, blockers: [] });
      expect((await score()).figures.justifiedComplaints).toBe(2);
      expect((await bureau.send<RegisterMonthView>('POST', `/api/registers/months/${M}/complaints/confirm`, { note: '已阅更正' })).body.state).toBe('confirmed');
      // A correction reason in an open month is no correction.
      const notCorrection = await lead.send<ErrorBody>('POST', '/api/registers/confidentiality', { date: '2026-10-14', description: 'x', consequences: false, correctionReason: '这不是更正' });
      expect(notCorrection.status).toBe(400);
      expect(notCorrection.body.field).toBe('correctionReason');
    });

    it('removals only in an open month; the bureau returns a closed month, and a confirmed one', async () => {
      const [incident] = (await lead.get<IncidentView[]>(`/api/registers/confidentiality?month=${M}`)).body;
      expect((await manager.send('POST', `/api/registers/months/${M}/confidentiality/close`, {})).status).toBe(200);
      const del = await lead.send<ErrorBody>('DELETE', `/api/registers/confidentiality/${incident.id}`);
      expect(del.status).toBe(409);
      expect(del.body.field).toBe('month');
      const back = await bureau.send<RegisterMonthView>('POST', `/api/registers/months/${M}/confidentiality/return`, { reason: '请补充事件后果说明' });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ state: 'open', note: '请补充事件后果说明' });
      expect((await bureau.send('POST', `/api/registers/months/${M}/confidentiality/return`, { reason: '退回' })).status).toBe(409); // open: nothing to return
      // a confirmed month is returned too (the bureau withdraws its confirmation)
      expect((await manager.send('POST', `/api/registers/months/${M}/confidentiality/close`, {})).status).toBe(200);
      expect((await bureau.send('POST', `/api/registers/months/${M}/confidentiality/confirm`, {})).status).toBe(200);
      const unconfirmed = await bureau.send<RegisterMonthView>('POST', `/api/registers/months/${M}/confidentiality/return`, { reason: '需补登' });
      expect(unconfirmed.status).toBe(200);
      expect(unconfirmed.body).toMatchObject({ state: 'open', closed: null, confirmed: null, note: '需补登' });
      const audit = (await stack.db.query(`SELECT action, target FROM "AuditLog" WHERE action IN ('closeRegisterMonth', 'returnRegisterMonth', 'confirmRegisterMonth') AND outcome = 'ok' AND target LIKE $1 ORDER BY id`, [`%:${M}`])).rows;
      expect(audit.filter((a) => a.target === `register:confidentiality:${M}`).map((a) => a.action)).toEqual([
        'closeRegisterMonth', 'returnRegisterMonth', 'closeRegisterMonth', 'confirmRegisterMonth', 'returnRegisterMonth',
      ]);
      expect(audit.filter((a) => a.target === `register:complaints:${M}`).map((a) => a.action)).toEqual([
        'closeRegisterMonth', 'closeRegisterMonth', 'confirmRegisterMonth', 'returnRegisterMonth', 'closeRegisterMonth', 'confirmRegisterMonth', 'confirmRegisterMonth',
      ]);
    });
  });

  describe('the staff report of a month before the accounts existed', () => {
    it('offers the staff active now (not on the books then) as attendees; a session of that month takes them', async () => {
      const { body } = await lead.get<StaffReportView>('/api/registers/staff?month=2026-07');
      expect(body.headcount).toBe(0);
      expect(body.joiners).toEqual([]);
      const zhang = body.people.find((p) => p.person.userId === staff[0].id);
      expect(zhang).toMatchObject({ onBooks: false, active: false, agentId: 'A1' });
      expect(body.people.every((p) => !p.onBooks)).toBe(true);
      expect(body.people.some((p) => p.person.userId === bureau.userId)).toBe(false);
      const session = await lead.send<TrainingView>('POST', '/api/registers/trainings', {
        date: '2026-07-15', topic: 'service_norms', title: '服务规范（补录）', trainer: '王老师', durationMinutes: 60, attendees: [staff[0].id],
      });
      expect(session.status).toBe(201);
      expect((await lead.get<StaffReportView>('/api/registers/staff?month=2026-07')).body.people.find((p) => p.person.userId === staff[0].id)).toMatchObject({ trainingSessions: 1, trainingHours: '1.0' });
      // in October the same people are on the books
      const october = (await lead.get<StaffReportView>(`/api/registers/staff?month=${M}`)).body;
      expect(october.people.find((p) => p.person.userId === staff[0].id)).toMatchObject({ onBooks: true, active: true });
    });
  });

  describe('the window of dates an entry may carry (from the first day of the quarter before the feed clock\'s; planned things up to 2 years ahead)', () => {
    const today = () => dayKey(new Date(), 'Asia/Shanghai');
    /** The local day `n` days after `day`. */
    const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const lastMonth = () => plusDays(`${today().slice(0, 7)}-01`, -1).slice(0, 7);
    /** The registers' window counts from the quarter before the ledger's feed clock's (here the October calls'). */
    const windowFrom = async () => {
      const { rows: [r] } = await stack.db.query<{ last: Date }>('SELECT max("lastEventAt") AS last FROM "Call"');
      return entryWindow('happened', today(), dayKey(r.last, 'Asia/Shanghai')).from;
    };
    const session = { topic: 'system', title: '系统操作', trainer: '张老师', durationMinutes: 60 };

    it('refuses dates decades back (and a day before the window) in every register, with 400 out_of_window naming the field and the window', async () => {
      const from = await windowFrom();
      // the registers and outages count from the ledger's feed clock (here its October calls)
      const window = /is too far back: entries are dated from \d{4}-\d{2}-01 \(the start of (the previous quarter|the quarter before the feed clock's)\) to /;
      const counts = async () => Promise.all(['Complaint', 'TrainingSession', 'ConfidentialityIncident', 'Outage'].map(count));
      const before = await counts();
      const cases: [string, Record<string, unknown>, string][] = [
        ['/api/registers/complaints', { receivedAt: '1999-01-01T00:00:00Z', channel: 'hotline', content: 'old' }, 'receivedAt'],
        ['/api/registers/complaints', { receivedAt: `${plusDays(from, -1)}T23:59:00+08:00`, channel: 'hotline', content: 'a day early' }, 'receivedAt'],
        ['/api/registers/trainings', { ...session, date: '1995-02-28', attendees: [staff[0].id] }, 'date'],
        ['/api/registers/trainings', { ...session, date: '1995-02-28', status: 'planned' }, 'date'],
        ['/api/registers/confidentiality', { date: '1990-01-01', description: '远古', consequences: false }, 'date'],
        ['/api/registers/confidentiality', { date: plusDays(from, -1), description: '早一天', consequences: false }, 'date'],
        ['/api/registers/outages', { startsAt: '1999-02-08T10:00:00+08:00', endsAt: '1999-02-08T10:30:00+08:00', reason: 'old' }, 'startsAt'],
      ];
      for (const [path, body, field] of cases) {
        const res = await lead.send<ErrorBody>('POST', path, body);
        expect([path, field, res.status, res.body.code, res.body.field]).toEqual([path, field, 400, 'out_of_window', field]);
        expect(res.body.message).toMatch(window);
      }
      const told = await lead.send<ErrorBody>('POST', '/api/registers/complaints', cases[0][1]);
      expect(told.body.message).toBe(`receivedAt: 1999-01-01 is too far back: entries are dated from ${from} (the start of the quarter before the feed clock's) to ${today()} (today)`);
      // an import row too, named by its row
      const csv = ['receivedAt,channel,content', '1999-01-01 09:00,hotline,old'].join('\n');
      const refused = await upload(lead, 'POST', '/api/registers/complaints/import', Buffer.from(csv), CSV);
      expect([refused.status, await refused.json()]).toEqual([400, expect.objectContaining({ code: 'bad_rows', field: 'rows[2].receivedAt' })]);
      expect(await counts()).toEqual(before);
    });

    it('takes late entries for last month and the first day of the window; a planned session up to 2 years ahead, not 3', async () => {
      const from = await windowFrom();
      const late = await lead.send<ComplaintView>('POST', '/api/registers/complaints', { receivedAt: `${lastMonth()}-05T10:00:00+08:00`, channel: 'letter', content: '上月来信，补登' });
      expect([late.status, late.body.month]).toEqual([201, lastMonth()]);
      const first = await lead.send<IncidentView>('POST', '/api/registers/confidentiality', { date: from, description: '季度初补登', consequences: false });
      expect([first.status, first.body.date]).toEqual([201, from]);
      const outage = await lead.send('POST', '/api/registers/outages', { startsAt: `${lastMonth()}-03T10:00:00+08:00`, endsAt: `${lastMonth()}-03T11:00:00+08:00`, reason: 'link down' });
      expect(outage.status).toBe(201);
      const nextYear = await lead.send<TrainingView>('POST', '/api/registers/trainings', { ...session, date: plusDays(today(), 365), status: 'planned' });
      expect(nextYear.status).toBe(201);
      const tooFar = await lead.send<ErrorBody>('POST', '/api/registers/trainings', { ...session, date: plusDays(today(), 3 * 365), status: 'planned' });
      expect([tooFar.status, tooFar.body.code, tooFar.body.field]).toEqual([400, 'out_of_window', 'date']);
      expect(tooFar.body.message).toMatch(/to [0-9-]+ \(730 days after today\)$/);
    });
  });
});
