import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { computed, ref, shallowRef } from 'vue';
import { API, FloorAttention, Readiness, SOCKET_EVENTS } from '@hotline/contracts';
import type { LiveSnapshot } from '@hotline/kpi';
import { type EndReason, useSessionStore } from './session';

/** Wait before opening a refused socket again while the session still holds (milliseconds). */
const RETRY_MS = 5_000;
/** How often the console asks `GET /api/health/ready` while the socket is wanted (milliseconds). */
const READY_POLL_MS = 10_000;
/** A readiness answer slower than this counts as none (milliseconds). */
const READY_WAIT_MS = 8_000;
/**
 * A live feed's snapshot is pushed every second (the API's LiveGateway): none for this long (milliseconds) while the
 * snapshot's clock runs with the wall clock means the data stopped (the feed or the push is stuck).
 */
export const SNAPSHOT_SILENCE_MS = 10_000;
/** A snapshot whose clock is within this of the browser's (milliseconds) is of a live feed (a replay's clock is not). */
const LIVE_CLOCK_MS = 5 * 60_000;

/**
 * `GET /api/health/ready` without the session cookie (the route is public, and a Redis that does not answer would
 * hold a request that looks its session up): the parsed answer, 200 or 503 alike; null when the API did not answer
 * in time or answered something else.
 */
async function fetchReadiness(): Promise<Readiness | null> {
  try {
    const res = await fetch(API.healthReady.path, { credentials: 'omit', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(READY_WAIT_MS) });
    const parsed = Readiness.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The live floor: the latest snapshot pushed by the API over Socket.IO (`kpi:snapshot`). The socket rides on the
 * session cookie, so it is opened only for a signed-in user holding `live.read` (the server refuses others) and
 * closed at sign-out; the server's `session:ended` (signed out elsewhere, revoked, expired, disabled) sends the
 * console to the sign-in page. While the socket is wanted, the API's readiness (Postgres, Redis, the feed) is asked
 * every 10 s: the connection badge shows a warning naming the failing parts (`readiness.failing`). Pages listen to
 * other events of the same socket with `listen` (the agent desk's `desk:update`) and re-read their state when
 * `connections` grows (a reconnection may have missed pushes).
 *
 * Stale data (数据已中断): the figures are stale while the socket is down, or when a live feed's snapshot (its clock
 * within 5 minutes of the browser's) has not arrived for {@link SNAPSHOT_SILENCE_MS}: `staleSince` is then the moment
 * the last snapshot arrived (browser clock, ms), null while fresh. `now` ticks every second for durations that count.
 * What needs attention now comes with the same socket (`floor:attention`, `attention`).
 */
export const useLiveStore = defineStore('live', () => {
  const snapshot = shallowRef<LiveSnapshot | null>(null);
  /** What needs attention now (the latest `floor:attention`). */
  const attention = shallowRef<FloorAttention | null>(null);
  /** When the latest snapshot arrived (browser clock, epoch ms). */
  const receivedAt = ref(0);
  /** When the socket went down (epoch ms), null while it is up. */
  const downSince = ref<number | null>(null);
  /** The browser's clock, ticking every second (durations and the stale banner count with it). */
  const now = ref(Date.now());
  setInterval(() => (now.value = Date.now()), 1000);
  const connected = ref(false);
  const updates = ref(0);
  /** The last readiness answer (null: none yet, or the API did not answer it). */
  const readiness = shallowRef<Readiness | null>(null);
  let socket: Socket | undefined;
  let readyTimer: ReturnType<typeof setInterval> | undefined;
  /** Counts the socket's connections (the first and every reconnection): a page re-reads what it may have missed. */
  const connections = ref(0);
  /** Handlers of other events pages listen to (the desk's `desk:update`), attached to every socket opened. */
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  /**
   * Listens to one server event on the live socket (now and after any reconnection or re-opening).
   * @returns the function that stops listening (a page calls it when it unmounts).
   */
  function listen(name: string, handler: (payload: unknown) => void): () => void {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(handler);
    socket?.on(name, handler);
    return () => {
      set.delete(handler);
      socket?.off(name, handler);
    };
  }

  /** Asks for readiness now; an answer arriving after a disconnect is dropped. */
  function pollReadiness(): void {
    const timer = readyTimer;
    void fetchReadiness().then((answer) => {
      if (readyTimer === timer) readiness.value = answer;
    });
  }

  /** Opens the socket (a new connection, so it carries the current session's cookie); no-op when open. */
  function connect(): void {
    if (socket) return;
    const session = useSessionStore();
    const s = io({ path: '/socket.io', transports: ['websocket', 'polling'], forceNew: true });
    socket = s;
    readyTimer = setInterval(pollReadiness, READY_POLL_MS);
    pollReadiness();
    for (const [name, handlers] of listeners) for (const handler of handlers) s.on(name, handler);
    s.on('connect', () => {
      connected.value = true;
      downSince.value = null;
      connections.value += 1;
    });
    s.on('disconnect', () => {
      connected.value = false;
      downSince.value = Date.now();
    });
    // Refused by the server (no session, or it ended while the socket was away; Socket.IO does not retry that by
    // itself, unlike a network fault): ask the API whether the session still holds — a 401 signs the console
    // out — and if it does, try the socket again a little later.
    s.on('connect_error', () => {
      if (s.active) return;
      void session.verify().then(() => {
        if (!session.user) return;
        setTimeout(() => {
          if (socket === s && !s.connected) s.connect();
        }, RETRY_MS);
      });
    });
    s.on(SOCKET_EVENTS.snapshot.name, (next: LiveSnapshot) => {
      snapshot.value = next;
      receivedAt.value = Date.now();
      updates.value += 1;
    });
    s.on(SOCKET_EVENTS.attention.name, (payload: unknown) => {
      const parsed = FloorAttention.safeParse(payload);
      if (parsed.success) attention.value = parsed.data;
    });
    s.on(SOCKET_EVENTS.sessionEnded.name, (payload: unknown) => {
      const parsed = SOCKET_EVENTS.sessionEnded.payload.safeParse(payload);
      const reason: EndReason = parsed.success ? parsed.data.reason : 'expired';
      disconnect();
      session.end(reason);
    });
  }

  /** Closes the socket and forgets the snapshot (signed out, or the role lost `live.read`). */
  function disconnect(): void {
    socket?.disconnect();
    socket = undefined;
    clearInterval(readyTimer);
    readyTimer = undefined;
    readiness.value = null;
    connected.value = false;
    downSince.value = null;
    snapshot.value = null;
    attention.value = null;
  }

  /** True when the snapshot's clock runs with the browser's (a live feed, pushed every second). */
  const liveClock = computed(() => snapshot.value !== null && Math.abs(Date.parse(snapshot.value.asOf) - receivedAt.value) < LIVE_CLOCK_MS);

  /** Since when the figures are stale (epoch ms of the last snapshot, or of the disconnection before any), null while fresh. */
  const staleSince = computed<number | null>(() => {
    if (downSince.value !== null) return receivedAt.value || downSince.value;
    if (liveClock.value && now.value - receivedAt.value > SNAPSHOT_SILENCE_MS) return receivedAt.value;
    return null;
  });

  /** The feed's clock now (epoch ms): the snapshot's, running on with the browser's while the feed is live and fresh. */
  const feedNow = computed(() => {
    const snap = snapshot.value;
    if (!snap) return now.value;
    const asOf = Date.parse(snap.asOf);
    return liveClock.value && staleSince.value === null ? asOf + Math.max(0, now.value - receivedAt.value) : asOf;
  });

  return { snapshot, attention, connected, connections, updates, readiness, now, receivedAt, staleSince, feedNow, connect, disconnect, listen };
});
