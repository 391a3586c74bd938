// The "done when" in a browser: the demo health center (seeded as `install.sh --demo`
// does, 30 days of history included) and its own users — registrar1 at the desk, doctor1
// (李明华, 全科门诊), registrar2 at the cashier, pharmacist1 at the outpatient pharmacy, and the
// waiting-room TV set up by admin1 — walk one demo patient from registration to the pharmacy,
// each screen in its own browser context and live, none reloaded. Then the patient's page
// shows the day's visit in its history.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../../demo/demo.js';
import { assertClientBuilt, launchBrowser, newPage, signIn } from '../helpers/browser.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

describe('browser: a day at the demo center with its own users', function () {
  this.timeout(300_000);
  let ts: TestServer;
  let browser: Browser;
  let password: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    password = (await seedDemo({ db, uow, clock }))!.password;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
  });

  async function station(username: string, path: string, ready: string): Promise<Page> {
    const s = await newPage(browser, ts);
    contexts.push(s.context);
    await signIn(s.page, username, password);
    await s.page.goto(path);
    await s.page.getByText(ready).first().waitFor();
    await s.page.locator('.topbar .link[data-state="up"]').waitFor();
    await s.page.evaluate(() => ((globalThis as unknown as { __mark: string }).__mark = 'not reloaded'));
    return s.page;
  }

  it('registrar1 → the TV → doctor1 → registrar2 at the cashier → pharmacist1', async () => {
    const raw = ts.server.open.raw;
    // A demo adult without allergies; found at the desk by the record number.
    const patient = raw
      .prepare(
        `SELECT id, name, mrn FROM patients WHERE allergies_json = '[]' AND guardian_name IS NULL AND birth_date ` +
          `< '1990-01-01' ORDER BY id LIMIT 1`,
      )
      .get() as { id: number; name: string; mrn: string };
    const clinic = raw.prepare(`SELECT id FROM departments WHERE code = 'QKMZ'`).pluck().get() as number;

    // admin1 sets up the hall's TV for 全科门诊.
    const admin1 = new ApiClient(ts.url);
    expect((await admin1.signIn('admin1', password)).status).to.equal(200);
    const display = await admin1.post('/api/displays', { name: '门诊大厅', departmentIds: [clinic] });
    expect(display.status, JSON.stringify(display.body)).to.equal(201);
    const tvCtx = await browser.newContext({
      baseURL: ts.url,
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
    contexts.push(tvCtx);
    const tv = await tvCtx.newPage();
    await tv.goto(display.body.url);
    await tv.locator('.dp[data-link="up"]').waitFor();

    const desk = await station('registrar1', '/registration', '挂号');
    const doc = await station('doctor1', '/doctor', '候诊队列');
    const cash = await station('registrar2', '/cashier', '收费');
    const pha = await station('pharmacist1', '/pharmacy', '发药');

    // 1. registrar1 registers the patient to 全科门诊 with 李明华; the fee (1.00) paid with 2.00.
    const search = desk.locator('input[name="patientQuery"]');
    await search.fill(patient.mrn);
    await desk
      .locator(`.pt-results[aria-busy="false"] [data-patient-id="${patient.id}"][aria-selected="true"]`)
      .waitFor();
    await search.press('Enter');
    await desk.locator('.reg-clinic', { hasText: '全科门诊' }).click();
    await desk.locator('.reg-doctor', { hasText: '李明华' }).click();
    await desk.getByLabel('实收(元)').fill('2');
    await desk.getByLabel('实收(元)').press('Enter');
    await desk.locator('.reg-ticket-label[data-label="A001"]').waitFor();

    // 2. The TV and doctor1's queue show A001; F2 calls it and the TV shows the call.
    await tv.locator('.dp-next li', { hasText: 'A001' }).waitFor();
    const entry = doc.locator('.queue-item', { hasText: 'A001' });
    await entry.waitFor();
    await doc.keyboard.press('F2');
    await entry.getByText('已叫号').waitFor();
    await tv.locator('.dp-now .dp-label', { hasText: 'A001' }).waitFor();

    // 3. doctor1 sees the patient, diagnoses, prescribes 二甲双胍片 from 门诊药房 and signs (F9).
    await entry.getByRole('button', { name: '接诊' }).click();
    await doc.locator('.patient-name', { hasText: patient.name }).waitFor();
    await doc.locator('textarea[name="chiefComplaint"]').fill('口干多饮一月');
    const dx = doc.getByRole('searchbox', { name: /诊断检索/ });
    await dx.fill('E11.900');
    await doc
      .getByRole('option', { name: /2型糖尿病/ })
      .first()
      .waitFor();
    await dx.press('Enter');
    await doc.locator('.chip', { hasText: '2型糖尿病' }).waitFor();
    await doc.keyboard.press('F6');
    await doc.getByText('病历已保存').waitFor();
    await doc.locator('select[name="pharmacyId"]').selectOption({ label: '门诊药房' });
    const rx = doc.getByRole('searchbox', { name: /药品\/项目检索/ });
    await rx.fill('二甲双胍片');
    await doc.getByRole('option', { name: /二甲双胍片/ }).waitFor();
    await rx.press('Enter');
    await doc.locator('input[name="lines.0.days"]').fill('7');
    await doc.getByTestId('qty-0').getByText('14片').waitFor();
    await doc.keyboard.press('F9');
    await doc.locator('.order-card[data-status="signed"]').waitFor();

    // 4. registrar2 at the cashier: the patient appears live; 2.80 due, 5.00 tendered, 2.20 change.
    await cash.locator('.cs-waiting-item', { hasText: patient.name }).click();
    await cash.getByTestId('due').getByText('2.80').waitFor();
    const tendered = cash.locator('input[name="payments.0.tenderedFen"]');
    await tendered.fill('5');
    await cash.getByTestId('change-live').getByText('2.20').waitFor();
    await tendered.press('Enter');
    await cash.getByTestId('invoice-no').getByText(/^MZ/).waitFor();

    // 5. pharmacist1: the prescription arrives live and is dispensed.
    const item = pha.locator('.rx-item', { hasText: patient.name });
    await item.click();
    await pha.getByRole('table', { name: /配药单/ }).waitFor();
    await pha.getByRole('button', { name: /确认发药/ }).click();
    await pha.locator('.rx-done').waitFor();

    // 6. doctor1 finishes the visit (F10); the desk's list shows 已就诊.
    await doc.keyboard.press('F10');
    await doc.getByText('就诊已结束').waitFor();
    await desk
      .locator('.reg-today tbody tr', { hasText: patient.name })
      .locator('.badge', { hasText: '已就诊' })
      .waitFor();

    for (const p of [desk, doc, cash, pha])
      expect(await p.evaluate(() => (globalThis as unknown as { __mark?: string }).__mark)).to.equal('not reloaded');
    const bills = raw
      .prepare("SELECT total_fen FROM bills WHERE patient_id = ? AND kind = 'charge' AND at >= ? ORDER BY id")
      .pluck()
      .all(patient.id, Date.now() - 3_600_000);
    expect(bills).to.deep.equal([100, 280]);
    const order = raw
      .prepare('SELECT status FROM orders WHERE patient_id = ? ORDER BY id DESC LIMIT 1')
      .pluck()
      .get(patient.id);
    expect(order).to.equal('dispensed');

    // The patient's page at the desk shows today's visit in the visit history (an audited read).
    const reads = raw
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'patient.read' AND patient_id = ?")
      .pluck();
    const readsBefore = reads.get(patient.id) as number;
    await desk.goto(`/patients?id=${patient.id}`);
    const history = desk.locator(`.pt-detail[data-patient-id="${patient.id}"]`);
    const today = raw
      .prepare('SELECT day FROM visits WHERE patient_id = ? ORDER BY id DESC LIMIT 1')
      .pluck()
      .get(patient.id) as string;
    const row = history.locator('tr', { hasText: today });
    await row.getByText('全科门诊').waitFor();
    await row.getByText('李明华').waitFor();
    await row.getByText('2型糖尿病 (E11.900)').waitFor();
    await row.getByText('口干多饮一月').waitFor();
    expect(reads.get(patient.id) as number).to.be.greaterThan(readsBefore);
  });
});
