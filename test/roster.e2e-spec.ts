/**
 * Roster end to end, against the built API (`npm run build` first), a database and a Redis key prefix of the
 * test's own (BullMQ's queues included): start a planning job, follow its progress, fetch the stored draft, edit a
 * cell, publish, export the notice-board xlsx and import it back.
 */
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { type Stack, createStack } from './support/stack';

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

function plan() {
  const offered = Array.from({ length: 7 * 48 }, (_, t) => {
    const h = (t % 48) / 2;
    return h < 7 ? 1 : h < 20 ? 5 : 2;
  });
  return {
    name: 'e2e',
    startDate: '2025-11-03',
    days: 7,
    agents: [
      { id: 'm', name: '现场管理', floorManager: true, seatShare: 0.5, hourlyRate: '30.00' },
      { id: 'a', name: '话务员 A', hourlyRate: '25.00' },
      { id: 'b', name: '话务员 B', hourlyRate: '25.00' },
      { id: 'c', name: '话务员 C', hourlyRate: '25.00' },
      { id: 'd', name: '话务员 D', hourlyRate: '25.00' },
    ],
    forecast: { source: 'given', offered, ahtSeconds: 180, patienceSeconds: 300 },
    timeLimitSeconds: 8,
  };
}

describe('roster over HTTP', () => {
  let stack: Stack;
  let browser: Browser | undefined;
  const send = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
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
    expect(inconsistent.body.field).toBe('locks[0].agentId');

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

    // Publish: it can no longer be edited.
    const published = await send<Version>('POST', `/api/roster/versions/${versionId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await send('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId: 'a', date: '2025-11-03', code: null })).status).toBe(409);

    // Export the notice board.
    const res = await fetch(`${stack.baseUrl}/api/roster/versions/${versionId}/export.xlsx`);
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
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const imported = await send<Version>('POST', `/api/roster/versions/${versionId}/import`, bytes, XLSX);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ status: 'draft', source: 'import', basedOnId: versionId, version: 2 });
    expect(imported.body.roster.rows[1].cells[0]).toBe(code);
    expect(imported.body.roster.rows[1].cells[1]).toBeNull();
    expect(imported.body.roster.training).toEqual(published.body.roster.training);

    // A code the problem does not know is refused, naming the cell.
    sheet.getCell('E5').value = 'ZZ';
    const wrong = await send<{ field: string }>('POST', `/api/roster/versions/${versionId}/import`, new Uint8Array(await book.xlsx.writeBuffer()), XLSX);
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('排班表!E5');
    expect((await send('POST', `/api/roster/versions/${versionId}/import`, new Uint8Array([1, 2, 3]), XLSX)).status).toBe(400);
  });

  it('edits the draft in the console: the predicted month connect rate follows each cell, in Chinese', async () => {
    // The newest version is the draft imported above; its first day is worked by everyone but the leave.
    const versions = (await stack.getJson<{ id: number; status: string }[]>('/api/roster/versions')).body;
    const draft = versions[0];
    expect(draft.status).toBe('draft');
    const before = (await stack.getJson<Version>(`/api/roster/versions/${draft.id}`)).body;
    const working = before.roster.rows.filter((r) => r.cells[0] !== null).map((r) => r.agentId);
    expect(working.length).toBeGreaterThan(0);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${stack.baseUrl}/#/planner`);
    await page.getByTestId('tab-roster').click();
    const rate = page.getByTestId('roster-rate');
    await rate.filter({ hasText: /\d+\.\d\d%/ }).waitFor();
    const shown = async (): Promise<number> => Number((await rate.textContent())!.replace('%', ''));
    const rateBefore = await shown();
    expect(rateBefore).toBeCloseTo(before.summary.contractConnectRate * 100, 2);

    // Send everyone home on the first day: the rate drops at once, and "nobody on duty" is reported.
    for (const agentId of working) {
      await page.getByTestId(`cell-${agentId}-0`).click();
      await page.getByTestId(`cell-${agentId}-0`).locator('select').selectOption('');
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
