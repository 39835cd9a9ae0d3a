/**
 * Issue 14, the agent desk (坐席工作台) in a browser, keyboard only after signing in: an agent with agent id A07 signs
 * in through the form and opens `/#/desk`; a call answered by A07 is pushed through the feed (canonical events on
 * the Redis stream) and the desk shows it at once, caller masked, with the type the queue suggests and the form
 * ready (the focus in the summary). With page.keyboard alone the agent picks a second-level type in the select,
 * types the summary and the question, saves a draft (Alt+S), reads a suggested knowledge article's standard answer
 * and uses it (Alt+K, Enter, Tab, Enter), and once the call is in wrap-up picks the outcome (Alt+1) and finishes
 * (Ctrl+Enter): the request is linked to the call in the ledger. The same caller calls again: flagged as a repeat
 * caller with her previous request; outcome 投诉 (Alt+4) opens a pending complaint on that call in the complaints
 * register. Then a callback without a call (Alt+N, a number typed), referred to a department (Alt+2). Another agent
 * reads none of it; no clear number shows anywhere; the page fits 1920x1080. The shift lead's 受理登记 page lists
 * the three requests with callers masked.
 */
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import type { ComplaintView, KnowledgeArticleView, RequestsPage, ServiceRequestView } from '@hotline/contracts';
import { browserProfiles, launchChromium, signInThroughForm } from './support/browser';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(90_000);

const AGENT = 'A07';
const CALLER = '13812345678';
const CALLBACK = '13900001111';
const CALL_ID = 'desk-e2e-1';
const CALL_2 = 'desk-e2e-2';
const ZONE = 'Asia/Shanghai';

describe('the agent desk in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let lead: ApiClient;
  let manager: ApiClient;
  let articleId: number;
  const profiles = browserProfiles(() => browser);

  /** Canonical events on the stream the ledger reads (as a feed adapter writes them). */
  async function feed(events: Record<string, unknown>[]): Promise<void> {
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      for (const e of events) await redis.xadd(`${stack.prefix}events`, '*', 'type', String(e.type), 'event', JSON.stringify(e));
    } finally {
      redis.disconnect();
    }
  }
  const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

  beforeAll(async () => {
    stack = await createStack('console_desk');
    await stack.startApi();
    browser = await launchChromium();
    [lead, manager] = await Promise.all([stack.signIn(['shift_lead']), stack.signIn(['manager'])]);
    // a second-level type and a queue mapping (the call's queue suggests the top-level type)
    expect((await manager.send('POST', '/api/business-types', { code: 'licence-renewal', parentCode: 'driving-licence', nameZh: '驾驶证换证', nameEn: 'Licence renewal' })).status).toBe(201);
    expect((await manager.send('POST', '/api/business-type-rules', { kind: 'queue', match: 'licence', typeCode: 'driving-licence' })).status).toBe(201);
    // a published article of that type: drafted by the lead, published by the manager
    const article = await lead.send<KnowledgeArticleView>('POST', '/api/knowledge/articles', {
      question: '驾驶证到期怎么换证', answer: '有效期满前 90 日内，可到车管所或通过 12123 App 申请换领，需带身份证明和体检证明。',
      businessTypeCode: 'licence-renewal', keywords: ['换证', '到期', '驾照'],
    });
    expect(article.status).toBe(201);
    articleId = article.body.id;
    expect((await lead.send('POST', `/api/knowledge/articles/${articleId}/submit`, {})).status).toBe(200);
    const published = await manager.send('POST', `/api/knowledge/articles/${articleId}/review`, { decision: 'publish' });
    expect(published.status).toBe(200);
  });

  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  /** The id of the element holding the focus (its data-testid, or that of the nearest ancestor with one). */
  const focused = (page: Page): Promise<string | null> =>
    page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);
  const press = async (page: Page, ...keys: string[]) => {
    for (const key of keys) await page.keyboard.press(key);
  };

  it('an agent registers her calls and a callback with the keyboard only; a complaint opens a pending complaint', async () => {
    const user = await stack.createUser(['agent'], { agentId: AGENT, displayName: '坐席七号' });
    const page = await profiles.newPage();
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    await page.goto(`${stack.baseUrl}/#/desk`);
    await page.getByTestId('desk-call-none').waitFor();
    await page.getByText('已连接').waitFor();
    await expect(page.getByTestId('nav-desk').textContent()).resolves.toBe('坐席工作台');

    // the call: offered from the licence queue, answered by A07 (still talking)
    await feed([
      { eventId: `${CALL_ID}-o`, callId: CALL_ID, ts: at(40_000), source: 'e2e', type: 'call.offered', callerId: CALLER },
      { eventId: `${CALL_ID}-q`, callId: CALL_ID, ts: at(39_000), source: 'e2e', type: 'queue.entered', queue: 'licence' },
      { eventId: `${CALL_ID}-a`, callId: CALL_ID, ts: at(30_000), source: 'e2e', type: 'agent.answered', agentId: AGENT, waitSeconds: 9, queue: 'licence' },
    ]);
    const card = page.locator(`[data-testid="desk-call"][data-call-id="${CALL_ID}"]`);
    await card.waitFor({ timeout: 15_000 });
    await expect(card.getAttribute('data-phase')).resolves.toBe('talking');
    await expect(page.getByTestId('desk-caller').textContent()).resolves.toBe('138****5678');
    await expect(page.getByTestId('desk-call-suggested').textContent()).resolves.toBe('驾驶证业务');
    await page.getByTestId('desk-call-bound').waitFor();
    // the form is bound to the call, prefilled with the suggestion, and the focus waits in the summary
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === 'desk-summary');

    // the type: back to the select, type to filter, Enter picks the second-level type
    await press(page, 'Shift+Tab');
    expect(await focused(page)).toBe('desk-type');
    await page.keyboard.type('换证');
    await page.locator('[data-testid="desk-type-licence-renewal"].is-hovering').waitFor(); // the first match: Enter picks it
    // Enter picks it and moves on to the summary (what is typed next is the summary, not the type filter)
    await press(page, 'Enter');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === 'desk-summary');
    await page.keyboard.type('驾驶证到期换证');
    await press(page, 'Enter');
    expect(await focused(page)).toBe('desk-question');
    await page.keyboard.type('驾照下月到期，问在哪里换、要带什么');
    // a draft while talking
    await press(page, 'Alt+S');
    await page.getByTestId('desk-form-status').getByText('草稿').waitFor();

    const agentApi = await stack.signIn(['agent'], { agentId: 'A99' }); // another agent: sees none of it
    const draft = (await lead.get<RequestsPage>(`/api/requests?status=draft`)).body.requests;
    expect(draft).toHaveLength(1);
    expect(draft[0]).toMatchObject({ callId: CALL_ID, channel: 'call', agentId: AGENT, businessTypeCode: 'licence-renewal', summary: '驾驶证到期换证', status: 'draft', caller: { masked: '138****5678' } });
    expect((await agentApi.get<RequestsPage>('/api/requests/mine')).body.requests).toHaveLength(0);

    // the knowledge suggestion: focus the list, read the standard answer in place, use the article
    const hit = page.locator(`[data-testid="desk-hit"][data-article-id="${articleId}"]`);
    await hit.waitFor();
    await press(page, 'Alt+K');
    expect(await focused(page)).toBe('desk-hit-question');
    await press(page, 'Enter');
    await expect(hit.getByTestId('desk-hit-answer').textContent()).resolves.toContain('有效期满前 90 日内');
    await press(page, 'Tab');
    expect(await focused(page)).toBe('desk-hit-use');
    await press(page, 'Enter');
    await page.getByTestId(`desk-article-${articleId}`).waitFor();

    // the call ends (30 s of wrap-up): the desk follows; the outcome and finishing, still from the keyboard
    await feed([{ eventId: `${CALL_ID}-e`, callId: CALL_ID, ts: at(1_000), source: 'e2e', type: 'call.ended', agentId: AGENT, talkSeconds: 29, wrapSeconds: 30, endedBy: 'caller' }]);
    await page.locator('[data-testid="desk-call"][data-phase="wrap_up"]').waitFor({ timeout: 15_000 });
    await press(page, 'Alt+1', 'Control+Enter');
    await page.getByTestId('desk-form-idle').waitFor();
    const done = (await lead.get<ServiceRequestView>(`/api/requests/${draft[0].id}`)).body;
    expect(done).toMatchObject({
      id: draft[0].id, callId: CALL_ID, status: 'done', outcome: 'answered', businessTypeCode: 'licence-renewal', question: '驾照下月到期，问在哪里换、要带什么',
      articleIds: [articleId], complaintId: null,
    });
    // in the ledger: the request row points at the call
    const rows = await stack.db.query<{ callId: string; status: string }>(`SELECT "callId", status FROM "ServiceRequest" WHERE id = $1`, [done.id]);
    expect(rows.rows[0]).toEqual({ callId: CALL_ID, status: 'done' });
    await page.locator(`[data-testid="desk-mine-item"][data-request-id="${done.id}"][data-status="done"]`).waitFor();
    // a list item or button holding the focus (here one of "my requests", Alt+M) does not keep an arriving call's form
    // from it: only typing elsewhere does
    await press(page, 'Alt+M');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === 'desk-mine-item');

    // the same caller again (a repeat caller): flagged with her previous request; a complaint, finished while talking
    await feed([
      { eventId: `${CALL_2}-o`, callId: CALL_2, ts: at(12_000), source: 'e2e', type: 'call.offered', callerId: CALLER },
      { eventId: `${CALL_2}-a`, callId: CALL_2, ts: at(8_000), source: 'e2e', type: 'agent.answered', agentId: AGENT, waitSeconds: 4, queue: 'licence' },
    ]);
    await page.locator(`[data-testid="desk-call"][data-call-id="${CALL_2}"]`).waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('desk-repeat-calls').textContent()).resolves.toBe('24 小时内来电 1 次');
    await expect(page.getByTestId('desk-repeat-request').textContent()).resolves.toContain('驾驶证到期换证');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === 'desk-summary');
    await page.keyboard.type('换证窗口排队太久，投诉工作人员');
    await press(page, 'Alt+4');
    await page.getByTestId('desk-complaint-note').waitFor();
    await press(page, 'Control+Enter');
    await page.getByTestId('desk-form-idle').waitFor();
    const complaint = (await lead.get<RequestsPage>(`/api/requests?outcome=complaint`)).body.requests;
    expect(complaint).toHaveLength(1);
    expect(complaint[0]).toMatchObject({ callId: CALL_2, channel: 'call', businessTypeCode: 'driving-licence', status: 'done', caller: { masked: '138****5678' } });
    expect(complaint[0].complaintId).not.toBeNull();
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date()).slice(0, 7);
    const complaints = await lead.get<ComplaintView[]>(`/api/registers/complaints?month=${month}`);
    expect(complaints.status).toBe(200);
    expect(complaints.body.find((c) => c.id === complaint[0].complaintId)).toMatchObject({ verdict: 'pending', callId: CALL_2, agentId: AGENT, caller: '138****5678' });

    // a callback without a call (Alt+N): the channel, the number, the type, the summary, 转办 with its department
    await press(page, 'Alt+N');
    await page.locator('[data-testid="desk-form"][data-mode="none"]').waitFor();
    await press(page, 'Tab');
    expect(await focused(page)).toBe('desk-number');
    await page.keyboard.type(CALLBACK);
    await press(page, 'Tab'); // the time it was received: left empty (now)
    await press(page, 'Tab');
    expect(await focused(page)).toBe('desk-type');
    await page.keyboard.type('建议');
    await page.locator('[data-testid="desk-type-suggestion"].is-hovering').waitFor();
    await press(page, 'Enter');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === 'desk-summary');
    await page.keyboard.type('建议周末开放换证窗口');
    await press(page, 'Alt+2');
    expect(await focused(page)).toBe('desk-referred');
    await page.keyboard.type('车管所');
    await press(page, 'Control+Enter');
    await page.getByTestId('desk-form-idle').waitFor();
    const referred = (await lead.get<RequestsPage>(`/api/requests?outcome=referred`)).body.requests;
    expect(referred).toHaveLength(1);
    expect(referred[0]).toMatchObject({
      channel: 'callback', callId: null, agentId: AGENT, businessTypeCode: 'suggestion', referredTo: '车管所', status: 'done', caller: { masked: '139****1111' },
    });
    await page.locator(`[data-testid="desk-mine-item"][data-request-id="${referred[0].id}"]`).waitFor();

    // no clear number anywhere on the page; one 1920x1080 screen
    const html = await page.content();
    expect(html).not.toContain(CALLER);
    expect(html).not.toContain(CALLBACK);
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(size.w).toBeLessThanOrEqual(1920);
    expect(size.h).toBeLessThanOrEqual(1080);

    // the shift lead's 受理登记 page: the day's three requests, newest first, callers masked
    const leadUser = await stack.createUser(['shift_lead']);
    const leadPage = await profiles.newPage();
    await signInThroughForm(leadPage, stack.baseUrl, leadUser.login, leadUser.password);
    await leadPage.goto(`${stack.baseUrl}/#/requests`);
    await leadPage.getByTestId('request-summary').nth(2).waitFor();
    const cells = (testId: string) => leadPage.locator(`[data-testid="${testId}"]`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(await cells('request-summary')).toEqual(['建议周末开放换证窗口', '换证窗口排队太久，投诉工作人员', '驾驶证到期换证']);
    expect(await cells('request-caller')).toEqual(['139****1111', '138****5678', '138****5678']);
    expect(await cells('request-outcome')).toEqual(['转办', '投诉', '直接解答']);
    const leadHtml = await leadPage.content();
    expect(leadHtml).not.toContain(CALLER);
    expect(leadHtml).not.toContain(CALLBACK);
  });
});
