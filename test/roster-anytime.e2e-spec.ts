/**
 * Anytime solving (issue 17) end to end, against the built API (`npm run build` first), a database and a Redis key
 * prefix of the test's own: a planning job with a background budget answers at its time limit (a draft the job's
 * result names while it is still active), then stores each better roster as a new draft version based on the one
 * before, with its objective, bound and gap in the job's progress, until the search ends by itself; a planner's stop
 * keeps the best version (an agent may not stop it), a cancel discards the job's drafts. Every answer is parsed with
 * the contract's schemas. In the console the planner sees the job improve (version, objective, gap), the better
 * version replaces the draft shown, and the stop button ends it with the reason.
 */
import { API, PlanStarted, RosterJob, StoppingJob, VersionDetail, type BodyOf } from '@hotline/contracts';
import type { Browser } from 'playwright-core';
import { launchChromium, signInThroughForm } from './support/browser';
import { versionsNamed } from './support/roster-plan';
import { type ApiClient, type Stack, createStack } from './support/stack';

jest.setTimeout(300_000);

/**
 * 14 days from 2025-12-01, a floor manager and five agents, an uneven forecast (a morning and an afternoon peak,
 * quieter weekends), no minimum on duty (so that every roster found keeps the rules), a time limit of 1 s: the search
 * has no time for its first neighbourhood, so the answer is the greedy roster, which the background search improves.
 */
function plan(name: string, improveSeconds: number, improveStallSeconds: number): BodyOf<typeof API.rosterPlan> {
  const days = 14;
  const offered = Array.from({ length: days * 48 }, (_, t) => {
    const d = Math.floor(t / 48);
    const h = (t % 48) / 2;
    const weekend = d % 7 >= 5 ? 0.6 : 1;
    return Math.round((h < 7 ? 1 : h < 12 ? 6 : h < 18 ? 8 : 3) * weekend * (1 + 0.3 * Math.sin(t)));
  });
  return {
    name,
    startDate: '2025-12-01',
    days,
    agents: [
      { id: 'm', name: '现场管理', floorManager: true, seatShare: 0.5 },
      ...['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: `话务员 ${id.toUpperCase()}` })),
    ],
    forecast: { source: 'given', offered, ahtSeconds: 200, patienceSeconds: 180 },
    rules: { minOnDuty: 0 },
    timeLimitSeconds: 1,
    improveSeconds,
    improveStallSeconds,
  };
}

describe('anytime roster planning over HTTP', () => {
  let stack: Stack;
  let planner: ApiClient;
  let agent: ApiClient;
  let browser: Browser | undefined;

  beforeAll(async () => {
    stack = await createStack('roster-anytime');
    await stack.startApi();
    planner = await stack.signIn(['planner']);
    agent = await stack.signIn(['agent']);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const start = async (body: BodyOf<typeof API.rosterPlan>): Promise<string> => {
    const res = await planner.send('POST', '/api/roster/plans', body);
    expect(res.status).toBe(202);
    return PlanStarted.parse(res.body).jobId;
  };
  const jobOf = async (jobId: string): Promise<RosterJob> => {
    const res = await planner.get(`/api/roster/jobs/${jobId}`);
    expect(res.status).toBe(200);
    return RosterJob.parse(res.body);
  };
  /** Polls the job until `done` says so (or it ended), returning every answer seen. */
  const follow = async (jobId: string, done: (job: RosterJob) => boolean): Promise<RosterJob[]> => {
    const seen: RosterJob[] = [];
    for (let i = 0; i < 600; i++) {
      const job = await jobOf(jobId);
      seen.push(job);
      if (done(job) || job.state === 'completed' || job.state === 'failed') return seen;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`planning job ${jobId} did not get there: ${JSON.stringify(seen[seen.length - 1])}`);
  };
  const version = async (id: number): Promise<VersionDetail> => VersionDetail.parse((await planner.get(`/api/roster/versions/${id}`)).body);
  const versionsOf = (name: string) => versionsNamed(planner, '2025-12-01', name);

  it('answers at the time limit, then stores better versions until the search ends by itself', async () => {
    const jobId = await start(plan('anytime-improve', 45, 20));
    const seen = await follow(jobId, () => false);
    const last = seen[seen.length - 1];
    expect(last.failedReason).toBeNull();
    expect(last.state).toBe('completed');

    // The answer came while the job was still active: its result named a draft and the progress said `improving`.
    const answering = seen.find((j) => j.state === 'active' && j.result !== null);
    expect(answering).toBeDefined();
    expect(answering!.progress?.improve?.status).toBe('improving');
    const answer = await version(seen.find((j) => j.result !== null)!.result!.versionId);
    expect(answer).toMatchObject({ status: 'draft', source: 'plan', version: 1, jobId, basedOnId: null });
    expect(answer.solve?.stopReason).toBe('time-limit');
    expect(answer.solve?.background).toBe(false);

    // The end: the search stopped by itself, and the result is the best (the last) version.
    const improve = last.result!.improve!;
    expect(improve.status).toBe('finished');
    expect(['gap', 'stalled', 'budget', 'exhausted']).toContain(improve.stopReason);
    expect(last.progress?.improve).toEqual(improve);
    const versions = await versionsOf('anytime-improve');
    expect(versions.length).toBe(improve.versionsPublished);
    // At least one better version was stored (or the search proved the answer within the gap target).
    if (improve.stopReason !== 'gap') expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(last.result!.versionId).toBe(versions[versions.length - 1].id);
    expect(improve).toMatchObject({ versionId: versions[versions.length - 1].id, version: versions.length });
    // Each version is based on the one before and better than it (keeps the rules, fewer expected lost calls and
    // penalties); each carries its objective, bound and gap.
    for (let i = 1; i < versions.length; i++) {
      const v = versions[i];
      expect(v).toMatchObject({ status: 'draft', source: 'plan', basedOnId: versions[i - 1].id, jobId: null });
      expect(v.summary.violations).toBe(0);
      expect(v.solve!.objective).toBeLessThan(versions[i - 1].solve!.objective);
      expect(v.solve!.background).toBe(true);
      if (v.solve!.bound !== null) {
        expect(v.solve!.bound).toBeLessThanOrEqual(v.solve!.objective + 1e-6);
        expect(v.solve!.gap).toBeCloseTo((v.solve!.objective - v.solve!.bound) / v.solve!.objective, 6);
      }
    }
    expect(improve.objective).toBeCloseTo(versions[versions.length - 1].solve!.objective, 9);
    expect(improve.connectRate).toBeCloseTo(versions[versions.length - 1].summary.connectRate, 9);
    // A finished job cannot be stopped.
    expect((await planner.send('POST', `/api/roster/jobs/${jobId}/stop`, {})).status).toBe(409);
  });

  it('stops the search when the planner asks, keeping the best version; an agent may not stop it', async () => {
    const jobId = await start(plan('anytime-stop', 600, 600));
    const improving = await follow(jobId, (j) => j.progress?.improve?.status === 'improving');
    expect(improving[improving.length - 1].state).toBe('active');

    const denied = await agent.send('POST', `/api/roster/jobs/${jobId}/stop`, {});
    expect(denied.status).toBe(403);
    expect((await planner.send('POST', `/api/roster/jobs/${jobId}/stop`, { now: true })).status).toBe(400);
    const stopped = await planner.send('POST', `/api/roster/jobs/${jobId}/stop`, {});
    expect(stopped.status).toBe(202);
    expect(StoppingJob.parse(stopped.body)).toEqual({ jobId, state: 'stopping' });

    const seen = await follow(jobId, () => false);
    const last = seen[seen.length - 1];
    expect(last.state).toBe('completed');
    const improve = last.result!.improve!;
    expect(improve).toMatchObject({ status: 'finished', stopReason: 'stopped', stopRequested: true });
    // The best version is kept: the newest of the job's, no worse than the answer.
    const versions = await versionsOf('anytime-stop');
    expect(versions.length).toBe(improve.versionsPublished);
    const best = versions[versions.length - 1];
    expect(last.result!.versionId).toBe(best.id);
    expect(best.status).toBe('draft');
    expect(best.solve!.objective).toBeLessThanOrEqual(versions[0].solve!.objective);
    // The stop is audited with its author and the job's state before and after.
    // (The planner's only other stop, of a finished job in the first test, failed.)
    const audit = await stack.db.query<{ actorLogin: string; outcome: string; detail: { before: unknown; after: unknown } }>(
      'SELECT "actorLogin", outcome, detail FROM "AuditLog" WHERE action = $1 ORDER BY id',
      [API.rosterStopJob.id],
    );
    const okStop = audit.rows.filter((r) => r.outcome === 'ok');
    expect(okStop).toHaveLength(1);
    expect(okStop[0]).toMatchObject({ actorLogin: planner.login, detail: { before: { state: 'active' }, after: { state: 'stopping' } } });
  });

  it('cancels a job while it improves, discarding its drafts', async () => {
    const jobId = await start(plan('anytime-cancel', 600, 600));
    await follow(jobId, (j) => j.progress?.improve?.status === 'improving');
    expect((await versionsOf('anytime-cancel')).length).toBeGreaterThan(0);
    const cancelled = await planner.send('DELETE', `/api/roster/jobs/${jobId}`);
    expect(cancelled.status).toBe(200);
    const seen = await follow(jobId, () => false);
    expect(seen[seen.length - 1]).toMatchObject({ state: 'failed', failedReason: 'cancelled' });
    expect(await versionsOf('anytime-cancel')).toEqual([]);
    // Without a budget a job answers and ends as before (no background phase in its result).
    const plain = await start({ ...plan('anytime-plain', 0, 1), improveSeconds: undefined, improveStallSeconds: undefined });
    const end = (await follow(plain, () => false)).pop()!;
    expect(end.state).toBe('completed');
    expect(end.result!.improve).toBeUndefined();
    expect(end.progress?.improve).toBeUndefined();
    expect((await versionsOf('anytime-plain')).length).toBe(1);
  });

  it('shows the job improving in the console, opens each better version, and stops it from there', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const user = await stack.createUser(['planner']);
    // This database has no call history to forecast from: the console's request gets the test's given forecast and
    // time limit (the rest of what the form sent, its name and background budget, is kept and checked).
    const sent: { name?: string; improveSeconds?: number }[] = [];
    await page.route('**/api/roster/plans', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { name?: string; improveSeconds?: number };
      sent.push(body);
      await route.continue({ postData: JSON.stringify({ ...plan(body.name ?? '', body.improveSeconds ?? 0, 600), name: body.name }) });
    });
    await signInThroughForm(page, stack.baseUrl, user.login, user.password);
    await page.goto(`${stack.baseUrl}/#/planner`);
    await page.getByTestId('tab-roster').click();
    await page.getByTestId('roster-new').click();
    await page.getByTestId('roster-plan-form').locator('input').first().fill('anytime-console');
    await page.getByTestId('roster-improve-minutes').fill('5');
    await page.getByTestId('roster-plan-submit').click();

    // The answer opens, then the job shows itself improving in the background (in Chinese).
    const status = page.getByTestId('roster-improve-status');
    await status.filter({ hasText: '后台优化中' }).waitFor({ timeout: 120_000 });
    expect(sent).toEqual([expect.objectContaining({ name: 'anytime-console', improveSeconds: 300 })]);
    await page.getByTestId('roster-improve-version').filter({ hasText: '第 1 版' }).waitFor();
    const first = (await versionsOf('anytime-console'))[0];
    const shows = (id: number) =>
      page.waitForFunction((v) => (document.querySelector('[data-testid="roster-version"]') as HTMLSelectElement | null)?.value === String(v), id);
    await shows(first.id);
    // A better version is published and replaces the one shown.
    await page.getByTestId('roster-improve-version').filter({ hasText: /第 ([2-9]|\d{2,}) 版/ }).waitFor({ timeout: 120_000 });
    await page.getByTestId('roster-improved').waitFor();
    const shownId = Number(await page.getByTestId('roster-version').inputValue());
    expect(shownId).not.toBe(first.id);
    expect((await versionsOf('anytime-console')).map((v) => v.id)).toContain(shownId);

    // The page fits one 1920x1080 screen while the job runs.
    const overflow = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(overflow.w).toBeLessThanOrEqual(1920);
    expect(overflow.h).toBeLessThanOrEqual(1080);

    // Stop: the job ends with the reason, and the best version (the job's result) is the one shown.
    await page.getByTestId('roster-stop').click();
    await page.getByTestId('roster-improve-reason').filter({ hasText: '已由计划员停止' }).waitFor({ timeout: 60_000 });
    const versions = await versionsOf('anytime-console');
    const best = versions[versions.length - 1];
    await shows(best.id);
    await expect(status.textContent()).resolves.toBe('优化已结束');
  });
});
