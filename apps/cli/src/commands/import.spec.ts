import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallImportPreview } from '@hotline/contracts';
import { CliUsageError } from '../cli-error';
import { contentTypeOf, formatJob, formatPreview, readMapping } from './import';

describe('hotline import helpers', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cli-import-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends .csv as text/csv and .xlsx as a workbook, refusing other files', () => {
    expect(contentTypeOf('a/话单.CSV')).toBe('text/csv');
    expect(contentTypeOf('x.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(() => contentTypeOf('x.xls')).toThrow(CliUsageError);
  });

  it('reads a mapping file with the contract, naming the bad field', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ columns: { arrival: '呼入时间' } }));
    expect(readMapping(good)).toEqual({ columns: { arrival: '呼入时间' }, timeFormat: 'local', timeZone: 'Asia/Shanghai', source: 'cdr' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ columns: { arrival: '呼入时间' }, timeZone: 'Mars/Base' }));
    expect(() => readMapping(bad)).toThrow(/timeZone: expected an IANA time zone/);
    expect(() => readMapping(join(dir, 'none.json'))).toThrow(/ENOENT/);
  });

  it('prints the dry run with every bad row and a job line with its progress', () => {
    const preview: CallImportPreview = {
      fileName: 'day.csv', headers: ['主叫号码', '呼入时间'], totalRows: 3, rows: [{ row: 2, cells: { 主叫号码: '138****5678', 呼入时间: '2026-12-07 08:00:00' } }],
      suggestedColumns: {}, preset: null, mapping: null, previousImport: null, countedTwice: false,
      check: { goodRows: 2, duplicates: 0, badRows: 1, events: 6, errors: [{ row: 3, field: 'arrival', column: '呼入时间', reason: '"x" is not a date-time like 2026-12-07 08:30:05' }] },
    };
    const text = formatPreview(preview);
    expect(text).toContain('day.csv: 3 row(s)');
    expect(text).toContain('row 2: 主叫号码=138****5678  呼入时间=2026-12-07 08:00:00');
    expect(text).toContain('good rows 2, duplicates 0, bad rows 1, events 6');
    expect(text).toContain('row 3 呼入时间: "x" is not a date-time');
    const job = { id: 4, status: 'running', rowsDone: 500, totalRows: 2000, eventsWritten: 1800, deadLettersWritten: 2, failedReason: null } as const;
    expect(formatJob({ ...preview, ...job, sha256: '', preset: null, goodRows: 0, duplicates: 0, badRows: 0, createdBy: { userId: 1, login: 'a', name: 'a' }, createdAt: '', startedAt: null, finishedAt: null, mapping: { columns: { arrival: 'x' }, timeFormat: 'local', timeZone: 'UTC', source: 'cdr' }, errors: [] }))
      .toBe('import #4 running 500/2000 rows (25%), 1800 events, 2 dead letter(s)');
  });

  it('says "changes nothing" only for the same source, and warns of calls counted twice for another one', () => {
    const base: CallImportPreview = {
      fileName: 'day.csv', headers: ['呼入时间'], totalRows: 1, rows: [], suggestedColumns: {}, preset: null,
      mapping: { columns: { arrival: '呼入时间' }, timeFormat: 'local', timeZone: 'Asia/Shanghai', source: 'gdcdr' },
      check: { goodRows: 1, duplicates: 0, badRows: 0, events: 2, errors: [] },
      previousImport: { id: 7, at: '2026-12-07T00:00:00.000Z', status: 'completed', source: 'gdcdr', sameSource: true }, countedTwice: false,
    };
    expect(formatPreview(base)).toMatch(/imported already with source "gdcdr" \(import #7.*changes nothing/);
    const other = formatPreview({ ...base, mapping: { ...base.mapping!, source: 'cdr' }, previousImport: { ...base.previousImport!, sameSource: false }, countedTwice: true });
    expect(other).toMatch(/WARNING: .*under source "gdcdr" \(import #7.*under source "cdr" would count every call twice/);
    expect(other).not.toMatch(/changes nothing/);
  });
});
