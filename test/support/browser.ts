import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's headless Chromium, driven by playwright-core (no browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Pages each in a fresh browser profile (its own cookies, so each signs in as its own user) at 1920x1080; a script
 * error in the console is printed next to whatever step then times out. `close()` ends every profile opened.
 */
export function browserProfiles(browser: () => Browser): { newPage(): Promise<Page>; close(): Promise<void> } {
  const contexts: BrowserContext[] = [];
  return {
    async newPage() {
      const context = await browser().newContext({ viewport: { width: 1920, height: 1080 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`console script error: ${error.message}`));
      return page;
    },
    async close() {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    },
  };
}

/** The hash route a page shows (`#/users?x=1` → `/users`). */
export function hashPath(page: Page): string {
  const hash = new URL(page.url()).hash.replace(/^#/, '');
  return (hash || '/').split('?')[0];
}

/**
 * Opens the console's sign-in page and signs in through the form, as a person would.
 * @returns once the console left the sign-in page (to the first page the roles allow, or the password change).
 * @throws when the form shows an error instead (its text in the message).
 */
export async function signInThroughForm(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await fillSignInForm(page, login, password);
  const left = page.waitForURL((url) => !url.hash.startsWith('#/login'), { timeout: 15_000 }).then(() => null);
  const refused = page.getByTestId('login-error').waitFor({ timeout: 15_000 }).then(async () => `the form says: ${await page.getByTestId('login-error').textContent()}`);
  // the losing wait settles later (timeout or closed page): caught, never an unhandled rejection
  const error = await Promise.race([left, refused].map((p) => p.catch((e: unknown) => String(e))));
  if (error !== null) throw new Error(`sign-in of ${login} failed: ${error}`);
}

/** Types login and password into the sign-in form and submits it (the page must show the form). */
export async function fillSignInForm(page: Page, login: string, password: string): Promise<void> {
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
