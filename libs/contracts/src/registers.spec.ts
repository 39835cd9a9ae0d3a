/**
 * The registers' request schemas (issue 11 findings): free text masked before it is stored, dates within the
 * contract's era naming the field, short Chinese reasons accepted, consequences described, QA points with at most 2
 * decimals, the correction reason on the narrative and the submission, structured blockers, and the headers of the
 * attachment upload in the OpenAPI document.
 */
import { buildOpenApi, ENDPOINTS } from './index';
import {
  Blocker, ComplaintBody, IncidentBody, NarrativeBody, QaReviewBody, RecheckBody, RegisterMonthView, ReportDueBody, ReportFindingsBody, StateNoteBody, StateReasonBody,
  SubmitReportBody, TargetedCallBody, TrainingBody, VerdictBody,
} from './registers';

const NUMBER = '13812345678';
const MASKED = '138****5678';

/** The path of the first issue of a failed parse (`receivedAt`, `scores.accuracy`). */
function fieldOf(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string | undefined {
  return result.success ? undefined : result.error!.issues[0]!.path.map(String).join('.');
}

describe('register bodies', () => {
  const complaint = { receivedAt: '2026-10-03T10:30:00+08:00', channel: 'hotline', content: 'x' };
  const training = { date: '2026-10-08', topic: 'confidentiality', title: '保密制度培训', trainer: '王老师', durationMinutes: 60, status: 'planned' };

  it('masks a phone number typed into any free-text field before it is stored', () => {
    const typed = `来电人 ${NUMBER} 反映`;
    const spaced = '回拨 138 1234 5678 未接通';
    expect(ComplaintBody.parse({ ...complaint, content: typed }).content).toBe(`来电人 ${MASKED} 反映`);
    expect(ComplaintBody.parse({ ...complaint, content: spaced }).content).toBe(`回拨 ${MASKED} 未接通`);
    expect(VerdictBody.parse({ verdict: 'justified', reason: typed }).reason).toContain(MASKED);
    const incident = IncidentBody.parse({ date: '2026-10-10', description: typed, consequences: true, consequenceDetail: typed, correctionReason: typed });
    expect([incident.description, incident.consequenceDetail, incident.correctionReason].every((t) => t?.includes(MASKED) && !t.includes(NUMBER))).toBe(true);
    expect(ReportFindingsBody.parse({ note: typed }).note).toContain(MASKED);
    const narrative = NarrativeBody.parse({ problems: typed, improvements: typed });
    expect([narrative.problems, narrative.improvements].join()).not.toContain(NUMBER);
    expect(QaReviewBody.parse({ scores: {}, comment: typed }).comment).toContain(MASKED);
    expect(RecheckBody.parse({ errorFound: false, note: typed }).note).toContain(MASKED);
    expect(TargetedCallBody.parse({ callId: 'c-1', reason: 'other', note: typed }).note).toContain(MASKED);
    const t = TrainingBody.parse({ ...training, title: typed, trainer: typed });
    expect([t.title, t.trainer].join()).not.toContain(NUMBER);
    expect(StateNoteBody.parse({ note: typed }).note).toContain(MASKED);
    expect(StateReasonBody.parse({ reason: typed }).reason).toContain(MASKED);
    // counts, dates and times stay as they are
    expect(ComplaintBody.parse({ ...complaint, content: '本月 18240 次来电，2026-12-07 10:30 回访' }).content).toBe('本月 18240 次来电，2026-12-07 10:30 回访');
  });

  it('takes reasons of 2 characters (Chinese is dense), not of 1', () => {
    expect(StateReasonBody.safeParse({ reason: '退回' }).success).toBe(true);
    expect(fieldOf(StateReasonBody.safeParse({ reason: '退' }))).toBe('reason');
    expect(ComplaintBody.safeParse({ ...complaint, correctionReason: '漏登' }).success).toBe(true);
    expect(fieldOf(ComplaintBody.safeParse({ ...complaint, correctionReason: ' 漏 ' }))).toBe('correctionReason');
  });

  it('refuses days and instants outside 1990..2100, naming the field', () => {
    expect(fieldOf(ComplaintBody.safeParse({ ...complaint, receivedAt: '9999-12-31T00:00:00Z' }))).toBe('receivedAt');
    expect(fieldOf(ComplaintBody.safeParse({ ...complaint, receivedAt: '0001-01-01T00:00:00Z' }))).toBe('receivedAt');
    expect(ComplaintBody.safeParse({ ...complaint, receivedAt: '1999-02-02T09:30:00+08:00' }).success).toBe(true);
    expect(ComplaintBody.safeParse({ ...complaint, receivedAt: '1990-01-01T00:00:00+08:00' }).success).toBe(true);
    expect(fieldOf(ComplaintBody.safeParse({ ...complaint, receivedAt: '1989-12-31T23:59:59+08:00' }))).toBe('receivedAt');
    expect(fieldOf(TrainingBody.safeParse({ ...training, date: '2101-01-01' }))).toBe('date');
    expect(fieldOf(TrainingBody.safeParse({ ...training, date: '2026-02-30' }))).toBe('date');
    expect(TrainingBody.safeParse({ ...training, date: '2100-12-31' }).success).toBe(true);
    expect(fieldOf(IncidentBody.safeParse({ date: '1989-12-31', description: 'x', consequences: false }))).toBe('date');
    expect(fieldOf(ReportDueBody.safeParse({ dueAt: '1900-01-01T00:00:00+08:00' }))).toBe('dueAt');
    expect(ReportDueBody.safeParse({ dueAt: '2099-01-01T00:00:00+08:00', correctionReason: '支队调整' }).success).toBe(true);
  });

  it('wants the consequences described when there were any, and not otherwise', () => {
    expect(fieldOf(IncidentBody.safeParse({ date: '2026-10-10', description: 'x', consequences: true }))).toBe('consequenceDetail');
    expect(fieldOf(IncidentBody.safeParse({ date: '2026-10-10', description: 'x', consequences: true, consequenceDetail: '  ' }))).toBe('consequenceDetail');
    expect(fieldOf(IncidentBody.safeParse({ date: '2026-10-10', description: 'x', consequences: false, consequenceDetail: '投诉' }))).toBe('consequenceDetail');
    expect(IncidentBody.safeParse({ date: '2026-10-10', description: 'x', consequences: true, consequenceDetail: '来电人投诉' }).success).toBe(true);
  });

  it('takes QA points with at most 2 decimals', () => {
    expect(QaReviewBody.safeParse({ scores: { accuracy: 19.12, norms: 17.5, process: 15 } }).success).toBe(true);
    expect(fieldOf(QaReviewBody.safeParse({ scores: { accuracy: 19.123456789 } }))).toBe('scores.accuracy');
    expect(fieldOf(QaReviewBody.safeParse({ scores: { accuracy: 1e-7 } }))).toBe('scores.accuracy');
  });

  it('lets the narrative and a submission carry a correction reason', () => {
    expect(NarrativeBody.parse({ problems: 'a', improvements: 'b', correctionReason: '支队要求补充' }).correctionReason).toBe('支队要求补充');
    expect(SubmitReportBody.parse({ correctionReason: '重新报送' }).correctionReason).toBe('重新报送');
    expect(SubmitReportBody.parse({})).toEqual({});
    expect(fieldOf(SubmitReportBody.safeParse({ other: 1 }))).toBe('');
  });
});

describe('register month views', () => {
  it('carry structured blockers and warnings: a stable code, the English text, the values', () => {
    const blocker: Blocker = { code: 'month_running', message: 'the month runs until 2027-01-01T00:00:00.000Z', params: { until: '2026-12-31T16:00:00.000Z' } };
    const view = { register: 'qa', month: '2026-12', state: 'open', closed: null, confirmed: null, note: null, figures: {}, blockers: [blocker], warnings: [] };
    expect(RegisterMonthView.parse(view).blockers[0]!.code).toBe('month_running');
    expect(RegisterMonthView.safeParse({ ...view, blockers: ['the month runs'] }).success).toBe(false);
    expect(Blocker.safeParse({ ...blocker, code: 'made_up' }).success).toBe(false);
  });
});

describe('the OpenAPI document', () => {
  it('declares the headers of the sign-in sheet upload', () => {
    const doc = buildOpenApi(ENDPOINTS, { title: 't', version: '1' }) as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>> };
    const params = doc.paths['/api/registers/trainings/{id}/attachment']!.put!.parameters;
    expect(params.filter((p) => p.in === 'header').map((p) => p.name)).toEqual(['X-File-Name', 'X-Correction-Reason']);
  });
});
