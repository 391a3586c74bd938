// Issue 9 items 6 and 10: the pharmacy reviews a prescription (allergies, diagnoses), refuses
// it with a reason (拒发, back to the doctor live), and — when the institution turns the
// two-person check on — one pharmacist prepares (配药) and a different one checks and dispenses.
import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import {
  ledgerBreaks,
  pharmacySnapshot,
  seedDrug,
  seedLot,
  seedOrder,
  seedPharmacyWorld,
  type PharmacyWorld,
} from '../../../test/helpers/pharmacy.js';
import { type ApiClient, ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { getInstitutionSettings } from '../settings/service.js';
import * as settingsRepo from '../settings/repo.js';

let keyNo = 0;
const key = () => ({ 'idempotency-key': `review-test-${process.pid}-${++keyNo}` });

async function setTwoPerson(ts: TestServer, on: boolean): Promise<void> {
  await ts.server.modules.uow.write(async (tx) => {
    const s = await getInstitutionSettings(tx.db);
    await settingsRepo.write(
      tx.db,
      'institution',
      JSON.stringify({ ...s, pharmacy: { twoPersonCheck: on } }),
      tx.now,
      null,
    );
  });
}

describe('pharmacy review: allergies and diagnoses, 拒发, 配药/核对', () => {
  let ts: TestServer;
  let w: PharmacyWorld;
  let drug: number;
  let pharmacist: ApiClient;
  let pharmacist2: ApiClient;
  let pharmacyRoom: RoomListener;
  let cashierRoom: RoomListener;
  let deptRoom: RoomListener;

  const paid = async (qty = 6) => seedOrder(ts, w, [{ itemId: drug, quantity: qty }]);
  const refuse = (c: ApiClient, orderId: number, body: unknown, k = key()) =>
    c.post(`/api/pharmacy/orders/${orderId}/refuse`, body, k);

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    w = await seedPharmacyWorld(ts);
    drug = await seedDrug(ts, { name: '阿莫西林胶囊' });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'R-1', expiry: '2028-01-01', qty: 500 });
    pharmacist = (await makeUser(ts, ['pharmacist'])).client;
    pharmacist2 = (await makeUser(ts, ['pharmacist'])).client;
    pharmacist.lang = 'zh';
    pharmacist2.lang = 'zh';
    const cashier = await makeUser(ts, ['registrar']);
    const doctor = await makeUser(ts, ['doctor']);
    pharmacyRoom = await RoomListener.open(ts, pharmacist.cookie, [`pharmacy:${w.pharmacyId}`]);
    cashierRoom = await RoomListener.open(ts, cashier.client.cookie, ['cashier']);
    deptRoom = await RoomListener.open(ts, doctor.client.cookie, [`dept:${w.clinicId}`]);
  });
  after(async () => {
    for (const r of [pharmacyRoom, cashierRoom, deptRoom]) r.close();
    await ts.stop();
  });
  afterEach(() => expect(ledgerBreaks(ts)).to.deep.equal([]));

  it("shows the patient's allergies and the visit's diagnoses on each prescription in the queue", async () => {
    const o = await paid();
    ts.server.open.raw
      .prepare('UPDATE patients SET allergies_json = ? WHERE id = ?')
      .run(JSON.stringify(['青霉素', '磺胺']), o.patientId);
    ts.server.open.raw
      .prepare('UPDATE visits SET diagnoses_json = ? WHERE id = ?')
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), o.visitId);
    const q = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/queue`);
    expect(q.status).to.equal(200);
    expect(q.body.twoPersonCheck).to.equal(false);
    const rx = q.body.waiting.find((r: { orderId: number }) => r.orderId === o.orderId);
    expect(rx.allergies).to.deep.equal(['青霉素', '磺胺']);
    expect(rx.diagnoses).to.deep.equal([{ code: 'J06.900', name: '急性上呼吸道感染' }]);
    expect(rx.preparation).to.equal(null);
    expect(rx.refusal).to.equal(null);
    // Dispensed without the two-person check (off by default), as before.
    const d = await pharmacist.post(`/api/pharmacy/orders/${o.orderId}/dispense`, { pharmacyId: w.pharmacyId }, key());
    expect(d.status, JSON.stringify(d.body)).to.equal(200);
  });

  it('refuses bad refusals with a sentence on the field and changes nothing', async () => {
    const o = await paid();
    const dispensed = await paid();
    await pharmacist.post(`/api/pharmacy/orders/${dispensed.orderId}/dispense`, { pharmacyId: w.pharmacyId }, key());
    const unpaid = await seedOrder(ts, w, [{ itemId: drug, quantity: 6 }], { status: 'signed' });
    const elsewhere = await seedOrder(ts, w, [{ itemId: drug, quantity: 6 }], { pharmacyId: w.otherPharmacyId });
    const service = await seedOrder(ts, w, [{ itemId: drug, quantity: 1 }], { kind: 'service' });
    const before = pharmacySnapshot(ts, { withoutAudit: true });
    const cases: Array<[number, unknown, number, string, string | null]> = [
      [o.orderId, { pharmacyId: w.pharmacyId }, 422, 'invalid', 'reason'],
      [o.orderId, { pharmacyId: w.pharmacyId, reason: '   ' }, 422, 'invalid', 'reason'],
      [o.orderId, { pharmacyId: w.pharmacyId, reason: '超'.repeat(201) }, 422, 'invalid', 'reason'],
      [o.orderId, { pharmacyId: w.pharmacyId, reason: 'a\u0007b' }, 422, 'invalid', 'reason'],
      [o.orderId, { pharmacyId: w.pharmacyId, reason: 'x', extra: 1 }, 422, 'invalid', null],
      [o.orderId, { reason: '总量异常' }, 422, 'invalid', 'pharmacyId'],
      [999999, { pharmacyId: w.pharmacyId, reason: '总量异常' }, 404, 'not_found', null],
      [dispensed.orderId, { pharmacyId: w.pharmacyId, reason: '总量异常' }, 409, 'already_dispensed', null],
      [unpaid.orderId, { pharmacyId: w.pharmacyId, reason: '总量异常' }, 409, 'not_paid', null],
      [elsewhere.orderId, { pharmacyId: w.pharmacyId, reason: '总量异常' }, 409, 'wrong_pharmacy', 'pharmacyId'],
      [service.orderId, { pharmacyId: w.pharmacyId, reason: '总量异常' }, 409, 'not_a_prescription', null],
    ];
    for (const [id, body, status, code, field] of cases) {
      const r = await refuse(pharmacist, id, body);
      expect(r.status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.error.code).to.equal(code);
      if (field) expect(r.body.error.field).to.equal(field);
      expect(r.body.error.message)
        .to.be.a('string')
        .and.match(/[\u4e00-\u9fff]/);
      expect(r.body.error.message).to.not.match(/期望|expected|Invalid input/);
    }
    // A user without pharmacy.dispense cannot refuse.
    const nurse = (await makeUser(ts, ['registrar'])).client;
    expect((await refuse(nurse, o.orderId, { pharmacyId: w.pharmacyId, reason: '总量异常' })).status).to.equal(403);
    expect(pharmacySnapshot(ts, { withoutAudit: true })).to.equal(before);
    expect(
      ts.server.open.raw.prepare('SELECT count(*) FROM orders WHERE refused_at IS NOT NULL').pluck().get(),
    ).to.equal(0);
  });

  it(
    '拒发 takes the prescription out of the queue, tells the doctor, the cashier and the ' +
      'pharmacy live, and blocks dispensing',
    async () => {
      const o = await paid(99999);
      const k = key();
      const r = await refuse(
        pharmacist,
        o.orderId,
        { pharmacyId: w.pharmacyId, reason: '  总量 99999 粒明显错误，请医生核实  ' },
        k,
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ orderId: o.orderId, status: 'refused', reason: '总量 99999 粒明显错误，请医生核实' });
      // Replayed with the same key: the same answer, nothing more written.
      const again = await refuse(
        pharmacist,
        o.orderId,
        { pharmacyId: w.pharmacyId, reason: '  总量 99999 粒明显错误，请医生核实  ' },
        k,
      );
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(r.body);
      for (const room of [deptRoom, cashierRoom, pharmacyRoom]) {
        const e = await room.waitFor('order:refused', { orderId: o.orderId });
        expect(e.payload).to.include({
          patientId: o.patientId,
          visitId: o.visitId,
          pharmacyId: w.pharmacyId,
          reason: '总量 99999 粒明显错误，请医生核实',
        });
      }
      const row = ts.server.open.raw
        .prepare('SELECT status, refused_at, refused_reason FROM orders WHERE id = ?')
        .get(o.orderId) as { status: string; refused_at: number; refused_reason: string };
      expect(row).to.include({ status: 'paid', refused_reason: '总量 99999 粒明显错误，请医生核实' });
      expect(auditRows(ts, 'pharmacy.refuse', o.orderId)).to.have.length(1);
      const q = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/queue`);
      expect(q.body.waiting.map((x: { orderId: number }) => x.orderId)).to.not.include(o.orderId);
      const before = pharmacySnapshot(ts, { withoutAudit: true });
      const d = await pharmacist2.post(
        `/api/pharmacy/orders/${o.orderId}/dispense`,
        { pharmacyId: w.pharmacyId },
        key(),
      );
      expect(d.status).to.equal(409);
      expect(d.body.error.code).to.equal('order_refused');
      expect(d.body.error.message).to.include('99999');
      const pick = await pharmacist2.get(`/api/pharmacy/orders/${o.orderId}/pick?pharmacyId=${w.pharmacyId}`);
      expect(pick.status).to.equal(409);
      const twice = await refuse(pharmacist2, o.orderId, { pharmacyId: w.pharmacyId, reason: '再次拒发' });
      expect(twice.status).to.equal(409);
      expect(twice.body.error.code).to.equal('already_refused');
      expect(pharmacySnapshot(ts, { withoutAudit: true })).to.equal(before);
    },
  );

  it(
    '配药/核对 (setting on): one pharmacist prepares, a different one checks and dispenses; the ' +
      'same person cannot do both',
    async () => {
      await setTwoPerson(ts, true);
      try {
        const o = await paid();
        const q = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/queue`);
        expect(q.body.twoPersonCheck).to.equal(true);
        // Dispensing before anyone prepared it is refused.
        const early = await pharmacist.post(
          `/api/pharmacy/orders/${o.orderId}/dispense`,
          { pharmacyId: w.pharmacyId },
          key(),
        );
        expect(early.status).to.equal(409);
        expect(early.body.error.code).to.equal('not_prepared');
        // Bad input on prepare.
        expect(
          (await pharmacist.post(`/api/pharmacy/orders/${o.orderId}/prepare`, {}, key())).body.error.field,
        ).to.equal('pharmacyId');
        expect(
          (await pharmacist.post(`/api/pharmacy/orders/999999/prepare`, { pharmacyId: w.pharmacyId }, key())).status,
        ).to.equal(404);
        const prep = await pharmacist.post(
          `/api/pharmacy/orders/${o.orderId}/prepare`,
          { pharmacyId: w.pharmacyId },
          key(),
        );
        expect(prep.status, JSON.stringify(prep.body)).to.equal(200);
        await pharmacyRoom.waitFor('dispense:prepared', { orderId: o.orderId });
        expect(auditRows(ts, 'pharmacy.prepare', o.orderId)).to.have.length(1);
        const again = await pharmacist2.post(
          `/api/pharmacy/orders/${o.orderId}/prepare`,
          { pharmacyId: w.pharmacyId },
          key(),
        );
        expect(again.status).to.equal(409);
        expect(again.body.error.code).to.equal('already_prepared');
        const view = (await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/queue`)).body.waiting.find(
          (r: { orderId: number }) => r.orderId === o.orderId,
        );
        expect(view.preparation).to.be.an('object').that.includes({ by: '测试员' });
        // The preparer cannot also check and dispense.
        const before = pharmacySnapshot(ts);
        const same = await pharmacist.post(
          `/api/pharmacy/orders/${o.orderId}/dispense`,
          { pharmacyId: w.pharmacyId },
          key(),
        );
        expect(same.status).to.equal(403);
        expect(same.body.error.code).to.equal('same_pharmacist');
        expect(same.body.error.message).to.include('两名不同的药师');
        expect(pharmacySnapshot(ts)).to.equal(before);
        const ok = await pharmacist2.post(
          `/api/pharmacy/orders/${o.orderId}/dispense`,
          { pharmacyId: w.pharmacyId },
          key(),
        );
        expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
        // A prepared prescription can still be refused by the checker instead.
        const o2 = await paid();
        await pharmacist.post(`/api/pharmacy/orders/${o2.orderId}/prepare`, { pharmacyId: w.pharmacyId }, key());
        const ref = await refuse(pharmacist2, o2.orderId, { pharmacyId: w.pharmacyId, reason: '与诊断不符' });
        expect(ref.status).to.equal(200);
      } finally {
        await setTwoPerson(ts, false);
      }
      // Off again: preparing is refused with a clear message, dispensing works directly.
      const o3 = await paid();
      const off = await pharmacist.post(
        `/api/pharmacy/orders/${o3.orderId}/prepare`,
        { pharmacyId: w.pharmacyId },
        key(),
      );
      expect(off.status).to.equal(409);
      expect(off.body.error.code).to.equal('two_person_check_off');
      expect(
        (await pharmacist.post(`/api/pharmacy/orders/${o3.orderId}/dispense`, { pharmacyId: w.pharmacyId }, key()))
          .status,
      ).to.equal(200);
    },
  );
});
