/**
 * Issue 13, history and live apart: a week of the Anonymous Bank waits on the backfill lane (a replay at full
 * speed goes there by default) when the API starts, with a live call waiting on the live lane; a second live call
 * arrives while the history is loading. Each live call is written before history that was waiting with it: the
 * first ahead of every history event, the second after at most the batches already in flight. The history then
 * arrives whole: the ledger's KPIs of the week equal the test's own count of the file.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { KpiReport, LiveSnapshot } from '@hotline/contracts';
import { expectedFromBank } from './support/expected';
import { SHARED, createStack, type Stack } from './support/stack';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const FIRST = '1999-02-01';
const LAST = '1999-02-07';
const BATCH = 200;

describe('live ahead of history: the backfill lane', () => {
  let stack: Stack;
  let redis: Redis;

  beforeAll(async () => {
    stack = await createStack('backfill');
    redis = new Redis(stack.env.REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  const liveCall = (n: number) => ({ eventId: `live-${n}:offered`, callId: `live-${n}`, ts: new Date().toISOString(), source: 'pbx', type: 'call.offered' });
  const receivedAt = async (eventId: string) =>
    (await stack.db.query<{ at: Date }>(`SELECT "receivedAt" AS at FROM "RawEvent" WHERE "eventId" = $1`, [eventId])).rows[0]?.at;
  const historyBefore = async (at: Date) =>
    Number((await stack.db.query(`SELECT count(*) AS n FROM "RawEvent" WHERE source = 'bank' AND "receivedAt" < $1`, [at])).rows[0].n);

  it('writes live calls ahead of the history waiting with them, then the whole history', async () => {
    await stack.replay(BANK, ['--format', 'bank', '--day', `${FIRST}..${LAST}`, '--speed', 'max']);
    const total = await redis.xlen(`${stack.prefix}backfill`);
    expect(total).toBeGreaterThan(20_000); // the week went to the backfill lane, not the live one
    expect(await redis.exists(`${stack.prefix}events`)).toBe(0);
    await redis.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify(liveCall(1)));

    await stack.startApi({ HOTLINE_BATCH_SIZE: String(BATCH), HOTLINE_BACKFILL_BATCH_SIZE: String(BATCH) });
    let first: Date | undefined;
    while (!(first = await receivedAt('live-1:offered'))) await new Promise((r) => setTimeout(r, 20));
    expect(await historyBefore(first)).toBe(0);

    // A live call during the load: behind it at most the batch being written and the one read ahead (two writers each).
    const loading = Number((await stack.db.query(`SELECT count(*) AS n FROM "RawEvent" WHERE source = 'bank'`)).rows[0].n);
    await redis.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify(liveCall(2)));
    let second: Date | undefined;
    while (!(second = await receivedAt('live-2:offered'))) await new Promise((r) => setTimeout(r, 20));
    const behind = await historyBefore(second);
    if (loading < total - 4 * BATCH) expect(behind - loading).toBeLessThanOrEqual(4 * BATCH);

    await stack.waitForIdle();
    const expected = expectedFromBank(BANK);
    const days = Object.entries(expected.perDay).filter(([day]) => day >= FIRST && day <= LAST).map(([, d]) => d);
    const week = await stack.getJson<KpiReport>(`/api/kpi?from=${FIRST}&to=${LAST}`);
    expect(week.status).toBe(200);
    expect(week.body.requests).toBe(days.reduce((n, d) => n + d.requests, 0));
    expect(week.body.agentAnswered).toBe(days.reduce((n, d) => n + d.agentAnswered, 0));
    expect(week.body.abandoned).toBe(days.reduce((n, d) => n + d.abandoned, 0));
    expect(Number((await stack.db.query(`SELECT count(*) AS n FROM "RawEvent" WHERE source = 'bank'`)).rows[0].n)).toBe(total);
    // the live floor counts today's two live calls
    const snapshot = await stack.getJson<LiveSnapshot>('/api/live/snapshot');
    expect(snapshot.body.day.requests).toBe(2);
    // readiness reads the live lane's backlog only: the history never made it fail
    expect((await fetch(`${stack.baseUrl}/api/health/ready`)).status).toBe(200);
  });
});
