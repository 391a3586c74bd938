// Browser tests of the live link: the indicator when the server goes away and comes back
// (and the change made meanwhile appears after catch-up), and two browsers where a
// department created in one appears in the other's list without a reload.
import fs from 'node:fs';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, linkIndicator, newPage, signIn } from '../helpers/browser.js';

async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .link[data-state="${state}"]`).waitFor();
}

describe('browser: live link', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async () => {
    assertClientBuilt();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  describe('server restart', () => {
    let ts1: TestServer | undefined;
    let ts2: TestServer | undefined;
    let dataDir = '';
    after(async () => {
      await ts1?.stop();
      await ts2?.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('shows the link down while the server is away, then catches up on a change made meanwhile', async () => {
      ts1 = await startTestServer({ keepData: true });
      dataDir = ts1.dataDir;
      const port = Number(new URL(ts1.url).port);
      const api = await adminClient(ts1);
      const { context, page } = await newPage(browser, ts1);

      // The page's WebSocket goes through this gate: while closed, every reconnect attempt
      // is refused, so the change below is made while the page is still reconnecting.
      let gateOpen = true;
      await page.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (gateOpen) ws.connectToServer();
        else ws.close({ code: 1011, reason: 'test gate closed' });
      });

      await signIn(page, ts1.admin.username, ts1.admin.password);
      await page.goto('/admin/departments');
      await page.getByRole('heading', { level: 1, name: '科室' }).waitFor();
      await waitForLink(page, 'up');

      let loads = 0;
      page.on('load', () => loads++);
      gateOpen = false;
      await ts1.stop();
      ts1 = undefined;
      await waitForLink(page, 'down');
      expect(await linkIndicator(page).textContent()).to.contain('实时连接已断开，正在重连…');

      // A new server on the same port and data directory; the session survives.
      ts2 = await startTestServer({ dataDir, keepData: true, config: { port } });
      expect(ts2.url).to.equal(`http://127.0.0.1:${port}`);
      const created = await api.post('/api/departments', { code: 'CATCHUP', name: '重连补发科', kind: 'clinic' });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      // Still reconnecting, and the page has not seen the change.
      expect(await linkIndicator(page).getAttribute('data-state')).to.equal('down');
      expect(await page.getByText('重连补发科').count()).to.equal(0);

      gateOpen = true;
      await waitForLink(page, 'recovered');
      expect(await linkIndicator(page).textContent()).to.contain('已恢复');
      await page.locator('table.data').getByText('重连补发科', { exact: true }).waitFor();
      expect(loads, 'the page was not reloaded').to.equal(0);
      // "Recovered" is shown briefly, then the plain connected state.
      await waitForLink(page, 'up');
      await context.close();
    });
  });

  describe('two browsers', () => {
    let ts: TestServer;
    before(async () => {
      ts = await startTestServer();
      await adminClient(ts);
    });
    after(async () => {
      await ts?.stop();
    });

    it('a department created in one browser appears in the other one’s list without a reload', async () => {
      const a = await newPage(browser, ts);
      const b = await newPage(browser, ts);
      for (const p of [a.page, b.page]) {
        await signIn(p, ts.admin.username, ts.admin.password);
        await p.goto('/admin/departments');
        await p.getByRole('heading', { level: 1, name: '科室' }).waitFor();
        await waitForLink(p, 'up');
      }
      let bLoads = 0;
      b.page.on('load', () => bLoads++);

      // A creates a department through the dialog (keyboard: Enter submits).
      await a.page.getByRole('button', { name: '新建科室' }).click();
      const dialog = a.page.locator('dialog[open]');
      await dialog.getByLabel('科室编码').fill('LIVE01');
      await dialog.getByLabel('科室名称').fill('实时内科');
      await dialog.getByLabel('类别').selectOption('clinic');
      await dialog.getByLabel('科室名称').press('Enter');
      await dialog.waitFor({ state: 'detached' });

      await b.page.locator('table.data').getByText('实时内科', { exact: true }).waitFor();
      expect(bLoads).to.equal(0);

      // A duplicate code: the server's message is shown next to the code field.
      await a.page.getByRole('button', { name: '新建科室' }).click();
      await dialog.getByLabel('科室编码').fill('LIVE01');
      await dialog.getByLabel('科室名称').fill('另一个科室');
      await dialog.getByLabel('科室名称').press('Enter');
      const codeField = dialog.locator('.field', { has: a.page.getByLabel('科室编码') });
      await codeField.locator('.field-msg').waitFor();
      expect(await codeField.getAttribute('class')).to.contain('field-invalid');
      await a.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // B edits it; A sees the new name.
      const row = b.page.locator('table.data tr', { hasText: '实时内科' });
      await row.getByRole('button', { name: '修改' }).click();
      const bDialog = b.page.locator('dialog[open]');
      await bDialog.getByLabel('科室名称').fill('实时内科一');
      await bDialog.getByLabel('科室名称').press('Enter');
      await bDialog.waitFor({ state: 'detached' });
      await a.page.locator('table.data').getByText('实时内科一', { exact: true }).waitFor();

      await a.context.close();
      await b.context.close();
    });
  });
});
