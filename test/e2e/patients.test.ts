// Browser test of the patients station: register a patient (ID number fills birth date and
// sex), find them as you type by pinyin initials (both readings of a polyphonic surname),
// the duplicate ID number offers the existing patient, a doctor sees identifiers masked.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { idCheckChar } from '../../server/lib/id-number.js';
import { userViaApi } from '../helpers/admin.js';
import { adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

const first17 = '33078219850315011';
const ID = first17 + idCheckChar(first17);

describe('browser: patients station', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let registrar: { username: string; password: string };
  let doctor: { username: string; password: string };

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const admin = await adminClient(ts);
    registrar = await userViaApi(ts, admin, ['registrar']);
    doctor = await userViaApi(ts, admin, ['doctor']);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('registers a patient from the keyboard and finds them by pinyin initials', async () => {
    const { context, page } = await newPage(browser, ts);
    await signIn(page, registrar.username, registrar.password);
    await page.getByRole('link', { name: /患者/ }).first().click();
    await page.waitForURL((u) => u.pathname === '/patients');
    const search = page.getByRole('combobox', { name: '查找患者' });
    await search.waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("name")')).to.equal(
      'patientQuery',
    );

    // F2: a new patient. The ID number fills in birth date and sex.
    await page.keyboard.press('F2');
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('姓名').fill('曾晓红');
    await dialog.getByLabel('身份证号').fill(ID);
    expect(await dialog.getByLabel('出生日期').inputValue()).to.equal('1985-03-15');
    expect(await dialog.getByLabel('性别').inputValue()).to.equal('M');
    await dialog.getByLabel('电话', { exact: true }).fill('13812345678');
    await dialog.getByLabel('过敏史').fill('青霉素,磺胺类');
    await dialog.getByLabel('姓名').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const detail = page.locator('.pt-detail');
    await detail.getByRole('heading', { name: /曾晓红/ }).waitFor();
    await detail.getByText('过敏:青霉素、磺胺类').waitFor();
    expect(await detail.textContent()).to.contain(ID);
    await screenshot(page, 'patients-registered');

    // Search as you type: both readings of 曾 (zeng / ceng), then Enter chooses.
    for (const q of ['zxh', 'cxh']) {
      await search.fill(q);
      await page.locator('.pt-results [role=option]', { hasText: '曾晓红' }).waitFor();
    }
    await search.fill('1381234');
    await page.locator('.pt-results [role=option]', { hasText: '曾晓红' }).waitFor();
    await search.press('Enter');
    await detail.getByRole('heading', { name: /曾晓红/ }).waitFor();

    // The same ID number again: the existing patient is offered and chosen.
    await page.getByRole('button', { name: '新建患者 (F2)' }).click();
    await dialog.getByLabel('姓名').fill('另一个人');
    await dialog.getByLabel('身份证号').fill(ID);
    await dialog.getByLabel('姓名').press('Enter');
    await dialog.getByText('该身份证号已登记').waitFor();
    await dialog.getByRole('button', { name: '使用该患者' }).click();
    await dialog.waitFor({ state: 'detached' });
    await detail.getByRole('heading', { name: /曾晓红/ }).waitFor();
    const count = ts.server.open.raw.prepare('SELECT count(*) AS n FROM patients').get() as { n: number };
    expect(count.n).to.equal(1);
    await context.close();
  });

  it('shows a doctor the record with the ID number and phone masked', async () => {
    const { context, page } = await newPage(browser, ts);
    await signIn(page, doctor.username, doctor.password);
    await page.goto('/patients');
    await page.getByRole('combobox', { name: '查找患者' }).fill('zxh');
    await page.locator('.pt-results [role=option]', { hasText: '曾晓红' }).click();
    const detail = page.locator('.pt-detail');
    await detail.getByRole('heading', { name: /曾晓红/ }).waitFor();
    const text = (await detail.textContent()) ?? '';
    expect(text).to.contain(ID.slice(0, 4) + '**********' + ID.slice(14));
    expect(text).to.contain('138****5678');
    expect(text).to.not.contain(ID);
    await screenshot(page, 'patients-masked');
    await context.close();
  });
});
