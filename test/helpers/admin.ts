// Helpers for the administration module tests: users made through the API, a
// "nothing was written" snapshot, the audit rows of an action, and an admin-room listener.
import type { Socket } from 'socket.io-client';
import type { EventEnvelope } from '../../core/contract.js';
import { Collector, connect, settle, subscribeOk } from '../realtime/socket-helpers.js';
import { ApiClient, STRONG_PASSWORD, workstationCookie, type TestServer } from './server.js';

let n = 0;
const unique = () => `${process.pid % 10000}${++n}`;

/** Creates (through the API) a department if needed, a staff member and a user with these roles; signs them in. */
export async function userViaApi(
  ts: TestServer,
  admin: ApiClient,
  roles: string[],
  opts: { keepOneTime?: boolean; departmentId?: number } = {},
): Promise<{ client: ApiClient; userId: number; staffId: number; username: string; password: string }> {
  const id = unique();
  let departmentId = opts.departmentId;
  if (!departmentId) {
    const d = await admin.post('/api/departments', { code: `TD${id}`, name: `测试科室${id}`, kind: 'clinic' });
    if (d.status !== 201) throw new Error(`department create failed: ${d.status} ${JSON.stringify(d.body)}`);
    departmentId = d.body.id as number;
  }
  const s = await admin.post('/api/staff', {
    code: `TS${id}`,
    name: '测试医生',
    gender: 'M',
    departmentId,
    title: 'physician',
  });
  if (s.status !== 201) throw new Error(`staff create failed: ${s.status} ${JSON.stringify(s.body)}`);
  const username = `t${id}.user`;
  const u = await admin.post('/api/users', { username, staffId: s.body.id, roles });
  if (u.status !== 201) throw new Error(`user create failed: ${u.status} ${JSON.stringify(u.body)}`);
  const client = new ApiClient(ts.url);
  const signIn = await client.signIn(username, u.body.oneTimePassword);
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${JSON.stringify(signIn.body)}`);
  let password = u.body.oneTimePassword as string;
  if (!opts.keepOneTime) {
    const ch = await client.post('/api/auth/change-password', {
      currentPassword: password,
      newPassword: STRONG_PASSWORD,
    });
    if (ch.status !== 200) throw new Error(`password change failed: ${ch.status} ${JSON.stringify(ch.body)}`);
    password = STRONG_PASSWORD;
  }
  return { client, userId: u.body.user.id, staffId: s.body.id, username, password };
}

const TABLES = [
  'departments',
  'staff',
  'users',
  'user_roles',
  'roles',
  'role_permissions',
  'workstations',
  'settings',
  'event_log',
  'audit_log',
];

/** Every row of the tables an admin write could touch (sessions excluded: they tick). */
export function snapshot(ts: TestServer): string {
  const raw = ts.server.open.raw;
  return JSON.stringify(TABLES.map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1, 2`).all()));
}

export interface AuditRow {
  id: number;
  action: string;
  outcome: string;
  entity: string | null;
  entity_id: string | null;
  user_id: number | null;
  summary: { changes?: Record<string, { before: unknown; after: unknown }> } & Record<string, unknown>;
}

/** Audit rows of an action (newest first), read straight from the table. */
export function auditRows(ts: TestServer, action: string, entityId?: number | string): AuditRow[] {
  const raw = ts.server.open.raw;
  const rows = (
    entityId === undefined
      ? raw.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC').all(action)
      : raw
          .prepare('SELECT * FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY id DESC')
          .all(action, String(entityId))
  ) as Array<Omit<AuditRow, 'summary'> & { summary_json: string | null }>;
  return rows.map((r) => ({ ...r, summary: r.summary_json ? JSON.parse(r.summary_json) : {} }));
}

/** A socket signed in with `cookie`, subscribed to `rooms`, collecting envelopes. */
export class RoomListener {
  private constructor(
    readonly socket: Socket,
    readonly collector: Collector,
  ) {}

  /** `workstationId`: this socket's browser is bound to that workstation (a workstation token
   *  issued through the server, sent as its cookie; any workstation cookie in `cookie` is replaced). */
  static async open(
    ts: TestServer,
    cookie: string,
    rooms: string[] = ['admin'],
    workstationId?: number,
  ): Promise<RoomListener> {
    const jar = workstationId
      ? [
          ...cookie
            .split(';')
            .map((x) => x.trim())
            .filter((x) => x && !x.startsWith('jiceng_ws=')),
          await workstationCookie(ts, workstationId),
        ].join('; ')
      : cookie;
    const s = await connect(ts.url, jar);
    const c = new Collector().attach(s);
    const r = await subscribeOk(s, rooms, null);
    if (r.denied.length) throw new Error(`rooms denied: ${r.denied.join(', ')}`);
    return new RoomListener(s, c);
  }

  /** Waits for an envelope with this name and payload matching `match`. */
  async waitFor(name: string, match: Record<string, unknown>): Promise<EventEnvelope> {
    const find = () =>
      this.collector.applied.find(
        (e) =>
          e.name === name && Object.entries(match).every(([k, v]) => (e.payload as Record<string, unknown>)[k] === v),
      );
    await this.collector.until(() => !!find(), `${name} ${JSON.stringify(match)}`);
    return find()!;
  }

  /** Everything received so far, after a round trip that flushes frames in flight. */
  async flushed(): Promise<EventEnvelope[]> {
    await settle(this.socket);
    return this.collector.applied;
  }

  close(): void {
    this.socket.close();
  }
}
