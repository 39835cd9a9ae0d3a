import { z } from 'zod';
import { FloorAttention } from './attention';
import { LiveSnapshot } from './live';
import type { Access } from './permissions';
import { DeskState } from './requests';
import { WallboardEnded, WallboardSnapshot } from './wallboard';

/**
 * One Socket.IO event the server emits: its name, the permission a console needs to receive it, and its payload.
 * A socket connects only with a valid session; it joins the room of each event its permissions allow.
 */
export interface SocketEventDef<S extends z.ZodType = z.ZodType> {
  name: string;
  /** A socket has a session: never `intake-key` (signed HTTP requests only) nor `wallboard-token` ({@link WALLBOARD_SOCKET_EVENTS}). */
  access: Exclude<Access, 'intake-key' | 'wallboard-token'>;
  summary: string;
  payload: S;
}

/** Events the server pushes to consoles. */
export const SOCKET_EVENTS = {
  snapshot: { name: 'kpi:snapshot', access: 'live.read', summary: 'The live floor snapshot, on connection and after every change (at most every 250 ms).', payload: LiveSnapshot },
  deskUpdate: { name: 'desk:update', access: 'requests.register', summary: "The agent desk's state (GET /api/desk), sent only to the sockets of the user whose agent id the feed's change touched (within about 2 s, at most once a second per agent).", payload: DeskState },
  attention: { name: 'floor:attention', access: 'live.read', summary: 'What needs attention now on the floor (GET /api/floor/attention): on connection, whenever the list or a measured value changes (evaluated every 2 s and after every change of the floor).', payload: FloorAttention },
  sessionEnded: { name: 'session:ended', access: 'session', summary: 'The session ended (signed out, revoked, expired): the socket is disconnected next.', payload: z.object({ reason: z.enum(['logout', 'revoked', 'expired', 'disabled', 'password']) }) },
} as const satisfies Record<string, SocketEventDef>;

/**
 * One event of the wallboard's Socket.IO namespace (`/wallboard`, WALLBOARD_NAMESPACE): a socket there connects with
 * a wallboard token (handshake `auth: { token }`), never a session, and receives only these events.
 */
export interface WallboardSocketEventDef<S extends z.ZodType = z.ZodType> {
  name: string;
  access: 'wallboard-token';
  summary: string;
  payload: S;
}

/** Events the server pushes to hall wallboards (namespace `/wallboard`). */
export const WALLBOARD_SOCKET_EVENTS = {
  snapshot: { name: 'wallboard:snapshot', access: 'wallboard-token', summary: "The wallboard's figures (GET /api/wallboard/snapshot), on connection and after every change (at most once a second).", payload: WallboardSnapshot },
  ended: { name: 'wallboard:ended', access: 'wallboard-token', summary: 'The token was revoked or expired: the socket is disconnected next.', payload: WallboardEnded },
} as const satisfies Record<string, WallboardSocketEventDef>;
