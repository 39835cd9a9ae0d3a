import type { DocumentFile } from '@hotline/contracts';
import type { MonthDossier } from '../dossier.js';
import { renderOperationsReportDocx } from './docx.js';
import { renderOperationsReportPdf, renderSelfAssessmentPdf } from './pdf.js';
import type { PdfRenderOptions } from './pdf-writer.js';
import { renderSelfAssessmentXlsx, renderStaffReportXlsx } from './xlsx.js';

/**
 * Renders one document of the month from its dossier: the operations report (.docx / .pdf), the self-assessment form
 * (.xlsx / .pdf) or the staff report (.xlsx). `options` applies to the PDFs.
 * @returns the file's bytes.
 * @throws MissingGlyphError (a PDF, policy `throw`) naming the dossier field with a character the font lacks.
 */
export function renderDocument(file: DocumentFile, d: MonthDossier, options: PdfRenderOptions = {}): Promise<Buffer> {
  switch (file) {
    case 'operations-report.docx':
      return renderOperationsReportDocx(d);
    case 'operations-report.pdf':
      return renderOperationsReportPdf(d, options);
    case 'self-assessment.xlsx':
      return renderSelfAssessmentXlsx(d);
    case 'self-assessment.pdf':
      return renderSelfAssessmentPdf(d, options);
    case 'staff-report.xlsx':
      return renderStaffReportXlsx(d);
  }
}
