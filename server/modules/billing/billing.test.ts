import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { pharmacyMove, seedWorld, signedOrder, type BillingWorld } from '../../../test/helpers/billing.js';
import { factories } from '../../../test/helpers/factories.js';

let keyN = 0;
const key = () => ({ 'Idempotency-Key': `bill-test-${process.pid}-${++keyN}` });

describe('billing API (cashier)', () => {
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let cashier: { client: ApiClient; userId: number };
  let cashier2: { client: ApiClient; userId: number };
  let pharmacist: { client: ApiClient; userId: number };
  let w: BillingWorld;
  const now = Date.now();
  const ledger = () =>
    JSON.stringify(
      ['bills', 'bill_lines', 'payments', 'shifts', 'invoice_books', 'orders', 'print_jobs'].map((tb) =>
        raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );
  const pay = (c: ApiClient, body: unknown, headers = key()) => c.post('/api/billing/charges', body, headers);

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    cashier = await userViaApi(ts, admin, ['registrar']);
    cashier2 = await userViaApi(ts, admin, ['registrar']);
    pharmacist = await userViaApi(ts, admin, ['pharmacist']);
    w = seedWorld(raw, now);
  });
  after(async () => ts.stop());

  describe('invoice books (票据号段)', () => {
    it('the finance office assigns books; overlapping ranges are refused; a cashier sees only their own', async () => {
      const r = await admin.post('/api/billing/invoice-books', {
        cashierUserId: cashier.userId,
        prefix: 'T',
        startNo: 1,
        endNo: 100,
      });
      expect(r.status).to.equal(201);
      expect(r.body).to.include({
        first: 'T00000001',
        last: 'T00000100',
        next: 'T00000001',
        remaining: 100,
        status: 'active',
      });
      const before = ledger();
      const overlap = await admin.post('/api/billing/invoice-books', {
        cashierUserId: cashier2.userId,
        prefix: 'T',
        startNo: 100,
        endNo: 150,
      });
      expect(overlap.status).to.equal(409);
      expect(overlap.body.error.code).to.equal('invoice_range_overlaps');
      const notCashier = await admin.post('/api/billing/invoice-books', {
        cashierUserId: pharmacist.userId,
        prefix: 'T',
        startNo: 500,
        endNo: 600,
      });
      expect(notCashier.status).to.equal(422);
      expect(notCashier.body.error.field).to.equal('cashierUserId');
      const backwards = await admin.post('/api/billing/invoice-books', {
        cashierUserId: cashier2.userId,
        startNo: 10,
        endNo: 5,
      });
      expect(backwards.status).to.equal(422);
      expect(backwards.body.error.field).to.equal('endNo');
      const byCashier = await cashier.client.post('/api/billing/invoice-books', {
        cashierUserId: cashier.userId,
        startNo: 900,
        endNo: 999,
      });
      expect(byCashier.status).to.equal(403);
      expect(ledger()).to.equal(before);
      // Another prefix may reuse the numbers.
      expect(
        (
          await admin.post('/api/billing/invoice-books', {
            cashierUserId: cashier2.userId,
            prefix: 'U',
            startNo: 1,
            endNo: 2,
          })
        ).status,
      ).to.equal(201);
      const mine = await cashier.client.get('/api/billing/invoice-books');
      expect(mine.body.items.map((b: any) => b.cashierUserId)).to.deep.equal([cashier.userId]);
      expect((await admin.get('/api/billing/invoice-books')).body.items).to.have.length(2);
      expect(auditRows(ts, 'billing.invoice-book.create')).to.have.length(2);
    });

    it('lists the users who may charge for the book dialog (managers only)', async () => {
      const r = await admin.get('/api/billing/cashiers');
      expect(r.status).to.equal(200);
      const ids = r.body.items.map((u: any) => u.id);
      expect(ids).to.include.members([cashier.userId, cashier2.userId]);
      expect(ids).to.not.include(pharmacist.userId);
      expect((await cashier.client.get('/api/billing/cashiers')).status).to.equal(403);
    });

    it('a retired book issues no more numbers', async () => {
      const b = await admin.post('/api/billing/invoice-books', {
        cashierUserId: cashier2.userId,
        prefix: 'R',
        startNo: 1,
        endNo: 9,
      });
      const r = await admin.post(`/api/billing/invoice-books/${b.body.id}/retire`, {});
      expect(r.status).to.equal(200);
      expect(r.body).to.include({ status: 'retired', next: null, remaining: 0 });
    });
  });

  describe('charging', () => {
    it('lists signed, unpaid orders grouped by charge category (and audits the read)', async () => {
      const o = signedOrder(raw, w, now, [
        { itemId: w.drugId, quantity: 7 },
        { itemId: w.drug2Id, quantity: 3 },
      ]);
      const s = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const r = await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`);
      expect(r.status).to.equal(200);
      expect(r.body.orders.map((x: any) => x.orderId)).to.deep.equal([o.orderId, s.orderId]);
      expect(r.body.categories).to.deep.equal([
        { code: '04', name: '化验费', nameEn: 'Laboratory', amountFen: 2000 },
        { code: '09', name: '西药费', nameEn: 'Western medicine', amountFen: 365 },
        { code: '11', name: '中成药费', nameEn: 'Chinese patent medicine', amountFen: 225 },
      ]);
      expect(r.body.totalFen).to.equal(2590);
      const waiting = await cashier.client.get('/api/billing/waiting');
      expect(waiting.body.items).to.deep.include({
        patientId: w.patientId,
        name: '张三',
        mrn: waiting.body.items[0].mrn,
        sex: 'F',
        orderCount: 2,
        totalFen: 2590,
        firstSignedAt: now,
      });
      expect(r.body.orders[0].lines[0]).to.include({ name: '阿莫西林胶囊', quantity: 7, amountFen: 365 });
      expect(auditRows(ts, 'patient.read').some((a) => a.entity_id === String(w.patientId))).to.equal(true);
      expect((await cashier.client.get('/api/billing/patients/999999/unpaid')).status).to.equal(404);
      expect((await pharmacist.client.get(`/api/billing/patients/${w.patientId}/unpaid`)).status).to.equal(403);
    });

    it(
      'pays cash with change: one bill, invoice number, orders paid, receipt ' +
        'print job, events after commit to cashier and pharmacy',
      async () => {
        const desk = await RoomListener.open(ts, cashier2.client.cookie, ['cashier']);
        const pharmacy = await RoomListener.open(ts, pharmacist.client.cookie, [`pharmacy:${w.pharmacyId}`]);
        const unpaid = (await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`)).body;
        const orderIds = unpaid.orders.map((o: any) => o.orderId);
        const r = await pay(cashier.client, {
          patientId: w.patientId,
          orderIds,
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: 2590, tenderedFen: 3000 }],
        });
        expect(r.status).to.equal(201);
        expect(r.body).to.include({ invoiceNo: 'T00000001', totalFen: 2590, changeFen: 410, patientPayFen: 2590 });
        expect(r.body.printJobId).to.be.a('number');
        const statuses = raw
          .prepare(`SELECT status, paid_at FROM orders WHERE id IN (${orderIds.join(',')})`)
          .all() as any[];
        expect(statuses.every((s) => s.status === 'paid' && s.paid_at > 0)).to.equal(true);
        const job = raw
          .prepare(`SELECT layout, payload_json, ref_id FROM print_jobs WHERE id = ?`)
          .get(r.body.printJobId) as any;
        expect(job.layout).to.equal('receipt');
        const payload = JSON.parse(job.payload_json);
        expect(payload).to.include({ invoiceNo: 'T00000001', totalFen: 2590 });
        expect(payload.categories.map((c: any) => c.code)).to.deep.equal(['04', '09', '11']);
        expect(payload.payments[0]).to.include({ method: 'cash', tenderedFen: 3000, changeFen: 410 });
        const e1 = await desk.waitFor('bill:paid', { billId: r.body.billId });
        expect(e1.payload).to.deep.include({ patientId: w.patientId, pharmacyIds: [w.pharmacyId] });
        await pharmacy.waitFor('bill:paid', { billId: r.body.billId });
        expect(auditRows(ts, 'billing.charge', r.body.billId)).to.have.length(1);
        expect((await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`)).body.orders).to.deep.equal([]);
        desk.close();
        pharmacy.close();
      },
    );

    it('the same key twice has one effect; another key gets 409 already_paid and nothing changes', async () => {
      const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const body = {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'wechat', amountFen: 2000, reference: 'WX-0001' }],
      };
      const k = key();
      const a = await pay(cashier.client, body, k);
      const before = ledger();
      const b = await pay(cashier.client, body, k);
      expect(a.status).to.equal(201);
      expect(b.status).to.equal(201);
      expect(b.body).to.deep.equal(a.body);
      expect(ledger()).to.equal(before);
      const c = await pay(cashier.client, body);
      expect(c.status).to.equal(409);
      expect(c.body.error.code).to.equal('already_paid');
      expect(ledger()).to.equal(before);
    });

    it('refuses bad payments and bad orders with a clear 4xx, writing nothing', async () => {
      const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const cancelled = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      raw.prepare(`UPDATE orders SET status = 'cancelled' WHERE id = ?`).run(cancelled.orderId);
      const base = { patientId: w.patientId, orderIds: [o.orderId], payer: 'cash' };
      const before = ledger();
      const cases: [unknown, number, string][] = [
        [{ ...base, payments: [{ method: 'cash', amountFen: 1999 }] }, 422, 'payments'],
        [
          {
            ...base,
            payments: [
              { method: 'cash', amountFen: 1000 },
              { method: 'alipay', amountFen: 1001, reference: 'A1' },
            ],
          },
          422,
          'payments',
        ],
        [{ ...base, payments: [{ method: 'cash', amountFen: 12.5 }] }, 422, 'payments.0.amountFen'],
        [{ ...base, payments: [{ method: 'bank_card', amountFen: 2000 }] }, 422, 'payments.0.reference'],
        [
          { ...base, payments: [{ method: 'cash', amountFen: 2000, tenderedFen: 1500 }] },
          422,
          'payments.0.tenderedFen',
        ],
        [{ ...base, payments: [{ method: 'cash', amountFen: -2000 }] }, 422, 'payments.0.amountFen'],
        [
          { ...base, payments: [{ method: 'cash', amountFen: 2000, tenderedFen: 2000.5 }] },
          422,
          'payments.0.tenderedFen',
        ],
        [{ ...base, payments: [{ method: 'cash', amountFen: 2000, tenderedFen: -1 }] }, 422, 'payments.0.tenderedFen'],
        [
          { ...base, payments: [{ method: 'alipay', amountFen: 1999.99, reference: 'A2' }] },
          422,
          'payments.0.amountFen',
        ],
        [{ ...base, payments: [{ method: 'cash', amountFen: 2000, extra: 1 }] }, 422, 'payments.0.extra'],
        [{ ...base, payer: 'fund', payments: [{ method: 'cash', amountFen: 2000 }] }, 422, 'payer'],
        [{ ...base, orderIds: [], payments: [] }, 422, 'orderIds'],
        [{ ...base, orderIds: [cancelled.orderId], payments: [{ method: 'cash', amountFen: 2000 }] }, 409, 'orderIds'],
        [{ ...base, orderIds: [999999], payments: [{ method: 'cash', amountFen: 2000 }] }, 404, 'orderIds'],
      ];
      for (const [body, status, field] of cases) {
        const r = await pay(cashier.client, body);
        expect(r.status, JSON.stringify(body)).to.equal(status);
        expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
      }
      const noKey = await cashier.client.post('/api/billing/charges', {
        ...base,
        payments: [{ method: 'cash', amountFen: 2000 }],
      });
      expect(noKey.status).to.equal(400);
      const cancelledMsg = await pay(cashier.client, {
        ...base,
        orderIds: [cancelled.orderId],
        payments: [{ method: 'cash', amountFen: 2000 }],
      });
      expect(cancelledMsg.body.error.code).to.equal('order_cancelled');
      expect(ledger()).to.equal(before);
    });

    it('a prescription past its validity (处方有效期) is marked expired and cannot be charged', async () => {
      const o = signedOrder(raw, w, now - 3 * 86_400_000, [{ itemId: w.drugId, quantity: 6 }]);
      const unpaid = await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`);
      const mine = unpaid.body.orders.find((x: any) => x.orderId === o.orderId);
      expect(mine.expired).to.equal(true);
      const before = ledger();
      const r = await pay(cashier.client, {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: o.totalFen }],
      });
      expect(r.status).to.equal(409);
      expect(r.body.error.code).to.equal('prescription_expired');
      expect(ledger()).to.equal(before);
      raw.prepare(`UPDATE orders SET status = 'cancelled' WHERE id = ?`).run(o.orderId);
    });

    it('an insured charge here records payer insured, no fund part (the insurer settles elsewhere)', async () => {
      const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const r = await pay(cashier.client, {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'insured',
        payments: [{ method: 'cash', amountFen: 2000 }],
      });
      expect(r.status).to.equal(201);
      expect(r.body.insuranceFundFen).to.equal(0);
      expect(raw.prepare(`SELECT payer, insurance_fund_fen FROM bills WHERE id = ?`).get(r.body.billId)).to.deep.equal({
        payer: 'insured',
        insurance_fund_fen: 0,
      });
    });

    it(
      'switching a cash patient to insured at the cashier switches the visit ' +
        'too (audited); the next charge offers it, and back',
      async () => {
        const visit = () =>
          raw.prepare(`SELECT payer, version FROM visits WHERE id = ?`).get(w.visitId) as {
            payer: string;
            version: number;
          };
        raw.prepare(`UPDATE visits SET payer = 'cash' WHERE id = ?`).run(w.visitId);
        const v0 = visit();
        const switches = auditRows(ts, 'visit.payer-switched').length;
        const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
        expect((await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`)).body.payer).to.equal('cash');
        const r = await pay(cashier.client, {
          patientId: w.patientId,
          orderIds: [o.orderId],
          payer: 'insured',
          payments: [{ method: 'cash', amountFen: 2000 }],
        });
        expect(r.status).to.equal(201);
        expect(visit()).to.deep.equal({ payer: 'insured', version: v0.version + 1 });
        const rows = auditRows(ts, 'visit.payer-switched');
        expect(rows).to.have.length(switches + 1);
        const next = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
        expect((await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`)).body.payer).to.equal(
          'insured',
        );
        // Switching back to cash follows too.
        const back = await pay(cashier.client, {
          patientId: w.patientId,
          orderIds: [next.orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: 2000 }],
        });
        expect(back.status).to.equal(201);
        expect(visit()).to.deep.equal({ payer: 'cash', version: v0.version + 2 });
        // A refused charge switches nothing.
        const bad = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
        const refused = await pay(cashier.client, {
          patientId: w.patientId,
          orderIds: [bad.orderId],
          payer: 'insured',
          payments: [{ method: 'cash', amountFen: 1 }],
        });
        expect(refused.status).to.equal(422);
        expect(visit()).to.deep.equal({ payer: 'cash', version: v0.version + 2 });
        raw.prepare(`UPDATE orders SET status = 'cancelled' WHERE id = ?`).run(bad.orderId);
      },
    );

    it('a used-up book: a clear message, nothing charged', async () => {
      const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const body = {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: 2000 }],
      };
      expect((await pay(cashier2.client, body)).body.invoiceNo).to.equal('U00000001');
      const o2 = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      expect((await pay(cashier2.client, { ...body, orderIds: [o2.orderId] })).body.invoiceNo).to.equal('U00000002');
      const o3 = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const before = ledger();
      cashier2.client.lang = 'zh';
      const r = await pay(cashier2.client, { ...body, orderIds: [o3.orderId] });
      cashier2.client.lang = 'en';
      expect(r.status).to.equal(409);
      expect(r.body.error.message).to.equal('发票号已用完，请领用新的票据号段');
      expect(ledger()).to.equal(before);
    });

    it('two cashiers paying the same order at the same moment: one bill, the other gets 409', async () => {
      expect(
        (
          await admin.post('/api/billing/invoice-books', {
            cashierUserId: cashier2.userId,
            prefix: 'V',
            startNo: 1,
            endNo: 10,
          })
        ).status,
      ).to.equal(201);
      const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const body = {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: 2000 }],
      };
      const bills = (raw.prepare('SELECT count(*) AS n FROM bills').get() as { n: number }).n;
      const [a, b] = await Promise.all([pay(cashier.client, body), pay(cashier2.client, body)]);
      expect([a.status, b.status].sort()).to.deep.equal([201, 409]);
      expect((raw.prepare('SELECT count(*) AS n FROM bills').get() as { n: number }).n).to.equal(bills + 1);
      expect(
        (raw.prepare('SELECT count(*) AS n FROM bill_lines WHERE order_line_id = ?').get(o.lineIds[0]) as { n: number })
          .n,
      ).to.equal(1);
    });
  });

  describe('refunds (退费)', () => {
    let billId: number;
    let lines: any[];
    let orderLineIds: number[];

    before(async () => {
      const o = signedOrder(raw, w, now, [
        { itemId: w.drugId, quantity: 24 },
        { itemId: w.drug2Id, quantity: 10 },
      ]);
      orderLineIds = o.lineIds;
      const r = await pay(cashier.client, {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'bank_card', amountFen: o.totalFen, reference: 'POS-77' }],
      });
      billId = r.body.billId;
      lines = (await cashier.client.get(`/api/billing/bills/${billId}`)).body.lines;
    });

    it('refuses more than was paid, and a partial refund of an undispensed prescription', async () => {
      const before = ledger();
      const more = await cashier.client.post(
        `/api/billing/bills/${billId}/refund`,
        { lines: [{ billLineId: lines[0].id, quantity: 25 }], reason: '多退' },
        key(),
      );
      expect(more.status).to.equal(409);
      expect(more.body.error.field).to.equal('lines.0.quantity');
      expect(more.body.error.message).to.contain('at most 24');
      const part = await cashier.client.post(
        `/api/billing/bills/${billId}/refund`,
        { lines: [{ billLineId: lines[0].id, quantity: 5 }], reason: '部分' },
        key(),
      );
      expect(part.status).to.equal(409);
      expect(part.body.error.code).to.equal('refund_whole_prescription');
      const noReason = await cashier.client.post(`/api/billing/bills/${billId}/refund`, { all: true }, key());
      expect(noReason.status).to.equal(422);
      expect(noReason.body.error.field).to.equal('reason');
      const neither = await cashier.client.post(`/api/billing/bills/${billId}/refund`, { reason: 'x' }, key());
      expect(neither.status).to.equal(422);
      expect(neither.body.error.field).to.equal('lines');
      const fraction = await cashier.client.post(
        `/api/billing/bills/${billId}/refund`,
        { lines: [{ billLineId: lines[0].id, quantity: 1.5 }], reason: 'x' },
        key(),
      );
      expect(fraction.status).to.equal(422);
      for (const quantity of [-1, 0]) {
        const r = await cashier.client.post(
          `/api/billing/bills/${billId}/refund`,
          { lines: [{ billLineId: lines[0].id, quantity }], reason: 'x' },
          key(),
        );
        expect(r.status, `quantity ${quantity}`).to.equal(422);
        expect(r.body.error.field).to.equal('lines.0.quantity');
      }
      expect(
        (await pharmacist.client.post(`/api/billing/bills/${billId}/refund`, { all: true, reason: 'x' }, key())).status,
      ).to.equal(403);
      expect(ledger()).to.equal(before);
    });

    it(
      'after a partial dispense only the undispensed part is ' + 'refundable; a returned line becomes refundable',
      async () => {
        pharmacyMove(raw, w, now, pharmacist.userId, orderLineIds[0]!, 20);
        pharmacyMove(raw, w, now, pharmacist.userId, orderLineIds[1]!, 10);
        let detail = (await cashier.client.get(`/api/billing/bills/${billId}`)).body;
        expect(detail.lines.map((l: any) => l.refundableQuantity)).to.deep.equal([4, 0]);
        const desk = await RoomListener.open(ts, cashier2.client.cookie, ['cashier']);
        const r = await cashier.client.post(
          `/api/billing/bills/${billId}/refund`,
          { all: true, reason: '剩余未发' },
          key(),
        );
        expect(r.status).to.equal(201);
        expect(r.body).to.include({ totalFen: -208, refundFen: 208, method: 'bank_card' });
        await desk.waitFor('bill:refunded', { billId: r.body.billId });
        desk.close();
        const nothing = await cashier.client.post(
          `/api/billing/bills/${billId}/refund`,
          { all: true, reason: '再退' },
          key(),
        );
        expect(nothing.status).to.equal(409);
        expect(nothing.body.error.code).to.equal('nothing_refundable');
        pharmacyMove(raw, w, now, pharmacist.userId, orderLineIds[1]!, -6);
        detail = (await cashier.client.get(`/api/billing/bills/${billId}`)).body;
        expect(detail.lines.map((l: any) => l.refundableQuantity)).to.deep.equal([0, 6]);
        const back = await cashier.client.post(
          `/api/billing/bills/${billId}/refund`,
          { lines: [{ billLineId: lines[1].id, quantity: 6 }], method: 'cash', reason: '退药' },
          key(),
        );
        expect(back.status).to.equal(201);
        expect(back.body.totalFen).to.equal(-450);
        detail = (await cashier.client.get(`/api/billing/bills/${billId}`)).body;
        expect(detail.refundedFen).to.equal(658);
        expect(detail.refunds.map((x: any) => x.totalFen)).to.deep.equal([-208, -450]);
        const refundBill = raw
          .prepare(`SELECT kind, reverses_id, reason FROM bills WHERE id = ?`)
          .get(back.body.billId);
        expect(refundBill).to.deep.equal({ kind: 'refund', reverses_id: billId, reason: '退药' });
        expect(auditRows(ts, 'billing.refund')).to.have.length(2);
        // A refund bill itself cannot be refunded.
        expect(
          (
            await cashier.client.post(
              `/api/billing/bills/${back.body.billId}/refund`,
              { all: true, reason: 'x' },
              key(),
            )
          ).status,
        ).to.equal(409);
      },
    );

    it('a fully refunded undispensed prescription is cancelled and leaves the pharmacy queue', async () => {
      const o = signedOrder(raw, w, now, [{ itemId: w.drugId, quantity: 6 }]);
      const c = await pay(cashier.client, {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: o.totalFen }],
      });
      const k = key();
      const r = await cashier.client.post(
        `/api/billing/bills/${c.body.billId}/refund`,
        { all: true, reason: '患者不取药' },
        k,
      );
      expect(r.body.cancelledOrderIds).to.deep.equal([o.orderId]);
      // A retry with the same key (a dropped answer) has one effect: the same refund bill.
      const ledgerAfter = ledger();
      const retry = await cashier.client.post(
        `/api/billing/bills/${c.body.billId}/refund`,
        { all: true, reason: '患者不取药' },
        k,
      );
      expect(retry.status).to.equal(201);
      expect(retry.body).to.deep.equal(r.body);
      expect(ledger()).to.equal(ledgerAfter);
      expect(raw.prepare(`SELECT count(*) FROM bills WHERE reverses_id = ?`).pluck().get(c.body.billId)).to.equal(1);
      expect((raw.prepare(`SELECT status FROM orders WHERE id = ?`).get(o.orderId) as any).status).to.equal(
        'cancelled',
      );
    });
  });

  describe('shift closing (交班)', () => {
    it(
      'shows live totals, closes with a report, locks the shift; ' + 'the next charge and refunds open a new one',
      async () => {
        const cur = await cashier.client.get('/api/billing/shift');
        expect(cur.status).to.equal(200);
        const shiftId = cur.body.shift.id;
        const t = cur.body.totals;
        expect(t.charges.count).to.be.greaterThan(0);
        expect(t.refunds.count).to.equal(3);
        const sumMethods = t.byMethod.reduce((s: number, m: any) => s + m.amountFen, 0);
        const sumCats = t.byCategory.reduce((s: number, c: any) => s + c.amountFen, 0);
        expect(sumMethods).to.equal(t.netFen);
        expect(sumCats).to.equal(t.netFen);
        const paidInShift = raw.prepare(`SELECT * FROM payments WHERE shift_id = ? ORDER BY id`).all(shiftId);

        const k = key();
        const closed = await cashier.client.post('/api/billing/shift/close', {}, k);
        expect(closed.status).to.equal(200);
        expect(closed.body.totals).to.deep.equal(t);
        const again = await cashier.client.post('/api/billing/shift/close', {}, k);
        expect(again.body).to.deep.equal(closed.body);
        expect((await cashier.client.post('/api/billing/shift/close', {}, key())).body.error.code).to.equal(
          'no_open_shift',
        );
        const row = raw.prepare(`SELECT closed_at, totals_json FROM shifts WHERE id = ?`).get(shiftId) as any;
        expect(row.closed_at).to.be.a('number');
        expect(JSON.parse(row.totals_json)).to.deep.equal(t);
        expect(
          (raw.prepare(`SELECT layout FROM print_jobs WHERE id = ?`).get(closed.body.printJobId) as any).layout,
        ).to.equal('shift-report');
        expect((await cashier.client.get('/api/billing/shift')).body).to.deep.equal({ shift: null, totals: null });
        const recent = (await cashier.client.get('/api/billing/shifts')).body.items;
        expect(recent[0]).to.deep.include({ id: shiftId, totals: t });
        expect((await cashier2.client.get('/api/billing/shifts')).body.items.map((x: any) => x.id)).to.not.include(
          shiftId,
        );

        // A charge after closing goes into a new shift; a refund of a bill paid in the closed shift too.
        const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
        const c = await pay(cashier.client, {
          patientId: w.patientId,
          orderIds: [o.orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: 2000 }],
        });
        expect(c.body.shiftId).to.not.equal(shiftId);
        const oldBill = raw
          .prepare(
            `SELECT b.id FROM bills b JOIN bill_lines l ON l.bill_id = b.id
            JOIN order_lines ol ON ol.id = l.order_line_id JOIN orders o ON o.id = ol.order_id WHERE b.shift_id = ?
            AND o.kind = 'service' AND o.status = 'paid' LIMIT 1`,
          )
          .get(shiftId) as { id: number };
        const r = await cashier.client.post(
          `/api/billing/bills/${oldBill.id}/refund`,
          { all: true, reason: '次日退' },
          key(),
        );
        expect(r.status).to.equal(201);
        expect((raw.prepare(`SELECT shift_id FROM bills WHERE id = ?`).get(r.body.billId) as any).shift_id).to.equal(
          c.body.shiftId,
        );
        expect(raw.prepare(`SELECT * FROM payments WHERE shift_id = ? ORDER BY id`).all(shiftId)).to.deep.equal(
          paidInShift,
        );
        const detail = await admin.get(`/api/billing/shifts/${shiftId}`);
        expect(detail.status).to.equal(403); // the admin has no billing.close-shift
      },
    );

    it('counts the inpatient deposits (预交金) the cashier took and paid back since their last 交班', async () => {
      const f = await factories(ts, admin);
      const ward = await f.department({ kind: 'ward' });
      const doctor = await f.user(['doctor'], { departmentId: ward.id });
      await f.diagnosis('J18.900', '肺炎');
      const c = await userViaApi(ts, admin, ['registrar']);
      const other = await userViaApi(ts, admin, ['registrar']);
      const book = { cashierUserId: c.userId, prefix: 'D', startNo: 1, endNo: 50 };
      expect((await admin.post('/api/billing/invoice-books', book)).status).to.equal(201);
      const p = await f.patient();
      const admitted = await c.client.post(
        '/api/stays',
        {
          patientId: p.id,
          wardId: ward.id,
          admissionWay: 'outpatient',
          admissionCondition: 'general',
          admissionDiagCode: 'J18.900',
          attendingDoctorId: doctor.staffId,
          patientType: 'self',
          deposit: { amountFen: 10_000, method: 'cash' },
        },
        key(),
      );
      expect(admitted.status, JSON.stringify(admitted.body)).to.equal(201);
      const stayId = admitted.body.summary.id;
      const deposit = (u: ApiClient, amountFen: number, method: string) =>
        u.post(`/api/stays/${stayId}/deposits`, { amountFen, method, reference: `R${amountFen}` }, key());
      const charge = async () => {
        const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
        const r = await pay(c.client, {
          patientId: w.patientId,
          orderIds: [o.orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: 2000 }],
        });
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
      };
      // The first shift: the 100.00 cash deposit taken before its first charge is counted in it.
      await charge();
      const first = await c.client.post('/api/billing/shift/close', {}, key());
      expect(first.status).to.equal(200);
      expect(first.body.totals.deposits).to.deep.include({ takenFen: 10_000, refundedFen: 0, netFen: 10_000 });
      expect(first.body.totals.cashFen).to.equal(2000 + 10_000);

      // The second: a card and a cash deposit, the first deposit paid back; another cashier's deposit.
      await charge();
      expect((await deposit(c.client, 5000, 'card')).status).to.equal(201);
      expect((await deposit(c.client, 3000, 'cash')).status).to.equal(201);
      expect((await deposit(other.client, 7000, 'cash')).status).to.equal(201);
      const firstDeposit = (await c.client.get(`/api/stays/${stayId}`)).body.deposits.find(
        (d: any) => d.amountFen === 10_000,
      );
      const back = await c.client.post(
        `/api/stays/${stayId}/deposits/${firstDeposit.id}/reverse`,
        { reason: '退' },
        key(),
      );
      expect(back.status, JSON.stringify(back.body)).to.equal(201);
      const live = (await c.client.get('/api/billing/shift')).body.totals;
      expect(live.deposits.byMethod).to.deep.equal([
        { method: 'card', count: 1, takenFen: 5000, refundedFen: 0, netFen: 5000 },
        { method: 'cash', count: 2, takenFen: 3000, refundedFen: -10_000, netFen: -7000 },
      ]);
      expect(live.deposits).to.deep.include({ takenFen: 8000, refundedFen: -10_000, netFen: -2000 });
      expect(live.deposits.fromAt).to.equal(
        (raw.prepare(`SELECT closed_at FROM shifts WHERE id = ?`).pluck().get(first.body.shift.id) as number) + 1,
      );
      // The drawer: the bill's 20.00 cash, 30.00 cash taken, 100.00 cash paid back.
      expect(live.byMethod).to.deep.equal([{ method: 'cash', amountFen: 2000, receivedFen: 2000, paidBackFen: 0 }]);
      expect(live.cashFen).to.equal(2000 + 3000 - 10_000);
      const second = await c.client.post('/api/billing/shift/close', {}, key());
      expect(second.body.totals.deposits).to.deep.equal(live.deposits);
      expect(second.body.totals.cashFen).to.equal(-5000);
      // A deposit after the close belongs to the next shift; the closed ones keep their saved totals.
      expect((await deposit(c.client, 4000, 'cash')).status).to.equal(201);
      const saved = (await c.client.get('/api/billing/shifts')).body.items;
      expect(saved.map((x: any) => x.totals.deposits.netFen)).to.deep.equal([-2000, 10_000]);
      const audit = auditRows(ts, 'billing.shift.close', second.body.shift.id)[0]!;
      expect(audit.summary.changes?.depositNetFen?.after).to.equal(-2000);
      expect((await c.client.get('/api/billing/shift')).body.totals.deposits.netFen).to.equal(4000);
      // The other cashier took a deposit and no bill payment: no shift, the deposit waits; closing makes one.
      const waiting = (await other.client.get('/api/billing/shift')).body;
      expect(waiting.shift).to.equal(null);
      expect(waiting.totals).to.deep.include({ netFen: 0, cashFen: 7000 });
      expect(waiting.totals.deposits.byMethod).to.deep.equal([
        { method: 'cash', count: 1, takenFen: 7000, refundedFen: 0, netFen: 7000 },
      ]);
      const only = await other.client.post('/api/billing/shift/close', {}, key());
      expect(only.status, JSON.stringify(only.body)).to.equal(200);
      expect(only.body.totals).to.deep.equal(waiting.totals);
      expect((await other.client.get('/api/billing/shift')).body).to.deep.equal({ shift: null, totals: null });
      expect((await other.client.post('/api/billing/shift/close', {}, key())).body.error.code).to.equal(
        'no_open_shift',
      );
    });

    it('lists bills by shift, patient and day', async () => {
      const shift = raw
        .prepare(`SELECT id FROM shifts WHERE cashier_user_id = ? ORDER BY id LIMIT 1`)
        .get(cashier.userId) as { id: number };
      const byShift = await cashier.client.get(`/api/billing/bills?shiftId=${shift.id}`);
      expect(byShift.status).to.equal(200);
      expect(byShift.body.items.every((b: any) => b.shiftId === shift.id)).to.equal(true);
      const today = await cashier.client.get('/api/billing/bills');
      expect(today.body.items.length).to.be.greaterThan(byShift.body.items.length - 1);
      expect(
        (await cashier.client.get(`/api/billing/bills?patientId=${w.patientId}`)).body.items.every(
          (b: any) => b.patientId === w.patientId,
        ),
      ).to.equal(true);
      expect((await cashier.client.get('/api/billing/bills?day=2020-01-01')).body.items).to.deep.equal([]);
      expect((await cashier.client.get('/api/billing/bills?day=yesterday')).status).to.equal(422);
    });
  });
});
