import { expect } from 'chai';
import { RoomListener, auditRows, snapshot, userViaApi } from '../../../test/helpers/admin.js';
import {
  ApiClient,
  STRONG_PASSWORD,
  adminClient,
  type ApiResponse,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

describe('users API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let adminId: number;
  let listener: RoomListener;
  let deptId: number;
  let staffSeq = 0;
  const newStaff = async (name = '李医生') => {
    const r = await admin.post('/api/staff', {
      code: `U${++staffSeq}`,
      name,
      gender: 'M',
      departmentId: deptId,
      title: 'physician',
    });
    expect(r.status).to.equal(201);
    return r.body.id as number;
  };
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    adminId = (await admin.get('/api/auth/me')).body.userId;
    listener = await RoomListener.open(ts, admin.cookie);
    deptId = (await admin.post('/api/departments', { code: 'NK', name: '内科', kind: 'clinic' })).body.id;
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  let li: { id: number; version: number; oneTimePassword: string };
  // doctor.li's account, opened once by whichever test needs it first (a test run alone finds it).
  let liMade: Promise<{ staffId: number; r: ApiResponse }> | undefined;
  const makeLi = () =>
    (liMade ??= (async () => {
      const staffId = await newStaff('李明华');
      const r = await admin.post('/api/users', { username: 'Doctor.Li', staffId, roles: ['doctor'] });
      li ??= { id: r.body.user.id, version: 1, oneTimePassword: r.body.oneTimePassword };
      return { staffId, r };
    })());

  it('opens an account with a one-time password that must be changed at first sign-in', async () => {
    const { staffId, r } = await makeLi();
    expect(r.status).to.equal(201);
    expect(r.body.oneTimePassword).to.match(/^[A-Za-z0-9]{12}$/);
    expect(r.body.user).to.deep.equal({
      id: r.body.user.id,
      username: 'doctor.li',
      staffId,
      staffName: '李明华',
      departmentId: deptId,
      departmentName: '内科',
      roles: ['doctor'],
      active: true,
      mustChangePassword: true,
      lockedUntil: null,
      lastSignInAt: null,
      version: 1,
    });
    li = { id: r.body.user.id, version: 1, oneTimePassword: r.body.oneTimePassword };
    await listener.waitFor('user:changed', { id: li.id, action: 'created' });
    const [a] = auditRows(ts, 'user.create', li.id);
    expect(a!.summary.changes!.username).to.deep.equal({ after: 'doctor.li' });
    const rawAudit = JSON.stringify(ts.server.open.raw.prepare('SELECT summary_json FROM audit_log').all());
    expect(rawAudit).not.to.contain(li.oneTimePassword);
    expect(rawAudit).not.to.contain('scrypt$');

    const c = new ApiClient(ts.url);
    const s = await c.signIn('doctor.li', li.oneTimePassword);
    expect(s.status).to.equal(200);
    expect(s.body.mustChangePassword).to.equal(true);
    expect((await c.get('/api/departments')).status).to.equal(200);
    const guarded = await c.post('/api/departments', { code: 'X', name: 'x', kind: 'clinic' });
    expect(guarded.status).to.equal(403);
    expect(guarded.body.error.code).to.equal('password_change_required');
    const list = await admin.get('/api/users?q=doctor');
    expect(list.body.items.map((u: { username: string }) => u.username)).to.deep.equal(['doctor.li']);
    expect(list.body.items[0].lastSignInAt).to.be.a('number');
  });

  it('searches accounts by username, staff name and pinyin; filters by active', async () => {
    await makeLi();
    const names = async (qs: string) =>
      ((await admin.get('/api/users' + qs)).body.items as Array<{ username: string }>).map((u) => u.username);
    expect(await names('?q=lmh')).to.deep.equal(['doctor.li']);
    expect(await names('?q=' + encodeURIComponent('明华'))).to.deep.equal(['doctor.li']);
    expect(await names('?q=admin')).to.deep.equal(['admin']);
    expect(await names('?active=false')).to.deep.equal([]);
    expect(await names('')).to.deep.equal(['admin', 'doctor.li']);
  });

  it('refuses bad input (422/409 naming the field) and writes nothing', async () => {
    await makeLi();
    const free = await newStaff('赵六');
    const before = snapshot(ts);
    const cases: Array<[unknown, number, string]> = [
      [{ username: 'ab', staffId: free, roles: ['doctor'] }, 422, 'username'],
      [{ username: 'a'.repeat(33), staffId: free, roles: ['doctor'] }, 422, 'username'],
      [{ username: "x'; DROP TABLE users;--", staffId: free, roles: ['doctor'] }, 422, 'username'],
      [{ username: '<b>zhao</b>', staffId: free, roles: ['doctor'] }, 422, 'username'],
      [{ username: 'zhao', staffId: free, roles: [] }, 422, 'roles'],
      [{ username: 'zhao', staffId: free, roles: ['doctor', 'wizard'] }, 422, 'roles'],
      [{ username: 'zhao', staffId: free, roles: 'doctor' }, 422, 'roles'],
      [{ username: 'zhao', staffId: 99999, roles: ['doctor'] }, 422, 'staffId'],
      [{ username: 'zhao', staffId: String(free), roles: ['doctor'] }, 422, 'staffId'],
      [{ username: 'zhao', roles: ['doctor'] }, 422, 'staffId'],
      [{ username: 'zhao', staffId: free, roles: ['doctor'], password: 'Abcdefgh1' }, 422, 'password'],
      [{ username: 'zhao', staffId: li.id && (await staffOf(li.id)), roles: ['doctor'] }, 409, 'staffId'],
      [{ username: 'DOCTOR.LI', staffId: free, roles: ['doctor'] }, 409, 'username'],
    ];
    for (const [body, status, field] of cases) {
      const r = await admin.post('/api/users', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    const bad = [
      [`/api/users/${li.id}`, { roles: ['doctor'], active: true, version: 99 }, 409, 'version'],
      [`/api/users/${li.id}`, { roles: ['doctor'], active: 'yes', version: 1 }, 422, 'active'],
      [`/api/users/${li.id}`, { roles: ['doctor'], active: true }, 422, 'version'],
      [`/api/users/${li.id}`, { roles: ['doctor'], active: true, version: 1, username: 'x' }, 422, 'username'],
      [`/api/users/999999`, { roles: ['doctor'], active: true, version: 1 }, 404, undefined],
    ] as const;
    for (const [p, body, status, field] of bad) {
      const r = await admin.put(p, body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field).to.equal(field);
    }
    expect((await admin.post('/api/users/999999/reset-password')).status).to.equal(404);
    expect((await admin.post('/api/users/999999/unlock')).status).to.equal(404);
    expect((await admin.post(`/api/users/${li.id}/unlock`, { force: true })).status).to.equal(422);
    expect(snapshot(ts)).to.equal(before);
  });

  async function staffOf(userId: number): Promise<number> {
    const r = await admin.get('/api/users');
    return r.body.items.find((u: { id: number }) => u.id === userId).staffId;
  }

  it('changes roles with immediate effect on the signed-in user', async () => {
    const doc = await userViaApi(ts, admin, ['doctor'], { departmentId: deptId });
    const denied = await doc.client.post('/api/departments', { code: 'RX', name: '放射科', kind: 'lab' });
    expect(denied.status).to.equal(403);
    expect(denied.body.error.message).to.contain('admin.departments');
    const u = (await admin.get('/api/users?q=' + doc.username)).body.items[0];
    const r = await admin.put(`/api/users/${doc.userId}`, {
      roles: ['doctor', 'admin'],
      active: true,
      version: u.version,
    });
    expect(r.status).to.equal(200);
    expect(r.body.roles).to.deep.equal(['admin', 'doctor']);
    expect(r.body.version).to.equal(u.version + 1);
    await listener.waitFor('user:changed', { id: doc.userId, action: 'updated' });
    const [a] = auditRows(ts, 'user.update', doc.userId);
    expect(a!.summary.changes!.roles).to.deep.equal({ before: ['doctor'], after: ['admin', 'doctor'] });
    // The same session now has the new permissions, no new sign-in needed.
    expect((await doc.client.post('/api/departments', { code: 'RX', name: '放射科', kind: 'lab' })).status).to.equal(
      201,
    );
  });

  it('disabling an account kills its session at once (next request 401, socket session-ended)', async () => {
    const nurse = await userViaApi(ts, admin, ['nurse'], { departmentId: deptId });
    const sock = await RoomListener.open(ts, nurse.client.cookie, []);
    const ended = new Promise<string>((resolve) =>
      sock.socket.once('session-ended', (m: { reason: string }) => resolve(m.reason)),
    );
    expect((await nurse.client.get('/api/auth/me')).status).to.equal(200);
    const r = await admin.put(`/api/users/${nurse.userId}`, { roles: ['nurse'], active: false, version: 2 });
    expect(r.status).to.equal(200);
    expect(r.body.active).to.equal(false);
    const next = await nurse.client.get('/api/auth/me');
    expect(next.status).to.equal(401);
    expect(await ended).to.equal('account_changed');
    sock.close();
    const again = new ApiClient(ts.url);
    const s = await again.signIn(nurse.username, nurse.password);
    expect(s.status).to.equal(403);
    expect(s.body.error.code).to.equal('account_disabled');
    const revoked = ts.server.open.raw
      .prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL')
      .get(nurse.userId) as { n: number };
    expect(revoked.n).to.equal(0);
    // Re-enabling does not revive the old session.
    const on = await admin.put(`/api/users/${nurse.userId}`, { roles: ['nurse'], active: true, version: 3 });
    expect(on.status).to.equal(200);
    expect((await nurse.client.get('/api/auth/me')).status).to.equal(401);
  });

  it(
    'resets a password: new one-time password, sessions ended, old password refused; no hash in ' + 'the audit',
    async () => {
      const doc = await userViaApi(ts, admin, ['doctor'], { departmentId: deptId });
      const r = await admin.post(`/api/users/${doc.userId}/reset-password`);
      expect(r.status).to.equal(200);
      expect(Object.keys(r.body)).to.deep.equal(['oneTimePassword']);
      expect(r.body.oneTimePassword).to.match(/^[A-Za-z0-9]{12}$/);
      expect((await doc.client.get('/api/auth/me')).status).to.equal(401);
      const c = new ApiClient(ts.url);
      expect((await c.signIn(doc.username, STRONG_PASSWORD)).status).to.equal(401);
      const s = await c.signIn(doc.username, r.body.oneTimePassword);
      expect(s.status).to.equal(200);
      expect(s.body.mustChangePassword).to.equal(true);
      const [a] = auditRows(ts, 'user.reset-password', doc.userId);
      expect(a!.outcome).to.equal('ok');
      // The flag is recorded as it is; secrets (hashes, one-time passwords) never reach the audit.
      expect(a!.summary.changes!.mustChangePassword).to.deep.equal({ before: false, after: true });
      expect(a!.summary.changes!.version).to.equal(undefined);
      expect(JSON.stringify(a)).not.to.contain(r.body.oneTimePassword);
      expect(JSON.stringify(a)).not.to.contain('scrypt');
      await listener.waitFor('user:changed', { id: doc.userId, action: 'updated' });
    },
  );

  it('unlocks an account locked by wrong passwords', async () => {
    const doc = await userViaApi(ts, admin, ['doctor'], { departmentId: deptId });
    const c = new ApiClient(ts.url);
    for (let i = 0; i < 5; i++) await c.signIn(doc.username, 'Wrong12345');
    expect((await c.signIn(doc.username, doc.password)).status).to.equal(401); // locked, answered like a wrong password
    const locked = (await admin.get('/api/users?q=' + doc.username)).body.items[0];
    expect(locked.lockedUntil).to.be.a('number');
    const r = await admin.post(`/api/users/${doc.userId}/unlock`);
    expect(r.status).to.equal(200);
    expect(r.body.lockedUntil).to.equal(null);
    expect(r.body.version).to.equal(locked.version + 1);
    expect(auditRows(ts, 'user.unlock', doc.userId)).to.have.length(1);
    expect((await c.signIn(doc.username, doc.password)).status).to.equal(200);
  });

  it('keeps an administrator from locking themself or everybody out', async () => {
    const me = (await admin.get('/api/users?q=admin')).body.items.find((u: { id: number }) => u.id === adminId);
    const before = snapshot(ts);
    const off = await admin.put(`/api/users/${adminId}`, { roles: ['admin'], active: false, version: me.version });
    expect(off.status).to.equal(409);
    expect(off.body.error.field).to.equal('active');
    const drop = await admin.put(`/api/users/${adminId}`, { roles: ['doctor'], active: true, version: me.version });
    expect(drop.status).to.equal(409);
    expect(drop.body.error.field).to.equal('roles');
    expect(snapshot(ts)).to.equal(before);

    // A custom role that manages users; its holder takes admin away from everyone else,
    // then cannot drop the last admin.users from themself.
    const role = await admin.post('/api/roles', {
      code: 'useradmin',
      nameZh: '账号管理员',
      nameEn: 'Account admin',
      permissions: ['admin.users'],
    });
    expect(role.status).to.equal(201);
    const ua = await userViaApi(ts, admin, ['useradmin'], { departmentId: deptId });
    const others = (await ua.client.get('/api/users?active=true')).body.items.filter(
      (u: { roles: string[]; id: number }) => u.roles.includes('admin') && u.id !== ua.userId,
    );
    for (const u of others) {
      const r = await ua.client.put(`/api/users/${u.id}`, { roles: ['doctor'], active: true, version: u.version });
      expect(r.status).to.equal(200);
    }
    const mine = (await ua.client.get('/api/users?q=' + ua.username)).body.items[0];
    const mark = snapshot(ts);
    const last = await ua.client.put(`/api/users/${ua.userId}`, {
      roles: ['doctor'],
      active: true,
      version: mine.version,
    });
    expect(last.status).to.equal(409);
    expect(last.body.error.code).to.equal('last_admin');
    expect(snapshot(ts)).to.equal(mark);
    // Give admin back so the rest of the suite can go on.
    const a = (await ua.client.get('/api/users?q=admin')).body.items.find((u: { id: number }) => u.id === adminId);
    expect(
      (await ua.client.put(`/api/users/${adminId}`, { roles: ['admin'], active: true, version: a.version })).status,
    ).to.equal(200);
    // A role change drops the cached session, it does not end it: admin goes on with the role back.
    expect((await admin.get('/api/users')).status).to.equal(200);
  });

  it('needs admin.users for every route (403 names the permission)', async () => {
    await makeLi();
    const doc = await userViaApi(ts, admin, ['doctor'], { departmentId: deptId });
    const before = snapshot(ts);
    for (const [m, p] of [
      ['GET', '/api/users'],
      ['POST', `/api/users/${li.id}/reset-password`],
      ['POST', `/api/users/${li.id}/unlock`],
    ] as const) {
      const r = await doc.client.request(m, p);
      expect(r.status).to.equal(403);
      expect(r.body.error.message).to.contain('admin.users');
    }
    expect(
      (await doc.client.put(`/api/users/${li.id}`, { roles: ['admin'], active: true, version: 1 })).status,
    ).to.equal(403);
    expect((await doc.client.post('/api/users', { username: 'evil', staffId: 1, roles: ['admin'] })).status).to.equal(
      403,
    );
    expect(snapshot(ts)).to.equal(before);
  });
});
