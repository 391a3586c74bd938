// Browser test of 住院登记 (issue 12, stays): a cashier finds a patient, fills the admission form (ward,
// ICD-10 diagnosis searched in the dictionary, attending doctor, contact, a first deposit by WeChat with its
// transaction number), admits; the stay page shows the 住院号, the receipt and the balance; she takes a
// second deposit (F4) and refunds the first receipt whole with a reason. A second cashier, with the list
// open in another browser, sees the new stay appear and its balance change live. Bad input first: the
// form names the field (no diagnosis). Then the administrator raises the ward's warning line on 病区费用设置
// and the stay turns red on the cashiers' screens, live. Screenshot at 1366×768.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { factories, type Factories, type UserMade } from '../helpers/factories.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('browser: 住院登记 admission and deposits', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let browser: Browser;
  let f: Factories;
  let cashierA: UserMade;
  let cashierB: UserMade;
  let patient: { id: number; name: string; mrn: string };

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    f = await factories(ts);
    const ward = await f.department({ kind: 'ward', name: '内科病区' });
    await f.user(['doctor'], { departmentId: ward.id });
    cashierA = await f.user(['registrar']);
    cashierB = await f.user(['registrar']);
    await f.diagnosis('J18.900', '肺炎');
    patient = await f.patient({ name: '郑住院' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('admits with a deposit, takes another, refunds one; the other cashier sees it live', async () => {
    const b = await newPage(browser, ts);
    await signIn(b.page, cashierB.username, cashierB.password);
    await b.page.goto('/cashier/stays');
    await b.page.getByText('没有符合条件的住院记录').waitFor();

    const a = await newPage(browser, ts);
    await signIn(a.page, cashierA.username, cashierA.password);
    await a.page.goto('/cashier');
    await a.page.getByRole('link', { name: '住院登记' }).click();
    await a.page.getByRole('heading', { name: '住院登记' }).waitFor();
    await a.page.keyboard.press('F2');
    const form = a.page.getByRole('region', { name: '入院登记' });
    await form.locator('input[name="patientQuery"]').fill('郑住院');
    await a.page
      .getByRole('option', { name: /郑住院/ })
      .first()
      .click();
    await form.getByTestId('admit-patient').waitFor();
    await form.getByLabel('病区').selectOption({ label: '内科病区' });
    await form.getByLabel('主治医生').selectOption({ index: 1 });
    await form.getByLabel('联系人', { exact: true }).fill('郑家属');
    await form.getByLabel('联系人电话').fill('13800001234');
    await form.getByLabel('首次预交金(元)').fill('2000');
    await form.getByLabel('支付方式').selectOption({ label: '微信' });
    await form.getByLabel('票据号/交易号').fill('WX20261209001');
    // No admission diagnosis: the field says so, nothing is admitted.
    await form.getByRole('button', { name: '登记入院' }).click();
    await form.locator('.field-invalid', { hasText: '入院诊断' }).waitFor();
    // The diagnosis from the ICD-10 dictionary, by pinyin initials.
    await form.getByLabel('入院诊断').fill('fy');
    await a.page.getByRole('option', { name: /J18\.900/ }).click();
    await form.getByRole('button', { name: '登记入院' }).click();

    const stay = a.page.getByTestId('stay-view');
    await stay.getByTestId('stay-no').waitFor();
    const stayNo = (await stay.getByTestId('stay-no').textContent())!.trim();
    expect(stayNo).to.match(/^\d{9}$/);
    expect(await stay.getByTestId('balance').textContent()).to.equal('2000.00');
    await stay.getByRole('cell', { name: 'WX20261209001' }).waitFor();
    // The other cashier's list shows the new stay, live.
    const row = b.page.getByTestId(`stay-${stayNo}`);
    await row.waitFor();
    expect(await row.textContent()).to.contain('2000.00');

    // A second deposit (F4), cash.
    await a.page.keyboard.press('F4');
    const dep = a.page.getByRole('dialog');
    await dep.getByLabel('金额(元)').fill('500.5');
    await dep.getByRole('button', { name: '收款并打印收据' }).click();
    await stay.getByTestId('balance').filter({ hasText: '2500.50' }).waitFor();
    await row.filter({ hasText: '2500.50' }).waitFor();

    // Refund the first receipt whole, with a reason.
    const first = stay.locator('tbody tr').first();
    await first.getByRole('button', { name: /^退/ }).click();
    const rev = a.page.getByRole('dialog');
    await rev.getByRole('button', { name: '确认退款' }).click();
    await rev.locator('.field-invalid', { hasText: '原因' }).waitFor();
    await rev.getByLabel('退款原因').fill('家属改用医保');
    await rev.getByRole('button', { name: '确认退款' }).click();
    await stay.getByTestId('balance').filter({ hasText: '500.50' }).waitFor();
    await stay.getByText(/^已退/).waitFor();
    expect(await stay.locator('tbody tr').count()).to.equal(3);
    // Under the default warning line (500.00)? 500.50 is not: no red.
    expect(await stay.getByTestId('stay-money').getAttribute('class')).to.not.contain('st-warn');
    await row.filter({ hasText: '500.50' }).waitFor();
    await screenshot(a.page, 'stays-admission');

    // The database agrees: 3 receipts, the cache equals their sum.
    const raw = ts.server.open.raw;
    const s = raw.prepare(`SELECT id, deposits_fen FROM inpatient_stays WHERE stay_no = ?`).get(stayNo) as {
      id: number;
      deposits_fen: number;
    };
    const sum = raw.prepare(`SELECT sum(amount_fen) AS n FROM stay_deposits WHERE stay_id = ?`).get(s.id) as {
      n: number;
    };
    expect([s.deposits_fen, sum.n]).to.deep.equal([50_050, 50_050]);
    expect(patient.id).to.be.a('number');

    // The administrator raises the ward's warning line to 3000.00 on 病区费用设置: both cashiers' screens
    // turn the stay red, live.
    const admin = await newPage(browser, ts);
    await signIn(admin.page, ts.admin.username, ts.admin.password);
    await admin.page.goto('/admin/ward-settings');
    const wardForm = admin.page.getByRole('form', { name: '内科病区' });
    await wardForm.getByLabel('预警线(元)').fill('abc');
    await wardForm.getByRole('button', { name: '保存' }).click();
    await wardForm.locator('.field-invalid', { hasText: '预警线' }).waitFor();
    await wardForm.getByLabel('预警线(元)').fill('3000');
    await wardForm.getByRole('button', { name: '保存' }).click();
    await admin.page.getByText('已保存 内科病区 的设置').waitFor();
    await row.locator('.st-bal-warn').waitFor();
    await stay.getByTestId('stay-money').getByText('低于预警线 3000.00 元').waitFor();
  });
});
