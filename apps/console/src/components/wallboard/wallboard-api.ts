import { io, type Socket } from 'socket.io-client';
import {
  API, WALLBOARD_NAMESPACE, WALLBOARD_SOCKET_EVENTS, WALLBOARD_TOKEN_HEADER, WallboardSnapshot, type BodyOf, type WallboardEnded,
} from '@hotline/contracts';
import { request as call } from '../../api';

/** sessionStorage key of the wallboard token of this tab (moved there from the address, which then loses it). */
export const WALLBOARD_TOKEN_KEY = 'hotline.wallboardToken';

/** The tokens' management (`wallboard.manage`), typed by the contract. */
export const wallboardTokensApi = {
  /** `GET /api/wallboard/tokens`. */
  list: () => call(API.listWallboardTokens),
  /** `POST /api/wallboard/tokens`: the answer holds the secret, once. 400 `expiresAt`. */
  create: (body: BodyOf<typeof API.createWallboardToken>) => call(API.createWallboardToken, { body }),
  /** `DELETE /api/wallboard/tokens/{id}`: 409 `already_revoked`. */
  revoke: (id: number) => call(API.revokeWallboardToken, { params: { id } }),
};

/** The wallboard's address for a token (hash route: the fragment never reaches the server or its logs). */
export function wallboardUrl(token: string): string {
  return `${window.location.origin}${window.location.pathname}#/wallboard?token=${encodeURIComponent(token)}`;
}

/** Why the wallboard cannot show figures: no token, or the API refused it. */
export class WallboardRefused extends Error {}

/**
 * `GET /api/wallboard/snapshot` with the token in its header (no cookie: the wallboard has no session).
 * @throws WallboardRefused on 401/403, Error on another failure (the API down: the screen keeps its last figures).
 */
export async function fetchWallboard(token: string): Promise<WallboardSnapshot> {
  const res = await fetch(API.wallboardSnapshot.path, { headers: { accept: 'application/json', [WALLBOARD_TOKEN_HEADER]: token }, credentials: 'omit' });
  if (res.status === 401 || res.status === 403) throw new WallboardRefused(String(res.status));
  if (!res.ok) throw new Error(`wallboard snapshot: ${res.status}`);
  return WallboardSnapshot.parse(await res.json());
}

/**
 * The wallboard's socket (namespace `/wallboard`, the token in the handshake): `onSnapshot` for each push,
 * `onRefused` when the server refuses the token (revoked, expired, unknown), `onState` for connected or not.
 */
export function openWallboardSocket(
  token: string,
  handlers: { onSnapshot(s: WallboardSnapshot): void; onRefused(reason: WallboardEnded['reason'] | 'invalid'): void; onState(connected: boolean): void },
): Socket {
  const socket = io(WALLBOARD_NAMESPACE, { path: '/socket.io', transports: ['websocket', 'polling'], forceNew: true, auth: { token }, withCredentials: false });
  socket.on('connect', () => handlers.onState(true));
  socket.on('disconnect', () => handlers.onState(false));
  socket.on('connect_error', (error: Error) => {
    handlers.onState(false);
    // refused by the handshake check: Socket.IO does not retry by itself; anything else (network) it does
    if (!socket.active) {
      if (error.message === 'invalid_token' || error.message === 'unauthenticated') handlers.onRefused('invalid');
      else setTimeout(() => socket.connect(), 5000);
    }
  });
  socket.on(WALLBOARD_SOCKET_EVENTS.snapshot.name, (payload: unknown) => {
    const parsed = WALLBOARD_SOCKET_EVENTS.snapshot.payload.safeParse(payload);
    if (parsed.success) handlers.onSnapshot(parsed.data);
  });
  socket.on(WALLBOARD_SOCKET_EVENTS.ended.name, (payload: unknown) => {
    const parsed = WALLBOARD_SOCKET_EVENTS.ended.payload.safeParse(payload);
    handlers.onRefused(parsed.success ? parsed.data.reason : 'revoked');
  });
  return socket;
}
