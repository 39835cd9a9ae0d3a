/**
 * Issue 10: the audit trail is append-only and hash-chained. Entries from the CLI and from the API (sign-in, a
 * write) form one chain that `hotline audit verify` proves intact; a superuser who disables the triggers to change or
 * remove an entry is named by it; without that, UPDATE, DELETE and TRUNCATE are refused by the database itself.
 */
import { AUDIT_GENESIS_HASH } from '@hotline/contracts';
import { verifyAuditChain } from '../apps/cli/src/commands/audit';
import { createStack, type Stack } from './support/stack';
import { runCli } from './support/cli';


/** The UTC day `n` days before now (`YYYY-MM-DD`): register entries must lie in their window, which moves with the calendar. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
describe('the audit chain', () => {
  let stack: Stack;
  const verify = () => runCli(['audit', 'verify'], { env: { DATABASE_URL: stack.databaseUrl } });
  const ids = async () => (await stack.db.query<{ id: string }>('SELECT a.id::text AS id FROM "AuditLog" a ORDER BY a.id')).rows.map((r) => r.id);
  /** Runs statements as a superuser with the triggers off (`session_replication_role = replica`), as a tamperer would. */
  const tamper = async (sql: string, params: unknown[]) => {
    await stack.db.query('BEGIN');
    await stack.db.query('SET LOCAL session_replication_role = replica');
    await stack.db.query(sql, params);
    await stack.db.query('COMMIT');
  };

  beforeAll(async () => {
    stack = await createStack('audit_chain');
    await stack.startApi();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('chains entries from the CLI and the API, and verify says so', async () => {
    const env = stack.env;
    expect((await runCli(['audit', 'verify'], { env })).stdout).toBe(`ok: 0 entries, chain intact, last hash ${AUDIT_GENESIS_HASH}\n`);
    for (const [name, role] of [['first.admin', 'admin'], ['audit.one', 'auditor'], ['lead.one', 'shift_lead']]) {
      expect((await runCli(['users', 'add', name, '--role', role, '--password-stdin'], { input: 'Chain-Of-Trust-7\n', env })).code).toBe(0);
    }
    expect((await runCli(['users', 'disable', 'audit.one'], { env })).code).toBe(0);
    expect((await runCli(['users', 'reset', 'lead.one', '--password-stdin'], { input: 'Chain-Of-Trust-8\n', env })).code).toBe(0);
    const lead = await stack.signIn(['shift_lead']);
    const outage = await lead.send('POST', '/api/registers/outages', { startsAt: `${daysAgo(1)}T02:00:00Z`, endsAt: `${daysAgo(1)}T03:00:00Z`, reason: 'audit chain test' });
    expect(outage.status).toBe(201);
    expect((await runCli(['users', 'enable', 'audit.one'], { env })).code).toBe(0);

    const rows = (await stack.db.query('SELECT a.id::text AS id, action, "actorLogin", "prevHash", hash FROM "AuditLog" a ORDER BY a.id')).rows as { id: string; action: string; actorLogin: string; prevHash: string; hash: string }[];
    expect(rows.map((r) => r.action)).toEqual(['users.add', 'users.add', 'users.add', 'users.disable', 'users.reset', 'auth.login', 'addOutage', 'users.enable']);
    expect(rows.find((r) => r.action === 'addOutage')!.actorLogin).toBe(lead.login);
    expect(rows[0].prevHash).toBe(AUDIT_GENESIS_HASH);
    rows.slice(1).forEach((r, i) => expect(r.prevHash).toBe(rows[i].hash));

    const run = await verify();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`ok: ${rows.length} entries, chain intact, last hash ${rows.at(-1)!.hash} (entry ${rows.at(-1)!.id})\n`);
    const json = await runCli(['audit', 'verify', '--json', '--database-url', stack.databaseUrl]);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, entries: rows.length, lastHash: rows.at(-1)!.hash, lastId: rows.at(-1)!.id, problems: [] });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the trail while the triggers are on, even to a superuser', async () => {
    const [first] = await ids();
    await expect(stack.db.query('UPDATE "AuditLog" SET detail = \'{}\' WHERE id = $1', [first])).rejects.toThrow('the audit log is append-only: UPDATE refused');
    await expect(stack.db.query('DELETE FROM "AuditLog" WHERE id = $1', [first])).rejects.toThrow('the audit log is append-only: DELETE refused');
    await expect(stack.db.query('TRUNCATE "AuditLog"')).rejects.toThrow('the audit log is append-only: TRUNCATE refused');
    expect((await verify()).code).toBe(0);
  });

  it('names an entry changed by hand, and only that one; restoring its content restores the chain', async () => {
    const all = await ids();
    const target = all[3];
    const original = (await stack.db.query('SELECT detail FROM "AuditLog" WHERE id = $1', [target])).rows[0].detail as unknown;
    await tamper('UPDATE "AuditLog" SET detail = detail || \'{"before": {"active": false}}\'::jsonb WHERE id = $1', [target]);
    const run = await verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`entry ${target}: hash does not match its content (changed)\nbroken: 1 problem(s) in ${all.length} entries\n`);
    // The same across page boundaries (pages of two rows).
    const paged = await verifyAuditChain(stack.db, 2);
    expect(paged.problems).toEqual([{ id: target, kind: 'changed', message: `entry ${target}: hash does not match its content (changed)` }]);

    await tamper('UPDATE "AuditLog" SET detail = $2::jsonb WHERE id = $1', [target, JSON.stringify(original)]);
    expect((await verify()).code).toBe(0);

    // Every field counts, the actor too.
    const actor = (await stack.db.query('SELECT "actorLogin" FROM "AuditLog" WHERE id = $1', [all[6]])).rows[0].actorLogin as string;
    await tamper('UPDATE "AuditLog" SET "actorLogin" = \'someone.else\' WHERE id = $1', [all[6]]);
    expect((await verify()).stdout).toContain(`entry ${all[6]}: hash does not match its content (changed)`);
    await tamper('UPDATE "AuditLog" SET "actorLogin" = $2 WHERE id = $1', [all[6], actor]);
    expect((await verify()).code).toBe(0);
  });

  it('names the entry after a smarter tamperer who also recomputed the changed entry\'s own hash', async () => {
    const all = await ids();
    const target = all[2];
    await tamper('UPDATE "AuditLog" SET detail = \'{"forged": true}\'::jsonb WHERE id = $1', [target]);
    await tamper(`UPDATE "AuditLog" a SET hash = encode(sha256(convert_to(a."prevHash" || E'\\n' || audit_log_text(a), 'UTF8')), 'hex') WHERE id = $1`, [target]);
    const run = await verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`entry ${all[3]}: previous hash does not match entry ${target} (an entry before it was removed or changed)`);
    expect(run.stdout).not.toContain(`entry ${target}:`);
  });

  it('names the entry after one deleted from the middle, and the first one when the start was removed', async () => {
    const all = await ids();
    const removed = all[4];
    await tamper('DELETE FROM "AuditLog" WHERE id = $1', [removed]);
    const run = await verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`entry ${all[5]}: previous hash does not match entry ${all[3]} (an entry before it was removed or changed)`);
    expect(run.stdout).not.toMatch(new RegExp(`entry (${all.slice(6).join('|')}):`));

    await tamper('DELETE FROM "AuditLog" WHERE id = $1', [all[0]]);
    const json = JSON.parse((await runCli(['audit', 'verify', '--json'], { env: { DATABASE_URL: stack.databaseUrl } })).stdout) as { ok: boolean; problems: { id: string; kind: string; message: string }[] };
    expect(json.ok).toBe(false);
    expect(json.problems[0]).toEqual({ id: all[1], kind: 'chain', message: `entry ${all[1]}: previous hash is not the start of the chain (an entry before it was removed or changed)` });
  });

  it('masks phone numbers and callers in what it keeps, and leaves ids readable (platform_12345)', async () => {
    const lead = await stack.signIn(['shift_lead']);
    const reason = '12345热线平台 platform_12345 中断，来电人 138 1234 5678 反映，工单日期 2026-12-07，共 18240 次';
    expect((await lead.send('POST', '/api/registers/outages', { startsAt: `${daysAgo(2)}T02:00:00Z`, endsAt: `${daysAgo(2)}T03:00:00Z`, reason })).status).toBe(201);
    const outage = (await stack.db.query(`SELECT detail FROM "AuditLog" WHERE action = 'addOutage' AND "actorLogin" = $1`, [lead.login])).rows[0].detail as { body: { reason: string }; after: { reason: string } };
    const masked = '12345热线平台 platform_12345 中断，来电人 138****5678 反映，工单日期 2026-12-07，共 18240 次';
    expect(outage.body.reason).toBe(masked);
    expect(outage.after.reason).toBe(masked);

    // A complaint's `caller` is masked by its name, whatever its length; its channel id and its counts are not.
    // (Audited whatever the answer: the body is kept for a refusal too.)
    await lead.send('POST', '/api/registers/complaints', {
      receivedAt: `${daysAgo(2)}T10:00:00+08:00`, channel: 'platform_12345', caller: '12345', content: '来电人另留号码 13912345678，转办单 20261 号',
    });
    await lead.send('POST', '/api/registers/complaints', { receivedAt: `${daysAgo(2)}T10:00:00+08:00`, channel: 'platform_12345', caller: '13812345678', content: 'x', bogus: 1 });
    const complaints = (await stack.db.query(`SELECT detail FROM "AuditLog" WHERE action = 'addComplaint' AND "actorLogin" = $1 ORDER BY id`, [lead.login])).rows.map(
      (r) => (r.detail as { body: { caller: string; channel: string; content: string } }).body,
    );
    expect(complaints).toHaveLength(2);
    expect(complaints[0]).toMatchObject({ caller: '****5', channel: 'platform_12345', content: '来电人另留号码 139****5678，转办单 20261 号' });
    expect(complaints[1]).toMatchObject({ caller: '138****5678', channel: 'platform_12345' });
    const all = JSON.stringify((await stack.db.query(`SELECT target, detail FROM "AuditLog"`)).rows);
    for (const number of ['13812345678', '13912345678', '138 1234 5678']) expect(all).not.toContain(number);
  });

  it('reports an unreachable database with exit 1 and the URL without its password', async () => {
    const run = await runCli(['audit', 'verify', '--database-url', 'postgresql://someone:s3cret@127.0.0.1:1/nowhere']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot connect to the database at postgresql://someone:***@127.0.0.1:1/nowhere');
    expect(run.stderr).not.toContain('s3cret');
  });
});
