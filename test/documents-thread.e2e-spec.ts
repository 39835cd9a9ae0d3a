/**
 * Issue 11 findings 12, 15, 16 and 19: a month's documents are laid out in a worker thread, so the API keeps
 * answering while a long PDF renders (a month with 3,000 complaints: 150 pages, seconds of layout); instants print in
 * Asia/Shanghai time in the documents and in `hotline report`; invisible format characters vanish and Ω is drawn; the
 * CLI exits 3 on 401/403, names the account it needs, and checks `--out` before the API generates anything.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStack, type ApiClient, type Stack } from './support/stack';
import { runCli } from './support/cli';

const MONTH = '2026-11';
const COMPLAINTS = 3000;

/** Text with all whitespace removed: pdftotext breaks lines and puts table cells on lines of their own. */
const squash = (s: string): string => s.replace(/\s+/g, '');

describe('documents in a worker thread', () => {
  let stack: Stack;
  let manager: ApiClient;
  const dir = mkdtempSync(join(tmpdir(), 'hotline-docs-'));

  beforeAll(async () => {
    stack = await createStack('docs_thread');
    await stack.startApi();
    manager = await stack.signIn(['manager']);
    // 3,000 complaints in the month (straight into the register's table: the test is about rendering them), one with
    // invisible format characters and letters only some subsets of the font have.
    await stack.db.query(
      `INSERT INTO "Complaint" (month, "receivedAt", channel, content, "createdById")
       SELECT $1, timestamptz '2026-11-01 08:00+08' + (i * interval '13 minutes'), 'hotline',
              '来电人反映第' || i || '号工单办理进度缓慢，等待时间较长，希望尽快答复并说明原因。', $2
       FROM generate_series(1, $3::int) AS i`,
      [MONTH, manager.userId, COMPLAINTS - 1],
    );
    await stack.db.query(
      `INSERT INTO "Complaint" (month, "receivedAt", channel, content, "createdById") VALUES ($1, '2026-11-30T10:00:00+08:00', 'hotline', $2, $3)`,
      [MONTH, '隐形\u200B字\u200D符\u202E测\uFEFF试\uFE0F：电阻Ω值，𠮷野家', manager.userId],
    );
    // The self-assessment is due at 2026-12-10 00:00 Shanghai time (2026-12-09T16:00Z).
    await stack.db.query(`INSERT INTO "ReportRecord" (month, kind, "dueAt") VALUES ($1, 'self_assessment', '2026-12-10T00:00:00+08:00')`, [MONTH]);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering /api/health while a 150-page PDF of 3,000 complaints renders', async () => {
    const started = performance.now();
    let pdfDoneAt = 0;
    const pdf = manager.fetch(`/api/documents/${MONTH}/operations-report.pdf`).then(async (res) => {
      const bytes = Buffer.from(await res.arrayBuffer());
      pdfDoneAt = performance.now();
      return { status: res.status, bytes };
    });
    // Health checks one after the other until the PDF is there: each one's latency, and when it came back.
    const health: { latency: number; doneAt: number; status: number }[] = [];
    while (pdfDoneAt === 0) {
      const t0 = performance.now();
      const res = await fetch(`${stack.baseUrl}/api/health`);
      await res.text();
      health.push({ latency: performance.now() - t0, doneAt: performance.now(), status: res.status });
      await new Promise((r) => setTimeout(r, 25));
    }
    const { status, bytes } = await pdf;
    expect(status).toBe(200);
    const file = join(dir, 'big.pdf');
    writeFileSync(file, bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(100);
    const text = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    expect(text).toContain(`来电人反映第${COMPLAINTS - 1}号工单办理进度缓慢`);

    const renderMs = pdfDoneAt - started;
    const before = health.filter((h) => h.doneAt < pdfDoneAt);
    // Many health answers came back while the PDF was being made, and none waited for it: a blocked event loop would
    // hold a health check for the rest of the layout (seconds), about as long as the render itself.
    expect(health.every((h) => h.status === 200)).toBe(true);
    expect(before.length).toBeGreaterThanOrEqual(5);
    const slowest = Math.max(...health.map((h) => h.latency));
    expect(slowest).toBeLessThan(renderMs / 4);
  });

  it('prints instants in Asia/Shanghai time, drops invisible characters, draws Ω, and writes only absent letters as code points', async () => {
    const self = await manager.fetch(`/api/documents/${MONTH}/self-assessment.pdf`);
    expect(self.status).toBe(200);
    const selfFile = join(dir, 'self.pdf');
    writeFileSync(selfFile, Buffer.from(await self.arrayBuffer()));
    const selfText = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', selfFile, '-'], { encoding: 'utf8' }));
    // the due instant 2026-12-09T16:00Z is 2026-12-10 00:00 in Shanghai: never the UTC day 2026-12-09
    expect(selfText).toContain('服务考核自评表：截止2026-12-1000:00');
    expect(selfText).not.toContain('2026-12-09');

    const xlsx = await manager.fetch(`/api/documents/${MONTH}/self-assessment.xlsx`);
    expect(xlsx.status).toBe(200);

    // The complaint with invisible marks, printed in the operations report (the big one: the last entry).
    const pdf = await manager.fetch(`/api/documents/${MONTH}/operations-report.pdf`);
    const file = join(dir, 'marks.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).normalize('NFC');
    // U+200B, U+200D, U+202E, U+FEFF, U+FE0F leave nothing; Ω (U+03A9) is drawn with the glyph of U+2126 (the same
    // letter); 𠮷 (U+20BB7) is in no subset of the shipped font: its code point is written.
    expect(text).toContain('隐形字符测试：电阻Ω值，[U+20BB7]野家');
    expect(text).not.toMatch(/\[U\+(200B|200D|202E|FEFF|FE0F|03A9)\]/);
    // the complaint's receipt time, Shanghai
    expect(text).toContain('2026-11-3010:00');
  });

  it('hotline report: exit 3 and the account it needs on 401/403, --out checked before generating, Shanghai times', async () => {
    const env = { HOTLINE_API_URL: stack.baseUrl, HOTLINE_API_LOGIN: manager.login, HOTLINE_API_PASSWORD: manager.password };
    const exports = async () => Number((await stack.db.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'export.document'`)).rows[0].n);

    // no account: a usage mistake, naming the accounts that fit
    const none = await runCli(['report', 'status', MONTH], { env: { HOTLINE_API_URL: stack.baseUrl, HOTLINE_API_LOGIN: '', HOTLINE_API_PASSWORD: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('supplier manager');
    expect(none.stderr).not.toContain('planner');

    // a wrong password (401) and a role without registers.read (403): exit 3, "not allowed"
    const wrong = await runCli(['report', 'status', MONTH], { env: { ...env, HOTLINE_API_PASSWORD: 'Not-the-password-1' } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('refused the sign-in');
    const planner = await stack.createUser(['planner']);
    const forbidden = await runCli(['report', 'get', MONTH, 'staff-report.xlsx', '--out', join(dir, 'planner.xlsx')], {
      env: { ...env, HOTLINE_API_LOGIN: planner.login, HOTLINE_API_PASSWORD: planner.password },
    });
    expect(forbidden.code).toBe(3);
    expect(forbidden.stderr).toMatch(/not allowed \(403\)/);
    expect(forbidden.stderr).toContain('supplier manager');
    expect(existsSync(join(dir, 'planner.xlsx'))).toBe(false); // nothing left behind

    // an --out that cannot be written: exit 2 at once, and the API generated nothing
    const before = await exports();
    mkdirSync(join(dir, 'a-folder'));
    for (const out of [join(dir, 'no', 'such', 'folder', 'x.pdf'), join(dir, 'a-folder')]) {
      const bad = await runCli(['report', 'get', MONTH, 'operations-report.pdf', '--out', out], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`--out ${out} cannot be written`);
    }
    expect(await exports()).toBe(before);

    // an existing file is replaced only by the document
    const out = join(dir, 'staff.xlsx');
    writeFileSync(out, 'old content that is longer than nothing at all, to be replaced');
    const got = await runCli(['report', 'get', MONTH, 'staff-report.xlsx', '--out', out], { env });
    expect(got.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(got.stdout).toContain(`${readFileSync(out).length} bytes`);

    // the report's due instant in Shanghai time (the API's ISO instant with --json)
    const submitted = await runCli(['report', 'submit', MONTH, 'self_assessment'], { env });
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toContain('due        2026-12-10 00:00 +08:00');
    expect(submitted.stdout).toMatch(/submitted {2}\d{4}-\d\d-\d\d \d\d:\d\d \+08:00 by /);
    expect(submitted.stdout).not.toContain('T16:00:00');
  });
});
