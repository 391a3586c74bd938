// Issue 9 item 21: the registrar's lists (the recent patients before any search, and the
// search results) show ID numbers and phones masked, for every user; one value is shown in
// full only by a deliberate reveal (POST /api/patients/:id/reveal) that needs
// patients.identifiers and writes a patient.reveal audit row.
import { expect } from 'chai';
import { auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { idCheckChar } from '../../lib/id-number.js';

function idNo(birth: string, seq: number): string {
  const first17 = '330782' + birth + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

describe('patients: masked lists, audited reveal', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let clerk: ApiClient; // registrar: patients.identifiers
  let doctor: ApiClient; // no patients.identifiers
  let patientId: number;
  const id = idNo('19760512', 21);

  before(async () => {
    ts = await startTestServer();
    const admin = await adminClient(ts);
    clerk = (await userViaApi(ts, admin, ['registrar'])).client;
    doctor = (await userViaApi(ts, admin, ['doctor'])).client;
    const r = await clerk.post('/api/patients', {
      name: '周建华',
      idNumber: id,
      phone: '13912345678',
      address: '青山镇',
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    patientId = r.body.id;
  });
  after(() => ts.stop());

  it('the recent list and the search results mask ID numbers and phones even for a registrar', async () => {
    for (const q of ['', 'zjh', id.slice(0, 10), '1391234']) {
      const r = await clerk.get('/api/patients' + (q ? '?q=' + q : ''));
      expect(r.status).to.equal(200);
      const hit = r.body.items.find((p: { id: number }) => p.id === patientId);
      expect(hit, q).to.include({ idNumber: id.slice(0, 4) + '**********' + id.slice(14), phone: '139****5678' });
      expect(JSON.stringify(r.body), q).to.not.contain(id).and.not.contain('13912345678');
    }
  });

  it('reveals one field in full to a user with patients.identifiers, writing a patient.reveal audit row', async () => {
    const before = auditRows(ts, 'patient.reveal', patientId).length;
    const r = await clerk.post(`/api/patients/${patientId}/reveal`, { field: 'idNumber' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.deep.equal({ field: 'idNumber', value: id });
    const p = await clerk.post(`/api/patients/${patientId}/reveal`, { field: 'phone' });
    expect(p.body).to.deep.equal({ field: 'phone', value: '13912345678' });
    const g = await clerk.post(`/api/patients/${patientId}/reveal`, { field: 'guardianPhone' });
    expect(g.body).to.deep.equal({ field: 'guardianPhone', value: null });
    const rows = auditRows(ts, 'patient.reveal', patientId);
    expect(rows.length).to.equal(before + 3);
    expect(rows[2]).to.include({ outcome: 'ok', patient_id: patientId });
    expect(rows.map((x) => x.summary.field)).to.deep.equal(['guardianPhone', 'phone', 'idNumber']);
  });

  it(
    'refuses a user without patients.identifiers (403, audited as denied), an unknown patient, a ' +
      'bad field and a signed-out caller',
    async () => {
      const d = await doctor.post(`/api/patients/${patientId}/reveal`, { field: 'idNumber' });
      expect(d.status).to.equal(403);
      expect(JSON.stringify(d.body)).to.not.contain(id);
      const denied = auditRows(ts, 'patient.reveal', patientId).filter((x) => x.outcome === 'denied');
      expect(denied).to.have.length(1);
      expect((await clerk.post('/api/patients/999999/reveal', { field: 'idNumber' })).status).to.equal(404);
      const bad = await clerk.post(`/api/patients/${patientId}/reveal`, { field: 'address' });
      expect(bad.status).to.equal(422);
      expect(bad.body.error.field).to.equal('field');
      expect(
        (await new ApiClient(ts.url).post(`/api/patients/${patientId}/reveal`, { field: 'idNumber' })).status,
      ).to.equal(401);
    },
  );
});
