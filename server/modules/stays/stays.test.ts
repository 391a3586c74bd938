// Admission (入院登记) and deposits (预交金) over real HTTP, SQLite and Socket.IO, as the cashier works:
// bad input names its field and writes nothing, permissions, double submits, two cashiers at once, the
// deposit ledger and its cache, cancellation rules, the edit with version and audit, ward settings.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { RoomListener } from '../../../test/helpers/admin.js';
import { factories, type Factories, type UserMade } from '../../../test/helpers/factories.js';
import { ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';

const key = () => ({ 'Idempotency-Key': randomUUID() });
type Json = Record<string, any>;

describe('stays API: admission and deposits', () => {
  let ts: TestServer;
  let f: Factories;
  let cashier: UserMade;
  let cashier2: UserMade;
  let doctor: UserMade;
  let ward: { id: number; name: string };
  let clinic: { id: number };
  // 2026-12-09 09:00 in Asia/Shanghai.
  const clock = new ManualClock(Date.UTC(2026, 11, 9, 1, 0, 0));

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ clock });
    f = await factories(ts);
    ward = await f.department({ kind: 'ward' });
    clinic = await f.department({ kind: 'clinic' });
    cashier = await f.user(['registrar']);
    cashier2 = await f.user(['registrar']);
    doctor = await f.user(['doctor'], { departmentId: ward.id });
    await f.diagnosis('J18.900', '肺炎');
    await f.diagnosis('I10.X00', '高血压');
  });
  after(async () => ts.stop());

  const raw = () => ts.server.open.raw;
  const snapshot = () =>
    JSON.stringify(
      ['inpatient_stays', 'stay_deposits', 'ward_settings', 'print_jobs'].map((t) =>
        raw().prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
      ),
    );
  const body = (patientId: number, v: Json = {}): Json => ({
    patientId,
    wardId: ward.id,
    admissionWay: 'outpatient',
    admissionCondition: 'general',
    outpatientDiagCode: 'i10.x00',
    admissionDiagCode: 'J18.900',
    attendingDoctorId: doctor.staffId,
    residentDoctorId: doctor.staffId,
    patientType: 'self',
    contactName: '王芳',
    contactRelation: '女儿',
    contactPhone: '13800001111',
    ...v,
  });
  async function admit(v: Json = {}): Promise<Json> {
    const p = await f.patient();
    const r = await cashier.client.post('/api/stays', body(p.id, v), key());
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  }
  /** Cache = Σ rows, for every stay. */
  const cacheMatchesRows = () =>
    raw()
      .prepare(
        `SELECT s.id FROM inpatient_stays s
          WHERE s.deposits_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM stay_deposits d WHERE d.stay_id = s.id)`,
      )
      .all();

  it('admits with a first deposit: 住院号, receipt, names copied from the dictionaries, audit, print job', async () => {
    const p = await f.patient({ name: '李住院' });
    const listener = await RoomListener.open(ts, cashier.client.cookie, ['cashier']);
    try {
      const r = await cashier.client.post(
        '/api/stays',
        body(p.id, { deposit: { amountFen: 200_000, method: 'wechat', reference: 'WX123' } }),
        key(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      const s = r.body;
      expect(s.summary.stayNo).to.match(/^2026\d{5}$/);
      expect(s.summary.state).to.equal('pending');
      expect(s.summary.patient.name).to.equal('李住院');
      expect(s.summary.balance).to.deep.include({ depositsFen: 200_000, balanceFen: 200_000, warning: false });
      expect(s.admissionDiagName).to.equal('肺炎');
      expect(s.outpatientDiagCode).to.equal('I10.X00');
      expect(s.attendingDoctor).to.deep.equal({ id: doctor.staffId, name: '测试医生' });
      expect(s.deposits).to.have.length(1);
      expect(s.deposits[0]).to.deep.include({
        amountFen: 200_000,
        method: 'wechat',
        reference: 'WX123',
        settled: false,
      });
      expect(s.deposits[0].receiptNo).to.match(/^YJ\d{8}$/);
      expect(s.print).to.deep.include({ layout: 'deposit-receipt', outcome: 'no_workstation' });
      const job = raw().prepare(`SELECT * FROM print_jobs WHERE id = ?`).get(s.print.jobId) as Json;
      expect(JSON.parse(job.payload_json)).to.deep.include({ stayNo: s.summary.stayNo, amountFen: 200_000 });
      const audits = raw()
        .prepare(`SELECT action FROM audit_log WHERE action LIKE 'stay.%' AND patient_id = ? ORDER BY id`)
        .all(p.id) as Json[];
      expect(audits.map((a) => a.action)).to.deep.equal(['stay.admit', 'stay.deposit']);
      // Opening the stay is a read of the patient's record: audited.
      const read = await cashier.client.get(`/api/stays/${s.summary.id}`);
      expect(read.status).to.equal(200);
      const reads = raw()
        .prepare(`SELECT summary_json FROM audit_log WHERE action = 'patient.read' AND patient_id = ?`)
        .all(p.id) as Json[];
      expect(reads.map((r) => JSON.parse(r.summary_json).what)).to.deep.equal([`stay ${s.summary.stayNo}`]);
      const ev = await listener.waitFor('stay:changed', { action: 'admitted' });
      expect((ev.payload as Json).stay.id).to.equal(s.summary.id);
    } finally {
      listener.close();
    }
  });

  it('bad input names the field and writes nothing', async () => {
    const p = await f.patient();
    const before = snapshot();
    const cases: Array<[Json, string]> = [
      [{ admissionDiagCode: undefined }, 'admissionDiagCode'],
      [{ admissionDiagCode: 'Z99.999' }, 'admissionDiagCode'],
      [{ outpatientDiagCode: 'NOPE' }, 'outpatientDiagCode'],
      [{ wardId: clinic.id }, 'wardId'],
      [{ deptId: 999_999 }, 'deptId'],
      [{ attendingDoctorId: 999_999 }, 'attendingDoctorId'],
      [{ admissionWay: 'walk' }, 'admissionWay'],
      [{ patientType: 'vip' }, 'patientType'],
      [{ contactPhone: 'abc' }, 'contactPhone'],
      [{ admittedAt: clock.now() + 86_400_000 }, 'admittedAt'],
      [{ guaranteeFen: 50_000, guarantorName: '村委会' }, 'guaranteeApproverId'],
      [{ guaranteeFen: 50_000, guaranteeApproverId: doctor.staffId }, 'guarantorName'],
      [{ deposit: { amountFen: 0, method: 'cash' } }, 'deposit.amountFen'],
      [{ deposit: { amountFen: 100, method: 'cheque' } }, 'deposit.reference'],
      [{ deposit: { amountFen: 100, method: 'gold' } }, 'deposit.method'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [v, field] of cases) {
      const r = await cashier.client.post('/api/stays', body(p.id, v), key());
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).to.be.oneOf([400, 422]);
      expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
      expect(r.body.error.message).to.be.a('string').and.not.equal('');
    }
    const unknown = await cashier.client.post('/api/stays', body(999_999), key());
    expect([unknown.status, unknown.body.error.field]).to.deep.equal([404, 'patientId']);
    // In Chinese too.
    cashier.client.lang = 'zh';
    const zh = await cashier.client.post('/api/stays', body(p.id, { admissionDiagCode: 'Z99.999' }), key());
    cashier.client.lang = 'en';
    expect(zh.body.error.message).to.contain('入院诊断');
    expect(snapshot()).to.equal(before);
  });

  it('needs inpatient.admit (403 for a doctor), and a key on every POST', async () => {
    const p = await f.patient();
    const r = await doctor.client.post('/api/stays', body(p.id), key());
    expect(r.status).to.equal(403);
    const list = await doctor.client.get('/api/stays');
    expect(list.status).to.equal(403);
    const noKey = await cashier.client.post('/api/stays', body(p.id));
    expect(noKey.status).to.equal(400);
  });

  it('one open stay per patient: 409 naming the open stay; a double submit admits once', async () => {
    const p = await f.patient();
    const k = key();
    const a = await cashier.client.post('/api/stays', body(p.id), k);
    const b = await cashier.client.post('/api/stays', body(p.id), k);
    expect(a.status).to.equal(201);
    expect(b.status).to.equal(201);
    expect(b.body.summary.id).to.equal(a.body.summary.id);
    const again = await cashier.client.post('/api/stays', body(p.id), key());
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('stay_open');
    expect(again.body.error.message).to.contain(a.body.summary.stayNo);
    const n = raw().prepare(`SELECT count(*) AS n FROM inpatient_stays WHERE patient_id = ?`).get(p.id) as Json;
    expect(n.n).to.equal(1);
  });

  it('two cashiers admitting the same patient at once: one stay, the other told', async () => {
    const p = await f.patient();
    const [a, b] = await Promise.all([
      cashier.client.post('/api/stays', body(p.id), key()),
      cashier2.client.post('/api/stays', body(p.id), key()),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([201, 409]);
    const n = raw().prepare(`SELECT count(*) AS n FROM inpatient_stays WHERE patient_id = ?`).get(p.id) as Json;
    expect(n.n).to.equal(1);
  });

  it('deposits: receipts, a whole-receipt refund once, the cache equals the rows', async () => {
    const s = await admit();
    const id = s.summary.id;
    const d1 = await cashier.client.post(`/api/stays/${id}/deposits`, { amountFen: 100_000, method: 'cash' }, key());
    expect(d1.status, JSON.stringify(d1.body)).to.equal(201);
    const d2 = await cashier2.client.post(
      `/api/stays/${id}/deposits`,
      { amountFen: 50_000, method: 'transfer', reference: 'TR-1' },
      key(),
    );
    expect(d2.status).to.equal(201);
    expect(d2.body.summary.balance.depositsFen).to.equal(150_000);
    const noRef = await cashier.client.post(`/api/stays/${id}/deposits`, { amountFen: 1, method: 'cheque' }, key());
    expect([noRef.status, noRef.body.error.field]).to.deep.equal([422, 'reference']);
    const first = d2.body.deposits[0];
    // Refund the first receipt whole; reason required.
    const noReason = await cashier.client.post(`/api/stays/${id}/deposits/${first.id}/reverse`, { reason: ' ' }, key());
    expect([noReason.status, noReason.body.error.field]).to.deep.equal([422, 'reason']);
    const k = key();
    const rev = await cashier.client.post(`/api/stays/${id}/deposits/${first.id}/reverse`, { reason: '家属要求' }, k);
    expect(rev.status, JSON.stringify(rev.body)).to.equal(201);
    const twice = await cashier.client.post(`/api/stays/${id}/deposits/${first.id}/reverse`, { reason: '家属要求' }, k);
    expect(twice.body.deposits).to.have.length(3);
    expect(rev.body.summary.balance.depositsFen).to.equal(50_000);
    const reversal = rev.body.deposits[2];
    expect(reversal).to.deep.include({ amountFen: -100_000, reversesId: first.id, reason: '家属要求', method: 'cash' });
    expect(rev.body.deposits[0].reversedById).to.equal(reversal.id);
    const again = await cashier.client.post(`/api/stays/${id}/deposits/${first.id}/reverse`, { reason: 'x' }, key());
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'deposit_reversed']);
    const ofReversal = await cashier.client.post(
      `/api/stays/${id}/deposits/${reversal.id}/reverse`,
      { reason: 'x' },
      key(),
    );
    expect([ofReversal.status, ofReversal.body.error.code]).to.deep.equal([409, 'deposit_is_reversal']);
    const otherStay = await cashier.client.post(
      `/api/stays/${id + 100_000}/deposits/${first.id}/reverse`,
      { reason: 'x' },
      key(),
    );
    expect(otherStay.status).to.equal(404);
    // A settled receipt is refused (the settlement, later, sets settlement_id).
    raw().prepare(`UPDATE stay_deposits SET settlement_id = 1 WHERE id = ?`).run(d2.body.deposits[1].id);
    const settled = await cashier.client.post(
      `/api/stays/${id}/deposits/${d2.body.deposits[1].id}/reverse`,
      { reason: 'x' },
      key(),
    );
    expect([settled.status, settled.body.error.code]).to.deep.equal([409, 'deposit_settled']);
    // The ledger refuses edits and deletes.
    expect(() => raw().prepare(`UPDATE stay_deposits SET amount_fen = 1 WHERE id = ?`).run(first.id)).to.throw();
    expect(() => raw().prepare(`DELETE FROM stay_deposits WHERE id = ?`).run(first.id)).to.throw();
    expect(cacheMatchesRows()).to.deep.equal([]);
  });

  it('two cashiers refunding the same receipt at once: one refund', async () => {
    const s = await admit({ deposit: { amountFen: 30_000, method: 'cash' } });
    const d = s.deposits[0];
    const url = `/api/stays/${s.summary.id}/deposits/${d.id}/reverse`;
    const [a, b] = await Promise.all([
      cashier.client.post(url, { reason: '退' }, key()),
      cashier2.client.post(url, { reason: '退' }, key()),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([201, 409]);
    const n = raw().prepare(`SELECT count(*) AS n FROM stay_deposits WHERE reverses_id = ?`).get(d.id) as Json;
    expect(n.n).to.equal(1);
    expect(cacheMatchesRows()).to.deep.equal([]);
  });

  it('cancel: only pending with no deposits and no charges, reason required; then nothing more', async () => {
    const s = await admit({ deposit: { amountFen: 10_000, method: 'cash' } });
    const id = s.summary.id;
    const v = s.summary.version;
    const noReason = await cashier.client.post(`/api/stays/${id}/cancel`, { version: v }, key());
    expect([noReason.status, noReason.body.error.field]).to.deep.equal([422, 'reason']);
    const held = await cashier.client.post(`/api/stays/${id}/cancel`, { version: v, reason: '不住了' }, key());
    expect([held.status, held.body.error.code]).to.deep.equal([409, 'stay_has_deposits']);
    await cashier.client.post(`/api/stays/${id}/deposits/${s.deposits[0].id}/reverse`, { reason: '取消入院' }, key());
    const stale = await cashier.client.post(`/api/stays/${id}/cancel`, { version: v + 5, reason: '不住了' }, key());
    expect([stale.status, stale.body.error.code]).to.deep.equal([409, 'stale_version']);
    const ok = await cashier.client.post(`/api/stays/${id}/cancel`, { version: v, reason: '不住了' }, key());
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.summary.state).to.equal('cancelled');
    expect(ok.body.cancelReason).to.equal('不住了');
    const dep = await cashier.client.post(`/api/stays/${id}/deposits`, { amountFen: 100, method: 'cash' }, key());
    expect([dep.status, dep.body.error.code]).to.deep.equal([409, 'stay_closed']);
    // The patient may be admitted again.
    const again = await cashier.client.post('/api/stays', body(s.summary.patient.id), key());
    expect(again.status).to.equal(201);
    // A charged stay cannot be cancelled.
    const c = await admit();
    raw().prepare(`UPDATE inpatient_stays SET charge_writes = 1 WHERE id = ?`).run(c.summary.id);
    const charged = await cashier.client.post(
      `/api/stays/${c.summary.id}/cancel`,
      { version: c.summary.version, reason: 'x' },
      key(),
    );
    expect([charged.status, charged.body.error.code]).to.deep.equal([409, 'stay_has_charges']);
  });

  it('edit: contact, doctors, diagnosis, guarantee with approver; version checked; audited before/after', async () => {
    const s = await admit();
    const id = s.summary.id;
    const noApprover = await cashier.client.patch(`/api/stays/${id}`, {
      version: s.summary.version,
      guaranteeFen: 80_000,
      guarantorName: '村委会',
    });
    expect([noApprover.status, noApprover.body.error.field]).to.deep.equal([422, 'guaranteeApproverId']);
    const r = await cashier.client.patch(`/api/stays/${id}`, {
      version: s.summary.version,
      contactPhone: '13900002222',
      admissionDiagCode: 'I10.X00',
      guaranteeFen: 80_000,
      guarantorName: '村委会',
      guaranteeApproverId: doctor.staffId,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.deep.include({ contactPhone: '13900002222', admissionDiagName: '高血压', guaranteeFen: 80_000 });
    expect(r.body.summary.balance.balanceFen).to.equal(80_000);
    expect(r.body.summary.version).to.equal(s.summary.version + 1);
    const audit = raw()
      .prepare(`SELECT summary_json FROM audit_log WHERE action = 'stay.update.guarantee' AND entity_id = ?`)
      .get(String(id)) as Json;
    const changes = JSON.parse(audit.summary_json).changes;
    expect(changes.guarantee_fen).to.deep.equal({ before: 0, after: 80_000 });
    expect(changes.contact_phone.after).to.equal('13900002222');
    const stale = await cashier.client.patch(`/api/stays/${id}`, { version: s.summary.version, remark: 'x' });
    expect([stale.status, stale.body.error.code]).to.deep.equal([409, 'stale_version']);
  });

  it('lists open stays by ward, by 住院号, name or pinyin', async () => {
    const s = await admit();
    const byNo = await cashier.client.get(`/api/stays?q=${s.summary.stayNo}`);
    expect(byNo.body.items.map((x: Json) => x.id)).to.deep.equal([s.summary.id]);
    const p = await f.patient({ name: '欧阳住院' });
    await cashier.client.post('/api/stays', body(p.id), key());
    const byPinyin = await cashier.client.get('/api/stays?q=oyzy&state=open');
    expect(byPinyin.body.items.map((x: Json) => x.patient.name)).to.include('欧阳住院');
    const byWard = await cashier.client.get(`/api/stays?wardId=${ward.id}&state=pending`);
    expect(byWard.body.items.length).to.be.greaterThan(3);
    expect(byWard.body.items.every((x: Json) => x.state === 'pending')).to.equal(true);
    const bad = await cashier.client.get('/api/stays?state=gone');
    expect([bad.status, bad.body.error.field]).to.deep.equal([422, 'state']);
  });

  it('ward settings: defaults, saved by inpatient.wards only, warning not below the limit', async () => {
    const d = await cashier.client.get(`/api/wards/${ward.id}/settings`);
    expect(d.body).to.deep.include({ warningLineFen: 50_000, arrearsLimitFen: -100_000, saved: false });
    const denied = await cashier.client.put(`/api/wards/${ward.id}/settings`, {
      warningLineFen: 1,
      arrearsLimitFen: 0,
    });
    expect(denied.status).to.equal(403);
    const positive = await f.admin.put(`/api/wards/${ward.id}/settings`, { warningLineFen: 1, arrearsLimitFen: 10 });
    expect([positive.status, positive.body.error.field]).to.deep.equal([422, 'arrearsLimitFen']);
    const crossed = await f.admin.put(`/api/wards/${ward.id}/settings`, {
      warningLineFen: -200_000,
      arrearsLimitFen: -100_000,
    });
    expect([crossed.status, crossed.body.error.field]).to.deep.equal([422, 'warningLineFen']);
    const notWard = await f.admin.get(`/api/wards/${clinic.id}/settings`);
    expect(notWard.status).to.equal(404);
    const ok = await f.admin.put(`/api/wards/${ward.id}/settings`, {
      warningLineFen: 300_000,
      arrearsLimitFen: -50_000,
    });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.include({ warningLineFen: 300_000, saved: true });
    // The ward's stays are judged anew: a balance of 0 is now under the 3000.00 warning line.
    const list = await cashier.client.get(`/api/stays?wardId=${ward.id}&state=open`);
    expect(list.body.items.every((x: Json) => x.balance.warningLineFen === 300_000)).to.equal(true);
  });
});
