/**
 * Issue 4: the score of any month over the ledger, its projection and budget while the month runs, the contract
 * year; and the console's 月度考核 page showing them. Issue 11 ("an honest score"): with no register closed, every
 * register item is pending and the score is provisional, a range, in the API, the CLI's library and on the page,
 * never full marks by assumption.
 *
 * Needs `npm run build` first (the stack runs the built API and serves the built console).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import { scoreMonth, type MonthReport, type YearReport } from '@hotline/scoring';
import { SHARED, createStack, type Stack } from './support/stack';
import { launchChromium, signInThroughForm } from './support/browser';
import { expectedFromBank } from './support/expected';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');

describe('month-end score over the ledger', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await createStack('scoring');
    await stack.startApi();
    await stack.replay(BANK, ['--format', 'bank', '--speed', 'max']);
    await stack.waitForIdle();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('scores the month so far exactly as the scoring library does on the ledger\'s counts, and projects the rest', async () => {
    const { status, body } = await stack.getJson<MonthReport>('/api/score/month?month=1999-02');
    expect(status).toBe(200);
    const expected = expectedFromBank(BANK);
    expect(body.figures).toMatchObject({ requests: expected.requests, agentAnswered: expected.agentAnswered, ivrAnswered: expected.ivrAnswered });
    expect(body.complete).toBe(false); // the feed clock stands on 21 February
    expect(body.score.rates.connectRatePercent).toBe('87.88');
    // no register is closed: every register item is pending, the total and coefficient a range, the same as the library's
    const lib = scoreMonth(body.figures);
    expect(body.score.total).toBeNull();
    expect(body.score.coefficient).toBeNull();
    expect(body).toMatchObject({ provisional: true, pendingItems: ['confidentiality', 'reporting', 'satisfaction', 'complaints', 'training', 'qa'] });
    expect(body.score).toMatchObject({ provisional: true, totalMin: lib.totalMin, totalMax: lib.totalMax, coefficientMin: lib.coefficientMin, coefficientMax: lib.coefficientMax });
    expect(body.score.totalMin).toBe('22'); // the connect item only (87.88 %: -3)
    expect(body.score.totalMax).toBe('99'); // 22 + 75 + 2
    for (const item of body.score.items.filter((i) => i.item !== 'connect')) {
      expect(item).toMatchObject({ points: null, pending: true, pointsMin: '0' });
      expect(item.notes.some((r) => r.pending === true)).toBe(true);
    }
    // the ledger has every day up to the feed clock's day
    expect(body.missingDays).toEqual([]);
    const connect = body.score.items.find((i) => i.item === 'connect')!;
    expect(connect.deductions[0]).toMatchObject({ code: 'connect.shortfall', points: '-3' }); // 87.88 %: three started points short
    const p = body.projection!;
    expect(Number(p.connectRate!.low95)).toBeLessThanOrEqual(Number(p.connectRate!.mid));
    expect(Number(p.connectRate!.mid)).toBeLessThanOrEqual(Number(p.connectRate!.high95));
    expect(Number(p.forecast.remainingRequests)).toBeGreaterThan(0);
    // the budget: the most of the N remaining requests that may be lost with the month still stated >= 90.00 %
    const n = Number(p.budget.remainingRequests);
    const connected = expected.agentAnswered + expected.ivrAnswered;
    const budget = Math.floor(connected + n - 0.89995 * (expected.requests + n) + 1e-9);
    expect(Number(p.budget.lostBudget)).toBe(budget);
    expect(p.budget.status).toBe(budget < 0 ? 'unreachable' : budget >= n ? 'secured' : 'open');
  });

  it('the contract year: months, quarter, renewal count', async () => {
    const { body } = await stack.getJson<YearReport>('/api/score/year?year=1999');
    expect(body.months.map((m) => m.month)).toEqual(['1999-02']);
    expect(body.months[0]).toMatchObject({ total: null, coefficient: null, provisional: true, totalMin: '22', totalMax: '99', missingDays: 0 });
    expect(body.contractYear.monthsAtLeast90).toBe(0);
  });

  it('a bad month is a 400 naming the field', async () => {
    const res = await stack.getJson<{ field: string }>('/api/score/month?month=1999-13');
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('month');
  });

  it('an outage window registered for a day takes that day out of the connect rate, live and in the ledger reports', async () => {
    const expected = expectedFromBank(BANK);
    const before = await stack.getJson<KpiReport>('/api/kpi?from=1999-02-01&to=1999-02-28');
    const post = (body: unknown) => stack.fetch(`/api/registers/outages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await post({ startsAt: '1999-02-21T00:00:00+08:00', endsAt: '1999-02-20T00:00:00+08:00', reason: 'x' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('endsAt');
    const res = await post({ startsAt: '1999-02-21T00:00:00+08:00', endsAt: '1999-02-22T00:00:00+08:00', reason: 'provincial platform link down' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const after = await stack.getJson<KpiReport>('/api/kpi?from=1999-02-01&to=1999-02-28');
    const day21 = expected.perDay['1999-02-21'];
    expect(after.body.excludedOutage).toBe(day21.requests);
    expect(after.body.requests).toBe(before.body.requests - day21.requests);
    const live = await stack.getJson<LiveSnapshot>('/api/live/snapshot');
    expect(live.body.month.connectRate).toBe(after.body.connectRate);
    const month = await stack.getJson<MonthReport>('/api/score/month?month=1999-02');
    expect(month.body.score.rates.connectRatePercent).toBe(after.body.connectRate);
    expect((await stack.fetch(`/api/registers/outages/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await stack.getJson<KpiReport>('/api/kpi?from=1999-02-01&to=1999-02-28')).body.connectRate).toBe(before.body.connectRate);
    expect((await stack.fetch(`/api/registers/outages/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('the 月度考核 page shows the provisional total and coefficient ranges, the pending items (never full marks) and the projection', async () => {
    const { body } = await stack.getJson<MonthReport>('/api/score/month?month=1999-02');
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const user = await stack.createUser(['shift_lead', 'planner']);
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    await page.goto(`${stack.baseUrl}/#/month`);
    await page.getByTestId('total').waitFor();
    expect(await page.getByTestId('total').textContent()).toBe(`${body.score.totalMin} – ${body.score.totalMax}`);
    expect(await page.getByTestId('coefficient').textContent()).toBe(`${body.score.coefficientMin} – ${body.score.coefficientMax}`);
    expect(await page.getByTestId('provisional').textContent()).toBe('暂定');
    for (const item of body.score.items.filter((i) => i.pending)) {
      expect(await page.getByTestId(`points-${item.item}`).textContent()).toBe(`待定 ${item.pointsMin} – ${item.pointsMax}`);
    }
    expect(await page.getByTestId('points-training').textContent()).toBe('待定 0 – 10');
    expect(await page.locator('.month-page').textContent()).not.toContain('暂按满分');
    expect(await page.getByTestId('projected-connect').textContent()).toBe(`${body.projection!.connectRate!.mid}%`);
    expect(await page.getByTestId('lost-budget').textContent()).toBe(body.projection!.budget.lostBudget);
    await page.goto(`${stack.baseUrl}/#/`);
    await page.getByTestId('month-budget').waitFor();
  });
});
