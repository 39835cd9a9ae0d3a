/**
 * Issue 11, done when: a worked month entered through the API (complaints with a justified one, trainings, a QA sample
 * with reviews and a bureau re-check, survey answers, reports including a late one, a confidentiality incident) scores
 * exactly the sheet worked by hand here, and exactly what `hotline score` gives on the same figures; while registers
 * are open the score is provisional with a range, never full marks by assumption; the documents carry the API's
 * figures; bad input gets a 4xx naming the field and changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { unzipSync, strFromU8 } from 'fflate';
import { Redis } from 'ioredis';
import type { CallsPage, MonthReport, QaFormView, QaSampleView, RegisterMonthsView, ReportsView, SatisfactionView } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { SHARED, createStack, type ApiClient, type Stack } from './support/stack';
import { runCli } from './support/cli';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
/**
 * The month worked: the month before last (local), so that it is over, its reports' default due day (the 5th of the
 * next month) has passed, and it lies in the registers' window (entry-window.ts: from the first day of the previous
 * quarter). The bank's 1999-02-01..02 are replayed into its first two days.
 */
const MONTH = (() => {
  const [y, m] = dayKey(new Date(), 'Asia/Shanghai').split('-').map(Number);
  const back = new Date(Date.UTC(y, m - 3, 1));
  return back.toISOString().slice(0, 7);
})();
/** The first day of the month after {@link MONTH} (local). */
const NEXT_MONTH_START = (() => {
  const [y, m] = MONTH.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
})();
const REGISTERS = ['confidentiality', 'reports', 'satisfaction', 'complaints', 'trainings', 'qa'] as const;

/** Half-up rounding of a percent to `dp` decimals, as the contract rounds. */
function pct(n: number, d: number, dp: number): Decimal {
  return new Decimal(n).times(100).div(d).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

describe('a worked month through the API', () => {
  let stack: Stack;
  let manager: ApiClient;
  let lead: ApiClient;
  let bureau: ApiClient;
  let agentUserIds: number[];
  let answered: { callId: string; agentId: string | null }[];
  const dir = mkdtempSync(join(tmpdir(), 'hotline-month-'));

  beforeAll(async () => {
    stack = await createStack('month_worked');
    await stack.startApi();
    await stack.replay(BANK, ['--format', 'bank', '--speed', 'max', '--day', '1999-02-01..1999-02-02', '--shift-to', `${MONTH}-01`]);
    // One call on the next month's first day moves the feed clock past the month: the month is over (its connect
    // rate final; the days of the month without data are listed as missing).
    const redis = new Redis(stack.env.REDIS_URL);
    const march = { eventId: 'march-1-o', callId: 'march-1', ts: new Date(`${NEXT_MONTH_START}T00:05:00+08:00`).toISOString(), source: 'e2e', type: 'call.offered' };
    await redis.xadd(`${stack.prefix}events`, '*', 'type', march.type, 'event', JSON.stringify(march));
    redis.disconnect();
    await stack.waitForIdle();
    manager = await stack.signIn(['manager']);
    lead = await stack.signIn(['shift_lead']);
    bureau = await stack.signIn(['bureau']);
    agentUserIds = [];
    for (const agentId of ['AGENT1', 'AGENT2', 'AGENT3']) agentUserIds.push((await stack.createUser(['agent'], { agentId })).id);
    const page = await manager.get<CallsPage>(`/api/calls?date=${MONTH}-01&limit=1000`);
    answered = page.body.calls.filter((c) => c.outcome === 'answered').map((c) => ({ callId: c.callId, agentId: c.agentId }));
    expect(answered.length).toBeGreaterThan(120);
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('with every register open, the API and the CLI give the same provisional range and no item full marks without data', async () => {
    const { status, body } = await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`);
    expect(status).toBe(200);
    expect(body.score.provisional).toBe(true);
    expect(body.surveyRatePercent).toBeNull();
    expect(body.score.total).toBeNull();
    expect(body.score.coefficient).toBeNull();
    for (const item of body.score.items.filter((i) => i.item !== 'connect')) {
      expect(item.pending).toBe(true);
      expect(item.points).toBeNull();
      expect(item.pointsMin).toBe('0');
    }
    const file = join(dir, 'open.json');
    writeFileSync(file, JSON.stringify(body.figures));
    const cli = await runCli(['score', file, '--json']);
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.stdout) as Record<string, unknown>;
    expect(out.total).toBeNull();
    expect(out.provisional).toBe(true);
    expect(out.totalMin).toBe(body.score.totalMin);
    expect(out.totalMax).toBe(body.score.totalMax);
    expect(out.coefficientMin).toBe(body.score.coefficientMin);
    expect(out.coefficientMax).toBe(body.score.coefficientMax);
  });

  it('bad input gets a 4xx naming the field and changes nothing', async () => {
    const before = await manager.get<unknown[]>(`/api/registers/trainings?month=${MONTH}`);
    const noAttendees = await lead.send('POST', '/api/registers/trainings', { date: `${MONTH}-10`, topic: 'etiquette', title: '电话礼仪', trainer: '王老师', durationMinutes: 60, status: 'held', attendees: [] });
    expect(noAttendees.status).toBe(400);
    expect((noAttendees.body as { field: string }).field).toBe('attendees');
    const unknownCall = await lead.send('POST', '/api/registers/complaints', { receivedAt: `${MONTH}-02T10:00:00+08:00`, channel: 'hotline', callId: 'no-such-call', content: '态度差' });
    expect(unknownCall.status).toBe(400);
    expect((unknownCall.body as { field: string }).field).toBe('callId');
    const after = await manager.get<unknown[]>(`/api/registers/trainings?month=${MONTH}`);
    expect(after.body).toEqual(before.body);
    const complaints = await manager.get<unknown[]>(`/api/registers/complaints?month=${MONTH}`);
    expect(complaints.body).toHaveLength(0);
  });

  it('the worked month scores as worked by hand, and as `hotline score` on the same figures', async () => {
    // --- confidentiality: one breach without bad consequences (-1)
    expect((await lead.send('POST', '/api/registers/confidentiality', { date: `${MONTH}-05`, description: '坐席在工作群转发了来电人姓名', consequences: false })).status).toBe(201);

    // --- trainings: one session held with sign-in (another only planned): one missing session (-5)
    const held = await lead.send<{ id: number }>('POST', '/api/registers/trainings', {
      date: `${MONTH}-08`, topic: 'confidentiality', title: '保密制度培训', trainer: '李主管', durationMinutes: 90, status: 'held', attendees: agentUserIds,
    });
    expect(held.status).toBe(201);
    expect((await lead.send('POST', '/api/registers/trainings', { date: `${MONTH}-22`, topic: 'etiquette', title: '电话礼仪', trainer: '王老师', durationMinutes: 60, status: 'planned' })).status).toBe(201);

    // --- complaints: three received on answered calls; two justified, one not
    const complaintIds: number[] = [];
    for (const c of answered.slice(0, 3)) {
      const res = await lead.send<{ id: number; agentId: string | null; caller: string | null }>('POST', '/api/registers/complaints', {
        receivedAt: `${MONTH}-02T09:30:00+08:00`, channel: 'hotline', callId: c.callId, caller: '13812345678', content: '坐席服务态度差',
      });
      expect(res.status).toBe(201);
      expect(res.body.agentId).toBe(c.agentId);
      expect(res.body.caller).not.toContain('12345678');
      complaintIds.push(res.body.id);
    }
    const verdicts = ['justified', 'justified', 'not_justified'] as const;
    // a shift lead may not adjudicate
    expect((await lead.send('POST', `/api/registers/complaints/${complaintIds[0]}/verdict`, { verdict: 'justified', reason: '态度问题' })).status).toBe(403);
    for (const [i, id] of complaintIds.entries()) {
      expect((await manager.send('POST', `/api/registers/complaints/${id}/verdict`, { verdict: verdicts[i], reason: '经核实录音' })).status).toBe(200);
    }

    // --- satisfaction: 100 answers imported by call id, 97 very or basically satisfied -> 97.00 %
    const rows = answered.slice(0, 100).map((c, i) => `${MONTH}-02 00:30:00,${c.callId},${i < 60 ? '非常满意' : i < 97 ? '基本满意' : '不满意'}`);
    const imported = await lead.fetch('/api/registers/satisfaction/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: ['时间,呼叫ID,评价', ...rows].join('\n') });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ created: 100 });
    const satisfaction = (await manager.get<SatisfactionView>(`/api/registers/satisfaction?month=${MONTH}`)).body;
    expect(satisfaction).toMatchObject({ responses: 100, satisfactionPercent: '97.00' });

    // --- QA: draw the sample, review all but 12 random calls, add one call on top; the bureau finds one scoring error
    const drawn = await manager.send<QaSampleView>('POST', `/api/qa/samples/${MONTH}/draw`, { seed: 'worked-month' });
    expect(drawn.status).toBe(201);
    const sample = drawn.body;
    expect(sample.calls.filter((c) => c.kind === 'random').length).toBeGreaterThanOrEqual(sample.quota);
    const redrawn = await manager.send<QaSampleView>('POST', `/api/qa/samples/${MONTH}/draw`, { seed: 'worked-month' });
    expect(redrawn.body.calls.map((c) => c.callId).sort()).toEqual(sample.calls.map((c) => c.callId).sort());
    const form = (await lead.get<QaFormView>('/api/qa/form')).body;
    const full = Object.fromEntries(form.items.map((i) => [i.key, i.maxPoints]));
    const random = sample.calls.filter((c) => c.kind === 'random');
    const toReview = random.slice(0, random.length - 12);
    const outOfRange = await lead.send('PUT', `/api/qa/samples/${MONTH}/calls/${encodeURIComponent(toReview[0].callId)}/review`, { scores: { ...full, [form.items[0].key]: form.items[0].maxPoints + 1 } });
    expect(outOfRange.status).toBe(400);
    expect((outOfRange.body as { field: string }).field).toBe(`scores.${form.items[0].key}`);
    for (const c of toReview) {
      expect((await lead.send('PUT', `/api/qa/samples/${MONTH}/calls/${encodeURIComponent(c.callId)}/review`, { scores: full, comment: '规范' })).status).toBe(200);
    }
    const extra = answered.find((a) => !sample.calls.some((c) => c.callId === a.callId))!;
    expect((await lead.send('POST', `/api/qa/samples/${MONTH}/calls`, { callId: extra.callId, reason: 'complaint' })).status).toBe(201);
    expect((await bureau.send('POST', `/api/qa/samples/${MONTH}/calls/${encodeURIComponent(toReview[0].callId)}/recheck`, { errorFound: true, note: '业务准确项应扣分' })).status).toBe(201);
    expect((await bureau.send('POST', `/api/qa/samples/${MONTH}/calls/${encodeURIComponent(toReview[1].callId)}/recheck`, { errorFound: false, note: '评分无误' })).status).toBe(201);

    // --- reports: the bureau gives the self-assessment a due date in the future; the operations report keeps the
    // default (the 5th of the next month, passed), so submitting it now is late; the bureau finds one required item missing
    expect((await bureau.send('PUT', `/api/registers/reports/${MONTH}/self_assessment/due`, { dueAt: '2099-01-01T00:00:00+08:00' })).status).toBe(200);
    expect((await manager.send('PUT', `/api/registers/reports/${MONTH}/narrative`, { problems: '夜间接通率偏低', improvements: '调整夜班排班' })).status).toBe(200);
    expect((await manager.send('POST', `/api/registers/reports/${MONTH}/operations/submit`)).status).toBe(201);
    expect((await manager.send('POST', `/api/registers/reports/${MONTH}/self_assessment/submit`)).status).toBe(201);
    expect((await bureau.send('POST', `/api/registers/reports/${MONTH}/operations/findings`, { itemsMissing: 1, untruthful: 0, note: '缺少热点问题分析' })).status).toBe(201);
    const reports = (await manager.get<ReportsView>(`/api/registers/reports?month=${MONTH}`)).body;
    expect(reports.reports.find((r) => r.kind === 'operations')).toMatchObject({ late: true, itemsMissing: 1 });
    expect(reports.reports.find((r) => r.kind === 'self_assessment')).toMatchObject({ late: false });

    // --- close every register (the manager), confirm them (the bureau)
    for (const register of REGISTERS) {
      const closed = await manager.send('POST', `/api/registers/months/${MONTH}/${register}/close`, {});
      expect([register, closed.status]).toEqual([register, 200]);
    }
    for (const register of REGISTERS) expect((await bureau.send('POST', `/api/registers/months/${MONTH}/${register}/confirm`, {})).status).toBe(200);
    const states = (await manager.get<RegisterMonthsView>(`/api/registers/months/${MONTH}`)).body;
    expect(states.registers.map((r) => r.state)).toEqual(REGISTERS.map(() => 'confirmed'));

    // --- the sheet, by hand
    const { body } = await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`);
    expect(body.score.provisional).toBe(false);
    const agentAnswered = Number(body.figures.agentAnswered);
    expect(body.surveyRatePercent).toBe(pct(100, agentAnswered, 2).toFixed(2));
    const connectRate = new Decimal(body.score.rates.connectRatePercent!);
    const connectPoints = connectRate.gte(90)
      ? Decimal.min(2, connectRate.minus(90).div(0.5).floor().times(0.2)).plus(25)
      : Decimal.max(0, new Decimal(25).minus(new Decimal(90).minus(connectRate).ceil()));
    const complaintRate = pct(2, agentAnswered, 3);
    const complaintSteps = Decimal.max(0, complaintRate.minus('0.05').div('0.01').ceil());
    const quota = Math.ceil(agentAnswered / 100);
    const qaShort = Math.max(0, quota - toReview.length);
    const hand = {
      confidentiality: new Decimal(9),
      reporting: new Decimal(10).minus(1).minus(0.5),
      connect: connectPoints,
      satisfaction: new Decimal(25).plus(0.8), // 97.00 %: four full half points above 95 %
      complaints: Decimal.max(0, new Decimal(10).minus(complaintSteps.times(2))),
      training: new Decimal(5),
      qa: Decimal.max(0, new Decimal(10).minus(new Decimal(Math.ceil(qaShort / 10)).times(0.2)).minus(0.5)),
    };
    expect(qaShort).toBe(12);
    for (const [item, points] of Object.entries(hand)) {
      const got = body.score.items.find((i) => i.item === item)!;
      expect([item, new Decimal(got.points!).toString()]).toEqual([item, points.toString()]);
    }
    const total = Object.values(hand).reduce((s, p) => s.plus(p), new Decimal(0));
    expect(new Decimal(body.score.total!).toString()).toBe(total.toString());
    const coefficient = total.gte(90) ? '1.00' : total.gte(85) ? '0.95' : total.gte(80) ? '0.85' : total.gte(70) ? '0.75' : total.gte(60) ? '0.60' : '0.50';
    expect(body.score.coefficient).toBe(coefficient);
    expect(body.figures).toMatchObject({
      confidentialityBreaches: 1, confidentialityBreachesWithConsequences: 0, reportsLate: 1, reportItemsMissing: 1, selfAssessmentLate: 0, selfAssessmentUntruthful: 0,
      surveyResponses: 100, veryOrBasicallySatisfied: 97, justifiedComplaints: 2, trainingSessions: 1, qaSampled: toReview.length, qaErrorsFound: 1,
    });

    // --- the CLI on the same figures
    const file = join(dir, 'worked.json');
    writeFileSync(file, JSON.stringify(body.figures));
    const cli = await runCli(['score', file, '--json']);
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.stdout) as Record<string, string | null | boolean>;
    expect(out.provisional).toBe(false);
    expect(new Decimal(out.total as string).toString()).toBe(total.toString());
    expect(out.coefficient).toBe(coefficient);

    // --- a confirmed month changes only by a correction with a reason
    const noReason = await lead.send('POST', '/api/registers/confidentiality', { date: `${MONTH}-06`, description: '补录', consequences: false });
    expect(noReason.status).toBe(409);
    expect((noReason.body as { field: string }).field).toBe('correctionReason');
    expect((await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`)).body.score.total).toBe(body.score.total);
  });

  it('the documents carry the figures the score API gives, in Chinese with an embedded font', async () => {
    const { body } = await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`);
    const pdf = await manager.fetch(`/api/documents/${MONTH}/operations-report.pdf`);
    expect(pdf.status).toBe(200);
    const pdfFile = join(dir, 'report.pdf');
    writeFileSync(pdfFile, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('月度运营报告');
    expect(text).toContain(body.score.rates.connectRatePercent!);
    expect(text).toContain(body.score.total!);
    const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC.*yes/i);

    const selfPdf = join(dir, 'self.pdf');
    writeFileSync(selfPdf, Buffer.from(await (await manager.fetch(`/api/documents/${MONTH}/self-assessment.pdf`)).arrayBuffer()));
    const selfText = execFileSync('pdftotext', ['-layout', selfPdf, '-'], { encoding: 'utf8' });
    for (const item of body.score.items) expect(selfText).toContain(new Decimal(item.points!).toString());

    const docx = await manager.fetch(`/api/documents/${MONTH}/operations-report.docx`);
    expect(docx.status).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']);
    expect(xml).toContain(body.score.rates.connectRatePercent!);
    expect(xml).toContain(body.score.total!);

    // the submitted version is frozen: its hash matches the bytes served back
    const reports = (await manager.get<ReportsView>(`/api/registers/reports?month=${MONTH}`)).body;
    const doc = reports.reports.find((r) => r.kind === 'operations')!.documents[0];
    const frozen = Buffer.from(await (await manager.fetch(`/api/submitted-documents/${doc.id}`)).arrayBuffer());
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(frozen).digest('hex')).toBe(doc.sha256);
    expect(readFileSync(pdfFile).length).toBeGreaterThan(1000);

    // the same through the CLI, signed in as the manager
    const env = { HOTLINE_API_URL: stack.baseUrl, HOTLINE_API_LOGIN: manager.login, HOTLINE_API_PASSWORD: manager.password };
    const status = await runCli(['report', 'status', MONTH], { env });
    expect(status.code).toBe(0);
    expect(status.stdout.match(/已确认/g)).toHaveLength(REGISTERS.length);
    const out = join(dir, 'staff.xlsx');
    const got = await runCli(['report', 'get', MONTH, 'staff-report.xlsx', '--out', out], { env });
    expect(got.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const refused = await runCli(['report', 'submit', MONTH, 'operations'], { env });
    expect(refused.code).toBe(2); // the reports register of a confirmed month takes no new submission
    expect(refused.stderr).toContain('correction');
  });

  it('a correction after the bureau confirmed sends the register back to closed; a complaint entered so keeps the item pending until judged', async () => {
    const final = (await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`)).body;
    expect(final.figures.justifiedComplaints).toBe(2);
    const corrected = await lead.send<{ id: number; content: string; correctionReason: string | null }>('POST', '/api/registers/complaints', {
      receivedAt: `${MONTH}-03T09:00:00+08:00`, channel: 'bureau', content: '支队转办：来电人 13812345678 反映坐席未回电', correctionReason: '支队转办件漏登',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.content).toBe('支队转办：来电人 138****5678 反映坐席未回电');
    const complaints = (await manager.get<RegisterMonthsView>(`/api/registers/months/${MONTH}`)).body.registers.find((r) => r.register === 'complaints')!;
    expect(complaints).toMatchObject({ state: 'closed', confirmed: null, note: '更正待支队确认: 支队转办件漏登', blockers: [{ code: 'complaints_pending' }] });
    // the score is not final while the complaint awaits its verdict: the complaints item is pending again
    const pending = (await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`)).body;
    expect(pending.score.provisional).toBe(true);
    expect(pending.score.total).toBeNull();
    expect(pending.score.items.find((i) => i.item === 'complaints')).toMatchObject({ pending: true, points: null });
    expect(pending.figures.justifiedComplaints).toBeUndefined();
    // the bureau returns the month, the manager judges and closes, the bureau confirms: the sheet is as before
    expect((await bureau.send('POST', `/api/registers/months/${MONTH}/complaints/return`, { reason: '请认定' })).status).toBe(200);
    expect((await manager.send('POST', `/api/registers/complaints/${corrected.body.id}/verdict`, { verdict: 'not_justified', reason: '经核实无责' })).status).toBe(200);
    expect((await manager.send('POST', `/api/registers/months/${MONTH}/complaints/close`, {})).status).toBe(200);
    expect((await bureau.send('POST', `/api/registers/months/${MONTH}/complaints/confirm`, {})).status).toBe(200);
    const again = (await manager.get<MonthReport>(`/api/score/month?month=${MONTH}`)).body;
    expect(again.score.provisional).toBe(final.score.provisional);
    expect(again.score.total).toBe(final.score.total);
    expect(again.score.items.find((i) => i.item === 'complaints')).toEqual(final.score.items.find((i) => i.item === 'complaints'));
    expect(again.figures.justifiedComplaints).toBe(2);
  });
});
