import ExcelJS from 'exceljs';
import {
  REQUESTS_EXPORT_HEADERS, REQUEST_CHANNEL_LABELS, REQUEST_OUTCOME_LABELS, REQUEST_STATUS_LABELS, type ServiceRequestView,
} from '@hotline/contracts';
import { instantToLocal } from '@hotline/events';

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO instant as local wall-clock time `YYYY-MM-DD HH:mm:ss` in `timeZone`. */
function localTime(iso: string, timeZone: string): string {
  const l = instantToLocal(new Date(iso), timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}`;
}

/**
 * The month's requests as a workbook: one sheet `受理登记 YYYY-MM`, the zh-CN headers of REQUESTS_EXPORT_HEADERS,
 * one row per request in the order given, times local (`timeZone`), the caller only masked (never the number),
 * the type as `parent name / name` (`typeNameZh` names a parent code). Pure apart from ExcelJS.
 */
export async function requestsWorkbook(month: string, requests: readonly ServiceRequestView[], timeZone: string, typeNameZh: (code: string) => string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'HotlineOps';
  const sheet = book.addWorksheet(`受理登记 ${month}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...REQUESTS_EXPORT_HEADERS]);
  sheet.getRow(1).font = { bold: true };
  for (const r of requests) {
    const parent = r.businessTypeParentCode ? `${typeNameZh(r.businessTypeParentCode)} / ` : '';
    sheet.addRow([
      r.id, localTime(r.receivedAt, timeZone), REQUEST_CHANNEL_LABELS[r.channel]['zh-CN'], r.callId ?? '', r.agentId ?? '', r.author.name,
      r.businessTypeCode, `${parent}${r.businessTypeNameZh}`, r.caller?.masked ?? '', r.summary, r.question ?? '',
      r.outcome ? REQUEST_OUTCOME_LABELS[r.outcome]['zh-CN'] : '', r.referredTo ?? '', r.workOrderNo ?? '', r.complaintId ?? '',
      REQUEST_STATUS_LABELS[r.status]['zh-CN'], r.completedAt ? localTime(r.completedAt, timeZone) : '',
    ]);
  }
  [8, 20, 8, 24, 12, 12, 20, 24, 16, 40, 50, 10, 16, 16, 10, 8, 20].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await book.xlsx.writeBuffer());
}
