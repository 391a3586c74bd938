// Stock reports through the API on a hand-made ledger whose every figure is known:
// two locations, a western drug in two lots (pack of 3, so values round), a material, moves
// on both sides of month edges at Shanghai midnight (UTC still the previous day).
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readXlsx, XLSX_TYPE } from '../../lib/xlsx.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import {
  ManualClock,
  adminClient,
  startTestServer,
  type ApiClient,
  type TestServer,
} from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { catalogItemRow } from '../../../test/helpers/inventory.js';

/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8). */
const sh = (y: number, m: number, d: number, h = 12, mi = 0) => Date.UTC(y, m - 1, d, h - 8, mi);
// Now: 2026-12-05 10:00 in Shanghai.
const NOW = sh(2026, 12, 5, 10);

interface World {
  storeId: number;
  pharmacyId: number;
  drugA: number;
  materialB: number;
  herbalC: number;
  lotA1: number;
  lotA2: number;
  lotB1: number;
  docId: number;
}

async function seed(ts: TestServer, userId: number): Promise<World> {
  return ts.server.modules.uow.write(async (tx) => {
    const now = tx.now;
    const dept = async (code: string, name: string, kind: 'store' | 'pharmacy') => {
      const py = pinyinKeys(name);
      return (
        await tx.db
          .insertInto('departments')
          .values({
            code,
            name,
            kind,
            phone: null,
            location: null,
            pinyin_initials: py.initials,
            pinyin_full: py.full,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const item = async (
      code: string,
      name: string,
      kind: 'drug' | 'material',
      drugClass: 'western' | 'herbal' | null,
      packSize: number,
      reorder = 0,
    ) => {
      return (
        await tx.db
          .insertInto('catalog_items')
          .values(
            catalogItemRow(now, {
              code,
              kind,
              name,
              spec: '规格',
              unit: kind === 'drug' ? '片' : '个',
              pack_unit: '盒',
              pack_size: packSize,
              price_fen: 500,
              charge_category: kind === 'drug' ? '09' : '08',
              drug_class: drugClass,
              reorder_level: reorder,
            }),
          )
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const storeId = await dept('YK1', '中心药库', 'store');
    const pharmacyId = await dept('YF1', '门诊药房甲', 'pharmacy');
    const drugA = await item('A001', '阿莫西林片', 'drug', 'western', 3, 40);
    const materialB = await item('B001', '一次性注射器', 'material', null, 1);
    const herbalC = await item('C001', '黄芪', 'drug', 'herbal', 1);
    const lot = async (itemId: number, locationId: number, lotNo: string, expiry: string, price: number, qty: number) =>
      (
        await tx.db
          .insertInto('stock_lots')
          .values({
            item_id: itemId,
            location_id: locationId,
            lot_no: lotNo,
            expiry_date: expiry,
            purchase_price_fen: price,
            qty_on_hand: qty,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // qty_on_hand = Σ moves below (checked at the end of the test).
    const lotA1 = await lot(drugA, storeId, 'A1', '2027-01-31', 100, 33);
    const lotA2 = await lot(drugA, storeId, 'A2', '2028-06-30', 250, 5);
    const lotB1 = await lot(materialB, storeId, 'B1', '2026-12-01', 50, 6);
    const lotA1P = await lot(drugA, pharmacyId, 'A1', '2027-01-31', 100, 5);
    const lotA0 = await lot(drugA, storeId, 'A0', '2026-12-31', 300, 0);
    const doc = await tx.db
      .insertInto('stock_docs')
      .values({
        doc_no: 'RK20261031001',
        type: 'receipt',
        status: 'posted',
        location_id: storeId,
        created_by: userId,
        created_at: now,
        posted_by: userId,
        posted_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const move = async (
      lotId: number,
      itemId: number,
      locationId: number,
      delta: number,
      reason: string,
      at: number,
      ref?: [string, number],
    ) =>
      tx.db
        .insertInto('stock_moves')
        .values({
          lot_id: lotId,
          item_id: itemId,
          location_id: locationId,
          qty_delta: delta,
          reason: reason as 'receipt',
          ref_type: ref?.[0] ?? null,
          ref_id: ref?.[1] ?? null,
          reverses_id: null,
          at,
          user_id: userId,
        })
        .execute();
    await move(lotA0, drugA, storeId, 5, 'receipt', sh(2026, 9, 1));
    await move(lotA0, drugA, storeId, -5, 'loss', sh(2026, 9, 20));
    await move(lotA1, drugA, storeId, 30, 'opening', sh(2026, 9, 15));
    await move(lotA1, drugA, storeId, 9, 'receipt', sh(2026, 10, 31, 23, 30), ['stock_doc', doc.id]);
    await move(lotB1, materialB, storeId, 10, 'receipt', sh(2026, 10, 5));
    await move(lotA1, drugA, storeId, -4, 'dispense', sh(2026, 11, 1, 0, 10)); // 2026-10-31 16:10 UTC
    await move(lotB1, materialB, storeId, -4, 'consumption', sh(2026, 11, 3));
    await move(lotA2, drugA, storeId, 7, 'receipt', sh(2026, 11, 10));
    await move(lotA1, drugA, storeId, -5, 'transfer_out', sh(2026, 11, 15));
    await move(lotA1P, drugA, pharmacyId, 5, 'transfer_in', sh(2026, 11, 15));
    await move(lotA2, drugA, storeId, -1, 'stocktake', sh(2026, 11, 20));
    await move(lotA1, drugA, storeId, 2, 'stocktake', sh(2026, 11, 20, 12, 1));
    await move(lotA2, drugA, storeId, -1, 'loss', sh(2026, 11, 30, 23, 59));
    await move(lotA1, drugA, storeId, 1, 'dispense_return', sh(2026, 12, 1, 0, 0)); // 2026-11-30 16:00 UTC
    return { storeId, pharmacyId, drugA, materialB, herbalC, lotA1, lotA2, lotB1, docId: doc.id };
  });
}

/** A report's Excel file read back (first sheet): header then rows. Chinese unless `lang` says otherwise. */
async function xlsx(c: ApiClient, path: string, lang?: 'en' | 'zh') {
  const res = await fetch(c.baseUrl + path, { headers: { cookie: c.cookie, ...(lang ? { 'x-lang': lang } : {}) } });
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.contain(XLSX_TYPE);
  const sheet = await readXlsx(Buffer.from(await res.arrayBuffer()), { maxRows: 10_000 });
  return [sheet.header, ...sheet.rows.map((r) => r.cells.map((c) => (c === null ? '' : c)))];
}

/** The sheet names of a report's Excel file. */
async function sheetNames(c: ApiClient, path: string, lang: 'en' | 'zh'): Promise<string[]> {
  const res = await fetch(c.baseUrl + path, { headers: { cookie: c.cookie, 'x-lang': lang } });
  expect(res.status).to.equal(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb.worksheets.map((ws) => ws.name);
}

const fen = (yuan: unknown) => Math.round(Number(yuan) * 100);

describe('stock reports', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let keeper: ApiClient;
  let w: World;

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(NOW) });
    const k = await makeUser(ts, ['storekeeper']);
    keeper = k.client;
    w = await seed(ts, k.userId);
  });
  after(async () => {
    await ts.stop();
  });

  it(
    'the monthly report balances per location and class in value and per item in quantity (never ' +
      'adding different units), with the month edges at Shanghai midnight',
    async () => {
      const r = await keeper.get(`/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-11`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      const row = (g: string) => r.body.items.find((x: { group: string }) => x.group === g);
      const v = (fen: number) => ({ valueFen: fen });
      expect(r.body.items.map((x: { group: string }) => x.group)).to.deep.equal([
        'western',
        'patent',
        'herbal',
        'material',
      ]);
      // Class rows carry values only: the items of a class are counted in different units.
      expect(row('western')).to.deep.include({
        opening: v(1300),
        receipts: v(650),
        issues: v(466),
        revaluation: v(0),
        closing: v(1484),
      });
      expect(row('material')).to.deep.include({ opening: v(500), receipts: v(0), issues: v(200), closing: v(300) });
      expect(row('patent').closing).to.deep.equal(v(0));
      expect(r.body.totals).to.deep.equal({
        opening: v(1800),
        receipts: v(650),
        issues: v(666),
        revaluation: v(0),
        closing: v(1784),
      });
      for (const x of [...r.body.items, r.body.totals]) {
        expect(x.opening).to.not.have.property('qty');
        expect(x.opening.valueFen + x.receipts.valueFen - x.issues.valueFen + x.revaluation.valueFen).to.equal(
          x.closing.valueFen,
        );
      }
      // Quantities per item, in the item's own unit.
      const itemA = r.body.itemRows.find((x: { itemId: number }) => x.itemId === w.drugA);
      expect(itemA).to.deep.include({
        group: 'western',
        opening: { qty: 39, valueFen: 1300 },
        receipts: { qty: 9, valueFen: 650 },
        issues: { qty: 11, valueFen: 466 },
        closing: { qty: 37, valueFen: 1484 },
      });
      expect(itemA.unit).to.be.a('string');
      const itemB = r.body.itemRows.find((x: { itemId: number }) => x.itemId === w.materialB);
      expect(itemB).to.deep.include({
        group: 'material',
        opening: { qty: 10, valueFen: 500 },
        issues: { qty: 4, valueFen: 200 },
        closing: { qty: 6, valueFen: 300 },
      });
      for (const x of r.body.itemRows) expect(x.opening.qty + x.receipts.qty - x.issues.qty).to.equal(x.closing.qty);

      // October (opening summed from the moves before, the other branch): the 23:30 receipt is in, the 00:10 dispensing
      // is not.
      const oct = await keeper.get(`/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-10`);
      const o = (g: string) => oct.body.items.find((x: { group: string }) => x.group === g);
      expect(o('western')).to.deep.include({ opening: v(1000), receipts: v(300), issues: v(0), closing: v(1300) });
      expect(o('material')).to.deep.include({ opening: v(0), receipts: v(500), closing: v(500) });
      expect(oct.body.itemRows.find((x: { itemId: number }) => x.itemId === w.drugA)).to.deep.include({
        opening: { qty: 30, valueFen: 1000 },
        receipts: { qty: 9, valueFen: 300 },
        closing: { qty: 39, valueFen: 1300 },
      });
      // September: a lot received and written off within the month (empty since: left out of later months).
      const sep = await keeper.get(`/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-09`);
      expect(sep.body.items.find((x: { group: string }) => x.group === 'western')).to.deep.include({
        opening: v(0),
        receipts: v(1500),
        issues: v(500),
        closing: v(1000),
      });
      expect(sep.body.itemRows.find((x: { itemId: number }) => x.itemId === w.drugA)).to.deep.include({
        receipts: { qty: 35, valueFen: 1500 },
        issues: { qty: 5, valueFen: 500 },
      });
      // December: opens where November closed; the 00:00 return is December's.
      const dec = await keeper.get(`/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-12`);
      expect(dec.body.totals.opening).to.deep.equal(v(1784));
      expect(dec.body.itemRows.reduce((n: number, x: { receipts: { qty: number } }) => n + x.receipts.qty, 0)).to.equal(
        1,
      );

      // Every location: the pharmacy's transfer in is its own row.
      const all = await keeper.get('/api/stock/reports/monthly?month=2026-11');
      const ph = all.body.items.find(
        (x: { locationId: number; group: string }) => x.locationId === w.pharmacyId && x.group === 'western',
      );
      expect(ph).to.deep.include({ opening: v(0), receipts: v(167), issues: v(0), closing: v(167) });

      // The Excel file holds the same numbers.
      const rows = await xlsx(keeper, `/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-11&format=xlsx`);
      const head = rows.findIndex((c) => c[0] === '库房');
      expect(rows[head]).to.deep.equal([
        '库房',
        '类别',
        '期初金额(元)',
        '入库金额(元)',
        '出库金额(元)',
        '调价金额(元)',
        '期末金额(元)',
      ]);
      const western = rows.find((c) => c[1] === '西药')!;
      expect([fen(western[2]), fen(western[3]), fen(western[4]), fen(western[5]), fen(western[6])]).to.deep.equal([
        1300, 650, 466, 0, 1484,
      ]);
      const total = rows.find((c) => c[0] === '合计')!;
      expect([fen(total[2]), fen(total[6])]).to.deep.equal([1800, 1784]);
      expect(
        await sheetNames(keeper, `/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-11&format=xlsx`, 'zh'),
      ).to.deep.equal(['月度进销存 2026-11', '品种明细 2026-11']);
      // In English: headers, classes and the totals row follow the request's language.
      const en = await xlsx(
        keeper,
        `/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-11&format=xlsx`,
        'en',
      );
      expect(en[0]).to.deep.equal([
        'Location',
        'Class',
        'Opening value (yuan)',
        'Receipts value (yuan)',
        'Issues value (yuan)',
        'Revaluation value (yuan)',
        'Closing value (yuan)',
      ]);
      expect(en.slice(1).map((c) => c[1])).to.deep.equal([
        'Western medicine',
        'Patent medicine',
        'Herbal pieces',
        'Medical supplies',
        '',
      ]);
      const enWestern = en.find((c) => c[1] === 'Western medicine')!;
      expect([fen(enWestern[2]), fen(enWestern[6])]).to.deep.equal([1300, 1484]);
      expect(en.at(-1)![0]).to.equal('Total');
      expect(JSON.stringify(en).replaceAll('中心药库', ''), 'no Chinese but the location name').to.not.match(
        /[\u4e00-\u9fff]/,
      );
    },
  );

  it(
    'the ledger of an item: opening + in − out = closing, in order, with reasons in words, ' +
      'document numbers and values to the fen',
    async () => {
      const r = await keeper.get(
        `/api/stock/reports/ledger?itemId=${w.drugA}&locationId=${w.storeId}&from=2026-11-01&to=2026-11-30`,
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.opening).to.deep.equal({ qty: 39, valueFen: 1300 });
      expect(
        r.body.items.map((m: { reason: string; qtyIn: number; qtyOut: number; balance: number }) => [
          m.reason,
          m.qtyIn,
          m.qtyOut,
          m.balance,
        ]),
      ).to.deep.equal([
        ['dispense', 0, 4, 35],
        ['receipt', 7, 0, 42],
        ['transfer_out', 0, 5, 37],
        ['stocktake', 0, 1, 36],
        ['stocktake', 2, 0, 38],
        ['loss', 0, 1, 37],
      ]);
      expect(r.body.totals).to.deep.equal({
        qtyIn: 9,
        qtyOut: 11,
        valueInFen: 650,
        valueOutFen: 466,
        revaluationFen: 0,
      });
      expect(r.body.closing).to.deep.equal({ qty: 37, valueFen: 1484 });

      keeper.lang = 'zh';
      const oct = await keeper.get(
        `/api/stock/reports/ledger?itemId=${w.drugA}&locationId=${w.storeId}&from=2026-10-01&to=2026-10-31`,
      );
      keeper.lang = 'en';
      expect(oct.body.opening).to.deep.equal({ qty: 30, valueFen: 1000 });
      expect(oct.body.items).to.have.length(1);
      expect(oct.body.items[0]).to.deep.include({
        reason: 'receipt',
        reasonText: '入库',
        docNo: 'RK20261031001',
        refType: 'stock_doc',
        refId: w.docId,
        qtyIn: 9,
        balance: 39,
      });
      expect(oct.body.closing).to.deep.equal({ qty: 39, valueFen: 1300 });

      // One day, the first of November in Shanghai: only the 00:10 dispensing.
      const day = await keeper.get(
        `/api/stock/reports/ledger?itemId=${w.drugA}&locationId=${w.storeId}&from=2026-11-01&to=2026-11-01`,
      );
      expect(day.body.items.map((m: { reason: string }) => m.reason)).to.deep.equal(['dispense']);
      expect(day.body.opening.qty - day.body.totals.qtyOut).to.equal(day.body.closing.qty);

      // Every location: the pharmacy's transfer in joins (same price: 5 × 100 / 3 = 166.67 → 167 fen).
      const all = await keeper.get(`/api/stock/reports/ledger?itemId=${w.drugA}&from=2026-11-01&to=2026-11-30`);
      expect(all.body.totals).to.deep.equal({
        qtyIn: 14,
        qtyOut: 11,
        valueInFen: 817,
        valueOutFen: 466,
        revaluationFen: 0,
      });
      expect(all.body.closing).to.deep.equal({ qty: 42, valueFen: 1651 });

      const rows = await xlsx(
        keeper,
        `/api/stock/reports/ledger?itemId=${w.drugA}&locationId=${w.storeId}&from=2026-11-01&to=2026-11-30&format=xlsx`,
      );
      const opening = rows.find((c) => c[2] === '期初结存')!;
      const totals = rows.find((c) => c[2] === '本期合计')!;
      const closing = rows.find((c) => c[2] === '期末结存')!;
      expect([opening[7], fen(opening[11])]).to.deep.equal([39, 1300]);
      expect([totals[5], totals[6], fen(totals[8]), fen(totals[9]), fen(totals[10])]).to.deep.equal([
        9, 11, 650, 466, 0,
      ]);
      expect([closing[7], fen(closing[11])]).to.deep.equal([37, 1484]);
      expect(rows.filter((c) => c[2] === '盘盈' || c[2] === '盘亏').map((c) => c[2])).to.deep.equal(['盘亏', '盘盈']);
      expect(rows.find((c) => c[2] === '发药')![0]).to.equal('2026-11-01 00:10');
      expect(rows[0]).to.deep.equal([
        '时间',
        '库房',
        '摘要',
        '单据号',
        '批号',
        '收入',
        '发出',
        '结存',
        '收入金额(元)',
        '发出金额(元)',
        '调价金额(元)',
        '结存金额(元)',
      ]);

      // In English: headers, the reasons in words and the summary lines; the figures are the same.
      const en = await xlsx(
        keeper,
        `/api/stock/reports/ledger?itemId=${w.drugA}&locationId=${w.storeId}&from=2026-11-01&to=2026-11-30&format=xlsx`,
        'en',
      );
      expect(en[0]).to.deep.equal([
        'Time',
        'Location',
        'Movement',
        'Document',
        'Lot',
        'In',
        'Out',
        'Balance',
        'In value (yuan)',
        'Out value (yuan)',
        'Revaluation (yuan)',
        'Balance value (yuan)',
      ]);
      expect(en.slice(1, -1).map((c) => c[2])).to.deep.equal([
        'Opening balance',
        'Dispensed',
        'Receipt',
        'Transfer out',
        'Stock-take loss',
        'Stock-take gain',
        'Loss',
        'Period total',
        'Closing balance',
      ]);
      const enClosing = en.find((c) => c[2] === 'Closing balance')!;
      expect([enClosing[7], fen(enClosing[11])]).to.deep.equal([37, 1484]);
      expect(String(en.at(-1)![0])).to.contain('2026-11-01 to 2026-11-30 · quantity unit: ');
      expect(
        await sheetNames(
          keeper,
          `/api/stock/reports/ledger?itemId=${w.drugA}&from=2026-11-01&to=2026-11-30&format=xlsx`,
          'en',
        ),
      ).to.deep.equal(['Ledger A001 20261101-20261130']);
    },
  );

  it(
    'stock on hand by location, item and lot with value, expired and near-expiry flags, filters ' + 'and totals',
    async () => {
      const r = await keeper.get(`/api/stock/reports/on-hand?locationId=${w.storeId}`);
      expect(r.status).to.equal(200);
      expect(
        r.body.items.map(
          (l: { lotNo: string; qty: number; valueFen: number; expired: boolean; nearExpiry: boolean }) => [
            l.lotNo,
            l.qty,
            l.valueFen,
            l.expired,
            l.nearExpiry,
          ],
        ),
      ).to.deep.equal([
        ['A1', 33, 1100, false, true],
        ['A2', 5, 417, false, false],
        ['B1', 6, 300, true, false],
      ]);
      expect(r.body.totals).to.deep.equal({ qty: 44, valueFen: 1817 });
      const usable = await keeper.get(`/api/stock/reports/on-hand?locationId=${w.storeId}&includeExpired=false`);
      expect(usable.body.totals).to.deep.equal({ qty: 38, valueFen: 1517 });
      const byPinyin = await keeper.get(`/api/stock/reports/on-hand?q=amxl`);
      expect(
        byPinyin.body.items.map((l: { locationId: number; lotNo: string }) => [l.locationId, l.lotNo]),
      ).to.have.deep.members([
        [w.storeId, 'A1'],
        [w.storeId, 'A2'],
        [w.pharmacyId, 'A1'],
      ]);
      const materials = await keeper.get(`/api/stock/reports/on-hand?kind=material`);
      expect(materials.body.items.map((l: { itemId: number }) => l.itemId)).to.deep.equal([w.materialB]);
      const rows = await xlsx(keeper, `/api/stock/reports/on-hand?locationId=${w.storeId}&format=xlsx`);
      const total = rows.find((c) => c[0] === '合计')!;
      expect([total[7], fen(total[9])]).to.deep.equal([44, 1817]);
      expect(rows.find((c) => c[5] === 'B1')![10]).to.equal('已过期');
      expect(rows.find((c) => c[5] === 'A1')![10]).to.equal('近效期');
      const en = await xlsx(keeper, `/api/stock/reports/on-hand?locationId=${w.storeId}&format=xlsx`, 'en');
      expect(en[0]).to.deep.equal([
        'Location',
        'Code',
        'Name',
        'Spec',
        'Unit',
        'Lot',
        'Expiry',
        'Quantity',
        'Purchase price (yuan/pack)',
        'Value (yuan)',
        'Status',
      ]);
      expect(en.slice(1).map((c) => [c[0] === 'Total' ? 'Total' : c[5], c[10]])).to.deep.equal([
        ['A1', 'Near expiry'],
        ['A2', ''],
        ['B1', 'Expired'],
        ['Total', ''],
      ]);
      expect(await sheetNames(keeper, `/api/stock/reports/on-hand?format=xlsx`, 'en')).to.deep.equal([
        'On hand all 2026-12-05',
      ]);

      // A row limit: the first lots only, flagged, while the totals and the count still cover every lot.
      const two = await keeper.get(`/api/stock/reports/on-hand?locationId=${w.storeId}&limit=2`);
      expect(two.status).to.equal(200);
      expect(two.body.items.map((l: { lotNo: string }) => l.lotNo)).to.deep.equal(['A1', 'A2']);
      expect([two.body.truncated, two.body.lotCount, two.body.totals]).to.deep.equal([
        true,
        3,
        { qty: 44, valueFen: 1817 },
      ]);
      expect([r.body.truncated, r.body.lotCount]).to.deep.equal([false, 3]);
      // The Excel file is not cut by the page's limit.
      const all = await xlsx(keeper, `/api/stock/reports/on-hand?locationId=${w.storeId}&limit=2&format=xlsx`);
      expect(all.slice(1).map((c) => c[5])).to.deep.equal(['A1', 'A2', 'B1', '']);
      // Every lot's balance is the sum of its moves (the seed kept them equal).
      const breaks = ts.server.open.raw
        .prepare(
          'SELECT l.id FROM stock_lots l WHERE l.qty_on_hand <> (SELECT coalesce(sum(qty_delta), 0) FROM ' +
            'stock_moves m WHERE m.lot_id = l.id)',
        )
        .all();
      expect(breaks).to.deep.equal([]);
    },
  );

  it(
    'alerts: near expiry by the institution setting, expired lots with stock, items below their ' + 'reorder level',
    async () => {
      const r = await keeper.get(`/api/stock/alerts?locationId=${w.storeId}`);
      expect(r.status).to.equal(200);
      expect(r.body.nearExpiryDays).to.equal(90);
      expect(r.body.nearExpiry.map((l: { lotNo: string }) => l.lotNo)).to.deep.equal(['A1']);
      expect(r.body.expired.map((l: { lotNo: string; qty: number }) => [l.lotNo, l.qty])).to.deep.equal([['B1', 6]]);
      // A: 38 on hand at the store, reorder level 40.
      expect(
        r.body.belowReorder.map((b: { itemId: number; onHand: number; reorderLevel: number }) => [
          b.itemId,
          b.onHand,
          b.reorderLevel,
        ]),
      ).to.deep.equal([[w.drugA, 38, 40]]);
      // The Excel file: the first sheet is the expired lots.
      const rows = await xlsx(keeper, `/api/stock/alerts?locationId=${w.storeId}&format=xlsx`);
      expect(rows[0]!.slice(0, 6)).to.deep.equal(['库房', '编码', '名称', '规格', '批号', '效期']);
      expect(rows.slice(1).map((c) => [c[4], c[6], fen(c[8])])).to.deep.equal([['B1', 6, 300]]);
      expect(await sheetNames(keeper, `/api/stock/alerts?locationId=${w.storeId}&format=xlsx`, 'zh')).to.deep.equal([
        '已过期 2026-12-05',
        '近效期 90天内',
        '低于库存下限',
      ]);
      expect(await sheetNames(keeper, `/api/stock/alerts?locationId=${w.storeId}&format=xlsx`, 'en')).to.deep.equal([
        'Expired 2026-12-05',
        'Near expiry 90 days',
        'Below reorder level',
      ]);
      expect((await xlsx(keeper, `/api/stock/alerts?locationId=${w.storeId}&format=xlsx`, 'en'))[0]).to.deep.equal([
        'Location',
        'Code',
        'Name',
        'Spec',
        'Lot',
        'Expiry',
        'Quantity',
        'Unit',
        'Value (yuan)',
      ]);

      // Near expiry follows the setting: 30 days from 2026-12-05 ends before A1's 2027-01-31.
      const a = await adminClient(ts);
      const s = await a.get('/api/settings/institution');
      const put = await a.put('/api/settings/institution', {
        ...s.body,
        name: '测试卫生院',
        code: 'T01',
        inventory: { nearExpiryDays: 30 },
      });
      expect(put.status, JSON.stringify(put.body)).to.equal(200);
      const r30 = await keeper.get(`/api/stock/alerts?locationId=${w.storeId}`);
      expect(r30.body.nearExpiryDays).to.equal(30);
      expect(r30.body.nearExpiry).to.deep.equal([]);
      const put2 = await a.put('/api/settings/institution', { ...put.body, inventory: { nearExpiryDays: 90 } });
      expect(put2.status).to.equal(200);
    },
  );

  it("today: the institution's business day in its time zone, for the pages' default dates", async () => {
    const r = await keeper.get('/api/stock/reports/today');
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({
      today: '2026-12-05',
      month: '2026-12',
      timeZone: 'Asia/Shanghai',
      shortShelfLifeMonths: 6,
    });
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Shanghai (a browser in UTC would still say December).
    const clock = ts.clock as ManualClock;
    clock.set(Date.UTC(2026, 11, 31, 20, 0));
    try {
      // A user signed in at that time (the keeper's session would be idle for weeks).
      const later = (await makeUser(ts, ['storekeeper'])).client;
      expect((await later.get('/api/stock/reports/today')).body).to.deep.include({
        today: '2027-01-01',
        month: '2027-01',
      });
    } finally {
      clock.set(NOW);
    }
  });

  it('refuses bad input naming the field, and readers without inventory.read', async () => {
    const bad = async (path: string, field: string) => {
      const r = await keeper.get(path);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).to.equal(422);
      expect(r.body.error.field, path).to.equal(field);
    };
    await bad(`/api/stock/reports/monthly?locationId=${w.storeId}&month=2026-13`, 'month');
    await bad(`/api/stock/reports/monthly?month=26-11`, 'month');
    await bad(`/api/stock/reports/ledger?itemId=${w.drugA}&from=2026-11-30&to=2026-11-01`, 'to');
    await bad(`/api/stock/reports/ledger?itemId=999999&from=2026-11-01&to=2026-11-30`, 'itemId');
    await bad(`/api/stock/reports/ledger?itemId=${w.drugA}&from=2026-02-30&to=2026-03-01`, 'from');
    await bad(`/api/stock/reports/on-hand?locationId=999999`, 'locationId');
    await bad(`/api/stock/reports/on-hand?format=pdf`, 'format');
    await bad(`/api/stock/reports/on-hand?colour=red`, 'colour');
    await bad(`/api/stock/reports/on-hand?limit=0`, 'limit');
    await bad(`/api/stock/reports/on-hand?limit=1001`, 'limit');
    // A ledger period is at most three years: 2023-11-01 … 2026-10-31 is, one more day is not.
    const three = await keeper.get(`/api/stock/reports/ledger?itemId=${w.drugA}&from=2023-11-01&to=2026-10-31`);
    expect(three.status, JSON.stringify(three.body)).to.equal(200);
    expect(three.body.closing).to.deep.equal({ qty: 39, valueFen: 1300 }); // October's close
    await bad(`/api/stock/reports/ledger?itemId=${w.drugA}&from=2023-11-01&to=2026-11-01`, 'to');
    const long = await keeper.get(`/api/stock/reports/ledger?itemId=${w.drugA}&from=2016-01-01&to=2026-11-30`);
    expect(long.body.error.message).to.equal(
      'A ledger period is at most 3 years: the end date must be before 2019-01-01',
    );
    const nurse = (await makeUser(ts, ['nurse'])).client;
    for (const p of [
      '/api/stock/reports/today',
      '/api/stock/reports/on-hand',
      `/api/stock/reports/monthly?month=2026-11`,
      '/api/stock/alerts',
      `/api/stock/reports/ledger?itemId=${w.drugA}&from=2026-11-01&to=2026-11-30`,
    ]) {
      expect((await nurse.get(p)).status, p).to.equal(403);
    }
  });
});
