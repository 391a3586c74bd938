import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import {
  seedItem,
  seedStockWorld,
  stockSnapshot,
  stockUser,
  type StockWorld,
} from '../../../test/helpers/inventory.js';
import { ledgerBreaks, lotQty, seedLot, seedOrder } from '../../../test/helpers/pharmacy.js';
import { type ApiClient, ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';

let keyNo = 0;
const key = () => `inv-test-${process.pid}-${++keyNo}`;

describe('stock documents API', () => {
  let ts: TestServer;
  let w: StockWorld;
  let keeper: ApiClient; // storekeeper: draft + post
  let clerk: ApiClient; // store clerk: draft only
  let clerk2: ApiClient;
  let pharmacist: ApiClient;
  let clerkId: number;

  const create = (c: ApiClient, body: unknown, k = key()) => c.post('/api/stock/docs', body, { 'idempotency-key': k });
  const post = (c: ApiClient, id: number, version: number, k = key()) =>
    c.post(`/api/stock/docs/${id}/post`, { version }, { 'idempotency-key': k });
  const reverse = (c: ApiClient, id: number, reason = '录入错误', k = key()) =>
    c.post(`/api/stock/docs/${id}/reverse`, { reason }, { 'idempotency-key': k });
  const lotAt = (itemId: number, locationId: number, lotNo: string) =>
    ts.server.open.raw
      .prepare(
        'SELECT id, qty_on_hand, expiry_date, purchase_price_fen FROM stock_lots WHERE item_id = ? AND ' +
          'location_id = ? AND lot_no = ?',
      )
      .get(itemId, locationId, lotNo) as
      | { id: number; qty_on_hand: number; expiry_date: string; purchase_price_fen: number }
      | undefined;
  const movesOf = (docId: number) =>
    ts.server.open.raw
      .prepare(
        'SELECT lot_id, location_id, qty_delta, reason, reverses_id FROM stock_moves WHERE ref_type = ' +
          "'stock_doc' AND ref_id = ? ORDER BY id",
      )
      .all(docId) as Array<{
      lot_id: number;
      location_id: number;
      qty_delta: number;
      reason: string;
      reverses_id: number | null;
    }>;

  const receiptBody = (itemId: number, over: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
    type: 'receipt',
    locationId: w.storeId,
    supplierId: w.supplierId,
    supplierInvoiceNo: 'FP-0001',
    lines: [{ itemId, lotNo: 'RK-LOT-1', expiryDate: '2028-06-30', purchasePriceFen: 960, quantity: 240, ...line }],
    ...over,
  });

  /** Receives `qty` of a new lot into the store (drafted by the clerk, posted by the keeper). */
  async function receive(
    itemId: number,
    lotNo: string,
    qty: number,
    expiryDate = '2028-06-30',
    locationId?: number,
  ): Promise<{ docId: number; lotId: number }> {
    const c = await create(
      clerk,
      receiptBody(itemId, locationId ? { locationId } : {}, { lotNo, quantity: qty, expiryDate }),
    );
    expect(c.status, JSON.stringify(c.body)).to.equal(201);
    const p = await post(keeper, c.body.id, c.body.version);
    expect(p.status, JSON.stringify(p.body)).to.equal(200);
    return { docId: c.body.id, lotId: p.body.lines[0].lotId };
  }

  before(async () => {
    // 2026-11-26 09:00 in Asia/Shanghai.
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    w = await seedStockWorld(ts);
    keeper = (await makeUser(ts, ['storekeeper'])).client;
    const c = await stockUser(ts, ['store-clerk'], w.storeId);
    clerk = c.client;
    clerkId = c.userId;
    clerk2 = (await stockUser(ts, ['store-clerk'], w.storeId)).client;
    const p = await stockUser(ts, ['pharmacist'], w.pharmacyId);
    pharmacist = p.client;
  });
  after(async () => {
    await ts.stop();
  });
  afterEach(() => {
    expect(ledgerBreaks(ts), 'every lot equals the sum of its stock moves and is never negative').to.deep.equal([]);
  });

  it(
    'receipt: a clerk drafts (RK number of the day), cannot post; a storekeeper posts: lot, ' +
      'receipt move, events, audit',
    async () => {
      const item = await seedItem(ts, { name: '阿莫西林胶囊', reorderLevel: 10 });
      const storeRoom = await RoomListener.open(ts, keeper.cookie, [`pharmacy:${w.storeId}`]);
      try {
        const c = await create(clerk, receiptBody(item));
        expect(c.status, JSON.stringify(c.body)).to.equal(201);
        expect(c.body.docNo).to.match(/^RK20261126-\d{4}$/);
        expect(c.body).to.deep.include({
          type: 'receipt',
          status: 'draft',
          locationId: w.storeId,
          supplierId: w.supplierId,
          supplierInvoiceNo: 'FP-0001',
          postedBy: null,
          postedAt: null,
        });
        expect(c.body.createdBy.id).to.equal(clerkId);
        // 240 粒 at 9.60 per box of 24 = 96.00
        expect(c.body.lines[0]).to.deep.include({
          itemId: item,
          lotId: null,
          lotNo: 'RK-LOT-1',
          expiryDate: '2028-06-30',
          purchasePriceFen: 960,
          quantity: 240,
          amountFen: 9600,
        });
        expect(c.body.totalFen).to.equal(9600);
        await storeRoom.waitFor('stock:doc', { id: c.body.id, action: 'created' });

        const denied = await post(clerk, c.body.id, c.body.version);
        expect(denied.status).to.equal(403);

        const p = await post(keeper, c.body.id, c.body.version);
        expect(p.status, JSON.stringify(p.body)).to.equal(200);
        expect(p.body.status).to.equal('posted');
        expect(p.body.postedBy.name).to.be.a('string');
        const lot = lotAt(item, w.storeId, 'RK-LOT-1')!;
        expect(lot).to.deep.include({ qty_on_hand: 240, expiry_date: '2028-06-30', purchase_price_fen: 960 });
        expect(p.body.lines[0].lotId).to.equal(lot.id);
        expect(movesOf(c.body.id)).to.deep.equal([
          { lot_id: lot.id, location_id: w.storeId, qty_delta: 240, reason: 'receipt', reverses_id: null },
        ]);
        const ev = await storeRoom.waitFor('stock:changed', { itemId: item });
        expect(ev.payload).to.deep.equal({ itemId: item, locationId: w.storeId, onHand: 240 });
        await storeRoom.waitFor('stock:doc', { id: c.body.id, action: 'posted' });
        const [a] = auditRows(ts, 'stock_doc.post', c.body.id);
        expect(a!.summary.changes!.status).to.deep.equal({ before: 'draft', after: 'posted' });

        // Posting twice: 409 naming the document, nothing written.
        const before = stockSnapshot(ts);
        const again = await post(keeper, c.body.id, p.body.version);
        expect(again.status).to.equal(409);
        expect(again.body.error.code).to.equal('already_posted');
        expect(again.body.error.message).to.contain(c.body.docNo);
        expect(stockSnapshot(ts)).to.equal(before);
      } finally {
        storeRoom.close();
      }
    },
  );

  it('receipt: bad input is refused naming the field, and nothing is written', async () => {
    const item = await seedItem(ts, { name: '布洛芬缓释胶囊' });
    const essential = await seedItem(ts, { name: '硝苯地平片', essential: true, priceFen: 500 });
    const service = await seedItem(ts, { name: '静脉输液', kind: 'service' });
    await receive(item, 'CLASH-1', 24, '2028-01-31');
    const before = stockSnapshot(ts);
    const cases: Array<[unknown, number, string]> = [
      [receiptBody(item, {}, { expiryDate: '2026-11-25' }), 422, 'lines.0.expiryDate'],
      [receiptBody(item, {}, { expiryDate: '2026-11-26' }), 422, 'lines.0.expiryDate'],
      [receiptBody(item, {}, { expiryDate: '2026-02-30' }), 422, 'lines.0.expiryDate'],
      [receiptBody(item, {}, { purchasePriceFen: 960.5 }), 422, 'lines.0.purchasePriceFen'],
      [receiptBody(item, {}, { purchasePriceFen: -1 }), 422, 'lines.0.purchasePriceFen'],
      [receiptBody(item, {}, { purchasePriceFen: undefined }), 422, 'lines.0.purchasePriceFen'],
      [receiptBody(item, {}, { quantity: 0 }), 422, 'lines.0.quantity'],
      [receiptBody(item, {}, { quantity: 1.5 }), 422, 'lines.0.quantity'],
      [receiptBody(item, {}, { lotNo: undefined }), 422, 'lines.0.lotNo'],
      [receiptBody(item, { supplierId: undefined }), 422, 'supplierId'],
      [receiptBody(item, { supplierId: w.inactiveSupplierId }), 422, 'supplierId'],
      [receiptBody(item, { supplierInvoiceNo: '' }), 422, 'supplierInvoiceNo'],
      [receiptBody(service), 422, 'lines.0.itemId'],
      [receiptBody(essential, {}, { purchasePriceFen: 450 }), 422, 'lines.0.purchasePriceFen'],
      [receiptBody(item, {}, { lotNo: 'CLASH-1', expiryDate: '2028-02-29' }), 409, 'lines.0.lotNo'],
      [
        receiptBody(item, {}, { lotNo: 'CLASH-1', purchasePriceFen: 961, expiryDate: '2028-01-31' }),
        409,
        'lines.0.lotNo',
      ],
      [receiptBody(item, { locationId: w.pharmacyId }), 403, 'locationId'], // a clerk drafts at the store only
      [receiptBody(item, { surprise: 1 }), 422, 'surprise'],
      [receiptBody(item, { type: 'stocktake' }), 422, 'type'],
      [{ ...receiptBody(item), lines: [] }, 422, 'lines'],
    ];
    for (const [body, status, field] of cases) {
      const r = await create(clerk, body);
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
    }
    const atPharmacy = await create(keeper, receiptBody(item, { locationId: w.pharmacyId }));
    expect(atPharmacy.status).to.equal(422);
    expect(atPharmacy.body.error.field).to.equal('type');
    expect(stockSnapshot(ts)).to.equal(before);
    // The zero-markup message tells the user to change the price first.
    clerk.lang = 'zh';
    const zm = await create(clerk, receiptBody(essential, {}, { purchasePriceFen: 450 }));
    clerk.lang = 'en';
    expect(zm.body.error.message).to.contain('调价');
    const ok = await create(clerk, receiptBody(essential, {}, { purchasePriceFen: 500, lotNo: 'ZM-1' }));
    expect(ok.status).to.equal(201);
  });

  it(
    'drafts: the maker edits, another clerk gets 403, a storekeeper may; stale version 409; ' +
      'cancel; posted documents are immutable (API and trigger)',
    async () => {
      const item = await seedItem(ts, { name: '头孢克肟分散片' });
      const c = await create(clerk, receiptBody(item, {}, { lotNo: 'ED-1' }));
      const body = (version: number, qty: number) => ({
        version,
        supplierId: w.supplierId,
        supplierInvoiceNo: 'FP-9',
        note: '改数量',
        lines: [{ itemId: item, lotNo: 'ED-1', expiryDate: '2028-06-30', purchasePriceFen: 960, quantity: qty }],
      });
      const mine = await clerk.put(`/api/stock/docs/${c.body.id}`, body(c.body.version, 48));
      expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
      expect(mine.body).to.deep.include({ version: c.body.version + 1, supplierInvoiceNo: 'FP-9', note: '改数量' });
      expect(mine.body.lines[0].quantity).to.equal(48);
      const before = stockSnapshot(ts);
      const other = await clerk2.put(`/api/stock/docs/${c.body.id}`, body(mine.body.version, 72));
      expect(other.status).to.equal(403);
      expect(other.body.error.code).to.equal('not_your_draft');
      const otherCancel = await clerk2.post(`/api/stock/docs/${c.body.id}/cancel`, { version: mine.body.version });
      expect(otherCancel.status).to.equal(403);
      const stale = await clerk.put(`/api/stock/docs/${c.body.id}`, body(c.body.version, 72));
      expect(stale.status).to.equal(409);
      expect(stale.body.error.code).to.equal('stale_version');
      const stalePost = await post(keeper, c.body.id, c.body.version);
      expect(stalePost.body.error.code).to.equal('stale_version');
      expect(stockSnapshot(ts)).to.equal(before);
      const boss = await keeper.put(`/api/stock/docs/${c.body.id}`, body(mine.body.version, 96));
      expect(boss.status).to.equal(200);

      const cancelled = await clerk.post(`/api/stock/docs/${c.body.id}/cancel`, { version: boss.body.version });
      expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
      expect(cancelled.body.status).to.equal('cancelled');
      const postCancelled = await post(keeper, c.body.id, cancelled.body.version);
      expect(postCancelled.status).to.equal(409);

      const { docId } = await receive(item, 'ED-2', 24);
      const doc = await keeper.get(`/api/stock/docs/${docId}`);
      const edit = await keeper.put(`/api/stock/docs/${docId}`, body(doc.body.version, 1));
      expect(edit.status).to.equal(409);
      expect(edit.body.error.code).to.equal('already_posted');
      const raw = ts.server.open.raw;
      expect(() => raw.prepare('UPDATE stock_docs SET note = ? WHERE id = ?').run('x', docId)).to.throw(/immutable/);
      expect(() => raw.prepare('UPDATE stock_doc_lines SET quantity = 1 WHERE doc_id = ?').run(docId)).to.throw(
        /posted/,
      );
      expect(() => raw.prepare('DELETE FROM stock_docs WHERE id = ?').run(docId)).to.throw(/never deleted/);
    },
  );

  it(
    'requisition → transfer: the pharmacy asks, the store issues; both sides move, the receiving ' +
      'room hears it live; a filled requisition cannot be issued twice',
    async () => {
      const item = await seedItem(ts, { name: '氨溴索口服液', unit: 'ml', packSize: 100 });
      const { lotId } = await receive(item, 'TR-1', 1000);
      const pharmRoom = await RoomListener.open(ts, pharmacist.cookie, [`pharmacy:${w.pharmacyId}`]);
      const storeRoom = await RoomListener.open(ts, keeper.cookie, [`pharmacy:${w.storeId}`]);
      try {
        const q = await create(pharmacist, {
          type: 'requisition',
          locationId: w.pharmacyId,
          counterpartId: w.storeId,
          lines: [{ itemId: item, quantity: 300 }],
        });
        expect(q.status, JSON.stringify(q.body)).to.equal(201);
        expect(q.body.docNo).to.match(/^QL20261126-\d{4}$/);
        const badStore = await create(pharmacist, {
          type: 'requisition',
          locationId: w.pharmacyId,
          counterpartId: w.otherPharmacyId,
          lines: [{ itemId: item, quantity: 300 }],
        });
        expect(badStore.status).to.equal(422);
        expect(badStore.body.error.field).to.equal('counterpartId');
        const early = await create(keeper, {
          type: 'transfer',
          locationId: w.storeId,
          requisitionId: q.body.id,
          lines: [{ itemId: item, lotId, quantity: 300 }],
        });
        expect(early.status).to.equal(409);
        expect(early.body.error.code).to.equal('requisition_not_submitted');
        const movesBefore = ts.server.open.raw.prepare('SELECT count(*) AS n FROM stock_moves').get();
        const sub = await post(keeper, q.body.id, q.body.version);
        expect(sub.status).to.equal(200);
        expect(
          ts.server.open.raw.prepare('SELECT count(*) AS n FROM stock_moves').get(),
          'a requisition moves no stock',
        ).to.deep.equal(movesBefore);
        await storeRoom.waitFor('stock:doc', { id: q.body.id, action: 'posted' });

        // The store's list shows the requisition addressed to it.
        const list = await keeper.get(`/api/stock/docs?locationId=${w.storeId}&type=requisition&status=posted`);
        expect(list.body.items.some((d: { id: number }) => d.id === q.body.id)).to.equal(true);

        const tr = await create(keeper, {
          type: 'transfer',
          locationId: w.storeId,
          requisitionId: q.body.id,
          lines: [{ itemId: item, lotId, quantity: 300 }],
        });
        expect(tr.status, JSON.stringify(tr.body)).to.equal(201);
        expect(tr.body).to.deep.include({ counterpartId: w.pharmacyId, requisitionId: q.body.id });
        expect(tr.body.docNo).to.match(/^DB/);
        const tp = await post(keeper, tr.body.id, tr.body.version);
        expect(tp.status, JSON.stringify(tp.body)).to.equal(200);
        const dest = lotAt(item, w.pharmacyId, 'TR-1')!;
        expect(dest).to.deep.include({ qty_on_hand: 300, expiry_date: '2028-06-30', purchase_price_fen: 960 });
        expect(lotQty(ts, lotId)).to.equal(700);
        expect(movesOf(tr.body.id).map((m) => [m.location_id, m.qty_delta, m.reason])).to.deep.equal([
          [w.storeId, -300, 'transfer_out'],
          [w.pharmacyId, 300, 'transfer_in'],
        ]);
        const live = await pharmRoom.waitFor('stock:changed', { itemId: item });
        expect(live.payload).to.deep.equal({ itemId: item, locationId: w.pharmacyId, onHand: 300 });
        await pharmRoom.waitFor('stock:doc', { id: tr.body.id, action: 'posted' });
        await storeRoom.waitFor('stock:doc', { id: tr.body.id, action: 'posted' });
        await storeRoom.waitFor('stock:changed', { itemId: item, onHand: 700 });
        const incoming = await pharmacist.get(`/api/stock/docs?locationId=${w.pharmacyId}&type=transfer`);
        expect(incoming.body.items.find((d: { id: number }) => d.id === tr.body.id)).to.deep.include({
          lineCount: 1,
          status: 'posted',
        });

        const twice = await create(keeper, {
          type: 'transfer',
          locationId: w.storeId,
          requisitionId: q.body.id,
          lines: [{ itemId: item, lotId, quantity: 10 }],
        });
        expect(twice.status).to.equal(409);
        expect(twice.body.error.code).to.equal('requisition_filled');
        expect(twice.body.error.message).to.contain(tr.body.docNo);
        // A second transfer into the same pharmacy finds the receiving lot.
        const more = await create(keeper, {
          type: 'transfer',
          locationId: w.storeId,
          counterpartId: w.pharmacyId,
          lines: [{ itemId: item, lotId, quantity: 100 }],
        });
        await post(keeper, more.body.id, more.body.version);
        expect(lotQty(ts, dest.id)).to.equal(400);
        const reqs = await keeper.get(`/api/stock/docs/${q.body.id}`);
        expect(reqs.body.lines[0]).to.deep.include({ quantity: 300, lotId: null });
      } finally {
        pharmRoom.close();
        storeRoom.close();
      }
    },
  );

  it('posting answers the document as GET shows it (transfer, loss: two lines of one lot, requisition)', async () => {
    const item = await seedItem(ts, { name: '布洛芬缓释胶囊', packSize: 20 });
    const { lotId } = await receive(item, 'EQ-1', 500);
    const bodies = [
      {
        type: 'transfer',
        locationId: w.storeId,
        counterpartId: w.pharmacyId,
        lines: [{ itemId: item, lotId, quantity: 30 }],
      },
      {
        type: 'loss',
        locationId: w.storeId,
        reason: '破损',
        lines: [
          { itemId: item, lotId, quantity: 2 },
          { itemId: item, lotId, quantity: 3 },
        ],
      },
      {
        type: 'requisition',
        locationId: w.pharmacyId,
        counterpartId: w.storeId,
        lines: [{ itemId: item, quantity: 40 }],
      },
    ];
    for (const body of bodies) {
      const c = await create(body.type === 'requisition' ? pharmacist : keeper, body);
      expect(c.status, JSON.stringify(c.body)).to.equal(201);
      const p = await post(keeper, c.body.id, c.body.version);
      expect(p.status, JSON.stringify(p.body)).to.equal(200);
      expect(p.body, body.type).to.deep.equal((await keeper.get(`/api/stock/docs/${c.body.id}`)).body);
    }
    expect(lotQty(ts, lotId)).to.equal(465);
  });

  it(
    'transfer: more than on hand, an expired lot, a lot elsewhere, no counterpart are refused; ' +
      'stock gone between draft and posting is refused at posting with nothing written',
    async () => {
      const item = await seedItem(ts, { name: '二甲双胍片' });
      const { lotId } = await receive(item, 'OUT-1', 100);
      const expired = await seedLot(ts, {
        itemId: item,
        locationId: w.storeId,
        lotNo: 'OLD-1',
        expiry: '2026-11-25',
        qty: 50,
      });
      const elsewhere = await seedLot(ts, {
        itemId: item,
        locationId: w.otherPharmacyId,
        lotNo: 'EL-1',
        expiry: '2027-11-25',
        qty: 50,
      });
      const t = (lines: unknown[], over: Record<string, unknown> = {}) => ({
        type: 'transfer',
        locationId: w.storeId,
        counterpartId: w.pharmacyId,
        lines,
        ...over,
      });
      const before = stockSnapshot(ts);
      const cases: Array<[unknown, number, string, string?]> = [
        [t([{ itemId: item, lotId, quantity: 101 }]), 422, 'lines.0.quantity', '100'],
        [
          t([
            { itemId: item, lotId, quantity: 60 },
            { itemId: item, lotId, quantity: 41 },
          ]),
          422,
          'lines.1.quantity',
        ],
        [t([{ itemId: item, lotId: expired, quantity: 1 }]), 422, 'lines.0.lotId', 'expired'],
        [t([{ itemId: item, lotId: elsewhere, quantity: 1 }]), 422, 'lines.0.lotId'],
        [t([{ itemId: item, quantity: 1 }]), 422, 'lines.0.lotId'],
        [t([{ itemId: item, lotId, quantity: 1 }], { counterpartId: undefined }), 422, 'counterpartId'],
        [t([{ itemId: item, lotId, quantity: 1 }], { counterpartId: w.storeId }), 422, 'counterpartId'],
        [t([{ itemId: item, lotId, quantity: 1 }], { counterpartId: w.clinicId }), 422, 'counterpartId'],
      ];
      for (const [body, status, field, text] of cases) {
        const r = await create(keeper, body);
        expect(r.status, `${field}: ${JSON.stringify(r.body)}`).to.equal(status);
        expect(r.body.error.field).to.equal(field);
        if (text) expect(r.body.error.message).to.contain(text);
      }
      keeper.lang = 'zh';
      const zh = await create(keeper, t([{ itemId: item, lotId, quantity: 101 }]));
      keeper.lang = 'en';
      expect(zh.body.error.message).to.contain('库存不足:现有 100');
      expect(stockSnapshot(ts)).to.equal(before);

      // Drafted while there was stock; a loss took most of it before posting.
      const draft = await create(keeper, t([{ itemId: item, lotId, quantity: 80 }]));
      expect(draft.status).to.equal(201);
      const loss = await create(keeper, {
        type: 'loss',
        locationId: w.storeId,
        reason: '破损',
        lines: [{ itemId: item, lotId, quantity: 30 }],
      });
      await post(keeper, loss.body.id, loss.body.version);
      const mid = stockSnapshot(ts);
      const late = await post(keeper, draft.body.id, draft.body.version);
      expect(late.status).to.equal(422);
      expect(late.body.error.field).to.equal('lines.0.quantity');
      expect(stockSnapshot(ts)).to.equal(mid);
      expect(lotQty(ts, lotId)).to.equal(70);

      // The receiving side has the lot number with another expiry: refused at draft, and at posting when it appeared
      // later.
      const early = await create(keeper, t([{ itemId: item, lotId, quantity: 5 }]));
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: 'OUT-1', expiry: '2029-01-31', qty: 0 });
      const clash = await create(keeper, t([{ itemId: item, lotId, quantity: 5 }]));
      expect(clash.status).to.equal(409);
      expect(clash.body.error).to.include({ code: 'lot_clash', field: 'lines.0.lotId' });
      const snap = stockSnapshot(ts);
      const atPost = await post(keeper, early.body.id, early.body.version);
      expect(atPost.status).to.equal(409);
      expect(atPost.body.error).to.include({ code: 'lot_clash', field: 'lines.0.lotId' });
      expect(stockSnapshot(ts)).to.equal(snap);
    },
  );

  it(
    "supplier return (expired allowed, supplier defaults to the receipt's), loss (reason " +
      'required, expired allowed), consumption (a department, not expired)',
    async () => {
      const item = await seedItem(ts, { name: '医用棉签', kind: 'material', unit: '包', packSize: 10 });
      const { lotId } = await receive(item, 'SR-1', 100);
      const expired = await seedLot(ts, {
        itemId: item,
        locationId: w.storeId,
        lotNo: 'SR-OLD',
        expiry: '2026-10-31',
        qty: 20,
      });

      const ret = await create(keeper, {
        type: 'supplier_return',
        locationId: w.storeId,
        lines: [{ itemId: item, lotId, quantity: 10 }],
      });
      expect(ret.status, JSON.stringify(ret.body)).to.equal(201);
      expect(ret.body.supplierId).to.equal(w.supplierId);
      expect(ret.body.docNo).to.match(/^TH/);
      const noSupplier = await create(keeper, {
        type: 'supplier_return',
        locationId: w.storeId,
        lines: [{ itemId: item, lotId: expired, quantity: 5 }],
      });
      expect(noSupplier.status).to.equal(422);
      expect(noSupplier.body.error.field).to.equal('supplierId');
      const retOld = await create(keeper, {
        type: 'supplier_return',
        locationId: w.storeId,
        supplierId: w.supplierId,
        lines: [{ itemId: item, lotId: expired, quantity: 5 }],
      });
      expect(retOld.status).to.equal(201);
      const fromPharmacy = await create(keeper, {
        type: 'supplier_return',
        locationId: w.pharmacyId,
        supplierId: w.supplierId,
        lines: [{ itemId: item, lotId, quantity: 5 }],
      });
      expect(fromPharmacy.status).to.equal(422);
      for (const d of [ret.body, retOld.body]) expect((await post(keeper, d.id, d.version)).status).to.equal(200);
      expect(movesOf(ret.body.id)).to.deep.equal([
        { lot_id: lotId, location_id: w.storeId, qty_delta: -10, reason: 'supplier_return', reverses_id: null },
      ]);

      const noReason = await create(keeper, {
        type: 'loss',
        locationId: w.storeId,
        lines: [{ itemId: item, lotId, quantity: 1 }],
      });
      expect(noReason.status).to.equal(422);
      expect(noReason.body.error.field).to.equal('lines.0.reason');
      const loss = await create(keeper, {
        type: 'loss',
        locationId: w.storeId,
        lines: [
          { itemId: item, lotId: expired, quantity: 15, reason: '过期' },
          { itemId: item, lotId, quantity: 2, reason: '霉变:仓库漏水' },
        ],
      });
      expect(loss.status, JSON.stringify(loss.body)).to.equal(201);
      expect(loss.body.docNo).to.match(/^BS/);
      expect((await post(keeper, loss.body.id, loss.body.version)).status).to.equal(200);
      expect(lotQty(ts, expired)).to.equal(0);

      const noDept = await create(keeper, {
        type: 'consumption',
        locationId: w.storeId,
        lines: [{ itemId: item, lotId, quantity: 1 }],
      });
      expect(noDept.body.error.field).to.equal('counterpartId');
      const expiredUse = await create(keeper, {
        type: 'consumption',
        locationId: w.storeId,
        counterpartId: w.clinicId,
        lines: [{ itemId: item, lotId: expired, quantity: 1 }],
      });
      expect(expiredUse.body.error.field).to.equal('lines.0.lotId');
      const use = await create(keeper, {
        type: 'consumption',
        locationId: w.storeId,
        counterpartId: w.clinicId,
        lines: [{ itemId: item, lotId, quantity: 8 }],
      });
      expect(use.status, JSON.stringify(use.body)).to.equal(201);
      expect(use.body.docNo).to.match(/^XH/);
      expect(use.body.lines[0].amountFen).to.equal(768); // 8 包 of a 10-pack at 9.60
      const pu = await post(keeper, use.body.id, use.body.version);
      expect(pu.body.counterpartName).to.be.a('string');
      expect(movesOf(use.body.id)[0]).to.deep.include({ qty_delta: -8, reason: 'consumption' });
      expect(lotQty(ts, lotId)).to.equal(80);
    },
  );

  it(
    'reversal: negated moves on a new posted document; refused when already reversed, for ' +
      'stock-takes and requisitions, and when the stock is gone (nothing written)',
    async () => {
      const item = await seedItem(ts, { name: '维生素C片' });
      const { docId, lotId } = await receive(item, 'RV-1', 100);
      const r = await reverse(keeper, docId);
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.deep.include({ status: 'posted', reversesId: docId, type: 'receipt' });
      expect(r.body.lines[0].quantity).to.equal(-100);
      expect(r.body.totalFen).to.equal(-4000);
      const orig = movesOf(docId);
      expect(movesOf(r.body.id)).to.deep.equal([
        {
          lot_id: lotId,
          location_id: w.storeId,
          qty_delta: -100,
          reason: 'receipt',
          reverses_id: (
            ts.server.open.raw
              .prepare("SELECT id FROM stock_moves WHERE ref_type='stock_doc' AND ref_id = ?")
              .get(docId) as { id: number }
          ).id,
        },
      ]);
      expect(orig).to.have.length(1);
      expect(lotQty(ts, lotId)).to.equal(0);
      const o = await keeper.get(`/api/stock/docs/${docId}`);
      expect(o.body.reversedById).to.equal(r.body.id);
      const snap = stockSnapshot(ts);
      const again = await reverse(keeper, docId);
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('already_reversed');
      expect((await reverse(keeper, r.body.id)).status).to.equal(409);
      expect((await reverse(clerk, docId)).status).to.equal(403);
      expect(stockSnapshot(ts)).to.equal(snap);

      // A transfer moved the received stock on: reversing the receipt would take back what is gone.
      const b = await receive(item, 'RV-2', 100);
      const tr = await create(keeper, {
        type: 'transfer',
        locationId: w.storeId,
        counterpartId: w.pharmacyId,
        lines: [{ itemId: item, lotId: b.lotId, quantity: 60 }],
      });
      await post(keeper, tr.body.id, tr.body.version);
      const snap2 = stockSnapshot(ts);
      const gone = await reverse(keeper, b.docId);
      expect(gone.status).to.equal(409);
      expect(gone.body.error).to.include({ code: 'stock_gone', field: 'lines.0.quantity' });
      expect(stockSnapshot(ts)).to.equal(snap2);
      // Reversing the transfer puts it back on both sides.
      const rt = await reverse(keeper, tr.body.id);
      expect(rt.status, JSON.stringify(rt.body)).to.equal(201);
      expect(lotQty(ts, b.lotId)).to.equal(100);
      expect(lotAt(item, w.pharmacyId, 'RV-2')!.qty_on_hand).to.equal(0);

      const q = await create(pharmacist, {
        type: 'requisition',
        locationId: w.pharmacyId,
        counterpartId: w.storeId,
        lines: [{ itemId: item, quantity: 1 }],
      });
      const qp = await post(keeper, q.body.id, q.body.version);
      expect((await reverse(keeper, qp.body.id)).body.error.code).to.equal('not_reversible');
      const draft = await create(keeper, {
        type: 'loss',
        locationId: w.storeId,
        reason: '丢失',
        lines: [{ itemId: item, lotId: b.lotId, quantity: 1 }],
      });
      expect((await reverse(keeper, draft.body.id)).body.error.code).to.equal('not_posted');
    },
  );

  it('posting that takes an item below its reorder level pushes stock:alert to that location', async () => {
    const item = await seedItem(ts, { name: '奥美拉唑肠溶胶囊', reorderLevel: 100 });
    const { lotId } = await receive(item, 'RO-1', 150);
    const storeRoom = await RoomListener.open(ts, keeper.cookie, [`pharmacy:${w.storeId}`]);
    try {
      const tr = await create(keeper, {
        type: 'transfer',
        locationId: w.storeId,
        counterpartId: w.otherPharmacyId,
        lines: [{ itemId: item, lotId, quantity: 60 }],
      });
      expect((await post(keeper, tr.body.id, tr.body.version)).status).to.equal(200);
      const alert = await storeRoom.waitFor('stock:alert', { locationId: w.storeId, kind: 'below_reorder' });
      const mine = (alert.payload as { items: Array<{ itemId: number }> }).items.find((i) => i.itemId === item);
      expect(mine).to.deep.include({ name: '奥美拉唑肠溶胶囊', onHand: 90, reorderLevel: 100 });
    } finally {
      storeRoom.close();
    }
  });

  it('idempotency: the same key posts once and returns the same document', async () => {
    const item = await seedItem(ts, { name: '葡萄糖注射液' });
    const c = await create(clerk, receiptBody(item, {}, { lotNo: 'ID-1' }));
    const k = key();
    const a = await post(keeper, c.body.id, c.body.version, k);
    const b = await post(keeper, c.body.id, c.body.version, k);
    expect(a.status).to.equal(200);
    expect(b.status).to.equal(200);
    expect(b.body).to.deep.equal(a.body);
    expect(movesOf(c.body.id)).to.have.length(1);
    expect(lotAt(item, w.storeId, 'ID-1')!.qty_on_hand).to.equal(240);
    // Two people post the same draft at once with their own keys: one posts, the other gets already_posted.
    const race = await create(clerk, receiptBody(item, {}, { lotNo: 'ID-3' }));
    const keeper2 = (await makeUser(ts, ['storekeeper'])).client;
    const both = await Promise.all([
      post(keeper, race.body.id, race.body.version),
      post(keeper2, race.body.id, race.body.version),
    ]);
    expect(both.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).to.equal('already_posted');
    expect(movesOf(race.body.id)).to.have.length(1);
    const k2 = key();
    const d1 = await create(clerk, receiptBody(item, {}, { lotNo: 'ID-2' }), k2);
    const d2 = await create(clerk, receiptBody(item, {}, { lotNo: 'ID-2' }), k2);
    expect(d2.body.id).to.equal(d1.body.id);
  });

  it(
    'stock-take: snapshot, one open per location, counts by several people, dispensing during ' +
      'the count carried over, found lots, uncounted and negative refused',
    async () => {
      const item = await seedItem(ts, { name: '阿奇霉素片', packSize: 6 });
      const other = await seedItem(ts, { name: '复方甘草片', packSize: 100 });
      const a = await seedLot(ts, {
        itemId: item,
        locationId: w.pharmacyId,
        lotNo: 'PD-A',
        expiry: '2026-12-31',
        qty: 30,
      });
      const b = await seedLot(ts, {
        itemId: item,
        locationId: w.pharmacyId,
        lotNo: 'PD-B',
        expiry: '2027-12-31',
        qty: 50,
      });
      const c = await seedLot(ts, {
        itemId: other,
        locationId: w.pharmacyId,
        lotNo: 'PD-C',
        expiry: '2027-12-31',
        qty: 200,
      });
      await seedLot(ts, { itemId: other, locationId: w.pharmacyId, lotNo: 'PD-EMPTY', expiry: '2027-12-31', qty: 0 });

      const st = await pharmacist.post(
        '/api/stock/stocktakes',
        { locationId: w.pharmacyId, note: '月末盘点' },
        { 'idempotency-key': key() },
      );
      expect(st.status, JSON.stringify(st.body)).to.equal(201);
      expect(st.body.docNo).to.match(/^PD/);
      expect(st.body.snapshotAt).to.equal(ts.clock.now());
      const mine = st.body.lines.filter((l: { lotId: number }) => [a, b, c].includes(l.lotId));
      expect(
        mine.map((l: { lotNo: string; snapshotQty: number; countedQty: null }) => [
          l.lotNo,
          l.snapshotQty,
          l.countedQty,
        ]),
      ).to.have.deep.members([
        ['PD-A', 30, null],
        ['PD-B', 50, null],
        ['PD-C', 200, null],
      ]);
      expect(st.body.lines.some((l: { lotNo: string }) => l.lotNo === 'PD-EMPTY')).to.equal(false);
      const second = await pharmacist.post(
        '/api/stock/stocktakes',
        { locationId: w.pharmacyId },
        { 'idempotency-key': key() },
      );
      expect(second.status).to.equal(409);
      expect(second.body.error.code).to.equal('open_stocktake');

      // Dispensing goes on while counting: 20 of the item leave (FEFO: PD-A first).
      const o = await seedOrder(ts, w, [{ itemId: item, quantity: 20 }]);
      const disp = await pharmacist.post(
        `/api/pharmacy/orders/${o.orderId}/dispense`,
        { pharmacyId: w.pharmacyId },
        { 'idempotency-key': key() },
      );
      expect(disp.status, JSON.stringify(disp.body)).to.equal(200);
      expect(lotQty(ts, a)).to.equal(10);

      const line = (lotId: number) => st.body.lines.find((l: { lotId: number }) => l.lotId === lotId);
      // Two people count different shelves; the last write per line wins.
      const c1 = await pharmacist.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: line(a).id, countedQty: 29 }],
      });
      expect(c1.status, JSON.stringify(c1.body)).to.equal(200);
      const helper = (await stockUser(ts, ['pharmacist'], w.pharmacyId)).client;
      await helper.put(`/api/stock/docs/${st.body.id}/counts`, { counts: [{ lineId: line(b).id, countedQty: 50 }] });
      await helper.put(`/api/stock/docs/${st.body.id}/counts`, { counts: [{ lineId: line(a).id, countedQty: 28 }] });
      const counted = ts.server.open.raw
        .prepare('SELECT counted_qty, counted_by FROM stock_doc_lines WHERE id = ?')
        .get(line(a).id) as { counted_qty: number; counted_by: number };
      expect(counted.counted_qty).to.equal(28);

      // Not everything counted yet (the other lines at this pharmacy from earlier tests too).
      const cur = await keeper.get(`/api/stock/docs/${st.body.id}`);
      const snap = stockSnapshot(ts);
      const early = await post(keeper, st.body.id, cur.body.version);
      expect(early.status).to.equal(422);
      expect(early.body.error.field).to.match(/^lines\.\d+\.countedQty$/);
      expect(stockSnapshot(ts)).to.equal(snap);

      // Count every other line as found, PD-C short by 5, and a found lot.
      const rest = cur.body.lines
        .filter((l: { countedQty: number | null }) => l.countedQty === null)
        .map((l: { id: number; snapshotQty: number; lotId: number }) => ({
          lineId: l.id,
          countedQty: l.lotId === c ? 195 : l.snapshotQty,
        }));
      const full = await pharmacist.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: rest,
        added: [{ itemId: other, lotNo: 'PD-FOUND', expiryDate: '2027-05-31', purchasePriceFen: 300, countedQty: 12 }],
      });
      expect(full.status, JSON.stringify(full.body)).to.equal(200);
      const found = full.body.lines.find((l: { lotNo: string }) => l.lotNo === 'PD-FOUND');
      expect(found).to.deep.include({ snapshotQty: 0, countedQty: 12, lotId: null });
      const dup = await pharmacist.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [],
        added: [{ itemId: other, lotNo: 'PD-C', expiryDate: '2027-12-31', purchasePriceFen: 100, countedQty: 1 }],
      });
      expect(dup.status).to.equal(409);
      const badLine = await pharmacist.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: 999999, countedQty: 1 }],
      });
      expect(badLine.body.error.field).to.equal('counts.0.lineId');
      const neg = await pharmacist.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: line(a).id, countedQty: -1 }],
      });
      expect(neg.status).to.equal(422);

      const p = await post(keeper, st.body.id, full.body.version);
      expect(p.status, JSON.stringify(p.body)).to.equal(200);
      // PD-A: counted 28 at the snapshot, 20 dispensed since → 8 (variance −2); PD-B unchanged; PD-C −5; found +12.
      expect(lotQty(ts, a)).to.equal(8);
      expect(lotQty(ts, b)).to.equal(50);
      expect(lotQty(ts, c)).to.equal(195);
      const foundLot = lotAt(other, w.pharmacyId, 'PD-FOUND')!;
      expect(foundLot.qty_on_hand).to.equal(12);
      const mv = movesOf(st.body.id);
      expect(mv.every((m) => m.reason === 'stocktake' && m.qty_delta !== 0)).to.equal(true);
      expect(
        mv.filter((m) => [a, b, c, foundLot.id].includes(m.lot_id)).map((m) => [m.lot_id, m.qty_delta]),
      ).to.have.deep.members([
        [a, -2],
        [c, -5],
        [foundLot.id, 12],
      ]);
      const pl = p.body.lines.find((l: { lotId: number }) => l.lotId === a);
      expect(pl).to.deep.include({ quantity: -2, snapshotQty: 30, countedQty: 28 });
      expect((await reverse(keeper, st.body.id)).body.error.code).to.equal('not_reversible');

      // A count that, with the dispensing since, would leave a lot negative is refused.
      const st2 = await pharmacist.post(
        '/api/stock/stocktakes',
        { locationId: w.pharmacyId, kind: 'drug' },
        { 'idempotency-key': key() },
      );
      expect(st2.status, JSON.stringify(st2.body)).to.equal(201);
      // 复方甘草片 is a drug too
      expect(st2.body.lines.some((l: { itemId: number }) => l.itemId === other)).to.equal(true);
      const o2 = await seedOrder(ts, w, [{ itemId: item, quantity: 8 }]);
      expect(
        (
          await pharmacist.post(
            `/api/pharmacy/orders/${o2.orderId}/dispense`,
            { pharmacyId: w.pharmacyId },
            { 'idempotency-key': key() },
          )
        ).status,
      ).to.equal(200);
      const counts = st2.body.lines.map((l: { id: number; lotId: number; snapshotQty: number }) => ({
        lineId: l.id,
        countedQty: l.lotId === a ? 2 : l.snapshotQty,
      }));
      const saved = await pharmacist.put(`/api/stock/docs/${st2.body.id}/counts`, { counts });
      const snap3 = stockSnapshot(ts);
      const negPost = await post(keeper, st2.body.id, saved.body.version);
      expect(negPost.status).to.equal(409);
      expect(negPost.body.error.code).to.equal('would_go_negative');
      expect(negPost.body.error.field).to.match(/^lines\.\d+\.countedQty$/);
      expect(stockSnapshot(ts)).to.equal(snap3);
      const cancel = await pharmacist.post(`/api/stock/docs/${st2.body.id}/cancel`, { version: saved.body.version });
      expect(cancel.status).to.equal(200);
    },
  );

  it(
    'refuses unknown documents, stock-takes outside stock locations, counts on other documents ' +
      'and cancelling posted ones, writing nothing',
    async () => {
      const item = await seedItem(ts, { name: '甲硝唑片' });
      const { docId } = await receive(item, 'MS-1', 10);
      const posted = await keeper.get(`/api/stock/docs/${docId}`);
      const before = stockSnapshot(ts);
      expect((await keeper.get('/api/stock/docs/987654')).status).to.equal(404);
      const notStock = await keeper.post(
        '/api/stock/stocktakes',
        { locationId: w.clinicId },
        { 'idempotency-key': key() },
      );
      expect(notStock.status).to.equal(422);
      expect(notStock.body.error.field).to.equal('locationId');
      const counts = await keeper.put(`/api/stock/docs/${docId}/counts`, { counts: [] });
      expect(counts.status).to.equal(422);
      const cancel = await keeper.post(`/api/stock/docs/${docId}/cancel`, { version: posted.body.version });
      expect(cancel.status).to.equal(409);
      expect(cancel.body.error.code).to.equal('already_posted');
      const noKey = await keeper.post(`/api/stock/docs`, receiptBody(item, {}, { lotNo: 'MS-2' }));
      expect(noKey.status).to.equal(400);
      expect(stockSnapshot(ts)).to.equal(before);
    },
  );

  it(
    'lots: FEFO order with expired / near-expiry flags; empty and expired lots on request; ' +
      'readable by a pharmacist',
    async () => {
      const item = await seedItem(ts, { name: '氯雷他定片' });
      await seedLot(ts, { itemId: item, locationId: w.storeId, lotNo: 'L-LATE', expiry: '2028-01-31', qty: 5 });
      await seedLot(ts, { itemId: item, locationId: w.storeId, lotNo: 'L-NEAR', expiry: '2027-01-31', qty: 5 });
      await seedLot(ts, { itemId: item, locationId: w.storeId, lotNo: 'L-OLD', expiry: '2026-11-01', qty: 5 });
      await seedLot(ts, { itemId: item, locationId: w.storeId, lotNo: 'L-EMPTY', expiry: '2027-06-30', qty: 0 });
      const r = await pharmacist.get(`/api/stock/lots?locationId=${w.storeId}&itemId=${item}`);
      expect(r.status).to.equal(200);
      expect(r.body.items.map((l: { lotNo: string; nearExpiry: boolean }) => [l.lotNo, l.nearExpiry])).to.deep.equal([
        ['L-NEAR', true],
        ['L-LATE', false],
      ]);
      const all = await keeper.get(
        `/api/stock/lots?locationId=${w.storeId}&itemId=${item}&includeEmpty=true&includeExpired=true`,
      );
      expect(all.body.items.map((l: { lotNo: string }) => l.lotNo)).to.deep.equal([
        'L-OLD',
        'L-NEAR',
        'L-EMPTY',
        'L-LATE',
      ]);
      expect(all.body.items[0]).to.deep.include({ expired: true, qtyOnHand: 5, itemName: '氯雷他定片' });
      const byName = await keeper.get(`/api/stock/lots?locationId=${w.storeId}&q=${encodeURIComponent('lltd')}`);
      expect(byName.body.items.some((l: { itemId: number }) => l.itemId === item)).to.equal(true);
      const registrar = (await makeUser(ts, ['registrar'])).client;
      expect((await registrar.get(`/api/stock/lots?locationId=${w.storeId}`)).status).to.equal(403);
      const docs = await keeper.get(`/api/stock/docs?type=receipt&from=2026-11-26&to=2026-11-26&limit=2`);
      expect(docs.status).to.equal(200);
      expect(docs.body.items).to.have.length(2);
      expect(docs.body.total).to.be.greaterThan(2);
      const none = await keeper.get(`/api/stock/docs?type=receipt&from=2026-11-27`);
      expect(none.body).to.deep.equal({ items: [], total: 0 });
    },
  );
});
