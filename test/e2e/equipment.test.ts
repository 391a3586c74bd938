// Browser test of the equipment register (医疗设备): the administrator registers an item
// with a maintenance interval, logs a maintenance and sees the next due date move.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { assertClientBuilt, launchBrowser, newPage, signIn } from '../helpers/browser.js';
import { ManualClock, adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';

describe('browser: equipment register', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let api: ApiClient;

  before(async () => {
    assertClientBuilt();
    // 10:00 on 2026-11-26 in Asia/Shanghai.
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 2, 0, 0)) });
    api = await adminClient(ts);
    expect((await api.post('/api/departments', { code: 'FSK', name: '放射科', kind: 'lab' })).status).to.equal(201);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('registers an item, logs a maintenance and shows the next maintenance date moved', async () => {
    const { context, page } = await newPage(browser, ts);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/admin');
    await page.locator('nav.side').getByRole('link', { name: '医疗设备', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/equipment');
    await page.getByRole('heading', { level: 1, name: '医疗设备' }).waitFor();

    await page.getByRole('button', { name: '登记设备' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('资产编号').fill('EQ-100');
    await dialog.getByLabel('设备名称').fill('心电图机');
    await dialog.getByLabel('存放科室').selectOption({ label: '放射科' });
    await dialog.getByLabel('购置价格(元)').fill('12500.50');
    await dialog.getByLabel('保养周期(天)').fill('90');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: 'EQ-100' });
    await row.getByTestId('next-maintenance').getByText('2027-02-24').waitFor();
    const saved = (await api.get('/api/equipment?q=EQ-100')).body.items[0];
    expect(saved).to.include({ purchasePriceFen: 1_250_050, maintenanceIntervalDays: 90 });

    await row.getByRole('button', { name: '登记履历' }).click();
    const log = page.getByRole('dialog');
    await log.getByLabel('日期').fill('2026-11-20');
    await log.getByLabel('执行人').fill('张工');
    await log.getByLabel('费用(元)').fill('50');
    await log.getByRole('button', { name: '登记' }).click();
    await log.waitFor({ state: 'detached' });
    await row.getByTestId('next-maintenance').getByText('2027-02-18').waitFor();
    const entries = (await api.get(`/api/equipment/${saved.id}/log`)).body.items;
    expect(entries).to.have.length(1);
    expect(entries[0]).to.include({ kind: 'maintenance', day: '2026-11-20', costFen: 5000, performedBy: '张工' });
    await context.close();
  });
});
