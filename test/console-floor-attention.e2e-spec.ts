/**
 * Issue 15, the floor a shift lead acts on (需要处理), in a browser: canonical events pushed on the feed's stream
 * build, one after the other, a published roster with an agent who never signs in (A9), a caller waiting past the
 * threshold, an agent paused too long and a bad half-hour (6 of 10 connected). Each appears in the attention list
 * with its rule; the lead acknowledges one through the page (audited with her as author; it stays listed, marked);
 * then each condition is resolved through the feed and its alert leaves the list. The agents table lists the
 * planned absent agent with its shift, its counts agree with its rows, and the half-hour is red on the chart. The
 * lead changes a threshold in the settings dialog. Finally the API process is killed: the floor greys out under
 * 数据已中断 mm:ss within 5 s. Every answer of the floor's endpoints is parsed with its contract schema.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { FloorAlert, FloorAttention, FloorSettingsView, type AuditPage, type PlanStarted, type RosterJob, type VersionDetail } from '@hotline/contracts';
import { browserProfiles, launchChromium, signInThroughForm } from './support/browser';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(240_000);

const ZONE_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no daylight saving
const HALF_HOUR = 30 * 60_000;

describe('the live floor: needs attention now', () => {
  let stack: Stack;
  let browser: Browser;
  let manager: ApiClient;
  let auditor: ApiClient;
  const profiles = browserProfiles(() => browser);
  let seq = 0;

  /** Canonical events on the stream the ledger reads (as a feed adapter writes them). */
  async function feed(events: Record<string, unknown>[]): Promise<void> {
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      for (const e of events) await redis.xadd(`${stack.prefix}events`, '*', 'type', String(e.type), 'event', JSON.stringify({ source: 'floor-e2e', ...e }));
    } finally {
      redis.disconnect();
    }
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const state = (agentId: string, s: string, at: number, reason?: string) => ({
    eventId: `st-${agentId}-${s}-${at}-${++seq}`, callId: null, ts: iso(at), type: 'agent.state', agentId, state: s, ...(reason ? { reason } : {}),
  });
  /** A call offered at `at`: answered by `agentId` after 2 s and ended after 30 s talk, or abandoned in queue after 5 s. */
  const call = (id: string, at: number, agentId: string | null) => [
    { eventId: `${id}-o`, callId: id, ts: iso(at), type: 'call.offered' },
    { eventId: `${id}-q`, callId: id, ts: iso(at), type: 'queue.entered', queue: 'main' },
    ...(agentId
      ? [
          { eventId: `${id}-a`, callId: id, ts: iso(at + 2000), type: 'agent.answered', agentId, waitSeconds: 2, queue: 'main' },
          { eventId: `${id}-e`, callId: id, ts: iso(at + 32_000), type: 'call.ended', agentId, talkSeconds: 30, endedBy: 'caller' },
        ]
      : [{ eventId: `${id}-x`, callId: id, ts: iso(at + 5000), type: 'call.abandoned', where: 'queue', reason: 'hangup', waitSeconds: 5, queue: 'main' }]),
  ];

  /**
   * Back-dated events followed by a fresh one (A1 ready now): the feed's clock is its newest event, run on with the
   * wall clock, so a batch of past events alone would hold it back (a caller 45 s in queue would look younger).
   */
  const feedPast = (events: Record<string, unknown>[]) => feed([...events, state('A1', 'ready', Date.now())]);

  /** The attention items listed now: rule and subject of each. */
  const items = (page: Page) =>
    page.locator('[data-testid="attention-item"]').evaluateAll((els) => els.map((e) => ({ rule: e.getAttribute('data-rule'), subject: e.getAttribute('data-subject'), text: e.textContent ?? '' })));
  /** Waits until an item of `rule` (and subject) is listed (`present`) or not. */
  async function waitItem(page: Page, rule: string, present: boolean, subject?: string): Promise<void> {
    const selector = `[data-testid="attention-item"][data-rule="${rule}"]${subject ? `[data-subject="${subject}"]` : ''}`;
    await page.locator(selector).first().waitFor({ state: present ? 'visible' : 'detached', timeout: 40_000 });
  }

  beforeAll(async () => {
    stack = await createStack('floor_attention');
    await stack.startApi();
    browser = await launchChromium();
    [manager, auditor] = await Promise.all([stack.signIn(['manager']), stack.signIn(['auditor'])]);
  });

  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  it('thresholds are settings: read by the floor, written by a manager (bounded, audited), refused to an agent', async () => {
    const agent = await stack.signIn(['agent'], { agentId: 'A7' });
    const read = await agent.get('/api/floor/settings');
    expect(FloorSettingsView.parse(read.body)).toEqual({ settings: expect.objectContaining({ waitSeconds: 60, pausedMinutes: 15 }), updatedAt: null, updatedBy: null });
    const body = { minRequests: 5, criticalGapPoints: 10, waitSeconds: 30, pausedMinutes: 1, wrapSeconds: 120, adherenceGraceMinutes: 0, sourceSilentMinutes: 10 };
    expect((await agent.send('PUT', '/api/floor/settings', body)).status).toBe(403);
    const bad = await manager.send<{ field: string }>('PUT', '/api/floor/settings', { ...body, waitSeconds: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('waitSeconds');
    const saved = await manager.send<FloorSettingsView>('PUT', '/api/floor/settings', body);
    expect(saved.status).toBe(200);
    expect(FloorSettingsView.parse(saved.body)).toMatchObject({ settings: body, updatedBy: manager.login });
    expect(FloorSettingsView.parse((await agent.get('/api/floor/settings')).body).settings).toEqual(body);
    const trail = await auditor.get<AuditPage>('/api/audit?action=floorSettingsPut&limit=5');
    expect(trail.body.entries[0]).toMatchObject({ actorLogin: manager.login, outcome: 'ok', target: 'floor-settings' });
  });

  it('lists a bad half-hour, a long wait, a long pause and an absent rostered agent; each leaves when resolved; ack is audited; a dead API greys the floor', async () => {
    // the bad half-hour's calls start a minute ago inside the current half-hour (Shanghai intervals fall on UTC
    // half-hours: +8 h): in its first 90 s, wait until there is such a minute
    const into = Date.now() % HALF_HOUR;
    if (into < 90_000) await new Promise((r) => setTimeout(r, 90_000 - into));
    const now = Date.now();
    const t0 = now - 60_000;
    const localNow = new Date(now + ZONE_OFFSET_MS);
    const today = localNow.toISOString().slice(0, 10);
    const localMinutes = localNow.getUTCHours() * 60 + localNow.getUTCMinutes();
    const startMinute = Math.max(0, Math.floor((localMinutes - 60) / 30) * 30);
    const shiftStart = `${String(Math.floor(startMinute / 60)).padStart(2, '0')}:${String(startMinute % 60).padStart(2, '0')}`;

    // thresholds for a short test: wait 30 s, pause 1 min, 5 requests, no sign-in grace
    const thresholds = { minRequests: 5, criticalGapPoints: 10, waitSeconds: 30, pausedMinutes: 1, wrapSeconds: 120, adherenceGraceMinutes: 0, sourceSilentMinutes: 10 };
    expect((await manager.send('PUT', '/api/floor/settings', thresholds)).status).toBe(200);
    // A1 and A2 signed in; A9 (rostered) never does
    await feedPast([state('A1', 'ready', now - 10 * 60_000), state('A2', 'ready', now - 10 * 60_000)]);

    // a published roster for today: A1, A2 and A9 on a shift that began up to 90 minutes ago
    const started = await manager.send<PlanStarted>('POST', '/api/roster/plans', {
      name: 'floor-e2e', startDate: today, days: 1,
      agents: [{ id: 'A1', name: '坐席一' }, { id: 'A2', name: '坐席二' }, { id: 'A9', name: '坐席九' }],
      templates: [{ code: 'NOW', start: shiftStart, durationMinutes: 480 }],
      forecast: { source: 'given', offered: Array.from({ length: 48 }, () => 2), ahtSeconds: 180, patienceSeconds: 300 },
      training: null, ledger: null, timeLimitSeconds: 5,
    });
    if (started.status !== 202) throw new Error(`planning refused: ${JSON.stringify(started.body)}`);
    let job: RosterJob | undefined;
    for (let i = 0; i < 120 && job?.state !== 'completed'; i++) {
      job = (await manager.get<RosterJob>(`/api/roster/jobs/${started.body.jobId}`)).body;
      if (job.state === 'failed') throw new Error(`planning failed: ${job.failedReason}`);
      if (job.state !== 'completed') await new Promise((r) => setTimeout(r, 500));
    }
    const versionId = job!.result!.versionId;
    let version = (await manager.get<VersionDetail>(`/api/roster/versions/${versionId}`)).body;
    for (const agentId of ['A1', 'A2', 'A9']) {
      const edited = await manager.send<VersionDetail>('PATCH', `/api/roster/versions/${versionId}/cells`, { agentId, date: today, code: 'NOW', revision: version.revision });
      expect(edited.status).toBe(200);
      version = edited.body;
    }
    const published = await manager.send<VersionDetail>('POST', `/api/roster/versions/${versionId}/publish`, { acceptViolations: true, replaceOverlapping: true, revision: version.revision });
    expect(published.status).toBe(200);

    const lead = await stack.createUser(['shift_lead'], { displayName: '王班长' });
    const page = await profiles.newPage();
    await signInThroughForm(page, stack.baseUrl, lead.login, lead.password);
    await page.getByTestId('floor').waitFor();
    await page.getByTestId('attention').waitFor();

    // 1. the roster: A9 is due and not signed in
    await waitItem(page, 'roster-short', true);
    const roster = (await items(page)).find((i) => i.rule === 'roster-short')!;
    expect(roster.text).toContain('在岗人数少于排班');
    expect(roster.text).toContain('A9');
    expect(roster.text).toContain('在岗 2 人，排班 3 人');
    const a9 = page.locator('[data-testid="agent-row"][data-agent="A9"]');
    await expect(a9.getAttribute('data-state')).resolves.toBe('logout');
    await expect(a9.textContent()).resolves.toContain('NOW');

    // 2. a caller waiting 45 s (threshold 30 s)
    await feedPast([
      { eventId: 'w1-o', callId: 'w1', ts: iso(Date.now() - 45_000), type: 'call.offered' },
      { eventId: 'w1-q', callId: 'w1', ts: iso(Date.now() - 45_000), type: 'queue.entered', queue: 'main' },
    ]);
    await waitItem(page, 'caller-waiting', true, 'w1');
    expect((await items(page)).find((i) => i.rule === 'caller-waiting')!.text).toContain('来电等待过久');

    // 3. A2 paused 90 s ago (threshold 1 min)
    await feedPast([state('A2', 'paused', Date.now() - 90_000, '午餐')]);
    await waitItem(page, 'agent-paused', true, 'A2');
    const a2 = page.locator('[data-testid="agent-row"][data-agent="A2"]');
    await expect(a2.getAttribute('data-state')).resolves.toBe('paused');
    await expect(a2.textContent()).resolves.toContain('午餐');
    // the duration counts (mm:ss, 1:30 or more)
    await page.waitForFunction(() => {
      const cell = document.querySelector('[data-testid="agent-row"][data-agent="A2"] [data-testid="agent-duration"]')?.textContent ?? '';
      const m = /^(\d+):(\d\d)$/.exec(cell);
      return m !== null && Number(m[1]) * 60 + Number(m[2]) >= 90;
    });

    // 4. a bad half-hour: 6 of 10 connected in the current interval
    const bad: Record<string, unknown>[] = [];
    for (let i = 0; i < 10; i++) bad.push(...call(`bad-${i}`, t0 + i * 100, i < 6 ? 'A1' : null));
    await feedPast(bad);
    await waitItem(page, 'interval-below-target', true);
    // the ten calls may reach the engine in more than one ledger batch: the item shows up at the first batch that
    // counts 5 requests below target (e.g. 6 of 7) and then follows the later ones
    await page.waitForFunction(() => document.querySelector('[data-testid="attention-item"][data-rule="interval-below-target"]')?.textContent?.includes('60.00%'), null, { timeout: 40_000 })
      .catch(() => undefined); // the assertion below then shows what is listed
    const interval = (await items(page)).find((i) => i.rule === 'interval-below-target')!;
    expect(interval.text).toContain('时段接通率低于目标');
    expect(interval.text).toContain('60.00%');
    expect(interval.text).toContain('90.00%');
    const label = new Date(Math.floor(t0 / HALF_HOUR) * HALF_HOUR + ZONE_OFFSET_MS).toISOString().slice(11, 16);
    await expect(page.getByTestId('interval-chart').getAttribute('data-below')).resolves.toContain(label);

    // the counts agree with the rows of the agents table
    const agreement = await page.evaluate(() => {
      const counts = ['busy', 'wrap', 'ready', 'paused', 'logout'].map((s) => Number(document.querySelector(`[data-testid="agents-${s}"] .n`)?.textContent ?? 'NaN'));
      const rows = document.querySelectorAll('[data-testid="agent-row"]').length;
      return { sum: counts.reduce((a, b) => a + b, 0), rows };
    });
    expect(agreement.sum).toBe(agreement.rows);
    expect(agreement.rows).toBe(3);

    // the four rules are listed at once, in the page and in the API's answer (ranked: critical first)
    const rules = new Set(['roster-short', 'caller-waiting', 'agent-paused', 'interval-below-target']);
    expect(new Set((await items(page)).map((i) => i.rule))).toEqual(rules);
    if (process.env.FLOOR_SCREENSHOTS) await page.screenshot({ path: join(process.env.FLOOR_SCREENSHOTS, 'floor-attention.png') });
    const leadApi = await stack.signIn(['shift_lead']);
    const listed = FloorAttention.parse((await leadApi.get('/api/floor/attention')).body);
    expect(new Set(listed.alerts.map((a) => a.rule))).toEqual(rules);
    expect(listed.roster?.planned.map((p) => p.agentId).sort()).toEqual(['A1', 'A2', 'A9']);
    const severities = listed.alerts.map((a) => a.severity);
    expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'critical' ? -1 : 1)));

    // acknowledge the pause: it stays listed, marked with who acknowledged; the trail has the lead as author
    const pausedItem = page.locator('[data-testid="attention-item"][data-rule="agent-paused"]');
    const alertId = (await pausedItem.getAttribute('data-alert-id'))!;
    const answered = page.waitForResponse((r) => r.url().includes('/api/floor/alerts/') && r.request().method() === 'POST');
    await pausedItem.getByTestId('attention-ack').click();
    const ackAnswer = await answered;
    expect(ackAnswer.status()).toBe(200);
    expect(FloorAlert.parse(await ackAnswer.json())).toMatchObject({ id: alertId, ack: { by: lead.login, byName: '王班长' } });
    await pausedItem.getByTestId('attention-acked').waitFor({ timeout: 15_000 });
    await expect(pausedItem.getByTestId('attention-acked').textContent()).resolves.toContain('王班长');
    const trail = await auditor.get<AuditPage>('/api/audit?action=floorAlertAck&limit=5');
    expect(trail.body.entries[0]).toMatchObject({ actorLogin: lead.login, outcome: 'ok', target: `floor-alert:${alertId}` });
    // an alert not listed cannot be acknowledged; an agent cannot acknowledge
    const agentApi = await stack.signIn(['agent'], { agentId: 'A1' });
    expect((await agentApi.send('POST', `/api/floor/alerts/${encodeURIComponent(alertId)}/ack`, {})).status).toBe(403);
    expect((await leadApi.send('POST', `/api/floor/alerts/${encodeURIComponent('caller-waiting:nope')}/ack`, {})).status).toBe(404);
    expect((await leadApi.send<{ field: string }>('POST', `/api/floor/alerts/${encodeURIComponent(alertId)}/ack`, { note: 1 })).status).toBe(400);

    // resolve each: A9 signs in, w1 is answered, A2 is back, 30 more answered calls lift the half-hour to 90%
    await feed([state('A9', 'ready', Date.now())]);
    await waitItem(page, 'roster-short', false);
    await feed([
      { eventId: 'w1-a', callId: 'w1', ts: iso(Date.now()), type: 'agent.answered', agentId: 'A1', waitSeconds: 45, queue: 'main' },
    ]);
    await waitItem(page, 'caller-waiting', false);
    await feed([state('A2', 'ready', Date.now())]);
    await waitItem(page, 'agent-paused', false);
    // its acknowledgement goes with it (once the API is past its start-up grace, when acknowledgements are all kept)
    let acks: unknown[] = [{}];
    for (let i = 0; i < 90 && acks.length; i++) {
      acks = (await stack.db.query('SELECT "alertId" FROM "FloorAlertAck"')).rows;
      if (acks.length) await new Promise((r) => setTimeout(r, 500));
    }
    expect(acks).toEqual([]);
    const good: Record<string, unknown>[] = [];
    for (let i = 0; i < 30; i++) good.push(...call(`good-${i}`, t0 + 2000 + i * 100, 'A9'));
    await feed([...good, state('A9', 'ready', Date.now())]);
    await waitItem(page, 'interval-below-target', false);
    expect(await items(page)).toEqual([]);
    await page.getByTestId('attention-none').waitFor();

    // the floor fits one 1920x1080 screen
    const overflow = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(overflow.w).toBeLessThanOrEqual(1920);
    expect(overflow.h).toBeLessThanOrEqual(1080);

    // the lead changes a threshold in the floor's settings dialog (floor.configure)
    await page.getByTestId('floor-settings').click();
    const waitInput = page.locator('[data-testid="floor-setting-waitSeconds"] input');
    await waitInput.waitFor();
    await expect(waitInput.inputValue()).resolves.toBe('30');
    await waitInput.fill('45');
    await waitInput.press('Tab');
    await page.getByTestId('floor-settings-save').click();
    await page.getByText('阈值已保存').waitFor();
    expect(FloorSettingsView.parse((await leadApi.get('/api/floor/settings')).body)).toMatchObject({ settings: { waitSeconds: 45, pausedMinutes: 1 }, updatedBy: lead.login });

    // the API dies: within 5 s the floor is greyed under the counting banner
    await expect(page.getByTestId('floor').getAttribute('data-stale')).resolves.toBe('false');
    await stack.killApi('SIGKILL');
    await page.locator('[data-testid="floor"][data-stale="true"]').waitFor({ timeout: 5000 });
    await expect(page.getByTestId('stale-banner').textContent()).resolves.toMatch(/^数据已中断 \d+:\d\d$/);
    if (process.env.FLOOR_SCREENSHOTS) await page.screenshot({ path: join(process.env.FLOOR_SCREENSHOTS, 'floor-stale.png') });
    const grey = await page.locator('.day').evaluate((el) => getComputedStyle(el).filter);
    expect(grey).toContain('grayscale');
  });
});
