// 签名 from the doctor's screen (issue 9 item 7): a diagnosis picked but not yet saved with
// 保存病历 counts, because signing saves the record, the prescription on the screen and the
// signature in one transaction; a refused signature leaves no draft behind; and the duplicate
// check never flags a line against itself or against the order's own saved draft.
import { expect } from 'chai';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { insertPatient, key, openVisit, seedDoctorWorld, type DoctorFixture } from '../../../test/helpers/doctor.js';

describe('signing from the visit: record + prescription + signature in one go', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let f: DoctorFixture;
  let doc: ApiClient;
  const count = (sql: string, ...args: unknown[]) => (ts.server.open.raw.prepare(sql).get(...args) as { n: number }).n;
  const line = () => ({ itemId: f.items.VC!, dose: '0.1', doseUnit: 'g', frequency: 'tid', route: 'po', days: 3 });
  const order = () => ({ kind: 'western', pharmacyId: f.pharmacyId, lines: [line()] });
  const record = (version: number, diagnoses: Array<{ code: string }>) => ({
    chiefComplaint: '咳嗽三天',
    history: null,
    examination: null,
    notes: null,
    diagnoses,
    version,
  });

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    doc = f.doctor.client;
  });
  after(async () => ts.stop());

  it(
    'a picked diagnosis that was never saved counts: the record, the draft and the signature ' + 'land together',
    async () => {
      const patientId = await insertPatient(ts, '王一');
      const v = await openVisit(doc, f.clinicId, patientId, false);
      const r = await doc.post(
        `/api/visits/${v.id}/sign-order`,
        { record: record(v.version, [{ code: 'J06.900' }]), order: order() },
        key(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ status: 'signed', visitId: v.id });
      expect(r.body.lines).to.have.length(1);
      const visit = await doc.get(`/api/visits/${v.id}`);
      expect(visit.body.diagnoses).to.deep.equal([{ code: 'J06.900', name: '急性上呼吸道感染' }]);
      expect(visit.body.chiefComplaint).to.equal('咳嗽三天');
      expect(visit.body.orders.map((o: { status: string }) => o.status)).to.deep.equal(['signed']);
    },
  );

  it(
    'a refused signature (no diagnosis) leaves nothing behind, and the retry with a diagnosis ' + 'flags no duplicate',
    async () => {
      const patientId = await insertPatient(ts, '王二');
      const v = await openVisit(doc, f.clinicId, patientId, false);
      const before = count('SELECT count(*) AS n FROM orders WHERE visit_id = ?', v.id);
      const refused = await doc.post(
        `/api/visits/${v.id}/sign-order`,
        { record: record(v.version, []), order: order() },
        key(),
      );
      expect(refused.status).to.equal(422);
      expect(refused.body.error).to.include({ code: 'diagnosis_required', field: 'diagnoses' });
      expect(count('SELECT count(*) AS n FROM orders WHERE visit_id = ?', v.id)).to.equal(before); // no draft left over
      const again = await doc.post(
        `/api/visits/${v.id}/sign-order`,
        { record: record(v.version, [{ code: 'J06.900' }]), order: order() },
        key(),
      );
      expect(again.status, JSON.stringify(again.body)).to.equal(200);
      expect(again.body.status).to.equal('signed');
    },
  );

  it("a saved draft signed with the editor's lines (the same drugs) is not a duplicate of itself", async () => {
    const patientId = await insertPatient(ts, '王三');
    const v = await openVisit(doc, f.clinicId, patientId, false);
    const draft = await doc.post('/api/orders', { visitId: v.id, ...order() }, key());
    expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
    // The editor's check of its own draft: no duplicate.
    const check = await doc.post('/api/orders/check', { visitId: v.id, ...order(), orderId: draft.body.id });
    expect(check.status).to.equal(200);
    expect(check.body.problems.map((p: { code: string }) => p.code)).to.not.include('duplicate_drug_visit');
    // Signing the draft with what is on the screen, the diagnosis picked but not saved.
    const r = await doc.post(
      `/api/visits/${v.id}/sign-order`,
      {
        record: record(v.version, [{ code: 'J06.900' }]),
        orderId: draft.body.id,
        version: draft.body.version,
        order: order(),
      },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ id: draft.body.id, status: 'signed' });
    expect(count('SELECT count(*) AS n FROM orders WHERE visit_id = ?', v.id)).to.equal(1);
  });

  it('a saved draft is signed as it is without an order body, and another visit cannot sign it', async () => {
    const patientId = await insertPatient(ts, '王四');
    const v = await openVisit(doc, f.clinicId, patientId);
    const draft = await doc.post('/api/orders', { visitId: v.id, ...order() }, key());
    const otherPatient = await insertPatient(ts, '王五');
    const w = await openVisit(doc, f.clinicId, otherPatient);
    const wrong = await doc.post(
      `/api/visits/${w.id}/sign-order`,
      { orderId: draft.body.id, version: draft.body.version },
      key(),
    );
    expect(wrong.status).to.equal(404);
    expect(wrong.body.error.field).to.equal('orderId');
    const r = await doc.post(
      `/api/visits/${v.id}/sign-order`,
      { orderId: draft.body.id, version: draft.body.version },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.status).to.equal('signed');
  });

  it(
    'refuses another doctor, a body without an order, and an orderId without its version — ' + 'changing nothing',
    async () => {
      const patientId = await insertPatient(ts, '王六');
      const v = await openVisit(doc, f.clinicId, patientId, false);
      const snap = () =>
        count('SELECT count(*) AS n FROM orders') + ':' + count('SELECT version AS n FROM visits WHERE id = ?', v.id);
      const before = snap();
      const other = await f.other.client.post(
        `/api/visits/${v.id}/sign-order`,
        { record: record(v.version, [{ code: 'J06.900' }]), order: order() },
        key(),
      );
      expect(other.status).to.equal(403);
      doc.lang = 'zh';
      const none = await doc.post(
        `/api/visits/${v.id}/sign-order`,
        { record: record(v.version, [{ code: 'J06.900' }]) },
        key(),
      );
      expect(none.status).to.equal(422);
      expect(none.body.error.field).to.equal('order');
      expect(none.body.error.message).to.equal('请给出要签名的处方');
      const half = await doc.post(`/api/visits/${v.id}/sign-order`, { orderId: 1, order: order() }, key());
      expect(half.status).to.equal(422);
      expect(half.body.error.field).to.equal('version');
      doc.lang = 'en';
      expect(snap()).to.equal(before);
    },
  );
});
