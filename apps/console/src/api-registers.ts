import {
  ATTACHMENT_CONTENT_TYPES, IMPORT_CONTENT_TYPES, documentRoutes, qualityRoutes, registerRoutes,
  type BodyOf, type DocumentFile, type EndpointDef, type RegisterName, type ReportKind, type ResponseOf,
} from '@hotline/contracts';
import { fillPath, request, requestFile } from './api';

/**
 * The console's calls about the month's registers (台账), quality inspection (话务质检) and the month's documents:
 * `registerRoutes`, `qualityRoutes` and `documentRoutes` of `@hotline/contracts` (the same definitions `API` lists),
 * so paths, bodies and answers are typed by the contract and cannot drift from the server.
 *
 * Same conventions as `api.ts` / `api-auth.ts`: the session is the HttpOnly cookie (credentials same-origin), every
 * write carries the `X-CSRF-Token` header (the token of the session store), a 401 ends the session (the store sends
 * the user to sign in), any other refusal is an {@link ApiError} with the server's `code`, message and offending
 * `field`. Besides JSON: file uploads (imports: CSV/xlsx; sign-in sheets: JPEG/PNG/PDF) sent as the file's bytes with
 * their Content-Type and an `X-File-Name` header (URI-encoded: header values are Latin-1, file names often Chinese),
 * and downloads (documents, attachments) saved as a file by the browser.
 */

/** Path parameters of a call. */
type Params = Record<string, string | number>;

/** A file's bytes as a request body: the bytes, their Content-Type and the name sent as `X-File-Name`. */
export interface Upload {
  data: Blob;
  contentType: string;
  fileName: string;
  /** A sign-in sheet attached in a confirmed month is a correction: its reason, sent as `X-Correction-Reason` (URI-encoded). */
  correctionReason?: string;
}

/**
 * Calls one endpoint of the contract (`api.ts`'s `request`), an upload as the file's bytes with its Content-Type,
 * `X-File-Name` and any `X-Correction-Reason`.
 * @throws ApiError for a 4xx/5xx answer, TypeError when the server cannot be reached.
 */
function call<E extends EndpointDef>(endpoint: E, options: { params?: Params; query?: Record<string, unknown>; body?: unknown; upload?: Upload } = {}): Promise<ResponseOf<E>> {
  const { upload, ...rest } = options;
  if (!upload) return request(endpoint, rest);
  const headers: Record<string, string> = { 'x-file-name': encodeURIComponent(upload.fileName) };
  if (upload.correctionReason !== undefined) headers['x-correction-reason'] = encodeURIComponent(upload.correctionReason);
  return request(endpoint, { ...rest, file: { bytes: upload.data, type: upload.contentType, headers } });
}

/** Content types by file-name extension, for files the browser gives no type (or a vague one). */
const TYPE_BY_EXTENSION: Record<string, string> = {
  csv: IMPORT_CONTENT_TYPES[0], xlsx: IMPORT_CONTENT_TYPES[1], jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf',
};

/**
 * A chosen file as an upload of one of the accepted content types: the browser's type when it is one of them, else
 * the type of its extension.
 * @returns null when the file is none of `accepted` (the caller says so before sending anything).
 */
export function asUpload(file: File, accepted: readonly string[]): Upload | null {
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  const type = accepted.includes(file.type) ? file.type : TYPE_BY_EXTENSION[extension];
  return type !== undefined && accepted.includes(type) ? { data: file, contentType: type, fileName: file.name } : null;
}

/** The `accept` attribute of a file input for imports (CSV, xlsx). */
export const IMPORT_ACCEPT = ['.csv', '.xlsx', ...IMPORT_CONTENT_TYPES].join(',');
/** The `accept` attribute of a file input for sign-in sheets (JPEG, PNG, PDF). */
export const ATTACHMENT_ACCEPT = ['.jpg', '.jpeg', '.png', '.pdf', ...ATTACHMENT_CONTENT_TYPES].join(',');

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''...` preferred), or null. */
function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : null;
}

/** Hands bytes to the browser as a file to save (an object URL clicked as a download link, then released). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Downloads a non-JSON answer (a document, an attachment) and saves it as a file.
 * @param fallbackName the file name when the answer names none.
 * @returns the name saved and its size in bytes.
 * @throws ApiError when the API refuses (its message: e.g. 404 nothing attached, 403).
 */
async function download(endpoint: EndpointDef, params: Params, fallbackName: string): Promise<{ fileName: string; bytes: number }> {
  const res = await requestFile(endpoint, { params });
  const blob = await res.blob();
  const fileName = dispositionName(res.headers.get('content-disposition')) ?? fallbackName;
  saveBlob(blob, fileName);
  return { fileName, bytes: blob.size };
}

type R = typeof registerRoutes;
type Q = typeof qualityRoutes;

/** Register, QA and document calls, typed by the contract. */
export const registersApi = {
  // ---- month states ----
  /** `GET /api/registers/months/{month}`: every register's state, figures and blockers. */
  months: (month: string) => call(registerRoutes.registerMonths, { params: { month } }),
  /** `POST .../{register}/close` (`registers.close`; 409 while blockers remain). */
  close: (month: string, register: RegisterName, body: BodyOf<R['closeRegisterMonth']>) => call(registerRoutes.closeRegisterMonth, { params: { month, register }, body }),
  /** `POST .../{register}/reopen` (`registers.close`, a reason). */
  reopen: (month: string, register: RegisterName, body: BodyOf<R['reopenRegisterMonth']>) => call(registerRoutes.reopenRegisterMonth, { params: { month, register }, body }),
  /** `POST .../{register}/confirm` (`registers.confirm`, the bureau). */
  confirm: (month: string, register: RegisterName, body: BodyOf<R['confirmRegisterMonth']>) => call(registerRoutes.confirmRegisterMonth, { params: { month, register }, body }),
  /** `POST .../{register}/return` (`registers.confirm`, a reason). */
  returnMonth: (month: string, register: RegisterName, body: BodyOf<R['returnRegisterMonth']>) => call(registerRoutes.returnRegisterMonth, { params: { month, register }, body }),

  // ---- complaints ----
  complaints: (month: string) => call(registerRoutes.listComplaints, { query: { month } }),
  /** `POST /api/registers/complaints`: the caller's number is sent once and comes back masked. */
  addComplaint: (body: BodyOf<R['addComplaint']>) => call(registerRoutes.addComplaint, { body }),
  complaintVerdict: (id: number, body: BodyOf<R['complaintVerdict']>) => call(registerRoutes.complaintVerdict, { params: { id }, body }),
  importComplaints: (upload: Upload) => call(registerRoutes.importComplaints, { upload }),

  // ---- confidentiality incidents ----
  incidents: (month: string) => call(registerRoutes.listIncidents, { query: { month } }),
  addIncident: (body: BodyOf<R['addIncident']>) => call(registerRoutes.addIncident, { body }),
  removeIncident: (id: number): Promise<void> => call(registerRoutes.removeIncident, { params: { id } }).then(() => undefined),

  // ---- trainings ----
  trainings: (month: string) => call(registerRoutes.listTrainings, { query: { month } }),
  addTraining: (body: BodyOf<R['addTraining']>) => call(registerRoutes.addTraining, { body }),
  updateTraining: (id: number, body: BodyOf<R['updateTraining']>) => call(registerRoutes.updateTraining, { params: { id }, body }),
  removeTraining: (id: number): Promise<void> => call(registerRoutes.removeTraining, { params: { id } }).then(() => undefined),
  /** `PUT .../trainings/{id}/attachment`: the signed sheet or a photo (JPEG, PNG, PDF; at most 10 MB). */
  putTrainingAttachment: (id: number, upload: Upload) => call(registerRoutes.putTrainingAttachment, { params: { id }, upload }),
  /** The sign-in sheet's address (a link opened in a new tab: the browser sends the session cookie). */
  trainingAttachmentUrl: (id: number) => fillPath(registerRoutes.getTrainingAttachment.path, { id }),

  // ---- reports ----
  reports: (month: string) => call(registerRoutes.listReports, { query: { month } }),
  setReportDue: (month: string, kind: ReportKind, body: BodyOf<R['setReportDue']>) => call(registerRoutes.setReportDue, { params: { month, kind }, body }),
  addReportFindings: (month: string, kind: ReportKind, body: BodyOf<R['addReportFindings']>) => call(registerRoutes.addReportFindings, { params: { month, kind }, body }),
  putNarrative: (month: string, body: BodyOf<R['putNarrative']>) => call(registerRoutes.putNarrative, { params: { month }, body }),

  // ---- staff ----
  staffReport: (month: string) => call(registerRoutes.staffReport, { query: { month } }),

  // ---- satisfaction and QA ----
  satisfaction: (month: string) => call(qualityRoutes.satisfaction, { query: { month } }),
  importSurveys: (upload: Upload) => call(qualityRoutes.importSurveys, { upload }),
  qaForm: () => call(qualityRoutes.qaForm),
  putQaForm: (body: BodyOf<Q['putQaForm']>) => call(qualityRoutes.putQaForm, { body }),
  qaSample: (month: string) => call(qualityRoutes.qaSample, { params: { month } }),
  drawQaSample: (month: string, body: BodyOf<Q['drawQaSample']>) => call(qualityRoutes.drawQaSample, { params: { month }, body }),
  addQaCall: (month: string, body: BodyOf<Q['addQaCall']>) => call(qualityRoutes.addQaCall, { params: { month }, body }),
  reviewQaCall: (month: string, callId: string, body: BodyOf<Q['reviewQaCall']>) => call(qualityRoutes.reviewQaCall, { params: { month, callId }, body }),
  recheckQaCall: (month: string, callId: string, body: BodyOf<Q['recheckQaCall']>) => call(qualityRoutes.recheckQaCall, { params: { month, callId }, body }),

  // ---- documents ----
  /** Generates one document of the month and saves it (`GET /api/documents/{month}/{file}`). */
  downloadDocument: (month: string, file: DocumentFile) => download(documentRoutes.document, { month, file }, `${month}-${file}`),
  /** Submits a report: its documents are generated and frozen (hash, time, who) in the reports register. */
  submitReport: (month: string, kind: ReportKind) => call(documentRoutes.submitReport, { params: { month, kind }, body: {} }),
  /** Saves a submitted document exactly as it was sent. */
  downloadSubmitted: (id: number, fileName: string) => download(documentRoutes.submittedDocument, { id }, fileName),
};
