import { expect } from 'chai';
import {
  ApiClient,
  ManualClock,
  STRONG_PASSWORD,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

describe('auth: sign-in, forced password change, lockout, sessions', () => {
  let ts: TestServer;
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0));
  before(async () => {
    ts = await startTestServer({ clock });
  });
  after(async () => ts.stop());

  it('generates a first admin whose password must be changed before anything else', async () => {
    expect(ts.admin.password).to.match(/^[A-Za-z0-9]{12}$/);
    const c = new ApiClient(ts.url);
    const r = await c.signIn('admin', ts.admin.password);
    expect(r.status).to.equal(200);
    expect(r.body.mustChangePassword).to.equal(true);
    expect(r.headers.get('set-cookie'))
      .to.match(/httponly/i)
      .and.match(/samesite=strict/i);
    const blocked = await c.get('/api/audit');
    expect(blocked.status).to.equal(403);
    expect(blocked.body.error.code).to.equal('password_change_required');
    const weak = await c.post('/api/auth/change-password', {
      currentPassword: ts.admin.password,
      newPassword: 'abcdefgh',
    });
    expect(weak.status).to.equal(422);
    expect(weak.body.error.field).to.equal('newPassword');
    const same = await c.post('/api/auth/change-password', {
      currentPassword: ts.admin.password,
      newPassword: 'admin1234',
    });
    expect(same.status).to.equal(422);
    const ok = await c.post('/api/auth/change-password', {
      currentPassword: ts.admin.password,
      newPassword: STRONG_PASSWORD,
    });
    expect(ok.status).to.equal(200);
    expect(ok.body.mustChangePassword).to.equal(false);
    ts.admin.password = STRONG_PASSWORD;
    const audit = await c.get('/api/audit?action=auth.sign-in');
    expect(audit.status).to.equal(200);
    expect(audit.body.items[0].outcome).to.equal('ok');
  });

  it(
    'says wrong password plainly and locks after 5 failures for 15 minutes (answered like a ' + 'wrong password)',
    async () => {
      const c = new ApiClient(ts.url);
      for (let i = 0; i < 5; i++) {
        const r = await c.signIn('admin', 'Wrong12345');
        expect(r.status).to.equal(401);
        expect(r.body.error.code).to.equal('invalid_credentials');
        expect(r.body.error.message).to.match(/locked for 15 minutes/);
      }
      const right = await c.signIn('admin', ts.admin.password);
      expect(right.status).to.equal(401);
      expect(right.body.error.code).to.equal('invalid_credentials');
      clock.advance(15 * 60_000 + 1);
      const after = await c.signIn('admin', ts.admin.password);
      expect(after.status).to.equal(200);
    },
  );

  it('refuses a session after sign-out and after the idle timeout', async () => {
    const c = await (async () => {
      const x = new ApiClient(ts.url);
      await x.signIn('admin', ts.admin.password);
      return x;
    })();
    const cookie = c.cookie;
    expect((await c.get('/api/auth/me')).status).to.equal(200);
    await c.post('/api/auth/sign-out');
    const reuse = new ApiClient(ts.url);
    reuse.cookie = cookie;
    expect((await reuse.get('/api/auth/me')).status).to.equal(401);

    const d = new ApiClient(ts.url);
    await d.signIn('admin', ts.admin.password);
    clock.advance(29 * 60_000);
    expect((await d.get('/api/auth/me')).status).to.equal(200);
    clock.advance(30 * 60_000 + 1);
    const idle = await d.get('/api/auth/me');
    expect(idle.status).to.equal(401);
  });

  it('ends every session at the absolute lifetime even when active', async () => {
    const c = new ApiClient(ts.url);
    await c.signIn('admin', ts.admin.password);
    let lastOk = 0;
    for (let minutes = 20; minutes <= 13 * 60; minutes += 20) {
      clock.advance(20 * 60_000);
      const r = await c.get('/api/auth/me');
      if (r.status !== 200) break;
      lastOk = minutes;
    }
    expect(lastOk).to.equal(11 * 60 + 40); // active every 20 minutes, ended at the 12-hour lifetime
    expect((await c.get('/api/auth/me')).status).to.equal(401);
  });

  it('notices within seconds a session revoked by another process (the CLI)', async function () {
    this.timeout(20_000);
    const c = new ApiClient(ts.url);
    await c.signIn('admin', ts.admin.password);
    expect((await c.get('/api/auth/me')).status).to.equal(200);
    // What `cli reset-password` does from its own process: revoke in the database only.
    ts.server.open.raw.prepare('UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL').run(clock.now());
    await new Promise((r) => setTimeout(r, 5_200));
    expect((await c.get('/api/auth/me')).status).to.equal(401);
  });
});
