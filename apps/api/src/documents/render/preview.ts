/**
 * Preview of the month's documents from the sample dossier, for a person to open. After `npm run build`:
 * `node apps/api/dist/documents/render/preview.js [OUT_DIR] [--provisional]` writes 月度运营报告.docx/.pdf,
 * 服务考核自评表.xlsx/.pdf and 人事基本情况.xlsx into OUT_DIR (default: the current folder). (Not through tsx from
 * the sources: the libs are CommonJS packages whose re-exports tsx's ESM loader cannot see. Without a build, the
 * spec keeps its files with DOCUMENTS_RENDER_KEEP=DIR.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderOperationsReportDocx, renderOperationsReportPdf, renderSelfAssessmentPdf, renderSelfAssessmentXlsx, renderStaffReportXlsx } from './index.js';
import { sampleDossier, sampleProvisionalDossier } from './sample-dossier.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--')) ?? '.';
  const d = args.includes('--provisional') ? sampleProvisionalDossier() : sampleDossier();
  await mkdir(out, { recursive: true });
  const files: [string, Buffer][] = [
    ['月度运营报告.docx', await renderOperationsReportDocx(d)],
    ['月度运营报告.pdf', await renderOperationsReportPdf(d)],
    ['服务考核自评表.xlsx', await renderSelfAssessmentXlsx(d)],
    ['服务考核自评表.pdf', await renderSelfAssessmentPdf(d)],
    ['人事基本情况.xlsx', await renderStaffReportXlsx(d)],
  ];
  for (const [name, bytes] of files) {
    await writeFile(join(out, name), bytes);
    console.log(`${join(out, name)} (${bytes.length} bytes)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
