// The insurance adapter against the insurer simulator over real HTTP: test connection (9001),
// one sign-in per operator and day, 1101 by each credential type (e-voucher, ID number, card),
// a suspended insutype refused, the last look-up kept for the settlement, the simulator's faults
// (slow: the outbox row exists while it holds the request; timeout; error; settled-no-answer),
// 9101/9102 files, 9002 sign-out, and the commands other modules use.
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { userViaApi } from '../../../test/helpers/admin.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../../simulator/insurer/server.js';
import { callById, createInsurer, lastPersonInfo, unknownCalls, markResolved } from './index.js';

const WANG = { certno: '330782195603126270', card: 'QS8000123701', ecert: 'ECT3307820000000000000104729' };
const YANG = '330782198007097577'; // 职工, account balance 3260.50
const ZHOU = '330782197509038345'; // 390 suspended (暂停参保)

describe('insurance adapter against the insurer simulator', () => {
  let ts: TestServer;
  let raw: SQLite.Database;
  let sim: InsurerSimulator;
  let admin: ApiClient;
  let desk: Awaited<ReturnType<typeof userViaApi>>;
  let wangPatientId: number;

  const calls = () => raw.prepare('SELECT * FROM insurance_calls ORDER BY id').all() as Array<Record<string, any>>;
  const person = (body: Record<string, unknown>) => desk.client.post('/api/insurance/person', body);

  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true, requireSignIn: true });
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    desk = await userViaApi(ts, admin, ['registrar']);
    const now = Date.now();
    wangPatientId = Number(
      raw
        .prepare(
          `INSERT INTO patients (mrn, name, sex, birth_date, id_number, pinyin_initials, pinyin_full, created_at,
             updated_at) VALUES ('M900001', '王建国', 'M', '1956-03-12', ?, 'wjg', 'wangjianguo', ?, ?)`,
        )
        .run(WANG.certno, now, now).lastInsertRowid,
    );
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
      timeoutMs: 2000,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  });

  after(async () => {
    await ts.stop();
    await sim.close();
  });

  beforeEach(() => sim.reset());

  it('test connection signs the administrator in and says so', async () => {
    const r = await admin.post('/api/insurance/config/test', {});
    expect(r.body.ok, JSON.stringify(r.body)).to.equal(true);
    expect(r.body.signNo).to.be.a('string').and.not.equal('');
    expect(sim.calls.map((c) => c.infno)).to.deep.equal(['9001']);
  });

  it('1101 by ID number (02): the person, insutype and the patient found by ID number; one 9001 a day', async () => {
    const r = await person({ certType: '02', certNo: WANG.certno });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.person.name).to.equal('王建国');
    expect(r.body.person.insurances[0]).to.include({ insutype: '390', suspended: false, balcFen: 0 });
    expect(r.body.patientId).to.equal(wangPatientId);
    expect(r.body.insutype).to.equal('390'); // the only usable one is chosen
    const again = await person({ certType: '02', certNo: WANG.certno });
    expect(again.status).to.equal(200);
    expect(sim.calls.map((c) => c.infno)).to.deep.equal(['9001', '1101', '1101']);
    const last = await lastPersonInfo(ts.server.modules.db, wangPatientId);
    expect(last?.lookupId).to.equal(again.body.lookupId);
    expect(last?.person.psnNo).to.equal(r.body.person.psnNo);
  });

  it('1101 by social security card (03) and e-voucher (01); money in fen', async () => {
    const card = await person({ certType: '03', certNo: WANG.card, cardSn: '330782D1560000051A2B3C4D5E6F1F3D' });
    expect(card.status, JSON.stringify(card.body)).to.equal(200);
    expect(card.body.person.certno).to.equal(WANG.certno);
    expect(card.body.certType).to.equal('03');
    const voucher = await person({ certType: '01', certNo: WANG.ecert });
    expect(voucher.status, JSON.stringify(voucher.body)).to.equal(200);
    expect(voucher.body.person.name).to.equal('王建国');
    const yang = await person({ certType: '02', certNo: YANG });
    expect(yang.body.person.insurances[0]).to.include({ insutype: '310', balcFen: 326050 });
    expect(yang.body.patientId).to.equal(null);
  });

  it('a suspended insutype is shown as such and refused when chosen; a usable one is kept', async () => {
    const z = await person({ certType: '02', certNo: ZHOU });
    expect(z.status).to.equal(200);
    expect(z.body.person.insurances[0]).to.include({ insutype: '390', suspended: true, status: '2' });
    expect(z.body.insutype).to.equal(null);
    const refused = await desk.client.post('/api/insurance/person/choose', {
      lookupId: z.body.lookupId,
      insutype: '390',
    });
    expect(refused.status).to.equal(422);
    expect(refused.body.error.field).to.equal('insutype');
    const unknownType = await desk.client.post('/api/insurance/person/choose', {
      lookupId: z.body.lookupId,
      insutype: '310',
    });
    expect(unknownType.status).to.equal(422);
    const w = await person({ certType: '02', certNo: WANG.certno });
    const ok = await desk.client.post('/api/insurance/person/choose', {
      lookupId: w.body.lookupId,
      insutype: '390',
      patientId: wangPatientId,
    });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ insutype: '390', patientId: wangPatientId });
  });

  it('a look-up is tied only to the patient it is: another person’s insurance is refused on patientId', async () => {
    const now = Date.now();
    const other = Number(
      raw
        .prepare(
          `INSERT INTO patients (mrn, name, sex, birth_date, id_number, pinyin_initials, pinyin_full, created_at,
             updated_at) VALUES ('M900002', '陈静', 'F', '1980-07-09', '110101198007090026', 'cj', 'chenjing', ?, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    const lookups = () => (raw.prepare('SELECT count(*) AS n FROM insurance_person_lookups').get() as { n: number }).n;
    const before = lookups();
    const r = await person({ certType: '02', certNo: WANG.certno, patientId: other });
    expect(r.status, JSON.stringify(r.body)).to.equal(422);
    expect(r.body.error.field).to.equal('patientId');
    expect(r.body.error.message).to.match(/is not this patient|不是该患者本人/);
    expect(r.body.error.message).to.not.include(WANG.certno); // masked
    expect(lookups()).to.equal(before);
    // choosing a look-up of 王建国 for 陈静 is refused too; for 王建国 himself it is kept
    const w = await person({ certType: '02', certNo: WANG.certno });
    const wrong = await desk.client.post('/api/insurance/person/choose', {
      lookupId: w.body.lookupId,
      insutype: '390',
      patientId: other,
    });
    expect(wrong.status).to.equal(422);
    expect(wrong.body.error.field).to.equal('patientId');
    expect(await lastPersonInfo(ts.server.modules.db, other)).to.equal(null);
  });

  it('an unknown person: the insurer’s words, call failed', async () => {
    const r = await person({ certType: '02', certNo: '110101199003070011' });
    expect(r.status).to.equal(422);
    expect(r.body.error.code).to.equal('insurer_error');
    expect(calls().at(-1)!.state).to.equal('failed');
  });

  it('slow: the outbox row is committed (pending) while the simulator holds the request', async () => {
    await person({ certType: '02', certNo: WANG.certno }); // signed in
    sim.fault({ infno: '1101', mode: 'slow', delayMs: 800 });
    const before = calls().length;
    const pending = person({ certType: '02', certNo: WANG.certno });
    let seen: Record<string, any> | undefined;
    for (let i = 0; i < 60 && !seen; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = calls()
        .slice(before)
        .find((c) => c.infno === '1101');
    }
    expect(seen?.state).to.equal('pending');
    expect(JSON.parse(seen!.input_json).input.data.mdtrt_cert_no).to.equal(WANG.certno);
    const r = await pending;
    expect(r.status).to.equal(200);
    expect(calls().find((c) => c.id === seen!.id)!.state).to.equal('ok');
  });

  it('timeout → unknown with the call id; error → failed; settled-no-answer → unknown', async () => {
    await person({ certType: '02', certNo: WANG.certno });
    sim.fault({ infno: '1101', mode: 'timeout' });
    let r = await person({ certType: '02', certNo: WANG.certno });
    expect(r.status).to.equal(504);
    expect(r.body.error.code).to.equal('insurer_timeout');
    const id = r.body.error.details.callId as number;
    expect((await callById(ts.server.modules.db, id))?.state).to.equal('unknown');
    sim.fault({ infno: '1101', mode: 'error', errMsg: '医保中心系统繁忙' });
    r = await person({ certType: '02', certNo: WANG.certno });
    expect(r.body.error.code).to.equal('insurer_error');
    expect(r.body.error.message).to.contain('医保中心系统繁忙');
    sim.fault({ infno: '1101', mode: 'settled-no-answer' });
    r = await person({ certType: '02', certNo: WANG.certno });
    expect(r.body.error.code).to.equal('insurer_timeout');
    // A query whose answer was lost changed nothing: resolved at once ('no-effect'), it blocks nobody.
    expect((await callById(ts.server.modules.db, id))?.resolution).to.equal('no-effect');
    expect((await unknownCalls(ts.server.modules.db)).map((c) => c.id)).not.to.include(id);
    // A transaction that changes something (2202 here) stays unknown until resolved.
    const insurer = createInsurer(ts.server.modules);
    const me = await ts.server.modules.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('id', '=', desk.userId)
      .executeTakeFirstOrThrow();
    const actor = { userId: me.id, username: me.username, staffName: '测试', ip: null, workstationId: null };
    sim.fault({ infno: '2202', mode: 'timeout' });
    const o = await insurer.outboxCall(
      '2202',
      { data: { psn_no: 'P1', mdtrt_id: 'M1', ipt_otp_no: 'O1' } },
      { actor, patientId: wangPatientId },
    );
    expect(o).to.include({ state: 'unknown', fault: 'timeout' });
    const open = await unknownCalls(ts.server.modules.db, { patientId: wangPatientId });
    expect(open.map((c) => c.id)).to.deep.equal([o.callId]);
    await ts.server.modules.uow.write((tx) => markResolved(tx, o.callId, '5203-not-found'));
    expect(await unknownCalls(ts.server.modules.db, { patientId: wangPatientId })).to.deep.equal([]);
    let again: unknown;
    try {
      await ts.server.modules.uow.write((tx) => markResolved(tx, o.callId, 'twice'));
    } catch (e) {
      again = e;
    }
    expect((again as { code?: string }).code).to.equal('insurance_call_resolved');
  });

  it('9101 uploads a file and 9102 downloads it byte for byte; 9002 signs out', async () => {
    const insurer = createInsurer(ts.server.modules);
    const me = await ts.server.modules.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('id', '=', desk.userId)
      .executeTakeFirstOrThrow();
    const actor = { userId: me.id, username: me.username, staffName: '测试', ip: null, workstationId: null };
    const bytes = new Uint8Array([80, 75, 3, 4, 1, 2, 3, 250, 0, 9]);
    const up = await insurer.upload9101({ bytes, filename: 'x.zip' }, { actor });
    expect(up.fileQuryNo).to.be.a('string').and.not.equal('');
    const stored = await callById(ts.server.modules.db, up.callId);
    expect(JSON.stringify(stored?.envelope)).to.match(/<10 bytes sha256 [0-9a-f]{64}>/);
    const down = await insurer.download9102(
      { file_qury_no: up.fileQuryNo, filename: up.filename, fixmedins_code: 'H33078200001' },
      { actor },
    );
    expect([...down.bytes]).to.deep.equal([...bytes]);
    const out = await desk.client.post('/api/insurance/sign-out', {});
    expect(out.status).to.equal(200);
    expect(out.body.signedOut).to.equal(1);
    expect((await desk.client.get('/api/insurance/sign-in')).body.signedIn).to.equal(false);
    const again = await desk.client.post('/api/insurance/sign-in', {});
    expect(again.status).to.equal(200);
    expect(again.body.signedIn).to.equal(true);
    expect(sim.calls.at(-1)?.infno).to.equal('9001');
    // Day end: a sign-in of an earlier day still open is signed out by the job's command.
    raw.prepare("UPDATE insurance_sign_ins SET business_day = '2000-01-01' WHERE user_id = ?").run(desk.userId);
    expect(await insurer.signOutStale()).to.deep.equal({ signedOut: 1, failed: 0 });
    expect(sim.calls.at(-1)).to.include({ infno: '9002', infcode: 0 });
    expect(await insurer.signOutStale()).to.deep.equal({ signedOut: 0, failed: 0 });
  });
});
