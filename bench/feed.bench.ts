/**
 * `npm run bench -- feed`: the feed end to end (Redis stream -> consumer group -> Postgres ledger -> live KPI engine)
 * on this machine's Postgres and Redis, with the built API as a child process (`npm run build` first), next to
 * baselines measured in the same run:
 * - throughput: the three weeks of the Anonymous Bank (real per-call data, ~25,000 calls, ~110,000 events, moved so
 *   they end yesterday) added to the backfill lane as fast as one pipelined client can, timed until the ledger holds
 *   every event; printed as events/s and as a ratio to the raw `XADD` rate of the same Redis (the same entries,
 *   pipelined into a scratch stream nobody reads);
 * - live push latency: 50 Socket.IO consoles signed in; a live call offered every 100 ms on the live stream, each
 *   timed from its `XADD` until each console's snapshot counts it; p50/p99 while idle (the baseline) and during the
 *   backfill, and their ratio.
 * Numbers are reported, never asserted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { dayKey, parseBankCalls, startOfDay, type CallEvent } from '@hotline/events';
import type { LiveSnapshot } from '@hotline/contracts';
import { ROOT, SHARED, createStack, type Stack } from '../test/support/stack';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const TIME_ZONE = 'Asia/Shanghai';
const CONSOLES = 50;
const LIVE_EVERY_MS = 100;
const CHUNK = 2000;

/** The bank's events moved by whole days so that its last day is yesterday, as stream entries (JSON). */
function history(): string[] {
  const { events } = parseBankCalls(readFileSync(BANK, 'utf8'), { sourceTimeZone: TIME_ZONE });
  const last = events.reduce((max, e) => (e.ts > max ? e.ts : max), '');
  const today = startOfDay(dayKey(new Date(), TIME_ZONE), TIME_ZONE).getTime();
  const lastDay = startOfDay(dayKey(new Date(last), TIME_ZONE), TIME_ZONE).getTime();
  const shift = today - 86_400_000 - lastDay;
  return events.map((e: CallEvent) => JSON.stringify({ ...e, ts: new Date(Date.parse(e.ts) + shift).toISOString() }));
}

async function xaddAll(redis: Redis, key: string, entries: readonly string[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    const pipe = redis.pipeline();
    for (const entry of entries.slice(i, i + CHUNK)) pipe.xadd(key, '*', 'event', entry);
    await pipe.exec();
  }
}

/** Live calls offered every {@link LIVE_EVERY_MS} on the live stream; latency until each console's snapshot counts each. */
class LiveProbe {
  private sent: number[] = [];
  private readonly seen: number[];
  readonly latencies: number[] = [];
  private base = 0;
  private timer: NodeJS.Timeout | undefined;
  private n = 0;

  constructor(private readonly redis: Redis, private readonly key: string, private readonly sockets: Socket[], private readonly run: string) {
    this.seen = sockets.map(() => 0);
    sockets.forEach((socket, i) => socket.on('kpi:snapshot', (s: LiveSnapshot) => this.onSnapshot(i, s)));
  }

  private onSnapshot(i: number, snapshot: LiveSnapshot): void {
    const counted = snapshot.day.requests - this.base;
    const now = performance.now();
    while (this.seen[i] < counted && this.seen[i] < this.sent.length) {
      this.latencies.push(now - this.sent[this.seen[i]]);
      this.seen[i] += 1;
    }
  }

  /** Starts sending from the current day count `base`. */
  start(base: number): void {
    this.base = base;
    this.sent = [];
    this.seen.fill(0);
    this.latencies.length = 0;
    this.timer = setInterval(() => {
      const id = `${this.run}-${this.n++}`;
      const event = { eventId: `${id}:offered`, callId: id, ts: new Date().toISOString(), source: 'bench-live', type: 'call.offered' };
      const at = performance.now();
      void this.redis.xadd(this.key, '*', 'event', JSON.stringify(event)).then(() => this.sent.push(at));
    }, LIVE_EVERY_MS);
  }

  async stop(): Promise<number[]> {
    clearInterval(this.timer);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && this.latencies.length < this.sent.length * this.sockets.length) await new Promise((r) => setTimeout(r, 50));
    const missing = this.sent.length * this.sockets.length - this.latencies.length;
    for (let k = 0; k < missing; k++) this.latencies.push(Infinity);
    return [...this.latencies].sort((a, b) => a - b);
  }
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'lost');

async function ledgerCount(stack: Stack): Promise<number> {
  const { rows } = await stack.db.query<{ n: string }>('SELECT count(*) AS n FROM "RawEvent"');
  return Number(rows[0].n);
}

export default async function benchFeed(): Promise<void> {
  if (!existsSync(join(ROOT, 'apps', 'api', 'dist', 'main.js'))) {
    console.log('the API is not built: run `npm run build` first');
    return;
  }
  if (!existsSync(BANK)) {
    console.log(`skipped: ${BANK} is not here (../shared/data)`);
    return;
  }
  const entries = history();
  const stack = await createStack('bench_feed');
  const redis = new Redis(stack.env.REDIS_URL);
  const sockets: Socket[] = [];
  try {
    // Raw XADD rate of this Redis: the same entries into a scratch stream nobody reads.
    const scratch = `${stack.prefix}scratch`;
    let t = performance.now();
    await xaddAll(redis, scratch, entries);
    const rawSeconds = (performance.now() - t) / 1000;
    await redis.del(scratch);

    await stack.startApi({ LOG_LEVEL: 'error' });
    const lead = await stack.signIn(['shift_lead']);
    for (let i = 0; i < CONSOLES; i++) {
      sockets.push(io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: lead.cookie }, forceNew: true }));
    }
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())))));
    const probe = new LiveProbe(redis, `${stack.prefix}events`, sockets, 'live');
    const dayRequests = async () => (await stack.getJson<LiveSnapshot>('/api/live/snapshot')).body.day.requests;

    // Baseline: live pushes with nothing else going on.
    probe.start(await dayRequests());
    await new Promise((r) => setTimeout(r, 5000));
    const idle = await probe.stop();

    // The backfill with live calls going on.
    await new Promise((r) => setTimeout(r, 500));
    const before = await ledgerCount(stack);
    probe.start(await dayRequests());
    t = performance.now();
    await xaddAll(redis, `${stack.prefix}backfill`, entries);
    const addedSeconds = (performance.now() - t) / 1000;
    while ((await ledgerCount(stack)) - before < entries.length) await new Promise((r) => setTimeout(r, 100));
    const loadSeconds = (performance.now() - t) / 1000;
    const busy = await probe.stop();

    const rawRate = entries.length / rawSeconds;
    const rate = entries.length / loadSeconds;
    console.log(`events: ${entries.length} (the bank's 3 weeks), consoles: ${CONSOLES}, live calls every ${LIVE_EVERY_MS} ms`);
    console.log('| measure | value | baseline (same run) | ratio |');
    console.log('|---|---|---|---|');
    console.log(`| stream -> ledger -> KPIs | ${Math.round(rate).toLocaleString('en')} events/s | raw XADD ${Math.round(rawRate).toLocaleString('en')} events/s | ${(rate / rawRate).toFixed(3)} |`);
    console.log(`| producer's XADD during the load | ${Math.round(entries.length / addedSeconds).toLocaleString('en')} events/s | raw XADD | ${(entries.length / addedSeconds / rawRate).toFixed(3)} |`);
    console.log(`| live push p50 during backfill | ${ms(quantile(busy, 0.5))} | idle ${ms(quantile(idle, 0.5))} | ${(quantile(busy, 0.5) / quantile(idle, 0.5)).toFixed(2)} |`);
    console.log(`| live push p99 during backfill | ${ms(quantile(busy, 0.99))} | idle ${ms(quantile(idle, 0.99))} | ${(quantile(busy, 0.99) / quantile(idle, 0.99)).toFixed(2)} |`);
    console.log(`(${busy.length} live samples during the backfill over ${loadSeconds.toFixed(1)} s, ${idle.length} idle)`);
  } finally {
    for (const s of sockets) s.disconnect();
    redis.disconnect();
    await stack.stop();
  }
}
