/**
 * Issue 11, the registers in the console (台账, `/#/registers`): a supplier manager records a training with its
 * sign-in list and a confidentiality incident through the forms (a held training without attendees is refused beside
 * the field), sees every register's month state and closes the confidentiality register of the last month; the
 * bureau confirms it (and records nothing itself); from then on the manager's incident form asks for a correction
 * reason (refused beside the field without one) and the entry is kept as a correction. An agent has no 台账 nor
 * 话务质检 in the nav, and the route sends her back. On 话务质检 (`/#/qa`), after one replayed day of the Anonymous
 * Bank, the manager draws the month's sample from a seed and scores a call on the QA form (each item kept within its
 * maximum), a redraw is then announced as refused, the bureau re-checks the review; the 月度考核 page generates the
 * staff report.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { IncidentView, QaFormView, QaSampleView, RegisterMonthsView, TrainingView } from '@hotline/contracts';
import { browserProfiles, hashPath, launchChromium, signInThroughForm } from './support/browser';
import { SHARED, createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(300_000);

/** The month before the current one in Beijing (`YYYY-MM`): over, so its registers may close. */
function lastMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
const MONTH = lastMonth();

describe('the console registers page', () => {
  let stack: Stack;
  let browser: Browser;
  let api: ApiClient;
  const profiles = browserProfiles(() => browser);
  let manager: { id: number; login: string; password: string };
  let bureau: { id: number; login: string; password: string };
  let agents: { id: number; login: string; password: string; name: string }[];

  beforeAll(async () => {
    stack = await createStack('console_registers');
    await stack.startApi();
    browser = await launchChromium();
    api = await stack.signIn(['manager', 'bureau']);
    manager = await stack.createUser(['manager'], { displayName: '王经理' });
    bureau = await stack.createUser(['bureau'], { displayName: '支队李科长' });
    agents = [];
    for (const [name, agentId] of [['张三', '1001'], ['李四', '1002']] as const) {
      const user = await stack.createUser(['agent'], { displayName: name, agentId });
      agents.push({ ...user, name });
    }
    // on the books since before the month (the staff report, and so the attendee picker, lists the month's staff)
    const before = new Date(Date.parse(`${MONTH}-01T00:00:00+08:00`) - 40 * 86_400_000);
    await stack.db.query(`UPDATE "User" SET "createdAt" = $1 WHERE id = ANY($2)`, [before, [...agents.map((a) => a.id), manager.id]]);
  });

  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  const newPage = (): Promise<Page> => profiles.newPage();

  /** The document does not scroll at 1920x1080 (the page's own panels scroll inside). */
  async function fitsScreen(page: Page): Promise<void> {
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(size.w).toBeLessThanOrEqual(1920);
    expect(size.h).toBeLessThanOrEqual(1080);
  }

  /** Opens 台账 from the nav and picks the month with the month picker. */
  async function openRegisters(page: Page): Promise<void> {
    const link = page.getByTestId('nav-registers');
    await expect(link.textContent()).resolves.toBe('台账');
    // the manager finds it in the nav's 月度与台账 menu: opened first
    if (!(await link.isVisible())) await page.locator('[data-testid^="nav-menu-"]', { has: link }).locator('[data-testid^="nav-group-"]').hover();
    await link.click();
    await page.waitForFunction(() => location.hash.startsWith('#/registers'));
    const input = page.locator('[data-testid="registers-bar"] .el-date-editor input');
    await input.waitFor();
    await input.click();
    await input.fill(MONTH);
    await input.press('Enter');
    await page.keyboard.press('Escape');
    await expect(input.inputValue()).resolves.toBe(MONTH);
    await page.waitForFunction((m) => location.hash.includes(`month=${m}`), MONTH);
    // the month's states: one row per register
    await page.getByTestId('state-confidentiality').waitFor();
  }

  /** Opens a tab of the page. */
  async function openTab(page: Page, name: string): Promise<void> {
    await page.getByTestId(`tab-${name}`).click();
    await page.waitForFunction((n) => location.hash.includes(`tab=${n}`), name);
  }

  /** The visible dropdown option of an Element Plus select with this text. */
  const option = (page: Page, text: string): Locator => page.locator('.el-select-dropdown__item:visible', { hasText: text });

  /** The error shown under the form item labelled `label` in a dialog. */
  const fieldError = (dialog: Locator, label: string): Locator => dialog.locator('.el-form-item.is-error', { has: dialog.page().locator('.el-form-item__label', { hasText: label }) }).locator('.el-form-item__error');

  const state = (page: Page, register: string): Promise<string | null> => page.getByTestId(`state-${register}`).textContent().then((s) => (s ?? '').trim());

  it('a manager records a training and an incident, closes confidentiality; the bureau confirms; corrections need a reason', async () => {
    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, manager.login, manager.password);
    await openRegisters(page);
    await fitsScreen(page);

    // the month states: the six registers, all open, last month's confidentiality closable (nothing blocks it)
    const months = (await api.get<RegisterMonthsView>(`/api/registers/months/${MONTH}`)).body;
    expect(months.registers.map((r) => r.register)).toEqual(['confidentiality', 'reports', 'satisfaction', 'complaints', 'trainings', 'qa']);
    for (const r of months.registers) await expect(state(page, r.register)).resolves.toBe('登记中');
    expect(months.registers.find((r) => r.register === 'confidentiality')!.blockers).toEqual([]);

    // ---- a training through the form ----
    await openTab(page, 'trainings');
    await page.getByTestId('training-add').click();
    const training = page.getByTestId('training-dialog');
    await training.waitFor();
    await page.getByTestId('training-topic').click();
    await option(page, '保密制度').click();
    await page.getByTestId('training-title-input').fill('保密制度专题培训');
    await page.getByTestId('training-trainer').fill('王经理');
    // held without a sign-in list: refused beside the attendees field, nothing sent
    await page.getByTestId('training-submit').click();
    await expect(fieldError(training, '签到人员').textContent()).resolves.toContain('签到人员');
    expect((await api.get<TrainingView[]>(`/api/registers/trainings?month=${MONTH}`)).body.filter((t) => t.source === 'register')).toEqual([]);
    // the attendees, picked from the month's staff
    await page.getByTestId('training-attendees-input').click();
    for (const a of agents) await option(page, `${a.name}（${a.login}）`).click();
    await training.locator('.el-dialog__title').click();
    await page.getByTestId('training-submit').click();
    await training.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="training-title"]').length > 0);
    await expect(page.locator('[data-testid="training-title"]').first().textContent()).resolves.toBe('保密制度专题培训');
    await expect(page.locator('[data-testid="training-attendees"]').first().textContent()).resolves.toBe('张三、李四');
    const trainings = (await api.get<TrainingView[]>(`/api/registers/trainings?month=${MONTH}`)).body.filter((t) => t.source === 'register');
    expect(trainings).toHaveLength(1);
    expect(trainings[0]).toMatchObject({ topic: 'confidentiality', title: '保密制度专题培训', trainer: '王经理', durationMinutes: 60, status: 'held', date: `${MONTH}-01`, correctionReason: null });
    expect(trainings[0].attendees.map((p) => p.userId).sort()).toEqual(agents.map((a) => a.id).sort());
    expect(trainings[0].createdBy?.userId).toBe(manager.id);

    // ---- an incident ----
    await openTab(page, 'confidentiality');
    await page.getByTestId('incident-add').click();
    const incident = page.getByTestId('incident-dialog');
    await incident.waitFor();
    // no correction asked in an open month
    expect(await page.getByTestId('correction-reason').count()).toBe(0);
    await page.getByTestId('incident-description-input').fill('坐席在工作群中转发了含来电人信息的截图');
    await page.getByTestId('incident-submit').click();
    await incident.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-description"]').length === 1);
    const incidents = (await api.get<IncidentView[]>(`/api/registers/confidentiality?month=${MONTH}`)).body;
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ date: `${MONTH}-01`, consequences: false, correctionReason: null });

    // ---- the month states: figures so far; close confidentiality ----
    await page.getByRole('tab', { name: '月度状态' }).click();
    await expect(page.getByTestId('figure-confidentiality-confidentialityBreaches').textContent()).resolves.toContain('1');
    await expect(page.getByTestId('figure-trainings-trainingSessions').textContent()).resolves.toContain('1');
    // the bureau's buttons are not the manager's
    expect(await page.getByTestId('confirm-confidentiality').count()).toBe(0);
    await page.getByTestId('close-confidentiality').click();
    await page.getByTestId('state-text').fill('本月保密事件已全部登记');
    await page.getByTestId('state-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="state-confidentiality"]')?.textContent?.trim() === '已关账');
    await fitsScreen(page);

    // ---- the bureau confirms ----
    const bureauPage = await newPage();
    await signInThroughForm(bureauPage, stack.baseUrl, bureau.login, bureau.password);
    await openRegisters(bureauPage);
    // (the page shows the default month first: wait for the chosen month's states)
    await bureauPage.waitForFunction(() => document.querySelector('[data-testid="state-confidentiality"]')?.textContent?.trim() === '已关账', undefined, { timeout: 10_000 });
    expect(await bureauPage.getByTestId('close-confidentiality').count()).toBe(0);
    await bureauPage.getByTestId('confirm-confidentiality').click();
    await bureauPage.getByTestId('state-submit').click();
    await bureauPage.waitForFunction(() => document.querySelector('[data-testid="state-confidentiality"]')?.textContent?.trim() === '已确认');
    const confirmed = (await api.get<RegisterMonthsView>(`/api/registers/months/${MONTH}`)).body.registers.find((r) => r.register === 'confidentiality')!;
    expect(confirmed).toMatchObject({ state: 'confirmed', closed: { by: { userId: manager.id } }, confirmed: { by: { userId: bureau.id } } });
    // the bureau reads the registers but records nothing
    await openTab(bureauPage, 'confidentiality');
    await bureauPage.waitForFunction(() => document.querySelectorAll('[data-testid="incident-description"]').length === 1);
    expect(await bureauPage.getByTestId('incident-add').count()).toBe(0);
    expect(await bureauPage.getByTestId('incident-remove').count()).toBe(0);
    await openTab(bureauPage, 'trainings');
    await bureauPage.waitForFunction(() => document.querySelectorAll('[data-testid="training-title"]').length > 0);
    expect(await bureauPage.getByTestId('training-add').count()).toBe(0);

    // ---- the confirmed month: the manager's add form requires a correction reason ----
    await page.reload();
    await page.getByTestId('state-confidentiality').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="state-confidentiality"]')?.textContent?.trim() === '已确认');
    await openTab(page, 'confidentiality');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-description"]').length === 1);
    // no removal in a confirmed month
    expect(await page.getByTestId('incident-remove').count()).toBe(0);
    await page.getByTestId('incident-add').click();
    await incident.waitFor();
    await expect(page.getByTestId('correction-notice').textContent()).resolves.toContain('更正记录');
    await page.getByTestId('incident-description-input').fill('补登：月末发现的另一起泄露');
    await page.getByTestId('incident-submit').click();
    await expect(fieldError(incident, '更正原因').textContent()).resolves.toBe('至少 2 个字符');
    expect((await api.get<IncidentView[]>(`/api/registers/confidentiality?month=${MONTH}`)).body).toHaveLength(1);
    await page.getByTestId('correction-reason').fill('支队确认后发现漏登一起事件');
    await page.getByTestId('incident-submit').click();
    await incident.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-description"]').length === 2);
    const corrected = (await api.get<IncidentView[]>(`/api/registers/confidentiality?month=${MONTH}`)).body;
    expect(corrected).toHaveLength(2);
    expect(corrected[1]).toMatchObject({ description: '补登：月末发现的另一起泄露', correctionReason: '支队确认后发现漏登一起事件', createdBy: { userId: manager.id } });
    await expect(page.locator('[data-testid="incidents-table"] .el-tag', { hasText: '更正' }).count()).resolves.toBe(1);
    await fitsScreen(page);
  });

  it('QA: the manager draws the sample from a seed and reviews a call on the form; the bureau re-checks; documents download', async () => {
    const QA_MONTH = '1999-02';
    await stack.replay(join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'), ['--format', 'bank', '--day', '1999-02-01', '--speed', 'max']);
    await stack.waitForIdle();
    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, manager.login, manager.password);
    const link = page.getByTestId('nav-qa');
    await expect(link.textContent()).resolves.toBe('话务质检');
    if (!(await link.isVisible())) await page.locator('[data-testid^="nav-menu-"]', { has: link }).locator('[data-testid^="nav-group-"]').hover();
    await link.click();
    await page.waitForFunction(() => location.hash.startsWith('#/qa'));
    const input = page.locator('.qa-page .bar .el-date-editor input');
    await input.click();
    await input.fill(QA_MONTH);
    await input.press('Enter');
    await page.keyboard.press('Escape');
    await page.waitForFunction((m) => location.hash.includes(`month=${m}`), QA_MONTH);
    await page.waitForFunction(() => document.querySelector('[data-testid="qa-seed"]')?.textContent?.trim() === '尚未抽样');

    // draw from a seed: the page shows the API's sample
    await page.getByTestId('qa-draw').click();
    await page.getByTestId('qa-seed-input').fill('e2e-seed-1');
    await page.getByTestId('qa-draw-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="qa-seed"]')?.textContent?.trim() === 'e2e-seed-1');
    const drawn = (await api.get<QaSampleView>(`/api/qa/samples/${QA_MONTH}`)).body;
    expect(drawn.seed).toBe('e2e-seed-1');
    expect(drawn.quota).toBeGreaterThan(0);
    await expect(page.getByTestId('qa-quota').textContent()).resolves.toBe(String(drawn.quota));
    const ids = await page.locator('[data-testid="qa-call-id"]').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(ids).toEqual(drawn.calls.map((c) => c.callId));
    expect(await page.locator('[data-testid="qa-kind"]').first().textContent()).toBe('随机');
    await fitsScreen(page);

    // review the first call: every item typed above its maximum is kept at the maximum
    const form = (await api.get<QaFormView>('/api/qa/form')).body;
    await page.getByTestId('qa-review').first().click();
    const dialog = page.getByTestId('qa-review-dialog');
    await dialog.waitFor();
    for (const item of form.items) {
      const field = page.locator(`[data-testid="qa-score-${item.key}"] input`);
      await field.fill(String(item.maxPoints + 5));
      await field.press('Tab');
    }
    const max = form.items.reduce((sum, i) => sum + i.maxPoints, 0);
    await expect(page.getByTestId('qa-review-total').textContent()).resolves.toBe(String(max));
    await page.getByTestId('qa-comment').fill('服务规范，业务准确');
    await page.getByTestId('qa-review-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('qa-total').first().waitFor();
    const reviewed = (await api.get<QaSampleView>(`/api/qa/samples/${QA_MONTH}`)).body;
    const first = reviewed.calls[0];
    expect(first.review).toMatchObject({ comment: '服务规范，业务准确', by: { userId: manager.id } });
    expect(Object.fromEntries(form.items.map((i) => [i.key, first.review!.scores[i.key]]))).toEqual(Object.fromEntries(form.items.map((i) => [i.key, i.maxPoints])));
    await expect(page.getByTestId('qa-total').first().textContent()).resolves.toBe(first.review!.total);
    await expect(page.getByTestId('qa-reviewed').textContent()).resolves.toBe(`${reviewed.reviewed} / ${reviewed.quota}`);
    // a redraw is now refused: the dialog says so before anything is sent
    await page.getByTestId('qa-draw').click();
    await expect(page.locator('.el-dialog:visible .el-alert--error').textContent()).resolves.toContain('拒绝重新抽样');
    await page.getByTestId('qa-draw-submit').click();
    await expect(page.getByTestId('qa-draw-error').textContent()).resolves.toMatch(/^操作被拒绝：/);
    expect((await api.get<QaSampleView>(`/api/qa/samples/${QA_MONTH}`)).body.calls.map((c) => c.callId)).toEqual(drawn.calls.map((c) => c.callId));
    await page.keyboard.press('Escape');

    // the bureau re-checks: a scoring error found; it neither draws nor reviews
    const bureauPage = await newPage();
    await signInThroughForm(bureauPage, stack.baseUrl, bureau.login, bureau.password);
    await bureauPage.goto(`${stack.baseUrl}/#/qa?month=${QA_MONTH}`);
    await bureauPage.getByTestId('qa-recheck').first().waitFor();
    expect(await bureauPage.getByTestId('qa-draw').count()).toBe(0);
    expect(await bureauPage.getByTestId('qa-review').count()).toBe(0);
    await bureauPage.getByTestId('qa-recheck').first().click();
    await bureauPage.locator('[data-testid="qa-recheck-error"]').click();
    await bureauPage.getByTestId('qa-recheck-note').fill('服务规范一项评分偏高');
    await bureauPage.getByTestId('qa-recheck-submit').click();
    await bureauPage.waitForFunction(() => document.querySelector('[data-testid="qa-errors"]')?.textContent?.trim() === '1');
    const rechecked = (await api.get<QaSampleView>(`/api/qa/samples/${QA_MONTH}`)).body;
    expect(rechecked.errorsFound).toBe(1);
    expect(rechecked.calls[0].rechecks).toMatchObject([{ errorFound: true, note: '服务规范一项评分偏高', by: { userId: bureau.id } }]);

    // 月度考核: the month's paperwork; the staff report downloads as a workbook
    await page.getByTestId('nav-group-month').hover();
    await page.getByTestId('nav-month').click();
    await page.getByTestId('paperwork').waitFor();
    await page.getByTestId('paperwork-qa').waitFor();
    await page.getByTestId('paperwork-generate').click();
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('paperwork-file-staff-report.xlsx').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await fitsScreen(page);
  });

  it('an agent has no 台账 nor 话务质检: not in the nav, and the route sends her back', async () => {
    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, agents[0].login, agents[0].password);
    await page.locator('[data-testid="nav"] a').first().waitFor();
    const nav = await page.locator('[data-testid="nav"] a').evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')));
    expect(nav).not.toContain('nav-registers');
    expect(nav).not.toContain('nav-qa');
    await page.goto(`${stack.baseUrl}/#/registers?month=${MONTH}`);
    await page.waitForFunction(() => !location.hash.startsWith('#/registers'));
    expect(hashPath(page)).not.toBe('/registers');
    expect(await page.getByTestId('registers-tabs').count()).toBe(0);
  });
});
