import { z } from 'zod';
import { LiveSnapshot } from './live';
import type { Access } from './permissions';
import { DeskState } from './requests';

/**
 * One Socket.IO event the server emits: its name, the permission a console needs to receive it, and its payload.
 * A socket connects only with a valid session; it joins the room of each event its permissions allow.
 */
export interface SocketEventDef<S extends z.ZodType = z.ZodType> {
  name: string;
  /** A socket has a session: never `intake-key` (signed HTTP requests only). */
  access: Exclude<Access, 'intake-key'>;
  summary: string;
  payload: S;
}

/** Events the server pushes to consoles. */
export const SOCKET_EVENTS = {
  snapshot: { name: 'kpi:snapshot', access: 'live.read', summary: 'The live floor snapshot, on connection and after every change (at most every 250 ms).', payload: LiveSnapshot },
  deskUpdate: { name: 'desk:update', access: 'requests.register', summary: "The agent desk's state (GET /api/desk), sent only to the sockets of the user whose agent id the feed's change touched (within about 2 s, at most once a second per agent).", payload: DeskState },
  sessionEnded: { name: 'session:ended', access: 'session', summary: 'The session ended (signed out, revoked, expired): the socket is disconnected next.', payload: z.object({ reason: z.enum(['logout', 'revoked', 'expired', 'disabled', 'password']) }) },
} as const satisfies Record<string, SocketEventDef>;
