/**
 * Issue 12, the console's 话单导入 page as a shift lead uses it: choose a CDR file, the mapping guessed from its
 * Chinese header, 预览检查 lists the bad row by number, the import of the good rows asks for confirmation, the
 * progress reaches 已完成 and the import is in the history. A planner has no such page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { browserProfiles, signInThroughForm } from './support/browser';
import { launchChromium } from './support/browser';
import { createStack, type Stack } from './support/stack';

describe('console: call-record import page', () => {
  let stack: Stack;
  let browser: Browser;
  let dir: string;
  const profiles = browserProfiles(() => browser);

  beforeAll(async () => {
    stack = await createStack('cdrui');
    await stack.startApi();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'cdrui-'));
  });
  afterAll(async () => {
    await profiles.close();
    await browser?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('previews, reports the bad row, imports the rest after confirmation and shows the progress', async () => {
    const file = join(dir, '话单.csv');
    writeFileSync(file, [
      '主叫号码,呼入时间,进队时间,应答时间,坐席工号,结束时间,挂机方,业务类型',
      '13812345678,2026-12-01 08:00:00,2026-12-01 08:00:30,2026-12-01 08:00:40,1001,2026-12-01 08:03:40,用户,驾驶证业务',
      '13912345678,2026-12-01 08:10:00,2026-12-01 08:10:20,,,2026-12-01 08:11:20,,机动车业务',
      '13712345678,不是时间,,,,2026-12-01 08:11:20,,其他',
      '13612345678,2026-12-01 09:00:00,,,,2026-12-01 09:01:00,,用户信息管理',
    ].join('\n'));
    const lead = await stack.createUser(['shift_lead']);
    const page = await profiles.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await signInThroughForm(page, stack.baseUrl, lead.login, lead.password);
    await page.goto(`${stack.baseUrl}/#/call-imports`);
    await page.getByText('话单导入（CDR）').waitFor();
    await page.getByTestId('file').setInputFiles(file);
    // the first rows as read, the caller masked
    await page.getByTestId('preview-rows').getByText('138****5678').waitFor();
    expect(await page.getByTestId('preview-rows').textContent()).not.toMatch(/13812345678/);
    // the mapping guessed from the header: check it
    await page.getByTestId('check').click();
    await page.getByTestId('stats').getByText('有效 3 行，重复 0 行，问题 1 行').waitFor();
    const bad = await page.getByTestId('bad-rows').textContent();
    expect(bad).toMatch(/4.*呼入时间.*"不是时间" is not a date-time/);
    await page.getByTestId('start').click();
    await page.getByText('文件中有 1 行问题数据').waitFor();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByTestId('job').getByText('已完成').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('job').textContent()).toMatch(/4 \/ 4 行/);
    await page.getByTestId('history').getByText('话单.csv').waitFor();
    await page.screenshot({ path: join(dir, 'call-import.png'), fullPage: true });
    writeFileSync('/tmp/call-import.png', await page.screenshot({ fullPage: false }));

    const planner = await stack.createUser(['planner']);
    const other = await profiles.newPage();
    await signInThroughForm(other, stack.baseUrl, planner.login, planner.password);
    expect(await other.getByRole('link', { name: '话单导入' }).count()).toBe(0);
  });
});
