/**
 * Issue 2: a browser opens the console during a replay and sees the connect rate move (issue 10: after signing in
 * through the form, as a shift lead; the live socket rides on the session).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SHARED, createStack, type Stack } from './support/stack';
import { hashPath, launchChromium, signInThroughForm } from './support/browser';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');

describe('the live console in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await createStack('console');
    await stack.startApi();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the day connect rate moving while a real day is replayed, in Chinese first, English on request', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // signed out, the console shows the sign-in form (and the socket stays closed)
    await page.goto(stack.baseUrl);
    await page.getByTestId('login-name').waitFor();
    expect(hashPath(page)).toBe('/login');
    const lead = await stack.createUser(['shift_lead'], { displayName: '王班长' });
    await signInThroughForm(page, stack.baseUrl, lead.login, lead.password);
    expect(hashPath(page)).toBe('/');
    await page.getByText('已连接').waitFor();
    const replay = stack.replay(BANK, ['--format', 'bank', '--day', '1999-02-02', '--shift-to', 'now', '--fast-forward-to', '09:00', '--speed', '3000']);
    const seen = new Set<string>();
    let done = false;
    void replay.finally(() => (done = true));
    while (!done || seen.size < 3) {
      const text = await page.getByTestId('day-connect-rate').textContent({ timeout: 30_000 }).catch(() => null);
      if (text && /\d+\.\d\d%/.test(text)) seen.add(text);
      if (done && seen.size < 3) break;
      await page.waitForTimeout(300);
    }
    await replay;
    expect(seen.size).toBeGreaterThanOrEqual(3);
    await expect(page.getByText('今日接通率').first().isVisible()).resolves.toBe(true);
    await page.getByTestId('locale').click();
    await page.getByText('Connect rate today').first().waitFor();
    // fits one 1920x1080 screen: nothing scrolls
    const overflow = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(overflow.w).toBeLessThanOrEqual(1920);
    expect(overflow.h).toBeLessThanOrEqual(1080);
  });
});
