/**
 * Issue 13, poison entries: a real day of the Anonymous Bank is replayed into the stream with, in its middle, an
 * entry whose string holds a NUL, two whose numbers are out of range (a priority beyond a 32-bit integer, a wait
 * too large for a timestamp) and one the schema accepts but Postgres refuses (a trigger of this test's database).
 * The ledger's KPIs for the day equal `hotline kpi` on the same file and day, the bad entries are in the
 * dead-letter store with their reasons, and readiness never reported the feed failing.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { KpiReport, Readiness } from '@hotline/contracts';
import { ROOT, SHARED, createStack, type Stack } from './support/stack';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const DAY = '1999-02-01';
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs');
const KPI_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'abandonedInQueue', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
const pick = (o: object) => Object.fromEntries(KPI_FIELDS.map((k) => [k, (o as Record<string, unknown>)[k]]));

describe('poison entries in the middle of a real day', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await createStack('poison');
    // A value the schema accepts and Postgres refuses: this database's trigger stands for any such refusal.
    await stack.db.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."eventId" = 'poison-db' THEN RAISE EXCEPTION 'poison entry refused by a check'; END IF; RETURN NEW; END $$`);
    await stack.db.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON "RawEvent" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    await stack.startApi();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('writes the good events, dead-letters the bad ones with reasons, and stays ready', async () => {
    // The day's events, replayed into a staging stream the API does not read, then fed to the live stream with the
    // poison in the middle (one pipeline: batches mix good and bad entries).
    const staging = `${stack.prefix}stage:`;
    await promisify(execFile)(process.execPath, [CLI, 'replay', BANK, '--format', 'bank', '--day', DAY, '--speed', 'max', '--lane', 'live', '--quiet', '--stream-prefix', staging, '--redis-url', stack.env.REDIS_URL], { cwd: ROOT, maxBuffer: 16 << 20 });
    const redis = new Redis(stack.env.REDIS_URL);
    const entries = (await redis.xrange(`${staging}events`, '-', '+')) as [string, string[]][];
    expect(entries.length).toBeGreaterThan(3000);
    const at = '1999-02-01T04:00:00.000Z';
    const poison = [
      { eventId: 'poison-nul', callId: 'poison:nul', ts: at, source: 'bank', type: 'call.offered', category: 'bad\u0000category' },
      { eventId: 'poison-int', callId: 'poison:int', ts: at, source: 'bank', type: 'call.offered', priority: 1_000_000_000_000 },
      { eventId: 'poison-wait', callId: 'poison:wait', ts: at, source: 'bank', type: 'agent.answered', agentId: 'AGENT_X', waitSeconds: 1e300 },
      { eventId: 'poison-db', callId: 'poison:db', ts: at, source: 'bank', type: 'call.offered' },
    ];
    const middle = Math.floor(entries.length / 2);
    const ready: { status: number; body: Readiness }[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const res = await fetch(`${stack.baseUrl}/api/health/ready`, { signal: AbortSignal.timeout(20_000) });
        ready.push({ status: res.status, body: (await res.json()) as Readiness });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const pipe = redis.pipeline();
    entries.forEach(([, fields], i) => {
      if (i === middle) for (const p of poison) pipe.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify(p));
      pipe.xadd(`${stack.prefix}events`, '*', ...fields);
    });
    await pipe.exec();
    redis.disconnect();
    await stack.waitForIdle(120_000);
    await new Promise((r) => setTimeout(r, 1000));
    polling = false;
    await poll;

    // the ledger equals the offline report of the same file and day
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'kpi', BANK, '--format', 'bank', '--from', DAY, '--to', DAY, '--json'], { cwd: ROOT, maxBuffer: 64 << 20 });
    const expected = JSON.parse(stdout) as KpiReport;
    const day = await stack.getJson<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    expect(day.status).toBe(200);
    expect(pick(day.body)).toEqual(pick(expected));
    expect(day.body.requests).toBe(1551);

    // each bad entry is a dead letter with its reason
    const letters = await stack.getJson<{ reason: string; raw: string }[]>('/api/dead-letters?limit=50');
    const reasonOf = (id: string) => letters.body.find((d) => d.raw.includes(`"${id}"`))?.reason;
    expect(reasonOf('poison-nul')).toMatch(/category: contains a NUL character/);
    expect(reasonOf('poison-int')).toMatch(/priority: .* out of range \(a 32-bit integer\)/);
    expect(reasonOf('poison-wait')).toMatch(/waitSeconds: .* out of range/);
    expect(reasonOf('poison-db')).toMatch(/the database refused it \(.*poison entry refused by a check/);
    expect(letters.body.filter((d) => /poison-/.test(d.raw))).toHaveLength(4);
    const { rows } = await stack.db.query(`SELECT "eventId" FROM "RawEvent" WHERE "eventId" LIKE 'poison-%'`);
    expect(rows).toEqual([]);

    // readiness never reported the feed failing
    expect(ready.length).toBeGreaterThan(3);
    expect(ready.filter((r) => r.status !== 200 || r.body.checks.feed.status !== 'ok')).toEqual([]);
  });
});
