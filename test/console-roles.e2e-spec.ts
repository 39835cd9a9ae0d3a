/**
 * Issue 10, the console per role: for every role a user signs in through the form and sees exactly the pages the
 * permission matrix allows (the nav, the home page, a forbidden hash route sent back, the roster tab's buttons);
 * a temporary password allows nothing but the password change; sign-out and an administrator's revocation return
 * to the sign-in page; wrong passwords and the lockout are told in Chinese; the users, audit and API-docs pages work.
 */
import type { Browser, Page } from 'playwright-core';
import { ROLES, ROLE_LABELS, type Role } from '@hotline/contracts';
import { browserProfiles, fillSignInForm, hashPath, launchChromium, signInThroughForm } from './support/browser';
import { createStack, strongPassword, type Stack } from './support/stack';

jest.setTimeout(180_000);

/**
 * The pages (nav links, in order) each role may open: the matrix of libs/contracts/src/permissions.ts as pages. A
 * role with many pages (the shift lead, the manager) finds them in the nav's menus (通话, 受理与知识, 月度与台账, 系统).
 */
const PAGES: Record<Role, string[]> = {
  agent: ['live', 'calls', 'desk', 'knowledge', 'api-docs'],
  shift_lead: ['live', 'calls', 'desk', 'call-imports', 'requests', 'knowledge', 'hot-topics', 'planner', 'month', 'registers', 'qa', 'dead-letters', 'intake', 'api-docs'],
  planner: ['live', 'planner', 'month', 'api-docs'],
  manager: ['live', 'calls', 'call-imports', 'requests', 'knowledge', 'hot-topics', 'planner', 'month', 'registers', 'qa', 'dead-letters', 'business-types', 'users', 'intake', 'wallboard-tokens', 'api-docs'],
  bureau: ['live', 'knowledge', 'hot-topics', 'planner', 'month', 'registers', 'qa', 'audit', 'api-docs'],
  admin: ['users', 'intake', 'wallboard-tokens', 'api-docs'],
  auditor: ['audit', 'api-docs'],
};
const PATHS: Record<string, string> = { live: '/', calls: '/calls', planner: '/planner', month: '/month', registers: '/registers', qa: '/qa', 'dead-letters': '/dead-letters', 'call-imports': '/call-imports', 'business-types': '/business-types', users: '/users', intake: '/intake', audit: '/audit', desk: '/desk', requests: '/requests', knowledge: '/knowledge', 'hot-topics': '/hot-topics', 'wallboard-tokens': '/wallboard-tokens', 'api-docs': '/api-docs' };
/**
 * Who sees the hot-topics page's 重复来电 tab (masked callers: never the bureau, whose console asks for no caller) and
 * the knowledge page's 待审核 tab (the publisher only), per role that opens the page.
 */
const REPEAT_TAB: Partial<Record<Role, boolean>> = { shift_lead: true, manager: true, bureau: false };
const REVIEW_TAB: Partial<Record<Role, boolean>> = { agent: false, shift_lead: false, manager: true, bureau: false };
/** The planner page's tabs each role sees, and whether the roster tab offers planning and publishing. */
const PLANNER: Partial<Record<Role, { tabs: string[]; write: boolean; publish: boolean }>> = {
  shift_lead: { tabs: ['forecast', 'roster'], write: false, publish: false },
  planner: { tabs: ['forecast', 'roster'], write: true, publish: true },
  manager: { tabs: ['forecast', 'roster'], write: true, publish: true },
  bureau: { tabs: ['roster'], write: false, publish: false },
};

describe('the console per role', () => {
  let stack: Stack;
  let browser: Browser;
  const profiles = browserProfiles(() => browser);

  beforeAll(async () => {
    stack = await createStack('console_roles');
    await stack.startApi();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  const newPage = (): Promise<Page> => profiles.newPage();

  const navItems = (page: Page): Promise<string[]> =>
    page.locator('[data-testid="nav"] a').evaluateAll((links) => links.map((a) => (a.getAttribute('data-testid') ?? '').replace(/^nav-/, '')));

  /**
   * The nav fits its 56 px header on one row, in Chinese and in English, and every page's link can be seen: in the
   * bar, or in its menu once the menu is opened (hovered, as a mouse does; the keyboard opens it with Enter).
   */
  async function navFitsAndReaches(page: Page, names: string[]): Promise<void> {
    for (const language of ['en', 'zh-CN']) {
      await page.getByTestId('locale').click();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
      const nav = await page.getByTestId('nav').boundingBox();
      expect(nav?.height).toBeLessThanOrEqual(56);
      const header = await page.evaluate(() => document.querySelector('header')?.scrollWidth ?? 0);
      expect(header).toBeLessThanOrEqual(1920);
    }
    for (const name of names) {
      const link = page.getByTestId(`nav-${name}`);
      if (!(await link.isVisible())) {
        await page.locator('[data-testid^="nav-menu-"]', { has: link }).locator('[data-testid^="nav-group-"]').hover();
        await link.waitFor({ state: 'visible' });
      }
    }
    await page.mouse.move(960, 900);
  }

  /** The document does not scroll at 1920x1080 (the page's own panels scroll inside). */
  async function fitsScreen(page: Page): Promise<void> {
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(size.w).toBeLessThanOrEqual(1920);
    expect(size.h).toBeLessThanOrEqual(1080);
  }

  it('covers every role of the matrix', () => {
    expect(Object.keys(PAGES).sort()).toEqual([...ROLES].sort());
  });

  it.each([...ROLES])('%s: signs in through the form and sees only the pages the role may see', async (role) => {
    const user = await stack.createUser([role], { displayName: `测试${ROLE_LABELS[role]['zh-CN']}` });
    const page = await newPage();

    // signed out: any page leads to the sign-in form
    await page.goto(`${stack.baseUrl}/#/month`);
    await page.getByTestId('login-name').waitFor();
    expect(hashPath(page)).toBe('/login');
    expect(await page.locator('[data-testid="nav"] a').count()).toBe(0);

    // sign in: the page the user was going to if allowed, else the first the role may see
    await fillSignInForm(page, user.login, user.password);
    const expected = PAGES[role];
    await page.waitForURL((url) => !url.hash.startsWith('#/login'));
    await page.locator('[data-testid="nav"] a').first().waitFor();
    expect(hashPath(page)).toBe(expected.includes('month') ? '/month' : PATHS[expected[0]]);
    expect(await navItems(page)).toEqual(expected);
    await navFitsAndReaches(page, expected);
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe(`测试${ROLE_LABELS[role]['zh-CN']}`);
    await expect(page.getByTestId('user-roles').textContent()).resolves.toContain(ROLE_LABELS[role]['zh-CN']);
    // the live status shows only for roles that receive the live floor
    expect(await page.getByTestId('connection').count()).toBe(expected.includes('live') ? 1 : 0);
    if (expected.includes('live')) await page.getByText('已连接').waitFor();

    // every allowed page opens; a forbidden hash route is sent back to the first allowed page
    for (const name of expected) {
      await page.goto(`${stack.baseUrl}/#${PATHS[name]}`);
      await page.waitForFunction((path) => (location.hash.replace(/^#/, '') || '/').split('?')[0] === path, PATHS[name]);
    }
    const forbidden = Object.keys(PATHS).filter((name) => !expected.includes(name));
    expect(forbidden.length).toBeGreaterThan(0);
    for (const name of forbidden) {
      await page.goto(`${stack.baseUrl}/#${PATHS[name]}`);
      await page.waitForFunction((path) => (location.hash.replace(/^#/, '') || '/').split('?')[0] === path, PATHS[expected[0]]);
    }

    // the planner page: tabs by permission, planning and publishing only with roster.write / roster.publish
    const planner = PLANNER[role];
    if (planner) {
      await page.goto(`${stack.baseUrl}/#/planner`);
      await page.getByTestId(`tab-${planner.tabs[0]}`).waitFor();
      const tabs = await page.locator('[data-testid^="tab-"]').evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace(/^tab-/, '')));
      expect(tabs).toEqual(planner.tabs);
      await page.getByTestId('tab-roster').click();
      await page.getByTestId('roster-tab').waitFor();
      expect(await page.getByTestId('roster-publish').count()).toBe(planner.publish ? 1 : 0);
      expect(await page.getByTestId('roster-new').count()).toBe(planner.write ? 1 : 0);
    }

    // the hot topics' repeat-caller tab only with requests.read (the bureau's console asks no /api/requests at all);
    // the knowledge review queue only for the publisher
    if (REPEAT_TAB[role] !== undefined) {
      const asked: string[] = [];
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await page.goto(`${stack.baseUrl}/#/hot-topics`);
      await page.getByTestId('hot-rank-table').waitFor();
      expect(await page.getByTestId('hot-tab-repeat').count()).toBe(REPEAT_TAB[role] ? 1 : 0);
      if (!REPEAT_TAB[role]) expect(asked.filter((path) => path.startsWith('/api/requests'))).toEqual([]);
    }
    if (REVIEW_TAB[role] !== undefined) {
      await page.goto(`${stack.baseUrl}/#/knowledge`);
      await page.getByTestId('kb-tab-search').waitFor();
      expect(await page.getByTestId('kb-tab-review').count()).toBe(REVIEW_TAB[role] ? 1 : 0);
    }

    // sign out: back to the sign-in page, and the session is gone (the console cannot come back without signing in)
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.hash.startsWith('#/login'));
    await page.getByTestId('login-notice').waitFor();
    await expect(page.getByTestId('login-notice').textContent()).resolves.toContain('您已退出登录');
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
    expect(me).toBe(401);
    await page.goto(`${stack.baseUrl}/#${PATHS[expected[0]]}`);
    await page.getByTestId('login-name').waitFor();
    expect(hashPath(page)).toBe('/login');
  });

  it('a temporary password allows nothing but changing it, with the policy shown as it is typed', async () => {
    const user = await stack.createUser(['planner'], { temporary: true, displayName: '新排班员' });
    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    expect(hashPath(page)).toBe('/account');
    await page.getByTestId('must-change').waitFor();
    expect(await page.locator('[data-testid="nav"] a').count()).toBe(0);
    expect(await page.getByTestId('connection').count()).toBe(0);

    // no other page opens
    await page.goto(`${stack.baseUrl}/#/planner`);
    await page.waitForFunction(() => location.hash.startsWith('#/account'));
    await page.getByTestId('must-change').waitFor();

    // the policy follows the typing; a weak password cannot be submitted
    await page.getByTestId('password-current').fill(user.password);
    await page.getByTestId('password-new').fill('short');
    await expect(page.getByTestId('rule-length').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('rule-classes').getAttribute('data-ok')).resolves.toBe('false');
    await page.getByTestId('password-repeat').fill('short');
    await expect(page.getByTestId('password-submit').isDisabled()).resolves.toBe(true);
    const next = strongPassword();
    await page.getByTestId('password-new').fill(`${user.login}${next}`);
    await expect(page.getByTestId('rule-login').getAttribute('data-ok')).resolves.toBe('false');
    await page.getByTestId('password-new').fill(next);
    await page.getByTestId('password-repeat').fill(next);
    await expect(page.getByTestId('rule-length').getAttribute('data-ok')).resolves.toBe('true');
    await expect(page.getByTestId('rule-classes').getAttribute('data-ok')).resolves.toBe('true');
    await expect(page.getByTestId('rule-login').getAttribute('data-ok')).resolves.toBe('true');

    // reusing the current password is refused by the server, in Chinese
    await page.getByTestId('password-new').fill(user.password);
    await page.getByTestId('password-repeat').fill(user.password);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').waitFor();
    await expect(page.getByTestId('password-error').textContent()).resolves.toContain('最近 5 次');

    await page.getByTestId('password-new').fill(next);
    await page.getByTestId('password-repeat').fill(next);
    await page.getByTestId('password-submit').click();
    await page.waitForFunction(() => location.hash === '#/');
    expect(await navItems(page)).toEqual(PAGES.planner);
    await page.getByText('已连接').waitFor();

    // the new password signs in, the temporary one no longer does
    const other = await newPage();
    await other.goto(`${stack.baseUrl}/#/login`);
    await fillSignInForm(other, user.login, user.password);
    await expect(other.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码错误');
    await signInThroughForm(other, stack.baseUrl, user.login, next);
    expect(hashPath(other)).toBe('/');
  });

  it('tells wrong passwords and the lockout in Chinese', async () => {
    const user = await stack.createUser(['agent']);
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/#/login`);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('请输入用户名和密码');
    await fillSignInForm(page, user.login, 'Wrong-password-1');
    await page.getByText('用户名或密码错误').waitFor();
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password: `Wrong-password-${i + 2}` }) });
      expect(res.status).toBe(401);
    }
    // the sixth attempt, even with the right password: locked, with the minutes left
    await fillSignInForm(page, user.login, user.password);
    await page.getByText(/账户已锁定.*\d+ 分钟后再试/).waitFor();
    expect(hashPath(page)).toBe('/login');
  });

  it('an administrator manages users and ends a session; the user is sent to sign in with 会话已结束', async () => {
    const admin = await stack.createUser(['admin'], { displayName: '系统管理员甲' });
    const agent = await stack.createUser(['agent'], { displayName: '坐席乙', agentId: 'A07' });
    const agentPage = await newPage();
    await signInThroughForm(agentPage, stack.baseUrl, agent.login, agent.password);
    await agentPage.getByText('已连接').waitFor();

    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, admin.login, admin.password);
    expect(hashPath(page)).toBe('/users');
    const users = page.getByTestId('users-table');
    await users.getByText(agent.login, { exact: true }).waitFor();
    await expect(users.locator('tr', { hasText: agent.login }).textContent()).resolves.toContain('A07');
    await fitsScreen(page);

    // create a user with a temporary password (the policy applies)
    const login = 'newshiftlead';
    const temporary = strongPassword();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-login').fill(login);
    await page.getByTestId('user-form-name').fill('新班长');
    await page.getByTestId('user-form-role-shift_lead').click();
    await page.getByTestId('user-form-password').fill('weak');
    await expect(page.getByTestId('user-form-submit').isDisabled()).resolves.toBe(true);
    await page.getByTestId('user-form-password').fill(temporary);
    await page.getByTestId('user-form-submit').click();
    await users.getByText(login, { exact: true }).waitFor();
    await expect(users.locator('tr', { hasText: login }).textContent()).resolves.toContain('临时密码');
    const created = await stack.db.query<{ roles: string[]; mustChangePassword: boolean }>('SELECT roles, "mustChangePassword" FROM "User" WHERE login = $1', [login]);
    expect(created.rows[0]).toEqual({ roles: ['shift_lead'], mustChangePassword: true });

    // the agent's session is listed; ending it sends the agent's console to the sign-in page at once
    const sessions = page.getByTestId('sessions-table');
    await sessions.getByText(agent.login, { exact: true }).waitFor();
    await page.getByTestId(`session-revoke-${agent.login}`).first().click();
    await page.locator('.el-message-box').getByRole('button', { name: '终止会话' }).click();
    await agentPage.waitForURL((url) => url.hash.startsWith('#/login'), { timeout: 15_000 });
    await agentPage.getByTestId('login-notice').waitFor();
    await expect(agentPage.getByTestId('login-notice').textContent()).resolves.toContain('会话已结束');

    // disabling the new user shows in the table; the audit trail names the administrator
    await page.getByTestId(`user-toggle-${login}`).click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await users.locator('tr', { hasText: login }).getByText('已停用').waitFor();
    const audit = await stack.db.query<{ action: string }>(`SELECT action FROM "AuditLog" WHERE "actorLogin" = $1 ORDER BY id`, [admin.login]);
    expect(audit.rows.length).toBeGreaterThanOrEqual(3);
  });

  it('the auditor reads and filters the audit trail, with the detail of an entry', async () => {
    const auditor = await stack.createUser(['auditor']);
    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, auditor.login, auditor.password);
    expect(hashPath(page)).toBe('/audit');
    const table = page.getByTestId('audit-table');
    await table.getByText('auth.login', { exact: true }).first().waitFor();
    await page.getByTestId('audit-action').fill('auth.login.failed');
    await page.getByTestId('audit-search').click();
    await page.waitForFunction(() => {
      const cells = Array.from(document.querySelectorAll('[data-testid="audit-table"] .el-table__body tr.el-table__row'));
      return cells.length > 0 && cells.every((row) => row.textContent?.includes('auth.login.failed'));
    });
    // a failed sign-in's detail: why, and the attempted login
    await table.locator('.el-table__expand-icon').first().click();
    await expect(page.getByTestId('audit-detail').first().textContent()).resolves.toMatch(/"reason"/);
    await fitsScreen(page);
  });

  it('any signed-in user reads the API docs: operations by tag with their permission and roles', async () => {
    const agent = await stack.createUser(['agent']);
    const page = await newPage();
    await signInThroughForm(page, stack.baseUrl, agent.login, agent.password);
    await page.goto(`${stack.baseUrl}/#/api-docs`);
    const login = page.getByTestId('op-login');
    await login.waitFor();
    await expect(login.textContent()).resolves.toContain('/api/auth/login');
    const users = page.getByTestId('op-createUser');
    await expect(users.textContent()).resolves.toContain('users.write');
    await expect(users.textContent()).resolves.toContain('系统管理员');
    await users.locator('summary').first().click();
    await expect(users.locator('details.schema').first().textContent()).resolves.toContain('请求体');
    await users.locator('details.schema summary').first().click();
    await expect(users.locator('details.schema pre').first().textContent()).resolves.toContain('"roles"');
  });
});
