// The demo's charge ledger step (demo/charges-demo.ts) on its own: the placed demo stays get their bed fees
// from admission to today (算入), three manual charges and one reversal, the caches equal the rows, and it
// runs once.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { factories } from '../test/helpers/factories.js';
import { startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedBedsDemo } from './beds-demo.js';
import { seedChargesDemo } from './charges-demo.js';

describe('demo: the stays charge ledgers', function () {
  this.timeout(60_000);
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(() => ts?.stop());

  it('charges the bed fees since admission, three manual charges, one reversed, and runs once', async () => {
    const f = await factories(ts);
    const ward = await f.department({ kind: 'ward', code: 'ZY1', name: '住院一病区' });
    const cashier = await f.user(['registrar']);
    await f.user(['nurse'], { departmentId: ward.id });
    await f.diagnosis('J18.900', '肺炎');
    await f.service({ name: '吸氧', priceFen: 300, chargeCategory: '05' });
    // Five stays admitted two days ago (the beds demo places all but the last two).
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    for (let i = 0; i < 5; i++) {
      const p = await f.patient();
      const r = await cashier.client.post(
        '/api/stays',
        {
          patientId: p.id,
          wardId: ward.id,
          admittedAt: twoDaysAgo + i * 60_000,
          admissionWay: 'outpatient',
          admissionCondition: 'general',
          admissionDiagCode: 'J18.900',
          patientType: 'self',
          deposit: { amountFen: 200_000, method: 'cash' },
        },
        { 'Idempotency-Key': randomUUID() },
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    const { db, clock } = ts.server.modules;
    expect(await seedBedsDemo({ db, clock })).to.include({ placed: 3 });
    const r = await seedChargesDemo({ db, clock });
    // 3 stays × 3 days (admission day, yesterday, today) × 2 items (床位费, 取暖费).
    expect(r).to.deep.equal({ bedRows: 18, manual: 3, reversed: 1 });
    const raw = ts.server.open.raw;
    const off = raw
      .prepare(
        `SELECT s.id FROM inpatient_stays s WHERE s.charges_fen <>
           (SELECT coalesce(sum(c.amount_fen), 0) FROM stay_charges c WHERE c.stay_id = s.id)`,
      )
      .all();
    expect(off).to.deep.equal([]);
    expect(
      (raw.prepare('SELECT count(*) n FROM stay_charges WHERE reverses_id IS NOT NULL').get() as { n: number }).n,
    ).to.equal(1);
    expect(await seedChargesDemo({ db, clock })).to.equal(null);
  });
});
