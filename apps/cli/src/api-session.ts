import { API, ERROR_TEXTS, ErrorCode, ROLE_LABELS, type SessionInfo } from '@hotline/contracts';
import { ApiNotAllowedError, CliError, CliUsageError, type Reason, say } from './cli-error';
import { type ApiEnv, defaultApiUrl } from './config';

export { ApiNotAllowedError, NOT_ALLOWED_EXIT_CODE } from './cli-error';

/** The account a command suggests when it has none, or when the API refuses the one it has. */
export const DEFAULT_ACCOUNT_HINT = say("a planner's account", `${ROLE_LABELS.planner['zh-CN']}账号`);

/** A fetch of an API path that carries the session cookie and the CSRF token. */
export type ApiFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** The JSON of an API error (`{ statusCode, code, message, field? }`); any of it may be missing. */
interface ApiErrorBody {
  code?: string;
  message?: string;
  field?: string;
}

/** What the API said, in Chinese: the code's text in the contract (ERROR_TEXTS) when known, else its own message. */
function apiSaidZh(body: ApiErrorBody, statusText: string): string {
  const code = ErrorCode.safeParse(body.code);
  return code.success ? ERROR_TEXTS['zh-CN'][code.data] : (body.message ?? statusText);
}

/** "cannot reach the API at ..." as a failure (exit 1). */
export function unreachable(base: string, error: unknown): CliError {
  const why = error instanceof Error ? error.message : String(error);
  return new CliError(say(`cannot reach the API at ${base}: ${why}`, `无法连接 API（${base}）：${why}`));
}

/**
 * Signs in to the API as the account named by HOTLINE_API_LOGIN with the password in HOTLINE_API_PASSWORD
 * (environment only: a password never goes on the command line), for the commands that read the API.
 * @param accountHint - the kind of account that fits the command (`a planner's account`, ...), named in the messages.
 * @returns a fetch of an API path (with optional method, headers and body) that carries the session cookie and the
 *   CSRF token.
 * @throws CliUsageError when the variables are missing; ApiNotAllowedError (exit 3) when the API refuses the
 *   sign-in (401/403); CliError (exit 1) when the API cannot be reached or answers otherwise.
 */
export async function apiSession(base: string, env: ApiEnv, accountHint: Reason = DEFAULT_ACCOUNT_HINT): Promise<ApiFetch> {
  const login = env.HOTLINE_API_LOGIN;
  const password = env.HOTLINE_API_PASSWORD;
  if (!login || !password) {
    throw new CliUsageError(
      say(
        `the API needs a signed-in account: set HOTLINE_API_LOGIN and HOTLINE_API_PASSWORD (e.g. ${accountHint.en})`,
        `API 需要已登录的账号：请设置 HOTLINE_API_LOGIN 和 HOTLINE_API_PASSWORD（例如${accountHint['zh-CN']}）`,
      ),
    );
  }
  let res: Response;
  try {
    res = await fetch(new URL(API.login.path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  } catch (error) {
    throw unreachable(base, error);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<SessionInfo> & ApiErrorBody;
  const refused = say(`the API refused the sign-in of ${login}: ${body.message ?? res.statusText}`, `API 拒绝了 ${login} 的登录：${apiSaidZh(body, res.statusText)}`);
  if (res.status === 401 || res.status === 403) {
    throw new ApiNotAllowedError(say(`${refused.en} (this command needs ${accountHint.en})`, `${refused['zh-CN']}（此命令需要${accountHint['zh-CN']}）`), res.status);
  }
  if (!res.ok) throw new CliUsageError(refused);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hotline.sid='));
  if (!cookie || !body.csrfToken) throw new CliError(say('the API answered the sign-in without a session', 'API 对登录的应答中没有会话'));
  const csrf = body.csrfToken;
  const call: ApiFetch = (path, init = {}) => fetch(new URL(path, base), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie, 'x-csrf-token': csrf } });
  openSessions.add(() => call(API.logout.path, { method: 'POST' }).then(() => undefined));
  return call;
}

/**
 * The API base of a command (`--api-url`, else {@link defaultApiUrl}) and a signed-in session on it.
 * @throws CliUsageError when the address is not a URL; as {@link apiSession} otherwise.
 */
export async function openApi(apiUrl: string | undefined, env: ApiEnv, accountHint: Reason = DEFAULT_ACCOUNT_HINT): Promise<{ base: string; fetchApi: ApiFetch }> {
  const base = checkedApiUrl(apiUrl, env);
  return { base, fetchApi: await apiSession(base, env, accountHint) };
}

/** `--api-url` (else the default) checked to be a URL. @throws CliUsageError otherwise. */
export function checkedApiUrl(apiUrl: string | undefined, env: ApiEnv): string {
  const base = apiUrl ?? defaultApiUrl(env);
  try {
    new URL(base);
  } catch {
    throw new CliUsageError(say(`--api-url "${base}" is not a URL`, `--api-url "${base}" 不是 URL`));
  }
  return base;
}

/**
 * The error an API answer that is not ok means: 401/403 "not allowed" (ApiNotAllowedError, exit 3, naming the account
 * that fits), another 4xx the user's (CliUsageError, exit 2, with the API's message and field; the code translated
 * for zh-CN), anything else ours (CliError, exit 1).
 */
export function apiRefusal(status: number, statusText: string, body: ApiErrorBody, accountHint: Reason = DEFAULT_ACCOUNT_HINT): CliError {
  const zh = apiSaidZh(body, statusText);
  if (status === 401 || status === 403) {
    return new ApiNotAllowedError(
      say(`not allowed (${status}): ${body.message ?? statusText} (this command needs ${accountHint.en})`, `无权操作（${status}）：${zh}（此命令需要${accountHint['zh-CN']}）`),
      status,
    );
  }
  const field = body.field ? ` [${body.field}]` : '';
  if (status >= 400 && status < 500) return new CliUsageError(say(`the API refused (${status}): ${body.message ?? statusText}${field}`, `API 拒绝了请求（${status}）：${zh}${field}`));
  return new CliError(say(`the API answered ${status}: ${body.message ?? statusText}`, `API 应答 ${status}：${zh}`));
}

/** The API's JSON answer, or the error it means ({@link apiRefusal}). */
export async function apiAnswer<T>(res: Response, accountHint: Reason = DEFAULT_ACCOUNT_HINT): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & ApiErrorBody;
  if (!res.ok) throw apiRefusal(res.status, res.statusText, body, accountHint);
  return body;
}

/** The bytes of an API answer (a document, a workbook), or the error it means ({@link apiRefusal}). */
export async function apiBytes(res: Response, accountHint: Reason = DEFAULT_ACCOUNT_HINT): Promise<Buffer> {
  if (res.ok) return Buffer.from(await res.arrayBuffer());
  const body = (await res.json().catch(() => ({}))) as ApiErrorBody;
  throw apiRefusal(res.status, res.statusText, body, accountHint);
}

/** Sign-outs of the sessions {@link apiSession} opened in this process (a command's session ends with the command). */
const openSessions = new Set<() => Promise<void>>();

/**
 * Signs out every session this process opened (the CLI's last step, on success and on failure), within 5 s; a
 * sign-out that fails (the API gone) is left to the session's idle timeout. Never throws.
 */
export async function signOutAll(): Promise<void> {
  const pending = [...openSessions].map((signOut) => signOut().catch(() => undefined));
  openSessions.clear();
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 5000).unref())]);
}
