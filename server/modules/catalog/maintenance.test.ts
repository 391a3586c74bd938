// Dictionary maintenance through the API: create and update drugs, services and materials with
// every rule (unique code, drug-only fields, 批准文号 format, zero markup for essential drugs,
// integer fen, pack size), pinyin keys generated or typed, invoice confirmation reset by a new
// charge category, optimistic versions, audit, catalog:changed to admin and store rooms, and
// "nothing changed" after every refused request.
import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, ManualClock, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

const AMOX = {
  code: 'YP001',
  kind: 'drug',
  name: '阿莫西林胶囊',
  tradeName: '阿莫仙',
  spec: '0.25g×24粒',
  dosageForm: '胶囊剂',
  manufacturer: '珠海联邦制药股份有限公司',
  approvalNo: '国药准字H44021351',
  unit: '粒',
  packUnit: '盒',
  packSize: 24,
  priceFen: 1250,
  purchasePriceFen: 1250,
  drugClass: 'western',
  essential: true,
  antibioticTier: 'unrestricted',
  insuranceCode: 'XJ01CAA040A001010100000',
  reorderLevel: 480,
  dosePerUnit: '0.25g',
  defaultDose: '0.5',
  doseUnit: 'g',
  defaultFrequency: 'tid',
  defaultRoute: 'po',
};

describe('catalog maintenance API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let store: ApiClient;
  let doctor: ApiClient;
  let registrar: ApiClient;
  let adminRoom: RoomListener;
  let storeRoom: RoomListener;
  let storeId: number;

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    admin = await adminClient(ts);
    storeId = (await admin.post('/api/departments', { code: 'YK', name: '药库', kind: 'store' })).body.id;
    const clinicId = (await admin.post('/api/departments', { code: 'QK', name: '全科', kind: 'clinic' })).body.id;
    store = (await userViaApi(ts, admin, ['storekeeper'], { departmentId: storeId })).client;
    doctor = (await userViaApi(ts, admin, ['doctor'], { departmentId: clinicId })).client;
    registrar = (await userViaApi(ts, admin, ['registrar'], { departmentId: clinicId })).client;
    adminRoom = await RoomListener.open(ts, admin.cookie);
    storeRoom = await RoomListener.open(ts, store.cookie, [`pharmacy:${storeId}`]);
  });
  after(async () => {
    adminRoom?.close();
    storeRoom?.close();
    await ts?.stop();
  });

  const snapshot = () => {
    const raw = ts.server.open.raw;
    return JSON.stringify(
      ['catalog_items', 'audit_log', 'event_log'].map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()),
    );
  };
  /** The request is refused with this status and field, and nothing is written. */
  async function refused(
    send: () => Promise<{ status: number; body: any }>,
    status: number,
    field: string | undefined,
    message?: RegExp,
  ) {
    const before = snapshot();
    const r = await send();
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    if (field !== undefined) expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
    if (message) expect(r.body.error.message).to.match(message);
    expect(snapshot(), 'nothing written').to.equal(before);
    return r.body;
  }

  let amox: Record<string, any>;

  it(
    'creates a drug with every field: pinyin generated, invoice category unconfirmed, audited, ' +
      'catalog:changed to admin and the store',
    async () => {
      const r = await admin.post('/api/catalog/admin/items', AMOX);
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      amox = r.body;
      const { essential: _e, ...rest } = AMOX;
      void _e;
      expect(r.body).to.include({
        ...rest,
        chargeCategory: '09',
        controlledClass: null,
        invoiceConfirmed: false,
        active: true,
        version: 1,
        onHand: null,
        hasHistory: false,
      });
      expect(r.body.essential).to.equal(true);
      expect(r.body.pinyinInitials.split(' ')).to.include('amxljn');
      expect(r.body.pinyinFull).to.equal('amoxilinjiaonang');
      const [a] = auditRows(ts, 'catalog.create', r.body.id);
      expect(a!.entity).to.equal('catalog_item');
      expect(a!.summary.changes!.approval_no).to.deep.equal({ after: '国药准字H44021351' });
      for (const room of [adminRoom, storeRoom]) {
        const ev = await room.waitFor('catalog:changed', { action: 'created' });
        expect(ev.payload).to.deep.equal({ ids: [r.body.id], action: 'created' });
      }
    },
  );

  it(
    'suggests charge categories by kind and class; a service and a material need no drug fields; ' +
      'herbal approval numbers are free text',
    async () => {
      const patent = await admin.post('/api/catalog/admin/items', {
        code: 'ZC001',
        kind: 'drug',
        name: '板蓝根颗粒',
        unit: '袋',
        packUnit: '盒',
        packSize: 20,
        priceFen: 1580,
        drugClass: 'patent',
        approvalNo: '国药准字Z44021940',
      });
      expect(patent.status, JSON.stringify(patent.body)).to.equal(201);
      expect(patent.body.chargeCategory).to.equal('11');
      const herbal = await admin.post('/api/catalog/admin/items', {
        code: 'YP-H01',
        kind: 'drug',
        name: '黄芪',
        unit: 'g',
        priceFen: 12,
        drugClass: 'herbal',
        approvalNo: '闽饮片备2026-01',
      });
      expect(herbal.status, JSON.stringify(herbal.body)).to.equal(201);
      expect(herbal.body).to.include({
        chargeCategory: '10',
        packUnit: 'g',
        packSize: 1,
        approvalNo: '闽饮片备2026-01',
      });
      const service = await admin.post('/api/catalog/admin/items', {
        code: 'ZL001',
        kind: 'service',
        name: '静脉输液',
        unit: '次',
        priceFen: 500,
      });
      expect(service.status).to.equal(201);
      expect(service.body).to.include({ chargeCategory: '05', drugClass: null, essential: false, packSize: 1 });
      const material = await admin.post('/api/catalog/admin/items', {
        code: 'WC001',
        kind: 'material',
        name: '一次性输液器',
        unit: '套',
        priceFen: 180,
        purchasePriceFen: 150,
        chargeCategory: '08',
        approvalNo: '苏械注准20162141234',
      });
      expect(material.status, JSON.stringify(material.body)).to.equal(201);
      expect(material.body).to.include({ chargeCategory: '08', purchasePriceFen: 150, invoiceConfirmed: false });
    },
  );

  it(
    'lists and searches with paging: code, name, trade name, pinyin initials, full pinyin; kind, ' +
      'drug class and active filters',
    async () => {
      const codes = async (qs: string, c: ApiClient = admin) => {
        const r = await c.get('/api/catalog/admin/items' + qs);
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        return (r.body.items as Array<{ code: string }>).map((i) => i.code);
      };
      expect(await codes('?q=amxl')).to.deep.equal(['YP001']);
      expect(await codes('?q=AMXLJN')).to.deep.equal(['YP001']);
      expect(await codes('?q=amoxilin')).to.deep.equal(['YP001']);
      expect(await codes('?q=阿莫仙')).to.deep.equal(['YP001']);
      expect(await codes('?q=yp0')).to.deep.equal(['YP001']);
      expect(await codes('?kind=service')).to.deep.equal(['ZL001']);
      expect(await codes('?kind=drug&drugClass=patent')).to.deep.equal(['ZC001']);
      expect(await codes('?q=blg', store), 'the store (inventory.read) may read the list').to.deep.equal(['ZC001']);
      const page = await admin.get('/api/catalog/admin/items?limit=2&offset=1');
      expect(page.body.total).to.equal(5);
      expect(page.body.items.map((i: { code: string }) => i.code)).to.deep.equal(['YP-H01', 'YP001']);
      expect((await admin.get('/api/catalog/admin/items?active=false')).body.total).to.equal(0);
      // The list, one item and the export show purchase prices: dictionaries.manage only (the prescribing search is the
      // read for everyone).
      for (const path of [
        '/api/catalog/admin/items?q=amxl',
        '/api/catalog/admin/items/1',
        '/api/catalog/admin/export',
      ]) {
        const r = await registrar.get(path);
        expect(r.status, path).to.equal(403);
        expect(r.body.error.details.permission, path).to.equal('dictionaries.manage');
      }
      expect((await admin.get('/api/catalog/admin/items?limit=501')).status).to.equal(422);
      expect((await admin.get('/api/catalog/admin/items?active=maybe')).body.error.field).to.equal('active');
      // The prescribing search shows the new fields too.
      const rx = await doctor.get('/api/catalog/items?q=amxl');
      expect(rx.body.items[0]).to.include({
        approvalNo: '国药准字H44021351',
        purchasePriceFen: 1250,
        reorderLevel: 480,
        invoiceConfirmed: false,
        version: 1,
      });
    },
  );

  it('refuses bad input with the field named and writes nothing', async () => {
    const post = (body: Record<string, unknown>) => () => admin.post('/api/catalog/admin/items', body);
    const drug = { ...AMOX, code: 'YP002', essential: false, purchasePriceFen: 900 };
    await refused(post({ ...drug, code: 'yp001' }), 409, 'code', /already used/);
    await refused(post({ ...drug, code: 'YP 002' }), 422, 'code');
    await refused(post({ ...drug, code: 'X'.repeat(21) }), 422, 'code');
    await refused(post({ ...drug, kind: 'food' }), 422, 'kind');
    await refused(post({ ...drug, name: '' }), 422, 'name');
    await refused(post({ ...drug, drugClass: null }), 422, 'drugClass', /drug class/);
    await refused(post({ ...drug, approvalNo: '国药准字H2003334' }), 422, 'approvalNo', /国药准字/);
    await refused(post({ ...drug, approvalNo: 'H20033340' }), 422, 'approvalNo');
    await refused(post({ ...drug, priceFen: 12.5 }), 422, 'priceFen');
    await refused(post({ ...drug, priceFen: -1 }), 422, 'priceFen');
    await refused(post({ ...drug, priceFen: '1250' }), 422, 'priceFen');
    await refused(post({ ...drug, purchasePriceFen: 0.1 }), 422, 'purchasePriceFen');
    await refused(post({ ...drug, packSize: 0 }), 422, 'packSize');
    await refused(post({ ...drug, packSize: 1.5 }), 422, 'packSize');
    await refused(post({ ...drug, reorderLevel: -5 }), 422, 'reorderLevel');
    await refused(post({ ...drug, chargeCategory: '15' }), 422, 'chargeCategory');
    await refused(post({ ...drug, defaultFrequency: 'hourly' }), 422, 'defaultFrequency');
    await refused(post({ ...drug, defaultDose: 'half' }), 422, 'defaultDose');
    await refused(post({ ...drug, pinyinInitials: '阿莫' }), 422, 'pinyinInitials');
    await refused(post({ ...drug, bogus: 1 }), 422, 'bogus');
    await refused(post({ ...drug, essential: true, purchasePriceFen: 1000 }), 422, 'purchasePriceFen', /zero markup/);
    const service = { code: 'ZL002', kind: 'service', name: '换药', unit: '次', priceFen: 800 };
    await refused(post({ ...service, drugClass: 'western' }), 422, 'drugClass', /Only drugs/);
    await refused(post({ ...service, essential: true }), 422, 'essential');
    await refused(post({ ...service, antibioticTier: 'restricted' }), 422, 'antibioticTier');
    await refused(post({ ...service, controlledClass: 'narcotic' }), 422, 'controlledClass');
    await refused(() => registrar.post('/api/catalog/admin/items', service), 403, undefined);
    await refused(() => new ApiClient(ts.url).post('/api/catalog/admin/items', service), 401, undefined);
    // Chinese messages by default.
    admin.lang = 'zh';
    try {
      await refused(
        post({ ...drug, essential: true, purchasePriceFen: 1000 }),
        422,
        'purchasePriceFen',
        /零差率.*进价\(10\.00 元\)必须等于零售价\(12\.50 元\)/,
      );
    } finally {
      admin.lang = 'en';
    }
  });

  it('allows an essential drug above its purchase price when the zero-markup policy is off', async () => {
    const s = (await admin.get('/api/settings/institution')).body;
    const off = await admin.put('/api/settings/institution', {
      ...s,
      name: '测试卫生院',
      code: 'TEST01',
      zeroMarkupEssentialDrugs: false,
    });
    expect(off.status, JSON.stringify(off.body)).to.equal(200);
    try {
      const r = await admin.post('/api/catalog/admin/items', {
        ...AMOX,
        code: 'YP003',
        name: '布洛芬缓释胶囊',
        approvalNo: null,
        purchasePriceFen: 800,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    } finally {
      const now = (await admin.get('/api/settings/institution')).body;
      expect(
        (await admin.put('/api/settings/institution', { ...now, zeroMarkupEssentialDrugs: true })).status,
      ).to.equal(200);
    }
  });

  it(
    'updates with a version: other edits keep the invoice confirmation, a new charge category ' +
      'resets it; stale versions refused',
    async () => {
      // The invoice-categorization page confirmed it.
      ts.server.open.raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1 WHERE id = ?').run(amox.id);
      const {
        id: _id,
        onHand: _o,
        invoiceConfirmed: _ic,
        pinyinFull: _pf,
        hasHistory: _hh,
        hasStock: _hs,
        ...editable
      } = amox;
      void [_id, _o, _ic, _pf, _hh, _hs];
      const put = (body: Record<string, unknown>) => admin.put(`/api/catalog/admin/items/${amox.id}`, body);
      const r1 = await put({ ...editable, priceFen: 1300, purchasePriceFen: 1300, reorderLevel: 240 });
      expect(r1.status, JSON.stringify(r1.body)).to.equal(200);
      expect(r1.body).to.include({
        priceFen: 1300,
        reorderLevel: 240,
        version: 2,
        invoiceConfirmed: true,
        chargeCategory: '09',
      });
      const [a] = auditRows(ts, 'catalog.update', amox.id);
      expect(a!.summary.changes!.price_fen).to.deep.equal({ before: 1250, after: 1300 });
      await adminRoom.waitFor('catalog:changed', { action: 'updated' });

      await refused(
        () => put({ ...editable, priceFen: 1400, purchasePriceFen: 1400 }),
        409,
        'version',
        /changed by someone else/,
      );
      await refused(() => put({ ...r1.body, id: undefined }), 422, undefined);
      const {
        id: _i2,
        onHand: _o2,
        invoiceConfirmed: _c2,
        pinyinFull: _f2,
        hasHistory: _h2,
        hasStock: _s2,
        ...v2
      } = r1.body;
      void [_i2, _o2, _c2, _f2, _h2, _s2];
      await refused(() => put({ ...v2, code: 'ZC001' }), 409, 'code');
      await refused(() => put({ ...v2, purchasePriceFen: 1000 }), 422, 'purchasePriceFen');
      await refused(() => admin.put('/api/catalog/admin/items/999999', v2), 404, undefined);

      const r2 = await put({ ...v2, chargeCategory: '11' });
      expect(r2.status, JSON.stringify(r2.body)).to.equal(200);
      expect(r2.body).to.include({ chargeCategory: '11', invoiceConfirmed: false, version: 3 });
      // Leaving chargeCategory out keeps it.
      const {
        id: _i3,
        onHand: _o3,
        invoiceConfirmed: _c3,
        pinyinFull: _f3,
        chargeCategory: _cc,
        hasHistory: _h3,
        hasStock: _s3,
        ...v3
      } = r2.body;
      void [_i3, _o3, _c3, _f3, _cc, _h3, _s3];
      const r3 = await put({ ...v3, spec: '0.5g×12粒' });
      expect(r3.body).to.include({ chargeCategory: '11', spec: '0.5g×12粒', version: 4 });
    },
  );

  it('keeps typed pinyin, regenerates blank pinyin and pinyin left unchanged through a rename', async () => {
    const r = await admin.post('/api/catalog/admin/items', {
      code: 'YP010',
      kind: 'drug',
      name: '葡萄糖注射液',
      unit: '瓶',
      priceFen: 350,
      drugClass: 'western',
      pinyinInitials: 'PTT 10%'.replace('%', ''),
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.pinyinInitials).to.equal('ptt 10');
    const base = { code: 'YP010', kind: 'drug', unit: '瓶', priceFen: 350, drugClass: 'western' };
    const renamed = await admin.put(`/api/catalog/admin/items/${r.body.id}`, {
      ...base,
      name: '氯化钠注射液',
      pinyinInitials: 'ptt 10',
      version: 1,
    });
    expect(renamed.body.pinyinInitials.split(' ')).to.include('lhnzsy');
    expect(renamed.body.pinyinFull).to.equal('lhuanazhusheye');
    const typed = await admin.put(`/api/catalog/admin/items/${r.body.id}`, {
      ...base,
      name: '氯化钠注射液',
      pinyinInitials: 'nacl',
      version: 2,
    });
    expect(typed.body.pinyinInitials).to.equal('nacl');
    expect((await admin.get('/api/catalog/admin/items?q=nacl')).body.items[0].id).to.equal(r.body.id);
    const blank = await admin.put(`/api/catalog/admin/items/${r.body.id}`, {
      ...base,
      name: '氯化钠注射液',
      pinyinInitials: '',
      version: 3,
    });
    expect(blank.body.pinyinInitials.split(' ')).to.include('lhnzsy');
  });

  it(
    'deactivates and reactivates: an inactive item leaves the prescribing search but stays in ' + 'maintenance',
    async () => {
      const cur = (await admin.get(`/api/catalog/admin/items/${amox.id}`)).body;
      const { id: _i, onHand: _o, invoiceConfirmed: _c, pinyinFull: _f, hasHistory: _h, hasStock: _s, ...v } = cur;
      void [_i, _o, _c, _f, _h, _s];
      const off = await admin.put(`/api/catalog/admin/items/${amox.id}`, { ...v, active: false });
      expect(off.status, JSON.stringify(off.body)).to.equal(200);
      expect(off.body.active).to.equal(false);
      expect((await doctor.get('/api/catalog/items?q=amxl')).body.items).to.deep.equal([]);
      expect(
        (await admin.get('/api/catalog/admin/items?active=false')).body.items.map((i: { code: string }) => i.code),
      ).to.deep.equal(['YP001']);
      const on = await admin.put(`/api/catalog/admin/items/${amox.id}`, {
        ...v,
        active: true,
        version: off.body.version,
      });
      expect(on.body.active).to.equal(true);
      expect((await doctor.get('/api/catalog/items?q=amxl')).body.items.length).to.equal(1);
    },
  );
});
