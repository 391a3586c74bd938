import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import {
  giveBook,
  pharmacyMove,
  plainUser,
  seedWorld,
  signedOrder,
  type BillingWorld,
} from '../../../test/helpers/billing.js';
import { formatInvoiceNo, recordCharge, recordRefund, type ChargeLine } from './ledger.js';
import { DomainError } from '../../../core/errors.js';
import type { UnitOfWork } from '../../lib/uow.js';

async function rejects(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('billing ledger (recordCharge / recordRefund)', () => {
  let ts: TestServer;
  let raw: SQLite.Database;
  let uow: UnitOfWork;
  let w: BillingWorld;
  let cashier: number;
  const now = Date.UTC(2026, 10, 26, 2, 0, 0);
  const count = (table: string) => (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    uow = ts.server.modules.uow;
    w = seedWorld(raw, now);
    cashier = plainUser(raw, w.clinicId, now);
    giveBook(raw, cashier, 1, 3, 'A');
  });
  after(async () => ts.stop());

  const linesOf = (orderLineIds: number[]): ChargeLine[] =>
    orderLineIds.map((id) => {
      const l = raw
        .prepare(`SELECT item_id, quantity, unit_price_fen, amount_fen, charge_category FROM order_lines WHERE id = ?`)
        .get(id) as any;
      return {
        itemId: l.item_id,
        quantity: l.quantity,
        unitPriceFen: l.unit_price_fen,
        amountFen: l.amount_fen,
        chargeCategory: l.charge_category,
        orderLineId: id,
      };
    });

  it(
    'sums the lines priced half-up once each, takes the invoice ' + 'number, opens a shift and records change',
    async () => {
      // 7 capsules of a 24-capsule box at 12.50: 7 × 1250 / 24 = 364.58 → 365 fen; 3 bags of 20 at 15.00 → 225.
      const o = signedOrder(raw, w, now, [
        { itemId: w.drugId, quantity: 7 },
        { itemId: w.drug2Id, quantity: 3 },
      ]);
      expect(o.totalFen).to.equal(590);
      const shiftsBefore = count('shifts');
      const r = await uow.write((tx) =>
        recordCharge(tx, {
          patientId: w.patientId,
          visitId: w.visitId,
          payer: 'cash',
          cashierUserId: cashier,
          lines: linesOf(o.lineIds),
          payments: [{ method: 'cash', amountFen: 590, tenderedFen: 1000 }],
          invoice: true,
        }),
      );
      expect(r).to.include({
        totalFen: 590,
        patientPayFen: 590,
        insuranceFundFen: 0,
        changeFen: 410,
        invoiceNo: 'A00000001',
      });
      expect(r.orderIds).to.deep.equal([o.orderId]);
      expect(r.pharmacyIds).to.deep.equal([w.pharmacyId]);
      expect(count('shifts')).to.equal(shiftsBefore + 1);
      const pay = raw.prepare(`SELECT * FROM payments WHERE bill_id = ?`).all(r.billId) as any[];
      expect(pay).to.have.length(1);
      expect(pay[0]).to.include({
        method: 'cash',
        amount_fen: 590,
        tendered_fen: 1000,
        change_fen: 410,
        shift_id: r.shiftId,
      });
      const ev = raw
        .prepare(`SELECT name, rooms_json FROM event_log WHERE name = 'bill:paid' ORDER BY seq DESC LIMIT 1`)
        .get() as any;
      expect(JSON.parse(ev.rooms_json)).to.deep.equal(['cashier', `pharmacy:${w.pharmacyId}`, `dept:${w.clinicId}`]);
    },
  );

  it('keeps one open shift per cashier and refuses a line already paid', async () => {
    const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
    const a = await uow.write((tx) =>
      recordCharge(tx, {
        patientId: w.patientId,
        visitId: w.visitId,
        payer: 'cash',
        cashierUserId: cashier,
        lines: linesOf(o.lineIds),
        payments: [{ method: 'wechat', amountFen: 2000, reference: 'WX1' }],
        invoice: true,
      }),
    );
    expect(a.invoiceNo).to.equal('A00000002');
    const open = raw
      .prepare(`SELECT count(*) AS n FROM shifts WHERE cashier_user_id = ? AND closed_at IS NULL`)
      .get(cashier) as { n: number };
    expect(open.n).to.equal(1);
    const bills = count('bills');
    const e = await rejects(
      uow.write((tx) =>
        recordCharge(tx, {
          patientId: w.patientId,
          visitId: w.visitId,
          payer: 'cash',
          cashierUserId: cashier,
          lines: linesOf(o.lineIds),
          payments: [{ method: 'cash', amountFen: 2000 }],
          invoice: true,
        }),
      ),
    );
    expect(e.status).to.equal(409);
    expect(e.code).to.equal('already_paid');
    expect(count('bills')).to.equal(bills);
  });

  it('refuses payments that do not match, fractional fen and missing references, writing nothing', async () => {
    const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
    const before = [count('bills'), count('payments'), count('bill_lines')];
    const base = {
      patientId: w.patientId,
      visitId: w.visitId,
      payer: 'cash' as const,
      cashierUserId: cashier,
      lines: linesOf(o.lineIds),
      invoice: true,
    };
    const cases: [any[], string][] = [
      [[{ method: 'cash', amountFen: 1999 }], 'payments'],
      [[{ method: 'cash', amountFen: 2001 }], 'payments'],
      [[{ method: 'cash', amountFen: 12.5 }], 'payments.0.amountFen'],
      [[{ method: 'bank_card', amountFen: 2000 }], 'payments.0.reference'],
      [[{ method: 'cash', amountFen: 2000, tenderedFen: 1000 }], 'payments.0.tenderedFen'],
      [[{ method: 'cash', amountFen: 2000, tenderedFen: 5000, changeFen: 2000 }], 'payments.0.changeFen'],
      [[{ method: 'cheque', amountFen: 2000 }], 'payments.0.method'],
    ];
    for (const [payments, field] of cases) {
      const e = await rejects(uow.write((tx) => recordCharge(tx, { ...base, payments })));
      expect(e.status, field).to.equal(422);
      expect(e.field).to.equal(field);
    }
    const fractional = await rejects(
      uow.write((tx) =>
        recordCharge(tx, {
          ...base,
          lines: [{ ...base.lines[0]!, amountFen: 12.5 }],
          payments: [{ method: 'cash', amountFen: 2000 }],
        }),
      ),
    );
    expect(fractional.field).to.equal('lines.0.amountFen');
    expect([count('bills'), count('payments'), count('bill_lines')]).to.deep.equal(before);
  });

  it('splits an insured bill into the fund part and the patient part', async () => {
    const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
    const r = await uow.write((tx) =>
      recordCharge(tx, {
        patientId: w.patientId,
        visitId: w.visitId,
        payer: 'insured',
        cashierUserId: cashier,
        lines: linesOf(o.lineIds),
        insuranceFundFen: 1200,
        payments: [{ method: 'cash', amountFen: 800 }],
        invoice: false,
      }),
    );
    expect(r).to.include({ totalFen: 2000, insuranceFundFen: 1200, patientPayFen: 800, invoiceNo: null });
    // recordCharge leaves the order's status to its caller (the cashier marks it paid).
    raw.prepare(`UPDATE orders SET status = 'paid' WHERE id = ?`).run(o.orderId);
    const pays = raw.prepare(`SELECT method, amount_fen FROM payments WHERE bill_id = ? ORDER BY id`).all(r.billId);
    expect(pays).to.deep.equal([
      { method: 'insurance_fund', amount_fen: 1200 },
      { method: 'cash', amount_fen: 800 },
    ]);
    const back = await uow.write((tx) =>
      recordRefund(tx, {
        originalBillId: r.billId,
        lines: [
          {
            billLineId: (raw.prepare(`SELECT id FROM bill_lines WHERE bill_id = ?`).get(r.billId) as any).id,
            quantity: 1,
          },
        ],
        userId: cashier,
      }),
    );
    expect(back.totalFen).to.equal(-2000);
    expect(back.patientRefundFen).to.equal(800);
    const refundPays = raw
      .prepare(`SELECT method, amount_fen FROM payments WHERE bill_id = ? ORDER BY id`)
      .all(back.billId);
    expect(refundPays).to.deep.equal([
      { method: 'insurance_fund', amount_fen: -1200 },
      { method: 'cash', amount_fen: -800 },
    ]);
  });

  it('uses up a book: the last number marks it used up, then a clear message and nothing written', async () => {
    const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
    const pay = (lines: ChargeLine[]) =>
      uow.write((tx) =>
        recordCharge(tx, {
          patientId: w.patientId,
          visitId: null,
          payer: 'cash',
          cashierUserId: cashier,
          lines,
          payments: [{ method: 'cash', amountFen: 2000 }],
          invoice: true,
        }),
      );
    const r = await pay(linesOf(o.lineIds));
    expect(r.invoiceNo).to.equal('A00000003');
    expect(
      raw.prepare(`SELECT status, next_no FROM invoice_books WHERE cashier_user_id = ?`).get(cashier) as any,
    ).to.deep.equal({ status: 'used_up', next_no: 4 });
    const o2 = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 1 }], 'service');
    const bills = count('bills');
    const e = await rejects(pay(linesOf(o2.lineIds)));
    expect(e.status).to.equal(409);
    expect(e.text.zh).to.equal('发票号已用完，请领用新的票据号段');
    expect(count('bills')).to.equal(bills);
    giveBook(raw, cashier, 100, 199, 'A');
    expect((await pay(linesOf(o2.lineIds))).invoiceNo).to.equal(formatInvoiceNo('A', 100));
  });

  it('refunds at most paid − refunded − (dispensed − returned); a full refund cancels the order', async () => {
    const other = plainUser(raw, w.clinicId, now);
    const o = signedOrder(raw, w, now, [
      { itemId: w.drugId, quantity: 24 },
      { itemId: w.drug2Id, quantity: 10 },
    ]);
    const charge = await uow.write((tx) =>
      recordCharge(tx, {
        patientId: w.patientId,
        visitId: w.visitId,
        payer: 'cash',
        cashierUserId: other,
        lines: linesOf(o.lineIds),
        payments: [{ method: 'alipay', amountFen: o.totalFen, reference: 'ALI9' }],
        invoice: false,
      }),
    );
    raw.prepare(`UPDATE orders SET status = 'paid' WHERE id = ?`).run(o.orderId);
    const [l1, l2] = (
      raw.prepare(`SELECT id FROM bill_lines WHERE bill_id = ? ORDER BY id`).all(charge.billId) as { id: number }[]
    ).map((r) => r.id) as [number, number];
    // Not dispensed yet: only the whole prescription can be refunded.
    const whole = await rejects(
      uow.write((tx) =>
        recordRefund(tx, { originalBillId: charge.billId, lines: [{ billLineId: l1, quantity: 24 }], userId: other }),
      ),
    );
    expect(whole.code).to.equal('refund_whole_prescription');
    // The pharmacy hands out 20 of 24 capsules and all 10 bags, then takes 4 bags back.
    pharmacyMove(raw, w, now, other, o.lineIds[0]!, 20);
    pharmacyMove(raw, w, now, other, o.lineIds[1]!, 10);
    pharmacyMove(raw, w, now, other, o.lineIds[1]!, -4);
    const tooMuch = await rejects(
      uow.write((tx) =>
        recordRefund(tx, { originalBillId: charge.billId, lines: [{ billLineId: l1, quantity: 5 }], userId: other }),
      ),
    );
    expect(tooMuch.status).to.equal(409);
    expect(tooMuch.field).to.equal('lines.0.quantity');
    expect(tooMuch.text.en).to.contain('at most 4');
    // 4 capsules: 4/24 of 1250 = 208.33 → 208; 3 of the 4 returned bags: 3/10 of 750 = 225.
    const r1 = await uow.write((tx) =>
      recordRefund(tx, {
        originalBillId: charge.billId,
        lines: [
          { billLineId: l1, quantity: 4 },
          { billLineId: l2, quantity: 3 },
        ],
        userId: other,
        reason: '患者要求',
      }),
    );
    expect(r1.totalFen).to.equal(-(208 + 225));
    expect(r1.method).to.equal('alipay');
    expect(r1.cancelledOrderIds).to.deep.equal([]);
    // The last returned bag: what is left of the line's amount, so refunds sum exactly.
    const r2 = await uow.write((tx) =>
      recordRefund(tx, {
        originalBillId: charge.billId,
        lines: [{ billLineId: l2, quantity: 1 }],
        userId: other,
        method: 'cash',
      }),
    );
    expect(r2.totalFen).to.equal(-75);
    const again = await rejects(
      uow.write((tx) =>
        recordRefund(tx, { originalBillId: charge.billId, lines: [{ billLineId: l2, quantity: 1 }], userId: other }),
      ),
    );
    expect(again.text.en).to.contain('at most 0');
    const refundRows = raw
      .prepare(`SELECT kind, reverses_id, total_fen, reason FROM bills WHERE reverses_id = ? ORDER BY id`)
      .all(charge.billId);
    expect(refundRows).to.deep.equal([
      { kind: 'refund', reverses_id: charge.billId, total_fen: -433, reason: '患者要求' },
      { kind: 'refund', reverses_id: charge.billId, total_fen: -75, reason: null },
    ]);
  });

  it(
    'a fully refunded, undispensed order is cancelled; refunds ' + "land in the refunding cashier's open shift",
    async () => {
      const o = signedOrder(raw, w, now, [{ itemId: w.drugId, quantity: 12 }]);
      const c = await uow.write((tx) =>
        recordCharge(tx, {
          patientId: w.patientId,
          visitId: w.visitId,
          payer: 'cash',
          cashierUserId: cashier,
          lines: linesOf(o.lineIds),
          payments: [{ method: 'cash', amountFen: o.totalFen }],
          invoice: false,
        }),
      );
      raw.prepare(`UPDATE orders SET status = 'paid' WHERE id = ?`).run(o.orderId);
      raw.prepare(`UPDATE shifts SET closed_at = ? WHERE id = ?`).run(now, c.shiftId);
      const line = (raw.prepare(`SELECT id FROM bill_lines WHERE bill_id = ?`).get(c.billId) as { id: number }).id;
      const r = await uow.write((tx) =>
        recordRefund(tx, { originalBillId: c.billId, lines: [{ billLineId: line, quantity: 12 }], userId: cashier }),
      );
      expect(r.cancelledOrderIds).to.deep.equal([o.orderId]);
      expect(r.shiftId).to.not.equal(c.shiftId);
      expect((raw.prepare(`SELECT status FROM orders WHERE id = ?`).get(o.orderId) as any).status).to.equal(
        'cancelled',
      );
      expect(raw.prepare(`SELECT shift_id FROM payments WHERE bill_id = ?`).all(r.billId)).to.deep.equal([
        { shift_id: r.shiftId },
      ]);
    },
  );

  it('small partial refunds never give back more than the line was paid (rounding is capped)', async () => {
    // A line of 4 units that cost 2 fen: each unit's half-up share is 1 fen, so four
    // one-unit refunds would give back 4 fen without the cap.
    const o = signedOrder(raw, w, now, [{ itemId: w.serviceId, quantity: 4 }], 'service');
    const lines: ChargeLine[] = [
      {
        itemId: w.serviceId,
        quantity: 4,
        unitPriceFen: 1,
        amountFen: 2,
        chargeCategory: '04',
        orderLineId: o.lineIds[0]!,
      },
    ];
    const c = await uow.write((tx) =>
      recordCharge(tx, {
        patientId: w.patientId,
        visitId: null,
        payer: 'cash',
        cashierUserId: cashier,
        lines,
        payments: [{ method: 'cash', amountFen: 2 }],
        invoice: false,
      }),
    );
    raw.prepare(`UPDATE orders SET status = 'paid' WHERE id = ?`).run(o.orderId);
    const line = (raw.prepare(`SELECT id FROM bill_lines WHERE bill_id = ?`).get(c.billId) as { id: number }).id;
    const totals: number[] = [];
    for (let i = 0; i < 4; i++)
      totals.push(
        (
          await uow.write((tx) =>
            recordRefund(tx, { originalBillId: c.billId, lines: [{ billLineId: line, quantity: 1 }], userId: cashier }),
          )
        ).totalFen,
      );
    expect(totals).to.deep.equal([-1, -1, 0, 0]);
    expect(totals.reduce((a, b) => a + b, 0)).to.equal(-2);
  });

  it(
    'the database itself refuses payments into a closed shift, ' +
      'changing a closed shift, and reusing invoice numbers',
    async () => {
      const closed = raw.prepare(`SELECT id FROM shifts WHERE closed_at IS NOT NULL LIMIT 1`).get() as { id: number };
      const bill = raw.prepare(`SELECT id FROM bills LIMIT 1`).get() as { id: number };
      expect(() =>
        raw
          .prepare(
            `INSERT INTO payments (bill_id, method, amount_fen, shift_id, at, user_id) VALUES (?, 'cash', 1, ?, 0, ?)`,
          )
          .run(bill.id, closed.id, cashier),
      ).to.throw(/shift is closed/);
      expect(() => raw.prepare(`UPDATE shifts SET totals_json = '{}' WHERE id = ?`).run(closed.id)).to.throw(
        /closed shift cannot change/,
      );
      const book = raw.prepare(`SELECT id FROM invoice_books WHERE status = 'used_up' LIMIT 1`).get() as { id: number };
      expect(() =>
        raw.prepare(`UPDATE invoice_books SET status = 'active', next_no = 1 WHERE id = ?`).run(book.id),
      ).to.throw(/never reused/);
      const active = raw.prepare(`SELECT id FROM invoice_books WHERE status = 'active' LIMIT 1`).get() as {
        id: number;
      };
      expect(() => raw.prepare(`UPDATE invoice_books SET next_no = next_no - 1 WHERE id = ?`).run(active.id)).to.throw(
        /never reused/,
      );
    },
  );

  it('refuses to refund a refund, an unknown bill and a line of another bill', async () => {
    const refund = raw.prepare(`SELECT id, reverses_id FROM bills WHERE kind = 'refund' LIMIT 1`).get() as {
      id: number;
      reverses_id: number;
    };
    expect(
      (
        await rejects(
          uow.write((tx) =>
            recordRefund(tx, { originalBillId: refund.id, lines: [{ billLineId: 1, quantity: 1 }], userId: cashier }),
          ),
        )
      ).code,
    ).to.equal('not_a_charge');
    expect(
      (
        await rejects(
          uow.write((tx) =>
            recordRefund(tx, { originalBillId: 999999, lines: [{ billLineId: 1, quantity: 1 }], userId: cashier }),
          ),
        )
      ).status,
    ).to.equal(404);
    const foreign = raw
      .prepare(`SELECT id FROM bill_lines WHERE bill_id <> ? AND quantity > 0 LIMIT 1`)
      .get(refund.reverses_id) as { id: number };
    const e = await rejects(
      uow.write((tx) =>
        recordRefund(tx, {
          originalBillId: refund.reverses_id,
          lines: [{ billLineId: foreign.id, quantity: 1 }],
          userId: cashier,
        }),
      ),
    );
    expect(e.field).to.equal('lines.0.billLineId');
  });
});
