// Browser test of 拒发 (issue 9 items 6 and 10): the pharmacist reviews a paid prescription
// (the patient's allergies and the visit's diagnosis beside the pick list) and refuses it with a
// reason; the doctor's open page shows the refusal live with the reason; the cashier refunds it
// whole from today's bills, and the doctor's page says so; the doctor rewrites it as a new draft.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { userViaApi } from '../helpers/admin.js';
import { giveBook } from '../helpers/billing.js';
import { key, openVisit, seedDoctorWorld, type DoctorFixture } from '../helpers/doctor.js';
import { STRONG_PASSWORD, adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

describe('browser: pharmacy refusal (拒发) back to the doctor and refunded at the cashier', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let f: DoctorFixture;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('the refusal reaches the doctor live with its reason, the cashier refunds it whole, the doctor rewrites it', async () => {
    // The doctor signs a prescription (0.5 g bid × 7 days = 28 tablets) for 张三 (allergic to 青霉素).
    const visit = await openVisit(f.doctor.client, f.clinicId, f.patientId);
    const draft = await f.doctor.client.post('/api/orders', { visitId: visit.id, kind: 'western', pharmacyId: f.pharmacyId, lines: [{ itemId: f.items.MET, dose: '0.5', doseUnit: 'g', frequency: 'bid', route: 'po', days: 7 }] }, key());
    expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
    const signed = await f.doctor.client.post(`/api/orders/${draft.body.id}/sign`, { version: draft.body.version }, key());
    expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
    const orderId = draft.body.id as number;
    // The cashier charges it.
    const cashier = await userViaApi(ts, admin, ['registrar']);
    giveBook(ts.server.modules.raw, cashier.userId, 1, 50, 'JF');
    const paid = await cashier.client.post('/api/billing/charges', { patientId: f.patientId, orderIds: [orderId], payer: 'cash', payments: [{ method: 'cash', amountFen: signed.body.totalFen }] }, key());
    expect(paid.status, JSON.stringify(paid.body)).to.equal(201);
    const invoiceNo = paid.body.invoiceNo as string;

    // The doctor's page is open on the visit.
    const doc = await newPage(browser, ts);
    await signIn(doc.page, f.doctor.username, STRONG_PASSWORD);
    await doc.page.goto('/doctor');
    await doc.page.locator('.mine-item', { hasText: '张三' }).click();
    const card = doc.page.locator(`.order-card[data-order="${orderId}"]`);
    await card.getByText('已收费').waitFor();
    expect(await card.getByTestId('refusal').count()).to.equal(0);

    // The pharmacist reviews it: allergies and diagnosis beside the pick list, then refuses it.
    const pharmacist = await userViaApi(ts, admin, ['pharmacist'], { departmentId: f.pharmacyId });
    const ph = await newPage(browser, ts);
    await signIn(ph.page, pharmacist.username, STRONG_PASSWORD);
    await ph.page.goto('/pharmacy');
    await ph.page.locator('.rx-item', { hasText: '张三' }).click();
    await ph.page.getByTestId('rx-allergies').getByText(/青霉素/).waitFor();
    await ph.page.getByTestId('rx-diagnoses').getByText(/急性上呼吸道感染/).waitFor();
    await ph.page.getByRole('table', { name: /配药单/ }).getByText('二甲双胍片').waitFor();
    await screenshot(ph.page, 'pharmacy-review');
    await ph.page.getByTestId('refuse').click();
    const dialog = ph.page.locator('dialog[open]');
    // No reason: said on the field, nothing sent.
    let refusePosts = 0;
    ph.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/refuse')) refusePosts++;
    });
    await dialog.getByRole('button', { name: '确认拒发' }).click();
    await dialog.locator('.field-msg', { hasText: '请填写拒发原因' }).waitFor();
    expect(refusePosts).to.equal(0);
    await dialog.getByLabel('拒发原因').fill('用法与诊断不符,请医生核实');
    await dialog.getByRole('button', { name: '确认拒发' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ph.page.getByText('暂无待发药处方').waitFor();

    // The doctor's page shows it at once, with the reason.
    await card.getByTestId('refusal').getByText(/用法与诊断不符,请医生核实/).waitFor();
    await card.getByTestId('refused-badge').waitFor();
    await screenshot(doc.page, 'doctor-refused');

    // The cashier refunds it whole from today's bills.
    const cs = await newPage(browser, ts);
    await signIn(cs.page, cashier.username, STRONG_PASSWORD);
    await cs.page.goto('/cashier');
    await cs.page.keyboard.press('Alt+2');
    await cs.page.getByPlaceholder('姓名、拼音首字母、病历号或发票号').fill(invoiceNo);
    const row = cs.page.getByRole('table', { name: '今日收费记录' }).locator('tr', { hasText: invoiceNo });
    await row.getByRole('button', { name: '退费' }).click();
    const refund = cs.page.getByRole('dialog');
    await refund.getByText('二甲双胍片').waitFor();
    await refund.getByLabel('退费原因').fill('药房拒发');
    await refund.getByRole('button', { name: /确认退费/ }).click();
    await cs.page.locator('table.data tr.cs-refund-row').first().waitFor();
    await screenshot(cs.page, 'cashier-refund-refused');
    expect(ts.server.open.raw.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).to.equal('cancelled');

    // The doctor's page hears of the refund; the doctor rewrites the prescription as a new draft.
    await card.getByTestId('refusal').getByText(/已退费作废/).waitFor();
    await card.getByTestId('rewrite').click();
    await doc.page.locator('.rx-lines tbody tr', { hasText: '二甲双胍片' }).waitFor();
    const drafts = ts.server.open.raw.prepare("SELECT count(*) FROM orders WHERE visit_id = ? AND status = 'draft'").pluck().get(visit.id);
    expect(drafts).to.equal(1);
    for (const p of [doc, ph, cs]) await p.context.close();
  });

  it('the administrator sets the unusual-amount thresholds and the two-person check on the settings page', async () => {
    const { context, page } = await newPage(browser, ts);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/admin/settings');
    const line = page.getByLabel('单项金额提醒(元)');
    for (let i = 0; i < 100 && (await line.inputValue()) !== '500'; i++) await page.waitForTimeout(100);
    expect(await line.inputValue()).to.equal('500');
    expect(await page.getByLabel('单次合计提醒(元)').inputValue()).to.equal('2000');
    await page.locator('input[name="name"]').fill('青山镇卫生院');
    await page.locator('input[name="code"]').fill('QS01');
    await line.fill('300');
    await page.getByLabel(/配药、核对双人复核/).check();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/settings/institution') && r.request().method() === 'PUT'),
      page.getByRole('button', { name: '保存', exact: true }).click(),
    ]);
    expect(res.status(), `sent ${res.request().postData()}`).to.equal(200);
    const saved = (await admin.get('/api/settings/institution')).body;
    expect(saved.billing).to.deep.equal({ lineWarnFen: 30_000, billWarnFen: 200_000 });
    expect(saved.pharmacy).to.deep.equal({ twoPersonCheck: true });
    await context.close();
  });
});
