// Issue 9 item 6 at the cashier: unusual amounts need the cashier's confirmation (the server
// requires confirmUnusual past the institution's thresholds), and a prescription the pharmacy
// refused (拒发) is refunded whole like an undispensed one.
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { RoomListener, userViaApi } from '../../../test/helpers/admin.js';
import { giveBook, seedWorld, signedOrder, type BillingWorld } from '../../../test/helpers/billing.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { getInstitutionSettings } from '../settings/service.js';
import * as settingsRepo from '../settings/repo.js';

let keyN = 0;
const key = () => ({ 'Idempotency-Key': `bill-review-${process.pid}-${++keyN}` });

describe('billing: unusual amounts and refunds of refused prescriptions', () => {
  let ts: TestServer;
  let raw: SQLite.Database;
  let cashier: { client: ApiClient; userId: number };
  let pharmacist: { client: ApiClient; userId: number };
  let w: BillingWorld;
  const now = Date.now();
  const ledger = () =>
    JSON.stringify(
      ['bills', 'bill_lines', 'payments', 'shifts', 'invoice_books', 'orders', 'print_jobs'].map((tb) =>
        raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );
  const cash = (orderIds: number[], amountFen: number, extra: Record<string, unknown> = {}) => ({
    patientId: w.patientId,
    orderIds,
    payer: 'cash',
    payments: [{ method: 'cash', amountFen, tenderedFen: amountFen }],
    ...extra,
  });
  async function warnAt(lineWarnFen: number, billWarnFen: number) {
    await ts.server.modules.uow.write(async (tx) => {
      const s = await getInstitutionSettings(tx.db);
      await settingsRepo.write(
        tx.db,
        'institution',
        JSON.stringify({ ...s, billing: { lineWarnFen, billWarnFen } }),
        tx.now,
        null,
      );
    });
  }

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    const admin = await adminClient(ts);
    cashier = await userViaApi(ts, admin, ['registrar']);
    pharmacist = await userViaApi(ts, admin, ['pharmacist']);
    cashier.client.lang = 'zh';
    w = seedWorld(raw, now);
    giveBook(raw, cashier.userId, 1, 1000, 'RV', now);
  });
  after(async () => ts.stop());

  it(
    'refuses a charge with a line above the line warning (default ' +
      '¥500) unless confirmed, naming the line and amounts',
    async () => {
      // 1000 capsules at ¥12.50 a box of 24 = ¥520.83.
      const o = signedOrder(raw, w, now, [{ itemId: w.drugId, quantity: 1000 }]);
      const unpaid = await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`);
      expect(unpaid.body.unusual).to.deep.equal({ lineWarnFen: 50_000, billWarnFen: 200_000 });
      const before = ledger();
      for (const extra of [{}, { confirmUnusual: false }]) {
        const r = await cashier.client.post('/api/billing/charges', cash([o.orderId], o.totalFen, extra), key());
        expect(r.status, JSON.stringify(r.body)).to.equal(409);
        expect(r.body.error).to.include({ code: 'unusual_amount', field: 'confirmUnusual' });
        expect(r.body.error.message).to.include('阿莫西林胶囊').and.include('520.83').and.include('500.00');
        expect(r.body.error.details.lines).to.deep.equal([{ name: '阿莫西林胶囊', amountFen: o.totalFen }]);
      }
      expect(
        (
          await cashier.client.post(
            '/api/billing/charges',
            cash([o.orderId], o.totalFen, { confirmUnusual: 'yes' }),
            key(),
          )
        ).status,
      ).to.equal(422);
      expect(ledger()).to.equal(before);
      const ok = await cashier.client.post(
        '/api/billing/charges',
        cash([o.orderId], o.totalFen, { confirmUnusual: true }),
        key(),
      );
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    },
  );

  it(
    'refuses a bill above the bill warning even when every line is ' + 'small; thresholds of 0 turn the warnings off',
    async () => {
      await warnAt(10_000, 20_000); // ¥100 a line, ¥200 a bill
      try {
        // Three orders of 180 capsules (¥93.75 each): no line above ¥100, the bill ¥281.25 above ¥200.
        const orders = [1, 2, 3].map(() => signedOrder(raw, w, now, [{ itemId: w.drugId, quantity: 180 }]));
        const total = orders.reduce((s, o) => s + o.totalFen, 0);
        const before = ledger();
        const r = await cashier.client.post(
          '/api/billing/charges',
          cash(
            orders.map((o) => o.orderId),
            total,
          ),
          key(),
        );
        expect(r.status).to.equal(409);
        expect(r.body.error.code).to.equal('unusual_amount');
        expect(r.body.error.details.lines).to.deep.equal([]);
        expect(r.body.error.message).to.include('281.25').and.include('200.00');
        expect(ledger()).to.equal(before);
        await warnAt(0, 0);
        const ok = await cashier.client.post(
          '/api/billing/charges',
          cash(
            orders.map((o) => o.orderId),
            total,
          ),
          key(),
        );
        expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
      } finally {
        await warnAt(50_000, 200_000);
      }
    },
  );

  it(
    'refunds a refused prescription whole (not in part); the doctor and ' +
      'the pharmacy hear of it, the order ends cancelled',
    async () => {
      const o = signedOrder(raw, w, now, [
        { itemId: w.drugId, quantity: 24 },
        { itemId: w.drug2Id, quantity: 20 },
      ]);
      const paid = await cashier.client.post('/api/billing/charges', cash([o.orderId], o.totalFen), key());
      expect(paid.status, JSON.stringify(paid.body)).to.equal(201);
      const dept = await RoomListener.open(ts, pharmacist.client.cookie, [`pharmacy:${w.pharmacyId}`]);
      try {
        const refused = await pharmacist.client.post(
          `/api/pharmacy/orders/${o.orderId}/refuse`,
          { pharmacyId: w.pharmacyId, reason: '板蓝根颗粒与诊断不符' },
          key(),
        );
        expect(refused.status, JSON.stringify(refused.body)).to.equal(200);
        await dept.waitFor('order:refused', { orderId: o.orderId });
      } finally {
        dept.close();
      }
      const bill = await cashier.client.get(`/api/billing/bills/${paid.body.billId}`);
      expect(bill.status).to.equal(200);
      const lines = bill.body.lines as Array<{ id: number; refundableQuantity: number }>;
      expect(lines.map((l) => l.refundableQuantity)).to.deep.equal([24, 20]);
      const before = ledger();
      const part = await cashier.client.post(
        `/api/billing/bills/${paid.body.billId}/refund`,
        { lines: [{ billLineId: lines[0]!.id, quantity: 24 }], reason: '药房拒发' },
        key(),
      );
      expect(part.status).to.equal(409);
      expect(part.body.error.code).to.equal('refund_whole_prescription');
      expect(ledger()).to.equal(before);
      const all = await cashier.client.post(
        `/api/billing/bills/${paid.body.billId}/refund`,
        { all: true, reason: '药房拒发' },
        key(),
      );
      expect(all.status, JSON.stringify(all.body)).to.equal(201);
      expect(all.body.totalFen).to.equal(-o.totalFen);
      expect(all.body.cancelledOrderIds).to.deep.equal([o.orderId]);
      const row = raw.prepare('SELECT status, refused_reason FROM orders WHERE id = ?').get(o.orderId);
      expect(row).to.deep.equal({ status: 'cancelled', refused_reason: '板蓝根颗粒与诊断不符' });
    },
  );
});
