// The HTTP platform against bad input, on the real server: every mistake gets a clear 4xx
// naming the problem (zh by default, en with x-lang), nothing is written, and the server
// stays healthy.
import http from 'node:http';
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { packageVersion } from '../../server/lib/paths.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { connect } from '../realtime/socket-helpers.js';

interface Raw {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** fetch without any default headers (so no x-lang: the server's default language applies). */
async function raw(
  base: string,
  method: string,
  p: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): Promise<Raw> {
  const res = await fetch(base + p, {
    method,
    headers: opts.headers ?? {},
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Sends a body with chunked transfer encoding (no content-length): the limit must hold while streaming. */
function chunkedPost(base: string, p: string, totalBytes: number): Promise<{ status: number; body: any }> {
  const u = new URL(base + p);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lang': 'en' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.write('{"username":"');
    pump();
  });
}

describe('HTTP platform: bad input and faults (real server)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  const count = (table: string) =>
    (ts.server.open.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  after(async () => ts.stop());

  it('malformed JSON is 400 malformed_json', async () => {
    const r = await raw(ts.url, 'POST', '/api/auth/sign-in', {
      body: '{"username": "admin", ',
      headers: { 'content-type': 'application/json', 'x-lang': 'en' },
    });
    expect(r.status).to.equal(400);
    expect(r.body.error.code).to.equal('malformed_json');
    expect(r.body.error.field).to.equal('body');
    const zh = await raw(ts.url, 'POST', '/api/auth/sign-in', {
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(zh.status).to.equal(400);
    expect(zh.body.error.message).to.equal('请求内容不是有效的 JSON');
  });

  it('a body that is not JSON is 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await raw(ts.url, 'POST', '/api/auth/sign-in', {
        body: 'username=admin&password=x',
        headers: { 'content-type': type },
      });
      expect(r.status, type).to.equal(415);
      expect(r.body.error.code).to.equal('unsupported_media_type');
    }
    const none = await fetch(ts.url + '/api/auth/sign-in', {
      method: 'POST',
      body: new Blob(['{"username":"a","password":"b"}']),
    });
    expect(none.status).to.equal(415);
  });

  it(
    'wrong types, missing and unknown fields are 422 naming the field, in zh by default and en ' + 'on request',
    async () => {
      const cases: Array<[unknown, string, RegExp, RegExp]> = [
        // Sentences naming the field by its label (server/http/field-text.ts), not zod's text.
        [{ username: 5, password: 'x' }, 'username', /^用户名应为文字$/, /^Username must be text$/],
        [{ username: 'admin' }, 'password', /^请填写密码$/, /^Password is required$/],
        [
          { username: 'admin', password: 'x', admin: true },
          'admin',
          /^不认识的字段“admin”$/,
          /^Unknown field "admin"$/,
        ],
        [{ username: '', password: 'x' }, 'username', /^用户名不能为空$/, /^Username cannot be empty$/],
        [{ username: ['admin'], password: 'x' }, 'username', /^用户名应为文字$/, /^Username must be text$/],
        [{ username: null, password: 'x' }, 'username', /^用户名不能为空$/, /^Username cannot be empty$/],
      ];
      const auditsBefore = count('audit_log');
      for (const [body, field, zh, en] of cases) {
        const z = await raw(ts.url, 'POST', '/api/auth/sign-in', {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expect(z.status, JSON.stringify(body)).to.equal(422);
        expect(z.body.error.code).to.equal('invalid');
        expect(z.body.error.field).to.equal(field);
        expect(z.body.error.message).to.match(zh);
        expect(z.body.error.message).to.match(/[\u4e00-\u9fff]/); // Chinese
        const e = await raw(ts.url, 'POST', '/api/auth/sign-in', {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', 'x-lang': 'en' },
        });
        expect(e.status).to.equal(422);
        expect(e.body.error.field).to.equal(field);
        expect(e.body.error.message).to.match(en);
        expect(e.body.error.message).to.not.match(/[\u4e00-\u9fff]/);
      }
      // A JSON value that is not an object.
      for (const body of ['[]', '"admin"', '42', 'null']) {
        const r = await raw(ts.url, 'POST', '/api/auth/sign-in', {
          body,
          headers: { 'content-type': 'application/json', 'x-lang': 'en' },
        });
        expect(r.status, body).to.be.oneOf([400, 422]);
        expect(r.body.error.code).to.equal('invalid');
      }
      expect(count('audit_log')).to.equal(auditsBefore); // rejected before the service ran
    },
  );

  it('overlong strings are 422 naming the field', async () => {
    const long = await admin.post('/api/auth/sign-in', { username: 'a'.repeat(65), password: 'x' });
    expect(long.status).to.equal(422);
    expect(long.body.error.field).to.equal('username');
    const pw = await admin.post('/api/auth/change-password', {
      currentPassword: 'x'.repeat(129),
      newPassword: 'Abcdefgh12',
    });
    expect(pw.status).to.equal(422);
    expect(pw.body.error.field).to.equal('currentPassword');
    const nearLimit = await admin.post('/api/auth/sign-in', { username: 'u'.repeat(1000 * 1000), password: 'x' });
    expect(nearLimit.status).to.equal(422);
    expect(nearLimit.body.error.field).to.equal('username');
    const q = await admin.get('/api/audit?username=' + 'u'.repeat(65));
    expect(q.status).to.equal(422);
    expect(q.body.error.field).to.equal('username');
  });

  it('a 10 MB body is 413 (declared or streamed) and the server stays healthy', async () => {
    const big = '{"username":"' + 'a'.repeat(10 * 1024 * 1024) + '","password":"x"}';
    const r = await raw(ts.url, 'POST', '/api/auth/sign-in', {
      body: big,
      headers: { 'content-type': 'application/json', 'x-lang': 'en' },
    });
    expect(r.status).to.equal(413);
    expect(r.body.error.code).to.equal('body_too_large');
    const streamed = await chunkedPost(ts.url, '/api/auth/sign-in', 10 * 1024 * 1024);
    expect(streamed.status).to.equal(413);
    expect(streamed.body.error.code).to.equal('body_too_large');
    const health = await raw(ts.url, 'GET', '/api/health');
    expect(health.status).to.equal(200);
    expect(health.body.ok).to.equal(true);
    expect((await admin.get('/api/auth/me')).status).to.equal(200);
  });

  it('SQL- and HTML-looking input is data: refused as credentials, recorded verbatim, served as JSON', async () => {
    const usersBefore = count('users');
    const evil = [
      "admin' OR '1'='1",
      'admin"; DROP TABLE users; --',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
    ];
    for (const username of evil) {
      const r = await raw(ts.url, 'POST', '/api/auth/sign-in', {
        body: JSON.stringify({ username, password: "' OR 1=1 --" }),
        headers: { 'content-type': 'application/json', 'x-lang': 'en' },
      });
      expect(r.status).to.equal(401);
      expect(r.body.error.code).to.equal('invalid_credentials');
      expect(r.headers.get('content-type')).to.match(/^application\/json/);
      expect(r.text).to.not.contain('<script>'); // the error does not echo the input as markup
    }
    expect(count('users')).to.equal(usersBefore);
    const audit = await admin.get('/api/audit?action=auth.sign-in&outcome=failed&limit=50');
    expect(audit.status).to.equal(200);
    const names = (audit.body.items as Array<{ username: string }>).map((i) => i.username);
    for (const username of evil) expect(names).to.include(username);
    expect(audit.headers.get('content-type')).to.match(/^application\/json/);
    expect(audit.headers.get('x-content-type-options')).to.equal('nosniff');
    // The audit search itself treats a quote as data.
    const q = await admin.get(`/api/audit?username=${encodeURIComponent("admin' OR '1'='1")}`);
    expect(q.status).to.equal(200);
    expect((q.body.items as Array<{ username: string }>).every((i) => i.username === "admin' OR '1'='1")).to.equal(
      true,
    );
  });

  it('an unknown route is 404 no_such_route; a wrong method is 405', async () => {
    for (const [m, p] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope/deeper'],
      ['GET', '/api/auth/me/extra'],
    ] as const) {
      const r = await raw(ts.url, m, p, { headers: { 'x-lang': 'en' } });
      expect(r.status, `${m} ${p}`).to.equal(404);
      expect(r.body.error.code).to.equal('no_such_route');
      expect(r.body.error.message).to.contain(p);
    }
    const wrong = await raw(ts.url, 'DELETE', '/api/auth/me', { headers: { 'x-lang': 'en' } });
    expect(wrong.status).to.equal(405);
    expect(wrong.body.error.code).to.equal('method_not_allowed');
    expect(wrong.headers.get('allow')).to.contain('GET');
    const put = await raw(ts.url, 'PUT', '/api/auth/sign-in', {
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).to.equal(405);
  });

  it('unknown or badly typed query parameters are 422 naming the parameter', async () => {
    const me = await admin.get('/api/auth/me?debug=1');
    expect(me.status).to.equal(422);
    expect(me.body.error.field).to.equal('debug');
    const audit = await admin.get('/api/audit?bogus=1');
    expect(audit.status).to.equal(422);
    expect(audit.body.error.field).to.equal('bogus');
    const limit = await admin.get('/api/audit?limit=lots');
    expect(limit.status).to.equal(422);
    expect(limit.body.error.field).to.equal('limit');
    const tooMany = await admin.get('/api/audit?limit=100000');
    expect(tooMany.status).to.equal(422);
    expect(tooMany.body.error.field).to.equal('limit');
    const en = await admin.get('/api/audit?outcome=maybe');
    expect(en.status).to.equal(422);
    expect(en.body.error.field).to.equal('outcome');
  });

  it('a body sent to a route that takes none is refused', async () => {
    const r = await admin.post('/api/auth/sign-out', { everything: true });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('body');
    expect((await admin.get('/api/auth/me')).status).to.equal(200); // still signed in
  });

  it('sets the security headers on API answers, errors included', async () => {
    for (const p of ['/api/health', '/api/nope', '/api/auth/me']) {
      const r = await raw(ts.url, 'GET', p);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, p).to.contain("default-src 'self'");
      expect(csp).to.contain("frame-ancestors 'none'");
      expect(csp).to.contain("object-src 'none'");
      expect(csp).to.contain("script-src 'self'");
      expect(csp).to.not.match(/script-src[^;]*unsafe/);
      expect(r.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(r.headers.get('x-frame-options')).to.equal('DENY');
      expect(r.headers.get('cache-control')).to.equal('no-store');
      expect(r.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(r.headers.get('x-powered-by')).to.equal(null);
    }
    const page = await raw(ts.url, 'GET', '/');
    expect(page.headers.get('x-frame-options')).to.equal('DENY');
    expect(page.headers.get('content-security-policy')).to.contain("default-src 'self'");
  });

  it('/api/health reports db, version, uptime, connected screens, devices and the load', async () => {
    const sockets: Socket[] = [];
    try {
      const before = await raw(ts.url, 'GET', '/api/health');
      expect(before.status).to.equal(200);
      expect(before.body).to.have.all.keys(
        'ok',
        'db',
        'version',
        'uptimeSeconds',
        'screens',
        'devices',
        // issue 10: event-loop delay and requests in flight (test/platform/load.test.ts)
        'eventLoopDelayMs',
        'loadIntervalSeconds',
        'inFlight',
        'inFlightMax',
      );
      expect(before.body.ok).to.equal(true);
      expect(before.body.db).to.equal('ok');
      expect(before.body.version).to.equal(packageVersion());
      expect(before.body.uptimeSeconds).to.be.a('number').and.at.least(0);
      expect(before.body.devices).to.be.an('array');
      sockets.push(await connect(ts.url, admin.cookie), await connect(ts.url, admin.cookie));
      const after = await raw(ts.url, 'GET', '/api/health');
      expect(after.body.screens).to.equal(before.body.screens + 2);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
