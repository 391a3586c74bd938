// Issue 9 item 5: POST /api/patients takes an Idempotency-Key. A double click on 确认不是重复
// (the same submission sent twice with one key) registers one patient, not two.
import { expect } from 'chai';
import { userViaApi } from '../../../test/helpers/admin.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

describe('patients: one patient per submission (Idempotency-Key)', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let clerk: ApiClient;
  const named = (name: string) =>
    (ts.server.open.raw.prepare('SELECT count(*) AS n FROM patients WHERE name = ?').get(name) as { n: number }).n;
  before(async () => {
    ts = await startTestServer();
    const admin = await adminClient(ts);
    clerk = (await userViaApi(ts, admin, ['registrar'])).client;
  });
  after(async () => ts.stop());

  it('a double click with "not a duplicate" confirmed creates one patient', async () => {
    const first = await clerk.post('/api/patients', { name: '王五', sex: 'M', birthDate: '1970-02-03' });
    expect(first.status).to.equal(201);
    const body = { name: '王五', sex: 'M', birthDate: '1970-02-03', confirmNotDuplicate: true };
    const dup = await clerk.post(
      '/api/patients',
      { name: '王五', sex: 'M', birthDate: '1970-02-03' },
      { 'idempotency-key': 'patient-form-1a' },
    );
    expect(dup.status).to.equal(409);
    expect(dup.body.error.code).to.equal('possible_duplicate');
    // The confirmation, clicked twice: both requests carry the submission's key.
    const key = { 'idempotency-key': 'patient-form-1b' };
    const [a, b] = await Promise.all([clerk.post('/api/patients', body, key), clerk.post('/api/patients', body, key)]);
    expect(a.status, JSON.stringify(a.body)).to.equal(201);
    expect(b.status, JSON.stringify(b.body)).to.equal(201);
    expect(a.body.id).to.equal(b.body.id);
    expect(a.body.mrn).to.equal(b.body.mrn);
    expect(named('王五')).to.equal(2); // the first one and the confirmed one
    const creates = ts.server.open.raw
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'patient.create' AND patient_id = ?`)
      .get(a.body.id) as { n: number };
    expect(creates.n).to.equal(1);
    // A retry later with the same key gives the same patient again.
    const retry = await clerk.post('/api/patients', body, key);
    expect(retry.body.id).to.equal(a.body.id);
    expect(named('王五')).to.equal(2);
  });

  it('the same key for a different patient is refused; a malformed key is refused; no key still works', async () => {
    const key = { 'idempotency-key': 'patient-form-2' };
    const one = await clerk.post('/api/patients', { name: '赵六', sex: 'F', birthDate: '1991-04-05' }, key);
    expect(one.status).to.equal(201);
    const other = await clerk.post('/api/patients', { name: '钱七', sex: 'F', birthDate: '1992-04-05' }, key);
    expect(other.status).to.equal(409);
    expect(other.body.error.code).to.equal('idempotency_key_reused');
    expect(named('钱七')).to.equal(0);
    const bad = await clerk.post(
      '/api/patients',
      { name: '孙八', sex: 'M', birthDate: '1993-04-05' },
      { 'idempotency-key': 'x y' },
    );
    expect(bad.status).to.equal(400);
    expect(bad.body.error.field).to.equal('Idempotency-Key');
    const none = await clerk.post('/api/patients', { name: '孙八', sex: 'M', birthDate: '1993-04-05' });
    expect(none.status).to.equal(201);
  });
});
