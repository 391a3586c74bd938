// The live link: one Socket.IO connection per page, authenticated by the session cookie.
// On every (re)connect it subscribes to its rooms with `since` = the highest seq applied,
// so the server replays what was missed; envelopes with seq <= that are duplicates and are
// dropped. `resync` (the gap is too old) asks every page to reload its snapshot. Ephemeral
// pushes (e.g. card:read) have no seq: dispatched once, never replayed. The workstation is
// the browser's server-side binding (its cookie), not something this link claims.
// socket.io-client is imported when the link first starts: the sign-in page loads without it.
import { signal } from '@preact/signals';
import type { Socket } from 'socket.io-client';
import {
  SOCKET,
  type EnvelopeOf,
  type EphemeralEnvelope,
  type EventEnvelope,
  type LiveEventName,
  type SubscribeReply,
} from '../../core/contract.js';

/** off: not started; connecting: first connect; up; down: lost, reconnecting; recovered: back and caught up. */
export type LinkState = 'off' | 'connecting' | 'up' | 'down' | 'recovered';
export const linkState = signal<LinkState>('off');

type Listener = (env: EventEnvelope) => void;
const listeners = new Map<string, Set<Listener>>();
const resyncListeners = new Set<() => void>();
/** joinRooms callbacks waiting for the next subscription's answer (the link was down). */
const pendingJoins: Array<() => void> = [];

let socket: Socket | null = null;
let client: Promise<typeof import('socket.io-client')> | null = null;
/** Bumped by every stop: a client that arrives after a stop (or a newer start) opens nothing. */
let generation = 0;
let lastSeq: number | null = null;
let rooms: string[] = [];
let wasDown = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let recoveredTimer: ReturnType<typeof setTimeout> | undefined;
let retries = 0;
let hooks: { sessionEnded: () => void; refused: () => Promise<boolean> } = {
  sessionEnded: () => undefined,
  refused: async () => true,
};

/**
 * Listen to one event (a name of the contract, e.g. EV.orderSigned) or '*' for all; returns the
 * unsubscribe function. The envelope's payload is typed by the name: `env.payload.orderId`, no cast.
 */
export function onEvent<K extends LiveEventName>(name: K, fn: (env: EnvelopeOf<K>) => void): () => void;
export function onEvent(name: '*', fn: Listener): () => void;
export function onEvent(name: string, fn: Listener): () => void {
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** Called when the server says the gap is too old: reload snapshots. */
export function onResync(fn: () => void): () => void {
  resyncListeners.add(fn);
  return () => resyncListeners.delete(fn);
}

function dispatch(env: EventEnvelope) {
  for (const fn of listeners.get(env.name) ?? []) fn(env);
  for (const fn of listeners.get('*') ?? []) fn(env);
}

function apply(env: EventEnvelope) {
  if (!env || typeof env.seq !== 'number') return;
  if (lastSeq !== null && env.seq <= lastSeq) return;
  lastSeq = env.seq;
  dispatch(env);
}

function markDown() {
  if (linkState.value === 'off') return;
  clearTimeout(recoveredTimer);
  wasDown = true;
  linkState.value = 'down';
}

function scheduleReconnect() {
  clearTimeout(retryTimer);
  const delay = Math.min(5000, 500 * 2 ** Math.min(retries, 4));
  retries++;
  retryTimer = setTimeout(() => socket?.connect(), delay);
}

function subscribe(s: Socket) {
  s.emit(SOCKET.subscribe, { rooms, since: lastSeq }, (reply: SubscribeReply) => {
    if (s !== socket) return;
    if (!reply.ok) {
      console.error('live link: subscribe refused', reply.error);
      return;
    }
    retries = 0;
    if (lastSeq === null || reply.resync) lastSeq = reply.lastSeq;
    const joined = pendingJoins.splice(0);
    for (const fn of joined) fn();
    if (reply.resync) for (const fn of resyncListeners) fn();
    if (wasDown) {
      wasDown = false;
      linkState.value = 'recovered';
      clearTimeout(recoveredTimer);
      recoveredTimer = setTimeout(() => {
        if (linkState.value === 'recovered') linkState.value = 'up';
      }, 4000);
    } else {
      linkState.value = 'up';
    }
  });
}

export function startLive(opts: {
  rooms: string[];
  sessionEnded: () => void;
  /** The server refused the socket: check the session; true = still signed in, retry. */
  refused: () => Promise<boolean>;
}): void {
  stopLive();
  rooms = opts.rooms;
  hooks = { sessionEnded: opts.sessionEnded, refused: opts.refused };
  linkState.value = 'connecting';
  const gen = generation;
  client ??= import('socket.io-client');
  client.then(
    ({ io }) => {
      if (gen === generation) open(io);
    },
    (e: unknown) => {
      client = null; // try again
      console.error('live link: the client did not load', e);
      if (gen !== generation) return;
      markDown();
      retryTimer = setTimeout(() => gen === generation && startLive(opts), 3000);
    },
  );
}

function open(io: typeof import('socket.io-client')['io']) {
  const s = io({
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    // One (re)connect attempt's limit. An attempt can get no answer at all (sent while the network
    // was down; a WebSocket closed while connecting with no error event): Socket.IO waits this long
    // before the next attempt (20 s by default, the desk stayed "down" that long after the server
    // was back). The server is on the LAN: its handshake takes milliseconds.
    timeout: 5000,
  });
  socket = s;
  s.on('connect', () => subscribe(s));
  s.on('disconnect', (reason) => {
    if (s !== socket) return;
    markDown();
    // The server closed us on purpose (it is shutting down): Socket.IO does not retry that itself.
    if (reason === 'io server disconnect') scheduleReconnect();
  });
  s.on('connect_error', () => {
    if (s !== socket) return;
    markDown();
    if (!s.active) {
      // Refused by the server's handshake check (session gone, or password change pending).
      void hooks.refused().then(
        (stillSignedIn) => {
          if (s === socket && stillSignedIn) scheduleReconnect();
        },
        () => s === socket && scheduleReconnect(),
      );
    }
  });
  s.on(SOCKET.event, apply);
  s.on(SOCKET.ephemeral, (e: EphemeralEnvelope) => {
    if (e && typeof e.name === 'string') dispatch({ seq: 0, name: e.name, at: e.at, payload: e.payload });
  });
  s.on(SOCKET.resync, () => {
    for (const fn of resyncListeners) fn();
  });
  s.on(SOCKET.sessionEnded, () => {
    if (s !== socket) return;
    stopLive();
    hooks.sessionEnded();
  });
}

/**
 * Joins more rooms on the running live link (a page that needs e.g. `pharmacy:3` only
 * while it is open). They are kept across reconnects; the server checks each one.
 * `onJoined` runs once the server has joined them (load a snapshot then, so no event
 * falls between the snapshot and the join). Returns a function that forgets them for the
 * next reconnect.
 */
export function joinRooms(extra: string[], onJoined?: () => void): () => void {
  const added = extra.filter((r) => !rooms.includes(r));
  if (added.length === 0) {
    if (onJoined) {
      if (socket?.connected && lastSeq !== null) onJoined();
      else pendingJoins.push(onJoined);
    }
    return () => undefined;
  }
  rooms = [...rooms, ...added];
  const s = socket;
  if (s?.connected) {
    s.emit(SOCKET.subscribe, { rooms: added, since: lastSeq }, (reply: SubscribeReply) => {
      if (!reply.ok) console.error('live link: subscribe refused', reply.error);
      else if (reply.resync) for (const fn of resyncListeners) fn();
      onJoined?.();
    });
  } else if (onJoined) {
    // Joined with the next (re)connect's subscription.
    pendingJoins.push(onJoined);
  }
  return () => {
    rooms = rooms.filter((r) => !added.includes(r));
  };
}

export function stopLive(): void {
  generation++;
  clearTimeout(retryTimer);
  clearTimeout(recoveredTimer);
  const s = socket;
  socket = null;
  s?.removeAllListeners();
  s?.disconnect();
  lastSeq = null;
  wasDown = false;
  retries = 0;
  linkState.value = 'off';
}
