/**
 * The month's documents, rendered from a {@link MonthDossier} (pure: no database, no framework):
 * - {@link renderOperationsReportDocx} / {@link renderOperationsReportPdf}: 月度运营报告
 * - {@link renderSelfAssessmentXlsx} / {@link renderSelfAssessmentPdf}: 服务考核自评表
 * - {@link renderStaffReportXlsx}: 人事基本情况
 * Each resolves with the file's bytes; {@link renderDocument} renders one by its file name.
 */
export type { MonthDossier } from '../dossier.js';
export { renderOperationsReportDocx, DOCX_FONT } from './docx.js';
export { renderDocument } from './render-document.js';
export { renderOperationsReportPdf, renderSelfAssessmentPdf } from './pdf.js';
export { renderSelfAssessmentXlsx, renderStaffReportXlsx, XLSX_SHEETS } from './xlsx.js';
export { type PdfRenderOptions } from './pdf-writer.js';
export { MissingGlyphError, dropInvisible, type MissingGlyphPolicy } from './noto-fonts.js';

/** Media types of the rendered files. */
export const DOCUMENT_TYPES = Object.freeze({
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
