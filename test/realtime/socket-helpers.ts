// Helpers for realtime tests: a real socket.io-client that carries the session cookie,
// a collector that applies envelopes the way the browser does (dedupe by seq), and a way
// to make users with chosen roles directly in the database (no users module needed).
import { io, type Socket } from 'socket.io-client';
import { SOCKET, type EventEnvelope, type SubscribeReply } from '../../core/contract.js';
import { hashPassword } from '../../server/modules/auth/passwords.js';
import { insertStaff } from '../../server/modules/staff/index.js';
import { addUserRoles, insertUser } from '../../server/modules/users/index.js';
import { pinyinKeys } from '../../db/pinyin.js';
import { ApiClient, STRONG_PASSWORD, type TestServer } from '../helpers/server.js';
import { rawEvent } from '../helpers/raw-event.js';

export type OkReply = Extract<SubscribeReply, { ok: true }>;

/** `workstationId` only CLAIMS a workstation in the handshake (the server ignores it: a
 *  socket's workstation is its browser's binding cookie; see workstationCookie()). */
export function openSocket(
  url: string,
  cookie: string | null,
  opts: { reconnection?: boolean; workstationId?: number } = {},
): Socket {
  return io(url, {
    ...(cookie !== null ? { extraHeaders: { cookie } } : {}),
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
    ...(opts.workstationId ? { auth: { workstationId: opts.workstationId } } : {}),
  });
}

/** Resolves on connect, rejects with the connect_error message. */
export function connected(s: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve(s);
    const ok = () => {
      s.off('connect_error', bad);
      resolve(s);
    };
    const bad = (e: Error) => {
      s.off('connect', ok);
      reject(e);
    };
    s.once('connect', ok);
    s.once('connect_error', bad);
  });
}

export async function connect(
  url: string,
  cookie: string | null,
  opts: { reconnection?: boolean; workstationId?: number } = {},
): Promise<Socket> {
  const s = openSocket(url, cookie, opts);
  try {
    return await connected(s);
  } catch (e) {
    s.close();
    throw e;
  }
}

/** The connect_error message a socket gets (rejects if it connects instead). */
export async function connectError(url: string, cookie: string | null): Promise<string> {
  const s = openSocket(url, cookie);
  try {
    await connected(s);
  } catch (e) {
    return (e as Error).message;
  } finally {
    s.close();
  }
  throw new Error('the socket connected but should have been refused');
}

export function subscribe(s: Socket, rooms: string[], since: number | null): Promise<SubscribeReply> {
  return s.timeout(10_000).emitWithAck(SOCKET.subscribe, { rooms, since }) as Promise<SubscribeReply>;
}

export async function subscribeOk(s: Socket, rooms: string[], since: number | null): Promise<OkReply> {
  const r = await subscribe(s, rooms, since);
  if (!r.ok) throw new Error(`subscribe failed: ${r.error}`);
  return r;
}

/** Applies envelopes like the client does: ignores seq ≤ the highest applied. */
export class Collector {
  applied: EventEnvelope[] = [];
  received: EventEnvelope[] = [];
  resyncs: Array<{ reason: string }> = [];
  lastSeq = 0;
  private waiters: Array<() => void> = [];

  attach(s: Socket): this {
    s.on(SOCKET.event, (e: EventEnvelope) => {
      this.received.push(e);
      if (e.seq > this.lastSeq) {
        this.lastSeq = e.seq;
        this.applied.push(e);
      }
      this.wake();
    });
    // Ephemeral pushes (card:read) have no seq: applied as they come, never replayed.
    s.on(SOCKET.ephemeral, (e: { name: string; at: number; payload: unknown }) => {
      const env: EventEnvelope = { seq: 0, name: e.name, at: e.at, payload: e.payload };
      this.received.push(env);
      this.applied.push(env);
      this.wake();
    });
    s.on(SOCKET.resync, (r: { reason: string }) => {
      this.resyncs.push(r);
      this.wake();
    });
    return this;
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `pred` holds (checked on every event), failing after `ms`. */
  async until(pred: () => boolean, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for ${what} (applied ${this.applied.length}, received ${this.received.length})`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** The highest seq in event_log (0 when empty). */
export function maxSeq(ts: TestServer): number {
  const r = ts.server.open.raw.prepare('SELECT max(seq) AS m FROM event_log').get() as { m: number | null };
  return r.m ?? 0;
}

/** The highest seq ever given (survives pruning; AUTOINCREMENT never reuses a committed one). */
export function seqEver(ts: TestServer): number {
  const r = ts.server.open.raw.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'event_log'").get() as
    | { seq: number }
    | undefined;
  return r?.seq ?? 0;
}

export function emitTest(
  ts: TestServer,
  i: number,
  rooms: string[] = ['admin'],
  name = 'test:happened',
): Promise<void> {
  return ts.server.modules.uow.write(async (tx) => {
    tx.emit(rawEvent(name, rooms, { i }));
  });
}

/** A short settle: lets already-sent frames arrive (used only to prove something did NOT arrive). */
export async function settle(s: Socket): Promise<void> {
  // A round trip through the server: every frame the server sent before answering this ack
  // is delivered before the ack (one ordered websocket).
  await subscribe(s, [], null);
}

let seqNo = 0;

/**
 * Creates an active user with the given role codes through the owners' commands (staff's
 * insertStaff, users' insertUser and addUserRoles: no audit row, no event, as before), signs
 * them in and (unless mustChange) sets a strong password. Returns the client.
 */
export async function makeUser(
  ts: TestServer,
  roleCodes: string[],
  opts: { mustChange?: boolean } = {},
): Promise<{ client: ApiClient; userId: number; username: string }> {
  seqNo++;
  const username = `u${process.pid}x${seqNo}`;
  const tmp = 'Temp' + Math.random().toString(36).slice(2, 10) + '9';
  const hash = await hashPassword(tmp);
  const { uow } = ts.server.modules;
  const userId = await uow.write(async (tx) => {
    const now = tx.now;
    const dept = await tx.db.selectFrom('departments').select('id').orderBy('id').executeTakeFirstOrThrow();
    const py = pinyinKeys('测试员');
    const staffId = await insertStaff(tx.db, {
      code: `T${seqNo}p${process.pid}`,
      name: '测试员',
      gender: 'F',
      id_number: null,
      phone: null,
      department_id: dept.id,
      title: 'none',
      pinyin_initials: py.initials,
      pinyin_full: py.full,
      created_at: now,
      updated_at: now,
    });
    const id = await insertUser(tx.db, {
      username,
      staff_id: staffId,
      password_hash: hash,
      must_change_password: 1,
      locked_until: null,
      password_changed_at: null,
      last_sign_in_at: null,
      created_at: now,
      updated_at: now,
    });
    const roleIds: number[] = [];
    for (const code of roleCodes) {
      const role = await tx.db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      roleIds.push(role.id);
    }
    await addUserRoles(tx.db, id, roleIds);
    return id;
  });
  const client = new ApiClient(ts.url);
  const r = await client.signIn(username, tmp);
  if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  if (!opts.mustChange) {
    const ch = await client.post('/api/auth/change-password', { currentPassword: tmp, newPassword: STRONG_PASSWORD });
    if (ch.status !== 200) throw new Error(`password change failed: ${ch.status} ${JSON.stringify(ch.body)}`);
  }
  return { client, userId, username };
}
