// Browser test of a stale patient record: the registrar opens 修改 on a patient while the live
// link is cut; another desk changes the phone meanwhile; saving gets the clear "changed by
// someone else" message in the dialog and the other desk's change stands.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, signIn, linkGate } from '../helpers/browser.js';
import { insertPatient } from '../helpers/registration.js';
import { adminClient, startTestServer, type TestServer } from '../helpers/server.js';

async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .link[data-state="${state}"]`).waitFor();
}

describe('browser: a stale patient record', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('saving an edit of a patient changed meanwhile: a clear message, the other change stands', async () => {
    const raw = ts.server.open.raw;
    const admin = await adminClient(ts);
    const desk = await userViaApi(ts, admin, ['registrar']);
    const other = await userViaApi(ts, admin, ['registrar']);
    const id = await insertPatient(ts, '谢文');
    const { context, page } = await newPage(browser, ts);
    const gate = await linkGate(page);
    await signIn(page, desk.username, desk.password);
    await page.goto(`/patients?id=${id}`);
    await waitForLink(page, 'up');
    const detail = page.locator(`.pt-detail[data-patient-id="${id}"]`);
    await detail.getByRole('heading', { name: /谢文/ }).waitFor();
    await detail.getByRole('button', { name: '修改' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('电话', { exact: true }).waitFor();

    // The link drops; another desk changes the phone.
    await gate.cut();
    await waitForLink(page, 'down');
    const cur = await other.client.get(`/api/patients/${id}`);
    const changed = await other.client.put(`/api/patients/${id}`, {
      name: cur.body.name,
      sex: cur.body.sex,
      birthDate: cur.body.birthDate,
      idNumber: null,
      phone: '13900001111',
      address: null,
      insuranceNo: null,
      guardianName: null,
      guardianPhone: null,
      guardianRelation: null,
      allergies: [],
      chronicConditions: [],
      version: cur.body.version,
    });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    const row = () => JSON.stringify(raw.prepare('SELECT * FROM patients WHERE id = ?').get(id));
    const before = row();

    await dialog.getByLabel('电话', { exact: true }).fill('13800002222');
    await dialog.getByLabel('电话', { exact: true }).press('Enter');
    await dialog.getByText('已被他人修改,请刷新后再试').waitFor();
    expect(row(), 'the other desk’s change stands').to.equal(before);
    expect(raw.prepare('SELECT phone FROM patients WHERE id = ?').pluck().get(id)).to.equal('13900001111');
    gate.reopen();
    await waitForLink(page, 'up');
    await context.close();
  });
});
