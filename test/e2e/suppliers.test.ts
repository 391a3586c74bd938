// Browser test of the suppliers page (供应商): the administrator opens it from the side menu,
// creates a supplier (a wrong credit-code check character is shown on the field first), finds
// it by pinyin initials, and sees a supplier created elsewhere appear live.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { assertClientBuilt, launchBrowser, newPage, signIn } from '../helpers/browser.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';

describe('browser: suppliers page', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let api: ApiClient;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    api = await adminClient(ts);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('creates a supplier, shows a bad credit code on its field, finds it by pinyin initials, updates live', async () => {
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
    await dialog.getByRole('alert').getByText(/第 18 位应为“3”/).waitFor();
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
  });
});
