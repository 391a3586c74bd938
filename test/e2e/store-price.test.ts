// Browser test of issue 9 items 14 and 15 at the store station: a store clerk (no posting
// permission) sees no 审核记账 and is told so when pressing F9, drafts a 调价单 for a
// zero-markup essential drug (the old retail price shown from the catalog), the storekeeper
// posts it and the document shows the stock revaluation; a receipt of a short-dated lot warns
// on its line and posting asks to confirm; a blind stock-take shows the counter no book
// quantity and takes the count as whole packs + loose pieces (stored in the smallest unit).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { ledgerBreaks, seedDrug } from '../helpers/pharmacy.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';
import { formatYuan, lineAmountFen } from '../../core/money.js';
import type { Browser } from 'playwright-core';

describe('browser: store price adjustment (调价) and store details', function () {
  this.timeout(240_000);
  let ts: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let storeId: number;
  let drugId: number;
  let clerk: { username: string; password: string };
  let keeper: { username: string; password: string; client: ApiClient };

  const raw = () => ts.server.open.raw;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    const d = await admin.post('/api/departments', { code: 'YK9', name: '中心药库', kind: 'store' });
    if (d.status !== 201) throw new Error(`department: ${d.status} ${JSON.stringify(d.body)}`);
    storeId = d.body.id;
    const s = await admin.post('/api/suppliers', { code: 'HR09', name: '华润医药' });
    if (s.status !== 201) throw new Error(`supplier: ${s.status} ${JSON.stringify(s.body)}`);
    drugId = await seedDrug(ts, {
      name: '硝苯地平缓释片',
      unit: '片',
      packUnit: '盒',
      packSize: 24,
      priceFen: 1200,
      spec: '10mg×24片',
    });
    await ts.server.modules.uow.write(async (tx) => {
      await tx.db
        .updateTable('catalog_items')
        .set({ essential: 1, purchase_price_fen: 1200, manufacturer: '华北制药', approval_no: '国药准字H13020001' })
        .where('id', '=', drugId)
        .execute();
    });
    clerk = await userViaApi(ts, admin, ['store-clerk'], { departmentId: storeId });
    keeper = await userViaApi(ts, admin, ['storekeeper'], { departmentId: storeId });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  async function pickFrom(page: Page, combo: string, typed: string, option: RegExp) {
    const box = page.getByRole('combobox', { name: combo });
    await box.fill(typed);
    const opt = page.getByRole('option', { name: option });
    await opt.waitFor();
    await opt.click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
  }

  /** A day `months` months from today (local date arithmetic, clamped to the month's end). */
  function monthsAhead(months: number): string {
    const now = new Date();
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    return `${d.getUTCFullYear()}-${mm}-${String(Math.min(now.getUTCDate(), last)).padStart(2, '0')}`;
  }

  it(
    'receipt with manufacturer and a short-dated lot (warned, confirmed at posting) → 调价 ' +
      'drafted by the clerk, posted by the keeper, stock revalued → blind stock-take in packs + pieces',
    async () => {
      // --- The clerk receives 50 tablets at the retail price, one lot expiring in three months. ---
      const c = await newPage(browser, ts);
      await signIn(c.page, clerk.username, clerk.password);
      await c.page.goto('/store');
      await c.page.getByRole('heading', { level: 1, name: '药库管理' }).waitFor();
      await c.page.getByRole('button', { name: /新建入库单/ }).click();
      await c.page.waitForURL((u) => u.pathname === '/store/docs/new');
      await pickFrom(c.page, '供应商', 'hryy', /华润医药/);
      await c.page.getByLabel('供应商发票号').fill('FP-9');
      await pickFrom(c.page, '第 1 行 药品/材料', 'xbdp', /硝苯地平缓释片/);
      // Manufacturer and approval number come from the catalog item, editable.
      expect(await c.page.getByLabel('第 1 行 生产厂家').inputValue()).to.equal('华北制药');
      expect(await c.page.getByLabel('第 1 行 批准文号').inputValue()).to.equal('国药准字H13020001');
      await c.page.getByLabel('第 1 行 生产厂家').fill('华北制药集团');
      await c.page.getByLabel('第 1 行 批号').fill('N2603');
      await c.page.getByLabel('第 1 行 效期').fill(monthsAhead(3));
      await c.page.getByTestId('short-expiry').getByText('效期不足 6 个月').waitFor();
      expect(await c.page.getByLabel('第 1 行 进价(元)').inputValue()).to.equal('12.00');
      await c.page.locator('select[name="lines.0.unitMode"]').selectOption('unit');
      await c.page.getByLabel('第 1 行 数量').fill('50');
      // No posting for the clerk: no button, and F9 says why instead of doing nothing.
      expect(await c.page.getByRole('button', { name: '审核记账' }).count()).to.equal(0);
      await c.page.getByText('审核记账需要“审核记账”权限').waitFor();
      await c.page.keyboard.press('F9');
      await c.page.getByText('你没有“审核记账”权限').waitFor();
      await c.page.getByRole('button', { name: '保存草稿' }).click();
      await c.page.waitForURL((u) => u.pathname === '/store/doc');
      const receiptUrl = new URL(c.page.url());

      // --- The keeper posts it: the short-dated lot must be confirmed. ---
      const k = await newPage(browser, ts);
      await signIn(k.page, keeper.username, keeper.password);
      await k.page.goto(receiptUrl.pathname + receiptUrl.search);
      await k.page.getByRole('button', { name: '审核记账' }).click();
      await k.page.getByRole('dialog').getByRole('button', { name: '审核记账' }).click();
      const confirm = k.page.getByRole('dialog', { name: '近效期入库确认' });
      await confirm.getByText(/第 1 行的批号有效期不足 6 个月/).waitFor();
      await screenshot(k.page, 'store-short-expiry-confirm');
      await confirm.getByRole('button', { name: '确认入库并审核' }).click();
      await k.page.locator('.doc-title').getByText('已审核').waitFor();
      const lot = raw()
        .prepare(
          'SELECT id, qty_on_hand, purchase_price_fen, manufacturer, approval_no FROM stock_lots WHERE item_id = ' +
            '? AND location_id = ?',
        )
        .get(drugId, storeId);
      expect(lot).to.deep.include({
        qty_on_hand: 50,
        purchase_price_fen: 1200,
        manufacturer: '华北制药集团',
        approval_no: '国药准字H13020001',
      });

      // --- The clerk drafts a 调价单: 12.00 → 13.50 per box. ---
      await c.page.goto('/store');
      await c.page.getByRole('button', { name: '新建调价单' }).click();
      await c.page.waitForURL((u) => u.pathname === '/store/docs/new');
      await c.page.getByRole('heading', { level: 1, name: /新建调价单|调价单/ }).waitFor();
      await pickFrom(c.page, '第 1 行 药品/材料', 'xbdp', /硝苯地平缓释片/);
      await c.page.getByTestId('old-price').getByText('12.00').waitFor();
      await c.page.getByText('基本药物零差率:进价同新零售价').waitFor();
      // The same price is refused at the cell before anything is sent.
      await c.page.getByLabel('第 1 行 新零售价(元)').fill('12.00');
      await c.page.getByRole('button', { name: '保存草稿' }).click();
      await c.page.getByRole('alert').getByText('新零售价与现零售价相同').waitFor();
      await c.page.getByLabel('第 1 行 新零售价(元)').fill('13.50');
      expect(await c.page.getByRole('button', { name: '审核记账' }).count(), 'a clerk cannot post').to.equal(0);
      await c.page.getByRole('button', { name: '保存草稿' }).click();
      await c.page.waitForURL((u) => u.pathname === '/store/doc');
      const adjUrl = new URL(c.page.url());
      await screenshot(c.page, 'store-price-adjustment-draft');
      expect(raw().prepare('SELECT price_fen FROM catalog_items WHERE id = ?').pluck().get(drugId)).to.equal(1200);

      // --- The keeper posts it: the price changes, the lot is revalued. ---
      await k.page.goto(adjUrl.pathname + adjUrl.search);
      await k.page.getByRole('button', { name: '审核记账' }).click();
      await k.page.getByRole('dialog').getByRole('button', { name: '审核记账' }).click();
      await k.page.locator('.doc-title').getByText('已审核').waitFor();
      const reval = lineAmountFen(50, 1350, 24) - lineAmountFen(50, 1200, 24); // 3.13
      await k.page.getByTestId('revaluation-total').getByText(formatYuan(reval)).waitFor();
      const lines = k.page.getByRole('table', { name: '单据明细' });
      await lines.getByText('12.00').waitFor();
      await lines.getByText('13.50').first().waitFor();
      await screenshot(k.page, 'store-price-adjustment-posted');
      expect(
        raw().prepare('SELECT price_fen, purchase_price_fen FROM catalog_items WHERE id = ?').get(drugId),
      ).to.deep.equal({ price_fen: 1350, purchase_price_fen: 1350 });
      expect(raw().prepare('SELECT purchase_price_fen FROM stock_lots WHERE item_id = ?').pluck().get(drugId)).to.equal(
        1350,
      );

      // --- A blind stock-take, counted by the clerk in packs + pieces. ---
      await c.page.goto('/store');
      await c.page.getByRole('button', { name: '开始盘点' }).click();
      const start = c.page.getByRole('dialog');
      await start.getByLabel(/盲盘/).check();
      await start.getByRole('button', { name: '开始盘点' }).click();
      await c.page.waitForURL((u) => u.pathname === '/store/stocktake');
      await c.page.getByTestId('blind-note').waitFor();
      await c.page.getByTestId('count-progress').getByText('已盘 0 / 1').waitFor();
      expect(await c.page.locator('.count-list').textContent(), 'no book quantity for the counter').to.not.contain(
        '账面',
      );
      await c.page.getByLabel('硝苯地平缓释片 批号 N2603 整盒数').fill('2');
      await c.page.getByLabel('硝苯地平缓释片 批号 N2603 实盘数').fill('1');
      await c.page.getByTestId('count-total').getByText('2盒1片 (49片)').waitFor();
      await c.page.getByTestId('save-state').getByText('已保存').waitFor();
      await c.page.getByTestId('count-progress').getByText('已盘 1 / 1').waitFor();
      expect(
        raw()
          .prepare(
            "SELECT counted_qty FROM stock_doc_lines l JOIN stock_docs d ON d.id = l.doc_id WHERE d.type = 'stocktake'",
          )
          .pluck()
          .get(),
      ).to.equal(49);
      expect(await c.page.getByRole('button', { name: /审核记账/ }).count()).to.equal(0);
      await c.page.keyboard.press('F9');
      await c.page.getByText('你没有“审核记账”权限').first().waitFor();
      await screenshot(c.page, 'store-stocktake-blind-packs');
      const stUrl = new URL(c.page.url());

      // The keeper sees the book and the variance, and posts.
      await k.page.goto(stUrl.pathname + stUrl.search);
      await k.page.getByText(/账面 2盒2片/).waitFor();
      expect(await k.page.getByLabel('硝苯地平缓释片 批号 N2603 整盒数').inputValue()).to.equal('2');
      expect(await k.page.getByLabel('硝苯地平缓释片 批号 N2603 实盘数').inputValue()).to.equal('1');
      await k.page.getByRole('button', { name: /审核记账/ }).click();
      await k.page.getByRole('dialog').getByRole('button', { name: '审核记账' }).click();
      await k.page.locator('.doc-title').getByText('已审核').waitFor();
      expect(raw().prepare('SELECT qty_on_hand FROM stock_lots WHERE item_id = ?').pluck().get(drugId)).to.equal(49);
      expect(ledgerBreaks(ts)).to.deep.equal([]);
      await c.context.close();
      await k.context.close();
    },
  );
});
