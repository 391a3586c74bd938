// Browser test of the cashier's 医保结算 panel (issue 11) at the desk's 1366×768: an insured patient
// looked up by ID number at the cashier (1101), 医保 chosen, 预结算 of three lines (甲类, 乙类 with
// 先行自付, a service): the person as a cashier reads it (no 19-digit person number), the per-line
// table within the column (no sideways scroll; the insurer's amounts on demand), the split and 医保结算
// on screen without scrolling; the cash part collected and 医保结算 → the bill with the fund part;
// then the refund. (The card-in-the-reader test is cashier-insured.test.ts.)
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startInsurerSimulator, type InsurerSimulator } from '../../simulator/insurer/server.js';
import { giveBook, seedWorld, signedOrder } from '../helpers/billing.js';
import { assertClientBuilt, launchBrowser, newPage, SCREENSHOT_DIR, screenshot, signIn } from '../helpers/browser.js';
import { adminClient, STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

const WANG = '330782195603126270';
const LI = '330782195108266524';

describe('browser: the cashier settles an insured visit (医保结算)', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let sim: InsurerSimulator;
  let browser: Browser;

  before(async () => {
    assertClientBuilt();
    sim = await startInsurerSimulator({ port: 0, faults: true });
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

  /** A patient who is the simulator's insured person (same ID number) with three matched lines to pay. */
  let n = 0;
  function insuredPatient(name: string, idNumber: string) {
    const raw = ts.server.modules.raw;
    const t = Date.now();
    const w = seedWorld(raw, t, { patientName: name });
    raw.prepare('UPDATE patients SET id_number = ? WHERE id = ?').run(idNumber, w.patientId);
    n++;
    raw
      .prepare(`UPDATE visits SET diagnoses_json = ?, payer = 'insured' WHERE id = ?`)
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), w.visitId);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    // 甲类 amoxicillin, 乙类 cefaclor (先行自付) in place of the seed's second drug, 甲类 blood count.
    const match = (itemId: number, code: string, listType: string, name: string, lv: string) => {
      raw
        .prepare(
          `INSERT OR IGNORE INTO insurer_catalog_items (list_type, med_list_codg, name, chrgitm_lv, source_infno,
             version, updated_at) VALUES (?, ?, ?, ?, '1301', '20250101001', ?)`,
        )
        .run(listType, code, name, lv, t);
      raw
        .prepare(
          `INSERT INTO insurance_item_matches (catalog_item_id, med_list_codg, list_type, state, matched_at)
           VALUES (?, ?, ?, 'reviewed', ?)`,
        )
        .run(itemId, code, listType, t);
    };
    match(w.drugId, 'X000001A0022693', '101', '阿莫西林胶囊', '01');
    raw.prepare(`UPDATE catalog_items SET name = '头孢克洛胶囊', spec = '0.25g×12粒' WHERE id = ?`).run(w.drug2Id);
    match(w.drug2Id, 'X000006A0023167', '101', '头孢克洛胶囊', '02');
    match(w.serviceId, '002501010150000', '201', '血常规', '01');
    raw
      .prepare(
        `INSERT INTO insurance_department_codes (department_id, caty, caty_name, matched_at) VALUES (?, ?, ?, ?)`,
      )
      .run(w.clinicId, 'A03', '内科', t);
    raw
      .prepare(`INSERT INTO insurance_staff_codes (staff_id, national_code, matched_at) VALUES (?, ?, ?)`)
      .run(w.doctorStaffId, `D33078200999${n}`, t);
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J06.900', 'J06.900', '急性上呼吸道感染', ?)`,
      )
      .run(t);
    const o = signedOrder(raw, w, t, [
      { itemId: w.drugId, quantity: 240 },
      { itemId: w.drug2Id, quantity: 40 },
    ]);
    const o2 = signedOrder(raw, w, t, [{ itemId: w.serviceId, quantity: 1 }], 'service');
    return { raw, w, o, o2 };
  }

  it('look-up, 预结算 with the insurer’s answer per line and the split, 医保结算', async () => {
    const { raw, w, o, o2 } = insuredPatient('王建国', WANG);
    const u = await makeUser(ts, ['registrar']);
    giveBook(raw, u.userId, 1, 50, 'Y');

    const { page } = await newPage(browser, ts);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/cashier');
    await page.locator('input[name="patientQuery"]').fill('王建国');
    await page.locator('input[name="patientQuery"]').press('Enter');
    await page.locator(`[data-order-id="${o.orderId}"]`).waitFor();
    await page.locator(`[data-order-id="${o2.orderId}"]`).waitFor();
    expect(await page.locator('input[name="payer"][value="insured"]').isChecked()).to.equal(true);
    const panel = page.getByTestId('insurance-settle');
    await panel.locator('input[name="certNo"]').fill(WANG);
    await panel.getByRole('button', { name: '医保查询' }).click();
    const person = panel.getByTestId('ins-person');
    await person.getByText('王建国').waitFor();
    // The person as a cashier reads it: sex, age, insutype, person type; the insurer's person number only
    // as a tooltip.
    const psnNo = (raw.prepare('SELECT psn_no FROM insurance_person_lookups ORDER BY id DESC').get() as any).psn_no;
    const personText = (await person.textContent())!;
    expect(personText)
      .to.match(/[男女]/)
      .and.match(/\d+岁/)
      .and.contain('城乡居民基本医疗保险');
    expect(personText).to.not.contain(psnNo);
    expect(await person.getAttribute('title')).to.contain(psnNo);
    await panel.getByTestId('ins-prepare').click();
    await panel.getByTestId('ins-split').waitFor();
    await panel
      .locator(`[data-order-line-id="${o.lineIds[0]}"]`)
      .getByRole('cell', { name: '甲类', exact: true })
      .waitFor();
    // At 1366×768, page at the top: the split, the cash to collect and 医保结算 are on screen; the lines
    // table fits its column (no sideways scroll).
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    expect(page.viewportSize()).to.deep.equal({ width: 1366, height: 768 });
    for (const id of ['ins-split', 'ins-due', 'ins-settle']) {
      const box = (await panel.getByTestId(id).boundingBox())!;
      expect(box.y + box.height, `${id} on screen without scrolling`).to.be.at.most(768);
      expect(box.x + box.width, `${id} within the width`).to.be.at.most(1366);
    }
    const fit = await panel.locator('table.cs-ins-lines').evaluate((el: any) => ({
      table: el.scrollWidth as number,
      column: el.parentElement.clientWidth as number,
    }));
    expect(fit.table, 'the lines fit the column').to.be.at.most(fit.column);
    const yi = panel.locator(`[data-order-line-id="${o.lineIds[1]}"]`);
    await yi.getByRole('cell', { name: '乙类', exact: true }).waitFor();
    expect(await panel.locator('th', { hasText: '先行自付' }).count(), 'the details are on demand').to.equal(0);
    await screenshot(page, 'cashier-insurance-presettled');
    // 先行自付 of the 乙类 line on demand.
    await yi.getByRole('button', { name: /医保明细/ }).click();
    const more = panel.locator(`[data-more-of="${o.lineIds[1]}"]`);
    await more.getByText('先行自付').waitFor();
    const fee = raw.prepare('SELECT * FROM insurance_fee_lines WHERE order_line_id = ?').get(o.lineIds[1]) as any;
    expect(fee.preselfpay_amt_fen).to.be.above(0);
    expect(await more.textContent()).to.contain(`先行自付 ${(fee.preselfpay_amt_fen / 100).toFixed(2)}`);
    expect(await yi.locator('td.cs-ins-own').textContent()).to.contain((fee.preselfpay_amt_fen / 100).toFixed(2));
    await panel.screenshot({ path: `${SCREENSHOT_DIR}/cashier-insurance-presettled-panel.png` });
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

  it('a 2201 that times out: the desk says it can only be reversed; 冲正, then 预结算 registers afresh', async () => {
    const { raw, w, o } = insuredPatient('李秀英', LI);
    const u = await makeUser(ts, ['registrar']);
    giveBook(raw, u.userId, 1, 50, 'Z');
    const { page, context } = await newPage(browser, ts);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/cashier');
    await page.locator('input[name="patientQuery"]').fill('李秀英');
    await page.locator('input[name="patientQuery"]').press('Enter');
    await page.locator(`[data-order-id="${o.orderId}"]`).waitFor();
    const panel = page.getByTestId('insurance-settle');
    await panel.locator('input[name="certNo"]').fill(LI);
    await panel.getByRole('button', { name: '医保查询' }).click();
    await panel.getByTestId('ins-person').getByText('李秀英').waitFor();
    sim.fault({ infno: '2201', mode: 'timeout' });
    await panel.getByTestId('ins-prepare').click();
    const blocked = panel.locator('.cs-ins-blocked');
    await blocked.waitFor({ timeout: 20_000 });
    const call = blocked.locator('li[data-call-id]');
    expect(await call.textContent()).to.contain('2201 医保登记');
    await blocked.getByTestId('ins-reverse-only').getByText('重新预结算即重新登记').waitFor();
    expect(await call.getByRole('button').allTextContents()).to.deep.equal(['冲正(2601)']);
    expect(await panel.locator('.form-error[data-code="insurer_timeout"]').textContent()).to.contain(
      '登记交易无法查询',
    );
    await screenshot(page, 'cashier-insurance-2201-unknown');
    await call.getByRole('button', { name: '冲正(2601)' }).click();
    await blocked.waitFor({ state: 'detached' });
    await panel.getByTestId('ins-prepare').click();
    await panel.getByTestId('ins-split').waitFor();
    const regs = raw
      .prepare(
        `SELECT msgid, state, resolution FROM insurance_calls WHERE infno = '2201' AND patient_id = ? ORDER BY id`,
      )
      .all(w.patientId) as Array<{ msgid: string; state: string; resolution: string | null }>;
    expect(regs.map((r) => [r.state, r.resolution])).to.deep.equal([
      ['unknown', '2601-reversed'],
      ['ok', null],
    ]);
    expect(regs[1]!.msgid).to.not.equal(regs[0]!.msgid);
    await context.close();
  });
});
