/**
 * Issue 10, who may see and do what, against the built API (child process, own database and Redis prefix):
 * the route walk (every route the Nest router holds, anonymous and as each role, against the permission matrix),
 * socket connections, CSRF and cross-origin writes, lockout, password change, revocation, idle timeout, headers,
 * and the audit of writes and denials.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { ENDPOINTS, ROLES, allows, expressPath, type AuditPage, type Role, type SessionInfo, type SessionView } from '@hotline/contracts';
import { ROOT, createStack, signInAs, strongPassword, type ApiClient, type Stack } from './support/stack';

const run = promisify(execFile);

/** Routes of the Nest router (test/support/list-routes.mjs). */
async function routerRoutes(stack: Stack, extra: string[] = []): Promise<{ routes?: { method: string; path: string }[]; error?: string }> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'test', 'support', 'list-routes.mjs'), ...extra], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env, PORT: '0', LOG_LEVEL: 'silent', HOTLINE_CONSUMER: 'route-walk' },
    maxBuffer: 4 << 20,
  });
  return JSON.parse(stdout) as { routes?: { method: string; path: string }[]; error?: string };
}

/** A concrete URL of a route: path parameters filled with harmless values. */
function concrete(path: string): string {
  return path.replace(/:jobId/g, 'job-that-does-not-exist').replace(/\/api\/sessions\/:id/, `/api/sessions/${'0'.repeat(32)}`).replace(/:callId/g, 'no-such-call').replace(/:id/g, '999999')
    .replace(/:month/g, '2099-01').replace(/:register/g, 'confidentiality').replace(/:kind/g, 'operations').replace(/:file/g, 'staff-report.xlsx');
}

/** A socket connection with a session cookie (or none): resolves with the first snapshot or the connect error. */
function connect(stack: Stack, cookie?: string): Promise<{ socket: Socket; error?: string }> {
  return new Promise((resolve) => {
    const socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { cookie } : {} });
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => resolve({ socket, error: error.message }));
  });
}

/** Whether a snapshot arrives on a connected socket within `ms`. */
function snapshotWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('kpi:snapshot', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A raw HTTP request (node's http, so the Origin header is ours to set). */
function rawRequest(url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (d: Buffer) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('accounts, roles and sessions', () => {
  let stack: Stack;
  let admin: ApiClient;
  let auditor: ApiClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    stack = await createStack('access');
    await stack.startApi();
    admin = await stack.signIn(['admin']);
    auditor = await stack.signIn(['auditor']);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.stop();
  });

  it('walks every route of the router: 401 without a session, and for each role exactly what the matrix allows', async () => {
    const { routes, error } = await routerRoutes(stack);
    expect(error).toBeUndefined();
    const byRoute = new Map(ENDPOINTS.map((e) => [`${e.method} ${expressPath(e.path)}`, e]));
    // Every route of the router is an endpoint of the contract (so it has a declared permission), and the reverse.
    const undeclared = routes!.filter((r) => !byRoute.has(`${r.method} ${r.path}`));
    expect(undeclared).toEqual([]);
    expect(routes!.length).toBe(ENDPOINTS.length);
    const publicRoutes = ENDPOINTS.filter((e) => e.access === 'public').map((e) => e.id).sort();
    expect(publicRoutes).toEqual(['health', 'healthReady', 'login']);

    const clients = new Map<Role, ApiClient>();
    for (const role of ROLES) clients.set(role, await stack.signIn([role], role === 'agent' ? { agentId: 'AGENT-1' } : {}));
    const mismatches: string[] = [];
    for (const route of routes!) {
      const def = byRoute.get(`${route.method} ${route.path}`)!;
      if (def.id === 'logout') continue; // walked last
      const url = concrete(route.path);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const anonymous = await fetch(`${stack.baseUrl}${url}`, { method: route.method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? '{}' : undefined });
      const anonymousRefused = anonymous.status === 401 || anonymous.status === 403;
      if (def.access === 'public' ? anonymousRefused : anonymous.status !== 401) {
        mismatches.push(`anonymous ${route.method} ${url}: ${anonymous.status}, expected ${def.access === 'public' ? 'an answer' : 401}`);
      }
      for (const role of ROLES) {
        const res = await clients.get(role)!.send(route.method, url, body);
        const allowed = allows([role], def.access);
        const refused = res.status === 401 || res.status === 403;
        if (def.id === 'login') continue; // a login with an empty body is a 400 for everyone
        if (allowed === refused) mismatches.push(`${role} ${route.method} ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}, expected ${allowed ? 'allowed' : 'refused'}`);
        if (!allowed && res.status !== 403) mismatches.push(`${role} ${route.method} ${url}: ${res.status}, expected 403`);
      }
    }
    expect(mismatches).toEqual([]);
    // Sign-out last: the session then ends.
    const lead = clients.get('shift_lead')!;
    expect((await lead.send('POST', '/api/auth/logout')).status).toBe(204);
    expect((await lead.get('/api/kpi')).status).toBe(401);
  }, 300_000);

  it('refuses to start when a route declares no permission', async () => {
    const { error } = await routerRoutes(stack, ['--with-undeclared']);
    expect(error).toMatch(/Rogue\.rogue is routed without @Endpoint/);
  }, 120_000);

  it('refuses socket connections without a session and pushes snapshots only to roles with live.read', async () => {
    const anonymous = await connect(stack);
    sockets.push(anonymous.socket);
    expect(anonymous.error).toBe('unauthenticated');
    for (const role of ROLES) {
      const client = await stack.signIn([role]);
      const waiting = new Promise<boolean>((resolve) => {
        const socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: client.cookie } });
        sockets.push(socket);
        socket.once('connect_error', () => resolve(false));
        void snapshotWithin(socket, 2000).then(resolve);
      });
      expect([role, await waiting]).toEqual([role, allows([role], 'live.read')]);
    }
    // A browser on another site cannot open a socket with the user's cookie (cross-site WebSocket hijacking).
    const lead = await stack.signIn(['shift_lead']);
    const foreign = await new Promise<string | undefined>((resolve) => {
      const socket = io(stack.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: lead.cookie, origin: 'http://evil.example' } });
      sockets.push(socket);
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', (e) => resolve(e.message));
    });
    expect(foreign).toBeDefined();
  }, 120_000);

  it('sets a HttpOnly SameSite=Strict cookie, security headers, and no CORS for other origins', async () => {
    const user = await stack.createUser(['planner']);
    const res = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: stack.baseUrl }, body: JSON.stringify({ login: user.login, password: user.password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hotline.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP here; HOTLINE_TLS=true adds it
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const health = await fetch(`${stack.baseUrl}/api/health`, { headers: { origin: 'http://evil.example' } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('refuses writes without the CSRF token and cross-origin form posts, and audits the refusals', async () => {
    const lead = await stack.signIn(['shift_lead']);
    const outage = { startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-11-02T00:00:00Z', reason: 'CSRF probe' };
    const noToken = await fetch(`${stack.baseUrl}/api/registers/outages`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: lead.cookie }, body: JSON.stringify(outage) });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { code: string }).code).toBe('csrf');
    const wrongToken = await lead.send('POST', '/api/registers/outages', outage, { 'x-csrf-token': 'not-the-token' });
    expect(wrongToken.status).toBe(403);
    // What a form on another site would send: its origin, a form body, the cookie (if the browser sent it at all).
    const form = await rawRequest(`${stack.baseUrl}/api/registers/outages`, 'POST', { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded', cookie: lead.cookie, 'x-csrf-token': lead.csrfToken }, 'startsAt=2026-11-01T00%3A00%3A00Z&endsAt=2026-11-30T00%3A00%3A00Z&reason=x');
    expect(form.status).toBe(403);
    expect(JSON.parse(form.body)).toMatchObject({ code: 'cross_origin' });
    const outages = await lead.get<unknown[]>('/api/registers/outages');
    expect(outages.body).toEqual([]);
    const page = await auditor.get<AuditPage>('/api/audit?action=auth.denied');
    const reasons = page.body.entries.map((e) => e.detail?.reason);
    expect(reasons).toEqual(expect.arrayContaining(['csrf', 'cross_origin']));
  });

  it('locks an account after 5 wrong passwords: the 6th attempt is refused even with the right password', async () => {
    const user = await stack.createUser(['planner']);
    const attempt = (password: string) => fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password }) });
    for (let i = 0; i < 5; i++) {
      const res = await attempt('Wrong-password-1');
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_credentials');
    }
    const sixth = await attempt(user.password);
    expect(sixth.status).toBe(401);
    const body = (await sixth.json()) as { code: string; message: string };
    expect(body.code).toBe('account_locked');
    expect(body.message).toMatch(/15 min/);
    // An unknown login gets the same answer as a wrong password.
    const unknown = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'nobody-here', password: 'x' }) });
    expect(await unknown.json()).toMatchObject({ code: 'invalid_credentials', message: 'wrong login name or password' });
    const trail = await auditor.get<AuditPage>(`/api/audit?action=auth.lockout&actor=${user.login}`);
    expect(trail.body.entries).toHaveLength(1);
    // The administrator's reset unlocks (with a temporary password).
    const users = await admin.get<{ id: number; login: string; lockedUntil: string | null }[]>('/api/users');
    const row = users.body.find((u) => u.login === user.login)!;
    expect(row.lockedUntil).not.toBeNull();
    const temporary = strongPassword();
    expect((await admin.send('POST', `/api/users/${row.id}/password`, { password: temporary })).status).toBe(200);
    const back = await signInAs(stack.baseUrl, user.login, temporary);
    expect((await back.get<SessionInfo>('/api/auth/me')).body.user.mustChangePassword).toBe(true);
  });

  it('forces the change of a temporary password, refuses reuse, and ends the other sessions', async () => {
    const user = await stack.createUser(['shift_lead'], { temporary: true });
    const first = await signInAs(stack.baseUrl, user.login, user.password);
    const second = await signInAs(stack.baseUrl, user.login, user.password);
    const blocked = await first.get<{ code: string }>('/api/kpi?from=2026-12-01&to=2026-12-01');
    expect([blocked.status, blocked.body.code]).toEqual([403, 'password_change_required']);
    const reuse = await first.send<{ code: string; field: string }>('POST', '/api/auth/password', { currentPassword: user.password, newPassword: user.password });
    expect([reuse.status, reuse.body.code, reuse.body.field]).toEqual([400, 'password_reused', 'newPassword']);
    const weak = await first.send<{ field: string }>('POST', '/api/auth/password', { currentPassword: user.password, newPassword: 'short' });
    expect([weak.status, weak.body.field]).toEqual([400, 'newPassword']);
    const fresh = strongPassword();
    const changed = await first.send<SessionInfo>('POST', '/api/auth/password', { currentPassword: user.password, newPassword: fresh });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await first.get('/api/kpi?from=2026-12-01&to=2026-12-01')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a revoked session at once, its socket included', async () => {
    const lead = await stack.signIn(['shift_lead']);
    const { socket, error } = await connect(stack, lead.cookie);
    sockets.push(socket);
    expect(error).toBeUndefined();
    const ended = new Promise<unknown>((resolve) => socket.once('session:ended', resolve));
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const sessions = await admin.get<SessionView[]>('/api/sessions');
    const mine = sessions.body.filter((s) => s.login === lead.login);
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(sessions.body)).not.toContain(lead.cookie.split('=')[1].slice(4, 20)); // handles, never ids
    expect((await admin.send('DELETE', `/api/sessions/${mine[0].id}`)).status).toBe(204);
    expect(await ended).toEqual({ reason: 'revoked' });
    await disconnected;
    expect((await lead.get('/api/kpi?from=2026-12-01&to=2026-12-01')).status).toBe(401);
    const trail = await auditor.get<AuditPage>('/api/audit?action=revokeSession');
    expect(trail.body.entries[0]).toMatchObject({ actorLogin: admin.login, outcome: 'ok' });
  });

  it('lets a supplier manager administer only the supplier side, and no one lock herself out', async () => {
    const manager = await stack.signIn(['manager']);
    const agent = await manager.send<{ id: number; mustChangePassword: boolean }>('POST', '/api/users', { login: 'agent.wang', displayName: '王坐席', roles: ['agent'], agentId: 'A-1001', password: strongPassword() });
    expect(agent.status).toBe(201);
    expect(agent.body.mustChangePassword).toBe(true);
    const bureau = await manager.send<{ code: string; field: string }>('POST', '/api/users', { login: 'police.li', displayName: '李', roles: ['bureau'], password: strongPassword() });
    expect([bureau.status, bureau.body.code, bureau.body.field]).toEqual([403, 'role_not_assignable', 'roles']);
    const duplicate = await manager.send<{ code: string }>('POST', '/api/users', { login: 'Agent.Wang', displayName: 'x', roles: ['agent'], password: strongPassword() });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'login_taken']);
    const badPolicy = await admin.send<{ field: string }>('POST', '/api/users', { login: 'weak.one', displayName: 'x', roles: ['planner'], password: 'password' });
    expect([badPolicy.status, badPolicy.body.field]).toEqual([400, 'password']);
    const self = await admin.send<{ code: string }>('PATCH', `/api/users/${admin.userId}`, { active: false });
    expect([self.status, self.body.code]).toEqual([409, 'self_lockout']);
    // Writes are audited with their author, before and after.
    const edit = await manager.send('PATCH', `/api/users/${agent.body.id}`, { displayName: '王小坐席' });
    expect(edit.status).toBe(200);
    const trail = await auditor.get<AuditPage>('/api/audit?action=updateUser');
    const entry = trail.body.entries[0];
    expect(entry).toMatchObject({ actorLogin: manager.login, outcome: 'ok', target: 'agent.wang' });
    expect(entry.detail).toMatchObject({ before: { displayName: '王坐席' }, after: { displayName: '王小坐席' } });
    const creation = (await auditor.get<AuditPage>('/api/audit?action=createUser')).body.entries[0];
    expect(JSON.stringify(creation.detail)).toContain('[redacted]');
  });

  it('survives hostile input: a body nested 6,000 deep, NUL characters; answers are never cached', async () => {
    const planner = await stack.signIn(['planner']);
    const deep = await planner.fetch('/api/erlang/c', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(6000) + ']'.repeat(6000) });
    expect(deep.status).toBe(400);
    expect((await fetch(`${stack.baseUrl}/api/health`)).status).toBe(200);
    const nul = await planner.send<{ field: string }>('POST', '/api/erlang/c', { arrivalsPerHour: 10, ahtSeconds: 180, agents: 3, note: 'a\u0000b' });
    expect([nul.status, nul.body.field]).toEqual([400, 'note']);
    const nulLogin = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin\u0000', password: 'x' }) });
    expect(nulLogin.status).toBe(400);
    const nulQuery = await auditor.get<{ field: string }>('/api/audit?actor=%00');
    expect([nulQuery.status, nulQuery.body.field]).toEqual([400, 'actor']);
    expect((await planner.get('/api/auth/me')).headers.get('cache-control')).toBe('no-store');
    // The API's log never holds a session cookie or a CSRF token.
    expect(stack.logs()).not.toContain(planner.cookie.split('=')[1]);
    expect(stack.logs()).not.toContain(planner.csrfToken);
  });

  it('keeps administration and audit apart: admin and auditor hold no other role', async () => {
    const both = await admin.send<{ field: string }>('POST', '/api/users', { login: 'admin.audit', displayName: 'x', roles: ['admin', 'auditor'], password: strongPassword() });
    expect([both.status, both.body.field]).toEqual([400, 'roles']);
    const more = await admin.send<{ field: string }>('PATCH', `/api/users/${admin.userId}`, { roles: ['admin', 'manager'] });
    expect([more.status, more.body.field]).toEqual([400, 'roles']);
  });

  it('ends the session a user revokes herself', async () => {
    const own = await stack.signIn(['admin']);
    const sessions = await own.get<SessionView[]>('/api/sessions');
    const mine = sessions.body.find((s) => s.login === own.login)!;
    expect((await own.send('DELETE', `/api/sessions/${mine.id}`)).status).toBe(204);
    expect((await own.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session unused for the idle timeout', async () => {
    const quick = await createStack('idle');
    try {
      await quick.startApi({ HOTLINE_IDLE_TIMEOUT_MINUTES: '0.05' }); // 3 s
      const lead = await quick.signIn(['shift_lead']);
      expect((await lead.get('/api/auth/me')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await lead.get('/api/auth/me')).status).toBe(200); // activity renews it
      await new Promise((r) => setTimeout(r, 4500));
      expect((await lead.get('/api/auth/me')).status).toBe(401);
    } finally {
      await quick.stop();
    }
  }, 60_000);
});

