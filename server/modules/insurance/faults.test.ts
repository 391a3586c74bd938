// The insurance adapter against a tiny local gateway that misbehaves on purpose: the outbox
// row committed before sending, error / timeout / unreachable / garbage answers, the signer's
// headers, the settings' validation and secrecy, permissions and the cross-site check.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';

type Mode = 'ok' | 'error' | 'hold' | 'garbage' | 'bad-envelope' | 'drop';

interface Seen {
  infno: string;
  msgid: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>;
  rowStateAtArrival: string | null;
}

describe('insurance adapter: the outbox and the gateway faults', () => {
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let cashier: Awaited<ReturnType<typeof userViaApi>>;
  let gw: http.Server;
  let gwUrl: string;
  let mode: Mode = 'ok';
  const seen: Seen[] = [];
  const held: http.ServerResponse[] = [];
  let version = 1;

  const answer = (msgid: string, output: unknown) => ({
    infcode: 0,
    inf_refmsgid: `440100${msgid.slice(12, 26)}0000000001`,
    refmsg_time: '20261208010000000',
    respond_time: '20261208010000001',
    err_msg: null,
    warn_msg: null,
    output,
  });

  const config = (over: Record<string, unknown> = {}) => ({
    version,
    enabled: true,
    gatewayUrl: gwUrl,
    fixmedinsCode: 'H44010600001',
    fixmedinsName: '青山镇卫生院',
    mdtrtareaAdmvs: '440106',
    insuplcAdmdvs: '440106',
    recerSysCode: 'HIS',
    infver: 'V1.0',
    devNo: '',
    signer: 'none',
    signerPaasid: '',
    timeoutMs: 1500,
    facilityLevel: 1,
    ...over,
  });

  const save = async (over: Record<string, unknown> = {}) => {
    const r = await admin.put('/api/insurance/config', config(over));
    if (r.status === 200) version = r.body.version;
    return r;
  };

  const calls = () => raw.prepare('SELECT * FROM insurance_calls ORDER BY id').all() as Array<Record<string, any>>;

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    cashier = await userViaApi(ts, admin, ['registrar']);
    gw = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const row = raw.prepare('SELECT state FROM insurance_calls WHERE msgid = ?').get(body.msgid) as
          | { state: string }
          | undefined;
        seen.push({
          infno: body.infno,
          msgid: body.msgid,
          headers: req.headers,
          body,
          rowStateAtArrival: row?.state ?? null,
        });
        if (mode === 'hold') return void held.push(res);
        if (mode === 'drop') return void req.socket.destroy();
        res.setHeader('content-type', 'application/json');
        if (mode === 'garbage') return void res.end('<html>502 Bad Gateway</html>');
        if (mode === 'bad-envelope') return void res.end(JSON.stringify({ code: 'OK', data: {} }));
        if (mode === 'error')
          return void res.end(JSON.stringify({ ...answer(body.msgid, null), infcode: -1, err_msg: '参保人不存在' }));
        if (body.infno === '9001')
          return void res.end(
            JSON.stringify(answer(body.msgid, { signinoutb: { sign_no: `SN${seen.length}`, sign_time: 'x' } })),
          );
        res.end(JSON.stringify(answer(body.msgid, { echo: body.infno })));
      });
    });
    await new Promise<void>((r) => gw.listen(0, '127.0.0.1', r));
    gwUrl = `http://127.0.0.1:${(gw.address() as AddressInfo).port}/fsi/api`;
  });

  after(async () => {
    for (const r of held) r.destroy();
    gw.closeAllConnections();
    await new Promise((r) => gw.close(r));
    await ts.stop();
  });

  beforeEach(() => {
    mode = 'ok';
  });

  it('a look-up before the interface is enabled is refused in words, and nothing is written', async () => {
    const r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('insurer_disabled');
    expect(calls()).to.have.length(0);
  });

  it('refuses bad settings naming the field, and keeps the secret secret', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ gatewayUrl: 'ftp://x/fsi' }, 'gatewayUrl'],
      [{ gatewayUrl: 'not a url' }, 'gatewayUrl'],
      [{ fixmedinsCode: 'H4401' }, 'fixmedinsCode'],
      [{ mdtrtareaAdmvs: '44010' }, 'mdtrtareaAdmvs'],
      [{ insuplcAdmdvs: '44010x' }, 'insuplcAdmdvs'],
      [{ recerSysCode: '' }, 'recerSysCode'],
      [{ timeoutMs: 10 }, 'timeoutMs'],
      [{ signer: 'md5' }, 'signer'],
      [{ signer: 'sha256-header', signerPaasid: 'p1' }, 'signerSecret'],
      [{ signer: 'sha256-header', signerSecret: 's' }, 'signerPaasid'],
      [{ version: 99 }, 'version'],
    ];
    const before = JSON.stringify(raw.prepare('SELECT * FROM insurance_config').all());
    for (const [over, field] of bad) {
      const r = await save(over);
      expect(r.status, JSON.stringify(over)).to.be.oneOf([409, 422]);
      expect(r.body.error.field, JSON.stringify(over)).to.equal(field);
    }
    expect(JSON.stringify(raw.prepare('SELECT * FROM insurance_config').all())).to.equal(before);

    const ok = await save({ signer: 'sha256-header', signerPaasid: 'paas-1', signerSecret: 'top-secret-1' });
    expect(ok.status).to.equal(200);
    expect(JSON.stringify(ok.body)).not.to.contain('top-secret-1');
    expect(ok.body.signerSecretSet).to.equal(true);
    const got = await admin.get('/api/insurance/config');
    expect(JSON.stringify(got.body)).not.to.contain('top-secret-1');
    // A blank secret keeps the stored one.
    expect((await save({ signer: 'sha256-header', signerPaasid: 'paas-1', signerSecret: '' })).status).to.equal(200);
    expect(raw.prepare('SELECT signer_secret FROM insurance_config').get()).to.deep.equal({
      signer_secret: 'top-secret-1',
    });
    const audit = auditRows(ts, 'insurance.config');
    expect(audit.length).to.be.greaterThan(0);
    expect(JSON.stringify(audit)).not.to.contain('top-secret-1');
  });

  it('only the permitted roles reach the routes; a foreign Origin is refused', async () => {
    expect((await cashier.client.get('/api/insurance/config')).status).to.equal(403);
    expect((await cashier.client.put('/api/insurance/config', config())).status).to.equal(403);
    expect((await cashier.client.post('/api/insurance/config/test', {})).status).to.equal(403);
    const doctor = await userViaApi(ts, admin, ['doctor']);
    expect((await doctor.client.post('/api/insurance/person', { certType: '02', certNo: 'X' })).status).to.equal(403);
    expect((await doctor.client.get('/api/insurance/calls')).status).to.equal(403);
    const r = await admin.put('/api/insurance/config', config(), { origin: 'http://evil.example' });
    expect(r.status).to.equal(403);
    expect(r.body.error.code).to.equal('cross_origin');
  });

  it('test connection signs in (9001) with the signer headers and says so', async () => {
    const r = await admin.post('/api/insurance/config/test', {});
    expect(r.status).to.equal(200);
    expect(r.body.ok, JSON.stringify(r.body)).to.equal(true);
    expect(r.body.message).to.match(/Connected/);
    const s = seen.at(-1)!;
    expect(s.infno).to.equal('9001');
    expect(s.msgid).to.match(/^H44010600001\d{14}\d{4}$/);
    expect(s.body.fixmedins_code).to.equal('H44010600001');
    expect(s.body.inf_time).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const h = s.headers;
    expect(h['x-tif-paasid']).to.equal('paas-1');
    const crypto = await import('node:crypto');
    const ts0 = String(h['x-tif-timestamp']);
    const expected = crypto
      .createHash('sha256')
      .update(ts0 + 'top-secret-1' + String(h['x-tif-nonce']) + ts0)
      .digest('hex');
    expect(h['x-tif-signature']).to.equal(expected);
    expect((await save({ signer: 'none' })).status).to.equal(200);
  });

  it('the outbox row is committed before the request reaches the insurer; signs in once a day', async () => {
    const r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    // the echo output is not a 1101 answer: refused naming the field, nothing kept
    expect(r.status).to.equal(502);
    expect(r.body.error.code).to.equal('insurer_bad_answer');
    expect(r.body.error.field).to.equal('baseinfo');
    expect(raw.prepare('SELECT count(*) n FROM insurance_person_lookups').get()).to.deep.equal({ n: 0 });
    const mine = seen.filter((s) => s.body.opter === cashier.username);
    expect(mine.map((s) => s.infno)).to.deep.equal(['9001', '1101']);
    expect(mine.every((s) => s.rowStateAtArrival === 'pending')).to.equal(true);
    expect(mine[0]!.body.sign_no).to.equal('');
    expect(mine[1]!.body.sign_no).to.match(/^SN\d+$/);
    // a second call of the day does not sign in again
    await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(seen.filter((s) => s.body.opter === cashier.username).map((s) => s.infno)).to.deep.equal([
      '9001',
      '1101',
      '1101',
    ]);
    const signIns = raw.prepare('SELECT * FROM insurance_sign_ins WHERE user_id = ?').all(cashier.userId);
    expect(signIns).to.have.length(1);
    const st = await cashier.client.get('/api/insurance/sign-in');
    expect(st.body.signedIn).to.equal(true);
  });

  it('an error answer is failed with the insurer’s words; audited with the ID number masked', async () => {
    mode = 'error';
    const r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(r.status).to.equal(422);
    expect(r.body.error.code).to.equal('insurer_error');
    expect(r.body.error.message).to.contain('参保人不存在');
    const last = calls().at(-1)!;
    expect(last.state).to.equal('failed');
    expect(last.infcode).to.equal(-1);
    expect(last.err_msg).to.equal('参保人不存在');
    const a = auditRows(ts, 'insurance.call', last.id)[0]!;
    expect(a.outcome).to.equal('failed');
    expect(JSON.stringify(a.summary)).not.to.contain('110101199003070011');
    expect(JSON.stringify(a.summary)).to.contain('1101************11');
  });

  it('a timeout leaves the call unknown (never resent), named with its call id', async () => {
    mode = 'hold';
    const n = seen.length;
    const started = Date.now();
    const r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(r.status).to.equal(504);
    expect(r.body.error.code).to.equal('insurer_timeout');
    const last = calls().at(-1)!;
    expect(last.state).to.equal('unknown');
    expect(r.body.error.details.callId).to.equal(last.id);
    expect(seen.length).to.equal(n + 1);
    const list = await admin.get('/api/insurance/calls?state=unknown');
    expect(list.status).to.equal(200);
    expect(list.body.items.map((c: { id: number }) => c.id)).to.include(last.id);
    expect(list.body.items.find((c: { id: number }) => c.id === last.id).resolution).to.equal('no-effect');
    expect(list.body.unknownCalls).to.equal(0);
  });

  it('a connection dropped after sending is unknown; garbage and a bad envelope are unknown bad answers', async () => {
    mode = 'drop';
    let r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(r.body.error.code).to.equal('insurer_timeout');
    expect(calls().at(-1)!.state).to.equal('unknown');
    mode = 'garbage';
    r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(r.status).to.equal(502);
    expect(r.body.error.code).to.equal('insurer_bad_answer');
    expect(calls().at(-1)!.state).to.equal('unknown');
    mode = 'bad-envelope';
    r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(r.body.error.code).to.equal('insurer_bad_answer');
    expect(calls().at(-1)!.state).to.equal('unknown');
  });

  it('an unreachable gateway is failed (nothing reached the insurer), said in words', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await save({ gatewayUrl: `http://127.0.0.1:${port}/fsi/api` })).status).to.equal(200);
    const r = await cashier.client.post('/api/insurance/person', { certType: '02', certNo: '110101199003070011' });
    expect(r.status).to.equal(502);
    expect(r.body.error.code).to.equal('insurer_unreachable');
    expect(calls().at(-1)!.state).to.equal('failed');
    const t = await admin.post('/api/insurance/config/test', {});
    expect(t.body.ok).to.equal(false);
    expect(t.body.code).to.equal('insurer_unreachable');
    expect((await save()).status).to.equal(200);
  });

  it('bad look-up input is refused naming the field, nothing sent', async () => {
    const n = seen.length;
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ certType: '04', certNo: '1' }, 'certType'],
      [{ certType: '02' }, 'certNo'],
      [{ certType: '02', certNo: '1 OR 1=1' }, 'certNo'],
      [{ certType: '03', certNo: 'A1234' }, 'cardSn'],
      [{ certType: '02', certNo: '1', patientId: 999999 }, 'patientId'],
      [{ certType: '02', certNo: '1', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of bad) {
      const r = await cashier.client.post('/api/insurance/person', body);
      expect(r.status, JSON.stringify(body)).to.be.oneOf([404, 422]);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    expect(seen.length).to.equal(n);
  });

  it('configureInsurance (for the demo seed) points the adapter at a gateway, audited, the secret kept', async () => {
    const { configureInsurance } = await import('./index.js');
    const who = { userId: null, username: 'demo-seed', ip: null, workstationId: null };
    await ts.server.modules.uow.write((tx) =>
      configureInsurance(tx, who, {
        enabled: true,
        gatewayUrl: 'http://127.0.0.1:8091/fsi/api',
        fixmedinsCode: 'H33078200001',
        fixmedinsName: '青山镇卫生院',
        mdtrtareaAdmvs: '330782',
        insuplcAdmdvs: '330782',
        recerSysCode: 'ZJYB',
      }),
    );
    const got = (await admin.get('/api/insurance/config')).body;
    expect(got).to.include({
      enabled: true,
      gatewayUrl: 'http://127.0.0.1:8091/fsi/api',
      fixmedinsCode: 'H33078200001',
    });
    version = got.version;
    expect(JSON.stringify(auditRows(ts, 'insurance.config')[0])).not.to.contain('top-secret-1');
    expect((await save()).status).to.equal(200);
  });

  it('a call prepared in a transaction that rolled back is never sent; a prepared call is sent once', async () => {
    const { createInsurer } = await import('./index.js');
    const insurer = createInsurer(ts.server.modules);
    const actor = {
      userId: cashier.userId,
      username: cashier.username,
      staffName: '测试',
      ip: null,
      workstationId: null,
    };
    const signNo = await insurer.ensureSignedIn(actor);
    const n = seen.length;
    let callId = 0;
    try {
      await ts.server.modules.uow.write(async (tx) => {
        callId = (
          await insurer.prepareCall(
            tx,
            '2202',
            { data: { psn_no: 'P', mdtrt_id: 'M', ipt_otp_no: 'O' } },
            {
              actor,
              signNo,
            },
          )
        ).callId;
        throw new Error('rolled back');
      });
    } catch {
      /* the caller's write failed */
    }
    let refused: unknown;
    try {
      await insurer.sendPrepared(callId, { actor });
    } catch (e) {
      refused = e;
    }
    expect((refused as { code?: string }).code).to.equal('insurer_call_not_sendable');
    expect(seen.length).to.equal(n);
    const ok = await ts.server.modules.uow.write((tx) =>
      insurer.prepareCall(tx, '2202', { data: { psn_no: 'P', mdtrt_id: 'M', ipt_otp_no: 'O' } }, { actor, signNo }),
    );
    expect((await insurer.sendPrepared(ok.callId, { actor })).state).to.equal('ok');
    let twice: unknown;
    try {
      await insurer.sendPrepared(ok.callId, { actor });
    } catch (e) {
      twice = e;
    }
    expect((twice as { code?: string }).code).to.equal('insurer_call_not_sendable');
    expect(seen.length).to.equal(n + 1);
  });

  it('a restart turns calls left pending into unknown ones', async () => {
    raw
      .prepare(
        'INSERT INTO insurance_calls (msgid, infno, input_json, state, created_at) ' +
          "VALUES ('X1', '2207', '{}', 'pending', 1)",
      )
      .run();
    const { default: mod } = await import('./module.js');
    const { createInsuranceService } = await import('./service.js');
    const svc = createInsuranceService(ts.server.modules);
    expect(mod.name).to.equal('insurance');
    expect(await svc.recoverPending()).to.be.greaterThan(0);
    expect(raw.prepare("SELECT state FROM insurance_calls WHERE msgid = 'X1'").get()).to.deep.equal({
      state: 'unknown',
    });
  });
});
