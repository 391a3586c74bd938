// Browser smoke test of the cashier's 医保结算 panel (issue 11): an insured patient looked up by ID
// number at the cashier (1101), 医保 chosen, 预结算 shows each line's answer and the split, the cash
// part collected and 医保结算 → the bill with the fund part. (The full card-in-the-reader test is
// the E2E work of issue 11.)
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startInsurerSimulator, type InsurerSimulator } from '../../simulator/insurer/server.js';
import { giveBook, seedWorld, signedOrder } from '../helpers/billing.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { adminClient, STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

const WANG = '330782195603126270';

describe('browser: the cashier settles an insured visit (医保结算)', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let sim: InsurerSimulator;
  let browser: Browser;

  before(async () => {
    assertClientBuilt();
    sim = await startInsurerSimulator({ port: 0 });
    ts = await startTestServer();
    const admin = await adminClient(ts);
    const cfg = await admin.get('/api/insurance/config');
    const r = await admin.put('/api/insurance/config', {
      version: cfg.body.version,
      enabled: true,
      gatewayUrl: sim.url,
      fixmedinsCode: 'H33078200001',
      fixmedinsName: '青山镇卫生院',
      mdtrtareaAdmvs: '330782',
      insuplcAdmdvs: '330782',
      recerSysCode: 'ZJYB',
      infver: 'V1.0',
      devNo: 'DESK01',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 5000,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
    await sim?.close();
  });

  it('look-up, 预结算 with the insurer’s answer per line and the split, 医保结算', async () => {
    const raw = ts.server.modules.raw;
    const t = Date.now();
    const w = seedWorld(raw, t, { patientName: '王建国' });
    raw.prepare('UPDATE patients SET id_number = ? WHERE id = ?').run(WANG, w.patientId);
    raw
      .prepare(`UPDATE visits SET diagnoses_json = ?, payer = 'insured' WHERE id = ?`)
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), w.visitId);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    raw
      .prepare(
        `INSERT INTO insurer_catalog_items (list_type, med_list_codg, name, chrgitm_lv, source_infno, version,
           updated_at) VALUES ('101', 'X000001A0022693', '阿莫西林胶囊', '01', '1301', '20250101001', ?)`,
      )
      .run(t);
    raw
      .prepare(
        `INSERT INTO insurance_item_matches (catalog_item_id, med_list_codg, list_type, state, matched_at)
         VALUES (?, 'X000001A0022693', '101', 'reviewed', ?)`,
      )
      .run(w.drugId, t);
    raw
      .prepare(
        `INSERT INTO insurance_department_codes (department_id, caty, caty_name, matched_at) VALUES (?, ?, ?, ?)`,
      )
      .run(w.clinicId, 'A03', '内科', t);
    raw
      .prepare(`INSERT INTO insurance_staff_codes (staff_id, national_code, matched_at) VALUES (?, ?, ?)`)
      .run(w.doctorStaffId, 'D330782009999', t);
    raw
      .prepare(
        `INSERT INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J06.900', 'J06.900', '急性上呼吸道感染', ?)`,
      )
      .run(t);
    const o = signedOrder(raw, w, t, [{ itemId: w.drugId, quantity: 240 }]);
    const u = await makeUser(ts, ['registrar']);
    giveBook(raw, u.userId, 1, 50, 'Y');

    const { page } = await newPage(browser, ts);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/cashier');
    await page.locator('input[name="patientQuery"]').fill('王建国');
    await page.locator('input[name="patientQuery"]').press('Enter');
    await page.locator(`[data-order-id="${o.orderId}"]`).waitFor();
    expect(await page.locator('input[name="payer"][value="insured"]').isChecked()).to.equal(true);
    const panel = page.getByTestId('insurance-settle');
    await panel.locator('input[name="certNo"]').fill(WANG);
    await panel.getByRole('button', { name: '医保查询' }).click();
    await panel.getByTestId('ins-person').getByText('王建国').waitFor();
    await panel.getByTestId('ins-prepare').click();
    await panel.getByTestId('ins-split').waitFor();
    await panel
      .locator(`[data-order-line-id="${o.lineIds[0]}"]`)
      .getByRole('cell', { name: '甲类', exact: true })
      .waitFor();
    await screenshot(page, 'cashier-insurance-presettled');
    const due = (await panel.getByTestId('ins-due').textContent())!.trim();
    await panel.locator('input[name="insTendered"]').fill('200');
    await panel.getByTestId('ins-settle').click();
    await page.getByTestId('invoice-no').getByText('Y00000001').waitFor();
    const s = raw.prepare('SELECT * FROM insurance_settlements WHERE patient_id = ?').get(w.patientId) as any;
    expect(s.bill_id).to.be.a('number');
    expect(s.fund_pay_sumamt_fen).to.be.above(0);
    expect(due).to.contain((s.psn_cash_pay_fen / 100).toFixed(2));
    await screenshot(page, 'cashier-insurance-settled');

    // 退费 of the insured bill from the patient's recent bills: 2208, nothing kept, cash back.
    await page.locator(`button[data-bill-id="${s.bill_id}"]`).click();
    const dialog = page.getByRole('dialog', { name: /退费/ });
    await dialog.locator('input[name="reason"]').fill('患者不需要');
    await dialog.locator('button[type="submit"]').click();
    await page.getByText(/医保退费完成/).waitFor();
    const after = raw.prepare('SELECT state, refund_bill_id FROM insurance_settlements WHERE id = ?').get(s.id) as any;
    expect(after.state).to.equal('cancelled');
    expect(after.refund_bill_id).to.be.a('number');
  });
});
