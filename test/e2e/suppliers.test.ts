// Browser test of the suppliers page (供应商): the administrator opens it from the side menu,
// creates a supplier (a wrong credit-code check character is shown on the field first), finds
// it by pinyin initials, and sees a supplier created elsewhere appear live; then exports the
// list and imports a file with a bad row (the report, nothing imported, then the good rows only).
import fs from 'node:fs';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';
import { readXlsx } from '../../server/lib/xlsx.js';
import { SUPPLIER_HEADERS } from '../../server/modules/suppliers/columns.js';

describe('browser: suppliers page', function () {
  this.timeout(120_000);
  const world = adminBrowserWorld();

  it(
    'creates a supplier, shows a bad credit code on its field, finds it by pinyin initials, ' + 'updates live',
    async () => {
      const { ts, api, browser } = world;
      const raw = ts.server.open.raw;
      const count = () => raw.prepare('SELECT count(*) FROM suppliers').pluck().get() as number;
      const { context, page } = await newPage(browser, ts);
      await signIn(page, ts.admin.username, ts.admin.password);
      await page.goto('/admin');
      await page.locator('nav.side').getByRole('link', { name: '供应商', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/admin/suppliers');
      await page.getByRole('heading', { level: 1, name: '供应商' }).waitFor();

      await page.getByRole('button', { name: '新增供应商' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('编码').fill('HR01');
      await dialog.getByLabel('名称').fill('华润医药商业');
      await dialog.getByLabel('统一社会信用代码').fill('91350100M000100Y44');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/第 18 位应为“3”/)
        .waitFor();
      expect(count(), 'nothing written').to.equal(0);

      await dialog.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(count()).to.equal(1);

      const table = page.getByRole('table', { name: '供应商' });
      await api.post('/api/suppliers', { code: 'JZ02', name: '九州通医药' });
      await table.getByText('九州通医药').waitFor(); // live on supplier:changed

      await page.getByRole('searchbox').fill('hryy');
      await table.locator('tbody tr').filter({ hasText: '华润医药商业' }).waitFor();
      await table.getByText('九州通医药').waitFor({ state: 'detached' });
      expect(await table.locator('tbody tr').count()).to.equal(1);
      await context.close();
    },
  );

  it(
    'exports the list and imports a file: the report names the bad row, nothing is imported ' +
      'until the good rows are chosen',
    async () => {
      const { ts, browser } = world;
      const raw = ts.server.open.raw;
      const { context, page } = await newPage(browser, ts);
      await signIn(page, ts.admin.username, ts.admin.password);
      await page.goto('/admin/suppliers');
      await page.getByRole('heading', { level: 1, name: '供应商' }).waitFor();
      const table = page.getByRole('table', { name: '供应商' });
      await table.getByText('华润医药商业').waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 Excel' }).click(),
      ]);
      expect(download.suggestedFilename()).to.equal('供应商.xlsx');
      const sheet = await readXlsx(fs.readFileSync((await download.path())!), { maxRows: 100 });
      expect(sheet.header).to.deep.equal(SUPPLIER_HEADERS);
      expect(sheet.rows.map((r) => r.cells[0])).to.deep.equal(['HR01', 'JZ02']);

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('供应商');
      ws.addRow(SUPPLIER_HEADERS);
      ws.addRow([
        'GK03',
        '国药控股福州',
        '国药',
        '林敏',
        '0591-88001234',
        null,
        null,
        '闽AA5910001',
        '2027-12-31',
        '是',
      ]);
      ws.addRow(['BAD04', '乙公司', null, null, null, null, '91350100M000100Y44', null, null, '是']);
      const file = Buffer.from(await wb.xlsx.writeBuffer());
      const count = () => raw.prepare('SELECT count(*) FROM suppliers').pluck().get() as number;
      const before = count();

      await page.getByRole('button', { name: '导入', exact: true }).click();
      const imp = page.getByRole('dialog', { name: '导入供应商' });
      await imp.getByLabel('Excel 文件').setInputFiles({
        name: '供应商.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      await imp.getByTestId('chosen').getByText('供应商.xlsx').waitFor();
      await imp.getByRole('button', { name: '检查' }).click();
      const report = imp.getByTestId('import-report');
      await report.getByText('共 2 行:正确 1 行,错误 1 处').waitFor();
      const bad = report.locator('tr[data-row="3"]');
      await bad.getByText('统一社会信用代码', { exact: true }).waitFor();
      await bad.getByText(/第 18 位应为“3”/).waitFor();
      expect(
        await imp.getByRole('button', { name: '全部导入' }).count(),
        'no "import all" while rows are bad',
      ).to.equal(0);
      expect(count(), 'check writes nothing').to.equal(before);

      await imp.getByRole('button', { name: '只导入正确的行(1 行)' }).click();
      await report.getByText('已导入:新增 1 行,更新 0 行,0 行不变').waitFor();
      expect(count()).to.equal(before + 1);
      await imp.getByRole('button', { name: '关闭' }).click();
      await table.getByText('国药控股福州').waitFor();
      expect(raw.prepare("SELECT count(*) FROM suppliers WHERE code = 'BAD04'").pluck().get()).to.equal(0);
      await context.close();
    },
  );
});
