/**
 * Several API nodes (issue 18), end to end: two API processes (the built dist, `npx tsc -b apps/api` first) on one
 * database and one Redis key prefix. Planning jobs run on any node and are controlled from any node: node A (its
 * HOTLINE_ROSTER_CONCURRENCY at 2) takes two jobs with a background budget while it is the only node, so both run
 * there at once; node B then cancels the first (it fails with reason `cancelled` and leaves no draft) and stops the
 * second (it completes with reason `stopped`, keeping its best version), each over the Redis control channel.
 * Socket.IO spans the nodes: a shift lead's console on node B sees an alert acknowledged on node A as acknowledged,
 * and her sign-out on node A ends her socket on node B with reason `logout`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { API, CancelledJob, FloorAttention, PlanStarted, RosterJob, SOCKET_EVENTS, StoppingJob, type BodyOf } from '@hotline/contracts';
import { versionsNamed } from './support/roster-plan';
import { ROOT, type ApiClient, type Stack, createStack, freePort, signInAs } from './support/stack';

jest.setTimeout(240_000);

/** A second API process on the stack's database and prefix (its own port and consumer name). */
async function startNode(stack: Stack, name: string): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], {
    env: { ...process.env, ...stack.env, PORT: String(port), HOTLINE_CONSUMER: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) return { child, baseUrl, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node ${name} did not start:\n${output}`);
}

/**
 * 14 days, a floor manager and five agents, an uneven forecast, a time limit of 1 s and a background budget (the
 * shape of roster-anytime's problem): the job answers at once, then keeps improving until stopped or cancelled.
 */
function plan(name: string): BodyOf<typeof API.rosterPlan> {
  const days = 14;
  const offered = Array.from({ length: days * 48 }, (_, t) => {
    const h = (t % 48) / 2;
    const weekend = Math.floor(t / 48) % 7 >= 5 ? 0.6 : 1;
    return Math.round((h < 7 ? 1 : h < 12 ? 6 : h < 18 ? 8 : 3) * weekend * (1 + 0.3 * Math.sin(t)));
  });
  return {
    name,
    startDate: '2025-12-01',
    days,
    agents: [{ id: 'm', name: '现场管理', floorManager: true, seatShare: 0.5 }, ...['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: `话务员 ${id.toUpperCase()}` }))],
    forecast: { source: 'given', offered, ahtSeconds: 200, patienceSeconds: 180 },
    rules: { minOnDuty: 0 },
    timeLimitSeconds: 1,
    improveSeconds: 300,
    improveStallSeconds: 300,
  };
}

describe('several API nodes', () => {
  let stack: Stack;
  let nodeB: Awaited<ReturnType<typeof startNode>> | undefined;
  let plannerA: ApiClient;
  let plannerB: ApiClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    stack = await createStack('multi_node');
    // A watched source never heard from, configured an hour ago: both nodes list the same `source-silent` alert
    // (read from Postgres, not from a node's own feed).
    await stack.db.query(`INSERT INTO "IntakeSource" (name, kind, "createdAt", "updatedAt") VALUES ('pbx-multi', 'push', now() - interval '1 hour', now())`);
    await stack.startApi({ HOTLINE_ROSTER_CONCURRENCY: '2', HOTLINE_CONSUMER: 'node-a' });
    plannerA = await stack.signIn(['planner']);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (nodeB && nodeB.child.exitCode === null) {
      const exited = new Promise((r) => nodeB!.child.once('exit', r));
      nodeB.child.kill('SIGTERM');
      await exited;
    }
    await stack?.stop();
  });

  const jobOf = async (client: ApiClient, jobId: string): Promise<RosterJob> => RosterJob.parse((await client.get(`/api/roster/jobs/${jobId}`)).body);
  /** Polls the job (through `client`'s node) until `done` says so or it ended. */
  const follow = async (client: ApiClient, jobId: string, done: (job: RosterJob) => boolean): Promise<RosterJob> => {
    for (let i = 0; i < 600; i++) {
      const job = await jobOf(client, jobId);
      if (done(job) || job.state === 'completed' || job.state === 'failed') return job;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`planning job ${jobId} did not get there`);
  };
  const versionsOf = (name: string) => versionsNamed(plannerA, '2025-12-01', name);

  it('runs two jobs at once on node A, cancels one and stops the other from node B', async () => {
    // Both jobs start while node A is the only node: it runs them (concurrency 2), both improving at once.
    const ids: string[] = [];
    for (const name of ['multi-cancel', 'multi-stop']) {
      const res = await plannerA.send('POST', '/api/roster/plans', plan(name));
      expect(res.status).toBe(202);
      ids.push(PlanStarted.parse(res.body).jobId);
    }
    const [cancelId, stopId] = ids;
    for (const id of ids) expect((await follow(plannerA, id, (j) => j.progress?.improve?.status === 'improving')).state).toBe('active');
    expect((await versionsOf('multi-cancel')).length).toBeGreaterThan(0);

    nodeB = await startNode(stack, 'node-b');
    plannerB = await signInAs(nodeB.baseUrl, plannerA.login, plannerA.password, plannerA.userId);

    // Cancel through node B: node A aborts the job; it fails with `cancelled` and leaves no draft.
    const cancelled = await plannerB.send('DELETE', `/api/roster/jobs/${cancelId}`);
    expect(cancelled.status).toBe(200);
    expect(CancelledJob.parse(cancelled.body)).toEqual({ jobId: cancelId, state: 'cancelled' });
    const failed = await follow(plannerB, cancelId, () => false);
    expect(failed).toMatchObject({ state: 'failed', failedReason: 'cancelled' });
    expect(await versionsOf('multi-cancel')).toEqual([]);

    // Stop through node B: the job completes with the best version it found, kept as a draft.
    const stopped = await plannerB.send('POST', `/api/roster/jobs/${stopId}/stop`, {});
    expect(stopped.status).toBe(202);
    expect(StoppingJob.parse(stopped.body)).toEqual({ jobId: stopId, state: 'stopping' });
    const done = await follow(plannerB, stopId, () => false);
    expect(done.state).toBe('completed');
    expect(done.result!.improve).toMatchObject({ status: 'finished', stopReason: 'stopped', stopRequested: true });
    const versions = await versionsOf('multi-stop');
    expect(versions.length).toBe(done.result!.improve!.versionsPublished);
    expect(done.result!.versionId).toBe(versions[versions.length - 1].id);
    expect(versions[versions.length - 1].status).toBe('draft');

    // Both were audited on node B, with the planner as author and the state node B read.
    const audit = await stack.db.query<{ action: string; actorLogin: string; detail: { before: unknown; after: unknown } }>(
      `SELECT action, "actorLogin", detail FROM "AuditLog" WHERE action = ANY($1) AND outcome = 'ok' ORDER BY id`,
      [[API.rosterCancelJob.id, API.rosterStopJob.id]],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ action: API.rosterCancelJob.id, actorLogin: plannerA.login, detail: expect.objectContaining({ before: { state: 'active' }, after: { state: 'cancelled' } }) }),
      expect.objectContaining({ action: API.rosterStopJob.id, actorLogin: plannerA.login, detail: expect.objectContaining({ before: { state: 'active' }, after: { state: 'stopping' } }) }),
    ]);
    // A finished job is finished from every node.
    expect((await plannerB.send('POST', `/api/roster/jobs/${stopId}/stop`, {})).status).toBe(409);
  });

  it("shows on node B's console an alert acknowledged on node A, and ends its socket when she signs out on A", async () => {
    if (!nodeB) nodeB = await startNode(stack, 'node-b');
    const leadA = await stack.signIn(['shift_lead']);
    // The session is shared through Redis: the cookie from node A opens a socket on node B.
    const lists: FloorAttention[] = [];
    const ended: { reason: string }[] = [];
    const socket = io(nodeB.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: leadA.cookie } });
    sockets.push(socket);
    socket.on(SOCKET_EVENTS.attention.name, (list: unknown) => lists.push(FloorAttention.parse(list)));
    socket.on(SOCKET_EVENTS.sessionEnded.name, (payload: { reason: string }) => ended.push(payload));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const silent = (list: FloorAttention) => list.alerts.find((a) => a.rule === 'source-silent' && a.subject === 'pbx-multi');
    const until = async (what: string, ok: () => boolean): Promise<void> => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if (ok()) return;
      throw new Error(`${what}: not within 30 s (last list ${JSON.stringify(lists[lists.length - 1])})`);
    };
    await until('the silent source listed on node B', () => lists.some((l) => silent(l)?.ack === null));
    const alertId = silent(lists.find((l) => silent(l))!)!.id;

    const acked = await leadA.send('POST', `/api/floor/alerts/${encodeURIComponent(alertId)}/ack`, {});
    expect(acked.status).toBe(200);
    const at = Date.now();
    await until('the acknowledgement on node B', () => !!silent(lists[lists.length - 1])?.ack);
    process.stdout.write(`acknowledgement on node A seen on node B after ${Date.now() - at} ms\n`);
    expect(silent(lists[lists.length - 1])!.ack).toMatchObject({ by: leadA.login });

    // Signing out on node A ends the socket on node B at once, with the reason (the sweep would say `expired`).
    expect((await leadA.send('POST', '/api/auth/logout')).status).toBe(204);
    await until('session:ended on node B', () => ended.length > 0);
    expect(ended[0]).toEqual({ reason: 'logout' });
  });
});
