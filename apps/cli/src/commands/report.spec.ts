import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportView } from '@hotline/contracts';
import { CliUsageError } from '../cli-error';
import { formatReport, openOut, shanghaiInstant } from './report';

describe('hotline report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints instants in Asia/Shanghai time (a due instant of 2026-12-10 00:00 +08:00 is not the UTC day before)', () => {
    expect(shanghaiInstant('2026-12-09T16:00:00.000Z')).toBe('2026-12-10 00:00 +08:00');
    expect(shanghaiInstant('2026-12-10T15:59:59.000Z')).toBe('2026-12-10 23:59 +08:00');
    const r: ReportView = {
      month: '2026-11', kind: 'self_assessment', dueAt: '2026-12-09T16:00:00.000Z', late: true,
      submitted: { at: '2026-12-10T01:30:00.000Z', by: { userId: 1, login: 'mgr', name: '经理' } }, documents: [], itemsMissing: 0, untruthful: 0, findings: [],
    };
    const text = formatReport(r);
    expect(text).toContain('due        2026-12-10 00:00 +08:00');
    expect(text).toContain('submitted  2026-12-10 09:30 +08:00 by mgr  LATE 逾期');
  });

  it('checks --out before anything is generated; replaces a file only with the document; leaves nothing behind otherwise', () => {
    expect(() => openOut(join(dir, 'no', 'such', 'x.pdf'))).toThrow(CliUsageError);
    expect(() => openOut(dir)).toThrow(/cannot be written \(EISDIR\)/);

    const fresh = join(dir, 'fresh.pdf');
    openOut(fresh).discard();
    expect(existsSync(fresh)).toBe(false);

    const kept = join(dir, 'kept.pdf');
    writeFileSync(kept, 'the old file, longer than the new one');
    const out = openOut(kept);
    expect(readFileSync(kept, 'utf8')).toBe('the old file, longer than the new one');
    out.write(Buffer.from('%PDF-1.7'));
    expect(readFileSync(kept, 'utf8')).toBe('%PDF-1.7');

    const other = join(dir, 'other.pdf');
    writeFileSync(other, 'keep me');
    openOut(other).discard();
    expect(readFileSync(other, 'utf8')).toBe('keep me');
  });
});
