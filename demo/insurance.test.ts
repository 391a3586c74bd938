// The demo's insurance step: 接口设置 pointed at the simulator, a patient per insured person
// (same ID number, card number as insurance_no), idempotent; and through the real adapter the
// registrar's card look-up of a demo patient is answered by the simulator. (seedDemo calls this
// step last; the whole demo seed is exercised by demo.test.ts.)
import { expect } from 'chai';
import { PERSONS } from '../simulator/insurer/persons.js';
import { type InsurerSimulator, startInsurerSimulator } from '../simulator/insurer/server.js';
import { factories } from '../test/helpers/factories.js';
import { startTestServer, type TestServer } from '../test/helpers/server.js';
import { DEMO_FIXMEDINS_CODE, demoInsurerUrl, seedInsuranceDemo } from './insurance.js';

describe('demo insurance seed', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let sim: InsurerSimulator;
  const saved = process.env.INSURER_URL;

  before(async () => {
    sim = await startInsurerSimulator({ port: 0 });
    process.env.INSURER_URL = sim.url;
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    expect((await seedInsuranceDemo({ db, uow, clock }))!.patients).to.equal(PERSONS.length);
  });
  after(async () => {
    if (saved === undefined) delete process.env.INSURER_URL;
    else process.env.INSURER_URL = saved;
    await ts?.stop();
    await sim?.close();
  });

  const raw = () => ts.server.open.raw;

  it('the default gateway is the simulator on 127.0.0.1:8091 unless INSURER_URL/INSURER_PORT say otherwise', () => {
    expect(demoInsurerUrl({})).to.equal('http://127.0.0.1:8091/fsi/api');
    expect(demoInsurerUrl({ INSURER_PORT: '9000' })).to.equal('http://127.0.0.1:9000/fsi/api');
  });

  it('points 接口设置 at the simulator and creates a patient per insured person', () => {
    const c = raw().prepare('SELECT * FROM insurance_config').get() as Record<string, unknown>;
    expect([c.enabled, c.gateway_url, c.fixmedins_code, c.mdtrtarea_admvs]).to.deep.equal([
      1,
      sim.url,
      DEMO_FIXMEDINS_CODE,
      '330782',
    ]);
    for (const p of PERSONS) {
      const row = raw()
        .prepare('SELECT name, sex, birth_date, insurance_no FROM patients WHERE id_number = ?')
        .get(p.certno) as Record<string, string> | undefined;
      expect(row, p.psn_name).to.deep.equal({
        name: p.psn_name,
        sex: p.gend === '1' ? 'M' : 'F',
        birth_date: p.brdy,
        insurance_no: p.card_no,
      });
    }
  });

  it('is idempotent: a second run changes nothing', async () => {
    const n = () => (raw().prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
    const before = n();
    const { db, uow, clock } = ts.server.modules;
    expect(await seedInsuranceDemo({ db, uow, clock })).to.equal(null);
    expect(n()).to.equal(before);
  });

  it('a registrar looks up a demo patient by card through the adapter, answered by the simulator', async () => {
    const p = PERSONS.find((x) => x.psn_name === '王建国')!;
    const { client: c } = await (await factories(ts)).user(['registrar']);
    const r = await c.post('/api/insurance/person', { certType: '03', certNo: p.card_no, cardSn: p.card_sn });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(JSON.stringify(r.body)).to.contain(p.psn_no);
    expect(sim.calls.some((x) => x.infno === '1101' && x.infcode === 0)).to.equal(true);
  });
});
