import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { seedDemo } from '../../../demo/demo.js';
import { assertDocTypeEnabled, ensureStockLocation } from './service.js';
import { DomainError } from '../../../core/errors.js';

describe('stock locations and document settings (单据使用设置)', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  let store: number;
  let store2: number;
  let pharmacy: number;

  const snapshot = () => {
    const raw = ts.server.open.raw;
    return JSON.stringify(
      ['stock_locations', 'location_doc_types', 'audit_log', 'event_log'].map((tb) =>
        raw.prepare(`SELECT * FROM ${tb} ORDER BY 1, 2`).all(),
      ),
    );
  };
  const location = async (id: number) =>
    ((await admin.get('/api/stock/locations')).body.items as any[]).find((l) => l.id === id);
  const deptRow = async (id: number) =>
    ((await admin.get('/api/departments')).body.items as any[]).find((d) => d.id === id);
  const dept = async (code: string, name: string, kind: string) => {
    const r = await admin.post('/api/departments', { code, name, kind });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id as number;
  };

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it(
    'a new store / pharmacy department gets a location with the default role, supplier and ' +
      'document types (event to admin)',
    async () => {
      store = await dept('YK1', '中心药库', 'store');
      pharmacy = await dept('YF1', '门诊药房', 'pharmacy');
      const clinic = await dept('NK1', '内科', 'clinic');
      const r = await admin.get('/api/stock/locations');
      expect(r.status).to.equal(200);
      expect(r.body.items.map((l: any) => l.id))
        .to.include.members([store, pharmacy])
        .and.not.include(clinic);
      expect(await location(store)).to.deep.equal({
        id: store,
        code: 'YK1',
        name: '中心药库',
        kind: 'store',
        role: 'store',
        suppliedById: null,
        suppliedByName: null,
        docTypes: ['receipt', 'transfer', 'supplier_return', 'loss', 'consumption', 'stocktake'],
        active: true,
        version: 1,
      });
      expect(await location(pharmacy)).to.deep.include({
        kind: 'pharmacy',
        role: 'outpatient_pharmacy',
        suppliedById: store,
        suppliedByName: '中心药库',
        docTypes: ['requisition', 'transfer', 'loss', 'stocktake'],
      });
      await listener.waitFor('stock-location:changed', { id: pharmacy, action: 'created' });
      const created = auditRows(ts, 'stock_location.create', pharmacy);
      expect(created).to.have.length(1);
      expect(created[0]!.summary.changes!.role).to.deep.equal({ after: 'outpatient_pharmacy' });
    },
  );

  it(
    'a department whose kind changes to a pharmacy gets a location; back to a store gets the ' + 'store defaults',
    async () => {
      const d = await dept('YF2', '住院药房', 'clinic');
      expect(await location(d)).to.equal(undefined);
      const v = await deptRow(d);
      const up = await admin.put(`/api/departments/${d}`, {
        code: 'YF2',
        name: '住院药房',
        kind: 'pharmacy',
        phone: null,
        location: null,
        active: true,
        version: v.version,
      });
      expect(up.status, JSON.stringify(up.body)).to.equal(200);
      expect(await location(d)).to.deep.include({ role: 'outpatient_pharmacy', suppliedById: store });
      const up2 = await admin.put(`/api/departments/${d}`, {
        code: 'YF2',
        name: '住院药房',
        kind: 'store',
        phone: null,
        location: null,
        active: true,
        version: up.body.version,
      });
      expect(up2.status, JSON.stringify(up2.body)).to.equal(200);
      expect(await location(d)).to.deep.include({
        role: 'store',
        suppliedById: null,
        docTypes: ['receipt', 'transfer', 'supplier_return', 'loss', 'consumption', 'stocktake'],
      });
      store2 = d;
      await listener.waitFor('stock-location:changed', { id: d, action: 'updated' });
      expect(auditRows(ts, 'stock_location.reset', d)).to.have.length(1);
    },
  );

  it('updates role, supplier and document types (audited, versioned, event to admin)', async () => {
    const before = await location(pharmacy);
    const r = await admin.put(`/api/stock/locations/${pharmacy}`, {
      role: 'inpatient_pharmacy',
      suppliedById: store2,
      docTypes: ['stocktake', 'receipt', 'requisition'],
      version: before.version,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.deep.include({
      role: 'inpatient_pharmacy',
      suppliedById: store2,
      suppliedByName: '住院药房',
      docTypes: ['receipt', 'requisition', 'stocktake'],
      version: before.version + 1,
    });
    const a = auditRows(ts, 'stock_location.update', pharmacy);
    expect(a).to.have.length(1);
    expect(a[0]!.summary.changes!.role).to.deep.equal({ before: 'outpatient_pharmacy', after: 'inpatient_pharmacy' });
    expect(a[0]!.summary.changes!.docTypes).to.deep.equal({
      before: ['requisition', 'transfer', 'loss', 'stocktake'],
      after: ['receipt', 'requisition', 'stocktake'],
    });
    await listener.waitFor('stock-location:changed', { id: pharmacy, action: 'updated' });
    // Stale version.
    const stale = await admin.put(`/api/stock/locations/${pharmacy}`, {
      role: 'inpatient_pharmacy',
      suppliedById: store,
      docTypes: [],
      version: before.version,
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.code).to.equal('stale_version');
  });

  it('refuses what breaks the rules, naming the field, and writes nothing', async () => {
    const p = await location(pharmacy);
    const s = await location(store);
    const clinic = await dept('WK1', '外科', 'clinic');
    const cases: [number, Record<string, unknown>, number, string][] = [
      [store, { role: 'store', suppliedById: store2, docTypes: [], version: s.version }, 422, 'suppliedById'],
      [store, { role: 'outpatient_pharmacy', suppliedById: null, docTypes: [], version: s.version }, 422, 'role'],
      [store, { role: 'store', suppliedById: null, docTypes: ['requisition'], version: s.version }, 422, 'docTypes'],
      [pharmacy, { role: 'store', suppliedById: null, docTypes: [], version: p.version }, 422, 'role'],
      [
        pharmacy,
        { role: 'outpatient_pharmacy', suppliedById: clinic, docTypes: [], version: p.version },
        422,
        'suppliedById',
      ],
      [
        pharmacy,
        { role: 'outpatient_pharmacy', suppliedById: 999999, docTypes: [], version: p.version },
        422,
        'suppliedById',
      ],
      [
        pharmacy,
        { role: 'outpatient_pharmacy', suppliedById: null, docTypes: ['requisition'], version: p.version },
        422,
        'suppliedById',
      ],
      [
        pharmacy,
        { role: 'outpatient_pharmacy', suppliedById: store, docTypes: ['loss', 'loss'], version: p.version },
        422,
        'docTypes',
      ],
      [
        pharmacy,
        { role: 'outpatient_pharmacy', suppliedById: store, docTypes: ['sale'], version: p.version },
        422,
        'docTypes.0',
      ],
      [
        pharmacy,
        { role: 'outpatient_pharmacy', suppliedById: store, docTypes: [], version: p.version, extra: 1 },
        422,
        'extra',
      ],
      [pharmacy, { role: 'outpatient_pharmacy', suppliedById: store, docTypes: [] }, 422, 'version'],
      [clinic, { role: 'outpatient_pharmacy', suppliedById: store, docTypes: [], version: 1 }, 404, ''],
    ];
    const before = snapshot();
    for (const [id, body, status, field] of cases) {
      const r = await admin.put(`/api/stock/locations/${id}`, body);
      expect(r.status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).to.equal(status);
      if (field) expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    expect(snapshot()).to.equal(before);
  });

  it('a pharmacy may not be supplied by an inactive store', async () => {
    const d = await dept('YK3', '备用药库', 'store');
    const v = await deptRow(d);
    expect(
      (
        await admin.put(`/api/departments/${d}`, {
          code: 'YK3',
          name: '备用药库',
          kind: 'store',
          phone: null,
          location: null,
          active: false,
          version: v.version,
        })
      ).status,
    ).to.equal(200);
    const p = await location(pharmacy);
    const r = await admin.put(`/api/stock/locations/${pharmacy}`, {
      role: 'outpatient_pharmacy',
      suppliedById: d,
      docTypes: [],
      version: p.version,
    });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('suppliedById');
  });

  it('assertDocTypeEnabled: 422 type when not used, 422 locationId for a non-location or inactive one', async () => {
    const db = ts.server.modules.db;
    expect(await assertDocTypeEnabled(db, pharmacy, 'receipt')).to.deep.equal({
      role: 'inpatient_pharmacy',
      suppliedById: store2,
    });
    const fail = async (id: number, type: 'loss' | 'receipt') => {
      try {
        await assertDocTypeEnabled(db, id, type);
      } catch (e) {
        expect(e).to.be.instanceOf(DomainError);
        return e as DomainError;
      }
      throw new Error('expected a refusal');
    };
    const e1 = await fail(pharmacy, 'loss');
    expect([e1.status, e1.field, e1.text.zh]).to.deep.equal([
      422,
      'type',
      '本库房未启用该单据,请在“单据使用设置”中加入',
    ]);
    const clinic = (await admin.get('/api/departments?kind=clinic')).body.items[0].id;
    expect((await fail(clinic, 'receipt')).field).to.equal('locationId');
    expect((await fail(999999, 'receipt')).field).to.equal('locationId');
    const inactive = (await admin.get('/api/departments?q=YK3')).body.items[0].id;
    expect((await fail(inactive, 'receipt')).field).to.equal('locationId');
  });

  it('ensureStockLocation leaves a fitting row and other kinds alone', async () => {
    const { uow } = ts.server.modules;
    const before = snapshot();
    const r = await uow.write(async (tx) => [
      await ensureStockLocation(tx.db, { id: pharmacy, kind: 'pharmacy' }, tx.now),
      await ensureStockLocation(tx.db, { id: store, kind: 'store' }, tx.now),
      await ensureStockLocation(tx.db, { id: 999, kind: 'clinic' }, tx.now),
    ]);
    expect(r).to.deep.equal([null, null, null]);
    expect(snapshot()).to.equal(before);
  });

  it(
    'a store that supplies pharmacies is not deactivated or made another kind (409 naming the ' +
      'field, nothing written)',
    async () => {
      const d = await deptRow(store2);
      const body = {
        code: d.code,
        name: d.name,
        kind: 'store',
        phone: null,
        location: null,
        active: true,
        version: d.version,
      };
      const before = snapshot();
      const off = await admin.put(`/api/departments/${store2}`, { ...body, active: false });
      expect(off.status).to.equal(409);
      expect([off.body.error.code, off.body.error.field]).to.deep.equal(['store_supplies_pharmacies', 'active']);
      expect(off.body.error.message).to.contain('门诊药房');
      const rekind = await admin.put(`/api/departments/${store2}`, { ...body, kind: 'clinic' });
      expect([rekind.status, rekind.body.error.field]).to.deep.equal([409, 'kind']);
      expect(snapshot()).to.equal(before);
      // Once the pharmacy is supplied by the other store, the old one may be deactivated.
      const p = await location(pharmacy);
      expect(
        (
          await admin.put(`/api/stock/locations/${pharmacy}`, {
            role: p.role,
            suppliedById: store,
            docTypes: p.docTypes,
            version: p.version,
          })
        ).status,
      ).to.equal(200);
      expect((await admin.put(`/api/departments/${store2}`, { ...body, active: false })).status).to.equal(200);
    },
  );

  it('any signed-in user reads; only admin.departments writes (403 names the permission)', async () => {
    const keeper = await userViaApi(ts, admin, ['storekeeper']);
    expect((await keeper.client.get('/api/stock/locations')).status).to.equal(200);
    const p = await location(pharmacy);
    const before = snapshot();
    const r = await keeper.client.put(`/api/stock/locations/${pharmacy}`, {
      role: 'outpatient_pharmacy',
      suppliedById: store,
      docTypes: [],
      version: p.version,
    });
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('admin.departments');
    expect(snapshot()).to.equal(before);
    const anon = await fetch(`${ts.url}/api/stock/locations`);
    expect(anon.status).to.equal(401);
  });

  it(
    'the demo center: 中心药库 is the store, 门诊药房 and 住院药房 its pharmacies with ' + 'their roles',
    async function () {
      this.timeout(180_000);
      const demo = await startTestServer();
      try {
        const { db, uow, clock } = demo.server.modules;
        await seedDemo({ db, uow, clock });
        const c = await adminClient(demo);
        const items = (await c.get('/api/stock/locations')).body.items as any[];
        const by = (name: string) => items.find((l) => l.name === name);
        expect(by('中心药库')).to.deep.include({ role: 'store', suppliedById: null });
        expect(by('门诊药房')).to.deep.include({
          role: 'outpatient_pharmacy',
          suppliedById: by('中心药库').id,
          docTypes: ['requisition', 'transfer', 'loss', 'stocktake'],
        });
        expect(by('住院药房')).to.deep.include({ role: 'inpatient_pharmacy', suppliedById: by('中心药库').id });
      } finally {
        await demo.stop();
      }
    },
  );
});
