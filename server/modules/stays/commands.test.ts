// The commands beds and inpatient-charges build on (issue 12): stayForWrite, setPlacement, addChargeTotal,
// balanceOf, wardSettingsOf, checkArrears, staySummaries — over a real server and SQLite, stays admitted
// through the API as the cashier does.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DomainError } from '../../../core/errors.js';
import { factories, type Factories, type UserMade } from '../../../test/helpers/factories.js';
import { ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import {
  addChargeTotal,
  balanceOf,
  cashierDepositTotals,
  checkArrears,
  setPlacement,
  stayForWrite,
  staySummaries,
  wardSettingsOf,
} from './index.js';

const key = () => ({ 'Idempotency-Key': randomUUID() });

describe('stays commands (for beds and inpatient-charges)', () => {
  let ts: TestServer;
  let f: Factories;
  let cashier: UserMade;
  let doctor: UserMade;
  let ward: { id: number };
  let ward2: { id: number };
  // 2026-12-09 09:00 in Asia/Shanghai.
  const clock = new ManualClock(Date.UTC(2026, 11, 9, 1, 0, 0));

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ clock });
    f = await factories(ts);
    ward = await f.department({ kind: 'ward' });
    ward2 = await f.department({ kind: 'ward' });
    cashier = await f.user(['registrar']);
    doctor = await f.user(['doctor'], { departmentId: ward.id });
    await f.diagnosis('J18.900', '肺炎');
  });
  after(async () => ts.stop());

  const write = <T>(fn: Parameters<typeof ts.server.modules.uow.write<T>>[0]) => ts.server.modules.uow.write(fn);

  async function admit(depositFen = 0): Promise<{ id: number; patientId: number }> {
    const p = await f.patient();
    const r = await cashier.client.post(
      '/api/stays',
      {
        patientId: p.id,
        wardId: ward.id,
        admissionWay: 'outpatient',
        admissionCondition: 'general',
        admissionDiagCode: 'J18.900',
        attendingDoctorId: doctor.staffId,
        patientType: 'self',
        ...(depositFen ? { deposit: { amountFen: depositFen, method: 'cash' } } : {}),
      },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return { id: r.body.summary.id, patientId: p.id };
  }

  it('stayForWrite reads the stay in the transaction, 404 stay_not_found naming stayId', async () => {
    const s = await admit();
    const row = await write((tx) => stayForWrite(tx, s.id));
    expect(row.state).to.equal('pending');
    expect(row.patient_id).to.equal(s.patientId);
    const e = (await write((tx) => stayForWrite(tx, 999_999)).catch((x) => x)) as DomainError;
    expect(e.status).to.equal(404);
    expect(e.code).to.equal('stay_not_found');
    expect(e.field).to.equal('stayId');
  });

  it('setPlacement moves ward, bed, state; bumps the version, audits, pushes; stale and closed refused', async () => {
    const s = await admit();
    const before = await write((tx) => stayForWrite(tx, s.id));
    const after = await write((tx) =>
      setPlacement(tx, s.id, { state: 'in_ward', wardId: ward.id, bedId: 77, nurseId: doctor.staffId }, before.version),
    );
    expect(after.state).to.equal('in_ward');
    expect(after.bed_id).to.equal(77);
    expect(after.nurse_id).to.equal(doctor.staffId);
    expect(after.attending_doctor_id).to.equal(doctor.staffId);
    expect(after.version).to.equal(before.version + 1);
    const raw = ts.server.open.raw;
    const audit = raw
      .prepare(`SELECT * FROM audit_log WHERE action = 'stay.place' AND entity_id = ? ORDER BY id DESC`)
      .get(String(s.id));
    expect(audit).to.not.equal(undefined);
    const ev = raw.prepare(`SELECT * FROM event_log WHERE name = 'stay:changed' ORDER BY seq DESC LIMIT 1`).get() as {
      payload_json: string;
      rooms_json: string;
    };
    expect(JSON.parse(ev.payload_json)).to.deep.include({ action: 'placed' });
    expect(JSON.parse(ev.rooms_json)).to.include.members([`ward:${ward.id}`, 'cashier']);
    // A stale version changes nothing.
    const stale = (await write((tx) =>
      setPlacement(tx, s.id, { state: 'in_ward', wardId: ward.id, bedId: 78 }, before.version),
    ).catch((x) => x)) as DomainError;
    expect(stale.code).to.equal('stale_version');
    expect((await write((tx) => stayForWrite(tx, s.id))).bed_id).to.equal(77);
    // 转科: to the other ward, waiting there (待转入); the room of the ward left hears it too.
    await write((tx) => setPlacement(tx, s.id, { state: 'transferring', wardId: ward2.id, bedId: null }));
    const moved = await write((tx) => stayForWrite(tx, s.id));
    expect([moved.state, moved.ward_id, moved.bed_id, moved.dept_id]).to.deep.equal([
      'transferring',
      ward2.id,
      null,
      ward2.id,
    ]);
    const ev2 = raw.prepare(`SELECT rooms_json FROM event_log ORDER BY seq DESC LIMIT 1`).get() as {
      rooms_json: string;
    };
    expect(JSON.parse(ev2.rooms_json)).to.include.members([`ward:${ward.id}`, `ward:${ward2.id}`]);
    // Not a ward: refused.
    const notWard = (await write((tx) =>
      setPlacement(tx, s.id, { state: 'in_ward', wardId: doctor.staffId + 100_000, bedId: 1 }),
    ).catch((x) => x)) as DomainError;
    expect(notWard.field).to.equal('wardId');
    // A cancelled stay cannot be placed.
    const c = await admit();
    const row = await write((tx) => stayForWrite(tx, c.id));
    const cancel = await cashier.client.post(
      `/api/stays/${c.id}/cancel`,
      { version: row.version, reason: '患者改去县医院' },
      key(),
    );
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    const closed = (await write((tx) => setPlacement(tx, c.id, { state: 'in_ward', wardId: ward.id, bedId: 5 })).catch(
      (x) => x,
    )) as DomainError;
    expect(closed.status).to.equal(409);
    expect(closed.code).to.equal('stay_closed');
  });

  it('addChargeTotal keeps charges_fen and counts the writes; balanceOf and the summaries follow', async () => {
    const s = await admit(100_000);
    await write((tx) => addChargeTotal(tx, s.id, 30_000));
    await write((tx) => addChargeTotal(tx, s.id, -5_000));
    const row = await write((tx) => stayForWrite(tx, s.id));
    expect(row.charges_fen).to.equal(25_000);
    expect(row.charge_writes).to.equal(2);
    expect(row.deposits_fen).to.equal(100_000);
    const b = balanceOf(row);
    expect(b).to.deep.include({ balanceFen: 75_000, warning: false, arrears: false, chargesFen: 25_000 });
    const [sum] = await staySummaries(ts.server.modules.db, { stayIds: [s.id], now: clock.now() });
    expect(sum!.balance.balanceFen).to.equal(75_000);
    expect(sum!.days).to.equal(1);
    expect(sum!.attendingDoctorName).to.equal('测试医生');
    // A charged stay cannot be cancelled, even when its charges are reversed to 0.
    await write((tx) => addChargeTotal(tx, s.id, -25_000));
    const bad = (await write((tx) => addChargeTotal(tx, s.id, 1.5)).catch((x) => x)) as DomainError;
    expect(bad.field).to.equal('deltaFen');
  });

  it('wardSettingsOf gives the defaults, then the saved lines; balanceOf judges against them', async () => {
    const d = await wardSettingsOf(ts.server.modules.db, ward2.id);
    expect(d).to.deep.include({ warningLineFen: 50_000, arrearsLimitFen: -100_000, saved: false });
    const r = await f.admin.put(`/api/wards/${ward2.id}/settings`, {
      warningLineFen: 20_000,
      arrearsLimitFen: -50_000,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const s = await wardSettingsOf(ts.server.modules.db, ward2.id);
    expect(s).to.deep.include({ warningLineFen: 20_000, arrearsLimitFen: -50_000, saved: true });
    const money = { deposits_fen: 10_000, charges_fen: 70_000, guarantee_fen: 0 };
    expect(balanceOf(money, s)).to.deep.include({ balanceFen: -60_000, warning: true, arrears: true });
    expect(balanceOf(money)).to.deep.include({ warning: true, arrears: false });
  });

  it('checkArrears refuses a charge below the ward arrears limit unless emergency', async () => {
    const s = await admit(10_000);
    // Default limit −1000.00: a balance of 100.00 takes up to 1100.00.
    await write(async (tx) => checkArrears(tx, await stayForWrite(tx, s.id), 110_000, false));
    const e = (await write(async (tx) => checkArrears(tx, await stayForWrite(tx, s.id), 110_001, false)).catch(
      (x) => x,
    )) as DomainError;
    expect(e.status).to.equal(422);
    expect(e.code).to.equal('arrears_limit');
    expect(e.text.zh).to.match(/^您已欠费/);
    expect(e.text.zh).to.contain('-1000.00');
    await write(async (tx) => checkArrears(tx, await stayForWrite(tx, s.id), 500_000, true));
  });

  it('cashierDepositTotals: deposits and refunds of a cashier in a period, by method (handover)', async () => {
    // A cashier of her own (the clock stands still: every test's deposits share its instant).
    const c = await f.user(['registrar']);
    const from = clock.now();
    const s = await admit(40_000);
    const r = await cashier.client.get(`/api/stays/${s.id}`);
    const first = r.body.deposits[0];
    await c.client.post(`/api/stays/${s.id}/deposits`, { amountFen: 5_000, method: 'wechat', reference: 'W1' }, key());
    await c.client.post(`/api/stays/${s.id}/deposits/${first.id}/reverse`, { reason: '退' }, key());
    const totals = await cashierDepositTotals(ts.server.modules.db, c.userId, from, from + 1);
    expect(totals.byMethod).to.deep.equal([
      { method: 'cash', count: 1, takenFen: 0, refundedFen: -40_000, netFen: -40_000 },
      { method: 'wechat', count: 1, takenFen: 5_000, refundedFen: 0, netFen: 5_000 },
    ]);
    expect(totals).to.deep.include({ takenFen: 5_000, refundedFen: -40_000, netFen: -35_000 });
    const none = await cashierDepositTotals(ts.server.modules.db, c.userId, from + 1, from + 2);
    expect(none.netFen).to.equal(0);
  });

  it('staySummaries filters by ward, ids and open stays', async () => {
    const db = ts.server.modules.db;
    const all = await staySummaries(db, { wardId: ward.id });
    const open = await staySummaries(db, { wardId: ward.id, open: true });
    expect(all.length).to.be.greaterThan(open.length);
    expect(open.every((s) => s.state !== 'cancelled' && s.wardId === ward.id)).to.equal(true);
    expect(await staySummaries(db, { stayIds: [] })).to.deep.equal([]);
    const one = open[0]!;
    expect(one.patient.mrn).to.be.a('string');
    expect(one.wardName).to.be.a('string');
  });
});
