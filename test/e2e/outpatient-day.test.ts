// One patient's day through every outpatient screen at once, each in its own browser
// context and each updating live without a reload: the registration desk registers 李四
// (fee paid in cash), the waiting-room TV shows the ticket, the doctor's queue shows it,
// F2 calls it (the TV shows and speaks the call), the doctor sees the patient, diagnoses,
// prescribes and signs (F9), the cashier's waiting list shows the patient and takes the
// payment, the pharmacy's queue shows the prescription and it is dispensed.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { userViaApi } from '../helpers/admin.js';
import { giveBook } from '../helpers/billing.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { seedDoctorWorld, type DoctorFixture } from '../helpers/doctor.js';
import { dayOf, insertFeeItem } from '../helpers/registration.js';
import { STRONG_PASSWORD, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

describe('browser: an outpatient day across every station, live', function () {
  this.timeout(240_000);
  let ts: TestServer;
  let browser: Browser;
  let f: DoctorFixture;
  const contexts: BrowserContext[] = [];
  const marks = new Map<Page, number>();

  /** Marks a page so that a later check proves it was never reloaded. */
  async function mark(page: Page): Promise<void> {
    const n = marks.size + 1;
    marks.set(page, n);
    await page.evaluate((v) => ((globalThis as unknown as { __mark: number }).__mark = v), n);
  }

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
  });

  it('registration → display → doctor → cashier → pharmacy', async () => {
    const admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    const raw = ts.server.open.raw;
    const feeItem = await insertFeeItem(ts, 500);
    expect(
      (
        await admin.put(`/api/clinics/${f.clinicId}`, {
          queuePrefix: 'A',
          registrationFeeFen: 500,
          feeItemId: feeItem,
          room: '2',
          version: null,
        })
      ).status,
    ).to.equal(200);
    const desk = await userViaApi(ts, admin, ['registrar']);
    expect(
      (
        await desk.client.put(`/api/roster/${dayOf(ts)}`, {
          entries: [{ departmentId: f.clinicId, doctorStaffId: f.doctor.staffId, session: 'all' }],
        })
      ).status,
    ).to.equal(200);
    const cashierUser = await userViaApi(ts, admin, ['registrar']);
    giveBook(raw, cashierUser.userId, 1, 100, 'F', Date.now());
    const pharmacist = await userViaApi(ts, admin, ['pharmacist'], { departmentId: f.pharmacyId });
    const display = await admin.post('/api/displays', { name: '门诊大厅', departmentIds: [f.clinicId] });
    expect(display.status).to.equal(201);

    // Every screen opens first.
    const tvCtx = await browser.newContext({
      baseURL: ts.url,
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
    contexts.push(tvCtx);
    const tv = await tvCtx.newPage();
    await tv.goto(display.body.url);
    await tv.locator('.dp[data-link="up"]').waitFor();

    const reg = await newPage(browser, ts);
    contexts.push(reg.context);
    await signIn(reg.page, desk.username, STRONG_PASSWORD);
    await reg.page.goto('/registration');
    await reg.page.locator('.topbar .link[data-state="up"]').waitFor();

    const doc = await newPage(browser, ts);
    contexts.push(doc.context);
    await signIn(doc.page, f.doctor.username, STRONG_PASSWORD);
    await doc.page.goto('/doctor');
    await doc.page.getByText('暂无候诊患者').waitFor();
    await doc.page.locator('.topbar .link[data-state="up"]').waitFor();

    const cash = await newPage(browser, ts);
    contexts.push(cash.context);
    await signIn(cash.page, cashierUser.username, STRONG_PASSWORD);
    await cash.page.goto('/cashier');
    await cash.page.getByText('暂无待缴费处方').waitFor();
    await cash.page.locator('.topbar .link[data-state="up"]').waitFor();

    const pha = await newPage(browser, ts);
    contexts.push(pha.context);
    await signIn(pha.page, pharmacist.username, STRONG_PASSWORD);
    await pha.page.goto('/pharmacy');
    await pha.page.getByText('暂无待发药处方').waitFor();
    await pha.page.locator('.topbar .link[data-state="up"]').waitFor();
    for (const p of [tv, reg.page, doc.page, cash.page, pha.page]) await mark(p);

    // 1. Registration: 李四 to the clinic with the rostered doctor, 10 yuan tendered.
    const search = reg.page.locator('input[name="patientQuery"]');
    await search.fill('ls');
    await reg.page.getByText('查找结果').waitFor();
    await reg.page
      .locator(`.pt-results[aria-busy="false"] [data-patient-id="${f.plainPatientId}"][aria-selected="true"]`)
      .waitFor();
    await search.press('Enter');
    await reg.page.locator('.reg-clinic').first().click();
    await reg.page.locator('.reg-doctor', { hasText: '李医生' }).click();
    await reg.page.getByLabel('实收(元)').fill('10');
    await reg.page.getByLabel('实收(元)').press('Enter');
    await reg.page.locator('.reg-ticket-label[data-label="A001"]').waitFor();

    // 2. The TV and the doctor's queue show the ticket.
    await tv.locator('.dp-next li', { hasText: 'A001' }).waitFor();
    const entry = doc.page.locator('.queue-item', { hasText: 'A001' });
    await entry.waitFor();

    // 3. The doctor calls (F2): the TV shows the call; the desk sees 已叫号.
    await doc.page.keyboard.press('F2');
    await entry.getByText('已叫号').waitFor();
    await tv.locator('.dp-now .dp-label', { hasText: 'A001' }).waitFor();
    expect(await tv.locator('.dp-now').textContent())
      .to.include('李*')
      .and.include('2 诊室');
    await reg.page
      .locator('.reg-today tbody tr', { hasText: '李四' })
      .locator('.badge', { hasText: '已叫号' })
      .waitFor();
    await screenshot(tv, 'day-display-calling');

    // 4. The doctor sees the patient: diagnosis, a prescription, F9 signs, F10 finishes.
    await entry.getByRole('button', { name: '接诊' }).click();
    await doc.page.locator('.patient-name', { hasText: '李四' }).waitFor();
    await tv.locator('.dp-now.dp-empty').waitFor(); // in consultation: no longer called on the TV
    await doc.page.locator('textarea[name="chiefComplaint"]').fill('血糖高');
    await doc.page.getByRole('searchbox', { name: /诊断检索/ }).fill('2xt');
    await doc.page.getByRole('option', { name: /2型糖尿病/ }).waitFor();
    await doc.page.getByRole('searchbox', { name: /诊断检索/ }).press('Enter');
    await doc.page.locator('.chip', { hasText: '2型糖尿病' }).waitFor();
    await doc.page.keyboard.press('F6');
    await doc.page.getByText('病历已保存').waitFor();
    const rx = doc.page.getByRole('searchbox', { name: /药品\/项目检索/ });
    await rx.fill('ejsg');
    await doc.page.getByRole('option', { name: /二甲双胍片/ }).waitFor();
    await rx.press('Enter');
    await doc.page.locator('input[name="lines.0.days"]').fill('7');
    await doc.page.getByTestId('qty-0').getByText('28片').waitFor();
    await doc.page.keyboard.press('F9');
    await doc.page.locator('.order-card[data-status="signed"]').waitFor();

    // 5. The cashier: 李四 appears in the waiting list live; cash with change, Enter.
    await cash.page.locator('.cs-waiting-item', { hasText: '李四' }).click();
    await cash.page.getByTestId('due').getByText('5.60').waitFor();
    const tendered = cash.page.locator('input[name="payments.0.tenderedFen"]');
    await tendered.fill('10');
    await cash.page.getByTestId('change-live').getByText('4.40').waitFor();
    await tendered.press('Enter');
    await cash.page.getByTestId('invoice-no').getByText('F00000001').waitFor();

    // 6. The pharmacy: the prescription arrives live and is dispensed with Enter.
    const item = pha.page.locator('.rx-item', { hasText: '李四' });
    await item.click();
    await pha.page.getByRole('table', { name: /配药单/ }).waitFor();
    await pha.page.getByRole('button', { name: /确认发药/ }).click();
    await pha.page
      .locator('.rx-done')
      .waitFor()
      .catch(async (e) => {
        await screenshot(pha.page, 'day-pharmacy-failed');
        throw e;
      });
    await pha.page.getByText('暂无待发药处方').waitFor();

    // 7. The doctor finishes the visit; the desk's list shows 已就诊.
    await doc.page.keyboard.press('F10');
    await doc.page.getByText('就诊已结束').waitFor();
    await reg.page
      .locator('.reg-today tbody tr', { hasText: '李四' })
      .locator('.badge', { hasText: '已就诊' })
      .waitFor();

    // No screen was reloaded, and the books balance: fee + prescription paid, stock moved.
    for (const [p, n] of marks)
      expect(await p.evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).to.equal(n);
    const paid = raw
      .prepare("SELECT sum(total_fen) AS s FROM bills WHERE patient_id = ? AND kind = 'charge'")
      .get(f.plainPatientId) as { s: number };
    expect(paid.s).to.equal(500 + 560);
    const onHand = raw
      .prepare('SELECT sum(qty_on_hand) AS q FROM stock_lots WHERE item_id = ? AND location_id = ?')
      .get(f.items.MET, f.pharmacyId) as { q: number };
    expect(onHand.q).to.equal(100 - 28);
  });
});
