/**
 * Issue 13, repairing dead letters: two bad entries on the live stream (an event whose category holds a NUL, a line
 * that is not JSON) become dead letters. A manager reads one's raw line (a reason, audited), re-queues the corrected
 * events: the call is in the ledger, the letter is `requeued` with the event ids, the audit trail has the re-queue
 * without the caller's number; a second re-queue is 409, a shift lead 403, a bad event 400 naming its field path with
 * nothing added; the other letter is discarded.
 */
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { DeadLetterView, RequeuedDeadLetter, type AuditPage, type CallsPage, type KpiReport, type UnmaskedDeadLetter } from '@hotline/contracts';
import { browserProfiles, launchChromium } from './support/browser';
import { createStack, type ApiClient, type Stack } from './support/stack';

/**
 * Opens the nav's 系统 menu and clicks its 死信 entry. The menu opens on hover; on a loaded machine the first hover can
 * come before the menu listens, so the mouse leaves and hovers again until the entry shows (up to 20 s).
 */
async function openDeadLetters(page: Page): Promise<void> {
  const link = page.getByTestId('nav-dead-letters');
  for (let i = 0; i < 20 && !(await link.isVisible()); i++) {
    await page.mouse.move(0, 500);
    await page.getByTestId('nav-group-system').hover();
    await link.waitFor({ state: 'visible', timeout: 1000 }).catch(() => undefined);
  }
  await link.click();
}

const DAY = '2026-11-30';
const CALLER = '13812345678';

describe('dead-letter repair', () => {
  let stack: Stack;
  let manager: ApiClient;
  let lead: ApiClient;
  let auditor: ApiClient;
  let browser: Browser | undefined;
  const profiles = browserProfiles(() => browser!);

  beforeAll(async () => {
    stack = await createStack('dlrepair');
    await stack.startApi();
    [manager, lead, auditor] = await Promise.all([stack.signIn(['manager']), stack.signIn(['shift_lead']), stack.signIn(['auditor'])]);
  });
  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  /** A browser page signed in with the client's session (its cookie), on the console's first page. */
  async function pageOf(client: ApiClient): Promise<Page> {
    const page = await profiles.newPage();
    const eq = client.cookie.indexOf('=');
    const [name, value] = [client.cookie.slice(0, eq), client.cookie.slice(eq + 1)];
    await page.context().addCookies([{ name, value, url: stack.baseUrl }]);
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId('nav').waitFor();
    return page;
  }

  /** Adds raw `event` fields to the live stream, as a feed would. */
  async function addToStream(...events: string[]): Promise<void> {
    const redis = new Redis(stack.env.REDIS_URL);
    for (const e of events) await redis.xadd(`${stack.prefix}events`, '*', 'event', e);
    redis.disconnect();
  }

  /** Waits until `n` dead letters are open. */
  async function openLetters(n: number): Promise<DeadLetterView[]> {
    let open: DeadLetterView[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && open.length < n; ) {
      open = await letters('open');
      if (open.length < n) await new Promise((r) => setTimeout(r, 200));
    }
    expect(open).toHaveLength(n);
    return open;
  }

  /** The dead letters of a status, newest first. */
  const letters = async (status?: string) => {
    const res = await manager.get(`/api/dead-letters${status ? `?status=${status}` : ''}`);
    expect(res.status).toBe(200);
    return DeadLetterView.array().parse(res.body);
  };
  const callsOfDay = async () => (await manager.get<CallsPage>(`/api/calls?date=${DAY}`)).body.calls;

  it('re-queues a corrected event into the ledger, refuses what it must, and discards', async () => {
    const ts = `${DAY}T02:00:00.000Z`;
    const bad = { eventId: 'dl-1:offered', callId: 'dl-1', ts, source: 'bank', type: 'call.offered', callerId: CALLER, category: 'licence\u0000renewal' };
    await addToStream(JSON.stringify(bad), '{"eventId": "dl-2", truncated');

    // both become dead letters (masked), open
    const open = await openLetters(2);
    expect(JSON.stringify(open)).not.toContain(CALLER);
    const nul = open.find((d) => /NUL/.test(d.reason))!;
    const notJson = open.find((d) => /not JSON/.test(d.reason))!;
    expect(nul).toMatchObject({ source: 'stream', status: 'open', resolvedAt: null, resolvedBy: null, requeuedEventIds: [], repairable: true });
    expect(notJson).toBeDefined();
    expect(await callsOfDay()).toEqual([]);

    // the raw line, for repair (a reason, audited)
    const raw = await manager.send<UnmaskedDeadLetter>('POST', `/api/dead-letters/${nul.id}/raw`, { reason: 'repair the NUL category' });
    expect(raw.status).toBe(200);
    const event = JSON.parse(raw.body.raw) as typeof bad;
    expect(event.callerId).toBe(CALLER);

    const fixed = { ...event, category: 'licence renewal' };
    const abandoned = { eventId: 'dl-1:abandoned', callId: 'dl-1', ts: `${DAY}T02:01:00.000Z`, source: 'bank', type: 'call.abandoned', where: 'queue', reason: 'hangup', waitSeconds: 60 };

    // only the manager repairs
    const denied = await lead.send('POST', `/api/dead-letters/${nul.id}/requeue`, { reason: 'fixed the category', events: [fixed] });
    expect(denied.status).toBe(403);
    expect((await lead.send('POST', `/api/dead-letters/${notJson.id}/discard`, { reason: 'garbage' })).status).toBe(403);

    // a bad event: 400 naming the field path, nothing added (the good event beside it neither)
    const invalid = await manager.send<{ field: string; message: string }>('POST', `/api/dead-letters/${nul.id}/requeue`, {
      reason: 'fixed the category', events: [{ ...fixed, eventId: 'dl-never', callId: 'dl-never' }, { ...abandoned, ts: '2026-11-30 02:01' }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.field).toBe('events.1.ts');
    const stillNul = await manager.send<{ field: string }>('POST', `/api/dead-letters/${nul.id}/requeue`, { reason: 'fixed', events: [event] });
    expect(stillNul.status).toBe(400);
    expect(stillNul.body.field).toBe('events.0.category');
    expect((await letters('open')).map((d) => d.id).sort()).toEqual([nul.id, notJson.id].sort());

    // the repair
    const done = await manager.send<RequeuedDeadLetter>('POST', `/api/dead-letters/${nul.id}/requeue`, { reason: `fixed the category of ${CALLER}`, events: [fixed, abandoned] });
    expect(done.status).toBe(200);
    RequeuedDeadLetter.parse(done.body);
    expect(done.body.streamIds).toHaveLength(2);
    expect(done.body.deadLetter).toMatchObject({ id: nul.id, status: 'requeued', resolvedBy: manager.login, requeuedEventIds: ['dl-1:offered', 'dl-1:abandoned'] });
    expect(done.body.deadLetter.resolution).not.toContain(CALLER);
    await stack.waitForIdle(20_000);
    const calls = await callsOfDay();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ callId: 'dl-1', outcome: 'abandoned', category: 'licence renewal', caller: '138****5678' });
    const kpi = await manager.get<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    expect(kpi.body.requests).toBe(1);
    const requeued = await letters('requeued');
    expect(requeued.map((d) => d.id)).toEqual([nul.id]);
    expect(requeued[0].resolvedAt).not.toBeNull();

    // audited, without the caller's number
    const audit = await auditor.get<AuditPage>('/api/audit?action=deadLetters.requeue');
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({ actorLogin: manager.login, target: `deadLetter:${nul.id}`, outcome: 'ok' });
    expect(audit.body.entries[0].detail).toMatchObject({ eventIds: ['dl-1:offered', 'dl-1:abandoned'], count: 2 });
    const trail = await auditor.get<AuditPage>('/api/audit?limit=500');
    expect(JSON.stringify(trail.body)).not.toContain(CALLER);
    // no double audit by the generic write audit
    expect(trail.body.entries.filter((e) => e.action === 'requeueDeadLetter' && e.outcome === 'ok')).toEqual([]);

    // once only
    const again = await manager.send<{ code: string }>('POST', `/api/dead-letters/${nul.id}/requeue`, { reason: 'again', events: [{ ...fixed, eventId: 'dl-1:other' }] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('not_open');
    expect((await manager.send('POST', `/api/dead-letters/${nul.id}/discard`, { reason: 'too late' })).status).toBe(409);

    // an event id the ledger already holds would be dropped as a duplicate: refused, the letter stays open
    const clash = await manager.send<{ code: string; field: string }>('POST', `/api/dead-letters/${notJson.id}/requeue`, { reason: 'reuse', events: [fixed] });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'event_exists', field: 'events.0.eventId' });

    // discard the other
    const discarded = await manager.send<DeadLetterView>('POST', `/api/dead-letters/${notJson.id}/discard`, { reason: 'truncated test line' });
    expect(discarded.status).toBe(200);
    DeadLetterView.parse(discarded.body);
    expect(discarded.body).toMatchObject({ id: notJson.id, status: 'discarded', resolvedBy: manager.login, resolution: 'truncated test line' });
    expect((await letters('open'))).toEqual([]);
    expect((await letters('discarded')).map((d) => d.id)).toEqual([notJson.id]);
    expect((await manager.send('POST', `/api/dead-letters/${notJson.id}/discard`, { reason: 'twice' })).status).toBe(409);
    expect((await manager.get('/api/dead-letters?status=lost')).status).toBe(400);
    expect((await auditor.get<AuditPage>('/api/audit?action=deadLetters.discard')).body.entries).toHaveLength(1);
    expect(await callsOfDay()).toHaveLength(1);
  }, 60_000);

  it('repairs one on the console page (Chinese), without repair buttons for a shift lead', async () => {
    browser = await launchChromium();
    const number = '13912345678';
    const line = { eventId: 'dl-3:offered', callId: 'dl-3', ts: '2026-11-30 03:00:00', source: 'bank', type: 'call.offered', callerId: number };
    await addToStream(JSON.stringify(line));
    const [letter] = await openLetters(1);

    // a shift lead reads the page, with no repair button
    const leadPage = await pageOf(lead);
    await expect(leadPage.getByTestId('nav-dead-letters').textContent()).resolves.toBe('死信');
    await openDeadLetters(leadPage); // in the nav's 系统 menu
    await leadPage.getByTestId('dl-raw').first().waitFor();
    expect(await leadPage.getByTestId('dl-raw').count()).toBe(1);
    expect(await leadPage.getByTestId('dl-repair').count()).toBe(0);
    expect(await leadPage.content()).not.toContain(number);

    // the manager repairs it: raw shown with a reason, editor pre-filled, the contract's check, re-queue
    const page = await pageOf(manager);
    await openDeadLetters(page);
    await page.getByTestId('dl-repair').click();
    await page.getByTestId('dl-dialog').waitFor();
    await page.getByTestId('dl-raw-reason').fill('修复时间格式');
    await page.getByTestId('dl-show-raw').click();
    await expect(page.getByTestId('dl-raw-clear').textContent()).resolves.toContain(number);
    const editor = page.getByTestId('dl-editor');
    expect(JSON.parse(await editor.inputValue())).toEqual([line]);
    await expect(page.getByTestId('dl-issues').textContent()).resolves.toContain('events.0.ts');
    expect(await page.getByTestId('dl-requeue').isDisabled()).toBe(true);
    await editor.fill(JSON.stringify([{ ...line, ts: '2026-11-30T03:00:00.000Z' }], null, 2));
    await page.getByTestId('dl-valid').waitFor();
    await page.getByTestId('dl-resolution').fill('时间格式错误，已更正');
    await page.getByTestId('dl-requeue').click();
    await page.getByTestId('dl-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="dl-raw"]').length === 0);
    expect(await page.content()).not.toContain(number);

    const [after] = (await letters('requeued')).filter((d) => d.id === letter.id);
    expect(after).toMatchObject({ resolvedBy: manager.login, resolution: '时间格式错误，已更正', requeuedEventIds: ['dl-3:offered'] });
    await stack.waitForIdle(20_000);
    expect((await callsOfDay()).map((c) => c.callId).sort()).toEqual(['dl-1', 'dl-3']);
  }, 60_000);
});
