// Role permissions in memory (issue 10 item 6): read once, and a change of a role (through the
// roles page) is visible to the next request of every user holding it.
import { expect } from 'chai';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { createRolePermissions } from './role-permissions.js';

describe('role permissions in memory', () => {
  let ts: TestServer;
  let admin: ApiClient;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  after(async () => {
    await ts?.stop();
  });

  it('reads every role once, and again only after a change or for a role it does not know', async () => {
    const { db, uow } = ts.server.modules;
    const rp = createRolePermissions();
    const adminId = (
      await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
    ).id;
    const a = await rp.of(db, adminId);
    expect(a.roles).to.deep.equal(['admin']);
    expect(a.permissions).to.include('admin.roles');
    await rp.of(db, adminId);
    await uow.write((tx) => rp.of(tx.db, adminId));
    expect(rp.loads).to.equal(1);
    rp.invalidate();
    await rp.of(db, adminId);
    expect(rp.loads).to.equal(2);
    const r = await admin.post('/api/roles', {
      code: 'audit-reader',
      nameZh: '审计查阅',
      nameEn: 'Audit reader',
      permissions: ['audit.read'],
    });
    expect(r.status).to.equal(201);
    const u = await makeUser(ts, ['audit-reader']);
    expect(await rp.of(db, u.userId)).to.deep.equal({ roles: ['audit-reader'], permissions: ['audit.read'] });
    expect(rp.loads).to.equal(3); // the new role was not in memory
  });

  it('shows a role’s changed permissions to the next request', async () => {
    const r = await admin.post('/api/roles', {
      code: 'dept-keeper',
      nameZh: '科室维护',
      nameEn: 'Department keeper',
      permissions: ['admin.departments'],
    });
    expect(r.status).to.equal(201);
    const u = await makeUser(ts, ['dept-keeper']);
    const path = '/api/departments';
    expect((await u.client.post(path, {})).status).to.not.equal(403);
    const upd = await admin.put(`/api/roles/${r.body.id}`, {
      nameZh: '科室维护',
      nameEn: 'Department keeper',
      permissions: ['audit.read'],
      version: r.body.version,
    });
    expect(upd.status).to.equal(200);
    const denied = await u.client.post(path, {});
    expect(denied.status).to.equal(403);
    expect(denied.body.error.details?.permission).to.equal('admin.departments');
    expect((await u.client.get('/api/audit')).status).to.equal(200);
  });
});
