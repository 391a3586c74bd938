// An item with history (a lot, a stock document line, an order line) keeps its kind, smallest
// unit, pack size and drug class: reports and documents value and group its stock with them.
// The form API refuses such a change with 409 item_has_history naming the field, the Excel
// import reports it on the row and column; prices and the other fields stay editable. Every
// refusal writes nothing.
import crypto from 'node:crypto';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { auditRows } from '../../../test/helpers/admin.js';
import { seedStockWorld, stockUser, type StockWorld } from '../../../test/helpers/inventory.js';
import { seedLot, seedOrder } from '../../../test/helpers/pharmacy.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';
import { XLSX_TYPE, type Cell } from '../../lib/xlsx.js';
import { HEADERS } from './columns.js';

const DRUG = {
  kind: 'drug',
  unit: '粒',
  packUnit: '盒',
  packSize: 24,
  priceFen: 1250,
  purchasePriceFen: 1000,
  drugClass: 'western',
};

describe('catalog items with history', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: ApiClient;
  let w: StockWorld;
  const ids: Record<string, number> = {};

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    admin = await adminClient(ts);
    w = await seedStockWorld(ts);
    for (const [code, name] of [
      ['H-LOT', '阿莫西林胶囊'],
      ['H-DOC', '头孢氨苄胶囊'],
      ['H-ORD', '布洛芬缓释胶囊'],
      ['H-NONE', '罗红霉素胶囊'],
    ] as const) {
      const r = await admin.post('/api/catalog/admin/items', { ...DRUG, code, name });
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      ids[code] = r.body.id;
    }
    // A lot at the store, a draft receipt line, a draft prescription line.
    await seedLot(ts, { itemId: ids['H-LOT']!, locationId: w.storeId, lotNo: 'L1', expiry: '2028-01-31', qty: 48 });
    const { client: clerk } = await stockUser(ts, ['storekeeper'], w.storeId);
    const doc = await clerk.post(
      '/api/stock/docs',
      {
        type: 'receipt',
        locationId: w.storeId,
        supplierId: w.supplierId,
        supplierInvoiceNo: 'FP-1',
        lines: [{ itemId: ids['H-DOC'], lotNo: 'L2', expiryDate: '2028-06-30', purchasePriceFen: 1000, quantity: 24 }],
      },
      { 'idempotency-key': crypto.randomUUID() },
    );
    if (doc.status !== 201) throw new Error(JSON.stringify(doc.body));
    await seedOrder(ts, w, [{ itemId: ids['H-ORD']!, quantity: 12 }], { status: 'draft' });
  });
  after(async () => ts?.stop());

  const snapshot = () => {
    const raw = ts.server.open.raw;
    return JSON.stringify(
      ['catalog_items', 'audit_log', 'event_log', 'idempotency_keys'].map((tb) =>
        raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );
  };
  const editable = async (id: number) => {
    const {
      id: _i,
      onHand: _o,
      invoiceConfirmed: _c,
      pinyinFull: _f,
      hasHistory: _h,
      hasStock: _s,
      ...v
    } = (await admin.get(`/api/catalog/admin/items/${id}`)).body;
    void [_i, _o, _c, _f, _h, _s];
    return v as Record<string, unknown>;
  };

  it('tells maintenance which items have history (list and one item)', async () => {
    const list = await admin.get('/api/catalog/admin/items?q=H-');
    expect(list.status, JSON.stringify(list.body)).to.equal(200);
    const flags = Object.fromEntries(
      (list.body.items as Array<{ code: string; hasHistory: boolean }>).map((i) => [i.code, i.hasHistory]),
    );
    expect(flags).to.deep.equal({ 'H-DOC': true, 'H-LOT': true, 'H-NONE': false, 'H-ORD': true });
    expect((await admin.get(`/api/catalog/admin/items/${ids['H-LOT']}`)).body.hasHistory).to.equal(true);
  });

  it(
    'refuses a change of kind, smallest unit, pack size or drug class with 409 item_has_history ' +
      'naming the field; nothing written',
    async () => {
      const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
        [
          'H-LOT',
          { packSize: 10 },
          'packSize',
          /pack size cannot be changed\. Create a new item and deactivate the old one/,
        ],
        ['H-LOT', { unit: '片' }, 'unit', /smallest unit/],
        ['H-DOC', { drugClass: 'patent' }, 'drugClass', /drug class/],
        ['H-DOC', { kind: 'material', drugClass: null, purchasePriceFen: 1000 }, 'kind', /kind/],
        ['H-ORD', { packSize: 12 }, 'packSize', /pack size/],
      ];
      for (const [code, change, field, msg] of cases) {
        const v = await editable(ids[code]!);
        const before = snapshot();
        const r = await admin.put(`/api/catalog/admin/items/${ids[code]}`, { ...v, ...change });
        expect(r.status, `${code} ${JSON.stringify(change)}`).to.equal(409);
        expect(r.body.error).to.include({ code: 'item_has_history', field });
        expect(r.body.error.message).to.match(msg);
        expect(snapshot(), 'nothing written').to.equal(before);
      }
      admin.lang = 'zh';
      try {
        const r = await admin.put(`/api/catalog/admin/items/${ids['H-LOT']}`, {
          ...(await editable(ids['H-LOT']!)),
          packSize: 10,
        });
        expect(r.body.error.message).to.equal('该项目已有库存或单据记录,不能修改包装数量;请新建一个项目并停用旧项目');
      } finally {
        admin.lang = 'en';
      }
    },
  );

  it(
    'refuses a new retail price of an item with stock on hand (409 price_needs_adjustment: the ' +
      '调价 document does it); nothing written',
    async () => {
      const v = await editable(ids['H-LOT']!);
      const before = snapshot();
      const r = await admin.put(`/api/catalog/admin/items/${ids['H-LOT']}`, { ...v, priceFen: 1300 });
      expect(r.status, JSON.stringify(r.body)).to.equal(409);
      expect(r.body.error).to.include({ code: 'price_needs_adjustment', field: 'priceFen' });
      expect(r.body.error.message).to.match(/price adjustment document/);
      expect(snapshot(), 'nothing written').to.equal(before);
    },
  );

  it(
    'still allows prices and the other fields of an item with history, and every field of an ' + 'item without',
    async () => {
      // An item with stock keeps its retail price, but its reference purchase price and the rest are editable.
      const lot = await admin.put(`/api/catalog/admin/items/${ids['H-LOT']}`, {
        ...(await editable(ids['H-LOT']!)),
        purchasePriceFen: 1100,
        spec: '0.25g×24粒',
        reorderLevel: 96,
      });
      expect(lot.status, JSON.stringify(lot.body)).to.equal(200);
      expect(lot.body).to.include({ priceFen: 1250, purchasePriceFen: 1100, packSize: 24, hasHistory: true });
      expect(auditRows(ts, 'catalog.update', ids['H-LOT']).length).to.equal(1);
      // An item with history but no stock (a draft receipt line) takes a new retail price here.
      const v = await editable(ids['H-DOC']!);
      const r = await admin.put(`/api/catalog/admin/items/${ids['H-DOC']}`, {
        ...v,
        priceFen: 1300,
        purchasePriceFen: 1100,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ priceFen: 1300, purchasePriceFen: 1100, packSize: 24, hasHistory: true });
      const free = await admin.put(`/api/catalog/admin/items/${ids['H-NONE']}`, {
        ...(await editable(ids['H-NONE']!)),
        packSize: 10,
        unit: '片',
        drugClass: 'patent',
      });
      expect(free.status, JSON.stringify(free.body)).to.equal(200);
      expect(free.body).to.include({ packSize: 10, unit: '片', drugClass: 'patent', hasHistory: false });
    },
  );

  const upload = async (mode: string, rows: Array<Record<string, Cell>>) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导入');
    ws.addRow(HEADERS);
    for (const r of rows) ws.addRow(HEADERS.map((h) => (h in r ? r[h]! : null)));
    const res = await fetch(`${ts.url}/api/catalog/admin/import?mode=${mode}`, {
      method: 'POST',
      headers: {
        cookie: admin.cookie,
        'content-type': XLSX_TYPE,
        'idempotency-key': crypto.randomUUID(),
        'x-lang': 'en',
      },
      body: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const row = (code: string, over: Record<string, Cell> = {}): Record<string, Cell> => {
    const i = ts.server.open.raw.prepare('SELECT * FROM catalog_items WHERE code = ?').get(code) as Record<string, any>;
    return {
      编码: code,
      类别: '药品',
      通用名: i.name,
      规格: i.spec,
      最小单位: i.unit,
      包装单位: i.pack_unit,
      包装数量: i.pack_size,
      '零售价(元)': i.price_fen / 100,
      '进价(元)': i.purchase_price_fen / 100,
      药品分类: '西药',
      基本药物: '否',
      收费类别: '09',
      库存下限: i.reorder_level,
      拼音码: i.pinyin_initials,
      在用: '是',
      ...over,
    };
  };

  it(
    'the import reports such a change on its row and column; all writes nothing, good-rows ' + 'writes the other rows',
    async () => {
      const rows = [
        row('H-LOT', { 包装数量: 10 }), // 2
        row('H-DOC', { 最小单位: '片', 药品分类: '中成药' }), // 3
        row('H-ORD', { '零售价(元)': 9.9 }), // 4: a price: fine
        row('H-NONE', { 包装数量: 20 }), // 5: no history: fine
        row('H-ORD', { 编码: 'H-NEW', 通用名: '新药', 拼音码: null }), // 6: new
      ];
      const before = snapshot();
      const check = await upload('check', rows);
      expect(check.status, JSON.stringify(check.body)).to.equal(200);
      expect(check.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).to.deep.equal([
        [2, '包装数量'],
        [3, '最小单位'],
        [3, '药品分类'],
      ]);
      expect(check.body.errors[0].message).to.match(/pack size cannot be changed/);
      expect(check.body).to.include({ rows: 5, valid: 3, created: 1, updated: 2, imported: false });
      const all = await upload('all', rows);
      expect(all.status).to.equal(422);
      expect(all.body.error).to.include({ code: 'import_errors' });
      expect(all.body.error.message).to.equal('2 rows have errors; nothing was imported');
      expect(all.body.error.details.report.errors.length).to.equal(3);
      expect(snapshot(), 'check and all write nothing').to.equal(before);

      const good = await upload('good-rows', rows);
      expect(good.status, JSON.stringify(good.body)).to.equal(200);
      expect(good.body).to.include({ valid: 3, created: 1, updated: 2, imported: true });
      const item = (code: string) =>
        ts.server.open.raw
          .prepare('SELECT pack_size, unit, drug_class, price_fen FROM catalog_items WHERE code = ?')
          .get(code);
      expect(item('H-LOT')).to.deep.include({ pack_size: 24 });
      expect(item('H-DOC')).to.deep.include({ unit: '粒', drug_class: 'western' });
      expect(item('H-ORD')).to.deep.include({ price_fen: 990, pack_size: 24 });
      expect(item('H-NONE')).to.deep.include({ pack_size: 20 });
    },
  );

  it(
    'the import refuses a new retail price of an item with stock on its row and column, and ' + 'writes nothing',
    async () => {
      const before = snapshot();
      const check = await upload('check', [row('H-LOT', { '零售价(元)': 13 })]);
      expect(check.status, JSON.stringify(check.body)).to.equal(200);
      expect(check.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).to.deep.equal([
        [2, '零售价(元)'],
      ]);
      expect(check.body.errors[0].message).to.match(/price adjustment document/);
      const all = await upload('all', [row('H-LOT', { '零售价(元)': 13 })]);
      expect(all.status).to.equal(422);
      expect(snapshot(), 'nothing written').to.equal(before);
    },
  );
});
