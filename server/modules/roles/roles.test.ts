import { expect } from 'chai';
import { RoomListener, auditRows, snapshot, userViaApi } from '../../../test/helpers/admin.js';
import {
  type ApiClient,
  adminClient,
  type ApiResponse,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

describe('roles API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it('lists the built-in roles with permissions and account counts to any signed-in user', async () => {
    const r = await admin.get('/api/roles');
    expect(r.status).to.equal(200);
    const codes = r.body.items.map((x: { code: string }) => x.code);
    expect(codes).to.include.members([
      'admin',
      'registrar',
      'doctor',
      'nurse',
      'pharmacist',
      'storekeeper',
      'finance',
      'director',
    ]);
    const adminRole = r.body.items.find((x: { code: string }) => x.code === 'admin');
    expect(adminRole).to.include({ nameZh: '系统管理员', nameEn: 'Administrator', builtin: true, userCount: 1 });
    expect(adminRole.permissions).to.include('admin.users');
    expect(adminRole.version).to.be.a('number');
  });

  let quality: { id: number; version: number };
  // The custom role, made once by whichever test needs it first (so a test run alone finds it).
  let qualityMade: Promise<ApiResponse> | undefined;
  const makeQuality = async () => {
    qualityMade ??= admin.post('/api/roles', {
      code: 'quality',
      nameZh: '质控员',
      nameEn: 'Quality officer',
      permissions: ['audit.read', 'patients.read', 'audit.read'],
    });
    const r = await qualityMade;
    quality ??= r.body;
    return r;
  };

  it('creates a custom role from catalog permissions, audited, with role:changed', async () => {
    const r = await makeQuality();
    expect(r.status).to.equal(201);
    expect(r.body).to.deep.equal({
      id: r.body.id,
      code: 'quality',
      nameZh: '质控员',
      nameEn: 'Quality officer',
      builtin: false,
      permissions: ['audit.read', 'patients.read'],
      userCount: 0,
      version: 1,
    });
    quality = r.body;
    await listener.waitFor('role:changed', { id: r.body.id, action: 'created' });
    const [a] = auditRows(ts, 'role.create', r.body.id);
    expect(a!.summary.changes!.permissions).to.deep.equal({ after: ['audit.read', 'patients.read'] });
  });

  it('refuses bad input and writes nothing', async () => {
    await makeQuality();
    const before = snapshot(ts);
    const cases: Array<[unknown, number, string]> = [
      [{ code: 'x2', nameZh: '甲', nameEn: 'A', permissions: ['audit.read', 'root.everything'] }, 422, 'permissions'],
      [{ code: 'x2', nameZh: '甲', nameEn: 'A', permissions: 'audit.read' }, 422, 'permissions'],
      [{ code: 'x2', nameZh: '甲', nameEn: 'A' }, 422, 'permissions'],
      [{ code: 'QUALITY', nameZh: '甲', nameEn: 'A', permissions: [] }, 409, 'code'],
      [{ code: 'admin', nameZh: '甲', nameEn: 'A', permissions: [] }, 409, 'code'],
      [{ code: 'x y', nameZh: '甲', nameEn: 'A', permissions: [] }, 422, 'code'],
      [{ code: 'x2', nameZh: '甲'.repeat(51), nameEn: 'A', permissions: [] }, 422, 'nameZh'],
      [{ code: 'x2', nameZh: '甲', nameEn: '', permissions: [] }, 422, 'nameEn'],
      [{ code: 'x2', nameZh: '甲', nameEn: 'A', permissions: [], builtin: true }, 422, 'builtin'],
    ];
    for (const [body, status, field] of cases) {
      const r = await admin.post('/api/roles', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    const stale = await admin.put(`/api/roles/${quality.id}`, {
      nameZh: '质控',
      nameEn: 'QA',
      permissions: [],
      version: 5,
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.code).to.equal('stale_version');
    expect(
      (await admin.put('/api/roles/99999', { nameZh: '质控', nameEn: 'QA', permissions: [], version: 1 })).status,
    ).to.equal(404);
    expect((await admin.delete('/api/roles/99999')).status).to.equal(404);
    const codeChange = await admin.put(`/api/roles/${quality.id}`, {
      code: 'other',
      nameZh: '质控',
      nameEn: 'QA',
      permissions: [],
      version: 1,
    });
    expect(codeChange.status).to.equal(422);
    expect(codeChange.body.error.field).to.equal('code');
    expect(snapshot(ts)).to.equal(before);
  });

  it('treats built-in roles as read-only (409 builtin_role) for update and delete', async () => {
    const doctor = (await admin.get('/api/roles')).body.items.find((x: { code: string }) => x.code === 'doctor');
    const before = snapshot(ts);
    const u = await admin.put(`/api/roles/${doctor.id}`, {
      nameZh: '医生',
      nameEn: 'Doctor',
      permissions: ['admin.users'],
      version: doctor.version,
    });
    expect(u.status).to.equal(409);
    expect(u.body.error.code).to.equal('builtin_role');
    const d = await admin.delete(`/api/roles/${doctor.id}`);
    expect(d.status).to.equal(409);
    expect(d.body.error.code).to.equal('builtin_role');
    expect(snapshot(ts)).to.equal(before);
  });

  it("applies a role's permission change at once to signed-in holders", async () => {
    await makeQuality();
    const qa = await userViaApi(ts, admin, ['quality']);
    expect((await qa.client.get('/api/audit')).status).to.equal(200);
    const r = await admin.put(`/api/roles/${quality.id}`, {
      nameZh: '质控员',
      nameEn: 'Quality officer',
      permissions: ['patients.read'],
      version: 1,
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ version: 2, userCount: 1 });
    expect(r.body.permissions).to.deep.equal(['patients.read']);
    await listener.waitFor('role:changed', { id: quality.id, action: 'updated' });
    const [a] = auditRows(ts, 'role.update', quality.id);
    expect(a!.summary.changes!.permissions).to.deep.equal({
      before: ['audit.read', 'patients.read'],
      after: ['patients.read'],
    });
    const denied = await qa.client.get('/api/audit');
    expect(denied.status).to.equal(403);
    expect(denied.body.error.message).to.contain('audit.read');

    // Still assigned: cannot be deleted.
    const before = snapshot(ts);
    const del = await admin.delete(`/api/roles/${quality.id}`);
    expect(del.status).to.equal(409);
    expect(del.body.error.code).to.equal('role_in_use');
    expect(snapshot(ts)).to.equal(before);
  });

  it('deletes an unassigned custom role, audited, with role:changed deleted', async () => {
    const r = await admin.post('/api/roles', {
      code: 'temp',
      nameZh: '临时',
      nameEn: 'Temporary',
      permissions: ['inventory.read'],
    });
    const d = await admin.delete(`/api/roles/${r.body.id}`);
    expect(d.status).to.equal(200);
    expect(d.body).to.deep.equal({ ok: true });
    expect((await admin.get('/api/roles')).body.items.map((x: { code: string }) => x.code)).not.to.include('temp');
    await listener.waitFor('role:changed', { id: r.body.id, action: 'deleted' });
    const [a] = auditRows(ts, 'role.delete', r.body.id);
    expect(a!.summary.changes!.code).to.deep.equal({ before: 'temp' });
  });

  it('refuses to take admin.users away from the last account that has it', async () => {
    const role = await admin.post('/api/roles', {
      code: 'keeper',
      nameZh: '管理员二',
      nameEn: 'Keeper',
      permissions: ['admin.users', 'admin.roles'],
    });
    const keeper = await userViaApi(ts, admin, ['keeper']);
    // The built-in admin loses the admin role (done by the keeper), so only the keeper role grants admin.users.
    const me = (await admin.get('/api/auth/me')).body;
    const a = (await keeper.client.get('/api/users?q=admin')).body.items.find(
      (u: { id: number }) => u.id === me.userId,
    );
    expect(
      (await keeper.client.put(`/api/users/${me.userId}`, { roles: ['doctor'], active: true, version: a.version }))
        .status,
    ).to.equal(200);
    const before = snapshot(ts);
    const r = await keeper.client.put(`/api/roles/${role.body.id}`, {
      nameZh: '管理员二',
      nameEn: 'Keeper',
      permissions: ['admin.roles'],
      version: 1,
    });
    expect(r.status).to.equal(409);
    expect(r.body.error).to.include({ code: 'last_admin', field: 'permissions' });
    expect(snapshot(ts)).to.equal(before);
    const back = (await keeper.client.get('/api/users?q=admin')).body.items.find(
      (u: { id: number }) => u.id === me.userId,
    );
    expect(
      (await keeper.client.put(`/api/users/${me.userId}`, { roles: ['admin'], active: true, version: back.version }))
        .status,
    ).to.equal(200);
  });

  it('a start syncs the built-in roles writing nothing when they match, and restores one that drifted', async () => {
    const raw = ts.server.open.raw;
    const perms = (code: string) =>
      (
        raw
          .prepare(
            'SELECT rp.permission AS p FROM role_permissions rp JOIN roles r ON r.id = rp.role_id ' +
              'WHERE r.code = ? ORDER BY 1',
          )
          .all(code) as { p: string }[]
      ).map((x) => x.p);
    const nurse = perms('nurse');
    const changes = () => (raw.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    await ts.server.modules.auth.syncBuiltinRoles();
    expect(changes()).to.equal(before);
    // A built-in role changed behind the server's back (an old version, a hand edit) is put back.
    const id = (raw.prepare("SELECT id FROM roles WHERE code = 'nurse'").get() as { id: number }).id;
    raw.prepare('DELETE FROM role_permissions WHERE role_id = ? AND permission = ?').run(id, nurse[0]);
    raw.prepare("INSERT INTO role_permissions (role_id, permission) VALUES (?, 'admin.roles')").run(id);
    raw.prepare("UPDATE roles SET name_en = 'Changed' WHERE id = ?").run(id);
    await ts.server.modules.auth.syncBuiltinRoles();
    expect(perms('nurse')).to.deep.equal(nurse);
    expect(raw.prepare('SELECT name_en FROM roles WHERE id = ?').get(id)).to.deep.equal({ name_en: 'Nurse' });
  });

  it('needs admin.roles to write (403 names the permission)', async () => {
    await makeQuality();
    const doc = await userViaApi(ts, admin, ['doctor']);
    expect((await doc.client.get('/api/roles')).status).to.equal(200);
    const before = snapshot(ts);
    const r = await doc.client.post('/api/roles', {
      code: 'mine',
      nameZh: '我的',
      nameEn: 'Mine',
      permissions: ['admin.users'],
    });
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('admin.roles');
    expect(
      (await doc.client.put(`/api/roles/${quality.id}`, { nameZh: 'x', nameEn: 'x', permissions: [], version: 2 }))
        .status,
    ).to.equal(403);
    expect((await doc.client.delete(`/api/roles/${quality.id}`)).status).to.equal(403);
    expect(snapshot(ts)).to.equal(before);
  });
});
