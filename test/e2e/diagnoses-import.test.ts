// Browser test of the ICD-10 import page (诊断字典导入): the administrator opens it from the
// side menu, uploads a CSV with a bad row and sees the row-by-row report with nothing
// imported, then imports the good rows only; the doctor's diagnosis search finds them.
import { expect } from 'chai';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';

const CSV = '\ufeffcode,name\r\nZ99.801,测试诊断甲\r\nBAD,坏编码\r\nZ99.802,"测试诊断乙,含逗号"\r\nZ99.803,\r\n';

describe('browser: ICD-10 import page', function () {
  this.timeout(120_000);
  const world = adminBrowserWorld();

  it('uploads a file, shows every bad row with nothing imported, then imports the good rows only', async () => {
    const { ts, api, browser } = world;
    const raw = ts.server.open.raw;
    const count = () => raw.prepare(`SELECT count(*) FROM diagnoses WHERE code LIKE 'Z99.8%'`).pluck().get() as number;
    const { context, page } = await newPage(browser, ts);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/admin');
    await page.locator('nav.side').getByRole('link', { name: '诊断字典', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/diagnoses');
    await page.getByRole('heading', { level: 1, name: '诊断字典' }).waitFor();
    expect(await page.getByRole('button', { name: '检查并导入' }).isDisabled(), 'no file yet').to.equal(true);

    await page
      .getByLabel('CSV 文件')
      .setInputFiles({ name: 'icd10.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByTestId('chosen').getByText('icd10.csv').waitFor();
    await page.getByRole('button', { name: '检查并导入' }).click();

    const report = page.getByTestId('import-report');
    await report.getByText('未导入任何数据').waitFor();
    await page.getByRole('alert').getByText('有 2 行有误,未导入任何数据').waitFor();
    await report.getByText('共 4 行:错误 2 行').waitFor();
    const line3 = report.locator('tr[data-line="3"]');
    await line3.getByText('错误').waitFor();
    await line3.getByText('不是 A00 或 J06.900 这样的 ICD-10 编码').waitFor();
    await report.locator('tr[data-line="5"]').getByText('名称为空').waitFor();
    await report.locator('tr[data-line="2"]').getByText('未导入').waitFor();
    expect(count(), 'nothing imported').to.equal(0);

    await page.getByRole('button', { name: '只导入正确的 2 行' }).click();
    await report.getByText('已导入:新增 2,更新 0,未变 0').waitFor();
    await report.locator('tr[data-line="4"]').getByText('新增').waitFor();
    await report.locator('tr[data-line="3"]').getByText('错误').waitFor();
    expect(count()).to.equal(2);
    expect(await page.getByRole('button', { name: /只导入正确的/ }).count(), 'no second import offered').to.equal(0);

    // The doctor's search finds an imported name by pinyin initials.
    const found = await api.get('/api/diagnoses?q=csz');
    expect(found.body.items.map((d: { code: string }) => d.code)).to.include.members(['Z99.801', 'Z99.802']);
    expect(found.body.items.find((d: { code: string }) => d.code === 'Z99.802').name).to.equal('测试诊断乙,含逗号');

    // A file with the wrong header: a clear message, no report, nothing imported.
    await page
      .getByLabel('CSV 文件')
      .setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('icd,title\nA00,霍乱\n', 'utf8') });
    await page.getByRole('button', { name: '检查并导入' }).click();
    await page.getByRole('alert').getByText('表头应为 code,name').waitFor();
    expect(await report.count()).to.equal(0);
    expect(count()).to.equal(2);
    await context.close();
  });
});
