import ExcelJS from 'exceljs';
import { IMPORT_CONTENT_TYPES } from '@hotline/contracts';
import { parseCdrRows } from '@hotline/events';
import { readCdrFile } from './cdr-file.js';

const XLSX = IMPORT_CONTENT_TYPES[1];
const MAPPING = { columns: { arrival: '呼入时间', answer: '应答时间', end: '结束时间', agent: '坐席工号' }, timeFormat: 'local' as const, timeZone: 'Asia/Shanghai', source: 'cdr' };

describe('readCdrFile', () => {
  it('reads an xlsx workbook (date cells as local wall clock, row numbers as in the sheet)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('话单');
    sheet.addRow(['呼入时间', '应答时间', '结束时间', '坐席工号']);
    // exceljs writes a Date's UTC fields as the cell's wall clock: 08:30 here is 08:30 in the file.
    sheet.addRow([new Date(Date.UTC(2026, 11, 7, 8, 30, 0)), '2026-12-07 08:30:20', '2026-12-07 08:33:20', 1001]);
    sheet.addRow([]);
    sheet.addRow(['2026-12-07 09:00:00', '2026-12-07 08:59:00', '2026-12-07 09:05:00', 1002]);
    const table = await readCdrFile(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX);
    expect(table.headers).toEqual(['呼入时间', '应答时间', '结束时间', '坐席工号']);
    expect(table.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(table.rows[0]!.cells).toEqual({ 呼入时间: '2026-12-07 08:30:00', 应答时间: '2026-12-07 08:30:20', 结束时间: '2026-12-07 08:33:20', 坐席工号: '1001' });
    const r = parseCdrRows(table.rows, MAPPING);
    expect(r.events.map((e) => `${e.type}@${e.ts}`)).toEqual(['call.offered@2026-12-07T00:30:00.000Z', 'agent.answered@2026-12-07T00:30:20.000Z', 'call.ended@2026-12-07T00:33:20.000Z']);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[4, 'answer']]);
  });

  it('numbers CSV rows as lines in the file (blank lines and quoted line breaks counted) and reads GB18030', async () => {
    const text = '呼入时间,结束时间,备注\r\n2026-12-07 08:30:00,2026-12-07 08:31:00,"两行\n备注"\r\n\r\n坏时间,2026-12-07 08:31:00,x\r\n';
    const table = await readCdrFile(Buffer.from(text, 'utf8'), 'text/csv; charset=utf-8');
    expect(table.encoding).toBe('utf-8');
    expect(table.rows.map((r) => r.row)).toEqual([2, 5]);
    expect(table.rows[0]!.cells['备注']).toBe('两行\n备注');
    // GB18030 bytes of 呼入时间 (what Excel saves a Chinese CSV as)
    const gbBytes = Buffer.concat([Buffer.from([0xba, 0xf4, 0xc8, 0xeb, 0xca, 0xb1, 0xbc, 0xe4]), Buffer.from(',x\r\n2026-12-07 08:30:00,1\r\n')]);
    const gbTable = await readCdrFile(gbBytes, 'text/csv');
    expect(gbTable.encoding).toBe('gb18030');
    expect(gbTable.headers).toEqual(['呼入时间', 'x']);
  });

  it('refuses what is not a CSV or xlsx, an empty file and repeated headers, naming the field', async () => {
    await expect(readCdrFile(Buffer.from('a'), 'application/json')).rejects.toMatchObject({ status: 415, field: 'content-type' });
    await expect(readCdrFile(Buffer.alloc(0), 'text/csv')).rejects.toMatchObject({ status: 400, field: 'body' });
    await expect(readCdrFile(Buffer.from('a,a\n1,2\n'), 'text/csv')).rejects.toMatchObject({ code: 'duplicate_column', field: 'columns[1]' });
    await expect(readCdrFile(Buffer.from('PK\u0003\u0004garbage'), XLSX)).rejects.toMatchObject({ code: 'bad_file' });
  });
});
