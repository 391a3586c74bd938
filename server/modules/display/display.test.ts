import { expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import { auditRows } from '../../../test/helpers/admin.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import { giveLookup } from '../../../test/helpers/insurance-lookup.js';
import { ApiClient, ManualClock, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { Collector, connected, settle, subscribe } from '../../../test/realtime/socket-helpers.js';
import { callText, spokenCall } from '../../../core/contract.js';
import { fixWavSizes, isCallText } from './speech.js';

function displaySocket(url: string, displayToken: unknown): Socket {
  return io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { displayToken } });
}

describe('waiting-room displays (候诊大屏)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let display: { id: number; token: string; url: string };
  const tv = (token: string) => ({ 'x-display-token': token });
  const sockets: Socket[] = [];

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await ts.stop();
  });

  it('creates a display and shows its token once (stored hashed), audited', async () => {
    const r = await admin.post('/api/displays', { name: '一楼候诊区', departmentIds: [w.clinicA, w.clinicB] });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.token).to.match(/^[A-Za-z0-9_-]{32}$/);
    expect(r.body.url).to.equal(`/display/${r.body.token}`);
    expect(r.body.display).to.include({ name: '一楼候诊区', active: true });
    expect(r.body.display.departmentIds).to.deep.equal([w.clinicA, w.clinicB]);
    display = { id: r.body.display.id, token: r.body.token, url: r.body.url };
    const stored = ts.server.open.raw.prepare('SELECT token_hash FROM displays WHERE id = ?').get(display.id) as {
      token_hash: string;
    };
    expect(stored.token_hash).to.have.length(64).and.not.include(display.token);
    const list = await admin.get('/api/displays');
    expect(JSON.stringify(list.body)).to.not.include(display.token);
    const [a] = auditRows(ts, 'display.create', display.id);
    expect(JSON.stringify(a)).to.not.include(display.token);
  });

  it('refuses bad display input and users without display.manage / admin.departments', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: '', departmentIds: [w.clinicA] }, 422, 'name'],
      [{ name: 'x', departmentIds: [] }, 422, 'departmentIds'],
      [{ name: 'x', departmentIds: [w.ward] }, 422, 'departmentIds.0'],
      [{ name: 'x', departmentIds: [999999] }, 404, 'departmentIds.0'],
      [{ name: 'x', departmentIds: [w.clinicA, w.clinicA] }, 422, 'departmentIds'],
      [{ name: 'x', departmentIds: [w.clinicA], token: 'mine' }, 422, 'token'],
    ];
    for (const [body, status, field] of cases) {
      const r = await admin.post('/api/displays', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field).to.equal(field);
    }
    const doc = await w.doctor1.client.post('/api/displays', { name: 'x', departmentIds: [w.clinicA] });
    expect(doc.status).to.equal(403);
    expect((await admin.get('/api/displays')).body.items).to.have.length(1);
  });

  it('the TV reads its state with the token only: bad or missing tokens are 401', async () => {
    const anon = new ApiClient(ts.url);
    for (const h of [{}, tv('x'), tv('A'.repeat(32))]) {
      const r = await anon.request('GET', '/api/display/state', undefined, h);
      expect(r.status).to.equal(401);
      expect(r.body.error.code).to.equal('bad_display_token');
    }
    const ok = await anon.request('GET', '/api/display/state', undefined, tv(display.token));
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.display).to.deep.equal({ id: display.id, name: '一楼候诊区' });
    expect(ok.body.clinics.map((c: any) => c.departmentId)).to.deep.equal([w.clinicA, w.clinicB]);
    expect(ok.body.clinics[0]).to.include({ waiting: 0, room: '2' });
    expect(ok.body.lastSeq).to.be.a('number');
    // The test clock is 2026-11-26 09:00 in Shanghai: the board clears at 16:00 UTC.
    expect(ok.body.day).to.equal('2026-11-26');
    expect(ok.body.dayEndsAt).to.equal(Date.UTC(2026, 10, 26, 16, 0, 0));
  });

  it('a socket with the display token joins only its own room and gets calls live, with masked names', async () => {
    const s = displaySocket(ts.url, display.token);
    sockets.push(s);
    await connected(s);
    const col = new Collector().attach(s);
    const sub = await subscribe(
      s,
      [`display:${display.id}`, `dept:${w.clinicA}`, 'registration', `display:${display.id + 1}`, `user:1`],
      null,
    );
    expect(sub.ok).to.equal(true);
    if (!sub.ok) return;
    expect(sub.joined).to.deep.equal([`display:${display.id}`]);
    expect(sub.denied).to.have.members([`dept:${w.clinicA}`, 'registration', `display:${display.id + 1}`, 'user:1']);

    const p = await insertPatient(ts, '张三丰');
    const reg = await w.registrar.client.post(
      '/api/registrations',
      {
        patientId: p,
        departmentId: w.clinicA,
        payer: 'insured',
        insuranceLookupId: giveLookup(ts.server.open.raw, p, { at: ts.clock.now() }),
        waiveFee: true,
      },
      idem(),
    );
    expect(reg.status).to.equal(201);
    // A registration desk event (registration:created) is not for the TV; the queue change is.
    const call = await w.doctor1.client.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(call.status).to.equal(200);
    await col.until(() => col.applied.some((e) => e.name === 'queue:ticket-called'), 'the call on the display');
    const ev = col.applied.find((e) => e.name === 'queue:ticket-called')!;
    expect(ev.payload).to.include({ label: reg.body.queueLabel, maskedName: '张*丰', room: '2' });
    await settle(s);
    expect(col.applied.map((e) => e.name)).to.not.include('registration:created');
    expect(JSON.stringify(col.applied)).to.not.include('张三丰');

    const state = await new ApiClient(ts.url).request('GET', '/api/display/state', undefined, tv(display.token));
    const a = state.body.clinics[0];
    expect(a.calling).to.have.length(1);
    expect(a.calling[0]).to.include({
      label: reg.body.queueLabel,
      maskedName: '张*丰',
      room: '2',
      callCount: 1,
      text: `请 ${reg.body.queueLabel} 号 张*丰 到 2 诊室 就诊`,
    });
    expect(JSON.stringify(state.body)).to.not.include('张三丰');
  });

  it('a socket with a bad display token is refused', async () => {
    for (const token of ['nope', 'B'.repeat(32), 42]) {
      const s = displaySocket(ts.url, token);
      try {
        await connected(s);
        expect.fail('connected with a bad token');
      } catch (e) {
        expect((e as Error).message).to.equal('unauthorized');
      } finally {
        s.close();
      }
    }
  });

  it('catches up with since after a gap (events replayed only for its room)', async () => {
    const state = await new ApiClient(ts.url).request('GET', '/api/display/state', undefined, tv(display.token));
    const since = state.body.lastSeq;
    const p = await insertPatient(ts, '李小龙');
    await w.registrar.client.post(
      '/api/registrations',
      { patientId: p, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    await w.doctor1.client.post('/api/queue/call-next', { departmentId: w.clinicB });
    const s = displaySocket(ts.url, display.token);
    sockets.push(s);
    await connected(s);
    const col = new Collector().attach(s);
    const sub = await subscribe(s, [`display:${display.id}`], since);
    expect(sub.ok && sub.replayed).to.equal(2); // queue:changed (waiting) and queue:ticket-called
    await col.until(() => col.applied.length === 2, 'the replay');
    expect(col.applied.map((e) => e.name)).to.deep.equal(['queue:changed', 'queue:ticket-called']);
  });

  it('speaks the call template as WAV and refuses other text', async () => {
    const tvc = new ApiClient(ts.url);
    const text = callText('A012', '张*三', '2', '内科');
    expect(text).to.equal('请 A012 号 张*三 到 2 诊室 就诊');
    expect(isCallText(text)).to.equal(true);
    expect(spokenCall(text)).to.equal('请 A 零一二 号 张某三 到 2 诊室 就诊');
    const res = await fetch(`${ts.url}/api/display/speech?text=${encodeURIComponent(text)}`, {
      headers: tv(display.token),
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('audio/wav');
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString('ascii', 0, 4)).to.equal('RIFF');
    expect(wav.toString('ascii', 8, 12)).to.equal('WAVE');
    expect(wav.readUInt32LE(4)).to.equal(wav.length - 8);
    expect(wav.length).to.be.greaterThan(10_000);
    for (const bad of [
      '你好',
      '请 A012 号 张三 到 2 诊室 就诊',
      '请 A012 号 张*三 到 2 诊室 就诊;rm -rf /',
      'x'.repeat(65),
    ]) {
      const r = await tvc.request(
        'GET',
        `/api/display/speech?text=${encodeURIComponent(bad)}`,
        undefined,
        tv(display.token),
      );
      expect(r.status, bad).to.equal(422);
      expect(r.body.error.field).to.equal('text');
    }
    const noToken = await tvc.get(`/api/display/speech?text=${encodeURIComponent(text)}`);
    expect(noToken.status).to.equal(401);
    // The token is checked before the text: nothing about the template is told to strangers.
    expect((await tvc.get('/api/display/speech?text=hello')).status).to.equal(401);
    expect((await tvc.get('/api/display/speech')).status).to.equal(401);
    expect(() => fixWavSizes(Buffer.from('not a wav at all, really not a wav at all....'))).to.throw();
  });

  it('updates with version; regenerating the token revokes the old URL and cuts its sockets', async () => {
    const cur = (await admin.get('/api/displays')).body.items[0];
    const stale = await admin.put(`/api/displays/${display.id}`, {
      name: '二楼',
      departmentIds: [w.clinicA],
      active: true,
      version: cur.version + 1,
    });
    expect(stale.status).to.equal(409);
    const up = await admin.put(`/api/displays/${display.id}`, {
      name: '二楼',
      departmentIds: [w.clinicA],
      active: true,
      version: cur.version,
    });
    expect(up.status).to.equal(200);
    expect(up.body.departmentIds).to.deep.equal([w.clinicA]);

    const s = displaySocket(ts.url, display.token);
    sockets.push(s);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    const regen = await admin.post(`/api/displays/${display.id}/token`);
    expect(regen.status).to.equal(200);
    expect(regen.body.token).to.not.equal(display.token);
    expect(await gone).to.equal('io server disconnect');
    const old = await new ApiClient(ts.url).request('GET', '/api/display/state', undefined, tv(display.token));
    expect(old.status).to.equal(401);
    const fresh = await new ApiClient(ts.url).request('GET', '/api/display/state', undefined, tv(regen.body.token));
    expect(fresh.status).to.equal(200);
    expect(auditRows(ts, 'display.token', display.id)).to.have.length(1);

    const off = await admin.put(`/api/displays/${display.id}`, {
      name: '二楼',
      departmentIds: [w.clinicA],
      active: false,
      version: regen.body.display.version,
    });
    expect(off.status).to.equal(200);
    expect(
      (await new ApiClient(ts.url).request('GET', '/api/display/state', undefined, tv(regen.body.token))).status,
    ).to.equal(401);
    const del = await admin.delete(`/api/displays/${display.id}`);
    expect(del.status).to.equal(200);
    expect((await admin.get('/api/displays')).body.items).to.have.length(0);
  });
});
