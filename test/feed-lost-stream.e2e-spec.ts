/**
 * Issue 13, lost group and lost stream: while events flow into the live stream, the consumer group is destroyed
 * (XGROUP DESTROY), then the stream itself is deleted (DEL, as after a Redis restart without persistence). Each time
 * an alarm is raised (`/api/feed/health` alarms, the readiness feed check's `alarm`, an error in the log), ingestion
 * resumes without restarting the API, and nothing already acknowledged is read again (no duplicate in the ledger's
 * totals). The only events missing are those the DEL itself took away before they were delivered. Then the
 * retention trim removes an acknowledged entry left in the stream, and a dead API's consumer is removed once its
 * pending entry has been claimed and written.
 */
import { Redis } from 'ioredis';
import type { FeedHealth, Readiness } from '@hotline/contracts';
import { createStack, type Stack } from './support/stack';

const GROUP = 'ledger';

describe('a destroyed consumer group and a deleted stream while events flow', () => {
  let stack: Stack;
  let redis: Redis;

  beforeAll(async () => {
    stack = await createStack('lost');
    // Maintenance (retention trim, dead consumers) every 2 s; every acknowledged entry is past its retention.
    await stack.startApi({ HOTLINE_DEAD_CONSUMER_IDLE_MS: '2000', HOTLINE_STREAM_RETENTION_SECONDS: '0' });
    redis = new Redis(stack.env.REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const inLedger = async (ids: string[]): Promise<Set<string>> => {
    const { rows } = await stack.db.query<{ eventId: string }>(`SELECT "eventId" FROM "RawEvent" WHERE "eventId" = ANY($1)`, [ids]);
    return new Set(rows.map((r) => r.eventId));
  };

  it('raises an alarm, resumes without a restart, and re-reads nothing acknowledged', async () => {
    const key = `${stack.prefix}events`;
    const pid = stack.api!.pid;
    const pushed: string[] = [];
    let n = 0;
    let flowing = true;
    // Ten distinct events every 50 ms, each its own call.
    const producer = (async () => {
      while (flowing) {
        const batch = redis.pipeline();
        for (let i = 0; i < 10; i += 1) {
          n += 1;
          const eventId = `lost-${n}`;
          const ts = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
          batch.xadd(key, '*', 'event', JSON.stringify({ eventId, callId: `lost:${n}`, ts, source: 'test', type: 'call.offered' }));
          pushed.push(eventId);
        }
        await batch.exec();
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const health = async () => (await stack.getJson<FeedHealth>('/api/feed/health')).body;

    // Flowing normally.
    await until('the first events in the ledger', async () => (await inLedger(pushed.slice(0, 50))).size === 50);
    expect((await health()).alarms).toEqual({ total: 0, active: false, recent: [] });

    // 1. The consumer group is destroyed.
    await redis.xgroup('DESTROY', key, GROUP);
    const afterDestroy = pushed.length;
    await until('the group-missing alarm', async () => ((await health()).alarms?.recent ?? []).some((a) => a.kind === 'group-missing'));
    await until('events pushed after the destroy in the ledger', async () => {
      const later = pushed.slice(afterDestroy, afterDestroy + 100);
      return later.length === 100 && (await inLedger(later)).size === 100;
    });

    // 2. The stream itself is deleted (with what it held not yet delivered), the producer going on.
    const [[, beforeDel], [, deleted]] = (await redis.multi().xrange(key, '-', '+').del(key).exec()) as [[null, [string, string[]][]], [null, number]];
    expect(deleted).toBe(1);
    const afterDel = pushed.length;
    const takenByDel = new Set(beforeDel.map(([, fields]) => (JSON.parse(fields[1]) as { eventId: string }).eventId));
    await until('the stream-missing alarm', async () => ((await health()).alarms?.recent ?? []).some((a) => a.kind === 'stream-missing'));
    await until('events pushed after the delete in the ledger', async () => {
      const later = pushed.slice(afterDel, afterDel + 100);
      return later.length === 100 && (await inLedger(later)).size === 100;
    });

    flowing = false;
    await producer;
    await stack.waitForIdle();

    // Ingestion resumed in the same process.
    expect(stack.api!.pid).toBe(pid);
    expect(stack.api!.exitCode).toBeNull();
    // Every event is in the ledger once, except those the DEL took away before they were delivered.
    const ledger = await inLedger(pushed);
    const missing = pushed.filter((id) => !ledger.has(id));
    expect(missing.every((id) => takenByDel.has(id))).toBe(true);
    const { rows } = await stack.db.query<{ n: string }>(`SELECT count(*) AS n FROM "RawEvent" WHERE "eventId" LIKE 'lost-%'`);
    expect(Number(rows[0].n)).toBe(pushed.length - missing.length);
    expect(pushed.length - missing.length).toBeGreaterThan(afterDel);

    // Nothing already acknowledged was read again: no event reached the ledger twice.
    const feed = await health();
    expect(feed.consumer.duplicates).toBe(0);
    expect(feed.consumer.events).toBe(pushed.length - missing.length);
    expect(feed.alarms).toMatchObject({ active: true });
    expect(feed.alarms!.recent.map((a) => a.kind)).toEqual(['group-missing', 'stream-missing']);
    expect(feed.alarms!.total).toBe(2);

    // Readiness: ready again (recovered), reporting the alarm.
    const ready = await fetch(`${stack.baseUrl}/api/health/ready`);
    const body = (await ready.json()) as Readiness;
    expect(ready.status).toBe(200);
    expect(body.checks.feed.alarm).toMatch(/^stream-missing at /);
    // The log has the alarms at error level.
    expect(stack.logs()).toMatch(/feed alarm \(group-missing\)/);
    expect(stack.logs()).toMatch(/feed alarm \(stream-missing\)/);
    // The stream and its group exist again.
    const groups = (await redis.xinfo('GROUPS', key)) as unknown[][];
    expect(groups.map((g) => g[1])).toContain(GROUP);
  }, 180_000);

  it('trims acknowledged entries, and removes a dead consumer once its pending entries are claimed', async () => {
    const key = `${stack.prefix}events`;
    const event = (eventId: string) => JSON.stringify({ eventId, callId: `c:${eventId}`, ts: '2024-02-01T00:00:00.000Z', source: 'test', type: 'call.offered' });
    // An entry acknowledged by another process that died before deleting it, and one left pending by a dead API.
    const acked = (await redis.multi().xadd(key, '*', 'event', event('retention-acked')).xreadgroup('GROUP', GROUP, 'dead-api', 'COUNT', 1, 'STREAMS', key, '>').exec())!;
    const ackedId = acked[0][1] as string;
    await redis.xack(key, GROUP, ackedId);
    await redis.multi().xadd(key, '*', 'event', event('dead-pending')).xreadgroup('GROUP', GROUP, 'dead-api', 'COUNT', 1, 'STREAMS', key, '>').exec();
    await redis.xadd(key, '*', 'event', event('after-dead'));
    const consumers = async () => ((await redis.xinfo('CONSUMERS', key, GROUP)) as unknown[][]).map((c) => String(c[1]));
    expect(await consumers()).toContain('dead-api');
    await until('the dead consumer removed', async () => !(await consumers()).includes('dead-api'));
    await until('the acknowledged entry trimmed', async () => (await redis.xrange(key, ackedId, ackedId)).length === 0);
    // Its pending entry was claimed and written before the consumer went; the acknowledged one was not re-read.
    expect([...(await inLedger(['dead-pending', 'after-dead', 'retention-acked']))].sort()).toEqual(['after-dead', 'dead-pending']);
    expect(stack.logs()).toMatch(/removed consumer dead-api/);
    expect((await stack.getJson<FeedHealth>('/api/feed/health')).body.consumer.duplicates).toBe(0);
  }, 60_000);
});
