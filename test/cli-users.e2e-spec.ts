/**
 * Issue 10: accounts from the server's console — `hotline users add|list|disable|enable|reset` on a real Postgres and
 * Redis — and the API accepting what the CLI wrote (sign-in, forced change after a reset, sessions ended on disable).
 */
import { userInfo } from 'node:os';
import { verify } from '@node-rs/argon2';
import { Redis } from 'ioredis';
import { UserView } from '@hotline/contracts';
import { createStack, type Stack } from './support/stack';
import { runCli, type CliRun } from './support/cli';

const ADMIN_PASSWORD = 'Quiet-Harbour-42';
const AGENT_PASSWORD = 'Seven!Lanterns9';

describe('hotline users', () => {
  let stack: Stack;
  const users = (args: string[], input?: string): Promise<CliRun> => runCli(['users', ...args], { input, env: stack.env });
  const row = async (login: string) =>
    (await stack.db.query('SELECT * FROM "User" WHERE login = $1', [login])).rows[0] as
      | { id: number; login: string; displayName: string; roles: string[]; agentId: string | null; active: boolean; passwordHash: string; mustChangePassword: boolean; failedAttempts: number; lockedUntil: Date | null }
      | undefined;
  const auditOf = async (action: string) =>
    (await stack.db.query('SELECT action, outcome, target, "actorLogin", detail FROM "AuditLog" WHERE action = $1 ORDER BY id', [action])).rows as {
      action: string; outcome: string; target: string; actorLogin: string; detail: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    stack = await createStack('cli_users');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('adds an account with an argon2id hash, its password history and an audit entry by cli:<os user>', async () => {
    const run = await users(['add', 'Admin.One', '--role', 'admin', '--display-name', '管理员 One', '--password-stdin'], `${ADMIN_PASSWORD}\n`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/added user admin\.one \(id \d+\): roles admin; the password is final/);
    const user = await row('admin.one'); // stored lower-case
    expect(user).toMatchObject({ displayName: '管理员 One', roles: ['admin'], agentId: null, active: true, mustChangePassword: false });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(verify(user!.passwordHash, ADMIN_PASSWORD)).resolves.toBe(true);
    await expect(verify(user!.passwordHash, `${ADMIN_PASSWORD}\n`)).resolves.toBe(false); // the newline is not part of it
    const history = await stack.db.query('SELECT hash FROM "PasswordHistory" WHERE "userId" = $1', [user!.id]);
    expect(history.rows).toEqual([{ hash: user!.passwordHash }]);
    const [entry] = await auditOf('users.add');
    expect(entry).toMatchObject({ outcome: 'ok', target: 'user:admin.one', actorLogin: `cli:${userInfo().username}` });
    expect(entry.detail).toMatchObject({ login: 'admin.one', roles: ['admin'], mustChangePassword: false });
    const trail = (await stack.db.query('SELECT string_agg(detail::text, \' \') AS t FROM "AuditLog"')).rows[0].t as string;
    expect(trail).not.toContain(ADMIN_PASSWORD);
    expect(trail).not.toContain(user!.passwordHash);
  });

  it('reads only the first line of standard input, keeping spaces, and accepts a CRLF line ending', async () => {
    const password = ' Two Words & 7 Spaces ';
    expect((await users(['add', 'spacey', '--role', 'planner', '--password-stdin'], `${password}\r\nsecond line ignored\n`)).code).toBe(0);
    await expect(verify((await row('spacey'))!.passwordHash, password)).resolves.toBe(true);
  });

  it('with --temporary, several roles and an agent id: the password must be changed at first sign-in', async () => {
    const run = await users(['add', 'agent1', '--role', 'agent', '--role', 'shift_lead', '--agent-id', 'A-17', '--temporary', '--password-stdin'], `${AGENT_PASSWORD}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('must change the password at first sign-in');
    expect(await row('agent1')).toMatchObject({ roles: ['agent', 'shift_lead'], agentId: 'A-17', mustChangePassword: true });
  });

  it('refuses a password given any other way than standard input (exit 2, nothing written)', async () => {
    const before = (await stack.db.query('SELECT count(*)::int AS n FROM "AuditLog"')).rows[0].n as number;
    const missing = await users(['add', 'nopass', '--role', 'agent'], `${AGENT_PASSWORD}\n`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--password-stdin is required');
    const onLine = await users(['add', 'nopass', '--role', 'agent', '--password', AGENT_PASSWORD]);
    expect(onLine.code).toBe(2);
    expect(onLine.stderr).toMatch(/unknown option '--password'/);
    const empty = await users(['add', 'nopass', '--role', 'agent', '--password-stdin'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('nothing on standard input');
    const reset = await users(['reset', 'agent1'], `${AGENT_PASSWORD}\n`);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toContain('--password-stdin is required');
    expect(await row('nopass')).toBeUndefined();
    expect((await stack.db.query('SELECT count(*)::int AS n FROM "AuditLog"')).rows[0].n).toBe(before);
  });

  it('refuses a password against the policy, naming each broken rule', async () => {
    const short = await users(['add', 'weak1', '--role', 'agent', '--password-stdin'], 'Ab1!\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('password refused by the policy (too_short): shorter than 12 characters');
    const classes = await users(['add', 'weak1', '--role', 'agent', '--password-stdin'], 'onlylowercaseletters\n');
    expect(classes.code).toBe(2);
    expect(classes.stderr).toContain('too_few_classes');
    expect(classes.stderr).toContain('fewer than 3 of lower-case letters, upper-case letters, digits and symbols');
    const login = await users(['add', 'weak1', '--role', 'agent', '--password-stdin'], 'My-weak1-Password\n');
    expect(login.code).toBe(2);
    expect(login.stderr).toContain('contains the login name');
    expect(await row('weak1')).toBeUndefined();
  });

  it('refuses a bad login, an unknown role, no role and a duplicate role with exit 2 naming the argument', async () => {
    const cases: [string[], string][] = [
      [['add', '1abc', '--role', 'agent'], 'NAME "1abc"'],
      [['add', 'okname', '--role', 'root'], '--role root: not a role'],
      [['add', 'okname'], '--role is required'],
      [['add', 'okname', '--role', 'agent,agent'], '--role: each role once'],
      [['add', 'okname', '--role', 'agent', '--display-name', ' '], '--display-name'],
    ];
    for (const [args, message] of cases) {
      const run = await users([...args, '--password-stdin'], `${AGENT_PASSWORD}\n`);
      expect({ args, code: run.code, named: run.stderr.includes(message) }).toEqual({ args, code: 2, named: true });
    }
  });

  it('refuses a duplicate login and an agent id already taken (exit 1, audited as failed)', async () => {
    const dup = await users(['add', 'ADMIN.ONE', '--role', 'auditor', '--password-stdin'], 'Another-Str0ng-one\n');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('a user named "admin.one" already exists');
    expect(await row('admin.one')).toMatchObject({ roles: ['admin'] });
    const agent = await users(['add', 'agent2', '--role', 'agent', '--agent-id', 'A-17', '--password-stdin'], 'Another-Str0ng-one\n');
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain('agent id "A-17" already belongs to another user');
    expect(await row('agent2')).toBeUndefined();
    expect((await auditOf('users.add')).filter((e) => e.outcome === 'failed').map((e) => e.target)).toEqual(['user:admin.one', 'user:agent2']);
  });

  it('lists the accounts as a table and as the contract\'s UserView JSON (never a hash)', async () => {
    const table = await users(['list']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^login\s+display name\s+roles\s+agent id\s+status\s+password\s+last sign-in$/);
    expect(table.stdout).toMatch(/agent1\s+agent1\s+agent,shift_lead\s+A-17\s+active\s+must change\s+never/);
    const json = await users(['list', '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toContain('argon2');
    const list = UserView.array().parse(JSON.parse(json.stdout));
    expect(list.map((u) => u.login)).toEqual(['admin.one', 'agent1', 'spacey']);
  });

  it('disables (ending only that user\'s sessions), enables, and resets: temporary, unlocked, no reuse of recent passwords', async () => {
    const agent = (await row('agent1'))!;
    const admin = (await row('admin.one'))!;
    // Sessions as the API's session store (connect-redis) keeps them: <prefix>sess:<sid> -> JSON with the userId.
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      await redis.set(`${stack.prefix}sess:agent-a`, JSON.stringify({ cookie: {}, userId: agent.id }));
      await redis.set(`${stack.prefix}sess:agent-b`, JSON.stringify({ cookie: {}, userId: agent.id }));
      await redis.set(`${stack.prefix}sess:admin`, JSON.stringify({ cookie: {}, userId: admin.id }));
      const disable = await users(['disable', 'agent1']);
      expect(disable).toMatchObject({ code: 0, stdout: 'agent1 is disabled\nended 2 session(s) of agent1\n' });
      expect((await row('agent1'))!.active).toBe(false);
      expect((await redis.keys(`${stack.prefix}sess:*`)).sort()).toEqual([`${stack.prefix}sess:admin`]);
      expect((await users(['enable', 'agent1'])).stdout).toBe('agent1 is enabled\n');
      expect((await row('agent1'))!.active).toBe(true);

      await stack.db.query('UPDATE "User" SET "failedAttempts" = 5, "lockedUntil" = now() + interval \'15 minutes\' WHERE id = $1', [agent.id]);
      await redis.set(`${stack.prefix}sess:agent-c`, JSON.stringify({ cookie: {}, userId: agent.id }));
      const reused = await users(['reset', 'agent1', '--password-stdin'], `${AGENT_PASSWORD}\n`);
      expect(reused.code).toBe(2);
      expect(reused.stderr).toContain("(reused): one of the user's last 5 passwords");
      const reset = await users(['reset', 'agent1', '--password-stdin'], 'Fresh-Start-2026\n');
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('ended 1 session(s) of agent1');
      const after = (await row('agent1'))!;
      expect(after).toMatchObject({ mustChangePassword: true, failedAttempts: 0, lockedUntil: null, active: true });
      await expect(verify(after.passwordHash, 'Fresh-Start-2026')).resolves.toBe(true);
      expect(await redis.exists(`${stack.prefix}sess:agent-c`, `${stack.prefix}sess:admin`)).toBe(1);
      await redis.del(`${stack.prefix}sess:admin`);
    } finally {
      redis.disconnect();
    }
    expect((await stack.db.query('SELECT count(*)::int AS n FROM "PasswordHistory" WHERE "userId" = $1', [agent.id])).rows[0].n).toBe(2);
    expect((await auditOf('users.disable')).map((e) => [e.outcome, e.target, e.detail.before, e.detail.after])).toEqual([['ok', 'user:agent1', { active: true }, { active: false }]]);
    expect((await auditOf('users.enable')).map((e) => e.outcome)).toEqual(['ok']);
    expect((await auditOf('users.reset')).map((e) => [e.outcome, e.detail.unlocked])).toEqual([['ok', true]]);
    const unknown = await users(['disable', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user named "nobody"');
  });

  it('--upsert brings an existing account to the given settings, keeping a hash that already verifies', async () => {
    const before = (await row('spacey'))!;
    const same = await users(['add', 'spacey', '--role', 'planner', '--role', 'bureau', '--upsert', '--password-stdin'], ' Two Words & 7 Spaces \n');
    expect(same.stdout).toContain('updated (password unchanged) user spacey');
    const kept = (await row('spacey'))!;
    expect(kept).toMatchObject({ id: before.id, roles: ['planner', 'bureau'], passwordHash: before.passwordHash });
    const changed = await users(['add', 'spacey', '--role', 'planner', '--upsert', '--password-stdin'], 'Brand-New-Pass-9\n');
    expect(changed.stdout).toContain('updated (password set) user spacey');
    await expect(verify((await row('spacey'))!.passwordHash, 'Brand-New-Pass-9')).resolves.toBe(true);
    expect((await auditOf('users.update')).map((e) => e.detail.passwordChanged)).toEqual([false, true]);
  });

  describe('what the CLI writes, the API accepts', () => {
    beforeAll(async () => {
      await stack.startApi();
    });
    const login = async (name: string, password: string) => {
      const res = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: name, password }) });
      const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
      return { status: res.status, body: (await res.json()) as { user?: { login: string; mustChangePassword: boolean; roles: string[] } }, cookie };
    };
    const me = async (cookie: string) => (await fetch(`${stack.baseUrl}/api/auth/me`, { headers: { cookie } })).status;

    it('signs in with a CLI-made account; a disable ends its live session at once; a reset forces a change', async () => {
      const admin = await login('admin.one', ADMIN_PASSWORD);
      expect(admin.status).toBe(200);
      expect(admin.body.user).toMatchObject({ login: 'admin.one', roles: ['admin'], mustChangePassword: false });
      expect(await me(admin.cookie)).toBe(200);
      expect((await users(['disable', 'admin.one'])).stdout).toContain('ended 1 session(s) of admin.one');
      expect(await me(admin.cookie)).toBe(401);
      expect((await login('admin.one', ADMIN_PASSWORD)).status).toBe(401);
      await users(['enable', 'admin.one']);

      expect((await login('agent1', AGENT_PASSWORD)).status).toBe(401); // replaced by the reset
      const agent = await login('agent1', 'Fresh-Start-2026');
      expect(agent.status).toBe(200);
      expect(agent.body.user).toMatchObject({ login: 'agent1', mustChangePassword: true });
      expect((await users(['reset', 'agent1', '--password-stdin'], 'Second-Reset-2026\n')).stdout).toContain('ended 1 session(s) of agent1');
      expect(await me(agent.cookie)).toBe(401);
    });
  });
});
