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

// The cases run in order on one server: the settings saved in the second are used by the last two.
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

  it(
    'the refusal reaches the doctor live with its reason, the cashier refunds it whole, the ' + 'doctor rewrites it',
    async () => {
      // The doctor signs a prescription (0.5 g bid × 7 days = 28 tablets) for 张三 (allergic to 青霉素).
      const visit = await openVisit(f.doctor.client, f.clinicId, f.patientId);
      const draft = await f.doctor.client.post(
        '/api/orders',
        {
          visitId: visit.id,
          kind: 'western',
          pharmacyId: f.pharmacyId,
          lines: [{ itemId: f.items.MET, dose: '0.5', doseUnit: 'g', frequency: 'bid', route: 'po', days: 7 }],
        },
        key(),
      );
      expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
      const signed = await f.doctor.client.post(
        `/api/orders/${draft.body.id}/sign`,
        { version: draft.body.version },
        key(),
      );
      expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
      const orderId = draft.body.id as number;
      // The cashier charges it.
      const cashier = await userViaApi(ts, admin, ['registrar']);
      giveBook(ts.server.modules.raw, cashier.userId, 1, 50, 'JF');
      const paid = await cashier.client.post(
        '/api/billing/charges',
        {
          patientId: f.patientId,
          orderIds: [orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: signed.body.totalFen }],
        },
        key(),
      );
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

      // The cashier's page is open too.
      const cs = await newPage(browser, ts);
      await signIn(cs.page, cashier.username, STRONG_PASSWORD);
      await cs.page.goto('/cashier');
      await cs.page.locator('.topbar .link[data-state="up"]').waitFor();

      // The pharmacist reviews it: allergies and diagnosis beside the pick list, then refuses it.
      const pharmacist = await userViaApi(ts, admin, ['pharmacist'], { departmentId: f.pharmacyId });
      const ph = await newPage(browser, ts);
      await signIn(ph.page, pharmacist.username, STRONG_PASSWORD);
      await ph.page.goto('/pharmacy');
      await ph.page.locator('.rx-item', { hasText: '张三' }).click();
      await ph.page
        .getByTestId('rx-allergies')
        .getByText(/青霉素/)
        .waitFor();
      await ph.page
        .getByTestId('rx-diagnoses')
        .getByText(/急性上呼吸道感染/)
        .waitFor();
      await ph.page
        .getByRole('table', { name: /配药单/ })
        .getByText('二甲双胍片')
        .waitFor();
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
      await card
        .getByTestId('refusal')
        .getByText(/用法与诊断不符,请医生核实/)
        .waitFor();
      await card.getByTestId('refused-badge').waitFor();
      await screenshot(doc.page, 'doctor-refused');

      // The cashier hears of it live, and refunds it whole from today's bills.
      await cs.page.getByText(/药房拒发了处方 \d+(.*):用法与诊断不符/).waitFor();
      await cs.page.getByRole('tab', { name: /今日收费/ }).click();
      await cs.page.getByPlaceholder('姓名、拼音首字母、病历号或发票号').fill(invoiceNo);
      const row = cs.page.getByRole('table', { name: '今日收费记录' }).locator('tr', { hasText: invoiceNo });
      await row.getByRole('button', { name: '退费' }).click();
      const refund = cs.page.getByRole('dialog');
      await refund.getByText('二甲双胍片').waitFor();
      await refund.getByLabel('退费原因').fill('药房拒发');
      await refund.getByRole('button', { name: /确认退费/ }).click();
      await cs.page.locator('table.data tr.cs-refund-row').first().waitFor();
      await screenshot(cs.page, 'cashier-refund-refused');
      expect(ts.server.open.raw.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).to.equal(
        'cancelled',
      );

      // The doctor's page hears of the refund; the doctor rewrites the prescription as a new draft.
      await card
        .getByTestId('refusal')
        .getByText(/已退费作废/)
        .waitFor();
      await card.getByTestId('rewrite').click();
      await doc.page.locator('.rx-lines tbody tr', { hasText: '二甲双胍片' }).waitFor();
      const drafts = ts.server.open.raw
        .prepare("SELECT count(*) FROM orders WHERE visit_id = ? AND status = 'draft'")
        .pluck()
        .get(visit.id);
      expect(drafts).to.equal(1);
      for (const p of [doc, ph, cs]) await p.context.close();
    },
  );

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

  it("the doctor's page does not send a total above what the dose needs, and says so on the line", async () => {
    await openVisit(f.doctor.client, f.clinicId, f.plainPatientId);
    const { context, page } = await newPage(browser, ts);
    await signIn(page, f.doctor.username, STRONG_PASSWORD);
    await page.goto('/doctor');
    await page.locator('.mine-item', { hasText: '李四' }).click();
    const search = page.getByRole('searchbox', { name: /药品\/项目检索/ });
    await search.fill('ejsg');
    await page.getByRole('option', { name: /二甲双胍片/ }).waitFor();
    await search.press('Enter');
    await page.locator('input[name="lines.0.days"]').fill('7');
    await page.getByTestId('qty-0').getByText('28片').waitFor();
    await page.locator('input[name="lines.0.quantity"]').fill('99999');
    const problem = page.locator('.rx-problem [data-code="quantity_exceeds_need"]');
    await problem.getByText(/99999/).waitFor();
    let writes = 0;
    page.on('request', (r) => {
      if (
        r.method() !== 'GET' &&
        /\/api\/(orders(\/\d+)?(\/sign)?|visits\/\d+\/sign-order)$/.test(new URL(r.url()).pathname)
      )
        writes++;
    });
    await page.keyboard.press('F9');
    await page.getByRole('button', { name: '存草稿' }).click();
    await problem.waitFor();
    expect(writes, 'nothing is sent while the total is above the need').to.equal(0);
    await screenshot(page, 'doctor-quantity-over-need');
    // The computed total (28) signs.
    await page.locator('input[name="lines.0.quantity"]').fill('');
    await problem.waitFor({ state: 'detached' });
    await page.keyboard.press('F9');
    await page.locator('.order-card[data-status="signed"]', { hasText: '二甲双胍片' }).waitFor();
    await context.close();
  });

  it(
    '配药/核对 (setting on): one pharmacist prepares, the other sees it live and checks and ' +
      'dispenses; the preparer cannot',
    async () => {
      const visit = await openVisit(f.doctor.client, f.clinicId, f.plainPatientId);
      const orderId =
        (ts.server.open.raw
          .prepare("SELECT id FROM orders WHERE visit_id = ? AND status = 'signed' ORDER BY id DESC")
          .pluck()
          .get(visit.id) as number | undefined) ?? 0;
      expect(orderId).to.be.greaterThan(0);
      const cashier = await userViaApi(ts, admin, ['registrar']);
      giveBook(ts.server.modules.raw, cashier.userId, 100, 150, 'JG');
      const total = ts.server.open.raw
        .prepare('SELECT total_fen FROM orders WHERE id = ?')
        .pluck()
        .get(orderId) as number;
      const paid = await cashier.client.post(
        '/api/billing/charges',
        {
          patientId: f.plainPatientId,
          orderIds: [orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: total }],
        },
        key(),
      );
      expect(paid.status, JSON.stringify(paid.body)).to.equal(201);
      const users = [
        await userViaApi(ts, admin, ['pharmacist'], { departmentId: f.pharmacyId }),
        await userViaApi(ts, admin, ['pharmacist'], { departmentId: f.pharmacyId }),
      ];
      ts.server.open.raw.prepare("UPDATE staff SET name = '赵药师' WHERE id = ?").run(users[0]!.staffId);
      ts.server.open.raw.prepare("UPDATE staff SET name = '钱药师' WHERE id = ?").run(users[1]!.staffId);
      const [a, b] = [await newPage(browser, ts), await newPage(browser, ts)];
      for (const [p, u] of [
        [a, users[0]!],
        [b, users[1]!],
      ] as const) {
        await signIn(p.page, u.username, STRONG_PASSWORD);
        await p.page.goto('/pharmacy');
        await p.page.locator('.rx-item', { hasText: '李四' }).click();
        await p.page
          .getByTestId('prep-state')
          .getByText(/请先配药/)
          .waitFor();
      }
      // Nothing can be dispensed before the preparation: the button is 配药.
      expect(await a.page.getByRole('button', { name: /确认发药|核对发药/ }).count()).to.equal(0);
      await a.page.getByTestId('prepare').click();
      await a.page
        .getByTestId('prep-state')
        .getByText(/由您配药/)
        .waitFor();
      expect(await a.page.getByRole('button', { name: /核对发药|确认发药/ }).isDisabled()).to.equal(true);
      // The other pharmacist's page shows it live, and checks and dispenses.
      await b.page
        .getByTestId('prep-state')
        .getByText(/赵药师 已配药/)
        .waitFor();
      await screenshot(b.page, 'pharmacy-two-person-check');
      await b.page.getByRole('button', { name: /核对发药/ }).click();
      await b.page.getByText('暂无待发药处方').waitFor();
      await a.page.getByText('暂无待发药处方').waitFor();
      const disp = ts.server.open.raw
        .prepare("SELECT pharmacist_user_id FROM dispensations WHERE order_id = ? AND kind = 'dispense'")
        .pluck()
        .get(orderId);
      expect(disp).to.equal(users[1]!.userId);
      for (const p of [a, b]) await p.context.close();
    },
  );

  it('the cashier confirms an unusual amount before it is charged', async () => {
    const current = (await admin.get('/api/settings/institution')).body;
    expect(
      (await admin.put('/api/settings/institution', { ...current, billing: { lineWarnFen: 500, billWarnFen: 0 } }))
        .status,
    ).to.equal(200);
    const visit = await openVisit(f.doctor.client, f.clinicId, f.plainPatientId);
    const d = await f.doctor.client.post(
      '/api/orders',
      {
        visitId: visit.id,
        kind: 'western',
        pharmacyId: f.pharmacyId,
        lines: [{ itemId: f.items.LOR, dose: '10', doseUnit: 'mg', frequency: 'qd', route: 'po', days: 3 }],
      },
      key(),
    );
    expect(d.status, JSON.stringify(d.body)).to.equal(201);
    expect(
      (await f.doctor.client.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, key())).status,
    ).to.equal(200);
    const cashier = await userViaApi(ts, admin, ['registrar']);
    giveBook(ts.server.modules.raw, cashier.userId, 200, 250, 'JH');
    const { context, page } = await newPage(browser, ts);
    await signIn(page, cashier.username, STRONG_PASSWORD);
    await page.goto('/cashier');
    await page.locator('.cs-waiting-item', { hasText: '李四' }).click();
    await page.locator('.cs-order').getByText('氯雷他定片').waitFor();
    let charges = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/billing/charges')) charges++;
    });
    await page.getByRole('button', { name: /收费 \(Enter\)/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog
      .getByTestId('unusual')
      .getByText(/氯雷他定片.*超过单项提醒额 ¥5.00/)
      .waitFor();
    expect(charges, 'nothing is sent before the cashier confirms').to.equal(0);
    await screenshot(page, 'cashier-unusual-amount');
    // Enter on the focused 返回核对 closes it without charging.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(charges).to.equal(0);
    await page.getByRole('button', { name: /收费 \(Enter\)/ }).click();
    await page.locator('dialog[open]').getByTestId('unusual-confirm').click();
    await page.getByTestId('invoice-no').getByText('JH00000200').waitFor();
    expect(charges).to.equal(1);
    expect(ts.server.open.raw.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(d.body.id)).to.equal(
      'paid',
    );
    await context.close();
  });
});
