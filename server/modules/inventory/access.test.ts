// Who may do what where: a pharmacy submits its own requisition (inventory.draft), users
// without inventory.post work only at their own department; whether a requisition is filled
// (filledById, pending=true) is decided on the server; a supplier's expired drug licence
// stops a receipt; the document list searches suppliers, counterparts and items by pinyin.
import { expect } from 'chai';
import {
  moveUser,
  seedItem,
  seedStockWorld,
  seedSupplier,
  stockSnapshot,
  stockUser,
  type StockWorld,
} from '../../../test/helpers/inventory.js';
import { ledgerBreaks, seedLot } from '../../../test/helpers/pharmacy.js';
import { type ApiClient, ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';

let keyNo = 0;
const key = () => `inv-access-${process.pid}-${++keyNo}`;

interface Summary {
  id: number;
  docNo: string;
  filledById: number | null;
  filledByNo: string | null;
}

describe('stock documents: submitting, locations, filled requisitions, supplier licences, search', () => {
  let ts: TestServer;
  let w: StockWorld;
  let keeper: ApiClient; // storekeeper (draft + post), in no stock department: works anywhere
  let clerk: ApiClient; // store clerk at the store
  let pharmacist: ApiClient; // at the outpatient pharmacy
  let pharmacistId: number;
  let colleague: ApiClient; // another pharmacist at the same pharmacy
  let herbalist: ApiClient; // a pharmacist at the other pharmacy

  const create = (c: ApiClient, body: unknown) => c.post('/api/stock/docs', body, { 'idempotency-key': key() });
  const post = (c: ApiClient, id: number, version: number) =>
    c.post(`/api/stock/docs/${id}/post`, { version }, { 'idempotency-key': key() });
  const stocktake = (c: ApiClient, locationId: number) =>
    c.post('/api/stock/stocktakes', { locationId }, { 'idempotency-key': key() });
  const requisition = (c: ApiClient, itemId: number, locationId = w.pharmacyId) =>
    create(c, { type: 'requisition', locationId, counterpartId: w.storeId, lines: [{ itemId, quantity: 50 }] });
  const moveCount = () =>
    (ts.server.open.raw.prepare('SELECT count(*) AS n FROM stock_moves').get() as { n: number }).n;
  const list = async (c: ApiClient, query: string): Promise<{ items: Summary[]; total: number }> => {
    const r = await c.get(`/api/stock/docs?${query}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };
  const ids = (r: { items: Summary[] }) => r.items.map((d) => d.id);

  /** A posted receipt of `qty` into the store; returns the new lot. */
  async function receive(itemId: number, lotNo: string, qty: number): Promise<number> {
    const c = await create(keeper, {
      type: 'receipt',
      locationId: w.storeId,
      supplierId: w.supplierId,
      supplierInvoiceNo: 'FP-1',
      lines: [{ itemId, lotNo, expiryDate: '2028-06-30', purchasePriceFen: 960, quantity: qty }],
    });
    expect(c.status, JSON.stringify(c.body)).to.equal(201);
    const p = await post(keeper, c.body.id, c.body.version);
    expect(p.status, JSON.stringify(p.body)).to.equal(200);
    return p.body.lines[0].lotId;
  }

  before(async () => {
    // 2026-11-26 09:00 in Asia/Shanghai.
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    w = await seedStockWorld(ts);
    keeper = (await makeUser(ts, ['storekeeper'])).client;
    clerk = (await stockUser(ts, ['store-clerk'], w.storeId)).client;
    const p = await stockUser(ts, ['pharmacist'], w.pharmacyId);
    pharmacist = p.client;
    pharmacistId = p.userId;
    colleague = (await stockUser(ts, ['pharmacist'], w.pharmacyId)).client;
    herbalist = (await stockUser(ts, ['pharmacist'], w.otherPharmacyId)).client;
  });
  after(async () => {
    await ts.stop();
  });
  afterEach(() => {
    expect(ledgerBreaks(ts), 'every lot equals the sum of its stock moves and is never negative').to.deep.equal([]);
  });

  it(
    'a pharmacist submits their own requisition with inventory.draft; a colleague, a clerk, or ' +
      'posting any other type needs inventory.post (nothing changes)',
    async () => {
      const item = await seedItem(ts, { name: '阿莫西林胶囊' });
      const q = await requisition(pharmacist, item);
      expect(q.status, JSON.stringify(q.body)).to.equal(201);

      const lot = await seedLot(ts, {
        itemId: item,
        locationId: w.pharmacyId,
        lotNo: 'AC-1',
        expiry: '2028-01-31',
        qty: 40,
      });
      const loss = await create(pharmacist, {
        type: 'loss',
        locationId: w.pharmacyId,
        reason: '破损',
        lines: [{ itemId: item, lotId: lot, quantity: 2 }],
      });
      expect(loss.status, JSON.stringify(loss.body)).to.equal(201);
      const receipt = await create(clerk, {
        type: 'receipt',
        locationId: w.storeId,
        supplierId: w.supplierId,
        supplierInvoiceNo: 'FP-2',
        lines: [{ itemId: item, lotNo: 'AC-R', expiryDate: '2028-06-30', purchasePriceFen: 960, quantity: 24 }],
      });
      expect(receipt.status, JSON.stringify(receipt.body)).to.equal(201);

      const before = stockSnapshot(ts);
      const refusals: Array<[ApiClient, number, number]> = [
        [colleague, q.body.id, q.body.version], // not the maker
        [clerk, q.body.id, q.body.version], // a store clerk
        [pharmacist, loss.body.id, loss.body.version], // own loss: posting moves stock
        [clerk, receipt.body.id, receipt.body.version], // own receipt
      ];
      for (const [c, id, version] of refusals) {
        const r = await post(c, id, version);
        expect(r.status, JSON.stringify(r.body)).to.equal(403);
        expect(r.body.error.code).to.equal('forbidden');
        expect(r.body.error.message).to.contain('inventory.post');
      }
      expect(stockSnapshot(ts), 'refused postings write nothing').to.equal(before);

      const moves = moveCount();
      const sub = await post(pharmacist, q.body.id, q.body.version);
      expect(sub.status, JSON.stringify(sub.body)).to.equal(200);
      expect(sub.body).to.deep.include({ status: 'posted', filledById: null, filledByNo: null });
      expect(sub.body.postedBy.id).to.equal(pharmacistId);
      expect(moveCount(), 'a requisition moves no stock').to.equal(moves);
      const again = await post(pharmacist, q.body.id, sub.body.version);
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('already_posted');

      // A maker who has since moved to another department no longer submits for the pharmacy.
      const mover = await stockUser(ts, ['pharmacist'], w.pharmacyId);
      const q2 = await requisition(mover.client, item);
      expect(q2.status).to.equal(201);
      await moveUser(ts, mover.userId, w.otherPharmacyId);
      const snap = stockSnapshot(ts);
      const moved = await post(mover.client, q2.body.id, q2.body.version);
      expect(moved.status).to.equal(403);
      expect(moved.body.error).to.include({ code: 'not_your_location', field: 'locationId' });
      expect(stockSnapshot(ts)).to.equal(snap);
      // Cleanup: the drafts are cancelled by their makers (cancelling one's own draft is not tied to the location).
      expect(
        (await mover.client.post(`/api/stock/docs/${q2.body.id}/cancel`, { version: q2.body.version })).status,
      ).to.equal(200);
      expect(
        (await pharmacist.post(`/api/stock/docs/${loss.body.id}/cancel`, { version: loss.body.version })).status,
      ).to.equal(200);
      expect(
        (await clerk.post(`/api/stock/docs/${receipt.body.id}/cancel`, { version: receipt.body.version })).status,
      ).to.equal(200);
    },
  );

  it(
    'without inventory.post a user drafts, edits, starts stock-takes and counts only at their ' +
      'own department (403 not_your_location naming locationId); a storekeeper works anywhere',
    async () => {
      const item = await seedItem(ts, { name: '布洛芬缓释胶囊' });
      const storeLot = await receive(item, 'LOC-S', 100);
      const pharmLot = await seedLot(ts, {
        itemId: item,
        locationId: w.pharmacyId,
        lotNo: 'LOC-P',
        expiry: '2028-01-31',
        qty: 30,
      });
      const before = stockSnapshot(ts);
      const refused: Array<
        [string, Promise<{ status: number; body: { error: { code: string; field?: string; message: string } } }>]
      > = [
        [
          'pharmacist: loss at the store',
          create(pharmacist, {
            type: 'loss',
            locationId: w.storeId,
            reason: '破损',
            lines: [{ itemId: item, lotId: storeLot, quantity: 1 }],
          }),
        ],
        ['pharmacist: requisition for the other pharmacy', requisition(pharmacist, item, w.otherPharmacyId)],
        [
          'herbalist: transfer out of the outpatient pharmacy',
          create(herbalist, {
            type: 'transfer',
            locationId: w.pharmacyId,
            counterpartId: w.otherPharmacyId,
            lines: [{ itemId: item, lotId: pharmLot, quantity: 1 }],
          }),
        ],
        [
          'clerk: loss at the pharmacy',
          create(clerk, {
            type: 'loss',
            locationId: w.pharmacyId,
            reason: '破损',
            lines: [{ itemId: item, lotId: pharmLot, quantity: 1 }],
          }),
        ],
        ['clerk: stock-take at the pharmacy', stocktake(clerk, w.pharmacyId)],
        ['herbalist: stock-take at the outpatient pharmacy', stocktake(herbalist, w.pharmacyId)],
      ];
      for (const [what, p] of refused) {
        const r = await p;
        expect(r.status, `${what}: ${JSON.stringify(r.body)}`).to.equal(403);
        expect(r.body.error, what).to.include({ code: 'not_your_location', field: 'locationId' });
      }
      pharmacist.lang = 'zh';
      const zh = await create(pharmacist, {
        type: 'loss',
        locationId: w.storeId,
        reason: '破损',
        lines: [{ itemId: item, lotId: storeLot, quantity: 1 }],
      });
      pharmacist.lang = 'en';
      expect(zh.body.error.message).to.contain('中心药库').and.contain('门诊西药房');
      expect(stockSnapshot(ts), 'refusals write nothing').to.equal(before);

      // At home it works; a stock-take started at the pharmacy is counted only by its own people.
      const st = await stocktake(pharmacist, w.pharmacyId);
      expect(st.status, JSON.stringify(st.body)).to.equal(201);
      const line = st.body.lines.find((l: { lotId: number }) => l.lotId === pharmLot);
      const snap = stockSnapshot(ts);
      const foreign = await herbalist.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: line.id, countedQty: 1 }],
      });
      expect(foreign.status).to.equal(403);
      expect(foreign.body.error).to.include({ code: 'not_your_location', field: 'locationId' });
      const clerkCount = await clerk.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: line.id, countedQty: 1 }],
      });
      expect(clerkCount.status).to.equal(403);
      expect(stockSnapshot(ts)).to.equal(snap);
      const own = await colleague.put(`/api/stock/docs/${st.body.id}/counts`, {
        counts: [{ lineId: line.id, countedQty: 30 }],
      });
      expect(own.status, JSON.stringify(own.body)).to.equal(200);
      expect(
        (await pharmacist.post(`/api/stock/docs/${st.body.id}/cancel`, { version: own.body.version })).status,
      ).to.equal(200);

      // A clerk's own draft at the store cannot be edited once the clerk belongs elsewhere.
      const mover = await stockUser(ts, ['store-clerk'], w.storeId);
      const draft = await create(mover.client, {
        type: 'loss',
        locationId: w.storeId,
        reason: '破损',
        lines: [{ itemId: item, lotId: storeLot, quantity: 1 }],
      });
      expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
      await moveUser(ts, mover.userId, w.clinicId);
      const snap2 = stockSnapshot(ts);
      const edit = await mover.client.put(`/api/stock/docs/${draft.body.id}`, {
        version: draft.body.version,
        reason: '霉变',
        lines: [{ itemId: item, lotId: storeLot, quantity: 2 }],
      });
      expect(edit.status).to.equal(403);
      expect(edit.body.error).to.include({ code: 'not_your_location', field: 'locationId' });
      expect(stockSnapshot(ts)).to.equal(snap2);
      expect(
        (await mover.client.post(`/api/stock/docs/${draft.body.id}/cancel`, { version: draft.body.version })).status,
      ).to.equal(200);

      // The storekeeper (department: none of these) drafts at the store and at a pharmacy.
      const k1 = await create(keeper, {
        type: 'loss',
        locationId: w.pharmacyId,
        reason: '破损',
        lines: [{ itemId: item, lotId: pharmLot, quantity: 1 }],
      });
      expect(k1.status, JSON.stringify(k1.body)).to.equal(201);
      const k2 = await stocktake(keeper, w.otherPharmacyId);
      expect(k2.status, JSON.stringify(k2.body)).to.equal(201);
      for (const d of [k1.body, k2.body])
        expect((await keeper.post(`/api/stock/docs/${d.id}/cancel`, { version: d.version })).status).to.equal(200);
    },
  );

  it(
    'filledById / pending: a requisition is pending until a posted transfer fills it, and ' +
      'pending again when that transfer is reversed',
    async () => {
      const item = await seedItem(ts, { name: '氨溴索口服液', unit: 'ml', packSize: 100 });
      const lot = await receive(item, 'FL-1', 1000);
      const q = await requisition(pharmacist, item);
      const draftPending = await list(keeper, `locationId=${w.storeId}&pending=true`);
      expect(ids(draftPending), 'a draft requisition is not pending yet').to.not.include(q.body.id);
      const sub = await post(pharmacist, q.body.id, q.body.version);
      expect(sub.status).to.equal(200);

      const pending = await list(keeper, `locationId=${w.storeId}&pending=true`);
      expect(pending.items.find((d) => d.id === q.body.id)).to.deep.include({ filledById: null, filledByNo: null });
      expect(pending.total).to.equal(pending.items.length);
      expect(
        pending.items.every((d) => (d as unknown as { type: string; status: string }).type === 'requisition'),
      ).to.equal(true);
      expect(
        ids(await list(pharmacist, `locationId=${w.pharmacyId}&pending=true`)),
        'pending matches the store asked, not the requester',
      ).to.not.include(q.body.id);

      const tr = await create(keeper, {
        type: 'transfer',
        locationId: w.storeId,
        requisitionId: q.body.id,
        lines: [{ itemId: item, lotId: lot, quantity: 50 }],
      });
      expect(tr.status, JSON.stringify(tr.body)).to.equal(201);
      expect(tr.body).to.deep.include({ filledById: null, filledByNo: null });
      expect(
        ids(await list(keeper, `locationId=${w.storeId}&pending=true`)),
        'a draft transfer does not fill it',
      ).to.include(q.body.id);
      const tp = await post(keeper, tr.body.id, tr.body.version);
      expect(tp.status, JSON.stringify(tp.body)).to.equal(200);
      expect(tp.body).to.deep.include({ filledById: null, filledByNo: null }); // only requisitions carry it

      const filled = await keeper.get(`/api/stock/docs/${q.body.id}`);
      expect(filled.body).to.deep.include({ filledById: tr.body.id, filledByNo: tr.body.docNo });
      expect(ids(await list(keeper, `locationId=${w.storeId}&pending=true`))).to.not.include(q.body.id);
      const summaries = await list(pharmacist, `locationId=${w.pharmacyId}&type=requisition`);
      expect(summaries.items.find((d) => d.id === q.body.id)).to.deep.include({
        filledById: tr.body.id,
        filledByNo: tr.body.docNo,
      });

      // The transfer is reversed: the requisition is open again and can be filled by another transfer.
      const rv = await keeper.post(
        `/api/stock/docs/${tr.body.id}/reverse`,
        { reason: '批号开错' },
        { 'idempotency-key': key() },
      );
      expect(rv.status, JSON.stringify(rv.body)).to.equal(201);
      const reopened = await keeper.get(`/api/stock/docs/${q.body.id}`);
      expect(reopened.body).to.deep.include({ filledById: null, filledByNo: null });
      expect(ids(await list(keeper, `locationId=${w.storeId}&pending=true`))).to.include(q.body.id);
      const tr2 = await create(keeper, {
        type: 'transfer',
        locationId: w.storeId,
        requisitionId: q.body.id,
        lines: [{ itemId: item, lotId: lot, quantity: 50 }],
      });
      expect(tr2.status, JSON.stringify(tr2.body)).to.equal(201);
      await post(keeper, tr2.body.id, tr2.body.version);
      expect((await keeper.get(`/api/stock/docs/${q.body.id}`)).body).to.deep.include({
        filledById: tr2.body.id,
        filledByNo: tr2.body.docNo,
      });
      expect(ids(await list(keeper, `locationId=${w.storeId}&pending=true`))).to.not.include(q.body.id);
      const bad = await keeper.get(`/api/stock/docs?pending=maybe`);
      expect(bad.status).to.equal(422);
      expect(bad.body.error.field).to.equal('pending');
    },
  );

  it(
    'a receipt from a supplier whose drug licence expired before today is refused at draft, edit ' +
      'and posting (422 supplierId); today or no date is allowed',
    async () => {
      const item = await seedItem(ts, { name: '头孢克肟分散片' });
      const expired = await seedSupplier(ts, { name: '过期医药', licenceExpiresOn: '2026-11-25' });
      const lastDay = await seedSupplier(ts, { name: '今天医药', licenceExpiresOn: '2026-11-26' });
      const later = await seedSupplier(ts, { name: '明年医药', licenceExpiresOn: '2027-11-26' });
      const body = (supplierId: number, lotNo: string) => ({
        type: 'receipt',
        locationId: w.storeId,
        supplierId,
        supplierInvoiceNo: 'FP-L',
        lines: [{ itemId: item, lotNo, expiryDate: '2028-06-30', purchasePriceFen: 960, quantity: 24 }],
      });

      const before = stockSnapshot(ts);
      clerk.lang = 'zh';
      const zh = await create(clerk, body(expired.id, 'LIC-1'));
      clerk.lang = 'en';
      expect(zh.status).to.equal(422);
      expect(zh.body.error).to.deep.include({
        field: 'supplierId',
        message: `供应商“${expired.name}”的药品经营许可证已于 2026-11-25 过期,不能入库`,
      });
      const en = await create(clerk, body(expired.id, 'LIC-1'));
      expect(en.body.error.message).to.contain('licence').and.contain('2026-11-25');
      expect(stockSnapshot(ts)).to.equal(before);

      expect((await create(clerk, body(lastDay.id, 'LIC-2'))).status, 'valid through today').to.equal(201);
      expect((await create(clerk, body(w.supplierId, 'LIC-3'))).status, 'no licence date on file').to.equal(201);

      // Drafted while valid; the licence date is corrected to a past day before posting.
      const d = await create(clerk, body(later.id, 'LIC-4'));
      expect(d.status).to.equal(201);
      ts.server.open.raw
        .prepare('UPDATE suppliers SET drug_licence_expires_on = ? WHERE id = ?')
        .run('2026-11-20', later.id);
      const snap = stockSnapshot(ts);
      const p = await post(keeper, d.body.id, d.body.version);
      expect(p.status).to.equal(422);
      expect(p.body.error.field).to.equal('supplierId');
      expect(p.body.error.message).to.contain('2026-11-20');
      const edit = await clerk.put(`/api/stock/docs/${d.body.id}`, {
        version: d.body.version,
        supplierId: later.id,
        supplierInvoiceNo: 'FP-L2',
        lines: body(later.id, 'LIC-4').lines,
      });
      expect(edit.status).to.equal(422);
      expect(edit.body.error.field).to.equal('supplierId');
      expect(stockSnapshot(ts)).to.equal(snap);
    },
  );

  it(
    'the document list q matches supplier and counterpart pinyin initials and item names / ' + 'pinyin on the lines',
    async () => {
      const item = await seedItem(ts, { name: '硝酸甘油片' });
      const other = await seedItem(ts, { name: '维生素B1片' });
      const hr = await seedSupplier(ts, { name: '华润医药' });
      const mk = async (supplierId: number, itemId: number, lotNo: string) => {
        const c = await create(keeper, {
          type: 'receipt',
          locationId: w.storeId,
          supplierId,
          supplierInvoiceNo: 'FP-Q',
          lines: [{ itemId, lotNo, expiryDate: '2028-06-30', purchasePriceFen: 960, quantity: 24 }],
        });
        expect(c.status, JSON.stringify(c.body)).to.equal(201);
        return c.body as { id: number; version: number; lines: Array<{ lotId: number }> };
      };
      const byHr = await mk(hr.id, item, 'Q-1');
      const byOther = await mk(w.supplierId, other, 'Q-2');
      const posted = await post(keeper, byOther.id, byOther.version);
      const tr = await create(keeper, {
        type: 'transfer',
        locationId: w.storeId,
        counterpartId: w.otherPharmacyId,
        lines: [{ itemId: other, lotId: posted.body.lines[0].lotId, quantity: 1 }],
      });
      expect(tr.status, JSON.stringify(tr.body)).to.equal(201);

      const search = async (q: string) =>
        ids(await list(keeper, `locationId=${w.storeId}&limit=200&q=${encodeURIComponent(q)}`));
      expect(await search('hryy'), 'supplier initials')
        .to.include(byHr.id)
        .and.not.include(byOther.id);
      expect(await search('huarun'), 'supplier full pinyin')
        .to.include(byHr.id)
        .and.not.include(byOther.id);
      expect(await search('zyf'), 'counterpart initials (中药房)')
        .to.include(tr.body.id)
        .and.not.include(byHr.id);
      expect(await search('中药房'), 'counterpart name').to.include(tr.body.id);
      expect(await search('xsgy'), 'item initials on a line')
        .to.include(byHr.id)
        .and.not.include(byOther.id);
      expect(await search('硝酸甘油'), 'item name on a line')
        .to.include(byHr.id)
        .and.not.include(tr.body.id);
      const vb = await search('wssb');
      expect(vb, 'an item on several documents').to.include.members([byOther.id, tr.body.id]);
      expect(vb).to.not.include(byHr.id);
      const paged = await list(keeper, `locationId=${w.storeId}&q=wssb&limit=1`);
      expect(paged.items).to.have.length(1);
      expect(paged.total).to.equal(2);
      expect(await search('qqxxzz')).to.deep.equal([]);
      expect(await search('%')).to.deep.equal([]);
    },
  );
});
