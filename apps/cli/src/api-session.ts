import { API, type SessionInfo } from '@hotline/contracts';
import { CliUsageError } from './cli-error';

/**
 * Signs in to the API as the account named by HOTLINE_API_LOGIN with the password in HOTLINE_API_PASSWORD
 * (environment only: a password never goes on the command line), for the commands that read the API.
 * @returns a fetch of an API path (with optional method, headers and body) that carries the session cookie and the
 *   CSRF token.
 * @throws CliUsageError when the variables are missing or the API refuses the sign-in.
 */
export async function apiSession(base: string, env: Record<string, string | undefined>): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const login = env.HOTLINE_API_LOGIN;
  const password = env.HOTLINE_API_PASSWORD;
  if (!login || !password) throw new CliUsageError('the API needs a signed-in account: set HOTLINE_API_LOGIN and HOTLINE_API_PASSWORD (e.g. a planner\'s account)');
  let res: Response;
  try {
    res = await fetch(new URL(API.login.path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  } catch (error) {
    throw new Error(`cannot reach the API at ${base}: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<SessionInfo> & { message?: string };
  if (!res.ok) throw new CliUsageError(`the API refused the sign-in of ${login}: ${body.message ?? res.statusText}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hotline.sid='));
  if (!cookie || !body.csrfToken) throw new Error('the API answered the sign-in without a session');
  const csrf = body.csrfToken;
  return (path: string, init: RequestInit = {}) => fetch(new URL(path, base), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie, 'x-csrf-token': csrf } });
}
