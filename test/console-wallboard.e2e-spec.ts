/**
 * Issue 15, the hall wallboard (大屏): a manager creates a wallboard token; a browser without a session opens the
 * wallboard with it at 1920x1080 and 3840x2160 (screenshots under test-results/wallboard/), finds the figures
 * present and large, no caller number or call id anywhere in the page or what it received (HTTP and socket), and
 * no control; the token opens nothing but the wallboard's snapshot and socket; revoked, it stops working at once
 * (HTTP, a socket already open, a new socket, the open page). Also the console's not-found page and its date picker
 * following the language.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import {
  API, ENDPOINTS, WALLBOARD_NAMESPACE, WALLBOARD_SOCKET_EVENTS, WallboardSnapshot, WallboardTokenCreated, WallboardTokenView, expressPath,
} from '@hotline/contracts';
import { hashPath, launchChromium, signInThroughForm } from './support/browser';
import { ROOT, createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(300_000);

/** Where the screenshots go (git-ignored). */
const OUTPUT = join(ROOT, 'test-results', 'wallboard');
/** The seeded callers (in clear on the feed): none may reach the wallboard. */
const CALLERS = ['13800138000', '13900139000', '13700137000', '13600136000', '13500135000'];
/** The seeded call ids (prefix `wbcall-`): none may reach the wallboard either. */
const CALL_PREFIX = 'wbcall-';

/** Every seeded caller number (in clear or masked as the console masks it) or call id found in a text. */
function leaks(text: string): string[] {
  return [
    ...CALLERS.filter((n) => text.includes(n) || text.includes(`${n.slice(0, 3)}****${n.slice(-4)}`)),
    ...(text.includes(CALL_PREFIX) ? [CALL_PREFIX] : []),
  ];
}

describe('the hall wallboard', () => {
  let stack: Stack;
  let browser: Browser;
  let manager: ApiClient;
  let admin: ApiClient;
  let lead: ApiClient;
  const sockets: Socket[] = [];

  /** Canonical events on the live stream, as a feed adapter writes them. */
  async function feed(events: Record<string, unknown>[]): Promise<void> {
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      for (const e of events) await redis.xadd(`${stack.prefix}events`, '*', 'type', String(e.type), 'event', JSON.stringify(e));
    } finally {
      redis.disconnect();
    }
  }
  const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const ev = (callId: string, n: string, msAgo: number, rest: Record<string, unknown>) => ({ eventId: `${callId}-${n}`, callId, ts: at(msAgo), source: 'wbtest', ...rest });

  /** A Socket.IO client of the API (no cookie unless given). */
  function connect(namespace: string, options: { token?: string; cookie?: string }): Socket {
    const socket = io(`${stack.baseUrl}${namespace}`, {
      path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false,
      ...(options.token ? { auth: { token: options.token } } : {}),
      ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
    });
    sockets.push(socket);
    return socket;
  }
  /** What a socket ends in: the first wallboard snapshot, or the handshake's refusal. */
  function outcome(socket: Socket): Promise<{ snapshot?: unknown; refused?: string }> {
    return new Promise((resolve) => {
      socket.once(WALLBOARD_SOCKET_EVENTS.snapshot.name, (snapshot: unknown) => resolve({ snapshot }));
      socket.once('connect_error', (error: Error) => resolve({ refused: error.message }));
      socket.once('disconnect', (reason: string) => resolve({ refused: `disconnected: ${reason}` }));
    });
  }
  const tokenGet = (path: string, token: string, method = 'GET') =>
    fetch(`${stack.baseUrl}${path}`, { method, headers: { 'x-wallboard-token': token, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) }, body: method === 'GET' ? undefined : '{}' });

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    stack = await createStack('wallboard');
    await stack.startApi();
    browser = await launchChromium();
    [manager, admin, lead] = await Promise.all([stack.signIn(['manager']), stack.signIn(['admin']), stack.signIn(['shift_lead'])]);
    // The floor: an answered call, a lost one, a caller waiting 90 s, a call in progress; a ready agent, a busy one,
    // one paused for 20 minutes with a pause reason holding a number. Every call has its caller's number in clear.
    await feed([
      { eventId: 'wb-s1', callId: null, ts: at(30 * 60_000), source: 'wbtest', type: 'agent.state', agentId: 'A01', state: 'ready' },
      { eventId: 'wb-s3', callId: null, ts: at(20 * 60_000), source: 'wbtest', type: 'agent.state', agentId: 'A03', state: 'paused', reason: `callback ${CALLERS[4]}` },
      ev(`${CALL_PREFIX}1`, 'o', 10 * 60_000, { type: 'call.offered', callerId: CALLERS[0] }),
      ev(`${CALL_PREFIX}1`, 'q', 10 * 60_000 - 1000, { type: 'queue.entered', queue: 'main' }),
      ev(`${CALL_PREFIX}1`, 'a', 10 * 60_000 - 21_000, { type: 'agent.answered', agentId: 'A01', waitSeconds: 20, queue: 'main' }),
      ev(`${CALL_PREFIX}1`, 'e', 8 * 60_000, { type: 'call.ended', agentId: 'A01', talkSeconds: 99, endedBy: 'caller' }),
      ev(`${CALL_PREFIX}2`, 'o', 6 * 60_000, { type: 'call.offered', callerId: CALLERS[1] }),
      ev(`${CALL_PREFIX}2`, 'q', 6 * 60_000 - 1000, { type: 'queue.entered', queue: 'main' }),
      ev(`${CALL_PREFIX}2`, 'l', 5 * 60_000, { type: 'call.abandoned', where: 'queue', reason: 'hangup', waitSeconds: 59, queue: 'main' }),
      ev(`${CALL_PREFIX}4`, 'o', 3 * 60_000, { type: 'call.offered', callerId: CALLERS[3] }),
      ev(`${CALL_PREFIX}4`, 'q', 3 * 60_000 - 1000, { type: 'queue.entered', queue: 'main' }),
      ev(`${CALL_PREFIX}4`, 'a', 3 * 60_000 - 10_000, { type: 'agent.answered', agentId: 'A02', waitSeconds: 9, queue: 'main' }),
      ev(`${CALL_PREFIX}3`, 'o', 90_000, { type: 'call.offered', callerId: CALLERS[2] }),
      ev(`${CALL_PREFIX}3`, 'q', 89_000, { type: 'queue.entered', queue: 'main' }),
      // the latest event sets the feed's clock: now
      { eventId: 'wb-s1b', callId: null, ts: at(1000), source: 'wbtest', type: 'agent.state', agentId: 'A01', state: 'ready' },
    ]);
    await stack.waitForIdle();
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await browser?.close();
    await stack?.stop();
  });

  let secret = '';
  let tokenId = 0;

  it('lets a manager or an administrator create tokens (audited, stored hashed), nobody else', async () => {
    const bad = await manager.send<{ field?: string }>('POST', API.createWallboardToken.path, { label: '过期', expiresAt: '2020-01-01T00:00:00Z' });
    expect([bad.status, bad.body.field]).toEqual([400, 'expiresAt']);
    expect((await manager.send<{ field?: string }>('POST', API.createWallboardToken.path, { label: '' })).status).toBe(400);
    expect((await lead.send('POST', API.createWallboardToken.path, { label: '班长' })).status).toBe(403);

    const created = await manager.send('POST', API.createWallboardToken.path, { label: '大厅 1 号屏' });
    expect(created.status).toBe(201);
    const body = WallboardTokenCreated.parse(created.body);
    expect(body.token).toMatchObject({ label: '大厅 1 号屏', state: 'active', createdBy: manager.login, expiresAt: null, revokedAt: null, hint: body.secret.slice(0, 7) });
    secret = body.secret;
    tokenId = body.token.id;
    const byAdmin = await admin.send('POST', API.createWallboardToken.path, { label: 'admin screen', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(byAdmin.status).toBe(201);

    const list = await manager.get(API.listWallboardTokens.path);
    expect(list.status).toBe(200);
    const tokens = WallboardTokenView.array().parse(list.body);
    expect(tokens.map((t) => t.label)).toEqual(['admin screen', '大厅 1 号屏']);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    // the database keeps the hash, never the token
    const { rows } = await stack.db.query<{ tokenHash: string }>('SELECT "tokenHash" FROM "WallboardToken" WHERE id = $1', [tokenId]);
    expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secret);
    // audited with the author, never the secret
    const audit = await stack.db.query<{ actorLogin: string; outcome: string; detail: unknown }>(`SELECT "actorLogin", outcome, detail FROM "AuditLog" WHERE target = $1`, [`wallboard-token:${tokenId}`]);
    expect(audit.rows.map((r) => [r.actorLogin, r.outcome])).toEqual([[manager.login, 'ok']]);
    expect(JSON.stringify(audit.rows)).not.toContain(secret);
  });

  it('answers the snapshot to the token only, without callers or call ids; the token opens nothing else', async () => {
    const res = await tokenGet(API.wallboardSnapshot.path, secret);
    expect(res.status).toBe(200);
    const text = await res.text();
    const board = WallboardSnapshot.parse(JSON.parse(text));
    expect(leaks(text)).toEqual([]);
    expect(board.callsWaiting).toBe(1);
    expect(board.longestWaitSeconds).toBeGreaterThanOrEqual(85);
    expect(board.agents.map((a) => [a.agentId, a.state])).toEqual([['A01', 'ready'], ['A02', 'busy'], ['A03', 'paused']]);
    expect(board.day.requests).toBeGreaterThanOrEqual(3);
    expect(board.day.belowTarget).toBe(true);
    expect(board.intervals.some((i) => i.belowTarget)).toBe(true);
    expect(board.attention?.map((a) => a.rule)).toEqual(expect.arrayContaining(['caller-waiting', 'agent-paused']));

    // without a token, a session alone, a wrong token
    const anonymous = await fetch(`${stack.baseUrl}${API.wallboardSnapshot.path}`);
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([401, 'unauthenticated']);
    expect((await manager.get(API.wallboardSnapshot.path)).status).toBe(403);
    const wrong = await tokenGet(API.wallboardSnapshot.path, `wb_${'A'.repeat(43)}`);
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([401, 'invalid_token']);

    // deny by default: with the token alone, every other route of the contract is refused
    const opened: string[] = [];
    for (const e of ENDPOINTS) {
      if (e.id === API.wallboardSnapshot.id || e.access === 'public') continue;
      const path = expressPath(e.path).replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? '1' : `x-${name}`));
      const answer = await tokenGet(path, secret, e.method);
      if (answer.status !== 401 && answer.status !== 403) opened.push(`${e.method} ${path}: ${answer.status}`);
    }
    expect(opened).toEqual([]);
    expect((await tokenGet(API.liveSnapshot.path, secret)).status).toBe(401);
    expect((await tokenGet(API.listWallboardTokens.path, secret)).status).toBe(401);

    // sockets: the token opens the wallboard namespace only; a session does not open it
    const board2 = await outcome(connect(WALLBOARD_NAMESPACE, { token: secret }));
    const pushed = WallboardSnapshot.parse(board2.snapshot);
    expect(leaks(JSON.stringify(board2.snapshot))).toEqual([]);
    expect(pushed.callsWaiting).toBe(1);
    expect(await outcome(connect('/', { token: secret }))).toEqual({ refused: 'unauthenticated' });
    expect(await outcome(connect(WALLBOARD_NAMESPACE, { cookie: manager.cookie }))).toEqual({ refused: 'unauthenticated' });
    expect(await outcome(connect(WALLBOARD_NAMESPACE, { token: `wb_${'B'.repeat(43)}` }))).toEqual({ refused: 'invalid_token' });
  });

  /** Opens the wallboard in a fresh profile (no session) at a size; collects what it received. */
  async function openWallboard(width: number, height: number): Promise<{ page: Page; received: string[] }> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`console script error: ${error.message}`));
    const received: string[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) void r.text().then((t) => received.push(t), () => undefined);
    });
    page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
    await page.goto(`${stack.baseUrl}/#/wallboard?token=${secret}&rotate=5`);
    await page.getByTestId('wallboard-day-value').waitFor({ timeout: 20_000 });
    return { page, received };
  }

  /** Checks one screen size: figures present and large, no control, no caller; a screenshot. @returns the main figure's font size (px). */
  async function checkScreen(page: Page, received: string[], width: number, height: number): Promise<number> {
    // the token left the address bar at once, and stays in the tab
    expect(page.url()).not.toContain(secret);
    expect(hashPath(page)).toBe('/wallboard');
    expect(await page.evaluate(() => sessionStorage.getItem('hotline.wallboardToken'))).toBe(secret);
    // the figures
    await expect(page.getByTestId('wallboard-day-value').textContent()).resolves.toMatch(/^\d+\.\d%$/);
    await expect(page.getByTestId('wallboard-waiting').textContent()).resolves.toBe('1');
    const sizes = await page.evaluate(() => {
      const px = (id: string) => parseFloat(getComputedStyle(document.querySelector(`[data-testid="${id}"]`)!).fontSize);
      return { day: px('wallboard-day-value'), month: px('wallboard-month-value'), waiting: px('wallboard-waiting'), smallest: Math.min(...Array.from(document.querySelectorAll('[data-testid="wallboard"] *')).filter((e) => (e as HTMLElement).offsetParent !== null && e.childNodes.length && Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim())).map((e) => parseFloat(getComputedStyle(e).fontSize))) };
    });
    // readable from 5 m: the main figure at least 14% of the screen's height, the smallest visible text at least 2.4%
    expect(sizes.day).toBeGreaterThanOrEqual(0.14 * height);
    expect(sizes.month).toBeGreaterThanOrEqual(0.1 * height);
    expect(sizes.waiting).toBeGreaterThanOrEqual(0.08 * height);
    expect(sizes.smallest).toBeGreaterThanOrEqual(0.024 * height);
    // fits the screen, no control at all, no caller number or call id in the page or in what it received
    const layout = await page.evaluate(() => ({
      w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,
      controls: document.querySelectorAll('button, input, select, textarea, a[href], [contenteditable], [role="button"]').length,
      html: document.documentElement.outerHTML,
    }));
    expect([layout.w, layout.h]).toEqual([width, height]);
    expect(layout.controls).toBe(0);
    expect(leaks(layout.html)).toEqual([]);
    expect(received.length).toBeGreaterThan(0);
    expect(leaks(received.join('\n'))).toEqual([]);
    const file = join(OUTPUT, `wallboard-${width}x${height}.png`);
    await page.screenshot({ path: file });
    console.log(`wallboard screenshot: ${file} (main figure ${sizes.day}px, smallest text ${sizes.smallest}px)`);
    return sizes.day;
  }

  it('shows large figures with no control and no caller at 1920x1080 and 3840x2160, rotating its panels; a revoked token stops it', async () => {
    const hd = await openWallboard(1920, 1080);
    const hdFigure = await checkScreen(hd.page, hd.received, 1920, 1080);
    // the panels rotate (every 5 s here): intervals with a red one, the agents, what needs attention
    await hd.page.getByTestId('wallboard-panel-chart').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await hd.page.getByTestId('wallboard-bar-below').count()).toBeGreaterThan(0);
    await hd.page.screenshot({ path: join(OUTPUT, 'wallboard-1920x1080-chart.png') });
    await hd.page.getByTestId('wallboard-panel-agents').waitFor({ state: 'visible', timeout: 15_000 });
    await expect(hd.page.getByTestId('wallboard-agent-A03').textContent()).resolves.toContain('小休');
    await hd.page.screenshot({ path: join(OUTPUT, 'wallboard-1920x1080-agents.png') });
    await hd.page.getByTestId('wallboard-panel-attention').waitFor({ state: 'visible', timeout: 15_000 });
    await hd.page.getByTestId('wallboard-alert-caller-waiting').waitFor();
    await hd.page.getByTestId('wallboard-alert-agent-paused').waitFor();
    await hd.page.screenshot({ path: join(OUTPUT, 'wallboard-1920x1080-attention.png') });
    expect(leaks(await hd.page.evaluate(() => document.documentElement.outerHTML))).toEqual([]);
    expect(leaks(hd.received.join('\n'))).toEqual([]);

    const uhd = await openWallboard(3840, 2160);
    const uhdFigure = await checkScreen(uhd.page, uhd.received, 3840, 2160);
    expect(uhdFigure).toBeGreaterThanOrEqual(1.9 * hdFigure); // scales with the screen

    // the API stops: the screens grey out within 5 s and say since when; back, they resume on their own
    await stack.killApi();
    await hd.page.getByTestId('wallboard-stale').waitFor({ timeout: 5_000 });
    await expect(hd.page.getByTestId('wallboard-stale').textContent()).resolves.toMatch(/^数据已中断 \d+:\d\d$/);
    expect(await hd.page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="wallboard-panel-kpi"]')!.parentElement!.querySelector('.ticker')!).opacity)).toBe('0.45');
    await hd.page.screenshot({ path: join(OUTPUT, 'wallboard-1920x1080-stale.png') });
    await stack.startApi();
    await hd.page.getByTestId('wallboard-stale').waitFor({ state: 'detached', timeout: 30_000 });
    await uhd.page.getByTestId('wallboard-stale').waitFor({ state: 'detached', timeout: 30_000 });

    // revoked: the open screens say so, an open socket is ended, HTTP and new sockets are refused
    const open = connect(WALLBOARD_NAMESPACE, { token: secret });
    await outcome(open);
    const ended = new Promise<unknown>((resolve) => open.once(WALLBOARD_SOCKET_EVENTS.ended.name, resolve));
    const closed = new Promise<string>((resolve) => open.once('disconnect', resolve));
    const revoked = await manager.send('DELETE', API.revokeWallboardToken.path.replace('{id}', String(tokenId)));
    expect(revoked.status).toBe(200);
    expect(WallboardTokenView.parse(revoked.body)).toMatchObject({ state: 'revoked', revokedBy: manager.login });
    expect(await ended).toEqual({ reason: 'revoked' });
    expect(await closed).toBe('io server disconnect');
    await hd.page.getByTestId('wallboard-refused').waitFor({ timeout: 10_000 });
    await uhd.page.getByTestId('wallboard-refused').waitFor({ timeout: 10_000 });
    await expect(hd.page.getByTestId('wallboard-day-value').count()).resolves.toBe(0);
    const after = await tokenGet(API.wallboardSnapshot.path, secret);
    expect([after.status, ((await after.json()) as { code: string }).code]).toEqual([401, 'invalid_token']);
    expect(await outcome(connect(WALLBOARD_NAMESPACE, { token: secret }))).toEqual({ refused: 'invalid_token' });
    expect((await manager.send('DELETE', API.revokeWallboardToken.path.replace('{id}', String(tokenId)))).status).toBe(409);
    const audit = await stack.db.query<{ actorLogin: string }>(`SELECT "actorLogin" FROM "AuditLog" WHERE target = $1 AND outcome = 'ok' ORDER BY id`, [`wallboard-token:${tokenId}`]);
    expect(audit.rows.map((r) => r.actorLogin)).toEqual([manager.login, manager.login]);
    // reloaded, the revoked screen still refuses (the token stayed in the tab, the API refuses it)
    await hd.page.reload();
    await hd.page.getByTestId('wallboard-refused').waitFor({ timeout: 10_000 });
    await hd.page.context().close();
    await uhd.page.context().close();
  });

  it('shows a not-found page for an unknown address, with a link home', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/#/no-such-page`);
    await page.getByTestId('not-found').waitFor();
    expect(hashPath(page)).toBe('/no-such-page');
    // in the console's language only (zh-CN first)
    await expect(page.getByTestId('not-found').textContent()).resolves.toMatch(/页面不存在/);
    await expect(page.getByTestId('not-found').textContent()).resolves.not.toMatch(/Page not found/);
    const user = await stack.createUser(['manager']);
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    await page.goto(`${stack.baseUrl}/#/no-such-page/deeper?x=1`);
    await page.getByTestId('not-found').waitFor();
    await expect(page.getByTestId('not-found').textContent()).resolves.toContain('/no-such-page/deeper?x=1');
    await page.getByTestId('not-found-home').click();
    await page.waitForURL((url) => !url.hash.includes('no-such-page'));
    expect(hashPath(page)).toBe('/');

    // the date picker follows the console's language: Chinese months first, English after switching
    await page.goto(`${stack.baseUrl}/#/wallboard-tokens`);
    await page.getByTestId('wallboard-token-table').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'wallboard-tokens-page.png') });
    /** The date view's first weekday column, then the month view's month names. */
    const picker = async (): Promise<{ firstWeekday: string; months: string }> => {
      await page.locator('[data-testid="wallboard-token-expiry"] input').click();
      const days = page.locator('.el-date-table:visible');
      await days.first().waitFor();
      const firstWeekday = ((await days.first().locator('th').first().textContent()) ?? '').trim();
      const table = page.locator('.el-month-table:visible');
      if ((await table.count()) === 0) await page.locator('.el-date-picker__header-label:visible').nth(1).click(); // the month view
      await table.first().waitFor();
      const names = (await table.first().locator('td').allTextContents()).map((s) => s.trim()).join(' ');
      await table.first().locator('td').last().click(); // December (earlier months may be past, disabled): back to the date view
      await days.first().waitFor();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !Array.from(document.querySelectorAll('.el-month-table')).some((e) => (e as HTMLElement).offsetParent !== null));
      return { firstWeekday, months: names };
    };
    // Chinese: weeks start on Monday (dayjs's zh-cn locale), months 一月..十二月
    expect(await picker()).toEqual({ firstWeekday: '一', months: expect.stringContaining('一月') });
    await page.getByTestId('locale').click();
    await page.getByTestId('wallboard-tokens').getByText('Wallboard tokens').first().waitFor();
    // switched: the picker already opened speaks English at once (its week start is fixed when Element Plus creates
    // the panel: a picker created after the switch starts weeks on Sunday, dayjs's English)
    const english = await picker();
    expect(english.months).toMatch(/Jan.*Feb.*Mar.*Dec/);
    expect(english.months).not.toContain('一月');
    await page.reload();
    await page.getByTestId('wallboard-tokens').getByText('Wallboard tokens').first().waitFor();
    expect(await picker()).toEqual({ firstWeekday: 'Sun', months: expect.stringMatching(/^Jan Feb Mar.*Dec$/) });
    await context.close();
  });
});
