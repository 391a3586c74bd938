// 发票归类 applies to registration fees too: a fee item whose invoice category was never
// saved cannot be charged at the registration desk; saving it on the invoice-mapping page
// makes the same registration go through.
import { expect } from 'chai';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

const TABLES = ['visits', 'registrations', 'queue_entries', 'bills', 'bill_lines', 'payments', 'print_jobs'];
const snapshot = (ts: TestServer) =>
  JSON.stringify(TABLES.map((tb) => ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()));

describe('registration fee and invoice categorization (发票归类)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
  });
  after(() => ts.stop());

  it(
    'refuses a paid registration whose fee item is not categorized (nothing written), then ' + 'charges it once saved',
    async () => {
      ts.server.open.raw.prepare('UPDATE catalog_items SET invoice_confirmed = 0 WHERE id = ?').run(w.feeItem);
      const patient = await insertPatient(ts, '赵小兰');
      const body = {
        patientId: patient,
        departmentId: w.clinicA,
        doctorStaffId: w.doctor1.staffId,
        payer: 'cash',
        payment: { method: 'cash', tenderedFen: 500 },
      };
      const before = snapshot(ts);
      const r = await w.registrar.client.post('/api/registrations', body, idem());
      expect(r.status, JSON.stringify(r.body)).to.equal(422);
      expect(r.body.error.field).to.equal('lines.0.itemId');
      expect(r.body.error.message).to.match(/invoice category/);
      expect(snapshot(ts)).to.equal(before);

      const category = (
        ts.server.open.raw.prepare('SELECT charge_category FROM catalog_items WHERE id = ?').get(w.feeItem) as {
          charge_category: string;
        }
      ).charge_category;
      const saved = await admin.post('/api/invoice-mapping/save', { category, itemIds: [w.feeItem] });
      expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
      const ok = await w.registrar.client.post('/api/registrations', body, idem());
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
      expect(ok.body.registration.billId).to.be.a('number');
    },
  );
});
