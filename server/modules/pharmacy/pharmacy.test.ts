import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import {
  ledgerBreaks,
  lotQty,
  pharmacySnapshot,
  seedDrug,
  seedLot,
  seedOrder,
  seedPharmacyWorld,
  type PharmacyWorld,
} from '../../../test/helpers/pharmacy.js';
import { ApiClient, ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { planFefo } from './allocate.js';

let keyNo = 0;
const key = () => `pharm-test-${process.pid}-${++keyNo}`;

describe('pharmacy API', () => {
  let ts: TestServer;
  let w: PharmacyWorld;
  let pharmacist: ApiClient;
  let pharmacist2: ApiClient;
  let pharmacyRoom: RoomListener;
  let cashierRoom: RoomListener;

  const dispense = (c: ApiClient, orderId: number, pharmacyId = w.pharmacyId, k = key()) =>
    c.post(`/api/pharmacy/orders/${orderId}/dispense`, { pharmacyId }, { 'idempotency-key': k });
  const giveBack = (c: ApiClient, orderId: number, body: unknown, k = key()) =>
    c.post(`/api/pharmacy/orders/${orderId}/return`, body, { 'idempotency-key': k });

  before(async () => {
    // 2026-11-26 09:00 in Asia/Shanghai.
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    w = await seedPharmacyWorld(ts);
    pharmacist = (await makeUser(ts, ['pharmacist'])).client;
    pharmacist2 = (await makeUser(ts, ['pharmacist'])).client;
    const cashier = await makeUser(ts, ['registrar']);
    pharmacyRoom = await RoomListener.open(ts, pharmacist.cookie, [`pharmacy:${w.pharmacyId}`]);
    cashierRoom = await RoomListener.open(ts, cashier.client.cookie, ['cashier']);
  });
  after(async () => {
    pharmacyRoom.close();
    cashierRoom.close();
    await ts.stop();
  });
  afterEach(() => {
    expect(ledgerBreaks(ts), 'every lot equals the sum of its stock moves and is never negative').to.deep.equal([]);
  });

  it('plans first-expiry-first-out, skipping empty and expired lots (pure)', () => {
    const lots = [
      { id: 1, itemId: 9, lotNo: 'X', expiryDate: '2026-11-25', qty: 50 },
      { id: 2, itemId: 9, lotNo: 'A', expiryDate: '2026-11-26', qty: 2 },
      { id: 3, itemId: 9, lotNo: 'B', expiryDate: '2026-12-01', qty: 0 },
      { id: 4, itemId: 9, lotNo: 'C', expiryDate: '2027-01-01', qty: 10 },
    ];
    const [a, b] = planFefo(
      [
        { orderLineId: 1, itemId: 9, quantity: 5 },
        { orderLineId: 2, itemId: 9, quantity: 8 },
      ],
      lots,
      '2026-11-26',
    );
    expect(a!.allocations.map((x) => [x.lotNo, x.quantity])).to.deep.equal([
      ['A', 2],
      ['C', 3],
    ]);
    expect(b!.short).to.equal(1);
    expect(b!.available).to.equal(7);
    expect(b!.expired).to.equal(50);
    expect(b!.allocations).to.deep.equal([]);
  });

  it(
    'shows a paid prescription in the queue, previews the FEFO pick list, dispenses it and ' + 'publishes after commit',
    async () => {
      const drug = await seedDrug(ts, { name: '阿莫西林胶囊' });
      const late = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'L-2027',
        expiry: '2027-06-30',
        qty: 10,
      });
      const soon = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'L-2026',
        expiry: '2026-12-31',
        qty: 5,
      });
      const empty = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'L-EMPTY',
        expiry: '2026-12-01',
        qty: 0,
      });
      const expired = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'L-OLD',
        expiry: '2026-11-25',
        qty: 12,
      });
      const today = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'L-TODAY',
        expiry: '2026-11-26',
        qty: 3,
      });
      const elsewhere = await seedLot(ts, {
        itemId: drug,
        locationId: w.otherPharmacyId,
        lotNo: 'L-OTHER',
        expiry: '2026-11-30',
        qty: 100,
      });
      const o = await seedOrder(ts, w, [
        { itemId: drug, quantity: 15, dose: '0.5', frequency: 'tid', route: 'po', days: 5 },
      ]);

      const q = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/queue`);
      expect(q.status).to.equal(200);
      const rx = q.body.waiting.find((r: { orderId: number }) => r.orderId === o.orderId);
      expect(rx.patient).to.deep.include({ name: '王小明', sex: 'M', age: 46 });
      expect(rx.patient).to.not.have.property('idNumber');
      expect(rx.lines[0]).to.deep.include({
        name: '阿莫西林胶囊',
        quantity: 15,
        packs: 0,
        units: 15,
        unit: '粒',
        packUnit: '盒',
        dose: '0.5',
        frequency: 'tid',
        route: 'po',
        days: 5,
      });
      expect(rx.paidAt).to.be.a('number');

      const pick = await pharmacist.get(`/api/pharmacy/orders/${o.orderId}/pick?pharmacyId=${w.pharmacyId}`);
      expect(pick.status).to.equal(200);
      expect(pick.body.ok).to.equal(true);
      expect(
        pick.body.lines[0].allocations.map((a: { lotNo: string; quantity: number }) => [a.lotNo, a.quantity]),
      ).to.deep.equal([
        ['L-TODAY', 3],
        ['L-2026', 5],
        ['L-2027', 7],
      ]);
      expect(auditRows(ts, 'patient.read').some((a) => a.summary.what === `pharmacy.pick order ${o.orderId}`)).to.equal(
        true,
      );

      const r = await dispense(pharmacist, o.orderId);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.status).to.equal('dispensed');
      expect(
        r.body.lines[0].allocations.map((a: { lotId: number; quantity: number }) => [a.lotId, a.quantity]),
      ).to.deep.equal([
        [today, 3],
        [soon, 5],
        [late, 7],
      ]);
      expect(r.body.printJobs.labels).to.have.length(1);
      expect(lotQty(ts, today)).to.equal(0);
      expect(lotQty(ts, soon)).to.equal(0);
      expect(lotQty(ts, late)).to.equal(3);
      expect(lotQty(ts, expired)).to.equal(12);
      expect(lotQty(ts, empty)).to.equal(0);
      expect(lotQty(ts, elsewhere)).to.equal(100);

      const raw = ts.server.open.raw;
      const order = raw.prepare('SELECT status, dispensed_at FROM orders WHERE id = ?').get(o.orderId) as {
        status: string;
        dispensed_at: number;
      };
      expect(order).to.deep.equal({ status: 'dispensed', dispensed_at: ts.clock.now() });
      const disp = raw.prepare('SELECT * FROM dispensations WHERE order_id = ?').all(o.orderId) as Array<{
        id: number;
        kind: string;
        pharmacy_id: number;
      }>;
      expect(disp).to.have.length(1);
      expect(disp[0]).to.include({ kind: 'dispense', pharmacy_id: w.pharmacyId, id: r.body.dispensationId });
      const lines = raw
        .prepare('SELECT lot_id, quantity FROM dispense_lines WHERE dispensation_id = ? ORDER BY id')
        .all(r.body.dispensationId);
      expect(lines).to.deep.equal([
        { lot_id: today, quantity: 3 },
        { lot_id: soon, quantity: 5 },
        { lot_id: late, quantity: 7 },
      ]);
      const moves = raw
        .prepare(
          "SELECT lot_id, qty_delta, ref_type, ref_id FROM stock_moves WHERE reason = 'dispense' AND ref_id = ? " +
            'ORDER BY id',
        )
        .all(r.body.dispensationId);
      expect(moves).to.deep.equal([
        { lot_id: today, qty_delta: -3, ref_type: 'dispensation', ref_id: r.body.dispensationId },
        { lot_id: soon, qty_delta: -5, ref_type: 'dispensation', ref_id: r.body.dispensationId },
        { lot_id: late, qty_delta: -7, ref_type: 'dispensation', ref_id: r.body.dispensationId },
      ]);
      const jobs = raw
        .prepare(
          "SELECT id, layout, payload_json FROM print_jobs WHERE ref_type = 'dispensation' AND ref_id = ? ORDER BY id",
        )
        .all(r.body.dispensationId) as Array<{ id: number; layout: string; payload_json: string }>;
      expect(jobs.map((j) => j.layout)).to.deep.equal(['drug-label', 'rx-slip']);
      expect(jobs.map((j) => j.id)).to.deep.equal([...r.body.printJobs.labels, r.body.printJobs.slip]);
      const label = JSON.parse(jobs[0]!.payload_json);
      expect(label).to.deep.include({ dose: '0.5', frequency: 'tid', route: 'po', days: 5, quantity: 15 });
      expect(label.patient.name).to.equal('王小明');
      expect(label.drug.name).to.equal('阿莫西林胶囊');

      const [a] = auditRows(ts, 'pharmacy.dispense', o.orderId);
      expect(a!.summary.changes!.status).to.deep.equal({ before: 'paid', after: 'dispensed' });

      const done = await pharmacyRoom.waitFor('dispense:completed', { orderId: o.orderId });
      expect(done.payload).to.deep.equal({ orderId: o.orderId, patientId: o.patientId, pharmacyId: w.pharmacyId });
      await cashierRoom.waitFor('dispense:completed', { orderId: o.orderId });
      const stock = await pharmacyRoom.waitFor('stock:changed', { itemId: drug });
      // On hand = non-expired lots only (3 left in L-2027; the 12 expired do not count).
      expect(stock.payload).to.deep.equal({ itemId: drug, locationId: w.pharmacyId, onHand: 3 });
      const cashierGotStock = (await cashierRoom.flushed()).some((e) => e.name === 'stock:changed');
      expect(cashierGotStock, 'stock:changed goes to the pharmacy room only').to.equal(false);

      const after = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/queue`);
      expect(after.body.waiting.some((x: { orderId: number }) => x.orderId === o.orderId)).to.equal(false);
      const today2 = after.body.dispensedToday.find((x: { orderId: number }) => x.orderId === o.orderId);
      expect(today2.status).to.equal('dispensed');
      expect(today2.lines[0]).to.deep.include({ dispensed: 15, returned: 0 });
    },
  );

  it('refuses when stock is short with a clear message naming the line, and changes nothing', async () => {
    const drug = await seedDrug(ts, { name: '阿莫西林胶囊' });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'S-1', expiry: '2027-01-31', qty: 10 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'S-OLD', expiry: '2026-10-31', qty: 12 });
    const other = await seedDrug(ts, { name: '布洛芬缓释胶囊' });
    await seedLot(ts, { itemId: other, locationId: w.pharmacyId, lotNo: 'B-1', expiry: '2027-01-31', qty: 50 });
    const o = await seedOrder(ts, w, [
      { itemId: other, quantity: 6 },
      { itemId: drug, quantity: 24 },
    ]);
    const before = pharmacySnapshot(ts);
    const beforeNoAudit = pharmacySnapshot(ts, { withoutAudit: true });
    pharmacist.lang = 'zh';
    const r = await dispense(pharmacist, o.orderId);
    pharmacist.lang = 'en';
    expect(r.status).to.equal(409);
    expect(r.body.error).to.include({ code: 'insufficient_stock', field: 'lines.1' });
    expect(r.body.error.message).to.equal('阿莫西林胶囊 库存不足：需要 24 粒，可用 10 粒（另有 12 粒已过期）');
    expect(pharmacySnapshot(ts)).to.equal(before);
    const en = await dispense(pharmacist, o.orderId);
    expect(en.body.error.message).to.equal(
      '阿莫西林胶囊: not enough stock: needs 24 粒, 10 粒 available (12 粒 more in expired lots)',
    );
    const pick = await pharmacist.get(`/api/pharmacy/orders/${o.orderId}/pick?pharmacyId=${w.pharmacyId}`);
    expect(pick.body.ok).to.equal(false);
    expect(pick.body.lines[1]).to.deep.include({ short: 14, available: 10, expired: 12 });
    // The pick list only reads (its patient-read audit entry aside).
    expect(pharmacySnapshot(ts, { withoutAudit: true })).to.equal(beforeNoAudit);
  });

  it(
    'refuses unpaid, cancelled, already dispensed, other-pharmacy and non-drug orders with 409 ' +
      'and nothing changed',
    async () => {
      const drug = await seedDrug(ts, { name: '氨溴索口服液', unit: 'ml', packUnit: '瓶', packSize: 100 });
      await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'R-1', expiry: '2027-03-31', qty: 1000 });
      const signed = await seedOrder(ts, w, [{ itemId: drug, quantity: 100 }], { status: 'signed' });
      const cancelled = await seedOrder(ts, w, [{ itemId: drug, quantity: 100 }], { status: 'cancelled' });
      const other = await seedOrder(ts, w, [{ itemId: drug, quantity: 100 }], { pharmacyId: w.otherPharmacyId });
      const service = await seedOrder(ts, w, [{ itemId: drug, quantity: 1 }], { kind: 'service' });
      const before = pharmacySnapshot(ts);
      const cases: Array<[number, string]> = [
        [signed.orderId, 'not_paid'],
        [cancelled.orderId, 'order_cancelled'],
        [other.orderId, 'wrong_pharmacy'],
        [service.orderId, 'not_a_prescription'],
      ];
      for (const [id, code] of cases) {
        const r = await dispense(pharmacist, id);
        expect(r.status, code).to.equal(409);
        expect(r.body.error.code).to.equal(code);
        expect(r.body.error.message).to.be.a('string').and.not.equal('');
      }
      expect((await dispense(pharmacist, 999999)).status).to.equal(404);
      // Bad input: not a pharmacy, missing body, unknown field, missing key, bad id.
      const notPharmacy = await dispense(pharmacist, other.orderId, w.clinicId);
      expect(notPharmacy.status).to.equal(422);
      expect(notPharmacy.body.error.field).to.equal('pharmacyId');
      expect(
        (await pharmacist.post(`/api/pharmacy/orders/${other.orderId}/dispense`, {}, { 'idempotency-key': key() })).body
          .error.field,
      ).to.equal('pharmacyId');
      expect(
        (
          await pharmacist.post(
            `/api/pharmacy/orders/${other.orderId}/dispense`,
            { pharmacyId: w.pharmacyId, x: 1 },
            { 'idempotency-key': key() },
          )
        ).body.error.field,
      ).to.equal('x');
      expect(
        (
          await pharmacist.post(
            `/api/pharmacy/orders/${other.orderId}/dispense`,
            { pharmacyId: '1' },
            { 'idempotency-key': key() },
          )
        ).status,
      ).to.equal(422);
      expect(
        (await pharmacist.post(`/api/pharmacy/orders/${other.orderId}/dispense`, { pharmacyId: w.pharmacyId })).status,
      ).to.equal(400);
      expect((await dispense(pharmacist, 'abc' as unknown as number)).status).to.equal(400);
      expect(pharmacySnapshot(ts)).to.equal(before);

      const paid = await seedOrder(ts, w, [{ itemId: drug, quantity: 100 }]);
      expect((await dispense(pharmacist, paid.orderId)).status).to.equal(200);
      const again = await dispense(pharmacist, paid.orderId);
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('already_dispensed');
    },
  );

  it('is idempotent: the same key twice gives one dispensation; a new key gets already_dispensed', async () => {
    const drug = await seedDrug(ts, { name: '头孢克肟片', unit: '片', packSize: 6 });
    const lot = await seedLot(ts, {
      itemId: drug,
      locationId: w.pharmacyId,
      lotNo: 'I-1',
      expiry: '2027-03-31',
      qty: 12,
    });
    const o = await seedOrder(ts, w, [{ itemId: drug, quantity: 6 }]);
    const k = key();
    const a = await dispense(pharmacist, o.orderId, w.pharmacyId, k);
    const b = await dispense(pharmacist, o.orderId, w.pharmacyId, k);
    expect(a.status).to.equal(200);
    expect(b.status).to.equal(200);
    expect(b.body).to.deep.equal(a.body);
    const n = ts.server.open.raw
      .prepare('SELECT count(*) AS n FROM dispensations WHERE order_id = ?')
      .get(o.orderId) as { n: number };
    expect(n.n).to.equal(1);
    expect(lotQty(ts, lot)).to.equal(6);
    const c = await dispense(pharmacist, o.orderId);
    expect(c.status).to.equal(409);
    expect(c.body.error.code).to.equal('already_dispensed');
  });

  it(
    'two pharmacists dispensing the last box at once: exactly one succeeds, the other gets the ' + 'clear message',
    async () => {
      const drug = await seedDrug(ts, { name: '硝苯地平控释片', unit: '片', packSize: 7 });
      const lot = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'LAST',
        expiry: '2027-05-31',
        qty: 7,
      });
      const o1 = await seedOrder(ts, w, [{ itemId: drug, quantity: 7 }], { patientName: '赵一' });
      const o2 = await seedOrder(ts, w, [{ itemId: drug, quantity: 7 }], { patientName: '钱二' });
      const [r1, r2] = await Promise.all([dispense(pharmacist, o1.orderId), dispense(pharmacist2, o2.orderId)]);
      const statuses = [r1.status, r2.status].sort();
      expect(statuses).to.deep.equal([200, 409]);
      const loser = r1.status === 409 ? r1 : r2;
      expect(loser.body.error.code).to.equal('insufficient_stock');
      expect(loser.body.error.message).to.contain('硝苯地平控释片').and.contain('7 片').and.contain('0 片');
      expect(lotQty(ts, lot)).to.equal(0);
      const loserOrder = r1.status === 409 ? o1 : o2;
      const st = ts.server.open.raw.prepare('SELECT status FROM orders WHERE id = ?').get(loserOrder.orderId) as {
        status: string;
      };
      expect(st.status).to.equal('paid');

      // The same order dispensed by two pharmacists at once: one dispensing only.
      await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'MORE', expiry: '2027-06-30', qty: 70 });
      const o3 = await seedOrder(ts, w, [{ itemId: drug, quantity: 7 }]);
      const [s1, s2] = await Promise.all([dispense(pharmacist, o3.orderId), dispense(pharmacist2, o3.orderId)]);
      expect([s1.status, s2.status].sort()).to.deep.equal([200, 409]);
      expect((s1.status === 409 ? s1 : s2).body.error.code).to.equal('already_dispensed');
      const n = ts.server.open.raw
        .prepare('SELECT count(*) AS n FROM dispensations WHERE order_id = ?')
        .get(o3.orderId) as { n: number };
      expect(n.n).to.equal(1);
    },
  );

  it(
    'takes drugs back into the same lots (newest allocation first), refuses over-returns, and ' +
      'marks the order returned at the end',
    async () => {
      const drug = await seedDrug(ts, { name: '二甲双胍片', unit: '片', packSize: 48 });
      const first = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'E-1',
        expiry: '2027-01-31',
        qty: 10,
      });
      const second = await seedLot(ts, {
        itemId: drug,
        locationId: w.pharmacyId,
        lotNo: 'E-2',
        expiry: '2027-08-31',
        qty: 40,
      });
      const other = await seedDrug(ts, { name: '阿司匹林肠溶片', unit: '片', packSize: 30 });
      const otherLot = await seedLot(ts, {
        itemId: other,
        locationId: w.pharmacyId,
        lotNo: 'A-1',
        expiry: '2027-08-31',
        qty: 30,
      });
      const o = await seedOrder(ts, w, [
        { itemId: drug, quantity: 25 },
        { itemId: other, quantity: 10 },
      ]);
      const d = await dispense(pharmacist, o.orderId);
      expect(d.status).to.equal(200);
      expect(lotQty(ts, first)).to.equal(0);
      expect(lotQty(ts, second)).to.equal(25);

      // Not on this order, duplicate, zero, fractional, missing reason: 422, nothing changed.
      const before = pharmacySnapshot(ts);
      const bad: Array<[unknown, number, string]> = [
        [{ lines: [{ orderLineId: 999999, quantity: 1 }], reason: '患者拒服' }, 422, 'lines.0.orderLineId'],
        [
          {
            lines: [
              { orderLineId: o.lineIds[0], quantity: 1 },
              { orderLineId: o.lineIds[0], quantity: 1 },
            ],
            reason: '患者拒服',
          },
          422,
          'lines.1.orderLineId',
        ],
        [{ lines: [{ orderLineId: o.lineIds[0], quantity: 0 }], reason: '患者拒服' }, 422, 'lines.0.quantity'],
        [{ lines: [{ orderLineId: o.lineIds[0], quantity: 1.5 }], reason: '患者拒服' }, 422, 'lines.0.quantity'],
        [{ lines: [{ orderLineId: o.lineIds[0], quantity: -3 }], reason: '患者拒服' }, 422, 'lines.0.quantity'],
        [{ lines: [{ orderLineId: o.lineIds[0], quantity: 1 }], reason: '  ' }, 422, 'reason'],
        [{ lines: [{ orderLineId: o.lineIds[0], quantity: 1 }] }, 422, 'reason'],
        [{ lines: [], reason: '患者拒服' }, 422, 'lines'],
        [{ lines: [{ orderLineId: o.lineIds[0], quantity: 26 }], reason: '患者拒服' }, 409, 'lines.0.quantity'],
      ];
      for (const [body, status, field] of bad) {
        const r = await giveBack(pharmacist, o.orderId, body);
        expect(r.status, JSON.stringify(body)).to.equal(status);
        expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
      }
      expect(pharmacySnapshot(ts)).to.equal(before);

      // Return 20 of 25: the newest allocation (E-2, 15) first, then E-1 (5).
      const k = key();
      const r1 = await giveBack(
        pharmacist,
        o.orderId,
        { lines: [{ orderLineId: o.lineIds[0], quantity: 20 }], reason: '患者过敏停药' },
        k,
      );
      expect(r1.status, JSON.stringify(r1.body)).to.equal(200);
      expect(r1.body.status).to.equal('dispensed');
      expect(
        r1.body.lines[0].allocations.map((a: { lotId: number; quantity: number }) => [a.lotId, a.quantity]),
      ).to.deep.equal([
        [second, 15],
        [first, 5],
      ]);
      expect(lotQty(ts, second)).to.equal(40);
      expect(lotQty(ts, first)).to.equal(5);
      // Same key again: the same answer, no second return.
      const replay = await giveBack(
        pharmacist,
        o.orderId,
        { lines: [{ orderLineId: o.lineIds[0], quantity: 20 }], reason: '患者过敏停药' },
        k,
      );
      expect(replay.body).to.deep.equal(r1.body);
      expect(lotQty(ts, first)).to.equal(5);

      const raw = ts.server.open.raw;
      const ret = raw
        .prepare("SELECT * FROM dispensations WHERE order_id = ? AND kind = 'return'")
        .all(o.orderId) as Array<{ id: number; reverses_id: number; reason: string }>;
      expect(ret).to.have.length(1);
      expect(ret[0]).to.include({ reverses_id: d.body.dispensationId, reason: '患者过敏停药' });
      expect(
        raw
          .prepare('SELECT lot_id, quantity FROM dispense_lines WHERE dispensation_id = ? ORDER BY id')
          .all(ret[0]!.id),
      ).to.deep.equal([
        { lot_id: second, quantity: -15 },
        { lot_id: first, quantity: -5 },
      ]);
      const moves = raw
        .prepare(
          "SELECT lot_id, qty_delta, reverses_id FROM stock_moves WHERE reason = 'dispense_return' AND ref_id = " +
            '? ORDER BY id',
        )
        .all(ret[0]!.id) as Array<{ lot_id: number; qty_delta: number; reverses_id: number }>;
      expect(moves.map((m) => [m.lot_id, m.qty_delta])).to.deep.equal([
        [second, 15],
        [first, 5],
      ]);
      for (const m of moves) {
        const orig = raw.prepare('SELECT lot_id, reason FROM stock_moves WHERE id = ?').get(m.reverses_id) as {
          lot_id: number;
          reason: string;
        };
        expect(orig).to.deep.equal({ lot_id: m.lot_id, reason: 'dispense' });
      }
      // Refundable per line stays meaningful: the sum of dispense_lines per order line.
      const net = raw
        .prepare(
          'SELECT order_line_id, SUM(quantity) AS q FROM dispense_lines WHERE order_line_id IN (?, ?) GROUP BY ' +
            'order_line_id ORDER BY order_line_id',
        )
        .all(o.lineIds[0], o.lineIds[1]);
      expect(net).to.deep.equal([
        { order_line_id: o.lineIds[0], q: 5 },
        { order_line_id: o.lineIds[1], q: 10 },
      ]);
      const ev = await pharmacyRoom.waitFor('dispense:returned', { orderId: o.orderId });
      expect(ev.payload).to.deep.equal({
        orderId: o.orderId,
        patientId: o.patientId,
        pharmacyId: w.pharmacyId,
        orderLineIds: [o.lineIds[0]],
      });
      await cashierRoom.waitFor('dispense:returned', { orderId: o.orderId });
      await pharmacyRoom.waitFor('stock:changed', { itemId: drug, onHand: 45 });
      const [a] = auditRows(ts, 'pharmacy.return', o.orderId);
      expect(a!.outcome).to.equal('ok');

      // Over-return: 6 more of the 5 left.
      const before2 = pharmacySnapshot(ts);
      const over = await giveBack(pharmacist, o.orderId, {
        lines: [{ orderLineId: o.lineIds[0], quantity: 6 }],
        reason: '再退',
      });
      expect(over.status).to.equal(409);
      expect(over.body.error).to.include({ code: 'over_return', field: 'lines.0.quantity' });
      expect(over.body.error.details.returnable).to.equal(5);
      expect(pharmacySnapshot(ts)).to.equal(before2);

      // The rest of both lines: the order becomes 'returned'; then nothing more can be returned.
      const r2 = await giveBack(pharmacist, o.orderId, {
        lines: [
          { orderLineId: o.lineIds[0], quantity: 5 },
          { orderLineId: o.lineIds[1], quantity: 10 },
        ],
        reason: '全部退回',
      });
      expect(r2.status).to.equal(200);
      expect(r2.body.status).to.equal('returned');
      expect(lotQty(ts, first)).to.equal(10);
      expect(lotQty(ts, otherLot)).to.equal(30);
      expect(
        (raw.prepare('SELECT status FROM orders WHERE id = ?').get(o.orderId) as { status: string }).status,
      ).to.equal('returned');
      const done = await giveBack(pharmacist, o.orderId, {
        lines: [{ orderLineId: o.lineIds[1], quantity: 1 }],
        reason: '再退',
      });
      expect(done.status).to.equal(409);
      expect(done.body.error.code).to.equal('already_returned');
      // A returned order cannot be dispensed again.
      expect((await dispense(pharmacist, o.orderId)).body.error.code).to.equal('already_dispensed');
    },
  );

  it('refuses returns of an undispensed order', async () => {
    const drug = await seedDrug(ts, { name: '维生素C片', unit: '片', packSize: 100 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'V-1', expiry: '2027-08-31', qty: 100 });
    const o = await seedOrder(ts, w, [{ itemId: drug, quantity: 10 }]);
    const before = pharmacySnapshot(ts);
    const r = await giveBack(pharmacist, o.orderId, {
      lines: [{ orderLineId: o.lineIds[0], quantity: 1 }],
      reason: '退',
    });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('not_dispensed');
    expect(
      (await giveBack(pharmacist, 999999, { lines: [{ orderLineId: 1, quantity: 1 }], reason: '退' })).status,
    ).to.equal(404);
    expect(pharmacySnapshot(ts)).to.equal(before);
  });

  it('lists stock with non-expired on hand, expired and near-expiry lots, searchable by pinyin initials', async () => {
    const drug = await seedDrug(ts, { name: '氯雷他定片', unit: '片', packSize: 6 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'K-OLD', expiry: '2026-11-01', qty: 4 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'K-SOON', expiry: '2027-01-15', qty: 6 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'K-LATE', expiry: '2028-01-15', qty: 12 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'K-ZERO', expiry: '2028-02-15', qty: 0 });
    const r = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/stock?q=lltd`);
    expect(r.status).to.equal(200);
    expect(r.body.items).to.have.length(1);
    const it = r.body.items[0];
    expect(it).to.deep.include({ itemId: drug, onHand: 18, expiredQty: 4, unit: '片' });
    expect(
      it.lots.map((l: { lotNo: string; expired: boolean; nearExpiry: boolean; qty: number }) => [
        l.lotNo,
        l.qty,
        l.expired,
        l.nearExpiry,
      ]),
    ).to.deep.equal([
      ['K-OLD', 4, true, false],
      ['K-SOON', 6, false, true],
      ['K-LATE', 12, false, false],
    ]);
    const short = await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/stock?q=lltd&nearExpiryDays=30`);
    expect(short.body.items[0].lots[1].nearExpiry).to.equal(false);
    expect((await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/stock?nearExpiryDays=-1`)).status).to.equal(422);
    expect((await pharmacist.get(`/api/pharmacy/${w.pharmacyId}/stock?bogus=1`)).status).to.equal(422);
    expect((await pharmacist.get(`/api/pharmacy/${w.clinicId}/stock`)).status).to.equal(422);
    expect((await pharmacist.get(`/api/pharmacy/999999/queue`)).status).to.equal(404);
  });

  it('guards every route by permission', async () => {
    const doctor = (await makeUser(ts, ['doctor'])).client;
    const q = await doctor.get(`/api/pharmacy/${w.pharmacyId}/queue`);
    expect(q.status).to.equal(403);
    expect(q.body.error.message).to.contain('pharmacy.dispense');
    expect(
      (await doctor.post(`/api/pharmacy/orders/1/dispense`, { pharmacyId: w.pharmacyId }, { 'idempotency-key': key() }))
        .status,
    ).to.equal(403);
    expect(
      (
        await doctor.post(
          `/api/pharmacy/orders/1/return`,
          { lines: [{ orderLineId: 1, quantity: 1 }], reason: 'x' },
          { 'idempotency-key': key() },
        )
      ).status,
    ).to.equal(403);
    // Doctors read stock (inventory.read) for their stock hints.
    expect((await doctor.get(`/api/pharmacy/${w.pharmacyId}/stock`)).status).to.equal(200);
    expect((await new ApiClient(ts.url).get(`/api/pharmacy/${w.pharmacyId}/queue`)).status).to.equal(401);
  });
});
