// Browser test of the store's report pages: the storekeeper opens 库存查询 from the station's
// navigation (expired lot red, near-expiry lot amber, totals) and exports it to Excel (the
// file holds the same totals), the ledger of an item picked by pinyin initials (opening + in
// − out = closing on screen), the monthly report (class rows and totals) and the alerts page,
// which updates live when a posted loss takes the item below its reorder level. The browser's
// clock is years off: the pages still open on the center's day and month (the server's), and
// the English Excel export has English headers and an English file name.
import fs from 'node:fs';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { businessDay } from '../../server/lib/clock.js';
import { formatYuan } from '../../core/money.js';
import { readXlsx } from '../../server/lib/xlsx.js';
import { userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, signIn } from '../helpers/browser.js';
import { seedDrug } from '../helpers/pharmacy.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
/** Shifts the page's Date to 2021-03-15 10:00 in Shanghai (time keeps running from there). */
const WRONG_CLOCK = `(() => {
  const Real = Date;
  const off = Real.UTC(2021, 2, 15, 2, 0) - Real.now();
  class Shifted extends Real {
    constructor(...a) { if (a.length) super(...a); else super(Real.now() + off); }
    static now() { return Real.now() + off; }
  }
  globalThis.Date = Shifted;
})();`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const day = (offset: number) => businessDay(Date.now() + offset * DAY, 'Asia/Shanghai');

describe('browser: store report pages', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let keeper: { username: string; password: string; client: ApiClient };
  let storeId: number;
  let drugId: number;
  const lots: Record<string, number> = {};
  let received = '';

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    const d = await admin.post('/api/departments', { code: 'YK1', name: '中心药库', kind: 'store' });
    if (d.status !== 201) throw new Error(`department: ${d.status} ${JSON.stringify(d.body)}`);
    storeId = d.body.id;
    drugId = await seedDrug(ts, { name: '阿莫西林胶囊', unit: '粒', packUnit: '盒', packSize: 24, spec: '0.25g×24粒' });
    keeper = await userViaApi(ts, admin, ['storekeeper'], { departmentId: storeId });
    // Three lots received a minute ago: near expiry (30 days), expired (2 days ago), and a far one.
    const at = Date.now() - 60_000;
    received = businessDay(at, 'Asia/Shanghai');
    await ts.server.modules.uow.write(async (tx) => {
      for (const [lotNo, expiry, price, qty] of [
        ['NEAR1', day(30), 1200, 48],
        ['OLD1', day(-2), 1000, 24],
        ['FAR1', day(700), 1300, 100],
      ] as const) {
        const lot = await tx.db
          .insertInto('stock_lots')
          .values({
            item_id: drugId,
            location_id: storeId,
            lot_no: lotNo,
            expiry_date: expiry,
            purchase_price_fen: price,
            qty_on_hand: qty,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        lots[lotNo] = lot.id;
        await tx.db
          .insertInto('stock_moves')
          .values({
            lot_id: lot.id,
            item_id: drugId,
            location_id: storeId,
            qty_delta: qty,
            reason: 'receipt',
            ref_type: null,
            ref_id: null,
            reverses_id: null,
            at,
            user_id: null,
          })
          .execute();
      }
      await tx.db.updateTable('catalog_items').set({ reorder_level: 140 }).where('id', '=', drugId).execute();
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('on hand with flags and Excel export, ledger by pinyin, monthly, and live alerts', async () => {
    const { context, page } = await newPage(browser, ts);
    // A workstation whose clock says March 2021: the report pages must not believe it. Only Date
    // is shifted (Playwright's clock also fakes timers and animation frames, which made clicks flaky).
    await context.addInitScript({ content: WRONG_CLOCK });
    const today = businessDay(Date.now(), 'Asia/Shanghai');
    /** Waits until the input `name` holds `want` (the page fills it once the server's today arrives). */
    const settles = async (name: string, want: string) => {
      let got = '';
      for (let i = 0; i < 100 && got !== want; i++) {
        got = await page.locator(`input[name="${name}"]`).inputValue();
        if (got !== want) await sleep(100);
      }
      expect(got, name).to.equal(want);
    };
    await signIn(page, keeper.username, keeper.password);
    expect(await page.evaluate(() => new Date().getFullYear())).to.equal(2021);
    await page.goto('/store');
    const nav = page.locator('nav.store-nav');
    await nav.getByRole('link', { name: '库存查询', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/store/reports/on-hand');
    await page.getByRole('heading', { level: 1, name: '库存查询' }).waitFor();
    const table = page.getByRole('table', { name: '库存查询' });
    await table.locator('tr.row-expired').filter({ hasText: 'OLD1' }).waitFor();
    await table.locator('tr.row-near').filter({ hasText: 'NEAR1' }).waitFor();
    expect(await table.locator('tbody tr').count()).to.equal(3);
    // 48 × 12.00/24 + 24 × 10.00/24 + 100 × 13.00/24 = 24.00 + 10.00 + 54.17 = 88.17
    const api = await keeper.client.get(`/api/stock/reports/on-hand?locationId=${storeId}`);
    expect(api.body.totals).to.deep.equal({ qty: 172, valueFen: 8817 });
    await page
      .getByTestId('on-hand-totals')
      .getByText(`¥${formatYuan(8817)}`)
      .waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal(`库存查询-${today}.xlsx`);
    const sheet = await readXlsx(fs.readFileSync((await download.path())!), { maxRows: 1000 });
    expect(sheet.header.slice(0, 3)).to.deep.equal(['库房', '编码', '名称']);
    const total = sheet.rows.find((r) => r.cells[0] === '合计')!;
    expect([total.cells[7], Math.round(Number(total.cells[9]) * 100)]).to.deep.equal([172, 8817]);

    // --- The ledger of the drug, picked by its pinyin initials, for the day of the receipt (center's time zone). ---
    await nav.getByRole('link', { name: '进销存台账', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/store/reports/ledger');
    await settles('from', `${today.slice(0, 7)}-01`);
    await settles('to', today);
    // The item by its pinyin initials. The store's picker closes 150 ms after it loses the focus
    // (store/pickers.ts), even if it got the focus back in between; the focus moving while the
    // page opens can close the list just typed into, so type again when that happens.
    const box = page.getByRole('combobox', { name: '品种' });
    for (let attempt = 1; ; attempt++) {
      await box.fill('amxl');
      try {
        await page.getByRole('option', { name: /阿莫西林胶囊/ }).click({ timeout: 3000 });
        break;
      } catch (e) {
        if (attempt === 3 || (await box.getAttribute('aria-expanded')) === 'true') throw e;
      }
    }
    await page.getByTestId('ledger-closing').waitFor();
    await page.locator('input[name="from"]').fill(received);
    await page.locator('input[name="to"]').fill(received);
    await page
      .getByTestId('ledger-closing')
      .getByText(`172粒 · ¥${formatYuan(8817)}`)
      .waitFor();
    const ledgerTable = page.getByRole('table', { name: '进销存台账' });
    expect(await ledgerTable.locator('tbody tr').filter({ hasText: '入库' }).count()).to.equal(3);
    const opening = await page.getByTestId('ledger-opening').textContent();
    const inText = await page.getByTestId('ledger-in').textContent();
    expect(opening).to.equal('0粒 · ¥0.00');
    expect(inText).to.equal(`172粒 · ¥${formatYuan(8817)}`);

    // --- The monthly report of the receipt's month: the western class holds it all. ---
    await nav.getByRole('link', { name: '月度报表', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/store/reports/monthly');
    await settles('month', today.slice(0, 7));
    await page.locator('input[name="month"]').fill(received.slice(0, 7));
    const monthly = page.getByRole('table', { name: '月度进销存报表' });
    const western = monthly.locator('tbody tr').filter({ hasText: '西药' }).filter({ hasText: '88.17' });
    await western.waitFor();
    expect((await western.locator('td').allTextContents()).slice(1)).to.deep.equal([
      '0.00',
      '88.17',
      '0.00',
      '0.00',
      '88.17',
    ]);
    // Quantities only per item, in its own unit (never added across items).
    await page
      .getByRole('table', { name: '品种明细' })
      .locator('tbody tr')
      .filter({ hasText: '172' })
      .first()
      .waitFor();
    await monthly.locator('tr.row-total').filter({ hasText: '合计' }).waitFor();

    // --- Alerts: expired and near-expiry lots; below reorder appears live after a posted loss. ---
    await nav.getByRole('link', { name: '效期与库存预警', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/store/reports/alerts');
    await page
      .getByRole('table', { name: /已过期仍有库存的批次/ })
      .getByText('OLD1')
      .waitFor();
    await page
      .getByRole('table', { name: /近效期批次/ })
      .getByText('NEAR1')
      .waitFor();
    const [alertFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    const expiredSheet = await readXlsx(fs.readFileSync((await alertFile.path())!), { maxRows: 1000 });
    expect(expiredSheet.rows.map((r) => [r.cells[4], r.cells[6]])).to.deep.equal([['OLD1', 24]]);
    const reorder = page.getByRole('table', { name: '低于库存下限的品种' });
    await reorder.getByText('没有低于下限的品种').waitFor();
    // Usable (not expired) on hand is 148 ≥ 140; a loss of 24 from FAR1 takes it to 124.
    const doc = await keeper.client.post(
      '/api/stock/docs',
      {
        type: 'loss',
        locationId: storeId,
        reason: '破损',
        lines: [{ itemId: drugId, lotId: lots.FAR1, quantity: 24, reason: '破损' }],
      },
      { 'idempotency-key': 'e2e-reports-loss-1' },
    );
    expect(doc.status, JSON.stringify(doc.body)).to.equal(201);
    const posted = await keeper.client.post(
      `/api/stock/docs/${doc.body.id}/post`,
      { version: doc.body.version },
      { 'idempotency-key': 'e2e-reports-loss-post-1' },
    );
    expect(posted.status, JSON.stringify(posted.body)).to.equal(200);
    await reorder.locator('tbody tr').filter({ hasText: '阿莫西林胶囊' }).getByText('124粒').waitFor();

    // The same pages in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Expiry and reorder alerts' }).waitFor();
    await page.getByRole('table', { name: 'Items below their reorder level' }).getByText('124粒').waitFor();
    await nav.getByRole('link', { name: 'Monthly report', exact: true }).click();
    await page
      .getByRole('table', { name: 'Monthly receipts, issues and balance' })
      .locator('tbody tr')
      .filter({ hasText: 'Western medicine' })
      .waitFor();
    const [enFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export to Excel' }).click(),
    ]);
    expect(enFile.suggestedFilename()).to.equal(`monthly-report-${received.slice(0, 7)}.xlsx`);
    const enSheet = await readXlsx(fs.readFileSync((await enFile.path())!), { maxRows: 1000 });
    expect(enSheet.header.slice(0, 4)).to.deep.equal([
      'Location',
      'Class',
      'Opening value (yuan)',
      'Receipts value (yuan)',
    ]);
    expect(enSheet.rows.map((r) => r.cells[1])).to.include('Western medicine');
    expect(enSheet.rows.at(-1)!.cells[0]).to.equal('Total');
    await context.close();
  });

  it('on hand lists at most 1000 lots and says so, with the totals over every lot', async () => {
    // 1,001 more lots of another item at the store (stock only: the page reads stock_lots).
    const other = await seedDrug(ts, {
      name: '维生素C片',
      unit: '片',
      packUnit: '瓶',
      packSize: 100,
      spec: '0.1g×100片',
    });
    await ts.server.modules.uow.write(async (tx) => {
      const rows = Array.from({ length: 1001 }, (_, i) => ({
        item_id: other,
        location_id: storeId,
        lot_no: `V${String(i).padStart(4, '0')}`,
        expiry_date: day(400),
        purchase_price_fen: 500,
        qty_on_hand: 100,
        created_at: Date.now(),
      }));
      for (let i = 0; i < rows.length; i += 200)
        await tx.db
          .insertInto('stock_lots')
          .values(rows.slice(i, i + 200))
          .execute();
    });
    const api = await keeper.client.get(`/api/stock/reports/on-hand?locationId=${storeId}`);
    expect([api.body.items.length, api.body.lotCount, api.body.truncated]).to.deep.equal([1000, 1004, true]);
    const { context, page } = await newPage(browser, ts);
    await signIn(page, keeper.username, keeper.password);
    await page.goto('/store/reports/on-hand');
    await page
      .getByTestId('on-hand-truncated')
      .getByText('只列出前 1000 个批次（共 1004 个）', { exact: false })
      .waitFor();
    await page
      .getByTestId('on-hand-totals')
      .getByText(`¥${formatYuan(api.body.totals.valueFen)}`)
      .waitFor();
    await page.getByTestId('on-hand-totals').getByText('1004 个批次').waitFor();
    expect(await page.getByRole('table', { name: '库存查询' }).locator('tbody tr').count()).to.equal(1000);
    // Narrowed by the search, the list is whole again.
    await page.getByPlaceholder('名称、拼音首字母或编码').fill('amxl');
    await page.getByTestId('on-hand-totals').getByText('3 个批次').waitFor();
    expect(await page.getByTestId('on-hand-truncated').count()).to.equal(0);
    await context.close();
  });
});
