/**
 * Issue 12, platform push: an admin configures a push source and its API key over HTTP; a signed batch of real
 * queue_log calls (the shared asterisk2slack file, as canonical events) is accepted (202) and reaches the ledger;
 * the same batch again changes nothing; per-call records become the documented calls; a wrong signature, a
 * timestamp 6 minutes old, an unknown or revoked key and a malformed body each get a 4xx naming the problem and
 * write nothing; the shift lead reads the intake status (an agent may not).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { IntakeKeyCreated, IntakePushResult, IntakeSourceView, IntakeStatus } from '@hotline/contracts';
import { parseQueueLog, type CallEvent } from '@hotline/events';
import { ROOT, SHARED, createStack, type ApiClient, type Stack } from './support/stack';

const FILE = join(SHARED, 'data', 'asterisk-queue-log-asterisk2slack', 'queue_log');
const SOURCE = 'platform-a';

/** What a platform's client does (README "Platform push"): sha256= + hex HMAC-SHA-256 over `${timestamp}.${body}`. */
function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

describe('platform push (POST /api/intake/events)', () => {
  let stack: Stack;
  let redis: Redis;
  let admin: ApiClient;
  let lead: ApiClient;
  let source: IntakeSourceView;
  let key: IntakeKeyCreated;
  let events: CallEvent[];

  /** Sends a body with the three headers (each overridable). */
  async function push(body: string, options: { keyId?: string; secret?: string; timestamp?: number; signature?: string } = {}) {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const res = await fetch(`${stack.baseUrl}/api/intake/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hotline-key': options.keyId ?? key.key.keyId,
        'x-hotline-timestamp': timestamp,
        'x-hotline-signature': options.signature ?? sign(options.secret ?? key.secret, timestamp, body),
      },
      body,
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as IntakePushResult & { code?: string; field?: string; message?: string } };
  }

  /** The ledger as a comparable value: every event and every call of the pushing source. */
  async function ledger() {
    const raw = await stack.db.query(`SELECT "eventId", "callId", type, source FROM "RawEvent" ORDER BY "eventId"`);
    const calls = await stack.db.query(`SELECT "callId", outcome, "agentId", "waitSeconds", "talkSeconds" FROM "Call" ORDER BY "callId"`);
    return { events: raw.rows, calls: calls.rows };
  }

  beforeAll(async () => {
    stack = await createStack('intakepush');
    // A low push rate limit, reached on purpose by the last test (the tests before send about 20 pushes).
    await stack.startApi({ HOTLINE_INTAKE_RATE_LIMIT: '40' });
    redis = new Redis(stack.env.REDIS_URL);
    [admin, lead] = await Promise.all([stack.signIn(['admin']), stack.signIn(['shift_lead'])]);
    events = parseQueueLog(readFileSync(FILE, 'utf8'), { source: 'queue_log' }).events;
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  it('an admin creates a push source and a key; the secret is shown once and stored encrypted', async () => {
    const created = await admin.send<IntakeSourceView>('POST', '/api/intake/sources', { name: SOURCE, kind: 'push', description: '省平台推送' });
    expect(created.status).toBe(201);
    source = created.body;
    expect(source).toMatchObject({ name: SOURCE, kind: 'push', enabled: true, silenceMinutes: null, keys: [] });
    expect((await admin.send('POST', '/api/intake/sources', { name: SOURCE, kind: 'push' })).body).toMatchObject({ code: 'name_taken', field: 'name' });
    const made = await admin.send<IntakeKeyCreated>('POST', `/api/intake/sources/${source.id}/keys`, { label: '省平台 2026' });
    expect(made.status).toBe(201);
    key = made.body;
    expect(key.key).toMatchObject({ label: '省平台 2026', revokedAt: null, lastUsedAt: null });
    expect(key.key.keyId).toMatch(/^hk_[0-9a-f]{24}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await stack.db.query(`SELECT "secretCipher" FROM "IntakeKey" WHERE "keyId" = $1`, [key.key.keyId]);
    expect(rows[0].secretCipher).not.toContain(key.secret);
    const listed = await admin.get<IntakeSourceView[]>('/api/intake/sources');
    expect(JSON.stringify(listed.body)).not.toContain(key.secret);
    expect(listed.body[0].keys.map((k) => k.keyId)).toEqual([key.key.keyId]);
    // The trail has the key's creation, never its secret.
    const trail = await stack.db.query(`SELECT target, "actorLogin", detail::text AS detail FROM "AuditLog" WHERE action = 'createIntakeKey'`);
    expect(trail.rows).toHaveLength(1);
    expect(trail.rows[0]).toMatchObject({ target: `intake-key:${key.key.keyId}`, actorLogin: admin.login });
    expect(trail.rows[0].detail).not.toContain(key.secret);
    // Only the admin manages sources.
    expect((await lead.send('POST', '/api/intake/sources', { name: 'rogue', kind: 'push' })).status).toBe(403);
  });

  it('accepts a signed batch (202) and the calls reach the ledger with the source stamped; the same batch again changes nothing', async () => {
    const callIds = [...new Set(events.map((e) => e.callId).filter((c): c is string => c !== null))];
    expect(events.length).toBeGreaterThan(10);
    const body = JSON.stringify({ events });
    const first = await push(body);
    expect([first.status, first.body]).toEqual([202, { source: SOURCE, accepted: events.length, duplicates: 0 }]);
    await stack.waitForIdle(30_000);
    const after = await ledger();
    expect(after.events).toHaveLength(events.length);
    expect(new Set(after.events.map((e: { source: string }) => e.source))).toEqual(new Set([SOURCE]));
    // Every id is put in the source's namespace.
    expect(after.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(events.map((e) => `${SOURCE}:${e.eventId}`).sort());
    expect(after.calls.map((c: { callId: string }) => c.callId).sort()).toEqual(callIds.map((c) => `${SOURCE}:${c}`).sort());

    const again = await push(body);
    expect([again.status, again.body]).toEqual([202, { source: SOURCE, accepted: 0, duplicates: events.length }]);
    expect(await redis.xlen(`${stack.prefix}events`)).toBe(0);
    await stack.waitForIdle(30_000);
    expect(await ledger()).toEqual(after);
  }, 60_000);

  it('turns per-call records into canonical calls with deterministic ids', async () => {
    const calls = [
      { callId: 'P-1', callerId: '13800001111', category: '驾驶证业务', arrivedAt: '2026-12-01T09:00:00+08:00', queue: '12123', queuedAt: '2026-12-01T09:00:30+08:00', answeredAt: '2026-12-01T09:00:45+08:00', agentId: '8001', endedAt: '2026-12-01T09:04:45+08:00', endedBy: 'caller', survey: 'very-satisfied' },
      { callId: 'P-2', arrivedAt: '2026-12-01T01:10:00Z', queuedAt: '2026-12-01T01:10:20Z', endedAt: '2026-12-01T01:11:20Z' },
      { callId: 'P-3', arrivedAt: '2026-12-01T01:20:00Z', endedAt: '2026-12-01T01:21:30Z' },
    ];
    const body = JSON.stringify({ calls });
    const records = await push(body);
    expect([records.status, records.body]).toEqual([202, { source: SOURCE, accepted: 10, duplicates: 0 }]);
    expect((await push(body)).body).toMatchObject({ accepted: 0, duplicates: 10 });
    await stack.waitForIdle(30_000);
    const { rows } = await stack.db.query(`SELECT "callId", outcome, "agentId", "waitSeconds", "talkSeconds", category, queue, survey, "abandonReason" FROM "Call" WHERE "callId" LIKE $1 ORDER BY "callId"`, [`${SOURCE}:P-%`]);
    expect(rows).toEqual([
      { callId: `${SOURCE}:P-1`, outcome: 'answered', agentId: '8001', waitSeconds: 15, talkSeconds: 240, category: '驾驶证业务', queue: '12123', survey: 'very-satisfied', abandonReason: null },
      { callId: `${SOURCE}:P-2`, outcome: 'abandoned', agentId: null, waitSeconds: 60, talkSeconds: null, category: null, queue: 'default', survey: null, abandonReason: 'hangup' },
      { callId: `${SOURCE}:P-3`, outcome: 'ivr', agentId: null, waitSeconds: null, talkSeconds: null, category: null, queue: null, survey: null, abandonReason: null },
    ]);
    const ids = await stack.db.query(`SELECT "eventId" FROM "RawEvent" WHERE "callId" = $1 ORDER BY "eventId"`, [`${SOURCE}:P-1`]);
    expect(ids.rows.map((r: { eventId: string }) => r.eventId)).toEqual([`${SOURCE}:P-1:answered`, `${SOURCE}:P-1:ended`, `${SOURCE}:P-1:offered`, `${SOURCE}:P-1:queued`, `${SOURCE}:P-1:survey`]);
  }, 60_000);

  it('keeps each source in its namespace, refuses unstorable values before any write, and checks the signature before the source is enabled', async () => {
    const other = (await admin.send<IntakeSourceView>('POST', '/api/intake/sources', { name: 'platform-b', kind: 'push' })).body;
    const otherKey = (await admin.send<IntakeKeyCreated>('POST', `/api/intake/sources/${other.id}/keys`, {})).body;
    const asOther = { keyId: otherKey.key.keyId, secret: otherKey.secret };
    const callRow = async (callId: string) => (await stack.db.query(`SELECT "callId", source, outcome, "agentId", "talkSeconds", "updatedAt" FROM "Call" WHERE "callId" = $1`, [callId])).rows;
    const victim = await callRow(`${SOURCE}:P-1`);
    expect(victim).toHaveLength(1);

    // Another source's call id, even spelt with its prefix, lands in the pushing source's namespace.
    const forged = await push(JSON.stringify({ events: [
      { eventId: `${SOURCE}:P-1:ended`, callId: `${SOURCE}:P-1`, ts: '2026-12-01T01:30:00.000Z', source: SOURCE, type: 'call.ended', agentId: '9999', talkSeconds: 9999, endedBy: 'agent' },
      { eventId: 'platform-b:X-1:offered', callId: 'platform-b:X-1', ts: '2026-12-01T01:29:00.000Z', source: 'x', type: 'call.offered' },
    ] }), asOther);
    expect([forged.status, forged.body]).toEqual([202, { source: 'platform-b', accepted: 2, duplicates: 0 }]);
    // The same per-call id as platform-a's P-1 gives a second call.
    const twin = await push(JSON.stringify({ calls: [{ callId: 'P-1', arrivedAt: '2026-12-01T01:40:00Z', endedAt: '2026-12-01T01:41:00Z' }] }), asOther);
    expect([twin.status, twin.body.accepted]).toEqual([202, 2]);
    await stack.waitForIdle(30_000);
    expect(await callRow(`${SOURCE}:P-1`)).toEqual(victim);
    const mine = await stack.db.query(`SELECT "callId", outcome FROM "Call" WHERE source = 'platform-b'`);
    expect(mine.rows.map((r: { callId: string }) => r.callId).sort()).toEqual(['platform-b:P-1', 'platform-b:X-1', `platform-b:${SOURCE}:P-1`].sort());
    expect(mine.rows.find((r: { callId: string }) => r.callId === 'platform-b:P-1')).toMatchObject({ outcome: 'ivr' });
    const forgedIds = await stack.db.query(`SELECT "eventId" FROM "RawEvent" WHERE source = 'platform-b'`);
    expect(forgedIds.rows.map((r: { eventId: string }) => r.eventId).sort()).toEqual(['platform-b:P-1:ivr', 'platform-b:P-1:offered', `platform-b:${SOURCE}:P-1:ended`, 'platform-b:X-1:offered'].sort());

    // A value the ledger cannot store is refused with its field, before anything is written.
    const before = await ledger();
    const deadLetters = async () => (await stack.db.query(`SELECT count(*)::int AS n FROM "DeadLetter"`)).rows[0].n as number;
    const deadBefore = await deadLetters();
    const huge = await push(JSON.stringify({ calls: [
      { callId: 'W-0', arrivedAt: '2026-12-01T02:00:00Z', endedAt: '2026-12-01T02:01:00Z' },
      { callId: 'W-1', arrivedAt: '2026-12-01T02:00:00Z', answeredAt: '2026-12-01T02:00:10Z', agentId: '8001', endedAt: '2026-12-01T02:03:00Z', wrapSeconds: 1e20 },
    ] }), asOther);
    expect([huge.status, huge.body.code, huge.body.field]).toEqual([400, 'invalid_request', 'calls.1.wrapSeconds']);
    const nul = await push(JSON.stringify({ events: [{ eventId: 'N-1', callId: 'N-1', ts: '2026-12-01T02:00:00.000Z', source: 'x', type: 'call.offered', category: 'a\u0000b' }] }), asOther);
    expect([nul.status, nul.body.field]).toEqual([400, 'events.0.category']);
    expect(await redis.keys(`${stack.prefix}intake:seen:platform-b:W-*`)).toEqual([]);
    await stack.waitForIdle(30_000);
    expect(await ledger()).toEqual(before);
    expect(await deadLetters()).toBe(deadBefore);

    // A disabled source: a wrong signature is a bad signature (it learns nothing), a right one is refused as disabled.
    expect((await admin.send('PATCH', `/api/intake/sources/${other.id}`, { enabled: false })).status).toBe(200);
    const probe = JSON.stringify({ events: [{ eventId: 'D-1', callId: 'D-1', ts: '2026-12-01T02:00:00.000Z', source: 'x', type: 'call.offered' }] });
    const unsigned = await push(probe, { keyId: otherKey.key.keyId, secret: randomBytes(32).toString('base64url') });
    expect([unsigned.status, unsigned.body.code]).toEqual([401, 'bad_signature']);
    const disabled = await push(probe, asOther);
    expect([disabled.status, disabled.body.code, disabled.body.field]).toEqual([403, 'source_disabled', 'X-Hotline-Key']);

    // Removed, its name stays taken by what the feed holds under it (as a replay's name would be).
    expect((await admin.send('DELETE', `/api/intake/sources/${other.id}`)).status).toBe(204);
    expect((await admin.send('POST', '/api/intake/sources', { name: 'platform-b', kind: 'push' })).body).toMatchObject({ code: 'name_in_use', field: 'name' });
  }, 60_000);

  it('refuses a wrong signature, an old timestamp, an unknown key and a malformed body, naming the problem, and writes nothing', async () => {
    const before = await ledger();
    const probe = (n: number, extra: Record<string, unknown> = {}) => ({ eventId: `probe-${n}`, callId: `probe-${n}`, ts: '2026-12-01T02:00:00.000Z', source: 'x', type: 'call.offered', ...extra });
    const body = JSON.stringify({ events: [probe(1)] });

    const wrong = await push(body, { secret: randomBytes(32).toString('base64url') });
    expect([wrong.status, wrong.body.code, wrong.body.field]).toEqual([401, 'bad_signature', 'X-Hotline-Signature']);
    const tampered = await push(body, { signature: sign(key.secret, String(Math.floor(Date.now() / 1000)), JSON.stringify({ events: [probe(2)] })) });
    expect([tampered.status, tampered.body.code]).toEqual([401, 'bad_signature']);

    const old = await push(body, { timestamp: Math.floor(Date.now() / 1000) - 360 });
    expect([old.status, old.body.code, old.body.field]).toEqual([401, 'stale_timestamp', 'X-Hotline-Timestamp']);
    expect(old.body.message).toMatch(/36\d s old/);

    const unknown = await push(body, { keyId: `hk_${randomBytes(12).toString('hex')}` });
    expect([unknown.status, unknown.body.code, unknown.body.field]).toEqual([401, 'unknown_key', 'X-Hotline-Key']);

    // A good first event does not save the batch: the whole batch is checked before anything is written.
    const malformed = await push(JSON.stringify({ events: [probe(3), { ...probe(4), type: 'agent.answered', agentId: 'A1', waitSeconds: -5 }] }));
    expect([malformed.status, malformed.body.code, malformed.body.field]).toEqual([400, 'invalid_request', 'events.1.waitSeconds']);
    const badCall = await push(JSON.stringify({ calls: [{ callId: 'probe-5', arrivedAt: '2026-12-01T02:00:00Z', answeredAt: '2026-12-01T01:59:00Z', endedAt: '2026-12-01T02:05:00Z' }] }));
    expect([badCall.status, badCall.body.field]).toEqual([400, 'calls.0.answeredAt']);
    const neither = await push(JSON.stringify({ rows: [] }));
    expect([neither.status, neither.body.code]).toEqual([400, 'invalid_request']);
    const tooMany = await push(JSON.stringify({ events: Array.from({ length: 1001 }, (_, i) => probe(100 + i)) }));
    expect([tooMany.status, tooMany.body.field]).toEqual([400, 'events']);

    // No session and no key: 401; a signed-in user without a key: 403 (her session grants nothing here).
    const anonymous = await fetch(`${stack.baseUrl}/api/intake/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).toBe(401);
    expect((await lead.send('POST', '/api/intake/events', { events: [probe(6)] })).status).toBe(403);

    // A revoked key is refused like an unknown one; a second key works alongside during a rotation.
    const second = (await admin.send<IntakeKeyCreated>('POST', `/api/intake/sources/${source.id}/keys`, {})).body;
    expect((await admin.send('POST', `/api/intake/sources/${source.id}/keys`, {})).body).toMatchObject({ code: 'too_many_keys' });
    expect((await admin.send('DELETE', `/api/intake/sources/${source.id}/keys/${second.key.keyId}`)).status).toBe(200);
    const revoked = await push(body, { keyId: second.key.keyId, secret: second.secret });
    expect([revoked.status, revoked.body.code]).toEqual([401, 'unknown_key']);

    // Nothing reached the stream or the ledger.
    expect(await redis.keys(`${stack.prefix}intake:seen:${SOURCE}:probe-*`)).toEqual([]);
    await stack.waitForIdle(30_000);
    expect(await ledger()).toEqual(before);
    const denied = await stack.db.query(`SELECT detail->>'reason' AS reason FROM "AuditLog" WHERE action = 'auth.denied' AND target = 'pushIntakeEvents'`);
    expect(denied.rows.map((r: { reason: string }) => r.reason)).toEqual(expect.arrayContaining(['bad_signature', 'stale_timestamp', 'unknown_key']));
  }, 60_000);

  it('shows the shift lead the source with its counts; an agent may not read the status', async () => {
    const { status, body } = await lead.get<IntakeStatus>('/api/intake/status');
    expect(status).toBe(200);
    const mine = body.sources.find((s) => s.name === SOURCE)!;
    const newest = Math.max(...events.map((e) => Date.parse(e.ts)), Date.parse('2026-12-01T01:21:30Z')); // P-3's end
    // Through the push path (recorded when a batch is accepted or refused).
    expect(mine).toMatchObject({ configured: true, kind: 'push', enabled: true, silent: false, silenceMinutes: body.defaultSilenceMinutes, pushAccepted60: events.length + 10 });
    expect(mine.pushRejected60).toBeGreaterThanOrEqual(5); // 2 bad signatures, the old timestamp, 4 bad bodies (unknown keys name no source)
    expect(Date.parse(mine.lastEventAt!)).toBe(newest);
    expect(Date.now() - Date.parse(mine.lastSeenAt!)).toBeLessThan(120_000);
    // Through the feed consumer, once it calls IntakeStatsService.observe for each batch (the lead's hook).
    const hooked = readFileSync(join(ROOT, 'apps', 'api', 'src', 'feed', 'feed-consumer.service.ts'), 'utf8').includes('IntakeStatsService');
    if (hooked) expect(mine.events60).toBe(events.length + 10);
    const agent = await stack.signIn(['agent'], { agentId: 'AGENT-9' });
    expect((await agent.get('/api/intake/status')).status).toBe(403);
    expect((await admin.get('/api/intake/status')).status).toBe(200);
  });

  it('marks a source silent past its threshold and logs one error per silence episode', async () => {
    const quiet = (await admin.send<IntakeSourceView>('POST', '/api/intake/sources', { name: 'quiet-pbx', kind: 'file', silenceMinutes: 10 })).body;
    let row = (await lead.get<IntakeStatus>('/api/intake/status')).body.sources.find((s) => s.name === 'quiet-pbx')!;
    expect(row).toMatchObject({ silent: false, silenceMinutes: 10, lastSeenAt: null, events60: 0 });
    // Configured 11 minutes ago and never heard from: silent.
    await stack.db.query(`UPDATE "IntakeSource" SET "createdAt" = now() - interval '11 minutes' WHERE id = $1`, [quiet.id]);
    row = (await lead.get<IntakeStatus>('/api/intake/status')).body.sources.find((s) => s.name === 'quiet-pbx')!;
    expect(row.silent).toBe(true);
    await lead.get('/api/intake/status');
    const alarms = () => stack.logs().split('\n').filter((l) => l.includes('quiet-pbx') && l.includes('is silent'));
    for (let i = 0; i < 20 && alarms().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(alarms()).toHaveLength(1);
    expect(alarms()[0]).toMatch(/"level":50|error/i);
    // A one-off import source is never silent, and the consumer's own dead letters (`stream`) are not a source.
    const once = (await admin.send<IntakeSourceView>('POST', '/api/intake/sources', { name: 'one-off', kind: 'import', silenceMinutes: 10 })).body;
    await stack.db.query(`UPDATE "IntakeSource" SET "createdAt" = now() - interval '11 minutes' WHERE id = $1`, [once.id]);
    const listed = (await lead.get<IntakeStatus>('/api/intake/status')).body.sources;
    expect(listed.find((s) => s.name === 'one-off')).toMatchObject({ kind: 'import', enabled: true, silent: false });
    expect(listed.map((s) => s.name)).not.toContain('stream');
    // A disabled source is never silent.
    await admin.send('PATCH', `/api/intake/sources/${quiet.id}`, { enabled: false });
    row = (await lead.get<IntakeStatus>('/api/intake/status')).body.sources.find((s) => s.name === 'quiet-pbx')!;
    expect(row).toMatchObject({ enabled: false, silent: false });
  });

  it('the README\'s example clients (Node.js, curl + openssl) push as documented', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Platform push'), readme.indexOf('\n## ', readme.indexOf('## Platform push') + 5));
    const js = /```js\n([\s\S]*?)```/.exec(section)![1].replace('https://ops.example.gov.cn', stack.baseUrl);
    const sh = /```sh\n([\s\S]*?)```/.exec(section)![1].replace('https://ops.example.gov.cn', stack.baseUrl);
    const env = { ...process.env, HOTLINE_KEY_ID: key.key.keyId, HOTLINE_KEY_SECRET: key.secret };
    const node = execFileSync(process.execPath, ['--input-type=module', '-e', js], { env }).toString();
    expect(node).toMatch(/^202 .*accepted: 4/);
    const dir = mkdtempSync(join(tmpdir(), 'intake-'));
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ events: [{ eventId: 'curl-1', callId: 'curl-1', ts: '2026-12-01T03:00:00Z', type: 'call.offered', source: 'x' }] }));
    const curl = JSON.parse(execFileSync('bash', ['-c', sh], { env, cwd: dir }).toString()) as IntakePushResult;
    expect(curl).toEqual({ source: SOURCE, accepted: 1, duplicates: 0 });
    await stack.waitForIdle(30_000);
    const { rows } = await stack.db.query(`SELECT "callId", outcome FROM "Call" WHERE "callId" = ANY($1) ORDER BY "callId"`, [[`${SOURCE}:A-1001`, `${SOURCE}:curl-1`]]);
    expect(rows).toEqual([{ callId: `${SOURCE}:A-1001`, outcome: 'answered' }, { callId: `${SOURCE}:curl-1`, outcome: 'pending' }]);
  });

  it('documents the push with its headers and security scheme in the OpenAPI document', async () => {
    const { body } = await lead.get<{ paths: Record<string, Record<string, { security?: unknown; parameters: { name: string; in: string; required: boolean }[] }>>; components: { securitySchemes: Record<string, unknown> } }>('/api/openapi.json');
    const op = body.paths['/api/intake/events'].post;
    expect(op.security).toEqual([{ intakeKey: [], intakeTimestamp: [], intakeSignature: [] }]);
    expect(op.parameters.filter((p) => p.in === 'header').map((p) => [p.name, p.required])).toEqual([['X-Hotline-Key', true], ['X-Hotline-Timestamp', true], ['X-Hotline-Signature', true]]);
    expect(body.components.securitySchemes).toHaveProperty('intakeSignature');
  });

  it('rate-limits pushes per client address (429 with Retry-After), before any key is looked up', async () => {
    const body = JSON.stringify({ events: [{ eventId: 'flood', callId: 'flood', ts: '2026-12-01T02:00:00.000Z', source: 'x', type: 'call.offered' }] });
    let limited: Awaited<ReturnType<typeof push>> | undefined;
    for (let i = 0; i < 45 && !limited; i++) {
      const res = await push(body, { keyId: `hk_${randomBytes(12).toString('hex')}` });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited?.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited?.retryAfter)).toBeGreaterThan(0);
    // The signed, valid push is refused as well until the minute is over.
    expect((await push(body)).status).toBe(429);
  });
});
