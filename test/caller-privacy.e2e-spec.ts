/**
 * Issue 10, caller privacy: replaying the real files with caller numbers (the asterisk2slack queue_log's
 * `+1202555....` numbers, a day of the Anonymous Bank's customer ids, the malformed fixture's numbers in dead
 * letters, a bad stream entry carrying one, and a ledger written before encryption), no response body, socket
 * payload, export, log line or dead letter seen by any role contains any of those numbers, and the database holds
 * none of them in clear; repeat callers are still matched; unmasking is a separate permission with a reason, audited.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { z } from 'zod';
import {
  CallsPage, DeadLetterView, ENDPOINTS, ROLES, UnmaskedCaller, allows, maskCallerNumber, type EndpointDef, type UnmaskedDeadLetter,
} from '@hotline/contracts';
import { dayKey, parseBankCalls, parseQueueLog, type CallEvent } from '@hotline/events';
import { ROOT, SHARED, createStack, type ApiClient, type Stack } from './support/stack';

const QUEUE_LOG = join(SHARED, 'data', 'asterisk-queue-log-asterisk2slack', 'queue_log');
const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const BANK_DAY = '1999-02-01';
const MALFORMED = join(ROOT, 'test', 'fixtures', 'not-ok', 'malformed.queue_log');
const TZ = 'Asia/Shanghai';

/** A number in a bad stream entry (dead-lettered by the consumer itself) and in a ledger written before encryption. */
const STREAM_NUMBER = '13912345678';
const LEGACY_NUMBER = '13700001234';
const LEGACY_DEAD_NUMBER = '13600004321';
/** A number typed into the forms' free-text fields (a reason, a name, a label, a description). */
const TYPED_NUMBER = '13812345678';

/** Callers of the events a file's adapter yields: callId -> number. */
function callersOf(events: CallEvent[]): Map<string, { number: string; day: string; ts: string }> {
  const out = new Map<string, { number: string; day: string; ts: string }>();
  for (const e of events) if (e.type === 'call.offered' && e.callerId) out.set(e.callId, { number: e.callerId, day: dayKey(new Date(e.ts), TZ), ts: e.ts });
  return out;
}

/**
 * Numbers in clear found in a text. Digit runs are taken whole (a number inside a longer run, such as an epoch, or
 * next to letters or digits, such as inside a hex caller hash, is not a number a person could read off), then
 * compared with and without a leading `+`.
 */
function leaks(text: string, numbers: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![0-9A-Za-z+])\+?\d{5,}(?![0-9A-Za-z])/g)) {
    const run = m[0];
    if (numbers.has(run)) found.add(run);
    else if (numbers.has(run.replace(/^\+/, ''))) found.add(run);
    else if (numbers.has(`+${run}`)) found.add(run);
  }
  return [...found];
}

/** Every call of a local day, page after page (the API gives at most 1000 a page). */
async function allCalls(client: ApiClient, date: string): Promise<CallsPage['calls']> {
  const out: CallsPage['calls'] = [];
  let before: string | null = null;
  do {
    const res: { status: number; body: CallsPage } = await client.get<CallsPage>(`/api/calls?date=${date}&limit=1000${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    expect(res.status).toBe(200);
    CallsPage.parse(res.body); // the contract's schema
    out.push(...res.body.calls);
    before = res.body.nextBefore;
  } while (before);
  return out;
}

describe('caller privacy', () => {
  let stack: Stack;
  let manager: ApiClient;
  let lead: ApiClient;
  /** An agent whose agent id answered calls of the bank day. */
  let agent: ApiClient;
  const numbers = new Set<string>();
  const callers = new Map<string, { number: string; day: string; ts: string }>();
  const days = new Set<string>();
  const bankAgent = { id: '' };

  beforeAll(async () => {
    stack = await createStack('privacy');
    // The clear numbers, read from the files themselves with the adapters.
    const ql = parseQueueLog(readFileSync(QUEUE_LOG, 'utf8'));
    const bank = parseBankCalls(readFileSync(BANK, 'utf8'));
    const bad = parseQueueLog(readFileSync(MALFORMED, 'utf8'));
    for (const [id, c] of [...callersOf(ql.events), ...callersOf(bank.events), ...callersOf(bad.events)]) callers.set(id, c);
    for (const c of callers.values()) numbers.add(c.number);
    // Numbers in the malformed fixture's lines that never became events (a line dead-lettered whole).
    for (const m of readFileSync(MALFORMED, 'utf8').matchAll(/\|(1[3-9]\d{9})\|/g)) numbers.add(m[1]);
    for (const n of [STREAM_NUMBER, LEGACY_NUMBER, LEGACY_DEAD_NUMBER, TYPED_NUMBER]) numbers.add(n);
    expect(numbers.has('+12025550101')).toBe(true);
    expect(numbers.has('13800000009')).toBe(true); // in malformed.queue_log's bad line 5 only
    expect([...numbers].filter((n) => /^9\d{7}$/.test(n)).length).toBeGreaterThan(100); // bank customer ids

    // A ledger written before encryption: a call, its raw event and a dead letter holding numbers in clear.
    await stack.db.query(
      `INSERT INTO "Call" ("callId", source, "offeredAt", "callerId", outcome, "lastEventAt", "updatedAt") VALUES ('legacy-1', 'queue_log', '2026-12-01T02:00:00Z', $1, 'pending', '2026-12-01T02:00:00Z', now())`,
      [LEGACY_NUMBER],
    );
    await stack.db.query(
      `INSERT INTO "RawEvent" ("eventId", "callId", type, ts, source, payload) VALUES ('legacy-1:offered', 'legacy-1', 'call.offered', '2026-12-01T02:00:00Z', 'queue_log', $1)`,
      [JSON.stringify({ eventId: 'legacy-1:offered', callId: 'legacy-1', ts: '2026-12-01T02:00:00.000Z', source: 'queue_log', type: 'call.offered', callerId: LEGACY_NUMBER })],
    );
    await stack.db.query(
      `INSERT INTO "DeadLetter" (key, source, file, line, reason, raw) VALUES ('legacy:1', 'queue_log', '/srv/hotline/feeds/legacy.queue_log', 7, $1, $2)`,
      [`unknown event "FOO" (caller ${LEGACY_DEAD_NUMBER})`, `1764554400|1764554400.1|hotline|NONE|FOO||${LEGACY_DEAD_NUMBER}|1`],
    );
    days.add('2026-12-01');

    // Debug level: every line the API may print is in the grep.
    await stack.startApi({ LOG_LEVEL: 'debug' });
    await stack.replay(QUEUE_LOG, ['--format', 'queue_log', '--speed', 'max']);
    await stack.replay(BANK, ['--format', 'bank', '--day', BANK_DAY, '--speed', 'max']);
    await stack.replay(MALFORMED, ['--format', 'queue_log', '--speed', 'max']);
    const redis = new Redis(stack.env.REDIS_URL);
    await redis.xadd(`${stack.prefix}events`, '*', 'event', JSON.stringify({ eventId: 's1', callId: 's1', ts: 'yesterday', source: 't', type: 'call.offered', callerId: STREAM_NUMBER }));
    redis.disconnect();
    await stack.waitForIdle();
    for (const c of callers.values()) if (c.day === BANK_DAY || !c.day.startsWith('1999')) days.add(c.day);
    // An agent of the bank day who answered calls, for "my calls".
    const { rows } = await stack.db.query(`SELECT "agentId" FROM "Call" WHERE "agentId" IS NOT NULL AND source = 'bank' GROUP BY "agentId" ORDER BY count(*) DESC LIMIT 1`);
    bankAgent.id = rows[0].agentId;
    manager = await stack.signIn(['manager']);
    lead = await stack.signIn(['shift_lead']);
    agent = await stack.signIn(['agent'], { agentId: bankAgent.id });
  }, 600_000);
  afterAll(async () => stack?.stop());

  it('the database holds no number in clear: calls and raw events carry the keyed hash, dead letters are masked', async () => {
    const calls = await stack.db.query<{ callerId: string | null }>(`SELECT "callerId" FROM "Call"`);
    const withCaller = calls.rows.filter((r) => r.callerId !== null);
    expect(withCaller.length).toBeGreaterThan(100);
    expect(withCaller.filter((r) => !/^[0-9a-f]{64}$/.test(r.callerId!))).toEqual([]);
    expect(leaks(calls.rows.map((r) => r.callerId).join('\n'), numbers)).toEqual([]);

    const raw = await stack.db.query<{ payload: string }>(`SELECT payload::text AS payload FROM "RawEvent"`);
    expect(leaks(raw.rows.map((r) => r.payload).join('\n'), numbers)).toEqual([]);
    const payloadCallers = await stack.db.query<{ c: string }>(`SELECT payload->>'callerId' AS c FROM "RawEvent" WHERE payload ? 'callerId'`);
    expect(payloadCallers.rows.length).toBeGreaterThan(100);
    expect(payloadCallers.rows.filter((r) => !/^[0-9a-f]{64}$/.test(r.c))).toEqual([]);

    const dead = await stack.db.query<{ raw: string; reason: string; file: string | null; key: string; rawCipher: string | null }>(`SELECT raw, reason, file, key, "rawCipher" FROM "DeadLetter"`);
    expect(dead.rows.length).toBeGreaterThanOrEqual(7); // 5 lines of the fixture, the stream entry, the legacy one
    expect(leaks(dead.rows.map((r) => `${r.raw}\n${r.reason}`).join('\n'), numbers)).toEqual([]);
    expect(dead.rows.filter((r) => r.rawCipher === null)).toEqual([]);
    expect(dead.rows.filter((r) => r.file !== null && /[\\/]/.test(r.file))).toEqual([]);
    expect(dead.rows.map((r) => r.file)).toEqual(expect.arrayContaining(['malformed.queue_log', 'legacy.queue_log']));

    const stored = await stack.db.query<{ cipher: string; masked: string }>(`SELECT cipher, masked FROM "Caller"`);
    expect(leaks(stored.rows.map((r) => `${r.cipher} ${r.masked}`).join('\n'), numbers)).toEqual([]);
    // one Caller row per distinct number that reached the ledger
    const reached = new Set([...callers.values()].filter((c) => c.day === BANK_DAY || !c.day.startsWith('1999')).map((c) => c.number));
    expect(stored.rows.length).toBe(reached.size + 1); // + the legacy call's number

    // Nor does Redis: the feed's entries leave the streams once the ledger holds them.
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      const entries = [...(await redis.xrange(`${stack.prefix}events`, '-', '+')), ...(await redis.xrange(`${stack.prefix}backfill`, '-', '+')), ...(await redis.xrange(`${stack.prefix}dead-letters`, '-', '+'))];
      expect(entries).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('a ledger written before encryption is converted at start-up (calls, raw events, dead letters)', async () => {
    const call = await stack.db.query(`SELECT "callerId" FROM "Call" WHERE "callId" = 'legacy-1'`);
    expect(call.rows[0].callerId).toMatch(/^[0-9a-f]{64}$/);
    const event = await stack.db.query(`SELECT payload->>'callerId' AS c FROM "RawEvent" WHERE "eventId" = 'legacy-1:offered'`);
    expect(event.rows[0].c).toBe(call.rows[0].callerId);
    const caller = await stack.db.query(`SELECT masked FROM "Caller" WHERE hash = $1`, [call.rows[0].callerId]);
    expect(caller.rows).toEqual([{ masked: maskCallerNumber(LEGACY_NUMBER) }]);
    const dead = await stack.db.query(`SELECT id, file, raw, reason FROM "DeadLetter" WHERE key = 'legacy:1'`);
    expect(dead.rows[0]).toMatchObject({ file: 'legacy.queue_log', raw: expect.stringContaining(maskCallerNumber(LEGACY_DEAD_NUMBER)!), reason: expect.stringContaining(maskCallerNumber(LEGACY_DEAD_NUMBER)!) });
    // and the unmask permission still reads them back
    const unmasked = await manager.send<UnmaskedCaller>('POST', '/api/calls/legacy-1/caller', { reason: 'legacy ledger check' });
    expect(unmasked).toMatchObject({ status: 200, body: { callId: 'legacy-1', caller: LEGACY_NUMBER } });
    const raw = await manager.send<UnmaskedDeadLetter>('POST', `/api/dead-letters/${dead.rows[0].id}/raw`, { reason: 'repair the legacy line' });
    expect(raw.body.raw).toContain(LEGACY_DEAD_NUMBER);
    // the conversion logs its counts (and, as the walk below checks, no number)
    expect(stack.logs()).toMatch(/caller privacy: 1 number\(s\) in clear hashed and encrypted \(1 call\(s\), 1 raw event\(s\)\); 1 dead letter\(s\) encrypted and masked/);
  });

  it('a number typed into a free-text field is stored and answered masked (the walk below checks every GET too)', async () => {
    const typed = `联系 ${TYPED_NUMBER}`;
    const masked = `联系 ${maskCallerNumber(TYPED_NUMBER)}`;
    const admin = await stack.signIn(['admin']);
    const outage = { startsAt: '2026-11-03T10:00:00+08:00', endsAt: '2026-11-03T11:00:00+08:00', reason: typed };
    expect(await manager.send('POST', '/api/registers/outages', outage)).toMatchObject({ status: 201, body: { reason: masked } });
    const type = await manager.send('POST', '/api/business-types', { code: 'privacy-typed', nameZh: typed, nameEn: `call ${TYPED_NUMBER}` });
    expect(type).toMatchObject({ status: 201, body: { nameZh: masked, nameEn: `call ${maskCallerNumber(TYPED_NUMBER)}` } });
    expect(await manager.send('PATCH', '/api/business-types/privacy-typed', { nameEn: `re ${TYPED_NUMBER}` })).toMatchObject({ status: 200, body: { nameEn: `re ${maskCallerNumber(TYPED_NUMBER)}` } });
    const user = await manager.send<{ id: number }>('POST', '/api/users', { login: 'typed.name', displayName: typed, roles: ['agent'], password: 'Privacy-Check-2026' });
    expect(user).toMatchObject({ status: 201, body: { displayName: masked } });
    expect(await manager.send('PATCH', `/api/users/${user.body.id}`, { displayName: `王 ${TYPED_NUMBER}` })).toMatchObject({ status: 200, body: { displayName: `王 ${maskCallerNumber(TYPED_NUMBER)}` } });
    expect(await manager.send('POST', '/api/wallboard/tokens', { label: typed })).toMatchObject({ status: 201, body: { token: { label: masked } } });
    const source = await admin.send<{ id: number }>('POST', '/api/intake/sources', { name: 'typed-src', kind: 'push', description: typed, enabled: false });
    expect(source).toMatchObject({ status: 201, body: { description: masked } });
    expect(await admin.send('PATCH', `/api/intake/sources/${source.body.id}`, { description: `re ${TYPED_NUMBER}` })).toMatchObject({ status: 200, body: { description: `re ${maskCallerNumber(TYPED_NUMBER)}` } });
    expect(await admin.send('POST', `/api/intake/sources/${source.body.id}/keys`, { label: typed })).toMatchObject({ status: 201, body: { key: { label: masked } } });
    const preset = { name: typed, mapping: { columns: { arrival: 'time' } } };
    expect(await manager.send('POST', '/api/call-imports/presets', preset)).toMatchObject({ status: 201, body: { name: masked } });
    const form = await manager.send<{ items: { label: string }[] }>('PUT', '/api/qa/form', { items: [{ key: 'courtesy', label: typed, maxPoints: 100 }] });
    expect(form).toMatchObject({ status: 200, body: { items: [{ label: masked }] } });
    const problem = { startDate: '2026-11-02', days: 1, agents: [{ id: 'a1', name: typed }], training: null, forecast: { offered: Array(48).fill(1), ahtSeconds: 300, patienceSeconds: 60 } };
    const evaluation = await manager.send('POST', '/api/roster/evaluate', { problem, roster: { startDate: '2026-11-02', days: 1, rows: [{ agentId: 'a1', cells: [null] }] } });
    expect(evaluation).toMatchObject({ status: 200, body: { agents: [{ agentId: 'a1', name: masked }] } });
    // The database holds none of them in clear.
    const tables = ['Outage', 'BusinessType', 'User', 'WallboardToken', 'IntakeSource', 'IntakeKey', 'CallImportPreset', 'QaForm'];
    for (const table of tables) {
      const { rows } = await stack.db.query<{ t: string }>(`SELECT string_agg(t::text, ' ') AS t FROM "${table}" t`);
      expect({ table, leaks: leaks(rows[0].t ?? '', numbers) }).toEqual({ table, leaks: [] });
    }
  });

  it("a knowledge article keeps official numbers as written and refuses a mobile number, naming the field", async () => {
    const article = { question: '车管所电话是多少', answer: '请拨打 12123、0591-87654321 或 400-123-4567', businessTypeCode: 'privacy-typed', keywords: ['车管所'] };
    expect(await manager.send('POST', '/api/knowledge/articles', article)).toMatchObject({ status: 201, body: { versions: [{ answer: article.answer }] } });
    for (const [change, field] of [[{ answer: `找王科长 ${TYPED_NUMBER}` }, 'answer'], [{ keywords: [TYPED_NUMBER] }, 'keywords.0'], [{ sourceDocument: `来电 ${TYPED_NUMBER}` }, 'sourceDocument']] as const) {
      expect(await manager.send('POST', '/api/knowledge/articles', { ...article, ...change })).toMatchObject({ status: 400, body: { field } });
    }
  });

  it('no role sees a number in any GET answer, socket payload, export or the API log', async () => {
    const queryFor = (e: EndpointDef): string[] => {
      switch (e.id) {
        case 'calls':
          return [...days].map((d) => `?date=${d}&limit=1000`);
        case 'myCalls':
          return [...days].map((d) => `?date=${d}&limit=1000`);
        case 'kpi':
          return [...days].map((d) => `?from=${d}&to=${d}`);
        case 'deadLetters':
          return ['?limit=1000'];
        case 'scoreMonth':
          return [...new Set([...days].map((d) => d.slice(0, 7)))].map((m) => `?month=${m}`);
        case 'scoreYear':
          return [...new Set([...days].map((d) => d.slice(0, 4)))].map((y) => `?year=${y}`);
        case 'audit':
          return ['?limit=500'];
        default:
          return [''];
      }
    };
    const seen: string[] = [];
    const checked: string[] = [];
    // The unmask permission's answers come last (so that the audit trail holds the unmask entries when read).
    await manager.send('POST', `/api/calls/${encodeURIComponent([...callers.keys()][0])}/caller`, { reason: 'walk: audit holds an unmask' });
    for (const role of ROLES) {
      const client = role === 'agent' ? agent : await stack.signIn([role]);
      for (const e of ENDPOINTS) {
        if (e.method !== 'GET' || !allows([role], e.access) || e.access === 'public') continue;
        if (/\{/.test(e.path)) continue; // by id: the roster's, see below
        const queries = queryFor(e);
        for (let i = 0; i < queries.length; i++) {
          const q = queries[i];
          const res = await client.fetch(`${e.path}${q}`);
          const text = await res.text();
          seen.push(`${role} GET ${e.path}${q} -> ${res.status}\n${text}`);
          checked.push(`${role} ${e.id}`);
          if (['calls', 'myCalls', 'deadLetters'].includes(e.id)) expect({ path: `${e.path}${q}`, status: res.status }).toEqual({ path: `${e.path}${q}`, status: 200 });
          // the next pages of a day's calls
          const next = res.status === 200 && (e.id === 'calls' || e.id === 'myCalls') ? (JSON.parse(text) as CallsPage).nextBefore : null;
          if (next) queries.push(`${q.replace(/&before=.*$/, '')}&before=${encodeURIComponent(next)}`);
        }
      }
      // The roster workbook export, when a version exists.
      if (allows([role], 'roster.read')) {
        const versions = await client.get<{ id: number }[]>('/api/roster/versions');
        for (const v of Array.isArray(versions.body) ? versions.body : []) {
          const res = await client.fetch(`/api/roster/versions/${v.id}/export.xlsx`);
          const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
          seen.push(Object.values(files).map((f) => strFromU8(f)).join('\n'));
        }
      }
      // The socket: everything pushed in the first moments (the snapshot for roles with live.read).
      const socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: client.cookie } });
      const pushed: string[] = [];
      socket.onAny((event: string, payload: unknown) => pushed.push(`${event} ${JSON.stringify(payload)}`));
      if (allows([role], 'live.read')) await new Promise<void>((resolve) => socket.once('kpi:snapshot', () => resolve()));
      else await new Promise((r) => setTimeout(r, 500));
      socket.close();
      if (allows([role], 'live.read')) expect(pushed.some((p) => p.startsWith('kpi:snapshot'))).toBe(true);
      seen.push(`${role} socket\n${pushed.join('\n')}`);
    }
    expect(checked).toEqual(expect.arrayContaining(['shift_lead calls', 'manager calls', 'agent myCalls', 'shift_lead deadLetters', 'bureau kpi', 'auditor audit']));
    const all = seen.join('\n');
    // the walk did see the callers, masked
    expect(all).toContain(maskCallerNumber('+12025550101'));
    expect(leaks(all, numbers)).toEqual([]);
    expect(leaks(stack.logs(), numbers)).toEqual([]);
    // nor does the audit trail (the unmask entries name the caller's reference, never the number)
    const audit = await stack.db.query<{ t: string }>(`SELECT concat_ws(' ', action, target, detail::text) AS t FROM "AuditLog"`);
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(leaks(audit.rows.map((r) => r.t).join('\n'), numbers)).toEqual([]);
  });

  it('calls are listed masked, newest first, with repeat callers matched by their reference', async () => {
    const calls = await allCalls(lead, BANK_DAY);
    expect(calls.length).toBe(1551); // the day's rows less PHANTOM ones
    const bankCalls = [...callers.entries()].filter(([, c]) => c.day === BANK_DAY);
    const byId = new Map(calls.map((c) => [c.callId, c]));
    expect(calls.length).toBeGreaterThan(bankCalls.length);
    const offered = calls.map((c) => c.offeredAt);
    expect(offered).toEqual([...offered].sort().reverse());
    // every call of the file with a caller: masked as the rule says
    for (const [id, c] of bankCalls) expect({ id, caller: byId.get(id)?.caller }).toEqual({ id, caller: maskCallerNumber(c.number) });
    // the most frequent caller of the day: one reference, and each call counts the ones before it
    const idsOf = new Map<string, string[]>();
    for (const [id, c] of bankCalls) idsOf.set(c.number, [...(idsOf.get(c.number) ?? []), id]);
    const [topNumber, ofTop] = [...idsOf.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    expect(ofTop.length).toBeGreaterThanOrEqual(3);
    const views = ofTop.map((id) => byId.get(id)!).sort((a, b) => a.offeredAt.localeCompare(b.offeredAt));
    expect(new Set(views.map((v) => v.callerRef)).size).toBe(1);
    expect(views[0].callerRef).toMatch(/^[0-9a-f]{12}$/);
    expect(views.map((v) => v.repeatWithin24h)).toEqual(views.map((_, i) => i));
    expect(views.at(-1)!.repeatWithin24h).toBeGreaterThanOrEqual(1);
    // another caller has another reference
    const other = bankCalls.find(([, c]) => c.number !== topNumber)!;
    expect(byId.get(other[0])!.callerRef).not.toBe(views[0].callerRef);
    // a first call (no earlier call of its caller that day or the day before) counts 0
    const once = [...idsOf.entries()].find(([, ids]) => ids.length === 1)!;
    expect(byId.get(once[1][0])!.repeatWithin24h).toBe(0);
    // the asterisk2slack callers too (their own day)
    const slack = [...callers.entries()].filter(([id]) => id.startsWith('1546'));
    const slackDay = slack[0][1].day;
    const slackPage = await lead.get<CallsPage>(`/api/calls?date=${slackDay}`);
    for (const [id, c] of slack.filter(([, c]) => c.day === slackDay)) {
      expect(slackPage.body.calls.find((v) => v.callId === id)).toMatchObject({ caller: maskCallerNumber(c.number), callerRef: expect.stringMatching(/^[0-9a-f]{12}$/) });
    }
  });

  it('pages with limit and before, filters by agent, and refuses bad queries naming the field', async () => {
    const all = (await allCalls(lead, BANK_DAY)).map((c) => c.callId);
    const first = await lead.get<CallsPage>(`/api/calls?date=${BANK_DAY}&limit=7`);
    expect(first.body.calls.map((c) => c.callId)).toEqual(all.slice(0, 7));
    const second = await lead.get<CallsPage>(`/api/calls?date=${BANK_DAY}&limit=7&before=${encodeURIComponent(first.body.nextBefore!)}`);
    expect(second.body.calls.map((c) => c.callId)).toEqual(all.slice(7, 14));
    const agent = await lead.get<CallsPage>(`/api/calls?date=${BANK_DAY}&agentId=${encodeURIComponent(bankAgent.id)}&limit=1000`);
    expect(agent.body.calls.length).toBeGreaterThan(0);
    expect(agent.body.calls.every((c) => c.agentId === bankAgent.id)).toBe(true);
    for (const [q, field] of [['date=1999-02-30', 'date'], ['limit=0', 'limit'], ['limit=2&limit=3', 'limit'], ['before=nope', 'before'], ['tz=UTC', 'tz']]) {
      expect(await lead.get(`/api/calls?${q}`)).toMatchObject({ status: 400, body: { field } });
    }
    expect(await lead.get('/api/dead-letters?limit=x')).toMatchObject({ status: 400, body: { field: 'limit' } });
  });

  it("an agent sees only the calls her own agent id answered; an account without one gets 403 no_agent_id", async () => {
    const mine = await agent.get<CallsPage>(`/api/calls/mine?date=${BANK_DAY}&limit=1000`);
    expect(CallsPage.parse(mine.body).nextBefore).toBeNull();
    expect(mine.status).toBe(200);
    const expected = await stack.db.query(
      `SELECT count(*)::int AS n FROM "Call" WHERE "agentId" = $1 AND "offeredAt" >= '1999-01-31T16:00:00Z' AND "offeredAt" < '1999-02-01T16:00:00Z'`,
      [bankAgent.id],
    );
    expect(mine.body.calls.length).toBe(expected.rows[0].n);
    expect(mine.body.calls.every((c) => c.agentId === bankAgent.id)).toBe(true);
    expect(await agent.get(`/api/calls?date=${BANK_DAY}`)).toMatchObject({ status: 403 });
    expect(await agent.get(`/api/calls/mine?date=${BANK_DAY}&agentId=x`)).toMatchObject({ status: 400, body: { field: 'agentId' } });
    const noId = await stack.signIn(['agent']);
    expect(await noId.get('/api/calls/mine')).toMatchObject({ status: 403, body: { code: 'no_agent_id' } });
  });

  it('a manager unmasks a caller with a reason (audited without the number); a shift lead gets 403; a missing or short reason 400', async () => {
    const [callId, c] = [...callers.entries()].find(([, x]) => x.day === BANK_DAY)!;
    const reason = 'caller asked for a call-back about case 2026-117';
    const res = await manager.send<UnmaskedCaller>('POST', `/api/calls/${encodeURIComponent(callId)}/caller`, { reason });
    expect(res).toMatchObject({ status: 200, body: { callId, caller: c.number } });
    UnmaskedCaller.parse(res.body);
    // the grep the other tests rely on does find a number in an answer that holds one
    expect(leaks(JSON.stringify(res.body), numbers)).toEqual([c.number]);
    const { rows } = await stack.db.query(
      `SELECT "actorLogin", outcome, target, detail FROM "AuditLog" WHERE action = 'calls.unmask' AND "actorLogin" = $1 AND detail->>'reason' = $2`,
      [manager.login, reason],
    );
    expect(rows).toHaveLength(1);
    // the call id is the target, readable (`bank:AA0101:34536`: its 5-digit call number is no caller's number)
    expect(callId).toMatch(/^bank:[A-Z]{2}\d{4}:\d+$/);
    expect(rows[0]).toMatchObject({ outcome: 'ok', target: callId, detail: { reason, callerRef: expect.stringMatching(/^[0-9a-f]{12}$/) } });
    expect(JSON.stringify(rows[0])).not.toContain(c.number);

    expect(await lead.send('POST', `/api/calls/${encodeURIComponent(callId)}/caller`, { reason })).toMatchObject({ status: 403 });
    for (const body of [{}, { reason: 'why' }, { reason: '    ' }, { reason: 'x'.repeat(501) }]) {
      expect(await manager.send('POST', `/api/calls/${encodeURIComponent(callId)}/caller`, body)).toMatchObject({ status: 400, body: { field: 'reason' } });
    }
    expect(await manager.send('POST', `/api/calls/${encodeURIComponent(callId)}/caller`, { reason, extra: 1 })).toMatchObject({ status: 400, body: { field: 'extra' } });
    expect(await manager.send('POST', '/api/calls/no-such-call/caller', { reason })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const noCaller = (await stack.db.query(`SELECT "callId" FROM "Call" WHERE "callerId" IS NULL LIMIT 1`)).rows[0].callId;
    expect(await manager.send('POST', `/api/calls/${encodeURIComponent(noCaller)}/caller`, { reason })).toMatchObject({ status: 404, body: { code: 'no_caller' } });
  });

  it('dead letters show the raw line masked and the file name only; the unmask permission reads the line in full, audited', async () => {
    const list = await lead.get<DeadLetterView[]>('/api/dead-letters?limit=1000');
    expect(list.status).toBe(200);
    z.array(DeadLetterView).parse(list.body); // the contract's schema
    const line5 = list.body.find((d) => d.file === 'malformed.queue_log' && d.line === 5)!;
    expect(line5).toMatchObject({ source: 'queue_log', raw: '17****01xx|1700000000.9|hotline|NONE|ENTERQUEUE||138****0009|1', repairable: true });
    expect(list.body.every((d) => d.file === null || !/[\\/]/.test(d.file))).toBe(true);
    const stream = list.body.find((d) => d.source === 'stream' && d.raw.includes(maskCallerNumber(STREAM_NUMBER)!));
    expect(stream).toBeDefined();

    const reason = 'repair line 5 of the feed';
    expect(await lead.send('POST', `/api/dead-letters/${line5.id}/raw`, { reason })).toMatchObject({ status: 403 });
    expect(await manager.send('POST', `/api/dead-letters/${line5.id}/raw`, {})).toMatchObject({ status: 400, body: { field: 'reason' } });
    const raw = await manager.send<UnmaskedDeadLetter>('POST', `/api/dead-letters/${line5.id}/raw`, { reason });
    expect(raw).toMatchObject({ status: 200, body: { id: line5.id, raw: readFileSync(MALFORMED, 'utf8').split('\n')[4] } });
    const streamRaw = await manager.send<UnmaskedDeadLetter>('POST', `/api/dead-letters/${stream!.id}/raw`, { reason });
    expect(JSON.parse(streamRaw.body.raw)).toMatchObject({ callerId: STREAM_NUMBER });
    const { rows } = await stack.db.query(`SELECT outcome, target, detail FROM "AuditLog" WHERE action = 'deadLetters.unmask' AND "actorLogin" = $1 ORDER BY id`, [manager.login]);
    expect(rows).toEqual(expect.arrayContaining([{ outcome: 'ok', target: `deadLetter:${line5.id}`, detail: { reason } }]));
    expect(await manager.send('POST', '/api/dead-letters/999999/raw', { reason })).toMatchObject({ status: 404 });
  });

  it("the CLI's offline KPI report prints dead letters masked", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs'), 'kpi', MALFORMED, '--format', 'queue_log', '--json'], { cwd: ROOT });
    const report = JSON.parse(stdout) as { deadLetters: { line: number; raw: string }[] };
    expect(report.deadLetters.find((d) => d.line === 5)?.raw).toBe('17****01xx|1700000000.9|hotline|NONE|ENTERQUEUE||138****0009|1');
    expect(leaks(stdout, numbers)).toEqual([]);
  });
});
