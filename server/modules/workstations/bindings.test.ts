// Issue 9 item 1: a browser's workstation is bound on the server (a workstation token in an
// HttpOnly cookie), never taken from an `x-workstation` header or a socket handshake field.
// The attacks are tried: a spoofed header, a spoofed handshake, a foreign-origin socket.
import { expect } from 'chai';
import { SAMPLES } from '../../../devices/printer/layouts/index.js';
import { userViaApi, auditRows } from '../../../test/helpers/admin.js';
import {
  ApiClient,
  adminClient,
  startTestServer,
  workstationCookie,
  type TestServer,
} from '../../../test/helpers/server.js';
import { io } from 'socket.io-client';
import {
  Collector,
  connect,
  connectError,
  connected,
  settle,
  subscribeOk,
} from '../../../test/realtime/socket-helpers.js';
import { SOCKET, WORKSTATION_BINDING_CHANGED } from '../../../core/contract.js';
import { sameOriginHandshake } from '../../realtime/io.js';
import { enqueuePrintJob } from '../printing/jobs.js';
import { sha256Hex } from '../../lib/ids.js';

const SECRET_NAME = '欧阳秘密';

describe('workstations: browsers are bound on the server (issue 9 item 1)', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: ApiClient;
  let deskA = 0;
  let deskB = 0;
  let jobA = 0;
  let jobB = 0;

  const enqueue = (workstationId: number, name: string) =>
    ts.server.modules.uow.write((tx) =>
      enqueuePrintJob(tx, {
        workstationId,
        layout: 'queue-ticket',
        payload: { ...(SAMPLES['queue-ticket'] as Record<string, unknown>), patientName: name, number: 'A001' },
        userId: null,
      }),
    );

  const deactivate = async (w: {
    id: number;
    code: string;
    name: string;
    receiptPrinter: string | null;
    labelPrinter: string | null;
    invoicePrinter: string | null;
    cardReader: string | null;
    defaultPharmacyId: number | null;
    version: number;
  }) => {
    const { code, name, receiptPrinter, labelPrinter, invoicePrinter, cardReader, defaultPharmacyId, version } = w;
    const r = await admin.put(`/api/workstations/${w.id}`, {
      code,
      name,
      departmentId: null,
      receiptPrinter,
      labelPrinter,
      invoicePrinter,
      cardReader,
      defaultPharmacyId,
      active: false,
      version,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  };

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    deskA = (await admin.post('/api/workstations', { code: 'DESK-A', name: '护士站A' })).body.id;
    deskB = (await admin.post('/api/workstations', { code: 'DESK-B', name: '挂号窗口B' })).body.id;
    jobA = await enqueue(deskA, '张三');
    jobB = await enqueue(deskB, SECRET_NAME);
  });
  after(async () => {
    await ts?.stop();
  });

  it("ignores a spoofed x-workstation header: no workstation, and desk B's preview stays closed", async () => {
    const nurse = await userViaApi(ts, admin, ['nurse']);
    const me = await nurse.client.get('/api/auth/me');
    expect(me.body.workstationId).to.equal(null);
    const spoofed = await nurse.client.request('GET', '/api/auth/me', undefined, { 'x-workstation': String(deskB) });
    expect(spoofed.body.workstationId).to.equal(null);
    const preview = await nurse.client.request('GET', `/api/printing/jobs/${jobB}/preview`, undefined, {
      'x-workstation': String(deskB),
    });
    expect(preview.status).to.equal(403);
    expect(JSON.stringify(preview.body)).not.to.contain(SECRET_NAME);
    const list = await nurse.client.request('GET', `/api/printing/jobs?workstationId=${deskB}`, undefined, {
      'x-workstation': String(deskB),
    });
    expect(list.status).to.equal(403);
  });

  it(
    "a nurse whose browser is bound to desk A reads desk A's jobs and never desk B's preview, " + 'whatever the header',
    async () => {
      const nurse = await userViaApi(ts, admin, ['nurse']);
      await nurse.client.bindWorkstation(deskA);
      expect((await nurse.client.get('/api/auth/me')).body.workstationId).to.equal(deskA);
      const mine = await nurse.client.get(`/api/printing/jobs/${jobA}/preview`);
      expect(mine.status).to.equal(200);
      const list = await nurse.client.get('/api/printing/jobs');
      expect(list.body.items.map((j: { id: number }) => j.id))
        .to.include(jobA)
        .and.not.include(jobB);
      const attempts: Array<Record<string, string>> = [
        { 'x-workstation': String(deskB) },
        { 'x-workstation': ` ${deskB} `, 'x-forwarded-for': '127.0.0.1' },
      ];
      for (const headers of attempts) {
        const r = await nurse.client.request('GET', `/api/printing/jobs/${jobB}/preview`, undefined, headers);
        expect(r.status).to.equal(403);
        expect(String(r.body)).not.to.contain(SECRET_NAME);
        expect(
          (await nurse.client.request('GET', `/api/printing/jobs?workstationId=${deskB}`, undefined, headers)).status,
        ).to.equal(403);
      }
      // A forged workstation cookie is no binding either.
      const forged = new ApiClient(ts.url);
      forged.cookie = `${nurse.client.cookie.split(';')[0]}; jiceng_ws=${'A'.repeat(43)}`;
      expect((await forged.get('/api/auth/me')).body.workstationId).to.equal(null);
    },
  );

  it("devices.manage sees every workstation's jobs without choosing one (the filter is optional)", async () => {
    const all = await admin.get('/api/printing/jobs');
    expect(all.status).to.equal(200);
    expect(all.body.items.map((j: { id: number }) => j.id)).to.include.members([jobA, jobB]);
    const onlyB = await admin.get(`/api/printing/jobs?workstationId=${deskB}`);
    expect(onlyB.body.items.map((j: { id: number }) => j.id))
      .to.include(jobB)
      .and.not.include(jobA);
    expect((await admin.get(`/api/printing/jobs/${jobB}/preview`)).status).to.equal(200);
  });

  it('ignores a workstation claimed in the socket handshake: no workstation room, no print events', async () => {
    const nurse = await userViaApi(ts, admin, ['nurse']);
    const s = await connect(ts.url, nurse.client.cookie, { workstationId: deskB });
    try {
      const got = new Collector().attach(s);
      const r = await subscribeOk(s, [`workstation:${deskB}`], null);
      expect(r.denied).to.deep.equal([`workstation:${deskB}`]);
      await ts.server.modules.uow.write(async (tx) => {
        tx.emit({
          name: 'print:job-updated',
          rooms: [`workstation:${deskB}`],
          payload: { jobId: jobB, status: 'done', attempts: 1, error: null },
        });
      });
      ts.server.modules.bus.publishEphemeral(
        {
          name: 'card:read',
          rooms: [`workstation:${deskB}`],
          payload: { readerName: 'R', profile: 'x', person: null, uid: null },
        },
        Date.now(),
      );
      await settle(s);
      expect(got.received.filter((e) => e.name === 'print:job-updated' || e.name === 'card:read')).to.deep.equal([]);
    } finally {
      s.close();
    }
  });

  it(
    'binds through the API only with admin.workstations or workstations.assign: an HttpOnly ' +
      'SameSite=Strict cookie, only its hash stored, audited',
    async () => {
      const nurse = await userViaApi(ts, admin, ['nurse']);
      const refused = await nurse.client.post('/api/workstations/this-browser', { workstationId: deskB });
      expect(refused.status).to.equal(403);
      expect((await nurse.client.get('/api/workstations/this-browser')).body).to.deep.equal({
        workstation: null,
        canBind: false,
      });

      const ua = 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 test';
      const res = await fetch(`${ts.url}/api/workstations/this-browser`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'content-type': 'application/json', 'user-agent': ua, 'x-lang': 'en' },
        body: JSON.stringify({ workstationId: deskA }),
      });
      expect(res.status).to.equal(200);
      const set = res.headers.getSetCookie().find((c) => c.startsWith('jiceng_ws='))!;
      expect(set)
        .to.match(/httponly/i)
        .and.match(/samesite=strict/i);
      expect(Date.parse(/expires=([^;]+)/i.exec(set)![1]!) - Date.now()).to.be.greaterThan(300 * 24 * 3_600_000);
      const token = /^jiceng_ws=([^;]+)/.exec(set)![1]!;
      const rows = ts.server.open.raw
        .prepare('SELECT * FROM workstation_tokens WHERE workstation_id = ?')
        .all(deskA) as Array<Record<string, unknown>>;
      expect(JSON.stringify(rows)).not.to.contain(token);
      const row = rows.find((r) => r.token_hash === sha256Hex(token))!;
      expect(row).to.include({ user_agent: ua, revoked_at: null });
      expect(row.issued_by).to.be.a('number');
      const audit = auditRows(ts, 'workstation.bind', deskA).find((a) => a.summary.bindingId === row.id)!;
      expect(audit.summary).to.include({ userAgent: ua });
      expect(JSON.stringify(audit)).not.to.contain(token);

      // A user with only workstations.assign (a custom role) may bind too.
      const role = await admin.post('/api/roles', {
        code: 'desk-setup',
        nameZh: '装机员',
        nameEn: 'Desk setup',
        permissions: ['workstations.assign'],
      });
      expect(role.status, JSON.stringify(role.body)).to.equal(201);
      const tech = await userViaApi(ts, admin, ['desk-setup']);
      const bound = await tech.client.post('/api/workstations/this-browser', { workstationId: deskB });
      expect(bound.status, JSON.stringify(bound.body)).to.equal(200);
      expect(bound.body.workstation).to.include({ id: deskB, name: '挂号窗口B' });
      expect((await tech.client.get('/api/workstations/this-browser')).body).to.deep.equal({
        workstation: { id: deskB, code: 'DESK-B', name: '挂号窗口B' },
        canBind: true,
      });
      // …but not manage workstations or see the bindings list.
      expect((await tech.client.get('/api/workstations/bindings')).status).to.equal(403);

      // Bad input: an unknown or a deactivated workstation is refused on the field, nothing bound.
      const before = (ts.server.open.raw.prepare('SELECT count(*) AS n FROM workstation_tokens').get() as { n: number })
        .n;
      const unknown = await tech.client.post('/api/workstations/this-browser', { workstationId: 999_999 });
      expect(unknown.status).to.equal(404);
      expect(unknown.body.error.field).to.equal('workstationId');
      const off = (await admin.post('/api/workstations', { code: 'DESK-OFF', name: '停用窗口' })).body;
      await deactivate(off);
      const inactive = await tech.client.post('/api/workstations/this-browser', { workstationId: off.id });
      expect(inactive.status).to.equal(422);
      expect(inactive.body.error).to.include({ field: 'workstationId' });
      expect(inactive.body.error.message).to.match(/deactivated/);
      expect((await tech.client.post('/api/workstations/this-browser', { workstationId: 'x' })).status).to.equal(422);
      expect(
        (ts.server.open.raw.prepare('SELECT count(*) AS n FROM workstation_tokens').get() as { n: number }).n,
      ).to.equal(before);
    },
  );

  it('the binding belongs to the browser: it outlives signing out and another user signing in', async () => {
    const browser = new ApiClient(ts.url);
    await browser.signIn(ts.admin.username, ts.admin.password);
    expect((await browser.post('/api/workstations/this-browser', { workstationId: deskA })).status).to.equal(200);
    expect((await browser.post('/api/auth/sign-out')).status).to.equal(200);
    expect(browser.cookie).to.match(/^jiceng_ws=/);
    const nurse = await userViaApi(ts, admin, ['nurse']);
    const r = await browser.signIn(nurse.username, nurse.password);
    expect(r.status).to.equal(200);
    expect(r.body.workstationId ?? r.body.me?.workstationId).to.equal(deskA);
    expect((await browser.get('/api/auth/me')).body.workstationId).to.equal(deskA);
    expect((await browser.get(`/api/printing/jobs/${jobA}/preview`)).status).to.equal(200);
  });

  it(
    'lists bound browsers; a revoke counts from the next request and live sockets leave the ' +
      'workstation room; audited',
    async () => {
      const nurse = await userViaApi(ts, admin, ['nurse']);
      await nurse.client.bindWorkstation(deskB);
      expect((await nurse.client.get('/api/auth/me')).body.workstationId).to.equal(deskB);
      const s = await connect(ts.url, nurse.client.cookie);
      try {
        const got = new Collector().attach(s);
        const bindingChanged: unknown[] = [];
        s.on(
          SOCKET.ephemeral,
          (e: { name: string; payload: unknown }) =>
            e.name === WORKSTATION_BINDING_CHANGED && bindingChanged.push(e.payload),
        );
        expect((await subscribeOk(s, [`workstation:${deskB}`], null)).joined).to.deep.equal([`workstation:${deskB}`]);

        const list = await admin.get(`/api/workstations/bindings?workstationId=${deskB}`);
        expect(list.status).to.equal(200);
        const mine = list.body.items.find((b: { userAgent: string | null }) => b.userAgent === 'test helper');
        expect(mine).to.include({ workstationId: deskB, workstationName: '挂号窗口B' });
        expect(mine.lastSeenAt).to.be.a('number');
        const ids = list.body.items.map((b: { id: number }) => b.id) as number[];
        expect((await nurse.client.post(`/api/workstations/bindings/${ids[0]}/revoke`)).status).to.equal(403);

        // Revoke every binding of desk B: the nurse's browser is one of them.
        for (const id of ids)
          expect((await admin.post(`/api/workstations/bindings/${id}/revoke`)).status).to.equal(200);
        expect((await nurse.client.get('/api/auth/me')).body.workstationId).to.equal(null);
        expect((await nurse.client.get(`/api/printing/jobs/${jobB}/preview`)).status).to.equal(403);
        await got.until(() => bindingChanged.length === 1, 'workstation:binding-changed');
        expect(bindingChanged).to.deep.equal([{ workstationId: null }]);
        await ts.server.modules.uow.write(async (tx) => {
          tx.emit({
            name: 'print:job-updated',
            rooms: [`workstation:${deskB}`],
            payload: { jobId: jobB, status: 'done', attempts: 9, error: null },
          });
        });
        await settle(s);
        expect(got.received.filter((e) => e.name === 'print:job-updated')).to.deep.equal([]);
        expect((await subscribeOk(s, [`workstation:${deskB}`], null)).denied).to.deep.equal([`workstation:${deskB}`]);
        expect((await admin.get(`/api/workstations/bindings?workstationId=${deskB}`)).body.items).to.deep.equal([]);
        const audit = auditRows(ts, 'workstation.unbind', deskB);
        expect(audit.map((a) => a.summary.bindingId)).to.include.members(ids);
        expect(audit[0]!.summary.by).to.equal('admin');
        expect((await admin.post('/api/workstations/bindings/999999/revoke')).status).to.equal(404);
      } finally {
        s.close();
      }
    },
  );

  it('a browser unbinds itself (with the binding permission); the cookie is cleared; audited', async () => {
    const browser = new ApiClient(ts.url);
    await browser.signIn(ts.admin.username, ts.admin.password);
    await browser.post('/api/workstations/this-browser', { workstationId: deskA });
    expect((await browser.get('/api/auth/me')).body.workstationId).to.equal(deskA);
    const kept = browser.cookie;
    const r = await browser.delete('/api/workstations/this-browser');
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({ unbound: true });
    expect(browser.cookie).not.to.contain('jiceng_ws=');
    expect((await browser.get('/api/auth/me')).body.workstationId).to.equal(null);
    // The old token (e.g. a copy of the cookie) is revoked on the server too.
    const copy = new ApiClient(ts.url);
    copy.cookie = kept;
    expect((await copy.get('/api/auth/me')).body.workstationId).to.equal(null);
    expect(auditRows(ts, 'workstation.unbind', deskA)[0]!.summary.by).to.equal('self');
    // A nurse may not unbind the desk she works at.
    const nurse = await userViaApi(ts, admin, ['nurse']);
    await nurse.client.bindWorkstation(deskA);
    expect((await nurse.client.delete('/api/workstations/this-browser')).status).to.equal(403);
    expect((await nurse.client.get('/api/auth/me')).body.workstationId).to.equal(deskA);
  });

  it('a deactivated workstation binds nobody any more', async () => {
    const w = (await admin.post('/api/workstations', { code: 'DESK-C', name: '临时窗口' })).body;
    const cookie = await workstationCookie(ts, w.id);
    const c = new ApiClient(ts.url);
    c.cookie = `${admin.cookie.split(';')[0]}; ${cookie}`;
    expect((await c.get('/api/auth/me')).body.workstationId).to.equal(w.id);
    await deactivate(w);
    expect((await c.get('/api/auth/me')).body.workstationId).to.equal(null);
  });

  it(
    'refuses a socket handshake from a foreign Origin (cross-site WebSocket hijacking); same ' + 'origin is fine',
    async () => {
      const host = new URL(ts.url).host;
      const attempt = async (origin: string, transport: 'websocket' | 'polling'): Promise<boolean> => {
        const s = io(ts.url, {
          extraHeaders: { cookie: admin.cookie, origin },
          transports: [transport],
          reconnection: false,
          forceNew: true,
        });
        try {
          await connected(s);
          return true;
        } catch {
          return false;
        } finally {
          s.close();
        }
      };
      expect(await attempt('https://evil.example', 'websocket')).to.equal(false);
      expect(await attempt(`https://${host}.evil.example`, 'websocket')).to.equal(false);
      expect(await attempt('null', 'polling')).to.equal(false);
      expect(await attempt(`http://${host}`, 'websocket')).to.equal(true);
      expect(await attempt(`http://${host}`, 'polling')).to.equal(true);
      // No Origin (not a browser): the session cookie decides as before.
      expect(await connectError(ts.url, null)).to.equal('unauthorized');
      // The rule itself: default ports ignored, case-insensitive, other schemes foreign.
      expect(sameOriginHandshake('https://his.local', 'his.local:443')).to.equal(true);
      expect(sameOriginHandshake('http://HIS.local:80', 'his.local')).to.equal(true);
      expect(sameOriginHandshake('http://his.local:8080', 'his.local')).to.equal(false);
      expect(sameOriginHandshake('file:///x', 'his.local')).to.equal(false);
      expect(sameOriginHandshake(undefined, 'his.local')).to.equal(true);
    },
  );
});
