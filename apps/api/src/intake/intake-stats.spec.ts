import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { IntakeStatsStore } from './intake-stats.js';

/** IntakeStatsService against the real Redis (127.0.0.1:6379), under a key prefix of its own. */
describe('intake statistics (IntakeStatsService)', () => {
  const prefix = `test:intakestats:${randomBytes(4).toString('hex')}:`;
  const client = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const errors: string[] = [];
  const stats = new IntakeStatsStore(client, `${prefix}intake:`, (m) => errors.push(m));

  afterAll(async () => {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });

  it('counts events and dead letters per source, keeps the newest event time and the arrival, shared through Redis', async () => {
    const before = Date.now();
    await stats.observe(
      [
        { source: 'pbx-a', ts: '2026-12-07T01:00:00.000Z' },
        { source: 'pbx-a', ts: '2026-12-07T01:05:00.000Z' },
        { source: 'pbx-a', ts: '2026-12-07T01:02:00.000Z' },
        { source: 'platform', ts: '2026-12-07T01:03:00.000Z' },
      ],
      [{ source: 'pbx-a' }, { source: 'file-only' }],
    );
    // An older batch later does not move the newest event time back.
    await stats.observe([{ source: 'pbx-a', ts: '2026-12-06T00:00:00.000Z' }], []);
    // Another node (its own connection) reads the same.
    const otherClient = client.duplicate();
    const other = new IntakeStatsStore(otherClient, `${prefix}intake:`, (m) => errors.push(m));
    const read = await other.read(['pbx-a', 'platform', 'file-only', 'never']);
    expect(read.get('pbx-a')).toMatchObject({ lastEventMs: Date.parse('2026-12-07T01:05:00.000Z'), counts: { ev: { last5: 4, last60: 4 }, dl: { last5: 1, last60: 1 }, pa: { last60: 0 }, pr: { last60: 0 } } });
    expect(read.get('platform')!.counts.ev.last60).toBe(1);
    expect(read.get('file-only')).toMatchObject({ lastEventMs: null, counts: { ev: { last60: 0 }, dl: { last60: 1 } } });
    expect(read.get('pbx-a')!.lastSeenMs).toBeGreaterThanOrEqual(before);
    expect(read.get('never')).toMatchObject({ lastEventMs: null, lastSeenMs: null, lagMs: null });
    expect((await other.seenSources()).sort()).toEqual(['file-only', 'pbx-a', 'platform']);
    otherClient.disconnect();
    expect(errors).toEqual([]);
    // Buckets expire (two hours): nothing is kept for ever.
    const ttl = await client.ttl((await client.keys(`${prefix}intake:ev:pbx-a:*`))[0]);
    expect(ttl).toBeGreaterThan(3600);
    expect(ttl).toBeLessThanOrEqual(7200);
  });

  it('never throws, even when Redis is gone', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    const logged: string[] = [];
    const broken = new IntakeStatsStore(dead, `${prefix}intake:`, (m) => logged.push(m));
    await expect(broken.observe([{ source: 'x', ts: '2026-12-07T01:00:00Z' }], [{ source: 'x' }])).resolves.toBeUndefined();
    await expect(broken.recordPush('x', 3, Date.now())).resolves.toBeUndefined();
    await expect(broken.recordRejection('x')).resolves.toBeUndefined();
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatch(/^intake statistics not recorded: /);
    // Malformed input is skipped, not fatal.
    await expect(stats.observe([{ source: '', ts: 'x' }, null as unknown as { source: string; ts: string }], [])).resolves.toBeUndefined();
    dead.disconnect();
  });
});
