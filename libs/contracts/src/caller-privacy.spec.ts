/**
 * Issue 14: callers' numbers in the desk's and the knowledge base's bodies (a work order's number, a case's texts,
 * not an article's texts), zero-width summaries, and the audit answer's caller fields for viewers without calls.read.
 */
import { AUDIT_HIDDEN, hideCallerDetail } from './audit';
import { KnowledgeArticleBody, KnowledgeCaseBody } from './knowledge';
import { freeText } from './registers';
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
  });
});

describe('hideCallerDetail', () => {
  it('hides caller fields at any depth and keeps the rest', () => {
    const detail = { after: { id: 1, caller: { masked: '138****5678', ref: 'a1b2c3d4e5f6' }, rows: [{ callerRef: 'x', callerHash: 'h', n: 2 }] }, callerNumber: '1', reason: 'r' };
    expect(hideCallerDetail(detail)).toEqual({ after: { id: 1, caller: AUDIT_HIDDEN, rows: [{ callerRef: AUDIT_HIDDEN, callerHash: AUDIT_HIDDEN, n: 2 }] }, callerNumber: AUDIT_HIDDEN, reason: 'r' });
    expect(hideCallerDetail(null)).toBeNull();
  });
});
