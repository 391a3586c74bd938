import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { seedWorld, signedOrder, type BillingWorld } from '../../../test/helpers/billing.js';
import { key as orderKey, openVisit, seedDoctorWorld } from '../../../test/helpers/doctor.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { pinyinKeys } from '../../../db/pinyin.js';

let keyN = 0;
const key = () => ({ 'Idempotency-Key': `invoice-mapping-${process.pid}-${++keyN}` });

describe('invoice categorization (发票归类)', () => {
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let cashier: { client: ApiClient; userId: number };
  let keeper: { client: ApiClient; userId: number };
  let w: BillingWorld;
  let guard: number; // 保安费, category 14, not confirmed
  let glucose: number; // 葡萄糖注射液, category 09, not confirmed
  const now = Date.now();

  const item = (code: string, name: string, kind: string, cat: string, confirmed: 0 | 1, active: 0 | 1 = 1) => {
    const py = pinyinKeys(name);
    return Number(
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category, ` +
            `drug_class, pinyin_initials, pinyin_full, invoice_confirmed, active, created_at, updated_at)
           VALUES (?, ?, ?, '次', '次', 1, 500, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          code,
          kind,
          name,
          cat,
          kind === 'drug' ? 'western' : null,
          py.initials,
          py.full,
          confirmed,
          active,
          now,
          now,
        ).lastInsertRowid,
    );
  };
  const snapshot = () =>
    JSON.stringify(
      ['catalog_items', 'audit_log', 'event_log', 'bills', 'bill_lines', 'payments', 'orders'].map((tb) =>
        raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );
  const count = (sqlWhere: string) =>
    (raw.prepare(`SELECT count(*) AS n FROM catalog_items WHERE active = 1 AND ${sqlWhere}`).get() as { n: number }).n;

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    cashier = await userViaApi(ts, admin, ['registrar']);
    keeper = await userViaApi(ts, admin, ['storekeeper']);
    w = seedWorld(raw, now);
    guard = item('FW001', '保安费', 'service', '14', 0);
    glucose = item('YP901', '葡萄糖注射液', 'drug', '09', 0);
    item('YP902', '停用的药', 'drug', '09', 0, 0);
    expect(
      (
        await admin.post('/api/billing/invoice-books', {
          cashierUserId: cashier.userId,
          prefix: 'F',
          startNo: 1,
          endNo: 100,
        })
      ).status,
    ).to.equal(201);
  });
  after(async () => ts.stop());

  it('lists the 14 national categories with active items and unconfirmed counts', async () => {
    const r = await admin.get('/api/invoice-mapping/categories');
    expect(r.status).to.equal(200);
    expect(r.body.items.map((c: any) => c.code)).to.deep.equal([
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
      '13',
      '14',
    ]);
    const c09 = r.body.items.find((c: any) => c.code === '09');
    expect(c09).to.deep.equal({
      code: '09',
      name: '西药费',
      nameEn: 'Western medicine',
      items: count(`charge_category = '09'`),
      unconfirmed: 1,
    });
    expect(r.body.items.find((c: any) => c.code === '14')).to.include({ name: '其他费', unconfirmed: 1 });
    expect(r.body.items.find((c: any) => c.code === '06')).to.include({
      items: count(`charge_category = '06'`),
      unconfirmed: 0,
    });
  });

  it(
    'lists a category’s items, unconfirmed first; searches any category by code, name or pinyin ' + 'initials',
    async () => {
      const r = await admin.get('/api/invoice-mapping/items?category=09');
      expect(r.status).to.equal(200);
      expect(r.body.items[0]).to.deep.equal({
        id: glucose,
        code: 'YP901',
        name: '葡萄糖注射液',
        spec: null,
        kind: 'drug',
        chargeCategory: '09',
        invoiceConfirmed: false,
        version: 1,
      });
      expect(r.body.items.slice(1).every((i: any) => i.invoiceConfirmed && i.chargeCategory === '09')).to.equal(true);
      expect(r.body.items.map((i: any) => i.name)).to.not.include('停用的药');
      expect(r.body.total).to.equal(r.body.items.length);
      const py = await admin.get('/api/invoice-mapping/items?q=baf');
      expect(py.body.items.map((i: any) => i.id)).to.deep.equal([guard]);
      expect((await admin.get('/api/invoice-mapping/items?q=FW00')).body.items.map((i: any) => i.id)).to.deep.equal([
        guard,
      ]);
      expect((await admin.get('/api/invoice-mapping/items?q=保安')).body.items.map((i: any) => i.id)).to.deep.equal([
        guard,
      ]);
      const red = await admin.get('/api/invoice-mapping/items?unconfirmed=true');
      expect(red.body.items.map((i: any) => i.id).sort()).to.deep.equal([guard, glucose].sort());
      const bad = await admin.get('/api/invoice-mapping/items?category=15');
      expect(bad.status).to.equal(422);
      expect(bad.body.error.field).to.equal('category');
    },
  );

  it('charging refuses an order whose item has no saved invoice category, naming it; nothing written', async () => {
    const o = signedOrder(
      raw,
      w,
      now,
      [
        { itemId: w.serviceId, quantity: 1 },
        { itemId: guard, quantity: 1 },
      ],
      'service',
    );
    const before = snapshot();
    const r = await cashier.client.post(
      '/api/billing/charges',
      { patientId: w.patientId, orderIds: [o.orderId], payer: 'cash', payments: [{ method: 'cash', amountFen: 2500 }] },
      key(),
    );
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('orderIds');
    expect(r.body.error.message).to.contain('"保安费"');
    cashier.client.lang = 'zh';
    const zh = await cashier.client.post(
      '/api/billing/charges',
      { patientId: w.patientId, orderIds: [o.orderId], payer: 'cash', payments: [{ method: 'cash', amountFen: 2500 }] },
      key(),
    );
    cashier.client.lang = 'en';
    expect(zh.body.error.message).to.equal('收费项目“保安费”尚未做发票归类,请管理员在“发票归类”中保存后再收费');
    expect(snapshot()).to.equal(before);
  });

  it(
    'saving moves and confirms items in one go: audited per item, versions bumped, ' +
      'catalog:changed to admin and store/pharmacy rooms',
    async () => {
      const adminRoom = await RoomListener.open(ts, admin.cookie);
      const pharmacyRoom = await RoomListener.open(ts, keeper.client.cookie, [`pharmacy:${w.pharmacyId}`]);
      // The manual: find 保安费 by its initials and save it into the chosen category (here 05 治疗费 for the test).
      const r = await admin.post('/api/invoice-mapping/save', { category: '05', itemIds: [guard, w.serviceId] });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.category).to.equal('05');
      expect(r.body.changed).to.equal(2);
      expect(
        r.body.items.map((i: any) => [i.id, i.chargeCategory, i.invoiceConfirmed, i.version]).sort(),
      ).to.deep.equal(
        [
          [guard, '05', true, 2],
          [w.serviceId, '05', true, 2],
        ].sort(),
      );
      const a = auditRows(ts, 'catalog_item.invoice_category', guard);
      expect(a).to.have.length(1);
      expect(a[0]!.summary.changes).to.deep.equal({
        chargeCategory: { before: '14', after: '05' },
        invoiceConfirmed: { before: false, after: true },
      });
      expect(auditRows(ts, 'catalog_item.invoice_category', w.serviceId)).to.have.length(1);
      const e = await adminRoom.waitFor('catalog:changed', { action: 'updated' });
      expect((e.payload as any).ids).to.have.members([guard, w.serviceId]);
      await pharmacyRoom.waitFor('catalog:changed', { action: 'updated' });
      adminRoom.close();
      pharmacyRoom.close();
      // Saving again changes nothing: no audit, no version bump.
      const again = await admin.post('/api/invoice-mapping/save', { category: '05', itemIds: [guard] });
      expect(again.body.changed).to.equal(0);
      expect(again.body.items[0].version).to.equal(2);
      expect(auditRows(ts, 'catalog_item.invoice_category', guard)).to.have.length(1);
      const cats = (await admin.get('/api/invoice-mapping/categories')).body.items;
      expect(cats.find((c: any) => c.code === '14').unconfirmed).to.equal(0);
    },
  );

  it('the charge then goes through, under the saved category', async () => {
    const unpaid = (await cashier.client.get(`/api/billing/patients/${w.patientId}/unpaid`)).body;
    expect(unpaid.categories.map((c: any) => c.code)).to.deep.equal(['05']);
    const orderIds = unpaid.orders.map((o: any) => o.orderId);
    const r = await cashier.client.post(
      '/api/billing/charges',
      { patientId: w.patientId, orderIds, payer: 'cash', payments: [{ method: 'cash', amountFen: unpaid.totalFen }] },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const lines = raw.prepare(`SELECT charge_category FROM bill_lines WHERE bill_id = ?`).all(r.body.billId) as {
      charge_category: string;
    }[];
    expect(lines.map((l) => l.charge_category)).to.deep.equal(['05', '05']);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = snapshot();
    const cases: [unknown, string][] = [
      [{ category: '15', itemIds: [glucose] }, 'category'],
      [{ category: '', itemIds: [glucose] }, 'category'],
      [{ itemIds: [glucose] }, 'category'],
      [{ category: '09', itemIds: [] }, 'itemIds'],
      [{ category: '09' }, 'itemIds'],
      [{ category: '09', itemIds: [glucose, glucose] }, 'itemIds'],
      [{ category: '09', itemIds: [glucose, 999999] }, 'itemIds'],
      [{ category: '09', itemIds: [1.5] }, 'itemIds.0'],
      [{ category: '09', itemIds: [glucose], extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/invoice-mapping/save', body);
      expect(r.status, JSON.stringify(body)).to.equal(422);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    const unknown = await admin.post('/api/invoice-mapping/save', { category: '09', itemIds: [glucose, 999999] });
    expect(unknown.body.error.message).to.contain('999999');
    expect(snapshot()).to.equal(before);
  });

  it('only dictionaries.manage reads or saves (403 names the permission)', async () => {
    const before = snapshot();
    for (const r of [
      await cashier.client.get('/api/invoice-mapping/categories'),
      await cashier.client.get('/api/invoice-mapping/items?category=09'),
      await cashier.client.post('/api/invoice-mapping/save', { category: '09', itemIds: [glucose] }),
    ]) {
      expect(r.status).to.equal(403);
      expect(r.body.error.message).to.contain('dictionaries.manage');
    }
    expect(snapshot()).to.equal(before);
    expect((await keeper.client.get('/api/invoice-mapping/categories')).status).to.equal(200);
  });

  it('a new order takes the item’s current (saved) category', async () => {
    const f = await seedDoctorWorld(ts, admin);
    expect(
      (await admin.post('/api/invoice-mapping/save', { category: '03', itemIds: [f.items.CBC!] })).status,
    ).to.equal(200);
    const visit = await openVisit(f.doctor.client, f.clinicId, f.patientId);
    const svc = await f.doctor.client.post(
      '/api/orders',
      { visitId: visit.id, kind: 'service', lines: [{ itemId: f.items.CBC }] },
      orderKey(),
    );
    expect(svc.status, JSON.stringify(svc.body)).to.equal(201);
    expect(svc.body.lines[0].chargeCategory).to.equal('03');
  });
});
