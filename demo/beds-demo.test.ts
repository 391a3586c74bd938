// The demo's wards and beds step (demo/beds-demo.ts) on its own: the bed fees, 30 + 20 beds, the waiting
// stays placed but the last two of a ward, and idempotent.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { factories } from '../test/helpers/factories.js';
import { startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedBedsDemo } from './beds-demo.js';

describe('demo: wards and beds', function () {
  this.timeout(60_000);
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(() => ts?.stop());

  it('sets up 内科 30 beds and 外科 20 beds with bed fees, places the waiting stays, and runs once', async () => {
    const f = await factories(ts);
    const ward = await f.department({ kind: 'ward', code: 'ZY1', name: '住院一病区' });
    const cashier = await f.user(['registrar']);
    await f.diagnosis('J18.900', '肺炎');
    for (let i = 0; i < 4; i++) {
      const p = await f.patient();
      const r = await cashier.client.post(
        '/api/stays',
        {
          patientId: p.id,
          wardId: ward.id,
          admissionWay: 'outpatient',
          admissionCondition: 'general',
          admissionDiagCode: 'J18.900',
          patientType: 'self',
        },
        { 'Idempotency-Key': randomUUID() },
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    const { db, clock } = ts.server.modules;
    const r = await seedBedsDemo({ db, clock });
    expect(r).to.deep.equal({ beds: 50, placed: 2 });
    const raw = ts.server.open.raw;
    const perWard = raw
      .prepare(
        `SELECT d.code, count(b.id) n, sum(b.state = 'occupied') occ FROM beds b JOIN departments d ON d.id = b.ward_id
         GROUP BY d.code ORDER BY d.code`,
      )
      .all();
    expect(perWard).to.deep.equal([
      { code: 'ZY1', n: 30, occ: 2 },
      { code: 'ZY2', n: 20, occ: 0 },
    ]);
    const fees = raw
      .prepare(`SELECT count(*) n FROM bed_charge_items bi JOIN catalog_items c ON c.id = bi.catalog_item_id`)
      .get() as { n: number };
    expect(fees.n).to.equal(100);
    expect(await seedBedsDemo({ db, clock })).to.equal(null);
  });
});
