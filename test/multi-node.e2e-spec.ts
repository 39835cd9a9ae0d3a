/**
 * Issue 18: many API nodes show one truth. Three API processes (the built dist) on one database and one stream
 * prefix split the feed between them (one consumer group); a real day of the bank is sent to the live stream while
 * one node is killed (SIGKILL) and restarted. Afterwards every node's live snapshot equals `GET /api/kpi` for the
 * day and month, although each node's consumer wrote only part of the events: every engine follows the ledger's
 * change outbox (apps/api/src/live/ledger-follower.ts). A console on node A sees the events the other nodes
 * consumed: for each batch sent, the delay from its XADD to the first `kpi:snapshot` on node A whose feed clock
 * reached it is printed (p50, p99; not asserted). A session signed in on node A works on node B (sessions in Redis).
 * An outage registered on one node reaches every node's engine (a `reload` change in the outbox).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { KpiReport, LiveSnapshot } from '@hotline/kpi';
import { planReplay } from '../apps/cli/src/commands/replay';
import { LISTENER_NAME, parseSnapshot, visibleIn } from '../apps/api/src/ledger/ledger-changes';
import { ROOT, SHARED, createStack, freePort, type ApiClient, type Stack } from './support/stack';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const DAY = '1999-02-02';
/** How long the day's events take to send (the day compressed to this). */
const SEND_MS = 20_000;
const KPI_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'abandonedInQueue', 'pending', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
const pick = (o: object) => Object.fromEntries(KPI_FIELDS.map((k) => [k, (o as Record<string, unknown>)[k]]));

/** One API process of the test (A runs on the stack's own port). */
interface Node {
  name: string;
  baseUrl: string;
  port: number;
  child?: ChildProcess;
  output: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('three API nodes on one database and stream show one truth', () => {
  let stack: Stack;
  let nodes: Node[];
  let lead: ApiClient;
  let socket: Socket | undefined;

  async function start(node: Node): Promise<void> {
    const child = spawn(process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], {
      env: { ...process.env, ...stack.env, PORT: String(node.port), HOTLINE_CONSUMER: `${node.name}-${Date.now()}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    node.child = child;
    child.stdout!.on('data', (d) => (node.output += d));
    child.stderr!.on('data', (d) => (node.output += d));
    const deadline = Date.now() + 60_000; // a loaded machine loads the API slowly
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`node ${node.name} exited with ${child.exitCode}:\n${node.output}`);
      const ok = await fetch(`${node.baseUrl}/api/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`node ${node.name} did not start:\n${node.output}`);
  }

  async function kill(node: Node): Promise<void> {
    const child = node.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** GET on a node with the lead's session. */
  async function get<T>(node: Node, path: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${node.baseUrl}${path}`, { headers: { cookie: lead.cookie } });
    return { status: res.status, body: (await res.json()) as T };
  }

  beforeAll(async () => {
    stack = await createStack('multinode');
    const ports = [stack.port, await freePort(), await freePort()];
    nodes = ['a', 'b', 'c'].map((name, i) => ({ name, port: ports[i], baseUrl: `http://127.0.0.1:${ports[i]}`, output: '' }));
    await Promise.all(nodes.map(start));
    lead = await stack.signIn(['shift_lead', 'planner', 'manager', 'bureau']); // on node A (the stack's port)
  }, 120_000);

  afterAll(async () => {
    socket?.close();
    if (nodes) await Promise.all(nodes.map(kill));
    await stack?.stop();
  });

  it('a session signed in on node A works on node B', async () => {
    const [, b] = nodes;
    expect((await get<LiveSnapshot>(b, '/api/live/snapshot')).status).toBe(200);
    const anonymous = await fetch(`${b.baseUrl}/api/live/snapshot`);
    expect(anonymous.status).toBe(401);
  });

  it('the snapshot visibility rule is PostgreSQL\'s own (pg_visible_in_snapshot)', async () => {
    // Transactions committed in another order than they started, one left in progress, one not yet started.
    const clients = await Promise.all([0, 1, 2].map(async () => {
      const client = new Client({ connectionString: stack.databaseUrl });
      await client.connect();
      await client.query('BEGIN');
      return client;
    }));
    const xids: bigint[] = [];
    for (const client of clients) xids.push(BigInt((await client.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0].x));
    await clients[2].query('COMMIT');
    await clients[0].query('COMMIT');
    const { rows } = await stack.db.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s');
    await clients[1].query('COMMIT');
    const later = BigInt((await stack.db.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0].x);
    await Promise.all(clients.map((c) => c.end()));
    const snapshot = parseSnapshot(rows[0].s);
    for (const xid of [xids[0] - 1n, ...xids, later]) {
      const { rows: [pg] } = await stack.db.query<{ v: boolean }>('SELECT pg_visible_in_snapshot($1::text::xid8, $2::text::pg_snapshot) AS v', [xid.toString(), rows[0].s]);
      expect({ xid, visible: visibleIn(snapshot, xid) }).toEqual({ xid, visible: pg.v });
    }
    expect(visibleIn(snapshot, xids[1])).toBe(false); // the one in progress when the snapshot was taken
    expect(visibleIn(snapshot, xids[2])).toBe(true);
  });

  it('a lost LISTEN connection is opened again', async () => {
    // pg_terminate_backend only signals: a terminated backend stays in pg_stat_activity until it has exited, so the
    // listeners are told apart by process id, not counted.
    const listenerPids = async () => (await stack.db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [LISTENER_NAME],
    )).rows.map((r) => r.pid);
    const before = await listenerPids();
    expect(before).toHaveLength(3);
    await stack.db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
    const reopened = async () => (await listenerPids()).filter((pid) => !before.includes(pid));
    const deadline = Date.now() + 20_000;
    while ((await reopened()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect({ reopened: (await reopened()).length, logs: nodes.map((n) => n.output.split('\n').filter((l) => l.includes('LISTEN')).length > 0) })
      .toEqual({ reopened: 3, logs: [true, true, true] });
  });

  it('replays a day while a node is killed and restarted; every node then equals the ledger, and node A saw the others\' events', async () => {
    const [a, , c] = nodes;
    const snapshots: { at: number; asOf: number }[] = [];
    let last: LiveSnapshot | undefined;
    socket = io(a.baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: lead.cookie } });
    socket.on('kpi:snapshot', (s: LiveSnapshot) => {
      snapshots.push({ at: Date.now(), asOf: Date.parse(s.asOf) });
      last = s;
    });
    await new Promise<void>((resolve) => socket!.once('kpi:snapshot', () => resolve()));

    const plan = planReplay(BANK, { format: 'bank', timezone: 'Asia/Shanghai', speed: 'max', day: DAY, redisUrl: stack.env.REDIS_URL, streamPrefix: stack.prefix });
    const { events } = plan;
    expect(events.length).toBeGreaterThan(1000);
    const first = Date.parse(events[0].ts);
    const span = Date.parse(events.at(-1)!.ts) - first;
    const redis = new Redis(stack.env.REDIS_URL);
    const batches: { sentAt: number; lastTs: number }[] = [];
    const wallStart = Date.now();
    let killed = false;
    let consumedBeforeKill = 0;
    let restartMs = 0;
    let restart: Promise<void> | undefined;
    for (let i = 0; i < events.length; ) {
      const elapsed = Date.now() - wallStart;
      const pipeline = redis.pipeline();
      let lastTs = 0;
      while (i < events.length && ((Date.parse(events[i].ts) - first) / span) * SEND_MS <= elapsed) {
        const event = events[i++];
        pipeline.xadd(`${stack.prefix}events`, '*', 'type', event.type, 'event', JSON.stringify(event));
        lastTs = Math.max(lastTs, Date.parse(event.ts));
      }
      if (lastTs) {
        const sentAt = Date.now();
        await pipeline.exec();
        batches.push({ sentAt, lastTs });
      }
      if (!killed && i > events.length * 0.2) {
        killed = true;
        consumedBeforeKill = (await get<{ consumer: { events: number } }>(c, '/api/feed/health')).body.consumer.events;
        await kill(c); // mid-batch, entries pending: claimed by the others
      }
      if (killed && !restart && i > events.length * 0.3) {
        const restartedAt = Date.now();
        restart = start(c).then(() => void (restartMs = Date.now() - restartedAt));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    redis.disconnect();
    await restart;
    await stack.waitForIdle(60_000);

    // Every node's live snapshot equals the ledger's KPIs for the day and the month (each converges within seconds).
    const settle = Date.now() + 10_000;
    let views: { node: string; day: object; month: object; kpiDay: object; kpiMonth: object }[] = [];
    do {
      views = [];
      for (const node of nodes) {
        const { body: live } = await get<LiveSnapshot>(node, '/api/live/snapshot');
        const { body: kpiDay } = await get<KpiReport>(node, `/api/kpi?from=${live.day.date}&to=${live.day.date}`);
        const { body: kpiMonth } = await get<KpiReport>(node, '/api/kpi?from=1999-02-01&to=1999-02-28');
        views.push({ node: node.name, day: pick(live.day), month: pick(live.month), kpiDay: pick(kpiDay), kpiMonth: pick(kpiMonth) });
      }
      if (views.every((v) => JSON.stringify(v.day) === JSON.stringify(v.kpiDay) && JSON.stringify(v.month) === JSON.stringify(v.kpiMonth))) break;
      await new Promise((r) => setTimeout(r, 250));
    } while (Date.now() < settle);
    for (const v of views) {
      expect({ node: v.node, day: v.day, month: v.month }).toEqual({ node: v.node, day: v.kpiDay, month: v.kpiMonth });
    }
    // The outbox holds callers only as keyed hashes.
    const { rows: callers } = await stack.db.query<{ callerId: string | null }>(
      `SELECT DISTINCT payload->'after'->>'callerId' AS "callerId" FROM "LedgerChange" WHERE kind = 'call'`,
    );
    expect(callers.length).toBeGreaterThan(100);
    expect(callers.filter((r) => r.callerId !== null && !/^[0-9a-f]{64}$/.test(r.callerId))).toEqual([]);
    const { body: dayKpi } = await get<KpiReport>(a, `/api/kpi?from=${DAY}&to=${DAY}`);
    expect(dayKpi.requests).toBeGreaterThan(1000); // the day is in the ledger, whole

    // Node A's consumer wrote only its share, yet its console saw all: the last push equals the ledger.
    const consumed = await Promise.all(nodes.map(async (n) => (await get<{ consumer: { events: number } }>(n, '/api/feed/health')).body.consumer.events));
    expect(consumed[0]).toBeLessThan(events.length);
    await new Promise((r) => setTimeout(r, 1000)); // the last push (at most one push interval after the last change)
    expect(last && pick(last.day)).toEqual(views[0].kpiDay);

    // Latency: XADD of a batch -> first snapshot on node A whose feed clock reached the batch's last event.
    const delays: number[] = [];
    let unseen = 0;
    for (const batch of batches) {
      const seen = snapshots.find((s) => s.at >= batch.sentAt && s.asOf >= batch.lastTs);
      if (seen) delays.push(seen.at - batch.sentAt);
      else unseen += 1;
    }
    delays.sort((x, y) => x - y);
    // Printed, not asserted (tests never assert wall-clock durations).
    console.log(
      `multi-node: ${events.length} events in ${batches.length} batches over ${SEND_MS / 1000} s; consumed per node: a ${consumed[0]}, b ${consumed[1]}, c ${consumedBeforeKill} before its kill and ${consumed[2]} after its restart (up again in ${restartMs} ms); ` +
        `XADD -> snapshot on node A: p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays.at(-1)} ms (${delays.length} batches; ${unseen} passed by a snapshot sent before them)`,
    );
    expect(delays.length).toBeGreaterThan(batches.length / 2);
  }, 150_000);

  it('an outage registered on node B (session and CSRF token from node A) reaches the live KPIs of every node', async () => {
    const [a, b, c] = nodes;
    const month = '/api/kpi?from=1999-02-01&to=1999-02-28';
    const before = (await get<KpiReport>(a, month)).body;
    const res = await fetch(`${b.baseUrl}/api/registers/outages`, {
      method: 'POST',
      headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ startsAt: `${DAY}T00:00:00+08:00`, endsAt: `${DAY}T12:00:00+08:00`, reason: 'provincial platform link down' }),
    });
    expect(res.status).toBe(201);
    const after = (await get<KpiReport>(a, month)).body;
    expect(after.requests).toBeLessThan(before.requests);
    expect((await get<LiveSnapshot>(b, '/api/live/snapshot')).body.month.requests).toBe(after.requests); // the writer, at once
    for (const node of [a, c]) {
      const deadline = Date.now() + 5000;
      let live = (await get<LiveSnapshot>(node, '/api/live/snapshot')).body;
      while (live.month.requests !== after.requests && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        live = (await get<LiveSnapshot>(node, '/api/live/snapshot')).body;
      }
      expect({ node: node.name, month: pick(live.month) }).toEqual({ node: node.name, month: pick(after) });
    }
  });
});
