// Browser test of the dictionary maintenance page (基础维护): the administrator creates a drug
// through the form (a price with fractions of a fen and a zero-markup violation are shown on
// their fields first, nothing written), exports the dictionary, imports a file with one bad
// row (the report names row and column, nothing imported), imports the good rows only, finds
// the new item by pinyin initials, and sees an item created elsewhere appear live.
import fs from 'node:fs';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { HEADERS } from '../../server/modules/catalog/columns.js';
import { readXlsx, type Cell } from '../../server/lib/xlsx.js';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';
import { seedLot } from '../helpers/pharmacy.js';

async function xlsx(rows: Array<Record<string, Cell>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('药品');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(HEADERS.map((h) => (h in r ? r[h]! : null)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('browser: dictionary maintenance page', function () {
  this.timeout(180_000);
  const world = adminBrowserWorld();

  it(
    'creates a drug, exports, imports the good rows of a file with a bad row, finds the item by ' +
      'pinyin initials, updates live',
    async () => {
      const { ts, api, browser } = world;
      const raw = ts.server.open.raw;
      const count = (code: string) =>
        raw.prepare('SELECT count(*) FROM catalog_items WHERE code = ?').pluck().get(code) as number;
      const { context, page } = await newPage(browser, ts);
      await signIn(page, ts.admin.username, ts.admin.password);
      await page.goto('/admin');
      await page.locator('nav.side').getByRole('link', { name: '基础维护', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/admin/catalog');
      await page.getByRole('heading', { level: 1, name: '基础维护' }).waitFor();

      // Create a drug through the form.
      await page.getByRole('button', { name: '新增药品' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('编码', { exact: true }).fill('XY001');
      await dialog.getByLabel('通用名').fill('硝苯地平缓释片');
      await dialog.getByLabel('批准文号').fill('国药准字H10980191');
      await dialog.getByLabel('最小单位', { exact: true }).fill('片');
      await dialog.getByLabel('包装单位').fill('盒');
      await dialog.getByLabel('包装数量').fill('30');
      await dialog.getByLabel('零售价(元/包装)').fill('18.605');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/分以下不能有零头/)
        .waitFor();
      expect(count('XY001'), 'nothing written').to.equal(0);

      await dialog.getByLabel('零售价(元/包装)').fill('18.60');
      await dialog.getByLabel('国家基本药物(零差率销售)').check();
      await dialog.getByLabel('进价(元/包装)').fill('15');
      await dialog.getByTestId('zero-markup').getByText('基本药物实行零差率').waitFor();
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/零差率.*进价\(15\.00 元\)必须等于零售价\(18\.60 元\)/)
        .waitFor();
      expect(count('XY001'), 'nothing written').to.equal(0);
      await dialog.getByRole('button', { name: '用零售价作进价' }).click();
      expect(await dialog.getByLabel('进价(元/包装)').inputValue()).to.equal('18.60');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(
        raw
          .prepare(
            'SELECT price_fen, purchase_price_fen, essential, pack_size, invoice_confirmed FROM catalog_items ' +
              'WHERE code = ?',
          )
          .get('XY001'),
      ).to.deep.equal({
        price_fen: 1860,
        purchase_price_fen: 1860,
        essential: 1,
        pack_size: 30,
        invoice_confirmed: 0,
      });
      const table = page.getByRole('table', { name: '药品' });
      const row = table.locator('tbody tr').filter({ hasText: '硝苯地平缓释片' });
      await row.getByText('待归类').waitFor();

      // Export: the file is the template, with the new drug in it.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 Excel' }).click(),
      ]);
      const sheet = await readXlsx(fs.readFileSync((await download.path())!), { maxRows: 100 });
      expect(sheet.header).to.deep.equal(HEADERS);
      const exported = sheet.rows.find((r) => r.cells[0] === 'XY001')!;
      expect(exported.cells[HEADERS.indexOf('基本药物')]).to.equal('是');
      expect(exported.cells[HEADERS.indexOf('零售价(元)')]).to.equal(18.6);

      // Import a file with one bad row: the report, nothing imported; then the good rows only.
      const file = await xlsx([
        {
          编码: 'XY002',
          类别: '药品',
          通用名: '复方丹参片',
          规格: '0.32g×60片',
          最小单位: '片',
          包装单位: '瓶',
          包装数量: 60,
          '零售价(元)': 9.8,
          药品分类: '中成药',
          基本药物: '否',
          在用: '是',
        },
        { 编码: 'XY003', 类别: '药品', 通用名: '维生素C片', 最小单位: '片', '零售价(元)': '1.234', 药品分类: '西药' },
      ]);
      await page.getByRole('button', { name: '导入 Excel' }).click();
      const imp = page.getByRole('dialog');
      await imp.getByLabel('Excel 文件').setInputFiles({
        name: '药品.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      await imp.getByTestId('chosen').getByText('药品.xlsx').waitFor();
      await imp.getByRole('button', { name: '检查' }).click();
      const report = imp.getByTestId('import-report');
      await report.getByText('共 2 行:正确 1 行,错误 1 处').waitFor();
      const bad = report.locator('tr[data-row="3"]');
      await bad.getByText('零售价(元)').waitFor();
      await bad.getByText(/有分以下的零头/).waitFor();
      expect(
        await imp.getByRole('button', { name: '全部导入' }).count(),
        'no "import all" while rows are bad',
      ).to.equal(0);
      expect(count('XY002'), 'check writes nothing').to.equal(0);
      await imp.getByRole('button', { name: '只导入正确的行(1 行)' }).click();
      await report.getByText('已导入:新增 1 行,更新 0 行,0 行不变').waitFor();
      expect(count('XY002')).to.equal(1);
      expect(count('XY003')).to.equal(0);
      await imp.getByRole('button', { name: '关闭' }).click();
      await imp.waitFor({ state: 'detached' });

      // Find it by pinyin initials.
      await page.getByRole('searchbox').fill('ffds');
      await table.locator('tbody tr').filter({ hasText: '复方丹参片' }).waitFor();
      await row.waitFor({ state: 'detached' });
      expect(await table.locator('tbody tr').count()).to.equal(1);

      // Live: an item created elsewhere shows up.
      await page.getByRole('searchbox').fill('');
      const created = await api.post('/api/catalog/admin/items', {
        code: 'XY004',
        kind: 'drug',
        name: '二甲双胍片',
        unit: '片',
        priceFen: 500,
        drugClass: 'western',
      });
      expect(created.status).to.equal(201);
      await table.getByText('二甲双胍片').waitFor();

      // English is available.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dictionaries' }).waitFor();
      await page.getByRole('tab', { name: 'Services' }).click();
      await page.getByRole('button', { name: 'New service' }).waitFor();
      await context.close();
    },
  );

  it(
    'an item with stock shows kind, units, pack size, class and retail price read-only with the ' +
      'reason; its purchase price can still be changed; the EDL badge in English',
    async () => {
      const { ts, api, browser } = world;
      const raw = ts.server.open.raw;
      const storeId = (await api.post('/api/departments', { code: 'YK9', name: '药库九', kind: 'store' })).body
        .id as number;
      const itemId = raw.prepare("SELECT id FROM catalog_items WHERE code = 'XY004'").pluck().get() as number;
      await seedLot(ts, { itemId, locationId: storeId, lotNo: 'L1', expiry: '2028-01-31', qty: 100 });
      const { context, page } = await newPage(browser, ts);
      await signIn(page, ts.admin.username, ts.admin.password);
      await page.goto('/admin/catalog');
      const table = page.getByRole('table', { name: '药品' });
      await table.locator('tbody tr').filter({ hasText: '二甲双胍片' }).getByRole('button', { name: '修改' }).click();
      const dialog = page.getByRole('dialog');
      for (const label of ['包装数量', '最小单位', '药品分类', '类别']) {
        expect(await dialog.getByLabel(label, { exact: true }).isDisabled(), label).to.equal(true);
      }
      await dialog.getByText('该项目已有库存或单据记录,不能修改;请新建一个项目并停用旧项目').first().waitFor();
      expect(await dialog.getByLabel('包装单位').isDisabled()).to.equal(false);
      // The retail price of an item with stock changes through the store's 调价 document.
      expect(await dialog.getByLabel('零售价(元/包装)').isDisabled()).to.equal(true);
      await dialog.getByText('该项目有库存,零售价请在药库做调价单修改', { exact: false }).waitFor();
      const priceBefore = raw.prepare('SELECT price_fen FROM catalog_items WHERE id = ?').pluck().get(itemId);
      await dialog.getByLabel('进价(元/包装)').fill('0.40');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(
        raw.prepare('SELECT price_fen, purchase_price_fen, pack_size FROM catalog_items WHERE id = ?').get(itemId),
      ).to.deep.equal({ price_fen: priceBefore, purchase_price_fen: 40, pack_size: 1 });

      await page.getByRole('button', { name: 'English' }).click();
      const en = page.getByRole('table', { name: 'Drugs' });
      await en.locator('tbody tr').filter({ hasText: '硝苯地平缓释片' }).getByText('EDL', { exact: true }).waitFor();
      expect(await en.getByText('基', { exact: true }).count()).to.equal(0);
      await context.close();
    },
  );
});
