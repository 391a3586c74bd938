// Browser test of the printing page: a registration's queue ticket waits while the TCP
// printer (the ESC/POS peer) is down, and the row turns to 已打印 live when it is back;
// the layout preview shows the ticket on its grid.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EscPosPeer } from '../../devices/virtual/escpos-peer.js';
import { printWorkerOf } from '../../server/modules/printing/service.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type ApiClient, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, bindBrowser, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

describe('browser: the printing page shows job status live and previews layouts', function () {
  this.timeout(120_000);
  let browser: Browser;
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let context: BrowserContext;
  let page: Page;
  let peer: EscPosPeer;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    peer = await EscPosPeer.start();
    await peer.setMode({ kind: 'down' });
    printWorkerOf(ts.server.modules.db)!.configure({ baseDelayMs: 200, maxDelayMs: 500, maxAttempts: 100 });
    const ws = await admin.post('/api/workstations', {
      code: 'GH-PRT',
      name: '挂号窗口1',
      receiptPrinter: `${peer.address}?paper=58`,
    });
    expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
    w.registrar.client.workstationId = ws.body.id;
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, ts));
    // This browser is bound to the workstation on the server (its workstation cookie).
    await bindBrowser(context, ts, ws.body.id);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/printing');
    await page.getByRole('heading', { level: 1, name: '打印' }).waitFor();
    await page
      .locator('.topbar .link[data-state="up"], .topbar .link[data-state="recovered"]')
      .waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
    await peer?.stop();
  });

  it('a ticket waiting for a down printer turns to 已打印 on the page when the printer is back', async () => {
    const patient = await insertPatient(ts, '钱小明');
    const r = await w.registrar.client.post(
      '/api/registrations',
      { patientId: patient, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const row = page.locator(`tr[data-job="${r.body.printJobId}"]`);
    await row.waitFor();
    await page.locator(`tr[data-job="${r.body.printJobId}"][data-status="pending"]`).waitFor();
    await row.getByText('拒绝连接').waitFor();
    await peer.setMode({ kind: 'healthy' });
    await page.locator(`tr[data-job="${r.body.printJobId}"][data-status="done"]`).waitFor({ timeout: 30_000 });
    expect(await row.getByText('已打印').count()).to.equal(1);
    await peer.settled();
    expect(peer.printed().filter((s) => s.lines.some((l) => l.text === r.body.queueLabel))).to.have.length(1);
    await row.getByRole('button', { name: '预览' }).click();
    const frame = `iframe.print-preview[data-preview="/api/printing/jobs/${r.body.printJobId}/preview"]`;
    await page.locator(frame).waitFor();
    try {
      await page.frameLocator(frame).getByText(r.body.queueLabel).first().waitFor({ timeout: 30_000 });
    } catch (e) {
      // Say what the page showed instead (an error beside the frame, or an empty frame).
      const error = await page.locator('[data-preview-error]').allTextContents();
      const srcdoc = (await page.locator(frame).getAttribute('srcdoc')) ?? '';
      throw new Error(`preview not shown: error ${JSON.stringify(error)}, srcdoc ${srcdoc.length} chars: ${e}`);
    }
    await screenshot(page, 'printing-page');
  });
});
