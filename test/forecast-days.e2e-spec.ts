/**
 * Issue 15, the forecast's unusual and special days over HTTP: the bank month replayed into the ledger; a planner
 * marks a week as unusual (left out of the forecast's profiles), keeps a day the outlier rule flags, and adds a
 * special day (forecast like a holiday); GET /api/forecast uses them, GET /api/forecast/days lists what is left
 * out and why. Who may write (planner, manager) and who may not (agent, shift lead); every write audited; bad
 * dates and missing reasons are 400s naming the field. The built API runs against its own database and prefix.
 */
import { join } from 'node:path';
import { ForecastDayMark, ForecastDaysView, ForecastReport, ForecastSpecialDay } from '@hotline/contracts';
import { SHARED, createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(600_000); // the replay of the bank month (25,890 calls) takes minutes on a busy machine

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const WEEK = ['1999-02-08', '1999-02-09', '1999-02-10', '1999-02-11', '1999-02-12', '1999-02-13', '1999-02-14'];

interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

describe('forecast days: marks, overrides and special days', () => {
  let stack: Stack;
  let planner: ApiClient;
  let manager: ApiClient;
  let agent: ApiClient;
  let lead: ApiClient;
  let before: ForecastReport;

  beforeAll(async () => {
    stack = await createStack('forecast_days');
    await stack.startApi();
    await stack.replay(BANK, ['--format', 'bank', '--speed', 'max']);
    await stack.waitForIdle();
    planner = await stack.signIn(['planner']);
    manager = await stack.signIn(['manager']);
    agent = await stack.signIn(['agent'], { agentId: 'PJSIP/801' });
    lead = await stack.signIn(['shift_lead']);
  });
  afterAll(async () => stack?.stop());

  const view = async (client: ApiClient = planner): Promise<ForecastDaysView> => {
    const res = await client.get('/api/forecast/days?calendar=none');
    expect(res.status).toBe(200);
    return ForecastDaysView.parse(res.body); // the answer as the contract says (strict: no other field)
  };
  const forecast = async (): Promise<ForecastReport> => {
    const res = await planner.get('/api/forecast?weeks=1&calendar=none');
    expect(res.status).toBe(200);
    return ForecastReport.parse(res.body);
  };

  it('readers see the screening of the history; nothing is marked yet; the rule is stated', async () => {
    before = await forecast();
    const v = await view(lead); // the shift lead reads forecasts, so she reads this too
    expect(v.marks).toEqual([]);
    expect(v.specialDays).toEqual([]);
    expect(v.rule).toMatchObject({ threshold: 3.5, windowDays: 28, minDays: 3 });
    expect(v.screening).toMatchObject({ historyFrom: '1999-02-01', historyTo: '1999-02-20' });
    // Whatever the rule flags on the real month is detected with its numbers, never marked.
    expect(v.screening!.days.map((d) => d.day)).toEqual(Array.from({ length: 20 }, (_, i) => `1999-02-${String(i + 1).padStart(2, '0')}`));
    expect(v.screening!.days.reduce((s, d) => s + d.total, 0)).toBeGreaterThan(20_000);
    process.stdout.write(`\nledger 1999-02-01..20, outlier rule (calendar none): scale ${v.screening!.scale}; ${v.screening!.days.filter((d) => d.status !== 'kept').map((d) => `${d.day}: ${d.reason}`).join('; ') || 'nothing flagged'}\n`);
    for (const d of v.screening!.days.filter((x) => x.status !== 'kept')) {
      expect(d.status).toBe('detected');
      expect(d.reason).toMatch(/robust z/);
      expect(Math.abs(d.robustZ!)).toBeGreaterThan(3.5);
    }
    expect((await agent.get('/api/forecast/days')).status).toBe(403);
  });

  it('an agent and a shift lead may not mark or add special days (403), and nothing is stored', async () => {
    for (const client of [agent, lead]) {
      expect((await client.send('POST', '/api/forecast/days/marks', { day: '1999-02-10', action: 'exclude', reason: 'outage' })).status).toBe(403);
      expect((await client.send('POST', '/api/forecast/special-days', { day: '1999-02-22', name: 'system change' })).status).toBe(403);
      expect((await client.send('DELETE', '/api/forecast/days/marks/1999-02-10')).status).toBe(403);
    }
    const { rows } = await stack.db.query('SELECT count(*)::int AS n FROM "ForecastDayMark"');
    expect(rows[0].n).toBe(0);
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/forecast/days/marks', { day: '1999-02-30', action: 'exclude', reason: 'x' }, 'day'],
      ['/api/forecast/days/marks', { day: '10/02/1999', action: 'exclude', reason: 'x' }, 'day'],
      ['/api/forecast/days/marks', { day: '1999-02-10', action: 'exclude', reason: '  ' }, 'reason'],
      ['/api/forecast/days/marks', { day: '1999-02-10', action: 'drop', reason: 'x' }, 'action'],
      ['/api/forecast/days/marks', { day: '1999-02-10', action: 'exclude', reason: 'x', extra: 1 }, 'extra'],
      ['/api/forecast/special-days', { day: '1999-13-01', name: 'x' }, 'day'],
      ['/api/forecast/special-days', { day: '1999-02-22', name: '' }, 'name'],
    ];
    for (const [path, body, field] of cases) {
      const res = await planner.send('POST', path, body);
      expect([res.status, (res.body as ErrorBody).field]).toEqual([400, field]);
    }
    const bad = await planner.send('DELETE', '/api/forecast/days/marks/1999-02-31');
    expect([bad.status, (bad.body as ErrorBody).field]).toEqual([400, 'day']);
    const missing = await planner.send('DELETE', '/api/forecast/days/marks/1999-02-10');
    expect([missing.status, (missing.body as ErrorBody).field]).toEqual([404, 'day']);
    const query = await planner.get('/api/forecast/days?from=1999-02-30');
    expect([query.status, (query.body as ErrorBody).field]).toEqual([400, 'from']);
  });

  it('takes days only in the window around the forecast\'s clock (the feed clock\'s day): 728 days back, marks up to it, special days 2 years after', async () => {
    const { clockDay } = await view();
    expect(clockDay).toMatch(/^1999-02-2[12]$/); // the replayed month's own clock, not today
    const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const cases: [string, Record<string, unknown>, string][] = [
      ['/api/forecast/days/marks', { day: '1990-01-01', action: 'exclude', reason: 'x' }, 'out_of_window'],
      ['/api/forecast/days/marks', { day: plusDays(clockDay, -729), action: 'exclude', reason: 'x' }, 'out_of_window'],
      ['/api/forecast/days/marks', { day: plusDays(clockDay, 1), action: 'exclude', reason: 'x' }, 'in_future'],
      ['/api/forecast/special-days', { day: '1990-01-01', name: 'x' }, 'out_of_window'],
      ['/api/forecast/special-days', { day: plusDays(clockDay, 731), name: 'x' }, 'out_of_window'],
    ];
    for (const [path, body, code] of cases) {
      const res = await manager.send<ErrorBody>('POST', path, body);
      expect([path, body.day, res.status, res.body.code, res.body.field]).toEqual([path, body.day, 400, code, 'day']);
      expect(res.body.message).toMatch(/^day: .* entries are dated from \S+ \(728 days before the feed clock's day\) to /);
    }
    const { rows } = await stack.db.query('SELECT (SELECT count(*) FROM "ForecastDayMark")::int + (SELECT count(*) FROM "ForecastSpecialDay")::int AS n');
    expect(rows[0].n).toBe(0);
    // the window's edges are in it
    const first = await manager.send('POST', '/api/forecast/days/marks', { day: plusDays(clockDay, -728), action: 'exclude', reason: 'edge' });
    const last = await manager.send('POST', '/api/forecast/special-days', { day: plusDays(clockDay, 730), name: 'edge' });
    expect([first.status, last.status]).toEqual([200, 200]);
    expect((await manager.send('DELETE', `/api/forecast/days/marks/${plusDays(clockDay, -728)}`)).status).toBe(204);
    expect((await manager.send('DELETE', `/api/forecast/special-days/${plusDays(clockDay, 730)}`)).status).toBe(204);
  });

  it('a planner marks a week: stored with author and reason, audited, listed as marked, and the forecast no longer learns it', async () => {
    for (const day of WEEK) {
      const res = await planner.send('POST', '/api/forecast/days/marks', { day, action: 'exclude', reason: '系统故障 replay artefact' });
      expect(res.status).toBe(200);
      expect(ForecastDayMark.parse(res.body)).toMatchObject({ day, action: 'exclude', reason: '系统故障 replay artefact', createdBy: planner.login });
    }
    const { rows } = await stack.db.query(`SELECT target, outcome, detail FROM "AuditLog" WHERE "actorId" = $1 AND target LIKE 'forecastDay:%' ORDER BY id`, [planner.userId]);
    expect(rows.map((r: { target: string }) => r.target)).toEqual(WEEK.map((d) => `forecastDay:${d}`));
    expect(rows.every((r: { outcome: string }) => r.outcome === 'ok')).toBe(true);
    expect(JSON.stringify(rows[0].detail)).toContain('replay artefact');

    const v = await view();
    expect(v.marks.map((m) => m.day)).toEqual(WEEK);
    expect(v.screening!.days.filter((d) => d.status === 'marked').map((d) => [d.day, d.reason])).toEqual(WEEK.map((d) => [d, '系统故障 replay artefact']));
    const after = await forecast();
    expect(after.historyFrom).toBe(before.historyFrom);
    const total = (r: ForecastReport): number => r.days.reduce((s, d) => s + d.arrivals, 0);
    expect(Math.abs(total(after) - total(before))).toBeGreaterThan(1); // the week no longer shapes the forecast
  });

  it('the planner keeps a day the rule flags (include), and unmarking gives the decision back to the rule', async () => {
    // Add a day the rule can flag: on the marked week's screening the real month may flag none, so mark include on a
    // day regardless and check its status follows the rule (included when flagged, kept otherwise: not listed).
    const detected = (await view()).screening!.days.find((d) => d.status === 'detected');
    const day = detected?.day ?? '1999-02-03';
    const res = await manager.send('POST', '/api/forecast/days/marks', { day, action: 'include', reason: 'a real busy day' });
    expect(res.status).toBe(200);
    expect(ForecastDayMark.parse(res.body)).toMatchObject({ day, action: 'include', createdBy: manager.login });
    const listed = (await view()).screening!.days.find((d) => d.day === day);
    expect(listed).toMatchObject({ status: detected ? 'included' : 'kept' });
    const removed = await manager.send('DELETE', `/api/forecast/days/marks/${day}`);
    expect([removed.status, removed.body]).toEqual([204, null]);
    expect((await view()).marks.map((m) => m.day)).toEqual(WEEK);
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "actorId" = $1 AND target = $2`, [manager.userId, `forecastDay:${day}`]);
    expect(rows[0].n).toBe(2);
  });

  it('a special day is forecast like a holiday, named as the user named it; removing it restores the weekday', async () => {
    const added = await manager.send('POST', '/api/forecast/special-days', { day: '1999-02-23', name: '系统切换 system change' });
    expect(added.status).toBe(200);
    expect(ForecastSpecialDay.parse(added.body)).toMatchObject({ day: '1999-02-23', name: '系统切换 system change', createdBy: manager.login });
    const f = await forecast();
    expect(f.days.find((d) => d.day === '1999-02-23')).toMatchObject({ dayType: 'holiday', holidayName: '系统切换 system change' });
    expect(f.days.find((d) => d.day === '1999-02-24')).toMatchObject({ dayType: 'workday' });
    expect((await view()).specialDays.map((d) => d.day)).toEqual(['1999-02-23']);
    expect((await manager.send('DELETE', '/api/forecast/special-days/1999-02-23')).status).toBe(204);
    expect((await forecast()).days.find((d) => d.day === '1999-02-23')).toMatchObject({ dayType: 'workday' });
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "actorId" = $1 AND target = 'forecastSpecialDay:1999-02-23'`, [manager.userId]);
    expect(rows[0].n).toBe(2);
  });

  it('a phone number typed into a mark reason or a special-day name is masked before it is stored', async () => {
    const mark = await manager.send('POST', '/api/forecast/days/marks', { day: '1999-02-04', action: 'exclude', reason: '13812345678 投诉回电' });
    expect(mark.status).toBe(200);
    expect(ForecastDayMark.parse(mark.body).reason).toBe('138****5678 投诉回电');
    const special = await manager.send('POST', '/api/forecast/special-days', { day: '1999-02-25', name: '回访 139 1234 5678' });
    expect(special.status).toBe(200);
    expect(ForecastSpecialDay.parse(special.body).name).toBe('回访 139****5678');
    const stored = await stack.db.query(`SELECT reason AS t FROM "ForecastDayMark" WHERE day = '1999-02-04' UNION ALL SELECT name FROM "ForecastSpecialDay" WHERE day = '1999-02-25'`);
    expect(stored.rows.map((r) => r.t)).toEqual(['138****5678 投诉回电', '回访 139****5678']);
    expect(JSON.stringify(await view())).not.toMatch(/13812345678|1234 5678/);
    expect((await manager.send('DELETE', '/api/forecast/days/marks/1999-02-04')).status).toBe(204);
    expect((await manager.send('DELETE', '/api/forecast/special-days/1999-02-25')).status).toBe(204);
  });
});
