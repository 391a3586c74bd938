// Catalog reads: search by code, name, pinyin initials; kind filter; onHand at a pharmacy
// counts only non-expired lots with stock; stockOnHand agrees.
import { expect } from 'chai';
import { ManualClock } from '../../lib/clock.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import { userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { stockOnHand } from './stock.js';

describe('catalog API', () => {
  let ts: TestServer;
  let doctor: ApiClient;
  let pharmacyId: number;
  let clinicId: number;
  const ids: Record<string, number> = {};
  // 2026-11-26 09:00 in Shanghai.
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0));

  before(async () => {
    ts = await startTestServer({ clock });
    const admin = await adminClient(ts);
    pharmacyId = (await admin.post('/api/departments', { code: 'MZYF', name: '门诊药房', kind: 'pharmacy' })).body.id;
    clinicId = (await admin.post('/api/departments', { code: 'QK', name: '全科', kind: 'clinic' })).body.id;
    doctor = (await userViaApi(ts, admin, ['doctor'], { departmentId: clinicId })).client;
    const raw = ts.server.open.raw;
    const ins = raw.prepare(
      `INSERT INTO catalog_items (code, kind, name, spec, unit, pack_unit, pack_size, price_fen, charge_category, ` +
        (`drug_class, antibiotic_tier, essential, default_dose, dose_unit, default_frequency, default_route, ` +
          (`pinyin_initials, pinyin_full, created_at, updated_at)
       VALUES (@code, @kind, @name, @spec, @unit, @packUnit, @packSize, @price, @cat, @drugClass, @tier, ` +
            `@essential, @dose, @doseUnit, @freq, @route, @pi, @pf, 1, 1)`)),
    );
    const item = (code: string, kind: string, name: string, extra: Partial<Record<string, unknown>> = {}) => {
      const py = pinyinKeys(name);
      ids[code] = Number(
        ins.run({
          code,
          kind,
          name,
          spec: null,
          unit: '片',
          packUnit: '盒',
          packSize: 24,
          price: 1250,
          cat: kind === 'drug' ? '09' : '04',
          drugClass: kind === 'drug' ? 'western' : null,
          tier: null,
          essential: 0,
          dose: null,
          doseUnit: null,
          freq: null,
          route: null,
          pi: py.initials,
          pf: py.full,
          ...extra,
        }).lastInsertRowid,
      );
    };
    item('X001', 'drug', '阿莫西林胶囊', {
      spec: '0.25g×24粒',
      unit: '粒',
      tier: 'unrestricted',
      essential: 1,
      dose: '0.5',
      doseUnit: 'g',
      freq: 'tid',
      route: 'po',
    });
    item('X002', 'drug', '头孢曲松钠注射剂', { unit: '支', packUnit: '支', packSize: 1, tier: 'restricted' });
    item('X003', 'drug', '阿司匹林肠溶片');
    item('S001', 'service', '血常规', { unit: '次', packUnit: '次', packSize: 1, price: 1500 });
    const lot = raw.prepare(
      'INSERT INTO stock_lots (item_id, location_id, lot_no, expiry_date, purchase_price_fen, qty_on_hand, ' +
        'created_at) VALUES (?, ?, ?, ?, 100, ?, 1)',
    );
    lot.run(ids.X001, pharmacyId, 'L1', '2027-06-30', 240);
    lot.run(ids.X001, pharmacyId, 'L2', '2026-11-26', 48); // expires today: still usable
    lot.run(ids.X001, pharmacyId, 'L3', '2026-11-25', 500); // expired yesterday
    lot.run(ids.X001, pharmacyId, 'L4', '2028-01-31', 0); // empty
    lot.run(ids.X002, pharmacyId, 'L5', '2026-01-01', 10); // only an expired lot
  });
  after(() => ts.stop());

  const items = async (qs: string) =>
    (await doctor.get('/api/catalog/items' + qs)).body.items as Array<Record<string, unknown>>;

  it('finds items by code, name, pinyin initials and full pinyin; filters by kind', async () => {
    expect((await items('?q=X001')).map((i) => i.code)).to.deep.equal(['X001']);
    expect((await items('?q=x00')).map((i) => i.code)).to.have.members(['X001', 'X002', 'X003']);
    expect((await items('?q=阿莫')).map((i) => i.code)).to.deep.equal(['X001']);
    expect((await items('?q=amxl')).map((i) => i.code)).to.deep.equal(['X001']);
    expect((await items('?q=AMXL')).map((i) => i.code)).to.deep.equal(['X001']);
    expect((await items('?q=amoxi')).map((i) => i.code)).to.deep.equal(['X001']);
    expect((await items('?q=xcg')).map((i) => i.code)).to.deep.equal(['S001']);
    expect((await items('?kind=service')).map((i) => i.code)).to.deep.equal(['S001']);
    expect((await items('?kind=drug&q=a')).map((i) => i.code)).to.include.members(['X001', 'X003']);
    expect(await items('?q=%25')).to.deep.equal([]);
    expect((await items('?limit=2')).length).to.equal(2);
    const one = (await items('?q=X001'))[0]!;
    expect(one).to.include({
      name: '阿莫西林胶囊',
      kind: 'drug',
      unit: '粒',
      packUnit: '盒',
      packSize: 24,
      priceFen: 1250,
      chargeCategory: '09',
      drugClass: 'western',
      antibioticTier: 'unrestricted',
      essential: true,
      defaultDose: '0.5',
      doseUnit: 'g',
      defaultFrequency: 'tid',
      defaultRoute: 'po',
      onHand: null,
    });
  });

  it('counts onHand at the pharmacy from non-expired lots with stock only', async () => {
    const list = await items(`?q=x00&pharmacyId=${pharmacyId}`);
    const by = Object.fromEntries(list.map((i) => [i.code, i.onHand]));
    expect(by).to.deep.equal({ X001: 288, X002: 0, X003: 0 });
    const one = await doctor.get(`/api/catalog/items/${ids.X001}?pharmacyId=${pharmacyId}`);
    expect(one.body.onHand).to.equal(288);
    expect((await doctor.get(`/api/catalog/items/${ids.X001}`)).body.onHand).to.equal(null);
    const db = ts.server.modules.db;
    expect(await stockOnHand(db, ids.X001!, pharmacyId, '2026-11-26')).to.equal(288);
    expect(await stockOnHand(db, ids.X001!, pharmacyId, '2026-11-27')).to.equal(240);
    expect(await stockOnHand(db, ids.X001!, pharmacyId, '2026-11-25')).to.equal(788);
    expect(await stockOnHand(db, ids.X002!, pharmacyId, '2026-11-26')).to.equal(0);
  });

  it(
    'refuses bad queries: unknown item 404, a non-pharmacy 422, bad kind/limit 422, unknown ' +
      'params 422, signed out 401',
    async () => {
      expect((await doctor.get('/api/catalog/items/999999')).status).to.equal(404);
      expect((await doctor.get('/api/catalog/items/abc')).status).to.equal(400);
      const notPharmacy = await doctor.get(`/api/catalog/items?pharmacyId=${clinicId}`);
      expect(notPharmacy.status).to.equal(422);
      expect(notPharmacy.body.error.field).to.equal('pharmacyId');
      expect((await doctor.get('/api/catalog/items?pharmacyId=999999')).body.error.field).to.equal('pharmacyId');
      expect((await doctor.get('/api/catalog/items?kind=food')).body.error.field).to.equal('kind');
      expect((await doctor.get('/api/catalog/items?limit=101')).status).to.equal(422);
      expect((await doctor.get('/api/catalog/items?pharmacyId=-1')).status).to.equal(422);
      expect((await doctor.get('/api/catalog/items?bogus=1')).status).to.equal(422);
      expect((await new ApiClient(ts.url).get('/api/catalog/items')).status).to.equal(401);
    },
  );
});
