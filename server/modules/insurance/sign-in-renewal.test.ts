// The insurer loses the operator's sign-in (its restart: the simulator's state reset; a sign-in from
// elsewhere) while Jiceng keeps today's sign_no: over real HTTP against the simulator started with
// sign-in required, a 1101 look-up and the cashier's settlement steps succeed with exactly ONE extra
// 9001, the refused call resent once as a new outbox row pointing at it (retry_of); refused again →
// the user's error in words; the new 9001 failing → the error says so; an unknown outcome is never
// resent; a call another module prepared is not resent (the sign-in forgotten, the error says to
// submit again); the sign-in page status and the 9002 sign-out follow the renewed sign_no.
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { giveBook, seedWorld, signedOrder } from '../../../test/helpers/billing.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../../simulator/insurer/server.js';
import { createInsurer } from './index.js';

const WANG = '330782195603126270';
const LOST = '签到信息不存在,请重新签到';

type User = Awaited<ReturnType<typeof userViaApi>>;

describe('insurance adapter: the insurer lost the sign-in → sign in again and resend once', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let raw: SQLite.Database;
  let sim: InsurerSimulator;
  let admin: ApiClient;
  let desk: User;
  let simBase = '';

  const rows = () => raw.prepare('SELECT * FROM insurance_calls ORDER BY id').all() as Array<Record<string, any>>;
  const lastId = () => rows().at(-1)?.id ?? 0;
  const since = (id: number) => rows().filter((r) => r.id > id);
  const infnos = (id: number) => since(id).map((r) => r.infno);
  const person = () => desk.client.post('/api/insurance/person', { certType: '02', certNo: WANG });
  const simPost = async (path: string, body: unknown) => {
    const r = await fetch(`${simBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status, path).to.equal(200);
  };
  /** The insurer forgets every sign-in (its state reset over its test hook): Jiceng still keeps its sign_no. */
  const insurerRestarts = () => simPost('/__sim/reset', { data: true });
  const signIn = async () => (await desk.client.get('/api/insurance/sign-in')).body;
  const actorOf = async (u: User) => {
    const me = await ts.server.modules.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    return { userId: me.id, username: me.username, staffName: '测试', ip: null, workstationId: null };
  };

  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true, requireSignIn: true });
    simBase = sim.url.replace(/\/fsi\/api$/, '');
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    desk = await userViaApi(ts, admin, ['registrar']);
    giveBook(raw, desk.userId, 1, 9999, 'R');
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
      timeoutMs: 1500,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  });

  after(async () => {
    await ts.stop();
    await sim.close();
  });

  beforeEach(() => sim.reset());

  it('the insurer restarted: the 1101 look-up signs in again once and is resent as a new row; audited', async () => {
    expect((await person()).status).to.equal(200); // signed in (kept)
    const kept = (await signIn()).signNo as string;
    expect(kept).to.be.a('string');
    await insurerRestarts();
    const from = lastId();
    const r = await person();
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.person.name).to.equal('王建国');
    expect(infnos(from)).to.deep.equal(['1101', '9001', '1101']);
    const [refused, signInRow, resent] = since(from);
    expect(refused).to.include({ state: 'failed', infcode: -1, retry_of: null });
    expect(refused!.err_msg).to.contain('未签到');
    expect(JSON.parse(refused!.input_json).sign_no).to.equal(kept);
    expect(signInRow).to.include({ state: 'ok', ref_type: 'sign-in-renewal', ref_id: String(refused!.id) });
    expect(resent).to.include({ state: 'ok', retry_of: refused!.id });
    expect(resent!.msgid).to.not.equal(refused!.msgid);
    const fresh = JSON.parse(resent!.input_json).sign_no as string;
    expect(fresh).to.not.equal(kept);
    // the kept sign-in is the new one (the sign-in status the desk and the sign-out read)
    expect(await signIn()).to.include({ signedIn: true, signNo: fresh });
    expect(r.body.callId).to.equal(resent!.id);
    // the outbox list says which row resends which
    const list = await admin.get('/api/insurance/calls?limit=3');
    expect(list.body.items.map((c: any) => [c.infno, c.retryOf])).to.deep.equal([
      ['1101', refused!.id],
      ['9001', null],
      ['1101', null],
    ]);
    const lost = auditRows(ts, 'insurance.sign-in-lost')[0]!;
    expect(lost.summary).to.include({ signNo: kept, infno: '1101' });
    const renewed = auditRows(ts, 'insurance.sign-in-renewed')[0]!;
    expect(renewed).to.include({ outcome: 'ok' });
    expect(renewed.summary).to.include({
      oldSignNo: kept,
      signNo: fresh,
      signInCallId: signInRow!.id,
      refusedCallId: refused!.id,
    });
    // the next call uses the new sign_no at once: no more 9001
    const next = lastId();
    expect((await person()).status).to.equal(200);
    expect(infnos(next)).to.deep.equal(['1101']);
  });

  it('calls refused together share one new 9001; 9002 signs the renewed sign_no out at the insurer', async () => {
    expect((await person()).status).to.equal(200);
    await insurerRestarts();
    const from = lastId();
    const all = await Promise.all([person(), person(), person()]);
    expect(all.map((r) => r.status)).to.deep.equal([200, 200, 200]);
    expect(infnos(from).filter((x) => x === '9001')).to.have.length(1);
    expect(infnos(from).filter((x) => x === '1101')).to.have.length(6);
    const kept = (await signIn()).signNo as string;
    const out = await desk.client.post('/api/insurance/sign-out', {});
    expect(out.status, JSON.stringify(out.body)).to.equal(200);
    expect(out.body.signedOut).to.equal(1);
    const nineOOTwo = rows().at(-1)!;
    expect(nineOOTwo).to.include({ infno: '9002', state: 'ok' });
    expect(JSON.parse(nineOOTwo.input_json).input.signOut.sign_no).to.equal(kept);
    expect((await signIn()).signedIn).to.equal(false);
  });

  it('the cashier’s settlement steps (2201 … 2206, then 2207) after the insurer lost the sign-in', async () => {
    const t = Date.now();
    const w = seedWorld(raw, t, { patientName: '王建国' });
    raw
      .prepare(`UPDATE visits SET diagnoses_json = ?, payer = 'cash' WHERE id = ?`)
      .run(JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]), w.visitId);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurer_catalog_items (list_type, med_list_codg, name, chrgitm_lv, lmt_used_flag,
           source_infno, version, updated_at) VALUES ('101', 'X000001A0022693', '阿莫西林', '01', 0, '1301', '1', ?)`,
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
      .run(w.doctorStaffId, 'D330782009901', t);
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J06.900', 'J06.900', '急性上呼吸道感染', ?)`,
      )
      .run(t);
    const o1 = signedOrder(raw, w, t, [{ itemId: w.drugId, quantity: 24 }]);
    const look = await desk.client.post('/api/insurance/person', {
      certType: '02',
      certNo: WANG,
      patientId: w.patientId,
    });
    expect(look.status, JSON.stringify(look.body)).to.equal(200);
    await insurerRestarts(); // the visit is not registered yet: 2201 is the first call refused
    const from = lastId();
    const p = await desk.client.post('/api/insurance/settlement/prepare', {
      patientId: w.patientId,
      orderIds: [o1.orderId],
    });
    expect(p.status, JSON.stringify(p.body)).to.equal(200);
    expect(p.body.status).to.equal('ready');
    expect(infnos(from)).to.deep.equal(['2201', '9001', '2201', '2203', '2204', '2206']);
    const [refused, , resent] = since(from);
    expect(refused).to.include({ infno: '2201', state: 'failed' });
    expect(resent).to.include({ infno: '2201', state: 'ok', retry_of: refused!.id });
    // the insurer lost it again just before the settlement (a sign-in elsewhere): 2207 is prepared by the
    // settlement module (it holds its msgid), so it is NOT resent: refused, the sign-in forgotten, in words
    sim.store.run('UPDATE signins SET signout_time = ?', '2026-12-08 10:00:00');
    const cash = p.body.cashToCollectFen as number;
    const body = {
      patientId: w.patientId,
      orderIds: [o1.orderId],
      chrgBchno: p.body.chrgBchno,
      payments: cash > 0 ? [{ method: 'cash', amountFen: cash, tenderedFen: cash }] : [],
    };
    const before2207 = lastId();
    const s1 = await desk.client.post('/api/insurance/settlement/settle', body, { 'idempotency-key': 'renew-key-1' });
    expect(s1.status, JSON.stringify(s1.body)).to.equal(422);
    expect(s1.body.error.code).to.equal('insurer_error');
    expect(s1.body.error.message).to.match(/请再次提交|submit again/);
    expect(infnos(before2207)).to.deep.equal(['2207']);
    expect((await signIn()).signedIn).to.equal(false);
    // submitted again: signed in anew (one 9001), settled once
    const before2 = lastId();
    const s2 = await desk.client.post('/api/insurance/settlement/settle', body, { 'idempotency-key': 'renew-key-2' });
    expect(s2.status, JSON.stringify(s2.body)).to.equal(201);
    expect(infnos(before2).filter((x) => x !== '2206' && x !== '2203')).to.deep.equal(['9001', '2207']);
    const settled = raw
      .prepare('SELECT count(*) AS n FROM insurance_settlements WHERE bill_id = ?')
      .get(s2.body.billId);
    expect((settled as { n: number }).n).to.equal(1);
  });

  it('the resent call refused again: the user gets the insurer’s words; one 9001, no third try', async () => {
    expect((await person()).status).to.equal(200);
    sim.fault({ infno: '1101', mode: 'error', errMsg: LOST, times: 2 });
    const from = lastId();
    const r = await person();
    expect(r.status).to.equal(422);
    expect(r.body.error.code).to.equal('insurer_error');
    expect(r.body.error.message).to.contain(LOST);
    expect(infnos(from)).to.deep.equal(['1101', '9001', '1101']);
    const [first, , second] = since(from);
    expect(second).to.include({ state: 'failed', retry_of: first!.id });
    expect(r.body.error.details.callId).to.equal(second!.id);
  });

  it('the new 9001 fails too: the error says so in words; nothing resent; the next call signs in first', async () => {
    expect((await person()).status).to.equal(200);
    sim.fault({ infno: '1101', mode: 'error', errMsg: LOST });
    sim.fault({ infno: '9001', mode: 'error', errMsg: '医保中心系统繁忙' });
    const from = lastId();
    const r = await person();
    expect(r.status).to.equal(422);
    expect(r.body.error.message).to.contain(LOST).and.to.contain('系统繁忙');
    expect(r.body.error.message).to.match(/重新签到\(9001\)也未成功|signing in again \(9001\) failed too/);
    const en = await desk.client.post('/api/insurance/person', { certType: '02', certNo: WANG }, { 'x-lang': 'en' });
    expect(en.status).to.equal(200); // faults used up: 9001 first, then 1101
    expect(infnos(from)).to.deep.equal(['1101', '9001', '9001', '1101']);
    expect(since(from).every((c) => c.retry_of === null)).to.equal(true);
    expect(auditRows(ts, 'insurance.sign-in-renewed')[0]).to.include({ outcome: 'failed' });
  });

  it('an unknown outcome is never resent, and never renews the sign-in', async () => {
    expect((await person()).status).to.equal(200);
    const kept = (await signIn()).signNo;
    sim.fault({ infno: '1101', mode: 'timeout' });
    let from = lastId();
    const r = await person();
    expect(r.status).to.equal(504);
    expect(infnos(from)).to.deep.equal(['1101']);
    sim.fault({ infno: '1101', mode: 'settled-no-answer' });
    from = lastId();
    expect((await person()).status).to.equal(504);
    expect(infnos(from)).to.deep.equal(['1101']);
    // a transaction that changes something (2202): unknown, not resent
    const insurer = createInsurer(ts.server.modules);
    sim.fault({ infno: '2202', mode: 'timeout' });
    from = lastId();
    const o = await insurer.outboxCall(
      '2202',
      { data: { psn_no: 'P1', mdtrt_id: 'M1', ipt_otp_no: 'O1' } },
      { actor: await actorOf(desk) },
    );
    expect(o).to.include({ state: 'unknown', fault: 'timeout' });
    expect(infnos(from)).to.deep.equal(['2202']);
    expect((await signIn()).signNo).to.equal(kept);
  });

  it('an ordinary refusal is not resent; a given sign_no is not renewed', async () => {
    expect((await person()).status).to.equal(200);
    sim.fault({ infno: '1101', mode: 'error', errMsg: '参保人不存在' });
    let from = lastId();
    expect((await person()).status).to.equal(422);
    expect(infnos(from)).to.deep.equal(['1101']);
    const insurer = createInsurer(ts.server.modules);
    sim.fault({ infno: '1101', mode: 'error', errMsg: LOST });
    from = lastId();
    const o = await insurer.outboxCall(
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: WANG, card_sn: '', begntime: '', psn_cert_type: '01' } } as never,
      { actor: await actorOf(desk), signNo: 'GIVEN' },
    );
    expect(o).to.include({ state: 'failed' });
    expect(infnos(from)).to.deep.equal(['1101']);
  });
});
