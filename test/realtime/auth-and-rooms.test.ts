// Socket.IO authenticates with the HTTP session cookie, is cut when the session ends,
// and lets a user join only the rooms they may see; events never leak across rooms,
// neither live nor through a replay.
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { SOCKET } from '../../core/contract.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { Collector, connect, connectError, emitTest, makeUser, maxSeq, settle, subscribeOk } from './socket-helpers.js';
import { rawEvent } from '../helpers/raw-event.js';

function sessionEnded(s: Socket): Promise<{ reason: string; disconnect: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no session-ended within 10 s')), 10_000);
    let reason = '';
    s.once(SOCKET.sessionEnded, (m: { reason: string }) => (reason = m.reason));
    s.once('disconnect', (why) => {
      clearTimeout(timer);
      resolve({ reason, disconnect: why });
    });
  });
}

describe('realtime: socket authentication', () => {
  let ts: TestServer;
  let admin: ApiClient;
  const sockets: Socket[] = [];
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  after(async () => ts.stop());

  it('refuses a socket with no cookie, a forged cookie or a garbage cookie header', async () => {
    expect(await connectError(ts.url, null)).to.equal('unauthorized');
    expect(await connectError(ts.url, 'jiceng_sid=' + 'A'.repeat(43))).to.equal('unauthorized');
    expect(await connectError(ts.url, 'jiceng_sid=' + 'x'.repeat(500))).to.equal('unauthorized');
    expect(await connectError(ts.url, 'other=1; jiceng_sid=%E0%A4%A')).to.equal('unauthorized');
    // A real session works (control).
    sockets.push(await connect(ts.url, admin.cookie));
  });

  it("refuses a signed-out session's cookie, and cuts its live socket with session-ended", async () => {
    const c = new ApiClient(ts.url);
    expect((await c.signIn('admin', ts.admin.password)).status).to.equal(200);
    const cookie = c.cookie;
    const s = await connect(ts.url, cookie);
    sockets.push(s);
    // Another session of the same user stays connected.
    const other = await connect(ts.url, admin.cookie);
    sockets.push(other);
    const ended = sessionEnded(s);
    expect((await c.post('/api/auth/sign-out')).status).to.equal(200);
    const e = await ended;
    expect(e.reason).to.equal('signed_out');
    expect(e.disconnect).to.equal('io server disconnect');
    expect(other.connected).to.equal(true);
    expect(await connectError(ts.url, cookie)).to.equal('unauthorized');
  });

  it('refuses a user who must still change the one-time password', async () => {
    const u = await makeUser(ts, ['registrar'], { mustChange: true });
    expect(await connectError(ts.url, u.client.cookie)).to.equal('password_change_required');
  });

  it("refuses a disabled user's cookie and cuts their sockets (account change through the auth service)", async () => {
    const u = await makeUser(ts, ['doctor']);
    const s = await connect(ts.url, u.client.cookie);
    sockets.push(s);
    const ended = sessionEnded(s);
    await ts.server.modules.uow.write(async (tx) => {
      await tx.db.updateTable('users').set({ active: 0 }).where('id', '=', u.userId).execute();
      await tx.db
        .updateTable('sessions')
        .set({ revoked_at: tx.now })
        .where('user_id', '=', u.userId)
        .where('revoked_at', 'is', null)
        .execute();
    });
    ts.server.modules.auth.invalidateUser(u.userId, { endSessions: true });
    const e = await ended;
    expect(e.reason).to.equal('account_changed');
    expect(await connectError(ts.url, u.client.cookie)).to.equal('unauthorized');
  });

  it('refuses a user disabled through PUT /api/users/:id and cuts their socket', async () => {
    const u = await makeUser(ts, ['pharmacist']);
    const s = await connect(ts.url, u.client.cookie);
    sockets.push(s);
    const ended = sessionEnded(s);
    const list = await admin.get('/api/users?q=' + u.username);
    const user = (list.body.items as Array<{ id: number; username: string; roles: string[]; version: number }>).find(
      (x) => x.id === u.userId,
    )!;
    expect(user).to.not.equal(undefined);
    const put = await admin.put(`/api/users/${u.userId}`, { roles: user.roles, active: false, version: user.version });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const e = await ended;
    expect(e.reason).to.be.oneOf(['account_changed', 'signed_out']);
    expect(await connectError(ts.url, u.client.cookie)).to.equal('unauthorized');
    expect((await u.client.get('/api/auth/me')).status).to.equal(401);
  });
});

describe('realtime: rooms', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let adminId: number;
  const sockets: Socket[] = [];
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    adminId = (await admin.get('/api/auth/me')).body.userId;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  after(async () => ts.stop());

  it(
    'lets the admin join admin but not cashier, another user, a workstation not chosen, or ' + 'unknown rooms',
    async () => {
      const other = await makeUser(ts, ['registrar']);
      const s = await connect(ts.url, admin.cookie);
      sockets.push(s);
      const wanted = [
        'admin',
        'cashier',
        `user:${other.userId}`,
        `user:${adminId}`,
        'workstation:7',
        'ward:1',
        'session:abc',
        'nonsense',
        'ADMIN',
        'x'.repeat(200),
      ];
      const r = await subscribeOk(s, wanted, null);
      expect(r.joined).to.deep.equal(['admin', `user:${adminId}`]);
      expect(r.denied).to.deep.equal([
        'cashier',
        `user:${other.userId}`,
        'workstation:7',
        'ward:1',
        'session:abc',
        'nonsense',
        'ADMIN',
        'x'.repeat(64),
      ]);
    },
  );

  it('lets a registrar join cashier but not admin', async () => {
    const reg = await makeUser(ts, ['registrar']);
    const s = await connect(ts.url, reg.client.cookie);
    sockets.push(s);
    const r = await subscribeOk(s, ['cashier', 'admin'], null);
    expect(r.joined).to.deep.equal(['cashier']);
    expect(r.denied).to.deep.equal(['admin']);
  });

  it('answers malformed subscribe requests with ok:false and joins nothing', async () => {
    const s = await connect(ts.url, admin.cookie);
    sockets.push(s);
    const ask = (req: unknown) =>
      s.timeout(5000).emitWithAck(SOCKET.subscribe, req) as Promise<{ ok: boolean; error?: string }>;
    expect((await ask(null)).ok).to.equal(false);
    expect((await ask({ rooms: 'admin', since: null })).ok).to.equal(false);
    expect((await ask({ rooms: Array.from({ length: 51 }, () => 'admin'), since: null })).ok).to.equal(false);
    expect((await ask({ rooms: ['admin'], since: -1 })).ok).to.equal(false);
    expect((await ask({ rooms: ['admin'], since: 1.5 })).ok).to.equal(false);
    expect((await ask({ rooms: ['admin'], since: '0' })).ok).to.equal(false);
    // Nothing was joined by the refused requests.
    const col = new Collector().attach(s);
    await emitTest(ts, 1, ['admin']);
    await settle(s);
    expect(col.received).to.deep.equal([]);
  });

  it('never delivers events of rooms the socket is not in, live or replayed', async () => {
    const reg = await makeUser(ts, ['registrar']);
    const a = await connect(ts.url, admin.cookie);
    const r = await connect(ts.url, reg.client.cookie);
    sockets.push(a, r);
    const colA = new Collector().attach(a);
    const colR = new Collector().attach(r);
    const start = maxSeq(ts);
    await subscribeOk(a, ['admin', 'cashier'], null); // cashier is denied for the admin
    await subscribeOk(r, ['cashier', 'admin'], null); // admin is denied for the registrar

    const plan: Array<[string[], string]> = [
      [['admin'], 'a1'],
      [['cashier'], 'c1'],
      [[`user:${reg.userId}`], 'u-reg'],
      [[`user:${adminId}`], 'u-admin'],
      [['admin', 'cashier'], 'both'],
      [['dept:1'], 'dept'],
      [[], 'nowhere'],
    ];
    const emitAll = async (suffix: string) => {
      for (const [rooms, tag] of plan) {
        await ts.server.modules.uow.write(async (tx) => tx.emit(rawEvent('test:room', rooms, { tag: tag + suffix })));
      }
    };
    await emitAll('');
    await colA.until(() => colA.received.some((e) => (e.payload as { tag: string }).tag === 'both'), 'admin events');
    await colR.until(
      () => colR.received.some((e) => (e.payload as { tag: string }).tag === 'both'),
      'registrar events',
    );
    await settle(a);
    await settle(r);
    const tags = (c: Collector) => c.received.map((e) => (e.payload as { tag: string }).tag);
    expect(tags(colA)).to.deep.equal(['a1', 'u-admin', 'both']);
    expect(tags(colR)).to.deep.equal(['c1', 'u-reg', 'both']);

    // Replay filters by room too.
    a.close();
    r.close();
    await emitAll('-missed');
    const a2 = await connect(ts.url, admin.cookie);
    const r2 = await connect(ts.url, reg.client.cookie);
    sockets.push(a2, r2);
    const colA2 = new Collector().attach(a2);
    const colR2 = new Collector().attach(r2);
    const ra = await subscribeOk(a2, ['admin', 'cashier'], start);
    const rr = await subscribeOk(r2, ['cashier', 'admin'], start);
    expect(ra.replayed).to.equal(6);
    expect(rr.replayed).to.equal(6);
    await settle(a2);
    await settle(r2);
    expect(tags(colA2)).to.deep.equal(['a1', 'u-admin', 'both', 'a1-missed', 'u-admin-missed', 'both-missed']);
    expect(tags(colR2)).to.deep.equal(['c1', 'u-reg', 'both', 'c1-missed', 'u-reg-missed', 'both-missed']);
  });
});
