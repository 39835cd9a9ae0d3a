/**
 * Issue 10, caller privacy in the console: the 通话记录 page (`/#/calls`) after one replayed day of the Anonymous
 * Bank. A shift lead sees the day's calls with callers masked as the API gives them (repeat badges, caller
 * references), can page and filter by agent, has no 查看号码 button, and the page holds no clear number (numbers
 * taken from the API by unmasking as a manager). A manager unmasks one row with a reason: the dialog alone shows the
 * number (the API's answer), closing it forgets the number, and the audit trail holds a `calls.unmask` entry of hers.
 * An agent sees only the calls her agent id answered, without the agent filter.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AUDIT_HIDDEN, maskPhoneNumbers, type AuditPage, type CallsPage, type KpiReport, type UnmaskedCaller } from '@hotline/contracts';
import { browserProfiles, hashPath, launchChromium, signInThroughForm } from './support/browser';
import { SHARED, createStack, signInAs, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(300_000);

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const DAY = '1999-02-01';
/** The page's page size. */
const PAGE = 200;

/** A clear number as a whole digit run of a text (not inside a longer run, a hex reference or a call id). */
function containsNumber(text: string, number: string): boolean {
  const escaped = number.replace(/[+]/g, '\\+');
  return new RegExp(`(?<![0-9A-Za-z+])${escaped}(?![0-9A-Za-z])`).test(text);
}

describe('the console calls page', () => {
  let stack: Stack;
  let browser: Browser;
  let lead: ApiClient;
  let manager: ApiClient;
  const profiles = browserProfiles(() => browser);
  /** The API's first page of the day (as the console asks for it) and its second. */
  let first: CallsPage;
  let second: CallsPage;
  /** Clear numbers of two calls of the first page (from the API, unmasked by a manager): callId -> number. */
  const clear = new Map<string, string>();

  beforeAll(async () => {
    stack = await createStack('console_calls');
    await stack.startApi();
    await stack.replay(BANK, ['--format', 'bank', '--day', DAY, '--speed', 'max']);
    await stack.waitForIdle();
    browser = await launchChromium();
    lead = await stack.signIn(['shift_lead']);
    manager = await stack.signIn(['manager']);

    const res = await lead.get<CallsPage>(`/api/calls?date=${DAY}&limit=${PAGE}`);
    expect(res.status).toBe(200);
    first = res.body;
    expect(first.calls.length).toBe(PAGE);
    expect(first.nextBefore).not.toBeNull();
    second = (await lead.get<CallsPage>(`/api/calls?date=${DAY}&limit=${PAGE}&before=${encodeURIComponent(first.nextBefore!)}`)).body;

    // two calls of distinct callers on the first page: their numbers in clear, as a manager may read them
    const seen = new Set<string>();
    for (const call of first.calls) {
      if (!call.callerRef || seen.has(call.callerRef)) continue;
      seen.add(call.callerRef);
      const unmasked = await manager.send<UnmaskedCaller>('POST', `/api/calls/${encodeURIComponent(call.callId)}/caller`, { reason: '测试：取得明文号码以核对页面' });
      expect(unmasked.status).toBe(200);
      expect(unmasked.body.caller).not.toBe(call.caller);
      clear.set(call.callId, unmasked.body.caller);
      if (clear.size === 2) break;
    }
    expect(clear.size).toBe(2);
  });

  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  const newPage = (): Promise<Page> => profiles.newPage();

  /** Signs in through the form, opens 通话记录 from the nav and picks the day with the date picker. */
  async function openDay(page: Page, login: string, password: string, expectedRows: number): Promise<void> {
    await signInThroughForm(page, stack.baseUrl, login, password);
    const link = page.getByTestId('nav-calls');
    await expect(link.textContent()).resolves.toBe('通话记录');
    // a shift lead or a manager finds it in the nav's 通话 menu: opened first
    if (!(await link.isVisible())) await page.locator('[data-testid^="nav-menu-"]', { has: link }).locator('[data-testid^="nav-group-"]').hover();
    await link.click();
    await page.waitForFunction(() => location.hash === '#/calls');
    expect(hashPath(page)).toBe('/calls');
    const input = page.locator('[data-testid="calls-filters"] .el-date-editor input');
    // the default day: today in Beijing
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await expect(input.inputValue()).resolves.toBe(today);
    await page.getByTestId('calls-count').waitFor();
    await input.click();
    await input.fill(DAY);
    await input.press('Enter');
    await page.keyboard.press('Escape');
    await expect(input.inputValue()).resolves.toBe(DAY);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="call-caller"]').length === n, expectedRows);
  }

  const texts = (page: Page, testId: string): Promise<string[]> =>
    page.locator(`[data-testid="${testId}"]`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

  /** The document does not scroll at 1920x1080 (the table scrolls inside). */
  async function fitsScreen(page: Page): Promise<void> {
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(size.w).toBeLessThanOrEqual(1920);
    expect(size.h).toBeLessThanOrEqual(1080);
  }

  it('a shift lead sees the day with callers masked, pages and filters, and no clear number anywhere', async () => {
    const user = await stack.createUser(['shift_lead']);
    const page = await newPage();
    await openDay(page, user.login, user.password, first.calls.length);
    await fitsScreen(page);

    // the rows are the API's, newest first, callers masked as it gives them
    expect(await texts(page, 'call-caller')).toEqual(first.calls.map((c) => c.caller ?? '—'));
    expect(await texts(page, 'call-agent')).toEqual(first.calls.map((c) => c.agentId ?? '—'));
    const callers = first.calls.filter((c) => c.caller !== null);
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.every((c) => /\*/.test(c.caller!))).toBe(true);
    // repeat callers: a 回访 badge with the count; every caller's reference as a tag
    const repeats = first.calls.filter((c) => c.repeatWithin24h > 0);
    expect(await texts(page, 'call-repeat')).toEqual(repeats.map((c) => `回访 ${c.repeatWithin24h}`));
    expect(await texts(page, 'call-ref')).toEqual(first.calls.filter((c) => c.callerRef).map((c) => c.callerRef));
    // outcomes in Chinese
    const outcomes = new Set(await texts(page, 'call-outcome'));
    expect([...outcomes].every((o) => ['人工接听', '自助语音', '放弃', '进行中'].includes(o))).toBe(true);
    // no unmasking for a shift lead
    expect(await page.getByTestId('call-unmask').count()).toBe(0);

    // no clear number in the page, while its masked form is there
    const html = await page.content();
    for (const [callId, number] of clear) {
      expect(containsNumber(html, number)).toBe(false);
      expect(html).toContain(first.calls.find((c) => c.callId === callId)!.caller!);
    }

    // load more: the next page after the cursor
    await page.getByTestId('calls-more').click();
    const total = first.calls.length + second.calls.length;
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="call-caller"]').length === n, total);
    expect(await texts(page, 'call-caller')).toEqual([...first.calls, ...second.calls].map((c) => c.caller ?? '—'));
    await expect(page.getByTestId('calls-count').textContent()).resolves.toBe(`已显示 ${total} 条`);
    // the day's repeat callers show on these pages (110 customers called more than once that day)
    const repeatsBoth = [...first.calls, ...second.calls].filter((c) => c.repeatWithin24h > 0);
    expect(repeatsBoth.length).toBeGreaterThan(0);
    expect(await texts(page, 'call-repeat')).toEqual(repeatsBoth.map((c) => `回访 ${c.repeatWithin24h}`));
    const more = await page.content();
    for (const number of clear.values()) expect(containsNumber(more, number)).toBe(false);

    // the agent filter: only that agent's calls
    const agentId = first.calls.find((c) => c.agentId)!.agentId!;
    const own = (await lead.get<CallsPage>(`/api/calls?date=${DAY}&limit=${PAGE}&agentId=${encodeURIComponent(agentId)}`)).body;
    expect(own.calls.length).toBeGreaterThan(0);
    await page.getByTestId('calls-agent').click();
    await page.keyboard.type(agentId);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="call-caller"]').length === n, own.calls.length);
    expect(await texts(page, 'call-agent')).toEqual(own.calls.map(() => agentId));
    expect(await texts(page, 'call-caller')).toEqual(own.calls.map((c) => c.caller ?? '—'));
    await fitsScreen(page);
  });

  it('a manager unmasks one row with a reason: the dialog alone shows the number, audited, forgotten on closing', async () => {
    const user = await stack.createUser(['manager']);
    const page = await newPage();
    await openDay(page, user.login, user.password, first.calls.length);

    // one 查看号码 button per row with a caller; the first is the first such call
    const callers = first.calls.filter((c) => c.caller !== null);
    expect(await page.getByTestId('call-unmask').count()).toBe(callers.length);
    const call = callers[0];
    const expected = await manager.send<UnmaskedCaller>('POST', `/api/calls/${encodeURIComponent(call.callId)}/caller`, { reason: '测试：核对对话框中的号码' });
    expect(expected.status).toBe(200);
    const number = expected.body.caller;
    expect(containsNumber(await page.content(), number)).toBe(false);

    await page.getByTestId('call-unmask').first().click();
    await page.getByTestId('unmask-dialog').waitFor();
    await expect(page.getByTestId('unmask-dialog').textContent()).resolves.toContain(call.caller!);
    // the button waits for a reason of 5..500 characters (surrounding spaces not counted)
    const submit = page.getByTestId('unmask-submit');
    await expect(submit.isDisabled()).resolves.toBe(true);
    const reason = page.getByTestId('unmask-reason');
    await reason.fill('   核实  ');
    await expect(submit.isDisabled()).resolves.toBe(true);
    await reason.fill('来电人投诉，需回拨核实');
    await expect(submit.isDisabled()).resolves.toBe(false);
    await submit.click();

    // the number in the dialog, equal to the API's answer, with the audit notice; never in the table
    await page.getByTestId('unmask-number').waitFor();
    await expect(page.getByTestId('unmask-number').textContent()).resolves.toBe(number);
    await expect(page.getByTestId('unmask-audited').textContent()).resolves.toContain('此次查看已记入审计日志');
    const table = await page.getByTestId('calls-table').innerHTML();
    expect(containsNumber(table, number)).toBe(false);
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(containsNumber(stored, number)).toBe(false);
    await fitsScreen(page);

    // closing forgets it
    await page.getByTestId('unmask-close').click();
    await page.getByTestId('unmask-number').waitFor({ state: 'detached' });
    expect(containsNumber(await page.content(), number)).toBe(false);
    // opening another row starts from an empty reason, without the previous number
    await page.getByTestId('call-unmask').nth(1).click();
    await page.getByTestId('unmask-dialog').waitFor();
    await expect(page.getByTestId('unmask-reason').inputValue()).resolves.toBe('');
    expect(await page.getByTestId('unmask-number').count()).toBe(0);
    expect(containsNumber(await page.content(), number)).toBe(false);
    await page.getByTestId('unmask-close').click();

    // the audit trail: the manager's unmasking of that call, with her reason (an auditor reads it)
    const auditor = await stack.signIn(['auditor']);
    const audit = await auditor.get<AuditPage>('/api/audit?action=calls.unmask&limit=500');
    expect(audit.status).toBe(200);
    const entry = audit.body.entries.find((e) => e.actorLogin === user.login);
    // (the trail masks phone-like runs of 7+ digits; a call id such as bank:AA0203:34723 stays readable; the
    // auditor holds no calls.read, so even the caller's opaque reference is hidden from her answer)
    expect(entry).toMatchObject({
      action: 'calls.unmask', target: maskPhoneNumbers(call.callId), outcome: 'ok', detail: { reason: '来电人投诉，需回拨核实', callerRef: AUDIT_HIDDEN },
    });
    const storedEntry = await stack.db.query<{ detail: { callerRef?: string } }>(`SELECT detail FROM "AuditLog" WHERE action = 'calls.unmask' ORDER BY id DESC LIMIT 1`);
    expect(storedEntry.rows[0].detail.callerRef).toBe(call.callerRef); // the trail itself keeps it
    expect(containsNumber(JSON.stringify(audit.body), number)).toBe(false);
  });

  it('an agent sees only the calls she answered, without the agent filter or unmasking', async () => {
    const kpi = await lead.get<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    expect(kpi.status).toBe(200);
    const agentId = kpi.body.agents[0].agentId;
    const user = await stack.createUser(['agent'], { agentId });
    // her own calls as the API gives them to her: the lead's page of that agent
    const agent = await signInAs(stack.baseUrl, user.login, user.password);
    const res = await agent.get<CallsPage>(`/api/calls/mine?date=${DAY}&limit=${PAGE}`);
    expect(res.status).toBe(200);
    const mine = res.body;
    expect(mine.calls.length).toBeGreaterThan(0);
    expect(mine).toEqual((await lead.get<CallsPage>(`/api/calls?date=${DAY}&limit=${PAGE}&agentId=${encodeURIComponent(agentId)}`)).body);

    const page = await newPage();
    await openDay(page, user.login, user.password, mine.calls.length);
    expect(await page.getByTestId('calls-agent').count()).toBe(0);
    await page.getByTestId('calls-mine').waitFor();
    expect(await texts(page, 'call-agent')).toEqual(mine.calls.map(() => agentId));
    expect(await texts(page, 'call-caller')).toEqual(mine.calls.map((c) => c.caller ?? '—'));
    expect(await page.getByTestId('call-unmask').count()).toBe(0);
    const html = await page.content();
    for (const number of clear.values()) expect(containsNumber(html, number)).toBe(false);
    await fitsScreen(page);
  });
});
