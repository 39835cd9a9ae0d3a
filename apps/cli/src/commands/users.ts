// `hotline users add|list|disable|enable|reset`: accounts managed from the server's console, straight in Postgres
// (the first administrator is created this way, before anyone can sign in). Every change is audited as
// `cli:<os user>`; passwords come on standard input only and are hashed with argon2id exactly as the API does.
import type { Command } from 'commander';
import type { Client } from 'pg';
import { hash, verify } from '@node-rs/argon2';
import stringWidth from 'string-width';
import { ARGON2_PARAMS, CreateUserBody, LoginName, PASSWORD_POLICY, ROLES, RoleName, UserView, passwordProblems, type Role } from '@hotline/contracts';
import { CliError, CliUsageError, type Reason, say } from '../cli-error';
import type { CliConfig } from '../config';
import { appendAudit, connectDatabase, endUserSessions, inTransaction } from '../db';
import { readPassword } from '../password-input';

/** Where the account commands connect (flags, else the environment, else the local defaults). */
export interface ConnectionFlags {
  databaseUrl: string;
  redisUrl: string;
  streamPrefix: string;
}

/** A user to create (or, with `upsert`, to bring an existing account to), validated by the contract's schemas. */
export interface UserSpec {
  /** Lower-case login name ({@link LoginName}). */
  login: string;
  displayName: string;
  roles: Role[];
  /** The feed's agent id of an agent account, or null. */
  agentId: string | null;
  /** In clear: hashed before it is stored, never logged or audited. */
  password: string;
  /** True: the user must change it at first sign-in (`mustChangePassword`). */
  temporary: boolean;
}

/** What {@link addUser} did. */
export interface AddUserResult {
  id: number;
  /** False when `upsert` found the login and updated it. */
  created: boolean;
  /** False when `upsert` found the account already had this password (its hash is kept). */
  passwordChanged: boolean;
}

/** argon2id parameters, the API's own (`ARGON2_PARAMS` of the contract; the package's default algorithm is argon2id). */
const HASH_OPTIONS = ARGON2_PARAMS;

/** The rules of {@link PASSWORD_POLICY} a password breaks, in words. */
const PROBLEM_TEXT: Record<ReturnType<typeof passwordProblems>[number], Reason> = {
  too_short: say(`shorter than ${PASSWORD_POLICY.minLength} characters`, `少于 ${PASSWORD_POLICY.minLength} 个字符`),
  too_long: say(`longer than ${PASSWORD_POLICY.maxLength} characters`, `多于 ${PASSWORD_POLICY.maxLength} 个字符`),
  too_few_classes: say(`fewer than ${PASSWORD_POLICY.minClasses} of lower-case letters, upper-case letters, digits and symbols`, `小写字母、大写字母、数字、符号中不足 ${PASSWORD_POLICY.minClasses} 类`),
  contains_login: say('contains the login name', '包含登录名'),
};

/**
 * Checks a new password against the contract's policy ({@link passwordProblems}, with the login).
 * @throws CliUsageError naming every broken rule (`password refused by the policy: shorter than 12 characters; ...`).
 */
export function checkPassword(password: string, login: string): void {
  const problems = passwordProblems(password, login);
  if (problems.length) {
    throw new CliUsageError(
      say(
        `password refused by the policy (${problems.join(', ')}): ${problems.map((p) => PROBLEM_TEXT[p].en).join('; ')}`,
        `密码不符合密码策略（${problems.join(', ')}）：${problems.map((p) => PROBLEM_TEXT[p]['zh-CN']).join('；')}`,
      ),
    );
  }
}

/** Roles from repeated and comma-separated `--role` values. */
function collectRoles(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((r) => r.trim()).filter(Boolean)];
}

/**
 * Validates what `users add` was given with the contract's `CreateUserBody` (login, display name, roles, agent id,
 * password policy) plus the login-in-password rule.
 * @throws CliUsageError naming the argument or flag at fault.
 */
export function userSpec(name: string, flags: { role: string[]; displayName?: string; agentId?: string; temporary?: boolean }, password: string): UserSpec {
  if (flags.role.length === 0) throw new CliUsageError(say(`--role is required (one or more of ${ROLES.join(', ')})`, `必须给出 --role（${ROLES.join(', ')} 中的一个或多个）`));
  for (const role of flags.role) {
    if (!RoleName.safeParse(role).success) throw new CliUsageError(say(`--role ${role}: not a role (expected one of ${ROLES.join(', ')})`, `--role ${role}：不是角色（应为 ${ROLES.join(', ')} 之一）`));
  }
  const login = LoginName.safeParse(name);
  if (!login.success) throw badLogin(name, login.error.issues[0].message);
  checkPassword(password, login.data);
  const parsed = CreateUserBody.safeParse({
    login: name,
    displayName: flags.displayName ?? login.data,
    roles: flags.role,
    agentId: flags.agentId ?? null,
    password,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = { login: 'NAME', displayName: '--display-name', roles: '--role', agentId: '--agent-id', password: 'password' }[String(issue.path[0])] ?? String(issue.path[0]);
    throw new CliUsageError(say(`${field}: ${issue.message}`, `${field}：取值无效（${issue.code}）`));
  }
  const body = parsed.data;
  return { login: body.login, displayName: body.displayName, roles: body.roles, agentId: body.agentId ?? null, password, temporary: flags.temporary === true };
}

/** Which unique index a Postgres unique violation broke, or null for another error. */
function uniqueViolation(error: unknown): 'login' | 'agentId' | null {
  if (!error || typeof error !== 'object' || !('code' in error) || error.code !== '23505') return null;
  const constraint = 'constraint' in error ? String(error.constraint) : '';
  return constraint === 'User_agentId_key' ? 'agentId' : 'login';
}

/** The failure of a user command: audited as `failed`, printed, exit 1. */
export class UserCommandError extends CliError {
  override name = 'UserCommandError';
}

/** A login name the contract refuses (the contract's reason in English; in Chinese, the rule). */
function badLogin(name: string, why: string): CliUsageError {
  return new CliUsageError(say(`NAME "${name}": ${why}`, `NAME "${name}"：登录名须为 3 到 32 个 a-z、0-9、"."、"_"、"-"，以字母开头`));
}

/** The row the commands read. */
interface UserRow {
  id: number;
  login: string;
  display_name: string;
  roles: string[];
  agent_id: string | null;
  active: boolean;
  must_change_password: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  password_hash: string;
}

const USER_COLUMNS = `id, login, "displayName" AS display_name, roles, "agentId" AS agent_id, active,
  "mustChangePassword" AS must_change_password, "lockedUntil" AS locked_until, "lastLoginAt" AS last_login_at,
  "createdAt" AS created_at, "passwordHash" AS password_hash`;

async function findUser(db: Client, login: string, lock = false): Promise<UserRow | null> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM "User" WHERE login = $1${lock ? ' FOR UPDATE' : ''}`, [login]);
  return result.rows[0] ?? null;
}

/** Audits a refused command (its own statement: the refused transaction has been rolled back) and throws. */
async function refuse(db: Client, action: string, login: string, reason: Reason): Promise<never> {
  await appendAudit(db, { action, outcome: 'failed', target: `user:${login}`, detail: { reason: reason.en } });
  throw new UserCommandError(reason);
}

/**
 * Creates an account (User row, its first PasswordHistory entry, an audit entry `users.add`) in one transaction.
 * With `upsert`, an existing login is brought to the spec instead (roles, display name, agent id, active, unlocked,
 * `mustChangePassword` = temporary; the password hash is replaced only when the stored one does not already verify
 * the password) and audited as `users.update`.
 * @throws UserCommandError when the login exists (without upsert) or the agent id belongs to another user (audited).
 */
export async function addUser(db: Client, spec: UserSpec, options: { upsert?: boolean } = {}): Promise<AddUserResult> {
  const details = { login: spec.login, displayName: spec.displayName, roles: spec.roles, agentId: spec.agentId, mustChangePassword: spec.temporary };
  const passwordHash = await hash(spec.password, HASH_OPTIONS);
  let outcome: AddUserResult | Reason;
  try {
    outcome = await inTransaction(db, async () => {
      const existing = options.upsert ? await findUser(db, spec.login, true) : null;
      if (!existing) {
        const inserted = await db.query<{ id: number }>(
          `INSERT INTO "User"(login, "displayName", roles, "agentId", "passwordHash", "mustChangePassword", "updatedAt")
           VALUES ($1, $2, $3::text[], $4, $5, $6, now()) RETURNING id`,
          [spec.login, spec.displayName, spec.roles, spec.agentId, passwordHash, spec.temporary],
        );
        const id = inserted.rows[0].id;
        await db.query('INSERT INTO "PasswordHistory"("userId", hash) VALUES ($1, $2)', [id, passwordHash]);
        await appendAudit(db, { action: 'users.add', outcome: 'ok', target: `user:${spec.login}`, detail: { id, ...details } });
        return { id, created: true, passwordChanged: true };
      }
      const keep = await verify(existing.password_hash, spec.password).catch(() => false);
      await db.query(
        `UPDATE "User" SET "displayName" = $2, roles = $3::text[], "agentId" = $4, active = true, "failedAttempts" = 0,
           "lockedUntil" = NULL, "mustChangePassword" = $5, "updatedAt" = now()
           ${keep ? '' : ', "passwordHash" = $6, "passwordChangedAt" = now()'}
         WHERE id = $1`,
        [existing.id, spec.displayName, spec.roles, spec.agentId, spec.temporary, ...(keep ? [] : [passwordHash])],
      );
      if (!keep) await db.query('INSERT INTO "PasswordHistory"("userId", hash) VALUES ($1, $2)', [existing.id, passwordHash]);
      const before = { displayName: existing.display_name, roles: existing.roles, agentId: existing.agent_id, active: existing.active, mustChangePassword: existing.must_change_password, lockedUntil: existing.locked_until };
      await appendAudit(db, { action: 'users.update', outcome: 'ok', target: `user:${spec.login}`, detail: { id: existing.id, before, after: details, passwordChanged: !keep } });
      return { id: existing.id, created: false, passwordChanged: !keep };
    });
  } catch (error) {
    const which = uniqueViolation(error);
    if (!which) throw error;
    outcome =
      which === 'login'
        ? say(`a user named "${spec.login}" already exists`, `名为 "${spec.login}" 的用户已存在`)
        : say(`agent id "${spec.agentId}" already belongs to another user`, `话务员编号 "${spec.agentId}" 已属于另一个用户`);
  }
  if ('en' in outcome) return refuse(db, options.upsert ? 'users.update' : 'users.add', spec.login, outcome);
  return outcome;
}

/** Every account, by login, as the contract's {@link UserView} (never a hash). */
export async function listUsers(db: Client): Promise<UserView[]> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM "User" ORDER BY login`);
  return result.rows.map((r) =>
    UserView.parse({
      id: r.id,
      login: r.login,
      displayName: r.display_name,
      roles: r.roles,
      agentId: r.agent_id,
      active: r.active,
      mustChangePassword: r.must_change_password,
      lockedUntil: r.locked_until?.toISOString() ?? null,
      lastLoginAt: r.last_login_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    }),
  );
}

/**
 * Disables or re-enables an account (`users.disable` / `users.enable`, audited with before and after).
 * @returns the user's id and whether anything changed.
 * @throws UserCommandError when no user has that login (audited).
 */
export async function setUserActive(db: Client, login: string, active: boolean): Promise<{ id: number; changed: boolean }> {
  const action = active ? 'users.enable' : 'users.disable';
  const result = await inTransaction(db, async () => {
    const user = await findUser(db, login, true);
    if (!user) return null;
    // disabledAt dates a leaver on the staff report (cleared when the account is enabled again)
    if (user.active !== active) await db.query(`UPDATE "User" SET active = $2, "disabledAt" = CASE WHEN $2 THEN NULL ELSE now() END, "updatedAt" = now() WHERE id = $1`, [user.id, active]);
    await appendAudit(db, { action, outcome: 'ok', target: `user:${login}`, detail: { id: user.id, before: { active: user.active }, after: { active } } });
    return { id: user.id, changed: user.active !== active };
  });
  return result ?? refuse(db, action, login, say(`no user named "${login}"`, `没有名为 "${login}" 的用户`));
}

/**
 * An administrator's password reset (`users.reset`): the new password is temporary (changed at the next sign-in),
 * the account is unlocked (failed attempts cleared), and the hash joins the history. The caller ends the sessions.
 * @throws CliUsageError when the password is one of the user's last {@link PASSWORD_POLICY.historySize}.
 * @throws UserCommandError when no user has that login (audited).
 */
export async function resetUserPassword(db: Client, login: string, password: string): Promise<{ id: number }> {
  checkPassword(password, login);
  const passwordHash = await hash(password, HASH_OPTIONS);
  const result = await inTransaction(db, async () => {
    const user = await findUser(db, login, true);
    if (!user) return null;
    const history = await db.query<{ hash: string }>('SELECT hash FROM "PasswordHistory" WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT $2', [user.id, PASSWORD_POLICY.historySize]);
    for (const old of [user.password_hash, ...history.rows.map((h) => h.hash)]) {
      if (await verify(old, password).catch(() => false)) {
        throw new CliUsageError(say(`password refused by the policy (reused): one of the user's last ${PASSWORD_POLICY.historySize} passwords`, `密码不符合密码策略（reused）：是该用户最近 ${PASSWORD_POLICY.historySize} 个密码之一`));
      }
    }
    await db.query(
      `UPDATE "User" SET "passwordHash" = $2, "mustChangePassword" = true, "failedAttempts" = 0, "lockedUntil" = NULL,
         "passwordChangedAt" = now(), "updatedAt" = now() WHERE id = $1`,
      [user.id, passwordHash],
    );
    await db.query('INSERT INTO "PasswordHistory"("userId", hash) VALUES ($1, $2)', [user.id, passwordHash]);
    await appendAudit(db, { action: 'users.reset', outcome: 'ok', target: `user:${login}`, detail: { id: user.id, mustChangePassword: true, unlocked: user.locked_until !== null } });
    return { id: user.id };
  });
  return result ?? refuse(db, 'users.reset', login, say(`no user named "${login}"`, `没有名为 "${login}" 的用户`));
}

/** The users as a table (login, name, roles, agent id, status, password, last sign-in). */
export function usersTable(users: UserView[], now = new Date()): string {
  const rows = [['login', 'display name', 'roles', 'agent id', 'status', 'password', 'last sign-in']];
  for (const u of users) {
    const locked = u.lockedUntil && Date.parse(u.lockedUntil) > now.getTime() ? `locked until ${u.lockedUntil}` : null;
    rows.push([u.login, u.displayName, u.roles.join(','), u.agentId ?? '-', !u.active ? 'disabled' : (locked ?? 'active'), u.mustChangePassword ? 'must change' : 'set', u.lastLoginAt ?? 'never']);
  }
  const widths = rows[0].map((_h, c) => Math.max(...rows.map((r) => stringWidth(r[c]))));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c] - stringWidth(cell)))).join('  ')).join('\n') + '\n';
}

/** Runs an account command with a database connection; failures of the command itself exit 1 with their message. */
async function withDatabase<T>(flags: ConnectionFlags, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = await connectDatabase(flags.databaseUrl);
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** Ends the user's sessions and says how many. */
async function endSessions(flags: ConnectionFlags, login: string, id: number): Promise<void> {
  const ended = await endUserSessions(flags.redisUrl, flags.streamPrefix, id);
  process.stdout.write(`ended ${ended} session(s) of ${login}\n`);
}

function connectionOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'PostgreSQL (default: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/hotline)')
    .option('--redis-url <url>', "Redis, to end a user's sessions (default: REDIS_URL, else redis://127.0.0.1:6379)")
    .option('--stream-prefix <prefix>', "the API's Redis key prefix (default: HOTLINE_STREAM_PREFIX, else hotline:)");
}

/** The connection flags given, else the environment's (read once at start), else the local defaults. */
function connection(flags: Partial<ConnectionFlags>, config: CliConfig): ConnectionFlags {
  return { databaseUrl: flags.databaseUrl ?? config.databaseUrl, redisUrl: flags.redisUrl ?? config.redisUrl, streamPrefix: flags.streamPrefix ?? config.streamPrefix };
}

/** `--password-stdin` is the only way in: a password on the command line would land in the shell history and `ps`. */
function requirePasswordStdin(flags: { passwordStdin?: boolean }): void {
  if (!flags.passwordStdin) {
    throw new CliUsageError(
      say(
        '--password-stdin is required: passwords never come on the command line (type it when asked, or pipe it: `printf "%s\\n" "$PW" | hotline users ...`)',
        '必须给出 --password-stdin：密码从不出现在命令行上（按提示输入，或用管道：`printf "%s\\n" "$PW" | hotline users ...`）',
      ),
    );
  }
}

/** A login given as NAME, normalised as the contract does. */
function loginArgument(name: string): string {
  const login = LoginName.safeParse(name);
  if (!login.success) throw badLogin(name, login.error.issues[0].message);
  return login.data;
}

/** `hotline users ...`: account administration from the server's console. */
export function registerUsersCommand(program: Command, config: CliConfig): void {
  const users = program.command('users').description('user accounts: add, list, disable, enable, reset (audited as cli:<os user>)');

  connectionOptions(
    users
      .command('add')
      .description('create an account; the password is read from standard input (first line)')
      .argument('<name>', 'login name: 3 to 32 of a-z, 0-9, ".", "_", "-", starting with a letter')
      .option('--role <role>', `a role, repeat for several (${ROLES.join(', ')})`, collectRoles, [])
      .option('--display-name <text>', 'the name the console shows (default: the login)')
      .option('--agent-id <id>', "the feed's agent id of an agent account (her own calls)")
      .option('--password-stdin', 'read the password from standard input (required)')
      .option('--temporary', 'the user must change the password at first sign-in')
      .option('--upsert', 'if the login exists, bring it to these settings and password (unlocked, enabled) instead of refusing'),
  ).action(async (name: string, flags: Partial<ConnectionFlags> & { role: string[]; displayName?: string; agentId?: string; passwordStdin?: boolean; temporary?: boolean; upsert?: boolean }) => {
    requirePasswordStdin(flags);
    loginArgument(name);
    const spec = userSpec(name, flags, await readPassword());
    await withDatabase(connection(flags, config), async (db) => {
      const result = await addUser(db, spec, { upsert: flags.upsert });
      const verb = result.created ? 'added' : result.passwordChanged ? 'updated (password set)' : 'updated (password unchanged)';
      process.stdout.write(
        `${verb} user ${spec.login} (id ${result.id}): roles ${spec.roles.join(', ')}${spec.agentId ? `, agent id ${spec.agentId}` : ''}; ` +
          `${spec.temporary ? 'must change the password at first sign-in' : 'the password is final (no change asked)'}\n`,
      );
      if (!result.created && result.passwordChanged) await endSessions(connection(flags, config), spec.login, result.id);
    });
  });

  connectionOptions(
    users.command('list').description('every account: login, roles, agent id, status').option('--json', 'the accounts as JSON (the API\'s UserView)'),
  ).action(async (flags: Partial<ConnectionFlags> & { json?: boolean }) => {
    const list = await withDatabase(connection(flags, config), listUsers);
    process.stdout.write(flags.json ? `${JSON.stringify(list, null, 2)}\n` : usersTable(list));
  });

  for (const active of [false, true]) {
    connectionOptions(
      users
        .command(active ? 'enable' : 'disable')
        .description(active ? 'let a disabled account sign in again' : 'stop an account from signing in and end its sessions')
        .argument('<name>', 'login name'),
    ).action(async (name: string, flags: Partial<ConnectionFlags>) => {
      const login = loginArgument(name);
      await withDatabase(connection(flags, config), async (db) => {
        const { id, changed } = await setUserActive(db, login, active);
        process.stdout.write(`${login} is ${active ? 'enabled' : 'disabled'}${changed ? '' : ' (it already was)'}\n`);
        if (!active) await endSessions(connection(flags, config), login, id);
      });
    });
  }

  connectionOptions(
    users
      .command('reset')
      .description("set a temporary password (changed at the next sign-in), unlock the account and end its sessions")
      .argument('<name>', 'login name')
      .option('--password-stdin', 'read the new password from standard input (required)'),
  ).action(async (name: string, flags: Partial<ConnectionFlags> & { passwordStdin?: boolean }) => {
    requirePasswordStdin(flags);
    const login = loginArgument(name);
    const password = await readPassword();
    await withDatabase(connection(flags, config), async (db) => {
      const { id } = await resetUserPassword(db, login, password);
      process.stdout.write(`${login}: password reset (temporary, to be changed at the next sign-in), account unlocked\n`);
      await endSessions(connection(flags, config), login, id);
    });
  });
}
