/**
 * The API's answers when the request or the machine is not as expected, against the built API (child process, own
 * database and Redis prefix):
 * - a body of a type the endpoint does not take (text/plain, a form's urlencoded body) is 415
 *   `unsupported_media_type` naming the JSON it expects; file endpoints keep their own types; requests without a
 *   body are unaffected;
 * - while Postgres or Redis cannot be reached (a TCP proxy in front of each, closed under the running API: its
 *   connections dropped, new ones refused) every route answers 503 `database_unavailable` / `redis_unavailable`,
 *   not 500 `internal`, and the failure is logged once, without the driver's text.
 */
import { API, ErrorBody, KnowledgeImportResult } from '@hotline/contracts';
import { createStack, type ApiClient, type Stack } from './support/stack';
import { tcpProxy, via } from './support/tcp-proxy';

/** A request's status and error body (null when the answer is not an error body). */
async function answer(res: Promise<Response>): Promise<{ status: number; body: ErrorBody | null }> {
  const r = await res;
  const parsed = ErrorBody.safeParse(await r.json().catch(() => null));
  return { status: r.status, body: parsed.success ? parsed.data : null };
}

/**
 * The exception filter's lines (Nest logger context `HTTP`) in the API's log after its first `since` characters, once
 * there is one: the API's output comes over a pipe and may arrive after its answer (a moment more lets any later
 * line arrive too).
 */
async function httpLog(stack: Stack, since: number): Promise<string[]> {
  const lines = () => stack.logs().slice(since).split('\n').filter((line) => line.includes('"context":"HTTP"'));
  for (let i = 0; i < 100 && lines().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  return lines();
}

describe('the API under odd bodies and lost dependencies', () => {
  let stack: Stack;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    stack = await createStack('robust');
  });
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f().catch(() => undefined);
    await stack.killApi('SIGKILL');
  });
  afterAll(async () => stack?.stop());

  it('refuses a text or form body on a JSON endpoint with 415 naming application/json; files, JSON and bodiless requests pass', async () => {
    await stack.startApi();
    const manager = await stack.signIn(['manager']);
    const days = { from: '2026-11-02', to: '2026-11-02' };
    const post = (client: ApiClient, path: string, type: string, body: string) => answer(client.fetch(path, { method: 'POST', headers: { 'content-type': type }, body }));

    const text = await post(manager, API.reconcileRollups.path, 'text/plain', JSON.stringify(days));
    expect(text).toEqual({ status: 415, body: { statusCode: 415, code: 'unsupported_media_type', field: 'content-type', message: expect.stringMatching(/application\/json.*not text\/plain/) } });
    const form = await post(manager, API.reconcileRollups.path, 'application/x-www-form-urlencoded', new URLSearchParams(days).toString());
    expect(form).toMatchObject({ status: 415, body: { code: 'unsupported_media_type', field: 'content-type' } });
    // A public route too: a form posted from anywhere does not sign in.
    const user = await stack.createUser(['planner']);
    const formLogin = await answer(fetch(`${stack.baseUrl}${API.login.path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: user.login, password: user.password }).toString() }));
    expect(formLogin).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
    expect((await manager.send('POST', API.reconcileRollups.path, days)).status).toBe(200);

    // A file endpoint takes its own types (its contract's bodyContentType) and refuses others with its own words.
    const csv = '问题,应答口径,业务类型,关键词,来源文件,生效日期\r\n驾驶证丢了怎么办？,到车管所补领。,没有这个类型,,,\r\n';
    const file = await manager.fetch(`${API.importKnowledge.path}?dryRun=true&fileName=x.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(file.status).toBe(200);
    expect(KnowledgeImportResult.parse(await file.json())).toMatchObject({ dryRun: true });
    const wrongFile = await post(manager, `${API.importKnowledge.path}?dryRun=true&fileName=x.csv`, 'text/plain', csv);
    expect(wrongFile).toMatchObject({ status: 415, body: { code: 'unsupported_media_type', message: expect.stringContaining('text/csv') } });

    // No body: a GET and an empty POST are not asked for a type, whatever Content-Type says.
    expect((await manager.fetch(`${API.kpi.path}?from=2026-11-02&to=2026-11-02`, { headers: { 'content-type': 'text/plain' } })).status).toBe(200);
    const other = await stack.signIn(['planner']);
    expect((await other.fetch(API.logout.path, { method: 'POST', headers: { 'content-type': 'text/plain' } })).status).toBe(204);
  });

  it('refuses a JSON body that is not an object (null, a number, a string) as such, and a malformed one as not JSON, naming the body', async () => {
    await stack.startApi();
    const manager = await stack.signIn(['manager']);
    const post = (body: string) => answer(manager.fetch(API.reconcileRollups.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    for (const [body, what] of [['null', 'null'], ['42', 'number'], ['"2026-11-02"', 'string'], [' true ', 'boolean']]) {
      expect([body, await post(body)]).toEqual([body, { status: 400, body: { statusCode: 400, code: 'invalid_request', field: 'body', message: `the body must be a JSON object, not ${what}` } }]);
    }
    const malformed = await post('{"from": "2026-11-02",');
    expect(malformed).toMatchObject({ status: 400, body: { code: 'invalid_request', field: 'body', message: expect.stringMatching(/^the body is not valid JSON: /) } });
    // A public route too (no session needed to be told).
    const login = await answer(fetch(`${stack.baseUrl}${API.login.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' }));
    expect(login).toMatchObject({ status: 400, body: { field: 'body', message: 'the body must be a JSON object, not null' } });
  });

  it('answers 503 database_unavailable on every route while Postgres cannot be reached, and logs it once without the driver text', async () => {
    const pgUrl = new URL(stack.databaseUrl);
    const proxy = await tcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    cleanups.push(proxy.close);
    const since = stack.logs().length;
    await stack.startApi({ DATABASE_URL: via(stack.databaseUrl, proxy.port) });
    const manager = await stack.signIn(['manager']);
    // The pools hold connections (through the proxy) when the database goes away.
    expect((await manager.get(`${API.kpi.path}?from=2026-11-02&to=2026-11-02`)).status).toBe(200);
    await proxy.close();

    const down = { status: 503, body: { statusCode: 503, code: 'database_unavailable', message: expect.stringMatching(/database cannot be reached/) } };
    const timeout = () => AbortSignal.timeout(30_000);
    expect(await answer(manager.fetch(`${API.kpi.path}?from=2026-11-02&to=2026-11-02`, { signal: timeout() }))).toEqual(down);
    expect(await answer(manager.fetch(`${API.scoreMonth.path}?month=2026-11`, { signal: timeout() }))).toEqual(down);
    expect(await answer(manager.fetch(API.reconcileRollups.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '2026-11-02', to: '2026-11-02' }), signal: timeout() }))).toEqual(down);
    const user = await stack.createUser(['planner']);
    expect(await answer(fetch(`${stack.baseUrl}${API.login.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password: user.password }), signal: timeout() }))).toEqual(down);

    // The exception filter's log: one line for the four refusals, its codes only (no stack, no statement, no host).
    const lines = await httpLog(stack, since);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Postgres cannot be reached \([\w .]+\): answering 503/);
    expect(lines[0]).not.toMatch(/prisma|127\.0\.0\.1|SELECT/i);
  });

  it('answers 503 redis_unavailable to a signed-in request while Redis cannot be reached', async () => {
    const redisUrl = new URL(stack.env.REDIS_URL);
    const proxy = await tcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    cleanups.push(proxy.close);
    const since = stack.logs().length;
    await stack.startApi({ REDIS_URL: via(stack.env.REDIS_URL, proxy.port) });
    const lead = await stack.signIn(['shift_lead']);
    expect((await lead.get(`${API.kpi.path}?from=2026-11-02&to=2026-11-02`)).status).toBe(200);
    await proxy.close();

    const res = await answer(lead.fetch(`${API.kpi.path}?from=2026-11-02&to=2026-11-02`, { signal: AbortSignal.timeout(30_000) }));
    expect(res).toEqual({ status: 503, body: { statusCode: 503, code: 'redis_unavailable', message: expect.stringMatching(/Redis .*cannot be reached/) } });
    expect(await httpLog(stack, since)).toEqual([expect.stringMatching(/Redis cannot be reached \(\w+\): answering 503/)]);
  });
});
