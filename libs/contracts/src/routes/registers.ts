import { z } from 'zod';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import {
  ATTACHMENT_CONTENT_TYPES, ComplaintBody, ComplaintView, DocumentParams, DrawBody, IMPORT_CONTENT_TYPES, ImportResult, IncidentBody, IncidentView, MonthParams,
  NarrativeBody, QaFormBody, QaFormView, QaReviewBody, QaSampleView, RecheckBody, RegisterMonthParams, RegisterMonthQuery, RegisterMonthsView, RegisterMonthView,
  ReportDueBody, ReportFindingsBody, ReportParams, ReportsView, ReportView, SampleCallParams, SampledCallView, SatisfactionView, StaffReportView,
  StateNoteBody, StateReasonBody, SubmitReportBody, SubmittedParams, TargetedCallBody, TrainingBody, TrainingView, VerdictBody,
} from '../registers';

/** Month states, complaints, confidentiality incidents, trainings, reports, the staff report. */
export const registerRoutes = {
  registerMonths: defineEndpoint({
    id: 'registerMonths', method: 'GET', path: '/api/registers/months/{month}', access: 'registers.read', tag: 'registers', params: MonthParams, response: RegisterMonthsView,
    summary: "Every register's state for the month (open, closed, confirmed), its figures so far and what keeps it from being complete.",
  }),
  closeRegisterMonth: defineEndpoint({
    id: 'closeRegisterMonth', method: 'POST', path: '/api/registers/months/{month}/{register}/close', access: 'registers.close', tag: 'registers',
    params: RegisterMonthParams, body: StateNoteBody, response: RegisterMonthView,
    summary: 'The supplier manager closes a register for the month (complete): its figures count in the score (409 `incomplete` while something blocks it, also when a blocker appears during the close).',
  }),
  reopenRegisterMonth: defineEndpoint({
    id: 'reopenRegisterMonth', method: 'POST', path: '/api/registers/months/{month}/{register}/reopen', access: 'registers.close', tag: 'registers',
    params: RegisterMonthParams, body: StateReasonBody, response: RegisterMonthView, summary: 'The supplier manager reopens a closed (not confirmed) register, with a reason.',
  }),
  confirmRegisterMonth: defineEndpoint({
    id: 'confirmRegisterMonth', method: 'POST', path: '/api/registers/months/{month}/{register}/confirm', access: 'registers.confirm', tag: 'registers',
    params: RegisterMonthParams, body: StateNoteBody, response: RegisterMonthView, summary: 'The bureau confirms a closed register: from then on it changes only by correction entries with a reason.',
  }),
  returnRegisterMonth: defineEndpoint({
    id: 'returnRegisterMonth', method: 'POST', path: '/api/registers/months/{month}/{register}/return', access: 'registers.confirm', tag: 'registers',
    params: RegisterMonthParams, body: StateReasonBody, response: RegisterMonthView,
    summary: 'The bureau returns a closed or confirmed register to the supplier (open again), with a reason.',
  }),

  listComplaints: defineEndpoint({
    id: 'listComplaints', method: 'GET', path: '/api/registers/complaints', access: 'registers.read', tag: 'registers', query: RegisterMonthQuery, response: z.array(ComplaintView),
    summary: 'Complaints received in the month (callers masked), oldest first.',
  }),
  addComplaint: defineEndpoint({
    id: 'addComplaint', method: 'POST', path: '/api/registers/complaints', access: 'registers.write', tag: 'registers', body: ComplaintBody, response: ComplaintView, status: 201,
    summary: 'Records a complaint as received (pending a verdict); a linked call must be in the ledger.',
  }),
  complaintVerdict: defineEndpoint({
    id: 'complaintVerdict', method: 'POST', path: '/api/registers/complaints/{id}/verdict', access: 'complaints.adjudicate', tag: 'registers', params: IdParams, body: VerdictBody,
    response: ComplaintView, summary: 'Adjudicates a complaint: justified (有责, counts in the complaint rate) or not, and why.',
  }),
  importComplaints: defineEndpoint({
    id: 'importComplaints', method: 'POST', path: '/api/registers/complaints/import', access: 'registers.write', tag: 'registers', response: ImportResult, status: 201,
    bodyContentType: IMPORT_CONTENT_TYPES,
    summary: 'Imports complaints from CSV or xlsx (header row); any bad row: 400 naming row and field, nothing stored; a month not open: 409 `month_not_open`.',
  }),

  listIncidents: defineEndpoint({
    id: 'listIncidents', method: 'GET', path: '/api/registers/confidentiality', access: 'registers.read', tag: 'registers', query: RegisterMonthQuery, response: z.array(IncidentView),
    summary: 'Confidentiality incidents of the month.',
  }),
  addIncident: defineEndpoint({
    id: 'addIncident', method: 'POST', path: '/api/registers/confidentiality', access: 'registers.write', tag: 'registers', body: IncidentBody, response: IncidentView, status: 201,
    summary: 'Records a breach of the confidentiality rules (-1; -5 with bad consequences).',
  }),
  removeIncident: defineEndpoint({
    id: 'removeIncident', method: 'DELETE', path: '/api/registers/confidentiality/{id}', access: 'registers.write', tag: 'registers', params: IdParams, status: 204,
    summary: 'Removes an incident recorded by mistake (open months only).',
  }),

  listTrainings: defineEndpoint({
    id: 'listTrainings', method: 'GET', path: '/api/registers/trainings', access: 'registers.read', tag: 'registers', query: RegisterMonthQuery, response: z.array(TrainingView),
    summary: 'Training sessions of the month, with the sessions the published roster planned and nobody recorded yet.',
  }),
  addTraining: defineEndpoint({
    id: 'addTraining', method: 'POST', path: '/api/registers/trainings', access: 'registers.write', tag: 'registers', body: TrainingBody, response: TrainingView, status: 201,
    summary: 'Records a training session with its sign-in list (or a planned one).',
  }),
  updateTraining: defineEndpoint({
    id: 'updateTraining', method: 'PUT', path: '/api/registers/trainings/{id}', access: 'registers.write', tag: 'registers', params: IdParams, body: TrainingBody, response: TrainingView,
    summary: 'Replaces a session (e.g. a planned one recorded as held with its sign-in list).',
  }),
  removeTraining: defineEndpoint({
    id: 'removeTraining', method: 'DELETE', path: '/api/registers/trainings/{id}', access: 'registers.write', tag: 'registers', params: IdParams, status: 204,
    summary: 'Removes a session recorded by mistake (open months only).',
  }),
  putTrainingAttachment: defineEndpoint({
    id: 'putTrainingAttachment', method: 'PUT', path: '/api/registers/trainings/{id}/attachment', access: 'registers.write', tag: 'registers', params: IdParams, response: TrainingView,
    bodyContentType: ATTACHMENT_CONTENT_TYPES, summary: 'Attaches the signed sign-in sheet or a photo (JPEG, PNG or PDF, at most 10 MB; headers X-File-Name, X-Correction-Reason).',
    headers: {
      'X-File-Name': "The file's name (percent-encoded when not ASCII); stored as its base name.",
      'X-Correction-Reason': 'Required when the trainings month is confirmed by the bureau (percent-encoded when not ASCII, 2..500 characters): the upload is then a correction.',
    },
  }),
  getTrainingAttachment: defineEndpoint({
    id: 'getTrainingAttachment', method: 'GET', path: '/api/registers/trainings/{id}/attachment', access: 'registers.read', tag: 'registers', params: IdParams,
    responseContentType: 'application/octet-stream', summary: "The session's sign-in sheet as attached.",
  }),

  listReports: defineEndpoint({
    id: 'listReports', method: 'GET', path: '/api/registers/reports', access: 'registers.read', tag: 'registers', query: RegisterMonthQuery, response: ReportsView,
    summary: "The month's operations report and self-assessment: due, submitted, late, documents sent, the bureau's findings; the manager's narrative.",
  }),
  setReportDue: defineEndpoint({
    id: 'setReportDue', method: 'PUT', path: '/api/registers/reports/{month}/{kind}/due', access: 'registers.confirm', tag: 'registers', params: ReportParams, body: ReportDueBody,
    response: ReportView,
    summary: 'The bureau sets when a report is due (default: the end of the 5th day of the next month); not before the month starts; in a confirmed month with a correction reason.',
  }),
  addReportFindings: defineEndpoint({
    id: 'addReportFindings', method: 'POST', path: '/api/registers/reports/{month}/{kind}/findings', access: 'registers.confirm', tag: 'registers', params: ReportParams,
    body: ReportFindingsBody, response: ReportView, status: 201,
    summary: 'The bureau records what it found in a submitted report (409 `not_submitted` before): content missing (-0.5 each), untruthful self-assessment (-2 each).',
  }),
  putNarrative: defineEndpoint({
    id: 'putNarrative', method: 'PUT', path: '/api/registers/reports/{month}/narrative', access: 'registers.close', tag: 'registers', params: MonthParams, body: NarrativeBody,
    response: ReportsView, summary: "The manager's text for the operations report: problems found and improvements.",
  }),

  staffReport: defineEndpoint({
    id: 'staffReport', method: 'GET', path: '/api/registers/staff', access: 'registers.read', tag: 'registers', query: RegisterMonthQuery, response: StaffReportView,
    summary: 'The monthly staff report (人事基本情况): headcount, joiners, leavers, training hours, from the accounts and the training register.',
  }),
} as const;

/** Hang-up satisfaction and quality inspection (QA): the sample, the form, reviews, the bureau's re-checks. */
export const qualityRoutes = {
  satisfaction: defineEndpoint({
    id: 'satisfaction', method: 'GET', path: '/api/registers/satisfaction', access: 'registers.read', tag: 'quality', query: RegisterMonthQuery, response: SatisfactionView,
    summary: "The month's hang-up satisfaction from the feed's survey answers and imports, with the survey rate.",
  }),
  importSurveys: defineEndpoint({
    id: 'importSurveys', method: 'POST', path: '/api/registers/satisfaction/import', access: 'registers.write', tag: 'quality', response: ImportResult, status: 201,
    bodyContentType: IMPORT_CONTENT_TYPES,
    summary: "Imports the platform's survey export (time, call id or caller, rating) from CSV or xlsx; any bad row: 400 naming row and field, nothing stored; a month not open: 409 `month_not_open`.",
  }),
  qaForm: defineEndpoint({ id: 'qaForm', method: 'GET', path: '/api/qa/form', access: 'registers.read', tag: 'quality', response: QaFormView, summary: 'The QA scoring form in force.' }),
  putQaForm: defineEndpoint({
    id: 'putQaForm', method: 'PUT', path: '/api/qa/form', access: 'registers.close', tag: 'quality', body: QaFormBody, response: QaFormView,
    summary: 'A new version of the QA form (items and their maximum points); reviews keep the version they were made on.',
  }),
  qaSample: defineEndpoint({
    id: 'qaSample', method: 'GET', path: '/api/qa/samples/{month}', access: 'registers.read', tag: 'quality', params: MonthParams, response: QaSampleView,
    summary: "The month's QA sample: quota, seed, the random and added calls with reviews and re-checks.",
  }),
  drawQaSample: defineEndpoint({
    id: 'drawQaSample', method: 'POST', path: '/api/qa/samples/{month}/draw', access: 'registers.close', tag: 'quality', params: MonthParams, body: DrawBody, response: QaSampleView,
    status: 201,
    summary: 'Draws the random sample once the month is over (409 `month_running` before): ceil(1% of agent-answered), stratified by agent and shift, from a recorded seed (409 once a drawn call is reviewed).',
  }),
  addQaCall: defineEndpoint({
    id: 'addQaCall', method: 'POST', path: '/api/qa/samples/{month}/calls', access: 'qa.review', tag: 'quality', params: MonthParams, body: TargetedCallBody, response: SampledCallView,
    status: 201, summary: 'Adds a call on top of the random sample (low satisfaction, long wait, complaint); it never counts toward the quota.',
  }),
  reviewQaCall: defineEndpoint({
    id: 'reviewQaCall', method: 'PUT', path: '/api/qa/samples/{month}/calls/{callId}/review', access: 'qa.review', tag: 'quality', params: SampleCallParams, body: QaReviewBody,
    response: SampledCallView, summary: 'Scores a sampled call on the form in force (each item 0..its maximum).',
  }),
  recheckQaCall: defineEndpoint({
    id: 'recheckQaCall', method: 'POST', path: '/api/qa/samples/{month}/calls/{callId}/recheck', access: 'qa.recheck', tag: 'quality', params: SampleCallParams, body: RecheckBody,
    response: SampledCallView, status: 201, summary: "The bureau's re-check of a reviewed call: a scoring error found costs 0.5 points.",
  }),
} as const;

/** The month's documents: generate, submit (freeze), fetch what was sent. */
export const documentRoutes = {
  document: defineEndpoint({
    id: 'document', method: 'GET', path: '/api/documents/{month}/{file}', access: 'registers.read', tag: 'documents', params: DocumentParams,
    responseContentType: 'application/octet-stream', summary: 'Generates a document of the month from the ledger and the registers (docx, pdf or xlsx).',
  }),
  submitReport: defineEndpoint({
    id: 'submitReport', method: 'POST', path: '/api/registers/reports/{month}/{kind}/submit', access: 'registers.close', tag: 'documents', params: ReportParams, body: SubmitReportBody, response: ReportView,
    status: 201,
    summary: 'Submits a report to the bureau once the month is over (409 `month_running` before): the documents are generated, frozen (hash, time, who) and recorded in the reports register.',
  }),
  submittedDocument: defineEndpoint({
    id: 'submittedDocument', method: 'GET', path: '/api/submitted-documents/{id}', access: 'registers.read', tag: 'documents', params: SubmittedParams,
    responseContentType: 'application/octet-stream', summary: 'A submitted document exactly as it was sent.',
  }),
} as const;
