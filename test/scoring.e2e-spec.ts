/**
 * Issue 4: the score of any month over the ledger, its projection and budget while the month runs, the contract
 * year; and the console's 月度考核 page showing them. Issue 11 ("an honest score"): with no register closed, every
 * register item is pending and the score is provisional, a range, in the API, the CLI's library and on the page,
 * never full marks by assumption. The connect item too is pending while the month runs (the month-to-date rate is
 * shown, the month-end one is open) and for a month without any request (no data); the year endpoint gives the
 * same month result; the page shows beside a pending item what its register holds so far.
 *
 * Needs `npm run build` first (the stack runs the built API and serves the built console).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import { openMonthRange, scoreMonth, scoreQuarter, type MonthReport, type YearReport } from '@hotline/scoring';
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
    expect(body.score.rates.connectRatePercent).toBe('87.88'); // month to date
    // the month runs and no register is closed: every item is pending, the connect item too, exactly as the
    // library scores a running month (feedFinal: false) on the same figures
    expect(body.score).toEqual(JSON.parse(JSON.stringify(scoreMonth(body.figures, undefined, { feedFinal: false }))));
    expect(body.score.total).toBeNull();
    expect(body.score.coefficient).toBeNull();
    expect(body).toMatchObject({ provisional: true, pendingItems: ['confidentiality', 'reporting', 'connect', 'satisfaction', 'complaints', 'training', 'qa'] });
    expect(body.score).toMatchObject({ provisional: true, totalMin: '0', totalMax: '104', coefficientMin: '0.50', coefficientMax: '1.00' });
    for (const item of body.score.items) {
      expect(item).toMatchObject({ points: null, pending: true, pointsMin: '0' });
      expect(item.notes.some((r) => r.pending === true)).toBe(true);
    }
    // the connect item: not the month-to-date points for certain (87.88 % would be 22 if the month ended now), but open
    const connect = body.score.items.find((i) => i.item === 'connect')!;
    expect(connect).toMatchObject({ pointsMin: '0', pointsMax: '27', deductions: [], bonuses: [] });
    expect(connect.notes).toEqual([{ code: 'connect.pending', count: null, points: '0', detail: { unknown: 'connectRate', cause: 'month-running', monthToDatePercent: '87.88' }, pending: true }]);
    expect(scoreMonth(body.figures).items.find((i) => i.item === 'connect')).toMatchObject({ points: '22', deductions: [{ code: 'connect.shortfall', points: '-3' }] });
    // the ledger has every day up to the feed clock's day
    expect(body.missingDays).toEqual([]);
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

  it('the contract year: the same month result as the month endpoint, the quarter from its range, the renewal count', async () => {
    const { body } = await stack.getJson<YearReport>('/api/score/year?year=1999');
    const month = (await stack.getJson<MonthReport>('/api/score/month?month=1999-02')).body;
    // January has no request: before the contract year's first month with data, not listed
    expect(body.months.map((m) => m.month)).toEqual(['1999-02']);
    const { total, coefficient, provisional, totalMin, totalMax, coefficientMin, coefficientMax } = month.score;
    expect(body.months[0]).toEqual({
      month: '1999-02', complete: false, requests: month.figures.requests, connectRatePercent: '87.88',
      total, coefficient, provisional, totalMin, totalMax, coefficientMin, coefficientMax, missingDays: 0,
    });
    // Q1: February's range (as the month endpoint gives it) and March to come (open)
    expect(body.quarters).toHaveLength(1);
    expect(body.quarters[0]).toEqual({ quarter: 1, complete: false, missingDays: 0, ...scoreQuarter([{ min: totalMin, max: totalMax }, openMonthRange()]) });
    expect(body.quarters[0]).toMatchObject({ provisional: true, meanScore: null, meanScoreMin: '0.00', meanScoreMax: '104.00' });
    expect(body.contractYear).toMatchObject({ monthsScored: 0, monthsAtLeast90: 0, monthsRemaining: 12 });
  });

  it('a month over with no request at all in the ledger is unknown (no data), never connect full marks', async () => {
    const { status, body } = await stack.getJson<MonthReport>('/api/score/month?month=1999-01');
    expect(status).toBe(200);
    expect(body).toMatchObject({ complete: true, projection: null });
    expect(body.figures.requests).toBe(0);
    expect(body.missingDays).toHaveLength(31);
    const connect = body.score.items.find((i) => i.item === 'connect')!;
    expect(connect).toMatchObject({ points: null, pending: true, pointsMin: '0', pointsMax: '27', notes: [{ code: 'connect.pending', detail: { cause: 'no-data' } }] });
    expect(JSON.stringify(body.score)).not.toContain('connect.noRequests');
    expect(body.score).toMatchObject({ provisional: true, total: null, totalMin: '0', totalMax: '104' });
    expect(body.pendingItems).toContain('connect');
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

  it('the 月度考核 page shows the provisional total and coefficient ranges, the pending items (never full marks) with what their registers hold so far, and the projection', async () => {
    // one training held so far in February: the trainings register is still open, so the item stays pending. The
    // register's API takes sessions from the previous quarter on (by the wall clock, entry-window.ts), so the
    // replayed 1999 month's session is stored as if it had been recorded then.
    const lead = await stack.signIn(['shift_lead']);
    const trainee = await stack.createUser(['agent'], { agentId: 'B1', displayName: '张三' });
    await stack.db.query(
      `INSERT INTO "TrainingSession" (month, date, topic, title, trainer, "durationMinutes", status, attendees, "createdById", "updatedAt")
       VALUES ('1999-02', '1999-02-10', 'confidentiality', '保密制度培训', '王老师', 90, 'held', $1, $2, now())`,
      [[trainee.id], lead.userId],
    );
    const { body } = await stack.getJson<MonthReport>('/api/score/month?month=1999-02');
    expect(body.pendingItems).toContain('training');
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const user = await stack.createUser(['shift_lead', 'planner']);
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    await page.goto(`${stack.baseUrl}/#/month`);
    await page.getByTestId('total').waitFor();
    expect(await page.getByTestId('total').textContent()).toBe(`${body.score.totalMin} – ${body.score.totalMax}`);
    expect(await page.getByTestId('total').textContent()).toBe('0 – 104');
    expect(await page.getByTestId('coefficient').textContent()).toBe(`${body.score.coefficientMin} – ${body.score.coefficientMax}`);
    expect(await page.getByTestId('provisional').textContent()).toBe('暂定');
    for (const item of body.score.items.filter((i) => i.pending)) {
      expect(await page.getByTestId(`points-${item.item}`).textContent()).toBe(`待定 ${item.pointsMin} – ${item.pointsMax}`);
    }
    expect(await page.getByTestId('points-training').textContent()).toBe('待定 0 – 10');
    // the connect item is pending while the month runs; the month-to-date rate is shown beside it and in the KPI line
    expect(await page.getByTestId('points-connect').textContent()).toBe('待定 0 – 27');
    expect(await page.getByTestId('item-connect').textContent()).toContain('本月尚未结束，月末接通率未定（至今 87.88%）');
    expect(await page.getByTestId('month-connect').textContent()).toBe('87.88%');
    // what the registers hold so far, instead of "not recorded"
    await page.getByTestId('so-far-training').waitFor();
    expect(await page.getByTestId('so-far-training').textContent()).toBe('登记未关闭 · 已登记：培训 1 次');
    expect(await page.getByTestId('so-far-qa').textContent()).toBe(`登记未关闭 · 已登记：抽检已评 0 通，复核差错 0 次，定额 ${body.score.qaQuota} 通`);
    expect(await page.getByTestId('so-far-complaints').textContent()).toBe('登记未关闭 · 已登记：有责投诉 0 件');
    const text = await page.locator('.month-page').textContent();
    expect(text).not.toContain('暂按满分');
    expect(text).not.toContain('尚未登记');
    // the year panel and the quarter give the same range as the month
    expect(await page.getByTestId('year-1999-02').textContent()).toContain('0 – 104');
    expect(await page.getByTestId('quarter-1').textContent()).toContain('0.00 – 104.00');
    expect(await page.getByTestId('projected-connect').textContent()).toBe(`${body.projection!.connectRate!.mid}%`);
    expect(await page.getByTestId('lost-budget').textContent()).toBe(body.projection!.budget.lostBudget);
    await page.goto(`${stack.baseUrl}/#/`);
    await page.getByTestId('month-budget').waitFor();
  });
});
