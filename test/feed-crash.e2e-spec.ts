/**
 * Issue 2: killing the API in the middle of a replay and starting it again loses and doubles nothing. The new
 * process has another consumer name, so it must claim what the dead one left pending.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SHARED, createStack, type Stack } from './support/stack';
import { expectedFromBank } from './support/expected';
import { ledgerCounts, withoutIds } from './support/ledger';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');

describe('a crash mid-replay', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await createStack('crash');
  });
  afterAll(async () => stack?.stop());

  it('loses and doubles nothing', async () => {
    const expected = expectedFromBank(BANK);
    await stack.startApi({ HOTLINE_BATCH_SIZE: '200', HOTLINE_BACKFILL_BATCH_SIZE: '200' });
    const replay = stack.replay(BANK, ['--format', 'bank', '--speed', 'max']);
    // kill -9 once part of the feed is in the ledger and part is not
    for (;;) {
      const n = Number((await stack.db.query('SELECT count(*) FROM "RawEvent"')).rows[0].count);
      if (n > 5_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await stack.killApi('SIGKILL');
    const written = Number((await stack.db.query('SELECT count(*) FROM "RawEvent"')).rows[0].count);
    await replay;
    const redis = new Redis(stack.env.REDIS_URL);
    // Entries the ledger already holds are deleted from the stream: the replay's total is the stream's entries-added
    // (a replay at full speed is history: the backfill lane).
    const info = (await redis.xinfo('STREAM', `${stack.prefix}backfill`)) as unknown[];
    const total = Number(info[info.indexOf('entries-added') + 1]);
    const [pending] = (await redis.xpending(`${stack.prefix}backfill`, 'ledger')) as [number];
    redis.disconnect();
    expect(written).toBeLessThan(total); // the kill really was mid-feed

    await stack.startApi({ HOTLINE_BATCH_SIZE: '200', HOTLINE_BACKFILL_BATCH_SIZE: '200' });
    await stack.waitForIdle();
    const health = await stack.getJson<{ consumer: { claimed: number } }>('/api/feed/health');
    expect(health.body.consumer.claimed).toBeGreaterThanOrEqual(Number(pending)); // the dead consumer's entries were claimed
    const raw = await stack.db.query('SELECT count(*)::int AS n, count(DISTINCT "eventId")::int AS d FROM "RawEvent"');
    expect(raw.rows[0]).toEqual({ n: total, d: total });
    expect(await ledgerCounts(stack.db, expected.callIds)).toEqual(withoutIds(expected));
    const calls = Number((await stack.db.query('SELECT count(*) FROM "Call"')).rows[0].count);
    expect(calls).toBe(expected.requests);
  }, 300_000); // a month of the bank twice through the ledger, with a kill between: minutes on a loaded machine
});
