// A signed-in socket follows changes to its user's roles: rooms no longer allowed are left
// at once (no reconnect needed); a disabled account's socket is cut.
import { expect } from 'chai';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../test/helpers/server.js';
import { userViaApi } from '../../test/helpers/admin.js';
import { Collector, connect, emitTest, settle, subscribeOk } from '../../test/realtime/socket-helpers.js';
import { SOCKET } from '../../core/contract.js';

describe('realtime: sockets follow role and account changes', () => {
  let ts: TestServer;
  let admin: ApiClient;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  after(async () => ts.stop());

  it('a cashier whose role is removed stops receiving cashier events at once', async () => {
    const u = await userViaApi(ts, admin, ['registrar']);
    const s = await connect(ts.url, u.client.cookie);
    const c = new Collector().attach(s);
    const r = await subscribeOk(s, ['cashier'], null);
    expect(r.joined).to.deep.equal(['cashier']);
    await emitTest(ts, 1, ['cashier']);
    await c.until(() => c.applied.length === 1, 'the first cashier event');

    const user = (await admin.get(`/api/users?q=${u.username}`)).body.items[0];
    const put = await admin.put(`/api/users/${u.userId}`, { roles: ['doctor'], active: true, version: user.version });
    expect(put.status).to.equal(200);
    // The refresh runs right after the change; a round trip through the server lets it finish.
    await settle(s);
    await emitTest(ts, 2, ['cashier']);
    await settle(s);
    expect(c.applied.map((e) => (e.payload as { i: number }).i)).to.deep.equal([1]);
    const again = await subscribeOk(s, ['cashier'], null);
    expect(again.denied).to.deep.equal(['cashier']);
    s.disconnect();
  });

  it('a disabled user is told the session ended and is disconnected', async () => {
    const u = await userViaApi(ts, admin, ['doctor']);
    const s = await connect(ts.url, u.client.cookie);
    const ended = new Promise<{ reason: string }>((resolve) => s.once(SOCKET.sessionEnded, resolve));
    const gone = new Promise<void>((resolve) => s.once('disconnect', () => resolve()));
    const user = (await admin.get(`/api/users?q=${u.username}`)).body.items[0];
    expect(
      (await admin.put(`/api/users/${u.userId}`, { roles: ['doctor'], active: false, version: user.version })).status,
    ).to.equal(200);
    expect((await ended).reason).to.be.a('string');
    await gone;
  });
});
