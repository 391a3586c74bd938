// The demo's catalog step against the simulator: after the whole demo seed (which runs it last),
// the demo's items found in the insurer's catalog are matched, reviewed by another user and
// uploaded, so the settlement finds them; departments, diagnoses and doctors carry their codes.
// Without an answering gateway it changes nothing and says why.
import net from 'node:net';
import { expect } from 'chai';
import { type InsurerSimulator, startInsurerSimulator } from '../simulator/insurer/server.js';
import { departmentCode, matchOf, staffCode } from '../server/modules/insurance-catalog/index.js';
import { userViaApi } from '../test/helpers/admin.js';
import { adminClient, startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedDemo } from './demo.js';
import { seedInsuranceCatalogDemo } from './insurance-catalog.js';
import { seedInsuranceDemo } from './insurance.js';

describe('demo insurance catalog seed', function () {
  this.timeout(300_000);
  let ts: TestServer;
  let sim: InsurerSimulator;
  const saved = process.env.INSURER_URL;

  before(async () => {
    sim = await startInsurerSimulator({ port: 0 });
    process.env.INSURER_URL = sim.url;
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    await seedDemo({ db, uow, clock });
  });
  after(async () => {
    if (saved === undefined) delete process.env.INSURER_URL;
    else process.env.INSURER_URL = saved;
    await ts?.stop();
    await sim?.close();
  });

  it('matches, reviews (another user) and uploads the demo items the insurer lists; codes the rest', async () => {
    const raw = ts.server.open.raw;
    const states = raw
      .prepare(`SELECT state, count(*) AS n FROM insurance_item_matches GROUP BY state`)
      .all() as Array<{ state: string; n: number }>;
    const by = Object.fromEntries(states.map((s) => [s.state, s.n]));
    expect(by.uploaded, JSON.stringify(states)).to.be.greaterThan(20);
    const same = raw
      .prepare(`SELECT count(*) AS n FROM insurance_item_matches WHERE reviewed_by = matched_by`)
      .get() as { n: number };
    expect(same.n).to.equal(0);
    const amox = raw.prepare(`SELECT id FROM catalog_items WHERE name LIKE '阿莫西林胶囊%' LIMIT 1`).get() as
      | { id: number }
      | undefined;
    if (amox) expect((await matchOf(ts.server.modules.db, [amox.id])).get(amox.id)?.listType).to.equal('101');
    const clinic = raw.prepare(`SELECT id FROM departments WHERE kind = 'clinic' LIMIT 1`).get() as { id: number };
    expect(await departmentCode(ts.server.modules.db, clinic.id)).to.not.equal(null);
    const doctor = raw.prepare(`SELECT id FROM staff WHERE title LIKE '%physician%' LIMIT 1`).get() as { id: number };
    expect(await staffCode(ts.server.modules.db, doctor.id)).to.match(/^D330782\d{6}$/);
    const dx = raw.prepare(`SELECT count(*) AS n FROM insurance_disease_codes`).get() as { n: number };
    expect(dx.n).to.be.greaterThan(10);
    // done once
    expect(await seedInsuranceCatalogDemo(ts.server.modules)).to.equal(null);
  });
});

describe('demo insurance catalog seed before the simulator service runs', function () {
  this.timeout(120_000);
  let ts: TestServer;

  before(async () => {
    ts = await startTestServer();
  });
  after(async () => ts?.stop());

  it('takes the catalogs from an in-process simulator; the matches stay reviewed (not uploaded)', async () => {
    const { db, uow, clock } = ts.server.modules;
    const raw = ts.server.open.raw;
    // a port nobody listens on (taken, then freed)
    const probe = net.createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((ok) => probe.close(ok));
    await seedInsuranceDemo({ db, uow, clock }, { gatewayUrl: `http://127.0.0.1:${port}/fsi/api` });
    const admin = await adminClient(ts);
    await userViaApi(ts, admin, ['storekeeper']);
    const now = Date.now();
    raw
      .prepare(
        `INSERT INTO catalog_items (code, kind, name, spec, dosage_form, unit, pack_unit, pack_size, price_fen,
           charge_category, drug_class, pinyin_initials, pinyin_full, created_at, updated_at)
         VALUES ('YP001', 'drug', '阿莫西林胶囊', '0.25g×24粒', '胶囊剂', '粒', '盒', 24, 1200, '09', 'western',
           'amxljn', 'amoxilinjiaonang', ?, ?)`,
      )
      .run(now, now);
    const r = await seedInsuranceCatalogDemo({ db, uow, clock });
    expect(r, JSON.stringify(r)).to.include({ matched: 1, uploaded: 0 });
    const m = raw.prepare(`SELECT state, matched_by, reviewed_by FROM insurance_item_matches`).all() as any[];
    expect(m).to.have.length(1);
    expect(m[0].state).to.equal('reviewed');
    expect(m[0].matched_by).to.not.equal(m[0].reviewed_by);
    expect(await seedInsuranceCatalogDemo({ db, uow, clock })).to.equal(null);
  });
});
