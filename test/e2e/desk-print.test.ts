// Browser test of what the desk says about its paper (issue 9 item 12): a registration at a
// workstation without a receipt printer says so (and where to set it) instead of "sent"; at a
// workstation whose printer fails, the failed job shows on that desk's page, live, with 重打,
// which prints it once the printer is back.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EscPosPeer } from '../../devices/virtual/escpos-peer.js';
import { printWorkerOf } from '../../server/modules/printing/service.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type ApiClient, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, bindBrowser, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

describe('browser: the desk says whether its ticket can print, and shows its failed jobs with 重打', function () {
  this.timeout(120_000);
  let browser: Browser;
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let peer: EscPosPeer;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    peer = await EscPosPeer.start();
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
    await peer?.stop();
  });

  async function desk(workstationId: number): Promise<Page> {
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await bindBrowser(context, ts, workstationId);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/registration');
    await page.getByRole('heading', { level: 1, name: '门诊挂号' }).waitFor();
    await page
      .locator('.topbar .link[data-state="up"], .topbar .link[data-state="recovered"]')
      .waitFor({ timeout: 20_000 });
    return page;
  }

  it(
    'no receipt printer at this workstation: the ticket view says so and where to set it, not ' + '"已发送打印"',
    async () => {
      const ws = await admin.post('/api/workstations', { code: 'GH-NOPRT', name: '挂号窗口(无打印机)' });
      expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
      const patientId = await insertPatient(ts, '陈无票');
      const page = await desk(ws.body.id);
      const search = page.locator('input[name="patientQuery"]');
      await search.fill('cwp');
      await page
        .locator(`.pt-results[aria-busy="false"] [data-patient-id="${patientId}"][aria-selected="true"]`)
        .waitFor();
      await search.press('Enter');
      await page.locator('.reg-patient', { hasText: '陈无票' }).waitFor();
      await page.locator('.reg-clinic', { hasText: '全科' }).first().click();
      await page.keyboard.press('Enter');
      await page.locator('.reg-ticket-label').waitFor();
      const notice = page.locator('.reg-ticket [data-testid="print-outcome"]');
      await notice.waitFor();
      expect(await notice.getAttribute('data-outcome')).to.equal('no_printer');
      expect(await notice.textContent()).to.equal('本工作站未配置小票打印机,请在 系统管理 › 工作站 设置');
      expect(await page.locator('.reg-ticket').textContent()).to.not.include('已发送打印');
      await screenshot(page, 'desk-print-no-printer');
    },
  );

  it(
    'a job that fails shows on the desk that made it, live, with 重打; 重打 prints it once the ' + 'printer is back',
    async () => {
      const worker = printWorkerOf(ts.server.modules.db)!;
      worker.configure({
        baseDelayMs: 50,
        maxDelayMs: 100,
        maxAttempts: 2,
        send: { connectTimeoutMs: 1000, answerTimeoutMs: 1000 },
      });
      await peer.setMode({ kind: 'down' });
      const ws = await admin.post('/api/workstations', {
        code: 'GH-BADPRT',
        name: '挂号窗口(打印机故障)',
        receiptPrinter: `${peer.address}?paper=58`,
      });
      expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
      const page = await desk(ws.body.id);
      // Another page of this desk made the job (here: the API as the same workstation).
      w.registrar.client.workstationId = ws.body.id;
      const r = await w.registrar.client.post(
        '/api/registrations',
        { patientId: await insertPatient(ts, '林故障'), departmentId: w.clinicB, payer: 'cash' },
        idem(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.print.outcome).to.equal('queued');
      const alert = page.locator('[data-testid="print-alerts"] .print-alert', { hasText: `#${r.body.printJobId}` });
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).to.match(/挂号小票:打印失败:.*拒绝连接/);
      await screenshot(page, 'desk-print-failed');
      await peer.setMode({ kind: 'healthy' });
      await alert.getByRole('button', { name: '重打' }).click();
      await alert.waitFor({ state: 'detached', timeout: 15_000 });
      await worker.idle();
      await peer.settled();
      expect(peer.printed().filter((s) => s.lines.some((l) => l.text === r.body.queueLabel))).to.have.length(1);
    },
  );
});
