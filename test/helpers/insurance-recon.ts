// Insured settlements for the reconciliation tests (unit and browser): the insurer's side made at
// the real simulator through the adapter's gateway client (2201 → 2204 → 2207, 2208 for a
// reversal); the HIS's side a real paid bill plus the settlement module's rows mirroring the
// insurer's answer (or deliberately wrong, to make a day unbalanced), written as that module
// keeps them. Start the world in a describe's `before` and stop it in `after`.
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { createInsurer, toFen, type CallActor, type Insurer } from '../../server/modules/insurance/index.js';
import { SETTLEMENT_MONEY } from '../../server/modules/insurance-settlement/index.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../simulator/insurer/server.js';
import { giveBook, seedWorld, signedOrder } from './billing.js';
import { factories, type Factories, type UserMade } from './factories.js';
import { ManualClock, startTestServer, type ApiClient, type TestServer } from './server.js';

/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8). */
export const sh = (y: number, m: number, d: number, h = 12, mi = 0) => Date.UTC(y, m - 1, d, h - 8, mi);
export const RECON_DAY = '2026-12-08';
export const FIXMEDINS = 'H33078200001';
export const AREA = '330782';
/** Two residents (390) of the simulator's persons.json. */
export const PERSONS = [
  { psnNo: '3307821100000007919', certno: '330782195603126270', name: '王建国' },
  { psnNo: '3307821100000015838', certno: '330782195108266524', name: '李秀英' },
] as const;

type Json = Record<string, any>;
export type Person = (typeof PERSONS)[number];

export interface Made {
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  setlinfo: Json;
  setldetail: Json[];
  billId: number;
  settlementId: number | null;
}

export interface ReconWorld {
  clock: ManualClock;
  sim: InsurerSimulator;
  ts: TestServer;
  raw: SQLite.Database;
  f: Factories;
  admin: ApiClient;
  settleAtInsurer(person: Person, amountFen: number): Promise<Omit<Made, 'billId'>>;
  mirror(s: Omit<Made, 'billId'>, opts?: { extraFen?: number; setlId?: string }): Promise<Made>;
  reverse(m: Made): Promise<string>;
  /**
   * The real thing, at the cashier's desk through insurance-settlement's routes (1101 → prepare:
   * 2201/2203/2204/2206 → settle: 2207 → the bill): a drug and a service of a seeded visit, matched.
   */
  settleAtDesk(
    person: Person,
    opts?: { status?: number },
  ): Promise<{ billId: number; serviceLineId: number; body: Json; patientId: number }>;
  /** The desk's cashier (to resolve a 单边账, say). */
  deskClient(): ApiClient;
  /** A refund at the desk (2208, and the kept lines re-settled when some are kept). */
  refundAtDesk(billId: number, lines: Array<{ billLineId: number; quantity: number }>): Promise<Json>;
  /** Signs the desk's cashier in again (after the clock moved past the session's limits). */
  resumeDesk(): Promise<void>;
  stop(): Promise<void>;
}

/** The simulator, a test server pointed at it (2026-12-08 10:00 in Shanghai on both clocks), and the makers. */
export async function startReconWorld(): Promise<ReconWorld> {
  const clock = new ManualClock(sh(2026, 12, 8, 10));
  const sim = await startInsurerSimulator({
    port: 0,
    faults: true,
    institution: { admdvs: AREA },
    clock: () => new Date(clock.now()),
  });
  const ts = await startTestServer({ clock });
  const raw = ts.server.modules.raw;
  const f = await factories(ts);
  const admin = f.admin;
  const cfg = await admin.get('/api/insurance/config');
  const saved = await admin.put('/api/insurance/config', {
    version: cfg.body.version,
    enabled: true,
    gatewayUrl: sim.url,
    fixmedinsCode: FIXMEDINS,
    fixmedinsName: '青山镇卫生院',
    mdtrtareaAdmvs: AREA,
    insuplcAdmdvs: AREA,
    recerSysCode: 'ZJYB',
    infver: 'V1.0',
    devNo: '',
    signer: 'none',
    signerPaasid: '',
    timeoutMs: 3000,
    facilityLevel: 1,
  });
  expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
  const insurer: Insurer = createInsurer(ts.server.modules);
  const u = raw.prepare("SELECT id, username FROM users WHERE username = 'admin'").get() as Json;
  const actor: CallActor = { userId: u.id, username: u.username, staffName: '管理员', ip: null, workstationId: null };
  const clinic = await f.department({ kind: 'clinic' });
  const pharmacy = await f.department({ kind: 'pharmacy' });
  const doctor: UserMade = await f.user(['doctor'], { departmentId: clinic.id });
  const drug = await f.drug({ priceFen: 1000, packSize: 1 });
  await f.stock(drug.id, pharmacy.id, 1000);
  const world = { clinic: clinic.id, pharmacy: pharmacy.id, doctor, drug: drug.id };
  const cashier = await f.user(['registrar']);
  giveBook(raw, cashier.userId, 1, 9999, 'YB');
  let seq = 0;

  const now = () => {
    const d = new Date(clock.now() + 8 * 3600_000).toISOString();
    return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
  };

  /** A paid (cash) bill of a signed prescription: the local bill a settlement links to. */
  async function paidBill(): Promise<{ billId: number; visitId: number; patientId: number }> {
    const p = await f.patient();
    const order = await f.signedOrder(world.doctor, world.clinic, p.id, [{ itemId: world.drug, quantity: 1 }], {
      pharmacyId: world.pharmacy,
    });
    const bill = await f.paidBill(p.id, [order.id]);
    return { billId: bill.billId ?? bill.bill?.id ?? bill.id, visitId: order.visitId, patientId: p.id };
  }

  /** A settlement made at the insurer: 2201, one line of 一般诊疗费 (2204), 2207. */
  async function settleAtInsurer(person: Person, amountFen: number): Promise<Omit<Made, 'billId'>> {
    seq++;
    const ctx = { actor, insuplcAdmdvs: AREA };
    const reg = await insurer.call(
      '2201',
      {
        data: {
          psn_no: person.psnNo,
          insutype: '390',
          begntime: now(),
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          ipt_otp_no: `RECON${process.pid}${seq}`,
          atddr_no: 'D330782000001',
          dr_name: '张医生',
          dept_code: 'A03',
          dept_name: '全科医疗科',
          caty: 'A03',
        },
      } as never,
      ctx,
    );
    const mdtrtId = (reg.output as Json).data.mdtrt_id as string;
    await insurer.call(
      '2204',
      {
        feedetail: [
          {
            feedetl_sn: `L${seq}`,
            mdtrt_id: mdtrtId,
            psn_no: person.psnNo,
            chrg_bchno: `B${seq}`,
            rx_circ_flag: '0',
            fee_ocur_time: now(),
            med_list_codg: '001102000060000',
            medins_list_codg: 'RECON-1',
            det_item_fee_sumamt: amountFen / 100,
            cnt: 1,
            pric: amountFen / 100,
            bilg_dept_codg: 'A03',
            bilg_dept_name: '全科医疗科',
            bilg_dr_codg: 'D330782000001',
            bilg_dr_name: '张医生',
            hosp_appr_flag: '1',
          },
        ],
      } as never,
      ctx,
    );
    const setl = await insurer.call(
      '2207',
      {
        data: {
          psn_no: person.psnNo,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          med_type: '11',
          medfee_sumamt: amountFen / 100,
          psn_setlway: '01',
          mdtrt_id: mdtrtId,
          chrg_bchno: `B${seq}`,
          acct_used_flag: '0',
          insutype: '390',
          invono: '',
        },
      } as never,
      ctx,
    );
    const out = setl.output as Json;
    return {
      setlId: out.setlinfo.setl_id,
      mdtrtId,
      psnNo: person.psnNo,
      setlinfo: out.setlinfo,
      setldetail: out.setldetail,
      settlementId: null,
    };
  }

  /**
   * The HIS's side of a settlement as the settlement module keeps it (insurance_visits,
   * insurance_settlements, insurance_settlement_funds), on a real paid bill. `extraFen` makes the
   * HIS's medical fees differ from the insurer's (the patient's cash part absorbs it).
   */
  async function mirror(s: Omit<Made, 'billId'>, opts: { extraFen?: number; setlId?: string } = {}): Promise<Made> {
    const b = await paidBill();
    const info = s.setlinfo;
    const money: Record<string, number> = Object.fromEntries(
      SETTLEMENT_MONEY.map((k) => [`${k}_fen`, toFen(info[k] ?? 0, k)]),
    );
    const extra = opts.extraFen ?? 0;
    for (const k of ['medfee_sumamt_fen', 'inscp_scp_amt_fen', 'psn_part_amt_fen', 'psn_cash_pay_fen'])
      money[k] = (money[k] ?? 0) + extra;
    const at = clock.now();
    const iv = raw
      .prepare(
        `INSERT INTO insurance_visits (visit_id, patient_id, psn_no, psn_name, insutype, med_type, mdtrt_cert_type,
           mdtrt_cert_no, insuplc_admdvs, ipt_otp_no, atddr_no, dept_code, mdtrt_id, state, register_msgid,
           created_by, created_at, updated_at)
         VALUES (?, ?, ?, '测试', '390', '11', '02', 'X', ?, ?, 'D1', 'A03', ?, 'registered', ?, ?, ?, ?)`,
      )
      .run(b.visitId, b.patientId, s.psnNo, AREA, `O${s.mdtrtId}`, s.mdtrtId, `M${s.mdtrtId}`, actor.userId, at, at);
    const cols = Object.keys(money);
    const r = raw
      .prepare(
        `INSERT INTO insurance_settlements (insurance_visit_id, visit_id, patient_id, bill_id, setl_id, mdtrt_id, msgid,
           chrg_bchno, psn_no, psn_name, insutype, med_type, clr_type, clr_way, clr_optins, setl_time, state,
           business_day, order_ids_json, payments_json, settled_by, created_at, applied_at, ${cols.join(', ')})
         VALUES (?, ?, ?, ?, ?, ?, ?, 'B', ?, '测试', '390', '11', ?, ?, ?, ?, 'settled', ?, '[]', '[]', ?, ?, ?,
           ${cols.map(() => '?').join(', ')})`,
      )
      .run(
        iv.lastInsertRowid,
        b.visitId,
        b.patientId,
        b.billId,
        opts.setlId ?? s.setlId,
        s.mdtrtId,
        `MSG${s.setlId}${opts.setlId ?? ''}`,
        s.psnNo,
        info.clr_type,
        info.clr_way ?? '1',
        info.clr_optins,
        info.setl_time,
        info.setl_time.slice(0, 10),
        actor.userId,
        at,
        at,
        ...cols.map((c) => money[c]),
      );
    const id = Number(r.lastInsertRowid);
    for (const d of s.setldetail)
      raw
        .prepare(
          'INSERT INTO insurance_settlement_funds (settlement_id, fund_pay_type, fund_payamt_fen) VALUES (?, ?, ?)',
        )
        .run(id, d.fund_pay_type, toFen(d.fund_payamt, 'fund_payamt'));
    return { ...s, billId: b.billId, settlementId: id };
  }

  /** 2208 at the insurer, and the HIS's row marked cancelled as the settlement module does. */
  async function reverse(m: Made): Promise<string> {
    const r = await insurer.call(
      '2208',
      { data: { setl_id: m.setlId, mdtrt_id: m.mdtrtId, psn_no: m.psnNo } } as never,
      { actor, insuplcAdmdvs: AREA },
    );
    const info = (r.output as Json).setlinfo;
    raw
      .prepare(
        `UPDATE insurance_settlements SET state = 'cancelled', cancel_setl_id = ?, cancel_msgid = ?, cancel_time = ?,
           cancelled_at = ?, cancelled_by = ? WHERE id = ?`,
      )
      .run(info.setl_id, r.msgid, info.setl_time, clock.now(), actor.userId, m.settlementId);
    return info.setl_id as string;
  }

  /** The local dictionaries' matches to the insurer's codes (CATALOG's tables, as its review leaves them). */
  function matchWorld(name: string) {
    const t = clock.now();
    const bw = seedWorld(raw, t, { patientName: name });
    raw
      .prepare(`UPDATE visits SET diagnoses_json = ?, payer = 'cash' WHERE id = ?`)
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), bw.visitId);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    const match = (itemId: number, code: string, listType: string) => {
      raw
        .prepare(
          `INSERT OR IGNORE INTO insurer_catalog_items (list_type, med_list_codg, name, chrgitm_lv, lmt_used_flag,
             source_infno, version, updated_at) VALUES (?, ?, ?, '01', 0, '1301', '20250101001', ?)`,
        )
        .run(listType, code, code, t);
      raw
        .prepare(
          `INSERT INTO insurance_item_matches (catalog_item_id, med_list_codg, list_type, state, matched_at)
           VALUES (?, ?, ?, 'reviewed', ?)`,
        )
        .run(itemId, code, listType, t);
    };
    match(bw.drugId, 'X000001A0022693', '101');
    match(bw.serviceId, '002501010150000', '201');
    raw
      .prepare(
        'INSERT INTO insurance_department_codes (department_id, caty, caty_name, matched_at) VALUES (?, ?, ?, ?)',
      )
      .run(bw.clinicId, 'A03', '内科', t);
    raw
      .prepare('INSERT INTO insurance_staff_codes (staff_id, national_code, matched_at) VALUES (?, ?, ?)')
      .run(bw.doctorStaffId, `D33078200${String(++seq).padStart(4, '0')}`, t);
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J06.900', 'J06.900', '急性上呼吸道感染', ?)`,
      )
      .run(t);
    return bw;
  }

  async function settleAtDesk(person: Person, opts: { status?: number } = {}) {
    const bw = matchWorld(person.name);
    const t = clock.now();
    const o1 = signedOrder(raw, bw, t, [{ itemId: bw.drugId, quantity: 24 }]);
    const o2 = signedOrder(raw, bw, t, [{ itemId: bw.serviceId, quantity: 2 }], 'service');
    const c = cashier.client;
    const look = await c.post('/api/insurance/person', {
      certType: '02',
      certNo: person.certno,
      patientId: bw.patientId,
    });
    expect(look.status, JSON.stringify(look.body)).to.equal(200);
    const orderIds = [o1.orderId, o2.orderId];
    const p = await c.post('/api/insurance/settlement/prepare', { patientId: bw.patientId, orderIds });
    expect([p.status, p.body.status], JSON.stringify(p.body)).to.deep.equal([200, 'ready']);
    const cash = p.body.cashToCollectFen as number;
    const s = await c.post(
      '/api/insurance/settlement/settle',
      {
        patientId: bw.patientId,
        orderIds,
        chrgBchno: p.body.chrgBchno,
        payments: cash > 0 ? [{ method: 'cash', amountFen: cash }] : [],
      },
      { 'idempotency-key': `recon-settle-${process.pid}-${++seq}` },
    );
    expect(s.status, JSON.stringify(s.body)).to.equal(opts.status ?? 201);
    if (s.status !== 201) return { billId: 0, serviceLineId: 0, body: s.body as Json, patientId: bw.patientId };
    const line = raw
      .prepare('SELECT id FROM bill_lines WHERE bill_id = ? AND order_line_id = ?')
      .get(s.body.billId, o2.lineIds[0]) as { id: number };
    return { billId: s.body.billId as number, serviceLineId: line.id, body: s.body as Json, patientId: bw.patientId };
  }

  async function refundAtDesk(billId: number, lines: Array<{ billLineId: number; quantity: number }>) {
    const r = await cashier.client.post(
      `/api/insurance/settlement/bills/${billId}/refund`,
      { lines, reason: '检查未做' },
      { 'idempotency-key': `recon-refund-${process.pid}-${++seq}` },
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body as Json;
  }

  return {
    clock,
    sim,
    ts,
    raw,
    f,
    admin,
    settleAtInsurer,
    mirror,
    reverse,
    settleAtDesk,
    refundAtDesk,
    deskClient: () => cashier.client,
    async resumeDesk() {
      const r = await cashier.client.signIn(cashier.username, cashier.password);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
    },
    async stop() {
      await ts.stop();
      await sim.close();
    },
  };
}
