/**
 * Issue 14, hot topics (热点诉求) and repeat callers: six weeks of registered requests are written straight into
 * ServiceRequest by a deterministic generator; the API's counts per day, ISO week and month (and the previous
 * period), and its series, equal what this test counts with plain loops over what it wrote (not the library). A
 * spike built on one day fires; the ordinary days (each with a full 28-day baseline) do not. Repeat callers come from
 * ledger calls written into Call/Caller and show masked only; the bureau sees hot topics with no caller at all and
 * gets 403 on the worklist. Every answer is parsed with its contract schema.
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { HotTopicSeries, HotTopicSpikes, HotTopicsView, RepeatCallers, type ErrorBody } from '@hotline/contracts';
import { DEFAULT_BUSINESS_TYPES } from '@hotline/kpi';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(90_000);

/** A Monday; six weeks of requests: 2026-10-19 .. 2026-11-29 (day index 0..41), across a month boundary. */
const START = Date.UTC(2026, 9, 19);
const DAYS = 42;
const SPIKE_DAY = 41; // 2026-11-29
const SPIKE_TYPE = 'driving-licence';
const SHANGHAI_MS = 8 * 3600_000;
/** Leaf types and each one's steady daily counts (under-dispersed: never above a Poisson 99th percentile). */
const STEADY: Record<string, [number, number]> = {
  'motor-vehicle': [4, 7], 'driving-licence': [1, 3], 'user-info': [2, 4], complaint: [1, 2], suggestion: [0, 2], other: [1, 3], 'retired-type': [0, 1],
};
const PARENT = new Map(DEFAULT_BUSINESS_TYPES.map((t) => [t.code, t.parentCode]));

/** num / den × 100 to 2 decimals, half away from zero (四舍五入), as a string. */
const pct = (num: number, den: number): string => `${num < 0 ? '-' : ''}${(Math.round((Math.abs(num) * 10000) / den) / 100).toFixed(2)}`;
const dayOf = (i: number): string => new Date(START + i * 86_400_000).toISOString().slice(0, 10);

/** mulberry32: the same requests on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Written {
  index: number;
  day: string;
  code: string;
}

describe('hot topics and repeat callers', () => {
  let stack: Stack;
  let lead: ApiClient;
  let bureau: ApiClient;
  let agent: ApiClient;
  const written: Written[] = [];

  /** Requests of `[from, to]` (day indexes) per code at a level, counted with plain loops. */
  function count(from: number, to: number, level: 'top' | 'leaf'): Record<string, number> {
    const out: Record<string, number> = {};
    for (const w of written) {
      if (w.index < from || w.index > to) continue;
      const code = level === 'top' ? (PARENT.get(w.code) ?? w.code) : w.code;
      out[code] = (out[code] ?? 0) + 1;
    }
    return out;
  }

  async function get<T>(client: ApiClient, path: string, schema: { parse(v: unknown): T }): Promise<T> {
    const res = await client.get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return schema.parse(res.body);
  }

  beforeAll(async () => {
    stack = await createStack('hot_topics');
    await stack.startApi();
    lead = await stack.signIn(['shift_lead']);
    bureau = await stack.signIn(['bureau']);
    agent = await stack.signIn(['agent'], { agentId: 'HT1' });
    const rand = rng(14);
    for (let i = 0; i < DAYS; i++) {
      for (const [code, [lo, hi]] of Object.entries(STEADY)) {
        const n = lo + Math.floor(rand() * (hi - lo + 1)) + (i === SPIKE_DAY && code === SPIKE_TYPE ? 12 : 0);
        for (let k = 0; k < n; k++) written.push({ index: i, day: dayOf(i), code });
      }
    }
    // Local times over the whole day, the first of each day at 00:10 Shanghai (16:10 UTC the day before).
    const values: unknown[] = [];
    const rows = written.map((w, n) => {
      const minute = n % 5 === 0 ? 10 : Math.floor(rand() * 1440);
      const receivedAt = new Date(START + w.index * 86_400_000 + minute * 60_000 - SHANGHAI_MS).toISOString();
      values.push(w.code, `request ${n}`, n % 3 === 0 ? 'draft' : 'done', receivedAt, w.day, lead.userId);
      const b = n * 6;
      return `('call', $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::timestamptz, $${b + 5}, $${b + 6}, now())`;
    });
    await stack.db.query(`INSERT INTO "ServiceRequest" (channel, "businessTypeCode", summary, status, "receivedAt", day, "createdById", "updatedAt") VALUES ${rows.join(', ')}`, values);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts a day, an ISO week and a month against the previous one as the test counts them', async () => {
    const cases: { period: string; date: string; range: [number, number]; previous: [number, number]; from: string; to: string }[] = [
      { period: 'day', date: dayOf(40), range: [40, 40], previous: [39, 39], from: dayOf(40), to: dayOf(40) },
      { period: 'week', date: dayOf(38), range: [35, 41], previous: [28, 34], from: '2026-11-23', to: '2026-11-29' },
      // November against October (the data begin on 10-19: index 0 .. 12 are October's)
      { period: 'month', date: '2026-11-15', range: [13, 41], previous: [0, 12], from: '2026-11-01', to: '2026-11-30' },
    ];
    for (const c of cases) {
      for (const level of ['top', 'leaf'] as const) {
        const view = await get(lead, `/api/hot-topics?period=${c.period}&date=${c.date}&level=${level}`, HotTopicsView);
        const now = count(...c.range, level);
        const before = count(...c.previous, level);
        const total = Object.values(now).reduce((a, b) => a + b, 0);
        expect({ from: view.from, to: view.to, total: view.total, previousTotal: view.previousTotal }).toEqual({
          from: c.from, to: c.to, total, previousTotal: Object.values(before).reduce((a, b) => a + b, 0),
        });
        const codes = [...new Set([...Object.keys(now), ...Object.keys(before)])].sort();
        const expected = codes.map((code) => {
          const n = now[code] ?? 0;
          const p = before[code] ?? 0;
          return {
            code, count: n, previousCount: p, change: n - p,
            rank: n === 0 ? null : 1 + Object.values(now).filter((x) => x > n).length,
            previousRank: p === 0 ? null : 1 + Object.values(before).filter((x) => x > p).length,
            changePercent: p === 0 ? null : pct(n - p, p),
            sharePercent: pct(n, total),
          };
        });
        const got = view.topics.map(({ code, count: n, previousCount, change, rank, previousRank, changePercent, sharePercent }) => ({ code, count: n, previousCount, change, rank, previousRank, changePercent, sharePercent }));
        expect(got.sort((a, b) => (a.code < b.code ? -1 : 1))).toEqual(expected);
        // ordered by rank, names from the tree (a retired code named by itself), parents only at leaf level
        expect(view.topics.map((t) => t.count)).toEqual([...view.topics.map((t) => t.count)].sort((a, b) => b - a));
        expect(view.topics.find((t) => t.code === 'retired-type')?.nameZh ?? 'retired-type').toBe('retired-type');
        if (level === 'leaf') expect(view.topics.find((t) => t.code === 'complaint')?.parentCode).toBe('complaint-suggestion');
        else expect(view.topics.every((t) => t.parentCode === null && t.code !== 'complaint')).toBe(true);
      }
    }
  });

  it('answers a weekly series as the test counts it, and refuses a range beyond 400 days naming the field', async () => {
    const s = await get(lead, `/api/hot-topics/series?from=${dayOf(0)}&to=${dayOf(DAYS - 1)}&granularity=week&level=leaf`, HotTopicSeries);
    expect(s.buckets.map((b) => b.from)).toEqual([0, 7, 14, 21, 28, 35].map(dayOf));
    const lines = Object.fromEntries(s.lines.map((l) => [l.code, l.counts]));
    const expected = Object.fromEntries(Object.keys(STEADY).map((code) => [code, [0, 1, 2, 3, 4, 5].map((w) => count(w * 7, w * 7 + 6, 'leaf')[code] ?? 0)]));
    expect(lines).toEqual(expected);
    expect(s.totals).toEqual([0, 1, 2, 3, 4, 5].map((w) => Object.values(count(w * 7, w * 7 + 6, 'leaf')).reduce((a, b) => a + b, 0)));
    const far = await lead.get<ErrorBody>('/api/hot-topics/series?from=2025-01-01&to=2026-02-05');
    expect({ status: far.status, field: far.body.field }).toEqual({ status: 400, field: 'to' });
    const period = await lead.get<ErrorBody>('/api/hot-topics?period=year');
    expect({ status: period.status, field: period.body.field }).toEqual({ status: 400, field: 'period' });
    const date = await lead.get<ErrorBody>('/api/hot-topics/spikes?date=2026-13-01');
    expect({ status: date.status, field: date.body.field }).toEqual({ status: 400, field: 'date' });
  });

  it('fires the spike alarm on the constructed spike and on none of the ordinary days', async () => {
    const spike = await get(lead, `/api/hot-topics/spikes?date=${dayOf(SPIKE_DAY)}&level=leaf`, HotTopicSpikes);
    expect(spike.rule).toMatch(/99th percentile/);
    expect(spike.baseline).toEqual({ from: dayOf(SPIKE_DAY - 28), to: dayOf(SPIKE_DAY - 1) });
    const fired = spike.topics.filter((t) => t.fired);
    expect(fired.map((t) => t.code)).toEqual([SPIKE_TYPE]);
    const mean = count(SPIKE_DAY - 28, SPIKE_DAY - 1, 'leaf')[SPIKE_TYPE] / 28;
    expect({ count: fired[0].count, trailingMean: fired[0].trailingMean }).toEqual({ count: count(SPIKE_DAY, SPIKE_DAY, 'leaf')[SPIKE_TYPE], trailingMean: mean.toFixed(4) });
    expect(fired[0].count).toBeGreaterThan(fired[0].threshold);
    const top = await get(lead, `/api/hot-topics/spikes?date=${dayOf(SPIKE_DAY)}&level=top`, HotTopicSpikes);
    expect(top.topics.filter((t) => t.fired).map((t) => t.code)).toEqual([SPIKE_TYPE]);
    // The ordinary days: every day with a full 28-day baseline before the spike.
    for (let i = 28; i < SPIKE_DAY; i++) {
      for (const level of ['leaf', 'top']) {
        const s = await get(lead, `/api/hot-topics/spikes?date=${dayOf(i)}&level=${level}`, HotTopicSpikes);
        expect({ day: dayOf(i), level, fired: s.topics.filter((t) => t.fired).map((t) => t.code) }).toEqual({ day: dayOf(i), level, fired: [] });
      }
    }
  });

  it('lists repeat callers masked for the shift lead, and shows the bureau no caller at all', async () => {
    const number = (n: number) => `1380000${String(n).padStart(4, '0')}`;
    const hash = (n: number) => createHash('sha256').update(`hot-topics-test:${number(n)}`).digest('hex');
    const local = (day: string, hhmm: string) => new Date(Date.parse(`${day}T${hhmm}:00Z`) - SHANGHAI_MS).toISOString();
    const D = '2026-11-27';
    const calls: [string, number, string, string][] = [
      ['rc-a1', 1, D, '10:00'], ['rc-a2', 1, D, '11:00'], // caller 1: twice within 2 h
      ['rc-b1', 2, '2026-11-26', '20:00'], ['rc-b2', 2, D, '09:00'], // caller 2: within 24 h, not 2 h, the first the day before
      ['rc-c1', 3, D, '12:00'], // caller 3: once
      ['rc-d1', 4, '2026-11-24', '10:00'], ['rc-d2', 4, '2026-11-24', '10:30'], // caller 4: another day
    ];
    for (const n of [1, 2, 3, 4]) {
      await stack.db.query(`INSERT INTO "Caller" (hash, cipher, "keyId", masked) VALUES ($1, 'x', 't1', $2)`, [hash(n), `138****${number(n).slice(-4)}`]);
    }
    for (const [callId, n, day, hhmm] of calls) {
      await stack.db.query(
        `INSERT INTO "Call" ("callId", source, "offeredAt", "callerId", "answeredAt", "agentId", outcome, "lastEventAt", "updatedAt") VALUES ($1, 'queue_log', $2, $3, $2, 'HT1', 'answered', $2, now())`,
        [callId, local(day, hhmm), hash(n)],
      );
    }
    await stack.db.query(
      `INSERT INTO "ServiceRequest" (channel, "callId", "businessTypeCode", summary, outcome, status, "receivedAt", day, "createdById", "callerHash", "callerMasked", "updatedAt")
       VALUES ('call', 'rc-a1', 'motor-vehicle', '年检预约咨询', 'answered', 'done', $1, $2, $3, $4, '138****0001', now())`,
      [local(D, '10:05'), D, lead.userId, hash(1)],
    );
    written.push({ index: 39, day: D, code: 'motor-vehicle' }); // counted from here on (the report below)

    const two = await get(lead, `/api/repeat-callers?date=${D}&window=2h`, RepeatCallers);
    expect(two.callers.map((c) => [c.callerRef, c.caller, c.maxCallsInWindow, c.calls.map((x) => x.callId)])).toEqual([[hash(1).slice(0, 12), '138****0001', 2, ['rc-a2', 'rc-a1']]]);
    expect(two.callers[0].requests.map((r) => [r.callId, r.summary, r.businessTypeNameZh, r.outcome])).toEqual([['rc-a1', '年检预约咨询', '机动车业务', 'answered']]);
    const day = await get(lead, `/api/repeat-callers?date=${D}&window=24h`, RepeatCallers);
    expect(day.callers.map((c) => [c.caller, c.calls.map((x) => x.callId)])).toEqual([['138****0001', ['rc-a2', 'rc-a1']], ['138****0002', ['rc-b2', 'rc-b1']]]);
    const text = JSON.stringify(day);
    for (const n of [1, 2, 3, 4]) {
      expect(text).not.toContain(number(n));
      expect(text).not.toContain(hash(n)); // the reference only, never the whole keyed hash
    }

    // The bureau: hot topics yes, with no caller field anywhere; the worklist no. An agent: neither.
    expect((await bureau.get('/api/repeat-callers')).status).toBe(403);
    expect((await agent.get('/api/repeat-callers')).status).toBe(403);
    expect((await agent.get('/api/hot-topics')).status).toBe(403);
    const keys = (v: unknown): string[] => (v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : []);
    for (const path of [`/api/hot-topics?period=day&date=${D}&level=leaf`, `/api/hot-topics/series?from=${D}&to=${D}`, `/api/hot-topics/spikes?date=${D}`]) {
      const res = await bureau.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(keys(res.body).filter((k) => /caller/i.test(k))).toEqual([]);
      expect(JSON.stringify(res.body)).not.toMatch(/138\*{4}|1380000/);
    }
  });
  it("prints the month's hot topics in the operations report: registered requests, else the calls' types", async () => {
    const manager = await stack.signIn(['manager']);
    const docx = async (month: string): Promise<string> => {
      const res = await manager.fetch(`/api/documents/${month}/operations-report.docx`);
      expect({ month, status: res.status }).toEqual({ month, status: 200 });
      return strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']);
    };
    const november = await docx('2026-11');
    const top = count(13, 41, 'top');
    expect(november).toContain('以下按本月受理登记的诉求');
    expect(november).toContain(`本月最多的是“机动车业务”，共 ${top['motor-vehicle']} 件`);
    // August: no registered request; two calls whose category names a type, one typed by nothing (其他)
    for (const [callId, category] of [['aug-1', '机动车业务'], ['aug-2', 'motor-vehicle'], ['aug-3', null]]) {
      await stack.db.query(
        `INSERT INTO "Call" ("callId", source, "offeredAt", category, outcome, "lastEventAt", "updatedAt") VALUES ($1, 'queue_log', '2026-08-10T02:00:00Z', $2, 'abandoned', '2026-08-10T02:00:00Z', now())`,
        [callId, category],
      );
    }
    const august = await docx('2026-08');
    expect(august).toContain('本月无受理登记的诉求，以下按来话的业务类型');
    expect(august).toContain('本月最多的是“机动车业务”，共 2 次');
  });
});
