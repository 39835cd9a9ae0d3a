import { API, type SessionInfo } from '@hotline/contracts';
import { CliUsageError } from './cli-error';

/**
 * The API answered 401 (not signed in, or the sign-in refused) or 403 (the account's roles do not allow the request).
 * A usage error for commands that do not tell it apart (exit 2); `hotline report` exits {@link NOT_ALLOWED_EXIT_CODE}.
 */
export class ApiNotAllowedError extends CliUsageError {
  override name = 'ApiNotAllowedError';
  constructor(
    message: string,
    /** The API's HTTP status: 401 or 403. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** Exit code of `hotline report` when the API answers 401 or 403 ("not allowed"; 2 is for usage mistakes). */
export const NOT_ALLOWED_EXIT_CODE = 3;

/** The account a command suggests when it has none, or when the API refuses the one it has. */
export const DEFAULT_ACCOUNT_HINT = "a planner's account";

/**
 * Signs in to the API as the account named by HOTLINE_API_LOGIN with the password in HOTLINE_API_PASSWORD
 * (environment only: a password never goes on the command line), for the commands that read the API.
 * @param accountHint - the kind of account that fits the command (`a planner's account`, `a supplier manager's or
 *   the bureau's account`), named in the messages.
 * @returns a fetch of an API path (with optional method, headers and body) that carries the session cookie and the
 *   CSRF token.
 * @throws CliUsageError when the variables are missing; ApiNotAllowedError (a CliUsageError) when the API refuses
 *   the sign-in (401/403); Error when the API cannot be reached or answers otherwise.
 */
export async function apiSession(
  base: string,
  env: Record<string, string | undefined>,
  accountHint: string = DEFAULT_ACCOUNT_HINT,
): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const login = env.HOTLINE_API_LOGIN;
  const password = env.HOTLINE_API_PASSWORD;
  if (!login || !password) throw new CliUsageError(`the API needs a signed-in account: set HOTLINE_API_LOGIN and HOTLINE_API_PASSWORD (e.g. ${accountHint})`);
  let res: Response;
  try {
    res = await fetch(new URL(API.login.path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  } catch (error) {
    throw new Error(`cannot reach the API at ${base}: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<SessionInfo> & { message?: string };
  if (res.status === 401 || res.status === 403) throw new ApiNotAllowedError(`the API refused the sign-in of ${login}: ${body.message ?? res.statusText} (this command needs ${accountHint})`, res.status);
  if (!res.ok) throw new CliUsageError(`the API refused the sign-in of ${login}: ${body.message ?? res.statusText}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hotline.sid='));
  if (!cookie || !body.csrfToken) throw new Error('the API answered the sign-in without a session');
  const csrf = body.csrfToken;
  const call = (path: string, init: RequestInit = {}) => fetch(new URL(path, base), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie, 'x-csrf-token': csrf } });
  openSessions.add(() => call(API.logout.path, { method: 'POST' }).then(() => undefined));
  return call;
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
