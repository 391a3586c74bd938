// 叫下一位 when nobody waits for this doctor but patients wait for another (issue 9 item 9):
// the answer says who waits for whom (with the list), a ticket registered to another doctor is
// neither called nor started by accident, and a doctor of the clinic takes it over with the
// explicit 转我接诊 — audited, and heard live by the clinic (the other doctor's list) and displays.
import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

describe('queue: who waits for whom, and taking over a patient of the clinic', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let doc1: ApiClient;
  let doc2: ApiClient;
  let listener: RoomListener;
  const snapshot = () =>
    JSON.stringify(
      ['queue_entries', 'visits', 'audit_log'].map((tb) =>
        ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );

  async function register(name: string, departmentId: number, doctorStaffId?: number) {
    const p = await insertPatient(ts, name);
    const r = await w.registrar.client.post(
      '/api/registrations',
      { patientId: p, departmentId, payer: 'cash', ...(doctorStaffId ? { doctorStaffId } : {}), waiveFee: true },
      idem(),
    );
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return {
      entryId: r.body.registration.queueEntryId as number,
      visitId: r.body.visitId as number,
      label: r.body.queueLabel as string,
    };
  }

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    doc1 = w.doctor1.client;
    doc2 = w.doctor2.client;
    listener = await RoomListener.open(ts, doc1.cookie, [`dept:${w.clinicA}`]);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it('叫下一位 with nobody for this doctor says who waits for whom, with the list; nobody at all says so', async () => {
    const empty = await doc2.post('/api/queue/call-next', { departmentId: w.clinicA }, { 'x-lang': 'zh' });
    expect(empty.status).to.equal(409);
    expect(empty.body.error.code).to.equal('queue_empty');
    expect(empty.body.error.message).to.equal('本诊室没有候诊的患者');
    const a = await register('周一', w.clinicA, w.doctor1.staffId);
    const b = await register('周二', w.clinicA, w.doctor1.staffId);
    doc2.lang = 'zh';
    const r = await doc2.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('queue_empty');
    expect(r.body.error.message).to.match(/^没有您的候诊患者;本诊室还有 2 位在等 李明华/);
    expect(r.body.error.details.waiting).to.deep.equal([
      {
        doctorStaffId: w.doctor1.staffId,
        doctorName: '李明华',
        entries: [
          { id: a.entryId, label: a.label, maskedName: '周*' },
          { id: b.entryId, label: b.label, maskedName: '周*' },
        ],
      },
    ]);
    doc2.lang = 'en';
    const en = await doc2.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(en.body.error.message).to.match(/^Nobody is waiting for you; in this clinic 2 for 李明华 are waiting/);
  });

  it(
    'a ticket registered to another doctor is not called or started by a plain call (409 ' +
      'assigned_to_other); nothing changes',
    async () => {
      const c = await register('周三', w.clinicA, w.doctor1.staffId);
      const before = snapshot();
      for (const action of ['call', 'start']) {
        const r = await doc2.post(`/api/queue/${c.entryId}/${action}`);
        expect(r.status, action).to.equal(409);
        expect(r.body.error).to.include({ code: 'assigned_to_other', field: 'doctorStaffId' });
        expect(r.body.error.message).to.contain('李明华');
      }
      expect(snapshot()).to.equal(before);
      // Its own doctor calls it as before.
      const own = await doc1.post(`/api/queue/${c.entryId}/call`);
      expect(own.status).to.equal(200);
    },
  );

  it(
    '转我接诊: a doctor of the clinic takes the ticket — it is theirs and called, audited, and ' +
      'the clinic hears it live',
    async () => {
      const d = await register('周四', w.clinicA, w.doctor1.staffId);
      const r = await doc2.post(`/api/queue/${d.entryId}/take-over`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({
        status: 'called',
        doctorStaffId: w.doctor2.staffId,
        calledByStaffId: w.doctor2.staffId,
        room: '3',
        callCount: 1,
      });
      const ev = await listener.waitFor('queue:ticket-called', { entryId: d.entryId });
      expect(ev.payload).to.include({ status: 'called', room: '3', maskedName: '周*' });
      const audit = auditRows(ts, 'queue.take-over', d.entryId);
      expect(audit).to.have.length(1);
      expect(audit[0]!.summary.changes!.doctorStaffId).to.deep.equal({
        before: w.doctor1.staffId,
        after: w.doctor2.staffId,
      });
      expect(audit[0]!.summary.changes!.status).to.deep.equal({ before: 'waiting', after: 'called' });
      // Then the usual start: the visit is in consultation with the doctor who took it.
      const start = await doc2.post(`/api/queue/${d.entryId}/start`);
      expect(start.status).to.equal(200);
      expect(
        ts.server.open.raw.prepare('SELECT doctor_staff_id FROM visits WHERE id = ?').pluck().get(d.visitId),
      ).to.equal(w.doctor2.staffId);
      // The first doctor's list shows it as the other doctor's now.
      const list = await doc1.get(`/api/queue?departmentId=${w.clinicA}`);
      expect(list.body.items.find((x: { id: number }) => x.id === d.entryId)).to.include({
        doctorStaffId: w.doctor2.staffId,
        status: 'in_consultation',
      });
    },
  );

  it(
    'refuses a take-over by a doctor not of the clinic (403), of a called ticket (409), and ' + 'changes nothing',
    async () => {
      const outsider = await userViaApi(ts, admin, ['doctor'], { departmentId: w.clinicB });
      const e = await register('周五', w.clinicA, w.doctor1.staffId);
      const before = snapshot();
      const r = await outsider.client.post(`/api/queue/${e.entryId}/take-over`);
      expect(r.status).to.equal(403);
      expect(r.body.error.code).to.equal('not_clinic_doctor');
      expect(snapshot()).to.equal(before);
      await doc1.post(`/api/queue/${e.entryId}/call`);
      const called = await doc2.post(`/api/queue/${e.entryId}/take-over`);
      expect(called.status).to.equal(409);
      expect(called.body.error.code).to.equal('already_called');
      // A doctor of the department who is not on the roster may take over (doctor 3).
      const f = await register('周六', w.clinicA, w.doctor1.staffId);
      const by3 = await w.doctor3.client.post(`/api/queue/${f.entryId}/take-over`);
      expect(by3.status).to.equal(200);
      expect(by3.body.doctorStaffId).to.equal(w.doctor3.staffId);
    },
  );
});
