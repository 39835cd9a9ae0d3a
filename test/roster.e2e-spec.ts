/**
 * Roster end to end, against the built API (`npm run build` first), a database and a Redis key prefix of the
 * test's own (BullMQ's queues included): start a planning job, follow its progress, fetch the stored draft, edit a
 * cell, publish, export the notice-board xlsx and import it back.
 */
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { launchChromium, signInThroughForm } from './support/browser';
import { type Stack, createStack } from './support/stack';
import { smallPlan } from './support/roster-plan';

jest.setTimeout(300_000);

interface Version {
  id: number;
  version: number;
  status: string;
  source: string;
  basedOnId: number | null;
  revision: number;
  summary: { connectRate: number; contractConnectRate: number; violations: number };
  roster: { startDate: string; days: number; rows: { agentId: string; cells: (string | null)[] }[]; training: unknown[] };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The test's planning request (7 days from 2025-11-03, 8 s). */
const plan = () => smallPlan('e2e', '2025-11-03', 8);

describe('roster over HTTP', () => {
  let stack: Stack;
  let browser: Browser | undefined;
  const send = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T }> => {
    const res = await stack.fetch(`${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : new Blob([body as Uint8Array<ArrayBuffer>]),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };

  beforeAll(async () => {
    stack = await createStack('roster');
    await stack.startApi();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('plans, edits, publishes, exports and imports a roster', async () => {
    // A bad request names the field.
    const bad = await send<{ statusCode: number; field: string }>('POST', '/api/roster/plans', { ...plan(), agents: [{ id: 'a', name: 'A', seatShare: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('agents.0.seatShare');
    const inconsistent = await send<{ field: string; message: string }>('POST', '/api/roster/plans', { ...plan(), locks: [{ agentId: 'z', date: '2025-11-03', code: null }] });
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.body.field).toBe('locks.0.agentId');
    // Unknown or misspelt fields are refused, not ignored (a typo must not drop a protection).
    const typo = await send<{ field: string }>('POST', '/api/roster/plans', { ...plan(), agents: [{ id: 'a', name: 'A', pregnant: true }] });
    expect(typo.status).toBe(400);
    expect(typo.body.field).toBe('agents.0.pregnant');
    const tooLong = await send<{ field: string }>('POST', '/api/roster/plans', { ...plan(), timeLimitSeconds: 86_400 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.field).toBe('timeLimitSeconds');
    // The background budget above the server's is refused the same way, not silently cut down (default cap 600 s).
    const tooMuchImprove = await send<{ field: string; message: string }>('POST', '/api/roster/plans', { ...plan(), improveSeconds: 601 });
    expect(tooMuchImprove.status).toBe(400);
    expect(tooMuchImprove.body).toMatchObject({ field: 'improveSeconds', message: expect.stringMatching(/at most 600 s/) });
    const malformed = await stack.fetch(`/api/roster/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { field: string }).field).toBe('body');
    for (const id of ['99999999999', '2147483648', '1e3', '0x10', '0']) expect((await stack.getJson(`/api/roster/versions/${id}`)).status).toBe(400);
    const neither = await send<{ field: string }>('POST', '/api/roster/evaluate', {});
    expect(neither.status).toBe(400);
    expect(neither.body.field).toBe('problem');

    // A forecast from the ledger needs history: this database has none.
    const noHistory = await send<{ statusCode: number; code: string }>('POST', '/api/roster/plans', { ...plan(), forecast: { source: 'ledger' } });
    expect(noHistory.status).toBe(422);
    expect(noHistory.body.code).toBe('insufficient_history');

    // Start the job; the same request again is the same job.
    const started = await send<{ jobId: string; state: string }>('POST', '/api/roster/plans', plan());
    expect(started.status).toBe(202);
    const again = await send<{ jobId: string }>('POST', '/api/roster/plans', plan());
    expect(again.body.jobId).toBe(started.body.jobId);

    // Follow it to the end, seeing its progress on the way.
    const phases = new Set<string>();
    let job: { state: string; progress: { phase: string; fraction: number } | null; result: { versionId: number; violations: number } | null; failedReason: string | null };
    const deadline = Date.now() + 120_000;
    for (;;) {
      job = (await stack.getJson<typeof job>(`/api/roster/jobs/${started.body.jobId}`)).body;
      if (job.progress) phases.add(job.progress.phase);
      if (job.state === 'completed' || job.state === 'failed' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(job.failedReason).toBeNull();
    expect(job.state).toBe('completed');
    expect(phases.size).toBeGreaterThan(0);
    const versionId = job.result!.versionId;
    expect((await stack.getJson(`/api/roster/jobs/nope`)).status).toBe(404);

    // BullMQ keeps its keys under the stack's prefix.
    const redis = new Redis(stack.env.REDIS_URL);
    expect((await redis.keys(`${stack.prefix}bull:roster-planning:*`)).length).toBeGreaterThan(0);
    redis.disconnect();

    // The stored draft.
    const draft = (await stack.getJson<Version>(`/api/roster/versions/${versionId}`)).body;
    expect(draft).toMatchObject({ status: 'draft', source: 'plan', version: 1, revision: 0 });
    expect(draft.roster.rows).toHaveLength(5);
    const list = (await stack.getJson<{ id: number }[]>('/api/roster/versions?startDate=2025-11-03')).body;
    expect(list.map((v) => v.id)).toEqual([versionId]);

    // Edit a cell: revision moves on, the summary is re-evaluated; stale revisions and unknown codes are refused.
    const before = draft.roster.rows[1].cells[0];
    const code = before === '08-16' ? '10-18' : '08-16';
    expect((await send<{ field: string }>('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId: 'a', date: '2025-11-03', code, revison: 0 })).body.field).toBe('revison');
    const edited = await send<Version>('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId: 'a', date: '2025-11-03', code, revision: 0 });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(1);
    expect(edited.body.roster.rows[1].cells[0]).toBe(code);
    expect((await send('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId: 'a', date: '2025-11-03', code: null, revision: 0 })).status).toBe(409);
    const badCode = await send<{ field: string }>('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId: 'a', date: '2025-11-03', code: 'XX' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.field).toBe('code');

    // Evaluate it.
    const evaluation = await send<{ intervals: unknown[]; total: { connectRate: number }; violations: unknown[] }>('POST', '/api/roster/evaluate', { versionId });
    expect(evaluation.status).toBe(200);
    expect(evaluation.body.intervals).toHaveLength(7 * 48);
    expect(evaluation.body.total.connectRate).toBeCloseTo(edited.body.summary.connectRate, 9);

    // Publish: a roster that breaks rules is refused unless the planner accepts it; then it can no longer be edited.
    let published = await send<Version & { code: string }>('POST', `/api/roster/versions/${versionId}/publish`, { revision: 1 });
    if (edited.body.summary.violations > 0) {
      expect(published.status).toBe(409);
      expect(published.body.code).toBe('rules_broken');
      published = await send<Version & { code: string }>('POST', `/api/roster/versions/${versionId}/publish`, { revision: 1, acceptViolations: true });
    }
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await send('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId: 'a', date: '2025-11-03', code: null })).status).toBe(409);

    // Export the notice board.
    const res = await stack.fetch(`/api/roster/versions/${versionId}/export.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('排班表')!;
    expect(sheet.getCell('A4').value).toBe('a');
    expect(sheet.getCell('C4').value).toBe(code);
    expect(book.getWorksheet('培训')).toBeDefined();

    // A planner changes a cell on the sheet and imports it back: a new draft based on the published version.
    sheet.getCell('D4').value = '休';
    // Typed by hand, "08-16" becomes 16 August in Excel: it still reads as the shift 08-16.
    sheet.getCell('E4').value = new Date(Date.UTC(2026, 7, 16));
    sheet.getCell('E4').numFmt = 'm"月"d"日"';
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const imported = await send<Version>('POST', `/api/roster/versions/${versionId}/import`, bytes, XLSX);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ status: 'draft', source: 'import', basedOnId: versionId, version: 2 });
    expect(imported.body.roster.rows[1].cells[0]).toBe(code);
    expect(imported.body.roster.rows[1].cells[1]).toBeNull();
    expect(imported.body.roster.rows[1].cells[2]).toBe('08-16');
    expect(imported.body.roster.training).toEqual(published.body.roster.training);

    // Without its 培训 sheet the workbook keeps the version's sessions.
    const noTraining = new ExcelJS.Workbook();
    await noTraining.xlsx.load(await (await stack.fetch(`/api/roster/versions/${versionId}/export.xlsx`)).arrayBuffer());
    noTraining.removeWorksheet(noTraining.getWorksheet('培训')!.id);
    const kept = await send<Version>('POST', `/api/roster/versions/${versionId}/import`, new Uint8Array(await noTraining.xlsx.writeBuffer()), XLSX);
    expect(kept.status).toBe(201);
    expect(kept.body.roster.training).toEqual(published.body.roster.training);
    expect((await send('DELETE', `/api/roster/versions/${kept.body.id}`)).status).toBe(204);

    // A code the problem does not know is refused, naming the cell.
    sheet.getCell('E5').value = 'ZZ';
    const wrong = await send<{ field: string }>('POST', `/api/roster/versions/${versionId}/import`, new Uint8Array(await book.xlsx.writeBuffer()), XLSX);
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('排班表!E5');
    // A stray value in the last column Excel has is named, not taken for a huge sheet.
    sheet.getCell('E5').value = null;
    sheet.getCell('XFD4').value = 'x';
    const stray = await send<{ field: string }>('POST', `/api/roster/versions/${versionId}/import`, new Uint8Array(await book.xlsx.writeBuffer()), XLSX);
    expect(stray.status).toBe(400);
    expect(stray.body.field).toBe('排班表!XFD4');
    expect((await send('POST', `/api/roster/versions/${versionId}/import`, new Uint8Array([1, 2, 3]), XLSX)).status).toBe(400);
    // Not sent as a workbook; a zip bomb (64 MB of zeros in a small file) is refused before anything is unpacked.
    expect((await send('POST', `/api/roster/versions/${versionId}/import`, bytes, 'application/octet-stream')).status).toBe(415);
    const bomb = zipSync({ '[Content_Types].xml': new Uint8Array(10), 'xl/worksheets/sheet1.xml': new Uint8Array(64 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = await send<{ code: string }>('POST', `/api/roster/versions/${versionId}/import`, bomb, XLSX);
    expect(refused.status).toBe(413);
    expect((await stack.getJson('/api/health')).status).toBe(200);

    // Another roster over the same days: publishing it asks to supersede the one in force.
    const spare = (await send<Version>('POST', `/api/roster/versions/${imported.body.id}/copy`)).body;
    expect(spare.status).toBe('draft');
    const otherPlan = await send<{ jobId: string }>('POST', '/api/roster/plans', { ...plan(), name: 'e2e other', timeLimitSeconds: 2 });
    let otherJob: { state: string; result: { versionId: number } | null };
    do {
      await new Promise((r) => setTimeout(r, 300));
      otherJob = (await stack.getJson<typeof otherJob>(`/api/roster/jobs/${otherPlan.body.jobId}`)).body;
    } while (otherJob.state !== 'completed' && otherJob.state !== 'failed');
    const otherId = otherJob.result!.versionId;
    const overlap = await send<{ code: string }>('POST', `/api/roster/versions/${otherId}/publish`, { acceptViolations: true });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('overlap');
    expect((await send<Version>('POST', `/api/roster/versions/${otherId}/publish`, { acceptViolations: true, replaceOverlapping: true })).status).toBe(200);
    expect((await stack.getJson<Version>(`/api/roster/versions/${versionId}`)).body.status).toBe('superseded');

    // Drafts can be deleted; what was posted cannot.
    expect((await send('DELETE', `/api/roster/versions/${spare.id}`)).status).toBe(204);
    expect((await stack.getJson(`/api/roster/versions/${spare.id}`)).status).toBe(404);
    expect((await send<{ code: string }>('DELETE', `/api/roster/versions/${versionId}`)).status).toBe(409);

    // A running job can be cancelled; the same request posted again runs again.
    const long = { ...plan(), name: 'e2e cancel', timeLimitSeconds: 120 };
    const running = (await send<{ jobId: string }>('POST', '/api/roster/plans', long)).body;
    let state = '';
    while (state !== 'active') {
      await new Promise((r) => setTimeout(r, 200));
      state = (await stack.getJson<{ state: string }>(`/api/roster/jobs/${running.jobId}`)).body.state;
    }
    expect((await send<{ state: string }>('DELETE', `/api/roster/jobs/${running.jobId}`)).body.state).toBe('cancelled');
    let cancelled: { state: string; failedReason: string | null };
    do {
      await new Promise((r) => setTimeout(r, 200));
      cancelled = (await stack.getJson<typeof cancelled>(`/api/roster/jobs/${running.jobId}`)).body;
    } while (cancelled.state === 'active');
    expect(cancelled).toMatchObject({ state: 'failed', failedReason: 'cancelled' });
    expect((await send<{ code: string }>('DELETE', `/api/roster/jobs/${running.jobId}`)).status).toBe(409);
    const rerun = (await send<{ jobId: string; state: string }>('POST', '/api/roster/plans', long)).body;
    expect(rerun.jobId).toBe(running.jobId);
    expect(['waiting', 'active']).toContain(rerun.state);
    expect((await send('DELETE', `/api/roster/jobs/${rerun.jobId}`)).status).toBe(200);
    expect((await stack.getJson<{ id: number }[]>('/api/roster/versions')).body.some((v) => v.id > otherId)).toBe(false);
  });

  it('edits the draft in the console: the predicted month connect rate follows each cell, in Chinese', async () => {
    // The draft imported above.
    const versions = (await stack.getJson<{ id: number; status: string; source: string }[]>('/api/roster/versions')).body;
    const draft = versions.find((v) => v.status === 'draft' && v.source === 'import')!;
    expect(draft).toBeDefined();
    const before = (await stack.getJson<Version>(`/api/roster/versions/${draft.id}`)).body;
    const working = before.roster.rows.filter((r) => r.cells[0] !== null).map((r) => r.agentId);
    expect(working.length).toBeGreaterThan(0);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const user = await stack.createUser(['planner']);
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    await page.goto(`${stack.baseUrl}/#/planner`);
    await page.getByTestId('tab-roster').click();
    await page.getByTestId('roster-version').selectOption(String(draft.id));
    const rate = page.getByTestId('roster-rate');
    // The browser's own evaluation of the draft shows the server's figure.
    await rate.filter({ hasText: `${(before.summary.contractConnectRate * 100).toFixed(2)}%` }).waitFor();
    const shown = async (): Promise<number> => Number((await rate.textContent())!.replace('%', ''));
    const rateBefore = await shown();

    // Send everyone home on the first day: the rate drops at once, and "nobody on duty" is reported.
    for (const agentId of working) {
      // The grid is read-only while the previous edit is being saved (a click then opens nothing): click until the
      // cell's picker opens.
      const cell = page.getByTestId(`cell-${agentId}-0`);
      const picker = cell.locator('select');
      for (let attempt = 0; attempt < 30 && !(await picker.isVisible()); attempt++) {
        await cell.click();
        await picker.waitFor({ timeout: 1000 }).catch(() => undefined);
      }
      await picker.selectOption('');
      await expect(page.getByTestId(`cell-${agentId}-0`).textContent()).resolves.toBe('休');
    }
    expect(await shown()).toBeLessThan(rateBefore - 1);
    await page.getByTestId('roster-violations').getByText('无人值守').first().waitFor();

    // Each edit was saved: the server's evaluation of the stored draft is the rate the page shows.
    let saved: Version;
    for (;;) {
      saved = (await stack.getJson<Version>(`/api/roster/versions/${draft.id}`)).body;
      if (saved.revision === before.revision + working.length) break;
      await page.waitForTimeout(200);
    }
    expect(saved.roster.rows.every((r) => r.cells[0] === null)).toBe(true);
    const text = await rate.textContent();
    expect(text).toBe(`${(saved.summary.contractConnectRate * 100).toFixed(2)}%`);

    // Planning from a ledger with no calls is refused in the planner's language, not the server's.
    await page.getByTestId('roster-new').click();
    await page.getByTestId('roster-plan-submit').click();
    await page.getByTestId('roster-error').filter({ hasText: '话务记录中还没有来电' }).waitFor();

    // The page fits one 1920x1080 screen.
    const overflow = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(overflow.w).toBeLessThanOrEqual(1920);
    expect(overflow.h).toBeLessThanOrEqual(1080);
  });
});
