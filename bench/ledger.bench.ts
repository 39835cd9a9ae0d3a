/**
 * `npm run bench -- ledger`: KPIs and the month's score of a provincial hotline's month (1,000,000 calls) from the
 * ledger's rollups, next to the full recompute from the calls measured in the same run.
 *
 * The month (October 2026, 31 local days) is the Anonymous Bank's three weeks (shared/data, real per-call records:
 * arrival times, outcomes, waits, talk, types) scaled: each local day takes a bank day (day d -> bank day (d-1) mod 21)
 * copied ~26 times, each copy shifted by a few seconds and answered by its own agents (`AGENT_15#3`: ten teams), to
 * 1,000,000 calls. They are bulk-inserted into a fresh database of their own (jsonb_populate_recordset, chunks of
 * 20,000, two writers, the call table's secondary indexes built after) and their rollups written by the ledger's own delta code path (libs/kpi rollupDeltas + the
 * upsert of apps/api rollup-sql.ts, in the chunk's transaction). One call is added in December so that the feed clock
 * (and so the live engine's month, loaded at the API's start) is not the benched month.
 *
 * Timed (median of 3 after one warm-up; the full recompute once): the month's `GET /api/kpi` and `GET /api/score/month` on the built API
 * (when built), the same reports in process from the rollups (RollupReader + buildReport), and the full recompute
 * from the calls (every call of the score's window, its 28 history days and the month, read with `pg` and folded by
 * KpiAggregator, as the API did before rollups; the history days hold no call here, so one read and fold gives both
 * the month's report and the score's counts, timed once). Checked: the report from the rollups equals the one
 * from the calls, and the stored rollups equal a recompute from the calls (libs/kpi diffRollups). Times are printed,
 * never asserted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { dayKey, parseBankCalls, startOfDay, startOfMonth } from '@hotline/events';
import { DEFAULT_KPI_POLICY, KpiAggregator, buildReport, diffRollups, foldEvents, rollupDeltas, rollupsOf, type AgentLeg, type CallRecord, type KpiReport } from '@hotline/kpi';
import type { MonthReport } from '@hotline/contracts';
import { loadConfig } from '../apps/api/src/config/config';
import { rowFromCall } from '../apps/api/src/ledger/call.mapper';
import { addRollupRows, readCalls, readRollupRows, rollupPolicy } from '../apps/api/src/ledger/rollup-sql';
import { RollupReader } from '../apps/api/src/ledger/rollups';
import { ROOT, SHARED, createStack } from '../test/support/stack';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const TIME_ZONE = 'Asia/Shanghai';
const MONTH = '2026-10';
const DAYS = 31;
const TOTAL = Number(process.env.BENCH_LEDGER_CALLS ?? 1_000_000);
const CHUNK = 20_000;
const WRITERS = 2;
const TEAMS = 10;
const RUNS = 3;

const shiftLeg = (l: AgentLeg, dt: number, agentId: string | null): AgentLeg => ({
  ...l, agentId,
  answeredAt: l.answeredAt === null ? null : l.answeredAt + dt, impliedAnswerAt: l.impliedAnswerAt === null ? null : l.impliedAnswerAt + dt, endedAt: l.endedAt === null ? null : l.endedAt + dt,
});

/** A bank call moved by `dt` ms under another id, its agents those of team `team`, no caller. */
function copyCall(c: CallRecord, dt: number, callId: string, team: number): CallRecord {
  const at = (v: number | null) => (v === null ? null : v + dt);
  const agent = (id: string | null) => (id === null ? null : `${id}#${team}`);
  return {
    ...c, callId, callerId: null, offeredAt: c.offeredAt + dt, queuedAt: at(c.queuedAt), ivrCompletedAt: at(c.ivrCompletedAt), answeredAt: at(c.answeredAt),
    abandonedAt: at(c.abandonedAt), endedAt: at(c.endedAt), lastEventAt: c.lastEventAt + dt, agentId: agent(c.agentId),
    ...(c.legs ? { legs: c.legs.map((l) => shiftLeg(l, dt, agent(l.agentId))) } : {}),
  };
}

/** The month's calls, day by day (a generator: never the whole month in memory while loading). */
function* monthCalls(bankDays: CallRecord[][], bankDayStarts: number[]): Generator<CallRecord[]> {
  let made = 0;
  for (let d = 1; d <= DAYS; d++) {
    const quota = Math.round((TOTAL * d) / DAYS) - made;
    const b = (d - 1) % bankDays.length;
    const dayShift = startOfDay(`${MONTH}-${String(d).padStart(2, '0')}`, TIME_ZONE).getTime() - bankDayStarts[b];
    const out: CallRecord[] = [];
    for (let k = 0; out.length < quota; k++) {
      for (const c of bankDays[b]) {
        if (out.length >= quota) break;
        out.push(copyCall(c, dayShift + ((k * 7) % 240) * 1000, `${c.callId}-${d}-${k}`, k % TEAMS));
      }
    }
    made += out.length;
    yield out;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median of {@link RUNS} runs after a warm-up; `once`: one run (the full recompute, tens of seconds on a million calls). */
async function timed<T>(fn: () => Promise<T>, once = false): Promise<{ ms: number; value: T }> {
  if (once) {
    const t = performance.now();
    const value = await fn();
    return { ms: performance.now() - t, value };
  }
  await fn();
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export default async function benchLedger(): Promise<void> {
  if (!existsSync(BANK)) {
    console.log(`skipped: ${BANK} is not here (../shared/data)`);
    return;
  }
  const { events } = parseBankCalls(readFileSync(BANK, 'utf8'), { sourceTimeZone: TIME_ZONE });
  const bank = [...foldEvents(events).values()];
  const byDay = new Map<number, CallRecord[]>();
  for (const c of bank) {
    const day = startOfDay(dayKey(new Date(c.offeredAt), TIME_ZONE), TIME_ZONE).getTime();
    (byDay.get(day) ?? byDay.set(day, []).get(day)!).push(c);
  }
  const bankDayStarts = [...byDay.keys()].sort((a, b) => a - b);
  const bankDays = bankDayStarts.map((d) => byDay.get(d)!);
  console.log(`profile: the Anonymous Bank, ${bank.length} calls over ${bankDays.length} days, scaled to ${TOTAL.toLocaleString('en')} calls in ${MONTH}`);

  const stack = await createStack('bench_ledger');
  const config = loadConfig({ ...stack.env });
  const policy = rollupPolicy(config);
  const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: WRITERS + 1 });
  const reader = new RollupReader(config);
  try {
    // Load: calls and their rollups (the ledger's delta path) in one transaction per chunk, two writers; the call
    // table's secondary indexes dropped meanwhile and built again after (as for any bulk load), part of the time.
    let t = performance.now();
    const indexes = (await pool.query<{ def: string; name: string }>(`SELECT indexdef AS def, indexname AS name FROM pg_indexes WHERE tablename = 'Call' AND indexname <> 'Call_pkey'`)).rows;
    for (const i of indexes) await pool.query(`DROP INDEX "${i.name}"`);
    let loaded = 0;
    const now = new Date();
    const writeChunk = async (calls: CallRecord[]) => {
      const db = await pool.connect();
      try {
        await db.query('BEGIN');
        await db.query('INSERT INTO "Call" SELECT * FROM jsonb_populate_recordset(NULL::"Call", $1::jsonb)', [JSON.stringify(calls.map((c) => ({ ...rowFromCall(c), updatedAt: now })))]);
        await addRollupRows(db, rollupDeltas(calls.map((after) => ({ after })), policy));
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      } finally {
        db.release();
      }
      loaded += calls.length;
    };
    const inFlight = new Set<Promise<void>>();
    for (const day of monthCalls(bankDays, bankDayStarts)) {
      for (let i = 0; i < day.length; i += CHUNK) {
        const p: Promise<void> = writeChunk(day.slice(i, i + CHUNK)).finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= WRITERS) await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);
    // One call in December: the feed clock's month (the live engine's, loaded at the API's start) is not the benched one.
    await writeChunk([copyCall(bankDays[0][0], Date.parse('2026-12-01T02:00:00Z') - bankDays[0][0].offeredAt, 'clock-1', 0)]);
    for (const i of indexes) await pool.query(i.def);
    // The policy the rollups were counted under (else the API's start-up would rebuild them: RollupReconciliationService).
    await pool.query(`INSERT INTO "RollupState" (id, "timeZone", "intervalMinutes", "serviceLevelSeconds", "shortIvrExcludeSeconds", "updatedAt") VALUES (1, $1, $2, $3, $4, now())`,
      [policy.timeZone, policy.intervalMinutes, policy.serviceLevelSeconds, policy.shortIvrExcludeSeconds]);
    const loadSeconds = (performance.now() - t) / 1000;
    await pool.query('ANALYZE "Call"; ANALYZE "CallRollup"; ANALYZE "AgentRollup"');
    const sizes = (await pool.query<{ t: string; a: string }>('SELECT (SELECT count(*) FROM "CallRollup") AS t, (SELECT count(*) FROM "AgentRollup") AS a')).rows[0];
    console.log(`loaded ${loaded.toLocaleString('en')} calls with their rollups in ${loadSeconds.toFixed(1)} s (${Math.round(loaded / loadSeconds).toLocaleString('en')} calls/s); rollup rows: ${sizes.t} per type evidence, ${sizes.a} per agent`);

    const from = startOfMonth(MONTH, TIME_ZONE).getTime();
    const to = startOfMonth('2026-11', TIME_ZONE).getTime();
    const historyFrom = from - 28 * 86_400_000;
    const kpiPolicy = { ...DEFAULT_KPI_POLICY, ...policy, outages: [] };

    // In process: rollups vs the calls.
    const fromRollups = await timed(async () => buildReport(await reader.aggregate(from, to, kpiPolicy, {}, { types: true, agents: true }), from, to));
    const scoreRollups = await timed(async () => (await reader.aggregate(historyFrom, to, kpiPolicy, {}, { types: false, agents: false })).counts(from, to));
    // The full recompute, once (a minute on a million calls): every call of the score's window (its 28 history days
    // hold none here, so the same calls as the month's report) read and folded, as the API did before rollups.
    let calls: CallRecord[] = [];
    const full = await timed(async () => {
      calls = await readCalls(pool, new Date(historyFrom), new Date(to));
      const aggregator = new KpiAggregator(kpiPolicy);
      for (const c of calls) aggregator.add(c);
      return { report: buildReport(aggregator, from, to), counts: aggregator.counts(from, to) };
    }, true);
    const fromCalls = { ms: full.ms, value: full.value.report };
    const scoreCalls = { ms: full.ms, value: full.value.counts };
    t = performance.now();
    const differences = diffRollups(await readRollupRows(pool, new Date(from), new Date(to)), rollupsOf(calls, policy));
    const recomputeSeconds = (performance.now() - t) / 1000;
    const sameReport = JSON.stringify(fromRollups.value) === JSON.stringify(fromCalls.value);
    const sameScore = JSON.stringify(scoreRollups.value) === JSON.stringify(scoreCalls.value);

    // Over HTTP on the built API (the endpoints themselves).
    let http: { kpi: number; score: number; kpiEqual: boolean; connect: string | null } | null = null;
    if (existsSync(join(ROOT, 'apps', 'api', 'dist', 'main.js'))) {
      await stack.startApi({ HOTLINE_ROLLUP_CHECK_MINUTES: '0' });
      const kpi = await timed(() => stack.getJson<KpiReport>(`/api/kpi?from=${MONTH}-01&to=${MONTH}-31`));
      const score = await timed(() => stack.getJson<MonthReport>(`/api/score/month?month=${MONTH}`));
      if (kpi.value.status !== 200 || score.value.status !== 200) throw new Error(`the API answered ${kpi.value.status} / ${score.value.status}`);
      http = { kpi: kpi.ms, score: score.ms, kpiEqual: JSON.stringify(kpi.value.body) === JSON.stringify(fromCalls.value), connect: score.value.body.score.rates.connectRatePercent };
    }

    const report = fromCalls.value;
    console.log(`month ${MONTH}: ${report.requests.toLocaleString('en')} requests, connect rate ${report.connectRate} %, ${report.agents.length} agents, ${report.byBusinessType.length} business-type rows`);
    console.log('');
    console.log('| measure | from rollups | full recompute from calls | ratio |');
    console.log('|---|---|---|---|');
    console.log(`| month's KPIs (report), in process | ${fmt(fromRollups.ms)} | ${fmt(fromCalls.ms)} | ${(fromCalls.ms / fromRollups.ms).toFixed(1)}x |`);
    console.log(`| month's score counts (28 history days + month), in process | ${fmt(scoreRollups.ms)} | ${fmt(scoreCalls.ms)} (the same read and fold) | ${(scoreCalls.ms / scoreRollups.ms).toFixed(1)}x |`);
    if (http) {
      console.log(`| GET /api/kpi for the month (API) | ${fmt(http.kpi)} | ${fmt(fromCalls.ms)} (in process) | ${(fromCalls.ms / http.kpi).toFixed(1)}x |`);
      console.log(`| GET /api/score/month (API) | ${fmt(http.score)} | ${fmt(scoreCalls.ms)} (read and fold only, in process) | ${(scoreCalls.ms / http.score).toFixed(1)}x |`);
    } else {
      console.log('| GET /api/kpi, /api/score/month | (the API is not built: `npm run build` first) | | |');
    }
    console.log('');
    console.log(`report from rollups equals the report from the calls: ${sameReport ? 'yes' : 'NO'}; score counts equal: ${sameScore ? 'yes' : 'NO'}${http ? `; GET /api/kpi equals the report from the calls: ${http.kpiEqual ? 'yes' : 'NO'} (score connect rate ${http.connect} %)` : ''}`);
    console.log(`stored rollups equal the full recompute from the calls: ${differences.length === 0 ? 'yes' : `NO (${differences.length} rows differ, e.g. ${JSON.stringify(differences[0])})`} (recompute and compare ${recomputeSeconds.toFixed(1)} s)`);
  } finally {
    await reader.onApplicationShutdown();
    await pool.end();
    await stack.stop();
  }
}
