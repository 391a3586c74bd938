import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';
import { nextDayStart } from './day.js';
import { maskName } from './mask.js';
import { finishQueueEntry } from './service.js';

function row<T = any>(ts: TestServer, sql: string, ...args: unknown[]): T {
  return ts.server.open.raw.prepare(sql).get(...args) as T;
}

const snapshot = (ts: TestServer) =>
  JSON.stringify(
    ['queue_entries', 'visits', 'event_log', 'audit_log'].map((tb) =>
      ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
    ),
  );

describe('queue API (候诊队列)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let doc1: ApiClient;
  let doc2: ApiClient;
  let listener: RoomListener;

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
      registrationId: r.body.registration.id as number,
    };
  }

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    doc1 = w.doctor1.client;
    doc2 = w.doctor2.client;
    listener = await RoomListener.open(ts, doc1.cookie, [`dept:${w.clinicA}`, `dept:${w.clinicB}`]);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it('masks names for public screens', () => {
    expect(maskName('张三丰')).to.equal('张*丰');
    expect(maskName('张三')).to.equal('张*');
    expect(maskName('欧阳娜娜')).to.equal('欧*娜');
    expect(maskName('李')).to.equal('李*');
  });

  it('knows when the next business day starts in the center’s time zone', () => {
    expect(nextDayStart(Date.UTC(2026, 10, 26, 1, 0, 0), 'Asia/Shanghai')).to.equal(Date.UTC(2026, 10, 26, 16, 0, 0));
    expect(nextDayStart(Date.UTC(2026, 10, 26, 15, 59, 30), 'Asia/Shanghai')).to.equal(
      Date.UTC(2026, 10, 26, 16, 0, 0),
    );
    expect(nextDayStart(Date.UTC(2026, 10, 26, 16, 0, 0), 'Asia/Shanghai')).to.equal(Date.UTC(2026, 10, 27, 16, 0, 0));
    // after the DST switch
    expect(nextDayStart(Date.UTC(2026, 2, 8, 12, 0, 0), 'America/New_York')).to.equal(Date.UTC(2026, 2, 9, 4, 0, 0));
  });

  it('two doctors calling next at the same moment get distinct patients', async () => {
    const a = await register('甲一', w.clinicA);
    const b = await register('乙二', w.clinicA);
    const [r1, r2] = await Promise.all([
      doc1.post('/api/queue/call-next', { departmentId: w.clinicA }),
      doc2.post('/api/queue/call-next', { departmentId: w.clinicA }),
    ]);
    expect(r1.status, JSON.stringify(r1.body)).to.equal(200);
    expect(r2.status, JSON.stringify(r2.body)).to.equal(200);
    expect(new Set([r1.body.id, r2.body.id])).to.deep.equal(new Set([a.entryId, b.entryId]));
    expect(r1.body).to.include({ status: 'called', callCount: 1, calledByStaffId: w.doctor1.staffId });
    expect(r2.body.calledByStaffId).to.equal(w.doctor2.staffId);
    // Each doctor's room: doctor 1 has none on the roster → the clinic's "2"; doctor 2 sits in "3".
    expect(r1.body.room).to.equal('2');
    expect(r2.body.room).to.equal('3');
    const ev = await listener.waitFor('queue:ticket-called', { entryId: r1.body.id });
    const waiting = (ev.payload as { waiting: number }).waiting;
    expect(ev.payload).to.deep.equal({
      entryId: r1.body.id,
      departmentId: w.clinicA,
      label: r1.body.label,
      maskedName: r1.body.maskedName,
      room: '2',
      status: 'called',
      callCount: 1,
      // the row as the doctor's list shows it (no patient data beyond the masked name)
      visitId: r1.body.visitId,
      queueNo: r1.body.queueNo,
      position: r1.body.position,
      doctorStaffId: null,
      doctorName: null,
      calledByStaffId: w.doctor1.staffId,
      calledByName: r1.body.calledByName,
      version: r1.body.version,
      // the clinic's line after the change (the desk's count): the other ticket, unless called first
      day: r1.body.day,
      waiting,
    });
    expect(waiting).to.be.oneOf([0, 1]);
    expect(auditRows(ts, 'queue.call', r1.body.id)).to.have.length(1);
  });

  it(
    'calling an entry another doctor already called is 409 already_called, and so are recall, ' +
      'pass and start by them; nothing changes',
    async () => {
      const c = await register('丙三', w.clinicA);
      const call = await doc1.post(`/api/queue/${c.entryId}/call`);
      expect(call.status).to.equal(200);
      const before = snapshot(ts);
      for (const action of ['call', 'recall', 'pass', 'start']) {
        const r = await doc2.post(`/api/queue/${c.entryId}/${action}`);
        expect(r.status, action).to.equal(409);
        expect(r.body.error.code, action).to.equal('already_called');
      }
      expect(snapshot(ts)).to.equal(before);
    },
  );

  it('recall repeats the call (call_count + 1, queue:ticket-recalled)', async () => {
    const d = await register('丁四', w.clinicB);
    await doc1.post(`/api/queue/${d.entryId}/call`);
    const r = await doc1.post(`/api/queue/${d.entryId}/recall`);
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ status: 'called', callCount: 2 });
    const ev = await listener.waitFor('queue:ticket-recalled', { entryId: d.entryId });
    expect(ev.payload).to.include({ callCount: 2, maskedName: '丁*' });
  });

  it('pass (过号) and requeue put the patient at the back of the line; the number stays', async () => {
    const e1 = await register('戊五', w.clinicB);
    const e2 = await register('己六', w.clinicB);
    // Call-next picks e1 (the first waiting of clinic B).
    const call = await doc1.post('/api/queue/call-next', { departmentId: w.clinicB });
    expect(call.body.id).to.equal(e1.entryId);
    const pass = await doc1.post(`/api/queue/${e1.entryId}/pass`);
    expect(pass.body.status).to.equal('passed');
    await listener.waitFor('queue:ticket-passed', { entryId: e1.entryId });
    // A registration meanwhile: its event counts the clinic's waiting and passed tickets (the desk's count).
    const e3 = await register('庚七', w.clinicB);
    const ev3 = (await listener.waitFor('queue:changed', { entryId: e3.entryId })).payload as { day: string };
    expect(ev3).to.include({ waiting: 3 });
    expect(ev3).to.deep.include(
      ts.server.open.raw
        .prepare(
          'SELECT count(*) AS waiting FROM queue_entries WHERE day = ? AND department_id = ? AND ' +
            "status IN ('waiting', 'passed')",
        )
        .get(ev3.day, w.clinicB),
    );
    const requeue = await doc1.post(`/api/queue/${e1.entryId}/requeue`);
    expect(requeue.status).to.equal(200);
    expect(requeue.body).to.include({ status: 'waiting', label: e1.label });
    // e2 is now ahead of e1.
    const next = await doc1.post('/api/queue/call-next', { departmentId: w.clinicB });
    expect(next.body.id).to.equal(e2.entryId);
    const list = await doc1.get(`/api/queue?departmentId=${w.clinicB}`);
    const waiting = list.body.items.filter((x: any) => x.status === 'waiting').map((x: any) => x.id);
    expect(waiting[waiting.length - 1]).to.equal(e1.entryId);
    // Requeue of a waiting entry is refused.
    const bad = await doc1.post(`/api/queue/${e1.entryId}/requeue`);
    expect(bad.status).to.equal(409);
    expect(bad.body.error.code).to.equal('queue_state');
  });

  it('call-next takes entries assigned to this doctor or to nobody, never another doctor’s', async () => {
    // Clear clinic A's waiting line first.
    while ((await doc1.post('/api/queue/call-next', { departmentId: w.clinicA })).status === 200);
    const forDoc1 = await register('庚七', w.clinicA, w.doctor1.staffId);
    const r = await doc2.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('queue_empty');
    const mine = await doc1.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(mine.body.id).to.equal(forDoc1.entryId);
  });

  it('start begins the consultation (visit in consultation with this doctor) and done ends the entry', async () => {
    const s = await register('辛八', w.clinicB);
    await doc2.post(`/api/queue/${s.entryId}/call`);
    const start = await doc2.post(`/api/queue/${s.entryId}/start`);
    expect(start.status, JSON.stringify(start.body)).to.equal(200);
    expect(start.body).to.include({ status: 'in_consultation', doctorStaffId: w.doctor2.staffId });
    const visit = row(ts, 'SELECT status, doctor_staff_id, started_at FROM visits WHERE id = ?', s.visitId);
    expect(visit).to.deep.equal({
      status: 'in_consultation',
      doctor_staff_id: w.doctor2.staffId,
      started_at: ts.clock.now(),
    });
    const again = await doc2.post(`/api/queue/${s.entryId}/start`);
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('already_started');
    const done = await doc2.post(`/api/queue/${s.entryId}/done`);
    expect(done.body.status).to.equal('done');
    const doneAgain = await doc2.post(`/api/queue/${s.entryId}/done`);
    expect(doneAgain.status).to.equal(409);
  });

  it('finishQueueEntry (for the doctor’s finish transaction) marks the entry done and publishes', async () => {
    const f = await register('壬九', w.clinicB);
    await doc1.post(`/api/queue/${f.entryId}/start`);
    const entry = await ts.server.modules.uow.write((tx) => finishQueueEntry(tx, f.visitId));
    expect(entry!.status).to.equal('done');
    await listener.waitFor('queue:changed', { entryId: f.entryId, status: 'done' });
    expect(await ts.server.modules.uow.write((tx) => finishQueueEntry(tx, 999999))).to.equal(null);
  });

  it(
    'answers 409 queue_empty when nobody waits, 404 for unknown entries, 422 for a department ' +
      'that is not a clinic',
    async () => {
      while ((await doc1.post('/api/queue/call-next', { departmentId: w.clinicB })).status === 200);
      const empty = await doc1.post('/api/queue/call-next', { departmentId: w.clinicB });
      expect(empty.status).to.equal(409);
      expect(empty.body.error.code).to.equal('queue_empty');
      expect((await doc1.post('/api/queue/999999/recall')).status).to.equal(404);
      const ward = await doc1.post('/api/queue/call-next', { departmentId: w.ward });
      expect(ward.status).to.equal(422);
      expect(ward.body.error.field).to.equal('departmentId');
      const bad = await doc1.post('/api/queue/call-next', { departmentId: 'x' });
      expect(bad.status).to.equal(422);
      expect((await doc1.get('/api/queue')).status).to.equal(422);
    },
  );

  it('needs outpatient.consult to read and act (patient names are not for every signed-in user)', async () => {
    const r = await w.registrar.client.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(r.status).to.equal(403);
    expect((await w.registrar.client.get(`/api/queue?departmentId=${w.clinicA}`)).status).to.equal(403);
    const list = await doc1.get(`/api/queue?departmentId=${w.clinicA}`);
    expect(list.status).to.equal(200);
    expect(list.body.items[0]).to.have.keys([
      'id',
      'visitId',
      'patientId',
      'patientName',
      'maskedName',
      'sex',
      'birthDate',
      'mrn',
      'departmentId',
      'departmentName',
      'doctorStaffId',
      'doctorName',
      'calledByStaffId',
      'calledByName',
      'day',
      'queueNo',
      'label',
      'status',
      'callCount',
      'calledAt',
      'room',
      'position',
      'registrationId',
      'payer',
      'visitKind',
      'version',
      'createdAt',
      'updatedAt',
    ]);
  });
});
