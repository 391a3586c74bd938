// Issue 9 items 14 and 15 through the API: the price adjustment (调价) document (zero-markup
// dead end, revaluation of every lot with stock, future effective time, reversal while
// waiting), lots at other purchase prices where the center allows, the short shelf-life
// confirmation at posting, manufacturer and approval number on receipts, and the blind count.
// Every refusal leaves everything as it was.
import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import {
  seedItem,
  seedStockWorld,
  stockSnapshot,
  stockUser,
  type StockWorld,
} from '../../../test/helpers/inventory.js';
import { ledgerBreaks, seedLot } from '../../../test/helpers/pharmacy.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { lineAmountFen } from '../../../core/money.js';
import { applyDuePriceAdjustments, startPriceAdjustmentJob } from './price-adjustment.js';

let keyNo = 0;
const key = () => `price-test-${process.pid}-${++keyNo}`;
const MIN = 60_000;

describe('price adjustment (调价) and store details', () => {
  let ts: TestServer;
  let w: StockWorld;
  let keeper: ApiClient; // storekeeper: draft + post
  let clerk: ApiClient; // store clerk: draft only
  let admin: ApiClient;
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)); // 2026-11-26 09:00 Shanghai

  const create = (c: ApiClient, body: unknown) => c.post('/api/stock/docs', body, { 'idempotency-key': key() });
  const post = (c: ApiClient, id: number, version: number, extra: Record<string, unknown> = {}) =>
    c.post(`/api/stock/docs/${id}/post`, { version, ...extra }, { 'idempotency-key': key() });
  const raw = () => ts.server.open.raw;
  const priceOf = (item: number) =>
    raw().prepare('SELECT price_fen, purchase_price_fen FROM catalog_items WHERE id = ?').get(item) as {
      price_fen: number;
      purchase_price_fen: number | null;
    };
  const lotsOf = (item: number) =>
    raw()
      .prepare(
        'SELECT id, location_id, lot_no, qty_on_hand, purchase_price_fen, manufacturer, approval_no FROM ' +
          'stock_lots WHERE item_id = ? ORDER BY id',
      )
      .all(item) as Array<{
      id: number;
      location_id: number;
      lot_no: string;
      qty_on_hand: number;
      purchase_price_fen: number;
      manufacturer: string | null;
      approval_no: string | null;
    }>;
  const revaluationsOf = (docId: number) =>
    raw()
      .prepare(
        'SELECT lot_id, location_id, qty, old_price_fen, new_price_fen, amount_fen FROM stock_revaluations ' +
          'WHERE doc_id = ? ORDER BY lot_id',
      )
      .all(docId) as Array<{
      lot_id: number;
      location_id: number;
      qty: number;
      old_price_fen: number;
      new_price_fen: number;
      amount_fen: number;
    }>;
  /** Everything a refused request must leave alone (the stock tables, prices, revaluations). */
  const snapshot = () =>
    stockSnapshot(ts) +
    JSON.stringify([
      raw().prepare('SELECT id, price_fen, purchase_price_fen, version FROM catalog_items ORDER BY id').all(),
      raw().prepare('SELECT * FROM stock_revaluations ORDER BY id').all(),
      raw().prepare('SELECT * FROM price_adjustment_applied ORDER BY doc_id').all(),
    ]);
  const adjBody = (lines: unknown[], over: Record<string, unknown> = {}) => ({
    type: 'price_adjustment',
    locationId: w.storeId,
    lines,
    ...over,
  });
  const receiptBody = (itemId: number, line: Record<string, unknown> = {}) => ({
    type: 'receipt',
    locationId: w.storeId,
    supplierId: w.supplierId,
    supplierInvoiceNo: 'FP-9',
    lines: [{ itemId, lotNo: 'L-1', expiryDate: '2028-06-30', purchasePriceFen: 1200, quantity: 240, ...line }],
  });
  async function setInventorySettings(v: Record<string, unknown>): Promise<void> {
    const cur = await admin.get('/api/settings/institution');
    const body = {
      ...cur.body,
      name: cur.body.name || '测试卫生院',
      code: cur.body.code || 'H1',
      inventory: { ...cur.body.inventory, ...v },
    };
    const r = await admin.put('/api/settings/institution', body);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  }
  /** Expects a 4xx naming `field`, and nothing changed. */
  async function refused(
    run: () => Promise<{ status: number; body: { error?: { code: string; field?: string; message: string } } }>,
    status: number,
    field: string,
    code?: string,
  ) {
    const before = snapshot();
    const r = await run();
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    expect(r.body.error!.field, JSON.stringify(r.body)).to.equal(field);
    if (code) expect(r.body.error!.code).to.equal(code);
    expect(r.body.error!.message).to.match(/[\u4e00-\u9fff]/); // a sentence in the user's language (Chinese by default)
    expect(snapshot(), `nothing changed after ${field}`).to.equal(before);
    return r;
  }

  before(async () => {
    ts = await startTestServer({ clock });
    w = await seedStockWorld(ts);
    keeper = (await makeUser(ts, ['storekeeper'])).client;
    clerk = (await stockUser(ts, ['store-clerk'], w.storeId)).client;
    admin = await adminClient(ts);
    keeper.lang = 'zh';
    clerk.lang = 'zh';
  });
  after(async () => {
    await ts.stop();
  });
  afterEach(() => {
    expect(ledgerBreaks(ts), 'every lot equals the sum of its stock moves').to.deep.equal([]);
  });

  it(
    'the zero-markup dead end: a receipt at a new price is refused; a 调价 drafted by a clerk ' +
      'and posted by a storekeeper changes the retail price, revalues every lot with stock, and the receipt then ' +
      'passes',
    async () => {
      const item = await seedItem(ts, { name: '零差率硝苯地平', essential: true, priceFen: 1200, packSize: 24 });
      await ts.server.modules.uow.write(async (tx) => {
        await tx.db.updateTable('catalog_items').set({ purchase_price_fen: 1200 }).where('id', '=', item).execute();
      });
      const storeLot = await seedLot(ts, {
        itemId: item,
        locationId: w.storeId,
        lotNo: 'S1',
        expiry: '2028-01-31',
        qty: 50,
      });
      const phLot = await seedLot(ts, {
        itemId: item,
        locationId: w.pharmacyId,
        lotNo: 'P1',
        expiry: '2028-01-31',
        qty: 7,
      });
      await seedLot(ts, { itemId: item, locationId: w.otherPharmacyId, lotNo: 'E1', expiry: '2028-01-31', qty: 0 });
      // seedLot prices lots at 100 fen: make them the zero-markup price.
      await ts.server.modules.uow.write(async (tx) => {
        await tx.db.updateTable('stock_lots').set({ purchase_price_fen: 1200 }).where('item_id', '=', item).execute();
      });

      // The dead end: 13.50 is not the retail price 12.00.
      await refused(
        () => create(clerk, receiptBody(item, { purchasePriceFen: 1350 })),
        422,
        'lines.0.purchasePriceFen',
      );

      // The clerk drafts the 调价 (number TJ…), the old price comes from the catalog; the clerk cannot post it.
      const c = await create(clerk, adjBody([{ itemId: item, newPriceFen: 1350 }], { note: '省集中采购新价' }));
      expect(c.status, JSON.stringify(c.body)).to.equal(201);
      expect(c.body.docNo).to.match(/^TJ20261126-\d{4}$/);
      expect(c.body.lines[0]).to.deep.include({
        itemId: item,
        oldPriceFen: 1200,
        newPriceFen: 1350,
        purchasePriceFen: 1350,
        quantity: null,
      });
      expect(c.body).to.deep.include({
        type: 'price_adjustment',
        status: 'draft',
        effectiveAt: null,
        appliedAt: null,
        revaluationFen: 0,
      });
      const denied = await post(clerk, c.body.id, c.body.version);
      expect(denied.status).to.equal(403);
      expect(priceOf(item).price_fen).to.equal(1200);

      const room = await RoomListener.open(ts, keeper.cookie, [`pharmacy:${w.storeId}`]);
      try {
        const p = await post(keeper, c.body.id, c.body.version);
        expect(p.status, JSON.stringify(p.body)).to.equal(200);
        expect(p.body.status).to.equal('posted');
        expect(p.body.appliedAt).to.equal(clock.now());
        expect(priceOf(item)).to.deep.equal({ price_fen: 1350, purchase_price_fen: 1350 });
        await room.waitFor('catalog:changed', { action: 'updated' });
        await room.waitFor('stock:doc', { id: c.body.id, action: 'posted' });
      } finally {
        room.close();
      }
      // One revaluation per lot: quantity × (new − old) per pack of 24, rounded to the fen.
      const v = (q: number, p: number) => lineAmountFen(q, p, 24);
      const revals = revaluationsOf(c.body.id);
      expect(revals.filter((r) => r.qty > 0)).to.deep.equal([
        {
          lot_id: storeLot,
          location_id: w.storeId,
          qty: 50,
          old_price_fen: 1200,
          new_price_fen: 1350,
          amount_fen: v(50, 1350) - v(50, 1200),
        },
        {
          lot_id: phLot,
          location_id: w.pharmacyId,
          qty: 7,
          old_price_fen: 1200,
          new_price_fen: 1350,
          amount_fen: v(7, 1350) - v(7, 1200),
        },
      ]);
      const total = revals.reduce((s, r) => s + r.amount_fen, 0);
      expect(total).to.equal(313 + 44); // 50 × 1.50 / 24 = 3.125 → 313 fen; 7 × 1.50 / 24 = 0.4375 → 44 fen
      expect(lotsOf(item).every((l) => l.purchase_price_fen === 1350)).to.equal(true);
      const [a] = auditRows(ts, 'catalog.price', item);
      expect(a, 'the price change is audited by the catalog').to.not.equal(undefined);
      // The document shows its revaluation; the stock did not move.
      expect((await keeper.get(`/api/stock/docs/${c.body.id}`)).body.revaluationFen).to.equal(total);
      expect(
        raw().prepare("SELECT count(*) n FROM stock_moves WHERE ref_type = 'stock_doc' AND ref_id = ?").get(c.body.id),
      ).to.deep.equal({ n: 0 });

      // The receipt at the new price now passes, into a new lot at that price.
      const r = await create(clerk, receiptBody(item, { purchasePriceFen: 1350, lotNo: 'NEW-1' }));
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect((await post(keeper, r.body.id, r.body.version)).status).to.equal(200);

      // The reports: the ledger shows the revaluation as its own row and the totals tie to the fen.
      const month = '2026-11';
      const led = await keeper.get(
        `/api/stock/reports/ledger?itemId=${item}&locationId=${w.storeId}&from=2026-11-01&to=2026-11-30`,
      );
      expect(led.status, JSON.stringify(led.body)).to.equal(200);
      const revRow = led.body.items.find((x: { reason: string }) => x.reason === 'revaluation');
      expect(revRow).to.deep.include({
        reasonText: '调价',
        docNo: c.body.docNo,
        qtyIn: 0,
        qtyOut: 0,
        revaluationFen: v(50, 1350) - v(50, 1200),
      });
      expect(led.body.totals.revaluationFen).to.equal(313);
      expect(
        led.body.opening.valueFen +
          led.body.totals.valueInFen -
          led.body.totals.valueOutFen +
          led.body.totals.revaluationFen,
      ).to.equal(led.body.closing.valueFen);
      const onHand = await keeper.get(
        `/api/stock/reports/on-hand?locationId=${w.storeId}&q=${encodeURIComponent('零差率硝苯地平')}`,
      );
      expect(led.body.closing.valueFen).to.equal(onHand.body.totals.valueFen);
      const mon = await keeper.get(`/api/stock/reports/monthly?locationId=${w.storeId}&month=${month}`);
      const row = mon.body.itemRows.find((x: { itemId: number }) => x.itemId === item);
      expect(row.revaluation.valueFen).to.equal(313);
      expect(row.opening.valueFen + row.receipts.valueFen - row.issues.valueFen + row.revaluation.valueFen).to.equal(
        row.closing.valueFen,
      );
      const western = mon.body.items.find((x: { group: string }) => x.group === 'western');
      expect(western.revaluation.valueFen).to.be.at.least(313);
    },
  );

  it('refuses a bad 调价 naming the field and changes nothing', async () => {
    const item = await seedItem(ts, { name: '调价拒绝用药', priceFen: 800 });
    const essential = await seedItem(ts, { name: '调价基药', essential: true, priceFen: 500 });
    const service = await seedItem(ts, { name: '调价诊疗', kind: 'service', priceFen: 300 });
    await refused(() => create(clerk, adjBody([{ itemId: item }])), 422, 'lines.0.newPriceFen');
    await refused(() => create(clerk, adjBody([{ itemId: item, newPriceFen: 800 }])), 422, 'lines.0.newPriceFen');
    await refused(
      () =>
        create(
          clerk,
          adjBody([
            { itemId: item, newPriceFen: 900 },
            { itemId: item, newPriceFen: 950 },
          ]),
        ),
      422,
      'lines.1.itemId',
    );
    await refused(() => create(clerk, adjBody([{ itemId: service, newPriceFen: 350 }])), 422, 'lines.0.itemId');
    await refused(
      () => create(clerk, adjBody([{ itemId: essential, newPriceFen: 600, purchasePriceFen: 550 }])),
      422,
      'lines.0.purchasePriceFen',
    );
    await refused(() => create(clerk, adjBody([{ itemId: item, newPriceFen: -1 }])), 422, 'lines.0.newPriceFen');
    await refused(() => create(clerk, adjBody([{ itemId: item, newPriceFen: 12.5 }])), 422, 'lines.0.newPriceFen');
    await refused(
      () => create(clerk, adjBody([{ itemId: item, newPriceFen: 900 }], { effectiveAt: clock.now() - 1 })),
      422,
      'effectiveAt',
    );
    await refused(
      () => create(clerk, { ...receiptBody(item), effectiveAt: clock.now() + 10 * MIN }),
      422,
      'effectiveAt',
    );
    await refused(
      () => create(keeper, adjBody([{ itemId: item, newPriceFen: 900 }], { locationId: w.pharmacyId })),
      422,
      'locationId',
    );
    await refused(
      () =>
        create(clerk, {
          type: 'receipt',
          locationId: w.storeId,
          supplierId: w.supplierId,
          supplierInvoiceNo: 'X',
          lines: [{ itemId: item, lotNo: 'Q', expiryDate: '2028-01-01', purchasePriceFen: 1 }],
        }),
      422,
      'lines.0.quantity',
    );

    // The price changed between drafting and posting: 409 price_changed, nothing written.
    const d = await create(clerk, adjBody([{ itemId: item, newPriceFen: 900 }]));
    expect(d.status).to.equal(201);
    await ts.server.modules.uow.write(async (tx) => {
      await tx.db.updateTable('catalog_items').set({ price_fen: 850 }).where('id', '=', item).execute();
    });
    await refused(() => post(keeper, d.body.id, d.body.version), 409, 'lines.0.newPriceFen', 'price_changed');
  });

  it(
    'lots at other purchase prices: non-essential drugs simply get a lot at that price; ' +
      'zero-markup drugs only when the center allows (允许同品种不同进价批次)',
    async () => {
      const plain = await seedItem(ts, { name: '非基药多进价', priceFen: 2000 });
      for (const [lotNo, price] of [
        ['M1', 1500],
        ['M2', 1650],
      ] as const) {
        const r = await create(clerk, receiptBody(plain, { lotNo, purchasePriceFen: price }));
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
        expect((await post(keeper, r.body.id, r.body.version)).status).to.equal(200);
      }
      expect(lotsOf(plain).map((l) => [l.lot_no, l.purchase_price_fen])).to.deep.equal([
        ['M1', 1500],
        ['M2', 1650],
      ]);

      const ess = await seedItem(ts, { name: '基药多进价', essential: true, priceFen: 700 });
      await refused(
        () => create(clerk, receiptBody(ess, { lotNo: 'Z1', purchasePriceFen: 680 })),
        422,
        'lines.0.purchasePriceFen',
      );
      await setInventorySettings({ allowMixedPriceLots: true });
      try {
        const r = await create(clerk, receiptBody(ess, { lotNo: 'Z1', purchasePriceFen: 680 }));
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
        expect((await post(keeper, r.body.id, r.body.version)).status).to.equal(200);
        expect(lotsOf(ess).map((l) => [l.lot_no, l.purchase_price_fen])).to.deep.equal([['Z1', 680]]);
      } finally {
        await setInventorySettings({ allowMixedPriceLots: false });
      }
    },
  );

  it(
    'short shelf life: the receipt line is flagged; posting needs the confirmation (409 naming ' +
      'the line, nothing written); the limit follows the setting',
    async () => {
      const item = await seedItem(ts, { name: '近效期入库药' });
      // Today 2026-11-26; default limit 6 months → lots expiring before 2027-05-26 are short.
      const d = await create(clerk, {
        ...receiptBody(item, { lotNo: 'SH1', expiryDate: '2027-03-31' }),
        lines: [
          ...receiptBody(item, { lotNo: 'SH1', expiryDate: '2027-03-31' }).lines,
          { itemId: item, lotNo: 'OK1', expiryDate: '2028-03-31', purchasePriceFen: 1200, quantity: 24 },
        ],
      });
      expect(d.status, JSON.stringify(d.body)).to.equal(201);
      expect(d.body.lines.map((l: { shortExpiry: boolean }) => l.shortExpiry)).to.deep.equal([true, false]);
      const r = await refused(() => post(keeper, d.body.id, d.body.version), 409, 'lines.0.expiryDate', 'short_expiry');
      expect(r.body.error!.message).to.contain('6 个月');
      const ok = await post(keeper, d.body.id, d.body.version, { confirmShortExpiry: true });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      const [a] = auditRows(ts, 'stock_doc.post', d.body.id);
      expect(JSON.stringify(a)).to.contain('confirmedShortExpiry');

      // With a 3-month limit a lot expiring in four months passes without asking.
      await setInventorySettings({ shortShelfLifeMonths: 3 });
      try {
        const d2 = await create(clerk, receiptBody(item, { lotNo: 'SH2', expiryDate: '2027-03-31' }));
        expect(d2.body.lines[0].shortExpiry).to.equal(false);
        expect((await post(keeper, d2.body.id, d2.body.version)).status).to.equal(200);
      } finally {
        await setInventorySettings({ shortShelfLifeMonths: 6 });
      }
      // Bad setting: refused naming the field.
      const cur = await admin.get('/api/settings/institution');
      const bad = await admin.put('/api/settings/institution', {
        ...cur.body,
        name: cur.body.name || 'x',
        code: cur.body.code || 'H1',
        inventory: { ...cur.body.inventory, shortShelfLifeMonths: -1 },
      });
      expect(bad.status).to.equal(422);
      expect(bad.body.error.field).to.match(/^inventory/);
    },
  );

  it(
    "receipt lines carry manufacturer and approval number: the catalog item's by default, " +
      'editable, kept on the lot',
    async () => {
      const item = await seedItem(ts, { name: '厂家文号药' });
      await ts.server.modules.uow.write(async (tx) => {
        await tx.db
          .updateTable('catalog_items')
          .set({ manufacturer: '华北制药', approval_no: '国药准字H13020001' })
          .where('id', '=', item)
          .execute();
      });
      const d = await create(clerk, {
        ...receiptBody(item, { lotNo: 'F1' }),
        lines: [
          receiptBody(item, { lotNo: 'F1' }).lines[0],
          {
            itemId: item,
            lotNo: 'F2',
            expiryDate: '2028-06-30',
            purchasePriceFen: 1200,
            quantity: 24,
            manufacturer: '石药集团',
            approvalNo: '国药准字H13020002',
          },
        ],
      });
      expect(d.status, JSON.stringify(d.body)).to.equal(201);
      expect(
        d.body.lines.map((l: { manufacturer: string; approvalNo: string }) => [l.manufacturer, l.approvalNo]),
      ).to.deep.equal([
        ['华北制药', '国药准字H13020001'],
        ['石药集团', '国药准字H13020002'],
      ]);
      expect((await post(keeper, d.body.id, d.body.version)).status).to.equal(200);
      expect(lotsOf(item).map((l) => [l.lot_no, l.manufacturer, l.approval_no])).to.deep.equal([
        ['F1', '华北制药', '国药准字H13020001'],
        ['F2', '石药集团', '国药准字H13020002'],
      ]);
      const lots = await keeper.get(`/api/stock/lots?locationId=${w.storeId}&itemId=${item}`);
      expect(lots.body.items.map((l: { manufacturer: string }) => l.manufacturer)).to.deep.equal([
        '华北制药',
        '石药集团',
      ]);
      await refused(
        () => create(clerk, receiptBody(item, { lotNo: 'F3', manufacturer: 'x'.repeat(101) })),
        422,
        'lines.0.manufacturer',
      );
      // A transfer's receiving lot keeps them.
      const f2 = lotsOf(item).find((l) => l.lot_no === 'F2')!;
      const tr = await create(keeper, {
        type: 'transfer',
        locationId: w.storeId,
        counterpartId: w.pharmacyId,
        lines: [{ itemId: item, lotId: f2.id, quantity: 10 }],
      });
      expect(tr.status, JSON.stringify(tr.body)).to.equal(201);
      expect((await post(keeper, tr.body.id, tr.body.version)).status).to.equal(200);
      expect(lotsOf(item).find((l) => l.location_id === w.pharmacyId)).to.deep.include({
        lot_no: 'F2',
        manufacturer: '石药集团',
        approval_no: '国药准字H13020002',
      });
    },
  );

  it(
    'blind count: the book quantity is hidden from a counter who cannot post until posting; the ' +
      'storekeeper sees it',
    async () => {
      const store2 = w.otherPharmacyId;
      const item = await seedItem(ts, { name: '盲盘药', packSize: 10 });
      await seedLot(ts, { itemId: item, locationId: store2, lotNo: 'B1', expiry: '2028-01-31', qty: 37 });
      const counter = (await stockUser(ts, ['pharmacist'], store2)).client;
      const st = await counter.post(
        '/api/stock/stocktakes',
        { locationId: store2, blind: true },
        { 'idempotency-key': key() },
      );
      expect(st.status, JSON.stringify(st.body)).to.equal(201);
      expect(st.body).to.deep.include({ blind: true, bookHidden: true });
      const line = st.body.lines.find((l: { itemId: number }) => l.itemId === item);
      expect(line).to.deep.include({ snapshotQty: null, onHand: null, amountFen: 0 });
      const seen = await counter.get(`/api/stock/docs/${st.body.id}`);
      expect(seen.body.lines.every((l: { snapshotQty: number | null }) => l.snapshotQty === null)).to.equal(true);
      const list = await counter.get(`/api/stock/docs?locationId=${store2}&type=stocktake`);
      expect(list.body.items[0].bookHidden).to.equal(true);
      // Counted as 3 packs + 5 pieces = 35 (the page sends the smallest unit).
      const saved = await counter.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: line.id, countedQty: 35 }],
      });
      expect(saved.status).to.equal(200);
      expect(saved.body.lines.find((l: { id: number }) => l.id === line.id)).to.deep.include({
        countedQty: 35,
        snapshotQty: null,
      });
      const full = await keeper.get(`/api/stock/docs/${st.body.id}`);
      expect(full.body.bookHidden).to.equal(false);
      expect(full.body.lines.find((l: { id: number }) => l.id === line.id)).to.deep.include({
        snapshotQty: 37,
        countedQty: 35,
      });
      // Posted: everyone sees the book and the variance.
      const rest = full.body.lines
        .filter((l: { id: number }) => l.id !== line.id)
        .map((l: { id: number; snapshotQty: number }) => ({ lineId: l.id, countedQty: l.snapshotQty }));
      if (rest.length) await keeper.put(`/api/stock/docs/${st.body.id}/counts`, { counts: rest });
      const cur = await keeper.get(`/api/stock/docs/${st.body.id}`);
      expect((await post(keeper, st.body.id, cur.body.version)).status).to.equal(200);
      const after = await counter.get(`/api/stock/docs/${st.body.id}`);
      expect(after.body.bookHidden).to.equal(false);
      expect(after.body.lines.find((l: { id: number }) => l.id === line.id)).to.deep.include({
        snapshotQty: 37,
        quantity: -2,
      });
    },
  );

  it(
    'a future 调价 waits (the price stays), refuses a second one for the item, takes effect by ' +
      'itself when its time comes, and can be withdrawn (冲销) only while waiting',
    async () => {
      const item = await seedItem(ts, { name: '定时调价药', priceFen: 1000, packSize: 10 });
      const lot = await seedLot(ts, {
        itemId: item,
        locationId: w.storeId,
        lotNo: 'T1',
        expiry: '2028-01-31',
        qty: 30,
      });
      const at = clock.now() + 20 * MIN;
      const d = await create(
        clerk,
        adjBody([{ itemId: item, newPriceFen: 1100, purchasePriceFen: 110 }], { effectiveAt: at }),
      );
      expect(d.status, JSON.stringify(d.body)).to.equal(201);
      expect(d.body.effectiveAt).to.equal(at);
      const p = await post(keeper, d.body.id, d.body.version);
      expect(p.status, JSON.stringify(p.body)).to.equal(200);
      expect(p.body.appliedAt).to.equal(null);
      expect(priceOf(item).price_fen).to.equal(1000);
      expect(revaluationsOf(d.body.id)).to.deep.equal([]);

      // Another adjustment of the same item while one waits: 409 naming the line.
      await refused(
        () => create(clerk, adjBody([{ itemId: item, newPriceFen: 1200 }])),
        409,
        'lines.0.itemId',
        'pending_adjustment',
      );

      // Before its time the job applies nothing.
      clock.advance(10 * MIN);
      expect(await applyDuePriceAdjustments(ts.server.modules)).to.deep.equal([]);
      expect(priceOf(item).price_fen).to.equal(1000);

      // Its time comes: the job applies it (catalog price, lot revalued from 1.00 to 1.10 per pack of 10).
      clock.advance(10 * MIN);
      expect(await applyDuePriceAdjustments(ts.server.modules)).to.deep.equal([d.body.id]);
      expect(priceOf(item)).to.deep.equal({ price_fen: 1100, purchase_price_fen: 110 });
      expect(revaluationsOf(d.body.id)).to.deep.equal([
        { lot_id: lot, location_id: w.storeId, qty: 30, old_price_fen: 100, new_price_fen: 110, amount_fen: 30 },
      ]);
      const shown = await keeper.get(`/api/stock/docs/${d.body.id}`);
      expect(shown.body.appliedAt).to.equal(clock.now());
      expect(auditRows(ts, 'stock_doc.apply', d.body.id)).to.have.length(1);
      // Applied once only.
      expect(await applyDuePriceAdjustments(ts.server.modules)).to.deep.equal([]);
      // An applied adjustment cannot be reversed (make another one back).
      const beforeRv = snapshot();
      const rv = await keeper.post(
        `/api/stock/docs/${d.body.id}/reverse`,
        { reason: '录错' },
        { 'idempotency-key': key() },
      );
      expect(rv.status).to.equal(409);
      expect(rv.body.error.code).to.equal('already_applied');
      expect(snapshot()).to.equal(beforeRv);

      // A waiting adjustment withdrawn by 冲销 never applies; a receipt's write also applies due ones.
      const d2 = await create(
        clerk,
        adjBody([{ itemId: item, newPriceFen: 1300 }], { effectiveAt: clock.now() + 10 * MIN }),
      );
      expect((await post(keeper, d2.body.id, d2.body.version)).status).to.equal(200);
      const w2 = await keeper.post(
        `/api/stock/docs/${d2.body.id}/reverse`,
        { reason: '取消调价' },
        { 'idempotency-key': key() },
      );
      expect(w2.status, JSON.stringify(w2.body)).to.equal(201);
      const d3 = await create(
        clerk,
        adjBody([{ itemId: item, newPriceFen: 1400 }], { effectiveAt: clock.now() + 10 * MIN }),
      );
      expect(d3.status, 'the withdrawn one no longer blocks the item').to.equal(201);
      expect((await post(keeper, d3.body.id, d3.body.version)).status).to.equal(200);
      clock.advance(15 * MIN);
      const r = await create(clerk, receiptBody(item, { purchasePriceFen: 110, lotNo: 'T2' }));
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(priceOf(item).price_fen, 'the write applied the due adjustment, not the withdrawn one').to.equal(1400);
      expect(
        raw().prepare('SELECT count(*) n FROM price_adjustment_applied WHERE doc_id = ?').get(d2.body.id),
      ).to.deep.equal({ n: 0 });
    },
  );

  it(
    'the job (started with the server, every minute) applies a due adjustment by itself, and ' +
      'stops with the server',
    async () => {
      const item = await seedItem(ts, { name: '定时任务调价药', priceFen: 500 });
      const d = await create(
        clerk,
        adjBody([{ itemId: item, newPriceFen: 550 }], { effectiveAt: clock.now() + 5 * MIN }),
      );
      expect((await post(keeper, d.body.id, d.body.version)).status).to.equal(200);
      clock.advance(6 * MIN);
      const stops: Array<() => Promise<void>> = [];
      startPriceAdjustmentJob({
        ...ts.server.modules,
        devices: { onStop: (f: () => Promise<void>) => stops.push(f) } as never,
      });
      const end = Date.now() + 5000;
      while (priceOf(item).price_fen !== 550 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      expect(priceOf(item).price_fen).to.equal(550);
      expect(auditRows(ts, 'stock_doc.apply', d.body.id)).to.have.length(1);
      for (const stop of stops) await stop();
    },
  );
});
