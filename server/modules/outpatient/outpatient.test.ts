import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { key, openVisit, seedDoctorWorld, type DoctorFixture } from '../../../test/helpers/doctor.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

const TABLES = ['visits', 'orders', 'order_lines', 'queue_entries', 'event_log', 'idempotency_keys'];

describe('outpatient visits API (walk-in, record, finish, past visits)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let f: DoctorFixture;
  let doc: ApiClient;
  let dept: RoomListener;
  const snap = () =>
    JSON.stringify(TABLES.map((tb) => ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()));

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    doc = f.doctor.client;
    dept = await RoomListener.open(ts, f.other.client.cookie, [`dept:${f.clinicId}`]);
  });
  after(async () => {
    dept.close();
    await ts.stop();
  });

  let visitId: number;

  it(
    'starts a walk-in visit (无号接诊) in consultation with this doctor, once per key and once ' + 'per open visit',
    async () => {
      const k = key();
      const r = await doc.post('/api/visits/walk-in', { patientId: f.patientId, departmentId: f.clinicId }, k);
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.include({
        kind: 'walk_in',
        status: 'in_consultation',
        doctorStaffId: f.doctor.staffId,
        doctorName: '李医生',
        queueLabel: null,
        patientId: f.patientId,
        version: 1,
      });
      expect(r.body.patient).to.include({ name: '张三', sex: 'M', age: r.body.patient.age });
      expect(r.body.patient.allergies).to.deep.equal(['青霉素']);
      expect(r.body.startedAt).to.be.a('number');
      visitId = r.body.id;
      const again = await doc.post('/api/visits/walk-in', { patientId: f.patientId, departmentId: f.clinicId }, k);
      expect(again.body.id).to.equal(visitId);
      const other = await doc.post('/api/visits/walk-in', { patientId: f.patientId, departmentId: f.clinicId }, key());
      expect(other.body.id).to.equal(visitId);
      expect(
        (
          ts.server.open.raw.prepare('SELECT count(*) AS n FROM visits WHERE patient_id = ?').get(f.patientId) as {
            n: number;
          }
        ).n,
      ).to.equal(1);
      const ev = await dept.waitFor('visit:started', { visitId });
      expect(ev.payload).to.deep.equal({
        visitId,
        patientId: f.patientId,
        departmentId: f.clinicId,
        doctorStaffId: f.doctor.staffId,
        status: 'in_consultation',
      });
      expect(auditRows(ts, 'visit.walk-in', visitId)).to.have.length(1);
    },
  );

  it('refuses bad walk-ins: unknown patient, a department that is not a clinic, unknown fields, no key', async () => {
    const ph = await userViaApi(ts, admin, ['pharmacist']);
    const before = snap();
    const cases: Array<[unknown, number, string]> = [
      [{ patientId: 999999, departmentId: f.clinicId }, 404, 'patientId'],
      [{ patientId: f.patientId, departmentId: f.pharmacyId }, 422, 'departmentId'],
      [{ patientId: f.patientId, departmentId: 999999 }, 422, 'departmentId'],
      [{ patientId: f.patientId }, 422, 'departmentId'],
      [{ patientId: 'x', departmentId: f.clinicId }, 422, 'patientId'],
      [{ patientId: f.patientId, departmentId: f.clinicId, doctorId: 1 }, 422, 'doctorId'],
    ];
    for (const [body, status, field] of cases) {
      const r = await doc.post('/api/visits/walk-in', body, key());
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    expect(
      (await doc.post('/api/visits/walk-in', { patientId: f.patientId, departmentId: f.clinicId })).status,
    ).to.equal(400);
    expect(
      (await ph.client.post('/api/visits/walk-in', { patientId: f.patientId, departmentId: f.clinicId }, key())).status,
    ).to.equal(403);
    expect(snap()).to.equal(before);
  });

  it('records complaint, history, examination, notes and catalog diagnoses (names from the catalog)', async () => {
    const r = await doc.put(`/api/visits/${visitId}/record`, {
      chiefComplaint: '咳嗽、咽痛三天',
      history: '无特殊',
      examination: 'T 37.8℃,咽部充血',
      notes: '',
      diagnoses: [{ code: 'j06.900', name: '随便写的名字' }, { code: 'I10.X00' }],
      version: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ chiefComplaint: '咳嗽、咽痛三天', notes: null, version: 2 });
    expect(r.body.diagnoses).to.deep.equal([
      { code: 'J06.900', name: '急性上呼吸道感染' },
      { code: 'I10.X00', name: '原发性高血压' },
    ]);
    const [a] = auditRows(ts, 'visit.record', visitId);
    expect(a!.summary.changes!.chiefComplaint).to.deep.equal({ before: null, after: '咳嗽、咽痛三天' });
  });

  it('refuses unknown diagnoses, stale versions, another doctor, and writes nothing', async () => {
    const base = { chiefComplaint: 'x', history: null, examination: null, notes: null, diagnoses: [], version: 2 };
    const before = snap();
    let r = await doc.put(`/api/visits/${visitId}/record`, {
      ...base,
      diagnoses: [{ code: 'J06.900' }, { code: 'ZZZ.999' }],
    });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('diagnoses.1.code');
    r = await doc.put(`/api/visits/${visitId}/record`, {
      ...base,
      diagnoses: [{ code: 'J06.900' }, { code: 'J06.900' }],
    });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('diagnoses.1.code');
    r = await doc.put(`/api/visits/${visitId}/record`, { ...base, version: 1 });
    expect(r.status).to.equal(409);
    expect(r.body.error).to.include({ code: 'stale_version', field: 'version' });
    r = await f.other.client.put(`/api/visits/${visitId}/record`, base);
    expect(r.status).to.equal(403);
    expect(r.body.error.code).to.equal('not_your_visit');
    r = await doc.put(`/api/visits/${visitId}/record`, { ...base, version: undefined });
    expect(r.status).to.equal(422);
    r = await doc.put(`/api/visits/${visitId}/record`, { ...base, chiefComplaint: 'x'.repeat(501) });
    expect(r.body.error.field).to.equal('chiefComplaint');
    r = await doc.put(`/api/visits/999999/record`, base);
    expect(r.status).to.equal(404);
    expect(snap()).to.equal(before);
  });

  it('shows the visit with patient and orders (audited read), and the patient history', async () => {
    const o = await doc.post(
      '/api/orders',
      {
        visitId,
        kind: 'western',
        pharmacyId: f.pharmacyId,
        lines: [{ itemId: f.items.MET, dose: '0.5', doseUnit: 'g', frequency: 'bid', route: 'po', days: 7 }],
      },
      key(),
    );
    expect(o.status).to.equal(201);
    const s = await doc.post(`/api/orders/${o.body.id}/sign`, { version: 1 }, key());
    expect(s.status).to.equal(200);
    const v = await doc.get(`/api/visits/${visitId}`);
    expect(v.status).to.equal(200);
    expect(v.body.orders).to.have.length(1);
    expect(v.body.orders[0]).to.include({ status: 'signed', totalFen: 560 });
    expect(v.body.orders[0].lines[0]).to.include({ name: '二甲双胍片', quantity: 28, onHand: 100 });
    const reads = ts.server.open.raw
      .prepare("SELECT * FROM audit_log WHERE action = 'patient.read' AND patient_id = ? AND user_id = ?")
      .all(f.patientId, f.doctor.userId);
    expect(reads.length).to.be.greaterThan(0);
    const h = await doc.get(`/api/visits?patientId=${f.patientId}`);
    expect(h.status).to.equal(200);
    expect(h.body.items).to.have.length(1);
    expect(h.body.items[0]).to.include({
      id: visitId,
      departmentName: ts.server.open.raw
        .prepare('SELECT name FROM departments WHERE id = ?')
        .pluck()
        .get(f.clinicId) as string,
      doctorName: '李医生',
    });
    expect(h.body.items[0].diagnoses[0].name).to.equal('急性上呼吸道感染');
    expect(h.body.items[0].orders[0].lines[0].name).to.equal('二甲双胍片');
    const mine = await doc.get('/api/visits?mine=open');
    expect(mine.body.items.map((x: { id: number }) => x.id)).to.include(visitId);
    expect((await doc.get('/api/visits')).status).to.equal(422);
    expect((await doc.get('/api/visits?patientId=999999')).status).to.equal(404);
    expect((await doc.get('/api/visits?patientId=abc')).status).to.equal(422);
  });

  it(
    'will not finish with unsigned drafts; finishes, marks the queue entry done, and refuses ' + 'later changes',
    async () => {
      const d = await doc.post('/api/orders', { visitId, kind: 'service', lines: [{ itemId: f.items.CBC }] }, key());
      expect(d.status).to.equal(201);
      const before = snap();
      const blocked = await doc.post(`/api/visits/${visitId}/finish`, {});
      expect(blocked.status).to.equal(409);
      expect(blocked.body.error.code).to.equal('drafts_open');
      expect((await f.other.client.post(`/api/visits/${visitId}/finish`, {})).status).to.equal(403);
      expect(snap()).to.equal(before);
      await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
      const fin = await doc.post(`/api/visits/${visitId}/finish`, {});
      expect(fin.status, JSON.stringify(fin.body)).to.equal(200);
      expect(fin.body.status).to.equal('finished');
      expect(fin.body.finishedAt).to.be.a('number');
      await dept.waitFor('visit:finished', { visitId });
      const again = await doc.post(`/api/visits/${visitId}/finish`, {});
      expect(again.status).to.equal(200);
      const r = await doc.put(`/api/visits/${visitId}/record`, {
        chiefComplaint: 'x',
        history: null,
        examination: null,
        notes: null,
        diagnoses: [],
        version: fin.body.version,
      });
      expect(r.status).to.equal(409);
      expect(r.body.error.code).to.equal('visit_not_in_consultation');
    },
  );

  it("finishing a registered visit marks its queue entry done (engineer B's finishQueueEntry)", async () => {
    const db = ts.server.modules.db;
    const now = Date.now();
    const day = ts.server.open.raw.prepare('SELECT day FROM visits WHERE id = ?').pluck().get(visitId) as string;
    const v = await db
      .insertInto('visits')
      .values({
        patient_id: f.plainPatientId,
        department_id: f.clinicId,
        doctor_staff_id: f.doctor.staffId,
        day,
        kind: 'registered',
        status: 'in_consultation',
        chief_complaint: null,
        history: null,
        examination: null,
        notes: null,
        started_at: now,
        finished_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('queue_entries')
      .values({
        visit_id: v.id,
        department_id: f.clinicId,
        doctor_staff_id: f.doctor.staffId,
        day,
        queue_no: 7,
        queue_label: 'A007',
        status: 'in_consultation',
        called_by_staff_id: f.doctor.staffId,
        called_at: now,
        room: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const fin = await doc.post(`/api/visits/${v.id}/finish`, {});
    expect(fin.status, JSON.stringify(fin.body)).to.equal(200);
    expect(fin.body.queueLabel).to.equal('A007');
    expect(
      ts.server.open.raw.prepare('SELECT status FROM queue_entries WHERE visit_id = ?').pluck().get(v.id),
    ).to.equal('done');
  });

  it('works with the shared visit fixture helper', async () => {
    const v = await openVisit(doc, f.clinicId, f.plainPatientId);
    expect(v.version).to.equal(2);
  });
});
