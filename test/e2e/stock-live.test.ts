// Browser test of stock following live where people work: the doctor's prescribing search
// shows an item's on-hand at the outpatient pharmacy and follows a transfer the store posts
// (no reload), with an item whose invoice category was never saved marked 未归类 (signing it is
// refused on its line); the store's
// alert bar counts the item that transfer took below its reorder level; the pharmacist's alert
// bar (near expiry / below reorder) follows a dispensing and a loss, with a toast and a link
// to 效期与库存预警.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { businessDay } from '../../server/lib/clock.js';
import { userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { openVisit, seedDoctorWorld, type DoctorFixture } from '../helpers/doctor.js';
import { ledgerBreaks, seedOrder } from '../helpers/pharmacy.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
const idem = () => ({ 'idempotency-key': randomUUID() });

describe('browser: live stock at the doctor, alerts at the store and the pharmacy', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let browser: Browser;
  let f: DoctorFixture;
  let storeId: number;
  let storeLot: number;
  let keeper: { client: ApiClient; username: string; password: string };
  let pharmacist: { client: ApiClient; username: string; password: string };

  /** A lot with its opening move (as a receipt would have made it). */
  const insertLot = (itemId: number, locationId: number, lotNo: string, expiry: string, qty: number) =>
    ts.server.modules.uow.write(async (tx) => {
      const lot = await tx.db
        .insertInto('stock_lots')
        .values({
          item_id: itemId,
          location_id: locationId,
          lot_no: lotNo,
          expiry_date: expiry,
          purchase_price_fen: 800,
          qty_on_hand: qty,
          created_at: tx.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.db
        .insertInto('stock_moves')
        .values({
          lot_id: lot.id,
          item_id: itemId,
          location_id: locationId,
          qty_delta: qty,
          reason: 'opening',
          ref_type: null,
          ref_id: null,
          reverses_id: null,
          at: tx.now,
          user_id: null,
        })
        .execute();
      return lot.id;
    });

  /** Waits until the page's alert bar shows these counts: "expired/near_expiry/below_reorder". */
  const alertCounts = (page: Page, want: string) =>
    page.locator(`[data-testid="stock-alerts"][data-counts="${want}"]`).waitFor();

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    const d = await admin.post('/api/departments', { code: 'YK1', name: '中心药库', kind: 'store' });
    if (d.status !== 201) throw new Error(`department: ${d.status} ${JSON.stringify(d.body)}`);
    storeId = d.body.id;
    keeper = await userViaApi(ts, admin, ['storekeeper'], { departmentId: storeId });
    pharmacist = await userViaApi(ts, admin, ['pharmacist'], { departmentId: f.pharmacyId });
    // 二甲双胍片: 100 at the pharmacy (seeded), 120 at the store; reorder level 90.
    storeLot = await insertLot(f.items.MET!, storeId, 'S-MET-01', '2099-12-31', 120);
    // 氯雷他定片: 60 at the pharmacy, reorder level 50. 阿莫西林胶囊: a lot 30 days from expiry there.
    await insertLot(f.items.LOR!, f.pharmacyId, 'P-LOR-01', '2099-12-31', 60);
    await insertLot(f.items.AMX!, f.pharmacyId, 'P-AMX-NEAR', businessDay(Date.now() + 30 * DAY, 'Asia/Shanghai'), 24);
    const raw = ts.server.open.raw;
    raw.prepare('UPDATE catalog_items SET reorder_level = 90 WHERE id = ?').run(f.items.MET);
    raw.prepare('UPDATE catalog_items SET reorder_level = 50 WHERE id = ?').run(f.items.LOR);
    // 维生素C片's invoice category was never saved.
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 0 WHERE id = ?').run(f.items.VC);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it(
    "a posted transfer shows in the doctor's prescribing search without a reload; the store's " +
      'alert bar counts the item it took below its reorder level',
    async () => {
      // The storekeeper's documents list: no alerts at the store yet.
      const k = await newPage(browser, ts);
      await signIn(k.page, keeper.username, keeper.password);
      await k.page.goto('/store');
      await k.page.getByRole('region', { name: '库存预警' }).getByText('暂无预警').waitFor();

      // The doctor prescribes for an open visit; the search shows on-hand at the outpatient pharmacy.
      await openVisit(f.doctor.client, f.clinicId, f.plainPatientId);
      const doc = await newPage(browser, ts);
      await signIn(doc.page, f.doctor.username, f.doctor.password);
      await doc.page.goto('/doctor');
      await doc.page.locator('.mine-item', { hasText: '李四' }).click();
      const search = doc.page.getByRole('searchbox', { name: /药品\/项目检索/ });
      await search.fill('ejsg');
      const metOption = doc.page.getByRole('option', { name: /二甲双胍片/ });
      await metOption.getByTestId(`search-stock-${f.items.MET}`).getByText('100片').waitFor();
      expect(
        await metOption.locator('.rx-unconfirmed').count(),
        'an item with a saved invoice category has no marker',
      ).to.equal(0);
      let loads = 0;
      doc.page.on('load', () => loads++);

      // The store transfers 2 packs (96 片) to the pharmacy (through the API) and posts it.
      const draft = await keeper.client.post(
        '/api/stock/docs',
        {
          type: 'transfer',
          locationId: storeId,
          counterpartId: f.pharmacyId,
          lines: [{ itemId: f.items.MET, lotId: storeLot, quantity: 96 }],
        },
        idem(),
      );
      expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
      const posted = await keeper.client.post(
        `/api/stock/docs/${draft.body.id}/post`,
        { version: draft.body.version },
        idem(),
      );
      expect(posted.status, JSON.stringify(posted.body)).to.equal(200);

      // The store went from 120 to 24 片, below its reorder level of 90: a toast and the bar's count.
      await k.page.locator('.toasts').getByText('库存预警：二甲双胍片 低于库存下限').waitFor();
      await alertCounts(k.page, '0/0/1');

      // The doctor's open search follows (stock:changed to pharmacy:<id>).
      await metOption.getByTestId(`search-stock-${f.items.MET}`).getByText('196片').waitFor();
      expect(loads, 'the doctor page was not reloaded').to.equal(0);
      await screenshot(doc.page, 'doctor-search-live-stock');

      // An item whose invoice category was never saved: a red 未归类 with the reason on hover.
      await search.fill('wssc');
      const vc = doc.page.getByRole('option', { name: /维生素C片/ });
      const mark = vc.locator('.rx-unconfirmed');
      await mark.getByText('未归类').waitFor();
      expect(await mark.getAttribute('title')).to.contain('发票归类');
      // Signing it is refused on its line; the lines stay on the screen (签名 saves and signs in one
      // transaction, so a refusal leaves no draft behind); nothing reaches the cashier.
      await search.press('Enter');
      await doc.page.locator('.rx-lines tr[data-line="0"]', { hasText: '维生素C片' }).waitFor();
      await doc.page.locator('input[name="lines.0.quantity"]').fill('100');
      await doc.page.getByTestId('qty-0').getByText('100片').waitFor();
      await doc.page.keyboard.press('F9');
      await doc.page.locator('.rx-problem [data-code="invoice_unconfirmed"]', { hasText: '发票归类' }).waitFor();
      await doc.page.locator('.rx-lines tr[data-line="0"]', { hasText: '维生素C片' }).waitFor();
      expect(await doc.page.locator('input[name="lines.0.quantity"]').inputValue()).to.equal('100');
      expect(ts.server.open.raw.prepare("SELECT count(*) FROM orders WHERE status = 'signed'").pluck().get()).to.equal(
        0,
      );
      await doc.context.close();
      await k.context.close();
    },
  );

  it(
    "the pharmacist's alert bar follows a dispensing that takes an item below its reorder level " +
      'and a loss of the near-expiry lot',
    async () => {
      const p = await newPage(browser, ts);
      await signIn(p.page, pharmacist.username, pharmacist.password);
      await p.page.goto('/pharmacy');
      await p.page.getByText('暂无待发药处方').waitFor();
      const bar = p.page.getByRole('region', { name: '库存预警' });
      await bar.waitFor();
      // The standing state on opening: the 阿莫西林胶囊 lot near expiry; nothing below its level.
      await alertCounts(p.page, '0/1/0');

      // A dispensing of 12 氯雷他定片 (60 → 48, below 50).
      const o = await seedOrder(
        ts,
        {
          pharmacyId: f.pharmacyId,
          otherPharmacyId: f.pharmacyId,
          clinicId: f.clinicId,
          doctorStaffId: f.doctor.staffId,
        },
        [{ itemId: f.items.LOR!, quantity: 12 }],
      );
      const dispensed = await pharmacist.client.post(
        `/api/pharmacy/orders/${o.orderId}/dispense`,
        { pharmacyId: f.pharmacyId },
        idem(),
      );
      expect(dispensed.status, JSON.stringify(dispensed.body)).to.equal(200);
      await p.page.locator('.toasts').getByText('库存预警：氯雷他定片 低于库存下限').waitFor();
      await alertCounts(p.page, '0/1/1');
      await screenshot(p.page, 'pharmacy-alert-bar');

      // The near-expiry lot is written off: drafted by the pharmacist, posted by the storekeeper.
      const lots = await pharmacist.client.get(`/api/stock/lots?locationId=${f.pharmacyId}&itemId=${f.items.AMX}`);
      const near = (lots.body.items as Array<{ id: number; lotNo: string }>).find((l) => l.lotNo === 'P-AMX-NEAR')!;
      const loss = await pharmacist.client.post(
        '/api/stock/docs',
        {
          type: 'loss',
          locationId: f.pharmacyId,
          reason: '近效期报损',
          lines: [{ itemId: f.items.AMX, lotId: near.id, quantity: 24 }],
        },
        idem(),
      );
      expect(loss.status, JSON.stringify(loss.body)).to.equal(201);
      const lossPosted = await keeper.client.post(
        `/api/stock/docs/${loss.body.id}/post`,
        { version: loss.body.version },
        idem(),
      );
      expect(lossPosted.status, JSON.stringify(lossPosted.body)).to.equal(200);
      await alertCounts(p.page, '0/0/1');

      // The link opens 效期与库存预警 at this pharmacy.
      await bar.getByRole('link', { name: /效期与库存预警/ }).click();
      await p.page.waitForURL((u) => u.pathname === '/store/reports/alerts');
      expect(await p.page.locator('select[name="locationId"]').inputValue()).to.equal(String(f.pharmacyId));
      await p.page.getByRole('table', { name: '低于库存下限' }).getByText('氯雷他定片').waitFor();
      expect(ledgerBreaks(ts)).to.deep.equal([]);
      await p.context.close();
    },
  );
});
