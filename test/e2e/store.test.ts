// Browser test of the store station (药库): a store clerk drafts a purchase receipt (a price
// with a fraction of a fen is refused in the form first), the storekeeper posts it (the
// clerk's list turns 已审核 live), a transfer to the pharmacy is drafted and posted and the
// pharmacist's stock view shows it live, a paid prescription is dispensed on the pharmacy
// page, then a stock-take is started and counted on a tablet (800×1280, touch; no sideways
// scrolling), refused while a line is uncounted, and posted; the store's stock ends at the
// count and every lot equals the sum of its moves. Then the pharmacist submits a requisition
// (提交请领), the store fills it from its pending panel, the transfer is reversed and the
// requisition is pending again.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { ledgerBreaks, seedDrug, seedOrder, seedPharmacyWorld } from '../helpers/pharmacy.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';

describe('browser: store station', function () {
  this.timeout(240_000);
  let ts: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let storeId: number;
  let pharmacyId: number;
  let drugId: number;
  let clerk: { username: string; password: string };
  let keeper: { username: string; password: string; client: ApiClient };
  let pharmacist: { username: string; password: string; client: ApiClient };

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    const dept = async (code: string, name: string, kind: string) => {
      const r = await admin.post('/api/departments', { code, name, kind });
      if (r.status !== 201) throw new Error(`department: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id as number;
    };
    storeId = await dept('YK1', '中心药库', 'store');
    pharmacyId = await dept('MZYF1', '门诊西药房', 'pharmacy');
    const s = await admin.post('/api/suppliers', { code: 'HR01', name: '华润医药' });
    if (s.status !== 201) throw new Error(`supplier: ${s.status} ${JSON.stringify(s.body)}`);
    drugId = await seedDrug(ts, { name: '阿莫西林胶囊', unit: '粒', packUnit: '盒', packSize: 24, spec: '0.25g×24粒' });
    clerk = await userViaApi(ts, admin, ['store-clerk'], { departmentId: storeId });
    keeper = await userViaApi(ts, admin, ['storekeeper'], { departmentId: storeId });
    pharmacist = await userViaApi(ts, admin, ['pharmacist'], { departmentId: pharmacyId });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  const raw = () => ts.server.open.raw;
  const lotsAt = (locationId: number) =>
    raw()
      .prepare(
        'SELECT lot_no, expiry_date, purchase_price_fen, qty_on_hand FROM stock_lots WHERE location_id = ? AND ' +
          'item_id = ? ORDER BY id',
      )
      .all(locationId, drugId) as Array<{
      lot_no: string;
      expiry_date: string;
      purchase_price_fen: number;
      qty_on_hand: number;
    }>;

  /**
   * Polls `check` until it holds (page.waitForFunction cannot poll a string under the app's
   * CSP, which forbids eval).
   */
  async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A tablet: 800×1280 portrait with touch. */
  async function tabletPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: ts.url,
      viewport: { width: 800, height: 1280 },
      hasTouch: true,
      isMobile: true,
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[browser page error]', e));
    return { context, page };
  }
  /** The page fits the screen's width: nothing to scroll sideways. */
  const fitsWidth = (page: Page) =>
    page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

  async function pickFrom(page: Page, combo: string, typed: string, option: RegExp) {
    const box = page.getByRole('combobox', { name: combo });
    await box.fill(typed);
    const opt = page.getByRole('option', { name: option });
    await opt.waitFor();
    await opt.click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
  }

  it('receipt (clerk drafts, keeper posts) → transfer live at the pharmacy → dispense → stock-take', async () => {
    // --- The clerk drafts a purchase receipt. ---
    const c = await newPage(browser, ts);
    await signIn(c.page, clerk.username, clerk.password);
    await c.page.goto('/store');
    await c.page.getByRole('heading', { level: 1, name: '药库管理' }).waitFor();
    expect(await c.page.locator('select[name="locationId"]').inputValue()).to.equal(String(storeId));
    await c.page.getByRole('button', { name: /新建入库单/ }).click();
    await c.page.waitForURL((u) => u.pathname === '/store/docs/new');
    await pickFrom(c.page, '供应商', 'hryy', /华润医药/);
    await c.page.getByLabel('供应商发票号').fill('FP-20261126');
    await pickFrom(c.page, '第 1 行 药品/材料', 'amxl', /阿莫西林胶囊/);
    await c.page.getByLabel('第 1 行 批号').fill('L2601');
    await c.page.getByLabel('第 1 行 效期').fill('2028-06-30');
    await c.page.getByLabel('第 1 行 进价(元)').fill('1.234');
    await c.page.getByLabel('第 1 行 数量').fill('10');
    await c.page.getByRole('alert').getByText('进价最多精确到分').first().waitFor();
    await c.page.getByRole('button', { name: '保存草稿' }).click();
    await c.page.getByRole('alert').getByText('进价最多精确到分').first().waitFor();
    expect(
      raw().prepare('SELECT count(*) FROM stock_docs').pluck().get(),
      'nothing written for a price with a fraction of a fen',
    ).to.equal(0);

    await c.page.getByLabel('第 1 行 进价(元)').fill('36.50');
    // 10 packs of 24 at 36.50 a pack.
    await c.page.getByTestId('doc-total').getByText('365.00').waitFor();
    await screenshot(c.page, 'store-receipt-draft');
    expect(await c.page.getByRole('button', { name: '审核记账' }).count(), 'a clerk cannot post').to.equal(0);
    await c.page.getByRole('button', { name: '保存草稿' }).click();
    await c.page.waitForURL((u) => u.pathname === '/store/doc');
    await c.page.locator('.doc-title').getByText('草稿').waitFor();
    const receipt = raw().prepare("SELECT id, doc_no, status FROM stock_docs WHERE type = 'receipt'").get() as {
      id: number;
      doc_no: string;
      status: string;
    };
    expect(receipt.status).to.equal('draft');
    const line = raw()
      .prepare('SELECT quantity, purchase_price_fen, lot_no, expiry_date FROM stock_doc_lines WHERE doc_id = ?')
      .get(receipt.id);
    expect(line).to.deep.equal({ quantity: 240, purchase_price_fen: 3650, lot_no: 'L2601', expiry_date: '2028-06-30' });
    await c.page.goto('/store');
    const clerkRow = c.page.getByRole('table', { name: '库存单据' }).locator('tbody tr', { hasText: receipt.doc_no });
    await clerkRow.getByText('草稿').waitFor();

    // --- The storekeeper posts it; the clerk's list follows live. ---
    const k = await newPage(browser, ts);
    await signIn(k.page, keeper.username, keeper.password);
    await k.page.goto('/store');
    await k.page.getByRole('table', { name: '库存单据' }).getByRole('link', { name: receipt.doc_no }).click();
    await k.page.waitForURL((u) => u.pathname === '/store/doc');
    await k.page.getByRole('button', { name: '审核记账' }).click();
    await k.page.getByRole('dialog').getByRole('button', { name: '审核记账' }).click();
    await k.page.locator('.doc-title').getByText('已审核').waitFor();
    await k.page.getByRole('button', { name: '冲销' }).waitFor();
    expect(lotsAt(storeId)).to.deep.equal([
      { lot_no: 'L2601', expiry_date: '2028-06-30', purchase_price_fen: 3650, qty_on_hand: 240 },
    ]);
    await clerkRow.getByText('已审核').waitFor();
    await c.context.close();

    // --- The pharmacist watches the pharmacy's stock. ---
    const p = await newPage(browser, ts);
    await signIn(p.page, pharmacist.username, pharmacist.password);
    await p.page.goto('/pharmacy');
    await p.page.getByRole('tab', { name: /库存/ }).click();
    await p.page.getByRole('table', { name: '药房库存' }).getByText('没有找到库存记录').waitFor();

    // --- The storekeeper transfers 5 packs to the pharmacy (drafted and posted in one go). ---
    await k.page.goto('/store');
    await k.page.getByRole('button', { name: /新建调拨单/ }).click();
    await k.page.waitForURL((u) => u.pathname === '/store/docs/new');
    await k.page.getByLabel('接收库房').selectOption({ label: '门诊西药房' });
    await pickFrom(k.page, '第 1 行 药品/材料', 'amxl', /阿莫西林胶囊/);
    const lotSelect = k.page.getByLabel('第 1 行 批次');
    await lotSelect.locator('option', { hasText: 'L2601' }).waitFor({ state: 'attached' });
    await until(
      async () => (await k.page.locator('select[name="lines.0.lotId"]').inputValue()) !== '',
      'a lot chosen on line 1',
    );
    await k.page.getByLabel('第 1 行 数量').fill('5');
    await k.page.getByTestId('doc-total').getByText('182.50').waitFor();
    await k.page.getByRole('button', { name: '审核记账' }).click();
    await k.page.getByRole('dialog').getByRole('button', { name: '审核记账' }).click();
    await k.page.waitForURL((u) => u.pathname === '/store/doc');
    await k.page.locator('.doc-title').getByText('已审核').waitFor();
    await screenshot(k.page, 'store-transfer-posted');
    expect(lotsAt(storeId).map((l) => l.qty_on_hand)).to.deep.equal([240 - 120]);
    expect(lotsAt(pharmacyId)).to.deep.equal([
      { lot_no: 'L2601', expiry_date: '2028-06-30', purchase_price_fen: 3650, qty_on_hand: 120 },
    ]);
    // Live at the pharmacy (stock:changed to pharmacy:<id>).
    const stockRow = p.page.locator('table.data tr', { hasText: '阿莫西林胶囊' });
    await stockRow.locator('.on-hand').getByText('5盒 (120粒)').waitFor();

    // --- A paid prescription is dispensed on the pharmacy page. ---
    const w = await seedPharmacyWorld(ts);
    const o = await seedOrder(ts, { ...w, pharmacyId }, [{ itemId: drugId, quantity: 24 }], {
      pharmacyId,
      patientName: '孙丽华',
    });
    // The cashier's payment announcement reaches the pharmacy's room: the queue picks it up live.
    await ts.server.modules.uow.write(async (tx) => {
      tx.emit({
        name: 'bill:paid',
        rooms: ['cashier', `pharmacy:${pharmacyId}`],
        payload: {
          billId: 1,
          patientId: o.patientId,
          orderIds: [o.orderId],
          pharmacyIds: [pharmacyId],
          totalFen: 1200,
        },
      });
    });
    await p.page.getByRole('tab', { name: /待发药/ }).click();
    await p.page.locator('.rx-item', { hasText: '孙丽华' }).click();
    await p.page
      .getByRole('table', { name: /配药单/ })
      .getByText('L2601')
      .waitFor();
    await p.page.getByRole('button', { name: /确认发药/ }).click();
    await p.page
      .locator('.rx-done')
      .getByText(/标签打印任务 #\d+/)
      .waitFor();
    await p.page.getByText('暂无待发药处方').waitFor();
    expect(raw().prepare('SELECT status FROM orders WHERE id = ?').pluck().get(o.orderId)).to.equal('dispensed');
    expect(lotsAt(pharmacyId).map((l) => l.qty_on_hand)).to.deep.equal([96]);
    await p.page.getByRole('tab', { name: /库存/ }).click();
    await stockRow.locator('.on-hand').getByText('4盒 (96粒)').waitFor();
    await p.context.close();

    // --- Stock-take at the store: started at the desk, counted and posted on a tablet. ---
    await k.page.goto('/store');
    await k.page.getByRole('table', { name: '库存单据' }).locator('tbody tr').nth(1).waitFor();
    await screenshot(k.page, 'store-list');
    await k.page.getByRole('button', { name: '开始盘点' }).click();
    await k.page.getByRole('dialog').getByRole('button', { name: '开始盘点' }).click();
    await k.page.waitForURL((u) => u.pathname === '/store/stocktake');
    await k.page.getByTestId('count-progress').getByText('已盘 0 / 1').waitFor();
    const stocktakeUrl = new URL(k.page.url());

    const tb = await tabletPage();
    const tp = tb.page;
    await signIn(tp, keeper.username, keeper.password);
    await tp.goto(stocktakeUrl.pathname + stocktakeUrl.search);
    const progress = tp.getByTestId('count-progress');
    await progress.getByText('已盘 0 / 1').waitFor();
    expect(await fitsWidth(tp), 'the counting page fits a tablet held upright').to.equal(true);
    await tp.getByRole('button', { name: /审核记账/ }).tap();
    await tp.getByRole('dialog').getByRole('button', { name: '审核记账' }).tap();
    await tp.getByRole('alert').getByText('第 1 行尚未盘点录入实盘数').waitFor();
    await tp.locator('.count-row-invalid').waitFor();

    await tp.getByPlaceholder('按名称、编码或拼音首字母筛选').fill('amxl');
    const count = tp.getByLabel('阿莫西林胶囊 批号 L2601 实盘数');
    await count.tap();
    expect(
      await tp.evaluate<string>('document.activeElement?.getAttribute("aria-label") ?? ""'),
      'a tap puts the cursor in the count',
    ).to.equal('阿莫西林胶囊 批号 L2601 实盘数');
    const box = await count.boundingBox();
    expect(
      box && box.height >= 32 && box.x >= 0 && box.x + box.width <= 800,
      `a count field big enough to tap, on screen: ${JSON.stringify(box)}`,
    ).to.equal(true);
    await tp.keyboard.type('118');
    await tp.getByTestId('save-state').getByText('已保存').waitFor();
    await progress.getByText('已盘 1 / 1').waitFor();
    expect(
      raw()
        .prepare(
          "SELECT counted_qty FROM stock_doc_lines l JOIN stock_docs d ON d.id = l.doc_id WHERE d.type = 'stocktake'",
        )
        .pluck()
        .get(),
    ).to.equal(118);
    await screenshot(tp, 'store-stocktake-tablet');

    // A lot on the shelf that the snapshot did not have.
    await tp.getByRole('button', { name: '增加盘盈批次' }).tap();
    const found = tp.getByRole('dialog');
    await pickFrom(tp, '药品/材料', 'amxl', /阿莫西林胶囊/);
    await found.getByLabel('批号').fill('L2699');
    await found.getByLabel('效期').fill('2029-01-31');
    await found.getByLabel(/进价/).fill('30.005');
    await found.getByLabel(/实盘数/).fill('24');
    await found.getByRole('button', { name: '加入盘点' }).tap();
    await found.getByRole('alert').getByText('进价最多精确到分').waitFor();
    expect(await fitsWidth(tp), 'the found-lot dialog fits the tablet').to.equal(true);
    await found.getByLabel(/进价/).fill('30');
    await found.getByRole('button', { name: '加入盘点' }).tap();
    await found.waitFor({ state: 'detached' });
    await progress.getByText('已盘 2 / 2').waitFor();

    await tp.getByRole('tab', { name: '盈亏明细' }).tap();
    // 2 fewer capsules at 36.50 a pack of 24 (−3.04) and a found pack at 30.00 (+30.00).
    await tp.getByTestId('variance-total').getByText('26.96').waitFor();
    expect(await fitsWidth(tp), 'the variance view fits the tablet').to.equal(true);
    await screenshot(tp, 'store-stocktake-variance');
    await tp.getByRole('button', { name: /审核记账/ }).tap();
    await tp.getByRole('dialog').getByRole('button', { name: '审核记账' }).tap();
    await tp.locator('.doc-title').getByText('已审核').waitFor();
    await tp.getByRole('table', { name: '单据明细' }).getByText('118粒', { exact: false }).first().waitFor();
    // The desk's page follows: the stock-take it started is posted.
    await k.page.locator('.doc-title').getByText('已审核').waitFor();
    await tb.context.close();

    expect(lotsAt(storeId).map((l) => [l.lot_no, l.qty_on_hand, l.purchase_price_fen])).to.deep.equal([
      ['L2601', 118, 3650],
      ['L2699', 24, 3000],
    ]);
    const viaApi = await keeper.client.get(`/api/stock/lots?locationId=${storeId}&itemId=${drugId}`);
    expect(viaApi.status).to.equal(200);
    expect(viaApi.body.items.map((l: { lotNo: string; qtyOnHand: number }) => [l.lotNo, l.qtyOnHand])).to.deep.equal([
      ['L2601', 118],
      ['L2699', 24],
    ]);
    expect(ledgerBreaks(ts)).to.deep.equal([]);
    await k.context.close();
  });

  it(
    'a pharmacist submits a requisition, the store fills it from its pending panel, the transfer ' +
      'is reversed (pending again), and a draft changed elsewhere offers a reload',
    async () => {
      // The storekeeper's documents list is open at the store.
      const k = await newPage(browser, ts);
      await signIn(k.page, keeper.username, keeper.password);
      await k.page.goto('/store');
      await k.page.getByRole('table', { name: '库存单据' }).waitFor();
      const panel = k.page.getByRole('region', { name: '待处理的请领单' });

      // The pharmacist asks the store for 2 packs and submits it (inventory.draft is enough).
      const ph = await newPage(browser, ts);
      await signIn(ph.page, pharmacist.username, pharmacist.password);
      await ph.page.goto('/store');
      expect(await ph.page.locator('select[name="locationId"]').inputValue()).to.equal(String(pharmacyId));
      expect(
        await ph.page.locator('select[name="locationId"] option').count(),
        'a pharmacist works at their own pharmacy only',
      ).to.equal(1);
      await ph.page.getByRole('button', { name: /新建请领单/ }).click();
      await ph.page.waitForURL((u) => u.pathname === '/store/docs/new');
      expect(await ph.page.getByLabel('请领库房').inputValue(), 'the store that supplies this pharmacy').to.equal(
        String(storeId),
      );
      await pickFrom(ph.page, '第 1 行 药品/材料', 'amxl', /阿莫西林胶囊/);
      await ph.page.getByLabel('第 1 行 数量').fill('2');
      expect(await ph.page.getByRole('button', { name: '审核记账' }).count(), 'no 审核记账 for a pharmacist').to.equal(
        0,
      );
      await ph.page.getByRole('button', { name: '保存草稿' }).click();
      await ph.page.waitForURL((u) => u.pathname === '/store/doc');
      await ph.page.locator('.doc-title').getByText('草稿').waitFor();
      const req = raw().prepare("SELECT id, doc_no FROM stock_docs WHERE type = 'requisition'").get() as {
        id: number;
        doc_no: string;
      };
      expect(await panel.count(), 'a draft is not pending at the store').to.equal(0);
      await ph.page.getByRole('button', { name: '提交请领' }).click();
      await ph.page.getByRole('dialog').getByRole('button', { name: '提交请领' }).click();
      await ph.page.getByTestId('requisition-state').getByText('已提交，等待药库调拨').waitFor();
      expect(raw().prepare('SELECT status FROM stock_docs WHERE id = ?').pluck().get(req.id)).to.equal('posted');

      // Live at the store: the requisition addressed to it appears with its action.
      const before = lotsAt(storeId)[0]!.qty_on_hand;
      await panel.getByText(req.doc_no).waitFor();
      await panel.getByRole('button', { name: '按请领单调拨' }).click();
      await k.page.waitForURL((u) => u.pathname === '/store/docs/new');
      expect(await k.page.getByLabel('接收库房').inputValue()).to.equal(String(pharmacyId));
      await until(
        async () => (await k.page.locator('select[name="lines.0.lotId"]').inputValue()) !== '',
        'the requisition prefilled with a lot',
      );
      expect(await k.page.getByLabel('第 1 行 数量').inputValue()).to.equal('2');
      await k.page.getByTestId('doc-total').getByText('73.00').waitFor();
      await k.page.getByRole('button', { name: '审核记账' }).click();
      await k.page.getByRole('dialog').getByRole('button', { name: '审核记账' }).click();
      await k.page.waitForURL((u) => u.pathname === '/store/doc');
      await k.page.locator('.doc-title').getByText('已审核').waitFor();
      const transfer = raw()
        .prepare('SELECT id, doc_no, requisition_id FROM stock_docs WHERE requisition_id = ?')
        .get(req.id) as { id: number; doc_no: string };
      expect(transfer).to.not.equal(undefined);
      expect(lotsAt(storeId)[0]!.qty_on_hand).to.equal(before - 48);
      // The pharmacist's requisition now names the transfer that filled it.
      await ph.page.reload();
      await ph.page.getByTestId('requisition-state').getByText(`已按调拨单 ${transfer.doc_no} 调拨`).waitFor();
      await ph.context.close();

      // Reverse it: a new posted document puts the stock back; the original links to it.
      await k.page.getByRole('button', { name: '冲销' }).click();
      await k.page.getByRole('dialog').getByLabel('冲销原因').fill('数量开错');
      await k.page.getByRole('dialog').getByRole('button', { name: '冲销' }).click();
      await k.page.getByRole('dialog').waitFor({ state: 'detached' });
      await k.page.getByText('冲销的原单').waitFor();
      expect(lotsAt(storeId)[0]!.qty_on_hand).to.equal(before);
      expect(raw().prepare('SELECT count(*) FROM stock_docs WHERE reverses_id = ?').pluck().get(transfer.id)).to.equal(
        1,
      );
      // The reversed transfer no longer fills the requisition: it is pending at the store again.
      await k.page.goto('/store');
      await panel.getByText(req.doc_no).waitFor();
      await k.page
        .getByRole('table', { name: '库存单据' })
        .locator('tbody tr', { hasText: req.doc_no })
        .getByText('待调拨')
        .waitFor();

      // A loss draft edited here while someone else saves it: the page says so and reloads on request.
      const lot = (await keeper.client.get(`/api/stock/lots?locationId=${storeId}&itemId=${drugId}`)).body.items[0];
      const loss = await keeper.client.post(
        '/api/stock/docs',
        { type: 'loss', locationId: storeId, reason: '破损', lines: [{ itemId: drugId, lotId: lot.id, quantity: 2 }] },
        { 'idempotency-key': randomUUID() },
      );
      expect(loss.status, JSON.stringify(loss.body)).to.equal(201);
      await k.page.goto(`/store/doc?id=${loss.body.id}`);
      await k.page.getByLabel('报损原因').waitFor();
      expect(await k.page.getByLabel('报损原因').inputValue()).to.equal('破损');
      await k.page.getByLabel('报损原因').fill('破损(药盒压坏)');
      const other = await keeper.client.put(`/api/stock/docs/${loss.body.id}`, {
        version: loss.body.version,
        reason: '霉变',
        lines: [{ itemId: drugId, lotId: lot.id, quantity: 3 }],
      });
      expect(other.status, JSON.stringify(other.body)).to.equal(200);
      await k.page.getByRole('alert').getByText('已被其他人修改').waitFor();
      await k.page.getByRole('button', { name: '保存草稿' }).click();
      await k.page.getByRole('alert').getByText('已被其他人修改').waitFor();
      await k.page.getByRole('button', { name: '重新加载' }).click();
      await until(
        async () =>
          (await k.page.locator('input[name="reason"]').inputValue()) === '霉变' &&
          (await k.page.locator('input[name="lines.0.quantity"]').inputValue()) === '3',
        'the reloaded draft',
      );
      expect(ledgerBreaks(ts)).to.deep.equal([]);

      // The station in English.
      await k.page.goto('/store');
      await k.page.getByRole('button', { name: 'English' }).click();
      await k.page.getByRole('heading', { level: 1, name: 'Drug store' }).waitFor();
      await k.page.getByRole('button', { name: /New receipt/ }).waitFor();
      await k.page.getByRole('table', { name: 'Stock documents' }).getByText('Posted').first().waitFor();
      await k.page
        .getByRole('region', { name: 'Stock alerts' })
        .getByRole('link', { name: /Expiry and stock alerts/ })
        .waitFor();
      await k.context.close();
    },
  );
});
