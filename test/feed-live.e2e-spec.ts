/**
 * Issue 2: the KPIs pushed over Socket.IO equal the ledger's for the same period; a malformed line reaches the
 * dead-letter store with its reason while the rest of the file goes on; a malformed stream entry too.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import { ROOT, SHARED, createStack, type Stack } from './support/stack';
import { expectedFromBank } from './support/expected';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const KPI_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'abandonedInQueue', 'pending', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
const pick = (o: object) => Object.fromEntries(KPI_FIELDS.map((k) => [k, (o as Record<string, unknown>)[k]]));

describe('live KPIs over Socket.IO agree with the ledger', () => {
  let stack: Stack;
  let socket: Socket;
  const snapshots: LiveSnapshot[] = [];

  beforeAll(async () => {
    stack = await createStack('live');
    await stack.startApi();
    const lead = await stack.signIn(['shift_lead']);
    socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: lead.cookie } });
    socket.on('kpi:snapshot', (s: LiveSnapshot) => snapshots.push(s));
    await new Promise<void>((resolve) => socket.once('kpi:snapshot', () => resolve()));
  });
  afterAll(async () => {
    socket?.close();
    await stack?.stop();
  });

  it('pushes snapshots during a replay, and the last equals the ledger for its day and month', async () => {
    const first = snapshots.length;
    await stack.replay(BANK, ['--format', 'bank', '--speed', 'max']);
    await stack.waitForIdle();
    const afterIdle = snapshots.length;
    await new Promise((r) => setTimeout(r, 1500)); // pushes come within a second of a change
    expect(snapshots.length).toBeGreaterThan(first + 1);
    const last = snapshots.at(-1)!;
    expect(last.day.date).toBe('1999-02-21');
    expect(last.month.month).toBe('1999-02');
    const day = await stack.getJson<KpiReport>('/api/kpi?from=1999-02-21&to=1999-02-21');
    const month = await stack.getJson<KpiReport>('/api/kpi?from=1999-02-01&to=1999-02-28');
    expect(pick(last.day)).toEqual(pick(day.body));
    expect(pick(last.month)).toEqual(pick(month.body));
    // and both agree with the file itself
    const expected = expectedFromBank(BANK);
    expect(month.body.requests).toBe(expected.requests);
    expect(last.month.agentAnswered).toBe(expected.agentAnswered);
    expect(last.day.requests).toBe(expected.perDay['1999-02-21'].requests);
    // the connect rate moved during the replay
    const rates = new Set(snapshots.slice(first).map((s) => s.month.connectRate));
    expect(rates.size).toBeGreaterThan(3);
    expect(afterIdle).toBeGreaterThan(first);
  });

  it('a malformed line goes to the dead-letter store with file, line and reason; the rest of the file goes on', async () => {
    const file = join(ROOT, 'test', 'fixtures', 'not-ok', 'malformed.queue_log');
    await stack.replay(file, ['--format', 'queue_log', '--speed', 'max']);
    await stack.waitForIdle();
    // stored with the file's base name only, digit runs of the reason masked (caller privacy)
    const { rows } = await stack.db.query(`SELECT file, line, reason FROM "DeadLetter" WHERE file = $1 ORDER BY line`, ['malformed.queue_log']);
    expect(rows.map((r) => r.line)).toEqual([3, 5, 7, 9, 10]);
    expect(rows[0].reason).toMatch(/at least 5 fields/);
    expect(rows[1].reason).toMatch(/epoch "17\*{4}01xx"/);
    expect(rows[2].reason).toMatch(/CONNECT: holdtime "twelve"/);
    expect(rows[3].reason).toMatch(/unknown event "SOMETHINGNEW"/);
    expect(rows[4].reason).toMatch(/without a call id/);
    const calls = await stack.db.query(`SELECT "callId", outcome FROM "Call" WHERE "callId" IN ('1700000000.1', '1700000200.3', '1700000400.7') ORDER BY "callId"`);
    expect(calls.rows).toEqual([
      { callId: '1700000000.1', outcome: 'answered' },
      { callId: '1700000200.3', outcome: 'abandoned' },
      { callId: '1700000400.7', outcome: 'answered' },
    ]);
    const api = await stack.getJson<{ reason: string }[]>('/api/dead-letters?limit=10');
    expect(api.body.map((d) => d.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/SOMETHINGNEW/)]));
  });

  it('a malformed stream entry is dead-lettered and acknowledged, and the consumer goes on', async () => {
    const redis = new Redis(stack.env.REDIS_URL);
    const key = `${stack.prefix}events`;
    await redis.xadd(key, '*', 'event', '{not json');
    await redis.xadd(key, '*', 'event', JSON.stringify({ eventId: 'x1', callId: 'c1', ts: 'yesterday', source: 't', type: 'call.offered' }));
    await redis.xadd(key, '*', 'event', JSON.stringify({ eventId: 'x2', callId: 'c2', ts: '9999-12-31T23:59:59.000Z', source: 't', type: 'call.offered' }));
    await redis.xadd(key, '*', 'event', JSON.stringify({ eventId: 'ok-1', callId: 'c-ok', ts: '2024-01-01T00:00:00.000Z', source: 't', type: 'call.offered' }));
    redis.disconnect();
    await stack.waitForIdle();
    const { rows } = await stack.db.query(`SELECT reason FROM "DeadLetter" WHERE source = 'stream' ORDER BY id`);
    expect(rows.map((r) => r.reason)).toEqual([expect.stringMatching(/not JSON/), expect.stringMatching(/ts: /), expect.stringMatching(/more than 7 days ahead/)]);
    expect((await stack.getJson('/api/live/snapshot')).status).toBe(200); // a date far ahead neither crashes nor moves the floor
    expect((await stack.db.query(`SELECT 1 FROM "Call" WHERE "callId" = 'c-ok'`)).rowCount).toBe(1);
  });

  it('a pause reason holding a caller number is masked in the snapshot and the kpi:snapshot event', async () => {
    // The push that carries the paused agent (pushes follow changes: listened for before the event is sent).
    const pushed = new Promise<LiveSnapshot['agents'][number] | undefined>((resolve) => {
      const onSnapshot = (s: LiveSnapshot) => {
        const agent = s.agents.find((a) => a.agentId === 'PAUSE01');
        if (!agent) return;
        socket.off('kpi:snapshot', onSnapshot);
        resolve(agent);
      };
      socket.on('kpi:snapshot', onSnapshot);
    });
    const redis = new Redis(stack.env.REDIS_URL);
    await redis.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify({
      eventId: 'pause-1', callId: null, ts: '2024-01-01T00:00:05.000Z', source: 't', type: 'agent.state', agentId: 'PAUSE01', state: 'paused', reason: '13812345678 回电',
    }));
    redis.disconnect();
    await stack.waitForIdle();
    const { body } = await stack.getJson<LiveSnapshot>('/api/live/snapshot');
    expect(body.agents.find((a) => a.agentId === 'PAUSE01')).toMatchObject({ state: 'paused', reason: '138****5678 回电' });
    expect((await pushed)?.reason).toBe('138****5678 回电');
    expect(JSON.stringify(snapshots)).not.toContain('13812345678');
  });

  it('a bad request gets a 4xx naming the field', async () => {
    const bad = async (path: string) => (await stack.getJson<{ statusCode: number; field: string; message: string }>(path)).body;
    expect(await bad('/api/kpi?from=1999-02-30&to=1999-03-01')).toMatchObject({ statusCode: 400, field: 'from' });
    expect(await bad('/api/kpi?from=0001-01-01&to=9999-12-31')).toMatchObject({ statusCode: 400, field: 'from' });
    expect(await bad('/api/kpi?from=1999-02-01&to=1999-02-02&tz=UTC')).toMatchObject({ statusCode: 400, field: 'tz', message: expect.stringMatching(/unknown field "tz"/) });
    expect(await bad('/api/dead-letters?limit=2&limit=3')).toMatchObject({ statusCode: 400, field: 'limit' });
    expect((await stack.getJson<unknown[]>('/api/dead-letters?limit=')).status).toBe(200);
  });
});
