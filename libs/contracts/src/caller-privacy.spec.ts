/**
 * Issue 14: callers' numbers in the desk's and the knowledge base's bodies (a work order's number, a case's texts,
 * not an article's texts), zero-width summaries, and the audit answer's caller fields for viewers without calls.read.
 */
import { AUDIT_HIDDEN, hideCallerDetail } from './audit';
import { CreateUserBody, UpdateUserBody } from './auth';
import { BusinessTypeBody, BusinessTypePatch } from './business-types';
import { CallImportPresetBody, CallImportQuery } from './call-import';
import { DiscardDeadLetterBody, UnmaskBody } from './calls';
import { IntakeKeyBody, IntakeSourceBody, IntakeSourcePatch } from './intake';
import { KnowledgeArticleBody, KnowledgeCaseBody, KnowledgeImportQuery } from './knowledge';
import { OutageBody } from './outages';
import { QaFormBody } from './registers';
import { AgentBody, PlanBody } from './roster';
import { WallboardTokenBody } from './wallboard';
import { freeText } from './free-text';
import { ServiceRequestBody, ServiceRequestPatch } from './requests';

/** The path of the first issue of a failed parse. */
function fieldOf(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string | undefined {
  return result.success ? undefined : result.error!.issues[0]!.path.map(String).join('.');
}

describe('freeText', () => {
  it('strips zero-width characters before the length check', () => {
    const summary = freeText(200, 1);
    expect(fieldOf(summary.safeParse('\u200b\u200b'))).toBe('');
    expect(summary.safeParse('\u200b\u200c\u200d\u2060\ufeff').success).toBe(false);
    expect(summary.parse(' 咨\u200b询 ')).toBe('咨询');
  });
});

describe('free-text fields of the request bodies', () => {
  const typed = '联系 13812345678';
  const masked = '联系 138****5678';
  const cases: [string, { parse(v: unknown): unknown }, Record<string, unknown>, string][] = [
    ['outage reason', OutageBody, { startsAt: '2026-12-07T08:00:00+08:00', endsAt: '2026-12-07T09:00:00+08:00', reason: typed }, 'reason'],
    ['business type nameZh', BusinessTypeBody, { code: 'x', nameZh: typed, nameEn: 'X' }, 'nameZh'],
    ['business type nameEn', BusinessTypeBody, { code: 'x', nameZh: 'X', nameEn: typed }, 'nameEn'],
    ['business type patch nameZh', BusinessTypePatch, { nameZh: typed }, 'nameZh'],
    ['user displayName', CreateUserBody, { login: 'ann', displayName: typed, roles: ['agent'], password: 'Correct-horse-9' }, 'displayName'],
    ['user update displayName', UpdateUserBody, { displayName: typed }, 'displayName'],
    ['wallboard label', WallboardTokenBody, { label: typed }, 'label'],
    ['intake source description', IntakeSourceBody, { name: 'pbx', kind: 'push', description: typed }, 'description'],
    ['intake source patch description', IntakeSourcePatch, { description: typed }, 'description'],
    ['intake key label', IntakeKeyBody, { label: typed }, 'label'],
    ['call import preset name', CallImportPresetBody, { name: typed, mapping: { columns: { arrival: 'time' } } }, 'name'],
    ['unmask reason', UnmaskBody, { reason: typed }, 'reason'],
    ['dead letter reason', DiscardDeadLetterBody, { reason: typed }, 'reason'],
    ['roster agent name', AgentBody, { id: 'a1', name: typed }, 'name'],
  ];

  it.each(cases)('masks the %s', (_, schema, body, field) => {
    expect((schema.parse(body) as Record<string, unknown>)[field]).toBe(masked);
  });

  it("masks a QA form label, a roster leave note and a plan's name", () => {
    expect(QaFormBody.parse({ items: [{ key: 'k', label: typed, maxPoints: 10 }] }).items[0]!.label).toBe(masked);
    const agent = AgentBody.parse({ id: 'a1', name: 'Ann', unavailable: [{ from: '2026-12-07', to: '2026-12-08', kind: 'other', note: typed }] });
    expect(agent.unavailable![0]!.note).toBe(masked);
    expect(PlanBody.shape.name.parse(typed)).toBe(masked);
    expect(PlanBody.shape.name.parse(undefined)).toBe('排班表');
  });

  it("masks an imported file's name (kept in the import's record and the knowledge review note)", () => {
    expect(KnowledgeImportQuery.parse({ fileName: '来电 13812345678.csv' }).fileName).toBe('来电 138****5678.csv');
    expect(CallImportQuery.parse({ fileName: '13812345678.xlsx' }).fileName).toBe('138****5678.xlsx');
  });
});

describe('ServiceRequestBody.workOrderNo', () => {
  const body = { channel: 'walk_in', businessTypeCode: 'motor-vehicle', summary: '办理', outcome: 'work_order', status: 'done' };

  it.each(['13812345678', '138-1234-5678', '１３８１２３４５６７８', '一三八一二三四五六七八', 'WO13812345678'])('refuses %s naming workOrderNo', (workOrderNo) => {
    expect(fieldOf(ServiceRequestBody.safeParse({ ...body, workOrderNo }))).toBe('workOrderNo');
    expect(fieldOf(ServiceRequestPatch.safeParse({ workOrderNo }))).toBe('workOrderNo');
  });

  it('refuses characters outside letters, digits, - _ /', () => {
    expect(fieldOf(ServiceRequestBody.safeParse({ ...body, workOrderNo: 'WO 1' }))).toBe('workOrderNo');
    expect(fieldOf(ServiceRequestBody.safeParse({ ...body, workOrderNo: '工单1' }))).toBe('workOrderNo');
  });

  it.each(['WO-2026-0001', 'GD202612070001', 'A/12/345', 'wo_7'])('accepts %s', (workOrderNo) => {
    expect(ServiceRequestBody.parse({ ...body, workOrderNo }).workOrderNo).toBe(workOrderNo);
  });

  it('masks every written phone format in the summary', () => {
    expect(ServiceRequestBody.parse({ ...body, summary: '回拨 138.1234.5678 / 一三八一二三四五六七八' }).summary).toBe('回拨 138****5678 / 138****5678');
  });
});

describe('knowledge bodies', () => {
  it("masks a case's title and lesson, keeps a recording file name, refuses a phone-like recordingRef", () => {
    const c = KnowledgeCaseBody.parse({ requestId: 1, title: '来电 13812345678 投诉', lesson: '回拨１３８１２３４５６７８前先核实', recordingRef: 'rec-20261207-0001.wav' });
    expect(c).toMatchObject({ title: '来电 138****5678 投诉', lesson: '回拨138****5678前先核实', recordingRef: 'rec-20261207-0001.wav' });
    expect(fieldOf(KnowledgeCaseBody.safeParse({ requestId: 1, title: 't', lesson: 'l', recordingRef: '13812345678.wav' }))).toBe('recordingRef');
  });

  it("keeps an article's numbers as written (the supplier's own text: an office's landline, service numbers)", () => {
    const a = KnowledgeArticleBody.parse({ question: '车管所电话是多少', answer: '请拨打 12123 或 122，车管所 0591-87654321', businessTypeCode: 'licence', keywords: ['车管所', '12123'] });
    expect(a).toMatchObject({ question: '车管所电话是多少', answer: '请拨打 12123 或 122，车管所 0591-87654321', keywords: ['车管所', '12123'] });
    expect(KnowledgeArticleBody.parse({ question: '客服', answer: '拨打 400-123-4567 或 0591 8765 4321', businessTypeCode: 'licence' }).answer).toBe('拨打 400-123-4567 或 0591 8765 4321');
  });

  const article = { question: '车管所电话', answer: '请拨打 12123', businessTypeCode: 'licence', keywords: ['车管所'], sourceDocument: '通知' };
  it.each([
    ['answer', { answer: '找王科长 138 1234 5678' }],
    ['answer', { answer: '回拨一三八一二三四五六七八' }],
    ['question', { question: '+86 13812345678 来电问' }],
    ['keywords.1', { keywords: ['车管所', '13812345678'] }],
    ['sourceDocument', { sourceDocument: '１３８１２３４５６７８ 提供' }],
  ])("refuses a mobile number in an article, naming %s", (field, change) => {
    expect(fieldOf(KnowledgeArticleBody.safeParse({ ...article, ...change }))).toBe(field);
  });
});

describe('hideCallerDetail', () => {
  it('hides caller fields at any depth and keeps the rest', () => {
    const detail = { after: { id: 1, caller: { masked: '138****5678', ref: 'a1b2c3d4e5f6' }, rows: [{ callerRef: 'x', callerHash: 'h', n: 2 }] }, callerNumber: '1', reason: 'r' };
    expect(hideCallerDetail(detail)).toEqual({ after: { id: 1, caller: AUDIT_HIDDEN, rows: [{ callerRef: AUDIT_HIDDEN, callerHash: AUDIT_HIDDEN, n: 2 }] }, callerNumber: AUDIT_HIDDEN, reason: 'r' });
    expect(hideCallerDetail(null)).toBeNull();
  });
});
