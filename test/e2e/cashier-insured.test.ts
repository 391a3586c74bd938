// Issue 11 "done when": the insured outpatient visit at the cashier's page with the virtual social
// security card in the desk's reader (real pcscd + vsmartcard vpcd), against the insurer simulator
// over real HTTP. The world is made as the modules' own tests make it: the gateway set through 接口设置,
// the insurer's catalogs downloaded (1301/1302/1305/1307/1312) and the visit's items smart-matched,
// confirmed by a storekeeper and reviewed by an administrator through the routes; the department,
// the diagnosis and the doctor given their insurer codes. In the browser: the card goes in → the
// patient and (医保查询, 1101) the person's insurance show → 预结算 shows the total, the fund's part and
// the cash to collect, checked against the simulator's policy computed here from policy.json → the cash
// is collected and 结算 double-clicked → one settlement, the bill with the split, its ledger rows.
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatYuan } from '../../core/money.js';
import { socialSecurityCard } from '../../devices/virtual/social-security-card.js';
import { VpcdCard } from '../../devices/virtual/vpcd-card.js';
import { createInvoiceService } from '../../server/modules/billing/index.js';
import { invoiceData } from '../../server/modules/printing/invoice.js';
import { PERSONS } from '../../simulator/insurer/persons.js';
import policyFile from '../../simulator/insurer/policy.json' with { type: 'json' };
import { startInsurerSimulator, type InsurerSimulator } from '../../simulator/insurer/server.js';
import { userViaApi } from '../helpers/admin.js';
import { giveBook, seedWorld, signedOrder, type BillingWorld } from '../helpers/billing.js';
import {
  assertClientBuilt,
  bindBrowser,
  launchBrowser,
  newPage,
  SCREENSHOT_DIR,
  screenshot,
  signIn,
} from '../helpers/browser.js';
import { requirePcscStack, waitUntil } from '../helpers/pcsc.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type ApiClient, type TestServer } from '../helpers/server.js';

const READER = /^Virtual PCD.* 00$/;
const CHEN = PERSONS.find((p) => p.psn_name === '陈静')!; // 城乡居民 (390), no special status, no account

/**
 * The simulator's outpatient split for a first visit of the year of a 390 resident at a township
 * center, every line 甲类 without a price cap (policy.json, INSURANCE.md §5): 起付线 then 报销比例,
 * half-up to the fen; no 大病/救助 (outpatient med_type 11); no personal account.
 */
function expectedSplit(totalFen: number) {
  const rule = policyFile.insutypes['390'].outpatient;
  const dedc = Math.min(totalFen, Math.round(rule.deductible.township * 100));
  const hifp = Math.min(
    Math.floor(((totalFen - dedc) * Math.round(rule.ratio.township * 10_000)) / 10_000 + 0.5),
    Math.round(rule.yearCap * 100),
  );
  return { total: totalFen, dedc, hifp, cash: totalFen - hifp };
}

describe('browser: the cashier settles an insured visit with the social security card in the reader', function () {
  this.timeout(240_000);
  let browser: Browser;
  let ts: TestServer;
  let sim: InsurerSimulator;
  let admin: ApiClient;
  let raw: SQLite.Database;
  let context: BrowserContext;
  let page: Page;
  let w: BillingWorld;
  let cashierUserId = 0;
  let cashierName = '';
  let readerName = '';
  const orders: { orderId: number; totalFen: number }[] = [];
  const card = new VpcdCard(
    socialSecurityCard({
      idNumber: CHEN.certno,
      name: CHEN.psn_name,
      sexCode: CHEN.gend,
      ethnicityCode: CHEN.naty,
      birthDate: CHEN.brdy.replace(/-/g, ''),
      cardNumber: CHEN.card_no,
      cardSn: CHEN.card_sn,
    }),
  );

  before(async function () {
    await requirePcscStack(this);
    assertClientBuilt();
    sim = await startInsurerSimulator({ port: 0 });
    ts = await startTestServer({ config: { cardReaders: 'pcsc' } });
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);

    // 接口设置: the gateway is the simulator.
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
      devNo: 'SF-INS',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 5000,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);

    // The patient (the simulator's 陈静, same ID number) with an insured visit.
    const t = Date.now();
    const cashier = await userViaApi(ts, admin, ['registrar']);
    cashierUserId = cashier.userId;
    cashierName = cashier.username;
    const p = await cashier.client.post('/api/patients', {
      name: CHEN.psn_name,
      sex: CHEN.gend === '1' ? 'M' : 'F',
      birthDate: CHEN.brdy,
      idNumber: CHEN.certno,
    });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    w = { ...seedWorld(raw, t, { patientName: '占位' }), patientId: p.body.id };
    raw.prepare('UPDATE visits SET patient_id = ? WHERE id = ?').run(w.patientId, w.visitId);
    raw
      .prepare(`UPDATE visits SET diagnoses_json = ?, payer = 'insured' WHERE id = ?`)
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), w.visitId);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    raw
      .prepare(`INSERT OR IGNORE INTO diagnoses (code, name, pinyin_initials, pinyin_full) VALUES (?, ?, '', '')`)
      .run('J06.900', '急性上呼吸道感染');

    // The insurer's catalogs downloaded and the items matched, confirmed and reviewed (two people).
    const keeper = await userViaApi(ts, admin, ['storekeeper']);
    for (const infno of ['1301', '1302', '1305', '1307', '1312']) {
      const d = await keeper.client.post('/api/insurance-catalog/download', { infno });
      expect(d.status, `${infno}: ${JSON.stringify(d.body)}`).to.equal(200);
    }
    for (const kind of ['drug', 'service']) {
      const s = await keeper.client.post('/api/insurance-catalog/items/smart', { kind });
      expect(s.status, JSON.stringify(s.body)).to.equal(200);
      const c = await keeper.client.post('/api/insurance-catalog/items/confirm', { kind, minScore: 90 });
      expect(c.status, JSON.stringify(c.body)).to.equal(200);
    }
    // What smart matching left unconfirmed (no specification here to tell two 阿莫西林胶囊 apart) is linked by hand.
    const want: Array<[number, string]> = [
      [w.drugId, 'X000001A0022693'],
      [w.drug2Id, 'Z000166A0038972'],
      [w.serviceId, '002501010150000'],
    ];
    for (const [itemId, code] of want) {
      const m = raw
        .prepare(`SELECT state FROM insurance_item_matches WHERE catalog_item_id = ? AND state <> 'revoked'`)
        .get(itemId) as { state: string } | undefined;
      if (m?.state === 'confirmed') continue;
      if (m) await keeper.client.post('/api/insurance-catalog/items/unlink', { catalogItemIds: [itemId] });
      const l = await keeper.client.post('/api/insurance-catalog/items/link', {
        catalogItemId: itemId,
        medListCodg: code,
      });
      expect(l.status, JSON.stringify(l.body)).to.equal(200);
    }
    const matchIds = (
      raw
        .prepare(`SELECT id FROM insurance_item_matches WHERE state = 'confirmed' AND catalog_item_id IN (?, ?, ?)`)
        .all(w.drugId, w.drug2Id, w.serviceId) as { id: number }[]
    ).map((x) => x.id);
    expect(matchIds).to.have.length(3);
    const rev = await admin.post('/api/insurance-catalog/items/review', { matchIds });
    expect(rev.status, JSON.stringify(rev.body)).to.equal(200);
    const dep = await keeper.client.post('/api/insurance-catalog/departments/link', {
      links: [{ departmentId: w.clinicId, caty: 'A03' }],
    });
    expect(dep.status, JSON.stringify(dep.body)).to.equal(200);
    const dis = await keeper.client.post('/api/insurance-catalog/diseases/link', {
      links: [{ localCode: 'J06.900', diseCode: 'J06.900', score: 100 }],
    });
    expect(dis.status, JSON.stringify(dis.body)).to.equal(200);
    // 科别 and disease codes count for settlement once another user reviewed them (匹配审核)
    const depRev = await admin.post('/api/insurance-catalog/departments/review', { departmentIds: [w.clinicId] });
    expect(depRev.status, JSON.stringify(depRev.body)).to.equal(200);
    const disRev = await admin.post('/api/insurance-catalog/diseases/review', { localCodes: ['J06.900'] });
    expect(disRev.status, JSON.stringify(disRev.body)).to.equal(200);
    const doc = await keeper.client.post('/api/insurance-catalog/staff/link', {
      links: [{ staffId: w.doctorStaffId, nationalCode: 'D330782000777' }],
    });
    expect(doc.status, JSON.stringify(doc.body)).to.equal(200);

    // The doctor's signed prescription (two drugs) and a service order: three lines.
    orders.push(
      signedOrder(raw, w, t, [
        { itemId: w.drugId, quantity: 240 },
        { itemId: w.drug2Id, quantity: 40 },
      ]),
    );
    orders.push(signedOrder(raw, w, t, [{ itemId: w.serviceId, quantity: 1 }], 'service'));

    // The cashier's desk: a workstation bound to the vpcd reader.
    const readers = async () =>
      (await admin.get('/api/devices/readers')).body.readers as Array<{ name: string; state: string }>;
    await waitUntil(async () => (await readers()).some((x) => READER.test(x.name) && x.state !== 'gone'), 'vpcd');
    readerName = (await readers()).find((x) => READER.test(x.name))!.name;
    const ws = await admin.post('/api/workstations', {
      code: 'SF-INS',
      name: '收费窗口(医保)',
      cardReader: readerName,
    });
    expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
    giveBook(raw, cashierUserId, 1, 50, 'Y');

    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, ts));
    await bindBrowser(context, ts, ws.body.id);
    await signIn(page, cashierName, STRONG_PASSWORD);
  });

  after(async () => {
    await card.remove().catch(() => undefined);
    await context?.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
    await sim?.close();
  });

  it('card → 1101 → 预结算 (the policy’s split) → cash collected → 结算 clicked twice: one settlement', async () => {
    await page.goto('/cashier');
    await page
      .locator('.topbar .link[data-state="up"], .topbar .link[data-state="recovered"]')
      .waitFor({ timeout: 20_000 });
    await card.insert();
    await page.locator('.cs-main h2', { hasText: CHEN.psn_name }).waitFor({ timeout: 30_000 });
    for (const o of orders) await page.locator(`[data-order-id="${o.orderId}"]`).waitFor();
    expect(await page.locator('input[name="payer"][value="insured"]').isChecked()).to.equal(true);
    // The bill's total is not what to collect from an insured patient: labelled 医疗费合计, not 应收.
    expect(await page.getByTestId('due').locator('..').textContent()).to.contain('医疗费合计');

    // The card's number (shown masked: first 2 + last 4) and 卡识别码 fill the look-up (by card, 03);
    // 医保查询 asks the insurer (1101) with the full number.
    const panel = page.getByTestId('insurance-settle');
    const maskedCardNo = CHEN.card_no.slice(0, 2) + '*'.repeat(CHEN.card_no.length - 6) + CHEN.card_no.slice(-4);
    await waitUntil(
      async () =>
        (await panel.locator('input[name="certNo"]').inputValue()) === maskedCardNo &&
        (await panel.locator('input[name="certNo"]').getAttribute('data-masked')) === '1',
      'the card number from the card in the look-up, masked',
    );
    expect(await panel.locator('select[name="certType"]').inputValue()).to.equal('03');
    expect(await panel.locator('input[name="cardSn"]').inputValue()).to.equal(CHEN.card_sn);
    await screenshot(page, 'cashier-insured-card-read');
    await panel.getByRole('button', { name: '医保查询' }).click();
    const person = panel.getByTestId('ins-person');
    await person.getByText(CHEN.psn_name).waitFor();
    const asked = raw
      .prepare(`SELECT input_json FROM insurance_calls WHERE infno = '1101' ORDER BY id DESC LIMIT 1`)
      .get() as { input_json: string };
    expect(JSON.parse(asked.input_json).input.data).to.include({
      mdtrt_cert_type: '03',
      mdtrt_cert_no: CHEN.card_no,
      card_sn: CHEN.card_sn,
    });
    expect(await person.textContent()).to.contain('城乡居民');

    // 预结算: 2201 → 2203 → 2204 → 2206; the split against the policy.
    await panel.getByTestId('ins-prepare').click();
    const split = panel.getByTestId('ins-split');
    await split.waitFor();
    const total = orders.reduce((s, o) => s + o.totalFen, 0);
    const exp = expectedSplit(total);
    expect(exp.hifp, 'the bill reaches past the deductible').to.be.above(0);
    const splitText = (await split.textContent())!;
    expect(splitText).to.contain(formatYuan(exp.total)).and.contain(formatYuan(exp.hifp));
    expect(splitText).to.contain(formatYuan(exp.dedc));
    const due = (await panel.getByTestId('ins-due').textContent())!.trim();
    expect(due).to.contain(formatYuan(exp.cash));
    expect(await panel.locator('tr.cs-ins-red').count(), 'no unmatched line').to.equal(0);
    await screenshot(page, 'cashier-insured-presettled');
    await panel.screenshot({ path: `${SCREENSHOT_DIR}/cashier-insured-presettled-panel.png` });

    // The cash part collected (a round note), then 结算 clicked twice in a row.
    await panel.locator('input[name="insTendered"]').fill(String(Math.ceil(exp.cash / 10_000) * 100));
    await panel.getByTestId('ins-settle').dblclick();
    await page.getByTestId('invoice-no').getByText('Y00000001').waitFor({ timeout: 30_000 });
    await screenshot(page, 'cashier-insured-settled');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/cashier-insured-settled-full.png`, fullPage: true });

    const settlements = raw
      .prepare('SELECT * FROM insurance_settlements WHERE patient_id = ?')
      .all(w.patientId) as any[];
    expect(settlements, 'one settlement').to.have.length(1);
    const s = settlements[0];
    expect(s).to.include({
      state: 'settled',
      insutype: '390',
      medfee_sumamt_fen: exp.total,
      act_pay_dedc_fen: exp.dedc,
      hifp_pay_fen: exp.hifp,
      fund_pay_sumamt_fen: exp.hifp,
      acct_pay_fen: 0,
      psn_cash_pay_fen: exp.cash,
    });
    expect(s.bill_id).to.be.a('number');
    expect(
      sim.calls.filter((c) => c.infno === '2207' && c.infcode === 0),
      'one 2207 at the insurer',
    ).to.have.length(1);

    // The bill's ledger rows: the bill, one line per order line, the fund payment and the cash.
    const bill = raw.prepare('SELECT * FROM bills WHERE id = ?').get(s.bill_id) as any;
    expect(bill.total_fen).to.equal(exp.total);
    expect(raw.prepare('SELECT count(*) AS n FROM bills WHERE patient_id = ?').get(w.patientId)).to.deep.equal({
      n: 1,
    });
    const lines = raw.prepare('SELECT * FROM bill_lines WHERE bill_id = ?').all(s.bill_id) as any[];
    expect(lines).to.have.length(3);
    expect(lines.reduce((a, l) => a + l.amount_fen, 0)).to.equal(exp.total);
    const pays = raw.prepare('SELECT method, amount_fen FROM payments WHERE bill_id = ? ORDER BY id').all(s.bill_id);
    expect(pays).to.deep.include.members([
      { method: 'insurance_fund', amount_fen: exp.hifp },
      { method: 'cash', amount_fen: exp.cash },
    ]);
    expect(pays).to.have.length(2);
    for (const o of orders)
      expect(raw.prepare('SELECT status FROM orders WHERE id = ?').get(o.orderId)).to.deep.equal({ status: 'paid' });

    // The page after: 收费成功 with what the patient paid; the receipt and the invoice carry the split.
    expect(await page.locator('.cs-main').textContent()).to.contain(`实收${formatYuan(exp.cash)}`);
    expect(await page.getByTestId('fund').textContent()).to.equal(formatYuan(exp.hifp));
    const job = raw
      .prepare(`SELECT payload_json FROM print_jobs WHERE layout = 'receipt' AND ref_id = ?`)
      .get(s.bill_id) as { payload_json: string } | undefined;
    expect(job, 'the receipt print job').to.not.equal(undefined);
    expect(JSON.parse(job!.payload_json).insurance).to.include({
      setlId: s.setl_id,
      actPayDedcFen: exp.dedc,
      fundFen: exp.hifp,
      psnCashFen: exp.cash,
    });
    const facts = await createInvoiceService(ts.server.modules).facts(s.bill_id);
    expect(invoiceData(facts, '青山镇卫生院', 'Asia/Shanghai').split).to.deep.equal([
      { name: '居民医保统筹基金', amount: formatYuan(exp.hifp) },
      { name: '个人现金', amount: formatYuan(exp.cash) },
    ]);
  });
});
