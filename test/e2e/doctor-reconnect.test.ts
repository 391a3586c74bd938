// Browser test of the doctor's live link: the doctor's WebSocket is cut, the registration desk
// registers two patients into the doctor's clinic and another doctor calls one of them; the
// doctor's page does not see it while cut, and sees all of it after reconnecting, without a
// reload. Then a stale page: with the link cut again, another doctor calls the ticket the page
// still shows as waiting; the doctor's 叫号 on it gets the clear "already called" message and
// nothing changes in the database.
import { expect } from 'chai';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { assertClientBuilt, launchBrowser, linkIndicator, newPage, signIn } from '../helpers/browser.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { STRONG_PASSWORD, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .link[data-state="${state}"]`).waitFor();
}

describe('browser: the doctor reconnects and catches up', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let w: RegistrationWorld;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  const register = async (patientId: number) => {
    const r = await w.registrar.client.post(
      '/api/registrations',
      { patientId, departmentId: w.clinicA, payer: 'cash', waiveFee: true },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const entry = ts.server.open.raw
      .prepare('SELECT id FROM queue_entries WHERE visit_id = ?')
      .pluck()
      .get(r.body.visitId) as number;
    return { entryId: entry, label: r.body.queueLabel as string };
  };

  it(
    'changes made while the doctor’s link is cut arrive on reconnect; a stale 叫号 is refused ' +
      'with a clear message',
    async () => {
      const { context, page } = await newPage(browser, ts);
      // The page's WebSocket goes through this gate: cut() closes the open one, and while the
      // gate is closed every reconnect attempt is refused.
      let gateOpen = true;
      let open: WebSocketRoute[] = [];
      await page.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (!gateOpen) return void ws.close({ code: 1011, reason: 'test gate closed' });
        ws.connectToServer();
        open.push(ws);
      });
      const cut = async () => {
        gateOpen = false;
        const was = open;
        open = [];
        for (const ws of was) await ws.close({ code: 1011, reason: 'test cut' });
        await waitForLink(page, 'down');
      };
      await signIn(page, w.doctor1.username, STRONG_PASSWORD);
      await page.goto('/doctor');
      await page.getByText('暂无候诊患者').waitFor();
      await waitForLink(page, 'up');
      let loads = 0;
      page.on('load', () => loads++);

      // Cut the doctor's link.
      await cut();
      expect(await linkIndicator(page).getAttribute('data-state')).to.equal('down');

      // Meanwhile: two registrations into the doctor's clinic, and another doctor calls the first.
      const a = await register(await insertPatient(ts, '赵一'));
      const b = await register(await insertPatient(ts, '钱二'));
      const called = await w.doctor2.client.post(`/api/queue/${a.entryId}/call`, {});
      expect(called.status, JSON.stringify(called.body)).to.equal(200);
      expect(await page.locator('[data-entry]').count(), 'nothing arrives while the link is cut').to.equal(0);
      await page.getByText('暂无候诊患者').waitFor();

      gateOpen = true;
      await waitForLink(page, 'recovered');
      const entryA = page.locator(`[data-entry="${a.entryId}"]`);
      const entryB = page.locator(`[data-entry="${b.entryId}"]`);
      await entryA.getByText(a.label).waitFor();
      await entryA.locator('.q-status', { hasText: '已叫号 · 张秀英' }).waitFor();
      await entryB.getByText(b.label).waitFor();
      await entryB.locator('.q-status', { hasText: '候诊' }).waitFor();
      expect(
        await entryA.getByRole('button', { name: '叫号' }).count(),
        'no 叫号 on a ticket another doctor called',
      ).to.equal(0);
      expect(loads, 'the page was not reloaded').to.equal(0);
      await waitForLink(page, 'up');

      // A stale page: cut again; the other doctor calls B, which this page still shows as waiting.
      await cut();
      const calledB = await w.doctor2.client.post(`/api/queue/${b.entryId}/call`, {});
      expect(calledB.status, JSON.stringify(calledB.body)).to.equal(200);
      await entryB.locator('.q-status', { hasText: '候诊' }).waitFor();
      const raw = ts.server.open.raw;
      const before = JSON.stringify(raw.prepare('SELECT * FROM queue_entries ORDER BY id').all());
      await entryB.getByRole('button', { name: '叫号' }).click();
      await page.locator('.toasts').getByText(`${b.label} 号已被 张秀英 医生叫号,请刷新队列`).waitFor();
      expect(JSON.stringify(raw.prepare('SELECT * FROM queue_entries ORDER BY id').all()), 'nothing changed').to.equal(
        before,
      );
      // The failed action reloads the queue over HTTP: the page now shows who called B.
      await entryB.locator('.q-status', { hasText: '已叫号 · 张秀英' }).waitFor();
      gateOpen = true;
      await waitForLink(page, 'up');
      expect(loads).to.equal(0);
      await context.close();
    },
  );
});
