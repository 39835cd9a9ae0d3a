/**
 * Issue 11 finding 21: the console ships its own CJK font (Noto Sans SC from @fontsource/noto-sans-sc, bundled by
 * Vite), so Chinese is drawn as glyphs on a machine without system CJK fonts (this test machine has none) instead of
 * boxes. Checks the built console's font files, the face the sign-in page loads, and that the glyphs of two different
 * Chinese characters differ when drawn (boxes would all look the same). Set CONSOLE_FONT_SHOT=FILE.png to keep a
 * screenshot of the sign-in page.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserProfiles, launchChromium } from './support/browser';
import { ROOT, createStack, type Stack } from './support/stack';

jest.setTimeout(120_000);

/**
 * Draws each character alone on a canvas in `font` and returns its pixels as a string of alpha values: two different
 * characters drawn with real glyphs give different pixels; drawn as missing-glyph boxes they give the same.
 */
function glyphPixels(page: Page, font: string, chars: string[]): Promise<string[]> {
  return page.evaluate(
    async ({ font, chars }) => {
      await document.fonts.load(font, chars.join(''));
      return chars.map((ch) => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        const ctx = canvas.getContext('2d')!;
        ctx.font = font;
        ctx.textBaseline = 'top';
        ctx.fillStyle = '#000';
        ctx.fillText(ch, 8, 8);
        const data = ctx.getImageData(0, 0, 64, 64).data;
        let out = '';
        for (let i = 3; i < data.length; i += 4) out += data[i] > 127 ? '#' : '.';
        return out;
      });
    },
    { font, chars },
  );
}

describe('the console font', () => {
  let stack: Stack;
  let browser: Browser;
  const profiles = browserProfiles(() => browser);

  beforeAll(async () => {
    stack = await createStack('console_font');
    await stack.startApi();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
  });

  it('is bundled: the built console has the Noto Sans SC woff2 slices (fontsource unicode-range subsets), regular and bold', () => {
    const assets = readdirSync(join(ROOT, 'apps', 'console', 'dist', 'assets'));
    for (const weight of [400, 700]) {
      const slices = assets.filter((f) => new RegExp(`^noto-sans-sc-\\d+-${weight}-normal-.*\\.woff2$`).test(f));
      expect(slices.length).toBeGreaterThan(50);
    }
  });

  it('renders a Chinese label in the shipped font (the platform font Chromium reports) and loads only the slices the page needs', async () => {
    const page = await profiles.newPage();
    const fontFiles: string[] = [];
    page.on('request', (r) => {
      if (/noto-sans-sc-.*\.woff2$/.test(r.url())) fontFiles.push(r.url());
    });
    await page.goto(`${stack.baseUrl}/#/login`);
    await page.getByText('登录 HotlineOps').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => {
      const title = Array.from(document.querySelectorAll('h2')).find((h) => h.textContent?.trim() === '登录 HotlineOps');
      title?.setAttribute('data-font-probe', '');
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-font-probe]' });
    expect(nodeId).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    // every glyph of the title (登录 and the Latin letters) is drawn by the shipped web font, none by a system font
    expect(fonts.length).toBeGreaterThan(0);
    // (the woff2 slices name their family after the variable font's default instance: "Noto Sans SC Thin")
    for (const f of fonts) expect({ family: f.familyName, custom: f.isCustomFont }).toEqual({ family: expect.stringMatching(/^Noto Sans SC\b/), custom: true });
    // the unicode-range slices: the sign-in page fetches a few of them, not the whole font
    const available = readdirSync(join(ROOT, 'apps', 'console', 'dist', 'assets')).filter((f) => /^noto-sans-sc-\d+-\d00-normal-.*\.woff2$/.test(f)).length;
    expect(fontFiles.length).toBeGreaterThan(0);
    expect(fontFiles.length).toBeLessThan(available / 4);
  });

  it('draws the sign-in page with Noto Sans SC: the face is loaded and Chinese characters are glyphs, not boxes', async () => {
    const page = await profiles.newPage();
    await page.goto(`${stack.baseUrl}/#/login`);
    await page.getByTestId('login-submit').waitFor();
    await page.evaluate(() => document.fonts.ready);
    const state = await page.evaluate(async () => {
      await document.fonts.load('16px "Noto Sans SC"', '登录');
      await document.fonts.load('bold 16px "Noto Sans SC"', '登录');
      return {
        check: document.fonts.check('16px "Noto Sans SC"', '登录'),
        faces: (() => {
          const out: { weight: string; status: string }[] = [];
          document.fonts.forEach((f) => {
            if (f.family.replace(/["']/g, '') === 'Noto Sans SC') out.push({ weight: f.weight, status: f.status });
          });
          return out;
        })(),
        family: getComputedStyle(document.querySelector('[data-testid="login-submit"]')!).fontFamily,
        bodyFamily: getComputedStyle(document.body).fontFamily,
      };
    });
    expect(state.check).toBe(true);
    expect(state.faces).toEqual(expect.arrayContaining([{ weight: '400', status: 'loaded' }, { weight: '700', status: 'loaded' }]));
    // the page and its buttons name it first
    expect(state.bodyFamily).toMatch(/^"?Noto Sans SC"?,/);
    expect(state.family).toMatch(/^"?Noto Sans SC"?,/);

    // real glyphs: 登 and 录 differ, and each has ink
    const [deng, lu] = await glyphPixels(page, '32px "Noto Sans SC"', ['登', '录']);
    expect(deng).toContain('#');
    expect(lu).toContain('#');
    expect(deng).not.toBe(lu);

    // the sign-in title is in the page, drawn as a person sees it
    await page.getByText('登录 HotlineOps').first().waitFor();
    if (process.env.CONSOLE_FONT_SHOT) await page.screenshot({ path: process.env.CONSOLE_FONT_SHOT });
  });
});
