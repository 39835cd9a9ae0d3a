import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Permission, SessionInfo } from '@hotline/contracts';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '../api';
import { authApi } from '../api-auth';

/** Why the console is back on the sign-in page: a `session:ended` reason, or a 401 in the middle of work. */
export type EndReason = 'logout' | 'revoked' | 'expired' | 'disabled' | 'password';

/** What a route needs: a permission, any of several, any signed-in user (`session`) or nobody (`public`). */
export type RouteAccess = Permission | readonly Permission[] | 'session' | 'public';

/** sessionStorage key of the notice the sign-in page shows after a reload (why the session ended). */
const NOTICE_KEY = 'hotline.sessionNotice';

/**
 * The signed-in user: who she is, her permissions and the CSRF token (from `POST /api/auth/login` or
 * `GET /api/auth/me`). The pages, the nav and the live socket read it to show only what the roles allow (the API
 * enforces the same matrix). A session that ends — sign-out, an admin's revocation, expiry, a 401 — reloads the
 * console on the sign-in page, so nothing the previous user saw stays in memory.
 */
export const useSessionStore = defineStore('session', () => {
  const info = shallowRef<SessionInfo | null>(null);
  /** True once the first `GET /api/auth/me` answered (the router waits for it). */
  const loaded = ref(false);
  /** Set while this tab signs out, so the socket's own `session:ended` is not shown as an interruption. */
  let leaving = false;
  let loading: Promise<void> | null = null;

  const user = computed(() => info.value?.user ?? null);
  const permissions = computed(() => new Set<Permission>(info.value?.permissions ?? []));
  /** True when signed in with a password that must be changed first (then only the account page opens). */
  const mustChangePassword = computed(() => info.value?.user.mustChangePassword === true);

  /** True when the session holds the permission. */
  function can(permission: Permission): boolean {
    return permissions.value.has(permission);
  }

  /** True when the session may open something that needs `access` (a list: any one of them). */
  function allows(access: RouteAccess | undefined): boolean {
    if (access === undefined || access === 'public') return true;
    if (!info.value) return false;
    if (access === 'session') return true;
    return typeof access === 'string' ? can(access) : access.some(can);
  }

  /** Keeps the session and hands its CSRF token to the API's requests (null: signed out). */
  function set(next: SessionInfo | null): void {
    info.value = next;
    setCsrfToken(next?.csrfToken ?? null);
  }

  /** Back to the sign-in page with a fresh page (every store emptied), showing why. */
  function end(reason: EndReason): void {
    if (leaving || !info.value) return;
    leaving = true;
    sessionStorage.setItem(NOTICE_KEY, reason);
    set(null);
    window.location.replace(`${window.location.pathname}${window.location.search}#/login`);
    window.location.reload();
  }

  setUnauthorizedHandler(() => end('expired'));

  /**
   * Asks the API who is signed in (once; later calls wait for the same answer). A 401 leaves the console signed out;
   * so does an API that cannot be reached (the sign-in page then says so when the user tries).
   */
  function load(): Promise<void> {
    loading ??= authApi
      .me()
      .then((me) => set(me))
      .catch(() => set(null))
      .finally(() => (loaded.value = true));
    return loading;
  }

  /** Checks that the session still holds (after the live socket was refused): a 401 ends it. */
  async function verify(): Promise<void> {
    if (!info.value) return;
    try {
      set(await authApi.me());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) end('expired');
    }
  }

  /**
   * Signs in.
   * @throws ApiError 401 `invalid_credentials` / `account_locked`, 400, RateLimitedError (429).
   */
  async function login(login: string, password: string): Promise<SessionInfo> {
    const next = await authApi.login({ login, password });
    set(next);
    loaded.value = true;
    return next;
  }

  /** Signs out (the server ends the session and its sockets) and reloads on the sign-in page. */
  async function logout(): Promise<void> {
    leaving = true;
    try {
      await authApi.logout();
    } finally {
      sessionStorage.setItem(NOTICE_KEY, 'signedOut');
      set(null);
      window.location.replace(`${window.location.pathname}${window.location.search}#/login`);
      window.location.reload();
    }
  }

  /**
   * Why the last session ended (shown once by the sign-in page), then forgotten. Null while this page is being
   * reloaded (the sign-in page may mount before the reload happens: the notice is for the reloaded page).
   */
  function takeNotice(): EndReason | 'signedOut' | null {
    if (leaving) return null;
    const notice = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return notice === 'signedOut' || notice === 'logout' || notice === 'revoked' || notice === 'expired' || notice === 'disabled' || notice === 'password' ? notice : null;
  }

  return { info, loaded, user, permissions, mustChangePassword, can, allows, set, load, verify, login, logout, end, takeNotice };
});
