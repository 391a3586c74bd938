// Browser test of issue 9 item 21: the registration desk and the patients station list the
// recent patients before any search with ID numbers and phones masked (even for a registrar
// who may see them); a 显示 button beside one value shows it in full through the audited
// reveal API, without picking the patient.
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import { idCheckChar } from '../../server/lib/id-number.js';
import { auditRows } from '../helpers/admin.js';
import { registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

const first17 = '33078219720809021';
const ID = first17 + idCheckChar(first17);
const PHONE = '13957571234';

describe('browser: masked patient lists with an audited reveal', function () {
  this.timeout(120_000);
  let browser: Browser;
  let ts: TestServer;
  let w: RegistrationWorld;
  let patientId: number;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    const r = await w.registrar.client.post('/api/patients', { name: '韩桂芝', idNumber: ID, phone: PHONE });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    patientId = r.body.id;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
  });

  for (const path of ['/registration', '/patients']) {
    it(`${path}: the recent list masks the ID number and phone; 显示 reveals one, audited`, async () => {
      const { context, page } = await newPage(browser, ts);
      contexts.push(context);
      await signIn(page, w.registrar.username, STRONG_PASSWORD);
      await page.goto(path);
      const row = page.locator(`.pt-results [data-patient-id="${patientId}"]`);
      await row.waitFor();
      const text = (await page.locator('.pt-results').textContent()) ?? '';
      expect(text).to.contain(ID.slice(0, 4) + '**********' + ID.slice(14));
      expect(text).to.contain('139****1234');
      expect(text).to.not.contain(ID);
      expect(text).to.not.contain(PHONE);
      if (path === '/registration') await screenshot(page, 'registration-masked-list');

      const before = auditRows(ts, 'patient.reveal', patientId).length;
      await row.getByRole('button', { name: /显示完整证件号/ }).click();
      await row.getByText(ID, { exact: true }).waitFor();
      // Only that field: the phone stays masked, and the click did not pick the patient.
      expect((await row.textContent()) ?? '').to.not.contain(PHONE);
      expect(await row.getByRole('button', { name: /显示完整证件号/ }).count()).to.equal(0);
      if (path === '/patients') expect(await page.locator('.pt-detail').count()).to.equal(0);
      if (path === '/registration')
        expect(await page.locator('.reg-patient', { hasText: '韩桂芝' }).count()).to.equal(0);
      const rows = auditRows(ts, 'patient.reveal', patientId);
      expect(rows.length).to.equal(before + 1);
      expect(rows[0]!.summary.field).to.equal('idNumber');

      await row.getByRole('button', { name: /显示完整电话/ }).click();
      await row.getByText(PHONE, { exact: true }).waitFor();
      expect(auditRows(ts, 'patient.reveal', patientId).length).to.equal(before + 2);
    });
  }
});
