// Socket.IO: authenticates with the same session cookie as HTTP, lets a client join the
// rooms its user may see, replays what a reconnecting client missed (from event_log, in
// seq order), and publishes committed events to their rooms. The socket's workstation is the
// one its browser is bound to on the server (the workstation cookie); a handshake field naming
// a workstation is ignored. A handshake from a foreign Origin is refused.
import type http from 'node:http';
import type SQLite from 'better-sqlite3';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Actor } from '../http/actor.js';
import { pickLang } from '../../core/i18n.js';
import { SESSION_COOKIE, WORKSTATION_COOKIE } from '../http/cookies.js';
import type { AuthService } from '../modules/auth/index.js';
import type { WorkstationBindings } from '../modules/workstations/index.js';
import type { EventBus, StoredEvent } from './bus.js';
import {
  QUEUE_EVENTS,
  SOCKET,
  WORKSTATION_BINDING_CHANGED,
  type EphemeralEnvelope,
  type EventEnvelope,
  type SubscribeReply,
  type SubscribeRequest,
  type WorkstationBindingChangedPayload,
} from '../../core/contract.js';
import { canJoin, rooms } from './rooms.js';
import { DISPLAY_TOKEN_PATTERN, hashDisplayToken } from '../modules/display/index.js';

export const MAX_REPLAY = 5000;
const MAX_ROOMS_PER_REQUEST = 50;

interface SocketData {
  actor: Actor;
  /** The browser's workstation cookie at the handshake (re-resolved when bindings change). */
  workstationToken?: string;
  /** A waiting-room TV (handshake `auth: { displayToken }`): no user, only its own room. */
  display?: { id: number; tokenHash: string };
}

export interface Realtime {
  io: Server;
  connectedScreens(): number;
  close(): Promise<void>;
}

/**
 * Cross-site WebSocket hijacking: a page on another site can open a socket to this server and
 * the browser sends our cookies along. Same rule as HTTP (app.ts): when an Origin header is
 * present, its host must be the host the request was sent to (the Host header, or
 * X-Forwarded-Host with TRUST_PROXY); default ports are ignored; "null" and garbage are foreign.
 */
export function sameOriginHandshake(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || origin === '') return true;
  if (!host) return false;
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    const strip = (h: string) =>
      h
        .trim()
        .toLowerCase()
        .replace(/:(80|443)$/, '');
    return strip(u.host) === strip(host);
  } catch {
    return false;
  }
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v?.split(',')[0]);

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export function createRealtime(deps: {
  httpServer: http.Server;
  raw: SQLite.Database;
  bus: EventBus;
  auth: AuthService;
  /** The workstations module's bindings (workstation cookie → workstation); absent: no workstation. */
  workstations?: Pick<WorkstationBindings, 'resolve' | 'events'>;
  logger: Logger;
  sessionCheckMs?: number;
  /** As HTTP: behind a reverse proxy the host asked for is X-Forwarded-Host. */
  trustProxy?: boolean;
}): Realtime {
  const { raw, bus, auth, logger, workstations } = deps;
  const io = new Server(deps.httpServer, {
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = first(req.headers.origin);
      const host = (deps.trustProxy ? first(req.headers['x-forwarded-host']) : undefined) || req.headers.host;
      const ok = sameOriginHandshake(origin, host);
      if (!ok) logger.warn({ origin, host: req.headers.host }, 'socket handshake from a foreign origin refused');
      callback(ok ? null : 'foreign origin', ok);
    },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    cors: undefined,
  });

  const since = raw.prepare<[number, number]>(
    'SELECT seq, at, name, rooms_json, payload_json FROM event_log WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  // `ever` is the highest seq ever given (AUTOINCREMENT never reuses one): when pruning
  // emptied event_log, a client behind it must still be told to resync.
  const minSeq = raw.prepare(
    "SELECT min(seq) AS min, max(seq) AS max, (SELECT seq FROM sqlite_sequence WHERE name = 'event_log') AS " +
      'ever FROM event_log',
  );

  const displayByHash = raw.prepare<[string]>('SELECT id FROM displays WHERE token_hash = ? AND active = 1');
  const displayStillValid = (d: { id: number; tokenHash: string }) =>
    (displayByHash.get(d.tokenHash) as { id: number } | undefined)?.id === d.id;

  io.use(async (socket, next) => {
    try {
      const displayToken = (socket.handshake.auth as { displayToken?: unknown } | undefined)?.displayToken;
      if (displayToken !== undefined) {
        if (typeof displayToken !== 'string' || !DISPLAY_TOKEN_PATTERN.test(displayToken))
          return next(new Error('unauthorized'));
        const tokenHash = hashDisplayToken(displayToken);
        const row = displayByHash.get(tokenHash) as { id: number } | undefined;
        if (!row) return next(new Error('unauthorized'));
        (socket.data as SocketData).display = { id: row.id, tokenHash };
        return next();
      }
      const cookies = parseCookies(socket.handshake.headers.cookie);
      // The workstation comes from the browser's binding cookie only (never socket.handshake.auth).
      const workstationToken = cookies[WORKSTATION_COOKIE];
      const bound = workstations ? await workstations.resolve(workstationToken) : null;
      const workstationId = bound?.workstationId ?? null;
      const resolved = await auth.resolve(cookies[SESSION_COOKIE], {
        ip: socket.handshake.address || null,
        workstationId,
        userAgent: socket.handshake.headers['user-agent'] ?? null,
        lang: pickLang(undefined, socket.handshake.headers['accept-language']),
      });
      if (!resolved) return next(new Error('unauthorized'));
      if (resolved.mustChangePassword) return next(new Error('password_change_required'));
      (socket.data as SocketData).actor = { ...resolved, workstationId };
      if (workstationToken) (socket.data as SocketData).workstationToken = workstationToken;
      next();
    } catch (e) {
      logger.error({ err: e }, 'socket auth failed');
      next(new Error('unauthorized'));
    }
  });

  io.on('connection', (socket: Socket) => {
    const data = socket.data as SocketData;
    if (!data.display) {
      const { actor } = data;
      void socket.join([rooms.user(actor.userId), rooms.session(actor.sessionId)]);
      if (actor.workstationId) void socket.join(rooms.workstation(actor.workstationId));
    }
    const mayJoin = (r: string) => (data.display ? r === rooms.display(data.display.id) : canJoin(data.actor, r));

    socket.on(SOCKET.subscribe, (req: SubscribeRequest, ack?: (r: SubscribeReply) => void) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (!req || typeof req !== 'object' || !Array.isArray(req.rooms) || req.rooms.length > MAX_ROOMS_PER_REQUEST) {
        return reply({ ok: false, error: 'rooms must be an array of at most 50 room names' });
      }
      if (req.since !== null && req.since !== undefined && (!Number.isInteger(req.since) || req.since < 0)) {
        return reply({ ok: false, error: 'since must be a non-negative integer or null' });
      }
      const joined: string[] = [];
      const denied: string[] = [];
      for (const r of req.rooms) {
        if (typeof r === 'string' && r.length <= 64 && mayJoin(r)) joined.push(r);
        else denied.push(String(r).slice(0, 64));
      }
      // Synchronous from here to the end: no publish can interleave between the replay
      // query, the replay emits and the join, so nothing is lost; duplicates (an event
      // committed but not yet published) are dropped by the client by seq.
      const bounds = minSeq.get() as { min: number | null; max: number | null; ever: number | null };
      const lastSeq = Math.max(bounds.max ?? 0, bounds.ever ?? 0);
      let replayed = 0;
      let resync = false;
      if (req.since !== null && req.since !== undefined && req.since < lastSeq) {
        const oldest = bounds.min ?? lastSeq + 1;
        if (req.since < oldest - 1) {
          resync = true;
        } else {
          const rows = since.all(req.since, MAX_REPLAY + 1) as Array<{
            seq: number;
            at: number;
            name: string;
            rooms_json: string;
            payload_json: string;
          }>;
          if (rows.length > MAX_REPLAY) {
            resync = true;
          } else {
            const mine = new Set<string>([...socket.rooms, ...joined]);
            for (const row of rows) {
              const eventRooms = JSON.parse(row.rooms_json) as string[];
              if (!eventRooms.some((r) => mine.has(r))) continue;
              const env: EventEnvelope = {
                seq: row.seq,
                name: row.name,
                at: row.at,
                payload: JSON.parse(row.payload_json),
              };
              socket.emit(SOCKET.event, env);
              replayed++;
            }
          }
        }
      }
      if (resync) socket.emit(SOCKET.resync, { reason: 'gap_too_old' });
      for (const r of joined) void socket.join(r);
      reply({ ok: true, joined, denied, lastSeq, replayed, resync });
    });
  });

  // A display deactivated, deleted or given a new token: its TVs' sockets are cut.
  const checkDisplays = () => {
    for (const [, s] of io.of('/').sockets) {
      const d = (s.data as SocketData).display;
      if (d && !displayStillValid(d)) s.disconnect(true);
    }
  };
  const detach = bus.attach({
    publish(events: StoredEvent[]) {
      if (events.some((e) => e.name === QUEUE_EVENTS.displayChanged)) checkDisplays();
      // The adapter encodes a packet before it looks for sockets: an event none of whose rooms
      // has a socket now (a clinic without a screen open) is not encoded for nobody.
      const live = io.of('/').adapter.rooms;
      for (const e of events) {
        if (!e.rooms.some((r) => live.has(r))) continue;
        const env: EventEnvelope = { seq: e.seq, name: e.name, at: e.at, payload: e.payload };
        io.to(e.rooms).emit(SOCKET.event, env);
      }
    },
    ephemeral(e) {
      const env: EphemeralEnvelope = { name: e.name, at: e.at, payload: e.payload };
      io.to(e.rooms).emit(SOCKET.ephemeral, env);
    },
  });

  // A binding was revoked (or a workstation deactivated): every socket re-resolves its
  // browser's cookie; one whose workstation changed leaves the old room at once and is told.
  const recheckBindings = async () => {
    for (const [, s] of io.of('/').sockets) {
      const data = s.data as SocketData;
      if (!data.actor) continue;
      const bound = workstations ? await workstations.resolve(data.workstationToken) : null;
      const now = bound?.workstationId ?? null;
      const was = data.actor.workstationId;
      if (now === was) continue;
      data.actor = { ...data.actor, workstationId: now };
      if (was !== null) void s.leave(rooms.workstation(was));
      if (now !== null) void s.join(rooms.workstation(now));
      const env: EphemeralEnvelope<WorkstationBindingChangedPayload> = {
        name: WORKSTATION_BINDING_CHANGED,
        at: Date.now(),
        payload: { workstationId: now },
      };
      s.emit(SOCKET.ephemeral, env);
    }
  };
  let rechecking = Promise.resolve();
  const onBindingsChanged = () => {
    rechecking = rechecking
      .then(recheckBindings)
      .catch((e) => logger.error({ err: e }, 'rechecking workstation bindings failed'));
  };
  workstations?.events.on('changed', onBindingsChanged);

  const endSession = (sessionId: string) => {
    const room = rooms.session(sessionId);
    io.to(room).emit(SOCKET.sessionEnded, { reason: 'signed_out' });
    io.in(room).disconnectSockets(true);
  };
  // A user's account or a role changed: each affected socket re-reads its session. An ended
  // session is cut; otherwise the socket gets the new permissions and leaves rooms it may
  // no longer see.
  const refresh = async (match: (a: Actor) => boolean) => {
    for (const [, s] of io.of('/').sockets) {
      const old = (s.data as SocketData).actor;
      if (!old || !match(old)) continue;
      const fresh = await auth.sessionActor(old.sessionId);
      if (!fresh) {
        s.emit(SOCKET.sessionEnded, { reason: 'account_changed' });
        s.disconnect(true);
        continue;
      }
      const actor: Actor = { ...fresh, ip: old.ip, lang: old.lang, workstationId: old.workstationId };
      (s.data as SocketData).actor = actor;
      const own = new Set([s.id, rooms.user(actor.userId), rooms.session(actor.sessionId)]);
      if (actor.workstationId) own.add(rooms.workstation(actor.workstationId));
      for (const r of [...s.rooms]) if (!own.has(r) && !canJoin(actor, r)) void s.leave(r);
    }
  };
  const onUserChanged = (userId: number) =>
    void refresh((a) => a.userId === userId).catch((e) => logger.error({ err: e }, 'refreshing sockets failed'));
  const onRolesChanged = () =>
    void refresh(() => true).catch((e) => logger.error({ err: e }, 'refreshing sockets failed'));
  auth.events.on('session-ended', endSession);
  auth.events.on('user-changed', onUserChanged);
  auth.events.on('roles-changed', onRolesChanged);

  // Sessions end by idle time or lifetime too: check long-lived sockets once a minute.
  const checkSockets = async () => {
    checkDisplays();
    for (const [, s] of io.of('/').sockets) {
      const a = (s.data as SocketData).actor;
      if (a && !(await auth.isSessionLive(a.sessionId))) {
        s.emit(SOCKET.sessionEnded, { reason: 'expired' });
        s.disconnect(true);
      }
    }
  };
  const timer = setInterval(
    () => void checkSockets().catch((e) => logger.error({ err: e }, 'session check failed')),
    deps.sessionCheckMs ?? 60_000,
  );
  timer.unref();

  return {
    io,
    connectedScreens: () => io.of('/').sockets.size,
    async close() {
      clearInterval(timer);
      detach();
      auth.events.off('session-ended', endSession);
      auth.events.off('user-changed', onUserChanged);
      auth.events.off('roles-changed', onRolesChanged);
      workstations?.events.off('changed', onBindingsChanged);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
