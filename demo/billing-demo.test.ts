import { expect } from 'chai';
import { ApiClient, startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedWorld, signedOrder } from '../test/helpers/billing.js';
import { seedDemo } from './demo.js';
import { DEMO_BOOK_SIZE, seedInvoiceBooks } from './billing-demo.js';

describe('demo invoice books', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let password: string;
  before(async () => {
    ts = await startTestServer();
    const r = await seedDemo({ db: ts.server.modules.db, uow: ts.server.modules.uow, clock: ts.server.modules.clock });
    password = r!.password;
  });
  after(async () => ts.stop());

  it('gives every demo cashier a non-overlapping book, once', async () => {
    const raw = ts.server.modules.raw;
    const books = raw
      .prepare(
        `SELECT b.start_no, b.end_no, u.username FROM invoice_books b JOIN users u ON u.id = b.cashier_user_id ` +
          `ORDER BY b.start_no`,
      )
      .all() as Array<{ start_no: number; end_no: number; username: string }>;
    expect(books.map((b) => b.username)).to.include.members(['registrar1', 'registrar2', 'registrar3']);
    for (let i = 1; i < books.length; i++) expect(books[i]!.start_no).to.equal(books[i - 1]!.end_no + 1);
    expect(books[0]!.end_no - books[0]!.start_no + 1).to.equal(DEMO_BOOK_SIZE);
    expect(await ts.server.modules.uow.write((tx) => seedInvoiceBooks(tx))).to.deep.equal({ books: 0 });
  });

  it('lets the demo cashier charge a signed order at once with an invoice number', async () => {
    const raw = ts.server.modules.raw;
    const w = seedWorld(raw, Date.now());
    const o = signedOrder(raw, w, Date.now(), [{ itemId: w.serviceId, quantity: 1 }], 'service');
    const c = new ApiClient(ts.url);
    expect((await c.signIn('registrar2', password)).status).to.equal(200);
    const r = await c.post(
      '/api/billing/charges',
      { patientId: w.patientId, orderIds: [o.orderId], payer: 'cash', payments: [{ method: 'cash', amountFen: 2000 }] },
      { 'Idempotency-Key': 'demo-charge-0001' },
    );
    expect(r.status).to.equal(201);
    expect(r.body.invoiceNo).to.match(/^MZ\d{8}$/);
  });
});
