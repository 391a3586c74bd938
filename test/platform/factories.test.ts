// The test factories (test/helpers/factories.ts) build a whole outpatient day through the API:
// departments, users with roles, a patient, a drug with stock from a posted receipt and
// transfer, clinic settings, a registration, a signed prescription and its paid bill. Each row
// is written by its owner (the table-owner test checks the sources; this checks the result).
import { expect } from 'chai';
import { factories, type Factories } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('test factories build data through the services (issue 10 item 5)', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let f: Factories;

  before(async () => {
    ts = await startTestServer();
    f = await factories(ts);
  });
  after(() => ts?.stop());

  it('builds a day: stock by receipt, registration, signed order, paid bill', async () => {
    const clinic = await f.department({ kind: 'clinic' });
    const pharmacy = await f.department({ kind: 'pharmacy' });
    const doctor = await f.user(['doctor'], { departmentId: clinic.id });
    const patient = await f.patient({ allergies: ['磺胺类'] });
    expect(patient.mrn).to.be.a('string');
    const drug = await f.drug({ priceFen: 1250, packSize: 10 });
    const { lotId } = await f.stock(drug.id, pharmacy.id, 100);
    const raw = ts.server.open.raw;
    const lot = raw.prepare('SELECT qty_on_hand, location_id FROM stock_lots WHERE id = ?').get(lotId) as {
      qty_on_hand: number;
      location_id: number;
    };
    expect(lot).to.deep.equal({ qty_on_hand: 100, location_id: pharmacy.id });
    // every lot's balance is the sum of its moves (the ledger wrote them)
    const sums = raw
      .prepare(
        'SELECT l.qty_on_hand AS q, (SELECT sum(qty_delta) FROM stock_moves m WHERE m.lot_id = l.id) AS s ' +
          'FROM stock_lots l',
      )
      .all() as { q: number; s: number }[];
    for (const r of sums) expect(r.q).to.equal(r.s);

    await f.clinic(clinic.id);
    const reg = await f.registration(patient.id, clinic.id);
    expect(reg.registration.id).to.be.a('number');

    const order = await f.signedOrder(doctor, clinic.id, patient.id, [{ itemId: drug.id, quantity: 10 }], {
      pharmacyId: pharmacy.id,
    });
    expect(order.status).to.equal('signed');
    expect(order.totalFen).to.equal(1250);
    const bill = await f.paidBill(patient.id, [order.id]);
    expect(bill.totalFen ?? bill.bill?.totalFen).to.equal(1250);
    const status = raw.prepare('SELECT status FROM orders WHERE id = ?').get(order.id) as { status: string };
    expect(status.status).to.equal('paid');
  });

  it('names are unique per call, so tests sharing a server do not collide', async () => {
    const [a, b] = await Promise.all([f.patient(), f.patient()]);
    expect(a.name).to.not.equal(b.name);
    const [x, y] = await Promise.all([f.department(), f.department()]);
    expect(x.code).to.not.equal(y.code);
  });
});
