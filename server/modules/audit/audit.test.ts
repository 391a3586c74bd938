import { expect } from 'chai';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

describe('audit: patient reads and search', () => {
  let ts: TestServer;
  let admin: ApiClient;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  after(async () => ts.stop());

  it('records a read of a patient record through the one helper, searchable by patient', async () => {
    const me = (await admin.get('/api/auth/me')).body;
    const actor = { userId: me.userId, username: me.username, ip: '10.0.0.7', workstationId: null } as Parameters<
      typeof ts.server.modules.audit.recordPatientRead
    >[0];
    await ts.server.modules.audit.recordPatientRead(actor, 4242, 'visit history');
    await ts.server.modules.audit.recordPatientRead(actor, 777, 'summary');
    const r = await admin.get('/api/audit?patientId=4242');
    expect(r.status).to.equal(200);
    expect(r.body.items).to.have.length(1);
    expect(r.body.items[0]).to.include({
      action: 'patient.read',
      patientId: 4242,
      username: 'admin',
      ip: '10.0.0.7',
      outcome: 'ok',
    });
    expect(r.body.items[0].summary).to.deep.equal({ what: 'visit history' });
  });

  it('searches by user, action prefix, outcome and time, newest first, paged', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await new ApiClient(ts.url).signIn('admin', 'Wrong' + i + 'xyz1');
    const failed = await admin.get(`/api/audit?action=auth.*&outcome=failed&from=${t0 - 1}`);
    expect(failed.status).to.equal(200);
    expect(failed.body.items).to.have.length(3);
    expect(failed.body.items.every((e: { action: string }) => e.action === 'auth.sign-in')).to.equal(true);
    const ids = failed.body.items.map((e: { id: number }) => e.id);
    expect(ids).to.deep.equal([...ids].sort((a: number, b: number) => b - a));
    const page1 = await admin.get('/api/audit?username=admin&limit=2');
    expect(page1.body.items).to.have.length(2);
    expect(page1.body.nextBeforeId).to.equal(page1.body.items[1].id);
    const page2 = await admin.get(`/api/audit?username=admin&limit=2&beforeId=${page1.body.nextBeforeId}`);
    expect(page2.body.items[0].id).to.be.lessThan(page1.body.nextBeforeId);
    const bad = await admin.get('/api/audit?limit=100000');
    expect(bad.status).to.equal(422);
    expect(bad.body.error.field).to.equal('limit');
    const actions = await admin.get('/api/audit/actions');
    expect(actions.body).to.include.members(['auth.sign-in', 'patient.read']);
  });
});
