// The insured outpatient visit settled at the cashier, over real HTTP against the insurer
// simulator: 1101 → 2201 → 2203 → 2204 → 2206 → 2207 → the bill with the fund parts and the receipt
// with the split; the refund (2208 and the re-settlement of what is kept); a lost answer to 2207
// resolved by 5203 (found) and by 2601; 单边账 (the local write failing after infcode 0) completed at
// the desk and at start; an unmatched line charged as 自费; a restricted drug waiting for the doctor;
// double submits and two cashiers; the insurer down (charge as self-pay); a broken answer refused.
import http from 'node:http';
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { userViaApi } from '../../../test/helpers/admin.js';
import { giveBook, seedWorld, signedOrder, type BillingWorld } from '../../../test/helpers/billing.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../../simulator/insurer/server.js';
import { createInvoiceService } from '../billing/index.js';
import { invoiceData } from '../printing/invoice.js';
import { createSettlementService, settlementFaults } from './index.js';

const WANG = '330782195603126270';
const LI = '330782195108266524';
const YANG = '330782198007097577'; // 职工 with a personal account

type User = Awaited<ReturnType<typeof userViaApi>>;

describe('insurance settlement at the cashier (issue 11) against the insurer simulator', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let raw: SQLite.Database;
  let sim: InsurerSimulator;
  let admin: ApiClient;
  let cashier: User;
  let cashier2: User;
  let doctor: User;
  let gatewayUrl = '';
  let proxy: http.Server;
  /** Rewrites the insurer's answers on their way back (bad-field tests). */
  let tamper: ((infno: string, body: any) => any) | null = null;
  let n = 0;

  const now = () => Date.now();

  async function setGateway(url: string) {
    const cfg = await admin.get('/api/insurance/config');
    const r = await admin.put('/api/insurance/config', {
      version: cfg.body.version,
      enabled: true,
      gatewayUrl: url,
      fixmedinsCode: 'H33078200001',
      fixmedinsName: '青山镇卫生院',
      mdtrtareaAdmvs: '330782',
      insuplcAdmdvs: '330782',
      recerSysCode: 'ZJYB',
      infver: 'V1.0',
      devNo: 'DESK01',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 2000,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  }

  /** A patient (an insured person of the simulator) with a visit, matched items and signed orders. */
  function world(_certno: string, name: string) {
    const t = now();
    const w = seedWorld(raw, t, { patientName: name });
    n++;
    raw
      .prepare(`UPDATE visits SET diagnoses_json = ?, payer = 'cash' WHERE id = ?`)
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), w.visitId);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    const match = (itemId: number, code: string, listType: string, lv: string, restricted = 0) => {
      raw
        .prepare(
          `INSERT OR IGNORE INTO insurer_catalog_items (list_type, med_list_codg, name, chrgitm_lv, lmt_used_flag,
             source_infno, version, updated_at) VALUES (?, ?, ?, ?, ?, '1301', '20250101001', ?)`,
        )
        .run(listType, code, code, lv, restricted, t);
      raw
        .prepare(
          `INSERT INTO insurance_item_matches (catalog_item_id, med_list_codg, list_type, state, matched_at)
           VALUES (?, ?, ?, 'reviewed', ?)`,
        )
        .run(itemId, code, listType, t);
    };
    match(w.drugId, 'X000001A0022693', '101', '01');
    match(w.drug2Id, 'Z000166A0038972', '102', '01');
    match(w.serviceId, '002501010150000', '201', '01');
    const restrictedId = Number(
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category,
             drug_class, pinyin_initials, pinyin_full, invoice_confirmed, created_at, updated_at)
           VALUES (?, 'drug', '阿莫西林克拉维酸钾片', '片', '盒', 12, 3600, '09', 'western', 'x', 'x', 1, ?, ?)`,
        )
        .run(`R${process.pid}${n}`, t, t).lastInsertRowid,
    );
    match(restrictedId, 'X000002A0017367', '101', '02', 1);
    const unmatchedId = Number(
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category,
             drug_class, pinyin_initials, pinyin_full, invoice_confirmed, created_at, updated_at)
           VALUES (?, 'drug', '自制止咳合剂', '瓶', '瓶', 1, 800, '09', 'western', 'x', 'x', 1, ?, ?)`,
        )
        .run(`U${process.pid}${n}`, t, t).lastInsertRowid,
    );
    raw
      .prepare(
        `INSERT INTO insurance_department_codes (department_id, caty, caty_name, matched_at) VALUES (?, ?, ?, ?)`,
      )
      .run(w.clinicId, 'A03', '内科', t);
    raw
      .prepare(`INSERT INTO insurance_staff_codes (staff_id, national_code, matched_at) VALUES (?, ?, ?)`)
      .run(w.doctorStaffId, `D33078200${String(n).padStart(4, '0')}`, t);
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J06.900', 'J06.900', '急性上呼吸道感染', ?)`,
      )
      .run(t);
    return { ...w, restrictedId, unmatchedId };
  }

  async function lookUp(client: ApiClient, certno: string, patientId: number) {
    const r = await client.post('/api/insurance/person', { certType: '02', certNo: certno, patientId });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  }

  const settlements = () => raw.prepare('SELECT * FROM insurance_settlements ORDER BY id').all() as any[];
  const paymentsOf = (billId: number) =>
    raw.prepare('SELECT * FROM payments WHERE bill_id = ? ORDER BY id').all(billId) as any[];

  async function prepareAndSettle(client: ApiClient, w: BillingWorld, orderIds: number[], key?: string) {
    const p = await client.post('/api/insurance/settlement/prepare', { patientId: w.patientId, orderIds });
    expect(p.status, JSON.stringify(p.body)).to.equal(200);
    expect(p.body.status).to.equal('ready');
    const cash = p.body.cashToCollectFen as number;
    const s = await client.post(
      '/api/insurance/settlement/settle',
      {
        patientId: w.patientId,
        orderIds,
        chrgBchno: p.body.chrgBchno,
        payments: cash > 0 ? [{ method: 'cash', amountFen: cash, tenderedFen: cash + 1000 }] : [],
      },
      { 'idempotency-key': key ?? `settle-${n}-${Math.random().toString(36).slice(2)}` },
    );
    return { p, s };
  }

  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true });
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const infno = (JSON.parse(body) as { infno: string }).infno;
        try {
          const r = await fetch(sim.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const text = await r.text();
          let out = text;
          if (tamper) out = JSON.stringify(tamper(infno, JSON.parse(text)));
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(out);
        } catch {
          res.destroy();
        }
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    gatewayUrl = `http://127.0.0.1:${port}/fsi/api`;
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    cashier = await userViaApi(ts, admin, ['registrar']);
    cashier2 = await userViaApi(ts, admin, ['registrar']);
    doctor = await userViaApi(ts, admin, ['doctor']);
    giveBook(raw, cashier.userId, 1, 9999, 'A');
    giveBook(raw, cashier2.userId, 1, 9999, 'B');
    await setGateway(gatewayUrl);
  });

  after(async () => {
    await ts.stop();
    await sim.close();
    await new Promise((r) => proxy.close(r));
  });

  beforeEach(() => {
    sim.reset();
    tamper = null;
    settlementFaults.failApply = 0;
  });

  it('the whole visit: 1101 → 2201 → 2203 → 2204 → 2206 → 2207 → bill, funds, receipt with the split', async () => {
    const w = world(WANG, '王建国');
    const o1 = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 240 }]);
    const o2 = signedOrder(raw, w, now(), [{ itemId: w.serviceId, quantity: 1 }], 'service');
    await lookUp(cashier.client, WANG, w.patientId);
    const { p, s } = await prepareAndSettle(cashier.client, w, [o1.orderId, o2.orderId], `key-a-${n}-first`);
    expect(p.body.lines.map((l: any) => l.status)).to.deep.equal(['uploaded', 'uploaded']);
    expect(p.body.lines[0].chrgitmLv).to.equal('01');
    expect(p.body.lines[0].inscpScpFen).to.equal(o1.totalFen);
    const split = p.body.split;
    expect(split.medfeeFen).to.equal(o1.totalFen + o2.totalFen);
    expect(split.fundFen + split.psnPartFen).to.equal(split.medfeeFen);
    expect(split.fundFen, JSON.stringify(split)).to.be.above(0);
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    expect(s.body.split).to.deep.equal(split);
    expect(sim.calls.map((c) => c.infno).filter((x) => x !== '9001')).to.deep.equal([
      '1101',
      '2201',
      '2203',
      '2204',
      '2206',
      '2207',
    ]);
    // The bill: the fund parts as payments of their fund types, the patient's cash, the orders paid.
    const bill = raw.prepare('SELECT * FROM bills WHERE id = ?').get(s.body.billId) as any;
    expect(bill.payer).to.equal('insured');
    expect(bill.total_fen).to.equal(split.medfeeFen);
    expect(bill.insurance_fund_fen).to.equal(split.fundFen);
    const pays = paymentsOf(s.body.billId);
    const fund = pays.filter((x) => x.method === 'insurance_fund');
    expect(fund.reduce((a, x) => a + x.amount_fen, 0)).to.equal(split.fundFen);
    expect(fund.every((x) => /^\d{6}$/.test(x.fund_pay_type))).to.equal(true);
    expect(pays.filter((x) => x.method === 'cash').reduce((a, x) => a + x.amount_fen, 0)).to.equal(split.psnCashFen);
    const st = settlements().at(-1);
    expect(st.bill_id).to.equal(s.body.billId);
    expect(st.fund_pay_sumamt_fen).to.equal(split.fundFen);
    expect(st.medfee_sumamt_fen).to.equal(st.psn_part_amt_fen + st.fund_pay_sumamt_fen);
    const orders = raw.prepare('SELECT status FROM orders WHERE id IN (?, ?)').all(o1.orderId, o2.orderId) as any[];
    expect(orders.map((x) => x.status)).to.deep.equal(['paid', 'paid']);
    // 现金病人转农合: the visit registered as cash is insured now (audited).
    expect((raw.prepare('SELECT payer FROM visits WHERE id = ?').get(w.visitId) as any).payer).to.equal('insured');
    const job = raw.prepare('SELECT payload_json FROM print_jobs WHERE id = ?').get(s.body.printJobId) as any;
    const payload = JSON.parse(job.payload_json);
    expect(payload.insurance.setlId).to.equal(s.body.setlId);
    expect(payload.insurance.psnCashFen).to.equal(split.psnCashFen);
    // The invoice prints the split too (who paid what).
    const facts = await createInvoiceService(ts.server.modules).facts(s.body.billId);
    const inv = invoiceData(facts, '青山镇卫生院', 'Asia/Shanghai');
    expect(inv.split.map((x) => x.name)).to.include('个人现金');
    if (split.fundFen > 0) expect(inv.split.map((x) => x.name)).to.include('居民医保统筹基金');
    const events = raw
      .prepare(`SELECT name FROM event_log WHERE name IN ('insurance:settlement-changed', 'bill:paid')`)
      .all() as any[];
    expect(events.map((e) => e.name)).to.include.members(['insurance:settlement-changed', 'bill:paid']);
    // The same key again: the same answer, nothing more sent or written.
    const again = await cashier.client.post(
      '/api/insurance/settlement/settle',
      { patientId: w.patientId, orderIds: [o1.orderId, o2.orderId], chrgBchno: p.body.chrgBchno, payments: [] },
      { 'idempotency-key': `key-k-${n}-a` },
    );
    expect(again.status).to.be.oneOf([200, 201, 409]);
    expect(settlements().filter((x) => x.bill_id === s.body.billId)).to.have.length(1);
    // Billing's own refund refuses the insured bill.
    const ref = await cashier.client.post(
      `/api/billing/bills/${s.body.billId}/refund`,
      { all: true, reason: 'x' },
      { 'idempotency-key': `key-refund-${n}-x` },
    );
    expect(ref.status).to.equal(409);
    expect(ref.body.error.code).to.equal('insured_bill');
  });

  it('refund: 2208 cancels, the kept line is re-uploaded and re-settled, the reversing bill balances', async () => {
    const w = world(LI, '李秀英');
    const o1 = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    const o2 = signedOrder(raw, w, now(), [{ itemId: w.serviceId, quantity: 2 }], 'service');
    await lookUp(cashier.client, LI, w.patientId);
    const { s } = await prepareAndSettle(cashier.client, w, [o1.orderId, o2.orderId]);
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    const serviceLine = raw
      .prepare('SELECT id, quantity FROM bill_lines WHERE bill_id = ? AND order_line_id = ?')
      .get(s.body.billId, o2.lineIds[0]) as any;
    sim.reset();
    const r = await cashier.client.post(
      `/api/insurance/settlement/bills/${s.body.billId}/refund`,
      { lines: [{ billLineId: serviceLine.id, quantity: 2 }], reason: '检查未做' },
      { 'idempotency-key': `key-r-${n}-x` },
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(sim.calls.map((c) => c.infno).filter((x) => x !== '9001')).to.deep.equal(['2208', '2205', '2204', '2207']);
    expect(r.body.steps.map((x: any) => x.step)).to.deep.equal(['2208', '2205', '2204', '2207', 'local']);
    const [old, now2] = settlements().filter((x) => x.patient_id === w.patientId);
    expect(old.state).to.equal('cancelled');
    expect(old.cancel_setl_id).to.be.a('string').and.not.equal('');
    expect(old.refund_bill_id).to.equal(r.body.refundBillId);
    expect(now2.state).to.equal('settled');
    expect(now2.bill_id).to.equal(s.body.billId);
    expect(now2.medfee_sumamt_fen).to.equal(o1.totalFen);
    const refund = raw.prepare('SELECT * FROM bills WHERE id = ?').get(r.body.refundBillId) as any;
    expect(refund.total_fen).to.equal(-o2.totalFen);
    const pays = paymentsOf(r.body.refundBillId);
    expect(pays.reduce((a, x) => a + x.amount_fen, 0)).to.equal(-o2.totalFen);
    expect(r.body.cashBackFen).to.equal(old.psn_cash_pay_fen - now2.psn_cash_pay_fen);
  });

  it('a lost answer to 2208: 5203 finds the cancellation, the refund then goes on from there', async () => {
    const w = world(LI, '李秀英');
    const o1 = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 240 }]);
    const o2 = signedOrder(raw, w, now(), [{ itemId: w.serviceId, quantity: 1 }], 'service');
    await lookUp(cashier.client, LI, w.patientId);
    const { s } = await prepareAndSettle(cashier.client, w, [o1.orderId, o2.orderId]);
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    const line = raw
      .prepare('SELECT id FROM bill_lines WHERE bill_id = ? AND order_line_id = ?')
      .get(s.body.billId, o2.lineIds[0]) as any;
    const body = { lines: [{ billLineId: line.id, quantity: 1 }], reason: '检查取消' };
    sim.fault({ infno: '2208', mode: 'settled-no-answer' });
    const r1 = await cashier.client.post(`/api/insurance/settlement/bills/${s.body.billId}/refund`, body, {
      'idempotency-key': `key-r8a-${n}-x`,
    });
    expect(r1.status, JSON.stringify(r1.body)).to.equal(504);
    const st = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    expect(st.body.unknownCalls.map((c: any) => c.infno)).to.deep.equal(['2208']);
    const q = await cashier.client.post(`/api/insurance/settlement/calls/${st.body.unknownCalls[0].callId}/resolve`, {
      action: 'query',
    });
    expect(q.status, JSON.stringify(q.body)).to.equal(200);
    expect(q.body.outcome).to.equal('cancel-recorded');
    const r2 = await cashier.client.post(`/api/insurance/settlement/bills/${s.body.billId}/refund`, body, {
      'idempotency-key': `key-r8b-${n}-x`,
    });
    expect(r2.status, JSON.stringify(r2.body)).to.equal(201);
    expect(r2.body.steps.map((x: any) => x.step)).to.not.include('2208');
    const rows = settlements().filter((x) => x.patient_id === w.patientId);
    expect(rows.map((x) => x.state)).to.deep.equal(['cancelled', 'settled']);
    expect(rows[1].medfee_sumamt_fen).to.equal(o1.totalFen);
    expect(sim.calls.filter((c) => c.infno === '2208')).to.have.length(1);
  });

  it('a lost answer to 2207 (settled, no answer): the desk sees it, 5203 finds it, the bill is written', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drug2Id, quantity: 20 }]);
    await lookUp(cashier.client, WANG, w.patientId);
    sim.fault({ infno: '2207', mode: 'settled-no-answer' });
    const { s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.status, JSON.stringify(s.body)).to.equal(504);
    const st = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    expect(st.body.unknownCalls).to.have.length(1);
    expect(st.body.unknownCalls[0].infno).to.equal('2207');
    // Nothing else for this patient until it is resolved.
    const blocked = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o.orderId],
    });
    expect(blocked.status).to.equal(409);
    expect(blocked.body.error.code).to.equal('insurer_outcome_unknown');
    const q = await cashier.client.post(`/api/insurance/settlement/calls/${st.body.unknownCalls[0].callId}/resolve`, {
      action: 'query',
    });
    expect(q.status, JSON.stringify(q.body)).to.equal(200);
    expect(q.body.outcome).to.equal('completed');
    const bill = raw.prepare('SELECT * FROM bills WHERE id = ?').get(q.body.billId) as any;
    expect(bill.total_fen).to.equal(o.totalFen);
    expect((raw.prepare('SELECT status FROM orders WHERE id = ?').get(o.orderId) as any).status).to.equal('paid');
    const after = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    expect(after.body.unknownCalls).to.have.length(0);
  });

  it('a 2207 timeout reversed by 2601, then settled again', async () => {
    const w = world(LI, '李秀英');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drug2Id, quantity: 20 }]);
    await lookUp(cashier.client, LI, w.patientId);
    sim.fault({ infno: '2207', mode: 'settled-no-answer' });
    const { s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.status).to.equal(504);
    const st = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    const callId = st.body.unknownCalls[0].callId;
    const r = await cashier.client.post(`/api/insurance/settlement/calls/${callId}/resolve`, { action: 'reverse' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.outcome).to.equal('reversed');
    expect(sim.calls.some((c) => c.infno === '2601' && c.infcode === 0)).to.equal(true);
    const again = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(again.s.status, JSON.stringify(again.s.body)).to.equal(201);
  });

  it('单边账: the local write fails after infcode 0; the desk completes it, nothing twice', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    await lookUp(cashier.client, WANG, w.patientId);
    settlementFaults.failApply = 1;
    const { s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.status, JSON.stringify(s.body)).to.equal(409);
    expect(s.body.error.code).to.equal('settlement_not_applied');
    const st = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    expect(st.body.unapplied).to.have.length(1);
    const id = st.body.unapplied[0].id;
    const c = await cashier.client.post(`/api/insurance/settlement/settlements/${id}/complete`, {});
    expect(c.status, JSON.stringify(c.body)).to.equal(200);
    expect(c.body.outcome).to.equal('completed');
    const c2 = await cashier.client.post(`/api/insurance/settlement/settlements/${id}/complete`, {});
    expect(c2.body.billId).to.equal(c.body.billId);
    expect(raw.prepare('SELECT COUNT(*) AS n FROM bills WHERE patient_id = ?').get(w.patientId)).to.deep.equal({
      n: 1,
    });
  });

  it('单边账 completed by the server at start (the background recovery)', async () => {
    const w = world(LI, '李秀英');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    await lookUp(cashier.client, LI, w.patientId);
    settlementFaults.failApply = 1;
    const { s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.body.error.code).to.equal('settlement_not_applied');
    // A new service as a restarted server builds it, then its start-up recovery.
    const fresh = createSettlementService(ts.server.modules);
    const r = await fresh.resolver.recoverAtStart(Date.now() + 1);
    expect(r.applied).to.equal(1);
    const st = settlements().filter((x) => x.patient_id === w.patientId);
    expect(st).to.have.length(1);
    expect(st[0].bill_id).to.be.a('number');
  });

  it('a lost answer to 2207 resolved by the server at start (5203 in the background, then the bill)', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drug2Id, quantity: 20 }]);
    await lookUp(cashier.client, WANG, w.patientId);
    sim.fault({ infno: '2207', mode: 'settled-no-answer' });
    const { s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.status).to.equal(504);
    const fresh = createSettlementService(ts.server.modules);
    const r = await fresh.resolver.recoverAtStart(Date.now() + 1);
    expect(r.resolved, JSON.stringify(r)).to.be.at.least(1);
    const st = settlements().filter((x) => x.patient_id === w.patientId);
    expect(st).to.have.length(1);
    expect(st[0].bill_id).to.be.a('number');
    expect((raw.prepare('SELECT status FROM orders WHERE id = ?').get(o.orderId) as any).status).to.equal('paid');
    const after = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    expect(after.body.unknownCalls).to.have.length(0);
  });

  it('an unmatched line is charged as 自费 on its own bill; a restricted drug waits for the doctor', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [
      { itemId: w.drugId, quantity: 24 },
      { itemId: w.unmatchedId, quantity: 1 },
    ]);
    const r = signedOrder(raw, w, now(), [{ itemId: w.restrictedId, quantity: 12 }]);
    await lookUp(cashier.client, WANG, w.patientId);
    const wait = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o.orderId, r.orderId],
    });
    expect(wait.status, JSON.stringify(wait.body)).to.equal(200);
    expect(wait.body.status).to.equal('awaiting_doctor');
    expect(wait.body.lines.find((l: any) => l.orderLineId === r.lineIds[0]).status).to.equal('awaiting_doctor');
    const asked = await doctor.client.get(`/api/insurance/settlement/visits/${w.visitId}/restricted`);
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.insured).to.equal(true);
    expect(asked.body.items.map((i: any) => [i.orderLineId, i.flag, i.editable])).to.deep.equal([
      [r.lineIds[0], null, true],
    ]);
    const bad = await doctor.client.post(`/api/insurance/settlement/order-lines/${r.lineIds[0]}/approval`, {
      flag: '2',
    });
    expect(bad.status).to.equal(422);
    const ap = await doctor.client.post(`/api/insurance/settlement/order-lines/${r.lineIds[0]}/approval`, {
      flag: '1',
    });
    expect(ap.status, JSON.stringify(ap.body)).to.equal(200);
    const { p, s } = await prepareAndSettle(cashier.client, w, [o.orderId, r.orderId]);
    const un = p.body.lines.find((l: any) => l.orderLineId === o.lineIds[1]);
    expect(un.status).to.equal('unmatched');
    expect(p.body.selfPayFen).to.equal(800);
    expect(p.body.lines.find((l: any) => l.orderLineId === r.lineIds[0]).hospApprFlag).to.equal('1');
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    expect(s.body.selfPayBillId).to.be.a('number');
    const self = raw.prepare('SELECT * FROM bills WHERE id = ?').get(s.body.selfPayBillId) as any;
    expect(self.payer).to.equal('cash');
    expect(self.total_fen).to.equal(800);
    const sent = sim.calls.filter((c) => c.infno === '2204');
    expect(sent).to.have.length(1);
  });

  it('double submit and two cashiers: one settlement', async () => {
    const w = world(LI, '李秀英');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drug2Id, quantity: 40 }]);
    await lookUp(cashier.client, LI, w.patientId);
    const p = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o.orderId],
    });
    expect(p.status, JSON.stringify(p.body)).to.equal(200);
    const cash = p.body.cashToCollectFen;
    const body = {
      patientId: w.patientId,
      orderIds: [o.orderId],
      chrgBchno: p.body.chrgBchno,
      payments: cash ? [{ method: 'cash', amountFen: cash }] : [],
    };
    sim.fault({ infno: '2207', mode: 'slow', delayMs: 600 });
    const [a, b] = await Promise.all([
      cashier.client.post('/api/insurance/settlement/settle', body, { 'idempotency-key': `key-d-${n}-1` }),
      cashier2.client.post('/api/insurance/settlement/settle', body, { 'idempotency-key': `key-d-${n}-2` }),
    ]);
    const codes = [a.status, b.status].sort();
    expect(codes, JSON.stringify([a.body, b.body])).to.deep.equal([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['settlement_in_progress', 'already_paid']).to.include(loser.body.error.code);
    expect(settlements().filter((x) => x.patient_id === w.patientId)).to.have.length(1);
    expect(sim.calls.filter((c) => c.infno === '2207')).to.have.length(1);
  });

  it('the insurer answering an error: the cashier reads why, cancels the upload and charges as self-pay', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    await lookUp(cashier.client, WANG, w.patientId);
    sim.fault({ infno: '2206', mode: 'error', errMsg: '医保中心系统繁忙' });
    const p = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o.orderId],
    });
    expect(p.status).to.equal(422);
    expect(p.body.error.code).to.equal('insurer_error');
    expect(p.body.error.message).to.contain('医保中心系统繁忙');
    const ab = await cashier.client.post('/api/insurance/settlement/abandon', { patientId: w.patientId });
    expect(ab.status, JSON.stringify(ab.body)).to.equal(200);
    expect(ab.body.cancelled).to.equal(1);
    const c = await cashier.client.post(
      '/api/billing/charges',
      {
        patientId: w.patientId,
        orderIds: [o.orderId],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: o.totalFen }],
      },
      { 'idempotency-key': `key-c-${n}-x` },
    );
    expect(c.status, JSON.stringify(c.body)).to.equal(201);
    expect(settlements().filter((x) => x.patient_id === w.patientId)).to.have.length(0);
  });

  it('a broken answer to 2207 (sums that do not add up) is refused, reversed by 2601, nothing stored', async () => {
    const w = world(LI, '李秀英');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    await lookUp(cashier.client, LI, w.patientId);
    tamper = (infno, body) => {
      if (infno === '2207' && body.output) body.output.setlinfo.hifp_pay = 'abc';
      return body;
    };
    const { s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.status, JSON.stringify(s.body)).to.equal(502);
    expect(s.body.error.code).to.equal('insurer_bad_answer');
    expect(s.body.error.message).to.contain('hifp_pay');
    expect(sim.calls.some((c) => c.infno === '2601' && c.infcode === 0)).to.equal(true);
    expect(settlements().filter((x) => x.patient_id === w.patientId)).to.have.length(0);
    expect(raw.prepare('SELECT COUNT(*) AS n FROM bills WHERE patient_id = ?').get(w.patientId)).to.deep.equal({
      n: 0,
    });
    tamper = null;
    const again = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(again.s.status, JSON.stringify(again.s.body)).to.equal(201);
  });

  it('an employee (职工) pays from the personal account: its own payment (insurance_account)', async () => {
    const w = world(YANG, '杨职工');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 240 }]);
    await lookUp(cashier.client, YANG, w.patientId);
    const { p, s } = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    const split = p.body.split;
    expect(split.acctFen, JSON.stringify(split)).to.be.above(0);
    const pays = paymentsOf(s.body.billId);
    expect(pays.filter((x) => x.method === 'insurance_account').map((x) => x.amount_fen)).to.deep.equal([
      split.acctFen,
    ]);
    expect(pays.reduce((a, x) => a + x.amount_fen, 0)).to.equal(o.totalFen);
  });

  it('2203 again (a replacement) when the diagnoses changed since sent: before 2206 and 2207', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    await lookUp(cashier.client, WANG, w.patientId);
    const sent2203 = () => sim.calls.filter((c) => c.infno === '2203' && c.infcode === 0);
    const atInsurer = (mdtrtId: string) =>
      (
        JSON.parse(
          sim.store.get<{ dise: string }>('SELECT dise FROM visits WHERE mdtrt_id = ?', mdtrtId)!.dise,
        ) as any[]
      )
        .map((d) => d.diag_code)
        .join(',');
    const prepare = () =>
      cashier.client.post('/api/insurance/settlement/prepare', { patientId: w.patientId, orderIds: [o.orderId] });
    const p1 = await prepare();
    expect(p1.status, JSON.stringify(p1.body)).to.equal(200);
    expect(sent2203()).to.have.length(1);
    const p2 = await prepare();
    expect(p2.status).to.equal(200);
    expect(sent2203(), 'unchanged diagnoses are not sent again').to.have.length(1);
    // The doctor adds a diagnosis before the cashier settles: sent again before 2206.
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J02.900', 'J02.900', '急性咽炎', ?)`,
      )
      .run(now());
    const setDiagnoses = (codes: Array<[string, string]>) =>
      raw
        .prepare('UPDATE visits SET diagnoses_json = ? WHERE id = ?')
        .run(JSON.stringify(codes.map(([code, name]) => ({ code, name }))), w.visitId);
    setDiagnoses([
      ['J06.900', '急性上呼吸道感染'],
      ['J02.900', '急性咽炎'],
    ]);
    const p3 = await prepare();
    expect(p3.status, JSON.stringify(p3.body)).to.equal(200);
    expect(sent2203()).to.have.length(2);
    const i2206 = sim.calls.map((c) => c.infno).lastIndexOf('2206');
    expect(sim.calls.map((c) => c.infno).lastIndexOf('2203')).to.be.lessThan(i2206);
    expect(atInsurer(p3.body.mdtrtId)).to.equal('J06.900,J02.900');
    // Changed again between the pre-settlement and the settlement: sent before 2207.
    setDiagnoses([['J02.900', '急性咽炎']]);
    const cash = p3.body.cashToCollectFen as number;
    const s = await cashier.client.post(
      '/api/insurance/settlement/settle',
      {
        patientId: w.patientId,
        orderIds: [o.orderId],
        chrgBchno: p3.body.chrgBchno,
        payments: cash > 0 ? [{ method: 'cash', amountFen: cash }] : [],
      },
      { 'idempotency-key': `settle-dx-${n}` },
    );
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    expect(sent2203()).to.have.length(3);
    const infnos = sim.calls.map((c) => c.infno);
    expect(infnos.lastIndexOf('2203')).to.be.lessThan(infnos.lastIndexOf('2207'));
    expect(atInsurer(p3.body.mdtrtId)).to.equal('J02.900');
    const iv = raw.prepare('SELECT id, diagnoses_msgid FROM insurance_visits WHERE visit_id = ?').get(w.visitId) as any;
    expect(iv.diagnoses_msgid).to.equal(sent2203()[2]!.msgid);
    const audits = raw
      .prepare(`SELECT action FROM audit_log WHERE entity = 'insurance_visit' AND entity_id = ? ORDER BY id`)
      .all(String(iv.id)) as Array<{ action: string }>;
    expect(audits.filter((a) => a.action === 'insurance.diagnoses-resent')).to.have.length(2);
  });

  it('a 2201 timeout is only reversed (2601); then a fresh 2201, new msgid, one visit at the insurer', async () => {
    const w = world(LI, '李秀英');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drug2Id, quantity: 20 }]);
    const person = await lookUp(cashier.client, LI, w.patientId);
    const openAtInsurer = () =>
      sim.store.all<{ mdtrt_id: string }>(
        "SELECT mdtrt_id FROM visits WHERE psn_no = ? AND ipt_otp_no = ? AND state = 'open'",
        person.person.psnNo,
        `MZ${w.visitId}`,
      );
    sim.fault({ infno: '2201', mode: 'timeout' });
    const prepare = () =>
      cashier.client.post('/api/insurance/settlement/prepare', { patientId: w.patientId, orderIds: [o.orderId] });
    const p1 = await prepare();
    expect(p1.status, JSON.stringify(p1.body)).to.equal(504);
    expect(p1.body.error.message, 'says the way out').to.contain('cannot be queried').and.contain('reverse it');
    const st = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    expect(st.body.unknownCalls).to.have.length(1);
    const unknown = st.body.unknownCalls[0];
    expect(unknown).to.include({ infno: '2201', state: 'unknown' });
    expect(unknown.actions, 'a registration cannot be queried, only reversed').to.deep.equal(['reverse']);
    // Blocked until resolved; a query is refused in words.
    const blocked = await prepare();
    expect(blocked.status).to.equal(409);
    expect(blocked.body.error.code).to.equal('insurer_outcome_unknown');
    const q = await cashier.client.post(`/api/insurance/settlement/calls/${unknown.callId}/resolve`, {
      action: 'query',
    });
    expect(q.status).to.equal(409);
    expect(q.body.error.code).to.equal('cannot_query');
    const r = await cashier.client.post(`/api/insurance/settlement/calls/${unknown.callId}/resolve`, {
      action: 'reverse',
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.outcome).to.equal('reversed');
    const reversal = sim.calls.find((c) => c.infno === '2601');
    expect(reversal?.infcode).to.equal(0);
    expect(openAtInsurer()).to.have.length(0);
    // Restart: a fresh 2201 under a new msgid, then the visit settles.
    const again = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(again.s.status, JSON.stringify(again.s.body)).to.equal(201);
    const regs = sim.calls.filter((c) => c.infno === '2201');
    expect(regs).to.have.length(2);
    expect(regs[1]!.msgid).to.not.equal(regs[0]!.msgid);
    expect(regs[1]!.infcode).to.equal(0);
    expect(openAtInsurer()).to.have.length(1);
    const iv = raw.prepare('SELECT register_msgid, mdtrt_id FROM insurance_visits WHERE visit_id = ?').all(w.visitId);
    expect(iv).to.deep.equal([{ register_msgid: regs[1]!.msgid, mdtrt_id: openAtInsurer()[0]!.mdtrt_id }]);
  });

  it('a 2201 applied but unanswered: reversed (2601 undoes it), the fresh 2201 is the only visit', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    const person = await lookUp(cashier.client, WANG, w.patientId);
    const open = () =>
      sim.store.all<{ mdtrt_id: string }>(
        "SELECT mdtrt_id FROM visits WHERE psn_no = ? AND ipt_otp_no = ? AND state = 'open'",
        person.person.psnNo,
        `MZ${w.visitId}`,
      );
    sim.fault({ infno: '2201', mode: 'settled-no-answer' });
    const p1 = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o.orderId],
    });
    expect(p1.status).to.be.oneOf([502, 504]);
    expect(open(), 'the insurer registered it').to.have.length(1);
    const st = await cashier.client.get(`/api/insurance/settlement/patients/${w.patientId}`);
    const r = await cashier.client.post(`/api/insurance/settlement/calls/${st.body.unknownCalls[0].callId}/resolve`, {
      action: 'reverse',
    });
    expect(r.body.outcome).to.equal('reversed');
    expect(open()).to.have.length(0);
    const again = await prepareAndSettle(cashier.client, w, [o.orderId]);
    expect(again.s.status, JSON.stringify(again.s.body)).to.equal(201);
    expect(open()).to.have.length(1);
  });

  it('bad input: unknown patient, orders of another patient, a missing person look-up', async () => {
    const w = world(WANG, '王建国');
    const o = signedOrder(raw, w, now(), [{ itemId: w.drugId, quantity: 24 }]);
    const r1 = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: 999999,
      orderIds: [o.orderId],
    });
    expect(r1.status).to.equal(404);
    const r2 = await cashier.client.post('/api/insurance/settlement/prepare', { patientId: w.patientId, orderIds: [] });
    expect(r2.status).to.equal(422);
    const other = world(LI, '李秀英');
    const r3 = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: other.patientId,
      orderIds: [o.orderId],
    });
    expect(r3.status).to.be.oneOf([409, 422]);
    const r4 = await cashier.client.post('/api/insurance/settlement/settle', {
      patientId: w.patientId,
      orderIds: [o.orderId],
      chrgBchno: 'CB1',
      payments: [{ method: 'cash', amountFen: -1 }],
    });
    expect(r4.status).to.equal(422);
    // A card payment without its reference is refused before the insurer is asked to settle.
    await lookUp(cashier.client, WANG, w.patientId);
    const p = await cashier.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o.orderId],
    });
    expect(p.status, JSON.stringify(p.body)).to.equal(200);
    const r5 = await cashier.client.post(
      '/api/insurance/settlement/settle',
      {
        patientId: w.patientId,
        orderIds: [o.orderId],
        chrgBchno: p.body.chrgBchno,
        payments: [{ method: 'bank_card', amountFen: Math.max(1, p.body.cashToCollectFen) }],
      },
      { 'idempotency-key': `key-card-${n}-x` },
    );
    expect(r5.status, JSON.stringify(r5.body)).to.equal(422);
    expect(r5.body.error.field).to.equal('payments.0.reference');
    expect(sim.calls.filter((c) => c.infno === '2207')).to.have.length(0);
    expect(settlements().filter((x) => x.patient_id === w.patientId)).to.have.length(0);
  });
});
