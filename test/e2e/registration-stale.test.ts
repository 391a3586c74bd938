// Browser test of a stale registration desk: the clinic's fee changes while the desk's live
// link is cut; Enter registers with the fee the desk showed and gets 409 fee_changed: the
// message names the new fee, the desk shows it, nothing is written; Enter again registers at
// the new fee. No reload.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { assertClientBuilt, launchBrowser, newPage, signIn, linkGate } from '../helpers/browser.js';
import { insertPatient, registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { STRONG_PASSWORD, adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';

async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .link[data-state="${state}"]`).waitFor();
}

describe('browser: a stale registration desk', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let w: RegistrationWorld;
  let admin: ApiClient;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it(
    'a fee changed while the desk was cut off: 409 with the new fee shown, nothing written, then ' +
      'registered at the new fee',
    async () => {
      const raw = ts.server.open.raw;
      const patientId = await insertPatient(ts, '邓亮');
      const { context, page } = await newPage(browser, ts);
      const gate = await linkGate(page);
      await signIn(page, w.registrar.username, STRONG_PASSWORD);
      await page.goto('/registration');
      await waitForLink(page, 'up');
      const search = page.locator('input[name="patientQuery"]');
      await search.fill('dl');
      await page
        .locator(`.pt-results[aria-busy="false"] [data-patient-id="${patientId}"][aria-selected="true"]`)
        .waitFor();
      await search.press('Enter');
      await page.locator('.reg-clinic', { hasText: '内科' }).first().click();
      await page.locator('.reg-doctor', { hasText: '李明华' }).click();
      await page.locator('[data-fee="500"]').waitFor();
      await page.getByLabel('实收(元)').fill('10');
      let loads = 0;
      page.on('load', () => loads++);

      // The link drops; the fee of the clinic goes up to 8.00 meanwhile.
      await gate.cut();
      await waitForLink(page, 'down');
      const version = raw
        .prepare('SELECT version FROM clinics WHERE department_id = ?')
        .pluck()
        .get(w.clinicA) as number;
      const put = await admin.put(`/api/clinics/${w.clinicA}`, {
        queuePrefix: w.prefixA,
        registrationFeeFen: 800,
        feeItemId: w.feeItem,
        room: '2',
        version,
      });
      expect(put.status, JSON.stringify(put.body)).to.equal(200);
      const tables = () =>
        JSON.stringify(
          ['visits', 'registrations', 'queue_entries', 'bills', 'payments', 'print_jobs'].map((tb) =>
            raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
          ),
        );
      const before = tables();

      await page.getByLabel('实收(元)').press('Enter');
      await page.getByRole('alert').getByText('的挂号费已改为 8.00 元,请核对后重试').waitFor();
      expect(tables(), 'nothing written').to.equal(before);
      await page.locator('[data-fee="800"]').waitFor();

      // Checked: Enter again registers at the new fee (10.00 tendered, 2.00 change).
      await page.getByLabel('实收(元)').press('Enter');
      await page.locator(`.reg-ticket-label[data-label="${w.prefixA}001"]`).waitFor();
      const reg = raw.prepare('SELECT fee_fen FROM registrations WHERE patient_id = ?').get(patientId) as {
        fee_fen: number;
      };
      expect(reg.fee_fen).to.equal(800);
      gate.reopen();
      await waitForLink(page, 'up');
      expect(loads).to.equal(0);
      await context.close();
    },
  );
});
