// Invoice numbers (issue 9 item 13): every number of a book is accounted for as used, voided
// or a reprint replacement. Registration fees take a number like any bill; a refund shows the
// invoice it reverses and voids it; a partial refund issues a new number for the kept part;
// 补打 voids the old number and prints a new one; 作废 voids a spoiled blank. Through the real
// API with a fake `lp` (LP_COMMAND) recording what is printed.
import { expect } from 'chai';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type SQLite from 'better-sqlite3';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { seedWorld, signedOrder } from '../../../test/helpers/billing.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import {
  adminClient,
  startTestServer,
  tempDir,
  type ApiClient,
  type TestServer,
} from '../../../test/helpers/server.js';
import { openDatabase } from '../../../db/connection.js';
import { migrate } from '../../../db/migrate.js';
import { migrations } from '../../../db/migrations/index.js';
import { prng } from '../../../demo/outpatient/patients.js';
import { bookUsage, createInvoiceService } from './invoices.js';

describe('invoice numbers (票据号): used, voided, reprinted — every number accounted for', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let desk: ApiClient; // the registrar, who also charges (挂号收费员)
  let other: { client: ApiClient; userId: number };
  let bookId: number;
  let wsId: number;
  let lpDir: string;
  let listener: RoomListener;
  const savedLp = process.env.LP_COMMAND;

  const lpCalls = () => readdirSync(lpDir).filter((f) => f.startsWith('args.')).length;
  const usage = (billId: number) =>
    raw
      .prepare(
        'SELECT invoice_no, kind, reason, replaces_no, refund_bill_id FROM invoice_usage WHERE bill_id = ? ORDER BY id',
      )
      .all(billId) as any[];
  const books = () => raw.prepare('SELECT * FROM invoice_books ORDER BY id').all();
  const ledgerRows = () =>
    JSON.stringify([
      raw.prepare('SELECT * FROM invoice_usage ORDER BY id').all(),
      raw.prepare('SELECT * FROM invoice_prints ORDER BY id').all(),
      books(),
    ]);

  async function charge(c: ApiClient = desk, items: 'drug+service' | 'two-orders' = 'drug+service') {
    const bw = seedWorld(raw, ts.clock.now(), { patientName: '钱七' });
    if (items === 'two-orders') {
      signedOrder(raw, bw, ts.clock.now(), [{ itemId: bw.drugId, quantity: 24 }]);
      signedOrder(raw, bw, ts.clock.now(), [{ itemId: bw.serviceId, quantity: 2 }], 'service');
    } else {
      signedOrder(raw, bw, ts.clock.now(), [
        { itemId: bw.drugId, quantity: 24 },
        { itemId: bw.serviceId, quantity: 1 },
      ]);
    }
    const unpaid = (await c.get(`/api/billing/patients/${bw.patientId}/unpaid`)).body;
    const r = await c.post(
      '/api/billing/charges',
      {
        patientId: bw.patientId,
        orderIds: unpaid.orders.map((o: any) => o.orderId),
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: unpaid.totalFen }],
      },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return { ...r.body, unpaid } as { billId: number; invoiceNo: string; totalFen: number; unpaid: any };
  }

  before(async () => {
    lpDir = mkdtempSync(join(tmpdir(), 'fake-lp-inv-'));
    const script = join(lpDir, 'lp');
    writeFileSync(
      script,
      `#!/bin/sh\nn=$(date +%s%N)\nprintf '%s\\n' "$@" > "${lpDir}/args.$n"\ncat > "${lpDir}/pdf.$n"\n` +
        `[ -n "$FAKE_LP_FAIL" ] && { echo "lp: The printer or class does not exist." >&2; exit 1; }\nexit 0\n`,
    );
    chmodSync(script, 0o755);
    process.env.LP_COMMAND = script;
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    desk = w.registrar.client;
    const ws = await admin.post('/api/workstations', {
      code: `INV${process.pid % 1000}`,
      name: '收费窗口',
      invoicePrinter: 'Invoice_Form_1',
    });
    expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
    wsId = ws.body.id;
    desk.workstationId = wsId;
    const b = await admin.post('/api/billing/invoice-books', {
      cashierUserId: w.registrar.userId,
      prefix: 'G',
      startNo: 1,
      endNo: 200,
    });
    expect(b.status, JSON.stringify(b.body)).to.equal(201);
    bookId = b.body.id;
    other = await userViaApi(ts, admin, ['registrar']);
    other.client.workstationId = wsId;
    listener = await RoomListener.open(ts, desk.cookie, ['cashier'], wsId);
  });
  after(async () => {
    listener?.close();
    await ts?.stop();
    if (savedLp === undefined) delete process.env.LP_COMMAND;
    else process.env.LP_COMMAND = savedLp;
    delete process.env.FAKE_LP_FAIL;
    rmSync(lpDir, { recursive: true, force: true });
  });

  it("a registration fee takes an invoice number from the registrar's book, recorded as used", async () => {
    const patient = await insertPatient(ts, '孙八');
    const r = await desk.post(
      '/api/registrations',
      { patientId: patient, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash', tenderedFen: 500 } },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const billId = r.body.registration.billId as number;
    expect(r.body.invoiceNo).to.equal('G00000001');
    const bill = (await desk.get(`/api/billing/bills/${billId}`)).body;
    expect(bill.invoiceNo).to.equal('G00000001');
    expect(bill.invoices.map((x: any) => [x.invoiceNo, x.kind])).to.deep.equal([['G00000001', 'used']]);
    expect(usage(billId)).to.deep.equal([
      { invoice_no: 'G00000001', kind: 'used', reason: null, replaces_no: null, refund_bill_id: null },
    ]);
    // Cancelling it (退号) voids the number: the refund row names the invoice it reverses.
    const c = await desk.post(`/api/registrations/${r.body.registration.id}/cancel`, { reason: '患者离开' }, idem());
    expect(c.status, JSON.stringify(c.body)).to.equal(200);
    const refund = (await desk.get(`/api/billing/bills/${c.body.refundBillId}`)).body;
    expect(refund).to.include({ kind: 'refund', invoiceNo: null, reversesInvoiceNo: 'G00000001', newInvoiceNo: null });
    expect((await desk.get(`/api/billing/bills/${billId}`)).body.invoiceNo).to.equal(null);
    expect(usage(billId).map((u) => [u.invoice_no, u.kind, u.reason])).to.deep.equal([
      ['G00000001', 'used', null],
      ['G00000001', 'voided', '退费'],
    ]);
  });

  it(
    'a registrar without a book still registers; 打印发票 issues the ' +
      "number later from the printing cashier's book",
    async () => {
      const patient = await insertPatient(ts, '周九');
      const r = await other.client.post(
        '/api/registrations',
        { patientId: patient, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash', tenderedFen: 500 } },
        idem(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      const billId = r.body.registration.billId as number;
      expect(r.body.invoiceNo).to.equal(null);
      expect((await desk.get(`/api/billing/bills/${billId}`)).body.invoiceNo).to.equal(null);
      const p = await desk.post(`/api/printing/invoices/${billId}/print`, {}, idem());
      expect(p.status, JSON.stringify(p.body)).to.equal(200);
      expect(p.body).to.deep.equal({ ok: true, error: null, invoiceNo: 'G00000002', voidedNo: null });
      expect((await desk.get(`/api/billing/bills/${billId}`)).body).to.include({
        invoiceNo: 'G00000002',
        invoicePrinted: true,
      });
      expect(auditRows(ts, 'billing.invoice.issue', billId)).to.have.length(1);
    },
  );

  it(
    'a full refund voids the invoice; the refund row shows the ' + 'invoice number it reverses, not a bill id',
    async () => {
      const c = await charge();
      expect(c.invoiceNo).to.equal('G00000003');
      const r = await desk.post(`/api/billing/bills/${c.billId}/refund`, { all: true, reason: '患者不取药' }, idem());
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.include({ voidedInvoiceNo: 'G00000003', newInvoiceNo: null });
      const list = (await desk.get('/api/billing/bills')).body.items as any[];
      const row = list.find((b) => b.id === r.body.billId);
      expect(row).to.include({ kind: 'refund', reversesId: c.billId, reversesInvoiceNo: 'G00000003' });
      expect(list.find((b) => b.id === c.billId)).to.include({ invoiceNo: null });
      expect(list.find((b) => b.id === c.billId).invoiceNos).to.deep.equal(['G00000003']);
      // A wholly refunded bill prints nothing, neither a first print nor a reprint.
      const before = ledgerRows();
      const p = await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, idem());
      expect(p.status).to.equal(409);
      expect(p.body.error.code).to.equal('bill_refunded');
      const rp = await desk.post(`/api/printing/invoices/${c.billId}/reprint`, {}, idem());
      expect(rp.status).to.equal(409);
      expect(rp.body.error.code).to.equal('bill_refunded');
      expect(ledgerRows()).to.equal(before);
    },
  );

  it(
    'a partial refund voids the original invoice and issues a new number ' +
      'for the kept part, printed with only what is kept',
    async () => {
      const c = await charge(desk, 'two-orders');
      const detail = (await desk.get(`/api/billing/bills/${c.billId}`)).body;
      const svc = detail.lines.find((l: any) => l.quantity === 2);
      // A user with no number left cannot issue the kept part's invoice: nothing is refunded.
      const bookless = await userViaApi(ts, admin, ['registrar']);
      const before = ledgerRows();
      const bills0 = raw.prepare('SELECT count(*) AS n FROM bills').get();
      const refused = await bookless.client.post(
        `/api/billing/bills/${c.billId}/refund`,
        { lines: [{ billLineId: svc.id, quantity: 2 }], reason: '检查取消' },
        idem(),
      );
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('invoice_numbers_used_up');
      expect(ledgerRows()).to.equal(before);
      expect(raw.prepare('SELECT count(*) AS n FROM bills').get()).to.deep.equal(bills0);
      const r = await desk.post(
        `/api/billing/bills/${c.billId}/refund`,
        { lines: [{ billLineId: svc.id, quantity: 2 }], reason: '检查取消' },
        idem(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.voidedInvoiceNo).to.equal(c.invoiceNo);
      expect(r.body.newInvoiceNo).to.be.a('string').and.not.equal(c.invoiceNo);
      expect(
        usage(c.billId).map((u) => [u.invoice_no, u.kind, u.reason, u.replaces_no, u.refund_bill_id]),
      ).to.deep.equal([
        [c.invoiceNo, 'used', null, null, null],
        [c.invoiceNo, 'voided', '部分退费', null, r.body.billId],
        [r.body.newInvoiceNo, 'used', '部分退费', c.invoiceNo, r.body.billId],
      ]);
      const after = (await desk.get(`/api/billing/bills/${c.billId}`)).body;
      expect(after.invoiceNo).to.equal(r.body.newInvoiceNo);
      const refundRow = (await desk.get(`/api/billing/bills/${r.body.billId}`)).body;
      expect(refundRow).to.include({ reversesInvoiceNo: c.invoiceNo, newInvoiceNo: r.body.newInvoiceNo });
      // The new invoice carries only the kept part.
      const facts = await createInvoiceService(ts.server.modules).facts(c.billId);
      expect(facts.invoiceNo).to.equal(r.body.newInvoiceNo);
      expect(facts.totalFen).to.equal(c.totalFen + r.body.totalFen);
      expect((facts.lines as any[]).map((l) => l.quantity)).to.deep.equal([24]);
      const n = lpCalls();
      const p = await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, idem());
      expect(p.body).to.deep.equal({ ok: true, error: null, invoiceNo: r.body.newInvoiceNo, voidedNo: null });
      expect(lpCalls()).to.equal(n + 1);
    },
  );

  it(
    '打印发票 prints a number once: a replay prints nothing more, a second ' +
      'print is refused (use 补打); a failed lp may be retried',
    async () => {
      const c = await charge();
      process.env.FAKE_LP_FAIL = '1';
      const failed = await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, idem());
      delete process.env.FAKE_LP_FAIL;
      expect(failed.status).to.equal(200);
      expect(failed.body).to.include({ ok: false, invoiceNo: c.invoiceNo });
      expect(failed.body.error).to.match(/does not exist/);
      expect((await desk.get(`/api/billing/bills/${c.billId}`)).body.invoicePrinted).to.equal(false);
      const key = idem();
      const n = lpCalls();
      const ok = await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, key);
      expect(ok.body).to.deep.equal({ ok: true, error: null, invoiceNo: c.invoiceNo, voidedNo: null });
      const replay = await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, key);
      expect(replay.body).to.deep.equal(ok.body);
      expect(lpCalls()).to.equal(n + 1);
      const again = await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, idem());
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('invoice_printed');
      expect(again.body.error.message).to.match(/补打/);
      expect(lpCalls()).to.equal(n + 1);
      const a = auditRows(ts, 'print.invoice', c.billId);
      expect(a.map((x) => x.outcome).sort()).to.deep.equal(['failed', 'ok']);
    },
  );

  it(
    '补打 voids the old number with reason 补打 and prints a new one; live to ' +
      'the cashier room; bad bills refused, nothing written',
    async () => {
      const c = await charge(desk, 'two-orders');
      await desk.post(`/api/printing/invoices/${c.billId}/print`, {}, idem());
      const key = idem();
      const r = await desk.post(`/api/printing/invoices/${c.billId}/reprint`, { note: '卡纸' }, key);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ ok: true, error: null, voidedNo: c.invoiceNo });
      expect(r.body.invoiceNo).to.not.equal(c.invoiceNo);
      const replay = await desk.post(`/api/printing/invoices/${c.billId}/reprint`, { note: '卡纸' }, key);
      expect(replay.body).to.deep.equal(r.body);
      expect(usage(c.billId).map((u) => [u.invoice_no, u.kind, u.reason, u.replaces_no])).to.deep.equal([
        [c.invoiceNo, 'used', null, null],
        [c.invoiceNo, 'voided', '补打', null],
        [r.body.invoiceNo, 'reprint-replacement', '补打', c.invoiceNo],
      ]);
      await listener.waitFor('bill:invoice', {
        billId: c.billId,
        action: 'reprinted',
        invoiceNo: r.body.invoiceNo,
        voidedNo: c.invoiceNo,
      });
      const bill = (await desk.get(`/api/billing/bills/${c.billId}`)).body;
      expect(bill).to.include({ invoiceNo: r.body.invoiceNo, invoicePrinted: true });
      expect(bill.invoiceNos).to.deep.equal([c.invoiceNo, r.body.invoiceNo]);
      const audit = auditRows(ts, 'billing.invoice.reprint', c.billId);
      expect(audit).to.have.length(1);

      const before = ledgerRows();
      // A refund bill, an unknown bill, a bill without a number, a note with control characters.
      const svc = bill.lines.find((l: any) => l.quantity === 2);
      const refund = await desk.post(
        `/api/billing/bills/${c.billId}/refund`,
        { lines: [{ billLineId: svc.id, quantity: 1 }], reason: '取消检查' },
        idem(),
      );
      expect(refund.status, JSON.stringify(refund.body)).to.equal(201);
      const afterRefund = ledgerRows();
      expect(afterRefund).to.not.equal(before);
      const onRefund = await desk.post(`/api/printing/invoices/${refund.body.billId}/reprint`, {}, idem());
      expect(onRefund.status).to.equal(409);
      expect(onRefund.body.error.code).to.equal('not_a_charge');
      expect((await desk.post('/api/printing/invoices/99999999/reprint', {}, idem())).status).to.equal(404);
      const patient = await insertPatient(ts, '吴十');
      const reg = await other.client.post(
        '/api/registrations',
        { patientId: patient, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash', tenderedFen: 500 } },
        idem(),
      );
      const noNumber = await desk.post(`/api/printing/invoices/${reg.body.registration.billId}/reprint`, {}, idem());
      expect(noNumber.status).to.equal(409);
      expect(noNumber.body.error.code).to.equal('invoice_not_issued');
      const badNote = await desk.post(`/api/printing/invoices/${c.billId}/reprint`, { note: 'a\u0007b' }, idem());
      expect(badNote.status).to.equal(422);
      expect(badNote.body.error.field).to.equal('note');
      const noKey = await desk.post(`/api/printing/invoices/${c.billId}/reprint`, {});
      expect(noKey.status).to.equal(400);
      // No invoice printer on this computer: nothing is consumed.
      desk.workstationId = null;
      const noPrinter = await desk.post(`/api/printing/invoices/${c.billId}/reprint`, {}, idem());
      desk.workstationId = wsId;
      expect(noPrinter.status).to.equal(409);
      expect(noPrinter.body.error.code).to.equal('no_invoice_printer');
      expect(ledgerRows()).to.equal(afterRefund);
      // A doctor may not reprint.
      expect((await w.doctor1.client.post(`/api/printing/invoices/${c.billId}/reprint`, {}, idem())).status).to.equal(
        403,
      );
    },
  );

  it(
    '作废 voids a spoiled blank with a reason; the book skips it; a used number, ' +
      'a number twice, out of range and no reason are refused',
    async () => {
      const book = () =>
        desk.get('/api/billing/invoice-books').then((r) => r.body.items.find((b: any) => b.id === bookId));
      const b0 = await book();
      const next = b0.nextNo as number;
      const key = idem();
      const v = await desk.post(`/api/billing/invoice-books/${bookId}/void`, { number: next, reason: '卡纸撕坏' }, key);
      expect(v.status, JSON.stringify(v.body)).to.equal(200);
      expect(v.body).to.include({ number: next, reason: '卡纸撕坏' });
      expect(
        (await desk.post(`/api/billing/invoice-books/${bookId}/void`, { number: next, reason: '卡纸撕坏' }, key)).body,
      ).to.deep.equal(v.body);
      await listener.waitFor('bill:invoice', { action: 'voided', voidedNo: v.body.invoiceNo });
      // A blank two ahead is voided too; the charges skip both.
      expect(
        (await desk.post(`/api/billing/invoice-books/${bookId}/void`, { number: next + 2, reason: '打印错位' }, idem()))
          .status,
      ).to.equal(200);
      const b1 = await book();
      expect(b1.nextNo).to.equal(next + 1);
      const c1 = await charge();
      const c2 = await charge();
      expect([c1.invoiceNo, c2.invoiceNo]).to.deep.equal([
        `G${String(next + 1).padStart(8, '0')}`,
        `G${String(next + 3).padStart(8, '0')}`,
      ]);

      const before = ledgerRows();
      const twice = await desk.post(
        `/api/billing/invoice-books/${bookId}/void`,
        { number: next, reason: '再作废' },
        idem(),
      );
      expect(twice.status).to.equal(409);
      expect(twice.body.error).to.include({ code: 'already_voided', field: 'number' });
      const used = await desk.post(
        `/api/billing/invoice-books/${bookId}/void`,
        { number: next + 1, reason: '作废已用' },
        idem(),
      );
      expect(used.status).to.equal(409);
      expect(used.body.error).to.include({ code: 'invoice_used', field: 'number' });
      expect(used.body.error.message).to.match(/补打/);
      const outside = await desk.post(
        `/api/billing/invoice-books/${bookId}/void`,
        { number: 201, reason: 'x' },
        idem(),
      );
      expect(outside.status).to.equal(422);
      expect(outside.body.error.field).to.equal('number');
      const noReason = await desk.post(
        `/api/billing/invoice-books/${bookId}/void`,
        { number: next + 10, reason: ' ' },
        idem(),
      );
      expect(noReason.status).to.equal(422);
      expect(noReason.body.error.field).to.equal('reason');
      const notMine = await other.client.post(
        `/api/billing/invoice-books/${bookId}/void`,
        { number: next + 10, reason: 'x' },
        idem(),
      );
      expect(notMine.status).to.equal(403);
      expect(
        (await desk.post('/api/billing/invoice-books/99999/void', { number: 1, reason: 'x' }, idem())).status,
      ).to.equal(404);
      expect(ledgerRows()).to.equal(before);
      expect(auditRows(ts, 'billing.invoice.void', bookId)).to.have.length(2);
    },
  );

  it(
    'accounting: for the book, used + voided + unused = its range, no number ' +
      'issued or voided twice, no gap; the shift counts them',
    async () => {
      const b = (await admin.get('/api/billing/invoice-books')).body.items.find((x: any) => x.id === bookId);
      const size = b.endNo - b.startNo + 1;
      expect(b.usage.used + b.usage.voided + b.usage.unused).to.equal(size);
      expect(b.usage.gaps).to.equal(0);
      expect(b.usage.reprinted).to.equal(1);
      // Counted independently in SQL.
      const n = (q: string) => (raw.prepare(q).get(bookId) as { n: number }).n;
      expect(
        n(
          `SELECT count(*) AS n FROM (SELECT number FROM invoice_usage WHERE book_id = ? AND kind <> 'voided'
          GROUP BY number HAVING count(*) > 1)`,
        ),
      ).to.equal(0);
      expect(
        n(
          `SELECT count(*) AS n FROM (SELECT number FROM invoice_usage WHERE book_id = ? AND kind = 'voided'
          GROUP BY number HAVING count(*) > 1)`,
        ),
      ).to.equal(0);
      const voided = n(`SELECT count(*) AS n FROM invoice_usage WHERE book_id = ? AND kind = 'voided'`);
      const valid = n(
        `SELECT count(*) AS n FROM invoice_usage u WHERE book_id = ? AND kind <> 'voided' AND NOT EXISTS (SELECT 1
        FROM invoice_usage v WHERE v.book_id = u.book_id AND v.number = u.number AND v.kind = 'voided')`,
      );
      expect([b.usage.used, b.usage.voided]).to.deep.equal([valid, voided]);
      // Every number below the next one has a record; every valid number belongs to exactly one bill,
      // and each bill has at most one valid number.
      for (let no = b.startNo; no < b.nextNo; no++)
        expect(
          n(`SELECT count(*) AS n FROM invoice_usage WHERE book_id = ? AND number = ${no}`),
          `number ${no}`,
        ).to.be.greaterThan(0);
      expect(
        n(
          `SELECT count(*) AS n FROM (SELECT bill_id FROM invoice_usage u WHERE book_id = ? AND kind <> 'voided'
          AND NOT EXISTS (SELECT 1 FROM invoice_usage v WHERE v.book_id = u.book_id AND v.number = u.number
          AND v.kind = 'voided') GROUP BY bill_id HAVING count(*) > 1)`,
        ),
      ).to.equal(0);
      // The shift (交班) counts the cashier's numbers.
      const shift = (await desk.get('/api/billing/shift')).body;
      expect(shift.totals.invoices).to.include({ gaps: 0, reprinted: 1 });
      expect(shift.totals.invoices.issued).to.be.greaterThan(5);
      expect(shift.totals.invoices.voided).to.be.greaterThan(3);
      const closed = await desk.post('/api/billing/shift/close', {}, idem());
      expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
      expect(closed.body.totals.invoices).to.deep.equal(shift.totals.invoices);
      // The printed 交班报表 lists them.
      const report = await desk.get(`/api/printing/jobs/${closed.body.printJobId}/preview`);
      expect(report.status).to.equal(200);
      const text = String(report.body).replace(/<[^>]+>/g, '');
      expect(text)
        .to.match(/开具\s*\d+ 张/)
        .and.match(/作废\s*\d+ 张/)
        .and.match(/补打\s*1 张/)
        .and.match(/断号\s*0 个/);
    },
  );

  it(
    'property: after any mix of charges, full and partial refunds, reprints and voided ' +
      'blanks, every book adds up and each bill has at most one valid number',
    async () => {
      const rnd = prng(20261207);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const n = (q: string, ...args: unknown[]) => (raw.prepare(q).get(...args) as { n: number }).n;
      const bills: { billId: number; svcLine: number | null; refunded: 'no' | 'part' | 'all' }[] = [];
      let reprints = 0;
      const check = async (step: string) => {
        for (const b of (await admin.get('/api/billing/invoice-books')).body.items as any[]) {
          expect(b.usage.used + b.usage.voided + b.usage.unused, `${step}: book ${b.id}`).to.equal(
            b.endNo - b.startNo + 1,
          );
          expect(b.usage.gaps, `${step}: gaps of book ${b.id}`).to.equal(0);
        }
        expect(
          n(
            `SELECT count(*) AS n FROM (SELECT 1 FROM invoice_usage WHERE kind <> 'voided' GROUP BY book_id, number
            HAVING count(*) > 1)`,
          ),
          `${step}: issued twice`,
        ).to.equal(0);
        expect(
          n(
            `SELECT count(*) AS n FROM (SELECT 1 FROM invoice_usage WHERE kind = 'voided' GROUP BY book_id, number
            HAVING count(*) > 1)`,
          ),
          `${step}: voided twice`,
        ).to.equal(0);
        // A voided blank was never issued afterwards.
        expect(
          n(
            `SELECT count(*) AS n FROM invoice_usage v JOIN invoice_usage u ON u.book_id = v.book_id
            AND u.number = v.number AND u.kind <> 'voided' WHERE v.kind = 'voided' AND v.bill_id IS NULL`,
          ),
          `${step}: blank issued`,
        ).to.equal(0);
        for (const b of bills) {
          const valid = n(
            `SELECT count(*) AS n FROM invoice_usage u WHERE u.bill_id = ? AND u.kind <> 'voided'
            AND NOT EXISTS (SELECT 1 FROM invoice_usage v WHERE v.book_id = u.book_id AND v.number = u.number
            AND v.kind = 'voided')`,
            b.billId,
          );
          expect(valid, `${step}: valid numbers of bill ${b.billId} (${b.refunded})`).to.equal(
            b.refunded === 'all' ? 0 : 1,
          );
        }
      };
      for (let step = 0; step < 36; step++) {
        const op =
          bills.length < 3
            ? 'charge'
            : pick(['charge', 'charge', 'refund-part', 'refund-all', 'reprint', 'void-next', 'void-ahead']);
        const open = bills.filter((b) => b.refunded !== 'all');
        if (op === 'charge') {
          const c = await charge(desk, 'two-orders');
          const detail = (await desk.get(`/api/billing/bills/${c.billId}`)).body;
          bills.push({ billId: c.billId, svcLine: detail.lines.find((l: any) => l.quantity === 2).id, refunded: 'no' });
        } else if (op === 'refund-part') {
          const b = bills.find((x) => x.refunded === 'no');
          if (!b) continue;
          const r = await desk.post(
            `/api/billing/bills/${b.billId}/refund`,
            { lines: [{ billLineId: b.svcLine, quantity: 2 }], reason: '部分' },
            idem(),
          );
          expect(r.status, JSON.stringify(r.body)).to.equal(201);
          b.refunded = 'part';
        } else if (op === 'refund-all') {
          if (!open.length) continue;
          const b = pick(open);
          const r = await desk.post(`/api/billing/bills/${b.billId}/refund`, { all: true, reason: '全退' }, idem());
          expect(r.status, JSON.stringify(r.body)).to.equal(201);
          b.refunded = 'all';
        } else if (op === 'reprint') {
          if (!open.length || reprints >= 4) continue;
          reprints++;
          const r = await desk.post(`/api/printing/invoices/${pick(open).billId}/reprint`, {}, idem());
          expect(r.status, JSON.stringify(r.body)).to.equal(200);
        } else {
          const book = ((await desk.get('/api/billing/invoice-books')).body.items as any[]).find(
            (b) => b.id === bookId,
          );
          const number = op === 'void-next' ? book.nextNo : book.nextNo + 1 + Math.floor(rnd() * 3);
          const r = await desk.post(`/api/billing/invoice-books/${bookId}/void`, { number, reason: '卡纸' }, idem());
          expect([200, 409], JSON.stringify(r.body)).to.include(r.status);
        }
        await check(`step ${step} (${op})`);
      }
    },
  );

  it(
    'the ledger is append-only in the database, INSERT OR REPLACE ' +
      'included (a second connection without recursive triggers)',
    () => {
      const second = new Database(ts.server.modules.config.dbFile);
      try {
        second.pragma('recursive_triggers = OFF');
        const row = second.prepare('SELECT * FROM invoice_usage ORDER BY id LIMIT 1').get() as any;
        expect(() => second.prepare('UPDATE invoice_usage SET kind = ? WHERE id = ?').run('voided', row.id)).to.throw(
          /append-only/,
        );
        expect(() => second.prepare('DELETE FROM invoice_usage WHERE id = ?').run(row.id)).to.throw(/append-only/);
        expect(() =>
          second
            .prepare(
              'INSERT OR REPLACE INTO invoice_usage (id, book_id, number, invoice_no, bill_id, kind, user_id, at) ' +
                'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(row.id, row.book_id, row.number, row.invoice_no, row.bill_id, 'used', row.user_id, row.at),
        ).to.throw(/issued once/);
        expect(() =>
          second
            .prepare(
              'INSERT OR REPLACE INTO invoice_usage (book_id, number, invoice_no, bill_id, kind, user_id, at) ' +
                'VALUES (?, ?, ?, ?, ?, ?, ?)',
            )
            .run(row.book_id, row.number, row.invoice_no, row.bill_id, 'used', row.user_id, row.at),
        ).to.throw(/issued once/);
        expect(() =>
          second
            .prepare(
              `INSERT INTO invoice_usage (book_id, number, invoice_no, kind, reason, at) VALUES (?, 999999, 'x',
              'voided', 'x', 0)`,
            )
            .run(row.book_id),
        ).to.throw(/outside its book/);
        expect((second.prepare('SELECT * FROM invoice_usage WHERE id = ?').get(row.id) as any).kind).to.equal(row.kind);
      } finally {
        second.close();
      }
    },
  );
});

describe('migration 150 backfills the numbers of existing bills as used', () => {
  it("records each bill's invoice number in its book, so a book in use has no gap after the upgrade", async () => {
    const dir = tempDir();
    const open = openDatabase(join(dir, 'm.sqlite'));
    try {
      await migrate(open, {
        migrations: Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-07-150')),
      });
      const raw = open.raw;
      const now = Date.now();
      raw
        .prepare(
          `INSERT INTO departments (code, name, kind, pinyin_initials, pinyin_full, created_at, updated_at)
            VALUES ('SF', '收费处', 'cashier', 'sfc', 'shoufeichu', ?, ?)`,
        )
        .run(now, now);
      raw
        .prepare(
          `INSERT INTO staff (code, name, gender, department_id, title, pinyin_initials, pinyin_full, created_at,
            updated_at) VALUES ('K1', '收费员', 'F', 1, 'other', 'sfy', 'shoufeiyuan', ?, ?)`,
        )
        .run(now, now);
      const user = Number(
        raw
          .prepare(
            `INSERT INTO users (username, staff_id, password_hash, created_at, updated_at) VALUES ('k1', 1, 'x', ?, ?)`,
          )
          .run(now, now).lastInsertRowid,
      );
      raw
        .prepare(
          `INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, updated_at)
            VALUES ('M1', '王五', 'M', '1970-01-01', 'ww', 'wangwu', ?, ?)`,
        )
        .run(now, now);
      const shift = Number(
        raw.prepare(`INSERT INTO shifts (cashier_user_id, opened_at) VALUES (?, ?)`).run(user, now).lastInsertRowid,
      );
      raw
        .prepare(
          `INSERT INTO invoice_books (cashier_user_id, prefix, start_no, end_no, next_no, status, created_at)
            VALUES (?, 'Z', 1, 10, 4, 'active', ?)`,
        )
        .run(user, now);
      raw
        .prepare(
          `INSERT INTO invoice_books (cashier_user_id, prefix, start_no, end_no, next_no, status, created_at)
            VALUES (?, 'ZA', 1, 10, 2, 'active', ?)`,
        )
        .run(user, now);
      const bill = (no: string | null, kind = 'charge') =>
        Number(
          raw
            .prepare(
              `INSERT INTO bills (patient_id, visit_id, kind, reverses_id, payer, invoice_no, total_fen,
                patient_pay_fen, cashier_user_id, shift_id, at) VALUES (1, NULL, ?, NULL, 'cash', ?, 100, 100, ?, ?,
                ?)`,
            )
            .run(kind, no, user, shift, now).lastInsertRowid,
        );
      const ids = ['Z00000001', 'Z00000002', 'Z00000003', 'ZA00000001'].map((no) => bill(no));
      bill(null);
      await migrate(open);
      const rows = raw
        .prepare('SELECT book_id, number, invoice_no, bill_id, kind FROM invoice_usage ORDER BY id')
        .all();
      expect(rows).to.deep.equal([
        { book_id: 1, number: 1, invoice_no: 'Z00000001', bill_id: ids[0], kind: 'used' },
        { book_id: 1, number: 2, invoice_no: 'Z00000002', bill_id: ids[1], kind: 'used' },
        { book_id: 1, number: 3, invoice_no: 'Z00000003', bill_id: ids[2], kind: 'used' },
        { book_id: 2, number: 1, invoice_no: 'ZA00000001', bill_id: ids[3], kind: 'used' },
      ]);
      const usage = await bookUsage(
        open.db,
        raw.prepare('SELECT id, start_no, end_no, next_no FROM invoice_books ORDER BY id').all() as any[],
      );
      expect(usage.get(1)).to.deep.equal({ used: 3, voided: 0, reprinted: 0, unused: 7, gaps: 0 });
      expect(usage.get(2)).to.deep.equal({ used: 1, voided: 0, reprinted: 0, unused: 9, gaps: 0 });
    } finally {
      open.raw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
